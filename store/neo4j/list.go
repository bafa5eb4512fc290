package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/wsisgraph/wsisgraph"
)

// The list methods answer a whole batch of queries with ONE statement. Each query is a row
// of one of the statement's branches, one branch per (sort field, direction) of the list:
//
//	CALL () {
//	  UNWIND $b0 AS q
//	  CALL (q) { MATCH (n:Project) WHERE <keyset on sortHex, ASC> AND <filter>
//	         WITH n ORDER BY n.sortHex ASC, n.keyHex ASC LIMIT 101
//	         RETURN collect([n.json, n.sortHex]) AS items }
//	  RETURN q, items
//	  UNION ALL
//	  UNWIND $b1 AS q … ORDER BY n.sortHex DESC, n.keyHex ASC …
//	  …
//	}
//	RETURN q.i, items[..q.fetch], CASE WHEN q.withTotal THEN COUNT { MATCH … <filter> } ELSE -1 END
//
// Each branch's ORDER BY is a literal, so the planner reads the sort field's range index in
// order from the cursor on (a range seek on q.from) and stops at MaxPageSize+1 matches;
// rows keep first+1 of them (the extra one tells HasNext), each with its sort value (for the
// cursors of sorts whose value is not in the item, like an organisation's prize count). An
// empty branch costs nothing.
//
// Order and keyset follow wsisgraph.Cursor.Compare: the sort value in the direction, then the
// key ascending. Text sort values are compared in hex form (see hexKey); keys too. A query's
// cursor becomes from (the bound of the range) and tie (which items whose sort value equals
// from come after the cursor: "key" those with a greater key, "all" or "none"), see keyset.
// Filters with no value are null parameters and do not filter.

// branch is one (sort field, direction) of a list.
type branch struct {
	field string // the node property holding the sort value: sortHex, startHex, year, category
	desc  bool
	text  bool // the value is a hex string, else an integer
}

func listCypher(label, filter string, branches []branch) string {
	var b strings.Builder
	b.WriteString("CALL () {\n")
	for i, br := range branches {
		if i > 0 {
			b.WriteString("  UNION ALL\n")
		}
		cmp, strict, dir := ">=", ">", "ASC"
		if br.desc {
			cmp, strict, dir = "<=", "<", "DESC"
		}
		fmt.Fprintf(&b, `  UNWIND $b%[1]d AS q
  CALL (q) {
    MATCH (n:%[2]s)
    WHERE n.%[3]s %[4]s q.from
      AND (n.%[3]s %[5]s q.from OR q.tie = 'all' OR (q.tie = 'key' AND n.keyHex > q.afterKey))
      AND %[6]s
    WITH n ORDER BY n.%[3]s %[7]s, n.keyHex ASC LIMIT %[8]d
    RETURN collect([n.json, n.%[3]s]) AS items
  }
  RETURN q, items
`, i, label, br.field, cmp, strict, filter, dir, wsisgraph.MaxPageSize+1)
	}
	fmt.Fprintf(&b, `}
RETURN q.i AS i, items[..q.fetch] AS items,
  CASE WHEN q.withTotal THEN COUNT { MATCH (n:%s) WHERE %s } ELSE -1 END AS total`, label, filter)
	return b.String()
}

// The branches of each list, in the order of their $b parameters.
var (
	projectBranches = []branch{{"sortHex", false, true}, {"sortHex", true, true}, {"year", false, false}, {"year", true, false}}
	orgBranches     = []branch{{"sortHex", false, true}, {"sortHex", true, true},
		{propPrizeCount, false, false}, {propPrizeCount, true, false},
		{propProjectCnt, false, false}, {propProjectCnt, true, false}}
	prizeBranches = []branch{{"year", false, false}, {"year", true, false}, {"category", false, false}, {"category", true, false}}
	eventBranches = []branch{{"startHex", false, true}, {"startHex", true, true}}
)

