package derived_test

import (
	"fmt"
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/dataset/derived"
)

// TestRanks checks, on the shipped dataset, that every rank the Neo4j graph stores orders
// each relation list as the Graph lists it: a list read back by rank is the list itself. The
// orders themselves are checked against the storetest oracle through the memory store.
func TestRanks(t *testing.T) {
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	g := derived.New(d)
	if len(g.Linkages) == 0 || len(g.Targets) == 0 || len(g.ActionLines) == 0 {
		t.Fatalf("the shipped dataset has %d linkages, %d targets, %d action lines", len(g.Linkages), len(g.Targets), len(g.ActionLines))
	}
	for i, al := range g.ActionLines {
		if g.ActionLineRank[al.Code] != i {
			t.Errorf("action line %s: rank %d at position %d", al.Code, g.ActionLineRank[al.Code], i)
		}
	}
	for n, ts := range g.TargetsByGoal {
		for i := 1; i < len(ts); i++ {
			if g.TargetRank[ts[i-1].Code] >= g.TargetRank[ts[i].Code] {
				t.Errorf("goal %d: target %s ranked after %s", n, ts[i-1].Code, ts[i].Code)
			}
		}
	}
	ranks := map[*wsisgraph.Linkage]derived.RankedLinkage{}
	for _, l := range g.Linkages {
		ranks[l.Linkage] = l
		if g.LinkageByID[l.ID] != l.Linkage {
			t.Errorf("linkage %s: LinkageByID holds another copy", l.ID)
		}
		if l.Target == nil && l.TargetCode != "" || l.Goal == nil {
			t.Errorf("linkage %s: ends not set", l.ID)
		}
	}
	increasing := func(name string, ls []*wsisgraph.Linkage, rank func(derived.RankedLinkage) int) {
		t.Helper()
		for i := 1; i < len(ls); i++ {
			if rank(ranks[ls[i-1]]) >= rank(ranks[ls[i]]) {
				t.Errorf("%s: %s ranked after %s", name, ls[i-1].ID, ls[i].ID)
			}
		}
	}
	for k, ls := range g.LinkagesByActionLine {
		increasing("line "+k, ls, func(l derived.RankedLinkage) int { return l.RankInLine })
	}
	for k, ls := range g.LinkagesByGoal {
		increasing(fmt.Sprint("goal ", k), ls, func(l derived.RankedLinkage) int { return l.RankInGoal })
	}
	for k, ls := range g.LinkagesByTarget {
		increasing("target "+k, ls, func(l derived.RankedLinkage) int { return l.RankInTarget })
	}
	// A facilitating organisation's lines come in official order, the lead first.
	for org, fs := range g.Facilitations {
		for i := 1; i < len(fs); i++ {
			a, b := fs[i-1], fs[i]
			if ra, rb := g.ActionLineRank[a.ActionLineCode], g.ActionLineRank[b.ActionLineCode]; ra > rb ||
				ra == rb && a.Role != wsisgraph.RoleLead && b.Role == wsisgraph.RoleLead {
				t.Errorf("organisation %s: facilitation of %s (%s) before %s (%s)", org, a.ActionLineCode, a.Role, b.ActionLineCode, b.Role)
			}
		}
	}
}
