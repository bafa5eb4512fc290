package mix_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wsisgraph/wsisgraph/bench/floor"
	"github.com/wsisgraph/wsisgraph/bench/load"
	"github.com/wsisgraph/wsisgraph/bench/mix"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
)

// TestThreeSystemsAnswerAlike asks wsisgraph (over Neo4j), the @neo4j/graphql server of
// bench/neo4jgraphql and the hand-written Cypher floor every query of the mix on the shipped
// dataset, and checks that their normalised answers are the same data: the benchmark
// compares like with like.
//
// It needs NEO4J_URI and `npm ci` run in bench/neo4jgraphql. It imports the shipped dataset
// only into a database that is empty or already holds it, so that it never replaces a graph
// another package's tests are using.
func TestThreeSystemsAnswerAlike(t *testing.T) {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		t.Skip("NEO4J_URI not set: skipping the side-by-side equality check (see bench/README.md)")
	}
	nodeDir := filepath.Join("..", "neo4jgraphql")
	if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", "@neo4j", "graphql")); err != nil {
		t.Skip("bench/neo4jgraphql/node_modules missing: run `npm ci` there to check the side-by-side equality")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not found: skipping the side-by-side equality check")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cfg := neo4j.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD")}
	st, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("neo4j.Open: %v", err)
	}
	defer st.Close(context.Background())
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	switch v, err := st.Version(ctx); {
	case err != nil:
		t.Fatalf("Version: %v", err)
	case v == d.Version:
	case v == "":
		if err := st.Import(ctx, d); err != nil {
			t.Fatalf("Import: %v", err)
		}
	default:
		t.Skipf("the database at NEO4J_URI holds another graph (version %s): not replacing it; point NEO4J_URI at an empty database", v)
	}

	wsis := httptest.NewServer(server.New(server.Config{
		Store: st, RatePerMinute: -1, NoResponseCache: true, CacheMaxAge: -1,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}))
	defer wsis.Close()

	auth := driver.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = driver.BasicAuth(cfg.User, cfg.Password, "")
	}
	drv, err := driver.NewDriverWithContext(uri, auth)
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(context.Background())
	fl := httptest.NewServer(&floor.Server{Driver: drv, Database: "neo4j"})
	defer fl.Close()

	n4jURL := startNeo4jGraphQL(t, nodeDir, uri)
	urls := map[mix.System]string{mix.Wsisgraph: wsis.URL + "/graphql", mix.Neo4jGraphQL: n4jURL, mix.Cypher: fl.URL}

	// On the shipped dataset the synthetic search word has no hits: search a word it has.
	p := mix.DefaultParams
	p.SearchText = "information"
	client := load.NewClient(1)
	for _, q := range mix.Queries(p) {
		t.Run(q.Name, func(t *testing.T) {
			answers := map[mix.System]any{}
			for _, sys := range []mix.System{mix.Wsisgraph, mix.Neo4jGraphQL, mix.Cypher} {
				b, err := load.Post(ctx, client, load.Request{URL: urls[sys], Body: q.Bodies[sys]}, time.Minute)
				if err != nil {
					t.Fatalf("%s: %v", sys, err)
				}
				if answers[sys], err = mix.Normalise(q, sys, b); err != nil {
					t.Fatal(err)
				}
			}
			if isEmpty(answers[mix.Wsisgraph]) {
				t.Fatalf("wsisgraph's answer is empty, the comparison would prove nothing: %v", answers[mix.Wsisgraph])
			}
			for _, sys := range []mix.System{mix.Neo4jGraphQL, mix.Cypher} {
				if same, diff := mix.Equal(answers[mix.Wsisgraph], answers[sys]); !same {
					t.Errorf("%s answers differently from wsisgraph: %s", sys, diff)
				}
			}
		})
	}
	if v, err := st.Version(ctx); err != nil || v != d.Version {
		t.Fatalf("the graph changed during the test (version %q, err %v): another test shares NEO4J_URI", v, err)
	}
}

// isEmpty reports whether a normalised answer has no list with an element in it.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if !isEmpty(e) {
				return false
			}
		}
		return true
	case []any:
		return len(x) == 0
	}
	return true
}

// startNeo4jGraphQL runs bench/neo4jgraphql/server.mjs on a free loopback port until the test
// ends and returns its URL.
func startNeo4jGraphQL(t *testing.T, dir, uri string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command("node", "server.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NEO4J_URI="+uri, "PORT="+strconv.Itoa(port))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "READY "); ok {
				ready <- strings.TrimSpace(u)
			}
		}
	}()
	select {
	case u := <-ready:
		return u
	case <-time.After(90 * time.Second):
		t.Fatal("the @neo4j/graphql server did not start within 90 s")
		return ""
	}
}
