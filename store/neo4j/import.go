package neo4j

import (
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

// batchSize is the number of rows sent per UNWIND statement during an import.
const batchSize = 1000

// step is one statement of an import, made only of constants. A batched step runs once per
// batch of batchSize rows, passed as $rows; an unbatched step runs once with all its rows.
type step struct {
	name    string
	cypher  string
	rows    []any
	batched bool
}

// Import replaces the whole graph with d, which must be valid (dataset.Load validates; a
// duplicated key is still caught here, as EINVALID, before anything is written).
//
// It first creates the constraints and indexes (idempotent statements) and waits for them to
// be online. Then ONE write transaction, committed at the end, turns the previous graph into
// d's: on any error it is rolled back, and the previous graph and Version stay as they were.
// Within it, in this order:
//  1. every node of d is upserted by key (MERGE, then SET n = its full property map, which
//     also removes properties d no longer has);
//  2. for every node of d, the relationships of each type it no longer has are deleted;
//  3. every relationship of d is upserted (MERGE, then SET of its properties);
//  4. the nodes whose keys d no longer has are deleted with their relationships.
//
// The result is exactly d's graph, whatever was there before, and importing the same dataset
// again changes nothing. The order matters for speed: Neo4j's index lookups inside a
// transaction slow down sharply once the transaction has removed many index entries, so all
// removals of nodes come last, after every lookup by key.
//
// Imports are serialised within the Store; ctx's deadline bounds the whole import and is also
// the transaction's timeout. The whole change must fit in the server's transaction memory
// (dbms.memory.transaction.total.max), see docs/neo4j-model.md.
func (s *Store) Import(ctx context.Context, d *dataset.Dataset) error {
	s.importMu.Lock()
	defer s.importMu.Unlock()
	steps, err := buildSteps(d)
	if err != nil {
		return err
	}
	for _, stmt := range schemaStatements() {
		if err := s.write(ctx, stmt); err != nil {
			return err
		}
	}
	if err := s.writeGraph(ctx, steps); err != nil {
		return err
	}
	if s.gated {
		_ = s.update(ctx, true) // a graph not ready after all: reads wait for the watcher's next check
	}
	return nil
}

// importTx is the metadata of an import's transactions, by which a check knows that an
// import is running (ready.go).
var importTx = driver.WithTxMetadata(map[string]any{"app": txApp, "op": txOpImport})

// write runs one schema statement in its own transaction.
func (s *Store) write(ctx context.Context, cypher string) error {
	s.roundTrips.Add(1)
	_, err := driver.ExecuteQuery(ctx, s.drv, cypher, nil, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.db), driver.ExecuteQueryWithWritersRouting(),
		driver.ExecuteQueryWithTransactionConfig(importTx))
	return wrapErr(ctx, err)
}

// writeGraph runs steps in one explicit write transaction.
func (s *Store) writeGraph(ctx context.Context, steps []step) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	sess := s.drv.NewSession(ctx, driver.SessionConfig{
		DatabaseName:    s.db,
		AccessMode:      driver.AccessModeWrite,
		BookmarkManager: s.drv.ExecuteQueryBookmarkManager(),
	})
	defer sess.Close(context.Background())
	txOpts := []func(*driver.TransactionConfig){importTx}
	if dl, ok := ctx.Deadline(); ok {
		txOpts = append(txOpts, driver.WithTxTimeout(roundUpMillis(time.Until(dl))))
	}
	tx, err := sess.BeginTransaction(ctx, txOpts...)
	if err != nil {
		return wrapImportErr(ctx, err)
	}
	committed := false
	defer func() {
		if !committed {
			rctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_ = tx.Rollback(rctx)
		}
	}()
	for _, st := range steps {
		size := len(st.rows)
		if st.batched {
			size = batchSize
		}
		for b, start := 0, 0; start < len(st.rows) || (b == 0 && !st.batched); b, start = b+1, start+size {
			s.roundTrips.Add(1)
			res, err := tx.Run(ctx, st.cypher, map[string]any{"rows": st.rows[start:min(start+size, len(st.rows))]})
			if err == nil {
				_, err = res.Consume(ctx)
			}
			if err != nil {
				return wrapImportErr(ctx, err)
			}
			if s.afterBatch != nil {
				if err := s.afterBatch(st.name, b); err != nil {
					return err
				}
			}
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return wrapImportErr(ctx, err)
	}
	committed = true
	return nil
}

