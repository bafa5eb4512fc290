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

// hub returns the fixture with n synthetic projects that all serve target 1.1.
func hub(n int) *dataset.Dataset {
	d := storetest.Fixture()
	for i := range n {
		d.Projects = append(d.Projects, &wsisgraph.Project{
			Key: fmt.Sprintf("hub-%06d", i), Title: "Hub project", TargetCodes: []string{"1.1"}, Synthetic: true})
	}
	return d
}

func ref(typ, key string) wsisgraph.NodeRef { return wsisgraph.NodeRef{Type: typ, Key: key} }

// TestWalkDefaultBudget checks the default budget, MaxVisited, on a target that 50,000
// projects serve: a walk that reaches them fails with EINVALID, one that does not succeeds.
func TestWalkDefaultBudget(t *testing.T) {
	s := memory.New(hub(wsisgraph.MaxVisited))
	ctx := context.Background()
	target, goal := ref("Target", "1.1"), ref("Goal", "1")
	tests := []struct {
		name string
		call func() error
		code string
	}{
		{"neighbourhood through the projects", func() error {
			_, err := s.Neighborhoods(ctx, []wsisgraph.NeighborhoodQuery{{Center: target}})
			return err
		}, wsisgraph.EINVALID},
		{"neighbourhood without projects", func() error {
			_, err := s.Neighborhoods(ctx, []wsisgraph.NeighborhoodQuery{{Center: target, Depth: 3,
				Types: []wsisgraph.EntityType{wsisgraph.EntityGoal, wsisgraph.EntityTarget, wsisgraph.EntityIndicator}}})
			return err
		}, ""},
		{"paths visiting the projects", func() error {
			_, err := s.Paths(ctx, []wsisgraph.PathQuery{{From: target, To: goal, MaxHops: 1}})
			return err
		}, wsisgraph.EINVALID},
		{"paths from the far end only", func() error {
			_, err := s.Paths(ctx, []wsisgraph.PathQuery{{From: ref("Event", "wsis"), To: goal, MaxHops: 1}})
			return err
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := wsisgraph.ErrorCode(tc.call()); got != tc.code {
				t.Errorf("error code %q, want %q", got, tc.code)
			}
		})
	}
}

func benchmarkPaths(b *testing.B, d *dataset.Dataset, q wsisgraph.PathQuery) {
	s := memory.New(d)
	ctx := context.Background()
	qs := []wsisgraph.PathQuery{q}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Paths(ctx, qs); err != nil {
			b.Fatal(err)
		}
	}
}

func embedded(b *testing.B) *dataset.Dataset {
	d, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkPathsEmbedded: an organisation to a goal through prizes, projects and action lines.
func BenchmarkPathsEmbedded(b *testing.B) {
	benchmarkPaths(b, embedded(b), wsisgraph.PathQuery{From: ref("Organization", "sct-mx"), To: ref("Goal", "9"), MaxHops: 4, First: 5})
}

// BenchmarkPathsEmbeddedSixHops: the longest paths allowed, 20 of them.
func BenchmarkPathsEmbeddedSixHops(b *testing.B) {
	benchmarkPaths(b, embedded(b), wsisgraph.PathQuery{From: ref("Organization", "sct-mx"), To: ref("Indicator", "4.4.1"), MaxHops: 6, First: 20})
}

// BenchmarkPathsScaled: an organisation to a target through hubs of thousands of projects,
// on the fixture with 10,000 and 50,000 synthetic projects.
func BenchmarkPathsScaled(b *testing.B) {
	for _, n := range []int{10_000, 50_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			benchmarkPaths(b, storetest.WithSyntheticProjects(storetest.Fixture(), n), wsisgraph.PathQuery{From: ref("Organization", "itu"), To: ref("Target", "4.4"), MaxHops: 4, First: 5})
		})
	}
}

func BenchmarkNeighborhoodEmbedded(b *testing.B) {
	s := memory.New(embedded(b))
	ctx := context.Background()
	qs := []wsisgraph.NeighborhoodQuery{{Center: ref("ActionLine", "C5"), Depth: 2}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Neighborhoods(ctx, qs); err != nil {
			b.Fatal(err)
		}
	}
}
