package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/resolvers"
)

// unavailableRetrySeconds is the Retry-After of an answer with a SERVICE_UNAVAILABLE error:
// the store finds out within a second that its backend is back (see the Neo4j store's
// readiness watcher and the breaker).
const unavailableRetrySeconds = 1

// transport is the service's only GraphQL transport: one operation per request, by GET (query
// string) or POST (application/json). Around gqlgen's executor it adds what a public endpoint
// needs: a bounded body, the rate budget, ETags and the response cache, HTTP statuses that
// name the failure, and `extensions.cost` on every answer (and `extensions.deprecations` on one
// whose operation used a deprecated field).
//
// The answer's media type is negotiated from Accept (see negotiate): application/json or
// application/graphql-response+json, as the GraphQL-over-HTTP specification defines them.
// Statuses (statusFor): 200 for an executed operation (field errors included, `data` present,
// possibly null); 304 when If-None-Match names the current answer; for a request error
// (parsing, validation, variables, a limit, PERSISTED_QUERY_NOT_FOUND: nothing executed,
// no `data` key) 200 under application/json and 400 under application/graphql-response+json;
// 400 for a request that is not a GraphQL request; 405 and 415 for a wrong method or content
// type; 406 when Accept admits neither media type; 413 for a body above the limit; 429 when
// the client's budget is spent, with Retry-After. An answer with a SERVICE_UNAVAILABLE
// error (the backend is down or its graph not ready) keeps its status and carries
// Retry-After too.
type transport struct{ s *Server }

var _ graphql.Transport = transport{}

func (t transport) Supports(r *http.Request) bool { return r.Header.Get("Upgrade") == "" }

func (t transport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	s := t.s
	ctx := r.Context()
	x := exchangeFrom(ctx)
	if x == nil { // served without observe: only in tests of the transport alone
		x = &exchange{cost: -1, remaining: -1, costLimit: s.cfg.MaxCost}
		ctx = withExchange(ctx, x)
	}
	mt, ok := negotiate(r.Header.Values("Accept"))
	x.mediaType = mt
	if !ok {
		s.writeErrors(ctx, w, r, x, http.StatusNotAcceptable, wsisgraph.Errorf(wsisgraph.EBADREQUEST,
			"Accept admits none of the media types this endpoint answers with: %s, application/json", graphQLResponseJSON))
		return
	}
	p, documentID, status, err := s.decode(w, r)
	if err != nil {
		s.writeErrors(ctx, w, r, x, status, err)
		return
	}
	x.opName = p.OperationName
	// Before the caches: a refused query is never answered from them. A refusal spends a point,
	// so that floods of them spend the budget too.
	if err := s.admit(r, p, documentID); err != nil {
		if err := x.charge(s.rates, 1); err != nil {
			s.writeErrors(ctx, w, r, x, http.StatusTooManyRequests, err)
			return
		}
		e := s.present(ctx, err)
		s.write(w, r, x, statusFor(gqlerror.List{e}, mt), &graphql.Response{Errors: gqlerror.List{e}}, "")
		return
	}

	key := ""
	if v, err := s.version.get(ctx); err == nil {
		key = requestKey(v, p, resolvers.LangFrom(ctx))
	}
	etag := ""
	if key != "" && r.Method == http.MethodGet && s.cfg.CacheMaxAge > 0 {
		etag = entityTag(key, mt)
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			// Every request spends at least a point, so that floods spend the budget too.
			if err := x.charge(s.rates, 1); err != nil {
				s.writeErrors(ctx, w, r, x, http.StatusTooManyRequests, err)
				return
			}
			if s.cache != nil { // the client's copy lists the deprecated fields it used: count them
				if e, ok := s.cache.get(key); ok {
					x.deprecated = e.deprecated
				}
			}
			s.cacheHeaders(w, etag)
			w.Header().Add("Vary", "Accept-Language")
			s.budgetHeaders(w, x)
			w.WriteHeader(http.StatusNotModified)
			x.outcome = outcomeNotModified
			return
		}
	}
	if key != "" && s.cache != nil {
		if e, ok := s.cache.get(key); ok {
			s.metrics.cache.WithLabelValues("hit").Inc()
			x.opName, x.cost, x.deprecated = e.operation, e.cost, e.deprecated
			if err := x.charge(s.rates, e.cost); err != nil {
				s.writeErrors(ctx, w, r, x, http.StatusTooManyRequests, err)
				return
			}
			s.writeCached(w, r, x, e, etag)
			return
		}
		s.metrics.cache.WithLabelValues("miss").Inc()
	}

	ctx = loaders.NewContext(ctx, loaders.New(s.store, s.cfg.Loaders))
	ctx = resolvers.WithBudget(ctx, func() resolvers.Budget { return s.budget(x) })
	opCtx, errs := exec.CreateOperationContext(ctx, p)
	if errs != nil {
		if !x.charged {
			// Parsing or validation failed before the limits charged the operation.
			if err := x.charge(s.rates, 1); err != nil {
				s.writeErrors(ctx, w, r, x, http.StatusTooManyRequests, err)
				return
			}
		}
		errs = s.explainTokenLimit(errs, p.Query)
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		resp.Data = nil // a request error: nothing executed, no `data` (GraphQL spec, "Response")
		s.write(w, r, x, statusFor(resp.Errors, mt), resp, "")
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := responses(ctx)
	if resp == nil { // the deadline passed or the client went away before execution
		resp = &graphql.Response{Errors: gqlerror.List{s.present(ctx, ctx.Err())}}
	}
	if len(resp.Errors) > 0 || key == "" || x.perClient {
		etag = ""
	} else if s.cache != nil {
		s.cache.add(key, &cachedResponse{data: resp.Data, cost: x.cost, operation: x.opName, deprecated: x.deprecated})
	}
	s.write(w, r, x, http.StatusOK, resp, etag)
}

