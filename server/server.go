// Package server assembles the HTTP service: the GraphQL endpoint, the playground, health,
// readiness and metrics.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/graph"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/playground"
	"github.com/wsisgraph/wsisgraph/resolvers"
)

// Config is what the server is built from. Zero fields take the documented defaults.
type Config struct {
	Store          wsisgraph.Store
	AllowedOrigins []string // CORS allow-list; empty allows any origin
	Examples       []playground.Example
	Loaders        loaders.Options // zero: loaders.DefaultOptions
	Logger         *slog.Logger    // nil: slog.Default()
	Registry       *prometheus.Registry
	MaxBodyBytes   int64 // nil: 2 MB
}

// Server is the assembled service.
type Server struct {
	handler    http.Handler
	storeCalls *prometheus.CounterVec
	store      *countingStore
}

// New builds the service from cfg.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Loaders == (loaders.Options{}) {
		cfg.Loaders = loaders.DefaultOptions
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
		cfg.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 2 << 20
	}
	s := &Server{
		storeCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wsisgraph_store_calls_total",
			Help: "Store calls (backend round trips), by store method.",
		}, []string{"method"}),
	}
	cfg.Registry.MustRegister(s.storeCalls)
	s.store = &countingStore{next: cfg.Store, calls: s.storeCalls}
	store := s.store

	gql := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: &resolvers.Resolver{Store: store}}))
	gql.AddTransport(transport.GET{})
	gql.AddTransport(transport.POST{})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	gql.Use(extension.Introspection{})
	gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	gql.SetErrorPresenter(resolvers.ErrorPresenter(cfg.Logger))
	gql.SetRecoverFunc(resolvers.RecoverFunc(cfg.Logger))

	mux := http.NewServeMux()
	var api http.Handler = loaders.Middleware(store, cfg.Loaders, resolvers.LangMiddleware(gql))
	api = http.MaxBytesHandler(api, cfg.MaxBodyBytes)
	mux.Handle("/graphql", api)
	mux.Handle("GET /metrics", promhttp.HandlerFor(cfg.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := cfg.Store.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("backend unavailable\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
	mux.Handle("/", playground.Handler(cfg.Examples))

	c := cors.New(cors.Options{
		AllowedOrigins: cfg.AllowedOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Accept", "Accept-Language", "Authorization", "X-Api-Key"},
		MaxAge:         600,
	})
	s.handler = c.Handler(mux)
	return s
}

// ServeHTTP serves the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// StoreCalls returns the number of store calls made so far.
func (s *Server) StoreCalls() int64 { return s.store.total.Load() }
