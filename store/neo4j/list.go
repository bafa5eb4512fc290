package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/wsisgraph/wsisgraph"
)

// The list methods answer a whole batch of queries with ONE statement. The queries are
// grouped by shape — the (sort field, direction) branch of the list, which filters are set
// and the page size — and each group is one part of a UNION ALL, its queries the rows of its
// parameter:
//
//	UNWIND $g0 AS q
//	CALL (q) {
//	  MATCH <start> <hint> WHERE <keyset on the sort field> AND <the set filters only>
//	  WITH n ORDER BY n.sortHex ASC, n.keyHex ASC LIMIT $g0_limit
//	  RETURN collect(n) AS ns
//	}
//	CALL (q) { <the total, when q.withTotal> }
//	RETURN q.i AS i, [x IN ns | [x.json, x.sortHex]] AS items, … AS total
//	UNION ALL
//	UNWIND $g1 AS q …
//
// The text of each part comes only from the constants of listSpec, chosen by which filters
// are set; every value is a parameter. A filter that is not set has no predicate, so that
// the planner can seek the indexes of those that are (an "IS NULL OR" form would keep it
// from any index).
//
// Pages: the start (listSpec.start) is where the candidates come from. Projects, the one list
// that grows large, start from the most selective filter set: an organisation's RUNS or a
// target's SERVES_TARGET relationships, else the (country, sort field) or (year, sort field)
// composite index, which gives the order as well; with none of these the sort field's own
// index is read in order from the cursor on. The other lists leave the choice to the planner.
// A page reads first+1 items (the extra one tells HasNext), each with its sort value (for the
// cursors of sorts whose value is not in the item, like an organisation's prize count).
//
// Totals (listSpec.countCall): no filter reads the label's count store; exactly one filter
// that is not text reads the Tally node Import stores for it (tally.go); more filters count
// the matches from the same start as the page, without the keyset.
//
// Order and keyset follow wsisgraph.Cursor.Compare: the sort value in the direction, then the
// key ascending. Text sort values are compared in hex form (see hexKey); keys too. A query's
// cursor becomes from (the bound of the range) and tie (which items whose sort value equals
// from come after the cursor: "key" those with a greater key, "all" or "none"), see keyset.
//
// Backward pages (wsisgraph.PageArgs.Last) and Before: the items before a cursor are those
// after it in the reverse order (sort value in the other direction, then key descending), so
// Before becomes to and tieTo as keyset gives them for the reversed branch, with "key" then
// meaning a smaller key; shapes with a Before add that second bound, shapes paging backwards
// read the window with ORDER BY and LIMIT reversed, and the page is put back in order when
// read. Forward pages without Before keep the statements above unchanged.

// branch is one (sort field, direction) of a list.
type branch struct {
	field string // the node property holding the sort value: sortHex, startHex, year, category
	desc  bool
	text  bool // the value is a hex string, else an integer
}

// filter is one filter of a list: the query row's parameter q.<param> and its predicate on n.
type filter struct {
	param string
	prop  string   // the node property tested
	list  bool     // prop is a list: the filter matches when the value is in it
	text  []string // a text filter: n.<text[i]> CONTAINS q.<param>, for any i (prop unused)
}

func (f filter) predicate() string {
	switch {
	case f.text != nil:
		ors := make([]string, len(f.text))
		for i, p := range f.text {
			ors[i] = fmt.Sprintf("n.%s CONTAINS q.%s", p, f.param)
		}
		return "(" + strings.Join(ors, " OR ") + ")"
	case f.list:
		return fmt.Sprintf("q.%s IN n.%s", f.param, f.prop)
	}
	return fmt.Sprintf("n.%s = q.%s", f.prop, f.param)
}

// filterSet is the set of a list's filters a query sets: bit i for listSpec.filters[i].
type filterSet uint32

func (s filterSet) has(i int) bool { return s&(1<<i) != 0 }

// start is where a page or a count of one shape reads its candidates.
type start struct {
	pattern  string // the MATCH pattern binding n, which may refer to q
	pageHint string // the page's USING clause, or ""
	// orderPrefix lists the properties, equal in every candidate, that the page's ORDER BY
	// puts before the sort field, so that the planner sees that the hinted composite index
	// gives the order.
	orderPrefix []string
	countHint   string // the count's USING clause, or ""
	// narrow, when set, is a second start, from the relationships of the value of filter
	// narrowFilter: each query takes it when that value's Tally says it is narrow enough
	// (see narrowCondition), and the start above otherwise.
	narrow       *narrowStart
	narrowFilter int
}

