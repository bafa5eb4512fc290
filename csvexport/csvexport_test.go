package csvexport_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph/csvexport"
	"github.com/wsisgraph/wsisgraph/server"
)

const bom = "\ufeff"

// canned is a stand-in GraphQL handler: it answers every request with status and body, and
// records the Accept header and body it was sent.
type canned struct {
	status     int
	body       string
	gotAccept  string
	gotBody    string
	gotQuery   string
	calledWith int
}

func (c *canned) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.calledWith++
	c.gotAccept = r.Header.Get("Accept")
	b, _ := io.ReadAll(r.Body)
	c.gotBody = string(b)
	c.gotQuery = r.URL.Query().Get("query")
	w.Header().Set("Content-Type", "application/graphql-response+json")
	w.Header().Set("Cache-Control", "public, max-age=60")
	w.WriteHeader(c.status)
	io.WriteString(w, c.body)
}

type reply struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, h http.Handler, method, target string, header map[string]string, body string) reply {
	t.Helper()
	ts := httptest.NewServer(h)
	defer ts.Close()
	req, err := http.NewRequest(method, ts.URL+target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, string(b)}
}

func csvGET(query string) string {
	return "/graphql?format=csv&query=" + url.QueryEscape(query)
}

// records parses a CSV answer: it must start with a BOM and be valid RFC 4180.
func records(t *testing.T, body string) [][]string {
	t.Helper()
	rest, ok := strings.CutPrefix(body, bom)
	if !ok {
		t.Fatalf("CSV does not start with a UTF-8 BOM: %q", clip(body))
	}
	r := csv.NewReader(strings.NewReader(rest))
	r.FieldsPerRecord = 0 // every row as wide as the header
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("reading CSV: %v\n%s", err, body)
	}
	return recs
}

func clip(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}

