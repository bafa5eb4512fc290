// Command compare measures wsisgraph side by side with @neo4j/graphql and hand-written
// Cypher on one local Neo4j, at several graph sizes (bench/README.md):
//
//	go run ./bench/cmd/compare -sizes 10000,100000 -rounds 3 -out docs/bench-results
//
// It starts a local Neo4j (scripts/neo4j, port 7694, state in /tmp/neo4j-bench), imports
// the shipped dataset and then each synthetic scale-up (bench/synth), runs the real
// wsisgraph binary (response cache off, rate limiting off), the @neo4j/graphql server of
// bench/neo4jgraphql and the hand-written floor (bench/floor) over it, checks that the three
// answer every query of the mix (bench/mix) with the same data, and then loads each with a
// closed loop (bench/load) per query and concurrency, the systems in turn, for several
// rounds. It writes results.json, results.md, a profile of wsisgraph under load and a chart
// of p99 against graph size to -out. Everything it started is stopped when it ends, on
// failure and on Ctrl-C too.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wsisgraph/wsisgraph/bench/load"
	"github.com/wsisgraph/wsisgraph/bench/mix"
	"github.com/wsisgraph/wsisgraph/bench/synth"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
)

type options struct {
	sizes      []int
	rounds     int
	concs      []int
	duration   time.Duration
	warmup     time.Duration
	maxCell    time.Duration
	out        string
	seed       uint64
	neo4jPort  int
	neo4jState string
	neo4jHeap  string
	basePort   int
	shipped    bool
	profile    bool
	queries    []string
}

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "floor-serve":
			exitOn(floorServe(os.Args[2:]))
			return
		case "profile-serve":
			exitOn(profileServe(os.Args[2:]))
			return
		}
	}
	var o options
	sizes := flag.String("sizes", "10000,100000", "comma-separated numbers of synthetic projects added to the shipped dataset")
	concs := flag.String("c", "1,8,32", "comma-separated concurrencies")
	queries := flag.String("queries", "", "comma-separated query names to run (default: all, and the mix)")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds: every cell is measured once per round, the systems in turn; medians are reported")
	flag.DurationVar(&o.duration, "d", time.Second, "measured time per cell")
	flag.DurationVar(&o.warmup, "warmup", 250*time.Millisecond, "unmeasured time before each cell")
	flag.DurationVar(&o.maxCell, "max-cell", 8*time.Second, "a cell goes on past -d until each worker has measured a request, but no longer than this")
	flag.StringVar(&o.out, "out", "docs/bench-results", "directory for results.json, results.md, the chart and the profiles")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the synthetic data")
	flag.IntVar(&o.neo4jPort, "neo4j-port", 7694, "Bolt port of the Neo4j the harness starts")
	flag.StringVar(&o.neo4jState, "neo4j-state", "/tmp/neo4j-bench", "state directory of that Neo4j")
	flag.StringVar(&o.neo4jHeap, "neo4j-heap", "6g", "its maximum heap (the 100,000-project import needs ~4 GB of transaction memory)")
	flag.IntVar(&o.basePort, "port", 18700, "first of the five loopback ports the servers listen on")
	flag.BoolVar(&o.shipped, "shipped", true, "also measure the shipped dataset: the embedded store and the response cache beside Neo4j")
	report := flag.String("report", "", "only rewrite results.md and the chart in -out from this results.json")
	flag.BoolVar(&o.profile, "profile", true, "profile wsisgraph under load at the largest size (pprof, and PROFILE of its slowest Cypher)")
	flag.Parse()
	var err error
	if o.sizes, err = ints(*sizes); err == nil {
		o.concs, err = ints(*concs)
	}
	exitOn(err)
	if *queries != "" {
		o.queries = strings.Split(*queries, ",")
	}

	if *report != "" {
		exitOn(rewriteReport(*report, o.out))
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = run(ctx, o)
	exitOn(err)
}

