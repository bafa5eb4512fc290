package storetest

import (
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph"
)

// vocabulary checks Store.Vocabulary against the vocabulary built from the fixture itself:
// every code in the forms people write it, and every filter value the graph does not hold.
func (x *suite) vocabulary(t *testing.T) {
	v, err := x.s.Vocabulary(bg)
	wantNoErr(t, err)
	want := x.d.Vocabulary()

	t.Run("code forms", func(t *testing.T) {
		for _, al := range x.d.ActionLines {
			forms := []string{al.Code, strings.ToLower(al.Code), strings.ToUpper(al.Code), strings.ReplaceAll(al.Code, ".", " ")}
			if _, own, ok := strings.Cut(al.Code, "."); ok {
				forms = append(forms, own, strings.ToUpper(own))
			}
			for _, f := range forms {
				if got, ok := v.ActionLine(f); !ok || got != al.Code {
					t.Errorf("ActionLine(%q) = %q, %v; want %q", f, got, ok, al.Code)
				}
			}
		}
		for _, tg := range x.d.Targets {
			for _, f := range []string{tg.Code, strings.ToUpper(tg.Code), "Target " + tg.Code} {
				if got, ok := v.Target(f); !ok || got != tg.Code {
					t.Errorf("Target(%q) = %q, %v; want %q", f, got, ok, tg.Code)
				}
			}
		}
		for _, in := range x.d.Indicators {
			for _, c := range append([]string{in.Code}, in.OtherCodes...) {
				if got, ok := v.Indicator(strings.ToUpper(c)); !ok || got != c {
					t.Errorf("Indicator(%q) = %q, %v; want %q", strings.ToUpper(c), got, ok, c)
				}
			}
		}
		for _, c := range x.d.Countries {
			if got, ok := v.Country(strings.ToLower(c.Code)); !ok || got != c.Code {
				t.Errorf("Country(%q) = %q, %v; want %q", strings.ToLower(c.Code), got, ok, c.Code)
			}
		}
		for _, o := range x.d.Organizations {
			if got, ok := v.Organization(strings.ToUpper(o.Key)); !ok || got != o.Key {
				t.Errorf("Organization(%q) = %q, %v; want %q", strings.ToUpper(o.Key), got, ok, o.Key)
			}
		}
		for _, bad := range []string{"C12", "C7.e-nothing", "", "9.z"} {
			if got, ok := v.ActionLine(bad); ok {
				t.Errorf("ActionLine(%q) = %q, want none", bad, got)
			}
		}
	})

	t.Run("filters", func(t *testing.T) {
		anOrg := x.d.Organizations[0].Key
		projects := []wsisgraph.ProjectFilter{
			{ActionLine: "c2"}, {ActionLine: "C12"}, {Goal: 18}, {Goal: 1}, {Target: "9.C"}, {Target: "9.z"},
			{Country: "kz"}, {Country: "Kazakhstan"}, {Country: "XZ"}, {Year: 1900}, {Year: 3000},
			{Organization: strings.ToUpper(anOrg)}, {Organization: "nobody-at-all"},
		}
		for _, y := range x.years(func(p *wsisgraph.Project) int { return p.Year }) {
			projects = append(projects, wsisgraph.ProjectFilter{Year: y})
		}
		for _, f := range projects {
			g, gerr := v.ProjectFilter(f)
			w, werr := want.ProjectFilter(f)
			if g != w || wsisgraph.ErrorMessage(gerr) != wsisgraph.ErrorMessage(werr) || wsisgraph.ErrorCode(gerr) != wsisgraph.ErrorCode(werr) {
				t.Errorf("ProjectFilter(%+v) = %+v, %v; want %+v, %v", f, g, gerr, w, werr)
			}
		}
		for _, f := range []wsisgraph.ProjectFilter{{ActionLine: "C12"}, {Goal: 18}, {Target: "9.z"}, {Country: "XZ"}, {Year: 1900}, {Organization: "nobody-at-all"}} {
			if _, err := v.ProjectFilter(f); wsisgraph.ErrorCode(err) != wsisgraph.EINVALID {
				t.Errorf("ProjectFilter(%+v): error %v, want EINVALID", f, err)
			}
		}
		prizes := []wsisgraph.PrizeFilter{{Year: 1999}, {Category: 40}, {Category: 1}, {ActionLine: "e-health"}, {Country: "kz"}, {Organization: "nobody-at-all"}}
		for _, f := range prizes {
			g, gerr := v.PrizeFilter(f)
			w, werr := want.PrizeFilter(f)
			if g != w || wsisgraph.ErrorMessage(gerr) != wsisgraph.ErrorMessage(werr) {
				t.Errorf("PrizeFilter(%+v) = %+v, %v; want %+v, %v", f, g, gerr, w, werr)
			}
		}
		events := []wsisgraph.EventFilter{{Year: 1900}, {Country: "ch"}, {Country: "Switzerland"}}
		for _, f := range events {
			g, gerr := v.EventFilter(f)
			w, werr := want.EventFilter(f)
			if g != w || wsisgraph.ErrorMessage(gerr) != wsisgraph.ErrorMessage(werr) {
				t.Errorf("EventFilter(%+v) = %+v, %v; want %+v, %v", f, g, gerr, w, werr)
			}
		}
	})
}

// years lists the distinct non-zero years of the fixture's projects.
func (x *suite) years(year func(*wsisgraph.Project) int) []int {
	seen := map[int]bool{}
	var out []int
	for _, p := range x.d.Projects {
		if y := year(p); y != 0 && !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	return out
}
