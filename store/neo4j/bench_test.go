package neo4j

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

var scaledOnce sync.Once

// scaledStore imports the fixture with 20,000 synthetic projects once per run. (The memory
// store's benchmarks use 50,000; one import transaction of that size needs more than the
// 1 GB heap scripts/neo4j gives the server.)
func scaledStore(b *testing.B) *Store {
	s := testStore(b)
	scaledOnce.Do(func() {
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		if err := s.Import(ctx, storetest.WithSyntheticProjects(storetest.Fixture(), 20_000)); err != nil {
			b.Fatalf("Import: %v (cause: %v)", err, cause(err))
		}
		b.Logf("imported 20,000 synthetic projects in %v", time.Since(start).Round(time.Millisecond))
	})
	return s
}

func benchProjects(b *testing.B, qs []wsisgraph.ProjectQuery) {
	s := scaledStore(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Projects(ctx, qs); err != nil {
			b.Fatalf("%v (cause: %v)", err, cause(err))
		}
	}
}

func BenchmarkProjectsFilterText(b *testing.B) {
	benchProjects(b, []wsisgraph.ProjectQuery{{Filter: wsisgraph.ProjectFilter{Text: "émile"}, Page: wsisgraph.PageArgs{First: 20, WithTotal: true}}})
}

func BenchmarkProjectsFilterLine(b *testing.B) {
	benchProjects(b, []wsisgraph.ProjectQuery{{Filter: wsisgraph.ProjectFilter{ActionLine: "C7", Country: "KZ"}, Sort: wsisgraph.ProjectsByYear, Page: wsisgraph.PageArgs{First: 20, WithTotal: true}}})
}

func BenchmarkProjectsFirstPage(b *testing.B) {
	benchProjects(b, []wsisgraph.ProjectQuery{{}})
}

func BenchmarkProjectsBatch10(b *testing.B) {
	qs := make([]wsisgraph.ProjectQuery, 10)
	for i := range qs {
		qs[i] = wsisgraph.ProjectQuery{Filter: wsisgraph.ProjectFilter{Year: 2015 + i}, Direction: wsisgraph.Desc}
	}
	benchProjects(b, qs)
}

func BenchmarkProjectsByKey100(b *testing.B) {
	s := scaledStore(b)
	keys := make([]string, 100)
	for i := range keys {
		keys[i] = fmt.Sprintf("synthetic-%06d", i*197)
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.ProjectsByKey(ctx, keys); err != nil {
			b.Fatal(err)
		}
	}
}