var (
	cypherProjects = listCypher(labelProject, `(q.actionLine IS NULL OR q.actionLine IN n.actionLineSet)
      AND (q.goal IS NULL OR q.goal IN n.goals)
      AND (q.target IS NULL OR q.target IN n.targets)
      AND (q.country IS NULL OR n.country = q.country)
      AND (q.year IS NULL OR n.year = q.year)
      AND (q.stakeholderType IS NULL OR q.stakeholderType IN n.stakeholderTypes)
      AND (q.organization IS NULL OR q.organization IN n.organizations)
      AND (q.text IS NULL OR n.sortKey CONTAINS q.text OR n.descKey CONTAINS q.text)`, projectBranches)

	cypherOrganizations = listCypher(labelOrganization, `(q.country IS NULL OR n.country = q.country)
      AND (q.stakeholderType IS NULL OR n.stakeholderType = q.stakeholderType)
      AND (q.actionLine IS NULL OR q.actionLine IN n.actionLineSet)
      AND (q.text IS NULL OR n.sortKey CONTAINS q.text OR n.acronymKey CONTAINS q.text)`, orgBranches)

	cypherPrizes = listCypher(labelPrize, `(q.year IS NULL OR n.year = q.year)
      AND (q.actionLine IS NULL OR q.actionLine IN n.actionLineSet)
      AND (q.category IS NULL OR n.category = q.category)
      AND (q.kind IS NULL OR n.kind = q.kind)
      AND (q.country IS NULL OR n.country = q.country)
      AND (q.organization IS NULL OR n.organization = q.organization)
      AND (q.project IS NULL OR n.project = q.project)
      AND (q.text IS NULL OR n.textKey CONTAINS q.text)`, prizeBranches)

	cypherEvents = listCypher(labelEvent, `(q.kind IS NULL OR n.kind = q.kind)
      AND (q.year IS NULL OR n.year = q.year)
      AND (q.country IS NULL OR n.country = q.country)
      AND (q.parent IS NULL OR n.parent = q.parent)
      AND (q.text IS NULL OR n.sortKey CONTAINS q.text)`, eventBranches)
)

// Range bounds beyond every sort value: hex strings are made of 0-9a-f, so "" is below and
// "g" above every one of them.
const (
	textMin = ""
	textMax = "g"
)

// keyset returns the range bound and tie rule that select the items after cursor c in br's
// order, as c.Compare would: an item's cursor has the sort value in Str (text sorts, Num 0)
// or in Num (numeric sorts, Str ""), so a cursor whose other field is not zero compares
// against that zero.
func keyset(br branch, c wsisgraph.Cursor) (from any, tie string) {
	if c.Key == "" { // from the start
		switch {
		case br.text && !br.desc:
			return textMin, "all"
		case br.text:
			return textMax, "all"
		case !br.desc:
			return int64(math.MinInt64), "all"
		default:
			return int64(math.MaxInt64), "all"
		}
	}
	// sign of (item's zero field) compared with the cursor's, in the query's direction:
	// > 0 puts every item with the cursor's sort value after it, < 0 none of them.
	sign := func(v int) string {
		if br.desc {
			v = -v
		}
		switch {
		case v > 0:
			return "all"
		case v < 0:
			return "none"
		}
		return "key"
	}
	if br.text {
		return hexKey(c.Str), sign(cmp.Compare(0, c.Num))
	}
	switch {
	case c.Str == "":
		return int64(c.Num), "key"
	case br.desc: // every item's "" is before c.Str: in DESC, every item is after the cursor
		return keyset(br, wsisgraph.Cursor{})
	default: // and in ASC, none is
		return int64(math.MaxInt64), "none"
	}
}

// Filter values: zero means "no filter" and is sent as null.
func optStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func optInt(n int) any {
	if n == 0 {
		return nil
	}
	return int64(n)
}

// optText folds a text filter; one that folds to "" does not filter.
func optText(s string) any {
	return optStr(wsisgraph.SortKey(s))
}

// queryRow returns the row common to every list query and the index of its branch: the one
// of branches sorting by field in direction dir.
func queryRow(i int, branches []branch, field string, dir wsisgraph.SortDirection, p wsisgraph.PageArgs) (map[string]any, int) {
	b := slices.IndexFunc(branches, func(br branch) bool { return br.field == field && br.desc == (dir == wsisgraph.Desc) })
	from, tie := keyset(branches[b], p.After)
	r := map[string]any{
		"i": int64(i), "from": from, "tie": tie, "afterKey": hexKey(p.After.Key),
		"fetch": int64(p.First + 1), "withTotal": p.WithTotal,
	}
	return r, b
}

