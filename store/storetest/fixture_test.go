package storetest

import (
	"slices"
	"testing"

	"github.com/wsisgraph/wsisgraph"
)

func TestFixture(t *testing.T) {
	d := Fixture()
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if js(d) != js(Fixture()) {
		t.Fatal("Fixture is not deterministic")
	}
	if d.Version == "" {
		t.Error("Version is empty")
	}
	// The properties the suite relies on.
	titles := map[string]int{}
	noYear := 0
	for _, p := range d.Projects {
		titles[wsisgraph.SortKey(p.Title)]++
		if p.Year == 0 {
			noYear++
		}
	}
	if titles["digital schools"] < 3 || noYear < 2 || len(d.Projects) <= wsisgraph.DefaultPageSize {
		t.Errorf("projects: %d ties on \"digital schools\", %d without a year, %d in all", titles["digital schools"], noYear, len(d.Projects))
	}
	repeated := false
	for _, in := range d.Indicators {
		repeated = repeated || len(in.OtherCodes) > 0
	}
	if !repeated {
		t.Error("no repeated indicator")
	}
	var subs []string
	for _, l := range d.ActionLines {
		if l.ParentCode == "C7" {
			subs = append(subs, l.Code)
		}
	}
	if len(subs) < 2 {
		t.Errorf("C7 sub-lines: %v", subs)
	}
	keys := map[string]bool{}
	for _, e := range d.Events {
		if keys[e.Key] {
			t.Errorf("event key %s repeated", e.Key)
		}
		keys[e.Key] = true
		if e.ParentKey != "" && !slices.ContainsFunc(d.Events, func(p *wsisgraph.Event) bool { return p.Key == e.ParentKey }) {
			t.Errorf("event %s: parent %s missing", e.Key, e.ParentKey)
		}
	}
}

// TestFixtureReferences checks by hand what dataset.Validate is expected to check, so the
// fixture stays valid whatever rules Validate grows.
func TestFixtureReferences(t *testing.T) {
	d := Fixture()
	has := func(set map[string]bool, what, key string) {
		t.Helper()
		if key != "" && !set[key] {
			t.Errorf("%s %q does not exist", what, key)
		}
	}
	set := func(keys ...string) map[string]bool {
		m := map[string]bool{}
		for _, k := range keys {
			if m[k] {
				t.Errorf("key %q repeated", k)
			}
			m[k] = true
		}
		return m
	}
	var k []string
	for _, v := range d.Sources {
		k = append(k, v.Key)
	}
	sources := set(k...)
	k = nil
	for _, v := range d.Countries {
		k = append(k, v.Code)
	}
	countries := set(k...)
	k = nil
	for _, v := range d.ActionLines {
		k = append(k, v.Code)
	}
	lines := set(k...)
	k = nil
	for _, v := range d.Organizations {
		k = append(k, v.Key)
		has(countries, "country", v.Country)
		if !v.StakeholderType.Valid() {
			t.Errorf("organisation %s: stakeholder type %q", v.Key, v.StakeholderType)
		}
	}
	orgs := set(k...)
	k = nil
	for _, v := range d.Targets {
		k = append(k, v.Code)
	}
	targets := set(k...)
	k = nil
	for _, v := range d.Projects {
		k = append(k, v.Key)
		has(countries, "country", v.Country)
		for _, k := range v.SourceKeys {
			has(sources, "source", k)
		}
		for _, c := range v.ActionLineCodes {
			has(lines, "action line", c)
		}
		for _, c := range v.TargetCodes {
			has(targets, "target", c)
		}
		for _, c := range v.OrganizationKeys {
			has(orgs, "organisation", c)
		}
	}
	projects := set(k...)
	for _, l := range d.ActionLines {
		has(lines, "parent line", l.ParentCode)
		for _, f := range l.Facilitators {
			has(orgs, "organisation", f.OrganizationKey)
			for _, k := range f.SourceKeys {
				has(sources, "source", k)
			}
			if f.ActionLineCode != l.Code {
				t.Errorf("facilitation of %s names %s", l.Code, f.ActionLineCode)
			}
		}
	}
	goals := map[int]bool{}
	for _, g := range d.Goals {
		goals[g.Number] = true
	}
	for _, tg := range d.Targets {
		if !goals[tg.GoalNumber] {
			t.Errorf("target %s: goal %d missing", tg.Code, tg.GoalNumber)
		}
	}
	k = nil
	for _, in := range d.Indicators {
		k = append(k, append([]string{in.Code}, in.OtherCodes...)...)
		for _, c := range in.TargetCodes {
			has(targets, "target", c)
		}
	}
	set(k...)
	k = nil
	for _, l := range d.Linkages {
		k = append(k, l.ID)
		has(lines, "action line", l.ActionLineCode)
		has(targets, "target", l.TargetCode)
		for _, k := range l.SourceKeys {
			has(sources, "source", k)
		}
		if l.ID != wsisgraph.LinkageID(l.ActionLineCode, l.GoalNumber, l.TargetCode) {
			t.Errorf("linkage %s: ID does not match its fields", l.ID)
		}
		if (l.TargetCode == "") != (l.Level == wsisgraph.LevelGoal) {
			t.Errorf("linkage %s: level %s", l.ID, l.Level)
		}
	}
	set(k...)
	cats := map[int]bool{}
	for _, c := range d.PrizeCategories {
		cats[c.Number] = true
		has(lines, "action line", c.ActionLineCode)
	}
	k = nil
	for _, p := range d.Prizes {
		k = append(k, p.Key)
		if p.CategoryNumber != 0 && !cats[p.CategoryNumber] {
			t.Errorf("prize %s: category %d missing", p.Key, p.CategoryNumber)
		}
		has(projects, "project", p.ProjectKey)
		for _, k := range p.OrganizationKeys {
			has(orgs, "organisation", k)
		}
		has(countries, "country", p.Country)
		for _, k := range p.SourceKeys {
			has(sources, "source", k)
		}
	}
	set(k...)
	for _, e := range d.Events {
		has(countries, "country", e.Country)
		for _, k := range e.SourceKeys {
			has(sources, "source", k)
		}
	}
}

