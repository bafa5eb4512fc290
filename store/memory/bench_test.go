package memory_test

import (
	"context"
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/store/memory"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

func BenchmarkProjectsFilterText(b *testing.B) {
	s := memory.New(storetest.WithSyntheticProjects(storetest.Fixture(), 50_000))
	ctx := context.Background()
	qs := []wsisgraph.ProjectQuery{{Filter: wsisgraph.ProjectFilter{Text: "émile"}, Page: wsisgraph.PageArgs{First: 20, WithTotal: true}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Projects(ctx, qs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProjectsFilterLine(b *testing.B) {
	s := memory.New(storetest.WithSyntheticProjects(storetest.Fixture(), 50_000))
	ctx := context.Background()
	qs := []wsisgraph.ProjectQuery{{Filter: wsisgraph.ProjectFilter{ActionLine: "C7", Country: "KZ"}, Sort: wsisgraph.ProjectsByYear, Page: wsisgraph.PageArgs{First: 20, WithTotal: true}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Projects(ctx, qs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTargetsByGoal(b *testing.B) {
	s := memory.New(storetest.Fixture())
	ctx := context.Background()
	goals := []int{1, 4, 13}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.TargetsByGoal(ctx, goals); err != nil {
			b.Fatal(err)
		}
	}
}
