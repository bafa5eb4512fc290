package csvexport_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/docs/queries"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/memory"
)

func realServer(t *testing.T, cfg server.Config) http.Handler {
	t.Helper()
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store = memory.New(d)
	cfg.Logger = slog.New(slog.DiscardHandler)
	return server.New(cfg)
}

// jsonAnswer runs query as JSON on h and decodes its data.
func jsonAnswer(t *testing.T, h http.Handler, query string, header map[string]string, data any) {
	t.Helper()
	got := do(t, h, http.MethodGet, "/graphql?query="+url.QueryEscape(query), header, "")
	var out struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.Unmarshal([]byte(got.body), &out); err != nil || len(out.Errors) > 0 {
		t.Fatalf("JSON answer %d: %s", got.status, clip(got.body))
	}
	if err := json.Unmarshal(out.Data, data); err != nil {
		t.Fatal(err)
	}
}

// TestServerUnicodeRoundTrip: the goals' Arabic and Chinese titles, read back from the CSV
// with encoding/csv, equal the JSON answer's.
func TestServerUnicodeRoundTrip(t *testing.T) {
	h := realServer(t, server.Config{})
	const query = `{ goals { number ar: title(lang: "ar") zh: title(lang: "zh-Hans") targets { code } } }`
	var data struct {
		Goals []struct {
			Number  int
			Ar, Zh  string
			Targets []struct{ Code string }
		}
	}
	jsonAnswer(t, h, query, nil, &data)
	if len(data.Goals) != 17 {
		t.Fatalf("%d goals, want 17", len(data.Goals))
	}

	for _, via := range []struct {
		name   string
		method string
		target string
		header map[string]string
		body   string
	}{
		{"GET format=csv", http.MethodGet, csvGET(query), nil, ""},
		{"GET Accept text/csv", http.MethodGet, "/graphql?query=" + url.QueryEscape(query), map[string]string{"Accept": "text/csv"}, ""},
		{"POST format=csv", http.MethodPost, "/graphql?format=csv", map[string]string{"Content-Type": "application/json"}, mustJSON(t, map[string]string{"query": query})},
	} {
		t.Run(via.name, func(t *testing.T) {
			got := do(t, h, via.method, via.target, via.header, via.body)
			if got.status != 200 || got.header.Get("Content-Type") != "text/csv; charset=utf-8" {
				t.Fatalf("status %d, Content-Type %q: %s", got.status, got.header.Get("Content-Type"), clip(got.body))
			}
			recs := records(t, got.body)
			if want := []string{"number", "ar", "zh", "targets.code"}; !reflect.DeepEqual(recs[0], want) {
				t.Fatalf("header %q, want %q", recs[0], want)
			}
			if len(recs)-1 != len(data.Goals) {
				t.Fatalf("%d rows, want %d", len(recs)-1, len(data.Goals))
			}
			var arabic, han int
			for i, g := range data.Goals {
				var codes []string
				for _, tg := range g.Targets {
					codes = append(codes, tg.Code)
				}
				want := []string{fmt.Sprint(g.Number), g.Ar, g.Zh, strings.Join(codes, "; ")}
				if !reflect.DeepEqual(recs[i+1], want) {
					t.Errorf("row %d:\n got %q\nwant %q", i+1, recs[i+1], want)
				}
				arabic += countRunes(recs[i+1][1], unicode.Arabic)
				han += countRunes(recs[i+1][2], unicode.Han)
			}
			if arabic == 0 || han == 0 {
				t.Errorf("no Arabic (%d) or Han (%d) letters went through: the dataset lacks translations?", arabic, han)
			}
		})
	}
}

