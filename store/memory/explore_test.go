package memory_test

import (
	"context"
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/store/memory"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

func BenchmarkNewEmbedded(b *testing.B) {
	d, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		memory.New(d)
	}
}

func BenchmarkNewScaled(b *testing.B) {
	d := storetest.WithSyntheticProjects(storetest.Fixture(), 50_000)
	for b.Loop() {
		memory.New(d)
	}
}

func BenchmarkSearchEmbedded(b *testing.B) {
	d, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	s := memory.New(d)
	ctx := context.Background()
	for _, text := range []string{"infrastructure", "santé", "information society", "健康"} {
		b.Run(text, func(b *testing.B) {
			qs := []wsisgraph.SearchQuery{{Text: text, First: 20, WithTotal: true}}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Search(ctx, qs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearchScaled(b *testing.B) {
	s := memory.New(storetest.WithSyntheticProjects(storetest.Fixture(), 50_000))
	ctx := context.Background()
	for _, text := range []string{"telemedicine", "digital schools", "emile 123"} {
		b.Run(text, func(b *testing.B) {
			qs := []wsisgraph.SearchQuery{{Text: text, First: 20, WithTotal: true}}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Search(ctx, qs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMatrix(b *testing.B) {
	for name, d := range map[string]*dataset.Dataset{"scaled": storetest.WithSyntheticProjects(storetest.Fixture(), 50_000)} {
		s := memory.New(d)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Matrix(context.Background(), []wsisgraph.MatrixQuery{{}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkProjectFacets(b *testing.B) {
	s := memory.New(storetest.WithSyntheticProjects(storetest.Fixture(), 50_000))
	for b.Loop() {
		if _, err := s.ProjectFacets(context.Background(), []wsisgraph.ProjectFilter{{}, {ActionLine: "C7"}}); err != nil {
			b.Fatal(err)
		}
	}
}
