package apitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// TraceServer is a service built for RunTrace: its handler, with the tracer provider given,
// and its count of store calls so far.
type TraceServer struct {
	Handler    http.Handler
	StoreCalls func() int64
}

// traceQuery reads the matrix (a list, then a batch of linkages per action line) and runs a
// search whose words must never appear in a statement's text.
const traceQuery = `query Trace($text: String!) {
  actionLines { code linkages { target { code } goal { number } } }
  search(text: $text, first: 3) { totalCount }
}`

// traceWords is the search of traceQuery: a user value.
const traceWords = "telecentre broadband"

// RunTrace checks the spans of one request: one server span for the request, named after
// its operation and carrying its outcome, cost and status; one span per store call (a loader
// batch, with its key count), each a child of the request's span; and, when roundTrips is not
// nil (a store that talks to a server), one span per statement sent (as many as the round
// trips counted), each a child of a store call's span and carrying the statement's text
// without the request's values; without roundTrips, no statement span. All in one trace, the
// one the request's traceparent names when it has one, whose id the answer's traceparent
// carries. newServer builds the service with the given provider and loaders that wait long
// enough to gather a level's keys in one batch.
func RunTrace(t *testing.T, newServer func(tp trace.TracerProvider) TraceServer, roundTrips func() int64) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp), sdktrace.WithSampler(sdktrace.AlwaysSample()))
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })
	srv := newServer(tp)

	post := func(t *testing.T, query string, vars map[string]any, header http.Header) *httptest.ResponseRecorder {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range header {
			req.Header[k] = v
		}
		w := httptest.NewRecorder()
		srv.Handler.ServeHTTP(w, req)
		return w
	}

	t.Run("span tree", func(t *testing.T) {
		exp.Reset()
		calls, trips := srv.StoreCalls(), int64(0)
		if roundTrips != nil {
			trips = roundTrips()
		}
		w := post(t, traceQuery, map[string]any{"text": traceWords}, nil)
		if w.Code != http.StatusOK || strings.Contains(w.Body.String(), `"errors"`) {
			t.Fatalf("%d %s", w.Code, clip(w.Body.Bytes()))
		}
		var answer struct {
			Data struct{ ActionLines []struct{ Code string } }
		}
		if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil || len(answer.Data.ActionLines) == 0 {
			t.Fatalf("answer %s: %v", clip(w.Body.Bytes()), err)
		}
		calls = srv.StoreCalls() - calls
		if roundTrips != nil {
			trips = roundTrips() - trips
		}

		spans := exp.GetSpans()
		req := requestSpan(t, spans)
		if req.Name != "query Trace" {
			t.Errorf("request span named %q, want %q", req.Name, "query Trace")
		}
		attrs := attrMap(req.Attributes)
		for k, want := range map[string]string{
			"graphql.operation.name": "Trace", "graphql.operation.type": "query", "wsisgraph.outcome": "ok",
			"http.response.status_code": "200", "http.request.method": "POST", "wsisgraph.request_id": w.Header().Get("X-Request-Id"),
		} {
			if attrs[k] != want {
				t.Errorf("request span: %s = %q, want %q", k, attrs[k], want)
			}
		}
		if attrs["wsisgraph.cost"] == "" || attrs["wsisgraph.cost"] == "0" || attrs["wsisgraph.cost"] == "-1" {
			t.Errorf("request span: wsisgraph.cost = %q, want the query's cost", attrs["wsisgraph.cost"])
		}
		if got, want := w.Header().Get("Traceparent"), traceparent(req.SpanContext); got != want {
			t.Errorf("answer's traceparent = %q, want the request span's %q", got, want)
		}

		stores, statements := map[trace.SpanID]tracetest.SpanStub{}, []tracetest.SpanStub{}
		linkageKeys, linkageBatches := 0, 0
		for _, s := range spans {
			if s.SpanContext.TraceID() != req.SpanContext.TraceID() {
				t.Errorf("span %q in trace %s, want the request's %s", s.Name, s.SpanContext.TraceID(), req.SpanContext.TraceID())
			}
			a := attrMap(s.Attributes)
			switch {
			case a["wsisgraph.store.method"] != "":
				stores[s.SpanContext.SpanID()] = s
				if s.Parent.SpanID() != req.SpanContext.SpanID() {
					t.Errorf("store span %q: parent %s, want the request span %s", s.Name, s.Parent.SpanID(), req.SpanContext.SpanID())
				}
				if s.Name == "LinkagesByActionLine" {
					linkageBatches++
					fmt.Sscan(a["wsisgraph.store.keys"], &linkageKeys)
				}
			case a["db.system.name"] != "":
				statements = append(statements, s)
			}
		}
		if int64(len(stores)) != calls {
			t.Errorf("%d store spans, want one per store call: %d", len(stores), calls)
		}
		if linkageBatches != 1 || linkageKeys != len(answer.Data.ActionLines) {
			t.Errorf("%d LinkagesByActionLine spans, the last with %d keys; want one batch of the %d action lines",
				linkageBatches, linkageKeys, len(answer.Data.ActionLines))
		}
		if roundTrips == nil {
			if len(statements) > 0 {
				t.Errorf("%d statement spans from a store without a server", len(statements))
			}
			return
		}
		if trips == 0 || int64(len(statements)) != trips {
			t.Errorf("%d statement spans, want one per round trip: %d", len(statements), trips)
		}
		for _, s := range statements {
			a := attrMap(s.Attributes)
			parent, ok := stores[s.Parent.SpanID()]
			switch {
			case !ok:
				t.Errorf("statement span %q: parent %s is not a store call's span", s.Name, s.Parent.SpanID())
			case s.StartTime.Before(parent.StartTime) || s.EndTime.After(parent.EndTime):
				t.Errorf("statement span %q runs outside its store call %q", a["db.query.text"], parent.Name)
			}
			if s.SpanKind != trace.SpanKindClient || a["db.query.text"] == "" || a["db.namespace"] == "" {
				t.Errorf("statement span %q: kind %v, attributes %v", s.Name, s.SpanKind, a)
			}
			for k, v := range a {
				for _, word := range strings.Fields(traceWords) {
					if strings.Contains(v, word) {
						t.Errorf("statement span: %s holds the request's value %q: %s", k, word, v)
					}
				}
			}
		}
	})

	t.Run("incoming traceparent is the parent", func(t *testing.T) {
		exp.Reset()
		const traceID, parentID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
		w := post(t, `query Goals { goals { number } }`, nil, http.Header{"Traceparent": {"00-" + traceID + "-" + parentID + "-01"}})
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, clip(w.Body.Bytes()))
		}
		req := requestSpan(t, exp.GetSpans())
		if req.SpanContext.TraceID().String() != traceID || req.Parent.SpanID().String() != parentID || !req.Parent.IsRemote() {
			t.Errorf("request span in trace %s under %s (remote %v), want trace %s under %s (remote)",
				req.SpanContext.TraceID(), req.Parent.SpanID(), req.Parent.IsRemote(), traceID, parentID)
		}
		want := "00-" + traceID + "-" + req.SpanContext.SpanID().String() + "-01"
		if got := w.Header().Get("Traceparent"); got != want {
			t.Errorf("answer's traceparent = %q, want %q", got, want)
		}
		for _, s := range exp.GetSpans() {
			if s.SpanContext.TraceID().String() != traceID {
				t.Errorf("span %q in trace %s, want %s", s.Name, s.SpanContext.TraceID(), traceID)
			}
		}
	})

	t.Run("a failed request", func(t *testing.T) {
		exp.Reset()
		w := post(t, `query Bad { goals { noSuchField } }`, nil, nil)
		if !strings.Contains(w.Body.String(), "GRAPHQL_VALIDATION_FAILED") {
			t.Fatalf("%d %s", w.Code, clip(w.Body.Bytes()))
		}
		spans := exp.GetSpans()
		req := requestSpan(t, spans)
		a := attrMap(req.Attributes)
		if a["wsisgraph.outcome"] != "invalid" || a["wsisgraph.error_codes"] != `["GRAPHQL_VALIDATION_FAILED"]` || a["http.response.status_code"] != strconv.Itoa(w.Code) {
			t.Errorf("request span attributes %v, want outcome invalid, codes [\"GRAPHQL_VALIDATION_FAILED\"], status %d", a, w.Code)
		}
		if len(spans) != 1 {
			t.Errorf("%d spans for a request that never reached the store, want 1", len(spans))
		}
	})
}

// requestSpan returns the one server span of spans.
func requestSpan(t *testing.T, spans tracetest.SpanStubs) tracetest.SpanStub {
	t.Helper()
	var found []tracetest.SpanStub
	for _, s := range spans {
		if s.SpanKind == trace.SpanKindServer {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d server spans among %d, want 1", len(found), len(spans))
	}
	return found[0]
}

func attrMap(kvs []attribute.KeyValue) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.Emit()
	}
	return m
}

func traceparent(sc trace.SpanContext) string {
	return fmt.Sprintf("00-%s-%s-%s", sc.TraceID(), sc.SpanID(), sc.TraceFlags())
}
