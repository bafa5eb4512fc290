// Package storetest is the conformance suite every wsisgraph.Store backend runs:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T, d *dataset.Dataset) wsisgraph.Store { return memory.New(d) })
//	}
//
// The suite loads Fixture into the backend once and checks every method against answers it
// computes itself from the fixture's slices (filtering and sorting them directly), plus a few
// explicit spot checks. It pins the semantics the interface leaves to the backends; see the
// package documentation of store/memory for the list.
package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

// Run runs the suite against the store newStore builds from the fixture. newStore is called
// once; a backend that needs an import (Neo4j) does it there and may t.Skip when unavailable.
func Run(t *testing.T, newStore func(t *testing.T, d *dataset.Dataset) wsisgraph.Store) {
	t.Helper()
	d := Fixture()
	if err := d.Validate(); err != nil {
		t.Fatalf("the fixture does not validate: %v", err)
	}
	s := newStore(t, d)
	if s == nil {
		t.Fatal("newStore returned nil")
	}
	x := newSuite(s, Fixture()) // expectations come from an untouched copy

	t.Run("Lookups", x.lookups)
	t.Run("WholeLists", x.wholeLists)
	t.Run("Relations", x.relations)
	t.Run("Projects", x.projects)
	t.Run("Organizations", x.organizations)
	t.Run("Prizes", x.prizes)
	t.Run("Events", x.events)
	t.Run("SpotChecks", x.spotChecks)
	t.Run("Defaults", x.defaults)
	t.Run("Invalid", x.invalid)
	t.Run("Batch", x.batch)
	t.Run("Context", x.context)
	t.Run("PingVersion", x.pingVersion)
	t.Run("Coverage", x.coverage)
	t.Run("PublicRecord", x.publicRecord)
	t.Run("NotShared", x.notShared)
	t.Run("Concurrent", x.concurrent)
	t.Run("Explore", x.explore)       // explore.go
	t.Run("Vocabulary", x.vocabulary) // vocab.go
	t.Run("Walks", x.walks)           // walk.go
	t.Run("DatasetUntouched", func(t *testing.T) {
		if js(d) != js(Fixture()) {
			t.Error("the store modified the dataset it was given")
		}
	})
}

// suite holds the store under test and lookup maps over the expected data.
type suite struct {
	s        wsisgraph.Store
	d        *dataset.Dataset
	line     map[string]*wsisgraph.ActionLine
	target   map[string]*wsisgraph.Target
	org      map[string]*wsisgraph.Organization
	project  map[string]*wsisgraph.Project
	category map[int]*wsisgraph.PrizeCategory
	country  map[string]*wsisgraph.Country
}

func newSuite(s wsisgraph.Store, d *dataset.Dataset) *suite {
	x := &suite{s: s, d: d, line: map[string]*wsisgraph.ActionLine{}, target: map[string]*wsisgraph.Target{},
		org: map[string]*wsisgraph.Organization{}, project: map[string]*wsisgraph.Project{}, category: map[int]*wsisgraph.PrizeCategory{},
		country: map[string]*wsisgraph.Country{}}
	for _, v := range d.Countries {
		x.country[v.Code] = v
	}
	for _, v := range d.ActionLines {
		x.line[v.Code] = v
	}
	for _, v := range d.Targets {
		x.target[v.Code] = v
	}
	for _, v := range d.Organizations {
		x.org[v.Key] = v
	}
	for _, v := range d.Projects {
		x.project[v.Key] = v
	}
	for _, v := range d.PrizeCategories {
		x.category[v.Number] = v
	}
	return x
}

var bg = context.Background()

// js is the JSON form of v: entities compare equal when their JSON forms are, so that a
// backend may return nil where the fixture has an empty slice.
func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func byKey[K comparable, V any](items []V, key func(V) K) map[K]V {
	m := make(map[K]V, len(items))
	for _, it := range items {
		m[key(it)] = it
	}
	return m
}

func ids[V any](items []V, id func(V) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func wantNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v (code %s)", err, wsisgraph.ErrorCode(err))
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := wsisgraph.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (error %v)", got, code, err)
	}
}

// ---------------------------------------------------------------------------------------
// Lookups

// checkLookup asks for every expected key, some missing ones and a repeat, and checks the map.
func checkLookup[K cmp.Ordered, V any](t *testing.T, call func(context.Context, []K) (map[K]V, error), want map[K]V, missing []K) {
	t.Helper()
	var ask []K
	for k := range want {
		ask = append(ask, k)
	}
	slices.Sort(ask)
	slices.Reverse(ask)
	ask = append(ask, missing...)
	if len(ask) > 0 {
		ask = append(ask, ask[0])
	}
	got, err := call(bg, ask)
	wantNoErr(t, err)
	if len(got) != len(want) {
		t.Errorf("got %d entries, want %d", len(got), len(want))
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("key %v missing", k)
			continue
		}
		if js(g) != js(w) {
			t.Errorf("key %v:\n got %s\nwant %s", k, js(g), js(w))
		}
	}
	for _, k := range missing {
		if _, ok := got[k]; ok {
			t.Errorf("missing key %q is present", fmt.Sprint(k))
		}
	}
	for _, keys := range [][]K{nil, {}, missing} {
		got, err := call(bg, keys)
		wantNoErr(t, err)
		if len(got) != 0 {
			t.Errorf("keys %v: got %d entries, want none", keys, len(got))
		}
	}
}

func (x *suite) lookups(t *testing.T) {
	d, s := x.d, x.s
	t.Run("ActionLinesByCode", func(t *testing.T) {
		checkLookup(t, s.ActionLinesByCode, byKey(d.ActionLines, func(v *wsisgraph.ActionLine) string { return v.Code }),
			[]string{"C99", "", "c2", "C7.E-HEALTH"})
	})
	t.Run("GoalsByNumber", func(t *testing.T) {
		checkLookup(t, s.GoalsByNumber, byKey(d.Goals, func(v *wsisgraph.Goal) int { return v.Number }), []int{0, 2, 17, -1})
	})
	t.Run("TargetsByCode", func(t *testing.T) {
		checkLookup(t, s.TargetsByCode, byKey(d.Targets, func(v *wsisgraph.Target) string { return v.Code }),
			[]string{"1.A", "9.9", "", "1"})
	})
	t.Run("IndicatorsByCode", func(t *testing.T) {
		want := map[string]*wsisgraph.Indicator{}
		for _, in := range d.Indicators {
			want[in.Code] = in
			for _, c := range in.OtherCodes {
				want[c] = in
			}
		}
		checkLookup(t, s.IndicatorsByCode, want, []string{"11.5.1", "1.5", "", "4.7.2"})
	})
	t.Run("LinkagesByID", func(t *testing.T) {
		checkLookup(t, s.LinkagesByID, byKey(d.Linkages, func(v *wsisgraph.Linkage) string { return v.ID }),
			[]string{"C2>9.c", "C2>13", "", "C2"})
	})
	t.Run("OrganizationsByKey", func(t *testing.T) {
		checkLookup(t, s.OrganizationsByKey, byKey(d.Organizations, func(v *wsisgraph.Organization) string { return v.Key }),
			[]string{"ITU", "nope", ""})
	})
	t.Run("ProjectsByKey", func(t *testing.T) {
		checkLookup(t, s.ProjectsByKey, byKey(d.Projects, func(v *wsisgraph.Project) string { return v.Key }),
			[]string{"Telemed-KZ", "nope", ""})
	})
	t.Run("PrizesByKey", func(t *testing.T) {
		checkLookup(t, s.PrizesByKey, byKey(d.Prizes, func(v *wsisgraph.Prize) string { return v.Key }),
			[]string{"2018-01-w", ""})
	})
	t.Run("EventsByKey", func(t *testing.T) {
		checkLookup(t, s.EventsByKey, byKey(d.Events, func(v *wsisgraph.Event) string { return v.Key }),
			[]string{"wsis-forum-2018", ""})
	})
	t.Run("SourcesByKey", func(t *testing.T) {
		checkLookup(t, s.SourcesByKey, byKey(d.Sources, func(v *wsisgraph.Source) string { return v.Key }),
			[]string{"nope", ""})
	})
	t.Run("CountriesByCode", func(t *testing.T) {
		checkLookup(t, s.CountriesByCode, byKey(d.Countries, func(v *wsisgraph.Country) string { return v.Code }),
			[]string{"kz", "XX", ""})
	})
}

// ---------------------------------------------------------------------------------------
// Whole lists and relations

func (x *suite) wholeLists(t *testing.T) {
	t.Run("ActionLines", func(t *testing.T) {
		want := slices.Clone(x.d.ActionLines)
		sort.SliceStable(want, func(i, j int) bool { return want[i].Order < want[j].Order })
		got, err := x.s.ActionLines(bg)
		wantNoErr(t, err)
		if js(got) != js(want) {
			t.Errorf("got %v, want %v", ids(got, alCode), ids(want, alCode))
		}
	})
	t.Run("Goals", func(t *testing.T) {
		want := slices.Clone(x.d.Goals)
		sort.SliceStable(want, func(i, j int) bool { return want[i].Number < want[j].Number })
		got, err := x.s.Goals(bg)
		wantNoErr(t, err)
		if js(got) != js(want) {
			t.Errorf("got %s\nwant %s", js(got), js(want))
		}
	})
	t.Run("PrizeCategories", func(t *testing.T) {
		want := slices.Clone(x.d.PrizeCategories)
		sort.SliceStable(want, func(i, j int) bool { return want[i].Number < want[j].Number })
		got, err := x.s.PrizeCategories(bg)
		wantNoErr(t, err)
		if js(got) != js(want) {
			t.Errorf("got %s\nwant %s", js(got), js(want))
		}
	})
}

func alCode(a *wsisgraph.ActionLine) string { return a.Code }
func tgCode(a *wsisgraph.Target) string     { return a.Code }
func inCode(a *wsisgraph.Indicator) string  { return a.Code }
func lkID(a *wsisgraph.Linkage) string      { return a.ID }
func facID(f wsisgraph.Facilitation) string { return f.ActionLineCode + "/" + string(f.Role) }

// checkRelation asks for keys and checks that each key with a non-empty expected list maps
// to exactly that list in that order, and that keys with an empty one are absent.
func checkRelation[K comparable, V any](t *testing.T, call func(context.Context, []K) (map[K][]V, error), keys []K, expect func(K) []V, id func(V) string) {
	t.Helper()
	got, err := call(bg, keys)
	wantNoErr(t, err)
	present := 0
	for _, k := range keys {
		want := expect(k)
		g, ok := got[k]
		if len(want) == 0 {
			if ok {
				t.Errorf("key %v: present with %v, want absent (no related items)", k, ids(g, id))
			}
			continue
		}
		present++
		if !ok {
			t.Errorf("key %v: absent, want %v", k, ids(want, id))
			continue
		}
		if gi, wi := ids(g, id), ids(want, id); !slices.Equal(gi, wi) {
			t.Errorf("key %v:\n got %v\nwant %v", k, gi, wi)
		} else if js(g) != js(want) {
			t.Errorf("key %v: content differs:\n got %s\nwant %s", k, js(g), js(want))
		}
	}
	if len(got) != present {
		t.Errorf("got %d keys, want %d", len(got), present)
	}
	for _, keys := range [][]K{nil, {}} {
		got, err := call(bg, keys)
		wantNoErr(t, err)
		if len(got) != 0 {
			t.Errorf("no keys: got %d entries", len(got))
		}
	}
}

