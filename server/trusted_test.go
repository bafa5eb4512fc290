package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph/server"
)

// Documents of the trusted-document tests.
const (
	goalsDoc  = "query Goals { goals { number } }"
	targetDoc = "query Target($code: String!) { target(code: $code) { code } }"
	linesDoc  = "query Lines { actionLines { code } }"
	freeForm  = "{ goals { number title } }"
)

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// codegenManifest returns a manifest as GraphQL Code Generator writes it: sha256 → document.
func codegenManifest(docs ...string) []byte {
	m := map[string]string{}
	for _, d := range docs {
		m[sha(d)] = d
	}
	b, _ := json.Marshal(m)
	return b
}

// apolloManifest returns an Apollo persisted query manifest with ids of its own ("op-N"), not
// hashes, as a custom id generator may choose.
func apolloManifest(docs ...string) []byte {
	m := struct {
		Format     string              `json:"format"`
		Version    int                 `json:"version"`
		Operations []map[string]string `json:"operations"`
	}{Format: "apollo-persisted-query-manifest", Version: 1}
	for i, d := range docs {
		m.Operations = append(m.Operations, map[string]string{"id": fmt.Sprintf("op-%d", i), "name": strings.Fields(d)[1], "type": "query", "body": d})
	}
	b, _ := json.Marshal(m)
	return b
}

