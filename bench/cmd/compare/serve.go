package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wsisgraph/wsisgraph/bench/floor"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
)

// floorServe serves the hand-written floor on -addr (POST /query, GET /healthz) until
// SIGTERM: a process of its own, so that its CPU time is measured like the other servers'.
func floorServe(args []string) error {
	fs := flag.NewFlagSet("floor-serve", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:18702", "listen address")
	uri := fs.String("neo4j-uri", "", "Neo4j URI")
	fs.Parse(args)
	drv, err := driver.NewDriverWithContext(*uri, driver.NoAuth())
	if err != nil {
		return err
	}
	defer drv.Close(context.Background())
	mux := http.NewServeMux()
	mux.Handle("POST /query", &floor.Server{Driver: drv, Database: "neo4j"})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := drv.VerifyConnectivity(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
		}
	})
	return serveUntilSignal(*addr, mux)
}

// profileServe serves wsisgraph over Neo4j as `wsisgraph serve` does for the benchmark
// (response cache and rate limiting off), plus net/http/pprof under /debug/pprof/.
func profileServe(args []string) error {
	fs := flag.NewFlagSet("profile-serve", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:18705", "listen address")
	uri := fs.String("neo4j-uri", "", "Neo4j URI")
	fs.Parse(args)
	ctx := context.Background()
	st, err := neo4j.Open(ctx, neo4j.Config{URI: *uri})
	if err != nil {
		return err
	}
	defer st.Close(ctx)
	srv := server.New(server.Config{
		Store: st, Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)),
		RatePerMinute: -1, MaxCost: 10_000_000, NoResponseCache: true, CacheMaxAge: -1,
		RequestTimeout: 60 * time.Second,
	})
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.Handle("/", srv)
	return serveUntilSignal(*addr, mux)
}

func serveUntilSignal(addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