func (x *suite) lineOrder(code string) int {
	if l := x.line[code]; l != nil {
		return l.Order
	}
	return 0
}

func (x *suite) targetOrder(code string) int {
	if t := x.target[code]; t != nil {
		return t.Order
	}
	return 0
}

// naturalLess compares dotted codes with numeric parts by value and numbers before letters.
func naturalLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if as[i] == bs[i] {
			continue
		}
		x, xe := strconv.Atoi(as[i])
		y, ye := strconv.Atoi(bs[i])
		switch {
		case xe == nil && ye == nil:
			return x < y
		case xe == nil:
			return true
		case ye == nil:
			return false
		default:
			return as[i] < bs[i]
		}
	}
	return len(as) < len(bs)
}

// listedUnder is the code an indicator has under a target: the one starting with "target.".
func listedUnder(in *wsisgraph.Indicator, target string) string {
	for _, c := range append([]string{in.Code}, in.OtherCodes...) {
		if strings.HasPrefix(c, target+".") {
			return c
		}
	}
	return in.Code
}

func (x *suite) relations(t *testing.T) {
	d, s := x.d, x.s
	lineCodes := append(ids(d.ActionLines, alCode), "C99", "", "c7")
	t.Run("SubLinesByActionLine", func(t *testing.T) {
		checkRelation(t, s.SubLinesByActionLine, lineCodes, func(code string) []*wsisgraph.ActionLine {
			var out []*wsisgraph.ActionLine
			for _, l := range d.ActionLines {
				if code != "" && l.ParentCode == code {
					out = append(out, l)
				}
			}
			sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
			return out
		}, alCode)
	})
	t.Run("FacilitationsByOrganization", func(t *testing.T) {
		keys := append(ids(d.Organizations, func(o *wsisgraph.Organization) string { return o.Key }), "nope", "")
		checkRelation(t, s.FacilitationsByOrganization, keys, func(key string) []wsisgraph.Facilitation {
			var out []wsisgraph.Facilitation
			for _, l := range d.ActionLines {
				for _, f := range l.Facilitators {
					if f.OrganizationKey == key {
						out = append(out, f)
					}
				}
			}
			sort.SliceStable(out, func(i, j int) bool { return x.lineOrder(out[i].ActionLineCode) < x.lineOrder(out[j].ActionLineCode) })
			return out
		}, facID)
	})
	goals := []int{1, 4, 13, 2, 0, 17}
	t.Run("TargetsByGoal", func(t *testing.T) {
		checkRelation(t, s.TargetsByGoal, goals, func(g int) []*wsisgraph.Target {
			var out []*wsisgraph.Target
			for _, tg := range d.Targets {
				if tg.GoalNumber == g {
					out = append(out, tg)
				}
			}
			sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
			return out
		}, tgCode)
	})
	targetCodes := append(ids(d.Targets, tgCode), "9.9", "", "1.A")
	t.Run("IndicatorsByTarget", func(t *testing.T) {
		checkRelation(t, s.IndicatorsByTarget, targetCodes, func(code string) []*wsisgraph.Indicator {
			var out []*wsisgraph.Indicator
			for _, in := range d.Indicators {
				if slices.Contains(in.TargetCodes, code) {
					out = append(out, in)
				}
			}
			sort.SliceStable(out, func(i, j int) bool {
				return naturalLess(listedUnder(out[i], code), listedUnder(out[j], code))
			})
			return out
		}, inCode)
	})
	// goalFirst orders a goal-level linkage before target-level ones, those by target order.
	goalFirst := func(a, b *wsisgraph.Linkage) bool {
		if (a.TargetCode == "") != (b.TargetCode == "") {
			return a.TargetCode == ""
		}
		return x.targetOrder(a.TargetCode) < x.targetOrder(b.TargetCode)
	}
	t.Run("LinkagesByActionLine", func(t *testing.T) {
		checkRelation(t, s.LinkagesByActionLine, lineCodes, func(code string) []*wsisgraph.Linkage {
			var out []*wsisgraph.Linkage
			for _, l := range d.Linkages {
				if l.ActionLineCode == code {
					out = append(out, l)
				}
			}
			sort.SliceStable(out, func(i, j int) bool {
				if out[i].GoalNumber != out[j].GoalNumber {
					return out[i].GoalNumber < out[j].GoalNumber
				}
				return goalFirst(out[i], out[j])
			})
			return out
		}, lkID)
	})
	t.Run("LinkagesByGoal", func(t *testing.T) {
		checkRelation(t, s.LinkagesByGoal, goals, func(g int) []*wsisgraph.Linkage {
			var out []*wsisgraph.Linkage
			for _, l := range d.Linkages {
				if l.GoalNumber == g {
					out = append(out, l)
				}
			}
			sort.SliceStable(out, func(i, j int) bool {
				if a, b := x.lineOrder(out[i].ActionLineCode), x.lineOrder(out[j].ActionLineCode); a != b {
					return a < b
				}
				return goalFirst(out[i], out[j])
			})
			return out
		}, lkID)
	})
	t.Run("LinkagesByTarget", func(t *testing.T) {
		checkRelation(t, s.LinkagesByTarget, targetCodes, func(code string) []*wsisgraph.Linkage {
			var out []*wsisgraph.Linkage
			for _, l := range d.Linkages {
				if code != "" && l.TargetCode == code {
					out = append(out, l)
				}
			}
			sort.SliceStable(out, func(i, j int) bool {
				return x.lineOrder(out[i].ActionLineCode) < x.lineOrder(out[j].ActionLineCode)
			})
			return out
		}, lkID)
	})
}

// ---------------------------------------------------------------------------------------
// Paged lists

// sortCase is one sort field of a list: its name and the expected cursor of an item.
type sortCase[T any] struct {
	name string
	text bool // the cursor holds Str (else Num)
	pos  func(*T) wsisgraph.Cursor
}

// listCase is one filter and the predicate that computes its answer from the fixture.
type listCase[F, T any] struct {
	name   string
	filter F
	match  func(*T) bool
}

// lister drives one paged list of the store.
type lister[F, Q, T any] struct {
	all   []*T
	key   func(*T) string
	sorts []sortCase[T]
	query func(f F, sort string, dir wsisgraph.SortDirection, page wsisgraph.PageArgs) Q
	call  func(context.Context, []Q) ([]wsisgraph.Page[T], error)
}

// cmpPos orders two positions of a list: sort value in dir, then key ascending.
func cmpPos(a, b wsisgraph.Cursor, dir wsisgraph.SortDirection) int {
	c := 0
	switch {
	case a.Str != b.Str:
		c = strings.Compare(a.Str, b.Str)
	case a.Num < b.Num:
		c = -1
	case a.Num > b.Num:
		c = 1
	}
	if dir == wsisgraph.Desc {
		c = -c
	}
	if c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}

// expected returns the keys and cursors of the items matching c in the order sc, dir.
func (l *lister[F, Q, T]) expected(match func(*T) bool, sc sortCase[T], dir wsisgraph.SortDirection) ([]string, []wsisgraph.Cursor) {
	var items []*T
	for _, it := range l.all {
		if match(it) {
			items = append(items, it)
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return cmpPos(sc.pos(items[i]), sc.pos(items[j]), dir) < 0 })
	keys := make([]string, len(items))
	curs := make([]wsisgraph.Cursor, len(items))
	for i, it := range items {
		keys[i], curs[i] = l.key(it), sc.pos(it)
	}
	return keys, curs
}

// one answers a single query, checking the page's shape.
func (l *lister[F, Q, T]) one(t *testing.T, q Q) wsisgraph.Page[T] {
	t.Helper()
	pages, err := l.call(bg, []Q{q})
	wantNoErr(t, err)
	if len(pages) != 1 {
		t.Fatalf("got %d pages for 1 query", len(pages))
	}
	p := pages[0]
	if len(p.Items) != len(p.Cursors) {
		t.Fatalf("%d items but %d cursors", len(p.Items), len(p.Cursors))
	}
	return p
}

func (l *lister[F, Q, T]) keys(p wsisgraph.Page[T]) []string { return ids(p.Items, l.key) }

// run checks every case in every sort and direction: one page holding everything, walks
// with several page sizes, and keyset positions that are no item's.
func (l *lister[F, Q, T]) run(t *testing.T, cases []listCase[F, T]) {
	fixture := byKey(l.all, l.key)
	for ci, c := range cases {
		for _, sc := range l.sorts {
			for _, dir := range []wsisgraph.SortDirection{wsisgraph.Asc, wsisgraph.Desc} {
				t.Run(c.name+"/"+sc.name+"_"+string(dir), func(t *testing.T) {
					want, wantCur := l.expected(c.match, sc, dir)
					p := l.one(t, l.query(c.filter, sc.name, dir, wsisgraph.PageArgs{First: wsisgraph.MaxPageSize, WithTotal: true}))
					if got := l.keys(p); !slices.Equal(got, want) {
						t.Fatalf("items:\n got %v\nwant %v", got, want)
					}
					if !slices.Equal(p.Cursors, wantCur) {
						t.Errorf("cursors:\n got %+v\nwant %+v", p.Cursors, wantCur)
					}
					if p.HasNext {
						t.Error("HasNext on a page holding every item")
					}
					if p.Total != len(want) {
						t.Errorf("Total = %d, want %d", p.Total, len(want))
					}
					for _, it := range p.Items {
						if js(it) != js(fixture[l.key(it)]) {
							t.Errorf("item %s:\n got %s\nwant %s", l.key(it), js(it), js(fixture[l.key(it)]))
						}
					}
					for _, size := range []int{1, 2, 7, wsisgraph.MaxPageSize} {
						l.walk(t, c.filter, sc, dir, size, size == 2, want)
					}
					for _, size := range []int{3, wsisgraph.MaxPageSize} {
						l.walkBack(t, c.filter, sc, dir, size, size == 3, want)
					}
					if ci < 2 {
						l.ghosts(t, c, sc, dir)
						l.ghostsBefore(t, c, sc, dir)
					}
				})
			}
		}
	}
}