func countRunes(s string, tab *unicode.RangeTable) int {
	n := 0
	for _, r := range s {
		if unicode.Is(tab, r) {
			n++
		}
	}
	return n
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestServerExamples: every example query of docs/queries that has a list exports one row per
// element of its first list, with the README's column rule.
func TestServerExamples(t *testing.T) {
	h := realServer(t, server.Config{})
	prizes, err := fs.ReadFile(queries.FS, "05-prizes-2015.graphql")
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Prizes struct {
			TotalCount int
			Nodes      []struct {
				Year     int
				Category struct {
					Number int
					Title  string
				}
				Project       struct{ Title string }
				Organizations []struct{ Name string }
				Country       *struct{ Code, Name string }
			}
		}
	}
	jsonAnswer(t, h, string(prizes), nil, &data)
	got := do(t, h, http.MethodGet, csvGET(string(prizes)), nil, "")
	if cd := got.header.Get("Content-Disposition"); cd != `attachment; filename="Prizes2015.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	recs := records(t, got.body)
	wantHeader := []string{"year", "category.number", "category.title", "project.title", "organizations.name", "country.code", "country.name"}
	if !reflect.DeepEqual(recs[0], wantHeader) {
		t.Fatalf("header %q, want %q", recs[0], wantHeader)
	}
	if len(data.Prizes.Nodes) == 0 || len(recs)-1 != len(data.Prizes.Nodes) {
		t.Fatalf("%d rows, want %d (JSON nodes)", len(recs)-1, len(data.Prizes.Nodes))
	}
	for i, n := range data.Prizes.Nodes {
		r := recs[i+1]
		if r[0] != fmt.Sprint(n.Year) || r[1] != fmt.Sprint(n.Category.Number) || r[3] != n.Project.Title {
			t.Errorf("row %d = %q, JSON node %+v", i+1, r, n)
		}
		var orgs []string
		for _, o := range n.Organizations {
			orgs = append(orgs, o.Name)
		}
		if r[4] != strings.Join(orgs, "; ") {
			t.Errorf("row %d organizations %q, want %q", i+1, r[4], strings.Join(orgs, "; "))
		}
		if n.Country != nil && r[5] != n.Country.Code {
			t.Errorf("row %d country %q, want %q", i+1, r[5], n.Country.Code)
		}
	}

	entries, err := fs.ReadDir(queries.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			q, _ := fs.ReadFile(queries.FS, e.Name())
			got := do(t, h, http.MethodGet, csvGET(string(q)), nil, "")
			switch got.status {
			case 200:
				if recs := records(t, got.body); len(recs) < 2 {
					t.Errorf("%d records: no rows", len(recs))
				}
			case 422:
				assertGraphQLError(t, got.body, "BAD_USER_INPUT", "needs a list")
			default:
				t.Errorf("status %d: %s", got.status, clip(got.body))
			}
		})
	}
}

// TestServerLimits: a CSV request is held to the same limits and language as a JSON one.
func TestServerLimits(t *testing.T) {
	h := realServer(t, server.Config{MaxBodyBytes: 512})
	t.Run("page size", func(t *testing.T) {
		got := do(t, h, http.MethodGet, csvGET(`{ projects(first: 100000) { nodes { title } } }`), nil, "")
		if got.status != 422 {
			t.Errorf("status %d, want 422", got.status)
		}
		assertGraphQLError(t, got.body, "BAD_USER_INPUT", "")
	})
	t.Run("body size", func(t *testing.T) {
		q := `{ goals { number` + strings.Repeat(" title", 100) + ` } }`
		got := do(t, h, http.MethodPost, "/graphql?format=csv", map[string]string{"Content-Type": "application/json"}, mustJSON(t, map[string]string{"query": q}))
		if got.status != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413: %s", got.status, clip(got.body))
		}
	})
	t.Run("Accept-Language", func(t *testing.T) {
		const q = `{ goals { number title } }`
		var data struct{ Goals []struct{ Title string } }
		jsonAnswer(t, h, q, map[string]string{"Accept-Language": "fr"}, &data)
		got := do(t, h, http.MethodGet, csvGET(q), map[string]string{"Accept-Language": "fr"}, "")
		recs := records(t, got.body)
		if len(recs) != 18 || recs[1][1] != data.Goals[0].Title {
			t.Fatalf("goal 1 in French: CSV %q, JSON %q", recs[1], data.Goals[0].Title)
		}
		var en struct{ Goals []struct{ Title string } }
		jsonAnswer(t, h, q, nil, &en)
		if recs[1][1] == en.Goals[0].Title {
			t.Errorf("the CSV title %q is the English one", recs[1][1])
		}
	})
}

// benchmarkAnswer runs query on the real server, as JSON or as CSV.
func benchmarkAnswer(b *testing.B, query string, asCSV bool) {
	d, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	// No rate limit and no response cache: every iteration runs the query.
	h := server.New(server.Config{Store: memory.New(d), Logger: slog.New(slog.DiscardHandler), RatePerMinute: -1, NoResponseCache: true})
	target := "/graphql?query=" + url.QueryEscape(query)
	if asCSV {
		target += "&format=csv"
	}
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		if w.Code != 200 {
			b.Fatalf("%d %s", w.Code, clip(w.Body.String()))
		}
		b.SetBytes(int64(w.Body.Len()))
	}
}

const matrixQuery = `{ actionLines { code shortTitle linkages { level target { code title } goal { number title } } } }`

// BenchmarkMatrix answers the whole WSIS–SDG matrix (one row per action line, linkages
// joined), as JSON and as CSV.
func BenchmarkMatrix(b *testing.B) {
	b.Run("JSON", func(b *testing.B) { benchmarkAnswer(b, matrixQuery, false) })
	b.Run("CSV", func(b *testing.B) { benchmarkAnswer(b, matrixQuery, true) })
}

// TestServerRevalidation: a CSV revalidates with its own entity tag, which does not
// revalidate the JSON of the same URL.
func TestServerRevalidation(t *testing.T) {
	// An error-free GET answer carries an ETag when it may be cached (CacheMaxAge > 0).
	h := realServer(t, server.Config{CacheMaxAge: time.Minute})
	target := "/graphql?query=" + url.QueryEscape(`{ goals { number } }`)
	first := do(t, h, http.MethodGet, target, map[string]string{"Accept": "text/csv"}, "")
	etag := first.header.Get("ETag")
	if first.status != 200 || etag == "" {
		t.Fatalf("the CSV answer has status %d and ETag %q, want 200 with an ETag", first.status, etag)
	}
	jsonTag := do(t, h, http.MethodGet, target, nil, "").header.Get("ETag")
	if etag == jsonTag {
		t.Fatalf("CSV and JSON share the ETag %s", etag)
	}
	for _, tc := range []struct {
		name   string
		accept string
		tag    string
		want   int
	}{
		{"the CSV's tag, CSV", "text/csv", etag, 304},
		{"the CSV's tag, JSON", "application/json", etag, 200},
		{"the JSON's tag, CSV", "text/csv", jsonTag, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := do(t, h, http.MethodGet, target, map[string]string{"Accept": tc.accept, "If-None-Match": tc.tag}, "")
			if got.status != tc.want {
				t.Errorf("status %d, want %d", got.status, tc.want)
			}
		})
	}
}
