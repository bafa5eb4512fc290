package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSummariseTakesMediansOverRounds(t *testing.T) {
	cell := func(round, reqs int, rps, p99 float64) cellResult {
		return cellResult{Size: 10, Round: round, Query: "q", System: "s", Concurrency: 1, Requests: reqs, RPS: rps, P50ms: p99 / 2, P99ms: p99}
	}
	for _, tc := range []struct {
		name     string
		cells    []cellResult
		rps, p99 float64
	}{
		{"odd rounds", []cellResult{cell(1, 10, 100, 9), cell(2, 10, 300, 1), cell(3, 10, 200, 5)}, 200, 5},
		{"even rounds average the middle two", []cellResult{cell(1, 10, 100, 2), cell(2, 10, 200, 4)}, 150, 3},
		{"a round without answers has no latency", []cellResult{cell(1, 0, 0, 0), cell(2, 10, 50, 7), cell(3, 10, 70, 9)}, 50, 8},
		{"no round with answers: unknown latency", []cellResult{cell(1, 0, 0, 0)}, 0, math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := summarise(tc.cells)[cellKey{10, "q", 1, "s"}]
			if s.rps != tc.rps {
				t.Errorf("rps %v, want %v", s.rps, tc.rps)
			}
			if s.p99 != tc.p99 && !(math.IsNaN(s.p99) && math.IsNaN(tc.p99)) {
				t.Errorf("p99 %v, want %v", s.p99, tc.p99)
			}
			if s.rounds != len(tc.cells) {
				t.Errorf("%d rounds, want %d", s.rounds, len(tc.cells))
			}
		})
	}
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{f1(math.NaN()), "–"},
		{f1(unanswered * 2), "cut off"},
		{f1(1234.5), "1234"},
		{f1(12.34), "12.3"},
		{f1(1.234), "1.23"},
		{ratio(3, 2), "1.50×"},
		{ratio(unanswered, 2), "–"},
		{ratio(1, 0), "–"},
		{ratio(math.NaN(), 1), "–"},
		{thousands(100031), "100,031"},
		{thousands(31), "31"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestGoalsAreJudgedOnFigures checks the goals table against cells built to meet or miss
// each goal: a goal is met only by figures that meet it.
func TestGoalsAreJudgedOnFigures(t *testing.T) {
	mk := func(size int, q, sys string, c int, rps, p50, p99 float64) cellResult {
		return cellResult{Size: size, Round: 1, Query: q, System: sys, Concurrency: c, Requests: 100, RPS: rps, P50ms: p50, P99ms: p99}
	}
	r := &results{
		Options: map[string]any{"rounds": 1, "duration": "1s", "warmup": "0s", "maxCell": "8s"},
		Sizes:   []sizeResult{{Synthetic: 1000, Projects: 1031}, {Synthetic: 10000, Projects: 10031}},
		Cells: []cellResult{
			mk(1000, mixName, "wsisgraph", 1, 300, 1, 2), mk(1000, mixName, "neo4j-graphql", 1, 100, 3, 4), // 3×, p99 half: met
			mk(10000, mixName, "wsisgraph", 1, 200, 1, 3), mk(10000, mixName, "neo4j-graphql", 1, 100, 3, 4), // 2×: missed
			mk(1000, "projects-page", "wsisgraph", 1, 100, 10, 20), mk(1000, "projects-page", "cypher", 1, 100, 5, 10),
			mk(10000, "projects-page", "wsisgraph", 1, 100, 12, 40), mk(10000, "projects-page", "cypher", 1, 100, 10, 10),
		},
	}
	out := goals(r, summarise(r.Cells), []int{1})
	for _, want := range []string{
		"| +1,000 synthetic projects | 1 | 300 | 100 | 3.00× | 2.00 | 4.00 | 0.50× | met | met |",
		"| +10,000 synthetic projects | 1 | 200 | 100 | 2.00× | 3.00 | 4.00 | 0.75× | **missed** | **missed** |",
		"| +1,000 synthetic projects | projects-page | 10.0 | 5.00 | 2.00× | 20.0 | 10.0 | 2.00× | **missed** |",
		"| +10,000 synthetic projects | projects-page | 12.0 | 10.0 | 1.20× | 40.0 | 10.0 | 4.00× | met |",
		"| projects-page | 1 | 20.0 → 40.0 | 2.00× | **missed** |",
		"p50 12.0 ms, p99 40.0 ms: met (p50)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("goals lack %q:\n%s", want, out)
		}
	}
}

func TestWriteReport(t *testing.T) {
	dir := t.TempDir()
	r := &results{
		Options: map[string]any{"rounds": 1, "duration": "1s", "warmup": "0s", "maxCell": "8s"},
		Sizes:   []sizeResult{{Synthetic: 0, Projects: 31}, {Synthetic: 1000, Projects: 1031}},
	}
	for _, size := range []int{0, 1000} {
		for _, sys := range []string{"wsisgraph", "neo4j-graphql", "cypher"} {
			r.Cells = append(r.Cells, cellResult{Size: size, Round: 1, Query: mixName, System: sys, Concurrency: 1, Requests: 5, RPS: 5, P50ms: 1, P99ms: 2})
		}
	}
	if err := writeReport(r, dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"results.md", "p99-by-size.png"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", name, err)
		}
	}
}