// walk pages through a list with cursors and checks it yields want.
func (l *lister[F, Q, T]) walk(t *testing.T, f F, sc sortCase[T], dir wsisgraph.SortDirection, size int, withTotal bool, want []string) {
	t.Helper()
	var got []string
	var after wsisgraph.Cursor
	for page := 0; ; page++ {
		if page > len(want)+1 {
			t.Fatalf("size %d: walk does not end", size)
		}
		p := l.one(t, l.query(f, sc.name, dir, wsisgraph.PageArgs{First: size, After: after, WithTotal: withTotal}))
		if withTotal && p.Total != len(want) {
			t.Errorf("size %d page %d: Total = %d, want %d", size, page, p.Total, len(want))
		}
		if !withTotal && p.Total != -1 {
			t.Errorf("size %d page %d: Total = %d without WithTotal, want -1", size, page, p.Total)
		}
		if len(p.Items) > size {
			t.Fatalf("size %d page %d: %d items", size, page, len(p.Items))
		}
		for i, it := range p.Items {
			if c := sc.pos(it); p.Cursors[i] != c {
				t.Errorf("size %d page %d: cursor of %s = %+v, want %+v", size, page, l.key(it), p.Cursors[i], c)
			}
		}
		got = append(got, l.keys(p)...)
		if p.HasNext != (len(got) < len(want)) {
			t.Errorf("size %d page %d: HasNext = %v with %d of %d items seen", size, page, p.HasNext, len(got), len(want))
		}
		if !p.HasNext || len(p.Items) == 0 {
			break
		}
		if len(p.Items) != size {
			t.Errorf("size %d page %d: %d items on a page that is not the last", size, page, len(p.Items))
		}
		after = p.Cursors[len(p.Cursors)-1]
	}
	if !slices.Equal(got, want) {
		t.Errorf("size %d walk:\n got %v\nwant %v", size, got, want)
	}
}

// walkBack pages backwards through a list, from its end with Last and then with each page's
// first cursor as Before, and checks that the pages, put back in order, yield want: the walk
// backwards is the walk forwards reversed, page by page.
func (l *lister[F, Q, T]) walkBack(t *testing.T, f F, sc sortCase[T], dir wsisgraph.SortDirection, size int, withTotal bool, want []string) {
	t.Helper()
	var got []string
	var before wsisgraph.Cursor
	for page := 0; ; page++ {
		if page > len(want)+1 {
			t.Fatalf("last %d: walk does not end", size)
		}
		p := l.one(t, l.query(f, sc.name, dir, wsisgraph.PageArgs{Last: size, Before: before, WithTotal: withTotal}))
		if withTotal && p.Total != len(want) {
			t.Errorf("last %d page %d: Total = %d, want %d", size, page, p.Total, len(want))
		}
		if !withTotal && p.Total != -1 {
			t.Errorf("last %d page %d: Total = %d without WithTotal, want -1", size, page, p.Total)
		}
		if len(p.Items) > size {
			t.Fatalf("last %d page %d: %d items", size, page, len(p.Items))
		}
		if p.HasNext {
			t.Errorf("last %d page %d: HasNext set on a backward page", size, page)
		}
		for i, it := range p.Items {
			if c := sc.pos(it); p.Cursors[i] != c {
				t.Errorf("last %d page %d: cursor of %s = %+v, want %+v", size, page, l.key(it), p.Cursors[i], c)
			}
		}
		got = append(l.keys(p), got...)
		if p.HasPrev != (len(got) < len(want)) {
			t.Errorf("last %d page %d: HasPrev = %v with %d of %d items seen", size, page, p.HasPrev, len(got), len(want))
		}
		if !p.HasPrev || len(p.Items) == 0 {
			break
		}
		if len(p.Items) != size {
			t.Errorf("last %d page %d: %d items on a page that is not the first", size, page, len(p.Items))
		}
		before = p.Cursors[0]
	}
	if !slices.Equal(got, want) {
		t.Errorf("last %d walk backwards:\n got %v\nwant %v", size, got, want)
	}
}

// ghostCursors returns positions that are no item's, for a list whose items sit at wantCur:
// beyond either end, a value between two, and before or after every tie of the middle value.
func ghostCursors(text bool, wantCur []wsisgraph.Cursor) []wsisgraph.Cursor {
	var gs []wsisgraph.Cursor
	if text {
		gs = append(gs, wsisgraph.Cursor{Str: "m", Key: "m"}, wsisgraph.Cursor{Str: "~~~~", Key: "~"}, wsisgraph.Cursor{Str: "", Key: "!"})
	} else {
		gs = append(gs, wsisgraph.Cursor{Num: 2020, Key: "m"}, wsisgraph.Cursor{Num: 1 << 30, Key: "~"}, wsisgraph.Cursor{Num: -1, Key: "!"})
	}
	if n := len(wantCur); n > 0 {
		mid := wantCur[n/2]
		between := mid
		if text {
			between.Str += "0"
		} else {
			between.Num++
		}
		between.Key = "a"
		gs = append(gs,
			wsisgraph.Cursor{Str: mid.Str, Num: mid.Num, Key: "!"},
			wsisgraph.Cursor{Str: mid.Str, Num: mid.Num, Key: "~~~~"},
			between)
	}
	return gs
}

// ghostsBefore checks Before positions that are no item's, as ghosts does for After, and
// windows bounded on both sides read with First and with Last.
func (l *lister[F, Q, T]) ghostsBefore(t *testing.T, c listCase[F, T], sc sortCase[T], dir wsisgraph.SortDirection) {
	t.Helper()
	want, wantCur := l.expected(c.match, sc, dir)
	gs := ghostCursors(sc.text, wantCur)
	for _, g := range gs {
		var exp []string
		for i, cur := range wantCur {
			if cmpPos(cur, g, dir) < 0 {
				exp = append(exp, want[i])
			}
		}
		p := l.one(t, l.query(c.filter, sc.name, dir, wsisgraph.PageArgs{Last: wsisgraph.MaxPageSize, Before: g, WithTotal: true}))
		if got := l.keys(p); !slices.Equal(got, exp) {
			t.Errorf("before %+v:\n got %v\nwant %v", g, got, exp)
		}
		if p.Total != len(want) {
			t.Errorf("before %+v: Total = %d, want %d (Total ignores Before)", g, p.Total, len(want))
		}
	}
	n := len(want)
	if n < 5 {
		return
	}
	// The window strictly between the second item and the second last.
	inner := want[2 : n-2]
	for _, pa := range []wsisgraph.PageArgs{
		{First: wsisgraph.MaxPageSize, After: wantCur[1], Before: wantCur[n-2]},
		{Last: wsisgraph.MaxPageSize, After: wantCur[1], Before: wantCur[n-2]},
	} {
		p := l.one(t, l.query(c.filter, sc.name, dir, pa))
		if got := l.keys(p); !slices.Equal(got, inner) {
			t.Errorf("first %d last %d between %s and %s:\n got %v\nwant %v", pa.First, pa.Last, want[1], want[n-2], got, inner)
		}
		if p.HasNext || p.HasPrev {
			t.Errorf("first %d last %d between %s and %s: HasNext %v HasPrev %v on a page holding the window", pa.First, pa.Last, want[1], want[n-2], p.HasNext, p.HasPrev)
		}
	}
	p := l.one(t, l.query(c.filter, sc.name, dir, wsisgraph.PageArgs{First: 1, After: wantCur[0], Before: wantCur[n-1]}))
	if got := l.keys(p); !slices.Equal(got, want[1:2]) || !p.HasNext {
		t.Errorf("first 1 between %s and %s: got %v HasNext %v, want %v HasNext true", want[0], want[n-1], got, p.HasNext, want[1:2])
	}
	p = l.one(t, l.query(c.filter, sc.name, dir, wsisgraph.PageArgs{Last: 1, After: wantCur[0], Before: wantCur[n-1]}))
	if got := l.keys(p); !slices.Equal(got, want[n-2:n-1]) || !p.HasPrev {
		t.Errorf("last 1 between %s and %s: got %v HasPrev %v, want %v HasPrev true", want[0], want[n-1], got, p.HasPrev, want[n-2:n-1])
	}
}

// ghosts checks After positions that are no item's: before or after every tie of a value, a
// value between two, beyond either end, and a cursor with no key (the start).
func (l *lister[F, Q, T]) ghosts(t *testing.T, c listCase[F, T], sc sortCase[T], dir wsisgraph.SortDirection) {
	t.Helper()
	want, wantCur := l.expected(c.match, sc, dir)
	gs := ghostCursors(sc.text, wantCur)
	for _, g := range gs {
		var exp []string
		for i, cur := range wantCur {
			if cmpPos(cur, g, dir) > 0 {
				exp = append(exp, want[i])
			}
		}
		p := l.one(t, l.query(c.filter, sc.name, dir, wsisgraph.PageArgs{First: wsisgraph.MaxPageSize, After: g, WithTotal: true}))
		if got := l.keys(p); !slices.Equal(got, exp) {
			t.Errorf("after %+v:\n got %v\nwant %v", g, got, exp)
		}
		if p.Total != len(want) {
			t.Errorf("after %+v: Total = %d, want %d (Total ignores After)", g, p.Total, len(want))
		}
	}
	start := wsisgraph.Cursor{Str: "zzz", Num: 3000}
	if !sc.text {
		start.Str = ""
	}
	p := l.one(t, l.query(c.filter, sc.name, dir, wsisgraph.PageArgs{First: wsisgraph.MaxPageSize, After: start}))
	if got := l.keys(p); !slices.Equal(got, want) {
		t.Errorf("a cursor with no key is the start:\n got %v\nwant %v", got, want)
	}
}

// text reports whether SortKey(text) is contained in the SortKey of one of fields.
func text(needle string, fields ...string) bool {
	n := wsisgraph.SortKey(needle)
	if n == "" {
		return true
	}
	for _, f := range fields {
		if strings.Contains(wsisgraph.SortKey(f), n) {
			return true
		}
	}
	return false
}

// servesLine reports whether codes hold line or one of its sub-lines.
func (x *suite) servesLine(codes []string, line string) bool {
	for _, c := range codes {
		if c == line || (x.line[c] != nil && x.line[c].ParentCode == line) {
			return true
		}
	}
	return false
}

func (x *suite) projectLister() *lister[wsisgraph.ProjectFilter, wsisgraph.ProjectQuery, wsisgraph.Project] {
	return &lister[wsisgraph.ProjectFilter, wsisgraph.ProjectQuery, wsisgraph.Project]{
		all: x.d.Projects,
		key: func(p *wsisgraph.Project) string { return p.Key },
		sorts: []sortCase[wsisgraph.Project]{
			{name: "TITLE", text: true, pos: func(p *wsisgraph.Project) wsisgraph.Cursor {
				return wsisgraph.Cursor{Str: wsisgraph.SortKey(p.Title), Key: p.Key}
			}},
			{name: "YEAR", pos: func(p *wsisgraph.Project) wsisgraph.Cursor { return wsisgraph.Cursor{Num: p.Year, Key: p.Key} }},
		},
		query: func(f wsisgraph.ProjectFilter, s string, dir wsisgraph.SortDirection, page wsisgraph.PageArgs) wsisgraph.ProjectQuery {
			return wsisgraph.ProjectQuery{Filter: f, Sort: wsisgraph.ProjectSort(s), Direction: dir, Page: page}
		},
		call: x.s.Projects,
	}
}

