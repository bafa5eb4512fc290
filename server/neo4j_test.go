package server_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

// The Neo4j fault tests kill, restart and re-import a Neo4j of their own, so they run only
// when NEO4J_FAULT_STATE_DIR names the state directory of a Neo4j started for them alone:
//
//	NEO4J_PORT=7691 NEO4J_STATE_DIR=/tmp/neo4j-faults scripts/neo4j start
//	NEO4J_FAULT_URI=bolt://127.0.0.1:7691 NEO4J_FAULT_STATE_DIR=/tmp/neo4j-faults \
//	    go test ./server -run Neo4j -v
//	NEO4J_PORT=7691 NEO4J_STATE_DIR=/tmp/neo4j-faults scripts/neo4j stop

// faultNeo4j returns the URI and state directory of the Neo4j the test may kill, or skips.
func faultNeo4j(t *testing.T) (uri, stateDir string) {
	uri, stateDir = os.Getenv("NEO4J_FAULT_URI"), os.Getenv("NEO4J_FAULT_STATE_DIR")
	if uri == "" || stateDir == "" {
		t.Skip("NEO4J_FAULT_URI and NEO4J_FAULT_STATE_DIR not set: skipping the Neo4j fault tests (see server/neo4j_test.go; scripts/test sets them)")
	}
	return uri, stateDir
}

func openNeo4j(t *testing.T, uri string) *neo4j.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := neo4j.Open(ctx, neo4j.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD")})
	if err != nil {
		t.Fatalf("opening %s: %v", uri, err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

// importWithin imports d, retrying while the server is coming back, for at most d.
func importWithin(t *testing.T, s *neo4j.Store, d *dataset.Dataset, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // a loaded machine: minutes
		err := s.Import(ctx, d)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Import: %v", err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// outcome is one answer seen under load.
type outcome struct {
	at      time.Time
	status  int
	code    string
	data    string
	latency time.Duration
	err     error
}

// loadUntil sends query from n clients until ctx is done and returns every answer.
func loadUntil(ctx context.Context, base string, n int, query string) func() []outcome {
	var mu sync.Mutex
	var out []outcome
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				start := time.Now()
				req, _ := http.NewRequest(http.MethodGet, base+"/graphql?query="+url.QueryEscape(query), nil)
				resp, err := http.DefaultClient.Do(req)
				o := outcome{at: start, latency: time.Since(start), err: err}
				if err == nil {
					a := readAnswerQuiet(resp)
					o.status, o.code, o.data = a.Status, a.code(), string(a.Data)
				}
				mu.Lock()
				out = append(out, o)
				mu.Unlock()
			}
		}()
	}
	return func() []outcome {
		wg.Wait()
		return out
	}
}

func readAnswerQuiet(resp *http.Response) *answer {
	defer resp.Body.Close()
	a := &answer{Status: resp.StatusCode}
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	_ = json.Unmarshal([]byte(b.String()), a)
	return a
}

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestNeo4jKilledUnderLoad kills the Neo4j JVM while clients query the service, and checks
// that the service names the failure (SERVICE_UNAVAILABLE, quickly; never a 5xx or
// INTERNAL), that /readyz says 503, and that it recovers once Neo4j is back.
func TestNeo4jKilledUnderLoad(t *testing.T) {
	uri, stateDir := faultNeo4j(t)
	store := openNeo4j(t, uri)
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	importWithin(t, store, d, time.Minute)
	srv := newServer(t, server.Config{Store: store, NoResponseCache: true, RatePerMinute: -1, RequestTimeout: 5 * time.Second})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	// Projects are always read from Neo4j (goals and targets come from the store's in-memory
	// copy of the reference data, which outlives the server).
	const query = `{ goals { number targets { code } } projects(first: 5) { nodes { key } } }`
	if a := do(t, ts.URL, gqlReq{query: query}); a.code() != "" {
		t.Fatalf("before the kill: %s %s", a.code(), a.message())
	}

	ctx, stop := context.WithCancel(context.Background())
	results := loadUntil(ctx, ts.URL, 8, query)
	time.Sleep(time.Second)
	b, err := os.ReadFile(filepath.Join(stateDir, "neo4j.pid"))
	if err != nil {
		stop()
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	killedAt := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		stop()
		t.Fatalf("kill %d: %v", pid, err)
	}
	time.Sleep(3 * time.Second)
	readyStart := time.Now()
	ready := status(t, ts.URL+"/readyz")
	readyTook := time.Since(readyStart)
	stop()
	outs := results()

	var unavailable []time.Duration
	codes := map[string]int{}
	for _, o := range outs {
		if o.err != nil {
			t.Errorf("transport error: %v", o.err)
			continue
		}
		codes[o.code]++
		if o.status >= 500 {
			t.Errorf("status %d (%s) at %v after the kill", o.status, o.code, o.at.Sub(killedAt))
		}
		switch o.code {
		case "":
		case "SERVICE_UNAVAILABLE":
			if o.at.After(killedAt) {
				unavailable = append(unavailable, o.latency)
			}
		case "TIMEOUT": // in flight when the server died
		default:
			t.Errorf("code %s at %v after the kill", o.code, o.at.Sub(killedAt))
		}
	}
	slices.Sort(unavailable)
	t.Logf("%d answers: %v; SERVICE_UNAVAILABLE latencies p50 %v p90 %v max %v; /readyz %d in %v",
		len(outs), codes, pctl(unavailable, .5), pctl(unavailable, .9), pctl(unavailable, 1), ready, readyTook.Round(time.Millisecond))
	if len(unavailable) == 0 {
		t.Fatal("no SERVICE_UNAVAILABLE after the kill")
	}
	if p90 := pctl(unavailable, .9); p90 > 2*time.Second {
		t.Errorf("SERVICE_UNAVAILABLE took %v (p90): want it fast", p90)
	}
	if ready != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d with Neo4j down, want 503", ready)
	}

	// Restart (a fresh, empty database), re-import, and expect the service back.
	port := uri[strings.LastIndex(uri, ":")+1:]
	cmd := exec.Command("../scripts/neo4j", "start")
	cmd.Env = append(os.Environ(), "NEO4J_STATE_DIR="+stateDir, "NEO4J_PORT="+port)
	restartAt := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("restarting Neo4j: %v\n%s", err, out)
	}
	importWithin(t, store, d, time.Minute)
	var a *answer
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if a = do(t, ts.URL, gqlReq{query: query}); a.code() == "" && status(t, ts.URL+"/readyz") == 200 {
			break
		}
	}
	if a.code() != "" {
		t.Fatalf("after the restart: %s %s", a.code(), a.message())
	}
	t.Logf("serving again %v after the restart began", time.Since(restartAt).Round(time.Millisecond))
}

