package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/store/searchdoc"
)

// explore checks search, the matrix, project facets and the organisation count sorts.
func (x *suite) explore(t *testing.T) {
	t.Run("Search", x.search)
	t.Run("SearchPaging", x.searchPaging)
	t.Run("SearchInvalid", x.searchInvalid)
	t.Run("Matrix", x.matrix)
	t.Run("ProjectFacets", x.projectFacets)
	t.Run("PrizeFacets", x.prizeFacets)               // facets.go
	t.Run("OrganizationFacets", x.organizationFacets) // facets.go
	t.Run("OrganizationCounts", x.organizationCounts)
	t.Run("ExploreContext", x.exploreContext)
}

// ---------------------------------------------------------------------------------------
// Search

// searchCase is a search and what it must find, computed from the fixture's searchdoc texts.
type searchCase struct {
	name  string
	q     wsisgraph.SearchQuery
	least int // the fewest hits the case must have, so that a case cannot pass by finding nothing
}

// phraseIn reports whether w's tokens occur at consecutive positions (gaps of dropped stop
// words kept) in text.
func phraseIn(text string, w searchdoc.Word) bool {
	toks := searchdoc.Analyze(text)
	at := map[int]string{}
	for _, t := range toks {
		at[t.Position] = t.Term
	}
	first := w.Tokens[0]
	for _, t := range toks {
		if t.Term != first.Term {
			continue
		}
		ok := true
		for _, wt := range w.Tokens[1:] {
			if at[t.Position+wt.Position-first.Position] != wt.Term {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// expectedHits returns the fixture docs q must find, by hit ID.
func (x *suite) expectedHits(q wsisgraph.SearchQuery) map[string]searchdoc.Doc {
	words := searchdoc.Words(q.Text)
	out := map[string]searchdoc.Doc{}
	if len(words) == 0 {
		return out
	}
	for _, d := range searchdoc.Build(x.d) {
		if len(q.Types) > 0 && !slices.Contains(q.Types, d.Type) {
			continue
		}
		found := 0
		for _, w := range words {
			for _, f := range searchdoc.FieldsFor(q.Lang) {
				text := d.Fields[f.Name]
				if text == "" {
					continue
				}
				pw := w
				if f.Stem { // the word's stems, looked for among the text's
					phrase := searchdoc.Phrase(w, f)
					pw = searchdoc.Word{Text: phrase, Tokens: searchdoc.Analyze(phrase)}
					if len(pw.Tokens) == 0 {
						continue
					}
				}
				if phraseIn(text, pw) {
					found++
					break
				}
			}
		}
		if found == len(words) || (q.Any && found > 0) {
			out[d.ID()] = d
		}
	}
	return out
}

func (x *suite) searchCases() []searchCase {
	types := func(ts ...wsisgraph.SearchType) []wsisgraph.SearchType { return ts }
	return []searchCase{
		{"word", wsisgraph.SearchQuery{Text: "telemedicine"}, 2},
		{"upper case", wsisgraph.SearchQuery{Text: "EMILE"}, 4},
		{"accent", wsisgraph.SearchQuery{Text: "émile"}, 4},
		{"two words", wsisgraph.SearchQuery{Text: "zeta cloud"}, 2},
		{"hyphenated", wsisgraph.SearchQuery{Text: "e-health"}, 2},
		{"place", wsisgraph.SearchQuery{Text: "Kazakhstan"}, 3},
		{"place with apostrophe", wsisgraph.SearchQuery{Text: "Côte d’Ivoire"}, 2},
		{"target code", wsisgraph.SearchQuery{Text: "13.b"}, 1},
		{"goal code", wsisgraph.SearchQuery{Text: "SDG 13"}, 1},
		{"french title", wsisgraph.SearchQuery{Text: "pauvreté"}, 1},
		{"french title folded", wsisgraph.SearchQuery{Text: "PAUVRETE", Lang: wsisgraph.LangFrench}, 1},
		{"french word in english titles", wsisgraph.SearchQuery{Text: "pauvreté", Lang: wsisgraph.LangEnglish}, 0},
		{"types", wsisgraph.SearchQuery{Text: "poverty", Types: types(wsisgraph.SearchTarget, wsisgraph.SearchIndicator)}, 3},
		{"types repeated", wsisgraph.SearchQuery{Text: "digital", Types: types(wsisgraph.SearchProject, wsisgraph.SearchProject, wsisgraph.SearchOrganization)}, 3},
		{"stop words only", wsisgraph.SearchQuery{Text: "the of AND"}, 0},
		{"punctuation only", wsisgraph.SearchQuery{Text: `"*" :: ~ ( )`}, 0},
		{"lucene quotes and parentheses", wsisgraph.SearchQuery{Text: `"(rural)" clinics~`}, 2},
		{"lucene wildcard", wsisgraph.SearchQuery{Text: "tele*"}, 1},
		{"lucene field syntax", wsisgraph.SearchQuery{Text: "search_title:zeta"}, 0},
		{"lucene AND", wsisgraph.SearchQuery{Text: "zeta AND cloud"}, 2},
		{"lucene OR is not an operator", wsisgraph.SearchQuery{Text: "zeta OR nothingatall"}, 0},
		{"lucene NOT is not an operator", wsisgraph.SearchQuery{Text: "NOT zeta"}, 4},
		{"lucene escapes", wsisgraph.SearchQuery{Text: `open\ data! [standards] {}`}, 1},
		{"lucene boost", wsisgraph.SearchQuery{Text: `standards^2`}, 0},
		{"year", wsisgraph.SearchQuery{Text: "2021", Types: types(wsisgraph.SearchPrize, wsisgraph.SearchEvent)}, 4},
		{"event", wsisgraph.SearchQuery{Text: "wsis forum", Types: types(wsisgraph.SearchEvent)}, 5},
		{"many fields", wsisgraph.SearchQuery{Text: "agence nationale télécommunications"}, 1},
		{"no match", wsisgraph.SearchQuery{Text: "xylophone"}, 0},
		{"any word", wsisgraph.SearchQuery{Text: "zeta xylophone", Any: true}, 2},
		{"any word of several", wsisgraph.SearchQuery{Text: "telemedicine Kazakhstan xylophone", Any: true}, 5},
		{"every word", wsisgraph.SearchQuery{Text: "zeta xylophone"}, 0},
		{"arabic without tatweel", wsisgraph.SearchQuery{Text: "عاجلة", Lang: wsisgraph.LangArabic}, 1},
		{"arabic without shadda", wsisgraph.SearchQuery{Text: "لتغير"}, 1},
		{"arabic bare alef", wsisgraph.SearchQuery{Text: "اجراءات وآثاره", Lang: wsisgraph.LangArabic}, 1},
		{"arabic with diacritics", wsisgraph.SearchQuery{Text: "المُناخ"}, 1},
		{"arabic any word", wsisgraph.SearchQuery{Text: "المناخ xylophone", Any: true, Lang: wsisgraph.LangArabic}, 1},
		{"spanish", wsisgraph.SearchQuery{Text: "CLIMATICO", Lang: wsisgraph.LangSpanish}, 1},
		{"russian", wsisgraph.SearchQuery{Text: "климата", Lang: wsisgraph.LangRussian}, 1},
		{"russian in english titles", wsisgraph.SearchQuery{Text: "климата", Lang: wsisgraph.LangEnglish}, 0},
		{"chinese", wsisgraph.SearchQuery{Text: "气候", Lang: wsisgraph.LangChinese}, 1},
		{"chinese any word", wsisgraph.SearchQuery{Text: "气候 xylophone", Any: true}, 1},
		{"english stem", wsisgraph.SearchQuery{Text: "clinic"}, 2},
		{"english stem of a title", wsisgraph.SearchQuery{Text: "impact", Lang: wsisgraph.LangEnglish}, 1},
		{"french stem", wsisgraph.SearchQuery{Text: "forme", Lang: wsisgraph.LangFrench}, 1},
		{"spanish stem", wsisgraph.SearchQuery{Text: "medida urgente", Lang: wsisgraph.LangSpanish}, 1},
		{"russian stem", wsisgraph.SearchQuery{Text: "климат", Lang: wsisgraph.LangRussian}, 1},
		{"arabic stem", wsisgraph.SearchQuery{Text: "مناخ", Lang: wsisgraph.LangArabic}, 1},
		{"stem, any word", wsisgraph.SearchQuery{Text: "clinic xylophone", Any: true}, 2},
	}
}

func (x *suite) search(t *testing.T) {
	for _, c := range x.searchCases() {
		t.Run(c.name, func(t *testing.T) {
			q := c.q
			q.First, q.WithTotal = wsisgraph.MaxPageSize, true
			want := x.expectedHits(q)
			if len(want) < c.least {
				t.Fatalf("the fixture gives %d hits, the case needs %d: fix the case", len(want), c.least)
			}
			pages, err := x.s.Search(bg, []wsisgraph.SearchQuery{q})
			wantNoErr(t, err)
			if len(pages) != 1 {
				t.Fatalf("got %d pages for 1 query", len(pages))
			}
			p := pages[0]
			got := map[string]bool{}
			words := searchdoc.Words(q.Text)
			for i, h := range p.Hits {
				id := h.ID()
				got[id] = true
				d, ok := want[id]
				if !ok {
					t.Errorf("unexpected hit %s (snippet %q)", id, h.Snippet)
					continue
				}
				if js(h.Node) != js(d.Node) || h.Type != d.Type {
					t.Errorf("hit %s: node %s of type %s, want %s", id, js(h.Node), h.Type, js(d.Node))
				}
				if wantSnip := searchdoc.Snippet(d.Fields, q.Lang, words); h.Snippet != wantSnip {
					t.Errorf("hit %s: snippet\n got %q\nwant %q", id, h.Snippet, wantSnip)
				}
				if !strings.Contains(h.Snippet, "<mark>") {
					t.Errorf("hit %s: snippet %q marks nothing", id, h.Snippet)
				}
				if !(h.Score > 0) {
					t.Errorf("hit %s: score %v, want > 0", id, h.Score)
				}
				if i > 0 && !h.Cursor().After(p.Hits[i-1].Cursor()) {
					t.Errorf("hit %d %+v is not after hit %d %+v: not in search order", i, h.Cursor(), i-1, p.Hits[i-1].Cursor())
				}
			}
			for id := range want {
				if !got[id] {
					t.Errorf("missing hit %s", id)
				}
			}
			if p.Total != len(want) {
				t.Errorf("Total = %d, want %d", p.Total, len(want))
			}
			if p.HasNext {
				t.Error("HasNext on a page holding every hit")
			}
			if p.Hits == nil {
				t.Error("Hits is nil, want empty")
			}
			q.SkipSnippets = true
			bare, err := x.s.Search(bg, []wsisgraph.SearchQuery{q})
			wantNoErr(t, err)
			if len(bare[0].Hits) != len(p.Hits) || bare[0].Total != p.Total {
				t.Fatalf("SkipSnippets: %d hits (total %d), want %d (total %d)", len(bare[0].Hits), bare[0].Total, len(p.Hits), p.Total)
			}
			for i, h := range bare[0].Hits {
				if h.ID() != p.Hits[i].ID() || h.Score != p.Hits[i].Score || h.Snippet != "" {
					t.Errorf("SkipSnippets: hit %d is %s (score %v, snippet %q), want %s (score %v) without a snippet",
						i, h.ID(), h.Score, h.Snippet, p.Hits[i].ID(), p.Hits[i].Score)
				}
			}
		})
	}
	t.Run("case and accents agree", func(t *testing.T) {
		var sets [][]string
		for _, text := range []string{"Émile", "EMILE", "emile", "e\u0301mile"} {
			pages, err := x.s.Search(bg, []wsisgraph.SearchQuery{{Text: text, First: wsisgraph.MaxPageSize}})
			wantNoErr(t, err)
			var ids []string
			for _, h := range pages[0].Hits {
				ids = append(ids, h.ID())
			}
			sets = append(sets, ids)
		}
		for i := 1; i < len(sets); i++ {
			if !slices.Equal(sets[i], sets[0]) || len(sets[0]) == 0 {
				t.Errorf("search %d found %v, search 0 found %v", i, sets[i], sets[0])
			}
		}
	})
	t.Run("batch", func(t *testing.T) {
		var qs []wsisgraph.SearchQuery
		for _, c := range x.searchCases() {
			q := c.q
			q.First = 3
			qs = append(qs, q)
		}
		pages, err := x.s.Search(bg, qs)
		wantNoErr(t, err)
		if len(pages) != len(qs) {
			t.Fatalf("got %d pages for %d queries", len(pages), len(qs))
		}
		for i, q := range qs {
			one, err := x.s.Search(bg, []wsisgraph.SearchQuery{q})
			wantNoErr(t, err)
			if a, b := hitIDs(pages[i]), hitIDs(one[0]); !slices.Equal(a, b) || pages[i].HasNext != one[0].HasNext || pages[i].Total != -1 {
				t.Errorf("query %d (%q): batched %v (HasNext %v, Total %d), alone %v (HasNext %v)", i, q.Text, a, pages[i].HasNext, pages[i].Total, b, one[0].HasNext)
			}
		}
		empty, err := x.s.Search(bg, nil)
		wantNoErr(t, err)
		if len(empty) != 0 {
			t.Errorf("no queries: got %d pages", len(empty))
		}
	})
}

func hitIDs(p wsisgraph.SearchPage) []string {
	out := make([]string, len(p.Hits))
	for i, h := range p.Hits {
		out[i] = h.ID()
	}
	return out
}

func (x *suite) searchPaging(t *testing.T) {
	for _, text := range []string{"digital", "wsis", "2021", "poverty"} {
		t.Run(text, func(t *testing.T) {
			full, err := x.s.Search(bg, []wsisgraph.SearchQuery{{Text: text, First: wsisgraph.MaxPageSize, WithTotal: true}})
			wantNoErr(t, err)
			all := full[0].Hits
			if len(all) < 4 {
				t.Fatalf("%q finds %d hits: the paging test needs at least 4", text, len(all))
			}
			for _, size := range []int{1, 2, 3} {
				var got []string
				var after wsisgraph.SearchCursor
				for page := 0; ; page++ {
					if page > len(all)+1 {
						t.Fatalf("size %d: walk does not end", size)
					}
					ps, err := x.s.Search(bg, []wsisgraph.SearchQuery{{Text: text, First: size, After: after, WithTotal: page%2 == 0}})
					wantNoErr(t, err)
					p := ps[0]
					if page%2 == 0 && p.Total != len(all) {
						t.Errorf("size %d page %d: Total = %d, want %d (Total ignores After)", size, page, p.Total, len(all))
					}
					if page%2 == 1 && p.Total != -1 {
						t.Errorf("size %d page %d: Total = %d without WithTotal, want -1", size, page, p.Total)
					}
					got = append(got, hitIDs(p)...)
					if p.HasNext != (len(got) < len(all)) {
						t.Errorf("size %d page %d: HasNext = %v with %d of %d hits seen", size, page, p.HasNext, len(got), len(all))
					}
					if !p.HasNext || len(p.Hits) == 0 {
						break
					}
					after = p.Hits[len(p.Hits)-1].Cursor()
				}
				if want := hitIDs(full[0]); !slices.Equal(got, want) {
					t.Errorf("size %d walk:\n got %v\nwant %v", size, got, want)
				}
				// Backwards from the end: the same hits, page by page in reverse.
				got = nil
				var before wsisgraph.SearchCursor
				for page := 0; ; page++ {
					if page > len(all)+1 {
						t.Fatalf("last %d: walk does not end", size)
					}
					ps, err := x.s.Search(bg, []wsisgraph.SearchQuery{{Text: text, Last: size, Before: before, WithTotal: true}})
					wantNoErr(t, err)
					p := ps[0]
					if p.Total != len(all) {
						t.Errorf("last %d page %d: Total = %d, want %d (Total ignores Before)", size, page, p.Total, len(all))
					}
					if len(p.Hits) > size || p.HasNext {
						t.Fatalf("last %d page %d: %d hits, HasNext %v", size, page, len(p.Hits), p.HasNext)
					}
					got = append(hitIDs(p), got...)
					if p.HasPrev != (len(got) < len(all)) {
						t.Errorf("last %d page %d: HasPrev = %v with %d of %d hits seen", size, page, p.HasPrev, len(got), len(all))
					}
					if !p.HasPrev || len(p.Hits) == 0 {
						break
					}
					before = p.Hits[0].Cursor()
				}
				if want := hitIDs(full[0]); !slices.Equal(got, want) {
					t.Errorf("last %d walk backwards:\n got %v\nwant %v", size, got, want)
				}
			}
			n := len(all)
			between, err := x.s.Search(bg, []wsisgraph.SearchQuery{
				{Text: text, First: wsisgraph.MaxPageSize, After: all[0].Cursor(), Before: all[n-1].Cursor()},
				{Text: text, Last: wsisgraph.MaxPageSize, After: all[0].Cursor(), Before: all[n-1].Cursor()},
				{Text: text, Last: 1, After: all[0].Cursor(), Before: all[n-1].Cursor()},
			})
			wantNoErr(t, err)
			inner := hitIDs(full[0])[1 : n-1]
			for i, p := range between[:2] {
				if got := hitIDs(p); !slices.Equal(got, inner) {
					t.Errorf("query %d, between the first and the last hit:\n got %v\nwant %v", i, got, inner)
				}
			}
			if got := hitIDs(between[2]); !slices.Equal(got, inner[len(inner)-1:]) || !between[2].HasPrev {
				t.Errorf("last 1 between the first and the last hit: got %v HasPrev %v, want %v HasPrev true", got, between[2].HasPrev, inner[len(inner)-1:])
			}
			ghosts := []struct {
				name  string
				after wsisgraph.SearchCursor
				want  []string
			}{
				{"no id is the start", wsisgraph.SearchCursor{Score: 0}, hitIDs(full[0])},
				{"above every score", wsisgraph.SearchCursor{Score: 1e300, ID: "~"}, hitIDs(full[0])},
				{"below every score", wsisgraph.SearchCursor{Score: 0, ID: "!"}, nil},
				{"first hit's score, no id before", wsisgraph.SearchCursor{Score: all[0].Score, ID: "!"}, hitIDs(full[0])},
			}
			for _, g := range ghosts {
				ps, err := x.s.Search(bg, []wsisgraph.SearchQuery{{Text: text, First: wsisgraph.MaxPageSize, After: g.after}})
				wantNoErr(t, err)
				if got := hitIDs(ps[0]); !slices.Equal(got, g.want) && !(len(got) == 0 && len(g.want) == 0) {
					t.Errorf("%s: got %v, want %v", g.name, got, g.want)
				}
			}
		})
	}
}

func (x *suite) searchInvalid(t *testing.T) {
	long := strings.Repeat("é", wsisgraph.MaxSearchTextLen+1)
	tests := []struct {
		name string
		q    wsisgraph.SearchQuery
	}{
		{"empty", wsisgraph.SearchQuery{Text: ""}},
		{"blank", wsisgraph.SearchQuery{Text: " \t\n"}},
		{"too long", wsisgraph.SearchQuery{Text: long}},
		{"too many words", wsisgraph.SearchQuery{Text: strings.Repeat("a ", wsisgraph.MaxSearchWords+1)}},
		{"unknown type", wsisgraph.SearchQuery{Text: "digital", Types: []wsisgraph.SearchType{"LINKAGE"}}},
		{"unknown language", wsisgraph.SearchQuery{Text: "digital", Lang: "de"}},
		{"page too large", wsisgraph.SearchQuery{Text: "digital", First: wsisgraph.MaxPageSize + 1}},
		{"negative page", wsisgraph.SearchQuery{Text: "digital", First: -1}},
		{"first and last", wsisgraph.SearchQuery{Text: "digital", First: 2, Last: 2}},
		{"last too large", wsisgraph.SearchQuery{Text: "digital", Last: wsisgraph.MaxPageSize + 1}},
		{"negative last", wsisgraph.SearchQuery{Text: "digital", Last: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := x.s.Search(bg, []wsisgraph.SearchQuery{{Text: "digital"}, tc.q})
			wantCode(t, err, wsisgraph.EINVALID)
		})
	}
	t.Run("limits are inclusive", func(t *testing.T) {
		ok := []wsisgraph.SearchQuery{
			{Text: strings.Repeat("é", wsisgraph.MaxSearchTextLen)},
			{Text: strings.TrimSpace(strings.Repeat("a ", wsisgraph.MaxSearchWords))},
			{Text: "digital", First: wsisgraph.MaxPageSize},
			{Text: "digital", Last: wsisgraph.MaxPageSize},
		}
		_, err := x.s.Search(bg, ok)
		wantNoErr(t, err)
	})
}

// ---------------------------------------------------------------------------------------
// Matrix

func (x *suite) matrix(t *testing.T) {
	queries := []wsisgraph.MatrixQuery{
		{},
		{Year: 2019},
		{Year: 2021},
		{Country: "KZ"},
		{Country: "IN", Year: 2021},
		{StakeholderType: wsisgraph.StakeholderInternationalOrganization},
		{StakeholderType: wsisgraph.StakeholderGovernment, Country: "CI"},
		{Year: 1900},
		{Region: "142"},
		{Region: "419", Year: 2021},
		{Group: wsisgraph.GroupLLDC},
		{Group: wsisgraph.GroupLLDC, StakeholderType: wsisgraph.StakeholderGovernment, Region: "143"},
		{Region: "009"},
	}
	ms, err := x.s.Matrix(bg, queries)
	wantNoErr(t, err)
	if len(ms) != len(queries) {
		t.Fatalf("got %d matrices for %d queries", len(ms), len(queries))
	}
	lines := slices.Clone(x.d.ActionLines)
	slices.SortFunc(lines, func(a, b *wsisgraph.ActionLine) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return strings.Compare(a.Code, b.Code)
	})
	goals := slices.Clone(x.d.Goals)
	slices.SortFunc(goals, func(a, b *wsisgraph.Goal) int { return a.Number - b.Number })
	nonEmpty := 0
	for qi, q := range queries {
		t.Run(fmt.Sprintf("%+v", q), func(t *testing.T) {
			m := ms[qi]
			if len(m.Rows) != len(lines) || len(m.Columns) != len(goals) {
				t.Fatalf("grid is %d×%d, want %d×%d", len(m.Rows), len(m.Columns), len(lines), len(goals))
			}
			for j, g := range goals {
				if m.Columns[j].Goal == nil || js(m.Columns[j].Goal) != js(g) {
					t.Fatalf("column %d is goal %s, want %s", j, js(m.Columns[j].Goal), js(g))
				}
			}
			type sets struct{ links, targets, projects, prizes map[string]bool }
			newSets := func() *sets { return &sets{map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}} }
			rowSets, colSets, all := make([]*sets, len(lines)), make([]*sets, len(goals)), newSets()
			for j := range colSets {
				colSets[j] = newSets()
			}
			for i, al := range lines {
				rowSets[i] = newSets()
				row := m.Rows[i]
				if row.ActionLine == nil || row.ActionLine.Code != al.Code {
					t.Fatalf("row %d is %v, want %s", i, row.ActionLine, al.Code)
				}
				if len(row.Cells) != len(goals) {
					t.Fatalf("row %s has %d cells, want %d", al.Code, len(row.Cells), len(goals))
				}
				for j, g := range goals {
					c := row.Cells[j]
					var want []*wsisgraph.Linkage
					for _, l := range x.d.Linkages {
						if l.ActionLineCode == al.Code && l.GoalNumber == g.Number {
							want = append(want, l)
						}
					}
					slices.SortStableFunc(want, func(a, b *wsisgraph.Linkage) int {
						if (a.TargetCode == "") != (b.TargetCode == "") {
							if a.TargetCode == "" {
								return -1
							}
							return 1
						}
						return x.targetOrder(a.TargetCode) - x.targetOrder(b.TargetCode)
					})
					if got, w := ids(c.Linkages, lkID), ids(want, lkID); !slices.Equal(got, w) || c.Linkages == nil {
						t.Errorf("cell %s×%d: linkages %v, want %v", al.Code, g.Number, got, w)
					}
					targets, goalLevel := map[string]bool{}, false
					for _, l := range want {
						if l.TargetCode == "" {
							goalLevel = true
						} else {
							targets[l.TargetCode] = true
						}
					}
					projects := map[string]bool{}
					pm := x.projectMatch(wsisgraph.ProjectFilter{ActionLine: al.Code, Goal: g.Number, Year: q.Year, Country: q.Country, StakeholderType: q.StakeholderType,
						Region: q.Region, Group: q.Group})
					for _, p := range x.d.Projects {
						if pm(p) {
							projects[p.Key] = true
						}
					}
					prizes := map[string]bool{}
					zm := x.prizeMatch(wsisgraph.PrizeFilter{ActionLine: al.Code, Year: q.Year, Country: q.Country, Region: q.Region, Group: q.Group})
					gm := x.projectMatch(wsisgraph.ProjectFilter{Goal: g.Number, StakeholderType: q.StakeholderType})
					for _, z := range x.d.Prizes {
						if p := x.project[z.ProjectKey]; p != nil && zm(z) && gm(p) {
							prizes[z.Key] = true
						}
					}
					if c.GoalLevel != goalLevel || c.TargetCount != len(targets) || c.ProjectCount != len(projects) || c.PrizeCount != len(prizes) {
						t.Errorf("cell %s×%d: goalLevel %v targets %d projects %d prizes %d, want %v %d %d %d",
							al.Code, g.Number, c.GoalLevel, c.TargetCount, c.ProjectCount, c.PrizeCount,
							goalLevel, len(targets), len(projects), len(prizes))
					}
					for _, s := range []*sets{rowSets[i], colSets[j], all} {
						for _, l := range want {
							s.links[l.ID] = true
						}
						maps.Copy(s.targets, targets)
						maps.Copy(s.projects, projects)
						maps.Copy(s.prizes, prizes)
					}
					if len(projects)+len(prizes) > 0 {
						nonEmpty++
					}
				}
			}
			check := func(name string, got wsisgraph.MatrixTotals, s *sets) {
				want := wsisgraph.MatrixTotals{LinkageCount: len(s.links), TargetCount: len(s.targets), ProjectCount: len(s.projects), PrizeCount: len(s.prizes)}
				if got != want {
					t.Errorf("totals of %s = %+v, want %+v", name, got, want)
				}
			}
			for i, al := range lines {
				check("row "+al.Code, m.Rows[i].Totals, rowSets[i])
			}
			for j, g := range goals {
				check("column "+strconv.Itoa(g.Number), m.Columns[j].Totals, colSets[j])
			}
			check("the grid", m.Totals, all)
		})
	}
	if nonEmpty == 0 {
		t.Error("no query counts any project or prize: the cases test nothing")
	}
	t.Run("invalid", func(t *testing.T) {
		_, err := x.s.Matrix(bg, []wsisgraph.MatrixQuery{{}, {Region: "Asia"}})
		wantCode(t, err, wsisgraph.EINVALID)
		_, err = x.s.Matrix(bg, []wsisgraph.MatrixQuery{{}, {Group: "OECD"}})
		wantCode(t, err, wsisgraph.EINVALID)
		_, err = x.s.Matrix(bg, []wsisgraph.MatrixQuery{{}, {StakeholderType: "NOBODY"}})
		wantCode(t, err, wsisgraph.EINVALID)
	})
	t.Run("no queries", func(t *testing.T) {
		ms, err := x.s.Matrix(bg, nil)
		wantNoErr(t, err)
		if len(ms) != 0 {
			t.Errorf("got %d matrices", len(ms))
		}
	})
}

// ---------------------------------------------------------------------------------------
// Project facets

func (x *suite) projectFacets(t *testing.T) {
	type F = wsisgraph.ProjectFilter
	filters := []F{
		{},
		{Country: "KZ"},
		{ActionLine: "C7"},
		{Goal: 4},
		{Text: "digital"},
		{StakeholderType: wsisgraph.StakeholderGovernment},
		{Year: 2019},
		{Organization: "who", Goal: 1},
		{Country: "XX"},
		{Region: "150"},
		{Group: wsisgraph.GroupLLDC, ActionLine: "C7"},
	}
	got, err := x.s.ProjectFacets(bg, filters)
	wantNoErr(t, err)
	if len(got) != len(filters) {
		t.Fatalf("got %d facet sets for %d filters", len(got), len(filters))
	}
	for fi, f := range filters {
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			match := x.projectMatch(f)
			counts := map[wsisgraph.ProjectFacet]map[string]int{}
			add := func(facet wsisgraph.ProjectFacet, v string) {
				if counts[facet] == nil {
					counts[facet] = map[string]int{}
				}
				counts[facet][v]++
			}
			unstated := make([]wsisgraph.Unstated, len(wsisgraph.ProjectFacetOrder))
			for k, facet := range wsisgraph.ProjectFacetOrder {
				unstated[k].Facet = facet
			}
			for _, p := range x.d.Projects {
				if !match(p) {
					continue
				}
				hasType, hasGoal := false, false
				for _, k := range p.OrganizationKeys {
					hasType = hasType || x.org[k] != nil
				}
				for _, c := range p.TargetCodes {
					hasGoal = hasGoal || x.target[c] != nil
				}
				for k, none := range []bool{p.Country == "", p.Year == 0, !hasType, len(p.ActionLineCodes) == 0, !hasGoal} {
					if none {
						unstated[k].Count++
					}
				}
				if p.Country != "" {
					add(wsisgraph.FacetCountry, p.Country)
				}
				if c := x.country[p.Country]; c != nil && c.Region != "" {
					add(wsisgraph.FacetRegion, c.Region)
				}
				if p.Year != 0 {
					add(wsisgraph.FacetYear, strconv.Itoa(p.Year))
				}
				types, lines, goals := map[string]bool{}, map[string]bool{}, map[string]bool{}
				for _, k := range p.OrganizationKeys {
					if o := x.org[k]; o != nil {
						types[string(o.StakeholderType)] = true
					}
				}
				for _, c := range p.ActionLineCodes {
					lines[c] = true
					if l := x.line[c]; l != nil && l.ParentCode != "" {
						lines[l.ParentCode] = true
					}
				}
				for _, c := range p.TargetCodes {
					if tg := x.target[c]; tg != nil {
						goals[strconv.Itoa(tg.GoalNumber)] = true
					}
				}
				for v := range types {
					add(wsisgraph.FacetStakeholderType, v)
				}
				for v := range lines {
					add(wsisgraph.FacetActionLine, v)
				}
				for v := range goals {
					add(wsisgraph.FacetGoal, v)
				}
			}
			fs := got[fi]
			if fmt.Sprint(fs.Unstated) != fmt.Sprint(unstated) {
				t.Errorf("unstated:\n got %v\nwant %v", fs.Unstated, unstated)
			}
			for _, fc := range []struct {
				facet wsisgraph.ProjectFacet
				got   []wsisgraph.FacetCount
			}{
				{wsisgraph.FacetCountry, fs.ByCountry},
				{wsisgraph.FacetYear, fs.ByYear},
				{wsisgraph.FacetStakeholderType, fs.ByStakeholderType},
				{wsisgraph.FacetActionLine, fs.ByActionLine},
				{wsisgraph.FacetGoal, fs.ByGoal},
				{wsisgraph.FacetRegion, fs.ByRegion},
			} {
				var want []wsisgraph.FacetCount
				for v, n := range counts[fc.facet] {
					want = append(want, wsisgraph.FacetCount{Facet: fc.facet, Value: v, Count: n})
				}
				slices.SortFunc(want, func(a, b wsisgraph.FacetCount) int {
					if a.Count != b.Count {
						return b.Count - a.Count
					}
					return strings.Compare(a.Value, b.Value)
				})
				if fmt.Sprint(fc.got) != fmt.Sprint(want) || fc.got == nil {
					t.Errorf("%s:\n got %v\nwant %v", fc.facet, fc.got, want)
				}
				// Where the filter leaves the facet's field unset, a count is the total the
				// list has with the value added to its filter.
				for _, c := range fc.got {
					g := f
					switch c.Facet {
					case wsisgraph.FacetCountry:
						g.Country = c.Value
					case wsisgraph.FacetYear:
						g.Year, _ = strconv.Atoi(c.Value)
					case wsisgraph.FacetStakeholderType:
						g.StakeholderType = wsisgraph.StakeholderType(c.Value)
					case wsisgraph.FacetActionLine:
						g.ActionLine = c.Value
					case wsisgraph.FacetGoal:
						g.Goal, _ = strconv.Atoi(c.Value)
					case wsisgraph.FacetRegion:
						g.Region = c.Value
					}
					if g == f || !facetFieldUnset(f, c.Facet) {
						continue
					}
					ps, err := x.s.Projects(bg, []wsisgraph.ProjectQuery{{Filter: g, Page: wsisgraph.PageArgs{First: 1, WithTotal: true}}})
					wantNoErr(t, err)
					if ps[0].Total != c.Count {
						t.Errorf("%s=%s: count %d, but the list filtered by it has %d projects", c.Facet, c.Value, c.Count, ps[0].Total)
					}
				}
			}
		})
	}
	t.Run("invalid", func(t *testing.T) {
		_, err := x.s.ProjectFacets(bg, []F{{}, {StakeholderType: "NOBODY"}})
		wantCode(t, err, wsisgraph.EINVALID)
		_, err = x.s.ProjectFacets(bg, []F{{Region: "777"}})
		wantCode(t, err, wsisgraph.EINVALID)
	})
}