// budget reports the client's budget to Query.rateLimit, as x records it.
func (s *Server) budget(x *exchange) resolvers.Budget {
	b := resolvers.Budget{Cost: max(x.cost, 0), MaxCost: s.cfg.MaxCost, DryRun: x.dryRun}
	if s.rates != nil && x.remaining >= 0 {
		b.Limited, b.Limit, b.Remaining = true, s.rates.burst, x.remaining
		b.RefillPerMinute = int(float64(s.rates.every) * 60)
		b.ResetAt = time.Unix(unixCeil(x.fullAt), 0)
	}
	return b
}

// entityTag is the ETag of an answer with request key key in media type mt: the two media
// types of one request have different tags, since their bodies may differ (an error's status
// does) and a cache must not answer one with the other.
func entityTag(key, mt string) string {
	sum := sha256.Sum256([]byte(key + "\x00" + mt))
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// decode reads the request's GraphQL parameters, and its `documentId` (a trusted document's
// id, which GraphQL Code Generator's clients send). On failure it returns the HTTP status and
// an error for the client.
func (s *Server) decode(w http.ResponseWriter, r *http.Request) (*graphql.RawParams, string, int, error) {
	p := &graphql.RawParams{Headers: r.Header}
	p.ReadTime.Start = graphql.Now()
	defer func() { p.ReadTime.End = graphql.Now() }()
	switch r.Method {
	case http.MethodGet:
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, "", http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the URL's query string is malformed: %v", err)
		}
		p.Query, p.OperationName = q.Get("query"), q.Get("operationName")
		if p.Query == "" && q.Get("extensions") == "" && q.Get("documentId") == "" {
			return nil, "", http.StatusBadRequest, errNoQuery
		}
		if v := q.Get("variables"); v != "" {
			if err := decodeJSON([]byte(v), &p.Variables); err != nil {
				return nil, "", http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the `variables` parameter is not a JSON object")
			}
		}
		if v := q.Get("extensions"); v != "" {
			if err := decodeJSON([]byte(v), &p.Extensions); err != nil {
				return nil, "", http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the `extensions` parameter is not a JSON object")
			}
		}
		return p, q.Get("documentId"), 0, nil
	case http.MethodPost:
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != "application/json" {
			return nil, "", http.StatusUnsupportedMediaType, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "a POST must have Content-Type application/json, not %q", truncate(r.Header.Get("Content-Type"), 64))
		}
		limit := s.cfg.MaxBodyBytes
		if r.ContentLength > limit {
			return nil, "", http.StatusRequestEntityTooLarge, wsisgraph.Errorf(wsisgraph.ETOOLARGE, "the request body has %d bytes; the limit is %d", r.ContentLength, limit)
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		switch {
		case isMaxBytes(err):
			return nil, "", http.StatusRequestEntityTooLarge, wsisgraph.Errorf(wsisgraph.ETOOLARGE, "the request body has more than %d bytes, the limit", limit)
		case err != nil:
			return nil, "", http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the request body could not be read")
		}
		if b := bytes.TrimSpace(body); len(b) > 0 && b[0] == '[' {
			return nil, "", http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "batched requests are not supported: send one operation per request")
		}
		req := struct {
			*graphql.RawParams
			DocumentID string `json:"documentId"`
		}{RawParams: p}
		if err := decodeJSON(body, &req); err != nil {
			return nil, "", http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the request body is not a GraphQL request: want a JSON object with `query` (a string), optional `variables` and `operationName`")
		}
		if p.Query == "" && p.Extensions["persistedQuery"] == nil && req.DocumentID == "" {
			return nil, "", http.StatusBadRequest, errNoQuery
		}
		return p, req.DocumentID, 0, nil
	default:
		w.Header().Set("Allow", "GET, POST")
		return nil, "", http.StatusMethodNotAllowed, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "method %s is not allowed: use GET or POST", truncate(r.Method, 16))
	}
}

