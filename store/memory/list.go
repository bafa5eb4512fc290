package memory

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset/derived"
)

// sorted is one order of a list: the items' indexes in that order, each item's rank in it,
// and the cursor at each rank.
type sorted struct {
	dir     wsisgraph.SortDirection
	pos     []int32            // pos[r] is the index of the item at rank r
	rank    []int32            // rank[i] is the rank of item i
	cursors []wsisgraph.Cursor // cursors[r] is the cursor of the item at rank r
}

func newSorted(cursors []wsisgraph.Cursor, dir wsisgraph.SortDirection) *sorted {
	n := len(cursors)
	o := &sorted{dir: dir, pos: make([]int32, n), rank: make([]int32, n), cursors: make([]wsisgraph.Cursor, n)}
	for i := range o.pos {
		o.pos[i] = int32(i)
	}
	sort.SliceStable(o.pos, func(a, b int) bool {
		return cursors[o.pos[a]].Compare(cursors[o.pos[b]], dir) < 0
	})
	for r, i := range o.pos {
		o.rank[i] = int32(r)
		o.cursors[r] = cursors[i]
	}
	return o
}

// orderKey names one order of a list.
type orderKey struct {
	by  string
	dir wsisgraph.SortDirection
}

// list is a sortable, filterable list of items with every order pre-computed.
type list[T any] struct {
	items  []*T
	orders map[orderKey]*sorted
}

func newList[T any](items []*T, cursor func(*T, string) wsisgraph.Cursor, fields ...string) list[T] {
	l := list[T]{items: items, orders: map[orderKey]*sorted{}}
	for _, f := range fields {
		cs := make([]wsisgraph.Cursor, len(items))
		for i, it := range items {
			cs[i] = cursor(it, f)
		}
		for _, dir := range []wsisgraph.SortDirection{wsisgraph.Asc, wsisgraph.Desc} {
			l.orders[orderKey{f, dir}] = newSorted(cs, dir)
		}
	}
	return l
}

// index maps a filter value to the ascending indexes of the items it matches.
type index[K comparable] map[K][]int32

func (x index[K]) add(k K, i int32) {
	ids := x[k]
	if n := len(ids); n > 0 && ids[n-1] == i {
		return // items are added in index order, so a repeat is always the last one
	}
	x[k] = append(ids, i)
}

// selection is a compiled filter: when restricted, only the items in cand (ascending
// indexes) can match; match, when set, must also hold.
type selection struct {
	restricted bool
	cand       []int32
	match      func(i int32) bool
}

// restrict narrows the selection to ids (ascending indexes).
func (s *selection) restrict(ids []int32) {
	if !s.restricted {
		s.restricted, s.cand = true, ids
		return
	}
	out := make([]int32, 0, min(len(s.cand), len(ids)))
	for a, b := 0, 0; a < len(s.cand) && b < len(ids); {
		switch {
		case s.cand[a] < ids[b]:
			a++
		case s.cand[a] > ids[b]:
			b++
		default:
			out = append(out, ids[b])
			a++
			b++
		}
	}
	s.cand = out
}

// text adds a text filter on folded fields: the item matches when one of fields(i) contains
// SortKey(text). A text that folds to "" does not filter.
func (s *selection) text(text string, fields func(i int32) []string) {
	needle := wsisgraph.SortKey(text)
	if needle == "" {
		return
	}
	s.match = func(i int32) bool {
		for _, f := range fields(i) {
			if strings.Contains(f, needle) {
				return true
			}
		}
		return false
	}
}

