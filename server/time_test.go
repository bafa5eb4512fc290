package server_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/server"
)

// slowStore delays the goal reads of the store it wraps by delay, or until ctx is done,
// whichever comes first, as a remote backend honouring the deadline does.
type slowStore struct {
	wsisgraph.Store
	delay time.Duration
}

func (s *slowStore) wait(ctx context.Context) error {
	select {
	case <-time.After(s.delay):
		return nil
	case <-ctx.Done():
		return wsisgraph.Errorf(wsisgraph.ETIMEOUT, "the store did not answer before the deadline")
	}
}

func (s *slowStore) Goals(ctx context.Context) ([]*wsisgraph.Goal, error) {
	if err := s.wait(ctx); err != nil {
		return nil, err
	}
	return s.Store.Goals(ctx)
}

func (s *slowStore) GoalsByNumber(ctx context.Context, numbers []int) (map[int]*wsisgraph.Goal, error) {
	if err := s.wait(ctx); err != nil {
		return nil, err
	}
	return s.Store.GoalsByNumber(ctx, numbers)
}

// TestRequestTimeout checks that a request whose store reads outlast the request deadline is
// answered TIMEOUT soon after the deadline, and that a request within it is answered.
func TestRequestTimeout(t *testing.T) {
	const deadline = 150 * time.Millisecond
	tests := []struct {
		name  string
		delay time.Duration
		code  string
	}{
		{"within the deadline", 10 * time.Millisecond, ""},
		{"past the deadline", 5 * time.Second, "TIMEOUT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := &slowStore{Store: newServerStore(t), delay: tc.delay}
			ts := httptest.NewServer(newServer(t, server.Config{Store: store, RequestTimeout: deadline}))
			defer ts.Close()
			start := time.Now()
			a := do(t, ts.URL, gqlReq{query: `{ goals { number } }`})
			took := time.Since(start)
			if a.code() != tc.code {
				t.Fatalf("code %q (%s), want %q", a.code(), a.message(), tc.code)
			}
			if took > deadline+time.Second {
				t.Errorf("answered after %v, deadline %v", took, deadline)
			}
		})
	}
}

// TestGracefulShutdown starts a slow request, cancels Run's context while it is in flight,
// and checks that the request is answered in full, that Run returns cleanly after it, and
// that the listener no longer accepts connections.
func TestGracefulShutdown(t *testing.T) {
	store := &slowStore{Store: newServerStore(t), delay: 400 * time.Millisecond}
	srv := newServer(t, server.Config{Store: store})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, &http.Server{Handler: srv}, ln, 5*time.Second) }()

	answered := make(chan *answer, 1)
	go func() { answered <- do(t, base, gqlReq{query: `{ goal(number: 9) { number } }`}) }()
	time.Sleep(100 * time.Millisecond) // the request is in the slow store now
	cancel()

	select {
	case err := <-done:
		t.Fatalf("Run returned %v before the request in flight finished", err)
	case a := <-answered:
		if a.Status != 200 || a.code() != "" || string(a.Data) != `{"goal":{"number":9}}` {
			t.Fatalf("in-flight request: %d %s %s", a.Status, a.code(), a.Data)
		}
	}
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the listener still accepts connections after shutdown")
	}
}
