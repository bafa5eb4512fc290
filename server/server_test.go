package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/playground"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/memory"
)

func newServer(t testing.TB, cfg server.Config) *server.Server {
	t.Helper()
	if cfg.Store == nil {
		cfg.Store = newServerStore(t)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return server.New(cfg)
}

// newServerStore returns the embedded store over the shipped dataset.
func newServerStore(t testing.TB) wsisgraph.Store {
	t.Helper()
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return memory.New(d)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestHTTP(t *testing.T) {
	ts := httptest.NewServer(newServer(t, server.Config{Examples: []playground.Example{{Name: "Goals", Query: "{ goals { number } }"}}}))
	defer ts.Close()

	get := func(t *testing.T, path string, header map[string]string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	tests := []struct {
		name     string
		path     string
		header   map[string]string
		status   int
		contains string
	}{
		{"healthz", "/healthz", nil, 200, "ok"},
		{"readyz", "/readyz", nil, 200, "ready"},
		{"playground", "/", nil, 200, "graphiql"},
		{"examples", "/playground/examples.json", nil, 200, `"Goals"`},
		{"GET query", "/graphql?query=" + url.QueryEscape(`{ goal(number: 9) { shortTitle } }`), nil, 200, `"shortTitle":"Industry, innovation and infrastructure"`},
		{"GET parse error", "/graphql?query=" + url.QueryEscape(`{ goal(`), nil, 200, "GRAPHQL_PARSE_FAILED"},
		{"GET parse error as graphql-response+json", "/graphql?query=" + url.QueryEscape(`{ goal(`), map[string]string{"Accept": "application/graphql-response+json"}, 400, "GRAPHQL_PARSE_FAILED"},
		{"metrics", "/metrics", nil, 200, "wsisgraph_store_calls_total"},
		{"CORS any origin", "/graphql?query=" + url.QueryEscape(`{ goals { number } }`), map[string]string{"Origin": "https://dashboard.example"}, 200, `"number":17`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, tc.path, tc.header)
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.contains) {
				t.Fatalf("GET %s = %d %q, want %d containing %q", tc.path, resp.StatusCode, clip(body), tc.status, tc.contains)
			}
			if tc.header["Origin"] != "" && resp.Header.Get("Access-Control-Allow-Origin") == "" {
				t.Errorf("no Access-Control-Allow-Origin for origin %s", tc.header["Origin"])
			}
		})
	}

	t.Run("persisted query over GET", func(t *testing.T) {
		q := `{ actionLine(code: "C3") { code } }`
		sum := sha256.Sum256([]byte(q))
		ext := url.QueryEscape(`{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`)
		_, body := get(t, "/graphql?extensions="+ext, nil)
		if !strings.Contains(body, "PersistedQueryNotFound") {
			t.Fatalf("unknown hash: got %s, want PersistedQueryNotFound", body)
		}
		_, body = get(t, "/graphql?query="+url.QueryEscape(q)+"&extensions="+ext, nil)
		_, body = get(t, "/graphql?extensions="+ext, nil)
		var out struct {
			Data struct{ ActionLine struct{ Code string } }
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil || out.Data.ActionLine.Code != "C3" {
			t.Fatalf("registered hash: got %s", body)
		}
	})
}

func TestCORSAllowList(t *testing.T) {
	ts := httptest.NewServer(newServer(t, server.Config{AllowedOrigins: []string{"https://ok.example"}}))
	defer ts.Close()
	for origin, allowed := range map[string]bool{"https://ok.example": true, "https://evil.example": false} {
		req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin") == origin; got != allowed {
			t.Errorf("preflight from %s allowed = %v, want %v", origin, got, allowed)
		}
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// matrixQuery is the full WSIS–SDG matrix: all action lines → linkages → target → goal.
const matrixQuery = `{ actionLines { code linkages { target { code title } goal { number title } } } }`

// benchmarkQuery measures executing query: no response cache, no rate limit; set, when
// given, changes the configuration.
func benchmarkQuery(b *testing.B, query string, set ...func(*server.Config)) {
	// As `serve` configures the embedded store.
	cfg := server.Config{NoResponseCache: true, RatePerMinute: -1, Loaders: loaders.InProcessOptions, Logger: slog.New(slog.DiscardHandler)}
	for _, f := range set {
		f(&cfg)
	}
	srv := newServer(b, cfg)
	body, _ := json.Marshal(map[string]string{"query": query})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != 200 || strings.Contains(w.Body.String(), `"errors"`) {
			b.Fatalf("%d %s", w.Code, clip(w.Body.String()))
		}
	}
}

// BenchmarkMatrix answers the full matrix (about 550 objects) from the embedded store.
func BenchmarkMatrix(b *testing.B) { benchmarkQuery(b, matrixQuery) }

// BenchmarkWideGoals answers all goals → targets → indicators from the embedded store.
func BenchmarkWideGoals(b *testing.B) {
	benchmarkQuery(b, `{ goals { number title targets { code title indicators { code title } } } }`)
}
