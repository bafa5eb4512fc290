package neo4j

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph/dataset"
)

// TestRoutingScheme opens the same server through a neo4j:// URI (client-side routing, as
// with a cluster or Aura): reads go through the routing table to a reader.
func TestRoutingScheme(t *testing.T) {
	s := testStore(t)
	importOrFail(t, s, embedded(t))
	uri := os.Getenv("NEO4J_URI")
	_, hostPort, ok := strings.Cut(uri, "://")
	if !ok {
		t.Fatalf("NEO4J_URI %q has no scheme", uri)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := Open(ctx, Config{URI: "neo4j://" + hostPort, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD")})
	if err != nil {
		t.Fatalf("Open(neo4j://%s): %v (cause: %v)", hostPort, err, cause(err))
	}
	defer r.Close(context.Background())
	goals, err := r.Goals(ctx)
	if err != nil || len(goals) != 17 {
		t.Fatalf("Goals over neo4j:// = %d goals, %v", len(goals), err)
	}
}

// TestPoolStats counts the connections reads hold while they run.
func TestPoolStats(t *testing.T) {
	s := testStore(t)
	importOrFail(t, s, embedded(t))
	if inUse, max := s.PoolStats(); inUse != 0 || max != MaxConnections {
		t.Fatalf("idle store: PoolStats() = %d, %d; want 0, %d", inUse, max, MaxConnections)
	}
	var wg sync.WaitGroup
	peak := 0
	var mu sync.Mutex
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			n, _ := s.PoolStats()
			mu.Lock()
			peak = max(peak, n)
			mu.Unlock()
		}
	}()
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if _, err := s.TargetsByGoal(context.Background(), []int{1, 2, 3, 4, 5, 6, 7, 8, 9}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	if inUse, _ := s.PoolStats(); inUse != 0 || peak == 0 {
		t.Errorf("after 40 concurrent reads: in use %d (want 0), peak %d (want > 0)", inUse, peak)
	}
}

func embedded(t *testing.T) *dataset.Dataset {
	t.Helper()
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return d
}
