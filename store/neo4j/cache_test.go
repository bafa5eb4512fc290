package neo4j

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

// cachedStore opens a second Store on the test server with the reference data kept in
// memory, as `serve` runs it, refreshed every interval.
func cachedStore(t *testing.T, interval time.Duration) *Store {
	t.Helper()
	testStore(t) // skips without a server
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := Open(ctx, Config{URI: os.Getenv("NEO4J_URI"), User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"), RefreshInterval: interval})
	if err != nil {
		t.Fatalf("Open: %v (cause: %v)", err, cause(err))
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

// TestReferenceCache checks that reference reads take no round trip once the copy is loaded,
// that other reads still do, and that an import by another Store is picked up.
func TestReferenceCache(t *testing.T) {
	ctx := context.Background()
	d := embedded(t)
	other := testStore(t)
	importOrFail(t, other, d)
	s := cachedStore(t, 100*time.Millisecond)

	before := s.RoundTrips()
	if goals, err := s.Goals(ctx); err != nil || len(goals) != 17 {
		t.Fatalf("Goals: %d, %v", len(goals), err)
	}
	if ls, err := s.LinkagesByActionLine(ctx, []string{"C2"}); err != nil || len(ls["C2"]) == 0 || ls["C2"][0].Goal == nil {
		t.Fatalf("LinkagesByActionLine(C2): %v, %v", ls, err)
	}
	if got := s.RoundTrips() - before; got != 0 {
		t.Errorf("reference reads took %d round trips, want 0", got)
	}
	before = s.RoundTrips()
	if _, err := s.ProjectsByKey(ctx, []string{d.Projects[0].Key}); err != nil {
		t.Fatal(err)
	}
	if got := s.RoundTrips() - before; got != 1 {
		t.Errorf("a project read took %d round trips, want 1", got)
	}

	t.Run("a returned list is the caller's", func(t *testing.T) {
		a, _ := s.Goals(ctx)
		a[0] = nil
		b, _ := s.Goals(ctx)
		if b[0] == nil {
			t.Fatal("a caller's change reached the cached list")
		}
	})

	t.Run("an import elsewhere is picked up", func(t *testing.T) {
		changed, err := dataset.Embedded()
		if err != nil {
			t.Fatal(err)
		}
		changed.Goals[0].ShortTitle = wsisgraph.Text{"en": "No poverty, changed"}
		changed.Version += "-changed"
		importOrFail(t, other, changed)
		t.Cleanup(func() { importOrFail(t, other, d) })
		deadline := time.Now().Add(10 * time.Second)
		for {
			g, err := s.GoalsByNumber(ctx, []int{1})
			if err == nil && g[1].ShortTitle["en"] == "No poverty, changed" {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("after 10 s goal 1 is still %q (%v)", g[1].ShortTitle["en"], err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	t.Run("a done context is an error", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, -time.Second)
		defer cancel()
		if _, err := s.Goals(ctx); wsisgraph.ErrorCode(err) != wsisgraph.ETIMEOUT {
			t.Fatalf("Goals with a passed deadline: %v, want ETIMEOUT", err)
		}
	})
}