// page returns the page of l's items selected by sel in order o: of those strictly between
// args.After and args.Before (the window), the first args.First, or the last args.Last.
func (l *list[T]) page(o *sorted, sel selection, args wsisgraph.PageArgs) wsisgraph.Page[T] {
	n := len(o.pos)
	p := wsisgraph.Page[T]{Total: -1}
	ok := func(i int32) bool { return sel.match == nil || sel.match(i) }
	after := func(r int) bool {
		return args.After.Key == "" || o.cursors[r].Compare(args.After, o.dir) > 0
	}
	notBefore := func(r int) bool {
		return args.Before.Key != "" && o.cursors[r].Compare(args.Before, o.dir) >= 0
	}
	var ranks []int32 // the matching ranks in order, when the selection is small
	if sel.restricted && len(sel.cand)*8 < n {
		ranks = make([]int32, 0, len(sel.cand))
		for _, i := range sel.cand {
			if ok(i) {
				ranks = append(ranks, o.rank[i])
			}
		}
		slices.Sort(ranks)
	} else if sel.restricted { // large selection: scan the order against a membership table
		in := make([]bool, len(l.items))
		for _, i := range sel.cand {
			in[i] = true
		}
		prev := ok
		ok = func(i int32) bool { return in[i] && prev(i) }
	}

	size := min(args.Size(), n)
	p.Items, p.Cursors = make([]*T, 0, size), make([]wsisgraph.Cursor, 0, size)
	if ranks != nil {
		if args.WithTotal {
			p.Total = len(ranks)
		}
		start := sort.Search(len(ranks), func(j int) bool { return after(int(ranks[j])) })
		end := sort.Search(len(ranks), func(j int) bool { return notBefore(int(ranks[j])) })
		ranks = ranks[start:max(start, end)]
		switch {
		case args.Backward() && len(ranks) > args.Last:
			p.HasPrev, ranks = true, ranks[len(ranks)-args.Last:]
		case !args.Backward() && len(ranks) > args.First:
			p.HasNext, ranks = true, ranks[:args.First]
		}
		for _, r := range ranks {
			p.Items = append(p.Items, l.items[o.pos[r]])
			p.Cursors = append(p.Cursors, o.cursors[r])
		}
		return p
	}
	lo, hi := sort.Search(n, after), sort.Search(n, notBefore)
	if args.Backward() {
		for r := hi - 1; r >= lo; r-- {
			if !ok(o.pos[r]) {
				continue
			}
			if len(p.Items) == args.Last {
				p.HasPrev = true
				break
			}
			p.Items = append(p.Items, l.items[o.pos[r]])
			p.Cursors = append(p.Cursors, o.cursors[r])
		}
		slices.Reverse(p.Items)
		slices.Reverse(p.Cursors)
	} else {
		for r := lo; r < hi; r++ {
			if !ok(o.pos[r]) {
				continue
			}
			if len(p.Items) == args.First {
				p.HasNext = true
				break
			}
			p.Items = append(p.Items, l.items[o.pos[r]])
			p.Cursors = append(p.Cursors, o.cursors[r])
		}
	}
	if args.WithTotal {
		switch {
		case sel.restricted:
			p.Total = 0
			for _, i := range sel.cand {
				if ok(i) {
					p.Total++
				}
			}
		case sel.match == nil:
			p.Total = n
		default:
			p.Total = 0
			for i := range int32(n) {
				if ok(i) {
					p.Total++
				}
			}
		}
	}
	return p
}

// answer normalizes and validates every query, then answers each with a page. It is the
// shape of the four list methods.
func answer[Q interface {
	Normalize() Q
	Validate() error
}, T any](ctx context.Context, queries []Q, one func(Q) wsisgraph.Page[T]) ([]wsisgraph.Page[T], error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	norm := make([]Q, len(queries))
	for i, q := range queries {
		if err := q.Validate(); err != nil {
			return nil, err
		}
		norm[i] = q.Normalize()
	}
	pages := make([]wsisgraph.Page[T], len(norm))
	for i, q := range norm {
		if i > 0 && i%16 == 0 {
			if err := check(ctx); err != nil {
				return nil, err
			}
		}
		pages[i] = one(q)
	}
	return pages, nil
}

// projectIndex is the project list with its filter indexes.
type projectIndex struct {
	list[wsisgraph.Project]
	byLine, byTarget, byCountry, byOrg index[string]
	byGoal, byYear                     index[int]
	byStakeholder                      index[wsisgraph.StakeholderType]
	places                             placeIndex
	text                               [][]string // folded title and description
}

// placeIndex indexes items by the UN M49 regions and the groups of their country.
type placeIndex struct {
	byRegion index[string]
	byGroup  index[wsisgraph.CountryGroup]
}

