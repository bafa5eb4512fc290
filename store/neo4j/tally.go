package neo4j

import (
	"fmt"
	"slices"
	"strings"
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
		if strings.EqualFold(l.label, label) {
			return l
		}
	}
	return nil
}
