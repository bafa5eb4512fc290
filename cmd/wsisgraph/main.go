// Command wsisgraph serves the WSIS–SDG knowledge graph as a GraphQL API.
//
//	wsisgraph serve   [-addr 127.0.0.1:8080] [-neo4j-uri URI] [-cors-origins a,b] [-trusted-documents FILE]
//	wsisgraph import  -neo4j-uri URI
//
// Configuration is read here only: flags, with environment variables as their defaults.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/docs/queries"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/playground"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/memory"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
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
	slog.SetDefault(log)
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
type neo4jFlags struct {
	uri, user, password, database string
	maxRetry                      time.Duration
	err                           error // a malformed environment variable
}

func (n *neo4jFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&n.uri, "neo4j-uri", env("NEO4J_URI", ""), "Neo4j URI, bolt:// or neo4j:// (env NEO4J_URI); empty: the embedded store")
	fs.StringVar(&n.user, "neo4j-user", env("NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&n.password, "neo4j-password", env("NEO4J_PASSWORD", ""), "Neo4j password (env NEO4J_PASSWORD, better than the flag, which shows in ps)")
	fs.StringVar(&n.database, "neo4j-database", env("NEO4J_DATABASE", "neo4j"), "Neo4j database (env NEO4J_DATABASE)")
	retry := neo4j.DefaultMaxRetryTime
	if v := os.Getenv("NEO4J_MAX_RETRY_TIME"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			n.err = fmt.Errorf("NEO4J_MAX_RETRY_TIME=%q: want a duration such as 1s", v)
		}
		retry = d
	}
	fs.DurationVar(&n.maxRetry, "neo4j-max-retry-time", retry, "how long the driver may retry a read that failed on a transient error or a lost connection; must be under half the -request-timeout (env NEO4J_MAX_RETRY_TIME)")
}

func serve(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := fset.String("addr", env("WSISGRAPH_ADDR", "127.0.0.1:8080"), "listen address (env WSISGRAPH_ADDR)")
	origins := fset.String("cors-origins", env("WSISGRAPH_CORS_ORIGINS", ""), "comma-separated CORS allow-list (env WSISGRAPH_CORS_ORIGINS); empty allows any origin")
	dataDir := fset.String("data", env("WSISGRAPH_DATA", ""), "a directory of partner files (*.csv, *.json: projects and organisations) served on top of the shipped dataset by the embedded store (env WSISGRAPH_DATA)")
	trustedPath := fset.String("trusted-documents", env("WSISGRAPH_TRUSTED_DOCUMENTS", ""), "a manifest of the operations the endpoint runs (GraphQL Code Generator's persisted-documents.json or an Apollo persisted query manifest); other queries are PERSISTED_QUERY_REQUIRED unless their X-Api-Key is one of -free-form-keys; SIGHUP reloads it; empty: any query runs (env WSISGRAPH_TRUSTED_DOCUMENTS)")
	freeFormKeys := fset.String("free-form-keys", env("WSISGRAPH_FREE_FORM_KEYS", ""), "comma-separated X-Api-Key values that may send any query when -trusted-documents is set (env WSISGRAPH_FREE_FORM_KEYS, better than the flag, which shows in ps)")
	var lf limitFlags
	lf.register(fset)
	var nf neo4jFlags
	nf.register(fset)
	fset.Parse(args)
	if lf.err != nil {
		return lf.err
	}
	if nf.err != nil {
		return nf.err
	}
	if nf.uri != "" && (nf.maxRetry <= 0 || 2*nf.maxRetry > lf.requestTimeout) {
		return fmt.Errorf("-neo4j-max-retry-time %v: want more than 0 and at most half the -request-timeout (%v), so that a request can use the retries", nf.maxRetry, lf.requestTimeout)
	}

	if *freeFormKeys != "" && *trustedPath == "" {
		return fmt.Errorf("-free-form-keys is for -trusted-documents: without a manifest, any query runs")
	}
	var trusted *server.TrustedDocuments
	if *trustedPath != "" {
		var err error
		if trusted, err = server.LoadTrustedDocuments(*trustedPath); err != nil {
			return err
		}
		log.Info("trusted documents", "path", *trustedPath, "format", trusted.Format(), "documents", trusted.Len(), "free_form_keys", len(splitList(*freeFormKeys)))
	}

	store, closeStore, err := openStore(ctx, log, nf, *dataDir)
	if err != nil {
		return err
	}
	defer closeStore()
	examples, err := playground.LoadExamples(queries.FS, ".")
	if err != nil {
		return err
	}
	cfg := lf.config()
	cfg.Store, cfg.AllowedOrigins, cfg.Examples, cfg.Logger = store, splitList(*origins), examples, log
	cfg.Loaders = loaderOptions(nf)
	cfg.TrustedDocuments, cfg.FreeFormKeys = trusted, splitList(*freeFormKeys)
	stopTracing, err := setUpTracing(ctx, log, &cfg)
	if err != nil {
		return err
	}
	defer stopTracing()
	srv := server.New(cfg)
	if trusted != nil {
		reloadOnHangup(ctx, srv, *trustedPath)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 20*time.Second,
		IdleTimeout:       120 * time.Second,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	log.Info("serving", "addr", base, "playground", base+"/", "graphql", base+"/graphql",
		"max_cost", lf.maxCost, "rate_limit_per_minute", lf.ratePerMinute, "response_cache", lf.responseCache,
		"request_timeout", lf.requestTimeout.String(),
		"loader_wait", cfg.Loaders.Wait.String(), "reference_loader_wait", cfg.Loaders.ReferenceWait.String())
	go func() {
		<-ctx.Done()
		log.Info("shutting down", "grace", lf.shutdownTimeout.String())
	}()
	return srv.Run(ctx, hs, ln, lf.shutdownTimeout)
}

// reloadOnHangup reloads the trusted documents at path on every SIGHUP until ctx is done; a
// manifest that fails to load leaves the one in use (ReloadTrustedDocuments logs why).
func reloadOnHangup(ctx context.Context, srv *server.Server, path string) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				_ = srv.ReloadTrustedDocuments(path)
			}
		}
	}()
}