// narrowStart is a start from the relationships of one filter value: the node s that holds
// the value, then the path from s to every node n with that value (more than once if dup).
type narrowStart struct {
	node string // a fmt format whose verbs are all %[1]s, the value
	path string
	dup  bool
}

// match returns the clauses binding n to each node with value that satisfies where, once.
// The path is an aggregating subquery of s with no predicate on n, and where is tested after
// it: a predicate on n next to the path, like the page's keyset, would draw the planner to
// n's indexes instead of s's relationships.
func (ns *narrowStart) match(value, where string) string {
	distinct := ""
	if ns.dup {
		distinct = "DISTINCT "
	}
	return fmt.Sprintf(`MATCH %s
  CALL (s) { MATCH %s RETURN collect(n) AS candidates }
  UNWIND candidates AS n
  WITH %sq, n WHERE %s`, fmt.Sprintf(ns.node, value), ns.path, distinct, where)
}

// narrowCondition decides, per query, between a shape's two starts, from the count of the
// narrow start's value (startCount), the label's count (all) and the items to read ($limit).
// The narrow start reads startCount candidates and sorts them. Read in order, the wide start
// finds $limit matches of a single filter after about $limit·all/startCount candidates when
// the matches are spread evenly in the sort order, more when they cluster, every candidate
// at worst. The narrow start is taken while startCount² ≤ 4·$limit·all: up to twice the
// count at which both read as much on even spreads. With more filters set the matches
// are fewer than the start's, unknown, so the narrow start is taken unless it holds more
// than a quarter of the label.
func narrowCondition(set filterSet) string {
	if bits.OnesCount32(uint32(set)) == 1 {
		return "startCount * startCount <= 4 * $limit * all"
	}
	return "startCount * 4 <= all"
}

// listSpec is one list: its label, filters, branches and start.
type listSpec struct {
	label    string
	filters  []filter
	branches []branch
	// start returns the start of the queries of branch br with the filters set; nil: the
	// label's nodes, the planner choosing the index.
	start func(set filterSet, br branch) *start

	parts  memo[shape, string] // by shape, fetch zero
	starts memo[startKey, start]
}

type startKey struct {
	set filterSet
	br  branch
}

// memo keeps what build returns for each key for the life of the process: the statement
// texts and starts, built from constants only. Safe for concurrent use.
type memo[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func (c *memo[K, V]) get(k K, build func(K) V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		return v
	}
	if c.m == nil {
		c.m = map[K]V{}
	}
	v := build(k)
	c.m[k] = v
	return v
}

// shape is a group of queries answered by one part of a list statement.
type shape struct {
	branch int
	set    filterSet
	total  bool // the queries want their total
	before bool // the queries' window ends before a cursor (q.to, q.tieTo, q.beforeKey)
	last   bool // the queries page backwards: the window is read in reverse order
	fetch  int  // the items to read: the page size + 1
}

// predicates returns the predicates of the filters set, joined by AND, or "true".
func (l *listSpec) predicates(set filterSet) string {
	var ps []string
	for i, f := range l.filters {
		if set.has(i) {
			ps = append(ps, f.predicate())
		}
	}
	if len(ps) == 0 {
		return "true"
	}
	return strings.Join(ps, "\n      AND ")
}

// startOf returns the start of the queries of branch br with the filters set.
func (l *listSpec) startOf(set filterSet, br branch) start {
	return l.starts.get(startKey{set, br}, func(k startKey) start {
		if l.start != nil {
			if st := l.start(k.set, k.br); st != nil {
				return *st
			}
		}
		return start{pattern: "(n:" + l.label + ")"}
	})
}