// plan collects the steps of an import in their four phases (see Import).
type plan struct {
	nodes, prunes, edges, sweeps []step
	keys                         map[string][]any // the keys of each label's nodes in d
	tallies                      tallies          // of the tallied lists' nodes added
	err                          error
}

func (p *plan) steps() []step {
	return slices.Concat(p.nodes, p.prunes, p.edges, p.sweeps)
}

// node adds the upsert and the sweep of label's nodes, from rows {k: key, p: all properties,
// key included}. A key given twice is an EINVALID error.
func (p *plan) node(label string, rows []map[string]any) {
	key := keyOf(label)
	keys := make([]any, len(rows))
	seen := make(map[any]bool, len(rows))
	batch := make([]any, len(rows))
	for i, r := range rows {
		keys[i], batch[i] = r["k"], r
		if seen[r["k"]] && p.err == nil {
			p.err = wsisgraph.Errorf(wsisgraph.EINVALID, "neo4j import: %s %v appears twice", label, r["k"])
		}
		seen[r["k"]] = true
	}
	if p.keys == nil {
		p.keys = map[string][]any{}
	}
	p.keys[label] = keys
	if l := talliedList(label); l != nil {
		if p.tallies == nil {
			p.tallies = tallies{}
		}
		p.tallies.add(l, rows)
	}
	p.nodes = append(p.nodes, step{
		name:    label,
		cypher:  fmt.Sprintf("UNWIND $rows AS r MERGE (n:%s {%s: r.k}) SET n = r.p", label, key),
		rows:    batch,
		batched: true,
	})
	p.sweeps = append(p.sweeps, step{
		name:   "sweep " + label,
		cypher: fmt.Sprintf("MATCH (n:%s) WHERE NOT n.%s IN $rows DETACH DELETE n", label, key),
		rows:   keys,
	})
}

// edge adds the prune and the upsert of the relationships rel from label `from` to label
// `to`, from rows {a: from key, b: to key[, p: properties]}; from's nodes must have been added.
// A row whose ends do not both exist writes nothing: like the memory store, the graph
// tolerates dangling references (a valid dataset has none).
func (p *plan) edge(from, rel, to string, withProps bool, e *edges) {
	ka, kb := keyOf(from), keyOf(to)
	name := from + "-" + rel + "->" + to
	targets := map[any][]any{}
	for _, r := range e.rows {
		targets[r["a"]] = append(targets[r["a"]], r["b"])
	}
	prune := make([]any, len(p.keys[from]))
	for i, k := range p.keys[from] {
		bs := targets[k]
		if bs == nil {
			bs = []any{}
		}
		prune[i] = map[string]any{"a": k, "bs": bs}
	}
	p.prunes = append(p.prunes, step{
		name: "prune " + name,
		cypher: fmt.Sprintf("UNWIND $rows AS r MATCH (a:%s {%s: r.a})-[e:%s]->(b:%s) WHERE NOT b.%s IN r.bs DELETE e",
			from, ka, rel, to, kb),
		rows:    prune,
		batched: true,
	})
	set := ""
	if withProps {
		set = " SET e = r.p"
	}
	rows := make([]any, len(e.rows))
	for i, r := range e.rows {
		rows[i] = r
	}
	p.edges = append(p.edges, step{
		name: name,
		cypher: fmt.Sprintf("UNWIND $rows AS r MATCH (a:%s {%s: r.a}) MATCH (b:%s {%s: r.b}) MERGE (a)-[e:%s]->(b)%s",
			from, ka, to, kb, rel, set),
		rows:    rows,
		batched: true,
	})
}

// edges collects the distinct (a, b) pairs of one relationship type, in insertion order.
type edges struct {
	rows []map[string]any
	seen map[[2]any]bool
}

func (e *edges) add(a, b any) {
	if e.seen == nil {
		e.seen = map[[2]any]bool{}
	}
	k := [2]any{a, b}
	if e.seen[k] {
		return
	}
	e.seen[k] = true
	e.rows = append(e.rows, map[string]any{"a": a, "b": b})
}

// addText sets field_<lang> for every language of t that is set.
func addText(p map[string]any, field string, t wsisgraph.Text) {
	for _, l := range wsisgraph.Langs {
		if v := t[l]; v != "" {
			p[langProp(field, l)] = v
		}
	}
}