// limitFlags are serve's limits, rate budget, caching and timeouts. A flag's default is its
// environment variable when set.
type limitFlags struct {
	maxBody                                        int64
	maxTokens, maxDepth, maxAliases, maxRootFields int
	maxCost, rateBurst, cacheEntries, cacheMB      int
	ratePerMinute                                  float64
	apiKeys, clientIPHeader                        string
	cacheMaxAge, requestTimeout, shutdownTimeout   time.Duration
	responseCache                                  bool
	err                                            error // the first malformed environment variable
}

func (l *limitFlags) register(fs *flag.FlagSet) {
	fs.Int64Var(&l.maxBody, "max-body-bytes", l.envInt("WSISGRAPH_MAX_BODY_BYTES", server.DefaultMaxBodyBytes), "largest POST body in bytes; larger is 413 BODY_TOO_LARGE (env WSISGRAPH_MAX_BODY_BYTES)")
	fs.IntVar(&l.maxTokens, "max-tokens", int(l.envInt("WSISGRAPH_MAX_TOKENS", server.DefaultMaxTokens)), "most lexical tokens in a query; more is TOKEN_LIMIT_EXCEEDED (env WSISGRAPH_MAX_TOKENS)")
	fs.IntVar(&l.maxDepth, "max-depth", int(l.envInt("WSISGRAPH_MAX_DEPTH", server.DefaultMaxDepth)), "deepest field nesting; deeper is DEPTH_LIMIT_EXCEEDED (env WSISGRAPH_MAX_DEPTH)")
	fs.IntVar(&l.maxAliases, "max-aliases", int(l.envInt("WSISGRAPH_MAX_ALIASES", server.DefaultMaxAliases)), "most aliased fields in a query; more is ALIAS_LIMIT_EXCEEDED (env WSISGRAPH_MAX_ALIASES)")
	fs.IntVar(&l.maxRootFields, "max-root-fields", int(l.envInt("WSISGRAPH_MAX_ROOT_FIELDS", server.DefaultMaxRootFields)), "most root fields in a query; more is ROOT_FIELD_LIMIT_EXCEEDED (env WSISGRAPH_MAX_ROOT_FIELDS)")
	fs.IntVar(&l.maxCost, "max-cost", int(l.envInt("WSISGRAPH_MAX_COST", server.DefaultMaxCost)), "highest cost of a query in points; more is COST_LIMIT_EXCEEDED (env WSISGRAPH_MAX_COST)")
	fs.Float64Var(&l.ratePerMinute, "rate-limit", float64(l.envInt("WSISGRAPH_RATE_LIMIT", server.DefaultRatePerMinute)), "cost points a client may spend per minute; over is 429 RATE_LIMITED; 0 switches rate limiting off (env WSISGRAPH_RATE_LIMIT)")
	fs.IntVar(&l.rateBurst, "rate-burst", int(l.envInt("WSISGRAPH_RATE_BURST", 0)), "most points a client's budget holds; 0: the -rate-limit; never less than -max-cost (env WSISGRAPH_RATE_BURST)")
	fs.StringVar(&l.apiKeys, "api-keys", env("WSISGRAPH_API_KEYS", ""), "comma-separated X-Api-Key values with a budget of their own; other requests are budgeted by address (env WSISGRAPH_API_KEYS, better than the flag, which shows in ps)")
	fs.StringVar(&l.clientIPHeader, "client-ip-header", env("WSISGRAPH_CLIENT_IP_HEADER", ""), "header in which a trusted proxy puts the client's address, such as X-Forwarded-For; empty: the connection's address (env WSISGRAPH_CLIENT_IP_HEADER)")
	fs.DurationVar(&l.cacheMaxAge, "cache-max-age", l.envDuration("WSISGRAPH_CACHE_MAX_AGE", server.DefaultCacheMaxAge), "max-age of error-free GET answers, which carry an ETag; 0: no-store and no ETag (env WSISGRAPH_CACHE_MAX_AGE)")
	fs.BoolVar(&l.responseCache, "response-cache", l.envBool("WSISGRAPH_RESPONSE_CACHE", true), "keep error-free answers in memory, keyed by query, variables, language and dataset version (env WSISGRAPH_RESPONSE_CACHE)")
	fs.IntVar(&l.cacheEntries, "response-cache-entries", int(l.envInt("WSISGRAPH_RESPONSE_CACHE_ENTRIES", server.DefaultResponseCacheEntries)), "most answers the response cache holds (env WSISGRAPH_RESPONSE_CACHE_ENTRIES)")
	fs.IntVar(&l.cacheMB, "response-cache-mb", int(l.envInt("WSISGRAPH_RESPONSE_CACHE_MB", server.DefaultResponseCacheBytes>>20)), "most megabytes of answers the response cache holds (env WSISGRAPH_RESPONSE_CACHE_MB)")
	fs.DurationVar(&l.requestTimeout, "request-timeout", l.envDuration("WSISGRAPH_REQUEST_TIMEOUT", server.DefaultRequestTimeout), "deadline of a GraphQL request; past it, TIMEOUT (env WSISGRAPH_REQUEST_TIMEOUT)")
	fs.DurationVar(&l.shutdownTimeout, "shutdown-timeout", l.envDuration("WSISGRAPH_SHUTDOWN_TIMEOUT", 20*time.Second), "on SIGTERM, how long requests in flight may take to finish (env WSISGRAPH_SHUTDOWN_TIMEOUT)")
}