var errNoQuery = wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the request has no `query`: send the GraphQL document as `query`, or its hash as `extensions.persistedQuery` (or, to a server with trusted documents, its `documentId`)")

// decodeJSON decodes one JSON value, numbers as json.Number, and nothing after it.
func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// explainTokenLimit replaces the parser's token-limit error with one that states the number
// of tokens the query has.
func (s *Server) explainTokenLimit(errs gqlerror.List, query string) gqlerror.List {
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Message, "exceeded token limit") {
		return errs
	}
	stop := 4 * s.cfg.MaxTokens
	n := countTokens(query, stop)
	seen := strconv.Itoa(n)
	if n >= stop {
		seen = "more than " + seen
	}
	err := wsisgraph.Errorf(wsisgraph.ETOKENLIMIT, "the query has %s tokens; the limit is %d", seen, s.cfg.MaxTokens)
	return gqlerror.List{{Message: err.Message, Err: err}}
}

// countTokens counts the tokens of a query as the parser does (comments excluded), up to the
// first lexical error or stop tokens, so that an oversized query costs bounded work.
func countTokens(query string, stop int) int {
	lx := lexer.New(&ast.Source{Input: query})
	n := 0
	for n < stop {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return n
		}
		if tok.Kind != lexer.Comment {
			n++
		}
	}
	return n
}

// statusFor returns the HTTP status of an answer to an operation that was not executed, in
// media type mt, as the GraphQL-over-HTTP specification asks: 429 when the budget is spent;
// 400 for a request that is not a GraphQL request; else 200 under application/json, and under
// application/graphql-response+json (whose answers without `data` are never 2xx) 400, or the
// 5xx of a failure of the service itself (INTERNAL, SERVICE_UNAVAILABLE, TIMEOUT). The
// statuses of codes are StatusOf's.
func statusFor(errs gqlerror.List, mt string) int {
	status := http.StatusOK
	for _, e := range errs {
		code, _ := e.Extensions["code"].(string)
		switch st := StatusOf(code); {
		case st == http.StatusTooManyRequests:
			return st
		case st == http.StatusBadRequest || st >= http.StatusInternalServerError:
			status = max(status, st)
		}
	}
	switch {
	case status == http.StatusBadRequest:
		return status
	case mt != graphQLResponseJSON:
		return http.StatusOK
	case status >= http.StatusInternalServerError:
		return status
	}
	return http.StatusBadRequest
}

// present turns err into a client error through the service's one error presenter.
func (s *Server) present(ctx context.Context, err error) *gqlerror.Error {
	return s.presenter(ctx, err)
}

// writeErrors answers with errors raised before the executor ran.
func (s *Server) writeErrors(ctx context.Context, w http.ResponseWriter, r *http.Request, x *exchange, status int, errs ...error) {
	resp := &graphql.Response{}
	for _, err := range errs {
		resp.Errors = append(resp.Errors, s.present(ctx, err))
	}
	s.write(w, r, x, status, resp, "")
}

