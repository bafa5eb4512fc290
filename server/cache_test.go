package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/server"
)

// versionedStore is a store whose dataset version a test can change.
type versionedStore struct {
	wsisgraph.Store
	mu sync.Mutex
	v  string
}

func (s *versionedStore) Version(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.v, nil
}

func (s *versionedStore) set(v string) {
	s.mu.Lock()
	s.v = v
	s.mu.Unlock()
}

func getWith(t *testing.T, base, rawQuery string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/graphql?"+rawQuery, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	a := readAnswer(t, resp)
	return resp, a.Raw
}

// TestHTTPCaching checks the cache headers: GET answers without errors are public for
// max-age with an ETag that changes with the query, variables, language and dataset
// version; If-None-Match answers 304 without executing; POST and errors are never cached.
func TestHTTPCaching(t *testing.T) {
	vs := &versionedStore{Store: newServerStore(t), v: "v1"}
	srv := newServer(t, server.Config{Store: vs, VersionTTL: time.Nanosecond, NoResponseCache: true})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	q := url.Values{"query": {`query ($n: Int!) { goal(number: $n) { title } }`}, "variables": {`{"n": 9}`}}.Encode()

	resp, _ := getWith(t, ts.URL, q, nil)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || etag == "" || resp.Header.Get("Cache-Control") != "public, max-age=60" {
		t.Fatalf("GET: %d ETag %q Cache-Control %q", resp.StatusCode, etag, resp.Header.Get("Cache-Control"))
	}
	if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Language") {
		t.Errorf("Vary = %q, want Accept-Language in it", resp.Header.Values("Vary"))
	}

	t.Run("If-None-Match answers 304 without executing", func(t *testing.T) {
		before := srv.StoreCalls()
		resp, body := getWith(t, ts.URL, q, map[string]string{"If-None-Match": etag})
		if resp.StatusCode != http.StatusNotModified || body != "" {
			t.Fatalf("got %d %q, want 304 and no body", resp.StatusCode, body)
		}
		if resp.Header.Get("ETag") != etag {
			t.Errorf("304 ETag = %q, want %q", resp.Header.Get("ETag"), etag)
		}
		if n := srv.StoreCalls() - before; n != 0 {
			t.Errorf("%d store calls for a 304", n)
		}
	})

	other := []struct {
		name   string
		query  string
		header map[string]string
	}{
		{"other variables", url.Values{"query": {`query ($n: Int!) { goal(number: $n) { title } }`}, "variables": {`{"n": 10}`}}.Encode(), nil},
		{"other language", q, map[string]string{"Accept-Language": "fr"}},
		{"other operation text", url.Values{"query": {`query ($n: Int!) { goal(number: $n) { title number } }`}, "variables": {`{"n": 9}`}}.Encode(), nil},
	}
	for _, tc := range other {
		t.Run(tc.name+" has another ETag", func(t *testing.T) {
			h := map[string]string{"If-None-Match": etag}
			for k, v := range tc.header {
				h[k] = v
			}
			resp, _ := getWith(t, ts.URL, tc.query, h)
			if resp.StatusCode != 200 || resp.Header.Get("ETag") == etag || resp.Header.Get("ETag") == "" {
				t.Errorf("got %d ETag %q, want 200 and an ETag other than %q", resp.StatusCode, resp.Header.Get("ETag"), etag)
			}
		})
	}

	t.Run("variables in another key order share the ETag", func(t *testing.T) {
		q2 := url.Values{"query": {`query ($n: Int!, $l: String) { goal(number: $n) { title(lang: $l) } }`}}
		q2.Set("variables", `{"n": 9, "l": "es"}`)
		r1, _ := getWith(t, ts.URL, q2.Encode(), nil)
		q2.Set("variables", `{"l": "es",  "n": 9}`)
		r2, _ := getWith(t, ts.URL, q2.Encode(), nil)
		if r1.Header.Get("ETag") == "" || r1.Header.Get("ETag") != r2.Header.Get("ETag") {
			t.Errorf("ETags %q and %q differ", r1.Header.Get("ETag"), r2.Header.Get("ETag"))
		}
	})

	t.Run("a persisted query by hash shares the ETag", func(t *testing.T) {
		text := `{ goal(number: 3) { number } }`
		sum := sha256.Sum256([]byte(text))
		ext := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`
		full, _ := getWith(t, ts.URL, url.Values{"query": {text}, "extensions": {ext}}.Encode(), nil)
		byHash, _ := getWith(t, ts.URL, url.Values{"extensions": {ext}}.Encode(), nil)
		if full.Header.Get("ETag") == "" || full.Header.Get("ETag") != byHash.Header.Get("ETag") {
			t.Errorf("ETags %q (full) and %q (hash) differ", full.Header.Get("ETag"), byHash.Header.Get("ETag"))
		}
	})

	t.Run("a new dataset version changes the ETag", func(t *testing.T) {
		vs.set("v2")
		defer vs.set("v1")
		resp, _ := getWith(t, ts.URL, q, map[string]string{"If-None-Match": etag})
		if resp.StatusCode != 200 || resp.Header.Get("ETag") == etag {
			t.Errorf("got %d ETag %q after the version changed", resp.StatusCode, resp.Header.Get("ETag"))
		}
	})

	t.Run("POST is no-store", func(t *testing.T) {
		a := do(t, ts.URL, gqlReq{query: `{ goal(number: 9) { title } }`})
		if a.Header.Get("Cache-Control") != "no-store" || a.Header.Get("ETag") != "" {
			t.Errorf("POST: Cache-Control %q ETag %q", a.Header.Get("Cache-Control"), a.Header.Get("ETag"))
		}
	})

	t.Run("errors are never cached", func(t *testing.T) {
		for _, query := range []string{`{ goal(number: 1) { title(lang: "xx") } }`, `{ goal(`, `{ projects(first: 1000) { nodes { key } } }`} {
			resp, body := getWith(t, ts.URL, url.Values{"query": {query}}.Encode(), nil)
			if !strings.Contains(body, `"errors"`) || resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("ETag") != "" {
				t.Errorf("%s: %d Cache-Control %q ETag %q", query, resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("ETag"))
			}
		}
	})
}

// TestResponseCache checks that a repeated request is answered from the response cache
// without a store call, with the same data and its own extensions.cost; that answers with
// errors are not kept; that a new dataset version misses; and that switching the cache off
// executes every request.
func TestResponseCache(t *testing.T) {
	const query = `{ actionLines { code linkages { target { code } } } }`
	tests := []struct {
		name    string
		cfg     server.Config
		query   string
		cached  bool
		version string // set between the two requests, when not empty
	}{
		{"repeated query", server.Config{}, query, true, ""},
		{"cache switched off", server.Config{NoResponseCache: true}, query, false, ""},
		{"answer with an error", server.Config{}, `{ goals { number } projects(first: 1000) { nodes { key } } }`, false, ""},
		{"new dataset version", server.Config{VersionTTL: time.Nanosecond}, query, false, "v2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vs := &versionedStore{Store: newServerStore(t), v: "v1"}
			tc.cfg.Store = vs
			srv := newServer(t, tc.cfg)
			ts := httptest.NewServer(srv)
			defer ts.Close()
			first := do(t, ts.URL, gqlReq{query: tc.query})
			if tc.version != "" {
				vs.set(tc.version)
			}
			before := srv.StoreCalls()
			second := do(t, ts.URL, gqlReq{query: tc.query})
			calls := srv.StoreCalls() - before
			if tc.cached != (calls == 0) {
				t.Errorf("second request made %d store calls; cached = %v", calls, tc.cached)
			}
			if string(first.Data) != string(second.Data) {
				t.Errorf("answers differ:\n%s\n%s", clip(string(first.Data)), clip(string(second.Data)))
			}
			if second.Extensions.Cost == nil || second.Extensions.Cost.Requested != first.Extensions.Cost.Requested {
				t.Errorf("cost %+v, want %+v", second.Extensions.Cost, first.Extensions.Cost)
			}
		})
	}
}

// BenchmarkCachedMatrix answers the full matrix from the response cache, as the same
// dashboard query repeated would be.
func BenchmarkCachedMatrix(b *testing.B) {
	srv := newServer(b, server.Config{RatePerMinute: -1})
	body := `{"query":` + quote(matrixQuery) + `}`
	post := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		return w
	}
	post()
	calls := srv.StoreCalls()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if w := post(); w.Code != 200 || !strings.HasPrefix(w.Body.String(), `{"data":{"actionLines"`) {
			b.Fatalf("%d %s", w.Code, clip(w.Body.String()))
		}
	}
	b.StopTimer()
	if srv.StoreCalls() != calls {
		b.Fatalf("the cached answers made %d store calls", srv.StoreCalls()-calls)
	}
}
