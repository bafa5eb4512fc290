package server

import (
	"bytes"
	"context"
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
// name the failure, and `extensions.cost` on every answer.
//
// Statuses: 200 for an executed operation (field errors included) and for
// PERSISTED_QUERY_NOT_FOUND; 304 when If-None-Match names the current answer; 400 for a
// request that is not a GraphQL request; 405 and 415 for a wrong method or content type; 413
// for a body above the limit; 422 for a query that fails parsing, validation or a limit (400
// when the client accepts application/graphql-response+json); 429 when the client's budget is
// spent, with Retry-After. An answer with a SERVICE_UNAVAILABLE error (the backend is down
// or its graph not ready) keeps its status (200 for an executed operation) and carries
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
	p, status, err := s.decode(w, r)
	if err != nil {
		s.writeErrors(ctx, w, r, x, status, err)
		return
	}
	x.opName = p.OperationName
	if s.rates != nil {
		// Every request costs at least a point, so that floods of rejected requests spend the
		// budget too; the rest of its cost is charged once it is measured.
		if err := x.charge(s.rates, 1); err != nil {
			s.writeErrors(ctx, w, r, x, http.StatusTooManyRequests, err)
			return
		}
	}

	key := ""
	if v, err := s.version.get(ctx); err == nil {
		key = requestKey(v, p, resolvers.LangFrom(ctx))
	}
	etag := ""
	if key != "" && r.Method == http.MethodGet && s.cfg.CacheMaxAge > 0 {
		etag = `"` + key[:32] + `"`
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			s.cacheHeaders(w, etag)
			w.WriteHeader(http.StatusNotModified)
			x.outcome = outcomeNotModified
			return
		}
	}
	if key != "" && s.cache != nil {
		if e, ok := s.cache.get(key); ok {
			s.metrics.cache.WithLabelValues("hit").Inc()
			x.opName, x.cost = e.operation, e.cost
			if s.rates != nil {
				if err := x.charge(s.rates, e.cost-1); err != nil {
					s.writeErrors(ctx, w, r, x, http.StatusTooManyRequests, err)
					return
				}
			}
			s.writeCached(w, r, x, e, etag)
			return
		}
		s.metrics.cache.WithLabelValues("miss").Inc()
	}

	ctx = loaders.NewContext(ctx, loaders.New(s.store, s.cfg.Loaders))
	opCtx, errs := exec.CreateOperationContext(ctx, p)
	if errs != nil {
		errs = s.explainTokenLimit(errs, p.Query)
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		s.write(w, r, x, statusFor(resp.Errors), resp, "")
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := responses(ctx)
	if resp == nil { // the deadline passed or the client went away before execution
		resp = &graphql.Response{Errors: gqlerror.List{s.present(ctx, ctx.Err())}}
	}
	if len(resp.Errors) > 0 || key == "" {
		etag = ""
	} else if s.cache != nil {
		s.cache.add(key, &cachedResponse{data: resp.Data, cost: x.cost, operation: x.opName})
	}
	s.write(w, r, x, http.StatusOK, resp, etag)
}