// countCall returns the CALL subquery binding total, the total of a query of the filters set.
func (l *listSpec) countCall(set filterSet) string {
	switch {
	case set == 0: // the count store
		return fmt.Sprintf("CALL (q) { RETURN COUNT { (n:%s) } AS total }", l.label)
	case bits.OnesCount32(uint32(set)) == 1 && l.filters[bits.TrailingZeros32(uint32(set))].text == nil:
		return fmt.Sprintf("CALL (q) { MATCH (t:%s {key: q.tally}) RETURN sum(t.count) AS total }", labelTally)
	}
	return "CALL (q) { " + l.matching(set) + " RETURN count(n) AS total }"
}

// matching returns the MATCH clause, with its WHERE, of the nodes matching the filters set,
// each once: from the country or year index when one of them is set, else from the narrow
// start if there is one.
func (l *listSpec) matching(set filterSet) string {
	st := l.startOf(set, l.branches[0])
	if st.narrow != nil && st.countHint == "" {
		return st.narrow.match("q."+l.filters[st.narrowFilter].param, l.predicates(set))
	}
	hint := ""
	if st.countHint != "" {
		hint = " " + st.countHint
	}
	return fmt.Sprintf("MATCH %s%s WHERE %s", st.pattern, hint, l.predicates(set))
}

// part returns the part of the list statement answering the rows of parameter $rows, all of
// shape sh, with pages of at most $limit items. Parts are built once per branch, filter set
// and want of totals.
func (l *listSpec) part(sh shape) string {
	sh.fetch = 0
	return l.parts.get(sh, l.buildPart)
}

func (l *listSpec) buildPart(sh shape) string {
	br := l.branches[sh.branch]
	cmp, strict, dir := ">=", ">", "ASC"
	if br.desc {
		cmp, strict, dir = "<=", "<", "DESC"
	}
	keyDir := "ASC"
	if sh.last { // read the window from its end: the page is reversed when read
		dir, keyDir = map[string]string{"ASC": "DESC", "DESC": "ASC"}[dir], "DESC"
	}
	upper := ""
	if sh.before {
		rcmp, rstrict := "<=", "<"
		if br.desc {
			rcmp, rstrict = ">=", ">"
		}
		upper = fmt.Sprintf(`
    AND n.%[1]s %[2]s q.to
    AND (n.%[1]s %[3]s q.to OR q.tieTo = 'all' OR (q.tieTo = 'key' AND n.keyHex < q.beforeKey))`, br.field, rcmp, rstrict)
	}
	st := l.startOf(sh.set, br)
	hint, order := "", ""
	if st.pageHint != "" {
		hint = "\n    " + st.pageHint
	}
	for _, prop := range st.orderPrefix {
		order += fmt.Sprintf("n.%s %s, ", prop, dir)
	}
	where := func(bound string) string {
		return fmt.Sprintf(`n.%[1]s %[2]s %[3]s
    AND (n.%[1]s %[4]s q.from OR q.tie = 'all' OR (q.tie = 'key' AND n.keyHex > q.afterKey))%[6]s
    AND %[5]s`, br.field, cmp, bound, strict, l.predicates(sh.set), upper)
	}
	// page returns the page subquery over the candidates that match binds to n.
	page := func(match string) string {
		return fmt.Sprintf("  %s\n  WITH n ORDER BY %sn.%s %s, n.keyHex %s LIMIT $limit\n  RETURN collect(n) AS ns\n",
			match, order, br.field, dir, keyDir)
	}
	wide := func(bound string) string {
		return page(fmt.Sprintf("MATCH %s%s\n  WHERE %s", st.pattern, hint, where(bound)))
	}
	var b strings.Builder
	b.WriteString("UNWIND $rows AS q\n")
	if st.narrow == nil {
		b.WriteString("CALL (q) {\n" + wide("q.from") + "}\n")
	} else {
		// Both subqueries are planned; the start of the one not taken matches nothing (a
		// null key or bound), so only one reads the graph.
		f := l.filters[st.narrowFilter]
		fmt.Fprintf(&b, `OPTIONAL MATCH (t:%s {key: q.startTally})
WITH q, coalesce(t.count, 0) AS startCount, COUNT { (:%s) } AS all
WITH q, %s AS narrow
CALL (q, narrow) {
%s  UNION ALL
%s}
WITH q, collect(ns) AS pages
WITH q, pages[0] + pages[1] AS ns
`, labelTally, l.label, narrowCondition(sh.set),
			page(st.narrow.match("CASE WHEN narrow THEN q."+f.param+" END", where("q.from"))),
			wide("CASE WHEN narrow THEN null ELSE q.from END"))
	}
	total := "-1"
	if sh.total {
		b.WriteString(l.countCall(sh.set) + "\n")
		total = "total"
	}
	fmt.Fprintf(&b, "RETURN q.i AS i, [x IN ns | [x.json, x.%s]] AS items, %s AS total\n", br.field, total)
	return b.String()
}

