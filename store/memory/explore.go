package memory

import (
	"context"
	"slices"
	"strconv"

	"github.com/wsisgraph/wsisgraph"
)

// orgCounts holds each organisation's number of prizes and of projects, the values of the
// PRIZE_COUNT and PROJECT_COUNT sorts.
// orgCursor returns o's cursor in an organisation list sorted by by.
func (s *Store) orgCursor(o *wsisgraph.Organization, by wsisgraph.OrganizationSort) wsisgraph.Cursor {
	switch by {
	case wsisgraph.OrganizationsByPrizeCount:
		return o.CountCursor(s.g.PrizeCount[o.Key])
	case wsisgraph.OrganizationsByProjectCount:
		return o.CountCursor(s.g.ProjectCount[o.Key])
	}
	return o.Cursor(by)
}

// projectFacts are what the matrix and the facets read of a project, derived once by New.
type projectFacts struct {
	lines    []string // the action lines it serves and their parents (projectLines)
	goals    []int    // the goals of its targets (projectGoals)
	goalKeys []string // goals in decimal
	types    []wsisgraph.StakeholderType
	year     string // "" when unknown
}

// indexExplore derives every project's facts.
func (s *Store) indexExplore() {
	s.facts = make([]projectFacts, len(s.d.Projects))
	for i, p := range s.d.Projects {
		f := projectFacts{lines: s.projectLines(p.ActionLineCodes), goals: s.projectGoals(p), types: s.projectTypes(p)}
		for _, g := range f.goals {
			f.goalKeys = append(f.goalKeys, strconv.Itoa(g))
		}
		if p.Year != 0 {
			f.year = strconv.Itoa(p.Year)
		}
		s.facts[i] = f
	}
	s.factsByKey = make(map[string]*projectFacts, len(s.facts))
	for i, p := range s.d.Projects {
		s.factsByKey[p.Key] = &s.facts[i]
	}
}

// projectGoals returns the distinct goals of p's targets, ascending.
func (s *Store) projectGoals(p *wsisgraph.Project) []int {
	var goals []int
	for _, c := range p.TargetCodes {
		if t := s.g.TargetByCode[c]; t != nil {
			goals = append(goals, t.GoalNumber)
		}
	}
	slices.Sort(goals)
	return slices.Compact(goals)
}

