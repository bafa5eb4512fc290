package memory_test

import (
	"context"
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/store/memory"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

func TestVersionAndDataset(t *testing.T) {
	d := storetest.Fixture()
	s := memory.New(d)
	if s.Dataset() != d {
		t.Error("Dataset() is not the dataset given to New")
	}
	v, err := s.Version(context.Background())
	if err != nil || v != d.Version {
		t.Errorf("Version = %q, %v; want %q", v, err, d.Version)
	}
}

func TestEmptyDataset(t *testing.T) {
	for _, d := range []*dataset.Dataset{nil, {}} {
		s := memory.New(d)
		ctx := context.Background()
		pages, err := s.Projects(ctx, []wsisgraph.ProjectQuery{{Page: wsisgraph.PageArgs{WithTotal: true}}})
		if err != nil || len(pages) != 1 || len(pages[0].Items) != 0 || pages[0].HasNext || pages[0].Total != 0 {
			t.Errorf("Projects on an empty dataset = %+v, %v", pages, err)
		}
		pages, err = s.Projects(ctx, []wsisgraph.ProjectQuery{{Filter: wsisgraph.ProjectFilter{Country: "KZ"}}})
		if err != nil || len(pages[0].Items) != 0 || pages[0].Items == nil {
			t.Errorf("filtered Projects on an empty dataset = %+v, %v", pages, err)
		}
		als, err := s.ActionLines(ctx)
		if err != nil || len(als) != 0 {
			t.Errorf("ActionLines = %v, %v", als, err)
		}
	}
}

// TestEmbedded checks the store answers over the dataset shipped in the binary.
func TestEmbedded(t *testing.T) {
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatalf("Embedded: %v", err)
	}
	if len(d.Goals) == 0 {
		t.Fatal("the embedded dataset has no goals")
	}
	s := memory.New(d)
	ctx := context.Background()
	goals, err := s.Goals(ctx)
	if err != nil || len(goals) != len(d.Goals) {
		t.Fatalf("Goals = %d goals, %v; want %d", len(goals), err, len(d.Goals))
	}
	als, err := s.ActionLines(ctx)
	if err != nil || len(als) != len(d.ActionLines) {
		t.Fatalf("ActionLines = %d, %v; want %d", len(als), err, len(d.ActionLines))
	}
	numbers := make([]int, len(goals))
	for i, g := range goals {
		numbers[i] = g.Number
	}
	byGoal, err := s.TargetsByGoal(ctx, numbers)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ts := range byGoal {
		n += len(ts)
	}
	if n != len(d.Targets) {
		t.Errorf("TargetsByGoal holds %d targets, the dataset %d", n, len(d.Targets))
	}
	// Walk every project by title and check the walk sees each once.
	seen := map[string]bool{}
	var after wsisgraph.Cursor
	for {
		pages, err := s.Projects(ctx, []wsisgraph.ProjectQuery{{Page: wsisgraph.PageArgs{First: wsisgraph.MaxPageSize, After: after, WithTotal: true}}})
		if err != nil {
			t.Fatal(err)
		}
		p := pages[0]
		if p.Total != len(d.Projects) {
			t.Fatalf("Total = %d, want %d", p.Total, len(d.Projects))
		}
		for _, it := range p.Items {
			if seen[it.Key] {
				t.Fatalf("project %s seen twice", it.Key)
			}
			seen[it.Key] = true
		}
		if !p.HasNext {
			break
		}
		after = p.Cursors[len(p.Cursors)-1]
	}
	if len(seen) != len(d.Projects) {
		t.Errorf("walk saw %d projects, want %d", len(seen), len(d.Projects))
	}
	for _, q := range []wsisgraph.PrizeQuery{{}, {Sort: wsisgraph.PrizesByCategory}} {
		if _, err := s.Prizes(ctx, []wsisgraph.PrizeQuery{q}); err != nil {
			t.Error(err)
		}
	}
	if _, err := s.Events(ctx, []wsisgraph.EventQuery{{}}); err != nil {
		t.Error(err)
	}
	if _, err := s.Organizations(ctx, []wsisgraph.OrganizationQuery{{}}); err != nil {
		t.Error(err)
	}
}
