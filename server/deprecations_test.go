package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wsisgraph/wsisgraph/docs/queries"
	"github.com/wsisgraph/wsisgraph/server"
)

type deprecationWarning struct {
	Field  string
	Reason string
}

// deprecationsOf returns the answer's extensions.deprecations.
func deprecationsOf(t *testing.T, a *answer) []deprecationWarning {
	t.Helper()
	var v struct {
		Extensions struct {
			Deprecations []deprecationWarning
		}
	}
	if err := json.Unmarshal([]byte(a.Raw), &v); err != nil {
		t.Fatalf("answer is not JSON: %v", err)
	}
	return v.Extensions.Deprecations
}

func usesMetric(field, key string) string {
	return `wsisgraph_deprecated_field_uses_total{field="` + field + `",key="` + key + `"}`
}

// TestDeprecatedFieldUses checks that a request using a deprecated field is told so in its
// answer's extensions and counted per field and API key, however the operation arrives (POST,
// GET, a persisted query, the response cache, a 304), and that one using none is neither.
func TestDeprecatedFieldUses(t *testing.T) {
	const apiKey = "dashboard-key-1"
	sum := sha256.Sum256([]byte(apiKey))
	keyLabel := hex.EncodeToString(sum[:6])
	ts := httptest.NewServer(newServer(t, server.Config{APIKeys: []string{apiKey}}))
	defer ts.Close()

	sourceReason := "Use `sources`, whose first item is this source."
	linkageSource := []deprecationWarning{{"Linkage.source", sourceReason}}
	persisted := `{ prizes(first: 2) { nodes { key organization { key } source { key } } } }`
	persistedHash := sha256.Sum256([]byte(persisted))
	persistedExt := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(persistedHash[:]) + `"}}`

	tests := []struct {
		name string
		req  gqlReq
		// getPersisted, when set, sends the persisted query by hash alone over GET instead.
		getPersisted bool
		want         []deprecationWarning
		key          string // the key label the uses are counted under
	}{
		{"POST, no deprecated field", gqlReq{query: `{ linkage(key: "C2>9.c") { key sources { key } } }`}, false, nil, "none"},
		{"POST, a deprecated field", gqlReq{query: `{ linkage(key: "C2>9.c") { key source { key } } }`}, false, linkageSource, "none"},
		{"the same again, from the response cache", gqlReq{query: `{ linkage(key: "C2>9.c") { key source { key } } }`}, false, linkageSource, "none"},
		{"twice in one request, through a fragment and an alias", gqlReq{query: `query L { a: linkage(key: "C2>9.c") { ...S } b: linkage(key: "C1>1") { main: source { year } } } fragment S on Linkage { source { key } }`},
			false, linkageSource, "none"},
		{"GET with an API key", gqlReq{method: http.MethodGet, query: `{ actionLine(code: "C2") { facilitators { source { key } } } }`, header: map[string]string{"X-Api-Key": apiKey}},
			false, []deprecationWarning{{"Facilitation.source", sourceReason}}, keyLabel},
		{"an unknown API key counts as none", gqlReq{method: http.MethodGet, query: `{ actionLine(code: "C3") { facilitators { source { key } } } }`, header: map[string]string{"X-Api-Key": "not-a-key"}},
			false, []deprecationWarning{{"Facilitation.source", sourceReason}}, "none"},
		{"a persisted query registered", gqlReq{body: []byte(`{"query":` + quote(persisted) + `,"extensions":` + persistedExt + `}`)}, false,
			[]deprecationWarning{{"Prize.organization", "Use `organizations`, whose first item is this organisation."}, {"Prize.source", sourceReason}}, "none"},
		{"the persisted query by hash over GET", gqlReq{}, true,
			[]deprecationWarning{{"Prize.organization", "Use `organizations`, whose first item is this organisation."}, {"Prize.source", sourceReason}}, "none"},
		{"GET, no deprecated field", gqlReq{method: http.MethodGet, query: `{ prizes(first: 2) { nodes { key organizations { key } sources { key } } } }`}, false, nil, "none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fields := []string{"Linkage.source", "Facilitation.source", "Prize.organization", "Prize.source", "Project.source", "Event.source"}
			before := map[string]float64{}
			for _, f := range fields {
				for _, k := range []string{"none", keyLabel} {
					before[f+k] = scrape(t, ts.URL, usesMetric(f, k))
				}
			}
			var a *answer
			if tc.getPersisted {
				resp, err := http.Get(ts.URL + "/graphql?extensions=" + url.QueryEscape(persistedExt))
				if err != nil {
					t.Fatal(err)
				}
				a = readAnswer(t, resp)
			} else {
				a = do(t, ts.URL, tc.req)
			}
			if a.Status != http.StatusOK || len(a.Errors) > 0 {
				t.Fatalf("status %d, errors %v: %s", a.Status, a.Errors, clip(a.Raw))
			}
			if got := deprecationsOf(t, a); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("extensions.deprecations = %v, want %v", got, tc.want)
			}
			for _, f := range fields {
				for _, k := range []string{"none", keyLabel} {
					want := before[f+k]
					for _, w := range tc.want {
						if w.Field == f && k == tc.key {
							want++
						}
					}
					if got := scrape(t, ts.URL, usesMetric(f, k)); got != want {
						t.Errorf("%s = %v, want %v", usesMetric(f, k), got, want)
					}
				}
			}
		})
	}

	t.Run("a 304 counts the uses of the copy it confirms", func(t *testing.T) {
		q := `{ linkage(key: "C2>9.c") { level source { year } } }`
		first := do(t, ts.URL, gqlReq{method: http.MethodGet, query: q})
		etag := first.Header.Get("ETag")
		if etag == "" || !reflect.DeepEqual(deprecationsOf(t, first), linkageSource) {
			t.Fatalf("first answer: ETag %q, deprecations %v", etag, deprecationsOf(t, first))
		}
		before := scrape(t, ts.URL, usesMetric("Linkage.source", "none"))
		again := do(t, ts.URL, gqlReq{method: http.MethodGet, query: q, header: map[string]string{"If-None-Match": etag}})
		if again.Status != http.StatusNotModified {
			t.Fatalf("status %d, want 304", again.Status)
		}
		if got := scrape(t, ts.URL, usesMetric("Linkage.source", "none")); got != before+1 {
			t.Errorf("uses after a 304: %v, want %v", got, before+1)
		}
	})
}

