package server

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/graph"
)

// TestListSizesCoverSchema checks that every list field of objects in the schema has a cost
// multiplier (connections' nodes and edges and Query.nodes are costed from their arguments),
// and that every multiplier names a list field of the schema.
func TestListSizesCoverSchema(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	seen := map[string]bool{}
	for _, typ := range schema.Types {
		if typ.BuiltIn || typ.Kind != ast.Object || isConnection(typ.Name) {
			continue
		}
		for _, f := range typ.Fields {
			elem := f.Type.Elem
			if elem == nil || strings.HasPrefix(f.Name, "__") || (typ.Name == "Query" && f.Name == "nodes") {
				continue
			}
			if k := schema.Types[elem.Name()].Kind; k == ast.Scalar || k == ast.Enum {
				continue
			}
			name := typ.Name + "." + f.Name
			seen[name] = true
			if _, ok := listSizes[name]; !ok {
				t.Errorf("%s is a list with no cost multiplier: add it to listSizes in server/limits.go", name)
			}
		}
	}
	for name := range listSizes {
		if !seen[name] {
			t.Errorf("listSizes has %s, which is not a list of objects in the schema", name)
		}
	}
}

// TestListSizesAtLeastMean checks each multiplier against the shipped dataset: at least the
// mean length of the list per parent, so that the cost of walking a whole list is never less
// than the objects it returns.
func TestListSizesAtLeastMean(t *testing.T) {
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	targetLinks, indicatorTargets, facilitations := 0, 0, 0
	for _, l := range d.Linkages {
		if l.TargetCode != "" {
			targetLinks++
		}
	}
	for _, i := range d.Indicators {
		indicatorTargets += len(i.TargetCodes)
	}
	for _, a := range d.ActionLines {
		facilitations += len(a.Facilitators)
	}
	subLines := 0
	for _, a := range d.ActionLines {
		if a.ParentCode != "" {
			subLines++
		}
	}
	projectLists := map[string]int{}
	for _, p := range d.Projects {
		projectLists["Project.actionLines"] += len(p.ActionLineCodes)
		projectLists["Project.targets"] += len(p.TargetCodes)
		projectLists["Project.organizations"] += len(p.OrganizationKeys)
	}
	projectLists["Project.prizes"] = len(d.Prizes)
	lists := map[string]int{} // the new lists of the public record, summed over their parents
	for _, l := range d.Linkages {
		lists["Linkage.rationaleGroup"] += len(l.RationaleGroup)
		lists["Linkage.sources"] += len(l.SourceKeys)
	}
	for _, a := range d.ActionLines {
		for _, f := range a.Facilitators {
			lists["Facilitation.sources"] += len(f.SourceKeys)
		}
	}
	for _, g := range d.Goals {
		lists["Goal.sources"] += len(g.SourceKeys)
	}
	for _, x := range d.Targets {
		lists["Target.sources"] += len(x.SourceKeys)
	}
	for _, x := range d.Indicators {
		lists["Indicator.sources"] += len(x.SourceKeys)
	}
	for _, x := range d.Organizations {
		lists["Organization.sources"] += len(x.SourceKeys)
	}
	for _, x := range d.Projects {
		lists["Project.sources"] += len(x.SourceKeys)
	}
	for _, x := range d.Prizes {
		lists["Prize.sources"] += len(x.SourceKeys)
		lists["Prize.organizations"] += len(x.OrganizationKeys)
	}
	for _, x := range d.Events {
		lists["Event.sources"] += len(x.SourceKeys)
	}
	coverage := d.Coverage()
	for _, y := range coverage.PrizeYears {
		lists["PrizeYearCoverage.sources"] += len(y.SourceKeys)
	}
	tests := []struct {
		field          string
		items, parents int
	}{
		{"Query.goals", len(d.Goals), 1},
		{"Query.actionLines", len(d.ActionLines), 1},
		{"Query.prizeCategories", len(d.PrizeCategories), 1},
		{"Goal.targets", len(d.Targets), len(d.Goals)},
		{"Goal.linkages", len(d.Linkages), len(d.Goals)},
		{"ActionLine.linkages", len(d.Linkages), len(d.ActionLines)},
		{"ActionLine.subLines", subLines, len(d.ActionLines)},
		{"ActionLine.facilitators", facilitations, len(d.ActionLines)},
		{"Organization.facilitations", facilitations, len(d.Organizations)},
		{"Target.linkages", targetLinks, len(d.Targets)},
		{"Target.indicators", indicatorTargets, len(d.Targets)},
		{"Indicator.targets", indicatorTargets, len(d.Indicators)},
		{"Project.actionLines", projectLists["Project.actionLines"], len(d.Projects)},
		{"Project.targets", projectLists["Project.targets"], len(d.Projects)},
		{"Project.organizations", projectLists["Project.organizations"], len(d.Projects)},
		{"Project.prizes", projectLists["Project.prizes"], len(d.Projects)},
		{"Linkage.rationaleGroup", lists["Linkage.rationaleGroup"], len(d.Linkages)},
		{"Linkage.sources", lists["Linkage.sources"], len(d.Linkages)},
		{"Facilitation.sources", lists["Facilitation.sources"], facilitations},
		{"Goal.sources", lists["Goal.sources"], len(d.Goals)},
		{"Target.sources", lists["Target.sources"], len(d.Targets)},
		{"Indicator.sources", lists["Indicator.sources"], len(d.Indicators)},
		{"Organization.sources", lists["Organization.sources"], len(d.Organizations)},
		{"Project.sources", lists["Project.sources"], len(d.Projects)},
		{"Prize.sources", lists["Prize.sources"], len(d.Prizes)},
		{"Prize.organizations", lists["Prize.organizations"], len(d.Prizes)},
		{"Event.sources", lists["Event.sources"], len(d.Events)},
		{"PrizeYearCoverage.sources", lists["PrizeYearCoverage.sources"], len(coverage.PrizeYears)},
		{"Coverage.prizeYears", len(coverage.PrizeYears), 1},
		{"Matrix.rows", len(d.ActionLines), 1},
		{"Matrix.columns", len(d.Goals), 1},
		{"MatrixRow.cells", len(d.Goals) * len(d.ActionLines), len(d.ActionLines)},
		{"MatrixCell.linkages", len(d.Linkages), len(d.Goals) * len(d.ActionLines)},
	}
	for _, tc := range tests {
		t.Run(tc.field, func(t *testing.T) {
			if tc.parents == 0 {
				t.Fatalf("the dataset has no parents of %s: the multiplier cannot be checked", tc.field)
			}
			mean := float64(tc.items) / float64(tc.parents)
			if float64(listSizes[tc.field]) < mean {
				t.Errorf("multiplier %d is below the mean %.2f (%d items, %d parents)", listSizes[tc.field], mean, tc.items, tc.parents)
			}
		})
	}
}