func (x *suite) projectMatch(f wsisgraph.ProjectFilter) func(*wsisgraph.Project) bool {
	return func(p *wsisgraph.Project) bool {
		if f.ActionLine != "" && !x.servesLine(p.ActionLineCodes, f.ActionLine) {
			return false
		}
		if f.Goal != 0 && !slices.ContainsFunc(p.TargetCodes, func(c string) bool { return x.target[c] != nil && x.target[c].GoalNumber == f.Goal }) {
			return false
		}
		if f.Target != "" && !slices.Contains(p.TargetCodes, f.Target) {
			return false
		}
		if f.Country != "" && p.Country != f.Country {
			return false
		}
		if f.Year != 0 && p.Year != f.Year {
			return false
		}
		if f.StakeholderType != "" && !slices.ContainsFunc(p.OrganizationKeys, func(k string) bool {
			return x.org[k] != nil && x.org[k].StakeholderType == f.StakeholderType
		}) {
			return false
		}
		if f.Organization != "" && !slices.Contains(p.OrganizationKeys, f.Organization) {
			return false
		}
		if !x.inPlace(p.Country, f.Region, f.Group) {
			return false
		}
		return text(f.Text, p.Title, p.Description)
	}
}

// inPlace reports whether the country with code is in region (its region, sub-region or
// intermediate region) and in group, each when set; an unknown or empty code is in none.
func (x *suite) inPlace(code, region string, group wsisgraph.CountryGroup) bool {
	if region == "" && group == "" {
		return true
	}
	c := x.country[code]
	if c == nil {
		return false
	}
	if region != "" && region != c.Region && region != c.SubRegion && region != c.IntermediateRegion {
		return false
	}
	return group == "" || slices.Contains(c.Groups, group)
}

func (x *suite) projects(t *testing.T) {
	type F = wsisgraph.ProjectFilter
	var cases []listCase[F, wsisgraph.Project]
	add := func(name string, f F) {
		cases = append(cases, listCase[F, wsisgraph.Project]{name: name, filter: f, match: x.projectMatch(f)})
	}
	add("none", F{})
	add("line=C7", F{ActionLine: "C7"})
	add("line=C7.e-health", F{ActionLine: "C7.e-health"})
	add("line=C2", F{ActionLine: "C2"})
	add("line=C99", F{ActionLine: "C99"})
	add("goal=4", F{Goal: 4})
	add("goal=13", F{Goal: 13})
	add("goal=99", F{Goal: 99})
	add("target=1.a", F{Target: "1.a"})
	add("target=13.1", F{Target: "13.1"})
	add("country=KZ", F{Country: "KZ"})
	add("country=kz", F{Country: "kz"})
	add("year=2021", F{Year: 2021})
	add("year=2019", F{Year: 2019})
	add("stakeholder=GOVERNMENT", F{StakeholderType: wsisgraph.StakeholderGovernment})
	add("stakeholder=ACADEMIA", F{StakeholderType: wsisgraph.StakeholderAcademia})
	add("org=who", F{Organization: "who"})
	add("org=bharat-net", F{Organization: "bharat-net"})
	add("text=emile", F{Text: "emile"})
	add("text=ÉMILE", F{Text: "ÉMILE"})
	add("text=digital_schools_spaced", F{Text: "  Digital   SCHOOLS "})
	add("text=lyon_description_only", F{Text: "lyon"})
	add("text=blank", F{Text: "   "})
	add("text=none_match", F{Text: "zzzz"})
	add("text=é", F{Text: "é"})
	add("line=C7+country=KZ", F{ActionLine: "C7", Country: "KZ"})
	add("goal=1+year=2019+stakeholder=INTL", F{Goal: 1, Year: 2019, StakeholderType: wsisgraph.StakeholderInternationalOrganization})
	add("text=tele+country=BR", F{Text: "tele", Country: "BR"})
	add("line=C7+text=health+goal=1", F{ActionLine: "C7", Text: "health", Goal: 1})
	add("org=kz-digital+target=4.4+line=C7", F{Organization: "kz-digital", Target: "4.4", ActionLine: "C7"})
	add("everything", F{ActionLine: "C7.e-health", Goal: 1, Target: "1.1", Country: "KZ", Year: 2019,
		StakeholderType: wsisgraph.StakeholderGovernment, Organization: "kz-digital", Text: "rural"})
	add("region=142", F{Region: "142"})
	add("region=419_sub", F{Region: "419"})
	add("region=013_intermediate", F{Region: "013"})
	add("region=009_none", F{Region: "009"})
	add("group=LLDC", F{Group: wsisgraph.GroupLLDC})
	add("group=SIDS_none", F{Group: wsisgraph.GroupSIDS})
	add("region=142+group=LLDC+year=2019", F{Region: "142", Group: wsisgraph.GroupLLDC, Year: 2019})
	add("region=150+line=C7", F{Region: "150", ActionLine: "C7"})
	add("region=002+country=KZ", F{Region: "002", Country: "KZ"})
	x.projectLister().run(t, cases)
}

func (x *suite) orgLister() *lister[wsisgraph.OrganizationFilter, wsisgraph.OrganizationQuery, wsisgraph.Organization] {
	return &lister[wsisgraph.OrganizationFilter, wsisgraph.OrganizationQuery, wsisgraph.Organization]{
		all: x.d.Organizations,
		key: func(o *wsisgraph.Organization) string { return o.Key },
		sorts: []sortCase[wsisgraph.Organization]{
			{name: "NAME", text: true, pos: func(o *wsisgraph.Organization) wsisgraph.Cursor {
				return wsisgraph.Cursor{Str: wsisgraph.SortKey(o.Name), Key: o.Key}
			}},
		},
		query: func(f wsisgraph.OrganizationFilter, s string, dir wsisgraph.SortDirection, page wsisgraph.PageArgs) wsisgraph.OrganizationQuery {
			return wsisgraph.OrganizationQuery{Filter: f, Sort: wsisgraph.OrganizationSort(s), Direction: dir, Page: page}
		},
		call: x.s.Organizations,
	}
}

func (x *suite) orgMatch(f wsisgraph.OrganizationFilter) func(*wsisgraph.Organization) bool {
	return func(o *wsisgraph.Organization) bool {
		if f.Country != "" && o.Country != f.Country {
			return false
		}
		if !x.inPlace(o.Country, f.Region, f.Group) {
			return false
		}
		if f.StakeholderType != "" && o.StakeholderType != f.StakeholderType {
			return false
		}
		if f.ActionLine != "" {
			var lines []string
			for _, l := range x.d.ActionLines {
				for _, fc := range l.Facilitators {
					if fc.OrganizationKey == o.Key {
						lines = append(lines, l.Code)
					}
				}
			}
			if !x.servesLine(lines, f.ActionLine) {
				return false
			}
		}
		return text(f.Text, o.Name, o.Acronym)
	}
}

func (x *suite) organizations(t *testing.T) {
	type F = wsisgraph.OrganizationFilter
	var cases []listCase[F, wsisgraph.Organization]
	add := func(name string, f F) {
		cases = append(cases, listCase[F, wsisgraph.Organization]{name: name, filter: f, match: x.orgMatch(f)})
	}
	add("none", F{})
	add("country=DE", F{Country: "DE"})
	add("country=XX", F{Country: "XX"})
	add("stakeholder=INTL", F{StakeholderType: wsisgraph.StakeholderInternationalOrganization})
	add("stakeholder=PRIVATE_SECTOR", F{StakeholderType: wsisgraph.StakeholderPrivateSector})
	add("line=C7", F{ActionLine: "C7"})
	add("line=C7.e-health", F{ActionLine: "C7.e-health"})
	add("line=C7.e-government", F{ActionLine: "C7.e-government"})
	add("line=C11", F{ActionLine: "C11"})
	add("line=C2", F{ActionLine: "C2"})
	add("line=C99", F{ActionLine: "C99"})
	add("text=emil", F{Text: "emil"})
	add("text=desa_acronym_only", F{Text: "desa"})
	add("text=zeta_systems", F{Text: "ZETA SYSTEMS"})
	add("text=É", F{Text: "É"})
	add("text=blank", F{Text: " "})
	add("country=DE+stakeholder=PRIVATE_SECTOR", F{Country: "DE", StakeholderType: wsisgraph.StakeholderPrivateSector})
	add("line=C1+text=union", F{ActionLine: "C1", Text: "union"})
	add("line=C11+stakeholder=INTL+text=nations", F{ActionLine: "C11", StakeholderType: wsisgraph.StakeholderInternationalOrganization, Text: "nations"})
	add("region=150", F{Region: "150"})
	add("region=155+stakeholder=PRIVATE_SECTOR", F{Region: "155", StakeholderType: wsisgraph.StakeholderPrivateSector})
	add("group=LLDC", F{Group: wsisgraph.GroupLLDC})
	add("group=LDC_none", F{Group: wsisgraph.GroupLDC})
	x.orgLister().run(t, cases)
}

func (x *suite) prizeLister() *lister[wsisgraph.PrizeFilter, wsisgraph.PrizeQuery, wsisgraph.Prize] {
	return &lister[wsisgraph.PrizeFilter, wsisgraph.PrizeQuery, wsisgraph.Prize]{
		all: x.d.Prizes,
		key: func(p *wsisgraph.Prize) string { return p.Key },
		sorts: []sortCase[wsisgraph.Prize]{
			{name: "YEAR", pos: func(p *wsisgraph.Prize) wsisgraph.Cursor { return wsisgraph.Cursor{Num: p.Year, Key: p.Key} }},
			{name: "CATEGORY", pos: func(p *wsisgraph.Prize) wsisgraph.Cursor {
				return wsisgraph.Cursor{Num: p.CategoryNumber, Key: p.Key}
			}},
		},
		query: func(f wsisgraph.PrizeFilter, s string, dir wsisgraph.SortDirection, page wsisgraph.PageArgs) wsisgraph.PrizeQuery {
			return wsisgraph.PrizeQuery{Filter: f, Sort: wsisgraph.PrizeSort(s), Direction: dir, Page: page}
		},
		call: x.s.Prizes,
	}
}