// The branches of each list.
var (
	projectBranches = []branch{{"sortHex", false, true}, {"sortHex", true, true}, {"year", false, false}, {"year", true, false}}
	orgBranches     = []branch{{"sortHex", false, true}, {"sortHex", true, true},
		{propPrizeCount, false, false}, {propPrizeCount, true, false},
		{propProjectCnt, false, false}, {propProjectCnt, true, false}}
	prizeBranches = []branch{{"year", false, false}, {"year", true, false}, {"category", false, false}, {"category", true, false}}
	eventBranches = []branch{{"startHex", false, true}, {"startHex", true, true}}
)

// The filters of the project list, in the order of projectList.filters.
const (
	pfActionLine = iota
	pfGoal
	pfTarget
	pfCountry
	pfYear
	pfStakeholderType
	pfOrganization
	pfText
	pfRegion
	pfGroup
)

var projectList = &listSpec{
	label: labelProject,
	filters: []filter{
		pfActionLine:      {param: "actionLine", prop: "actionLineSet", list: true},
		pfGoal:            {param: "goal", prop: "goals", list: true},
		pfTarget:          {param: "target", prop: "targets", list: true},
		pfCountry:         {param: "country", prop: "country"},
		pfYear:            {param: "year", prop: "year"},
		pfStakeholderType: {param: "stakeholderType", prop: "stakeholderTypes", list: true},
		pfOrganization:    {param: "organization", prop: "organizations", list: true},
		pfText:            {param: "text", text: []string{"sortKey", "descKey"}},
		pfRegion:          {param: "region", prop: "regions", list: true},
		pfGroup:           {param: "group", prop: "groups", list: true},
	},
	branches: projectBranches,
	start:    projectStart,
}

// The narrow starts of the project list, by filter.
var projectNarrowStarts = map[int]*narrowStart{
	pfOrganization: {node: "(s:" + labelOrganization + " {key: %[1]s})", path: "(s)-[:" + relRuns + "]->(n:" + labelProject + ")"},
	pfTarget:       {node: "(s:" + labelTarget + " {code: %[1]s})", path: "(s)<-[:" + relServesTarget + "]-(n:" + labelProject + ")"},
	pfGoal: {node: "(s:" + labelGoal + " {number: %[1]s})",
		path: "(s)<-[:" + relOfGoal + "]-(:" + labelTarget + ")<-[:" + relServesTarget + "]-(n:" + labelProject + ")", dup: true},
	pfActionLine: {node: "(s:" + labelActionLine + " WHERE %[1]s IN [s.code, s.parentCode])",
		path: "(s)<-[:" + relServesActionLine + "]-(n:" + labelProject + ")", dup: true},
}

// projectStart starts from the most selective filter set (see the statement's comment):
// the first of organisation, target, goal and action line set gives the narrow start; the
// wide start is the (country, year) index when both are set, else the (country, sort field)
// or (year, sort field) index when one is, else the sort field's index.
func projectStart(set filterSet, br branch) *start {
	using := func(props ...string) string {
		return fmt.Sprintf("USING INDEX n:%s(%s)", labelProject, strings.Join(props, ", "))
	}
	st := &start{pattern: "(n:" + labelProject + ")", pageHint: using(br.field)}
	switch {
	case set.has(pfCountry) && set.has(pfYear):
		// The pair's projects are few: seek them all and sort (the year sort: already in order).
		st.pageHint, st.countHint = using("country", "year"), using("country", "year")
		if br.field == "year" {
			st.orderPrefix = []string{"country"}
		}
	case set.has(pfCountry):
		st.pageHint, st.orderPrefix, st.countHint = using("country", br.field), []string{"country"}, using("country")
	case set.has(pfYear) && br.field == "year":
		st.pageHint, st.countHint = using("year"), using("year")
	case set.has(pfYear):
		st.pageHint, st.orderPrefix, st.countHint = using("year", br.field), []string{"year"}, using("year")
	}
	for _, f := range []int{pfOrganization, pfTarget, pfGoal, pfActionLine} {
		if set.has(f) {
			st.narrow, st.narrowFilter = projectNarrowStarts[f], f
			break
		}
	}
	return st
}

