package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph/server"
)

// fuzzServer is a server without rate limit or response cache, so that every input
// executes.
func fuzzServer(t testing.TB) *server.Server {
	return newServer(t, server.Config{RatePerMinute: -1, NoResponseCache: true, MaxBodyBytes: 64 << 10})
}

// checkAnswer fails unless w holds a GraphQL-shaped answer below 500 whose errors all carry
// a code other than INTERNAL.
func checkAnswer(t *testing.T, w *httptest.ResponseRecorder, input any) {
	t.Helper()
	if w.Code >= 500 {
		t.Fatalf("status %d for %q: %s", w.Code, input, clip(w.Body.String()))
	}
	if w.Code == http.StatusNotModified {
		return
	}
	var a struct {
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatalf("answer to %q is not JSON: %v: %s", input, err, clip(w.Body.String()))
	}
	for _, e := range a.Errors {
		code, _ := e.Extensions["code"].(string)
		if code == "" || code == "INTERNAL" {
			t.Fatalf("error %q with code %q for %q", e.Message, code, input)
		}
	}
}

// FuzzRequestDecoder posts arbitrary bodies to /graphql. Seeds: testdata/fuzz/
// FuzzRequestDecoder and the f.Add calls; `go test ./server -run XXX -fuzz
// FuzzRequestDecoder -fuzztime 5m` explores further.
func FuzzRequestDecoder(f *testing.F) {
	for _, s := range []string{
		`{"query":"{ goals { number } }"}`,
		`{"query":"query ($n: Int!) { goal(number: $n) { title } }","variables":{"n":9}}`,
		`{"query":"{ goals { number } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"x"}}}`,
		`{"query":"query A { goals { number } } query B { goals { number } }","operationName":"B"}`,
		`[{"query":"{ goals { number } }"}]`,
		`{"query":"{ projects(first: 100) { nodes { organizations { projects(first: 100) { nodes { key } } } } } }"}`,
		`{"query":null,"variables":[]}`,
		`{"query":"{ node(id: \"R29hbDo5\") { id } }"} trailing`,
		``, `null`, `"x"`, `{"query":"{`,
	} {
		f.Add([]byte(s))
	}
	srv := fuzzServer(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		serveWithin(t, srv, w, req, body)
		checkAnswer(t, w, body)
	})
}

// serveWithin serves req and fails, with every goroutine's stack, when it takes longer than
// the request deadline allows.
func serveWithin(t *testing.T, h http.Handler, w http.ResponseWriter, req *http.Request, input any) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(w, req)
	}()
	select {
	case <-done:
	case <-time.After(server.DefaultRequestTimeout + 2*time.Second):
		buf := make([]byte, 1<<20)
		t.Fatalf("no answer to %q after %v:\n%s", input, server.DefaultRequestTimeout+2*time.Second, buf[:runtime.Stack(buf, true)])
	}
}

// FuzzFilters sends arbitrary text through GraphQL variables into every text filter, the
// search and the language arguments. Seeds: testdata/fuzz/FuzzFilters and the f.Add calls.
func FuzzFilters(f *testing.F) {
	for _, s := range []string{"internet", "", "SANTÉ", "e-health", "9.c", `" OR 1=1 --`, "健康", "%_*", "\x00", strings.Repeat("a ", 40), "MATCH (n) DETACH DELETE n"} {
		f.Add(s, "fr")
	}
	f.Add("health", "zh-Hans")
	f.Add("x", "xx")
	const query = `query ($t: String!, $l: String) {
		projects(filter: {text: $t}) { totalCount nodes { key } }
		organizations(filter: {text: $t}) { nodes { key } }
		prizes(filter: {text: $t}) { nodes { key } }
		events(filter: {text: $t}) { nodes { key } }
		search(text: $t, lang: $l, first: 5) { totalCount nodes { id } }
		goal(number: 3) { title(lang: $l) }
	}`
	srv := fuzzServer(f)
	f.Fuzz(func(t *testing.T, text, lang string) {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": map[string]any{"t": text, "l": lang}})
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		serveWithin(t, srv, w, req, text)
		checkAnswer(t, w, text)
	})
}