// normalized is a validated, normalized query of any list.
type normalized[Q any] interface {
	Normalize() Q
	Validate() error
}

// normalizeAll validates every query and returns them normalized. An invalid query fails
// the whole batch with its EINVALID error.
func normalizeAll[Q normalized[Q]](ctx context.Context, queries []Q) ([]Q, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	out := make([]Q, len(queries))
	for i, q := range queries {
		if err := q.Validate(); err != nil {
			return nil, err
		}
		out[i] = q.Normalize()
	}
	return out, nil
}

// batch is a list call's queries sorted into its branches.
type batch struct {
	branches [][]any
	first    []int
}

func newBatch(nBranches, nQueries int) *batch {
	b := &batch{branches: make([][]any, nBranches), first: make([]int, nQueries)}
	for i := range b.branches {
		b.branches[i] = []any{}
	}
	return b
}

func (b *batch) add(i, branch int, first int, row map[string]any) {
	b.branches[branch] = append(b.branches[branch], row)
	b.first[i] = first
}

// pages runs a list statement for a batch and builds the pages; cursor builds an item's
// cursor in query i's sort, given the item's numeric sort value (0 for a text sort).
func pages[T any](ctx context.Context, s *Store, cypher string, b *batch,
	cursor func(i int, item *T, num int64) wsisgraph.Cursor) ([]wsisgraph.Page[T], error) {
	out := make([]wsisgraph.Page[T], len(b.first))
	for i := range out {
		out[i] = wsisgraph.Page[T]{Items: []*T{}, Cursors: []wsisgraph.Cursor{}, Total: -1}
	}
	if len(out) == 0 {
		return out, nil
	}
	params := make(map[string]any, len(b.branches))
	for i, rows := range b.branches {
		params["b"+strconv.Itoa(i)] = rows
	}
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		i64, ok1 := r.Values[0].(int64)
		items, ok2 := r.Values[1].([]any)
		total, ok3 := r.Values[2].(int64)
		if !ok1 || !ok2 || !ok3 || i64 < 0 || int(i64) >= len(out) {
			return nil, errCorrupt
		}
		i := int(i64)
		p := &out[i]
		p.Total = int(total)
		if len(items) > b.first[i] {
			p.HasNext, items = true, items[:b.first[i]]
		}
		for _, x := range items {
			pair, ok := x.([]any)
			if !ok || len(pair) != 2 {
				return nil, errCorrupt
			}
			v, err := decode[T](pair[0])
			if err != nil {
				return nil, err
			}
			num, _ := pair[1].(int64)
			p.Items = append(p.Items, v)
			p.Cursors = append(p.Cursors, cursor(i, v, num))
		}
	}
	return out, nil
}

// Projects answers each query with a page; Filter.Text matches the title or the description.
// One round trip for the whole batch.
func (s *Store) Projects(ctx context.Context, queries []wsisgraph.ProjectQuery) ([]wsisgraph.Page[wsisgraph.Project], error) {
	qs, err := normalizeAll(ctx, queries)
	if err != nil {
		return nil, err
	}
	b := newBatch(len(projectBranches), len(qs))
	for i, q := range qs {
		f := q.Filter
		field := "sortHex"
		if q.Sort == wsisgraph.ProjectsByYear {
			field = "year"
		}
		r, br := queryRow(i, projectBranches, field, q.Direction, q.Page)
		setProjectFilter(r, f)
		b.add(i, br, q.Page.First, r)
	}
	return pages(ctx, s, cypherProjects, b, func(i int, p *wsisgraph.Project, _ int64) wsisgraph.Cursor {
		return p.Cursor(qs[i].Sort)
	})
}