// setPlace sets p["regions"] to the UN M49 region codes of country c (widest first, so that
// regions[0] is its region) and p["groups"] to its groups, each unless empty; nothing for a
// nil country.
func setPlace(p map[string]any, c *wsisgraph.Country) {
	if c == nil {
		return
	}
	if rs := c.RegionCodes(); len(rs) > 0 {
		p["regions"] = rs
	}
	if len(c.Groups) > 0 {
		groups := make([]string, len(c.Groups))
		for k, g := range c.Groups {
			groups[k] = string(g)
		}
		p["groups"] = groups
	}
}

// setStr sets p[k] = v unless v is empty.
func setStr(p map[string]any, k, v string) {
	if v != "" {
		p[k] = v
	}
}

func jsonOf(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func row(key any, p map[string]any) map[string]any {
	return map[string]any{"k": key, "p": p}
}

// nonNil returns s, or an empty slice for nil, so that list properties are always present.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// hexKey encodes s so that Neo4j compares it as Go compares s: byte by byte. Neo4j compares
// strings by code point in some places and by UTF-16 unit in others (parameters); on ASCII
// both agree with Go, so sort values and keys are compared in this form.
func hexKey(s string) string {
	return hex.EncodeToString([]byte(s))
}

// rankBy returns, for items stably sorted by cmp, each item's position. Items are identified
// by their index in the input.
func rankBy[T any](items []T, cmp func(a, b T) int) []int64 {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp(items[a], items[b]) })
	rank := make([]int64, len(items))
	for r, i := range idx {
		rank[i] = int64(r)
	}
	return rank
}

