package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"

	"github.com/wsisgraph/wsisgraph"
)

// Outcomes, the values of the outcome label and log field: what became of a request.
const (
	outcomeOK          = "ok"           // executed, no error
	outcomeCached      = "cached"       // answered from the response cache
	outcomeNotModified = "not_modified" // 304: the client's copy is current
	outcomeInvalid     = "invalid"      // a malformed request, query or argument
	outcomeRejected    = "rejected"     // above a limit: depth, aliases, root fields, tokens, cost, body
	outcomeRateLimited = "rate_limited"
	outcomeTimeout     = "timeout"
	outcomeUnavailable = "unavailable" // the backend cannot be reached
	outcomeInternal    = "internal"
)

// outcomeOf returns the outcome of an answer carrying the given error codes: that of the most
// severe code.
func outcomeOf(codes []string) string {
	rank := map[string]int{outcomeInvalid: 1, outcomeRejected: 2, outcomeRateLimited: 3, outcomeTimeout: 4, outcomeUnavailable: 5, outcomeInternal: 6}
	out := outcomeOK
	for _, c := range codes {
		var o string
		switch c {
		case CodeInternal:
			o = outcomeInternal
		case CodeServiceUnavailable:
			o = outcomeUnavailable
		case CodeTimeout:
			o = outcomeTimeout
		case CodeRateLimited:
			o = outcomeRateLimited
		case CodeDepthLimitExceeded, CodeAliasLimitExceeded, CodeRootFieldLimitExceeded,
			CodeTokenLimitExceeded, CodeCostLimitExceeded, CodeBodyTooLarge, CodePersistedQueryRequired:
			o = outcomeRejected
		default:
			o = outcomeInvalid
		}
		if rank[o] > rank[out] {
			out = o
		}
	}
	return out
}

// exchange is what the service learns about one GraphQL request while answering it. The
// request's goroutine owns it; resolvers never touch it.
type exchange struct {
	id     string
	client string
	start  time.Time

	opName    string // the operation's name as sent or parsed
	cost      int    // -1 until measured
	costLimit int
	remaining int           // the client's rate budget after this request; -1 when not rate limited
	fullAt    time.Time     // when the client's budget is full again if it spends nothing more
	retry     time.Duration // when rate limited: how long until the budget allows the request
	charged   bool          // the budget was charged (or, on a dry run, read)
	dryRun    bool          // the operation is priced, not executed (Query.rateLimit(dryRun: true))
	perClient bool          // the answer depends on the client (Query.rateLimit): never cached
	mediaType string        // the answer's media type, negotiated from Accept
	codes     []string      // the error codes of the answer
	outcome   string
	status    int

	key        string        // the API key's label in metrics (keyLabel)
	deprecated []deprecation // the deprecated fields and arguments the operation uses
}

type exchangeKey struct{}

func withExchange(ctx context.Context, x *exchange) context.Context {
	return context.WithValue(ctx, exchangeKey{}, x)
}

func exchangeFrom(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey{}).(*exchange)
	return x
}

// charge spends n points of the client's budget, and at least one: every request spends a
// point, so that floods of rejected requests spend the budget too. It returns an ERATELIMITED
// error when the budget does not hold n points. Without rate limiting (l nil) it does nothing.
func (x *exchange) charge(l *rateLimiter, n int) *wsisgraph.Error {
	if l == nil {
		return nil
	}
	n = max(n, 1)
	now := time.Now()
	ok, remaining, retry := l.take(x.client, n, now)
	x.charged = true
	x.remaining, x.fullAt = remaining, l.fullAt(x.client, now)
	if ok {
		return nil
	}
	if retry == 0 {
		return wsisgraph.Errorf(wsisgraph.ERATELIMITED, "the query costs %d points, more than a client's budget of %d points can ever hold", n, l.burst)
	}
	x.retry = retry
	return wsisgraph.Errorf(wsisgraph.ERATELIMITED, "the query costs %d points and %d remain of the client's budget (%d points, refilled at %.0f points a minute): retry after %d s",
		n, remaining, l.burst, float64(l.every)*60, retrySeconds(retry))
}

// peek reads the client's budget without spending it.
func (x *exchange) peek(l *rateLimiter) {
	if l == nil {
		return
	}
	now := time.Now()
	_, x.remaining, _ = l.take(x.client, 0, now)
	x.charged = true
	x.fullAt = l.fullAt(x.client, now)
}

func retrySeconds(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }

// costExtension is `extensions.cost` of every answer.
func (x *exchange) costExtension() map[string]any {
	ext := map[string]any{"requested": max(x.cost, 0), "limit": x.costLimit}
	if x.remaining >= 0 {
		ext["remaining"] = x.remaining
	}
	return ext
}

