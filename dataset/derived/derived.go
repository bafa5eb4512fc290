// Package derived computes, once, what every Store backend reads from a dataset beyond its
// records: each relation in its canonical order (with the rank the Neo4j graph stores), the
// action-line families, the walk-graph edges and the indexes by key. The memory store
// answers from a Graph; the Neo4j import writes one out and the Neo4j reference cache
// rebuilds one from the stored records, so the orders of both backends are the same by
// construction.
//
// A Graph is immutable once New returns and safe for concurrent use. Its slices and maps
// share the dataset's records, which must not be modified.
package derived

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

// Graph is the derived view of one dataset. Relation maps (SubLines, TargetsByGoal, …) hold
// only keys with at least one related item. Dangling references (absent from a valid
// dataset) are tolerated: they match nothing and make no walk edge.
type Graph struct {
	// ActionLines is every action line in official order: by Order, then code.
	ActionLines      []*wsisgraph.ActionLine
	ActionLineByCode map[string]*wsisgraph.ActionLine
	// ActionLineRank is each line's position in ActionLines, by code.
	ActionLineRank map[string]int
	// SubLines lists each line's direct sub-lines, by parent code, in official order.
	SubLines map[string][]*wsisgraph.ActionLine
	// Facilitations lists each organisation's facilitations, by organisation key: by
	// action-line order, then action-line code, the lead role before a co-facilitation of
	// the same line. Rank: the position in the list.
	Facilitations map[string][]wsisgraph.Facilitation
	// Facilitators lists the keys of Facilitations in the order of their first facilitation
	// in official line order.
	Facilitators []string

	// Goals is every goal by number.
	Goals        []*wsisgraph.Goal
	GoalByNumber map[int]*wsisgraph.Goal
	// Targets is every target by goal number, then Order, then code (wsisgraph.CompareCodes).
	Targets      []*wsisgraph.Target
	TargetByCode map[string]*wsisgraph.Target
	// TargetRank is each target's position in Targets, by code.
	TargetRank map[string]int
	// TargetsByGoal lists each goal's targets in the order of Targets.
	TargetsByGoal map[int][]*wsisgraph.Target
	// IndicatorByCode finds an indicator by any of its codes; a primary code wins over
	// another indicator's repeated code.
	IndicatorByCode map[string]*wsisgraph.Indicator
	// IndicatorsByTarget lists each target's indicators by the code they are listed under
	// for it (Indicator.CodeFor), then by their own code, both compared with
	// wsisgraph.CompareCodes. Rank: the position in the list.
	IndicatorsByTarget map[string][]*wsisgraph.Indicator
	// IndicatedTargets lists the keys of IndicatorsByTarget in first-seen dataset order.
	IndicatedTargets []string

	// Linkages is every linkage in dataset order, each a copy with its Target and Goal set,
	// with its ranks.
	Linkages    []RankedLinkage
	LinkageByID map[string]*wsisgraph.Linkage
	// LinkagesByActionLine lists the linkages of each line itself (not its sub-lines') by
	// goal number, goal-level first, then target order.
	LinkagesByActionLine map[string][]*wsisgraph.Linkage
	// LinkagesByGoal lists each goal's linkages by action-line order, then goal-level first,
	// then target order.
	LinkagesByGoal map[int][]*wsisgraph.Linkage
	// LinkagesByTarget lists each target's linkages by action-line order.
	LinkagesByTarget map[string][]*wsisgraph.Linkage

	OrganizationByKey map[string]*wsisgraph.Organization
	ProjectByKey      map[string]*wsisgraph.Project
	// PrizeCategories is every prize category by number.
	PrizeCategories  []*wsisgraph.PrizeCategory
	CategoryByNumber map[int]*wsisgraph.PrizeCategory
	PrizeByKey       map[string]*wsisgraph.Prize
	EventByKey       map[string]*wsisgraph.Event
	SourceByKey      map[string]*wsisgraph.Source
	CountryByCode    map[string]*wsisgraph.Country
	// PrizeCount and ProjectCount count, by organisation key, the prizes and the projects
	// naming the organisation (once each); an organisation named by none is absent.
	PrizeCount, ProjectCount map[string]int

	// WalkNodes holds every node of the walk graph (see wsisgraph.Relation).
	WalkNodes map[wsisgraph.NodeRef]bool
	// WalkIncident lists, for each node of the walk graph, every edge touching it, each once,
	// in dataset order (action lines, targets, indicators, linkages, projects, prizes,
	// events). An edge is present when both its ends exist and differ.
	WalkIncident map[wsisgraph.NodeRef][]wsisgraph.Edge
}

