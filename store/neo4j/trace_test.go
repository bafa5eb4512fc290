package neo4j

import (
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/wsisgraph/wsisgraph/apitest"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/server"
)

// TestTracing checks the span tree of a request on Neo4j: under the request's span, a span
// per store call and under those one per statement sent, with the statement's text and none
// of the request's values. Every read goes to the server (testStore has no reference cache).
func TestTracing(t *testing.T) {
	s := testStore(t)
	importOrFail(t, s, embedded(t))
	apitest.RunTrace(t, func(tp trace.TracerProvider) apitest.TraceServer {
		srv := server.New(server.Config{Store: s, TracerProvider: tp, NoResponseCache: true,
			Loaders: loaders.Options{Wait: 50 * time.Millisecond, MaxBatch: 1000}})
		return apitest.TraceServer{Handler: srv, StoreCalls: srv.StoreCalls}
	}, s.RoundTrips)
}
