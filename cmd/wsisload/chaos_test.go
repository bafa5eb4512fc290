package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
)

// TestNeo4jLifeUnderLoad runs the service through a whole Neo4j life under load from
// wsisload: the dataset imported, Neo4j killed (SIGKILL), a fresh, empty Neo4j started, the
// dataset imported into it while the load goes on, and the load run on past the import. It
// fails on any INTERNAL or TIMEOUT answer, any 5xx or transport error, an outage answer
// (SERVICE_UNAVAILABLE) without Retry-After, outage answers slower than 1 s at p99, or valid
// requests still failing more than 5 s after the import committed; it logs the figures.
//
// It starts, kills and restarts a Neo4j of its own with scripts/neo4j, on NEO4J_CHAOS_PORT
// with its state in NEO4J_CHAOS_STATE_DIR, and authenticates as NEO4J_USER / NEO4J_PASSWORD
// (scripts/test sets all four). NEO4J_CHAOS_CLIENTS sets the load's clients (default 16).
func TestNeo4jLifeUnderLoad(t *testing.T) {
	port, stateDir := os.Getenv("NEO4J_CHAOS_PORT"), os.Getenv("NEO4J_CHAOS_STATE_DIR")
	if port == "" || stateDir == "" {
		t.Skip("NEO4J_CHAOS_PORT and NEO4J_CHAOS_STATE_DIR not set: skipping the Neo4j life test (scripts/test sets them)")
	}
	clients := 16
	if v := os.Getenv("NEO4J_CHAOS_CLIENTS"); v != "" {
		clients, _ = strconv.Atoi(v)
	}
	const (
		downFor    = 2 * time.Second // Neo4j stays dead this long under load before it is restarted
		loadBefore = 5 * time.Second // load on the imported graph before the kill
		loadAfter  = 8 * time.Second // load after the import committed
	)
	testStart := time.Now()
	neo := neo4jControl{t: t, port: port, stateDir: stateDir}
	neo.stop() // a Neo4j left in the state directory would be taken for the fresh one
	t.Cleanup(neo.stop)
	uri := neo.start()
	cfg := neo4j.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD")}
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	firstImport := time.Now()
	if _, err := importDataset(cfg, d); err != nil {
		t.Fatalf("first import: %v", err)
	}
	t.Logf("Neo4j started and the dataset imported in %v (import %v)", since(testStart, time.Now()), since(firstImport, time.Now()))

	// The service as `wsisgraph serve -rate-limit 0 -response-cache=false` runs it.
	var transitions syncBuffer
	serveCfg := cfg
	serveCfg.Logger = slog.New(slog.NewTextHandler(&transitions, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.String("at", "+"+since(testStart, a.Value.Time()).String())
			}
			return a
		},
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	store, err := neo4j.Open(ctx, serveCfg)
	cancel()
	if err != nil {
		t.Fatalf("opening the service's store: %v", err)
	}
	defer store.Close(context.Background())
	srv := server.New(server.Config{
		Store: store, RatePerMinute: -1, NoResponseCache: true, Loaders: loaders.CachedReferenceOptions,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ts := httptest.NewServer(srv)
	defer ts.Close()

	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}}
	loadCtx, stopLoad := context.WithCancel(context.Background())
	defer stopLoad()
	results, err := load(loadCtx, hc, options{base: ts.URL, clients: clients, abusive: 0.2, seed: 1, outageOK: true})
	if err != nil {
		t.Fatal(err)
	}
	rep := newReport()
	collected := make(chan struct{})
	go func() {
		for res := range results {
			rep.add(res)
		}
		close(collected)
	}()
	probes := probeReadiness(loadCtx, ts.URL)
	loadStart := time.Now()

	time.Sleep(loadBefore)
	killedAt := neo.kill()
	time.Sleep(downFor)
	restartAt := time.Now()
	neo.start()
	upAt := time.Now()
	committedAt, importErr := importDataset(cfg, d)
	if importErr != nil {
		t.Errorf("import under load, %v after Neo4j was up again: %v", since(upAt, time.Now()), importErr)
		committedAt = time.Now()
	}
	time.Sleep(loadAfter)
	stopLoad()
	<-collected
	readiness := probes()
	loadEnd := time.Now()

	// The figures.
	var out bytes.Buffer
	failed := rep.print(&out, loadEnd.Sub(loadStart), clients)
	t.Logf("wsisload, %d clients (Neo4j killed at +%v, restarted +%v–%v, import committed +%v):\n%s",
		clients, since(loadStart, killedAt), since(loadStart, restartAt), since(loadStart, upAt), since(loadStart, committedAt), out.String())
	var (
		codes                = map[string]int{}
		outage, all          []time.Duration
		lastFailure          time.Time
		fiveXX, transportErr int
	)
	for _, r := range rep.valid {
		if r.err != nil {
			transportErr++
			continue
		}
		all = append(all, r.latency)
		codes[r.code]++
		if r.status >= 500 {
			fiveXX++
		}
		if r.code != "" {
			if r.start.After(lastFailure) {
				lastFailure = r.start
			}
		}
		if r.kind == kindUnavailable {
			outage = append(outage, r.latency)
		}
	}
	slices.Sort(outage)
	slices.Sort(all)
	recovery := max(0, lastFailure.Sub(committedAt))
	readyAt := readiness.firstOKAfter(committedAt)
	t.Logf("valid requests %d: %v; INTERNAL %d, TIMEOUT %d, 5xx %d, transport errors %d",
		len(rep.valid), codes, codes["INTERNAL"], codes["TIMEOUT"], fiveXX, transportErr)
	t.Logf("outage answers: %d, p50 %v, p99 %v, max %v; all valid answers p99 %v, max %v",
		len(outage), quantile(outage, .5), quantile(outage, .99), quantile(outage, 1), quantile(all, .99), quantile(all, 1))
	t.Logf("recovery: last failed valid request began %v after the import committed; /readyz 200 %v after it; /readyz said %s",
		recovery.Round(time.Millisecond), readyAt.Round(time.Millisecond), readiness.summary())
	t.Logf("the service's store, from the test's start:\n%s", transitions.String())
	t.Logf("test run time %v", time.Since(testStart).Round(time.Second))

	if failed {
		t.Error("wsisload: some requests were not answered as they must be (see the table)")
	}
	if n := codes["INTERNAL"]; n > 0 {
		t.Errorf("%d INTERNAL answers", n)
	}
	if n := codes["TIMEOUT"]; n > 0 {
		t.Errorf("%d TIMEOUT answers", n)
	}
	if fiveXX > 0 || transportErr > 0 {
		t.Errorf("%d answers with a 5xx status, %d transport errors", fiveXX, transportErr)
	}
	if len(outage) == 0 {
		t.Error("no SERVICE_UNAVAILABLE answer: the outage was not seen")
	}
	if p99 := quantile(outage, .99); p99 > time.Second {
		t.Errorf("outage answers took %v at p99, want at most 1 s", p99)
	}
	if recovery > 5*time.Second {
		t.Errorf("valid requests failed until %v after the import committed, want at most 5 s", recovery)
	}
	if readyAt < 0 || readyAt > 5*time.Second {
		t.Errorf("/readyz answered 200 %v after the import committed, want within 5 s", readyAt)
	}
	for _, want := range []string{"unreachable"} {
		if !readiness.saw(want) {
			t.Errorf("/readyz never gave the reason %q: %s", want, readiness.summary())
		}
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func since(t0, t time.Time) time.Duration { return t.Sub(t0).Round(100 * time.Millisecond) }

func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[int(float64(len(ds)-1)*q)].Round(100 * time.Microsecond)
}

// importDataset imports d with a Store of its own, as `wsisgraph import` does, and returns
// when the import's transaction committed (when Import returned).
func importDataset(cfg neo4j.Config, d *dataset.Dataset) (time.Time, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cfg.ImportOnly = true
	s, err := neo4j.Open(ctx, cfg)
	if err != nil {
		return time.Time{}, err
	}
	defer s.Close(context.Background())
	if err := s.Import(ctx, d); err != nil {
		return time.Time{}, err
	}
	return time.Now(), nil
}

// neo4jControl starts and kills a Neo4j through scripts/neo4j.
type neo4jControl struct {
	t              *testing.T
	port, stateDir string
}

func (n neo4jControl) script(cmd string) string {
	n.t.Helper()
	c := exec.Command("../../scripts/neo4j", cmd)
	c.Env = append(os.Environ(), "NEO4J_PORT="+n.port, "NEO4J_STATE_DIR="+n.stateDir)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		n.t.Fatalf("scripts/neo4j %s: %v\n%s", cmd, err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// start starts a fresh, empty Neo4j and returns its URI.
func (n neo4jControl) start() string { return n.script("start") }

func (n neo4jControl) stop() {
	c := exec.Command("../../scripts/neo4j", "stop")
	c.Env = append(os.Environ(), "NEO4J_PORT="+n.port, "NEO4J_STATE_DIR="+n.stateDir)
	_ = c.Run()
}

// kill sends SIGKILL to the Neo4j JVM and returns when.
func (n neo4jControl) kill() time.Time {
	n.t.Helper()
	b, err := os.ReadFile(filepath.Join(n.stateDir, "neo4j.pid"))
	if err != nil {
		n.t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		n.t.Fatal(err)
	}
	at := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		n.t.Fatalf("kill %d: %v", pid, err)
	}
	// Wait until it is gone, or a zombie with every thread ended: scripts/neo4j start takes a dying
	// JVM for a running one. A JVM's main thread turns zombie before its other threads have
	// ended, and until they have, its command line still reads as the launcher's.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil || len(cmdline) == 0 {
			break
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("Neo4j (pid %d) still alive 30 s after SIGKILL", pid)
		}
	}
	return at
}

