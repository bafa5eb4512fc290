// Package apitest is the GraphQL-level conformance suite: the same table of requests — every
// example in docs/queries and the edge cases — runs against any backend, and each answer must
// equal its golden JSON file in apitest/testdata/golden byte for byte. A difference between
// backends is therefore a failing test.
//
// Run the suite with -update to rewrite the golden files from the backend under test.
package apitest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/wsisgraph/wsisgraph/docs/queries"
)

var update = flag.Bool("update", false, "rewrite apitest's golden files from the backend under test")

// Case is one GraphQL request of the suite; its answer is compared with golden/<Name>.json.
type Case struct {
	Name      string
	Query     string
	Variables map[string]any
	Headers   map[string]string
}

// Cases returns the suite: the docs/queries examples (named "example-<file>") followed by
// the edge cases.
func Cases(t testing.TB) []Case {
	var cases []Case
	err := fs.WalkDir(queries.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".graphql") {
			return err
		}
		b, err := fs.ReadFile(queries.FS, path)
		if err != nil {
			return err
		}
		cases = append(cases, Case{Name: "example-" + strings.TrimSuffix(path, ".graphql"), Query: string(b)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return append(cases, edgeCases...)
}

var edgeCases = []Case{
	{Name: "matrix-cell-ends", Query: `{ matrix { rows { actionLine { code } cells { goal { number } linkages { key level target { code goal { number } } goal { number } } } } } }`},
	{Name: "not-found", Query: `{ actionLine(code: "C99") { code } goal(number: 18) { number } target(code: "9.z") { code } indicator(code: "99.9.9") { code } organization(key: "nobody") { key } project(key: "none") { key } event(key: "none") { key } linkage(key: "C1>99") { key } }`},
	{Name: "first-too-large", Query: `{ projects(first: 1000) { nodes { key } } }`},
	{Name: "first-zero", Query: `{ organizations(first: 0) { nodes { key } } }`},
	{Name: "last-page", Query: `{ projects(last: 3, orderBy: {field: YEAR}) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { key year } } }`},
	{Name: "last-and-first", Query: `{ projects(first: 2, last: 2) { nodes { key } } }`},
	{Name: "last-too-large", Query: `{ organizations(last: 101) { nodes { key } } }`},
	{Name: "last-zero", Query: `{ events(last: 0) { nodes { key } } }`},
	{Name: "last-negative", Query: `{ prizes(last: -1) { nodes { key } } }`},
	{Name: "search-last-and-first", Query: `{ search(text: "health", first: 1, last: 1) { totalCount } }`},
	{Name: "malformed-before-cursor", Query: `{ projects(last: 2, before: "not-a-cursor") { nodes { key } } }`},
	{Name: "malformed-cursor", Query: `{ projects(after: "not-a-cursor") { nodes { key } } }`},
	{Name: "cursor-from-other-order", Query: `query ($c: String) { projects(after: $c, orderBy: {field: YEAR}) { nodes { key } } }`,
		Variables: map[string]any{"c": "eyJvIjoiVElUTEUgQVNDIiwicyI6ImEiLCJrIjoiYSJ9"}},
	{Name: "malformed-id", Query: `{ node(id: "%%%") { id } }`},
	{Name: "unknown-id-type", Query: `{ node(id: "VW5rbm93bjox") { id } }`},
	{Name: "unknown-language", Query: `{ goal(number: 1) { title(lang: "xx") } }`},
	{Name: "language-header", Query: `{ goal(number: 4) { shortTitle title } target(code: "4.1") { title titles { lang } } }`, Headers: map[string]string{"Accept-Language": "es-MX, fr;q=0.8"}},
	{Name: "language-fallback", Query: `{ goal(number: 4) { shortTitle } }`, Headers: map[string]string{"Accept-Language": "de-DE"}},
	{Name: "node-roundtrip", Query: `{ a: node(id: "R29hbDo5") { id ... on Goal { number } } b: nodes(ids: ["QWN0aW9uTGluZTpDMg", "VGFyZ2V0OjkuYw", "VGFyZ2V0Ojk5Ljk"]) { id ... on ActionLine { code } ... on Target { code } } }`},
	{Name: "top-level-action-lines", Query: `{ actionLines(topLevel: true) { code } c7: actionLines(parent: "C7") { code parent { code } } }`},
	{Name: "linkage-levels", Query: `{ actionLine(code: "C7.e-environment") { goalLevel: linkages(level: GOAL) { key goal { number } } targetLevel: linkages(level: TARGET) { key target { code } } } }`},
	{Name: "projects-filter-country", Query: `{ projects(filter: {country: "KZ"}) { totalCount nodes { key country { code } } } }`},
	{Name: "projects-filter-text", Query: `{ projects(filter: {text: "INTERNET"}) { totalCount nodes { title } } }`},
	{Name: "organizations-by-name-desc", Query: `{ organizations(first: 5, orderBy: {field: NAME, direction: DESC}) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { name } } }`},
	{Name: "prizes-by-category", Query: `{ prizeCategories { number actionLine { code } } }`},
	{Name: "nested-connections", Query: `{ organizations(first: 3) { nodes { key projects(first: 2) { totalCount pageInfo { hasNextPage } nodes { key targets { code goal { number } } } } } } }`},
	{Name: "nested-connection-scope-conflict", Query: `{ actionLines(topLevel: true) { code projects(first: 1, filter: {actionLine: "C7"}) { totalCount } } }`},
	{Name: "goal-projects", Query: `{ goal(number: 9) { projects(first: 3) { totalCount nodes { key } } } }`},
	// The public record: unknown category and project, several organisations and sources,
	// group rationales, the indicator framework revision, coverage against the prizes listed.
	{Name: "prizes-unknown-facts", Query: `{ prizes(filter: {year: 2014, kind: WINNER}, orderBy: {field: CATEGORY, direction: ASC}, first: 3) { totalCount nodes { key category { number } project { title } organization { name } organizations { name } country { code } source { url } sources { url year } note } } }`},
	{Name: "prize-several-organizations", Query: `{ prizes(filter: {year: 2016, country: "EG", kind: CHAMPION}, first: 5) { nodes { key organizations { key } project { title sources { year } } } } }`},
	{Name: "linkage-rationale-scope", Query: `{ group: linkage(key: "C2>9.a") { rationale rationaleScope rationaleGroup { key } sources { key } } single: linkage(key: "C1>3.8") { rationaleScope rationaleGroup { key } } none: linkage(key: "C6>11.b") { rationale rationaleScope note } }`},
	{Name: "indicator-framework", Query: `{ added: indicator(code: "11.5.3") { code title title_fr: title(lang: "fr") targets { code } sources { key year } } removed: indicator(code: "1.a.3") { code } target(code: "11.5") { indicators { code } } coverage { indicators { inGraph codes framework { key year url } } } }`},
	{Name: "coverage-against-prizes", Query: `{ coverage { prizeYears { year winnersAwarded winnersInGraph winnersComplete championsAwarded championsInGraph championsComplete complete } } y2014: prizes(filter: {year: 2014, kind: WINNER}) { totalCount } y2016: prizes(filter: {year: 2016, kind: CHAMPION}) { totalCount } }`},
	{Name: "facilitation-and-event-sources", Query: `{ actionLine(code: "C6") { facilitators { organization { key sources { key } } role note sources { key year url } } } event(key: "unga-wsis20-hlm-2025") { startDate endDate city note sources { year url } } }`},
	{Name: "event-parts", Query: `{ events(filter: {kind: FORUM}, first: 3) { nodes { key year parts { totalCount nodes { key kind } } } } }`},
	// Search, the matrix and facets. Search answers hold no scores or cursors: those differ
	// between backends; the hits and their order must not.
	{Name: "search-lucene-special", Query: `query ($t: String!) { search(text: $t) { totalCount edges { type snippet node { id } } } }`,
		Variables: map[string]any{"t": `"(e-health)~ AND *: [C7.e-health]~ OR/`}},
	{Name: "search-types-lang", Query: `{ search(text: "SANTE", types: [GOAL], lang: "fr", first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { type snippet } nodes { id } } }`},
	{Name: "search-nothing-searchable", Query: `{ search(text: "the of * :") { totalCount pageInfo { hasNextPage startCursor endCursor } edges { type } } }`},
	{Name: "search-empty-text", Query: `{ search(text: "   ") { totalCount } }`},
	{Name: "search-text-too-long", Query: `query ($t: String!) { search(text: $t) { totalCount } }`, Variables: map[string]any{"t": strings.Repeat("x", 201)}},
	{Name: "search-unknown-language", Query: `{ search(text: "health", lang: "de") { totalCount } }`},
	{Name: "search-first-too-large", Query: `{ search(text: "health", first: 101) { totalCount } }`},
	{Name: "search-cursor-from-other-search", Query: `{ search(text: "health", after: "eyJxIjoiMDAwMDAwMDAwMDAwIiwic2MiOjEsImlkIjoiR09BTDo5In0") { totalCount } }`},
	{Name: "search-malformed-cursor", Query: `{ search(text: "health", after: "%%%") { totalCount } }`},
	{Name: "matrix-filtered", Query: `{ matrix(year: 2015) { totals { linkageCount targetCount projectCount prizeCount } rows { actionLine { code } totals { projectCount prizeCount } } } }`},
	{Name: "matrix-cell-linkages", Query: `{ matrix(stakeholderType: GOVERNMENT, country: "KZ") { columns { goal { number } totals { linkageCount projectCount } } rows { actionLine { code } cells { goal { number } goalLevel targetCount linkages { key level } } } } }`},
	{Name: "facets-scoped", Query: `{ actionLine(code: "C7") { projects(first: 1) { totalCount facets { byActionLine { value label count } byYear { value count } byCountry { value label count } } } } }`},
	{Name: "facets-label-language", Query: `{ projects(first: 1, filter: {country: "KZ"}) { facets { byGoal { value label(lang: "fr") count } byStakeholderType { value label count } } } }`},
	{Name: "facets-label-unknown-language", Query: `{ projects(first: 1, filter: {country: "KZ"}) { facets { byCountry { value label(lang: "xx") } } } }`},
	{Name: "organizations-by-project-count", Query: `{ asc: organizations(orderBy: {field: PROJECT_COUNT, direction: ASC}, first: 3) { nodes { key projects { totalCount } } } desc: organizations(orderBy: {field: PROJECT_COUNT}, first: 3) { pageInfo { hasNextPage } nodes { key projects { totalCount } } } }`},
	// Countries: names in six languages, UN M49 regions and groupings.
	{Name: "country-names-regions", Query: `{ prizes(first: 3, orderBy: {field: YEAR, direction: ASC}) { nodes { key country { code name fr: name(lang: "fr") zh: name(lang: "zh-Hans") region { code level name(lang: "es") } subRegion { code name parent { code } } intermediateRegion { code name } groups ldc lldc sids sources { key year url } } } } }`},
	{Name: "country-names-header", Query: `{ projects(first: 2, filter: {country: "KZ"}) { nodes { country { name names { lang text } region { name } } } } }`, Headers: map[string]string{"Accept-Language": "ru"}},
	{Name: "regions", Query: `{ all: regions { code level name parent { code } } regions: regions(level: REGION) { code names { lang text } } one: region(code: "202") { code name(lang: "ar") parent { name(lang: "fr") } } none: region(code: "999") { code } }`},
	{Name: "projects-filter-region-group", Query: `{ asia: projects(filter: {region: "142"}) { totalCount nodes { key country { code region { code } } } } lldc: projects(filter: {group: LLDC}) { totalCount nodes { country { code groups } } } both: projects(filter: {region: "143", group: LLDC, year: 2015}) { totalCount } }`},
	{Name: "prizes-organizations-filter-region", Query: `{ prizes(filter: {region: "034", group: LDC}) { totalCount nodes { key year country { code name } } } organizations(filter: {region: "142"}) { totalCount nodes { key country { code } } } }`},
	{Name: "filter-unknown-region", Query: `{ projects(filter: {region: "999"}) { totalCount } }`},
	{Name: "filter-region-short-code", Query: `{ prizes(filter: {region: "2"}) { totalCount } }`},
	{Name: "matrix-region-group", Query: `{ all: matrix { totals { projectCount prizeCount } } africa: matrix(region: "002") { totals { projectCount prizeCount } } ldc: matrix(group: LDC) { totals { projectCount prizeCount } rows { actionLine { code } totals { projectCount prizeCount } } } }`},
	{Name: "matrix-unknown-region", Query: `{ matrix(region: "Africa") { totals { projectCount } } }`},
	{Name: "facets-by-region", Query: `{ projects(first: 1) { totalCount facets { byRegion { value label label_fr: label(lang: "fr") count } } } africa: projects(first: 1, filter: {region: "002"}) { totalCount facets { byRegion { value count } byCountry { value label count } } } }`},
	// Action-line and prize-category titles in other languages: translations where found, English otherwise.
	{Name: "action-line-titles", Query: `{ actionLines { code title fr: title(lang: "fr") ar: title(lang: "ar") titles { lang text source { key year url } } prizeCategory { number title fr: title(lang: "fr") titles { lang source { key } } } } }`},
	{Name: "action-line-title-header", Query: `{ actionLine(code: "C3") { title shortTitle prizeCategory { title } } prizeCategories { number title } }`, Headers: map[string]string{"Accept-Language": "fr-CH, en;q=0.5"}},
	{Name: "action-line-title-unknown-language", Query: `{ actionLine(code: "C3") { title(lang: "de") } }`},
	// Paths and neighbourhoods (walk graph): bounds, ends that are no nodes, canonical ends.
	{Name: "paths-max-hops-too-large", Query: `{ paths(from: "R29hbDo5", to: "R29hbDo0", maxHops: 7) { length } }`},
	{Name: "paths-first-zero", Query: `{ paths(from: "R29hbDo5", to: "R29hbDo0", first: 0) { length } }`},
	{Name: "paths-linkage-end", Query: `{ paths(from: "TGlua2FnZTpDMj45LmM", to: "R29hbDo5") { length } }`},
	{Name: "paths-missing-and-same-end", Query: `{ missing: paths(from: "UHJvamVjdDpub25l", to: "R29hbDo5") { length } same: paths(from: "R29hbDo5", to: "R29hbDo5") { length nodes { id } hops { relation } } }`},
	{Name: "paths-backward-with-linkage", Query: `{ paths(from: "VGFyZ2V0OjkuYw", to: "T3JnYW5pemF0aW9uOml0dQ", maxHops: 2, first: 2) { length nodes { id } hops { relation direction explanation source { key } linkage { key level } } } }`},
	{Name: "paths-repeated-indicator-code", Query: `{ paths(from: "SW5kaWNhdG9yOjEzLjEuMQ", to: "R29hbDoxMw", maxHops: 2, first: 3) { length nodes { id ... on Indicator { code } } hops { relation explanation } } }`},
	{Name: "neighborhood-depth-too-large", Query: `{ neighborhood(id: "R29hbDo5", depth: 4) { truncated } }`},
	{Name: "neighborhood-first-too-large", Query: `{ neighborhood(id: "R29hbDo5", first: 1001) { truncated } }`},
	{Name: "neighborhood-linkage-centre", Query: `{ neighborhood(id: "TGlua2FnZTpDMj45LmM") { truncated } }`},
	{Name: "neighborhood-missing", Query: `{ neighborhood(id: "UHJvamVjdDpub25l") { truncated } }`},
	{Name: "neighborhood-truncated", Query: `{ neighborhood(id: "R29hbDo0", depth: 2, types: [TARGET, ACTION_LINE], first: 6) { truncated nodes { id type distance node { id } } edges { source target relation } } }`},
	{Name: "filter-unknown-values", Query: `{ line: projects(filter: {actionLine: "C12"}) { totalCount } sub: prizes(filter: {actionLine: "C7.e-helth"}) { totalCount } name: projects(filter: {country: "Kazakhstan"}) { totalCount } code: organizations(filter: {country: "XZ"}) { totalCount } goal: projects(filter: {goal: 18}) { totalCount } target: projects(filter: {target: "9.z"}) { totalCount } category: prizes(filter: {category: 40}) { totalCount } org: prizes(filter: {organization: "itux"}) { totalCount } year: prizes(filter: {year: 1999}) { totalCount } event: events(filter: {year: 1990}) { totalCount } matrix: matrix(country: "Kazakstan") { totals { projectCount } } parent: actionLines(parent: "C77") { code } }`},
	{Name: "filter-code-forms", Query: `{ a: prizes(filter: {actionLine: "c7.e-health"}) { totalCount nodes { category { actionLine { code } } } } b: projects(filter: {country: "kz"}) { totalCount nodes { country { code } } } c: organizations(filter: {actionLine: "e-environment"}) { totalCount } d: projects(filter: {target: "Target 9.C"}) { totalCount } }`},
	{Name: "code-forms", Query: `{ a: actionLine(code: "c2") { code } b: actionLine(code: "C7 e-environment") { code } c: actionLine(code: "C7.E-Environment") { code } d: actionLine(code: "e-environment") { code } e: target(code: "9.C") { code } f: indicator(code: "13.1.1") { code } g: organization(key: "ITU") { key } h: linkage(key: "c2>9.C") { key } i: actionLine(code: "C12") { code } j: target(code: "9.z") { code } }`},
	{Name: "cursor-from-other-filter", Query: `query ($c: String) { projects(after: $c, filter: {country: "KZ"}) { nodes { key } } }`,
		Variables: map[string]any{"c": "eyJvIjoiVElUTEUgQVNDIiwiZiI6IjAwMDAwMDAwMDAwMCIsInMiOiJhIiwiayI6ImEifQ"}},
	{Name: "language-bcp47", Query: `{ goal(number: 4) { zhCN: shortTitle(lang: "zh-CN") zhHansCN: shortTitle(lang: "zh-Hans-CN") frCH: shortTitle(lang: "fr-CH") } }`},
	{Name: "facets-unstated", Query: `{ projects(first: 1) { totalCount facets { byGoal { value count } unstated { facet count } } } }`},
	{Name: "prize-facets-filtered", Query: `{ prizes(first: 1, filter: {year: 2015}) { totalCount facets { byYear { value count } byKind { value count } byCountry { value label count } byActionLine { value label count } byCategory { value label count } unstated { facet count } } } }`},
	{Name: "organization-facets", Query: `{ organizations(first: 1, filter: {stakeholderType: INTERNATIONAL_ORGANIZATION}) { totalCount facets { byCountry { value count } byStakeholderType { value count } byActionLine { value label count } unstated { facet count } } } }`},
	{Name: "matrix-unstated", Query: `{ matrix(year: 2015) { projectsStatingNoTarget totals { projectCount } } all: matrix { projectsStatingNoTarget } }`},
	{Name: "project-goals-via", Query: `{ projects(first: 2, filter: {actionLine: "C7.e-environment"}) { nodes { key statesTargets targets { code } stated: goals { number } matrix: goals(via: MATRIX) { number } actionLines { code } } } }`},
	// Search cases select totals only: hits are ordered by score, which differs between backends.
	{Name: "search-any-mode", Query: `{ any: search(text: "mangrove coastal", mode: ANY) { totalCount } all: search(text: "mangrove coastal") { totalCount } mangrove: search(text: "mangrove") { totalCount } coastal: search(text: "coastal") { totalCount } }`},
	{Name: "search-arabic-normalised", Query: `{ plain: search(text: "القدرة", lang: "ar", types: [TARGET]) { totalCount } tatweel: search(text: "القـدرة", lang: "ar-EG", types: [TARGET]) { totalCount } diacritics: search(text: "القُدْرَة", lang: "ar", types: [TARGET]) { totalCount } }`},
	{Name: "search-stems", Query: `{ coti: search(text: "côtiers", lang: "fr") { totalCount } cotieres: search(text: "COTIERES", lang: "fr") { totalCount } capacities: search(text: "capacities", lang: "en", types: [TARGET]) { totalCount } capacity: search(text: "capacity", lang: "en", types: [TARGET]) { totalCount } }`},
	{Name: "neighborhood-label-language", Query: `{ neighborhood(id: "QWN0aW9uTGluZTpDMw", types: [GOAL]) { nodes { type label } edges { relation label explanation } } }`, Headers: map[string]string{"Accept-Language": "fr"}},
}

// Run runs every case against h (serving /graphql) and compares each answer with its golden file.
func Run(t *testing.T, h http.Handler) {
	c := client.New(h, client.Path("/graphql"))
	t.Run("missing-is-null", func(t *testing.T) { missingIsNull(t, c) })
	t.Run("backward-paging", func(t *testing.T) { backwardPaging(t, c) })
	for _, tc := range Cases(t) {
		t.Run(tc.Name, func(t *testing.T) {
			got := Do(t, c, tc)
			path := filepath.Join(goldenDir(), tc.Name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("no golden answer (run the memory backend's tests with -update): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("answer differs from %s\n got: %s\nwant: %s", path, clip(got), clip(want))
			}
		})
	}
}

// optionalTexts selects every optional text of every kind of entity.
const optionalTexts = `{
  actionLines { code description facilitators { note source { url } } linkages { key rationale note } }
  organizations(first: 100) { nodes { key acronym website } }
  projects(first: 100) { nodes { key description } }
  prizes(first: 100) { nodes { key note source { url } } }
  events(first: 100) { nodes { key endDate city description source { url } } }
}`

// missingIsNull checks that no optional text is answered as "": a missing value is null.
func missingIsNull(t *testing.T, c *client.Client) {
	var resp map[string]any
	if err := c.Post(optionalTexts, &resp); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case string:
			if x == "" {
				t.Errorf("%s is \"\", want null", path)
			}
		case map[string]any:
			for k, e := range x {
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		}
	}
	walk("data", resp)
}

// Do sends one case and returns its answer (data and errors) as indented JSON with sorted
// keys, the golden form. Errors are sorted too: the order of errors of fields resolved
// concurrently is not specified.
func Do(t testing.TB, c *client.Client, tc Case) []byte {
	t.Helper()
	opts := []client.Option{}
	for k, v := range tc.Variables {
		opts = append(opts, client.Var(k, v))
	}
	for k, v := range tc.Headers {
		opts = append(opts, client.AddHeader(k, v))
	}
	resp, err := c.RawPost(tc.Query, opts...)
	if err != nil {
		t.Fatal(err)
	}
	answer := map[string]any{"data": resp.Data}
	if len(resp.Errors) > 0 {
		var errs []any
		if err := json.Unmarshal(resp.Errors, &errs); err != nil {
			t.Fatal(err)
		}
		slices.SortStableFunc(errs, func(a, b any) int {
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			return strings.Compare(string(ja), string(jb))
		})
		answer["errors"] = errs
	}
	b, err := json.MarshalIndent(answer, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func goldenDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata", "golden")
}

func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}
