package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/bench/synth"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

// dbHits runs cypher with PROFILE and returns the database accesses of its plan, and the
// plan: one line per operator, with its rows and hits.
func dbHits(ctx context.Context, s *Store, cypher string, params map[string]any) (int64, string, error) {
	res, err := driver.ExecuteQuery(ctx, s.drv, "PROFILE "+cypher, params, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.db), driver.ExecuteQueryWithReadersRouting())
	if err != nil {
		return 0, "", err
	}
	var plan strings.Builder
	var sum func(p driver.ProfiledPlan, depth int) int64
	sum = func(p driver.ProfiledPlan, depth int) int64 {
		fmt.Fprintf(&plan, "%*s%s rows=%d hits=%d %v\n", 2*depth, "", p.Operator(), p.Records(), p.DbHits(), p.Arguments()["Details"])
		n := p.DbHits()
		for _, c := range p.Children() {
			n += sum(c, depth+1)
		}
		return n
	}
	return sum(res.Summary.Profile(), 0), plan.String(), nil
}

// TestProjectPlansDoNotScan checks, on the shipped dataset grown by 10,000 synthetic
// projects (bench/synth: organisations, countries, years and targets skewed as in real
// data), that the project list statements read a small part of the graph: pages start from
// their most selective filter, and totals come from the count store, a Tally or an index,
// never from every project. A statement that tests each project (the planner missing an
// index, a filter written so that no index applies) reads at least two entries per project:
// the bound is half an entry per project. The answers themselves are the conformance suite's.
func TestProjectPlansDoNotScan(t *testing.T) {
	s := testStore(t)
	base, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	d, err := synth.Generate(base, 10_000, 1)
	if err != nil {
		t.Fatal(err)
	}
	importOrFail(t, s, d)
	t.Cleanup(func() { importOrFail(t, s, storetest.Fixture()) })
	projects := len(d.Projects)
	// The organisations with the most and the median number of projects, and ten in name order.
	runs := map[string]int{}
	for _, p := range d.Projects {
		for _, o := range p.OrganizationKeys {
			runs[o]++
		}
	}
	orgs := slices.SortedFunc(maps.Keys(runs), func(a, b string) int { return cmp.Compare(runs[b], runs[a]) })
	biggest, median := orgs[0], orgs[len(orgs)/2]
	page := func(f wsisgraph.ProjectFilter) wsisgraph.ProjectQuery {
		return wsisgraph.ProjectQuery{Filter: f, Page: wsisgraph.PageArgs{First: 10, WithTotal: true}}
	}
	for _, tc := range []struct {
		name string
		qs   []wsisgraph.ProjectQuery
	}{
		{"all", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{})}},
		{"all by year desc", []wsisgraph.ProjectQuery{{Sort: wsisgraph.ProjectsByYear, Direction: wsisgraph.Desc,
			Page: wsisgraph.PageArgs{First: 10, WithTotal: true}}}},
		{"action line", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{ActionLine: "C7"})}},
		{"sub-line", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{ActionLine: "C7.e-health"})}},
		{"goal", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{Goal: 3})}},
		{"target", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{Target: "4.4"})}},
		{"stakeholder type", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{StakeholderType: wsisgraph.StakeholderCivilSociety})}},
		{"country", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{Country: "KZ"})}},
		{"country and year", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{Country: "KZ", Year: 2015})}},
		{"year and line", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{Year: 2015, ActionLine: "C7"})}},
		{"biggest organisation", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{Organization: biggest})}},
		{"median organisation", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{Organization: median})}},
		{"biggest organisation and year", []wsisgraph.ProjectQuery{page(wsisgraph.ProjectFilter{Organization: biggest, Year: 2015})}},
		{"ten organisations, five each", func() []wsisgraph.ProjectQuery {
			var qs []wsisgraph.ProjectQuery
			for _, o := range orgs[len(orgs)/3 : len(orgs)/3+10] {
				qs = append(qs, wsisgraph.ProjectQuery{Filter: wsisgraph.ProjectFilter{Organization: o}, Page: wsisgraph.PageArgs{First: 5}})
			}
			return qs
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			qs, err := normalizeAll(ctx, tc.qs)
			if err != nil {
				t.Fatal(err)
			}
			cypher, params := projectBatch(qs).statement()
			hits, plan, err := dbHits(ctx, s, cypher, params)
			if err != nil {
				t.Fatalf("%v\n%s", err, cypher)
			}
			t.Logf("%d db hits for %d projects", hits, projects)
			if hits > int64(projects/2) {
				t.Errorf("%d db hits, want at most half the %d projects:\n%s\n%s", hits, projects, cypher, plan)
			}
		})
	}
}