// buildSteps turns d into the statements of an import, in the order Import runs them.
//
// Every order the read methods return is computed here, with the comparators of the memory
// store, and stored as integer ranks: Cypher then only sorts integers and hex strings, so the
// orders of both backends are the same by construction.
func buildSteps(d *dataset.Dataset) ([]step, error) {
	alByCode := map[string]*wsisgraph.ActionLine{}
	for _, a := range d.ActionLines {
		alByCode[a.Code] = a
	}
	parent := func(code string) string {
		if a := alByCode[code]; a != nil && a.ParentCode != code {
			return a.ParentCode
		}
		return ""
	}
	alOrder := func(code string) int {
		if a := alByCode[code]; a != nil {
			return a.Order
		}
		return 0
	}
	targetByCode := map[string]*wsisgraph.Target{}
	for _, t := range d.Targets {
		targetByCode[t.Code] = t
	}
	targetOrder := func(code string) int {
		if t := targetByCode[code]; t != nil {
			return t.Order
		}
		return 0
	}
	orgByKey := map[string]*wsisgraph.Organization{}
	for _, o := range d.Organizations {
		orgByKey[o.Key] = o
	}
	projectByKey := map[string]*wsisgraph.Project{}
	for _, p := range d.Projects {
		projectByKey[p.Key] = p
	}
	catByNumber := map[int]*wsisgraph.PrizeCategory{}
	for _, c := range d.PrizeCategories {
		catByNumber[c.Number] = c
	}
	// lineSet returns codes and their parent lines, distinct: the values an action-line
	// filter matches for an item linked to codes.
	lineSet := func(codes []string) []string {
		out := []string{}
		for _, c := range codes {
			for _, x := range []string{c, parent(c)} {
				if x != "" && !slices.Contains(out, x) {
					out = append(out, x)
				}
			}
		}
		return out
	}

	var firstErr error
	js := func(v any) string {
		s, err := jsonOf(v)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return s
	}
	pl := &plan{}
	var rows []map[string]any

	for _, x := range d.Sources {
		p := map[string]any{"key": x.Key, "document": x.Document, "year": int64(x.Year), "json": js(x)}
		setStr(p, "url", x.URL)
		rows = append(rows, row(x.Key, p))
	}
	pl.node(labelSource, rows)

	rows = nil
	countryByCode := map[string]*wsisgraph.Country{}
	for _, x := range d.Countries {
		countryByCode[x.Code] = x
		p := map[string]any{"code": x.Code, "name": x.Name[wsisgraph.LangEnglish], "json": js(x)}
		addText(p, "name", x.Name)
		setPlace(p, x)
		rows = append(rows, row(x.Code, p))
	}
	pl.node(labelCountry, rows)

	// Action lines: official order is (Order, Code).
	rows = nil
	alRank := rankBy(d.ActionLines, func(a, b *wsisgraph.ActionLine) int {
		if a.Order != b.Order {
			return cmp.Compare(a.Order, b.Order)
		}
		return strings.Compare(a.Code, b.Code)
	})
	var subLine edges
	for i, x := range d.ActionLines {
		p := map[string]any{
			"code": x.Code, "title": x.Title, "shortTitle": x.ShortTitle, "order": int64(x.Order),
			"rank": alRank[i], "json": js(x),
		}
		setStr(p, "description", x.Description)
		setStr(p, "parentCode", x.ParentCode)
		rows = append(rows, row(x.Code, p))
		if x.ParentCode != "" {
			subLine.add(x.Code, x.ParentCode)
		}
	}
	pl.node(labelActionLine, rows)

	// Facilitations, per organisation: by line order, line code, lead first; listed in
	// official line order before sorting.
	sortedALs := slices.Clone(d.ActionLines)
	slices.SortStableFunc(sortedALs, func(a, b *wsisgraph.ActionLine) int {
		if a.Order != b.Order {
			return cmp.Compare(a.Order, b.Order)
		}
		return strings.Compare(a.Code, b.Code)
	})
	facs := map[string][]wsisgraph.Facilitation{}
	var facOrgs []string
	for _, a := range sortedALs {
		for _, f := range a.Facilitators {
			if facs[f.OrganizationKey] == nil {
				facOrgs = append(facOrgs, f.OrganizationKey)
			}
			facs[f.OrganizationKey] = append(facs[f.OrganizationKey], f)
		}
	}
	var facilitates edges
	orgLines := map[string][]string{}
	for _, org := range facOrgs {
		fs := facs[org]
		slices.SortStableFunc(fs, func(a, b wsisgraph.Facilitation) int {
			if oa, ob := alOrder(a.ActionLineCode), alOrder(b.ActionLineCode); oa != ob {
				return cmp.Compare(oa, ob)
			}
			if c := strings.Compare(a.ActionLineCode, b.ActionLineCode); c != 0 {
				return c
			}
			switch {
			case a.Role == wsisgraph.RoleLead && b.Role != wsisgraph.RoleLead:
				return -1
			case b.Role == wsisgraph.RoleLead && a.Role != wsisgraph.RoleLead:
				return 1
			}
			return 0
		})
		for r, f := range fs {
			fp := map[string]any{"role": string(f.Role), "sources": nonNil(f.SourceKeys), "rank": int64(r), "json": js(f)}
			setStr(fp, "note", f.Note)
			facilitates.rows = append(facilitates.rows, map[string]any{"a": org, "b": f.ActionLineCode, "p": fp})
			orgLines[org] = append(orgLines[org], f.ActionLineCode)
		}
	}

	rows = nil
	for _, x := range d.Organizations {
		p := map[string]any{
			"key": x.Key, "keyHex": hexKey(x.Key), "name": x.Name, "stakeholderType": string(x.StakeholderType),
			"sortKey": wsisgraph.SortKey(x.Name), "sortHex": hexKey(wsisgraph.SortKey(x.Name)),
			"acronymKey": wsisgraph.SortKey(x.Acronym), "actionLineSet": lineSet(orgLines[x.Key]),
			"json": js(x),
		}
		setStr(p, "acronym", x.Acronym)
		setStr(p, "country", x.Country)
		setPlace(p, countryByCode[x.Country])
		setStr(p, "website", x.Website)
		rows = append(rows, row(x.Key, p))
	}
	pl.node(labelOrganization, rows)

	rows = nil
	for _, x := range d.Goals {
		p := map[string]any{"number": int64(x.Number), "json": js(x)}
		addText(p, "title", x.Title)
		addText(p, "shortTitle", x.ShortTitle)
		rows = append(rows, row(int64(x.Number), p))
	}
	pl.node(labelGoal, rows)

	// Targets, per goal: by Order, then code.
	rows = nil
	tRank := rankBy(d.Targets, func(a, b *wsisgraph.Target) int {
		if a.GoalNumber != b.GoalNumber {
			return cmp.Compare(a.GoalNumber, b.GoalNumber)
		}
		if a.Order != b.Order {
			return cmp.Compare(a.Order, b.Order)
		}
		return wsisgraph.CompareCodes(a.Code, b.Code)
	})
	var ofGoal edges
	for i, x := range d.Targets {
		p := map[string]any{"code": x.Code, "goal": int64(x.GoalNumber), "order": int64(x.Order), "rank": tRank[i], "json": js(x)}
		addText(p, "title", x.Title)
		rows = append(rows, row(x.Code, p))
		ofGoal.add(x.Code, int64(x.GoalNumber))
	}
	pl.node(labelTarget, rows)

	// Indicators, per target: by the code listed under that target, then their own code.
	rows = nil
	byTarget := map[string][]*wsisgraph.Indicator{}
	var indTargets []string
	for i, x := range d.Indicators {
		p := map[string]any{
			"code": x.Code, "otherCodes": nonNil(x.OtherCodes), "targets": nonNil(x.TargetCodes),
			"ord": int64(i), "json": js(x),
		}
		addText(p, "title", x.Title)
		rows = append(rows, row(x.Code, p))
		for _, t := range uniq(x.TargetCodes) {
			if byTarget[t] == nil {
				indTargets = append(indTargets, t)
			}
			byTarget[t] = append(byTarget[t], x)
		}
	}
	pl.node(labelIndicator, rows)
	var measures edges
	for _, t := range indTargets {
		ins := slices.Clone(byTarget[t])
		slices.SortStableFunc(ins, func(a, b *wsisgraph.Indicator) int {
			if c := wsisgraph.CompareCodes(a.CodeFor(t), b.CodeFor(t)); c != 0 {
				return c
			}
			return wsisgraph.CompareCodes(a.Code, b.Code)
		})
		for r, x := range ins {
			measures.rows = append(measures.rows, map[string]any{
				"a": x.Code, "b": t, "p": map[string]any{"code": x.CodeFor(t), "rank": int64(r)}})
		}
	}

	// Linkages, ranked in each of their three lists.
	rows = nil
	goalFirst := func(a, b *wsisgraph.Linkage) int {
		if (a.TargetCode == "") != (b.TargetCode == "") {
			if a.TargetCode == "" {
				return -1
			}
			return 1
		}
		if oa, ob := targetOrder(a.TargetCode), targetOrder(b.TargetCode); oa != ob {
			return cmp.Compare(oa, ob)
		}
		return wsisgraph.CompareCodes(a.TargetCode, b.TargetCode)
	}
	byLine := func(a, b *wsisgraph.Linkage) int {
		if oa, ob := alOrder(a.ActionLineCode), alOrder(b.ActionLineCode); oa != ob {
			return cmp.Compare(oa, ob)
		}
		return strings.Compare(a.ActionLineCode, b.ActionLineCode)
	}
	rankInLine := rankBy(d.Linkages, func(a, b *wsisgraph.Linkage) int {
		if c := strings.Compare(a.ActionLineCode, b.ActionLineCode); c != 0 {
			return c
		}
		if a.GoalNumber != b.GoalNumber {
			return cmp.Compare(a.GoalNumber, b.GoalNumber)
		}
		return goalFirst(a, b)
	})
	rankInGoal := rankBy(d.Linkages, func(a, b *wsisgraph.Linkage) int {
		if a.GoalNumber != b.GoalNumber {
			return cmp.Compare(a.GoalNumber, b.GoalNumber)
		}
		if c := byLine(a, b); c != 0 {
			return c
		}
		return goalFirst(a, b)
	})
	rankInTarget := rankBy(d.Linkages, func(a, b *wsisgraph.Linkage) int {
		if c := strings.Compare(a.TargetCode, b.TargetCode); c != 0 {
			return c
		}
		return byLine(a, b)
	})
	var linkAL, toGoal, toTarget edges
	for i, x := range d.Linkages {
		p := map[string]any{
			"id": x.ID, "actionLine": x.ActionLineCode, "goal": int64(x.GoalNumber),
			"level": string(x.Level), "sources": nonNil(x.SourceKeys),
			"rankInLine": rankInLine[i], "rankInGoal": rankInGoal[i], "rankInTarget": rankInTarget[i],
			"json": js(x),
		}
		setStr(p, "target", x.TargetCode)
		setStr(p, "rationale", x.Rationale)
		setStr(p, "note", x.Note)
		rows = append(rows, row(x.ID, p))
		linkAL.add(x.ActionLineCode, x.ID)
		toGoal.add(x.ID, int64(x.GoalNumber))
		if x.TargetCode != "" {
			toTarget.add(x.ID, x.TargetCode)
		}
	}
	pl.node(labelLinkage, rows)

	rows = nil
	var forAL edges
	for _, x := range d.PrizeCategories {
		rows = append(rows, row(int64(x.Number), map[string]any{
			"number": int64(x.Number), "title": x.Title, "actionLine": x.ActionLineCode, "json": js(x)}))
		forAL.add(int64(x.Number), x.ActionLineCode)
	}
	pl.node(labelPrizeCategory, rows)

	inCountry := map[string]*edges{}
	country := func(label string, key any, code string) {
		if code == "" {
			return
		}
		if inCountry[label] == nil {
			inCountry[label] = &edges{}
		}
		inCountry[label].add(key, code)
	}
	for _, x := range d.Organizations {
		country(labelOrganization, x.Key, x.Country)
	}

	rows = nil
	var servesAL, servesTarget, runs edges
	var projectItems, prizeItems []wsisgraph.MatrixItem // the unfiltered matrix's, see tally.go
	projectGoals := map[string][]int{}
	for _, x := range d.Projects {
		goals := []int64{}
		for _, t := range uniq(x.TargetCodes) {
			if tt := targetByCode[t]; tt != nil && !slices.Contains(goals, int64(tt.GoalNumber)) {
				goals = append(goals, int64(tt.GoalNumber))
			}
		}
		types := []string{}
		for _, o := range uniq(x.OrganizationKeys) {
			if oo := orgByKey[o]; oo != nil && !slices.Contains(types, string(oo.StakeholderType)) {
				types = append(types, string(oo.StakeholderType))
			}
		}
		title := wsisgraph.SortKey(x.Title)
		p := map[string]any{
			"key": x.Key, "keyHex": hexKey(x.Key), "title": x.Title, "year": int64(x.Year),
			"sortKey": title, "sortHex": hexKey(title), "descKey": wsisgraph.SortKey(x.Description),
			"actionLineSet": lineSet(x.ActionLineCodes), "goals": goals,
			"targets": uniq(x.TargetCodes), "organizations": uniq(x.OrganizationKeys),
			"stakeholderTypes": types, "json": js(x),
		}
		setStr(p, "description", x.Description)
		setStr(p, "country", x.Country)
		setPlace(p, countryByCode[x.Country])
		p["sources"] = nonNil(x.SourceKeys)
		setStr(p, "note", x.Note)
		if x.Synthetic {
			p["synthetic"] = true
		}
		rows = append(rows, row(x.Key, p))
		gs := make([]int, len(goals))
		for i, g := range goals {
			gs[i] = int(g)
		}
		projectGoals[x.Key] = gs
		projectItems = append(projectItems, wsisgraph.MatrixItem{Lines: lineSet(x.ActionLineCodes), Goals: gs})
		for _, a := range x.ActionLineCodes {
			servesAL.add(x.Key, a)
		}
		for _, t := range x.TargetCodes {
			servesTarget.add(x.Key, t)
		}
		for _, o := range x.OrganizationKeys {
			runs.add(o, x.Key)
		}
		country(labelProject, x.Key, x.Country)
	}
	pl.node(labelProject, rows)

	rows = nil
	var awardedTo, inCategory, toOrg edges
	for _, x := range d.Prizes {
		var lines []string
		if c := catByNumber[x.CategoryNumber]; c != nil && c.ActionLineCode != "" {
			lines = []string{c.ActionLineCode}
		}
		text := ""
		if gs, ok := projectGoals[x.ProjectKey]; ok && catByNumber[x.CategoryNumber] != nil {
			prizeItems = append(prizeItems, wsisgraph.MatrixItem{Lines: lineSet(lines), Goals: gs})
		}
		if pj := projectByKey[x.ProjectKey]; pj != nil {
			text = wsisgraph.SortKey(pj.Title)
		}
		p := map[string]any{
			"key": x.Key, "keyHex": hexKey(x.Key), "year": int64(x.Year), "category": int64(x.CategoryNumber),
			"kind": string(x.Kind), "sources": nonNil(x.SourceKeys), "organizations": uniq(x.OrganizationKeys),
			"actionLineSet": lineSet(lines), "textKey": text, "json": js(x),
		}
		setStr(p, "project", x.ProjectKey)
		setStr(p, "country", x.Country)
		setPlace(p, countryByCode[x.Country])
		setStr(p, "note", x.Note)
		rows = append(rows, row(x.Key, p))
		if x.ProjectKey != "" {
			awardedTo.add(x.Key, x.ProjectKey)
		}
		if x.CategoryNumber != 0 {
			inCategory.add(x.Key, int64(x.CategoryNumber))
		}
		for _, o := range uniq(x.OrganizationKeys) {
			toOrg.add(x.Key, o)
		}
		country(labelPrize, x.Key, x.Country)
	}
	pl.node(labelPrize, rows)

	rows = nil
	var partOf edges
	for _, x := range d.Events {
		p := map[string]any{
			"key": x.Key, "keyHex": hexKey(x.Key), "title": x.Title, "kind": string(x.Kind),
			"startDate": x.StartDate, "startHex": hexKey(x.StartDate), "year": int64(x.Year()),
			"sortKey": wsisgraph.SortKey(x.Title), "sources": nonNil(x.SourceKeys), "json": js(x),
		}
		setStr(p, "endDate", x.EndDate)
		setStr(p, "city", x.City)
		setStr(p, "country", x.Country)
		setStr(p, "parent", x.ParentKey)
		setStr(p, "description", x.Description)
		if x.Virtual {
			p["virtual"] = true
		}
		rows = append(rows, row(x.Key, p))
		if x.ParentKey != "" {
			partOf.add(x.Key, x.ParentKey)
		}
		country(labelEvent, x.Key, x.Country)
	}
	pl.node(labelEvent, rows)

	tallyRows := pl.tallies.rows() // tally.go: the lists' single-filter totals, the unfiltered matrix
	for _, m := range []struct {
		key   string
		items []wsisgraph.MatrixItem
	}{{matrixTallyProjects, projectItems}, {matrixTallyPrizes, prizeItems}} {
		r, err := matrixTallyRow(m.key, wsisgraph.CountMatrixItems(m.items, d.ActionLines, d.Goals))
		if err != nil && firstErr == nil {
			firstErr = err
		}
		tallyRows = append(tallyRows, r)
	}
	pl.node(labelTally, tallyRows)
	pl.node(labelMeta, []map[string]any{row(metaID, map[string]any{
		"id": metaID, "version": d.Version, "model": int64(graphModel), "coverage": js(d.Coverage())})})
	pl.nodes = append(pl.nodes, exploreSteps(d)...) // explore.go: search texts, organisation counts

	pl.edge(labelActionLine, relSubLineOf, labelActionLine, false, &subLine)
	pl.edge(labelOrganization, relFacilitates, labelActionLine, true, &facilitates)
	pl.edge(labelTarget, relOfGoal, labelGoal, false, &ofGoal)
	pl.edge(labelIndicator, relMeasures, labelTarget, true, &measures)
	pl.edge(labelActionLine, relHasLinkage, labelLinkage, false, &linkAL)
	pl.edge(labelLinkage, relToGoal, labelGoal, false, &toGoal)
	pl.edge(labelLinkage, relToTarget, labelTarget, false, &toTarget)
	pl.edge(labelPrizeCategory, relForActionLine, labelActionLine, false, &forAL)
	pl.edge(labelProject, relServesActionLine, labelActionLine, false, &servesAL)
	pl.edge(labelProject, relServesTarget, labelTarget, false, &servesTarget)
	pl.edge(labelOrganization, relRuns, labelProject, false, &runs)
	pl.edge(labelPrize, relAwardedTo, labelProject, false, &awardedTo)
	pl.edge(labelPrize, relInCategory, labelPrizeCategory, false, &inCategory)
	pl.edge(labelPrize, relToOrganization, labelOrganization, false, &toOrg)
	pl.edge(labelEvent, relPartOf, labelEvent, false, &partOf)
	// Countries are linked where the code is one of countries.json.
	for _, label := range []string{labelOrganization, labelProject, labelPrize, labelEvent} {
		e := inCountry[label]
		if e == nil {
			e = &edges{}
		}
		pl.edge(label, relInCountry, labelCountry, false, e)
	}
	if firstErr != nil {
		return nil, wsisgraph.Errorf(wsisgraph.EINTERNAL, "neo4j import: encoding a record: %v", firstErr)
	}
	if pl.err != nil {
		return nil, pl.err
	}
	return pl.steps(), nil
}

// uniq returns ss without repeats, in first-seen order, never nil.
func uniq(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