// RankedLinkage is a linkage with its position in each of its three canonical orders over
// all linkages: RankInLine by (action-line code, the LinkagesByActionLine order), RankInGoal
// by (goal number, the LinkagesByGoal order), RankInTarget by (target code, "" first, then
// the LinkagesByTarget order).
type RankedLinkage struct {
	*wsisgraph.Linkage
	RankInLine, RankInGoal, RankInTarget int
}

// New derives the Graph of d; a nil d is the empty dataset. d is assumed valid (see
// dataset.Validate) and must not be modified afterwards.
func New(d *dataset.Dataset) *Graph {
	if d == nil {
		d = &dataset.Dataset{}
	}
	g := &Graph{}
	g.actionLines(d)
	g.goalsAndTargets(d)
	g.indicators(d)
	g.linkages(d)
	g.entities(d)
	g.walk(d)
	return g
}

// Parent returns the parent code of an action line; "" for a main line or an unknown code.
func (g *Graph) Parent(code string) string {
	if al := g.ActionLineByCode[code]; al != nil && al.ParentCode != code {
		return al.ParentCode
	}
	return ""
}

// LineFamily returns code followed by its parent code when it has one: the action-line
// filter values an item linked to code matches.
func (g *Graph) LineFamily(code string) []string {
	if p := g.Parent(code); p != "" {
		return []string{code, p}
	}
	return []string{code}
}

// LineSet returns the families of codes, distinct, in first-seen order, never nil.
func (g *Graph) LineSet(codes []string) []string {
	out := []string{}
	for _, c := range codes {
		for _, x := range g.LineFamily(c) {
			if x != "" && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

// ActionLineOrder returns the Order of an action line, 0 for an unknown code.
func (g *Graph) ActionLineOrder(code string) int {
	if al := g.ActionLineByCode[code]; al != nil {
		return al.Order
	}
	return 0
}

// TargetOrder returns the Order of a target, 0 for an unknown code.
func (g *Graph) TargetOrder(code string) int {
	if t := g.TargetByCode[code]; t != nil {
		return t.Order
	}
	return 0
}

func (g *Graph) actionLines(d *dataset.Dataset) {
	g.ActionLineByCode = byKey(d.ActionLines, func(a *wsisgraph.ActionLine) string { return a.Code })
	g.ActionLines = sorted(d.ActionLines, func(a, b *wsisgraph.ActionLine) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), strings.Compare(a.Code, b.Code))
	})
	g.ActionLineRank = rank(g.ActionLines, func(a *wsisgraph.ActionLine) string { return a.Code })
	g.SubLines = map[string][]*wsisgraph.ActionLine{}
	g.Facilitations = map[string][]wsisgraph.Facilitation{}
	for _, al := range g.ActionLines { // official order, so both come out sorted
		if al.ParentCode != "" {
			g.SubLines[al.ParentCode] = append(g.SubLines[al.ParentCode], al)
		}
		for _, f := range al.Facilitators {
			if g.Facilitations[f.OrganizationKey] == nil {
				g.Facilitators = append(g.Facilitators, f.OrganizationKey)
			}
			g.Facilitations[f.OrganizationKey] = append(g.Facilitations[f.OrganizationKey], f)
		}
	}
	for _, fs := range g.Facilitations {
		slices.SortStableFunc(fs, func(a, b wsisgraph.Facilitation) int {
			return cmp.Or(
				cmp.Compare(g.ActionLineOrder(a.ActionLineCode), g.ActionLineOrder(b.ActionLineCode)),
				strings.Compare(a.ActionLineCode, b.ActionLineCode),
				compareBool(a.Role != wsisgraph.RoleLead, b.Role != wsisgraph.RoleLead))
		})
	}
}

