package server_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph/server"
)

// headerHas reports whether the comma-separated values of header h hold v (case-insensitive).
func headerHas(h http.Header, name, v string) bool {
	for _, line := range h.Values(name) {
		for _, part := range strings.Split(line, ",") {
			if strings.EqualFold(strings.TrimSpace(part), v) {
				return true
			}
		}
	}
	return false
}

// TestCORSForDashboards checks what a page on another origin needs: a preflight that allows
// whatever request headers the page asks for (tracing and client-name headers included), the
// response headers a dashboard reads exposed, and Timing-Allow-Origin, for any origin and
// for an allow-list.
func TestCORSForDashboards(t *testing.T) {
	asked := []string{"content-type", "traceparent", "tracestate", "baggage", "sentry-trace",
		"apollographql-client-name", "apollographql-client-version", "x-api-key", "x-dashboard-build"}
	tests := []struct {
		name    string
		origins []string
		origin  string
		allowed bool
		tao     string // Timing-Allow-Origin expected
	}{
		{"any origin", nil, "https://dashboard.example", true, "*"},
		{"listed origin", []string{"https://ok.example"}, "https://ok.example", true, "https://ok.example"},
		{"unlisted origin", []string{"https://ok.example"}, "https://evil.example", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(newServer(t, server.Config{AllowedOrigins: tc.origins}))
			defer ts.Close()
			req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/graphql", nil)
			req.Header.Set("Origin", tc.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", strings.Join(asked, ","))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Access-Control-Allow-Origin") != ""; got != tc.allowed {
				t.Fatalf("preflight allowed = %v, want %v (%v)", got, tc.allowed, resp.Header)
			}
			if tc.allowed {
				for _, h := range asked {
					if !headerHas(resp.Header, "Access-Control-Allow-Headers", h) {
						t.Errorf("preflight does not allow request header %s: Access-Control-Allow-Headers %q", h, resp.Header.Values("Access-Control-Allow-Headers"))
					}
				}
			}

			a := do(t, ts.URL, gqlReq{method: http.MethodGet, query: `{ goal(number: 4) { number } }`, header: map[string]string{"Origin": tc.origin, "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}})
			if a.Status != 200 {
				t.Fatalf("GET: %d %s", a.Status, clip(a.Raw))
			}
			if got := a.Header.Get("Timing-Allow-Origin"); got != tc.tao {
				t.Errorf("Timing-Allow-Origin %q, want %q", got, tc.tao)
			}
			if !tc.allowed {
				return
			}
			for _, h := range server.ExposedHeaders {
				if !headerHas(a.Header, "Access-Control-Expose-Headers", h) {
					t.Errorf("%s not exposed: Access-Control-Expose-Headers %q", h, a.Header.Values("Access-Control-Expose-Headers"))
				}
			}
			for _, h := range []string{"ETag", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id"} {
				if a.Header.Get(h) == "" {
					t.Errorf("no %s on a cacheable GET", h)
				}
			}
		})
	}
}

// TestMediaTypes checks the negotiation of the answer's media type over real HTTP: Accept
// quality values decide, q=0 excludes, an Accept that admits neither type is 406; the two
// media types of one request never share an ETag; Vary names Accept and Accept-Language on
// every answer, 304s included.
func TestMediaTypes(t *testing.T) {
	ts := httptest.NewServer(newServer(t, server.Config{}))
	defer ts.Close()
	const gqlr, js = "application/graphql-response+json", "application/json"
	q := url.Values{"query": {`{ goal(number: 5) { number } }`}}.Encode()
	tests := []struct {
		accept string
		status int
		want   string
	}{
		{"", 200, js},
		{js, 200, js},
		{gqlr, 200, gqlr},
		{"*/*", 200, js},
		{"application/*", 200, js},
		{gqlr + ", " + js, 200, gqlr},
		{js + ", " + gqlr, 200, gqlr},
		{gqlr + ", " + js + ";q=0.9", 200, gqlr},
		{js + ";q=0.5, " + gqlr, 200, gqlr},
		{gqlr + ";q=0.5, " + js, 200, js},
		{gqlr + ";q=0, */*", 200, js},
		{js + ";q=0, */*;q=0.1", 200, gqlr},
		{"text/html,application/xhtml+xml,*/*;q=0.8", 200, js},
		{"text/html", 406, js},
		{gqlr + ";q=0", 406, js},
	}
	for _, tc := range tests {
		t.Run("Accept: "+tc.accept, func(t *testing.T) {
			h := map[string]string{}
			if tc.accept != "" {
				h["Accept"] = tc.accept
			}
			resp, body := getWith(t, ts.URL, q, h)
			if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != tc.want {
				t.Fatalf("got %d %q, want %d %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), tc.status, tc.want, clip(body))
			}
			for _, v := range []string{"Accept", "Accept-Language"} {
				if !headerHas(resp.Header, "Vary", v) {
					t.Errorf("Vary %q lacks %s", resp.Header.Values("Vary"), v)
				}
			}
		})
	}

	t.Run("one ETag per media type", func(t *testing.T) {
		rj, _ := getWith(t, ts.URL, q, map[string]string{"Accept": js})
		rg, _ := getWith(t, ts.URL, q, map[string]string{"Accept": gqlr})
		ej, eg := rj.Header.Get("ETag"), rg.Header.Get("ETag")
		if ej == "" || eg == "" || ej == eg {
			t.Fatalf("ETags %q (json) and %q (graphql-response+json): want two different ones", ej, eg)
		}
		for _, tc := range []struct{ accept, inm string }{{gqlr, ej}, {js, eg}} {
			resp, _ := getWith(t, ts.URL, q, map[string]string{"Accept": tc.accept, "If-None-Match": tc.inm})
			if resp.StatusCode != 200 {
				t.Errorf("Accept %s with the other type's ETag: %d, want 200", tc.accept, resp.StatusCode)
			}
		}
		for _, tc := range []struct{ accept, inm string }{{gqlr, eg}, {js, ej}} {
			resp, _ := getWith(t, ts.URL, q, map[string]string{"Accept": tc.accept, "If-None-Match": tc.inm})
			if resp.StatusCode != http.StatusNotModified {
				t.Errorf("Accept %s with its own ETag: %d, want 304", tc.accept, resp.StatusCode)
			}
			for _, v := range []string{"Accept", "Accept-Language"} {
				if !headerHas(resp.Header, "Vary", v) {
					t.Errorf("304: Vary %q lacks %s", resp.Header.Values("Vary"), v)
				}
			}
		}
	})
}

// rateLimitAnswer is the data of `{ rateLimit { … } }`.
type rateLimitAnswer struct {
	RateLimit struct {
		Limit, RefillPerMinute, Remaining *int
		Cost, MaxCost                     int
		ResetAt                           *string
		DryRun                            bool
	}
	Projects *struct{ Nodes []struct{ Key string } }
}

func decodeRateLimit(t *testing.T, a *answer) rateLimitAnswer {
	t.Helper()
	var out rateLimitAnswer
	if len(a.Errors) > 0 || json.Unmarshal(a.Data, &out) != nil {
		t.Fatalf("answer: %d %s", a.Status, clip(a.Raw))
	}
	return out
}

// TestRateLimitField checks Query.rateLimit against the budget headers, the dry run (priced,
// not run, not spent, limits still checked), that such answers are never cached, that the
// budget headers (X-RateLimit-Reset included) come on 200s, 304s and 429s alike, and the
// field without rate limiting.
func TestRateLimitField(t *testing.T) {
	const spend = `{ projects(first: 19) { nodes { key } } rateLimit { limit refillPerMinute cost maxCost remaining resetAt dryRun } }` // 1 + 19 + 1 = 21 points
	cfg := server.Config{RatePerMinute: 60, RateBurst: 100, MaxCost: 50}

	t.Run("figures match the headers", func(t *testing.T) {
		ts := httptest.NewServer(newServer(t, cfg))
		defer ts.Close()
		before := time.Now()
		a := do(t, ts.URL, gqlReq{query: spend})
		rl := decodeRateLimit(t, a).RateLimit
		if rl.Limit == nil || *rl.Limit != 100 || *rl.RefillPerMinute != 60 || rl.Cost != 21 || rl.MaxCost != 50 || *rl.Remaining != 79 || rl.DryRun {
			t.Fatalf("rateLimit %s, want limit 100, refill 60, cost 21, maxCost 50, remaining 79", clip(string(a.Data)))
		}
		if a.Header.Get("X-RateLimit-Remaining") != "79" || a.Header.Get("X-RateLimit-Limit") != "100" || a.Extensions.Cost.Requested != 21 {
			t.Errorf("headers %v, extensions.cost %+v", a.Header, a.Extensions.Cost)
		}
		// 21 points at 60 a minute refill in 21 s.
		reset, err := time.Parse(time.RFC3339, *rl.ResetAt)
		if err != nil {
			t.Fatal(err)
		}
		if d := reset.Sub(before); d < 20*time.Second || d > 23*time.Second {
			t.Errorf("resetAt %s is %v after the request, want about 21 s", *rl.ResetAt, d)
		}
		h, _ := strconv.ParseInt(a.Header.Get("X-RateLimit-Reset"), 10, 64)
		if h != reset.Unix() {
			t.Errorf("X-RateLimit-Reset %q, resetAt %s", a.Header.Get("X-RateLimit-Reset"), *rl.ResetAt)
		}
	})

	t.Run("dry run prices without running or spending", func(t *testing.T) {
		srv := newServer(t, cfg)
		ts := httptest.NewServer(srv)
		defer ts.Close()
		do(t, ts.URL, gqlReq{query: `{ goal(number: 1) { number } }`}) // 1 point spent: 99 remain
		calls := srv.StoreCalls()
		dry := strings.Replace(spend, "rateLimit {", "rateLimit(dryRun: true) {", 1)
		for range 3 {
			a := do(t, ts.URL, gqlReq{query: dry})
			rl := decodeRateLimit(t, a)
			if !rl.RateLimit.DryRun || rl.RateLimit.Cost != 21 || *rl.RateLimit.Remaining != 99 || a.Header.Get("X-RateLimit-Remaining") != "99" {
				t.Fatalf("dry run: %s, X-RateLimit-Remaining %q; want cost 21, 99 remaining", clip(string(a.Data)), a.Header.Get("X-RateLimit-Remaining"))
			}
			if rl.Projects != nil || strings.Contains(string(a.Data), "projects") {
				t.Errorf("dry run executed projects: %s", clip(string(a.Data)))
			}
		}
		if n := srv.StoreCalls() - calls; n != 0 {
			t.Errorf("dry runs made %d store calls", n)
		}
		// With a variable, and in a fragment.
		a := do(t, ts.URL, gqlReq{query: `query ($dry: Boolean!) { goals { number } ...B } fragment B on Query { rateLimit(dryRun: $dry) { cost remaining dryRun } }`, variables: map[string]any{"dry": true}})
		if rl := decodeRateLimit(t, a); !rl.RateLimit.DryRun || *rl.RateLimit.Remaining != 99 || strings.Contains(string(a.Data), "goals") {
			t.Errorf("dry run by variable in a fragment: %s", clip(string(a.Data)))
		}
		// The limits still apply.
		a = do(t, ts.URL, gqlReq{query: `{ projects(first: 60) { nodes { key } } rateLimit(dryRun: true) { cost } }`})
		if a.code() != "COST_LIMIT_EXCEEDED" {
			t.Errorf("dry run of a query above -max-cost: %s", clip(a.Raw))
		}
	})

	t.Run("never cached", func(t *testing.T) {
		ts := httptest.NewServer(newServer(t, cfg))
		defer ts.Close()
		var last int
		for i := range 2 {
			a := do(t, ts.URL, gqlReq{method: http.MethodGet, query: `{ rateLimit { remaining } }`})
			rl := decodeRateLimit(t, a).RateLimit
			if a.Header.Get("ETag") != "" || a.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("GET rateLimit: ETag %q, Cache-Control %q", a.Header.Get("ETag"), a.Header.Get("Cache-Control"))
			}
			if i == 1 && *rl.Remaining != last-1 {
				t.Errorf("second answer remaining %d after %d: answered from a cache?", *rl.Remaining, last)
			}
			last = *rl.Remaining
		}
	})

	t.Run("budget headers on 304, 429, 400 and 406", func(t *testing.T) {
		ts := httptest.NewServer(newServer(t, server.Config{RatePerMinute: 60, RateBurst: 50, MaxCost: 50}))
		defer ts.Close()
		q := url.Values{"query": {`{ projects(first: 19) { nodes { key } } }`}}.Encode() // 20 points
		resp, _ := getWith(t, ts.URL, q, nil)
		etag := resp.Header.Get("ETag")
		resp, _ = getWith(t, ts.URL, q, map[string]string{"If-None-Match": etag})
		if resp.StatusCode != http.StatusNotModified {
			t.Fatalf("If-None-Match: %d", resp.StatusCode)
		}
		checkBudgetHeaders(t, "304", resp.Header, "29") // 50 - 20 - 1
		for range 2 {
			resp, _ = getWith(t, ts.URL, q, nil)
		}
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("third GET: %d Retry-After %q, want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		checkBudgetHeaders(t, "429", resp.Header, "")
		a := do(t, ts.URL, gqlReq{body: []byte(`{"query": 1}`)})
		if a.Status != http.StatusBadRequest {
			t.Fatalf("a body that is not a GraphQL request: %d", a.Status)
		}
		checkBudgetHeaders(t, "400", a.Header, "")
		resp, _ = getWith(t, ts.URL, q, map[string]string{"Accept": "text/html"})
		if resp.StatusCode != http.StatusNotAcceptable {
			t.Fatalf("Accept: text/html: %d", resp.StatusCode)
		}
		checkBudgetHeaders(t, "406", resp.Header, "")
	})

	t.Run("without rate limiting", func(t *testing.T) {
		ts := httptest.NewServer(newServer(t, server.Config{RatePerMinute: -1}))
		defer ts.Close()
		a := do(t, ts.URL, gqlReq{query: spend})
		rl := decodeRateLimit(t, a).RateLimit
		if rl.Limit != nil || rl.Remaining != nil || rl.ResetAt != nil || rl.Cost != 21 || rl.MaxCost != server.DefaultMaxCost {
			t.Errorf("rateLimit without rate limiting: %s", clip(string(a.Data)))
		}
	})
}

func checkBudgetHeaders(t *testing.T, what string, h http.Header, remaining string) {
	t.Helper()
	reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil || reset < time.Now().Unix() || reset > time.Now().Add(time.Minute).Unix() {
		t.Errorf("%s: X-RateLimit-Reset %q, want Unix seconds within the next minute", what, h.Get("X-RateLimit-Reset"))
	}
	if h.Get("X-RateLimit-Limit") == "" || remaining != "" && h.Get("X-RateLimit-Remaining") != remaining {
		t.Errorf("%s: X-RateLimit-Limit %q X-RateLimit-Remaining %q, want remaining %q", what, h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"), remaining)
	}
}

// TestAdjustedFlagsAreLogged checks that a rate burst raised to the cost limit is said at
// start-up, and that nothing is said when no flag is adjusted.
func TestAdjustedFlagsAreLogged(t *testing.T) {
	tests := []struct {
		name   string
		cfg    server.Config
		logged bool
	}{
		{"burst below the cost limit", server.Config{RatePerMinute: 600, RateBurst: 100, MaxCost: 1000}, true},
		{"default burst below the cost limit", server.Config{RatePerMinute: 600, MaxCost: 1000}, true},
		{"burst above the cost limit", server.Config{RatePerMinute: 600, RateBurst: 2000, MaxCost: 1000}, false},
		{"defaults", server.Config{}, false},
		{"no rate limiting", server.Config{RatePerMinute: -1, MaxCost: 1000}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tc.cfg.Logger = slog.New(slog.NewJSONHandler(&buf, nil))
			newServer(t, tc.cfg)
			var lines []map[string]any
			for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
				var m map[string]any
				if json.Unmarshal([]byte(l), &m) == nil {
					lines = append(lines, m)
				}
			}
			i := slices.IndexFunc(lines, func(m map[string]any) bool { return strings.Contains(m["msg"].(string), "rate burst raised") })
			if (i >= 0) != tc.logged {
				t.Fatalf("logged = %v, want %v: %s", i >= 0, tc.logged, buf.String())
			}
			if i >= 0 && (lines[i]["level"] != "WARN" || lines[i]["rate_burst"] != float64(tc.cfg.MaxCost)) {
				t.Errorf("line %v: want WARN with rate_burst %d", lines[i], tc.cfg.MaxCost)
			}
		})
	}
}