// rewriteReport writes results.md and the chart from a results.json of an earlier run.
func rewriteReport(path, out string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var r results
	if err := json.Unmarshal(b, &r); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return writeReport(&r, out)
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%q: want non-negative integers separated by commas", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// system is one server under test.
type system struct {
	label   string     // as reported: wsisgraph, wsisgraph+cache, wsisgraph-embedded, …
	kind    mix.System // which request bodies it takes
	url     string
	proc    *proc
	metrics string // wsisgraph's /metrics, "" for the others
}

// harness holds what one run has started.
type harness struct {
	o        options
	ps       procs
	tmp      string
	bin      string // the wsisgraph binary
	self     string // this binary, for floor-serve and profile-serve
	neo4jURI string
	neo4jPID int
	store    *neo4j.Store
	servers  []*system // the servers over Neo4j that run for the whole run
	res      results
	log      *log.Logger
}

func run(ctx context.Context, o options) (err error) {
	h := &harness{o: o, log: log.New(os.Stderr, "compare: ", log.Ltime)}
	if h.tmp, err = os.MkdirTemp("", "wsisgraph-bench-"); err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	started := time.Now()
	defer func() {
		h.ps.stopAll()
		if h.store != nil {
			h.store.Close(context.Background())
		}
		if h.neo4jURI != "" {
			h.log.Print("stopping Neo4j")
			sctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			if _, serr := runScript(sctx, h.neo4jEnv(), "stop"); serr != nil && err == nil {
				err = serr
			}
		}
		h.log.Printf("done in %v (logs in %s)", time.Since(started).Round(time.Second), h.tmp)
	}()

	if err := h.build(ctx); err != nil {
		return err
	}
	h.res.Machine = machine(ctx)
	h.res.Options = map[string]any{"sizes": o.sizes, "rounds": o.rounds, "concurrency": o.concs,
		"duration": o.duration.String(), "warmup": o.warmup.String(), "maxCell": o.maxCell.String(), "seed": o.seed}

	h.log.Printf("starting Neo4j on port %d (heap %s)", o.neo4jPort, o.neo4jHeap)
	if h.neo4jURI, err = runScript(ctx, h.neo4jEnv(), "start"); err != nil {
		return err
	}
	if !strings.HasPrefix(h.neo4jURI, "bolt://") {
		return fmt.Errorf("scripts/neo4j start printed %q, want a bolt URI", h.neo4jURI)
	}
	pidb, err := os.ReadFile(filepath.Join(o.neo4jState, "neo4j.pid"))
	if err != nil {
		return err
	}
	if h.neo4jPID, err = strconv.Atoi(strings.TrimSpace(string(pidb))); err != nil {
		return err
	}
	if h.store, err = neo4j.Open(ctx, neo4j.Config{URI: h.neo4jURI}); err != nil {
		return err
	}
	base, err := dataset.Embedded()
	if err != nil {
		return err
	}

	// The servers over Neo4j run for the whole run; each import changes what they serve.
	port := o.basePort
	next := func() string { port++; return net.JoinHostPort("127.0.0.1", strconv.Itoa(port-1)) }
	wsis, err := h.startWsisgraph(ctx, "wsisgraph", next(), true, false)
	if err != nil {
		return err
	}
	n4j, err := h.startNeo4jGraphQL(ctx, next())
	if err != nil {
		return err
	}
	floorSys, err := h.startFloor(ctx, next())
	if err != nil {
		return err
	}
	three := []*system{wsis, n4j, floorSys}
	h.servers = three

	sizes := slices.Clone(o.sizes)
	if o.shipped && !slices.Contains(sizes, 0) {
		sizes = append([]int{0}, sizes...)
	}
	for _, n := range sizes {
		d, err := synth.Generate(base, n, o.seed)
		if err != nil {
			return err
		}
		h.log.Printf("importing the shipped dataset + %d synthetic projects (%d projects, %d organisations, %d prizes)",
			n, len(d.Projects), len(d.Organizations), len(d.Prizes))
		t0 := time.Now()
		ictx, cancel := context.WithTimeout(ctx, 20*time.Minute)
		err = h.store.Import(ictx, d)
		cancel()
		if err != nil {
			return fmt.Errorf("import of %d synthetic projects: %w", n, err)
		}
		size := sizeResult{Synthetic: n, Projects: len(d.Projects), Organizations: len(d.Organizations),
			Prizes: len(d.Prizes), ImportSeconds: time.Since(t0).Seconds()}
		h.log.Printf("imported in %.1f s", size.ImportSeconds)

		systems := three
		var extra []*system
		if n == 0 && o.shipped {
			// The response cache and the embedded store, beside Neo4j, on the shipped dataset.
			cached, err := h.startWsisgraph(ctx, "wsisgraph+cache", next(), true, true)
			if err != nil {
				return err
			}
			embedded, err := h.startWsisgraph(ctx, "wsisgraph-embedded", next(), false, false)
			if err != nil {
				return err
			}
			extra = []*system{cached, embedded}
			systems = append(slices.Clone(three), extra...)
		}
		ps := mix.DefaultParams
		if n == 0 {
			ps.SearchText = shippedSearchText
		}
		qs := h.selectQueries(mix.Queries(ps))
		size.Equality = h.checkEqual(ctx, qs, three)
		h.warm(ctx, qs, systems)
		size.LoadBefore = loadAvg()
		h.res.Sizes = append(h.res.Sizes, size)
		if err := h.measure(ctx, n, qs, systems); err != nil {
			return err
		}
		h.res.Sizes[len(h.res.Sizes)-1].LoadAfter = loadAvg()
		for _, s := range extra {
			s.proc.stop()
		}
		if err := h.save(); err != nil {
			return err
		}
		// Profiles at the smallest size (where wsisgraph's own CPU matters most) and at the
		// largest (where Neo4j's plans do).
		if o.profile && (n == slices.Min(sizes) || n == slices.Max(sizes)) {
			if err := h.profileRun(ctx, n, qs, next(), n == slices.Max(sizes)); err != nil {
				h.log.Printf("profile failed: %v", err)
				h.res.ProfileError = err.Error()
			}
		}
		if err := h.save(); err != nil {
			return err
		}
	}
	h.res.TotalSeconds = time.Since(started).Seconds()
	return h.save()
}

// shippedSearchText is searched on the shipped dataset, where the synthetic RareWord has no
// hits.
const shippedSearchText = "information"

func (h *harness) neo4jEnv() []string {
	return []string{"NEO4J_PORT=" + strconv.Itoa(h.o.neo4jPort), "NEO4J_STATE_DIR=" + h.o.neo4jState,
		"NEO4J_HEAP=" + h.o.neo4jHeap, "NEO4J_PASSWORD="}
}

// build compiles wsisgraph and this command once, and installs the Node server's packages
// when they are missing.
func (h *harness) build(ctx context.Context) error {
	h.bin = filepath.Join(h.tmp, "wsisgraph")
	h.self = filepath.Join(h.tmp, "compare")
	for _, b := range [][2]string{{h.bin, "./cmd/wsisgraph"}, {h.self, "./bench/cmd/compare"}} {
		h.log.Printf("go build -o %s %s", b[0], b[1])
		cmd := exec.CommandContext(ctx, "go", "build", "-o", b[0], b[1])
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", b[1], err)
		}
	}
	if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", "@neo4j", "graphql")); err != nil {
		h.log.Printf("npm ci in %s", nodeDir)
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = nodeDir
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm ci in %s: %w", nodeDir, err)
		}
	}
	return nil
}

