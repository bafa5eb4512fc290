package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// answer is a decoded GraphQL answer with its HTTP status and headers.
type answer struct {
	Status int
	Header http.Header
	Raw    string
	Data   json.RawMessage
	Errors []struct {
		Message    string
		Extensions map[string]any
	}
	Extensions struct {
		Cost *struct {
			Requested int
			Limit     int
			Remaining *int
		}
	}
}

// code returns the first error's extensions.code, "" without errors.
func (a *answer) code() string {
	if len(a.Errors) == 0 {
		return ""
	}
	c, _ := a.Errors[0].Extensions["code"].(string)
	return c
}

func (a *answer) message() string {
	if len(a.Errors) == 0 {
		return ""
	}
	return a.Errors[0].Message
}

// gqlReq describes one request to /graphql.
type gqlReq struct {
	method    string // GET or POST (default)
	query     string
	variables map[string]any
	opName    string
	header    map[string]string
	body      []byte // a raw POST body instead of query/variables
}

func do(t testing.TB, base string, r gqlReq) *answer {
	t.Helper()
	var req *http.Request
	var err error
	if r.method == http.MethodGet {
		v := url.Values{"query": {r.query}}
		if r.variables != nil {
			b, _ := json.Marshal(r.variables)
			v.Set("variables", string(b))
		}
		if r.opName != "" {
			v.Set("operationName", r.opName)
		}
		req, err = http.NewRequest(http.MethodGet, base+"/graphql?"+v.Encode(), nil)
	} else {
		body := r.body
		if body == nil {
			body, _ = json.Marshal(map[string]any{"query": r.query, "variables": r.variables, "operationName": r.opName})
		}
		req, err = http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return readAnswer(t, resp)
}

// readAnswer reads and closes resp's body; a body must be a JSON object.
func readAnswer(t testing.TB, resp *http.Response) *answer {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := &answer{Status: resp.StatusCode, Header: resp.Header, Raw: string(b)}
	if len(b) > 0 {
		if err := json.Unmarshal(b, a); err != nil {
			t.Fatalf("answer is not JSON: %v: %s", err, clip(string(b)))
		}
	}
	return a
}

// repeat returns n copies of s joined by sep, each with %d replaced by its index.
func repeat(n int, s, sep string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = strings.ReplaceAll(s, "%d", itoa(i))
	}
	return strings.Join(parts, sep)
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
