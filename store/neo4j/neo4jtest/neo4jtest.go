// Package neo4jtest locates the Neo4j server of the integration tests and shares it between
// test processes.
//
// The server is read from the environment, as neo4j-go-driver's own tests do: NEO4J_URI,
// NEO4J_USER and NEO4J_PASSWORD. scripts/test always starts one and sets
// WSISGRAPH_NEO4J=required, under which a missing NEO4J_URI fails the test. Without that
// variable and without NEO4J_URI the Neo4j tests skip: `go test ./...` alone runs the
// embedded store's tests only.
//
// Tests of several packages (go test runs packages in parallel) import their own graphs into
// the one database: Lock serialises them across processes.
package neo4jtest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// Config is the server the tests use.
type Config struct {
	URI, User, Password string
}

// Server returns the server of NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD. Without NEO4J_URI it
// fails t when WSISGRAPH_NEO4J=required (scripts/test) and skips t otherwise.
func Server(t testing.TB) Config {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("WSISGRAPH_NEO4J") == "required" {
			t.Fatal("NEO4J_URI is not set, and WSISGRAPH_NEO4J=required: the Neo4j tests need a server (scripts/test starts one)")
		}
		t.Skip("NEO4J_URI not set: skipping the Neo4j tests; scripts/test starts a local Neo4j and runs them")
	}
	return Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD")}
}

var (
	mu    sync.Mutex
	held  int
	lockf *os.File
)

// Lock gives t the database of c.URI until t ends, against the tests of other processes
// (an exclusive flock on a file named after the URI in the temporary directory, waited
// for). Within one process it is shared: the tests of a package already take turns.
func Lock(t testing.TB, c Config) {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if held == 0 {
		sum := sha256.Sum256([]byte(c.URI))
		path := filepath.Join(os.TempDir(), "wsisgraph-neo4j-"+hex.EncodeToString(sum[:8])+".lock")
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
		if err != nil {
			t.Fatalf("opening the Neo4j test lock: %v", err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			t.Fatalf("taking the Neo4j test lock %s: %v", path, err)
		}
		lockf = f
	}
	held++
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if held--; held == 0 {
			lockf.Close() // releases the flock
			lockf = nil
		}
	})
}
