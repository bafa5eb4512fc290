// Package server assembles the HTTP service: the GraphQL endpoint, the playground, the explorer, health,
// readiness and metrics.
package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/trace"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/csvexport"
	"github.com/wsisgraph/wsisgraph/explorer"
	"github.com/wsisgraph/wsisgraph/graph"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/playground"
	"github.com/wsisgraph/wsisgraph/resolvers"
)

// Config is what the server is built from. Zero fields take the documented defaults (the
// Default* constants); where a negative value is allowed it switches the feature off.
type Config struct {
	Store          wsisgraph.Store
	AllowedOrigins []string // CORS allow-list; empty allows any origin
	Examples       []playground.Example
	Loaders        loaders.Options // zero: loaders.DefaultOptions
	Logger         *slog.Logger    // nil: slog.Default()
	Registry       *prometheus.Registry

	// Limits on one request, each checked before anything executes.
	MaxBodyBytes  int64 // the POST body; zero: 2 MB
	MaxTokens     int   // lexical tokens of the query text; zero: 15,000
	MaxDepth      int   // field nesting; zero: 12
	MaxAliases    int   // aliased fields; zero: 30
	MaxRootFields int   // fields of the top-level selection; zero: 20
	MaxCost       int   // cost in points (see listSizes); zero: DefaultMaxCost

	// RatePerMinute is each client's budget of cost points refilled per minute, RateBurst
	// the most it can hold (zero: RatePerMinute, and never less than MaxCost). Zero:
	// DefaultRatePerMinute; negative: no rate limiting. A client is its X-Api-Key when the
	// key is one of APIKeys, else its address (from ClientIPHeader when set, for a service
	// behind a proxy). MaxClients bounds the clients remembered; zero: DefaultMaxClients.
	RatePerMinute  float64
	RateBurst      int
	APIKeys        []string
	ClientIPHeader string
	MaxClients     int

	// CacheMaxAge is the max-age of error-free GET answers, which also carry an ETag; zero:
	// 60 s; negative: GET answers are not cacheable either (no-store, no ETag).
	CacheMaxAge time.Duration
	// NoResponseCache switches off the server-side response cache, bounded by
	// ResponseCacheEntries (zero: 2,000) and ResponseCacheBytes (zero: 64 MB).
	NoResponseCache      bool
	ResponseCacheEntries int
	ResponseCacheBytes   int

	// TrustedDocuments, when not nil, restricts the endpoint to the operations of a manifest
	// (see Server.admit): requests send a document's id, and only the X-Api-Key values of
	// FreeFormKeys may send other queries. Automatic persisted queries cannot register new
	// documents then. Nil: any query runs, and APQ registers documents as they come.
	TrustedDocuments *TrustedDocuments
	FreeFormKeys     []string

	// RequestTimeout is the deadline of a GraphQL request; zero: 10 s.
	RequestTimeout time.Duration
	// VersionTTL is how long the dataset version is trusted before the store is asked
	// again; zero: 5 s.
	VersionTTL time.Duration

	// TracerProvider makes the spans of requests, store calls and statements (see
	// tracing.go); nil: no tracing.
	TracerProvider trace.TracerProvider
}

// The default durations; see Config.
const (
	DefaultCacheMaxAge    = 60 * time.Second
	DefaultRequestTimeout = 10 * time.Second
	DefaultVersionTTL     = 5 * time.Second
)

