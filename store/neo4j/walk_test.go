package neo4j

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

func walkRef(typ, key string) wsisgraph.NodeRef { return wsisgraph.NodeRef{Type: typ, Key: key} }

// TestWalkStatements checks that a batch of walks of any depth is one statement, and that
// keys travel as parameters: a key written as Cypher finds nothing and changes nothing.
func TestWalkStatements(t *testing.T) {
	s := testStore(t)
	importOrFail(t, s, storetest.Fixture())
	ctx := context.Background()
	evil := walkRef("Project", "x'}) DETACH DELETE n //")
	tests := []struct {
		name string
		call func() error
	}{
		{"paths of every depth", func() error {
			res, err := s.Paths(ctx, []wsisgraph.PathQuery{
				{From: walkRef("Organization", "who"), To: walkRef("Target", "1.1"), MaxHops: 1},
				{From: walkRef("Goal", "1"), To: walkRef("Event", "wsis"), MaxHops: 6},
				{From: walkRef("Goal", "4"), To: walkRef("Goal", "4")},
				{From: evil, To: walkRef("Goal", "4")},
			})
			if err == nil && len(res[3]) != 0 {
				t.Errorf("paths from a key written as Cypher: %v", res[3])
			}
			return err
		}},
		{"neighbourhoods of every depth", func() error {
			res, err := s.Neighborhoods(ctx, []wsisgraph.NeighborhoodQuery{
				{Center: walkRef("Goal", "1")},
				{Center: walkRef("ActionLine", "C7"), Depth: 3, Types: []wsisgraph.EntityType{wsisgraph.EntityProject}},
				{Center: evil},
			})
			if err == nil && res[2] != nil {
				t.Errorf("neighbourhood of a key written as Cypher: %v", res[2])
			}
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := s.RoundTrips()
			if err := tc.call(); err != nil {
				t.Fatalf("%v (cause: %v)", err, cause(err))
			}
			if got := s.RoundTrips() - before; got != 1 {
				t.Errorf("%d statements, want 1", got)
			}
		})
	}
	got, err := s.ProjectsByKey(ctx, []string{"telemed-kz"})
	if err != nil || got["telemed-kz"] == nil {
		t.Errorf("the graph changed: ProjectsByKey = %v, %v", got, err)
	}
}

var walkOnce sync.Once

// walkStore imports the fixture with 10,000 synthetic projects once per run (its own import:
// run these benchmarks apart from the 50,000-project ones).
func walkStore(b *testing.B) *Store {
	s := testStore(b)
	walkOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		if err := s.Import(ctx, storetest.WithSyntheticProjects(storetest.Fixture(), 10_000)); err != nil {
			b.Fatalf("Import: %v (cause: %v)", err, cause(err))
		}
	})
	return s
}

func benchmarkWalk(b *testing.B, call func(context.Context, *Store) error) {
	s := walkStore(b)
	ctx := context.Background()
	if err := call(ctx, s); err != nil { // plans the statement
		b.Fatalf("%v (cause: %v)", err, cause(err))
	}
	b.ResetTimer()
	for b.Loop() {
		if err := call(ctx, s); err != nil {
			b.Fatalf("%v (cause: %v)", err, cause(err))
		}
	}
}

// BenchmarkWalkPathsScaled: an organisation to a target through hubs of thousands of projects.
func BenchmarkWalkPathsScaled(b *testing.B) {
	benchmarkWalk(b, func(ctx context.Context, s *Store) error {
		_, err := s.Paths(ctx, []wsisgraph.PathQuery{{From: walkRef("Organization", "itu"), To: walkRef("Target", "4.4")}})
		return err
	})
}

// BenchmarkWalkPathsSixHops: six hops from an event to an indicator of a target thousands of projects serve.
func BenchmarkWalkPathsSixHops(b *testing.B) {
	benchmarkWalk(b, func(ctx context.Context, s *Store) error {
		_, err := s.Paths(ctx, []wsisgraph.PathQuery{{From: walkRef("Event", "wsis-tunis"), To: walkRef("Indicator", "13.b.1"), MaxHops: 6}})
		return err
	})
}

// BenchmarkWalkNeighborhood: the organisations and prizes two hops around an action line.
func BenchmarkWalkNeighborhood(b *testing.B) {
	benchmarkWalk(b, func(ctx context.Context, s *Store) error {
		_, err := s.Neighborhoods(ctx, []wsisgraph.NeighborhoodQuery{{Center: walkRef("ActionLine", "C1"), Depth: 2,
			Types: []wsisgraph.EntityType{wsisgraph.EntityOrganization, wsisgraph.EntityPrize}}})
		return err
	})
}