// TestConversion checks how answers become rows and columns.
func TestConversion(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		answer string
		want   [][]string
	}{
		{
			name:   "commas, quotes, newlines and spaces survive",
			query:  `{ goals { number title } }`,
			answer: `{"data":{"goals":[{"number":1,"title":"No poverty, anywhere"},{"number":2,"title":"Say \"zero\" hunger"},{"number":3,"title":"Line one\nline two\r\nline three"},{"number":4,"title":"  padded ; semi  "}]}}`,
			want:   [][]string{{"number", "title"}, {"1", "No poverty, anywhere"}, {"2", `Say "zero" hunger`}, {"3", "Line one\nline two\nline three"}, {"4", "  padded ; semi  "}},
		},
		{
			name:   "columns in selection order with aliases and fragments",
			query:  `query { goals { n: number ...G title } } fragment G on Goal { shortTitle }`,
			answer: `{"data":{"goals":[{"n":9,"shortTitle":"Industry","title":"Build resilient infrastructure"}]}}`,
			want:   [][]string{{"n", "shortTitle", "title"}, {"9", "Industry", "Build resilient infrastructure"}},
		},
		{
			name:   "a field selected twice is one column, at its first place",
			query:  `{ goals { number targets { code } title targets { title } } }`,
			answer: `{"data":{"goals":[{"number":9,"targets":[{"code":"9.1","title":"T1"},{"code":"9.c","title":"Tc"}],"title":"G9"}]}}`,
			want:   [][]string{{"number", "targets.code", "targets.title", "title"}, {"9", "9.1; 9.c", "T1; Tc", "G9"}},
		},
		{
			name:   "nested objects are dotted, null objects give empty cells",
			query:  `{ linkages { level goal { number } target { code goal { number } } } }`,
			answer: `{"data":{"linkages":[{"level":"GOAL","goal":{"number":1},"target":null},{"level":"TARGET","goal":{"number":9},"target":{"code":"9.c","goal":{"number":9}}}]}}`,
			want:   [][]string{{"level", "goal.number", "target.code", "target.goal.number"}, {"GOAL", "1", "", ""}, {"TARGET", "9", "9.c", "9"}},
		},
		{
			name:   "columns come from the query even when every value is null",
			query:  `{ linkages { level target { code } } }`,
			answer: `{"data":{"linkages":[{"level":"GOAL","target":null}]}}`,
			want:   [][]string{{"level", "target.code"}, {"GOAL", ""}},
		},
		{
			name:   "nested lists are joined, one value per element, lined up",
			query:  `{ projects { title actionLines { code lead { acronym } } tags } }`,
			answer: `{"data":{"projects":[{"title":"P1","actionLines":[{"code":"C2","lead":{"acronym":"ITU"}},{"code":"C7.e-health","lead":null},{"code":"C3","lead":{"acronym":"UNESCO"}}],"tags":["a","b"]},{"title":"P2","actionLines":[],"tags":[]}]}}`,
			want:   [][]string{{"title", "actionLines.code", "actionLines.lead.acronym", "tags"}, {"P1", "C2; C7.e-health; C3", "ITU; ; UNESCO", "a; b"}, {"P2", "", "", ""}},
		},
		{
			name:   "lists inside lists are flattened in order",
			query:  `{ actionLines { code linkages { targets { code } } } }`,
			answer: `{"data":{"actionLines":[{"code":"C1","linkages":[{"targets":[{"code":"1.1"},{"code":"1.2"}]},{"targets":[{"code":"9.c"}]}]}]}}`,
			want:   [][]string{{"code", "linkages.targets.code"}, {"C1", "1.1; 1.2; 9.c"}},
		},
		{
			name:   "the first list in document order wins",
			query:  `{ goal { number targets { code } indicators { code } } goals { number } }`,
			answer: `{"data":{"goal":{"number":9,"targets":[{"code":"9.1"},{"code":"9.2"}],"indicators":[{"code":"9.1.1"}]},"goals":[{"number":1}]}}`,
			want:   [][]string{{"code"}, {"9.1"}, {"9.2"}},
		},
		{
			name:   "a connection's nodes",
			query:  `{ prizes(first: 2) { totalCount pageInfo { hasNextPage } nodes { year project { title } } } }`,
			answer: `{"data":{"prizes":{"totalCount":40,"pageInfo":{"hasNextPage":true},"nodes":[{"year":2015,"project":{"title":"A"}},{"year":2016,"project":null}]}}}`,
			want:   [][]string{{"year", "project.title"}, {"2015", "A"}, {"2016", ""}},
		},
		{
			name:   "a connection's edges give their nodes",
			query:  `{ projects(first: 2) { edges { cursor node { title year } } pageInfo { endCursor } } }`,
			answer: `{"data":{"projects":{"edges":[{"cursor":"YQ","node":{"title":"A","year":2012}},{"cursor":"Yg","node":{"title":"B","year":2015}}],"pageInfo":{"endCursor":"Yg"}}}}`,
			want:   [][]string{{"title", "year"}, {"A", "2012"}, {"B", "2015"}},
		},
		{
			name:   "an empty list gives the header alone",
			query:  `{ projects(filter: {text: "zzz"}) { nodes { title year } } }`,
			answer: `{"data":{"projects":{"nodes":[]}}}`,
			want:   [][]string{{"title", "year"}},
		},
		{
			name:   "numbers, booleans and nulls as in the JSON",
			query:  `{ events { virtual score big city } }`,
			answer: `{"data":{"events":[{"virtual":true,"score":1.50,"big":12345678901234567890,"city":null},{"virtual":false,"score":-2e3,"big":0,"city":"Genève"}]}}`,
			want:   [][]string{{"virtual", "score", "big", "city"}, {"true", "1.50", "12345678901234567890", ""}, {"false", "-2e3", "0", "Genève"}},
		},
		{
			name:   "a list of scalars is one column named after it",
			query:  `{ codes }`,
			answer: `{"data":{"codes":["C1","C2"]}}`,
			want:   [][]string{{"codes"}, {"C1"}, {"C2"}},
		},
		{
			name:   "null elements of the list are empty rows",
			query:  `{ nodes(ids: ["a", "b"]) { id } }`,
			answer: `{"data":{"nodes":[{"id":"a"},null]}}`,
			want:   [][]string{{"id"}, {"a"}, {""}},
		},
		{
			name:   "@skip and @include follow the variables and their defaults",
			query:  `query Q($withTitle: Boolean = true, $noNumber: Boolean = false) { goals { number @skip(if: $noNumber) title @include(if: $withTitle) code @include(if: false) } }`,
			answer: `{"data":{"goals":[{"number":1,"title":"G1"}]}}`,
			want:   [][]string{{"number", "title"}, {"1", "G1"}},
		},
		{
			name:   "inline fragments on an interface: the union of the types' fields",
			query:  `{ nodes(ids: ["g", "t"]) { id ... on Goal { number } ... on Target { code } } }`,
			answer: `{"data":{"nodes":[{"id":"g","number":9},{"id":"t","code":"9.c"}]}}`,
			want:   [][]string{{"id", "number", "code"}, {"g", "9", ""}, {"t", "", "9.c"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			next := &canned{status: 200, body: tc.answer}
			got := do(t, csvexport.Handler(next, server.Errors), http.MethodGet, csvGET(tc.query), nil, "")
			if got.status != 200 {
				t.Fatalf("status %d: %s", got.status, got.body)
			}
			if recs := records(t, got.body); !reflect.DeepEqual(recs, tc.want) {
				t.Errorf("rows:\n got %q\nwant %q", recs, tc.want)
			}
			if next.gotAccept != "application/json" {
				t.Errorf("the GraphQL handler was asked for %q, want application/json", next.gotAccept)
			}
		})
	}
}