// TestExamplesUseNoDeprecatedField checks that the example queries of docs/queries (the
// playground's tabs) show no deprecated field: each answer carries no extensions.deprecations.
func TestExamplesUseNoDeprecatedField(t *testing.T) {
	ts := httptest.NewServer(newServer(t, server.Config{}))
	defer ts.Close()
	entries, err := fs.ReadDir(queries.FS, ".")
	if err != nil || len(entries) == 0 {
		t.Fatalf("%d examples: %v", len(entries), err)
	}
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			q, err := fs.ReadFile(queries.FS, e.Name())
			if err != nil {
				t.Fatal(err)
			}
			a := do(t, ts.URL, gqlReq{query: string(q)})
			if a.Status != http.StatusOK || len(a.Errors) > 0 {
				t.Fatalf("status %d: %s", a.Status, clip(a.Raw))
			}
			if d := deprecationsOf(t, a); len(d) > 0 {
				t.Errorf("the example uses deprecated fields: %v", d)
			}
		})
	}
}

// TestSchemaEndpoint fetches GET /schema.graphql over HTTP as a browser on another origin
// would: the SDL of schema.graphqls, an ETag honoured with 304, CORS headers.
func TestSchemaEndpoint(t *testing.T) {
	ts := httptest.NewServer(newServer(t, server.Config{}))
	defer ts.Close()
	want, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	get := func(t *testing.T, method string, header map[string]string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+server.SchemaPath, nil)
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
	const origin = "https://dashboard.example"

	resp, body := get(t, http.MethodGet, map[string]string{"Origin": origin})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if body != string(want) {
		t.Errorf("the SDL served (%d bytes) is not schema.graphqls (%d bytes)", len(body), len(want))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" && got != origin {
		t.Errorf("Access-Control-Allow-Origin %q", got)
	}
	if !strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "Etag") && !strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "ETag") {
		t.Errorf("ETag not exposed to scripts: Access-Control-Expose-Headers %q", resp.Header.Get("Access-Control-Expose-Headers"))
	}
	etag := resp.Header.Get("ETag")
	if len(etag) < 10 || etag[0] != '"' {
		t.Fatalf("ETag %q", etag)
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") {
		t.Errorf("Cache-Control %q", cc)
	}
	s, gerr := gqlparser.LoadSchema(&ast.Source{Name: "served", Input: body})
	if gerr != nil {
		t.Fatalf("the SDL served does not parse: %v", gerr)
	}
	if d := s.Types["Linkage"].Fields.ForName("source").Directives.ForName("deprecated"); d == nil {
		t.Errorf("Linkage.source is not @deprecated in the SDL served")
	}

	t.Run("If-None-Match with the ETag: 304", func(t *testing.T) {
		resp, body := get(t, http.MethodGet, map[string]string{"Origin": origin, "If-None-Match": etag})
		if resp.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("status %d with %d bytes, want 304 and no body", resp.StatusCode, len(body))
		}
		if resp.Header.Get("ETag") != etag {
			t.Errorf("304 ETag %q, want %q", resp.Header.Get("ETag"), etag)
		}
	})
	t.Run("another ETag: 200", func(t *testing.T) {
		resp, body := get(t, http.MethodGet, map[string]string{"If-None-Match": `"stale"`})
		if resp.StatusCode != http.StatusOK || body != string(want) {
			t.Errorf("status %d with %d bytes", resp.StatusCode, len(body))
		}
	})
	t.Run("HEAD", func(t *testing.T) {
		resp, body := get(t, http.MethodHead, nil)
		if resp.StatusCode != http.StatusOK || body != "" || resp.Header.Get("ETag") != etag {
			t.Errorf("status %d, %d bytes, ETag %q", resp.StatusCode, len(body), resp.Header.Get("ETag"))
		}
	})
	t.Run("CORS preflight", func(t *testing.T) {
		resp, _ := get(t, http.MethodOptions, map[string]string{"Origin": origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match"})
		if resp.StatusCode >= 300 || resp.Header.Get("Access-Control-Allow-Origin") == "" {
			t.Errorf("preflight: status %d, Allow-Origin %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
		}
	})
	t.Run("POST is not allowed", func(t *testing.T) {
		resp, _ := get(t, http.MethodPost, nil)
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("status %d, want 405", resp.StatusCode)
		}
	})
}