func (x *suite) prizeMatch(f wsisgraph.PrizeFilter) func(*wsisgraph.Prize) bool {
	return func(p *wsisgraph.Prize) bool {
		if f.Year != 0 && p.Year != f.Year {
			return false
		}
		if f.ActionLine != "" {
			c := x.category[p.CategoryNumber]
			if c == nil || !x.servesLine([]string{c.ActionLineCode}, f.ActionLine) {
				return false
			}
		}
		if f.Category != 0 && p.CategoryNumber != f.Category {
			return false
		}
		if f.Kind != "" && p.Kind != f.Kind {
			return false
		}
		if f.Country != "" && p.Country != f.Country {
			return false
		}
		if f.Organization != "" && !slices.Contains(p.OrganizationKeys, f.Organization) {
			return false
		}
		if f.Project != "" && p.ProjectKey != f.Project {
			return false
		}
		if !x.inPlace(p.Country, f.Region, f.Group) {
			return false
		}
		title := ""
		if pj := x.project[p.ProjectKey]; pj != nil {
			title = pj.Title
		}
		return text(f.Text, title)
	}
}

func (x *suite) prizes(t *testing.T) {
	type F = wsisgraph.PrizeFilter
	var cases []listCase[F, wsisgraph.Prize]
	add := func(name string, f F) {
		cases = append(cases, listCase[F, wsisgraph.Prize]{name: name, filter: f, match: x.prizeMatch(f)})
	}
	add("none", F{})
	add("year=2023", F{Year: 2023})
	add("year=2018", F{Year: 2018})
	add("line=C7", F{ActionLine: "C7"})
	add("line=C7.e-health", F{ActionLine: "C7.e-health"})
	add("line=C2", F{ActionLine: "C2"})
	add("line=C1", F{ActionLine: "C1"})
	add("category=2", F{Category: 2})
	add("category=3", F{Category: 3})
	add("kind=CHAMPION", F{Kind: wsisgraph.PrizeChampion})
	add("kind=WINNER", F{Kind: wsisgraph.PrizeWinner})
	add("country=IN", F{Country: "IN"})
	add("org=ansut", F{Organization: "ansut"})
	add("project=telemed-kz", F{Project: "telemed-kz"})
	add("text=telemed", F{Text: "TELEMED"})
	add("text=électronic", F{Text: "électronic"})
	add("year=2021+kind=WINNER", F{Year: 2021, Kind: wsisgraph.PrizeWinner})
	add("line=C7+country=CI", F{ActionLine: "C7", Country: "CI"})
	add("category=10+text=rural", F{Category: 10, Text: "rural"})
	add("line=C2+year=2023+org=zeta-systems-br+project=zeta-cloud-br", F{ActionLine: "C2", Year: 2023, Organization: "zeta-systems-br", Project: "zeta-cloud-br"})
	add("region=002", F{Region: "002"})
	add("region=202+line=C7", F{Region: "202", ActionLine: "C7"})
	add("region=019+year=2023", F{Region: "019", Year: 2023})
	add("group=LLDC", F{Group: wsisgraph.GroupLLDC})
	add("group=LLDC+kind=WINNER", F{Group: wsisgraph.GroupLLDC, Kind: wsisgraph.PrizeWinner})
	x.prizeLister().run(t, cases)
}

func (x *suite) eventLister() *lister[wsisgraph.EventFilter, wsisgraph.EventQuery, wsisgraph.Event] {
	return &lister[wsisgraph.EventFilter, wsisgraph.EventQuery, wsisgraph.Event]{
		all: x.d.Events,
		key: func(e *wsisgraph.Event) string { return e.Key },
		sorts: []sortCase[wsisgraph.Event]{
			{name: "START_DATE", text: true, pos: func(e *wsisgraph.Event) wsisgraph.Cursor {
				return wsisgraph.Cursor{Str: e.StartDate, Key: e.Key}
			}},
		},
		query: func(f wsisgraph.EventFilter, s string, dir wsisgraph.SortDirection, page wsisgraph.PageArgs) wsisgraph.EventQuery {
			return wsisgraph.EventQuery{Filter: f, Sort: wsisgraph.EventSort(s), Direction: dir, Page: page}
		},
		call: x.s.Events,
	}
}

func (x *suite) eventMatch(f wsisgraph.EventFilter) func(*wsisgraph.Event) bool {
	return func(e *wsisgraph.Event) bool {
		if f.Kind != "" && e.Kind != f.Kind {
			return false
		}
		if f.Year != 0 {
			y, err := strconv.Atoi(e.StartDate[:4])
			if err != nil || y != f.Year {
				return false
			}
		}
		if f.Country != "" && e.Country != f.Country {
			return false
		}
		if f.Parent != "" && e.ParentKey != f.Parent {
			return false
		}
		return text(f.Text, e.Title)
	}
}

func (x *suite) events(t *testing.T) {
	type F = wsisgraph.EventFilter
	var cases []listCase[F, wsisgraph.Event]
	add := func(name string, f F) {
		cases = append(cases, listCase[F, wsisgraph.Event]{name: name, filter: f, match: x.eventMatch(f)})
	}
	add("none", F{})
	add("year=2020", F{Year: 2020})
	add("kind=SUMMIT", F{Kind: wsisgraph.EventSummit})
	add("kind=FORUM", F{Kind: wsisgraph.EventForum})
	add("kind=REVIEW", F{Kind: wsisgraph.EventReview})
	add("year=2003", F{Year: 2003})
	add("year=2010", F{Year: 2010})
	add("country=CH", F{Country: "CH"})
	add("parent=wsis", F{Parent: "wsis"})
	add("parent=wsis-forum-2020", F{Parent: "wsis-forum-2020"})
	add("parent=nope", F{Parent: "nope"})
	add("text=forum", F{Text: "Forum"})
	add("text=resolution", F{Text: "resolution"})
	add("text=wsis+20", F{Text: "WSIS+20"})
	add("year=2020+parent=wsis-forum-2020", F{Year: 2020, Parent: "wsis-forum-2020"})
	add("kind=FORUM+country=CH", F{Kind: wsisgraph.EventForum, Country: "CH"})
	add("kind=PRIZES_PHASE+text=voting+year=2020", F{Kind: wsisgraph.EventPrizesPhase, Text: "voting", Year: 2020})
	x.eventLister().run(t, cases)
}

// ---------------------------------------------------------------------------------------
// Spot checks: a few answers written out by hand, in case the suite's own computation and a
// backend share a mistake.

func (x *suite) spotChecks(t *testing.T) {
	s := x.s
	projects := func(t *testing.T, q wsisgraph.ProjectQuery) []string {
		t.Helper()
		return x.projectLister().keys(x.projectLister().one(t, q))
	}
	all := wsisgraph.PageArgs{First: wsisgraph.MaxPageSize}
	expect := func(t *testing.T, what string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", what, got, want)
		}
	}
	contains := func(t *testing.T, what string, got []string, in, out []string) {
		t.Helper()
		for _, k := range in {
			if !slices.Contains(got, k) {
				t.Errorf("%s: %s missing from %v", what, k, got)
			}
		}
		for _, k := range out {
			if slices.Contains(got, k) {
				t.Errorf("%s: %s present in %v", what, k, got)
			}
		}
	}

	t.Run("C7 filter includes sub-line projects", func(t *testing.T) {
		got := projects(t, wsisgraph.ProjectQuery{Filter: wsisgraph.ProjectFilter{ActionLine: "C7"}, Page: all})
		contains(t, "C7", got, []string{"telemed-kz", "digital-schools-br", "schools-online-mx", "qr-health-in"},
			[]string{"schools-online-in", "zz-untitled", "apple-market"})
		got = projects(t, wsisgraph.ProjectQuery{Filter: wsisgraph.ProjectFilter{ActionLine: "C7.e-health"}, Page: all})
		expect(t, "C7.e-health", got, []string{"health-records-fr", "oko-sensors", "qr-health-in", "telemed-ch", "telemed-kz"})
	})
	t.Run("accent-insensitive text filter", func(t *testing.T) {
		got := projects(t, wsisgraph.ProjectQuery{Filter: wsisgraph.ProjectFilter{Text: "emile"}, Page: all})
		expect(t, "emile", got, []string{"health-records-fr", "emile-lab", "emile-reading"})
		got = projects(t, wsisgraph.ProjectQuery{Filter: wsisgraph.ProjectFilter{Text: "OKO"}, Page: all})
		expect(t, "OKO", got, []string{"oko-sensors"})
		pages, err := s.Events(bg, []wsisgraph.EventQuery{{Filter: wsisgraph.EventFilter{Text: "resolution"}, Page: all}})
		wantNoErr(t, err)
		expect(t, "resolution", x.eventLister().keys(pages[0]), []string{"unga-70-125"})
	})
	t.Run("goal filter through targets", func(t *testing.T) {
		got := projects(t, wsisgraph.ProjectQuery{Filter: wsisgraph.ProjectFilter{Goal: 13}, Page: all, Sort: wsisgraph.ProjectsByYear})
		expect(t, "goal 13", got, []string{"oko-sensors", "qr-health-in", "climate-alerts-jp", "disaster-maps-mx", "zeta-cloud", "zeta-cloud-br", "green-ict-de"})
	})
	t.Run("title order folds and breaks ties by key", func(t *testing.T) {
		got := projects(t, wsisgraph.ProjectQuery{Page: all})
		if got[0] != "zz-untitled" {
			t.Errorf("first by title = %s, want zz-untitled (\"   Aardvark   Archive \")", got[0])
		}
		for _, dir := range []wsisgraph.SortDirection{wsisgraph.Asc, wsisgraph.Desc} {
			got := projects(t, wsisgraph.ProjectQuery{Direction: dir, Page: all})
			i := slices.Index(got, "digital-schools-br")
			if i < 0 || i+3 > len(got) {
				t.Fatalf("%s: digital-schools-br at %d in %v", dir, i, got)
			}
			expect(t, "Digital Schools ties "+string(dir), got[i:i+3], []string{"digital-schools-br", "schools-online-in", "schools-online-mx"})
		}
	})
	t.Run("projects without a year sort as 0", func(t *testing.T) {
		got := projects(t, wsisgraph.ProjectQuery{Sort: wsisgraph.ProjectsByYear, Direction: wsisgraph.Asc, Page: all})
		expect(t, "YEAR ASC head", got[:5], []string{"digital-schools-br", "e-learning-kz", "emile-lab", "zz-untitled", "open-data-ch"})
		got = projects(t, wsisgraph.ProjectQuery{Sort: wsisgraph.ProjectsByYear, Direction: wsisgraph.Desc, Page: all})
		expect(t, "YEAR DESC tail", got[len(got)-4:], []string{"digital-schools-br", "e-learning-kz", "emile-lab", "zz-untitled"})
	})
	t.Run("organisation names fold", func(t *testing.T) {
		pages, err := s.Organizations(bg, []wsisgraph.OrganizationQuery{{Page: all}})
		wantNoErr(t, err)
		expect(t, "NAME ASC", x.orgLister().keys(pages[0]), []string{"ansut", "apple-growers", "bharat-net", "emile-institut",
			"emilia-labs", "itu", "mincom-mexico", "kz-digital", "okosystem", "open-standards", "undesa", "unesco", "who",
			"zeta-systems", "zeta-systems-br"})
		pages, err = s.Organizations(bg, []wsisgraph.OrganizationQuery{{Filter: wsisgraph.OrganizationFilter{ActionLine: "C7"}, Page: all}})
		wantNoErr(t, err)
		expect(t, "facilitating C7", x.orgLister().keys(pages[0]), []string{"itu", "undesa", "who"})
	})
	t.Run("prizes", func(t *testing.T) {
		pages, err := s.Prizes(bg, []wsisgraph.PrizeQuery{{Page: wsisgraph.PageArgs{First: 3}}, {Filter: wsisgraph.PrizeFilter{ActionLine: "C7"}, Sort: wsisgraph.PrizesByCategory, Page: all}})
		wantNoErr(t, err)
		expect(t, "default order head", x.prizeLister().keys(pages[0]), []string{"2023-02-c", "2023-02-w", "2023-18-c"})
		expect(t, "C7 by category", x.prizeLister().keys(pages[1]), []string{"2020-07-w", "2022-07-c", "2019-10-c", "2019-10-w", "2021-10-c", "2021-10-w"})
	})
	t.Run("events by start date text", func(t *testing.T) {
		pages, err := s.Events(bg, []wsisgraph.EventQuery{{Page: all}})
		wantNoErr(t, err)
		got := x.eventLister().keys(pages[0])
		expect(t, "head", got[:2], []string{"wsis", "wsis-geneva"})
		var in2020 []string
		for _, k := range got {
			if strings.HasPrefix(k, "wsis-prizes-2020") || strings.HasPrefix(k, "wsis-forum-2020") {
				in2020 = append(in2020, k)
			}
		}
		expect(t, "2020 precision order", in2020, []string{"wsis-forum-2020-consultation", "wsis-prizes-2020-nominations",
			"wsis-prizes-2020-voting", "wsis-forum-2020", "wsis-forum-2020-opening"})
	})
	t.Run("relations", func(t *testing.T) {
		als, err := s.ActionLines(bg)
		wantNoErr(t, err)
		expect(t, "ActionLines", ids(als, alCode), []string{"C1", "C2", "C7", "C7.e-government", "C7.e-health", "C11"})
		subs, err := s.SubLinesByActionLine(bg, []string{"C7", "C2"})
		wantNoErr(t, err)
		expect(t, "sub-lines of C7", ids(subs["C7"], alCode), []string{"C7.e-government", "C7.e-health"})
		if _, ok := subs["C2"]; ok {
			t.Error("C2 has no sub-lines but is present")
		}
		facs, err := s.FacilitationsByOrganization(bg, []string{"itu"})
		wantNoErr(t, err)
		expect(t, "itu facilitates", ids(facs["itu"], facID), []string{"C1/LEAD", "C2/LEAD", "C7.e-health/CO_FACILITATOR"})
		ts, err := s.TargetsByGoal(bg, []int{1})
		wantNoErr(t, err)
		expect(t, "targets of goal 1", ids(ts[1], tgCode), []string{"1.1", "1.2", "1.5", "1.a"})
		ins, err := s.IndicatorsByTarget(bg, []string{"13.3", "13.1"})
		wantNoErr(t, err)
		expect(t, "indicators of 13.3", ids(ins["13.3"], inCode), []string{"4.7.1", "13.3.2"})
		expect(t, "indicators of 13.1", ids(ins["13.1"], inCode), []string{"1.5.1", "1.5.3"})
		byCode, err := s.IndicatorsByCode(bg, []string{"13.3.1"})
		wantNoErr(t, err)
		if in := byCode["13.3.1"]; in == nil || in.Code != "4.7.1" {
			t.Errorf("IndicatorsByCode(13.3.1) = %v, want 4.7.1 keyed by 13.3.1", byCode)
		}
		lg, err := s.LinkagesByGoal(bg, []int{4})
		wantNoErr(t, err)
		expect(t, "linkages of goal 4", ids(lg[4], lkID), []string{"C2>4", "C2>4.a", "C7>4", "C7>4.4", "C11>4.7"})
		la, err := s.LinkagesByActionLine(bg, []string{"C2", "C7"})
		wantNoErr(t, err)
		expect(t, "linkages of C2", ids(la["C2"], lkID), []string{"C2>1", "C2>1.2", "C2>1.a", "C2>4", "C2>4.a", "C2>13.1"})
		expect(t, "linkages of C7 (not its sub-lines)", ids(la["C7"], lkID), []string{"C7>4", "C7>4.4"})
		lt, err := s.LinkagesByTarget(bg, []string{"13.1"})
		wantNoErr(t, err)
		expect(t, "linkages of 13.1", ids(lt["13.1"], lkID), []string{"C1>13.1", "C2>13.1", "C7.e-health>13.1"})
	})
}