// config returns the server configuration the flags ask for: a zero -rate-limit or
// -cache-max-age switches the feature off.
func (l *limitFlags) config() server.Config {
	cfg := server.Config{
		MaxBodyBytes: l.maxBody, MaxTokens: l.maxTokens, MaxDepth: l.maxDepth, MaxAliases: l.maxAliases,
		MaxRootFields: l.maxRootFields, MaxCost: l.maxCost,
		RatePerMinute: l.ratePerMinute, RateBurst: l.rateBurst, APIKeys: splitList(l.apiKeys), ClientIPHeader: l.clientIPHeader,
		CacheMaxAge: l.cacheMaxAge, NoResponseCache: !l.responseCache,
		ResponseCacheEntries: l.cacheEntries, ResponseCacheBytes: l.cacheMB << 20,
		RequestTimeout: l.requestTimeout,
	}
	if cfg.RatePerMinute <= 0 {
		cfg.RatePerMinute = -1
	}
	if cfg.CacheMaxAge <= 0 {
		cfg.CacheMaxAge = -1
	}
	return cfg
}

func (l *limitFlags) envInt(name string, def int64) int64 {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil && l.err == nil {
		l.err = fmt.Errorf("%s=%q: want an integer", name, v)
	}
	return n
}

func (l *limitFlags) envDuration(name string, def time.Duration) time.Duration {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil && l.err == nil {
		l.err = fmt.Errorf("%s=%q: want a duration such as 10s", name, v)
	}
	return d
}

func (l *limitFlags) envBool(name string, def bool) bool {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil && l.err == nil {
		l.err = fmt.Errorf("%s=%q: want true or false", name, v)
	}
	return b
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

// loaderOptions returns the loaders' waits for the store openStore opens from nf.
func loaderOptions(nf neo4jFlags) loaders.Options {
	if nf.uri == "" {
		return loaders.InProcessOptions
	}
	return neo4jLoaderOptions(nf.config())
}

// neo4jLoaderOptions returns the loaders' waits for a Neo4j store opened with c: with its
// reference cache on (the default), the reference-data loaders do not wait, since their
// reads are answered from memory; with it off, every read is a round trip and every loader
// waits to batch it.
func neo4jLoaderOptions(c neo4j.Config) loaders.Options {
	if c.RefreshInterval < 0 {
		return loaders.DefaultOptions
	}
	return loaders.CachedReferenceOptions
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
