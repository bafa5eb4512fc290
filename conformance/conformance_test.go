package conformance_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph/apitest"
	"github.com/wsisgraph/wsisgraph/conformance"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	conformance.Close()
	os.Exit(code)
}

var quiet = slog.New(slog.DiscardHandler)

func embedded(t *testing.T) *dataset.Dataset {
	t.Helper()
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestStore runs the store conformance suite on every backend.
func TestStore(t *testing.T) {
	for _, b := range conformance.Backends {
		t.Run(b.Name, func(t *testing.T) { storetest.Run(t, b.Open) })
	}
}

// TestAPI runs the GraphQL conformance suite on every backend holding the shipped dataset:
// every answer must equal its golden file, byte for byte.
func TestAPI(t *testing.T) {
	for _, b := range conformance.Backends {
		t.Run(b.Name, func(t *testing.T) {
			apitest.Run(t, server.New(server.Config{Store: b.Open(t, embedded(t)), Logger: quiet}))
		})
	}
}

// TestCallsBoundedByDepth checks on every backend that a wide query takes one store call per
// level whatever its width (on a remote store, one round trip, and the server's count of
// store calls equals the round trips), and that a list page with no sibling is read at
// once, without the loaders' wait.
func TestCallsBoundedByDepth(t *testing.T) {
	for _, b := range conformance.Backends {
		t.Run(b.Name, func(t *testing.T) {
			s := b.Open(t, embedded(t))
			// 200 ms of loader wait: enough to gather a level even while other packages'
			// tests saturate the machine (50 ms split a level about once in seven runs).
			cfg := server.Config{Store: s, NoResponseCache: true, VersionTTL: time.Hour, Logger: quiet,
				Loaders: loaders.Options{Wait: 200 * time.Millisecond, MaxBatch: 1000}}
			srv := server.New(cfg)
			t.Run("store calls", func(t *testing.T) { apitest.RunDepth(t, srv, srv.StoreCalls) })
			if b.Remote {
				rt := s.(interface{ RoundTrips() int64 }).RoundTrips
				t.Run("round trips", func(t *testing.T) { apitest.RunDepth(t, server.New(cfg), rt) })
				t.Run("metric", func(t *testing.T) { roundTripMetric(t, srv, rt()) })
			}
			t.Run("lone pages", func(t *testing.T) {
				// Loaders that wait an hour, but not for reference data: only the pages read
				// at once answer.
				cfg := cfg
				cfg.Loaders = loaders.Options{Wait: time.Hour, ReferenceWait: -1, MaxBatch: 1000}
				srv := server.New(cfg)
				apitest.RunAlone(t, srv, srv.StoreCalls, 20*time.Second)
			})
		})
	}
}

// roundTripMetric checks that /metrics reports the store's round trips.
func roundTripMetric(t *testing.T, srv http.Handler, n int64) {
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if want := fmt.Sprintf("wsisgraph_store_round_trips_total %d\n", n); !strings.Contains(w.Body.String(), want) {
		t.Errorf("/metrics lacks %q", want)
	}
}
