// Package synth scales a dataset up with synthetic records for benchmarks: projects,
// organisations and prizes with skewed distributions over countries, years (2004–2025),
// action lines and the targets those action lines are linked to.
//
// Synthetic records are never real data: every key starts with KeyPrefix and every project
// has Synthetic set. They are generated at run time and never written to dataset/data.
package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

// KeyPrefix starts the key of every synthetic record.
const KeyPrefix = "synthetic-"

// Years of synthetic projects: the WSIS Stocktaking's span.
const (
	FirstYear = 2004
	LastYear  = 2025
)

// RareWord occurs in the title of about one synthetic project in RareEvery: a search for it
// has a few dozen hits at 10,000 projects and a few hundred at 100,000.
const (
	RareWord  = "mangrove"
	RareEvery = 300
)

// popularCountries come first in the skewed country order (the most projects in the first);
// every other country of the dataset follows in file order. Codes absent from the dataset
// are skipped.
var popularCountries = []string{"KZ", "IN", "UA", "BR", "EG", "KE", "MX", "ID", "NG", "CO", "PL", "NP"}

var (
	adjectives = []string{"Digital", "Open", "Smart", "Inclusive", "Rural", "Mobile", "Community", "National",
		"Regional", "Green", "Secure", "Accessible", "Affordable", "Connected", "Local", "Youth"}
	nouns = []string{"Broadband", "Platform", "Network", "Academy", "Portal", "Observatory", "Library",
		"Clinic", "Hub", "Registry", "Marketplace", "Lab", "Programme", "Initiative", "Service", "Archive"}
	topics = []string{"Literacy", "Health", "Agriculture", "Women", "Schools", "Farmers", "Governance",
		"Tourism", "Disaster Response", "Water", "Languages", "Cybersecurity", "Employment", "Trade", "Science"}
	orgWords = []string{"Foundation", "Institute", "Agency", "Association", "Ministry", "University",
		"Council", "Cooperative", "Network", "Centre", "Alliance", "Society"}
)

// Generate returns a copy of base with projects synthetic projects added, one synthetic
// organisation per five projects and a prize for about one project in fifty. The result
// depends only on base, projects and seed; it is validated, and its Version names the
// scale-up. base is not modified (its records are shared, not copied).
func Generate(base *dataset.Dataset, projects int, seed uint64) (*dataset.Dataset, error) {
	d := *base
	d.Organizations = slices.Clone(base.Organizations)
	d.Projects = slices.Clone(base.Projects)
	d.Prizes = slices.Clone(base.Prizes)
	if projects <= 0 {
		return &d, nil
	}
	r := rand.New(rand.NewPCG(seed, 0x5157_5347))
	g := newGen(base, r)

	// Synthetic records cite a source of their own; the awarded counts are dropped, since
	// synthetic prizes are not part of any year's awards.
	source := KeyPrefix + "source"
	d.Sources = append(slices.Clone(base.Sources), &wsisgraph.Source{
		Key: source, Document: "Synthetic records generated for scale tests, not real data",
		Year: 2100, URL: "https://example.invalid/wsisgraph/synthetic"})
	d.PrizeAwards = nil
	nOrgs := max(1, projects/5)
	orgs := make([]*wsisgraph.Organization, nOrgs)
	for i := range orgs {
		o := &wsisgraph.Organization{
			Key:             fmt.Sprintf("%sorg-%06d", KeyPrefix, i),
			Name:            fmt.Sprintf("%s %s %s %d", g.pick(adjectives), g.pick(topics), g.pick(orgWords), i),
			Country:         g.country(),
			StakeholderType: g.stakeholder(),
			SourceKeys:      []string{source},
		}
		orgs[i] = o
		d.Organizations = append(d.Organizations, o)
	}
	// Organisations run projects with a Zipf skew: a few run hundreds, most one or two.
	orgZipf := rand.NewZipf(r, 1.1, 8, uint64(nOrgs-1))
	for i := range projects {
		title := fmt.Sprintf("%s %s for %s", g.pick(adjectives), g.pick(nouns), g.pick(topics))
		if r.IntN(RareEvery) == 0 {
			title += " and " + RareWord + " restoration"
		}
		lines := g.actionLines()
		p := &wsisgraph.Project{
			Key:             fmt.Sprintf("%sproject-%06d", KeyPrefix, i),
			Title:           fmt.Sprintf("%s %d", title, i),
			Description:     fmt.Sprintf("A synthetic %s project about %s.", strings.ToLower(g.pick(nouns)), strings.ToLower(g.pick(topics))),
			Country:         g.country(),
			Year:            g.year(),
			ActionLineCodes: lines,
			TargetCodes:     g.targets(lines),
			SourceKeys:      []string{source},
			Synthetic:       true,
		}
		p.OrganizationKeys = []string{orgs[orgZipf.Uint64()].Key}
		if r.IntN(4) == 0 {
			if k := orgs[r.IntN(nOrgs)].Key; k != p.OrganizationKeys[0] {
				p.OrganizationKeys = append(p.OrganizationKeys, k)
			}
		}
		d.Projects = append(d.Projects, p)
		if r.IntN(50) == 0 && len(g.categories) > 0 {
			kind := wsisgraph.PrizeChampion
			if r.IntN(5) == 0 {
				kind = wsisgraph.PrizeWinner
			}
			cat := g.categories[lines[0]]
			if cat == 0 {
				cat = base.PrizeCategories[r.IntN(len(base.PrizeCategories))].Number
			}
			d.Prizes = append(d.Prizes, &wsisgraph.Prize{
				Key:              fmt.Sprintf("%sprize-%06d", KeyPrefix, i),
				Year:             max(2012, p.Year),
				CategoryNumber:   cat,
				Kind:             kind,
				ProjectKey:       p.Key,
				OrganizationKeys: p.OrganizationKeys[:1],
				Country:          p.Country,
				SourceKeys:       []string{source},
			})
		}
	}
	d.Version = fmt.Sprintf("%s+synthetic-%d-%d", base.Version, projects, seed)
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("synthetic dataset: %w", err)
	}
	return &d, nil
}