// setProjectFilter sets the parameters of a project filter in a query row; fields with no
// value are null and do not filter.
func setProjectFilter(r map[string]any, f wsisgraph.ProjectFilter) {
	r["actionLine"], r["goal"], r["target"] = optStr(f.ActionLine), optInt(f.Goal), optStr(f.Target)
	r["country"], r["year"] = optStr(f.Country), optInt(f.Year)
	r["stakeholderType"], r["organization"] = optStr(string(f.StakeholderType)), optStr(f.Organization)
	r["text"] = optText(f.Text)
}

// Organizations answers each query with a page; Filter.Text matches the name or the acronym.
// The PRIZE_COUNT and PROJECT_COUNT sorts read the counts Import stores (see exploreSteps).
// One round trip for the whole batch.
func (s *Store) Organizations(ctx context.Context, queries []wsisgraph.OrganizationQuery) ([]wsisgraph.Page[wsisgraph.Organization], error) {
	qs, err := normalizeAll(ctx, queries)
	if err != nil {
		return nil, err
	}
	b := newBatch(len(orgBranches), len(qs))
	for i, q := range qs {
		f := q.Filter
		field := "sortHex"
		switch q.Sort {
		case wsisgraph.OrganizationsByPrizeCount:
			field = propPrizeCount
		case wsisgraph.OrganizationsByProjectCount:
			field = propProjectCnt
		}
		r, br := queryRow(i, orgBranches, field, q.Direction, q.Page)
		r["country"], r["stakeholderType"] = optStr(f.Country), optStr(string(f.StakeholderType))
		r["actionLine"], r["text"] = optStr(f.ActionLine), optText(f.Text)
		b.add(i, br, q.Page.First, r)
	}
	return pages(ctx, s, cypherOrganizations, b, func(i int, o *wsisgraph.Organization, num int64) wsisgraph.Cursor {
		if qs[i].Sort == wsisgraph.OrganizationsByName {
			return o.Cursor(qs[i].Sort)
		}
		return o.CountCursor(int(num))
	})
}

// Prizes answers each query with a page; Filter.Text matches the prized project's title.
// One round trip for the whole batch.
func (s *Store) Prizes(ctx context.Context, queries []wsisgraph.PrizeQuery) ([]wsisgraph.Page[wsisgraph.Prize], error) {
	qs, err := normalizeAll(ctx, queries)
	if err != nil {
		return nil, err
	}
	b := newBatch(len(prizeBranches), len(qs))
	for i, q := range qs {
		f := q.Filter
		field := "year"
		if q.Sort == wsisgraph.PrizesByCategory {
			field = "category"
		}
		r, br := queryRow(i, prizeBranches, field, q.Direction, q.Page)
		r["year"], r["actionLine"], r["category"] = optInt(f.Year), optStr(f.ActionLine), optInt(f.Category)
		r["kind"], r["country"] = optStr(string(f.Kind)), optStr(f.Country)
		r["organization"], r["project"] = optStr(f.Organization), optStr(f.Project)
		r["text"] = optText(f.Text)
		b.add(i, br, q.Page.First, r)
	}
	return pages(ctx, s, cypherPrizes, b, func(i int, p *wsisgraph.Prize, _ int64) wsisgraph.Cursor {
		return p.Cursor(qs[i].Sort)
	})
}

// Events answers each query with a page; Filter.Year is the start year, Filter.Parent
// matches direct children, Filter.Text matches the title. One round trip for the whole batch.
func (s *Store) Events(ctx context.Context, queries []wsisgraph.EventQuery) ([]wsisgraph.Page[wsisgraph.Event], error) {
	qs, err := normalizeAll(ctx, queries)
	if err != nil {
		return nil, err
	}
	b := newBatch(len(eventBranches), len(qs))
	for i, q := range qs {
		f := q.Filter
		r, br := queryRow(i, eventBranches, "startHex", q.Direction, q.Page)
		r["kind"], r["year"] = optStr(string(f.Kind)), optInt(f.Year)
		r["country"], r["parent"] = optStr(f.Country), optStr(f.Parent)
		r["text"] = optText(f.Text)
		b.add(i, br, q.Page.First, r)
	}
	return pages(ctx, s, cypherEvents, b, func(i int, e *wsisgraph.Event, _ int64) wsisgraph.Cursor {
		return e.Cursor(qs[i].Sort)
	})
}
