// Command wsisgraph serves the WSIS–SDG knowledge graph as a GraphQL API.
//
//	wsisgraph serve   [-addr 127.0.0.1:8080] [-neo4j-uri URI] [-cors-origins a,b]
//	wsisgraph import  -neo4j-uri URI
//
// Configuration is read here only: flags, with environment variables as their defaults.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/docs/queries"
	"github.com/wsisgraph/wsisgraph/playground"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/memory"
)

const usage = `wsisgraph: a GraphQL API over the WSIS–SDG knowledge graph.

Usage:
  wsisgraph serve  [flags]   serve the API (embedded store unless -neo4j-uri is set)
  wsisgraph import [flags]   load the dataset into Neo4j
  wsisgraph healthcheck      exit 0 when the server answers /readyz (for container health checks)

Run "wsisgraph COMMAND -h" for a command's flags.
`

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(ctx, log, os.Args[2:])
	case "import":
		err = importCmd(ctx, log, os.Args[2:])
	case "healthcheck":
		err = healthcheck(ctx, os.Args[2:])
	case "-h", "--help", "help":
		fmt.Fprint(os.Stdout, usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wsisgraph:", err)
		os.Exit(1)
	}
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// neo4jFlags are the connection flags serve and import share.
type neo4jFlags struct{ uri, user, password, database string }

func (n *neo4jFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&n.uri, "neo4j-uri", env("NEO4J_URI", ""), "Neo4j URI, bolt:// or neo4j:// (env NEO4J_URI); empty: the embedded store")
	fs.StringVar(&n.user, "neo4j-user", env("NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&n.password, "neo4j-password", env("NEO4J_PASSWORD", ""), "Neo4j password (env NEO4J_PASSWORD)")
	fs.StringVar(&n.database, "neo4j-database", env("NEO4J_DATABASE", "neo4j"), "Neo4j database (env NEO4J_DATABASE)")
}

func serve(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := fset.String("addr", env("WSISGRAPH_ADDR", "127.0.0.1:8080"), "listen address (env WSISGRAPH_ADDR)")
	origins := fset.String("cors-origins", env("WSISGRAPH_CORS_ORIGINS", ""), "comma-separated CORS allow-list (env WSISGRAPH_CORS_ORIGINS); empty allows any origin")
	dataDir := fset.String("data", env("WSISGRAPH_DATA", ""), "a directory of partner files (*.csv, *.json: projects and organisations) served on top of the shipped dataset by the embedded store (env WSISGRAPH_DATA)")
	var nf neo4jFlags
	nf.register(fset)
	fset.Parse(args)

	store, closeStore, err := openStore(ctx, log, nf, *dataDir)
	if err != nil {
		return err
	}
	defer closeStore()
	examples, err := playground.LoadExamples(queries.FS, ".")
	if err != nil {
		return err
	}
	srv := server.New(server.Config{
		Store:          store,
		AllowedOrigins: splitList(*origins),
		Examples:       examples,
		Logger:         log,
	})
	hs := &http.Server{
		Addr:              *addr,
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.ListenAndServe() }()
	log.Info("serving", "addr", "http://"+*addr, "playground", "http://"+*addr+"/", "graphql", "http://"+*addr+"/graphql")
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openStore opens the Neo4j store when a URI is given, else the embedded store over the
// shipped dataset and the partner files of dataDir.
func openStore(ctx context.Context, log *slog.Logger, nf neo4jFlags, dataDir string) (wsisgraph.Store, func(), error) {
	if nf.uri != "" {
		if dataDir != "" {
			return nil, nil, fmt.Errorf("-data is for the embedded store: load partner files into Neo4j with `wsisgraph import -data`")
		}
		return openNeo4j(ctx, log, nf)
	}
	d, err := loadDataset(dataDir)
	if err != nil {
		return nil, nil, err
	}
	log.Info("embedded store", "version", d.Version, "goals", len(d.Goals), "targets", len(d.Targets), "linkages", len(d.Linkages))
	return memory.New(d), func() {}, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// healthcheck exits non-zero unless url answers 200 within 3 s: a container health check
// for images that have no curl.
func healthcheck(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("healthcheck", flag.ExitOnError)
	url := fset.String("url", "http://127.0.0.1:8080/readyz", "the URL to check")
	fset.Parse(args)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", *url, resp.Status)
	}
	return nil
}