// add indexes item i under the regions and groups of the country with code (none when
// empty or unknown).
func (x *placeIndex) add(c *wsisgraph.Country, i int32) {
	if x.byRegion == nil {
		x.byRegion, x.byGroup = index[string]{}, index[wsisgraph.CountryGroup]{}
	}
	if c == nil {
		return
	}
	for _, r := range c.RegionCodes() {
		x.byRegion.add(r, i)
	}
	for _, g := range c.Groups {
		x.byGroup.add(g, i)
	}
}

// restrict narrows sel to the items of region and group, where set.
func (x *placeIndex) restrict(sel *selection, region string, group wsisgraph.CountryGroup) {
	if region != "" {
		sel.restrict(x.byRegion[region])
	}
	if group != "" {
		sel.restrict(x.byGroup[group])
	}
}

type orgIndex struct {
	list[wsisgraph.Organization]
	byCountry     index[string]
	byStakeholder index[wsisgraph.StakeholderType]
	byLine        index[string] // the lines facilitated and their parents
	places        placeIndex
	lines         [][]string // lines[i]: the lines items[i] facilitates and their parents, distinct
	text          [][]string // folded name and acronym
}

type prizeIndex struct {
	list[wsisgraph.Prize]
	byYear, byCategory                  index[int]
	byLine, byCountry, byOrg, byProject index[string]
	byKind                              index[wsisgraph.PrizeKind]
	places                              placeIndex
	text                                [][]string // folded project title
}

type eventIndex struct {
	list[wsisgraph.Event]
	byKind              index[wsisgraph.EventKind]
	byYear              index[int]
	byCountry, byParent index[string]
	text                [][]string // folded title
}

