package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/wsisgraph/wsisgraph/apitest"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/server"
)

// traceLoaders wait long enough to gather a level's keys even on a saturated machine.
var traceLoaders = loaders.Options{Wait: 50 * time.Millisecond, MaxBatch: 1000}

// TestTracing checks the span tree of a request on the embedded store: no statement spans.
// store/neo4j runs the same checks with one span per statement.
func TestTracing(t *testing.T) {
	apitest.RunTrace(t, func(tp trace.TracerProvider) apitest.TraceServer {
		srv := newServer(t, server.Config{TracerProvider: tp, NoResponseCache: true, Loaders: traceLoaders})
		return apitest.TraceServer{Handler: srv, StoreCalls: srv.StoreCalls}
	}, nil)
}

// TestTraceIDInLog checks that the log line of a request carries its request id and, with
// tracing on, its trace id; and that with tracing off an incoming traceparent is neither
// followed nor answered.
func TestTraceIDInLog(t *testing.T) {
	const incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	defer tp.Shutdown(t.Context())
	for _, tc := range []struct {
		name    string
		tp      trace.TracerProvider
		traceID string
	}{
		{"tracing on", tp, "4bf92f3577b34da6a3ce929d0e0e4736"},
		{"tracing off", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log bytes.Buffer
			srv := newServer(t, server.Config{TracerProvider: tc.tp, Logger: slog.New(slog.NewJSONHandler(&log, nil))})
			req := httptest.NewRequest(http.MethodGet, "/graphql?query="+strings.ReplaceAll("{ goals { number } }", " ", "+"), nil)
			req.Header.Set("Traceparent", incoming)
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				t.Fatalf("%d %s", w.Code, clip(w.Body.String()))
			}
			var line struct {
				Msg       string
				RequestID string `json:"request_id"`
				TraceID   string `json:"trace_id"`
			}
			for _, l := range strings.Split(strings.TrimSpace(log.String()), "\n") {
				if err := json.Unmarshal([]byte(l), &line); err != nil {
					t.Fatalf("log line %q: %v", l, err)
				}
				if line.Msg == "request" {
					break
				}
			}
			if line.Msg != "request" || line.RequestID == "" || line.RequestID != w.Header().Get("X-Request-Id") || line.TraceID != tc.traceID {
				t.Errorf("request log line %+v, want request_id %q and trace_id %q\n%s", line, w.Header().Get("X-Request-Id"), tc.traceID, log.String())
			}
			if got := w.Header().Get("Traceparent"); (got != "") != (tc.tp != nil) || got == incoming {
				t.Errorf("answer's traceparent = %q", got)
			}
		})
	}
}

// BenchmarkMatrixTraced is BenchmarkMatrix with tracing on: every span sampled (always_on)
// and handed to the SDK's batch processor, as serve sets it up, with an exporter that drops
// them.
func BenchmarkMatrixTraced(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()), sdktrace.WithSampler(sdktrace.AlwaysSample()))
	defer tp.Shutdown(context.Background())
	benchmarkQuery(b, matrixQuery, func(c *server.Config) { c.TracerProvider = tp })
}

// TestTraceparentCORS checks that a page on another origin may send a traceparent and read
// the answer's.
func TestTraceparentCORS(t *testing.T) {
	srv := newServer(t, server.Config{})
	req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
	req.Header.Set("Origin", "https://dashboard.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "traceparent,tracestate")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	if got := strings.ToLower(w.Header().Get("Access-Control-Allow-Headers")); !strings.Contains(got, "traceparent") || !strings.Contains(got, "tracestate") {
		t.Errorf("preflight asking for traceparent, tracestate: Access-Control-Allow-Headers %q", got)
	}
	req = httptest.NewRequest(http.MethodGet, "/graphql?query=%7Bgoals%7Bnumber%7D%7D", nil)
	req.Header.Set("Origin", "https://dashboard.example")
	w = httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	if got := strings.ToLower(w.Header().Get("Access-Control-Expose-Headers")); !strings.Contains(got, "traceparent") {
		t.Errorf("Access-Control-Expose-Headers %q, want traceparent among them", got)
	}
}