// TestWireFormat checks the bytes and headers of a CSV answer.
func TestWireFormat(t *testing.T) {
	next := &canned{status: 200, body: `{"data":{"goals":[{"number":1,"title":"a, \"b\""},{"number":2,"title":"x\ny"}]}}`}
	got := do(t, csvexport.Handler(next, server.Errors), http.MethodGet, csvGET(`query SdgGoals { goals { number title } }`), nil, "")
	want := bom + "number,title\r\n1,\"a, \"\"b\"\"\"\r\n2,\"x\r\ny\"\r\n" // CRLF inside quotes too
	if got.body != want {
		t.Errorf("body %q, want %q", got.body, want)
	}
	for k, v := range map[string]string{
		"Content-Type":        "text/csv; charset=utf-8",
		"Content-Disposition": `attachment; filename="SdgGoals.csv"`,
		"Cache-Control":       "public, max-age=60", // the GraphQL handler's other headers are kept
	} {
		if g := got.header.Get(k); g != v {
			t.Errorf("%s: %q, want %q", k, g, v)
		}
	}
	if !strings.Contains(strings.Join(got.header.Values("Vary"), ","), "Accept") {
		t.Errorf("Vary %q lacks Accept", got.header.Values("Vary"))
	}
}

func TestFileName(t *testing.T) {
	answer := `{"data":{"goals":[{"number":1}]}}`
	tests := []struct {
		name, target, want string
	}{
		{"operation name", csvGET(`query SdgGoals { goals { number } }`), "SdgGoals"},
		{"anonymous operation", csvGET(`{ goals { number } }`), "wsisgraph"},
		{"operationName picks one of several", csvGET(`query A { goals { number } } query B { goals { number } }`) + "&operationName=B", "B"},
		{"an operationName that is no GraphQL name is not used", csvGET(`query A { goals { number } }`) + "&operationName=" + url.QueryEscape(`x"; y`), "wsisgraph"},
		{"a persisted query's hash alone", "/graphql?format=csv&extensions=" + url.QueryEscape(`{"persistedQuery":{"version":1,"sha256Hash":"00"}}`), "wsisgraph"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := do(t, csvexport.Handler(&canned{status: 200, body: answer}, server.Errors), http.MethodGet, tc.target, nil, "")
			if cd := got.header.Get("Content-Disposition"); cd != `attachment; filename="`+tc.want+`.csv"` {
				t.Errorf("Content-Disposition %q, want filename %s.csv", cd, tc.want)
			}
		})
	}
}

