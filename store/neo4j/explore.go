package neo4j

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/dataset/derived"
	"github.com/wsisgraph/wsisgraph/store/searchdoc"
)

// Exploration: search, the matrix grid and project facets.
//
// Search reads one full-text index over the searchdoc texts of every searchable node, which
// Import writes as properties: search_<field> for each searchdoc field, search_type (the
// wsisgraph.SearchType), search_idHex (hexKey of the hit ID, the tie-break of search order).
// The index uses Neo4j's standard-folding analyzer (UAX #29 words, lower case, ASCII
// folding, Lucene's English stop words), which searchdoc.Analyze mirrors. User text reaches
// Lucene only as quoted phrases escaped by escapeLucene, one per word, inside a query whose
// structure and field names are constants.

// searchIndexName names the full-text index; a change of its fields or analyzer needs a new
// name, since its DDL is CREATE … IF NOT EXISTS.
const searchIndexName = "wsisgraph_search_v2"

// oldSearchIndexes are the names of the search index's earlier forms, dropped at import.
var oldSearchIndexes = []string{"wsisgraph_search_v1"}

// searchProp is the node property holding a searchdoc field.
func searchProp(field string) string { return "search_" + field }

const (
	propSearchType  = "search_type"
	propSearchIDHex = "search_idHex"
	propPrizeCount  = "prizeCount"   // on Organization: prizes whose organization it is
	propProjectCnt  = "projectCount" // on Organization: projects it runs
)

// searchLabels maps each search type to its node label, the name of its kind.
var searchLabels = func() []searchLabel {
	var out []searchLabel
	for _, k := range wsisgraph.Kinds {
		if k.Type != "" {
			out = append(out, searchLabel{wsisgraph.SearchType(k.Type), k.Name})
		}
	}
	return out
}()

type searchLabel struct {
	typ   wsisgraph.SearchType
	label string
}

// exploreSchemaStatements returns the DDL of the search index.
func exploreSchemaStatements() []string {
	labels := make([]string, len(searchLabels))
	for i, sl := range searchLabels {
		labels[i] = sl.label
	}
	props := make([]string, len(searchdoc.Fields))
	for i, f := range searchdoc.Fields {
		props[i] = "n." + searchProp(f.Name)
	}
	var out []string
	for _, old := range oldSearchIndexes {
		out = append(out, "DROP INDEX "+old+" IF EXISTS")
	}
	return append(out, fmt.Sprintf(
		"CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [%s] "+
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}}",
		searchIndexName, strings.Join(labels, "|"), strings.Join(props, ", ")))
}

// exploreSteps returns the import steps that add the exploration properties to the nodes
// written before them: the search properties of every searchable node, and each
// organisation's prize and project counts (the PRIZE_COUNT and PROJECT_COUNT sorts).
func exploreSteps(d *dataset.Dataset, g *derived.Graph) []step {
	rows := map[string][]any{}
	for _, doc := range searchdoc.Build(d) {
		p := map[string]any{propSearchType: string(doc.Type), propSearchIDHex: hexKey(doc.ID())}
		for _, f := range searchdoc.Fields {
			p[searchProp(f.Name)] = nil // a text the dataset no longer has is removed
		}
		for k, v := range doc.Fields {
			p[searchProp(k)] = v
		}
		var key any = doc.Node.NodeKey()
		if g, ok := doc.Node.(*wsisgraph.Goal); ok {
			key = int64(g.Number)
		}
		label := labelFor(doc.Type)
		rows[label] = append(rows[label], map[string]any{"k": key, "p": p})
	}
	var orgRows []any
	for _, o := range d.Organizations {
		orgRows = append(orgRows, map[string]any{"k": o.Key, "p": map[string]any{
			propPrizeCount: int64(g.PrizeCount[o.Key]), propProjectCnt: int64(g.ProjectCount[o.Key])}})
	}
	var out []step
	for _, sl := range searchLabels {
		out = append(out, step{
			name:    "search " + sl.label,
			cypher:  fmt.Sprintf("UNWIND $rows AS r MATCH (n:%s {%s: r.k}) SET n += r.p", sl.label, keyOf(sl.label)),
			rows:    rows[sl.label],
			batched: true,
		})
	}
	return append(out, step{
		name:    "counts " + labelOrganization,
		cypher:  fmt.Sprintf("UNWIND $rows AS r MATCH (n:%s {%s: r.k}) SET n += r.p", labelOrganization, keyOf(labelOrganization)),
		rows:    orgRows,
		batched: true,
	})
}