// ---------------------------------------------------------------------------------------
// Defaults, validation, batches

func (x *suite) defaults(t *testing.T) {
	n := len(x.d.Projects)
	if n <= wsisgraph.DefaultPageSize {
		t.Fatalf("the fixture needs more than %d projects", wsisgraph.DefaultPageSize)
	}
	checkDefault := func(t *testing.T, got wsisgraph.Page[wsisgraph.Project], want []string) {
		t.Helper()
		pl := x.projectLister()
		if k := pl.keys(got); !slices.Equal(k, want[:wsisgraph.DefaultPageSize]) {
			t.Errorf("got %v\nwant %v", k, want[:wsisgraph.DefaultPageSize])
		}
		if !got.HasNext || got.Total != -1 {
			t.Errorf("HasNext = %v, Total = %d; want true, -1", got.HasNext, got.Total)
		}
	}
	pl := x.projectLister()
	all := func(*wsisgraph.Project) bool { return true }
	t.Run("projects zero query is TITLE ASC, first 20", func(t *testing.T) {
		want, _ := pl.expected(all, pl.sorts[0], wsisgraph.Asc)
		checkDefault(t, pl.one(t, wsisgraph.ProjectQuery{}), want)
	})
	t.Run("projects YEAR defaults to ASC", func(t *testing.T) {
		want, _ := pl.expected(all, pl.sorts[1], wsisgraph.Asc)
		checkDefault(t, pl.one(t, wsisgraph.ProjectQuery{Sort: wsisgraph.ProjectsByYear}), want)
	})
	t.Run("projects DESC alone sorts by TITLE", func(t *testing.T) {
		want, _ := pl.expected(all, pl.sorts[0], wsisgraph.Desc)
		checkDefault(t, pl.one(t, wsisgraph.ProjectQuery{Direction: wsisgraph.Desc}), want)
	})

	type pcase struct {
		name string
		q    wsisgraph.PrizeQuery
		sort int
		dir  wsisgraph.SortDirection
	}
	zl := x.prizeLister()
	for _, c := range []pcase{
		{"prizes zero query is YEAR DESC", wsisgraph.PrizeQuery{}, 0, wsisgraph.Desc},
		{"prizes YEAR defaults to DESC", wsisgraph.PrizeQuery{Sort: wsisgraph.PrizesByYear}, 0, wsisgraph.Desc},
		{"prizes CATEGORY defaults to ASC", wsisgraph.PrizeQuery{Sort: wsisgraph.PrizesByCategory}, 1, wsisgraph.Asc},
		{"prizes ASC alone sorts by YEAR", wsisgraph.PrizeQuery{Direction: wsisgraph.Asc}, 0, wsisgraph.Asc},
	} {
		t.Run(c.name, func(t *testing.T) {
			want, _ := zl.expected(func(*wsisgraph.Prize) bool { return true }, zl.sorts[c.sort], c.dir)
			p := zl.one(t, c.q)
			if k := zl.keys(p); !slices.Equal(k, want) || p.HasNext || p.Total != -1 {
				t.Errorf("got %v (HasNext %v, Total %d)\nwant %v", k, p.HasNext, p.Total, want)
			}
		})
	}
	t.Run("organizations zero query is NAME ASC", func(t *testing.T) {
		ol := x.orgLister()
		want, _ := ol.expected(func(*wsisgraph.Organization) bool { return true }, ol.sorts[0], wsisgraph.Asc)
		p := ol.one(t, wsisgraph.OrganizationQuery{})
		if k := ol.keys(p); !slices.Equal(k, want) || p.HasNext || p.Total != -1 {
			t.Errorf("got %v (HasNext %v, Total %d)\nwant %v", k, p.HasNext, p.Total, want)
		}
	})
	t.Run("events zero query is START_DATE ASC", func(t *testing.T) {
		el := x.eventLister()
		want, _ := el.expected(func(*wsisgraph.Event) bool { return true }, el.sorts[0], wsisgraph.Asc)
		p := el.one(t, wsisgraph.EventQuery{})
		if k := el.keys(p); !slices.Equal(k, want) || p.HasNext || p.Total != -1 {
			t.Errorf("got %v (HasNext %v, Total %d)\nwant %v", k, p.HasNext, p.Total, want)
		}
	})
}