// TestPersistedQueryColumns: without the query text the columns come from the answer, in
// the order its objects list their keys.
func TestPersistedQueryColumns(t *testing.T) {
	answer := `{"data":{"linkages":[{"level":"GOAL","target":null,"goal":{"number":1}},{"level":"TARGET","target":{"code":"9.c"},"goal":{"number":9}}]}}`
	target := "/graphql?format=csv&extensions=" + url.QueryEscape(`{"persistedQuery":{"version":1,"sha256Hash":"00"}}`)
	got := do(t, csvexport.Handler(&canned{status: 200, body: answer}, server.Errors), http.MethodGet, target, nil, "")
	want := [][]string{{"level", "target.code", "goal.number"}, {"GOAL", "", "1"}, {"TARGET", "9.c", "9"}}
	if recs := records(t, got.body); !reflect.DeepEqual(recs, want) {
		t.Errorf("rows:\n got %q\nwant %q", recs, want)
	}
}

// TestNegotiation checks which requests get CSV, and that the others reach the GraphQL
// handler untouched.
func TestNegotiation(t *testing.T) {
	const query = `{ goals { number } }`
	const answer = `{"data":{"goals":[{"number":1}]}}`
	jsonBody := `{"query":"{ goals { number } }"}`
	plain := "/graphql?query=" + url.QueryEscape(query)
	tests := []struct {
		name    string
		method  string
		target  string
		accept  string
		wantCSV bool
		status  int
	}{
		{"Accept text/csv", http.MethodGet, plain, "text/csv", true, 200},
		{"Accept text/csv preferred", http.MethodGet, plain, "text/csv, application/json;q=0.9", true, 200},
		{"Accept JSON preferred", http.MethodGet, plain, "application/json, text/csv;q=0.5", false, 200},
		{"Accept text/csv refused", http.MethodGet, plain, "text/csv;q=0", false, 200},
		{"a browser's Accept", http.MethodGet, plain, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false, 200},
		{"no Accept", http.MethodGet, plain, "", false, 200},
		{"format=csv", http.MethodGet, plain + "&format=csv", "", true, 200},
		{"format=CSV", http.MethodGet, plain + "&format=CSV", "", true, 200},
		{"format=csv beats Accept JSON", http.MethodGet, plain + "&format=csv", "application/json", true, 200},
		{"format=json beats Accept text/csv", http.MethodGet, plain + "&format=json", "text/csv", false, 200},
		{"format=xlsx is refused", http.MethodGet, plain + "&format=xlsx", "", false, 400},
		{"POST with format=csv", http.MethodPost, "/graphql?format=csv", "", true, 200},
		{"POST with Accept text/csv", http.MethodPost, "/graphql", "text/csv", true, 200},
		{"POST for JSON", http.MethodPost, "/graphql", "application/json", false, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			next := &canned{status: 200, body: answer}
			hdr := map[string]string{"Content-Type": "application/json"}
			if tc.accept != "" {
				hdr["Accept"] = tc.accept
			}
			body := ""
			if tc.method == http.MethodPost {
				body = jsonBody
			}
			got := do(t, csvexport.Handler(next, server.Errors), tc.method, tc.target, hdr, body)
			if got.status != tc.status {
				t.Fatalf("status %d, want %d: %s", got.status, tc.status, got.body)
			}
			isCSV := strings.HasPrefix(got.header.Get("Content-Type"), "text/csv")
			if isCSV != tc.wantCSV {
				t.Fatalf("CSV = %v (Content-Type %q), want %v", isCSV, got.header.Get("Content-Type"), tc.wantCSV)
			}
			switch {
			case tc.status != 200:
				if next.calledWith != 0 {
					t.Errorf("the GraphQL handler ran for a refused request")
				}
				assertGraphQLError(t, got.body, "BAD_USER_INPUT", "format=csv")
			case isCSV:
				if recs := records(t, got.body); !reflect.DeepEqual(recs, [][]string{{"number"}, {"1"}}) {
					t.Errorf("rows %q", recs)
				}
			default:
				if got.body != answer {
					t.Errorf("JSON answer changed: %q", got.body)
				}
				if tc.accept != "" && next.gotAccept != tc.accept {
					t.Errorf("the GraphQL handler saw Accept %q, want %q", next.gotAccept, tc.accept)
				}
			}
			if tc.method == http.MethodPost && next.calledWith == 1 && next.gotBody != jsonBody {
				t.Errorf("the GraphQL handler got body %q, want %q", next.gotBody, jsonBody)
			}
		})
	}
}