// writeErrors answers a panic that escaped the handler (see observe): no presenter, no cache.
func writeErrors(w http.ResponseWriter, x *exchange, status int, err *wsisgraph.Error) {
	resp := &graphql.Response{Errors: gqlerror.List{{Message: err.Message, Extensions: map[string]any{"code": OutwardCode(err.Code)}}},
		Extensions: map[string]any{"cost": x.costExtension()}}
	b, _ := json.Marshal(resp)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// write sends resp with its status and headers: etag, when not empty, makes the answer
// cacheable by clients and shared caches.
func (s *Server) write(w http.ResponseWriter, r *http.Request, x *exchange, status int, resp *graphql.Response, etag string) {
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		x.codes = append(x.codes, code)
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions["cost"] = x.costExtension()
	if len(x.deprecated) > 0 {
		resp.Extensions["deprecations"] = x.deprecated
	}
	b, err := encodeResponse(resp)
	if err != nil {
		s.log.ErrorContext(r.Context(), "encoding an answer", "err", err)
		writeErrors(w, x, http.StatusInternalServerError, wsisgraph.Errorf(wsisgraph.EINTERNAL, "internal error"))
		x.codes = append(x.codes, CodeInternal)
		return
	}
	status = s.headers(w, r, x, status, etag)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// encodeResponse encodes resp as encoding/json would, but writes its data as it is: gqlgen
// produced it as JSON already, and encoding/json would scan and compact it again (7% of the
// time of a large answer). An answer without data (a request error: nothing was executed)
// has no `data` key, as the GraphQL specification asks.
func encodeResponse(resp *graphql.Response) ([]byte, error) {
	if resp.Label != "" || resp.Path != nil || resp.HasNext != nil {
		return json.Marshal(resp)
	}
	buf := bytes.NewBuffer(make([]byte, 0, len(resp.Data)+256))
	buf.WriteByte('{')
	if len(resp.Errors) > 0 {
		errs, err := json.Marshal(resp.Errors)
		if err != nil {
			return nil, err
		}
		buf.WriteString(`"errors":`)
		buf.Write(errs)
		buf.WriteByte(',')
	}
	if len(resp.Data) > 0 {
		buf.WriteString(`"data":`)
		buf.Write(resp.Data)
		buf.WriteByte(',')
	}
	if len(resp.Extensions) > 0 {
		ext, err := json.Marshal(resp.Extensions)
		if err != nil {
			return nil, err
		}
		buf.WriteString(`"extensions":`)
		buf.Write(ext)
		buf.WriteByte(',')
	}
	b := buf.Bytes()
	if b[len(b)-1] == ',' {
		b = b[:len(b)-1]
	}
	return append(b, '}'), nil
}

// writeCached answers from the response cache.
func (s *Server) writeCached(w http.ResponseWriter, r *http.Request, x *exchange, e *cachedResponse, etag string) {
	exts := map[string]any{"cost": x.costExtension()}
	if len(x.deprecated) > 0 {
		exts["deprecations"] = x.deprecated
	}
	ext, _ := json.Marshal(exts)
	x.outcome = outcomeCached
	w.Header().Set("Content-Length", strconv.Itoa(len(`{"data":,"extensions":}`)+len(e.data)+len(ext)))
	w.WriteHeader(s.headers(w, r, x, http.StatusOK, etag))
	_, _ = w.Write([]byte(`{"data":`))
	_, _ = w.Write(e.data)
	_, _ = w.Write([]byte(`,"extensions":`))
	_, _ = w.Write(ext)
	_, _ = w.Write([]byte{'}'})
}

const graphQLResponseJSON = "application/graphql-response+json"

// negotiate returns the media type of the answer to a request with the given Accept headers:
// of application/graphql-response+json and application/json, the one with the higher quality
// value, each taking the quality of the most specific media range that matches it (RFC 9110,
// 12.5.1); on a tie the former when it is named, else application/json. No Accept header
// means application/json. ok is false when Accept gives both a quality of 0, or names neither
// and no wildcard covers them.
func negotiate(headers []string) (mt string, ok bool) {
	if len(headers) == 0 {
		return "application/json", true
	}
	// The quality given to each candidate, and the specificity of the range that gave it
	// (0: none, 1: */*, 2: application/*, 3: the type itself).
	var q [2]float64
	var spec [2]int
	candidates := [2]string{graphQLResponseJSON, "application/json"}
	for _, h := range headers {
		for _, part := range strings.Split(h, ",") {
			typ, params, _ := strings.Cut(part, ";")
			typ = strings.ToLower(strings.TrimSpace(typ))
			if typ == "" {
				continue
			}
			quality := 1.0
			for _, p := range strings.Split(params, ";") {
				if k, v, found := strings.Cut(strings.TrimSpace(p), "="); found && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
						quality = f
					}
				}
			}
			for i, c := range candidates {
				sp := 0
				switch typ {
				case c:
					sp = 3
				case "application/*":
					sp = 2
				case "*/*":
					sp = 1
				}
				if sp > spec[i] || sp == spec[i] && sp > 0 && quality > q[i] {
					spec[i], q[i] = sp, quality
				}
			}
		}
	}
	switch {
	case q[0] == 0 && q[1] == 0:
		return "application/json", false
	case q[0] > q[1] || q[0] == q[1] && spec[0] == 3:
		return graphQLResponseJSON, true
	default:
		return "application/json", true
	}
}

