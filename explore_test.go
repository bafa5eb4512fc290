package wsisgraph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph"
)

func TestSearchQueryValidate(t *testing.T) {
	tests := []struct {
		name string
		q    wsisgraph.SearchQuery
		ok   bool
	}{
		{"plain", wsisgraph.SearchQuery{Text: "health"}, true},
		{"default page", wsisgraph.SearchQuery{Text: "health", First: 0}, true},
		{"limits inclusive", wsisgraph.SearchQuery{Text: strings.Repeat("é", wsisgraph.MaxSearchTextLen), First: wsisgraph.MaxPageSize}, true},
		{"punctuation only is valid", wsisgraph.SearchQuery{Text: `" * :`}, true},
		{"every language", wsisgraph.SearchQuery{Text: "x", Lang: wsisgraph.LangChinese}, true},
		{"types", wsisgraph.SearchQuery{Text: "x", Types: wsisgraph.SearchTypes}, true},
		{"empty", wsisgraph.SearchQuery{}, false},
		{"blank", wsisgraph.SearchQuery{Text: "\t \n"}, false},
		{"too long in characters, not bytes", wsisgraph.SearchQuery{Text: strings.Repeat("é", wsisgraph.MaxSearchTextLen+1)}, false},
		{"too many words", wsisgraph.SearchQuery{Text: strings.Repeat("w ", wsisgraph.MaxSearchWords+1)}, false},
		{"unknown type", wsisgraph.SearchQuery{Text: "x", Types: []wsisgraph.SearchType{"SOURCE"}}, false},
		{"language in another case", wsisgraph.SearchQuery{Text: "x", Lang: "FR"}, false},
		{"unknown language", wsisgraph.SearchQuery{Text: "x", Lang: "de"}, false},
		{"page too large", wsisgraph.SearchQuery{Text: "x", First: wsisgraph.MaxPageSize + 1}, false},
		{"negative page", wsisgraph.SearchQuery{Text: "x", First: -3}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.q.Validate()
			if tc.ok && err != nil {
				t.Errorf("Validate = %v, want nil", err)
			}
			if !tc.ok && wsisgraph.ErrorCode(err) != wsisgraph.EINVALID {
				t.Errorf("Validate = %v, want an EINVALID error", err)
			}
		})
	}
}

func TestSearchQueryNormalize(t *testing.T) {
	q := wsisgraph.SearchQuery{Text: "x", Types: []wsisgraph.SearchType{wsisgraph.SearchGoal, wsisgraph.SearchTarget, wsisgraph.SearchGoal}}.Normalize()
	if q.First != wsisgraph.DefaultPageSize || !slices.Equal(q.Types, []wsisgraph.SearchType{wsisgraph.SearchGoal, wsisgraph.SearchTarget}) {
		t.Errorf("Normalize = %+v", q)
	}
}

func TestSearchCursorAfter(t *testing.T) {
	c := func(score float64, id string) wsisgraph.SearchCursor {
		return wsisgraph.SearchCursor{Score: score, ID: id}
	}
	tests := []struct {
		name      string
		item, pos wsisgraph.SearchCursor
		after     bool
	}{
		{"lower score", c(1, "A"), c(2, "Z"), true},
		{"higher score", c(3, "A"), c(2, "Z"), false},
		{"same score, greater id", c(2, "B"), c(2, "A"), true},
		{"same score, smaller id", c(2, "A"), c(2, "B"), false},
		{"itself", c(2, "A"), c(2, "A"), false},
		{"no id is the start", c(9, "A"), c(0, ""), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.item.After(tc.pos); got != tc.after {
				t.Errorf("%+v.After(%+v) = %v, want %v", tc.item, tc.pos, got, tc.after)
			}
		})
	}
}

func TestSortFacetCounts(t *testing.T) {
	cs := []wsisgraph.FacetCount{{Value: "KZ", Count: 2}, {Value: "CH", Count: 5}, {Value: "BR", Count: 2}, {Value: "AE", Count: 1}}
	wsisgraph.SortFacetCounts(cs)
	var got []string
	for _, c := range cs {
		got = append(got, c.Value)
	}
	if want := []string{"CH", "BR", "KZ", "AE"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

// TestBuildMatrix checks distinct totals: an item in several cells of a row counts once in
// the row, repeats count once, and items outside the grid count nowhere.
func TestBuildMatrix(t *testing.T) {
	lines := []*wsisgraph.ActionLine{{Code: "C1"}, {Code: "C7"}, {Code: "C7.e-health", ParentCode: "C7"}}
	goals := []*wsisgraph.Goal{{Number: 1}, {Number: 3}}
	links := map[string][]*wsisgraph.Linkage{
		"C1":          {{ID: "C1>1", ActionLineCode: "C1", GoalNumber: 1}, {ID: "C1>1.2", ActionLineCode: "C1", GoalNumber: 1, TargetCode: "1.2"}, {ID: "C1>9", ActionLineCode: "C1", GoalNumber: 9}},
		"C7.e-health": {{ID: "C7.e-health>3.8", ActionLineCode: "C7.e-health", GoalNumber: 3, TargetCode: "3.8"}, {ID: "C7.e-health>3.d", ActionLineCode: "C7.e-health", GoalNumber: 3, TargetCode: "3.d"}},
	}
	projects := []wsisgraph.MatrixItem{
		{Lines: []string{"C7.e-health", "C7"}, Goals: []int{1, 3}},
		{Lines: []string{"C1"}, Goals: []int{3, 3, 17}},
		{Lines: []string{"C99"}, Goals: []int{1}},
	}
	prizes := []wsisgraph.MatrixItem{{Lines: []string{"C1", "C1"}, Goals: []int{1}}}
	m := wsisgraph.BuildMatrix(lines, goals, links,
		wsisgraph.CountMatrixItems(projects, lines, goals), wsisgraph.CountMatrixItems(prizes, lines, goals))
	cell := func(i, j int) wsisgraph.MatrixCell { return m.Rows[i].Cells[j] }
	if c := cell(0, 0); !c.GoalLevel || c.TargetCount != 1 || len(c.Linkages) != 2 || c.ProjectCount != 0 || c.PrizeCount != 1 {
		t.Errorf("C1×1 = %+v", c)
	}
	if c := cell(0, 1); c.ProjectCount != 1 || c.Linkages == nil || len(c.Linkages) != 0 {
		t.Errorf("C1×3 = %+v", c)
	}
	if c := cell(2, 1); c.TargetCount != 2 || c.GoalLevel || c.ProjectCount != 1 {
		t.Errorf("C7.e-health×3 = %+v", c)
	}
	want := map[string]wsisgraph.MatrixTotals{
		"row C1":          {LinkageCount: 2, TargetCount: 1, ProjectCount: 1, PrizeCount: 1},
		"row C7":          {ProjectCount: 1},
		"row C7.e-health": {LinkageCount: 2, TargetCount: 2, ProjectCount: 1},
		"column 1":        {LinkageCount: 2, TargetCount: 1, ProjectCount: 1, PrizeCount: 1},
		"column 3":        {LinkageCount: 2, TargetCount: 2, ProjectCount: 2},
		"grid":            {LinkageCount: 4, TargetCount: 3, ProjectCount: 2, PrizeCount: 1},
	}
	got := map[string]wsisgraph.MatrixTotals{
		"row C1": m.Rows[0].Totals, "row C7": m.Rows[1].Totals, "row C7.e-health": m.Rows[2].Totals,
		"column 1": m.Columns[0].Totals, "column 3": m.Columns[1].Totals, "grid": m.Totals,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s totals = %+v, want %+v", k, got[k], w)
		}
	}
}