// The filters of the organisation list, in the order of organizationList.filters.
const (
	ofCountry = iota
	ofStakeholderType
	ofActionLine
	ofText
	ofRegion
	ofGroup
)

// organizationStart reads an organisation list filtered by country, by name, from the
// (country, sortHex) index, which gives the order; the planner chooses for the others.
func organizationStart(set filterSet, br branch) *start {
	if !set.has(ofCountry) || br.field != "sortHex" {
		return nil
	}
	return &start{pattern: "(n:" + labelOrganization + ")", pageHint: "USING INDEX n:" + labelOrganization + "(country, sortHex)",
		orderPrefix: []string{"country"}}
}

var (
	organizationList = &listSpec{
		label: labelOrganization,
		filters: []filter{
			ofCountry:         {param: "country", prop: "country"},
			ofStakeholderType: {param: "stakeholderType", prop: "stakeholderType"},
			ofActionLine:      {param: "actionLine", prop: "actionLineSet", list: true},
			ofText:            {param: "text", text: []string{"sortKey", "acronymKey"}},
			ofRegion:          {param: "region", prop: "regions", list: true},
			ofGroup:           {param: "group", prop: "groups", list: true},
		},
		branches: orgBranches,
		start:    organizationStart,
	}
	prizeList = &listSpec{
		label: labelPrize,
		filters: []filter{
			{param: "year", prop: "year"},
			{param: "actionLine", prop: "actionLineSet", list: true},
			{param: "category", prop: "category"},
			{param: "kind", prop: "kind"},
			{param: "country", prop: "country"},
			{param: "organization", prop: "organizations", list: true},
			{param: "project", prop: "project"},
			{param: "text", text: []string{"textKey"}},
			{param: "region", prop: "regions", list: true},
			{param: "group", prop: "groups", list: true},
		},
		branches: prizeBranches,
	}
	eventList = &listSpec{
		label: labelEvent,
		filters: []filter{
			{param: "kind", prop: "kind"},
			{param: "year", prop: "year"},
			{param: "country", prop: "country"},
			{param: "parent", prop: "parent"},
			{param: "text", text: []string{"sortKey"}},
		},
		branches: eventBranches,
	}
)

// tallied lists the lists whose single-filter totals Import stores as Tally nodes.
var tallied = []*listSpec{projectList, organizationList, prizeList, eventList}

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

// queryRow returns the row of list l's query i with its filter values (nil: not set, in
// l.filters' order), sorted by field in direction dir, and its shape.
func (l *listSpec) queryRow(i int, field string, dir wsisgraph.SortDirection, p wsisgraph.PageArgs, values ...any) (map[string]any, shape) {
	if len(values) != len(l.filters) {
		panic("neo4j: filter values do not match the list's filters")
	}
	b := slices.IndexFunc(l.branches, func(br branch) bool { return br.field == field && br.desc == (dir == wsisgraph.Desc) })
	from, tie := keyset(l.branches[b], p.After)
	r := map[string]any{
		"i": int64(i), "from": from, "tie": tie, "afterKey": hexKey(p.After.Key),
	}
	if p.Before.Key != "" {
		// The items before the cursor are those after it in the reverse order, whose ties
		// are then by key descending (the statement's q.beforeKey test).
		rev := l.branches[b]
		rev.desc = !rev.desc
		r["to"], r["tieTo"] = keyset(rev, p.Before)
		r["beforeKey"] = hexKey(p.Before.Key)
	}
	sh := shape{branch: b, set: l.setFilters(r, values), total: p.WithTotal,
		before: p.Before.Key != "", last: p.Backward(), fetch: p.Size() + 1}
	if st := l.startOf(sh.set, l.branches[b]); st.narrow != nil {
		f := l.filters[st.narrowFilter]
		r["startTally"] = tallyKey(l.label, f.prop, values[st.narrowFilter])
	}
	if bits.OnesCount32(uint32(sh.set)) == 1 {
		k := bits.TrailingZeros32(uint32(sh.set))
		if f := l.filters[k]; f.text == nil {
			r["tally"] = tallyKey(l.label, f.prop, values[k])
		}
	}
	return r, sh
}