func (s *Store) indexLists() {
	d := s.d

	pr := &s.projects
	pr.list = newList(d.Projects, func(p *wsisgraph.Project, by string) wsisgraph.Cursor {
		return p.Cursor(wsisgraph.ProjectSort(by))
	}, string(wsisgraph.ProjectsByTitle), string(wsisgraph.ProjectsByYear))
	pr.byLine, pr.byTarget, pr.byCountry, pr.byOrg = index[string]{}, index[string]{}, index[string]{}, index[string]{}
	pr.byGoal, pr.byYear = index[int]{}, index[int]{}
	pr.byStakeholder = index[wsisgraph.StakeholderType]{}
	pr.text = make([][]string, len(d.Projects))
	for n, p := range d.Projects {
		i := int32(n)
		var lines []string
		for _, c := range p.ActionLineCodes {
			lines = append(lines, s.g.LineFamily(c)...)
		}
		slices.Sort(lines)
		for _, c := range slices.Compact(lines) {
			pr.byLine.add(c, i)
		}
		var goals []int
		for _, c := range derived.Uniq(p.TargetCodes) {
			pr.byTarget.add(c, i)
			if t := s.g.TargetByCode[c]; t != nil {
				goals = append(goals, t.GoalNumber)
			}
		}
		slices.Sort(goals)
		for _, g := range slices.Compact(goals) {
			pr.byGoal.add(g, i)
		}
		if p.Country != "" {
			pr.byCountry.add(p.Country, i)
		}
		pr.places.add(s.g.CountryByCode[p.Country], i)
		if p.Year != 0 {
			pr.byYear.add(p.Year, i)
		}
		var types []wsisgraph.StakeholderType
		for _, k := range derived.Uniq(p.OrganizationKeys) {
			pr.byOrg.add(k, i)
			if o := s.g.OrganizationByKey[k]; o != nil {
				types = append(types, o.StakeholderType)
			}
		}
		slices.Sort(types)
		for _, t := range slices.Compact(types) {
			pr.byStakeholder.add(t, i)
		}
		pr.text[n] = []string{wsisgraph.SortKey(p.Title), wsisgraph.SortKey(p.Description)}
	}

	or := &s.orgs
	or.list = newList(d.Organizations, func(o *wsisgraph.Organization, by string) wsisgraph.Cursor {
		return s.orgCursor(o, wsisgraph.OrganizationSort(by))
	}, string(wsisgraph.OrganizationsByName), string(wsisgraph.OrganizationsByPrizeCount), string(wsisgraph.OrganizationsByProjectCount))
	or.byCountry, or.byLine = index[string]{}, index[string]{}
	or.byStakeholder = index[wsisgraph.StakeholderType]{}
	or.text = make([][]string, len(d.Organizations))
	or.lines = make([][]string, len(d.Organizations))
	for n, o := range d.Organizations {
		i := int32(n)
		if o.Country != "" {
			or.byCountry.add(o.Country, i)
		}
		or.places.add(s.g.CountryByCode[o.Country], i)
		or.byStakeholder.add(o.StakeholderType, i)
		var lines []string
		for _, f := range s.g.Facilitations[o.Key] {
			lines = append(lines, s.g.LineFamily(f.ActionLineCode)...)
		}
		slices.Sort(lines)
		or.lines[n] = slices.Compact(lines)
		for _, c := range or.lines[n] {
			or.byLine.add(c, i)
		}
		or.text[n] = []string{wsisgraph.SortKey(o.Name), wsisgraph.SortKey(o.Acronym)}
	}

	pz := &s.prizes
	pz.list = newList(d.Prizes, func(p *wsisgraph.Prize, by string) wsisgraph.Cursor {
		return p.Cursor(wsisgraph.PrizeSort(by))
	}, string(wsisgraph.PrizesByYear), string(wsisgraph.PrizesByCategory))
	pz.byYear, pz.byCategory = index[int]{}, index[int]{}
	pz.byLine, pz.byCountry, pz.byOrg, pz.byProject = index[string]{}, index[string]{}, index[string]{}, index[string]{}
	pz.byKind = index[wsisgraph.PrizeKind]{}
	pz.text = make([][]string, len(d.Prizes))
	for n, p := range d.Prizes {
		i := int32(n)
		pz.byYear.add(p.Year, i)
		pz.byCategory.add(p.CategoryNumber, i)
		if c := s.g.CategoryByNumber[p.CategoryNumber]; c != nil && c.ActionLineCode != "" {
			for _, l := range s.g.LineFamily(c.ActionLineCode) {
				pz.byLine.add(l, i)
			}
		}
		if p.Country != "" {
			pz.byCountry.add(p.Country, i)
		}
		pz.places.add(s.g.CountryByCode[p.Country], i)
		for _, o := range derived.Uniq(p.OrganizationKeys) {
			pz.byOrg.add(o, i)
		}
		if p.ProjectKey != "" {
			pz.byProject.add(p.ProjectKey, i)
		}
		pz.byKind.add(p.Kind, i)
		title := ""
		if pj := s.g.ProjectByKey[p.ProjectKey]; pj != nil {
			title = wsisgraph.SortKey(pj.Title)
		}
		pz.text[n] = []string{title}
	}

	ev := &s.events
	ev.list = newList(d.Events, func(e *wsisgraph.Event, by string) wsisgraph.Cursor {
		return e.Cursor(wsisgraph.EventSort(by))
	}, string(wsisgraph.EventsByStartDate))
	ev.byKind = index[wsisgraph.EventKind]{}
	ev.byYear = index[int]{}
	ev.byCountry, ev.byParent = index[string]{}, index[string]{}
	ev.text = make([][]string, len(d.Events))
	for n, e := range d.Events {
		i := int32(n)
		ev.byKind.add(e.Kind, i)
		ev.byYear.add(e.Year(), i)
		if e.Country != "" {
			ev.byCountry.add(e.Country, i)
		}
		if e.ParentKey != "" {
			ev.byParent.add(e.ParentKey, i)
		}
		ev.text[n] = []string{wsisgraph.SortKey(e.Title)}
	}
}

// Projects answers each query with a page. Filter Text matches the title or the description.
func (s *Store) Projects(ctx context.Context, queries []wsisgraph.ProjectQuery) ([]wsisgraph.Page[wsisgraph.Project], error) {
	x := &s.projects
	return answer(ctx, queries, func(q wsisgraph.ProjectQuery) wsisgraph.Page[wsisgraph.Project] {
		sel := s.projectSelection(q.Filter)
		return x.page(x.orders[orderKey{string(q.Sort), q.Direction}], sel, q.Page)
	})
}

