package wsisgraph

import "strconv"

// The facets of prize and organisation lists, and what every facet says it cannot count.

// The facets of prize and organisation lists, beyond the project facets' (FacetCountry,
// FacetYear, FacetStakeholderType, FacetActionLine).
const (
	FacetKind     ProjectFacet = "KIND"     // value: the PrizeKind
	FacetCategory ProjectFacet = "CATEGORY" // value: the category's number in decimal
)

// Unstated counts the items of a list that state no value for a facet: they are counted in
// none of its values, and their number is not zero's.
type Unstated struct {
	Facet ProjectFacet
	Count int
}

// PrizeFacets counts a whole filtered prize list by facet, each slice ordered as
// ProjectFacets documents. ByActionLine counts a prize under its category's action line and
// that line's parent (C7 counts its sub-lines' prizes), as the actionLine filter matches.
type PrizeFacets struct {
	Total        int
	ByYear       []FacetCount
	ByKind       []FacetCount
	ByCountry    []FacetCount
	ByRegion     []FacetCount // by the UN M49 region of the entry's country
	ByActionLine []FacetCount
	ByCategory   []FacetCount
	// Unstated lists, for FacetCountry, FacetRegion, FacetCategory and FacetActionLine, the
	// prizes with no value; a facet every prize has a value for is listed with Count 0.
	Unstated []Unstated
}

// OrganizationFacets counts a whole filtered organisation list by facet. ByActionLine counts
// the action lines an organisation facilitates and their parents, as the actionLine filter
// matches.
type OrganizationFacets struct {
	Total             int
	ByCountry         []FacetCount
	ByStakeholderType []FacetCount
	ByActionLine      []FacetCount
	// Unstated lists, for FacetCountry, the organisations with no country (international
	// bodies, or a country the data does not state).
	Unstated []Unstated
}

// valueCounts counts values of one facet.
type valueCounts map[string]int

func (t valueCounts) counts(facet ProjectFacet) []FacetCount {
	out := make([]FacetCount, 0, len(t))
	for v, n := range t {
		out = append(out, FacetCount{Facet: facet, Value: v, Count: n})
	}
	SortFacetCounts(out)
	return out
}

// CountPrizeFacets counts prizes by facet; lines returns the action lines a prize counts
// under (its category's line and that line's parent), nil when it has no category; region
// the UN M49 region of its country, "" when it has none. Both backends count with it, so
// that they agree.
func CountPrizeFacets(prizes []*Prize, lines func(p *Prize) []string, region func(p *Prize) string) *PrizeFacets {
	year, kind, country, line, category, regions := valueCounts{}, valueCounts{}, valueCounts{}, valueCounts{}, valueCounts{}, valueCounts{}
	noCountry, noRegion, noCategory, noLine := 0, 0, 0, 0
	for _, p := range prizes {
		year[strconv.Itoa(p.Year)]++
		kind[string(p.Kind)]++
		if p.Country != "" {
			country[p.Country]++
		} else {
			noCountry++
		}
		if r := region(p); r != "" {
			regions[r]++
		} else {
			noRegion++
		}
		if p.CategoryNumber != 0 {
			category[strconv.Itoa(p.CategoryNumber)]++
		} else {
			noCategory++
		}
		ls := lines(p)
		if len(ls) == 0 {
			noLine++
		}
		for _, l := range ls {
			line[l]++
		}
	}
	return &PrizeFacets{
		Total: len(prizes), ByYear: year.counts(FacetYear), ByKind: kind.counts(FacetKind),
		ByCountry: country.counts(FacetCountry), ByRegion: regions.counts(FacetRegion),
		ByActionLine: line.counts(FacetActionLine), ByCategory: category.counts(FacetCategory),
		Unstated: []Unstated{{FacetCountry, noCountry}, {FacetRegion, noRegion}, {FacetCategory, noCategory}, {FacetActionLine, noLine}},
	}
}

// CountOrganizationFacets counts organisations by facet; lines returns the action lines an
// organisation facilitates and their parents, distinct.
func CountOrganizationFacets(orgs []*Organization, lines func(key string) []string) *OrganizationFacets {
	country, types, line := valueCounts{}, valueCounts{}, valueCounts{}
	noCountry := 0
	for _, o := range orgs {
		if o.Country != "" {
			country[o.Country]++
		} else {
			noCountry++
		}
		types[string(o.StakeholderType)]++
		for _, l := range lines(o.Key) {
			line[l]++
		}
	}
	return &OrganizationFacets{
		Total: len(orgs), ByCountry: country.counts(FacetCountry),
		ByStakeholderType: types.counts(FacetStakeholderType), ByActionLine: line.counts(FacetActionLine),
		Unstated: []Unstated{{FacetCountry, noCountry}},
	}
}