// TestErrors: an answer that cannot be a CSV is a JSON GraphQL error body, never a part of a
// CSV.
func TestErrors(t *testing.T) {
	tests := []struct {
		name     string
		query    string
		status   int // the GraphQL handler's
		answer   string
		want     int
		wantCode string
		wantText string
	}{
		{"no list", `{ goal(number: 9) { title } }`, 200, `{"data":{"goal":{"title":"G9"}}}`, 422, "BAD_USER_INPUT", "needs a list"},
		{"null data", `{ goals { number } }`, 200, `{"data":null}`, 422, "BAD_USER_INPUT", "needs a list"},
		{"a bad argument with partial data", `{ goals { number } target(code: "x") { code } }`, 200,
			`{"errors":[{"message":"target code must look like 9.c","path":["target"],"extensions":{"code":"BAD_USER_INPUT"}}],"data":{"goals":[{"number":1}],"target":null}}`,
			422, "BAD_USER_INPUT", "9.c"},
		{"a timeout", `{ goals { number } }`, 200,
			`{"errors":[{"message":"the request took longer than its deadline","extensions":{"code":"TIMEOUT"}}],"data":null}`,
			504, "TIMEOUT", "deadline"},
		{"the backend is down", `{ goals { number } }`, 200,
			`{"errors":[{"message":"backend unavailable","extensions":{"code":"SERVICE_UNAVAILABLE"}}],"data":null}`,
			503, "SERVICE_UNAVAILABLE", "unavailable"},
		{"an error without a code", `{ goals { number } }`, 200,
			`{"errors":[{"message":"odd"}],"data":{"goals":[{"number":1}]}}`,
			422, "", "odd"},
		{"a validation error keeps its status", `{ goals { nope } }`, 422,
			`{"errors":[{"message":"Cannot query field \"nope\" on type \"Goal\".","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}],"data":null}`,
			422, "GRAPHQL_VALIDATION_FAILED", "nope"},
		{"an answer that is no JSON", `{ goals { number } }`, 200, `<html>`, 500, "INTERNAL", "could not be read"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := do(t, csvexport.Handler(&canned{status: tc.status, body: tc.answer}, server.Errors), http.MethodGet, csvGET(tc.query), nil, "")
			if got.status != tc.want {
				t.Errorf("status %d, want %d", got.status, tc.want)
			}
			if ct := got.header.Get("Content-Type"); !strings.Contains(ct, "json") {
				t.Errorf("Content-Type %q, want JSON", ct)
			}
			if got.header.Get("Content-Disposition") != "" || strings.HasPrefix(got.body, bom) {
				t.Errorf("an error answer looks like a CSV download")
			}
			assertGraphQLError(t, got.body, tc.wantCode, tc.wantText)
		})
	}

	t.Run("a body over the limit", func(t *testing.T) {
		h := http.MaxBytesHandler(csvexport.Handler(&canned{status: 200, body: `{}`}, server.Errors), 64)
		body := fmt.Sprintf(`{"query":"{ goals { number %s } }"}`, strings.Repeat("title ", 20))
		got := do(t, h, http.MethodPost, "/graphql?format=csv", map[string]string{"Content-Type": "application/json"}, body)
		if got.status != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", got.status)
		}
		assertGraphQLError(t, got.body, "BAD_USER_INPUT", "64 bytes")
	})
}

