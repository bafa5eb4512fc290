package neo4j

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/store/neo4j/neo4jtest"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

// The tests share one Store (one driver) on the server at NEO4J_URI, and run one at a time:
// each imports what it needs, holding the database against other packages' tests
// (neo4jtest.Lock). Without NEO4J_URI they skip, or fail under scripts/test (neo4jtest.Server).

var (
	shared     *Store
	sharedErr  error
	sharedOnce sync.Once
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		_ = shared.Close(context.Background())
	}
	os.Exit(code)
}

// testStore returns the shared Store, and holds the database for t (see neo4jtest).
func testStore(t testing.TB) *Store {
	t.Helper()
	c := neo4jtest.Server(t)
	neo4jtest.Lock(t, c)
	sharedOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		shared, sharedErr = Open(ctx, Config{
			URI:      c.URI,
			User:     c.User,
			Password: c.Password,
			// Every read goes to the server, so that the tests see each method's Cypher;
			// the conformance suites run on a Store with the reference data in memory too
			// (store/storetest/backends).
			RefreshInterval: -1,
		})
	})
	if sharedErr != nil {
		t.Fatalf("Open(%s): %v (cause: %v)", c.URI, sharedErr, cause(sharedErr))
	}
	return shared
}

func cause(err error) error {
	var be *backendError
	if errors.As(err, &be) {
		return be.Cause()
	}
	return err
}

func importOrFail(t *testing.T, s *Store, d *dataset.Dataset) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := s.Import(ctx, d); err != nil {
		t.Fatalf("Import: %v (cause: %v)", err, cause(err))
	}
}

// graphState summarises the graph: node and relationship counts per label and type, and a
// digest of every node's labels and properties and every relationship's ends and properties.
type graphState struct {
	Nodes  map[string]int
	Rels   map[string]int
	Digest string
}

func stateOf(t *testing.T, s *Store) graphState {
	t.Helper()
	ctx := context.Background()
	st := graphState{Nodes: map[string]int{}, Rels: map[string]int{}}
	nodes, err := s.read(ctx, "MATCH (n) RETURN labels(n), properties(n)", nil)
	if err != nil {
		t.Fatalf("reading nodes: %v (cause: %v)", err, cause(err))
	}
	rels, err := s.read(ctx, "MATCH (a)-[r]->(b) RETURN type(r), properties(a), properties(b), properties(r)", nil)
	if err != nil {
		t.Fatalf("reading relationships: %v (cause: %v)", err, cause(err))
	}
	var lines []string
	for _, r := range nodes {
		b, _ := json.Marshal(r.Values)
		lines = append(lines, "N"+string(b))
		for _, l := range r.Values[0].([]any) {
			st.Nodes[l.(string)]++
		}
	}
	for _, r := range rels {
		b, _ := json.Marshal(r.Values)
		lines = append(lines, "R"+string(b))
		st.Rels[r.Values[0].(string)]++
	}
	slices.Sort(lines)
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	st.Digest = hex.EncodeToString(h[:])
	return st
}

func sameState(a, b graphState) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestImportIdempotent(t *testing.T) {
	s := testStore(t)
	importOrFail(t, s, storetest.Fixture())
	first := stateOf(t, s)
	importOrFail(t, s, storetest.Fixture())
	second := stateOf(t, s)
	if !sameState(first, second) {
		t.Fatalf("second import changed the graph:\nfirst  %+v\nsecond %+v", first, second)
	}
	d := storetest.Fixture()
	for label, want := range map[string]int{
		labelActionLine: len(d.ActionLines), labelOrganization: len(d.Organizations), labelGoal: len(d.Goals),
		labelTarget: len(d.Targets), labelIndicator: len(d.Indicators), labelLinkage: len(d.Linkages),
		labelProject: len(d.Projects), labelPrize: len(d.Prizes), labelPrizeCategory: len(d.PrizeCategories),
		labelEvent: len(d.Events), labelSource: len(d.Sources), labelCountry: len(d.Countries), labelMeta: 1,
	} {
		if got := first.Nodes[label]; got != want {
			t.Errorf("%s nodes = %d, want %d", label, got, want)
		}
	}
	if first.Rels[relFacilitates] == 0 || first.Rels[relMeasures] == 0 || first.Rels[relHasLinkage] != len(d.Linkages) {
		t.Errorf("relationships = %v", first.Rels)
	}
}

