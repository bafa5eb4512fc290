package wsisgraph

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"
)

// This file is the one place where codes are read the way people write them and where every
// filter value is checked against the graph. Both backends build a Vocabulary from the data
// they hold (Store.Vocabulary), the resolvers check every filter with it before any list
// call, and the dataset loader reads partner files' codes with the same normalisers.

// ActionLineKey is the comparison form of an action-line code or short title: lower case,
// letters and digits only. "C7 e-environment", "c7.E-Environment", "C7.e-environment" all
// give "c7eenvironment"; a C7 sub-line is also known by its own part ("e-environment" →
// "eenvironment").
func ActionLineKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CodeKey is the comparison form of a dotted code (a target's "9.c", an indicator's
// "13.1.1"): lower case, without space, with an optional leading word "target", "indicator"
// or "sdg" dropped ("Target 9.C" → "9.c"); commas and dashes read as dots ("9-c" → "9.c").
func CodeKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"target", "indicator", "sdg"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case r == ',' || r == '-' || r == '_':
			b.WriteByte('.')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CountryKey is the comparison form of a country code: trimmed and upper-cased ("kz" → "KZ").
func CountryKey(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// YearRange is the span of years a kind of record has in the graph; zero when none has one.
type YearRange struct{ Min, Max int }

// Contains reports whether y lies in the range.
func (r YearRange) Contains(y int) bool { return r.Min != 0 && y >= r.Min && y <= r.Max }

// Widen returns r extended to cover y (a zero y leaves r as it is).
func (r YearRange) Widen(y int) YearRange {
	if y == 0 {
		return r
	}
	if r.Min == 0 || y < r.Min {
		r.Min = y
	}
	if y > r.Max {
		r.Max = y
	}
	return r
}

// VocabularyParts are the values a Vocabulary is built from.
type VocabularyParts struct {
	ActionLines     []*ActionLine // in official order
	Goals           []int
	Targets         []string // in official order
	Indicators      []string // every code an indicator is listed under
	Countries       []*Country
	PrizeCategories []int
	Organizations   []string
	ProjectYears    YearRange
	PrizeYears      YearRange
	EventYears      YearRange
}

// Vocabulary holds every value the graph's filters and code-taking fields accept, with the
// forms people write them in. It is immutable once built and safe for concurrent use; every
// check costs a map look-up (the suggestions of an error cost a scan of the candidates).
type Vocabulary struct {
	lines        map[string]string // ActionLineKey → code
	lineCodes    []string
	goals        map[int]bool
	goalMax      int
	targets      map[string]string // CodeKey → code
	targetCodes  []string
	indicators   map[string]string // CodeKey → code
	countries    map[string]string // CountryKey → code
	countryNames map[string]string // SortKey(name) → code
	countryName  map[string]string // code → name
	countryCodes []string
	categories   map[int]bool
	categoryMax  int
	orgs         map[string]string // lower-cased key → key
	orgKeys      []string
	projectYears YearRange
	prizeYears   YearRange
	eventYears   YearRange
}

// NewVocabulary builds the vocabulary of p.
func NewVocabulary(p VocabularyParts) *Vocabulary {
	v := &Vocabulary{
		lines: map[string]string{}, goals: map[int]bool{}, targets: map[string]string{},
		indicators: map[string]string{}, countries: map[string]string{}, countryNames: map[string]string{}, countryName: map[string]string{},
		categories: map[int]bool{}, orgs: map[string]string{},
		projectYears: p.ProjectYears, prizeYears: p.PrizeYears, eventYears: p.EventYears,
	}
	for _, al := range p.ActionLines {
		v.lineCodes = append(v.lineCodes, al.Code)
	}
	// Codes first, then the sub-lines' own parts and short titles, so that a code always
	// wins over another line's title.
	for _, al := range p.ActionLines {
		v.lines[ActionLineKey(al.Code)] = al.Code
	}
	for _, al := range p.ActionLines {
		if _, own, ok := strings.Cut(al.Code, "."); ok {
			if _, taken := v.lines[ActionLineKey(own)]; !taken {
				v.lines[ActionLineKey(own)] = al.Code
			}
		}
		if k := ActionLineKey(al.ShortTitle); k != "" {
			if _, taken := v.lines[k]; !taken {
				v.lines[k] = al.Code
			}
		}
	}
	for _, g := range p.Goals {
		v.goals[g] = true
		v.goalMax = max(v.goalMax, g)
	}
	for _, t := range p.Targets {
		v.targets[CodeKey(t)] = t
		v.targetCodes = append(v.targetCodes, t)
	}
	for _, i := range p.Indicators {
		v.indicators[CodeKey(i)] = i
	}
	for _, c := range p.Countries {
		v.countries[CountryKey(c.Code)] = c.Code
		for _, name := range c.Name { // its name in every language it has
			if k := SortKey(name); k != "" {
				v.countryNames[k] = c.Code
			}
		}
		v.countryName[c.Code] = c.Name.In(LangEnglish)
		v.countryCodes = append(v.countryCodes, c.Code)
	}
	slices.Sort(v.countryCodes)
	for _, n := range p.PrizeCategories {
		v.categories[n] = true
		v.categoryMax = max(v.categoryMax, n)
	}
	for _, k := range p.Organizations {
		v.orgs[strings.ToLower(k)] = k
		v.orgKeys = append(v.orgKeys, k)
	}
	slices.Sort(v.orgKeys)
	return v
}

// ActionLine returns the code of the action line s names in any of its written forms ("c2",
// "C7 e-environment", "e-environment"), and false when it names none.
func (v *Vocabulary) ActionLine(s string) (string, bool) {
	c, ok := v.lines[ActionLineKey(s)]
	return c, ok
}

// Target returns the canonical code of the target s names ("9.C" → "9.c").
func (v *Vocabulary) Target(s string) (string, bool) {
	c, ok := v.targets[CodeKey(s)]
	return c, ok
}

// Indicator returns the canonical code of the indicator code s ("13.1.1").
func (v *Vocabulary) Indicator(s string) (string, bool) {
	c, ok := v.indicators[CodeKey(s)]
	return c, ok
}

// Country returns the ISO code of the country code s, in any case ("kz" → "KZ").
func (v *Vocabulary) Country(s string) (string, bool) {
	c, ok := v.countries[CountryKey(s)]
	return c, ok
}

// Goal reports whether the graph has goal n.
func (v *Vocabulary) Goal(n int) bool { return v.goals[n] }

// Organization returns the key of the organisation s names, compared case-insensitively.
func (v *Vocabulary) Organization(s string) (string, bool) {
	k, ok := v.orgs[strings.ToLower(strings.TrimSpace(s))]
	return k, ok
}

// The checks below return EINVALID errors naming the value and the closest valid ones.

func (v *Vocabulary) checkActionLine(field string, s *string) error {
	if *s == "" {
		return nil
	}
	if c, ok := v.ActionLine(*s); ok {
		*s = c
		return nil
	}
	return Errorf(EINVALID, "%s: unknown action line %q; %s", field, *s,
		suggest(strings.ToLower(*s), v.lineCodes, strings.ToLower, "action lines are C1…C11 and the C7 sub-lines (C7.e-government…C7.e-science)"))
}

func (v *Vocabulary) checkTarget(field string, s *string) error {
	if *s == "" {
		return nil
	}
	if c, ok := v.Target(*s); ok {
		*s = c
		return nil
	}
	if g, _, ok := strings.Cut(CodeKey(*s), "."); ok {
		if n, err := strconv.Atoi(g); err == nil && v.goals[n] {
			var of []string
			for _, t := range v.targetCodes {
				if strings.HasPrefix(t, g+".") {
					of = append(of, t)
				}
			}
			return Errorf(EINVALID, "%s: unknown target %q; goal %d's targets are %s", field, *s, n, strings.Join(of, ", "))
		}
	}
	return Errorf(EINVALID, "%s: unknown target %q; %s", field, *s,
		suggest(CodeKey(*s), v.targetCodes, CodeKey, "targets are written goal.target, such as 9.c or 11.2"))
}

func (v *Vocabulary) checkCountry(field string, s *string) error {
	if *s == "" {
		return nil
	}
	if c, ok := v.Country(*s); ok {
		*s = c
		return nil
	}
	name := SortKey(*s)
	if c, ok := v.countryNames[name]; ok {
		return Errorf(EINVALID, "%s takes an ISO 3166-1 alpha-2 code: %q is %s", field, *s, c)
	}
	if len(name) > 3 {
		best, bestD := "", 3
		for _, c := range v.countryCodes { // sorted: the first of equally close names wins
			if d := levenshtein.ComputeDistance(name, SortKey(v.countryName[c])); d < bestD {
				best, bestD = c, d
			}
		}
		if best != "" {
			return Errorf(EINVALID, "%s takes an ISO 3166-1 alpha-2 code: %q looks like %s, %s", field, *s, v.countryName[best], best)
		}
	}
	return Errorf(EINVALID, "%s: unknown country code %q; %s", field, *s,
		suggest(CountryKey(*s), v.countryCodes, CountryKey, "countries are ISO 3166-1 alpha-2 codes, such as KZ"))
}

func (v *Vocabulary) checkGoal(field string, n int) error {
	if n == 0 || v.goals[n] {
		return nil
	}
	return Errorf(EINVALID, "%s: unknown goal %d; goals are numbered 1–%d", field, n, v.goalMax)
}

func (v *Vocabulary) checkCategory(field string, n int) error {
	if n == 0 || v.categories[n] {
		return nil
	}
	return Errorf(EINVALID, "%s: unknown prize category %d; categories are numbered 1–%d", field, n, v.categoryMax)
}

func (v *Vocabulary) checkOrganization(field string, s *string) error {
	if *s == "" {
		return nil
	}
	if k, ok := v.Organization(*s); ok {
		*s = k
		return nil
	}
	return Errorf(EINVALID, "%s: unknown organization %q; %s", field, *s,
		suggest(strings.ToLower(*s), v.orgKeys, strings.ToLower, "organizations are named by key, such as itu"))
}

func checkYear(field, what string, r YearRange, y int) error {
	if y == 0 || r.Contains(y) {
		return nil
	}
	if r.Min == 0 {
		return Errorf(EINVALID, "%s: the graph holds no %s with a year", field, what)
	}
	return Errorf(EINVALID, "%s: the graph holds no %s of %d; their years run %d–%d", field, what, y, r.Min, r.Max)
}

// suggest names the candidates closest to s by edit distance (of key(candidate)), at most
// four, in the candidates' order; when none is close, it returns fallback.
func suggest(s string, candidates []string, key func(string) string, fallback string) string {
	best, bestD := []string(nil), len(s)/2+2
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(s, key(c))
		switch {
		case d < bestD:
			best, bestD = []string{c}, d
		case d == bestD:
			best = append(best, c)
		}
	}
	if len(best) == 0 || len(best) > 4 {
		return fallback
	}
	return "did you mean " + strings.Join(best, ", ") + "?"
}

// ProjectFilter returns f with its codes in canonical form, or an EINVALID error naming the
// first value the graph does not hold (an action line, goal, target, country, organisation,
// or a year outside the projects' years).
func (v *Vocabulary) ProjectFilter(f ProjectFilter) (ProjectFilter, error) {
	return f, firstErr(
		v.checkActionLine("filter.actionLine", &f.ActionLine),
		v.checkGoal("filter.goal", f.Goal),
		v.checkTarget("filter.target", &f.Target),
		v.checkCountry("filter.country", &f.Country),
		checkYear("filter.year", "projects", v.projectYears, f.Year),
		v.checkOrganization("filter.organization", &f.Organization),
	)
}

// PrizeFilter returns f with its codes in canonical form, or an EINVALID error naming the
// first value the graph does not hold.
func (v *Vocabulary) PrizeFilter(f PrizeFilter) (PrizeFilter, error) {
	return f, firstErr(
		checkYear("filter.year", "prizes", v.prizeYears, f.Year),
		v.checkActionLine("filter.actionLine", &f.ActionLine),
		v.checkCategory("filter.category", f.Category),
		v.checkCountry("filter.country", &f.Country),
		v.checkOrganization("filter.organization", &f.Organization),
	)
}

// OrganizationFilter returns f with its codes in canonical form, or an EINVALID error naming
// the first value the graph does not hold.
func (v *Vocabulary) OrganizationFilter(f OrganizationFilter) (OrganizationFilter, error) {
	return f, firstErr(
		v.checkCountry("filter.country", &f.Country),
		v.checkActionLine("filter.actionLine", &f.ActionLine),
	)
}

// EventFilter returns f with its country code in canonical form, or an EINVALID error naming
// the first value the graph does not hold.
func (v *Vocabulary) EventFilter(f EventFilter) (EventFilter, error) {
	return f, firstErr(
		v.checkCountry("filter.country", &f.Country),
		checkYear("filter.year", "events", v.eventYears, f.Year),
	)
}

// MatrixQuery returns q with its country code in canonical form, or an EINVALID error when
// the country is unknown or the year is outside both the projects' and the prizes' years.
func (v *Vocabulary) MatrixQuery(q MatrixQuery) (MatrixQuery, error) {
	err := v.checkCountry("country", &q.Country)
	if err == nil && q.Year != 0 && !v.projectYears.Contains(q.Year) && !v.prizeYears.Contains(q.Year) {
		r := v.projectYears.Widen(v.prizeYears.Min).Widen(v.prizeYears.Max)
		err = checkYear("year", "projects or prizes", r, q.Year)
		if err == nil {
			err = Errorf(EINVALID, "year: the graph holds no projects or prizes of %d", q.Year)
		}
	}
	return q, err
}

// ParentActionLine returns the code of the action line s names for the `parent` argument.
func (v *Vocabulary) ParentActionLine(s string) (string, error) {
	err := v.checkActionLine("parent", &s)
	return s, err
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
