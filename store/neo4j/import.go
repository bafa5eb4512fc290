package neo4j

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
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