// TestImportReplaces checks that importing over a different graph gives exactly the graph a
// clean import gives.
func TestImportReplaces(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	changed := storetest.Fixture()
	changed.Version = "changed"
	changed.Projects = changed.Projects[5:]
	changed.Projects[0].Title = "A new title"
	changed.Projects[0].Description = ""
	changed.Projects[1].TargetCodes = []string{"13.3"}
	changed.Projects[2].Country = ""
	changed.Projects[3].OrganizationKeys = nil
	changed.Prizes = changed.Prizes[:len(changed.Prizes)-2]
	changed.ActionLines[0].Facilitators = changed.ActionLines[0].Facilitators[:1]
	changed.ActionLines[1].Facilitators[0].Note = "a note"
	changed.Indicators[2].TargetCodes = []string{"4.7"}
	changed.Events[3].ParentKey = ""
	changed.Organizations[0].Acronym = "NEW"
	changed.Countries = changed.Countries[1:]

	importOrFail(t, s, storetest.Fixture())
	importOrFail(t, s, changed)
	over := stateOf(t, s)
	if err := s.write(ctx, "MATCH (n) DETACH DELETE n"); err != nil {
		t.Fatal(err)
	}
	importOrFail(t, s, changed)
	clean := stateOf(t, s)
	if !sameState(over, clean) {
		t.Fatalf("import over the fixture differs from a clean import:\nover  %+v\nclean %+v", over, clean)
	}
	importOrFail(t, s, storetest.Fixture())
	back := stateOf(t, s)
	if err := s.write(ctx, "MATCH (n) DETACH DELETE n"); err != nil {
		t.Fatal(err)
	}
	importOrFail(t, s, storetest.Fixture())
	if fresh := stateOf(t, s); !sameState(back, fresh) {
		t.Fatalf("re-importing the fixture differs from a clean import:\nback  %+v\nfresh %+v", back, fresh)
	}
}

func TestImportAllOrNothing(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	importOrFail(t, s, storetest.Fixture())
	before := stateOf(t, s)
	version, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}

	changed := storetest.Fixture()
	changed.Version = "changed"
	changed.Projects = changed.Projects[:3]

	t.Run("failure after the first batch", func(t *testing.T) {
		injected := errors.New("injected failure")
		batches := 0
		s.afterBatch = func(string, int) error {
			batches++
			if batches == 2 {
				return injected
			}
			return nil
		}
		defer func() { s.afterBatch = nil }()
		if err := s.Import(ctx, changed); !errors.Is(err, injected) {
			t.Fatalf("Import = %v, want the injected failure", err)
		}
		checkUntouched(t, s, before, version)
	})

	t.Run("duplicate key", func(t *testing.T) {
		dup := storetest.Fixture()
		dup.Version = "duplicate"
		dup.Events = append(dup.Events, dup.Events[0])
		err := s.Import(ctx, dup)
		if code := wsisgraph.ErrorCode(err); code != wsisgraph.EINVALID {
			t.Fatalf("Import = %v (code %q), want EINVALID", err, code)
		}
		checkUntouched(t, s, before, version)
	})

	t.Run("deadline", func(t *testing.T) {
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		s.afterBatch = func(string, int) error { time.Sleep(10 * time.Millisecond); return nil }
		defer func() { s.afterBatch = nil }()
		err := s.Import(short, changed)
		if code := wsisgraph.ErrorCode(err); code != wsisgraph.ETIMEOUT {
			t.Fatalf("Import = %v (code %q, cause %v), want ETIMEOUT", err, code, cause(err))
		}
		checkUntouched(t, s, before, version)
	})
}

