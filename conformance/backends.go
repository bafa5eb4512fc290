// Package conformance holds the one table of store backends the conformance suites run on:
// the store suite (storetest) and the GraphQL suite (apitest) both run for every row of
// Backends, in this package's tests. A new backend is a new row.
//
// The Neo4j rows use the server of NEO4J_URI (see neo4jtest: without it they skip, or fail
// under scripts/test) and hold its database for the test that opened them.
package conformance

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/store/memory"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
	"github.com/wsisgraph/wsisgraph/store/neo4j/neo4jtest"
)

// Backend is one store implementation under test.
type Backend struct {
	Name string
	// Open returns the backend's store holding d, for t (it fails or skips t when it cannot).
	Open func(t *testing.T, d *dataset.Dataset) wsisgraph.Store
	// Remote marks a store whose every read is a round trip to its server, counted by its
	// RoundTrips method.
	Remote bool
}

// Backends lists the backends: the embedded store, Neo4j with every read sent to the server, and
// Neo4j with the reference data kept in memory, as `serve` runs it.
var Backends = []Backend{
	{Name: "memory", Open: func(_ *testing.T, d *dataset.Dataset) wsisgraph.Store { return memory.New(d) }},
	{Name: "neo4j", Open: remote.open, Remote: true},
	{Name: "neo4j-cached", Open: cached.open},
}

var (
	remote = &neo4jStore{refresh: -1}
	cached = &neo4jStore{refresh: time.Hour}
)

// neo4jStore is a Neo4j row's Store, opened once per process (one driver each).
type neo4jStore struct {
	refresh time.Duration
	once    sync.Once
	s       *neo4j.Store
	err     error
}

func (n *neo4jStore) open(t *testing.T, d *dataset.Dataset) wsisgraph.Store {
	t.Helper()
	c := neo4jtest.Server(t)
	neo4jtest.Lock(t, c)
	n.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		n.s, n.err = neo4j.Open(ctx, neo4j.Config{URI: c.URI, User: c.User, Password: c.Password, RefreshInterval: n.refresh})
	})
	if n.err != nil {
		t.Fatalf("opening Neo4j at %s: %v", c.URI, n.err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // a loaded machine: minutes
	defer cancel()
	if err := n.s.Import(ctx, d); err != nil {
		t.Fatalf("importing into Neo4j: %v", err)
	}
	return n.s
}

// Close closes the stores the rows opened.
func Close() {
	for _, n := range []*neo4jStore{remote, cached} {
		if n.s != nil {
			_ = n.s.Close(context.Background())
		}
	}
}