// TestRateLimiterBounded checks that the client map never exceeds its bound, that a client
// idle long enough to refill is forgotten, and that a busy client keeps its spent budget.
func TestRateLimiterBounded(t *testing.T) {
	const perMinute, burst, maxClients = 60, 10, 100
	l := newRateLimiter(perMinute, burst, maxClients)
	now := time.Now()
	for i := range 10 * maxClients {
		l.take(fmt.Sprint("client", i), 1, now)
		if n := l.size(); n > maxClients {
			t.Fatalf("%d clients remembered, bound %d", n, maxClients)
		}
	}
	if ok, _, _ := l.take("busy", burst, now); !ok {
		t.Fatal("a fresh client could not spend its burst")
	}
	if ok, _, retry := l.take("busy", 1, now); ok || retry <= 0 {
		t.Fatalf("spent client: ok %v retry %v", ok, retry)
	}
	// A new client after the others have idled past the refill time evicts them all but
	// "busy", which was seen later.
	later := now.Add(l.refill + time.Second)
	l.take("newcomer", 1, later)
	if n := l.size(); n > 3 {
		t.Errorf("%d clients remembered after the others idled past the refill time", n)
	}
	if ok, rem, _ := l.take("newcomer", 0, later); !ok || rem != burst-1 {
		t.Errorf("newcomer: ok %v remaining %d, want %d", ok, rem, burst-1)
	}
	if ok, _, retry := l.take("never", burst+1, later); ok || retry != 0 {
		t.Errorf("a request above the burst: ok %v retry %v, want refused for good", ok, retry)
	}
}