func checkUntouched(t *testing.T, s *Store, before graphState, version string) {
	t.Helper()
	if after := stateOf(t, s); !sameState(before, after) {
		t.Errorf("the failed import changed the graph:\nbefore %+v\nafter  %+v", before, after)
	}
	if v, err := s.Version(context.Background()); err != nil || v != version {
		t.Errorf("Version = %q, %v; want %q", v, err, version)
	}
}

func TestImportEmbedded(t *testing.T) {
	s := testStore(t)
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatalf("dataset.Embedded: %v", err)
	}
	if len(d.ActionLines) == 0 {
		t.Fatal("the embedded dataset has no action lines")
	}
	start := time.Now()
	importOrFail(t, s, d)
	t.Logf("imported the embedded dataset (%d projects, %d organisations, %d linkages) in %v",
		len(d.Projects), len(d.Organizations), len(d.Linkages), time.Since(start).Round(time.Millisecond))
	st := stateOf(t, s)
	for label, want := range map[string]int{
		labelActionLine: len(d.ActionLines), labelOrganization: len(d.Organizations), labelGoal: len(d.Goals),
		labelTarget: len(d.Targets), labelIndicator: len(d.Indicators), labelLinkage: len(d.Linkages),
		labelProject: len(d.Projects), labelPrize: len(d.Prizes), labelPrizeCategory: len(d.PrizeCategories),
		labelEvent: len(d.Events), labelSource: len(d.Sources), labelCountry: len(d.Countries), labelMeta: 1,
	} {
		if got := st.Nodes[label]; got != want {
			t.Errorf("%s nodes = %d, want %d", label, got, want)
		}
	}
	if v, err := s.Version(context.Background()); err != nil || v != d.Version {
		t.Errorf("Version = %q, %v; want %q", v, err, d.Version)
	}
}

