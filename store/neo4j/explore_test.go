package neo4j

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/store/memory"
	"github.com/wsisgraph/wsisgraph/store/searchdoc"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

func TestEscapeLucene(t *testing.T) {
	tests := []struct{ in, want string }{
		{"health", "health"},
		{"e-health", `e\-health`},
		{`"`, `\"`},
		{`say "hi"`, `say \"hi\"`},
		{"(cyber)", `\(cyber\)`},
		{"fuzzy~2", `fuzzy\~2`},
		{"tele*", `tele\*`},
		{"wild?card", `wild\?card`},
		{"title:zeta", `title\:zeta`},
		{`back\slash`, `back\\slash`},
		{"a+b", `a\+b`},
		{"!not", `\!not`},
		{"boost^2", `boost\^2`},
		{"[1 TO 5]", `\[1 TO 5\]`},
		{"{x}", `\{x\}`},
		{"a&&b||c", `a\&\&b\|\|c`},
		{"a/b/", `a\/b\/`},
		{"AND", `\AND`},
		{"OR", `\OR`},
		{"NOT", `\NOT`},
		{"and", "and"},
		{"ANDROID", "ANDROID"},
		{"santé 健康", "santé 健康"},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := escapeLucene(tc.in); got != tc.want {
				t.Errorf("escapeLucene(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestLuceneQuery checks the query's structure: one required clause per word, each a quoted
// phrase per field; no user character can end the phrase.
func TestLuceneQuery(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		lang    wsisgraph.Lang
		any     bool
		clauses int
		has     []string
		hasNot  []string
	}{
		{"one word", "health", "", false, 1, []string{`+(search_title:"health"^2 `, `search_code:"health"^3`, `search_title_zh_Hans:"health"^2`}, nil},
		{"two words", "e-health Kazakhstan", "", false, 2, []string{`search_text:"e\-health"^1`, `search_place:"Kazakhstan"^1`}, nil},
		{"stop words dropped", "the health of AND", "", false, 1, nil, []string{`"the"`, `"AND"`, `"\AND"`}},
		{"quote cannot close the phrase", `x" OR search_type:GOAL "y`, "", false, 3, []string{`"x\""`, `"\"y"`}, []string{`search_type:GOAL`, `"OR"`}},
		{"any word: no clause required", "mangrove coastal", "", true, 0, []string{`(search_title:"mangrove"^2 `, `(search_title:"coastal"^2 `}, nil},
		{"arabic normalised", "القـدرة", wsisgraph.LangArabic, false, 1, []string{`search_title_ar:"القدره"^2`}, []string{"ـ"}},
		{"language", "santé", wsisgraph.LangFrench, false, 1, []string{`search_title_fr:"santé"^2`, `search_title:"santé"^2`}, []string{"search_title_en:", "search_short_zh_Hans:"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := LuceneQuery(searchdoc.Words(tc.text), tc.lang, tc.any)
			if n := strings.Count(q, "+("); n != tc.clauses {
				t.Errorf("%d required clauses, want %d: %s", n, tc.clauses, q)
			}
			for _, s := range tc.has {
				if !strings.Contains(q, s) {
					t.Errorf("query lacks %s: %s", s, q)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(q, s) {
					t.Errorf("query holds %s: %s", s, q)
				}
			}
			unescaped := strings.Count(q, `"`) - strings.Count(q, `\"`)
			if unescaped%2 != 0 {
				t.Errorf("unbalanced quotes: %s", q)
			}
		})
	}
}

// agreementSearches is the fixed list of searches on the embedded dataset whose best five
// hits both backends must agree on (as a set: scores differ between the engines). Each has
// clear winners: its fifth hit scores well above its sixth on both engines.
var agreementSearches = []wsisgraph.SearchQuery{
	{Text: "youth"},
	{Text: "poverty"},
	{Text: "e-learning"},
	{Text: "santé"},
	{Text: "santé", Lang: wsisgraph.LangFrench},
	{Text: "Kazakhstan"},
	{Text: "健康"},
	{Text: "基础设施"},
	{Text: "ITU"},
	{Text: "9.c"},
	{Text: "SDG 9"},
	{Text: "open data"},
	{Text: "internet", Types: []wsisgraph.SearchType{wsisgraph.SearchProject}},
}

// TestSearchAgreesWithMemory runs agreementSearches on both backends over the embedded
// dataset: the reachable totals must be equal and the best five hits the same set.
func TestSearchAgreesWithMemory(t *testing.T) {
	s := testStore(t)
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	importOrFail(t, s, d)
	mem := memory.New(d)
	ctx := context.Background()
	for _, q := range agreementSearches {
		q.First, q.WithTotal = 6, true
		t.Run(q.Text+"/"+string(q.Lang), func(t *testing.T) {
			a, err := mem.Search(ctx, []wsisgraph.SearchQuery{q})
			if err != nil {
				t.Fatal(err)
			}
			b, err := s.Search(ctx, []wsisgraph.SearchQuery{q})
			if err != nil {
				t.Fatalf("%v (cause: %v)", err, cause(err))
			}
			if a[0].Total == 0 {
				t.Fatalf("%q finds nothing in the embedded dataset: choose another search", q.Text)
			}
			if a[0].Total != b[0].Total {
				t.Errorf("totals: memory %d, neo4j %d", a[0].Total, b[0].Total)
			}
			top := func(engine string, p wsisgraph.SearchPage) []string {
				hits := p.Hits
				if len(hits) == 6 {
					if !(hits[4].Score > hits[5].Score) {
						t.Errorf("%s: the fifth and sixth hits tie (%v): the best five are not clear", engine, hits[4].Score)
					}
					hits = hits[:5]
				}
				ids := make([]string, len(hits))
				for i, h := range hits {
					ids[i] = h.ID()
				}
				slices.Sort(ids)
				return ids
			}
			if x, y := top("memory", a[0]), top("neo4j", b[0]); !slices.Equal(x, y) {
				t.Errorf("best five:\nmemory %v\n neo4j %v", x, y)
			}
			snippets := map[string]string{}
			for _, h := range a[0].Hits {
				snippets[h.ID()] = h.Snippet
			}
			for _, h := range b[0].Hits {
				if sn, ok := snippets[h.ID()]; ok && sn != h.Snippet {
					t.Errorf("%s: snippets differ:\nmemory %q\n neo4j %q", h.ID(), sn, h.Snippet)
				}
			}
		})
	}
}

// TestExploreRoundTrips checks that each exploration method sends one statement per call,
// whatever the batch, and none for a batch of searches with nothing to look for.
func TestExploreRoundTrips(t *testing.T) {
	s := testStore(t)
	importOrFail(t, s, storetest.Fixture())
	ctx := context.Background()
	calls := []struct {
		name       string
		statements int64
		call       func() error
	}{
		{"Search", 1, func() error {
			_, err := s.Search(ctx, []wsisgraph.SearchQuery{{Text: "digital"}, {Text: "zeta", Types: []wsisgraph.SearchType{wsisgraph.SearchProject}}, {Text: "the"}})
			return err
		}},
		{"Search without words", 0, func() error {
			_, err := s.Search(ctx, []wsisgraph.SearchQuery{{Text: "the of"}, {Text: "*"}})
			return err
		}},
		{"Matrix", 1, func() error {
			_, err := s.Matrix(ctx, []wsisgraph.MatrixQuery{{}, {Year: 2019}, {Country: "KZ"}})
			return err
		}},
		{"ProjectFacets", 1, func() error {
			_, err := s.ProjectFacets(ctx, []wsisgraph.ProjectFilter{{}, {Country: "KZ"}, {Goal: 4}})
			return err
		}},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			before := s.RoundTrips()
			if err := c.call(); err != nil {
				t.Fatal(err)
			}
			if got := s.RoundTrips() - before; got != c.statements {
				t.Errorf("%d statements, want %d", got, c.statements)
			}
		})
	}
}

// BenchmarkExplore times one call of each exploration method on the embedded dataset.
func BenchmarkExplore(b *testing.B) {
	s := testStore(b)
	d, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Import(context.Background(), d); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	calls := []struct {
		name string
		call func() error
	}{
		{"search/infrastructure", func() error {
			_, err := s.Search(ctx, []wsisgraph.SearchQuery{{Text: "infrastructure", First: 20, WithTotal: true}})
			return err
		}},
		{"search/information_society", func() error {
			_, err := s.Search(ctx, []wsisgraph.SearchQuery{{Text: "information society", First: 20, WithTotal: true}})
			return err
		}},
		{"matrix", func() error {
			_, err := s.Matrix(ctx, []wsisgraph.MatrixQuery{{}})
			return err
		}},
		{"facets", func() error {
			_, err := s.ProjectFacets(ctx, []wsisgraph.ProjectFilter{{}})
			return err
		}},
	}
	for _, c := range calls {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.call(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