// TestNeo4jImportInterrupted interrupts an import (cancelled mid-transaction) while
// clients query the service, and checks that every answer during and after it is the old
// dataset's, without errors; then that a completed import is served once its version is seen,
// the response cache included.
func TestNeo4jImportInterrupted(t *testing.T) {
	uri, _ := faultNeo4j(t)
	// The interrupted import is cancelled after its first batch of statements, so that the
	// fault always falls inside its transaction, however fast or slow the machine.
	var interrupt atomic.Pointer[context.CancelFunc]
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	store, err := neo4j.Open(ctx, neo4j.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"),
		AfterImportBatch: func(string, int) {
			if c := interrupt.Swap(nil); c != nil {
				(*c)()
			}
		}})
	if err != nil {
		t.Fatalf("opening %s: %v", uri, err)
	}
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	importWithin(t, store, d, time.Minute)
	// The load goes to Neo4j on every request; the cached server checks the version switch.
	ts := httptest.NewServer(newServer(t, server.Config{Store: store, RatePerMinute: -1, NoResponseCache: true}))
	defer ts.Close()
	cached := httptest.NewServer(newServer(t, server.Config{Store: store, RatePerMinute: -1, VersionTTL: 100 * time.Millisecond}))
	defer cached.Close()
	const query = `{ goal(number: 1) { shortTitle } projects(first: 1) { totalCount } }`
	old := do(t, ts.URL, gqlReq{query: query})
	if old.code() != "" {
		t.Fatalf("before: %s %s", old.code(), old.message())
	}
	if a := do(t, cached.URL, gqlReq{query: query}); string(a.Data) != string(old.Data) {
		t.Fatalf("cached server: %s", a.Data)
	}

	// A changed goal title and 20,000 more projects: a partial commit would show either.
	changed := changedDataset(d, "Changed title", 20_000)
	ctx, stop := context.WithCancel(context.Background())
	results := loadUntil(ctx, ts.URL, 4, query)
	importCtx, cancelImport := context.WithTimeout(context.Background(), 5*time.Minute)
	interrupt.Store(&cancelImport)
	start := time.Now()
	importErr := store.Import(importCtx, changed)
	interrupted := interrupt.Load() == nil
	interrupt.Store(nil)
	cancelImport()
	took := time.Since(start)
	time.Sleep(300 * time.Millisecond) // past the version TTL: answers after the failure too
	stop()
	outs := results()
	if !interrupted || importErr == nil {
		t.Fatalf("the import returned %v after %v (cancelled after its first batch: %v), want it interrupted", importErr, took, interrupted)
	}
	t.Logf("import interrupted after %v: %v (code %s); %d answers during and after", took.Round(time.Millisecond), importErr, wsisgraph.ErrorCode(importErr), len(outs))
	for _, o := range outs {
		if o.err != nil || o.status != 200 || o.code != "" || o.data != string(old.Data) {
			t.Fatalf("answer at %v: %d %s %v %s, want the old data %s", o.at.Sub(start), o.status, o.code, o.err, o.data, old.Data)
		}
	}
	if v, err := store.Version(context.Background()); err != nil || v != d.Version {
		t.Errorf("version after the interrupted import = %q, %v; want %q", v, err, d.Version)
	}

	done := changedDataset(d, "Changed title", 0)
	importWithin(t, store, done, time.Minute)
	time.Sleep(200 * time.Millisecond) // past the version TTL
	for _, base := range []string{ts.URL, cached.URL} {
		if a := do(t, base, gqlReq{query: query}); !strings.Contains(string(a.Data), "Changed title") {
			t.Errorf("after a completed import: %s, want the new title", a.Data)
		}
	}
	importWithin(t, store, d, time.Minute) // leave the database as found
}

// changedDataset returns d with goal 1's English short title set to title, n synthetic
// projects added, and its own version.
func changedDataset(d *dataset.Dataset, title string, n int) *dataset.Dataset {
	c := *d
	c.Goals = slices.Clone(d.Goals)
	g := *c.Goals[0]
	g.ShortTitle = maps.Clone(g.ShortTitle)
	g.ShortTitle[wsisgraph.LangEnglish] = title
	c.Goals[0] = &g
	c.Version += "-" + strings.ReplaceAll(title, " ", "-")
	return storetest.WithSyntheticProjects(&c, n)
}

func pctl(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[int(float64(len(ds)-1)*p)].Round(100 * time.Microsecond)
}