// TestRoundTrips checks that every method sends exactly one statement, whatever the size of
// its input.
func TestRoundTrips(t *testing.T) {
	s := testStore(t)
	importOrFail(t, s, storetest.Fixture())
	ctx := context.Background()
	keys := []string{"C7", "C1", "itu", "who", "1.1", "1.2", "13.3", "4.7.1", "C2>1", "nope"}
	nums := []int{1, 4, 13, 99}
	calls := map[string]func() error{
		"ActionLines":                 func() error { _, err := s.ActionLines(ctx); return err },
		"ActionLinesByCode":           func() error { _, err := s.ActionLinesByCode(ctx, keys); return err },
		"SubLinesByActionLine":        func() error { _, err := s.SubLinesByActionLine(ctx, keys); return err },
		"FacilitationsByOrganization": func() error { _, err := s.FacilitationsByOrganization(ctx, keys); return err },
		"Goals":                       func() error { _, err := s.Goals(ctx); return err },
		"GoalsByNumber":               func() error { _, err := s.GoalsByNumber(ctx, nums); return err },
		"TargetsByCode":               func() error { _, err := s.TargetsByCode(ctx, keys); return err },
		"TargetsByGoal":               func() error { _, err := s.TargetsByGoal(ctx, nums); return err },
		"IndicatorsByCode":            func() error { _, err := s.IndicatorsByCode(ctx, keys); return err },
		"IndicatorsByTarget":          func() error { _, err := s.IndicatorsByTarget(ctx, keys); return err },
		"LinkagesByID":                func() error { _, err := s.LinkagesByID(ctx, keys); return err },
		"LinkagesByActionLine":        func() error { _, err := s.LinkagesByActionLine(ctx, keys); return err },
		"LinkagesByGoal":              func() error { _, err := s.LinkagesByGoal(ctx, nums); return err },
		"LinkagesByTarget":            func() error { _, err := s.LinkagesByTarget(ctx, keys); return err },
		"OrganizationsByKey":          func() error { _, err := s.OrganizationsByKey(ctx, keys); return err },
		"ProjectsByKey":               func() error { _, err := s.ProjectsByKey(ctx, keys); return err },
		"PrizeCategories":             func() error { _, err := s.PrizeCategories(ctx); return err },
		"PrizesByKey":                 func() error { _, err := s.PrizesByKey(ctx, keys); return err },
		"EventsByKey":                 func() error { _, err := s.EventsByKey(ctx, keys); return err },
		"SourcesByKey":                func() error { _, err := s.SourcesByKey(ctx, keys); return err },
		"CountriesByCode":             func() error { _, err := s.CountriesByCode(ctx, keys); return err },
		"Projects": func() error {
			_, err := s.Projects(ctx, []wsisgraph.ProjectQuery{
				{}, {Sort: wsisgraph.ProjectsByYear, Direction: wsisgraph.Desc, Page: wsisgraph.PageArgs{WithTotal: true}},
				{Filter: wsisgraph.ProjectFilter{ActionLine: "C7", Text: "e"}, Page: wsisgraph.PageArgs{First: 2, After: wsisgraph.Cursor{Str: "a", Key: "a"}}},
			})
			return err
		},
		"Organizations": func() error {
			_, err := s.Organizations(ctx, []wsisgraph.OrganizationQuery{{}, {Direction: wsisgraph.Desc}})
			return err
		},
		"Prizes": func() error {
			_, err := s.Prizes(ctx, []wsisgraph.PrizeQuery{{}, {Sort: wsisgraph.PrizesByCategory}, {Direction: wsisgraph.Asc}})
			return err
		},
		"Events": func() error {
			_, err := s.Events(ctx, []wsisgraph.EventQuery{{}, {Direction: wsisgraph.Desc, Filter: wsisgraph.EventFilter{Year: 2020}}})
			return err
		},
		"Ping": func() error { return s.Ping(ctx) },
	}
	for name, call := range calls {
		before := s.RoundTrips()
		if err := call(); err != nil {
			t.Errorf("%s: %v (cause: %v)", name, err, cause(err))
			continue
		}
		if n := s.RoundTrips() - before; n != 1 {
			t.Errorf("%s: %d round trips, want 1", name, n)
		}
	}
	before := s.RoundTrips()
	if _, err := s.Version(ctx); err != nil { // the readiness state's version
		t.Fatal(err)
	}
	if n := s.RoundTrips() - before; n != 0 {
		t.Errorf("Version: %d round trips, want 0", n)
	}
	before = s.RoundTrips()
	if _, err := s.ProjectsByKey(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Projects(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if n := s.RoundTrips() - before; n != 0 {
		t.Errorf("empty inputs: %d round trips, want 0", n)
	}
}

// TestErrorsAreGeneric checks that a failing statement surfaces as EINTERNAL with a message
// that quotes neither Cypher nor the server, while the cause stays reachable.
func TestErrorsAreGeneric(t *testing.T) {
	s := testStore(t)
	_, err := s.read(context.Background(), "RETURN nonsense(", nil)
	if code := wsisgraph.ErrorCode(err); code != wsisgraph.EINTERNAL {
		t.Fatalf("code = %q, want EINTERNAL (err %v)", code, err)
	}
	if msg := wsisgraph.ErrorMessage(err); strings.Contains(msg, "nonsense") || strings.Contains(msg, "Neo.") {
		t.Errorf("message leaks the backend: %q", msg)
	}
	if c := cause(err); c == nil || !strings.Contains(c.Error(), "Neo.ClientError.Statement") {
		t.Errorf("cause = %v, want the server's error", c)
	}
}

// TestServerTimeout checks that ctx's deadline travels as the transaction timeout.
func TestServerTimeout(t *testing.T) {
	s := testStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := s.read(ctx, "UNWIND range(1, 100000000) AS x WITH x WHERE x < 0 RETURN count(x)", nil)
	if code := wsisgraph.ErrorCode(err); code != wsisgraph.ETIMEOUT {
		t.Fatalf("code = %q, want ETIMEOUT (err %v, cause %v)", code, err, cause(err))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestUnavailable needs no server: nothing listens on port 1.
func TestUnavailable(t *testing.T) {
	const uri = "bolt://127.0.0.1:1"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if _, err := Open(ctx, Config{URI: uri}); wsisgraph.ErrorCode(err) != wsisgraph.EUNAVAILABLE {
		t.Errorf("Open = %v, want EUNAVAILABLE", err)
	}
	s, err := newStore(Config{URI: uri})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	err = s.Ping(ctx)
	if code := wsisgraph.ErrorCode(err); code != wsisgraph.EUNAVAILABLE {
		t.Errorf("Ping = %v (code %q), want EUNAVAILABLE", err, code)
	}
	if msg := wsisgraph.ErrorMessage(err); strings.Contains(msg, "127.0.0.1") || strings.Contains(msg, "refused") {
		t.Errorf("message leaks the driver's error: %q", msg)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Open and Ping took %v, want a quick failure", d)
	}

	short, cancel2 := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel2()
	_, err = s.ProjectsByKey(short, []string{"x"})
	if code := wsisgraph.ErrorCode(err); code != wsisgraph.EUNAVAILABLE {
		t.Errorf("ProjectsByKey = %v (code %q, cause %v), want EUNAVAILABLE", err, code, cause(err))
	}
}

func TestOpenInvalidURI(t *testing.T) {
	_, err := Open(context.Background(), Config{URI: "http://127.0.0.1:7474"})
	if code := wsisgraph.ErrorCode(err); code != wsisgraph.EINVALID {
		t.Errorf("Open(http://…) = %v (code %q), want EINVALID", err, code)
	}
	_, err = Open(context.Background(), Config{})
	if code := wsisgraph.ErrorCode(err); code != wsisgraph.EINVALID {
		t.Errorf("Open(no URI) = %v (code %q), want EINVALID", err, code)
	}
}

// TestStatementsAreConstant guards the rule that Cypher is built only from constants: every
// statement is fixed at package initialisation.
func TestStatementsAreConstant(t *testing.T) {
	d := storetest.Fixture()
	a, err := buildSteps(d)
	if err != nil {
		t.Fatal(err)
	}
	d.Projects[0].Title = "x}) DETACH DELETE n //"
	d.Projects[0].Key = "`evil`"
	b, err := buildSteps(d)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if a[i].cypher != b[i].cypher {
			t.Errorf("step %s: the statement depends on the data", a[i].name)
		}
	}
	for _, st := range schemaStatements() {
		if strings.ContainsAny(st, "$\"") {
			t.Errorf("schema statement with parameters or quotes: %s", st)
		}
	}
}

// TestOtherModelRefused checks that a graph written by another version of the package (its
// Meta.model differs) is refused until the dataset is imported again.
func TestOtherModelRefused(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	importOrFail(t, s, storetest.Fixture())
	if _, err := driver.ExecuteQuery(ctx, s.drv, "MATCH (m:Meta {id: $id}) REMOVE m.model", map[string]any{"id": metaID},
		driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(s.db)); err != nil {
		t.Fatal(err)
	}
	// The watcher finds out by itself, within its interval.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, err := s.Version(ctx)
		if wsisgraph.ErrorCode(err) == wsisgraph.EUNAVAILABLE && reasonOf(err) == ReasonOtherModel {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Version of a graph without a model: %v (reason %q), want an EUNAVAILABLE error for %q", err, reasonOf(err), ReasonOtherModel)
		}
	}
	if _, err := s.Goals(ctx); reasonOf(err) != ReasonOtherModel {
		t.Errorf("Goals on a graph without a model: %v, want the state's error", err)
	}
	importOrFail(t, s, storetest.Fixture())
	if v, err := s.Version(ctx); err != nil || v == "" {
		t.Errorf("Version after a new import: %q, %v", v, err)
	}
}
