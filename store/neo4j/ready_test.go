package neo4j

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

// waitReason waits up to 5 s for s to report reason ("" for ready) and returns how long it
// took.
func waitReason(t *testing.T, s *Store, reason string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		_, err := s.Version(context.Background())
		if got := reasonOf(err); got == reason && (reason != "" || err == nil) {
			return time.Since(start)
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("after 5 s the graph's state is %q (%v), want %q", reasonOf(err), err, reason)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// refused checks that a read, a search and Version (whose reason /readyz names) are refused
// at once with reason, without a round trip.
func refused(t *testing.T, s *Store, reason string) {
	t.Helper()
	ctx := context.Background()
	before := s.RoundTrips()
	start := time.Now()
	_, err := s.ProjectsByKey(ctx, []string{"x"})
	if wsisgraph.ErrorCode(err) != wsisgraph.EUNAVAILABLE || reasonOf(err) != reason {
		t.Errorf("ProjectsByKey: %v (code %s, reason %q), want EUNAVAILABLE for %q", err, wsisgraph.ErrorCode(err), reasonOf(err), reason)
	}
	if _, err := s.Search(ctx, []wsisgraph.SearchQuery{{Text: "internet", First: 5}}); reasonOf(err) != reason {
		t.Errorf("Search: %v, want the state's error", err)
	}
	if _, err := s.Goals(ctx); reasonOf(err) != reason {
		t.Errorf("Goals: %v, want the state's error (no reference data kept)", err)
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("refusals took %v", took)
	}
	if n := s.RoundTrips() - before; n != 0 {
		t.Errorf("refusals took %d round trips", n)
	}
	// What /readyz names: Version's reason (server.Reasoner).
	if _, err := s.Version(ctx); reasonOf(err) != reason {
		t.Errorf("Version: %v (reason %q), want the state's error for %q", err, reasonOf(err), reason)
	}
}

// TestReadiness takes the graph through the states a deployment meets — emptied, an index
// dropped, an import running into an empty database — and checks that the Store refuses
// reads with the state's reason, finds out by itself, and serves again once the graph is
// ready.
func TestReadiness(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	d := storetest.Fixture()
	importOrFail(t, s, d)
	run := func(cypher string) {
		t.Helper()
		if _, err := driver.ExecuteQuery(ctx, s.drv, cypher, nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(s.db)); err != nil {
			t.Fatalf("%s: %v", cypher, err)
		}
	}
	ready := func() {
		t.Helper()
		if v, err := s.Version(ctx); err != nil || v != d.Version {
			t.Fatalf("Version = %q, %v; want %q", v, err, d.Version)
		}
		if _, err := s.ProjectsByKey(ctx, []string{d.Projects[0].Key}); err != nil {
			t.Fatalf("ProjectsByKey when ready: %v", err)
		}
	}

	t.Run("no graph", func(t *testing.T) {
		run("MATCH (m:Meta) DETACH DELETE m")
		t.Logf("seen in %v", waitReason(t, s, ReasonNoGraph))
		refused(t, s, ReasonNoGraph)
		importOrFail(t, s, d) // ready when Import returns
		ready()
	})

	t.Run("indexes populating", func(t *testing.T) {
		run("DROP INDEX " + searchIndexName)
		t.Logf("seen in %v", waitReason(t, s, ReasonIndexes))
		refused(t, s, ReasonIndexes)
		importOrFail(t, s, d)
		ready()
	})

	t.Run("import in progress", func(t *testing.T) {
		run("MATCH (m:Meta) DETACH DELETE m")
		waitReason(t, s, ReasonNoGraph)
		other, err := Open(ctx, Config{URI: os.Getenv("NEO4J_URI"), User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"), ImportOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close(ctx)
		started, release := make(chan struct{}), make(chan struct{})
		other.afterBatch = func(string, int) error {
			select {
			case <-started:
			default:
				close(started)
				<-release
			}
			return nil
		}
		done := make(chan error, 1)
		go func() { done <- other.Import(ctx, d) }()
		<-started
		t.Logf("seen in %v", waitReason(t, s, ReasonImporting))
		refused(t, s, ReasonImporting)
		close(release)
		if err := <-done; err != nil {
			t.Fatalf("Import: %v", err)
		}
		t.Logf("ready %v after the other store's import returned", waitReason(t, s, ""))
		ready()
	})
}

// TestWrongCredentials checks that a refused login is a clear error at Open, with the
// reason /readyz gives, and that neither the error nor its cause quotes the password.
func TestWrongCredentials(t *testing.T) {
	testStore(t) // skips without a server
	pw := os.Getenv("NEO4J_PASSWORD")
	if pw == "" {
		t.Fatal("NEO4J_PASSWORD is empty: this test needs a Neo4j with authentication (scripts/neo4j starts one by default)")
	}
	wrong := pw + "-not-it"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := Open(ctx, Config{URI: os.Getenv("NEO4J_URI"), User: os.Getenv("NEO4J_USER"), Password: wrong})
	if err == nil {
		s.Close(ctx)
		t.Fatal("Open with a wrong password succeeded")
	}
	if wsisgraph.ErrorCode(err) != wsisgraph.EUNAVAILABLE || reasonOf(err) != ReasonCredentials {
		t.Errorf("Open: %v (code %s, reason %q), want EUNAVAILABLE for %q", err, wsisgraph.ErrorCode(err), reasonOf(err), ReasonCredentials)
	}
	for _, text := range []string{err.Error(), cause(err).Error()} {
		if strings.Contains(text, wrong) || strings.Contains(text, pw) {
			t.Errorf("the error quotes the password: %q", text)
		}
	}
}