// projectLines returns the action lines p serves and their parents, distinct, ascending.
func (s *Store) projectLines(codes []string) []string {
	var lines []string
	for _, c := range codes {
		lines = append(lines, s.g.LineFamily(c)...)
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

// projectTypes returns the distinct stakeholder types of p's organisations.
func (s *Store) projectTypes(p *wsisgraph.Project) []wsisgraph.StakeholderType {
	var types []wsisgraph.StakeholderType
	for _, k := range p.OrganizationKeys {
		if o := s.g.OrganizationByKey[k]; o != nil {
			types = append(types, o.StakeholderType)
		}
	}
	slices.Sort(types)
	return slices.Compact(types)
}

// Matrix answers each query with the matrix grid, computed from the dataset: rows in
// official order, columns by goal number.
func (s *Store) Matrix(ctx context.Context, queries []wsisgraph.MatrixQuery) ([]*wsisgraph.Matrix, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	for _, q := range queries {
		if err := q.Validate(); err != nil {
			return nil, err
		}
	}
	out := make([]*wsisgraph.Matrix, len(queries))
	for i, q := range queries {
		out[i] = s.matrix(q)
	}
	return out, nil
}

func (s *Store) matrix(q wsisgraph.MatrixQuery) *wsisgraph.Matrix {
	ofType := func(f *projectFacts) bool {
		return q.StakeholderType == "" || slices.Contains(f.types, q.StakeholderType)
	}
	inPlace := func(code string) bool {
		if q.Region == "" && q.Group == "" {
			return true
		}
		c := s.g.CountryByCode[code]
		return c != nil && (q.Region == "" || c.InRegion(q.Region)) && (q.Group == "" || c.InGroup(q.Group))
	}
	var projects, prizes []wsisgraph.MatrixItem
	for i, p := range s.d.Projects {
		f := &s.facts[i]
		if len(f.goals) == 0 || len(f.lines) == 0 || (q.Year != 0 && p.Year != q.Year) || (q.Country != "" && p.Country != q.Country) || !ofType(f) || !inPlace(p.Country) {
			continue
		}
		projects = append(projects, wsisgraph.MatrixItem{Lines: f.lines, Goals: f.goals})
	}
	for _, z := range s.d.Prizes {
		f, cat := s.factsByKey[z.ProjectKey], s.g.CategoryByNumber[z.CategoryNumber]
		if f == nil || cat == nil || len(f.goals) == 0 || (q.Year != 0 && z.Year != q.Year) || (q.Country != "" && z.Country != q.Country) || !ofType(f) || !inPlace(z.Country) {
			continue
		}
		prizes = append(prizes, wsisgraph.MatrixItem{Lines: s.g.LineFamily(cat.ActionLineCode), Goals: f.goals})
	}
	return wsisgraph.BuildMatrix(s.g.ActionLines, s.g.Goals, s.g.LinkagesByActionLine,
		wsisgraph.CountMatrixItems(projects, s.g.ActionLines, s.g.Goals), wsisgraph.CountMatrixItems(prizes, s.g.ActionLines, s.g.Goals))
}

// ProjectFacets counts the projects each filter matches by facet. The filters mean what they
// mean to Projects.
func (s *Store) ProjectFacets(ctx context.Context, filters []wsisgraph.ProjectFilter) ([]*wsisgraph.ProjectFacets, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	for _, f := range filters {
		if err := (wsisgraph.ProjectQuery{Filter: f}).Validate(); err != nil {
			return nil, err
		}
	}
	out := make([]*wsisgraph.ProjectFacets, len(filters))
	for i, f := range filters {
		out[i] = s.facets(f)
	}
	return out, nil
}

func (s *Store) facets(f wsisgraph.ProjectFilter) *wsisgraph.ProjectFacets {
	x := &s.projects
	sel := s.projectSelection(f)
	country, year, types, lines, goals, regions := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	var unstated [5]int // in the order of wsisgraph.ProjectFacetOrder
	count := func(i int32) {
		if sel.match != nil && !sel.match(i) {
			return
		}
		p, f := x.items[i], &s.facts[i]
		for k, none := range []bool{p.Country == "", f.year == "", len(f.types) == 0, len(f.lines) == 0, len(f.goals) == 0} {
			if none {
				unstated[k]++
			}
		}
		if p.Country != "" {
			country[p.Country]++
			if c := s.g.CountryByCode[p.Country]; c != nil && c.Region != "" {
				regions[c.Region]++
			}
		}
		if f.year != "" {
			year[f.year]++
		}
		for _, t := range f.types {
			types[string(t)]++
		}
		for _, l := range f.lines {
			lines[l]++
		}
		for _, g := range f.goalKeys {
			goals[g]++
		}
	}
	if sel.restricted {
		for _, i := range sel.cand {
			count(i)
		}
	} else {
		for i := range int32(len(x.items)) {
			count(i)
		}
	}
	return &wsisgraph.ProjectFacets{
		ByCountry:         facetCounts(wsisgraph.FacetCountry, country),
		ByYear:            facetCounts(wsisgraph.FacetYear, year),
		ByStakeholderType: facetCounts(wsisgraph.FacetStakeholderType, types),
		ByActionLine:      facetCounts(wsisgraph.FacetActionLine, lines),
		ByGoal:            facetCounts(wsisgraph.FacetGoal, goals),
		ByRegion:          facetCounts(wsisgraph.FacetRegion, regions),
		Unstated:          unstatedOf(unstated[:]),
	}
}

// unstatedOf pairs the counts of projects with no value with wsisgraph.ProjectFacetOrder.
func unstatedOf(counts []int) []wsisgraph.Unstated {
	out := make([]wsisgraph.Unstated, len(counts))
	for k, n := range counts {
		out[k] = wsisgraph.Unstated{Facet: wsisgraph.ProjectFacetOrder[k], Count: n}
	}
	return out
}

// PrizeFacets counts the prizes each filter matches by facet (wsisgraph.CountPrizeFacets).
// The filters mean what they mean to Prizes.
func (s *Store) PrizeFacets(ctx context.Context, filters []wsisgraph.PrizeFilter) ([]*wsisgraph.PrizeFacets, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	for _, f := range filters {
		if err := (wsisgraph.PrizeQuery{Filter: f}).Validate(); err != nil {
			return nil, err
		}
	}
	out := make([]*wsisgraph.PrizeFacets, len(filters))
	for k, f := range filters {
		var prizes []*wsisgraph.Prize
		s.prizeSelection(f).each(len(s.prizes.items), func(i int32) { prizes = append(prizes, s.prizes.items[i]) })
		out[k] = wsisgraph.CountPrizeFacets(prizes, s.categoryLines, s.prizeRegion)
	}
	return out, nil
}

// prizeRegion returns the UN M49 region of a prize's country, "" when it has none.
func (s *Store) prizeRegion(p *wsisgraph.Prize) string {
	if c := s.g.CountryByCode[p.Country]; c != nil {
		return c.Region
	}
	return ""
}

// categoryLines returns the action lines a prize counts under: its category's line and that
// line's parent; nil for a prize with no known category.
func (s *Store) categoryLines(p *wsisgraph.Prize) []string {
	if c := s.g.CategoryByNumber[p.CategoryNumber]; c != nil && c.ActionLineCode != "" {
		return s.g.LineFamily(c.ActionLineCode)
	}
	return nil
}

// OrganizationFacets counts the organisations each filter matches by facet
// (wsisgraph.CountOrganizationFacets). The filters mean what they mean to Organizations.
func (s *Store) OrganizationFacets(ctx context.Context, filters []wsisgraph.OrganizationFilter) ([]*wsisgraph.OrganizationFacets, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	for _, f := range filters {
		if err := (wsisgraph.OrganizationQuery{Filter: f}).Validate(); err != nil {
			return nil, err
		}
	}
	x := &s.orgs
	out := make([]*wsisgraph.OrganizationFacets, len(filters))
	for k, f := range filters {
		var orgs []*wsisgraph.Organization
		lines := map[string][]string{}
		s.orgSelection(f).each(len(x.items), func(i int32) {
			orgs = append(orgs, x.items[i])
			lines[x.items[i].Key] = x.lines[i]
		})
		out[k] = wsisgraph.CountOrganizationFacets(orgs, func(key string) []string { return lines[key] })
	}
	return out, nil
}

func facetCounts(facet wsisgraph.ProjectFacet, m map[string]int) []wsisgraph.FacetCount {
	out := make([]wsisgraph.FacetCount, 0, len(m))
	for v, n := range m {
		out = append(out, wsisgraph.FacetCount{Facet: facet, Value: v, Count: n})
	}
	wsisgraph.SortFacetCounts(out)
	return out
}

// projectSelection compiles a project filter as Projects does.
func (s *Store) projectSelection(f wsisgraph.ProjectFilter) selection {
	x := &s.projects
	var sel selection
	if f.ActionLine != "" {
		sel.restrict(x.byLine[f.ActionLine])
	}
	if f.Goal != 0 {
		sel.restrict(x.byGoal[f.Goal])
	}
	if f.Target != "" {
		sel.restrict(x.byTarget[f.Target])
	}
	if f.Country != "" {
		sel.restrict(x.byCountry[f.Country])
	}
	if f.Year != 0 {
		sel.restrict(x.byYear[f.Year])
	}
	if f.StakeholderType != "" {
		sel.restrict(x.byStakeholder[f.StakeholderType])
	}
	if f.Organization != "" {
		sel.restrict(x.byOrg[f.Organization])
	}
	x.places.restrict(&sel, f.Region, f.Group)
	sel.text(f.Text, func(i int32) []string { return x.text[i] })
	return sel
}