func labelFor(t wsisgraph.SearchType) string {
	for _, sl := range searchLabels {
		if sl.typ == t {
			return sl.label
		}
	}
	panic("neo4j: unknown search type " + string(t))
}

// luceneSpecial holds the characters of Lucene's classic query syntax.
const luceneSpecial = `\+-!():^[]"{}~*?|&/`

// escapeLucene returns s with every character of Lucene's query syntax backslash-escaped, and
// the operator words AND, OR and NOT escaped too, so that Lucene reads s as plain text.
func escapeLucene(s string) string {
	var b strings.Builder
	switch s {
	case "AND", "OR", "NOT":
		b.WriteByte('\\')
	}
	for _, r := range s {
		if strings.ContainsRune(luceneSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// LuceneQuery returns the Lucene query the store sends for a search of words in lang (""
// for every language): every word is required (with anyWord, every word is optional: a hit
// matches at least one), as a quoted phrase in one of the fields of searchdoc.FieldsFor(lang),
// each field clause boosted by its weight. The words are escaped (escapeLucene) so that
// Lucene reads them as plain text.
func LuceneQuery(words []searchdoc.Word, lang wsisgraph.Lang, anyWord bool) string {
	fields := searchdoc.FieldsFor(lang)
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if !anyWord {
			b.WriteByte('+')
		}
		b.WriteString("(")
		for j, f := range fields {
			text := searchdoc.Phrase(w, f)
			if text == "" {
				continue
			}
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(searchProp(f.Name))
			b.WriteByte(':')
			b.WriteString(`"` + escapeLucene(text) + `"`)
			b.WriteByte('^')
			b.WriteString(strconv.FormatFloat(f.Boost, 'g', -1, 64))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// cypherSearch answers a batch of searches. Each row q carries i, lucene, types (null for
// every type), fetch (the page size + 1), afterID (hex, null for the first page), afterScore,
// beforeID (hex, null: to the end), beforeScore, last (the page is the window's last fetch
// hits, else its first) and snippets; it returns the reachable total and the page's hits as
// [score, type, json, texts], texts being those of $fields when q.snippets, else empty.
var cypherSearch = fmt.Sprintf(`UNWIND $queries AS q
CALL {
  WITH q
  CALL db.index.fulltext.queryNodes('%[1]s', q.lucene) YIELD node, score
  WITH q, node, score
  WHERE q.types IS NULL OR node.%[2]s IN q.types
  WITH node, score ORDER BY score DESC, node.%[3]s LIMIT %[4]d
  RETURN collect([score, node]) AS hits
}
WITH q, hits, [h IN hits WHERE (q.afterID IS NULL OR h[0] < q.afterScore OR (h[0] = q.afterScore AND h[1].%[3]s > q.afterID))
  AND (q.beforeID IS NULL OR h[0] > q.beforeScore OR (h[0] = q.beforeScore AND h[1].%[3]s < q.beforeID))] AS window
RETURN q.i AS i, size(hits) AS total,
  [h IN CASE WHEN q.last THEN window[-q.fetch..] ELSE window[..q.fetch] END
    | [h[0], h[1].%[2]s, h[1].json, CASE WHEN q.snippets THEN [f IN $fields | h[1][f]] ELSE [] END]] AS page`,
	searchIndexName, propSearchType, propSearchIDHex, wsisgraph.MaxSearchHits)

// Search answers each query with a page of hits from the full-text index. One round trip
// for the whole batch; none when no query has a word to look for.
func (s *Store) Search(ctx context.Context, queries []wsisgraph.SearchQuery) ([]wsisgraph.SearchPage, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	qs := make([]wsisgraph.SearchQuery, len(queries))
	words := make([][]searchdoc.Word, len(queries))
	out := make([]wsisgraph.SearchPage, len(queries))
	var rows []any
	for i, q := range queries {
		if err := q.Validate(); err != nil {
			return nil, err
		}
		q = q.Normalize()
		qs[i], words[i] = q, searchdoc.Words(q.Text)
		out[i] = wsisgraph.SearchPage{Hits: []wsisgraph.SearchHit{}, Total: -1}
		if q.WithTotal {
			out[i].Total = 0
		}
		if len(words[i]) == 0 {
			continue
		}
		r := map[string]any{
			"i": int64(i), "lucene": LuceneQuery(words[i], q.Lang, q.Any), "fetch": int64(max(q.First, q.Last) + 1),
			"types": nil, "afterID": nil, "afterScore": q.After.Score, "snippets": !q.SkipSnippets,
			"beforeID": nil, "beforeScore": q.Before.Score, "last": q.Last != 0,
		}
		if len(q.Types) > 0 {
			ts := make([]any, len(q.Types))
			for j, t := range q.Types {
				ts[j] = string(t)
			}
			r["types"] = ts
		}
		if q.After.ID != "" {
			r["afterID"] = hexKey(q.After.ID)
		}
		if q.Before.ID != "" {
			r["beforeID"] = hexKey(q.Before.ID)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return out, nil
	}
	fields := make([]any, len(searchdoc.Fields))
	for i, f := range searchdoc.Fields {
		fields[i] = searchProp(f.Name)
	}
	recs, err := s.read(ctx, cypherSearch, map[string]any{"queries": rows, "fields": fields})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		i64, ok1 := rec.Values[0].(int64)
		total, ok2 := rec.Values[1].(int64)
		page, ok3 := rec.Values[2].([]any)
		if !ok1 || !ok2 || !ok3 || i64 < 0 || int(i64) >= len(out) {
			return nil, errCorrupt
		}
		i, q := int(i64), qs[int(i64)]
		p := &out[i]
		if q.WithTotal {
			p.Total = int(total)
		}
		switch {
		case q.Last != 0 && len(page) > q.Last:
			p.HasPrev, page = true, page[1:]
		case q.Last == 0 && len(page) > q.First:
			p.HasNext, page = true, page[:q.First]
		}
		for _, x := range page {
			h, err := decodeHit(x, q.Lang, words[i], !q.SkipSnippets)
			if err != nil {
				return nil, err
			}
			p.Hits = append(p.Hits, h)
		}
	}
	return out, nil
}

// decodeHit turns a returned [score, type, json, texts] into a hit, with its snippet when
// snippets is set (texts are then those of searchdoc.Fields, else empty).
func decodeHit(x any, lang wsisgraph.Lang, words []searchdoc.Word, snippets bool) (wsisgraph.SearchHit, error) {
	var h wsisgraph.SearchHit
	v, ok := x.([]any)
	if !ok || len(v) != 4 {
		return h, errCorrupt
	}
	score, ok1 := v[0].(float64)
	typ, ok2 := v[1].(string)
	texts, ok3 := v[3].([]any)
	if !ok1 || !ok2 || !ok3 || (snippets && len(texts) != len(searchdoc.Fields)) {
		return h, errCorrupt
	}
	kind, ok := wsisgraph.KindOf(wsisgraph.EntityType(typ))
	if !ok {
		return h, errCorrupt
	}
	n := kind.New()
	if err := decodeInto(v[2], n); err != nil {
		return h, err
	}
	h = wsisgraph.SearchHit{Type: wsisgraph.SearchType(typ), Node: n, Score: score}
	if snippets {
		fields := make(map[string]string, len(texts))
		for j, t := range texts {
			if s, ok := t.(string); ok && s != "" {
				fields[searchdoc.Fields[j].Name] = s
			}
		}
		h.Snippet = searchdoc.Snippet(fields, lang, words)
	}
	return h, nil
}

// The filters of a matrix query, in the order of their bits in a filterSet: the row's
// parameter and the predicates over a project p and a prize z.
var matrixFilterPredicates = []struct{ param, project, prize string }{
	{"year", "p.year = q.year", "z.year = q.year"},
	{"country", "p.country = q.country", "z.country = q.country"},
	{"stakeholderType", "q.stakeholderType IN p.stakeholderTypes", "q.stakeholderType IN p.stakeholderTypes"},
	{"region", "q.region IN p.regions", "q.region IN z.regions"},
	{"group", "q.group IN p.groups", "q.group IN z.groups"},
}

// matrixPart answers the matrix queries of $rows, which all set the filters of set (bit i:
// matrixFilterPredicates[i]; a filter not set has no predicate, so that the planner can seek
// the year or country index of those that are; with none, the counts are those Import
// stored): per row q (i, year, country,
// stakeholderType, region, group) the action lines in official order, the goals by number, every linkage in
// LinkagesByActionLine order, and the counts of the projects and prizes that pass the
// filters, as [cells [[line, goal, n]], rows [[line, n]], columns [[goal, n]], total],
// aggregated as wsisgraph.CountMatrixItems does: an item's lines and goals are kept when they
// are rows and columns of the grid (the sets are distinct already). wsisgraph.BuildMatrix
// assembles the grid.
var matrixParts, facetsParts memo[filterSet, string] // built once per filter set

func matrixPart(set filterSet) string {
	head := `UNWIND $rows AS q
CALL {
  MATCH (a:ActionLine) WITH a ORDER BY a.rank RETURN collect(a.json) AS lines, collect(a.code) AS codes
}
CALL {
  MATCH (g:Goal) WITH g ORDER BY g.number RETURN collect(g.json) AS goals, collect(g.number) AS numbers
}
CALL {
  MATCH (n:Linkage) WITH n ORDER BY n.rankInLine RETURN collect(` + linkageEnds + `) AS linkages
}
`
	if set == 0 { // the counts Import stored (tally.go)
		return head + fmt.Sprintf(`OPTIONAL MATCH (tp:%[1]s {key: '%[2]s'})
OPTIONAL MATCH (tz:%[1]s {key: '%[3]s'})
RETURN q.i AS i, lines, goals, linkages, tp.counts AS projectCounts, tz.counts AS prizeCounts
`, labelTally, matrixTallyProjects, matrixTallyPrizes)
	}
	projectWhere, prizeWhere := []string{"true"}, []string{"true"}
	for i, f := range matrixFilterPredicates {
		if set.has(i) {
			projectWhere, prizeWhere = append(projectWhere, f.project), append(prizeWhere, f.prize)
		}
	}
	return head + `CALL {
  WITH q, codes, numbers
  MATCH (p:Project)
  WHERE ` + strings.Join(projectWhere, " AND ") + `
  WITH [l IN p.actionLineSet WHERE l IN codes] AS ls, [g IN p.goals WHERE g IN numbers] AS gs
  WHERE size(ls) > 0 AND size(gs) > 0
  RETURN collect([ls, gs]) AS projectItems
}
CALL {
  WITH q, codes, numbers
  MATCH (z:Prize)-[:AWARDED_TO]->(p:Project)
  WHERE ` + strings.Join(prizeWhere, " AND ") + `
  WITH [l IN z.actionLineSet WHERE l IN codes] AS ls, [g IN p.goals WHERE g IN numbers] AS gs
  WHERE size(ls) > 0 AND size(gs) > 0
  RETURN collect([ls, gs]) AS prizeItems
}
` + matrixCountsCypher("projectItems", "projectCounts") + matrixCountsCypher("prizeItems", "prizeCounts") +
		`RETURN q.i AS i, lines, goals, linkages, projectCounts, prizeCounts
`
}

func matrixCountsCypher(list, out string) string {
	return fmt.Sprintf(`CALL {
  WITH %[1]s UNWIND %[1]s AS it UNWIND it[0] AS l UNWIND it[1] AS g
  WITH l, g, count(*) AS n RETURN collect([l, g, n]) AS %[2]sCells
}
CALL {
  WITH %[1]s UNWIND %[1]s AS it UNWIND it[0] AS l
  WITH l, count(*) AS n RETURN collect([l, n]) AS %[2]sRows
}
CALL {
  WITH %[1]s UNWIND %[1]s AS it UNWIND it[1] AS g
  WITH g, count(*) AS n RETURN collect([g, n]) AS %[2]sColumns
}
WITH *, [%[2]sCells, %[2]sRows, %[2]sColumns, size(%[1]s)] AS %[2]s
`, list, out)
}

// Matrix answers each query with the matrix grid. One round trip for the whole batch.
func (s *Store) Matrix(ctx context.Context, queries []wsisgraph.MatrixQuery) ([]*wsisgraph.Matrix, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	var g groups[filterSet]
	for i, q := range queries {
		if err := q.Validate(); err != nil {
			return nil, err
		}
		r := map[string]any{"i": int64(i)}
		var set filterSet
		for k, v := range []any{optInt(q.Year), optStr(q.Country), optStr(string(q.StakeholderType)), optStr(q.Region), optStr(string(q.Group))} {
			if v != nil {
				r[matrixFilterPredicates[k].param] = v
				set |= 1 << k
			}
		}
		g.add(set, r)
	}
	out := make([]*wsisgraph.Matrix, len(queries))
	err := readEach(ctx, s, &g, func(set filterSet) string { return matrixParts.get(set, matrixPart) }, out, func(rec *driver.Record) (*wsisgraph.Matrix, error) {
		lines, err1 := decodeList[wsisgraph.ActionLine](rec.Values[1])
		goals, err2 := decodeList[wsisgraph.Goal](rec.Values[2])
		links, err3 := decodeLinkages(rec.Values[3])
		projects, err4 := matrixCounts(rec.Values[4])
		prizes, err5 := matrixCounts(rec.Values[5])
		for _, err := range []error{err1, err2, err3, err4, err5} {
			if err != nil {
				return nil, err
			}
		}
		byLine := map[string][]*wsisgraph.Linkage{}
		for _, l := range links {
			byLine[l.ActionLineCode] = append(byLine[l.ActionLineCode], l)
		}
		return wsisgraph.BuildMatrix(lines, goals, byLine, projects, prizes), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// decodeList decodes a returned list of stored JSON values.
func decodeList[T any](v any) ([]*T, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, errCorrupt
	}
	out := make([]*T, len(list))
	for i, x := range list {
		t, err := decode[T](x)
		if err != nil {
			return nil, err
		}
		out[i] = t
	}
	return out, nil
}

// decodeLinkages decodes a list of [linkage, target or null, goal] rows.
func decodeLinkages(v any) ([]*wsisgraph.Linkage, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, errCorrupt
	}
	out := make([]*wsisgraph.Linkage, len(list))
	for i, x := range list {
		l, err := decodeLinkage(x)
		if err != nil {
			return nil, err
		}
		out[i] = l
	}
	return out, nil
}

// matrixCounts decodes a returned [cells [[line, goal, n]], rows [[line, n]], columns
// [[goal, n]], total], or the counts of a matrix Tally (a string, see decodeMatrixTally).
func matrixCounts(v any) (wsisgraph.MatrixCounts, error) {
	if _, ok := v.(string); ok {
		return decodeMatrixTally(v)
	}
	c := wsisgraph.MatrixCounts{Cells: map[wsisgraph.MatrixCellKey]int{}, Rows: map[string]int{}, Columns: map[int]int{}}
	parts, ok := v.([]any)
	if !ok || len(parts) != 4 {
		return c, errCorrupt
	}
	tuples := func(x any, size int) ([][]any, bool) {
		list, ok := x.([]any)
		if !ok {
			return nil, false
		}
		out := make([][]any, len(list))
		for i, e := range list {
			t, ok := e.([]any)
			if !ok || len(t) != size {
				return nil, false
			}
			out[i] = t
		}
		return out, true
	}
	cells, ok1 := tuples(parts[0], 3)
	rows, ok2 := tuples(parts[1], 2)
	cols, ok3 := tuples(parts[2], 2)
	total, ok4 := parts[3].(int64)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return c, errCorrupt
	}
	for _, t := range cells {
		line, ok1 := t[0].(string)
		goal, ok2 := t[1].(int64)
		n, ok3 := t[2].(int64)
		if !ok1 || !ok2 || !ok3 {
			return c, errCorrupt
		}
		c.Cells[wsisgraph.MatrixCellKey{Line: line, Goal: int(goal)}] = int(n)
	}
	for _, t := range rows {
		line, ok1 := t[0].(string)
		n, ok2 := t[1].(int64)
		if !ok1 || !ok2 {
			return c, errCorrupt
		}
		c.Rows[line] = int(n)
	}
	for _, t := range cols {
		goal, ok1 := t[0].(int64)
		n, ok2 := t[1].(int64)
		if !ok1 || !ok2 {
			return c, errCorrupt
		}
		c.Columns[int(goal)] = int(n)
	}
	c.Total = int(total)
	return c, nil
}

// facetsPart is the part of the facets statement for the filter rows of $rows, which all set
// the filters of set: it counts their projects by facet, as [[value, count]] lists.
func facetsPart(set filterSet) string {
	return `UNWIND $rows AS q
CALL (q) {
  ` + projectList.matching(set) + `
  RETURN collect(n) AS ns
}
CALL (ns) {
  UNWIND ns AS n WITH n.country AS v WHERE v IS NOT NULL
  WITH v, count(*) AS c RETURN collect([v, c]) AS byCountry
}
CALL (ns) {
  UNWIND ns AS n WITH n.year AS v WHERE v IS NOT NULL AND v <> 0
  WITH v, count(*) AS c RETURN collect([toString(v), c]) AS byYear
}
CALL (ns) {
  UNWIND ns AS n UNWIND n.stakeholderTypes AS v
  WITH v, count(*) AS c RETURN collect([v, c]) AS byType
}
CALL (ns) {
  UNWIND ns AS n UNWIND n.actionLineSet AS v
  WITH v, count(*) AS c RETURN collect([v, c]) AS byLine
}
CALL (ns) {
  UNWIND ns AS n UNWIND n.goals AS v
  WITH v, count(*) AS c RETURN collect([toString(v), c]) AS byGoal
}
CALL (ns) {
  UNWIND ns AS n WITH n.regions[0] AS v WHERE v IS NOT NULL
  WITH v, count(*) AS c RETURN collect([v, c]) AS byRegion
}
RETURN q.i AS i, byCountry, byYear, byType, byLine, byGoal, byRegion,
  [size([n IN ns WHERE n.country IS NULL]),
   size([n IN ns WHERE coalesce(n.year, 0) = 0]),
   size([n IN ns WHERE size(coalesce(n.stakeholderTypes, [])) = 0]),
   size([n IN ns WHERE size(coalesce(n.actionLineSet, [])) = 0]),
   size([n IN ns WHERE size(coalesce(n.goals, [])) = 0])] AS unstated
`
}

// ProjectFacets counts the projects each filter matches by facet; the filters mean what they
// mean to Projects. One round trip for the whole batch.
func (s *Store) ProjectFacets(ctx context.Context, filters []wsisgraph.ProjectFilter) ([]*wsisgraph.ProjectFacets, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	var g groups[filterSet]
	for i, f := range filters {
		if err := (wsisgraph.ProjectQuery{Filter: f}).Validate(); err != nil {
			return nil, err
		}
		r := map[string]any{"i": int64(i)}
		g.add(projectList.setFilters(r, projectFilterValues(f)), r)
	}
	out := make([]*wsisgraph.ProjectFacets, len(filters))
	err := readEach(ctx, s, &g, func(set filterSet) string { return facetsParts.get(set, facetsPart) }, out, func(rec *driver.Record) (*wsisgraph.ProjectFacets, error) {
		var err error
		var lists [6][]wsisgraph.FacetCount
		for k, facet := range []wsisgraph.ProjectFacet{wsisgraph.FacetCountry, wsisgraph.FacetYear,
			wsisgraph.FacetStakeholderType, wsisgraph.FacetActionLine, wsisgraph.FacetGoal, wsisgraph.FacetRegion} {
			if lists[k], err = facetCounts(facet, rec.Values[k+1]); err != nil {
				return nil, err
			}
		}
		unstated, ok := rec.Values[7].([]any)
		if !ok || len(unstated) != len(wsisgraph.ProjectFacetOrder) {
			return nil, errCorrupt
		}
		f := &wsisgraph.ProjectFacets{ByCountry: lists[0], ByYear: lists[1], ByStakeholderType: lists[2],
			ByActionLine: lists[3], ByGoal: lists[4], ByRegion: lists[5], Unstated: make([]wsisgraph.Unstated, len(unstated))}
		for k, v := range unstated {
			n, ok := v.(int64)
			if !ok {
				return nil, errCorrupt
			}
			f.Unstated[k] = wsisgraph.Unstated{Facet: wsisgraph.ProjectFacetOrder[k], Count: int(n)}
		}
		return f, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readEach runs the statement of g, one part per filter set (part), and decodes each record
// with decode into out[i], i being the record's first value: an i out of range, or an
// out[i] no record sets, is errCorrupt. One round trip; none when out is empty.
func readEach[V any](ctx context.Context, s *Store, g *groups[filterSet], part func(filterSet) string, out []*V, decode func(*driver.Record) (*V, error)) error {
	if len(out) == 0 {
		return nil
	}
	cypher, params := g.union(part, nil)
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		i64, ok := rec.Values[0].(int64)
		if !ok || i64 < 0 || int(i64) >= len(out) {
			return errCorrupt
		}
		if out[i64], err = decode(rec); err != nil {
			return err
		}
	}
	for _, v := range out {
		if v == nil {
			return errCorrupt
		}
	}
	return nil
}

// facetCounts decodes a returned [[value, count]] list, sorted as ProjectFacets documents.
func facetCounts(facet wsisgraph.ProjectFacet, v any) ([]wsisgraph.FacetCount, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, errCorrupt
	}
	out := make([]wsisgraph.FacetCount, len(list))
	for i, x := range list {
		pair, ok := x.([]any)
		if !ok || len(pair) != 2 {
			return nil, errCorrupt
		}
		value, ok1 := pair[0].(string)
		count, ok2 := pair[1].(int64)
		if !ok1 || !ok2 {
			return nil, errCorrupt
		}
		out[i] = wsisgraph.FacetCount{Facet: facet, Value: value, Count: int(count)}
	}
	wsisgraph.SortFacetCounts(out)
	return out, nil
}

var prizeFacetsParts, orgFacetsParts memo[filterSet, string] // built once per filter set

// itemsPart is the part of a facets statement of list l for the filter rows of $rows, which
// all set the filters of set: each row's matching items, as [json, actionLineSet, region]
// (region: the first of the node's regions, its country's UN M49 region).
func itemsPart(l *listSpec) func(set filterSet) string {
	return func(set filterSet) string {
		return `UNWIND $rows AS q
CALL (q) {
  ` + l.matching(set) + `
  RETURN collect([n.json, coalesce(n.actionLineSet, []), n.regions[0]]) AS items
}
RETURN q.i AS i, items
`
	}
}

// filteredItems checks each filter as its list does (validate), groups the filters by the
// filters they set (values: the list's filter values, nil where unset), and returns what
// facetItems returns for them, filter i as row i. One round trip for the whole batch.
func filteredItems[T, F any](ctx context.Context, s *Store, filters []F, validate func(F) error, values func(F) []any,
	parts *memo[filterSet, string], l *listSpec) ([][]*T, []map[*T][]string, map[*T]string, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, nil, nil, err
	}
	var g groups[filterSet]
	for i, f := range filters {
		if err := validate(f); err != nil {
			return nil, nil, nil, err
		}
		r := map[string]any{"i": int64(i)}
		g.add(l.setFilters(r, values(f)), r)
	}
	return facetItems[T](ctx, s, &g, parts, l, len(filters))
}

// facetItems runs a facets statement and returns, for each row i, its items decoded, the
// action lines of each, and the region of each that has one.
func facetItems[T any](ctx context.Context, s *Store, g *groups[filterSet], parts *memo[filterSet, string], l *listSpec, n int) ([][]*T, []map[*T][]string, map[*T]string, error) {
	items := make([][]*T, n)
	lines := make([]map[*T][]string, n)
	regions := map[*T]string{}
	if n == 0 {
		return items, lines, regions, nil
	}
	cypher, params := g.union(func(set filterSet) string { return parts.get(set, itemsPart(l)) }, nil)
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return nil, nil, nil, err
	}
	seen := 0
	for _, rec := range recs {
		i64, ok1 := rec.Values[0].(int64)
		list, ok2 := rec.Values[1].([]any)
		if !ok1 || !ok2 || i64 < 0 || int(i64) >= n {
			return nil, nil, nil, errCorrupt
		}
		seen++
		i := int(i64)
		lines[i] = make(map[*T][]string, len(list))
		items[i] = make([]*T, 0, len(list))
		for _, x := range list {
			pair, ok := x.([]any)
			if !ok || len(pair) != 3 {
				return nil, nil, nil, errCorrupt
			}
			v, err := decode[T](pair[0])
			if err != nil {
				return nil, nil, nil, err
			}
			ls, ok := pair[1].([]any)
			if !ok {
				return nil, nil, nil, errCorrupt
			}
			for _, l := range ls {
				code, ok := l.(string)
				if !ok {
					return nil, nil, nil, errCorrupt
				}
				lines[i][v] = append(lines[i][v], code)
			}
			if r, ok := pair[2].(string); ok {
				regions[v] = r
			}
			items[i] = append(items[i], v)
		}
	}
	if seen != n {
		return nil, nil, nil, errCorrupt
	}
	return items, lines, regions, nil
}

// PrizeFacets counts the prizes each filter matches by facet (wsisgraph.CountPrizeFacets);
// the filters mean what they mean to Prizes. One round trip for the whole batch.
func (s *Store) PrizeFacets(ctx context.Context, filters []wsisgraph.PrizeFilter) ([]*wsisgraph.PrizeFacets, error) {
	items, lines, regions, err := filteredItems[wsisgraph.Prize](ctx, s, filters,
		func(f wsisgraph.PrizeFilter) error { return wsisgraph.PrizeQuery{Filter: f}.Validate() },
		prizeFilterValues, &prizeFacetsParts, prizeList)
	if err != nil {
		return nil, err
	}
	out := make([]*wsisgraph.PrizeFacets, len(filters))
	for i := range out {
		out[i] = wsisgraph.CountPrizeFacets(items[i], func(p *wsisgraph.Prize) []string { return lines[i][p] },
			func(p *wsisgraph.Prize) string { return regions[p] })
	}
	return out, nil
}

// OrganizationFacets counts the organisations each filter matches by facet
// (wsisgraph.CountOrganizationFacets); the filters mean what they mean to Organizations. One
// round trip for the whole batch.
func (s *Store) OrganizationFacets(ctx context.Context, filters []wsisgraph.OrganizationFilter) ([]*wsisgraph.OrganizationFacets, error) {
	items, lines, _, err := filteredItems[wsisgraph.Organization](ctx, s, filters,
		func(f wsisgraph.OrganizationFilter) error { return wsisgraph.OrganizationQuery{Filter: f}.Validate() },
		orgFilterValues, &orgFacetsParts, organizationList)
	if err != nil {
		return nil, err
	}
	out := make([]*wsisgraph.OrganizationFacets, len(filters))
	for i := range out {
		byKey := make(map[string][]string, len(lines[i]))
		for o, ls := range lines[i] {
			byKey[o.Key] = ls
		}
		out[i] = wsisgraph.CountOrganizationFacets(items[i], func(key string) []string { return byKey[key] })
	}
	return out, nil
}