// headers sets an answer's headers and returns its status.
func (s *Server) headers(w http.ResponseWriter, r *http.Request, x *exchange, status int, etag string) int {
	h := w.Header()
	mt := x.mediaType
	if mt == "" {
		mt = "application/json"
	}
	h.Set("Content-Type", mt)
	h.Add("Vary", "Accept-Language")
	if etag != "" {
		s.cacheHeaders(w, etag)
	} else {
		h.Set("Cache-Control", "no-store")
	}
	s.budgetHeaders(w, x)
	if status == http.StatusTooManyRequests && x.retry > 0 {
		h.Set("Retry-After", strconv.Itoa(retrySeconds(x.retry)))
	} else if slices.Contains(x.codes, CodeServiceUnavailable) {
		h.Set("Retry-After", strconv.Itoa(unavailableRetrySeconds))
	}
	return status
}

// budgetHeaders sets the X-RateLimit-* headers of every answer when rate limiting is on: the
// budget's size, what remains, and when it is full again (Unix seconds). A request refused
// before it was charged (not a GraphQL request) reads the budget without spending it.
func (s *Server) budgetHeaders(w http.ResponseWriter, x *exchange) {
	if s.rates == nil {
		return
	}
	if !x.charged {
		x.peek(s.rates)
	}
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.rates.burst))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(x.remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(unixCeil(x.fullAt), 10))
}

// unixCeil returns t in Unix seconds, rounded up: a client waiting until then finds the budget full.
func unixCeil(t time.Time) int64 {
	sec := t.Unix()
	if t.Nanosecond() > 0 {
		sec++
	}
	return sec
}

func (s *Server) cacheHeaders(w http.ResponseWriter, etag string) {
	h := w.Header()
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(s.cfg.CacheMaxAge/time.Second)))
	h.Set("ETag", etag)
}

// etagMatch reports whether an If-None-Match header names etag (weak comparison) or is "*".
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// versionCache remembers the store's dataset version for a while, so that neither ETags
// nor the response cache cost a backend round trip per request. After a failure it does not
// ask again for a second: during an outage requests are answered uncached without waiting
// on the version first.
type versionCache struct {
	store wsisgraph.Store
	ttl   time.Duration

	mu     sync.Mutex
	v      string
	at     time.Time
	failed time.Time
}

var errNoVersion = errors.New("the dataset version is unknown")

func (c *versionCache) get(ctx context.Context) (string, error) {
	c.mu.Lock()
	v, fresh, failing := c.v, time.Since(c.at) < c.ttl, time.Since(c.failed) < time.Second
	c.mu.Unlock()
	switch {
	case v != "" && fresh:
		return v, nil
	case failing:
		return "", errNoVersion
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	v, err := c.store.Version(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil || v == "" {
		c.failed = time.Now()
		return "", errNoVersion
	}
	c.v, c.at = v, time.Now()
	return v, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