// decode reads the request's GraphQL parameters. On failure it returns the HTTP status and
// an error for the client.
func (s *Server) decode(w http.ResponseWriter, r *http.Request) (*graphql.RawParams, int, error) {
	p := &graphql.RawParams{Headers: r.Header}
	p.ReadTime.Start = graphql.Now()
	defer func() { p.ReadTime.End = graphql.Now() }()
	switch r.Method {
	case http.MethodGet:
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the URL's query string is malformed: %v", err)
		}
		p.Query, p.OperationName = q.Get("query"), q.Get("operationName")
		if v := q.Get("variables"); v != "" {
			if err := decodeJSON([]byte(v), &p.Variables); err != nil {
				return nil, http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the `variables` parameter is not a JSON object")
			}
		}
		if v := q.Get("extensions"); v != "" {
			if err := decodeJSON([]byte(v), &p.Extensions); err != nil {
				return nil, http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the `extensions` parameter is not a JSON object")
			}
		}
		return p, 0, nil
	case http.MethodPost:
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != "application/json" {
			return nil, http.StatusUnsupportedMediaType, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "a POST must have Content-Type application/json, not %q", truncate(r.Header.Get("Content-Type"), 64))
		}
		limit := s.cfg.MaxBodyBytes
		if r.ContentLength > limit {
			return nil, http.StatusRequestEntityTooLarge, wsisgraph.Errorf(wsisgraph.ETOOLARGE, "the request body has %d bytes; the limit is %d", r.ContentLength, limit)
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		switch {
		case isMaxBytes(err):
			return nil, http.StatusRequestEntityTooLarge, wsisgraph.Errorf(wsisgraph.ETOOLARGE, "the request body has more than %d bytes, the limit", limit)
		case err != nil:
			return nil, http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the request body could not be read")
		}
		if b := bytes.TrimSpace(body); len(b) > 0 && b[0] == '[' {
			return nil, http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "batched requests are not supported: send one operation per request")
		}
		if err := decodeJSON(body, p); err != nil {
			return nil, http.StatusBadRequest, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "the request body is not a GraphQL request: want a JSON object with `query` (a string), optional `variables` and `operationName`")
		}
		return p, 0, nil
	default:
		w.Header().Set("Allow", "GET, POST")
		return nil, http.StatusMethodNotAllowed, wsisgraph.Errorf(wsisgraph.EBADREQUEST, "method %s is not allowed: use GET or POST", truncate(r.Method, 16))
	}
}

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

// statusFor returns the HTTP status of an answer to an operation that was not executed: the
// highest of its errors' statuses (StatusOf), 429 before any other, except that an error of
// the service itself (5xx: TIMEOUT, SERVICE_UNAVAILABLE, INTERNAL) leaves the status as it is
// (see transport) and PERSISTED_QUERY_NOT_FOUND, the persisted-query protocol's request for
// the query text, is 200.
func statusFor(errs gqlerror.List) int {
	status := http.StatusOK
	for _, e := range errs {
		code, _ := e.Extensions["code"].(string)
		if code == "PERSISTED_QUERY_NOT_FOUND" {
			continue
		}
		switch st := StatusOf(code); {
		case st == http.StatusTooManyRequests:
			return st
		case st < http.StatusInternalServerError:
			status = max(status, st)
		}
	}
	return status
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
// time of a large answer).
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
	buf.WriteString(`"data":`)
	if len(resp.Data) == 0 {
		buf.WriteString("null")
	} else {
		buf.Write(resp.Data)
	}
	if len(resp.Extensions) > 0 {
		ext, err := json.Marshal(resp.Extensions)
		if err != nil {
			return nil, err
		}
		buf.WriteString(`,"extensions":`)
		buf.Write(ext)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// writeCached answers from the response cache.
func (s *Server) writeCached(w http.ResponseWriter, r *http.Request, x *exchange, e *cachedResponse, etag string) {
	ext, _ := json.Marshal(map[string]any{"cost": x.costExtension()})
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

// headers sets an answer's headers and returns its status.
func (s *Server) headers(w http.ResponseWriter, r *http.Request, x *exchange, status int, etag string) int {
	h := w.Header()
	if strings.Contains(r.Header.Get("Accept"), graphQLResponseJSON) {
		h.Set("Content-Type", graphQLResponseJSON)
		if status == http.StatusUnprocessableEntity {
			status = http.StatusBadRequest
		}
	} else {
		h.Set("Content-Type", "application/json")
	}
	if etag != "" {
		s.cacheHeaders(w, etag)
	} else {
		h.Set("Cache-Control", "no-store")
	}
	if s.rates != nil && x.remaining >= 0 {
		h.Set("X-RateLimit-Limit", strconv.Itoa(s.rates.burst))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(x.remaining))
	}
	if status == http.StatusTooManyRequests && x.retry > 0 {
		h.Set("Retry-After", strconv.Itoa(retrySeconds(x.retry)))
	} else if slices.Contains(x.codes, CodeServiceUnavailable) {
		h.Set("Retry-After", strconv.Itoa(unavailableRetrySeconds))
	}
	return status
}

func (s *Server) cacheHeaders(w http.ResponseWriter, etag string) {
	h := w.Header()
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(s.cfg.CacheMaxAge/time.Second)))
	h.Set("ETag", etag)
	h.Add("Vary", "Accept-Language")
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