const nodeDir = "bench/neo4jgraphql"

func (h *harness) startWsisgraph(ctx context.Context, label, addr string, overNeo4j, cache bool) (*system, error) {
	args := []string{"serve", "-addr", addr, "-rate-limit", "0", "-max-cost", "10000000",
		"-response-cache=" + strconv.FormatBool(cache), "-request-timeout", "60s", "-cache-max-age", "0"}
	env := []string{"GOMAXPROCS=" + strconv.Itoa(runtime.NumCPU())}
	unset := []string{"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "WSISGRAPH_DATA"}
	if overNeo4j {
		env = append(env, "NEO4J_URI="+h.neo4jURI)
	}
	p, err := h.ps.start(label, filepath.Join(h.tmp, label+".log"), env, unset, h.bin, args...)
	if err != nil {
		return nil, err
	}
	base := "http://" + addr
	if err := waitHTTP(ctx, p, 60*time.Second, func() error { return getOK(base + "/readyz") }); err != nil {
		return nil, err
	}
	return &system{label: label, kind: mix.Wsisgraph, url: base + "/graphql", proc: p, metrics: base + "/metrics"}, nil
}

func (h *harness) startNeo4jGraphQL(ctx context.Context, addr string) (*system, error) {
	_, port, _ := net.SplitHostPort(addr)
	p, err := h.ps.start("neo4j-graphql", filepath.Join(h.tmp, "neo4j-graphql.log"),
		[]string{"NEO4J_URI=" + h.neo4jURI, "PORT=" + port, "NODE_ENV=production"}, []string{"NEO4J_PASSWORD", "DEBUG"},
		"node", filepath.Join(nodeDir, "server.mjs"))
	if err != nil {
		return nil, err
	}
	url := "http://" + addr + "/"
	client := load.NewClient(1)
	probe := load.Request{URL: url, Body: []byte(`{"query":"{ __typename }"}`)}
	if err := waitHTTP(ctx, p, 90*time.Second, func() error {
		_, err := load.Post(ctx, client, probe, 5*time.Second)
		return err
	}); err != nil {
		return nil, err
	}
	return &system{label: "neo4j-graphql", kind: mix.Neo4jGraphQL, url: url, proc: p}, nil
}

func (h *harness) startFloor(ctx context.Context, addr string) (*system, error) {
	p, err := h.ps.start("cypher", filepath.Join(h.tmp, "cypher.log"), []string{"GOMAXPROCS=" + strconv.Itoa(runtime.NumCPU())}, nil,
		h.self, "floor-serve", "-addr", addr, "-neo4j-uri", h.neo4jURI)
	if err != nil {
		return nil, err
	}
	base := "http://" + addr
	if err := waitHTTP(ctx, p, 30*time.Second, func() error { return getOK(base + "/healthz") }); err != nil {
		return nil, err
	}
	return &system{label: "cypher", kind: mix.Cypher, url: base + "/query", proc: p}, nil
}

func (h *harness) selectQueries(all []mix.Query) []mix.Query {
	if len(h.o.queries) == 0 {
		return all
	}
	var out []mix.Query
	for _, q := range all {
		if slices.Contains(h.o.queries, q.Name) {
			out = append(out, q)
		}
	}
	return out
}

// checkEqual asks every system every query and compares the normalised answers with
// wsisgraph's. It returns a verdict per query: "same" or where they differ.
func (h *harness) checkEqual(ctx context.Context, qs []mix.Query, systems []*system) map[string]string {
	out := map[string]string{}
	client := load.NewClient(1)
	for _, q := range qs {
		var ref any
		verdict := "same"
		for _, s := range systems {
			b, err := load.Post(ctx, client, load.Request{URL: s.url, Body: q.Bodies[s.kind]}, 120*time.Second)
			var got any
			if err == nil {
				got, err = mix.Normalise(q, s.kind, b)
			}
			if err != nil {
				verdict = fmt.Sprintf("%s failed: %v", s.label, err)
				break
			}
			if s.kind == mix.Wsisgraph {
				ref = got
				os.WriteFile(filepath.Join(h.tmp, "answer-"+q.Name+".json"), b, 0o644)
				continue
			}
			if same, diff := mix.Equal(ref, got); !same {
				verdict = fmt.Sprintf("%s differs from wsisgraph at %s", s.label, diff)
				break
			}
		}
		out[q.Name] = verdict
		h.log.Printf("equality %-18s %s", q.Name, verdict)
	}
	return out
}

// warm sends every query to every system a few times, so that plans are cached and code
// is compiled before anything is measured.
func (h *harness) warm(ctx context.Context, qs []mix.Query, systems []*system) {
	client := load.NewClient(1)
	for range 3 {
		for _, q := range qs {
			for _, s := range systems {
				load.Post(ctx, client, load.Request{URL: s.url, Body: q.Bodies[s.kind]}, 120*time.Second)
			}
		}
	}
}

// loadAvg returns the machine's 1-minute load average (other work on the machine skews
// every figure), "" when unknown.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// mixName is the pseudo-query that sends every query of the mix in turn.
const mixName = "mix"

// measure runs every cell of one size: per round, per query (and the mix), per
// concurrency, each system in turn.
func (h *harness) measure(ctx context.Context, size int, qs []mix.Query, systems []*system) error {
	type job struct {
		name string
		reqs func(s *system) []load.Request
	}
	var jobs []job
	for _, q := range qs {
		jobs = append(jobs, job{q.Name, func(s *system) []load.Request {
			return []load.Request{{URL: s.url, Body: q.Bodies[s.kind]}}
		}})
	}
	if len(qs) > 1 {
		jobs = append(jobs, job{mixName, func(s *system) []load.Request {
			var rs []load.Request
			for _, q := range qs {
				rs = append(rs, load.Request{URL: s.url, Body: q.Bodies[s.kind]})
			}
			return rs
		}})
	}
	for round := 1; round <= h.o.rounds; round++ {
		for _, j := range jobs {
			for _, c := range h.o.concs {
				for _, s := range systems {
					// The cache and embedded variants are measured at one concurrency: they
					// are reported beside wsisgraph over Neo4j, not in every table.
					if s.label != "wsisgraph" && s.kind == mix.Wsisgraph && c != h.o.concs[len(h.o.concs)/2] {
						continue
					}
					cell, err := h.cell(ctx, s, j.reqs(s), c)
					if err != nil {
						return err
					}
					cell.Size, cell.Round, cell.Query = size, round, j.name
					h.res.Cells = append(h.res.Cells, cell)
					h.log.Printf("size %d round %d %-18s c=%-2d %-18s %8.1f req/s p50 %7s ms p99 %7s ms (%d req, %d err, %d cut off)",
						size, round, j.name, c, s.label, cell.RPS, f1(cell.P50ms), f1(cell.P99ms), cell.Requests, cell.Errors, cell.Abandoned)
				}
			}
		}
	}
	return nil
}

func (h *harness) cell(ctx context.Context, s *system, reqs []load.Request, c int) (cellResult, error) {
	var cpu, db [2]time.Duration
	var calls [2]float64
	var errs [4]error
	mark := func(i int) {
		cpu[i], errs[2*i] = load.CPUTime(s.proc.pid())
		db[i], errs[2*i+1] = load.CPUTime(h.neo4jPID)
		calls[i] = storeCalls(s.metrics)
	}
	r, err := load.Run(ctx, load.Config{Concurrency: c, Duration: h.o.duration, Warmup: h.o.warmup, Requests: reqs,
		MaxDuration: h.o.maxCell, Timeout: 60 * time.Second, OnStart: func() { mark(0) }, OnEnd: func() { mark(1) }})
	if err != nil {
		return cellResult{}, err
	}
	if e := errors.Join(errs[:]...); e != nil {
		return cellResult{}, fmt.Errorf("reading CPU times: %w", e)
	}
	cell := cellResult{System: s.label, Concurrency: c, Requests: r.Requests, Errors: r.Errors, Abandoned: r.Abandoned, FirstError: r.FirstError,
		RPS: r.RPS, P50ms: ms(r.P50), P99ms: ms(r.P99), MaxMs: ms(r.Max), RoundTrips: -1}
	// Counters are read when the measured time starts and when its last request has ended.
	if n := float64(r.Requests); n > 0 {
		cell.ServerCPUPer1k = (cpu[1] - cpu[0]).Seconds() / n * 1000
		cell.Neo4jCPUPer1k = (db[1] - db[0]).Seconds() / n * 1000
		if calls[0] >= 0 && calls[1] >= 0 {
			cell.RoundTrips = (calls[1] - calls[0]) / n
		}
	}
	return cell, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (h *harness) save() error {
	b, err := json.MarshalIndent(&h.res, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(h.o.out, "results.json"), b, 0o644); err != nil {
		return err
	}
	return writeReport(&h.res, h.o.out)
}