// setFilters sets in row r the parameters of the filter values that are not nil (in
// l.filters' order) and returns which they are.
func (l *listSpec) setFilters(r map[string]any, values []any) filterSet {
	var set filterSet
	for k, v := range values {
		if v != nil {
			r[l.filters[k].param] = v
			set |= 1 << k
		}
	}
	return set
}

// groups gathers rows by shape, shapes in order of first appearance.
type groups[S comparable] struct {
	shapes []S
	rows   [][]any
}

func (g *groups[S]) add(sh S, row map[string]any) {
	k := slices.Index(g.shapes, sh)
	if k < 0 {
		k = len(g.shapes)
		g.shapes = append(g.shapes, sh)
		g.rows = append(g.rows, nil)
	}
	g.rows[k] = append(g.rows[k], row)
}

// union returns the UNION ALL of part(shape) for every group and its parameters: each part's
// $rows becomes $g<k>, the rows of group k, and each of its other parameters, those that
// extra returns for its shape, becomes $g<k>_<name>.
func (g *groups[S]) union(part func(S) string, extra func(S) map[string]any) (string, map[string]any) {
	var b strings.Builder
	params := make(map[string]any, len(g.shapes))
	for k, sh := range g.shapes {
		if k > 0 {
			b.WriteString("UNION ALL\n")
		}
		name := "g" + strconv.Itoa(k)
		text := strings.ReplaceAll(part(sh), "$rows", "$"+name)
		params[name] = g.rows[k]
		if extra != nil {
			for p, v := range extra(sh) {
				text = strings.ReplaceAll(text, "$"+p, "$"+name+"_"+p)
				params[name+"_"+p] = v
			}
		}
		b.WriteString(text)
	}
	return b.String(), params
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

// batch is a list call's query rows grouped by shape.
type batch struct {
	list   *listSpec
	groups groups[shape]
	size   []int  // each query's page size
	last   []bool // each query pages backwards
}

func newBatch(l *listSpec, nQueries int) *batch {
	return &batch{list: l, size: make([]int, nQueries), last: make([]bool, nQueries)}
}

func (b *batch) add(i int, p wsisgraph.PageArgs, row map[string]any, sh shape) {
	b.groups.add(sh, row)
	b.size[i], b.last[i] = p.Size(), p.Backward()
}

// statement returns the batch's statement and its parameters.
func (b *batch) statement() (string, map[string]any) {
	return b.groups.union(b.list.part, func(sh shape) map[string]any {
		return map[string]any{"limit": int64(sh.fetch)}
	})
}

// pages runs a list statement for a batch and builds the pages; cursor builds an item's
// cursor in query i's sort, given the item's numeric sort value (0 for a text sort).
func pages[T any](ctx context.Context, s *Store, b *batch,
	cursor func(i int, item *T, num int64) wsisgraph.Cursor) ([]wsisgraph.Page[T], error) {
	out := make([]wsisgraph.Page[T], len(b.size))
	for i := range out {
		out[i] = wsisgraph.Page[T]{Items: []*T{}, Cursors: []wsisgraph.Cursor{}, Total: -1}
	}
	if len(out) == 0 {
		return out, nil
	}
	cypher, params := b.statement()
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
		switch {
		case len(items) > b.size[i] && b.last[i]:
			p.HasPrev, items = true, items[:b.size[i]]
		case len(items) > b.size[i]:
			p.HasNext, items = true, items[:b.size[i]]
		}
		if b.last[i] { // read from the window's end
			slices.Reverse(items)
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
	return pages(ctx, s, projectBatch(qs), func(i int, p *wsisgraph.Project, _ int64) wsisgraph.Cursor {
		return p.Cursor(qs[i].Sort)
	})
}

// projectBatch returns the batch of normalized project queries.
func projectBatch(qs []wsisgraph.ProjectQuery) *batch {
	b := newBatch(projectList, len(qs))
	for i, q := range qs {
		field := "sortHex"
		if q.Sort == wsisgraph.ProjectsByYear {
			field = "year"
		}
		r, sh := projectList.queryRow(i, field, q.Direction, q.Page, projectFilterValues(q.Filter)...)
		b.add(i, q.Page, r, sh)
	}
	return b
}

// projectFilterValues returns the values of a project filter in projectList.filters' order,
// nil where not set.
func projectFilterValues(f wsisgraph.ProjectFilter) []any {
	return []any{
		pfActionLine: optStr(f.ActionLine), pfGoal: optInt(f.Goal), pfTarget: optStr(f.Target),
		pfCountry: optStr(f.Country), pfYear: optInt(f.Year),
		pfStakeholderType: optStr(string(f.StakeholderType)), pfOrganization: optStr(f.Organization),
		pfText: optText(f.Text), pfRegion: optStr(f.Region), pfGroup: optStr(string(f.Group)),
	}
}

// Organizations answers each query with a page; Filter.Text matches the name or the acronym.
// The PRIZE_COUNT and PROJECT_COUNT sorts read the counts Import stores (see exploreSteps).
// One round trip for the whole batch.
func (s *Store) Organizations(ctx context.Context, queries []wsisgraph.OrganizationQuery) ([]wsisgraph.Page[wsisgraph.Organization], error) {
	qs, err := normalizeAll(ctx, queries)
	if err != nil {
		return nil, err
	}
	b := newBatch(organizationList, len(qs))
	for i, q := range qs {
		f := q.Filter
		field := "sortHex"
		switch q.Sort {
		case wsisgraph.OrganizationsByPrizeCount:
			field = propPrizeCount
		case wsisgraph.OrganizationsByProjectCount:
			field = propProjectCnt
		}
		r, sh := organizationList.queryRow(i, field, q.Direction, q.Page, orgFilterValues(f)...)
		b.add(i, q.Page, r, sh)
	}
	return pages(ctx, s, b, func(i int, o *wsisgraph.Organization, num int64) wsisgraph.Cursor {
		if qs[i].Sort == wsisgraph.OrganizationsByName {
			return o.Cursor(qs[i].Sort)
		}
		return o.CountCursor(int(num))
	})
}

// orgFilterValues returns f's values in organizationList.filters' order.
func orgFilterValues(f wsisgraph.OrganizationFilter) []any {
	return []any{optStr(f.Country), optStr(string(f.StakeholderType)), optStr(f.ActionLine), optText(f.Text),
		optStr(f.Region), optStr(string(f.Group))}
}

// prizeFilterValues returns f's values in prizeList.filters' order.
func prizeFilterValues(f wsisgraph.PrizeFilter) []any {
	return []any{optInt(f.Year), optStr(f.ActionLine), optInt(f.Category), optStr(string(f.Kind)),
		optStr(f.Country), optStr(f.Organization), optStr(f.Project), optText(f.Text),
		optStr(f.Region), optStr(string(f.Group))}
}

// Prizes answers each query with a page; Filter.Text matches the prized project's title.
// One round trip for the whole batch.
func (s *Store) Prizes(ctx context.Context, queries []wsisgraph.PrizeQuery) ([]wsisgraph.Page[wsisgraph.Prize], error) {
	qs, err := normalizeAll(ctx, queries)
	if err != nil {
		return nil, err
	}
	b := newBatch(prizeList, len(qs))
	for i, q := range qs {
		f := q.Filter
		field := "year"
		if q.Sort == wsisgraph.PrizesByCategory {
			field = "category"
		}
		r, sh := prizeList.queryRow(i, field, q.Direction, q.Page, prizeFilterValues(f)...)
		b.add(i, q.Page, r, sh)
	}
	return pages(ctx, s, b, func(i int, p *wsisgraph.Prize, _ int64) wsisgraph.Cursor {
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
	b := newBatch(eventList, len(qs))
	for i, q := range qs {
		f := q.Filter
		r, sh := eventList.queryRow(i, "startHex", q.Direction, q.Page,
			optStr(string(f.Kind)), optInt(f.Year), optStr(f.Country), optStr(f.Parent), optText(f.Text))
		b.add(i, q.Page, r, sh)
	}
	return pages(ctx, s, b, func(i int, e *wsisgraph.Event, _ int64) wsisgraph.Cursor {
		return e.Cursor(qs[i].Sort)
	})
}