// gen draws the skewed fields of synthetic records.
type gen struct {
	r          *rand.Rand
	countries  []string
	countryZ   *rand.Zipf
	lines      []string            // action line codes, the most served first
	lineZ      *rand.Zipf          //
	linked     map[string][]string // action line → the targets it is linked to
	categories map[string]int      // action line → its prize category
	yearCum    []int               // cumulative weights of FirstYear…LastYear
}

func newGen(d *dataset.Dataset, r *rand.Rand) *gen {
	g := &gen{r: r, linked: map[string][]string{}, categories: map[string]int{}}
	known := map[string]bool{}
	for _, c := range d.Countries {
		known[c.Code] = true
	}
	for _, c := range popularCountries {
		if known[c] {
			g.countries = append(g.countries, c)
		}
	}
	for _, c := range d.Countries {
		if !slices.Contains(g.countries, c.Code) {
			g.countries = append(g.countries, c.Code)
		}
	}
	g.countryZ = rand.NewZipf(r, 1.2, 2, uint64(len(g.countries)-1))
	for _, a := range d.ActionLines {
		if a.Code != "C7" { // projects serve C7 through its sub-lines
			g.lines = append(g.lines, a.Code)
		}
	}
	g.lineZ = rand.NewZipf(r, 1.05, 3, uint64(len(g.lines)-1))
	for _, l := range d.Linkages {
		if l.TargetCode != "" && !slices.Contains(g.linked[l.ActionLineCode], l.TargetCode) {
			g.linked[l.ActionLineCode] = append(g.linked[l.ActionLineCode], l.TargetCode)
		}
	}
	for _, c := range d.PrizeCategories {
		g.categories[c.ActionLineCode] = c.Number
	}
	// More projects in later years: weight 1 in FirstYear growing linearly to 8 in LastYear.
	sum := 0
	for y := FirstYear; y <= LastYear; y++ {
		sum += 1 + 7*(y-FirstYear)/(LastYear-FirstYear)
		g.yearCum = append(g.yearCum, sum)
	}
	return g
}

func (g *gen) pick(words []string) string { return words[g.r.IntN(len(words))] }

func (g *gen) country() string { return g.countries[g.countryZ.Uint64()] }

func (g *gen) year() int {
	n := g.r.IntN(g.yearCum[len(g.yearCum)-1])
	i, _ := slices.BinarySearch(g.yearCum, n+1)
	return FirstYear + i
}

func (g *gen) stakeholder() wsisgraph.StakeholderType {
	// Civil society and governments dominate the Stocktaking; academia and the technical
	// community are rarer.
	weights := []int{30, 20, 35, 8, 4, 3}
	n := g.r.IntN(100)
	for i, w := range weights {
		if n < w {
			return wsisgraph.StakeholderTypes[i]
		}
		n -= w
	}
	return wsisgraph.StakeholderCivilSociety
}

// actionLines returns 1–3 distinct action lines, skewed towards the first of g.lines.
func (g *gen) actionLines() []string {
	n := 1 + g.r.IntN(3)
	var out []string
	for range n {
		c := g.lines[g.lineZ.Uint64()]
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// targets returns 0–4 distinct targets linked to the given action lines.
func (g *gen) targets(lines []string) []string {
	var pool []string
	for _, l := range lines {
		pool = append(pool, g.linked[l]...)
	}
	if len(pool) == 0 {
		return nil
	}
	n := g.r.IntN(5)
	var out []string
	for range n {
		t := pool[g.r.IntN(len(pool))]
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
