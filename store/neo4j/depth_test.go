package neo4j

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph/apitest"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/server"
)

// TestRoundTripsBoundedByDepth checks on Neo4j what the embedded store's test checks: a wide
// query takes one Cypher round trip per level, and the server's store-call count equals the
// round trips the driver made; a list page with no sibling is read at once, in one round trip.
func TestRoundTripsBoundedByDepth(t *testing.T) {
	s := testStore(t)
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	importOrFail(t, s, d)
	cfg := server.Config{Store: s, NoResponseCache: true, VersionTTL: time.Hour, Loaders: loaders.Options{Wait: 20 * time.Millisecond, MaxBatch: 1000}}
	srv := server.New(cfg)
	t.Run("store calls", func(t *testing.T) { apitest.RunDepth(t, srv, srv.StoreCalls) })
	t.Run("round trips", func(t *testing.T) { apitest.RunDepth(t, server.New(cfg), s.RoundTrips) })
	t.Run("metric", func(t *testing.T) {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		want := fmt.Sprintf("wsisgraph_store_round_trips_total %d\n", s.RoundTrips())
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	})
	t.Run("lone pages", func(t *testing.T) {
		cfg := cfg
		cfg.Loaders = loaders.Options{Wait: time.Hour, ReferenceWait: -1, MaxBatch: 1000}
		apitest.RunAlone(t, server.New(cfg), s.RoundTrips, 20*time.Second)
	})
}