// TestQueryDefaults pins the defaults and validation of the wsisgraph query types that every
// backend relies on.
func TestQueryDefaults(t *testing.T) {
	if q := (wsisgraph.ProjectQuery{}).Normalize(); q.Sort != wsisgraph.ProjectsByTitle || q.Direction != wsisgraph.Asc || q.Page.First != wsisgraph.DefaultPageSize {
		t.Errorf("ProjectQuery{}.Normalize() = %+v", q)
	}
	if q := (wsisgraph.OrganizationQuery{}).Normalize(); q.Sort != wsisgraph.OrganizationsByName || q.Direction != wsisgraph.Asc {
		t.Errorf("OrganizationQuery{}.Normalize() = %+v", q)
	}
	if q := (wsisgraph.PrizeQuery{}).Normalize(); q.Sort != wsisgraph.PrizesByYear || q.Direction != wsisgraph.Desc {
		t.Errorf("PrizeQuery{}.Normalize() = %+v", q)
	}
	if q := (wsisgraph.PrizeQuery{Sort: wsisgraph.PrizesByCategory}).Normalize(); q.Direction != wsisgraph.Asc {
		t.Errorf("CATEGORY direction = %s", q.Direction)
	}
	if q := (wsisgraph.EventQuery{}).Normalize(); q.Sort != wsisgraph.EventsByStartDate || q.Direction != wsisgraph.Asc {
		t.Errorf("EventQuery{}.Normalize() = %+v", q)
	}
	if q := (wsisgraph.ProjectQuery{Direction: wsisgraph.Desc, Page: wsisgraph.PageArgs{First: 7}}).Normalize(); q.Direction != wsisgraph.Desc || q.Page.First != 7 {
		t.Errorf("Normalize overrode set fields: %+v", q)
	}
	for _, c := range []struct {
		err  error
		code string
	}{
		{wsisgraph.ProjectQuery{}.Validate(), ""},
		{wsisgraph.ProjectQuery{Page: wsisgraph.PageArgs{First: 100}}.Validate(), ""},
		{wsisgraph.ProjectQuery{Page: wsisgraph.PageArgs{First: 101}}.Validate(), wsisgraph.EINVALID},
		{wsisgraph.ProjectQuery{Page: wsisgraph.PageArgs{First: -5}}.Validate(), wsisgraph.EINVALID},
		{wsisgraph.ProjectQuery{Sort: "x"}.Validate(), wsisgraph.EINVALID},
		{wsisgraph.OrganizationQuery{Direction: "x"}.Validate(), wsisgraph.EINVALID},
		{wsisgraph.PrizeQuery{Filter: wsisgraph.PrizeFilter{Kind: "x"}}.Validate(), wsisgraph.EINVALID},
		{wsisgraph.EventQuery{Filter: wsisgraph.EventFilter{Kind: wsisgraph.EventResolution}}.Validate(), ""},
		{wsisgraph.EventQuery{Filter: wsisgraph.EventFilter{Kind: "x"}}.Validate(), wsisgraph.EINVALID},
	} {
		if got := wsisgraph.ErrorCode(c.err); got != c.code {
			t.Errorf("Validate: code %q (%v), want %q", got, c.err, c.code)
		}
	}
	if msg := wsisgraph.ErrorMessage(wsisgraph.PageArgs{First: 0}.Validate()); msg != "first must be between 1 and 100, got 0" {
		t.Errorf("PageArgs{}.Validate() message %q", msg)
	}
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1.2", "1.10", -1}, {"1.10", "1.a", -1}, {"1.a", "1.b", -1}, {"9.1", "13.1", -1},
		{"13.3.1", "13.3.2", -1}, {"1.1", "1.1.1", -1}, {"4.7.1", "4.7.1", 0}, {"13.b", "13.3", 1},
	} {
		if got := wsisgraph.CompareCodes(c.a, c.b); got != c.want {
			t.Errorf("CompareCodes(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