func mustTrusted(t testing.TB, b []byte) *server.TrustedDocuments {
	t.Helper()
	d, err := server.ParseTrustedDocuments(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type gqlAnswer struct {
	status int
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (a gqlAnswer) code() string {
	if len(a.Errors) == 0 {
		return ""
	}
	c, _ := a.Errors[0].Extensions["code"].(string)
	return c
}

// post sends body (a JSON object) with X-Api-Key key when not empty.
func post(t testing.TB, client *http.Client, endpoint, key string, body map[string]any) gqlAnswer {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, endpoint, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("X-Api-Key", key)
	}
	return send(t, client, req)
}

// postAccept is post without a key, asking for media type accept.
func postAccept(t testing.TB, client *http.Client, endpoint, accept string, body map[string]any) gqlAnswer {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, endpoint, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", accept)
	return send(t, client, req)
}

func send(t testing.TB, client *http.Client, req *http.Request) gqlAnswer {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Error(err)
		return gqlAnswer{}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := gqlAnswer{status: resp.StatusCode}
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Errorf("answer %d %q: %v", resp.StatusCode, raw, err)
	}
	return a
}

func apq(hash string) map[string]any {
	return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
}

func TestTrustedDocuments(t *testing.T) {
	for _, manifest := range []struct {
		name string
		b    []byte
		id   func(doc string) string // the manifest's id of a document
	}{
		{"codegen", codegenManifest(goalsDoc, targetDoc), sha},
		{"apollo", apolloManifest(goalsDoc, targetDoc), func(d string) string {
			return map[string]string{goalsDoc: "op-0", targetDoc: "op-1"}[d]
		}},
	} {
		t.Run(manifest.name, func(t *testing.T) {
			srv := newServer(t, server.Config{
				TrustedDocuments: mustTrusted(t, manifest.b),
				APIKeys:          []string{"budget-only", "explorer"},
				FreeFormKeys:     []string{"explorer"},
			})
			ts := httptest.NewServer(srv)
			defer ts.Close()
			endpoint := ts.URL + "/graphql"
			c := ts.Client()
			getWith := func(params url.Values) gqlAnswer {
				req, _ := http.NewRequest(http.MethodGet, endpoint+"?"+params.Encode(), nil)
				return send(t, c, req)
			}
			extJSON, _ := json.Marshal(apq(manifest.id(goalsDoc)))

			for _, tc := range []struct {
				name       string
				do         func() gqlAnswer
				wantStatus int
				wantCode   string
				wantData   string // a root field the answer must hold
			}{
				{"free-form without a key is refused", func() gqlAnswer { return post(t, c, endpoint, "", map[string]any{"query": freeForm}) },
					http.StatusBadRequest, "PERSISTED_QUERY_REQUIRED", ""},
				{"free-form with a key that only has a budget is refused", func() gqlAnswer {
					return post(t, c, endpoint, "budget-only", map[string]any{"query": freeForm})
				}, http.StatusBadRequest, "PERSISTED_QUERY_REQUIRED", ""},
				{"free-form with a free-form key runs", func() gqlAnswer { return post(t, c, endpoint, "explorer", map[string]any{"query": freeForm}) },
					http.StatusOK, "", "goals"},
				{"free-form again without a key is refused, though its answer is cached", func() gqlAnswer {
					return post(t, c, endpoint, "", map[string]any{"query": freeForm})
				}, http.StatusBadRequest, "PERSISTED_QUERY_REQUIRED", ""},
				{"free-form by GET is refused", func() gqlAnswer { return getWith(url.Values{"query": {freeForm}}) },
					http.StatusBadRequest, "PERSISTED_QUERY_REQUIRED", ""},
				{"known id by APQ extension (POST)", func() gqlAnswer {
					return post(t, c, endpoint, "", map[string]any{"extensions": apq(manifest.id(goalsDoc))})
				}, http.StatusOK, "", "goals"},
				{"known id by APQ extension (GET)", func() gqlAnswer {
					return getWith(url.Values{"extensions": {string(extJSON)}})
				}, http.StatusOK, "", "goals"},
				{"known id with variables", func() gqlAnswer {
					return post(t, c, endpoint, "", map[string]any{"extensions": apq(manifest.id(targetDoc)), "variables": map[string]any{"code": "9.c"}})
				}, http.StatusOK, "", "target"},
				{"documentId (POST)", func() gqlAnswer { return post(t, c, endpoint, "", map[string]any{"documentId": manifest.id(goalsDoc)}) },
					http.StatusOK, "", "goals"},
				{"documentId (GET)", func() gqlAnswer { return getWith(url.Values{"documentId": {manifest.id(goalsDoc)}}) },
					http.StatusOK, "", "goals"},
				{"documentId sha256:HASH, whatever the manifest's ids", func() gqlAnswer {
					return post(t, c, endpoint, "", map[string]any{"documentId": "sha256:" + sha(goalsDoc)})
				}, http.StatusOK, "", "goals"},
				{"the text of a trusted document runs", func() gqlAnswer {
					return post(t, c, endpoint, "", map[string]any{"query": targetDoc, "variables": map[string]any{"code": "4.4"}})
				},
					http.StatusOK, "", "target"},
				{"unknown id", func() gqlAnswer { return post(t, c, endpoint, "", map[string]any{"extensions": apq(sha(linesDoc))}) },
					http.StatusOK, "PERSISTED_QUERY_NOT_FOUND", ""},
				{"unknown documentId", func() gqlAnswer { return post(t, c, endpoint, "", map[string]any{"documentId": "nope"}) },
					http.StatusOK, "PERSISTED_QUERY_NOT_FOUND", ""},
				{"unknown id, as application/graphql-response+json", func() gqlAnswer {
					return postAccept(t, c, endpoint, "application/graphql-response+json", map[string]any{"documentId": "nope"})
				}, http.StatusBadRequest, "PERSISTED_QUERY_NOT_FOUND", ""},
				{"free-form as application/graphql-response+json is refused", func() gqlAnswer {
					return postAccept(t, c, endpoint, "application/graphql-response+json", map[string]any{"query": freeForm})
				}, http.StatusBadRequest, "PERSISTED_QUERY_REQUIRED", ""},
				{"APQ registration without a key is refused", func() gqlAnswer {
					return post(t, c, endpoint, "", map[string]any{"query": linesDoc, "extensions": apq(sha(linesDoc))})
				}, http.StatusBadRequest, "PERSISTED_QUERY_REQUIRED", ""},
				{"a free-form key's query with a hash runs", func() gqlAnswer {
					return post(t, c, endpoint, "explorer", map[string]any{"query": linesDoc, "extensions": apq(sha(linesDoc))})
				}, http.StatusOK, "", "actionLines"},
				{"... but registers nothing", func() gqlAnswer { return post(t, c, endpoint, "", map[string]any{"extensions": apq(sha(linesDoc))}) },
					http.StatusOK, "PERSISTED_QUERY_NOT_FOUND", ""},
			} {
				t.Run(tc.name, func(t *testing.T) {
					a := tc.do()
					if a.status != tc.wantStatus || a.code() != tc.wantCode {
						t.Fatalf("status %d, code %q (%+v); want %d, %q", a.status, a.code(), a.Errors, tc.wantStatus, tc.wantCode)
					}
					if tc.wantData != "" && a.Data[tc.wantData] == nil {
						t.Errorf("no %s in %v", tc.wantData, a.Data)
					}
					if tc.wantCode == "PERSISTED_QUERY_REQUIRED" {
						if msg := a.Errors[0].Message; !strings.Contains(msg, "-trusted-documents") || !strings.Contains(msg, "persistedDocuments") {
							t.Errorf("the message does not say how to register operations: %q", msg)
						}
						if a.Data != nil {
							t.Errorf("data in a refusal: %v", a.Data)
						}
					}
				})
			}
		})
	}

	t.Run("off by default: free-form runs and APQ registers", func(t *testing.T) {
		ts := httptest.NewServer(newServer(t, server.Config{}))
		defer ts.Close()
		endpoint := ts.URL + "/graphql"
		if a := post(t, ts.Client(), endpoint, "", map[string]any{"query": freeForm}); a.status != http.StatusOK || a.Data["goals"] == nil {
			t.Errorf("free-form: %d %+v", a.status, a.Errors)
		}
		if a := post(t, ts.Client(), endpoint, "", map[string]any{"documentId": sha(goalsDoc)}); a.status != http.StatusBadRequest || a.code() != "BAD_REQUEST" {
			t.Errorf("documentId without trusted documents: %d %+v", a.status, a.Errors)
		}
		post(t, ts.Client(), endpoint, "", map[string]any{"query": linesDoc, "extensions": apq(sha(linesDoc))})
		if a := post(t, ts.Client(), endpoint, "", map[string]any{"extensions": apq(sha(linesDoc))}); a.Data["actionLines"] == nil {
			t.Errorf("a registered APQ hash: %d %+v", a.status, a.Errors)
		}
	})
}

func TestParseTrustedDocuments(t *testing.T) {
	for _, tc := range []struct {
		name, manifest, wantErr string
	}{
		{"not JSON", `{"a":`, "not a JSON object"},
		{"an array", `["query { goals { number } }"]`, "not a JSON object"},
		{"a value that is not a string", `{"abc": 1}`, "not a string"},
		{"empty", `{}`, "no document"},
		{"empty Apollo manifest", `{"format":"apollo-persisted-query-manifest","version":1,"operations":[]}`, "no document"},
		{"Apollo manifest of another version", `{"format":"apollo-persisted-query-manifest","version":2,"operations":[]}`, "version 1"},
		{"unknown format", `{"format":"relay","version":1}`, "version 1"},
		{"an operation without id", `{"format":"apollo-persisted-query-manifest","version":1,"operations":[{"name":"G","type":"query","body":"query G { goals { number } }"}]}`, "has no id"},
		{"a document that does not parse", `{"abc": "query {"}`, `"abc" does not run on this schema`},
		{"a field the schema lacks", `{"abc": "query { goals { nickname } }"}`, `"abc" does not run on this schema`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := server.ParseTrustedDocuments([]byte(tc.manifest))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
	t.Run("lookups", func(t *testing.T) {
		d := mustTrusted(t, apolloManifest(goalsDoc, targetDoc))
		if d.Len() != 2 || d.Format() != server.FormatApollo {
			t.Errorf("Len %d, Format %q", d.Len(), d.Format())
		}
		for _, id := range []string{"op-0", sha(goalsDoc), strings.ToUpper(sha(goalsDoc)), "sha256:" + sha(goalsDoc)} {
			if text, ok := d.Lookup(id); !ok || text != goalsDoc {
				t.Errorf("Lookup(%q) = %q, %v", id, text, ok)
			}
		}
		for _, id := range []string{"op-2", sha(linesDoc), "sha256:op-0", ""} {
			if _, ok := d.Lookup(id); ok {
				t.Errorf("Lookup(%q) found a document", id)
			}
		}
		if c := mustTrusted(t, codegenManifest(goalsDoc)); c.Format() != server.FormatCodegen {
			t.Errorf("Format %q", c.Format())
		}
	})
}

// TestTrustedDocumentsReloadUnderLoad swaps manifests (and tries a broken one) while clients
// send requests by id: every request gets its answer, and each reload takes effect at once.
func TestTrustedDocumentsReloadUnderLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "persisted-documents.json")
	write := func(b []byte) {
		t.Helper()
		// Written aside and renamed, as a deployment tool does: a reload never reads half a file.
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	withTarget, withLines := codegenManifest(goalsDoc, targetDoc), codegenManifest(goalsDoc, linesDoc)
	var logs bytes.Buffer
	var logMu sync.Mutex
	srv := newServer(t, server.Config{
		TrustedDocuments: mustTrusted(t, withTarget),
		NoResponseCache:  true, RatePerMinute: -1,
		Logger: slog.New(slog.NewTextHandler(lockedWriter{&logMu, &logs}, nil)),
	})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	endpoint := ts.URL + "/graphql"

	var sent, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 30 * time.Second}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body := map[string]any{"extensions": apq(sha(goalsDoc))}
				if (w+i)%2 == 1 {
					body = map[string]any{"documentId": sha(goalsDoc)}
				}
				a := post(t, client, endpoint, "", body)
				sent.Add(1)
				if goals, _ := a.Data["goals"].([]any); a.status != http.StatusOK || len(a.Errors) > 0 || len(goals) != 17 {
					failed.Add(1)
					t.Errorf("request during reloads: %d %+v", a.status, a.Errors)
				}
			}
		}()
	}

	runs := func(doc string) bool {
		a := post(t, ts.Client(), endpoint, "", map[string]any{"extensions": apq(sha(doc)), "variables": map[string]any{"code": "9.c"}})
		return a.status == http.StatusOK && len(a.Errors) == 0
	}
	reloads := 0
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) || sent.Load() < 200 {
		write(withLines)
		if err := srv.ReloadTrustedDocuments(path); err != nil {
			t.Fatal(err)
		}
		if !runs(linesDoc) || runs(targetDoc) {
			t.Fatal("after loading the manifest with Lines: Lines must run, Target must not")
		}
		write([]byte(`{"broken": "query { nickname }"}`))
		if err := srv.ReloadTrustedDocuments(path); err == nil {
			t.Fatal("a broken manifest reloaded")
		}
		if !runs(linesDoc) {
			t.Fatal("a broken manifest replaced the one in use")
		}
		write(withTarget)
		if err := srv.ReloadTrustedDocuments(path); err != nil {
			t.Fatal(err)
		}
		if runs(linesDoc) || !runs(targetDoc) {
			t.Fatal("after loading the manifest with Target: Target must run, Lines must not")
		}
		reloads += 3
	}
	close(stop)
	wg.Wait()
	t.Logf("%d requests during %d reloads, %d failed", sent.Load(), reloads, failed.Load())
	logMu.Lock()
	defer logMu.Unlock()
	if !strings.Contains(logs.String(), "trusted documents not reloaded") {
		t.Errorf("the failed reload was not logged:\n%s", logs.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
