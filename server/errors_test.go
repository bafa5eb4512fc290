package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/server"
)

// faultyStore fails the goal reads of the store it wraps: GoalsByNumber with err, or with a
// panic when panics is set. Every other read works.
type faultyStore struct {
	wsisgraph.Store
	err    error
	panics bool
}

func (s *faultyStore) GoalsByNumber(ctx context.Context, numbers []int) (map[int]*wsisgraph.Goal, error) {
	if s.panics {
		panic("store exploded: MATCH (g:Goal) WHERE g.number IN $numbers")
	}
	return nil, s.err
}

func (s *faultyStore) Goals(ctx context.Context) ([]*wsisgraph.Goal, error) {
	if s.panics {
		var m map[string]int
		m["boom"]++ // a nil-map write: a runtime panic
	}
	return nil, s.err
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// records returns the JSON log records whose msg is msg.
func (s *syncBuffer) records(t *testing.T, msg string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(s.b.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("log line is not JSON: %s", sc.Text())
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// TestStoreFailures checks what a client sees when the store fails: panics and unexpected
// errors are INTERNAL with a generic message (no Cypher, driver text or stack), logged with
// the request id; coded errors keep their code; and the server goes on serving.
func TestStoreFailures(t *testing.T) {
	const leak = "MATCH"
	tests := []struct {
		name  string
		store *faultyStore
		query string
		code  string
		log   string // the log message that must carry the request id
	}{
		{"panic in a batched read", &faultyStore{panics: true}, `{ goal(number: 9) { number } }`, "INTERNAL", "panic in store"},
		{"panic in a list read", &faultyStore{panics: true}, `{ goals { number } }`, "INTERNAL", "panic in store"},
		{"driver error", &faultyStore{err: errors.New("Neo4jError: Neo.ClientError.Statement.SyntaxError (MATCH (g:Goal) RETURN g)")}, `{ goals { number } }`, "INTERNAL", "internal error"},
		{"unavailable", &faultyStore{err: wsisgraph.Errorf(wsisgraph.EUNAVAILABLE, "the database cannot be reached")}, `{ goals { number } }`, "SERVICE_UNAVAILABLE", ""},
		{"timeout", &faultyStore{err: wsisgraph.Errorf(wsisgraph.ETIMEOUT, "the database took too long")}, `{ goal(number: 1) { number } }`, "TIMEOUT", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			logs := &syncBuffer{}
			tc.store.Store = newServerStore(t)
			ts := httptest.NewServer(newServer(t, server.Config{Store: tc.store, Logger: slog.New(slog.NewJSONHandler(logs, nil))}))
			defer ts.Close()
			a := do(t, ts.URL, gqlReq{query: tc.query, header: map[string]string{"X-Request-Id": "req-" + strings.ReplaceAll(tc.name, " ", "-")}})
			if a.code() != tc.code {
				t.Fatalf("code %q (%s), want %q", a.code(), a.message(), tc.code)
			}
			if strings.Contains(a.Raw, leak) || strings.Contains(a.Raw, "goroutine") || strings.Contains(a.Raw, ".go:") {
				t.Errorf("answer leaks backend details: %s", clip(a.Raw))
			}
			if a.Header.Get("X-Request-Id") != "req-"+strings.ReplaceAll(tc.name, " ", "-") {
				t.Errorf("X-Request-Id = %q, not echoed", a.Header.Get("X-Request-Id"))
			}
			if tc.log != "" {
				recs := logs.records(t, tc.log)
				if len(recs) == 0 || recs[0]["request_id"] != a.Header.Get("X-Request-Id") {
					t.Errorf("log %q with request id %q: got %v", tc.log, a.Header.Get("X-Request-Id"), recs)
				}
			}
			// The server keeps serving what does not touch the failing reads.
			if b := do(t, ts.URL, gqlReq{query: `{ actionLine(code: "C2") { code } }`}); b.Status != 200 || b.code() != "" {
				t.Errorf("after the failure: %d %s", b.Status, b.message())
			}
		})
	}
}

// TestEveryFailureIsNamed sends malformed requests and checks that each answer is a
// GraphQL-shaped body whose errors all carry extensions.code, with the documented status in
// each media type (a request error is 200 under application/json and 400 under
// application/graphql-response+json, as the GraphQL-over-HTTP specification asks), without a
// `data` key when nothing was executed, and that no answer echoes the request body back.
func TestEveryFailureIsNamed(t *testing.T) {
	ts := httptest.NewServer(newServer(t, server.Config{}))
	defer ts.Close()
	const secret = "SECRET-BODY-CONTENT"
	tests := []struct {
		name        string
		method      string
		contentType string
		body        string
		path        string
		status      int // under application/json
		gqlStatus   int // under application/graphql-response+json
		code        string
		executed    bool // the answer has `data`
	}{
		{"undecodable JSON", "POST", "application/json", `{"query": "{ goals { number } }", ` + secret, "/graphql", 400, 400, "BAD_REQUEST", false},
		{"query not a string", "POST", "application/json", `{"query": 42}`, "/graphql", 400, 400, "BAD_REQUEST", false},
		{"trailing data", "POST", "application/json", `{"query": "{ goals { number } }"} {"x": 1}`, "/graphql", 400, 400, "BAD_REQUEST", false},
		{"batch", "POST", "application/json", `[{"query": "{ goals { number } }"}]`, "/graphql", 400, 400, "BAD_REQUEST", false},
		{"wrong content type", "POST", "text/plain", `{ goals { number } }`, "/graphql", 415, 415, "BAD_REQUEST", false},
		{"wrong method", "PUT", "application/json", `{"query": "{ goals { number } }"}`, "/graphql", 405, 405, "BAD_REQUEST", false},
		{"no query", "POST", "application/json", `{}`, "/graphql", 400, 400, "BAD_REQUEST", false},
		{"no query over GET", "GET", "", "", "/graphql", 400, 400, "BAD_REQUEST", false},
		{"parse error", "POST", "application/json", `{"query": "{ goals { "}`, "/graphql", 200, 400, "GRAPHQL_PARSE_FAILED", false},
		{"unknown field", "POST", "application/json", `{"query": "{ goals { nope } }"}`, "/graphql", 200, 400, "GRAPHQL_VALIDATION_FAILED", false},
		{"variables of the wrong type", "POST", "application/json", `{"query": "query ($n: Int!) { goal(number: $n) { number } }", "variables": {"n": "nine"}}`, "/graphql", 200, 400, "GRAPHQL_VALIDATION_FAILED", false},
		{"unknown operation name", "POST", "application/json", `{"query": "query A { goals { number } }", "operationName": "B"}`, "/graphql", 200, 400, "GRAPHQL_VALIDATION_FAILED", false},
		{"above a limit", "POST", "application/json", `{"query": "{ goals { ...F ...F } } fragment F on Goal { ` + repeat(16, "a%d: number", " ") + ` }"}`, "/graphql", 200, 400, "ALIAS_LIMIT_EXCEEDED", false},
		{"persisted query not found", "GET", "", "", `/graphql?extensions={"persistedQuery":{"version":1,"sha256Hash":"0000000000000000000000000000000000000000000000000000000000000000"}}`, 200, 400, "PERSISTED_QUERY_NOT_FOUND", false},
		{"persisted query hash mismatch", "POST", "application/json", `{"query": "{ goals { number } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}`, "/graphql", 400, 400, "BAD_REQUEST", false},
		{"malformed variables in GET", "GET", "", "", "/graphql?query=%7Bgoals%7Bnumber%7D%7D&variables=" + secret, 400, 400, "BAD_REQUEST", false},
		{"bad argument", "POST", "application/json", `{"query": "{ goal(number: 1) { title(lang: \"xx\") } }"}`, "/graphql", 200, 200, "BAD_USER_INPUT", true},
	}
	for _, tc := range tests {
		for _, mt := range []string{"application/json", "application/graphql-response+json"} {
			t.Run(tc.name+" as "+mt, func(t *testing.T) {
				path := tc.path
				if strings.Contains(path, "{") {
					base, q, _ := strings.Cut(path, "?")
					k, v, _ := strings.Cut(q, "=")
					path = base + "?" + k + "=" + urlEscape(v)
				}
				req, _ := http.NewRequest(tc.method, ts.URL+path, strings.NewReader(tc.body))
				if tc.contentType != "" {
					req.Header.Set("Content-Type", tc.contentType)
				}
				req.Header.Set("Accept", mt)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				a := readAnswer(t, resp)
				want := tc.status
				if mt != "application/json" {
					want = tc.gqlStatus
				}
				if a.Status != want || a.code() != tc.code {
					t.Fatalf("got %d %q (%s), want %d %q", a.Status, a.code(), a.message(), want, tc.code)
				}
				if ct := a.Header.Get("Content-Type"); ct != mt {
					t.Errorf("Content-Type %q, want %q", ct, mt)
				}
				var keys map[string]json.RawMessage
				_ = json.Unmarshal([]byte(a.Raw), &keys)
				if _, has := keys["data"]; has != tc.executed {
					t.Errorf("has data = %v, want %v: %s", has, tc.executed, clip(a.Raw))
				}
				for _, e := range a.Errors {
					if c, _ := e.Extensions["code"].(string); c == "" {
						t.Errorf("error without a code: %q", e.Message)
					}
				}
				if strings.Contains(a.Raw, secret) {
					t.Errorf("the answer echoes the request: %s", clip(a.Raw))
				}
				if a.Extensions.Cost == nil {
					t.Errorf("no extensions.cost: %s", clip(a.Raw))
				}
			})
		}
	}
}

func urlEscape(s string) string {
	r := strings.NewReplacer("{", "%7B", "}", "%7D", `"`, "%22", ":", "%3A", ",", "%2C", " ", "%20")
	return r.Replace(s)
}