// readinessProbe is /readyz read every 50 ms.
type readinessProbe struct {
	at     []time.Time
	status []int
	body   []string
}

// probeReadiness reads base's /readyz every 50 ms until ctx is done; the returned function
// waits for the last reading and returns them all.
func probeReadiness(ctx context.Context, base string) func() *readinessProbe {
	p := &readinessProbe{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			at := time.Now()
			resp, err := http.Get(base + "/readyz")
			status, body := 0, ""
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				status, body = resp.StatusCode, strings.TrimSpace(string(b))
			}
			p.at, p.status, p.body = append(p.at, at), append(p.status, status), append(p.body, body)
			time.Sleep(50 * time.Millisecond)
		}
	}()
	return func() *readinessProbe { wg.Wait(); return p }
}

// firstOKAfter returns how long after t /readyz first answered 200, or -1.
func (p *readinessProbe) firstOKAfter(t time.Time) time.Duration {
	for i, at := range p.at {
		if at.After(t) && p.status[i] == http.StatusOK {
			return at.Sub(t)
		}
	}
	return -1
}

func (p *readinessProbe) saw(reason string) bool {
	for _, b := range p.body {
		if strings.Contains(b, reason) {
			return true
		}
	}
	return false
}

// summary lists the answers in order, each run of equal answers once with its count.
func (p *readinessProbe) summary() string {
	var parts []string
	for i := 0; i < len(p.body); {
		j := i
		for j < len(p.body) && p.body[j] == p.body[i] && p.status[j] == p.status[i] {
			j++
		}
		parts = append(parts, fmt.Sprintf("%d %q ×%d", p.status[i], p.body[i], j-i))
		i = j
	}
	return strings.Join(parts, " → ")
}