func (g *Graph) goalsAndTargets(d *dataset.Dataset) {
	g.Goals = sorted(d.Goals, func(a, b *wsisgraph.Goal) int { return cmp.Compare(a.Number, b.Number) })
	g.GoalByNumber = byKey(d.Goals, func(x *wsisgraph.Goal) int { return x.Number })
	g.TargetByCode = byKey(d.Targets, func(t *wsisgraph.Target) string { return t.Code })
	g.Targets = sorted(d.Targets, func(a, b *wsisgraph.Target) int {
		return cmp.Or(cmp.Compare(a.GoalNumber, b.GoalNumber), cmp.Compare(a.Order, b.Order),
			wsisgraph.CompareCodes(a.Code, b.Code))
	})
	g.TargetRank = rank(g.Targets, func(t *wsisgraph.Target) string { return t.Code })
	g.TargetsByGoal = group(g.Targets, func(t *wsisgraph.Target) int { return t.GoalNumber })
}

func (g *Graph) indicators(d *dataset.Dataset) {
	g.IndicatorByCode = map[string]*wsisgraph.Indicator{}
	g.IndicatorsByTarget = map[string][]*wsisgraph.Indicator{}
	for _, in := range d.Indicators {
		for _, c := range in.OtherCodes {
			g.IndicatorByCode[c] = in
		}
	}
	for _, in := range d.Indicators { // a primary code wins over another's repeated code
		g.IndicatorByCode[in.Code] = in
		for _, t := range Uniq(in.TargetCodes) {
			if g.IndicatorsByTarget[t] == nil {
				g.IndicatedTargets = append(g.IndicatedTargets, t)
			}
			g.IndicatorsByTarget[t] = append(g.IndicatorsByTarget[t], in)
		}
	}
	for t, ins := range g.IndicatorsByTarget {
		slices.SortStableFunc(ins, func(a, b *wsisgraph.Indicator) int {
			return cmp.Or(wsisgraph.CompareCodes(a.CodeFor(t), b.CodeFor(t)), wsisgraph.CompareCodes(a.Code, b.Code))
		})
	}
}