func assertGraphQLError(t *testing.T, body, code, text string) {
	t.Helper()
	var out struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || len(out.Errors) == 0 {
		t.Fatalf("not a GraphQL error body (%v): %q", err, clip(body))
	}
	if e := out.Errors[0]; e.Extensions.Code != code || !strings.Contains(e.Message, text) {
		t.Errorf("error %+v, want code %q and a message containing %q", e, code, text)
	}
}

// TestLongList: every element becomes a row, across the points where rows are flushed.
func TestLongList(t *testing.T) {
	for _, n := range []int{0, 1, 255, 256, 257, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var b bytes.Buffer
			b.WriteString(`{"data":{"projects":{"nodes":[`)
			for i := range n {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `{"key":"p%d","title":"Project %d, \"q\""}`, i, i)
			}
			b.WriteString(`]}}}`)
			got := do(t, csvexport.Handler(&canned{status: 200, body: b.String()}, server.Errors), http.MethodGet, csvGET(`{ projects { nodes { key title } } }`), nil, "")
			recs := records(t, got.body)
			if len(recs) != n+1 {
				t.Fatalf("%d records, want %d", len(recs), n+1)
			}
			for i, r := range recs[1:] {
				if want := []string{fmt.Sprintf("p%d", i), fmt.Sprintf(`Project %d, "q"`, i)}; !reflect.DeepEqual(r, want) {
					t.Fatalf("row %d = %q, want %q", i, r, want)
				}
			}
		})
	}
}

// etagged is a GraphQL handler that tags its answer "v1" and answers 304 when
// If-None-Match names it (weak comparison).
type etagged struct{ gotINM []string }

func (e *etagged) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.gotINM = append(e.gotINM, r.Header.Get("If-None-Match"))
	w.Header().Set("ETag", `"v1"`)
	for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if t = strings.TrimPrefix(strings.TrimSpace(t), "W/"); t == `"v1"` || t == "*" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"data":{"goals":[{"number":1}]}}`)
}

// TestEntityTags: the CSV and the JSON of one URL never share an entity tag, and a CSV tag
// revalidates the CSV.
func TestEntityTags(t *testing.T) {
	tests := []struct {
		name        string
		ifNoneMatch string
		innerINM    string // what the GraphQL handler is sent
		status      int
	}{
		{"no If-None-Match", "", "", 200},
		{"the CSV's tag", `"v1-csv"`, `"v1"`, 304},
		{"a weak CSV tag among others", `"x", W/"v1-csv"`, `W/"v1"`, 304},
		{"the JSON's tag names another representation", `"v1"`, "", 200},
		{"any", "*", "*", 304},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			next := &etagged{}
			hdr := map[string]string{"Accept": "text/csv"}
			if tc.ifNoneMatch != "" {
				hdr["If-None-Match"] = tc.ifNoneMatch
			}
			got := do(t, csvexport.Handler(next, server.Errors), http.MethodGet, "/graphql?query="+url.QueryEscape(`{ goals { number } }`), hdr, "")
			if got.status != tc.status {
				t.Fatalf("status %d, want %d: %q", got.status, tc.status, got.body)
			}
			if etag := got.header.Get("ETag"); etag != `"v1-csv"` {
				t.Errorf("ETag %q, want \"v1-csv\"", etag)
			}
			if len(next.gotINM) != 1 || next.gotINM[0] != tc.innerINM {
				t.Errorf("the GraphQL handler got If-None-Match %q, want %q", next.gotINM, tc.innerINM)
			}
			if tc.status == 304 && got.body != "" {
				t.Errorf("304 with a body: %q", got.body)
			}
		})
	}
}
