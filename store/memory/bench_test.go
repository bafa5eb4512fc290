package memory_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/store/memory"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

// scaled returns the fixture with n synthetic projects added, cycling through the fixture's
// projects for their fields.
func scaled(n int) *dataset.Dataset {
	d := storetest.Fixture()
	base := d.Projects
	for i := range n {
		p := *base[i%len(base)]
		p.Key = fmt.Sprintf("synthetic-%06d", i)
		p.Title = fmt.Sprintf("%s %d", p.Title, i)
		p.Synthetic = true
		d.Projects = append(d.Projects, &p)
	}
	return d
}

func BenchmarkProjectsFilterText(b *testing.B) {
	s := memory.New(scaled(50_000))
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
	s := memory.New(scaled(50_000))
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