func (g *Graph) linkages(d *dataset.Dataset) {
	all := make([]*wsisgraph.Linkage, len(d.Linkages))
	for i, l := range d.Linkages {
		c := *l // a copy with its ends; the dataset's records stay unchanged
		c.Target, c.Goal = g.TargetByCode[l.TargetCode], g.GoalByNumber[l.GoalNumber]
		all[i] = &c
	}
	g.LinkageByID = byKey(all, func(l *wsisgraph.Linkage) string { return l.ID })
	// goalFirst orders a goal-level linkage before target-level ones, then by target order.
	goalFirst := func(a, b *wsisgraph.Linkage) int {
		return cmp.Or(compareBool(a.TargetCode != "", b.TargetCode != ""),
			cmp.Compare(g.TargetOrder(a.TargetCode), g.TargetOrder(b.TargetCode)),
			wsisgraph.CompareCodes(a.TargetCode, b.TargetCode))
	}
	byLine := func(a, b *wsisgraph.Linkage) int {
		return cmp.Or(cmp.Compare(g.ActionLineOrder(a.ActionLineCode), g.ActionLineOrder(b.ActionLineCode)),
			strings.Compare(a.ActionLineCode, b.ActionLineCode))
	}
	inLine := sorted(all, func(a, b *wsisgraph.Linkage) int {
		return cmp.Or(strings.Compare(a.ActionLineCode, b.ActionLineCode), cmp.Compare(a.GoalNumber, b.GoalNumber), goalFirst(a, b))
	})
	inGoal := sorted(all, func(a, b *wsisgraph.Linkage) int {
		return cmp.Or(cmp.Compare(a.GoalNumber, b.GoalNumber), byLine(a, b), goalFirst(a, b))
	})
	inTarget := sorted(all, func(a, b *wsisgraph.Linkage) int {
		return cmp.Or(strings.Compare(a.TargetCode, b.TargetCode), byLine(a, b))
	})
	g.LinkagesByActionLine = group(inLine, func(l *wsisgraph.Linkage) string { return l.ActionLineCode })
	g.LinkagesByGoal = group(inGoal, func(l *wsisgraph.Linkage) int { return l.GoalNumber })
	g.LinkagesByTarget = group(inTarget, func(l *wsisgraph.Linkage) string { return l.TargetCode })
	delete(g.LinkagesByTarget, "")
	self := func(l *wsisgraph.Linkage) *wsisgraph.Linkage { return l }
	rl, rg, rt := rank(inLine, self), rank(inGoal, self), rank(inTarget, self)
	g.Linkages = make([]RankedLinkage, len(all))
	for i, l := range all {
		g.Linkages[i] = RankedLinkage{Linkage: l, RankInLine: rl[l], RankInGoal: rg[l], RankInTarget: rt[l]}
	}
}

func (g *Graph) entities(d *dataset.Dataset) {
	g.OrganizationByKey = byKey(d.Organizations, func(o *wsisgraph.Organization) string { return o.Key })
	g.ProjectByKey = byKey(d.Projects, func(p *wsisgraph.Project) string { return p.Key })
	g.PrizeCategories = sorted(d.PrizeCategories, func(a, b *wsisgraph.PrizeCategory) int {
		return cmp.Compare(a.Number, b.Number)
	})
	g.CategoryByNumber = byKey(d.PrizeCategories, func(c *wsisgraph.PrizeCategory) int { return c.Number })
	g.PrizeByKey = byKey(d.Prizes, func(p *wsisgraph.Prize) string { return p.Key })
	g.EventByKey = byKey(d.Events, func(e *wsisgraph.Event) string { return e.Key })
	g.SourceByKey = byKey(d.Sources, func(s *wsisgraph.Source) string { return s.Key })
	g.CountryByCode = byKey(d.Countries, func(c *wsisgraph.Country) string { return c.Code })
	g.PrizeCount, g.ProjectCount = map[string]int{}, map[string]int{}
	for _, z := range d.Prizes {
		for _, k := range Uniq(z.OrganizationKeys) {
			g.PrizeCount[k]++
		}
	}
	for _, p := range d.Projects {
		for _, k := range Uniq(p.OrganizationKeys) {
			g.ProjectCount[k]++
		}
	}
}