// metrics are the service's Prometheus collectors.
type metrics struct {
	requests  *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	errors    *prometheus.CounterVec
	cost      prometheus.Histogram
	cache     *prometheus.CounterVec
	batchSize *prometheus.HistogramVec
	ops       opLabels

	deprecatedUses *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wsisgraph_requests_total",
			Help: "GraphQL requests, by operation name and outcome.",
		}, []string{"operation", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "wsisgraph_request_duration_seconds",
			Help:    "Time to answer a GraphQL request, by operation name and outcome.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation", "outcome"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wsisgraph_errors_total",
			Help: "Errors in GraphQL answers, by extensions.code.",
		}, []string{"code"}),
		cost: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "wsisgraph_query_cost",
			Help:    "Computed cost of GraphQL operations, in points.",
			Buckets: prometheus.ExponentialBuckets(1, 4, 10),
		}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wsisgraph_response_cache_requests_total",
			Help: "Response cache look-ups, by result (hit, miss).",
		}, []string{"result"}),
		batchSize: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "wsisgraph_loader_batch_size",
			Help:    "Keys per batched store call, by store method.",
			Buckets: []float64{1, 2, 5, 10, 20, 50, 100, 200, 500},
		}, []string{"method"}),
		ops: opLabels{seen: map[string]bool{}},
	}
	reg.MustRegister(m.requests, m.duration, m.errors, m.cost, m.cache, m.batchSize)
	m.deprecatedUses = newDeprecatedUses(reg)
	return m
}

// opLabels bounds the operation label: "anonymous" for an unnamed operation, the name when
// it matches [A-Za-z0-9_]{1,64} and is one of the first maxOpLabels names seen, else "other".
type opLabels struct {
	mu   sync.Mutex
	seen map[string]bool
}

const maxOpLabels = 200

var opNameRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)

func (o *opLabels) label(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !opNameRE.MatchString(name) {
		return "other"
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.seen[name] {
		return name
	}
	if len(o.seen) >= maxOpLabels {
		return "other"
	}
	o.seen[name] = true
	return name
}

var requestIDRE = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// requestID returns the request's X-Request-Id when it is a plain token, else a fresh one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); requestIDRE.MatchString(id) {
		return id
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter records the status of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe wraps the GraphQL endpoint: it gives each request an id (echoed in X-Request-Id),
// its exchange and its deadline; answers a panic that escaped everything else as INTERNAL
// (HTTP 500) and keeps serving; then records the request's metrics and logs one line.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := &exchange{
			id:        requestID(r),
			client:    clientKey(r, s.apiKeys, s.cfg.ClientIPHeader),
			start:     time.Now(),
			cost:      -1,
			costLimit: s.cfg.MaxCost,
			remaining: -1,
			key:       keyLabel(r, s.apiKeys),
		}
		w.Header().Set("X-Request-Id", x.id)
		sw := &statusWriter{ResponseWriter: w}
		ctx, cancel := context.WithTimeout(withExchange(r.Context(), x), s.cfg.RequestTimeout)
		defer cancel()
		ctx = s.startRequestSpan(ctx, r, w.Header(), x)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(ctx, "panic serving request", "panic", p, "stack", string(debug.Stack()))
				x.codes = []string{CodeInternal}
				if sw.status == 0 {
					writeErrors(sw, x, http.StatusInternalServerError, wsisgraph.Errorf(wsisgraph.EINTERNAL, "internal error"))
				}
			}
			s.record(ctx, x, sw.status)
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// record counts a finished request in the metrics and logs it.
func (s *Server) record(ctx context.Context, x *exchange, status int) {
	if x.outcome == "" {
		x.outcome = outcomeOf(x.codes)
	}
	op := s.metrics.ops.label(x.opName)
	d := time.Since(x.start)
	s.metrics.requests.WithLabelValues(op, x.outcome).Inc()
	s.metrics.duration.WithLabelValues(op, x.outcome).Observe(d.Seconds())
	for _, c := range x.codes {
		s.metrics.errors.WithLabelValues(c).Inc()
	}
	for _, d := range x.deprecated {
		s.metrics.deprecatedUses.WithLabelValues(d.Field, x.key).Inc()
	}
	if x.cost >= 0 {
		s.metrics.cost.Observe(float64(x.cost))
	}
	endRequestSpan(ctx, x, op, status)
	level := slog.LevelInfo
	if x.outcome == outcomeInternal {
		level = slog.LevelError
	}
	s.log.LogAttrs(ctx, level, "request",
		slog.String("operation", op),
		slog.Int("cost", x.cost),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.String("outcome", x.outcome),
		slog.Int("status", status),
	)
}

// requestIDHandler adds the request id of the context's exchange to every record, and the
// trace id of the context's span when there is one (tracing on).
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if x := exchangeFrom(ctx); x != nil {
		r.AddAttrs(slog.String("request_id", x.id))
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// isMaxBytes reports whether err is the error of a body larger than http.MaxBytesReader allows.
func isMaxBytes(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}