// facetFieldUnset reports whether f leaves the filter field of facet unset.
func facetFieldUnset(f wsisgraph.ProjectFilter, facet wsisgraph.ProjectFacet) bool {
	switch facet {
	case wsisgraph.FacetCountry:
		return f.Country == ""
	case wsisgraph.FacetYear:
		return f.Year == 0
	case wsisgraph.FacetStakeholderType:
		return f.StakeholderType == ""
	case wsisgraph.FacetActionLine:
		return f.ActionLine == ""
	case wsisgraph.FacetGoal:
		return f.Goal == 0
	case wsisgraph.FacetRegion:
		return f.Region == ""
	}
	return false
}

// ---------------------------------------------------------------------------------------
// Organisation count sorts

func (x *suite) organizationCounts(t *testing.T) {
	prizes, projects := map[string]int{}, map[string]int{}
	for _, z := range x.d.Prizes {
		for _, k := range slices.Compact(slices.Sorted(slices.Values(z.OrganizationKeys))) {
			prizes[k]++
		}
	}
	for _, p := range x.d.Projects {
		for _, k := range slices.Compact(slices.Sorted(slices.Values(p.OrganizationKeys))) {
			projects[k]++
		}
	}
	l := x.orgLister()
	l.sorts = []sortCase[wsisgraph.Organization]{
		{name: string(wsisgraph.OrganizationsByPrizeCount), pos: func(o *wsisgraph.Organization) wsisgraph.Cursor { return o.CountCursor(prizes[o.Key]) }},
		{name: string(wsisgraph.OrganizationsByProjectCount), pos: func(o *wsisgraph.Organization) wsisgraph.Cursor { return o.CountCursor(projects[o.Key]) }},
	}
	type F = wsisgraph.OrganizationFilter
	var cases []listCase[F, wsisgraph.Organization]
	for _, c := range []struct {
		name string
		f    F
	}{
		{"none", F{}},
		{"country=IN", F{Country: "IN"}},
		{"stakeholder=INTL", F{StakeholderType: wsisgraph.StakeholderInternationalOrganization}},
		{"text=emil", F{Text: "emil"}},
	} {
		cases = append(cases, listCase[F, wsisgraph.Organization]{name: c.name, filter: c.f, match: x.orgMatch(c.f)})
	}
	l.run(t, cases)
	t.Run("default direction is most first", func(t *testing.T) {
		for _, s := range []wsisgraph.OrganizationSort{wsisgraph.OrganizationsByPrizeCount, wsisgraph.OrganizationsByProjectCount} {
			p := l.one(t, wsisgraph.OrganizationQuery{Sort: s, Page: wsisgraph.PageArgs{First: wsisgraph.MaxPageSize}})
			for i := 1; i < len(p.Cursors); i++ {
				if p.Cursors[i].Num > p.Cursors[i-1].Num {
					t.Fatalf("%s: %v before %v", s, p.Cursors[i-1], p.Cursors[i])
				}
			}
			if len(p.Cursors) == 0 || p.Cursors[0].Num == 0 {
				t.Errorf("%s: the first organisation has no count: %v", s, p.Cursors)
			}
		}
	})
}

// ---------------------------------------------------------------------------------------
// Context

func (x *suite) exploreContext(t *testing.T) {
	ctx, cancel := context.WithCancel(bg)
	cancel()
	calls := map[string]func(context.Context) error{
		"Search": func(ctx context.Context) error {
			_, err := x.s.Search(ctx, []wsisgraph.SearchQuery{{Text: "digital"}})
			return err
		},
		"Matrix": func(ctx context.Context) error {
			_, err := x.s.Matrix(ctx, []wsisgraph.MatrixQuery{{}})
			return err
		},
		"ProjectFacets": func(ctx context.Context) error {
			_, err := x.s.ProjectFacets(ctx, []wsisgraph.ProjectFilter{{}})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			if err := call(ctx); err == nil {
				t.Error("a cancelled context did not fail the call")
			}
			if err := call(bg); err != nil {
				t.Errorf("after a cancelled call: %v", err)
			}
		})
	}
}