func (g *Graph) walk(d *dataset.Dataset) {
	g.WalkNodes = map[wsisgraph.NodeRef]bool{}
	g.WalkIncident = map[wsisgraph.NodeRef][]wsisgraph.Edge{}
	for _, n := range d.Nodes() {
		g.WalkNodes[wsisgraph.RefOf(n)] = true
	}
	ref := func(typ, key string) wsisgraph.NodeRef { return wsisgraph.NodeRef{Type: typ, Key: key} }
	seen := map[wsisgraph.Edge]bool{}
	add := func(from wsisgraph.NodeRef, rel wsisgraph.Relation, to wsisgraph.NodeRef) {
		e := wsisgraph.Edge{From: from, To: to, Relation: rel}
		if from == to || !g.WalkNodes[from] || !g.WalkNodes[to] || seen[e] {
			return
		}
		seen[e] = true
		g.WalkIncident[from] = append(g.WalkIncident[from], e)
		g.WalkIncident[to] = append(g.WalkIncident[to], e)
	}
	for _, x := range d.ActionLines {
		al := ref(wsisgraph.KindActionLine, x.Code)
		if x.ParentCode != "" {
			add(al, wsisgraph.RelSubLineOf, ref(wsisgraph.KindActionLine, x.ParentCode))
		}
		for _, f := range x.Facilitators {
			add(ref(wsisgraph.KindOrganization, f.OrganizationKey), wsisgraph.RelFacilitates, al)
		}
	}
	for _, x := range d.Targets {
		add(ref(wsisgraph.KindTarget, x.Code), wsisgraph.RelPartOfGoal, ref(wsisgraph.KindGoal, strconv.Itoa(x.GoalNumber)))
	}
	for _, x := range d.Indicators {
		for _, t := range x.TargetCodes {
			add(ref(wsisgraph.KindIndicator, x.Code), wsisgraph.RelMeasures, ref(wsisgraph.KindTarget, t))
		}
	}
	for _, x := range d.Linkages {
		al := ref(wsisgraph.KindActionLine, x.ActionLineCode)
		if x.TargetCode != "" {
			add(al, wsisgraph.RelLinksToTarget, ref(wsisgraph.KindTarget, x.TargetCode))
		} else {
			add(al, wsisgraph.RelLinksToGoal, ref(wsisgraph.KindGoal, strconv.Itoa(x.GoalNumber)))
		}
	}
	for _, x := range d.Projects {
		p := ref(wsisgraph.KindProject, x.Key)
		for _, c := range x.ActionLineCodes {
			add(p, wsisgraph.RelServesActionLine, ref(wsisgraph.KindActionLine, c))
		}
		for _, t := range x.TargetCodes {
			add(p, wsisgraph.RelServesTarget, ref(wsisgraph.KindTarget, t))
		}
		for _, o := range x.OrganizationKeys {
			add(ref(wsisgraph.KindOrganization, o), wsisgraph.RelRuns, p)
		}
	}
	for _, x := range d.Prizes {
		p := ref(wsisgraph.KindPrize, x.Key)
		if x.ProjectKey != "" {
			add(p, wsisgraph.RelAwardedTo, ref(wsisgraph.KindProject, x.ProjectKey))
		}
		if c := g.CategoryByNumber[x.CategoryNumber]; c != nil {
			add(p, wsisgraph.RelInCategory, ref(wsisgraph.KindActionLine, c.ActionLineCode))
		}
		for _, o := range x.OrganizationKeys {
			add(p, wsisgraph.RelToOrganization, ref(wsisgraph.KindOrganization, o))
		}
	}
	for _, x := range d.Events {
		if x.ParentKey != "" {
			add(ref(wsisgraph.KindEvent, x.Key), wsisgraph.RelPartOf, ref(wsisgraph.KindEvent, x.ParentKey))
		}
	}
}

// Uniq returns ss without repeats, in first-seen order, never nil.
func Uniq(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// sorted returns a stably sorted copy of items.
func sorted[T any](items []T, cmp func(a, b T) int) []T {
	out := slices.Clone(items)
	slices.SortStableFunc(out, cmp)
	return out
}

// byKey indexes items by key; of items sharing a key, the last wins.
func byKey[K comparable, T any](items []T, key func(T) K) map[K]T {
	out := make(map[K]T, len(items))
	for _, it := range items {
		out[key(it)] = it
	}
	return out
}

// rank returns each item's position in items, by key.
func rank[K comparable, T any](items []T, key func(T) K) map[K]int {
	out := make(map[K]int, len(items))
	for i, it := range items {
		out[key(it)] = i
	}
	return out
}

// group lists items by key, each list in the order of items.
func group[K comparable, T any](items []T, key func(T) K) map[K][]T {
	out := map[K][]T{}
	for _, it := range items {
		out[key(it)] = append(out[key(it)], it)
	}
	return out
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