func (x *suite) invalid(t *testing.T) {
	s := x.s
	pg := func(first int) wsisgraph.PageArgs { return wsisgraph.PageArgs{First: first} }
	cases := []struct {
		name string
		call func() error
		msg  string
	}{
		{"projects first 101", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Page: pg(101)}})
			return err
		}, "first must be between 1 and 100, got 101: to read more, page with `after` (pass each page's pageInfo.endCursor as `after` of the next, while pageInfo.hasNextPage)"},
		{"projects first -1", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Page: pg(-1)}})
			return err
		}, "first must be between 1 and 100, got -1"},
		{"projects first and last", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Page: wsisgraph.PageArgs{First: 5, Last: 5}}})
			return err
		}, "first and last cannot both be given: use first (with after) to page forwards, last (with before) to page backwards"},
		{"projects last 101", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Page: wsisgraph.PageArgs{Last: 101}}})
			return err
		}, "last must be between 1 and 100, got 101: to read more, page with `before` (pass each page's pageInfo.startCursor as `before` of the previous, while pageInfo.hasPreviousPage)"},
		{"projects last -1", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Page: wsisgraph.PageArgs{Last: -1}}})
			return err
		}, "last must be between 1 and 100, got -1"},
		{"organizations last 101", func() error {
			_, err := s.Organizations(bg, []wsisgraph.OrganizationQuery{{Page: wsisgraph.PageArgs{Last: 101}}})
			return err
		}, ""},
		{"prizes first and last", func() error {
			_, err := s.Prizes(bg, []wsisgraph.PrizeQuery{{Page: wsisgraph.PageArgs{First: 1, Last: 1}}})
			return err
		}, ""},
		{"events last -3", func() error {
			_, err := s.Events(bg, []wsisgraph.EventQuery{{Page: wsisgraph.PageArgs{Last: -3}}})
			return err
		}, ""},
		{"projects unknown sort", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Sort: "NAME"}})
			return err
		}, ""},
		{"projects unknown direction", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Direction: "UP"}})
			return err
		}, ""},
		{"projects unknown stakeholder type", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Filter: wsisgraph.ProjectFilter{StakeholderType: "ALIENS"}}})
			return err
		}, ""},
		{"organizations first 101", func() error {
			_, err := s.Organizations(bg, []wsisgraph.OrganizationQuery{{Page: pg(101)}})
			return err
		}, "first must be between 1 and 100, got 101: to read more, page with `after` (pass each page's pageInfo.endCursor as `after` of the next, while pageInfo.hasNextPage)"},
		{"organizations unknown sort", func() error {
			_, err := s.Organizations(bg, []wsisgraph.OrganizationQuery{{Sort: "TITLE"}})
			return err
		}, ""},
		{"organizations unknown stakeholder type", func() error {
			_, err := s.Organizations(bg, []wsisgraph.OrganizationQuery{{Filter: wsisgraph.OrganizationFilter{StakeholderType: "government"}}})
			return err
		}, ""},
		{"prizes first 101", func() error {
			_, err := s.Prizes(bg, []wsisgraph.PrizeQuery{{Page: pg(101)}})
			return err
		}, "first must be between 1 and 100, got 101: to read more, page with `after` (pass each page's pageInfo.endCursor as `after` of the next, while pageInfo.hasNextPage)"},
		{"prizes unknown sort", func() error {
			_, err := s.Prizes(bg, []wsisgraph.PrizeQuery{{Sort: "TITLE"}})
			return err
		}, ""},
		{"prizes unknown kind", func() error {
			_, err := s.Prizes(bg, []wsisgraph.PrizeQuery{{Filter: wsisgraph.PrizeFilter{Kind: "LOSER"}}})
			return err
		}, ""},
		{"events first 101", func() error {
			_, err := s.Events(bg, []wsisgraph.EventQuery{{Page: pg(101)}})
			return err
		}, "first must be between 1 and 100, got 101: to read more, page with `after` (pass each page's pageInfo.endCursor as `after` of the next, while pageInfo.hasNextPage)"},
		{"events unknown sort", func() error {
			_, err := s.Events(bg, []wsisgraph.EventQuery{{Sort: "END_DATE"}})
			return err
		}, ""},
		{"events unknown kind", func() error {
			_, err := s.Events(bg, []wsisgraph.EventQuery{{Filter: wsisgraph.EventFilter{Kind: "PARTY"}}})
			return err
		}, ""},
		{"events unknown direction", func() error {
			_, err := s.Events(bg, []wsisgraph.EventQuery{{Direction: "desc"}})
			return err
		}, ""},
		{"projects unknown region", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Filter: wsisgraph.ProjectFilter{Region: "999"}}})
			return err
		}, ""},
		{"projects region without leading zeros", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Filter: wsisgraph.ProjectFilter{Region: "2"}}})
			return err
		}, `region "2": give the M49 code with its three digits`},
		{"projects unknown group", func() error {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Filter: wsisgraph.ProjectFilter{Group: "G77"}}})
			return err
		}, "unknown country group \"G77\": allowed are LDC, LLDC, SIDS"},
		{"organizations unknown region", func() error {
			_, err := s.Organizations(bg, []wsisgraph.OrganizationQuery{{Filter: wsisgraph.OrganizationFilter{Region: "Africa"}}})
			return err
		}, ""},
		{"prizes unknown region", func() error {
			_, err := s.Prizes(bg, []wsisgraph.PrizeQuery{{Filter: wsisgraph.PrizeFilter{Region: "000"}}})
			return err
		}, ""},
		{"prizes unknown group", func() error {
			_, err := s.Prizes(bg, []wsisgraph.PrizeQuery{{Filter: wsisgraph.PrizeFilter{Group: "ldc"}}})
			return err
		}, ""},
		{"one bad query fails the batch", func() error {
			pages, err := s.Projects(bg, []wsisgraph.ProjectQuery{{}, {Page: pg(101)}, {}})
			if err != nil && pages != nil {
				return errors.New("pages returned along with an error")
			}
			return err
		}, "first must be between 1 and 100, got 101: to read more, page with `after` (pass each page's pageInfo.endCursor as `after` of the next, while pageInfo.hasNextPage)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			wantCode(t, err, wsisgraph.EINVALID)
			if c.msg != "" && wsisgraph.ErrorMessage(err) != c.msg {
				t.Errorf("message = %q, want %q", wsisgraph.ErrorMessage(err), c.msg)
			}
		})
	}
	t.Run("first 100 and 1 are valid", func(t *testing.T) {
		for _, first := range []int{1, wsisgraph.MaxPageSize} {
			_, err := s.Projects(bg, []wsisgraph.ProjectQuery{{Page: pg(first)}})
			wantNoErr(t, err)
		}
	})
}

// samePage reports how two pages differ, or "".
func samePage[T any](key func(*T) string, a, b wsisgraph.Page[T]) string {
	if ka, kb := ids(a.Items, key), ids(b.Items, key); !slices.Equal(ka, kb) {
		return fmt.Sprintf("items %v vs %v", ka, kb)
	}
	if !slices.Equal(a.Cursors, b.Cursors) || a.HasNext != b.HasNext || a.Total != b.Total {
		return fmt.Sprintf("cursors/HasNext/Total %v %v %d vs %v %v %d", a.Cursors, a.HasNext, a.Total, b.Cursors, b.HasNext, b.Total)
	}
	return ""
}

// checkBatch answers qs in one call and each alone, and compares.
func checkBatch[F, Q, T any](t *testing.T, l *lister[F, Q, T], qs []Q) {
	t.Helper()
	pages, err := l.call(bg, qs)
	wantNoErr(t, err)
	if len(pages) != len(qs) {
		t.Fatalf("%d pages for %d queries", len(pages), len(qs))
	}
	for i, q := range qs {
		if diff := samePage(l.key, pages[i], l.one(t, q)); diff != "" {
			t.Errorf("query %d: batch and single answers differ: %s", i, diff)
		}
	}
}

func (x *suite) batch(t *testing.T) {
	page3 := func(c wsisgraph.Cursor) wsisgraph.PageArgs {
		return wsisgraph.PageArgs{First: 3, After: c, WithTotal: true}
	}
	t.Run("Projects", func(t *testing.T) {
		after := wsisgraph.Cursor{Str: "e", Key: "e"}
		checkBatch(t, x.projectLister(), []wsisgraph.ProjectQuery{
			{Filter: wsisgraph.ProjectFilter{ActionLine: "C7"}},
			{Sort: wsisgraph.ProjectsByYear, Direction: wsisgraph.Desc, Page: page3(wsisgraph.Cursor{Num: 2021, Key: "m"})},
			{Filter: wsisgraph.ProjectFilter{Country: "KZ"}, Page: page3(after)},
			{Filter: wsisgraph.ProjectFilter{ActionLine: "C7"}},
			{Filter: wsisgraph.ProjectFilter{Text: "nothing matches this"}},
		})
	})
	t.Run("Organizations", func(t *testing.T) {
		checkBatch(t, x.orgLister(), []wsisgraph.OrganizationQuery{
			{Direction: wsisgraph.Desc, Page: page3(wsisgraph.Cursor{})},
			{Filter: wsisgraph.OrganizationFilter{Country: "DE"}},
		})
	})
	t.Run("Prizes", func(t *testing.T) {
		checkBatch(t, x.prizeLister(), []wsisgraph.PrizeQuery{
			{Sort: wsisgraph.PrizesByCategory, Page: page3(wsisgraph.Cursor{Num: 2, Key: "2021"})},
			{},
			{Filter: wsisgraph.PrizeFilter{Kind: wsisgraph.PrizeChampion}, Direction: wsisgraph.Asc},
		})
	})
	t.Run("Events", func(t *testing.T) {
		checkBatch(t, x.eventLister(), []wsisgraph.EventQuery{
			{Filter: wsisgraph.EventFilter{Parent: "wsis"}},
			{Direction: wsisgraph.Desc, Page: page3(wsisgraph.Cursor{Str: "2020", Key: "wsis-prizes-2020-nominations"})},
		})
	})
	t.Run("empty batch", func(t *testing.T) {
		for _, err := range []error{
			func() error { p, err := x.s.Projects(bg, nil); return lenErr(len(p), err) }(),
			func() error {
				p, err := x.s.Organizations(bg, []wsisgraph.OrganizationQuery{})
				return lenErr(len(p), err)
			}(),
			func() error { p, err := x.s.Prizes(bg, nil); return lenErr(len(p), err) }(),
			func() error { p, err := x.s.Events(bg, nil); return lenErr(len(p), err) }(),
		} {
			if err != nil {
				t.Error(err)
			}
		}
	})
}

func lenErr(n int, err error) error {
	if err != nil {
		return err
	}
	if n != 0 {
		return fmt.Errorf("%d pages for no queries", n)
	}
	return nil
}

// ---------------------------------------------------------------------------------------
// Context, Ping, Version, sharing, concurrency

// calls returns one call of every Store method.
func (x *suite) calls() map[string]func(context.Context) error {
	s := x.s
	keys := []string{"C7", "itu", "1", "1.1", "C2>1"}
	return map[string]func(context.Context) error{
		"ActionLines":       func(c context.Context) error { _, err := s.ActionLines(c); return err },
		"ActionLinesByCode": func(c context.Context) error { _, err := s.ActionLinesByCode(c, keys); return err },
		"SubLinesByActionLine": func(c context.Context) error {
			_, err := s.SubLinesByActionLine(c, keys)
			return err
		},
		"FacilitationsByOrganization": func(c context.Context) error {
			_, err := s.FacilitationsByOrganization(c, keys)
			return err
		},
		"Goals":                func(c context.Context) error { _, err := s.Goals(c); return err },
		"GoalsByNumber":        func(c context.Context) error { _, err := s.GoalsByNumber(c, []int{1}); return err },
		"TargetsByCode":        func(c context.Context) error { _, err := s.TargetsByCode(c, keys); return err },
		"TargetsByGoal":        func(c context.Context) error { _, err := s.TargetsByGoal(c, []int{1}); return err },
		"IndicatorsByCode":     func(c context.Context) error { _, err := s.IndicatorsByCode(c, keys); return err },
		"IndicatorsByTarget":   func(c context.Context) error { _, err := s.IndicatorsByTarget(c, keys); return err },
		"LinkagesByID":         func(c context.Context) error { _, err := s.LinkagesByID(c, keys); return err },
		"LinkagesByActionLine": func(c context.Context) error { _, err := s.LinkagesByActionLine(c, keys); return err },
		"LinkagesByGoal":       func(c context.Context) error { _, err := s.LinkagesByGoal(c, []int{1}); return err },
		"LinkagesByTarget":     func(c context.Context) error { _, err := s.LinkagesByTarget(c, keys); return err },
		"OrganizationsByKey":   func(c context.Context) error { _, err := s.OrganizationsByKey(c, keys); return err },
		"ProjectsByKey":        func(c context.Context) error { _, err := s.ProjectsByKey(c, keys); return err },
		"PrizeCategories":      func(c context.Context) error { _, err := s.PrizeCategories(c); return err },
		"PrizesByKey":          func(c context.Context) error { _, err := s.PrizesByKey(c, keys); return err },
		"EventsByKey":          func(c context.Context) error { _, err := s.EventsByKey(c, keys); return err },
		"SourcesByKey":         func(c context.Context) error { _, err := s.SourcesByKey(c, keys); return err },
		"CountriesByCode":      func(c context.Context) error { _, err := s.CountriesByCode(c, keys); return err },
		"Organizations": func(c context.Context) error {
			_, err := s.Organizations(c, []wsisgraph.OrganizationQuery{{}})
			return err
		},
		"Projects": func(c context.Context) error { _, err := s.Projects(c, []wsisgraph.ProjectQuery{{}}); return err },
		"Prizes":   func(c context.Context) error { _, err := s.Prizes(c, []wsisgraph.PrizeQuery{{}}); return err },
		"Events":   func(c context.Context) error { _, err := s.Events(c, []wsisgraph.EventQuery{{}}); return err },
		"Ping":     func(c context.Context) error { return s.Ping(c) },
		"Version":  func(c context.Context) error { _, err := s.Version(c); return err },
	}
}

