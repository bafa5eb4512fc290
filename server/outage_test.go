package server_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/server"
)

// notReadyError is what a store returns while its graph is not ready: EUNAVAILABLE with the
// reason /readyz names.
type notReadyError struct{ reason string }

func (e *notReadyError) Error() string  { return "the graph database holds no dataset yet" }
func (e *notReadyError) Reason() string { return e.reason }
func (e *notReadyError) Unwrap() error {
	return &wsisgraph.Error{Code: wsisgraph.EUNAVAILABLE, Message: e.Error()}
}

// notReadyStore refuses goal reads, Ping and Version while reason is set.
type notReadyStore struct {
	wsisgraph.Store
	reason string
}

func (s *notReadyStore) err() error {
	if s.reason == "" {
		return nil
	}
	return &notReadyError{s.reason}
}

func (s *notReadyStore) Goals(ctx context.Context) ([]*wsisgraph.Goal, error) {
	if err := s.err(); err != nil {
		return nil, err
	}
	return s.Store.Goals(ctx)
}

func (s *notReadyStore) Ping(ctx context.Context) error { return s.err() }

func (s *notReadyStore) Version(ctx context.Context) (string, error) {
	if err := s.err(); err != nil {
		return "", err
	}
	return s.Store.Version(ctx)
}

// TestOutageAnswers checks what a client sees while the store's graph is not ready: the
// GraphQL answer keeps status 200 with SERVICE_UNAVAILABLE and carries Retry-After; /readyz
// answers 503 naming the store's reason, and 200 once the graph is ready.
func TestOutageAnswers(t *testing.T) {
	store := &notReadyStore{Store: newServerStore(t), reason: "import in progress"}
	ts := httptest.NewServer(newServer(t, server.Config{Store: store, NoResponseCache: true}))
	defer ts.Close()

	for _, method := range []string{http.MethodGet, http.MethodPost} {
		a := do(t, ts.URL, gqlReq{method: method, query: `{ goals { number } }`})
		if a.Status != http.StatusOK || a.code() != "SERVICE_UNAVAILABLE" {
			t.Errorf("%s: %d %s %s, want 200 SERVICE_UNAVAILABLE", method, a.Status, a.code(), a.message())
		}
		if got := a.Header.Get("Retry-After"); got != "1" {
			t.Errorf("%s: Retry-After %q, want 1", method, got)
		}
		if got := a.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", method, got)
		}
	}
	if a := do(t, ts.URL, gqlReq{query: `{ __typename }`}); a.code() != "" || a.Header.Get("Retry-After") != "" {
		t.Errorf("a query that needs no store: %s, Retry-After %q", a.code(), a.Header.Get("Retry-After"))
	}

	readyz := func() (int, string, string) {
		resp, err := http.Get(ts.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, strings.TrimSpace(string(b)), resp.Header.Get("Retry-After")
	}
	for _, reason := range []string{"no graph", "import in progress", "indexes populating", "graph of another model", "unreachable", "wrong credentials"} {
		store.reason = reason
		if status, body, retry := readyz(); status != http.StatusServiceUnavailable || body != "not ready: "+reason || retry == "" {
			t.Errorf("/readyz (%s) = %d %q, Retry-After %q; want 503 \"not ready: %s\"", reason, status, body, retry, reason)
		}
	}
	store.reason = ""
	if status, body, _ := readyz(); status != http.StatusOK || body != "ready" {
		t.Errorf("/readyz once ready = %d %q", status, body)
	}
	var r server.Reasoner
	if !errors.As(error(&notReadyError{"x"}), &r) {
		t.Fatal("the test's error is not a Reasoner")
	}
}