// withDefaults returns cfg with its zero fields set to their defaults.
func (cfg Config) withDefaults() Config {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Loaders == (loaders.Options{}) {
		cfg.Loaders = loaders.DefaultOptions
	}
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&cfg.MaxTokens, DefaultMaxTokens)
	def(&cfg.MaxDepth, DefaultMaxDepth)
	def(&cfg.MaxAliases, DefaultMaxAliases)
	def(&cfg.MaxRootFields, DefaultMaxRootFields)
	def(&cfg.MaxCost, DefaultMaxCost)
	def(&cfg.MaxClients, DefaultMaxClients)
	def(&cfg.ResponseCacheEntries, DefaultResponseCacheEntries)
	def(&cfg.ResponseCacheBytes, DefaultResponseCacheBytes)
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.RatePerMinute == 0 {
		cfg.RatePerMinute = DefaultRatePerMinute
	}
	if cfg.RateBurst == 0 {
		cfg.RateBurst = int(cfg.RatePerMinute)
	}
	cfg.RateBurst = max(cfg.RateBurst, cfg.MaxCost)
	if cfg.CacheMaxAge == 0 {
		cfg.CacheMaxAge = DefaultCacheMaxAge
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.VersionTTL == 0 {
		cfg.VersionTTL = DefaultVersionTTL
	}
	return cfg
}

// Server is the assembled service.
type Server struct {
	cfg        Config
	log        *slog.Logger
	handler    http.Handler
	storeCalls *prometheus.CounterVec
	store      *countingStore
	metrics    *metrics
	presenter  graphql.ErrorPresenterFunc
	rates      *rateLimiter // nil: no rate limiting
	apiKeys    map[string]bool
	trusted    atomic.Pointer[TrustedDocuments] // nil: no trusted documents, any query runs
	freeForm   map[string]bool                  // X-Api-Key values that may send free-form queries
	cache      *responseCache                   // nil: no response cache
	version    *versionCache
	breaker    *breaker
	tracer     trace.Tracer  // nil: no tracing
	draining   atomic.Bool   // set when shutdown begins: /readyz answers 503
	stop       chan struct{} // closed when Run returns: background probes end
}

