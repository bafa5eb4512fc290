package server_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph/server"
)

// TestRateLimit spends a small budget (60 points, refilled at 60 a minute) with a query of
// known cost and checks the answers: remaining points in extensions.cost and
// X-RateLimit-Remaining, then 429 RATE_LIMITED with Retry-After and a message stating the
// cost and what remains; a listed API key has a budget of its own, an unlisted one does not.
func TestRateLimit(t *testing.T) {
	const query = `{ projects(first: 19) { nodes { key } } }` // 1 + 19 = 20 points
	cfg := server.Config{RatePerMinute: 60, RateBurst: 60, MaxCost: 50, APIKeys: []string{"partner-key"}}
	tests := []struct {
		name   string
		header map[string]string
		// statuses of five requests in a row, and the remaining points after each
		statuses  []int
		remaining []int
	}{
		{"by address", nil, []int{200, 200, 200, 429, 429}, []int{40, 20, 0, 0, 0}},
		{"unlisted key counts as the address", map[string]string{"X-Api-Key": "made-up"}, []int{200, 200, 200, 429, 429}, []int{40, 20, 0, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(newServer(t, cfg))
			defer ts.Close()
			for i, want := range tc.statuses {
				a := do(t, ts.URL, gqlReq{query: query, header: tc.header})
				if a.Status != want {
					t.Fatalf("request %d: status %d (%s), want %d", i+1, a.Status, a.message(), want)
				}
				if rem := a.Extensions.Cost.Remaining; rem == nil || *rem != tc.remaining[i] {
					t.Errorf("request %d: remaining %s, want %d", i+1, a.Raw[strings.Index(a.Raw, `"extensions"`):], tc.remaining[i])
				}
				if h := a.Header.Get("X-RateLimit-Remaining"); h != strconv.Itoa(tc.remaining[i]) {
					t.Errorf("request %d: X-RateLimit-Remaining %q, want %d", i+1, h, tc.remaining[i])
				}
				if want != 429 {
					continue
				}
				if a.code() != "RATE_LIMITED" || !strings.Contains(a.message(), "retry after") {
					t.Errorf("request %d: %s %q", i+1, a.code(), a.message())
				}
				if ra, err := strconv.Atoi(a.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 60 {
					t.Errorf("request %d: Retry-After %q, want 1…60 seconds", i+1, a.Header.Get("Retry-After"))
				}
			}
		})
	}

	t.Run("a listed key has its own budget", func(t *testing.T) {
		ts := httptest.NewServer(newServer(t, cfg))
		defer ts.Close()
		for range 3 {
			do(t, ts.URL, gqlReq{query: query})
		}
		if a := do(t, ts.URL, gqlReq{query: query}); a.Status != http.StatusTooManyRequests {
			t.Fatalf("address budget not spent: %d", a.Status)
		}
		a := do(t, ts.URL, gqlReq{query: query, header: map[string]string{"X-Api-Key": "partner-key"}})
		if a.Status != 200 || *a.Extensions.Cost.Remaining != 40 {
			t.Errorf("listed key: %d remaining %v, want 200 and 40", a.Status, a.Extensions.Cost.Remaining)
		}
	})

	t.Run("cached answers are charged too", func(t *testing.T) {
		ts := httptest.NewServer(newServer(t, cfg))
		defer ts.Close()
		var last *answer
		for range 4 {
			last = do(t, ts.URL, gqlReq{query: query})
		}
		if last.Status != http.StatusTooManyRequests {
			t.Errorf("fourth identical request: %d, want 429", last.Status)
		}
	})

	t.Run("rejected requests spend a point", func(t *testing.T) {
		ts := httptest.NewServer(newServer(t, cfg))
		defer ts.Close()
		a := do(t, ts.URL, gqlReq{query: `{ goal(`})
		if a.Extensions.Cost.Remaining == nil || *a.Extensions.Cost.Remaining != 59 {
			t.Errorf("after a parse error: remaining %v, want 59", a.Extensions.Cost.Remaining)
		}
	})

	t.Run("off", func(t *testing.T) {
		ts := httptest.NewServer(newServer(t, server.Config{RatePerMinute: -1}))
		defer ts.Close()
		a := do(t, ts.URL, gqlReq{query: query})
		if a.Extensions.Cost.Remaining != nil || a.Header.Get("X-RateLimit-Remaining") != "" {
			t.Errorf("rate limiting off: remaining %v, header %q", a.Extensions.Cost.Remaining, a.Header.Get("X-RateLimit-Remaining"))
		}
	})
}
