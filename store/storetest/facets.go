package storetest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph"
)

// facetOracle counts values by facet, as the suite expects them.
type facetOracle map[wsisgraph.ProjectFacet]map[string]int

func (o facetOracle) add(facet wsisgraph.ProjectFacet, v string) {
	if o[facet] == nil {
		o[facet] = map[string]int{}
	}
	o[facet][v]++
}

// want returns facet's counts, largest first, then by value.
func (o facetOracle) want(facet wsisgraph.ProjectFacet) []wsisgraph.FacetCount {
	out := []wsisgraph.FacetCount{}
	for v, n := range o[facet] {
		out = append(out, wsisgraph.FacetCount{Facet: facet, Value: v, Count: n})
	}
	slices.SortFunc(out, func(a, b wsisgraph.FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

func sameCounts(t *testing.T, name string, got, want []wsisgraph.FacetCount) {
	t.Helper()
	if got == nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s:\n got %v\nwant %v", name, got, want)
	}
}

// prizeFacets checks PrizeFacets against counts of the fixture's prizes, and each count
// against the total of the list filtered by its value.
func (x *suite) prizeFacets(t *testing.T) {
	type F = wsisgraph.PrizeFilter
	filters := []F{{}, {Year: 2015}, {ActionLine: "C7"}, {Kind: wsisgraph.PrizeChampion}, {Country: "KZ"}, {Text: "digital"}, {Country: "XX"}}
	got, err := x.s.PrizeFacets(bg, filters)
	wantNoErr(t, err)
	if len(got) != len(filters) {
		t.Fatalf("got %d facet sets for %d filters", len(got), len(filters))
	}
	for fi, f := range filters {
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			match := x.prizeMatch(f)
			o := facetOracle{}
			total, noCountry, noRegion, noCategory, noLine := 0, 0, 0, 0, 0
			region := map[string]string{}
			for _, c := range x.d.Countries {
				region[c.Code] = c.Region
			}
			for _, p := range x.d.Prizes {
				if !match(p) {
					continue
				}
				total++
				o.add(wsisgraph.FacetYear, strconv.Itoa(p.Year))
				o.add(wsisgraph.FacetKind, string(p.Kind))
				if p.Country == "" {
					noCountry++
				} else {
					o.add(wsisgraph.FacetCountry, p.Country)
				}
				if r := region[p.Country]; r == "" {
					noRegion++
				} else {
					o.add(wsisgraph.FacetRegion, r)
				}
				c := x.category[p.CategoryNumber]
				if c == nil {
					noCategory++
					noLine++
					continue
				}
				o.add(wsisgraph.FacetCategory, strconv.Itoa(p.CategoryNumber))
				o.add(wsisgraph.FacetActionLine, c.ActionLineCode)
				if l := x.line[c.ActionLineCode]; l != nil && l.ParentCode != "" {
					o.add(wsisgraph.FacetActionLine, l.ParentCode)
				}
			}
			fs := got[fi]
			if fs.Total != total {
				t.Errorf("total %d, want %d", fs.Total, total)
			}
			sameCounts(t, "byYear", fs.ByYear, o.want(wsisgraph.FacetYear))
			sameCounts(t, "byKind", fs.ByKind, o.want(wsisgraph.FacetKind))
			sameCounts(t, "byCountry", fs.ByCountry, o.want(wsisgraph.FacetCountry))
			sameCounts(t, "byRegion", fs.ByRegion, o.want(wsisgraph.FacetRegion))
			sameCounts(t, "byCategory", fs.ByCategory, o.want(wsisgraph.FacetCategory))
			sameCounts(t, "byActionLine", fs.ByActionLine, o.want(wsisgraph.FacetActionLine))
			want := []wsisgraph.Unstated{{Facet: wsisgraph.FacetCountry, Count: noCountry}, {Facet: wsisgraph.FacetRegion, Count: noRegion}, {Facet: wsisgraph.FacetCategory, Count: noCategory}, {Facet: wsisgraph.FacetActionLine, Count: noLine}}
			if fmt.Sprint(fs.Unstated) != fmt.Sprint(want) {
				t.Errorf("unstated %v, want %v", fs.Unstated, want)
			}
			// A country's count is the list's total with the country added to the filter.
			if f.Country == "" {
				for _, c := range fs.ByCountry {
					g := f
					g.Country = c.Value
					ps, err := x.s.Prizes(bg, []wsisgraph.PrizeQuery{{Filter: g, Page: wsisgraph.PageArgs{First: 1, WithTotal: true}}})
					wantNoErr(t, err)
					if ps[0].Total != c.Count {
						t.Errorf("country %s: count %d, but the list filtered by it has %d prizes", c.Value, c.Count, ps[0].Total)
					}
				}
			}
		})
	}
	t.Run("invalid", func(t *testing.T) {
		_, err := x.s.PrizeFacets(bg, []F{{}, {Kind: "LOSER"}})
		wantCode(t, err, wsisgraph.EINVALID)
	})
}

// organizationFacets checks OrganizationFacets against counts of the fixture's organisations.
func (x *suite) organizationFacets(t *testing.T) {
	type F = wsisgraph.OrganizationFilter
	filters := []F{{}, {Country: "KZ"}, {ActionLine: "C7"}, {StakeholderType: wsisgraph.StakeholderInternationalOrganization}, {Text: "un"}}
	got, err := x.s.OrganizationFacets(bg, filters)
	wantNoErr(t, err)
	if len(got) != len(filters) {
		t.Fatalf("got %d facet sets for %d filters", len(got), len(filters))
	}
	for fi, f := range filters {
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			match := x.orgMatch(f)
			o := facetOracle{}
			total, noCountry := 0, 0
			for _, org := range x.d.Organizations {
				if !match(org) {
					continue
				}
				total++
				if org.Country == "" {
					noCountry++
				} else {
					o.add(wsisgraph.FacetCountry, org.Country)
				}
				o.add(wsisgraph.FacetStakeholderType, string(org.StakeholderType))
				lines := map[string]bool{}
				for _, al := range x.d.ActionLines {
					for _, fc := range al.Facilitators {
						if fc.OrganizationKey == org.Key {
							lines[al.Code] = true
							if al.ParentCode != "" {
								lines[al.ParentCode] = true
							}
						}
					}
				}
				for l := range lines {
					o.add(wsisgraph.FacetActionLine, l)
				}
			}
			fs := got[fi]
			if fs.Total != total {
				t.Errorf("total %d, want %d", fs.Total, total)
			}
			sameCounts(t, "byCountry", fs.ByCountry, o.want(wsisgraph.FacetCountry))
			sameCounts(t, "byStakeholderType", fs.ByStakeholderType, o.want(wsisgraph.FacetStakeholderType))
			sameCounts(t, "byActionLine", fs.ByActionLine, o.want(wsisgraph.FacetActionLine))
			if want := []wsisgraph.Unstated{{Facet: wsisgraph.FacetCountry, Count: noCountry}}; fmt.Sprint(fs.Unstated) != fmt.Sprint(want) {
				t.Errorf("unstated %v, want %v", fs.Unstated, want)
			}
		})
	}
}