// New builds the service from cfg.
func New(cfg Config) *Server {
	given := cfg
	cfg = cfg.withDefaults()
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
		cfg.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	log := slog.New(requestIDHandler{cfg.Logger.Handler()})
	s := &Server{
		cfg: cfg,
		log: log,
		storeCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wsisgraph_store_calls_total",
			Help: "Store calls, by store method (a call may be answered from memory: see wsisgraph_store_round_trips_total).",
		}, []string{"method"}),
		metrics:   newMetrics(cfg.Registry),
		presenter: ErrorPresenter(log),
		apiKeys:   map[string]bool{},
		version:   &versionCache{store: cfg.Store, ttl: cfg.VersionTTL},
		stop:      make(chan struct{}),
	}
	cfg.Registry.MustRegister(s.storeCalls)
	if asked := cmp.Or(given.RateBurst, int(cfg.RatePerMinute)); cfg.RatePerMinute > 0 && asked != cfg.RateBurst {
		log.Warn("rate burst raised to the cost limit: a client's budget must hold the costliest query allowed",
			"rate_burst_asked", asked, "rate_limit_per_minute", cfg.RatePerMinute, "max_cost", cfg.MaxCost, "rate_burst", cfg.RateBurst)
	}
	s.breaker = &breaker{store: cfg.Store, log: log, probeEvery: 500 * time.Millisecond, probeTimeout: 2 * time.Second, stop: s.stop}
	s.store = &countingStore{next: cfg.Store, calls: s.storeCalls, batchSize: s.metrics.batchSize, log: log, breaker: s.breaker}
	if cfg.TracerProvider != nil {
		s.tracer = cfg.TracerProvider.Tracer(tracerName)
		s.store.tracer = s.tracer
	}
	for _, k := range cfg.APIKeys {
		s.apiKeys[k] = true
	}
	s.freeForm = map[string]bool{}
	for _, k := range cfg.FreeFormKeys {
		s.freeForm[k] = true
	}
	if cfg.TrustedDocuments != nil {
		s.trusted.Store(cfg.TrustedDocuments)
	}
	if cfg.RatePerMinute > 0 {
		s.rates = newRateLimiter(cfg.RatePerMinute, cfg.RateBurst, cfg.MaxClients)
	}
	if !cfg.NoResponseCache {
		s.cache = newResponseCache(cfg.ResponseCacheEntries, cfg.ResponseCacheBytes)
	}
	s.registerGauges(cfg.Registry)

	es := graph.NewExecutableSchema(graph.Config{Resolvers: &resolvers.Resolver{}})
	gql := handler.New(es)
	gql.AddTransport(transport{s})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	gql.SetParserTokenLimit(cfg.MaxTokens)
	gql.Use(extension.Introspection{})
	if cfg.TrustedDocuments == nil { // with trusted documents, admit looks ids up and nothing registers
		gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	}
	gql.Use(&limits{maxDepth: cfg.MaxDepth, maxAliases: cfg.MaxAliases, maxRootFields: cfg.MaxRootFields, maxCost: cfg.MaxCost, rates: s.rates})
	gql.Use(deprecations{})
	gql.SetErrorPresenter(s.presenter)
	gql.SetRecoverFunc(RecoverFunc(log))

	mux := http.NewServeMux()
	var api http.Handler = langMiddleware(gql)
	api = http.MaxBytesHandler(csvexport.Handler(api, Errors), cfg.MaxBodyBytes) // csvexport reads POST bodies: inside the limit
	mux.Handle("/graphql", s.observe(api))
	mux.Handle("GET /metrics", promhttp.HandlerFor(cfg.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET "+SchemaPath, schemaHandler(es.Schema(), cfg.CacheMaxAge))
	explore := explorer.Handler()
	mux.Handle(explorer.Path, explore)
	mux.Handle(explorer.Path+"/", explore)
	mux.Handle("/", playground.Handler(cfg.Examples))

	c := cors.New(cors.Options{
		AllowedOrigins: cfg.AllowedOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		// Any request header a page asks for: the endpoint is public and read-only, and pages
		// add their own (traceparent, baggage, sentry-trace, apollographql-client-name, …).
		AllowedHeaders: []string{"*"},
		ExposedHeaders: ExposedHeaders,
		MaxAge:         600,
	})
	s.handler = timingAllowOrigin(c.Handler(mux), cfg.AllowedOrigins)
	return s
}

// ExposedHeaders are the response headers a page on another origin may read
// (Access-Control-Expose-Headers), beyond the CORS-safelisted ones.
var ExposedHeaders = []string{
	"ETag", "Retry-After", "X-Request-Id",
	"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
	"traceparent", "tracestate", "Server-Timing",
}

// timingAllowOrigin sends Timing-Allow-Origin, so that a page on another origin reads the
// full Resource Timing of its requests (transfer sizes, which tell a cache hit from a
// download): "*" when any origin is allowed, else the request's Origin when it is allowed.
func timingAllowOrigin(next http.Handler, allowed []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch o := r.Header.Get("Origin"); {
		case len(allowed) == 0:
			w.Header().Set("Timing-Allow-Origin", "*")
		case o != "" && slices.Contains(allowed, o):
			w.Header().Set("Timing-Allow-Origin", o)
			w.Header().Add("Vary", "Origin")
		}
		next.ServeHTTP(w, r)
	})
}

// readyz answers 200 "ready" when the store can answer, else 503 "not ready: REASON", where
// REASON is the store's (see Reasoner) or "unavailable", or "shutting down" during a
// graceful shutdown. It takes at most 2 s; a store that knows its state answers at once.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("shutting down\n"))
		return
	}
	err := s.cfg.Store.Ping(ctx)
	if err != nil {
		s.breaker.observe(err)
	} else {
		_, err = s.cfg.Store.Version(ctx) // a graph the store cannot read
	}
	if err != nil {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "not ready: %s\n", reasonOf(err))
		return
	}
	w.Write([]byte("ready\n"))
}

// Reasoner is implemented by a store's errors that say why its backend cannot answer now
// ("no graph", "import in progress", …): /readyz names the reason.
type Reasoner interface {
	Reason() string
}

func reasonOf(err error) string {
	var r Reasoner
	if errors.As(err, &r) && r.Reason() != "" {
		return r.Reason()
	}
	return "unavailable"
}

// ServeHTTP serves the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// StoreCalls returns the number of store calls made so far.
func (s *Server) StoreCalls() int64 { return s.store.total.Load() }
