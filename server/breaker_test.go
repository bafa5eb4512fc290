package server_test

import (
	"context"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/server"
)

// downableStore behaves like a remote backend that can go away: while down, its goal reads
// hold until the context ends (as a driver retrying a lost connection does) and Ping fails.
type downableStore struct {
	wsisgraph.Store
	down  atomic.Bool
	reads atomic.Int64 // goal reads that reached the backend
}

func (s *downableStore) Goals(ctx context.Context) ([]*wsisgraph.Goal, error) {
	if err := ctx.Err(); err != nil {
		return nil, wsisgraph.Errorf(wsisgraph.ETIMEOUT, "deadline passed")
	}
	s.reads.Add(1)
	if s.down.Load() {
		<-ctx.Done()
		return nil, wsisgraph.Errorf(wsisgraph.EUNAVAILABLE, "the graph database is unavailable")
	}
	return s.Store.Goals(ctx)
}

func (s *downableStore) Ping(ctx context.Context) error {
	if s.down.Load() {
		return wsisgraph.Errorf(wsisgraph.EUNAVAILABLE, "the graph database is unavailable")
	}
	return s.Store.Ping(ctx)
}

// TestBreaker checks that once the backend is found down, requests are answered
// SERVICE_UNAVAILABLE at once without reaching it, and that they reach it again once it
// answers.
func TestBreaker(t *testing.T) {
	const deadline = 300 * time.Millisecond
	store := &downableStore{Store: newServerStore(t)}
	ts := httptest.NewServer(newServer(t, server.Config{Store: store, RequestTimeout: deadline, NoResponseCache: true}))
	defer ts.Close()
	const query = `{ goals { number } }`
	if a := do(t, ts.URL, gqlReq{query: query}); a.code() != "" || scrape(t, ts.URL, "wsisgraph_store_up") != 1 {
		t.Fatalf("up: %s %s", a.code(), a.message())
	}

	store.down.Store(true)
	start := time.Now()
	if a := do(t, ts.URL, gqlReq{query: query}); a.code() != "SERVICE_UNAVAILABLE" {
		t.Fatalf("first request after the outage: %s %s", a.code(), a.message())
	}
	t.Logf("first request after the outage answered in %v (the deadline is %v)", time.Since(start).Round(time.Millisecond), deadline)
	waitFor(t, func() bool { return scrape(t, ts.URL, "wsisgraph_store_up") == 0 })
	reads := store.reads.Load()
	for i := range 5 {
		start := time.Now()
		a := do(t, ts.URL, gqlReq{query: query})
		if took := time.Since(start); a.code() != "SERVICE_UNAVAILABLE" || took > deadline/2 {
			t.Errorf("request %d while down: %s in %v, want SERVICE_UNAVAILABLE well before the deadline", i, a.code(), took)
		}
	}
	if n := store.reads.Load() - reads; n != 0 {
		t.Errorf("%d reads reached the backend while it was held down", n)
	}

	store.down.Store(false)
	waitFor(t, func() bool { return scrape(t, ts.URL, "wsisgraph_store_up") == 1 })
	if a := do(t, ts.URL, gqlReq{query: query}); a.code() != "" {
		t.Errorf("after recovery: %s %s", a.code(), a.message())
	}
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not reached in 5 s")
}