// TestResponseCacheBounded checks both bounds of the response cache.
func TestResponseCacheBounded(t *testing.T) {
	tests := []struct {
		name              string
		entries, maxBytes int
		size              int // bytes of each answer
	}{
		{"by entries", 10, 1 << 20, 100},
		{"by bytes", 1000, 8000, 900},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newResponseCache(tc.entries, tc.maxBytes)
			for i := range 100 {
				c.add(fmt.Sprint(i), &cachedResponse{data: make([]byte, tc.size)})
				n, b := c.stats()
				if n > tc.entries || b > tc.maxBytes {
					t.Fatalf("after %d adds: %d entries, %d bytes; bounds %d, %d", i+1, n, b, tc.entries, tc.maxBytes)
				}
			}
			if _, ok := c.get("99"); !ok {
				t.Error("the latest answer is not kept")
			}
			if _, ok := c.get("0"); ok {
				t.Error("the oldest answer is kept")
			}
		})
	}
	c := newResponseCache(10, 8000)
	c.add("big", &cachedResponse{data: make([]byte, 1001)})
	if _, ok := c.get("big"); ok {
		t.Error("an answer above an eighth of the byte bound was kept")
	}
}

// TestClientKey checks how requests are told apart for rate limiting.
func TestClientKey(t *testing.T) {
	keys := map[string]bool{"k1": true}
	tests := []struct {
		name, remote, apiKey, header, headerValue, want string
	}{
		{"IPv4", "192.0.2.7:5555", "", "", "", "ip:192.0.2.7"},
		{"IPv6 by /64", "[2001:db8:1:2:3:4:5:6]:443", "", "", "", "ip:2001:db8:1:2::/64"},
		{"listed key", "192.0.2.7:5555", "k1", "", "", "key:k1"},
		{"unlisted key", "192.0.2.7:5555", "k2", "", "", "ip:192.0.2.7"},
		{"proxy header, rightmost", "127.0.0.1:1", "", "X-Forwarded-For", "203.0.113.9, 198.51.100.4", "ip:198.51.100.4"},
		{"proxy header absent", "127.0.0.1:1", "", "X-Forwarded-For", "", "ip:127.0.0.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/graphql", nil)
			r.RemoteAddr = tc.remote
			if tc.apiKey != "" {
				r.Header.Set("X-Api-Key", tc.apiKey)
			}
			if tc.headerValue != "" {
				r.Header.Set(tc.header, tc.headerValue)
			}
			if got := clientKey(r, keys, tc.header); got != tc.want {
				t.Errorf("clientKey = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestOperationLabels checks that the operation label's values are bounded.
func TestOperationLabels(t *testing.T) {
	o := opLabels{seen: map[string]bool{}}
	tests := []struct{ name, want string }{
		{"", "anonymous"},
		{"Matrix", "Matrix"},
		{"has space", "other"},
		{strings.Repeat("a", 65), "other"},
		{"Matrix", "Matrix"},
	}
	for _, tc := range tests {
		if got := o.label(tc.name); got != tc.want {
			t.Errorf("label(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	distinct := map[string]bool{}
	for i := range 3 * maxOpLabels {
		distinct[o.label(fmt.Sprint("Op", i))] = true
	}
	if len(distinct) > maxOpLabels+1 || !distinct["other"] {
		t.Errorf("%d distinct labels for %d names, want at most %d with other", len(distinct), 3*maxOpLabels, maxOpLabels+1)
	}
}
