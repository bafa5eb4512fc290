package neo4j

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/wsisgraph/wsisgraph"
)

// Tally nodes hold the totals of the lists' single-filter queries, so that such a total is
// one lookup by key instead of a count over every node of the label (a filter on a list
// property, like a project's target codes, has no index to count from). Import writes them
// with the nodes they count, in the same transaction: for every list of tallied, every filter
// that is not text and every value it takes, one node
//
//	(:Tally {key: tallyKey(label, prop, value), count: the nodes of label matching it})
//
// A value no node has has no Tally: its total is 0.

// labelTally is the label of the tally nodes; their key is "key".
const labelTally = "Tally"

// tallyKey names the tally of label's nodes whose property prop is (or, for a list, holds)
// value; value is a string or an int64, as in the query rows and the node properties.
func tallyKey(label, prop string, value any) string {
	return fmt.Sprintf("%s|%s|%v", label, prop, value)
}

// tallies counts, per tally key, the nodes added.
type tallies map[string]int64

// add counts rows {k, p: properties} of label's nodes in the tallies of list l.
func (t tallies) add(l *listSpec, rows []map[string]any) {
	for _, r := range rows {
		props, _ := r["p"].(map[string]any)
		for _, f := range l.filters {
			if f.text != nil {
				continue
			}
			for _, v := range distinctValues(props[f.prop]) {
				t[tallyKey(l.label, f.prop, v)]++
			}
		}
	}
}

// rows returns the Tally node rows, sorted by key.
func (t tallies) rows() []map[string]any {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]map[string]any, len(keys))
	for i, k := range keys {
		out[i] = row(k, map[string]any{"key": k, "count": t[k]})
	}
	return out
}

// distinctValues returns the values a property holds: none for nil, itself for a scalar,
// its distinct elements for a list.
func distinctValues(v any) []any {
	var out []any
	addOnce := func(x any) {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	switch v := v.(type) {
	case nil:
	case []string:
		for _, x := range v {
			addOnce(x)
		}
	case []int64:
		for _, x := range v {
			addOnce(x)
		}
	case []any:
		for _, x := range v {
			addOnce(x)
		}
	default:
		out = append(out, v)
	}
	return out
}

// talliedList returns the list of label whose totals are tallied, or nil.
func talliedList(label string) *listSpec {
	for _, l := range tallied {
		if l.label == label {
			return l
		}
	}
	return nil
}

// The unfiltered matrix's counts of projects and of prizes, which every project and prize
// would otherwise be read for, are Tally nodes too: key matrixTallyProjects or
// matrixTallyPrizes, property counts (a wsisgraph.MatrixCounts as matrixTally JSON), written by
// Import from wsisgraph.CountMatrixItems, as the memory store counts.
const (
	matrixTallyProjects = "Matrix|projects"
	matrixTallyPrizes   = "Matrix|prizes"
)

// matrixTally is the JSON form of a wsisgraph.MatrixCounts.
type matrixTally struct {
	Cells   []matrixTallyCell `json:"cells"`
	Rows    map[string]int    `json:"rows"`
	Columns map[int]int       `json:"columns"`
	Total   int               `json:"total"`
}

type matrixTallyCell struct {
	Line  string `json:"line"`
	Goal  int    `json:"goal"`
	Count int    `json:"count"`
}

// matrixTallyRow returns the Tally node row of counts under key.
func matrixTallyRow(key string, c wsisgraph.MatrixCounts) (map[string]any, error) {
	t := matrixTally{Rows: c.Rows, Columns: c.Columns, Total: c.Total}
	for k, n := range c.Cells {
		t.Cells = append(t.Cells, matrixTallyCell{Line: k.Line, Goal: k.Goal, Count: n})
	}
	slices.SortFunc(t.Cells, func(a, b matrixTallyCell) int {
		if c := strings.Compare(a.Line, b.Line); c != 0 {
			return c
		}
		return a.Goal - b.Goal
	})
	b, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	return row(key, map[string]any{"key": key, "counts": string(b)}), nil
}

// decodeMatrixTally decodes a Tally node's counts; anything else is corrupt.
func decodeMatrixTally(v any) (wsisgraph.MatrixCounts, error) {
	c := wsisgraph.MatrixCounts{Cells: map[wsisgraph.MatrixCellKey]int{}, Rows: map[string]int{}, Columns: map[int]int{}}
	s, ok := v.(string)
	if !ok {
		return c, errCorrupt
	}
	var t matrixTally
	if err := json.Unmarshal([]byte(s), &t); err != nil {
		return c, &backendError{err: errCorrupt, cause: err}
	}
	for _, cell := range t.Cells {
		c.Cells[wsisgraph.MatrixCellKey{Line: cell.Line, Goal: cell.Goal}] = cell.Count
	}
	for k, n := range t.Rows {
		c.Rows[k] = n
	}
	for k, n := range t.Columns {
		c.Columns[k] = n
	}
	c.Total = t.Total
	return c, nil
}