// Organizations answers each query with a page. Filter Text matches the name or the acronym.
func (s *Store) Organizations(ctx context.Context, queries []wsisgraph.OrganizationQuery) ([]wsisgraph.Page[wsisgraph.Organization], error) {
	x := &s.orgs
	return answer(ctx, queries, func(q wsisgraph.OrganizationQuery) wsisgraph.Page[wsisgraph.Organization] {
		return x.page(x.orders[orderKey{string(q.Sort), q.Direction}], s.orgSelection(q.Filter), q.Page)
	})
}

// orgSelection compiles an organisation filter as Organizations does.
func (s *Store) orgSelection(f wsisgraph.OrganizationFilter) selection {
	x := &s.orgs
	var sel selection
	if f.Country != "" {
		sel.restrict(x.byCountry[f.Country])
	}
	if f.StakeholderType != "" {
		sel.restrict(x.byStakeholder[f.StakeholderType])
	}
	if f.ActionLine != "" {
		sel.restrict(x.byLine[f.ActionLine])
	}
	x.places.restrict(&sel, f.Region, f.Group)
	sel.text(f.Text, func(i int32) []string { return x.text[i] })
	return sel
}

// Prizes answers each query with a page. Filter Text matches the prized project's title.
func (s *Store) Prizes(ctx context.Context, queries []wsisgraph.PrizeQuery) ([]wsisgraph.Page[wsisgraph.Prize], error) {
	x := &s.prizes
	return answer(ctx, queries, func(q wsisgraph.PrizeQuery) wsisgraph.Page[wsisgraph.Prize] {
		return x.page(x.orders[orderKey{string(q.Sort), q.Direction}], s.prizeSelection(q.Filter), q.Page)
	})
}

// prizeSelection compiles a prize filter as Prizes does.
func (s *Store) prizeSelection(f wsisgraph.PrizeFilter) selection {
	x := &s.prizes
	var sel selection
	if f.Year != 0 {
		sel.restrict(x.byYear[f.Year])
	}
	if f.ActionLine != "" {
		sel.restrict(x.byLine[f.ActionLine])
	}
	if f.Category != 0 {
		sel.restrict(x.byCategory[f.Category])
	}
	if f.Kind != "" {
		sel.restrict(x.byKind[f.Kind])
	}
	if f.Country != "" {
		sel.restrict(x.byCountry[f.Country])
	}
	if f.Organization != "" {
		sel.restrict(x.byOrg[f.Organization])
	}
	if f.Project != "" {
		sel.restrict(x.byProject[f.Project])
	}
	x.places.restrict(&sel, f.Region, f.Group)
	sel.text(f.Text, func(i int32) []string { return x.text[i] })
	return sel
}

// each calls fn with every index of n items the selection holds, ascending.
func (sel selection) each(n int, fn func(i int32)) {
	visit := func(i int32) {
		if sel.match == nil || sel.match(i) {
			fn(i)
		}
	}
	if sel.restricted {
		for _, i := range sel.cand {
			visit(i)
		}
		return
	}
	for i := range int32(n) {
		visit(i)
	}
}

// Events answers each query with a page. Filter Year is the start year, Parent matches the
// direct children of an event, Text matches the title.
func (s *Store) Events(ctx context.Context, queries []wsisgraph.EventQuery) ([]wsisgraph.Page[wsisgraph.Event], error) {
	x := &s.events
	return answer(ctx, queries, func(q wsisgraph.EventQuery) wsisgraph.Page[wsisgraph.Event] {
		f := q.Filter
		var sel selection
		if f.Kind != "" {
			sel.restrict(x.byKind[f.Kind])
		}
		if f.Year != 0 {
			sel.restrict(x.byYear[f.Year])
		}
		if f.Country != "" {
			sel.restrict(x.byCountry[f.Country])
		}
		if f.Parent != "" {
			sel.restrict(x.byParent[f.Parent])
		}
		sel.text(f.Text, func(i int32) []string { return x.text[i] })
		return x.page(x.orders[orderKey{string(q.Sort), q.Direction}], sel, q.Page)
	})
}