func (x *suite) context(t *testing.T) {
	calls := x.calls()
	names := make([]string, 0, len(calls))
	for n := range calls {
		names = append(names, n)
	}
	slices.Sort(names)
	canceled, cancel := context.WithCancel(bg)
	cancel()
	expired, cancel2 := context.WithDeadline(bg, time.Now().Add(-time.Second))
	defer cancel2()
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			wantNoErr(t, calls[n](bg))
			if err := calls[n](canceled); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled context: err = %v, want context.Canceled", err)
			}
			wantCode(t, calls[n](expired), wsisgraph.ETIMEOUT)
		})
	}
}

func (x *suite) pingVersion(t *testing.T) {
	wantNoErr(t, x.s.Ping(bg))
	v1, err := x.s.Version(bg)
	wantNoErr(t, err)
	v2, err := x.s.Version(bg)
	wantNoErr(t, err)
	if v1 == "" || v1 != v2 {
		t.Errorf("Version = %q then %q, want the same non-empty string", v1, v2)
	}
}

// coverage checks Coverage against the fixture's prizes and awarded counts, counted here.
func (x *suite) coverage(t *testing.T) {
	c, err := x.s.Coverage(bg)
	wantNoErr(t, err)
	if c == nil {
		t.Fatal("Coverage returned nil")
	}
	var years []int
	for _, y := range c.PrizeYears {
		years = append(years, y.Year)
	}
	if !slices.Equal(years, []int{2019, 2020, 2021, 2022, 2023}) {
		t.Errorf("years %v, want 2019…2023 without gaps", years)
	}
	for _, y := range c.PrizeYears {
		w, ch := 0, 0
		for _, p := range x.d.Prizes {
			if p.Year == y.Year && p.Kind == wsisgraph.PrizeWinner {
				w++
			}
			if p.Year == y.Year && p.Kind == wsisgraph.PrizeChampion {
				ch++
			}
		}
		if y.WinnersInGraph != w || y.ChampionsInGraph != ch {
			t.Errorf("%d: in graph %d winners, %d champions; the fixture has %d, %d", y.Year, y.WinnersInGraph, y.ChampionsInGraph, w, ch)
		}
		var award *wsisgraph.PrizeAward
		for _, a := range x.d.PrizeAwards {
			if a.Year == y.Year {
				award = a
			}
		}
		switch {
		case award == nil:
			if y.WinnersAwarded != nil || y.ChampionsAwarded != nil || len(y.SourceKeys) != 0 || y.Complete() {
				t.Errorf("%d: no awarded counts in the fixture, got %+v", y.Year, y)
			}
		default:
			if !reflect.DeepEqual(y.WinnersAwarded, award.Winners) || !reflect.DeepEqual(y.ChampionsAwarded, award.Champions) ||
				!slices.Equal(y.SourceKeys, award.SourceKeys) || y.Note != award.Note {
				t.Errorf("%d: awarded %+v, want the fixture's %+v", y.Year, y, award)
			}
		}
		wantComplete := y.Year == 2021 // 2 of 2 winners, 1 of 1 champion
		if y.Complete() != wantComplete {
			t.Errorf("%d: complete = %v, want %v", y.Year, y.Complete(), wantComplete)
		}
		if y.Year == 2019 && (y.WinnersComplete() || y.ChampionsComplete()) {
			t.Errorf("2019: 2 of 3 winners and an unstated champion count must not be complete")
		}
	}
	withPrize := map[string]bool{}
	for _, p := range x.d.Prizes {
		if p.ProjectKey != "" {
			withPrize[p.ProjectKey] = true
		}
	}
	if c.Projects.InGraph != len(x.d.Projects) || c.Projects.WithPrize != len(withPrize) || c.Projects.Partner != 0 {
		t.Errorf("projects %+v, want inGraph %d, withPrize %d, partner 0", c.Projects, len(x.d.Projects), len(withPrize))
	}
	codes := 0
	for _, in := range x.d.Indicators {
		codes += 1 + len(in.OtherCodes)
	}
	if c.Indicators.InGraph != len(x.d.Indicators) || c.Indicators.Codes != codes || c.Indicators.SourceKey != srcIndicators {
		t.Errorf("indicators %+v, want %d, %d codes, framework %q", c.Indicators, len(x.d.Indicators), codes, srcIndicators)
	}
}

// publicRecord checks the fields of the public record on records read back: several
// sources and organisations in their order, an unknown category and project, notes, and
// the rationale's scope and group.
func (x *suite) publicRecord(t *testing.T) {
	s := x.s
	prizes, err := s.PrizesByKey(bg, []string{"2022-00-w", "2019-18-w"})
	wantNoErr(t, err)
	shared := prizes["2022-00-w"]
	if shared == nil || shared.CategoryNumber != 0 || shared.ProjectKey != "" ||
		!slices.Equal(shared.OrganizationKeys, []string{"okosystem", "itu"}) ||
		!slices.Equal(shared.SourceKeys, []string{srcPrizes, srcForum}) || shared.Note == "" {
		t.Errorf("2022-00-w = %+v, want no category, no project, organisations okosystem, itu, two sources and a note", shared)
	}
	if p := prizes["2019-18-w"]; p == nil || !slices.Equal(p.OrganizationKeys, []string{"bharat-net", "apple-growers"}) {
		t.Errorf("2019-18-w = %+v, want organisations bharat-net, apple-growers", p)
	}
	all := wsisgraph.PageArgs{First: wsisgraph.MaxPageSize}
	pages, err := s.Prizes(bg, []wsisgraph.PrizeQuery{
		{Filter: wsisgraph.PrizeFilter{Organization: "apple-growers"}, Page: all},
		{Filter: wsisgraph.PrizeFilter{Organization: "itu", Year: 2022}, Page: all},
	})
	wantNoErr(t, err)
	if got := x.prizeLister().keys(pages[0]); !slices.Equal(got, []string{"2019-18-w"}) {
		t.Errorf("prizes shared by apple-growers: %v, want [2019-18-w]", got)
	}
	if got := x.prizeLister().keys(pages[1]); !slices.Equal(got, []string{"2022-00-w"}) {
		t.Errorf("prizes shared by itu in 2022: %v, want [2022-00-w]", got)
	}
	orgs, err := s.OrganizationsByKey(bg, []string{"emile-institut"})
	wantNoErr(t, err)
	if o := orgs["emile-institut"]; o == nil || o.Note == "" || !slices.Equal(o.SourceKeys, []string{srcStocktake}) {
		t.Errorf("emile-institut = %+v, want a note and its source", o)
	}
	links, err := s.LinkagesByID(bg, []string{"C2>4.a", "C2>1.a"})
	wantNoErr(t, err)
	if l := links["C2>4.a"]; l == nil || l.RationaleScope != wsisgraph.RationaleGroup || !slices.Equal(l.RationaleGroup, []string{"C2>1.2", "C2>4.a"}) {
		t.Errorf("C2>4.a = %+v, want a GROUP rationale shared with C2>1.2", l)
	}
	if l := links["C2>1.a"]; l == nil || l.RationaleScope != wsisgraph.RationaleLink || len(l.RationaleGroup) != 0 {
		t.Errorf("C2>1.a = %+v, want a LINK rationale", l)
	}
}

func (x *suite) notShared(t *testing.T) {
	s := x.s
	t.Run("ActionLines", func(t *testing.T) {
		a, err := s.ActionLines(bg)
		wantNoErr(t, err)
		a[0] = nil
		b, err := s.ActionLines(bg)
		wantNoErr(t, err)
		if b[0] == nil {
			t.Error("ActionLines returned a slice shared with an earlier caller")
		}
	})
	t.Run("TargetsByGoal", func(t *testing.T) {
		a, err := s.TargetsByGoal(bg, []int{1})
		wantNoErr(t, err)
		a[1][0] = nil
		_ = append(a[1][:1], nil) // must not write into the store either
		b, err := s.TargetsByGoal(bg, []int{1})
		wantNoErr(t, err)
		if b[1][0] == nil || b[1][1] == nil {
			t.Error("TargetsByGoal returned a slice shared with an earlier caller")
		}
	})
	t.Run("Projects", func(t *testing.T) {
		a, err := s.Projects(bg, []wsisgraph.ProjectQuery{{}})
		wantNoErr(t, err)
		a[0].Items[0], a[0].Cursors[0] = nil, wsisgraph.Cursor{}
		b, err := s.Projects(bg, []wsisgraph.ProjectQuery{{}})
		wantNoErr(t, err)
		if b[0].Items[0] == nil || b[0].Cursors[0].Key == "" {
			t.Error("Projects returned a page shared with an earlier caller")
		}
	})
}

func (x *suite) concurrent(t *testing.T) {
	pl := x.projectLister()
	qs := []wsisgraph.ProjectQuery{
		{Filter: wsisgraph.ProjectFilter{ActionLine: "C7"}, Page: wsisgraph.PageArgs{First: 5, WithTotal: true}},
		{Sort: wsisgraph.ProjectsByYear, Direction: wsisgraph.Desc},
		{Filter: wsisgraph.ProjectFilter{Text: "digital"}},
	}
	base, err := x.s.Projects(bg, qs)
	wantNoErr(t, err)
	calls := x.calls()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				pages, err := x.s.Projects(bg, qs)
				if err != nil {
					t.Errorf("goroutine %d: %v", g, err)
					return
				}
				for j := range qs {
					if diff := samePage(pl.key, pages[j], base[j]); diff != "" {
						t.Errorf("goroutine %d round %d query %d: %s", g, i, j, diff)
						return
					}
				}
				for name, call := range calls {
					if err := call(bg); err != nil {
						t.Errorf("goroutine %d: %s: %v", g, name, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
