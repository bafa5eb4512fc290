package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Run serves hs on ln until ctx is done, then shuts down gracefully: /readyz turns 503, the
// listener closes, and requests in flight get up to grace to finish (each is bounded by
// Config.RequestTimeout anyway). It returns nil after a clean shutdown, the serving error
// otherwise. hs.Handler should be s.
func (s *Server) Run(ctx context.Context, hs *http.Server, ln net.Listener, grace time.Duration) error {
	defer close(s.stop)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	shutCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// PoolStatser is implemented by a store that can report its connection pool: the connections
// in use and the pool's maximum. The service then exports
// wsisgraph_store_pool_connections{state="in_use"|"max"}.
type PoolStatser interface {
	PoolStats() (inUse, max int)
}

// RoundTripper is implemented by a store that counts the statements it sends to its server
// (some store calls are answered from memory). The service then exports
// wsisgraph_store_round_trips_total.
type RoundTripper interface {
	RoundTrips() int64
}

// registerGauges exports the sizes of the service's bounded state.
func (s *Server) registerGauges(reg prometheus.Registerer) {
	if s.cache != nil {
		reg.MustRegister(
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "wsisgraph_response_cache_entries", Help: "Answers held by the response cache."},
				func() float64 { n, _ := s.cache.stats(); return float64(n) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "wsisgraph_response_cache_bytes", Help: "Bytes of answers held by the response cache."},
				func() float64 { _, b := s.cache.stats(); return float64(b) }),
		)
	}
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "wsisgraph_store_up", Help: "1 while store calls go through, 0 while the backend is held down and calls fail fast."},
		func() float64 {
			if s.breaker.isOpen() {
				return 0
			}
			return 1
		}))
	if s.rates != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "wsisgraph_rate_limited_clients", Help: "Clients whose rate budget is remembered."},
			func() float64 { return float64(s.rates.size()) }))
	}
	if rt, ok := s.cfg.Store.(RoundTripper); ok {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "wsisgraph_store_round_trips_total", Help: "Statements sent to the store's server.",
		}, func() float64 { return float64(rt.RoundTrips()) }))
	}
	if ps, ok := s.cfg.Store.(PoolStatser); ok {
		for _, state := range []string{"in_use", "max"} {
			reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
				Name: "wsisgraph_store_pool_connections", Help: "Connections of the store's pool, by state.",
				ConstLabels: prometheus.Labels{"state": state},
			}, func() float64 {
				inUse, max := ps.PoolStats()
				if state == "in_use" {
					return float64(inUse)
				}
				return float64(max)
			}))
		}
	}
}
