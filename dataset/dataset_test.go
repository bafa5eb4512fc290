package dataset

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wsisgraph/wsisgraph"
)

var update = flag.Bool("update", false, "rewrite data/*.json in canonical form (see TestFilesAreCanonical)")

func mustEmbedded(t *testing.T) *Dataset {
	t.Helper()
	d, err := Embedded()
	if err != nil {
		t.Fatalf("Embedded: %v", err)
	}
	return d
}

func TestEmbeddedCounts(t *testing.T) {
	d := mustEmbedded(t)
	counts := d.Counts()
	for _, tc := range []struct {
		file string
		want int
	}{
		{"goals.json", 17},
		{"targets.json", 169},
		{"indicators.json", 232}, // the 2020 revision, see TestEmbeddedIndicatorFramework
		{"action_lines.json", 19},
		{"linkages.json", 187},
		{"prize_categories.json", 18},
		{"countries.json", 249},
	} {
		if got := counts[tc.file]; got != tc.want {
			t.Errorf("%s: %d records, want %d", tc.file, got, tc.want)
		}
	}
	if len(counts) != len(Files) {
		t.Errorf("Counts has %d files, want %d", len(counts), len(Files))
	}
}

// TestEmbeddedIndicatorFramework checks that the indicators are those of one framework
// revision: the ones the 2020 comprehensive review deleted are absent, the one it added is
// present, and Coverage names the revision.
func TestEmbeddedIndicatorFramework(t *testing.T) {
	d := mustEmbedded(t)
	codes := map[string]bool{}
	for _, in := range d.Indicators {
		for _, c := range append([]string{in.Code}, in.OtherCodes...) {
			codes[c] = true
		}
	}
	for _, c := range []string{"1.a.3", "8.9.2", "11.c.1", "13.3.2"} {
		if codes[c] {
			t.Errorf("indicator %s, deleted by the 2020 comprehensive review, is served", c)
		}
	}
	if !codes["11.5.3"] {
		t.Error("indicator 11.5.3, added by the 2020 comprehensive review, is missing")
	}
	c := d.Coverage()
	if c.Indicators.SourceKey != "sdg-indicator-framework-2020" || c.Indicators.InGraph != len(d.Indicators) || c.Indicators.Codes != len(codes) {
		t.Errorf("coverage of indicators %+v, want framework sdg-indicator-framework-2020, %d indicators, %d codes",
			c.Indicators, len(d.Indicators), len(codes))
	}
}

// TestEmbeddedCoverage checks the shipped coverage against the prizes counted here: every
// contest year 2012–2025 has a row, no year holds more prizes than were awarded, and the
// slides and the facts brief the first dataset cited are gone.
func TestEmbeddedCoverage(t *testing.T) {
	d := mustEmbedded(t)
	c := d.Coverage()
	if len(c.PrizeYears) == 0 || c.PrizeYears[0].Year != 2012 || c.PrizeYears[len(c.PrizeYears)-1].Year != 2025 {
		t.Fatalf("prize years %v, want 2012…2025", c.PrizeYears)
	}
	for _, y := range c.PrizeYears {
		w, ch := 0, 0
		for _, p := range d.Prizes {
			if p.Year == y.Year && p.Kind == wsisgraph.PrizeWinner {
				w++
			} else if p.Year == y.Year {
				ch++
			}
		}
		if y.WinnersInGraph != w || y.ChampionsInGraph != ch {
			t.Errorf("%d: coverage %d winners, %d champions; prizes.json %d, %d", y.Year, y.WinnersInGraph, y.ChampionsInGraph, w, ch)
		}
		if y.WinnersAwarded != nil && w > *y.WinnersAwarded {
			t.Errorf("%d: %d winners in the graph, %d awarded", y.Year, w, *y.WinnersAwarded)
		}
	}
	for _, s := range d.Sources {
		if s.Key == "wsis-facts-brief" || s.Key == "wsis-regional-workshop-almaty-2016" || s.URL == "" {
			t.Errorf("source %q (%s) is not a public document", s.Key, s.URL)
		}
	}
}

func TestEmbeddedTargetsPerGoal(t *testing.T) {
	d := mustEmbedded(t)
	want := []int{7, 8, 13, 10, 9, 8, 5, 12, 8, 10, 10, 11, 5, 10, 12, 12, 19}
	got := make([]int, 17)
	for _, tg := range d.Targets {
		got[tg.GoalNumber-1]++
	}
	if !slices.Equal(got, want) {
		t.Errorf("targets per goal = %v, want %v", got, want)
	}
}

func TestEmbeddedActionLines(t *testing.T) {
	d := mustEmbedded(t)
	matrix := []string{"C1", "C2", "C3", "C4", "C5", "C6",
		"C7.e-government", "C7.e-business", "C7.e-learning", "C7.e-health",
		"C7.e-employment", "C7.e-environment", "C7.e-agriculture", "C7.e-science",
		"C8", "C9", "C10", "C11"}
	var codes, sub []string
	for _, a := range d.ActionLines {
		codes = append(codes, a.Code)
		if a.ParentCode == "C7" {
			sub = append(sub, a.Code)
		}
	}
	wantAll := slices.Insert(slices.Clone(matrix), 6, "C7") // official order: C7 before its sub-lines
	if !slices.Equal(codes, wantAll) {
		t.Errorf("action lines = %v, want %v", codes, wantAll)
	}
	if !slices.Equal(sub, matrix[6:14]) {
		t.Errorf("C7 sub-lines = %v, want %v", sub, matrix[6:14])
	}
	for i, a := range d.ActionLines {
		if a.Order != i+1 {
			t.Errorf("%s: order %d, want %d", a.Code, a.Order, i+1)
		}
	}
	var cats []string
	for _, c := range d.PrizeCategories {
		cats = append(cats, c.ActionLineCode)
	}
	if !slices.Equal(cats, matrix) {
		t.Errorf("prize categories' action lines = %v, want %v", cats, matrix)
	}
}

func TestEmbeddedLinkages(t *testing.T) {
	d := mustEmbedded(t)
	levels := map[wsisgraph.LinkageLevel]int{}
	for _, l := range d.Linkages {
		levels[l.Level]++
		if l.ActionLineCode == "C7" {
			t.Errorf("%s: the matrix has no linkage for the C7 parent", l.ID)
		}
		switch {
		case l.Rationale == "" && l.Note != "no rationale given in the source":
			t.Errorf("%s: no rationale and no note saying why", l.ID)
		case len(strings.Fields(l.Rationale)) > 25:
			t.Errorf("%s: rationale has %d words, want at most 25", l.ID, len(strings.Fields(l.Rationale)))
		}
	}
	if levels[wsisgraph.LevelTarget] != 163 || levels[wsisgraph.LevelGoal] != 24 {
		t.Errorf("levels = %v, want 163 TARGET and 24 GOAL", levels)
	}
}

func TestEmbeddedTitlesInAllLanguages(t *testing.T) {
	d := mustEmbedded(t)
	check := func(what string, text wsisgraph.Text) {
		for _, lang := range wsisgraph.Langs {
			if strings.TrimSpace(text[lang]) == "" {
				t.Errorf("%s: no %s text", what, lang)
			}
		}
	}
	for _, g := range d.Goals {
		check(fmt.Sprintf("goal %d short title", g.Number), g.ShortTitle)
		check(fmt.Sprintf("goal %d title", g.Number), g.Title)
	}
	for _, tg := range d.Targets {
		check("target "+tg.Code, tg.Title)
	}
	for _, ind := range d.Indicators { // an indicator missing from the translations has English only
		if slices.Contains(ind.SourceKeys, "open-sdg-translations") {
			check("indicator "+ind.Code, ind.Title)
		} else if len(ind.Title) != 1 {
			t.Errorf("indicator %s: titles %v without the translations as a source", ind.Code, ind.Title)
		}
	}
}

// TestEmbeddedCountries checks the generated country data: a name in every language, and M49
// data for every country but the two the M49 table does not place (Antarctica, which has no
// region, and Taiwan, which UNSD does not list), each citing the sources of its data.
func TestEmbeddedCountries(t *testing.T) {
	d := mustEmbedded(t)
	groups := map[wsisgraph.CountryGroup]int{}
	for _, c := range d.Countries {
		for _, lang := range wsisgraph.Langs {
			if strings.TrimSpace(c.Name[lang]) == "" {
				t.Errorf("%s: no %s name", c.Code, lang)
			}
		}
		placed := c.Code != "AQ" && c.Code != "TW"
		if (c.Region != "" && c.SubRegion != "") != placed {
			t.Errorf("%s: region %q, sub-region %q", c.Code, c.Region, c.SubRegion)
		}
		if placed != slices.Contains(c.Sources, "unsd-m49") || !slices.Contains(c.Sources, "unicode-cldr-48") {
			t.Errorf("%s: sources %v", c.Code, c.Sources)
		}
		for _, g := range c.Groups {
			groups[g]++
		}
	}
	// The sizes of the groups in the M49 table as carried in 2024 (see docs/dataset.md).
	want := map[wsisgraph.CountryGroup]int{wsisgraph.GroupLDC: 45, wsisgraph.GroupLLDC: 32, wsisgraph.GroupSIDS: 53}
	if !maps.Equal(groups, want) {
		t.Errorf("groups %v, want %v", groups, want)
	}
	for _, r := range wsisgraph.Regions() {
		for _, lang := range wsisgraph.Langs {
			if r.Name[lang] == "" {
				t.Errorf("region %s: no %s name", r.Code, lang)
			}
		}
	}
}

func TestEmbeddedRepeatedIndicatorIsOneRecord(t *testing.T) {
	d := mustEmbedded(t)
	var found []*wsisgraph.Indicator
	for _, ind := range d.Indicators {
		if ind.Code == "1.5.1" || slices.Contains(ind.OtherCodes, "11.5.1") || slices.Contains(ind.OtherCodes, "13.1.1") {
			found = append(found, ind)
		}
		if ind.Code == "11.5.1" || ind.Code == "13.1.1" || ind.Code == "17.6.2" {
			t.Errorf("indicator %s has a record of its own", ind.Code)
		}
	}
	if len(found) != 1 {
		t.Fatalf("found %d records for indicator 1.5.1, want 1", len(found))
	}
	ind := found[0]
	if !slices.Equal(ind.TargetCodes, []string{"1.5", "11.5", "13.1"}) || !slices.Equal(ind.OtherCodes, []string{"11.5.1", "13.1.1"}) {
		t.Errorf("indicator 1.5.1: targets %v, other codes %v; want [1.5 11.5 13.1], [11.5.1 13.1.1]", ind.TargetCodes, ind.OtherCodes)
	}
}

// embeddedFS returns a writable copy of the embedded data files.
func embeddedFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, name := range Files {
		b, err := fs.ReadFile(embedded, "data/"+name)
		if err != nil {
			t.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: b}
	}
	return m
}

// edit returns a mutation that changes the first record of file for which match is true and
// returns that record's index, for the expected message. More (match, change) pairs may
// follow; the index returned is the first pair's.
func edit(file string, match func(map[string]any) bool, change func(map[string]any), more ...any) func(*testing.T, fstest.MapFS) int {
	return func(t *testing.T, m fstest.MapFS) int {
		var recs []map[string]any
		if err := json.Unmarshal(m[file].Data, &recs); err != nil {
			t.Fatal(err)
		}
		pairs := append([]any{match, change}, more...)
		first := -1
		for p := 0; p+1 < len(pairs); p += 2 {
			match, change := pairs[p].(func(map[string]any) bool), pairs[p+1].(func(map[string]any))
			i := slices.IndexFunc(recs, match)
			if i < 0 {
				t.Fatalf("%s: no record matches", file)
			}
			change(recs[i])
			if first < 0 {
				first = i
			}
		}
		b, err := json.Marshal(recs)
		if err != nil {
			t.Fatal(err)
		}
		m[file] = &fstest.MapFile{Data: b}
		return first
	}
}

// appendCopy returns a mutation that appends to file a changed copy of the first record for
// which match is true, and returns the copy's index.
func appendCopy(file string, match func(map[string]any) bool, change func(map[string]any)) func(*testing.T, fstest.MapFS) int {
	return func(t *testing.T, m fstest.MapFS) int {
		var recs []map[string]any
		if err := json.Unmarshal(m[file].Data, &recs); err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(recs, match)
		if i < 0 {
			t.Fatalf("%s: no record matches", file)
		}
		c := maps.Clone(recs[i])
		change(c)
		recs = append(recs, c)
		b, err := json.Marshal(recs)
		if err != nil {
			t.Fatal(err)
		}
		m[file] = &fstest.MapFile{Data: b}
		return len(recs) - 1
	}
}

// nth matches the record at index i of a file.
func nth(i int) func(map[string]any) bool {
	n := -1
	return func(map[string]any) bool { n++; return n == i }
}

// has matches the records that have the field.
func has(name string) func(map[string]any) bool {
	return func(r map[string]any) bool { _, ok := r[name]; return ok }
}

func field(name string, value any) func(map[string]any) bool {
	return func(r map[string]any) bool { return r[name] == value }
}

func TestLoadRejectsBrokenData(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*testing.T, fstest.MapFS) int // returns the altered record's index, or -1
		want   []string                           // parts of the message; %d is the record index
	}{
		{
			"unknown target in a linkage",
			edit("linkages.json", field("id", "C1>3.8"), func(r map[string]any) { r["id"], r["target"] = "C1>3.x", "3.x" }),
			[]string{`linkages.json: record %d (id "C1>3.x"): field "target": unknown target "3.x"`},
		},
		{
			"target outside the linkage's goal",
			edit("linkages.json", field("id", "C1>3.8"), func(r map[string]any) { r["goal"] = 8 }),
			[]string{`linkages.json: record %d (id "C1>3.8"): field "target": target "3.8" is not in goal 8`},
		},
		{
			"linkage level inconsistent with its target",
			edit("linkages.json", field("id", "C1>1"), func(r map[string]any) { r["level"] = "TARGET" }),
			[]string{`linkages.json: record %d (id "C1>1"): field "level"`},
		},
		{
			"linkage id not matching its fields",
			edit("linkages.json", field("id", "C1>3.8"), func(r map[string]any) { r["id"] = "C1>3.a2" }),
			[]string{`linkages.json: record %d (id "C1>3.a2"): field "id"`, `want "C1>3.8"`},
		},
		{
			"unknown organisation in a facilitation",
			edit("action_lines.json", field("code", "C3"), func(r map[string]any) {
				r["facilitators"].([]any)[1].(map[string]any)["organization"] = "nobody"
			}),
			[]string{`action_lines.json: record %d (code "C3"): field "facilitators[1].organization": unknown organization "nobody"`},
		},
		{
			"empty string for a missing value",
			edit("action_lines.json", field("code", "C3"), func(r map[string]any) { r["description"] = "" }),
			[]string{`action_lines.json: record %d: field "description" is an empty string`},
		},
		{
			"unknown parent action line",
			edit("action_lines.json", field("code", "C7.e-health"), func(r map[string]any) { r["parentCode"] = "C12" }),
			[]string{`action_lines.json: record %d (code "C7.e-health"): field "parentCode": unknown action line "C12"`},
		},
		{
			"unknown country",
			edit("organizations.json", field("key", "itu"), func(r map[string]any) { r["country"] = "XX" }),
			[]string{`organizations.json: record %d (key "itu"): field "country": unknown country "XX"`},
		},
		{
			"invalid stakeholder type",
			edit("organizations.json", field("key", "itu"), func(r map[string]any) { r["stakeholderType"] = "UN" }),
			[]string{`organizations.json: record %d (key "itu"): field "stakeholderType"`},
		},
		{
			"duplicate key",
			edit("projects.json", nth(1), func(r map[string]any) { r["key"] = "dup" }, nth(0), func(r map[string]any) { r["key"] = "dup" }),
			[]string{`projects.json: record %d (key "dup"): field "key": duplicate "dup"`},
		},
		{
			"prize naming an unknown project",
			edit("prizes.json", has("project"), func(r map[string]any) { r["project"] = "ghost" }),
			[]string{`prizes.json: record %d (key `, `field "project": unknown project "ghost"`},
		},
		{
			"prize in an unknown category",
			edit("prizes.json", has("category"), func(r map[string]any) { r["category"] = 19 }),
			[]string{`prizes.json: record %d (key `, `field "category": unknown prize category 19`},
		},
		{
			"prize without a year",
			edit("prizes.json", nth(0), func(r map[string]any) { delete(r, "year") }),
			[]string{`prizes.json: record %d (key `, `field "year": 0 is not a year of the WSIS Prizes`},
		},
		{
			"prize without a kind",
			edit("prizes.json", nth(0), func(r map[string]any) { delete(r, "kind") }),
			[]string{`prizes.json: record %d (key `, `field "kind": "" is not one of WINNER, CHAMPION`},
		},
		{
			"prize without a source",
			edit("prizes.json", nth(0), func(r map[string]any) { delete(r, "sources") }),
			[]string{`prizes.json: record %d (key `, `field "sources": required: every record cites a public source`},
		},
		{
			"prize cited to a document older than the prize",
			edit("prizes.json", nth(0), func(r map[string]any) { r["sources"] = []string{"geneva-plan-of-action-2003"} }),
			[]string{`prizes.json: record %d (key `, `field "sources": source "geneva-plan-of-action-2003" of 2003 cannot state a fact of 20`},
		},
		{
			"source without a URL",
			edit("sources.json", field("key", "a-res-70-1"), func(r map[string]any) { delete(r, "url") }),
			[]string{`sources.json: record %d (key "a-res-70-1"): field "url": required`},
		},
		{
			"facilitation without a source",
			edit("action_lines.json", field("code", "C2"), func(r map[string]any) {
				r["facilitators"].([]any)[0].(map[string]any)["sources"] = []any{}
			}),
			[]string{`action_lines.json: record %d (code "C2"): field "facilitators[0].sources": required`},
		},
		{
			"organisation under two keys",
			appendCopy("organizations.json", has("country"), func(r map[string]any) {
				r["key"] = r["key"].(string) + "-again"
				r["name"] = "The " + strings.ToUpper(r["name"].(string))
			}),
			[]string{`organizations.json: record %d (key "`, `-again"): field "key": the same as "`},
		},
		{
			"project under two keys",
			appendCopy("projects.json", has("country"), func(r map[string]any) {
				r["key"] = r["key"].(string) + "-again"
				r["title"] = "  " + strings.ToLower(r["title"].(string)) + "."
			}),
			[]string{`projects.json: record %d (key "`, `-again"): field "key": the same as "`},
		},
		{
			"awarded count below the prizes held",
			edit("prize_awards.json", field("year", 2012.0), func(r map[string]any) { r["winners"] = 1 }),
			[]string{`prize_awards.json: record %d (year 2012): field "winners": 1 awarded, but prizes.json holds`},
		},
		{
			"group rationale not shared by its group",
			edit("linkages.json", field("id", "C2>9.a"), func(r map[string]any) { r["rationale"] = "Something else." }),
			[]string{`linkages.json: record `, `field "rationaleGroup": "C2>9.a" does not share this rationale and group`},
		},
		{
			"rationale without its scope",
			edit("linkages.json", field("id", "C1>3.8"), func(r map[string]any) { delete(r, "rationaleScope") }),
			[]string{`linkages.json: record %d (id "C1>3.8"): field "rationaleScope": required with a rationale`},
		},
		{
			"indicators of two framework revisions",
			edit("indicators.json", field("code", "9.c.1"), func(r map[string]any) { r["sources"] = []string{"open-sdg-translations"} }),
			[]string{`indicators.json: record %d (code "9.c.1"): field "sources": cites "open-sdg-translations" first`},
		},
		{
			"bad date",
			edit("events.json", field("key", "wsis-forum-2016"), func(r map[string]any) { r["startDate"] = "2016-13-02" }),
			[]string{`events.json: record %d (key "wsis-forum-2016"): field "startDate": "2016-13-02" is not a date`},
		},
		{
			"end before start",
			edit("events.json", field("key", "wsis-forum-2016"), func(r map[string]any) { r["endDate"] = "2016-05-01" }),
			[]string{`events.json: record %d (key "wsis-forum-2016"): field "endDate": 2016-05-01 is before the start date 2016-05-02`},
		},
		{
			"unknown parent event",
			edit("events.json", field("key", "wsis-forum-2016"), func(r map[string]any) { r["parent"] = "wsis-forum-2099" }),
			[]string{`events.json: record %d (key "wsis-forum-2016"): field "parent": unknown event "wsis-forum-2099"`},
		},
		{
			"title without English",
			edit("goals.json", field("number", 4.0), func(r map[string]any) { delete(r["title"].(map[string]any), "en") }),
			[]string{`goals.json: record %d (number 4): field "title": no English ("en") text`},
		},
		{
			"indicator serving an unknown target",
			edit("indicators.json", field("code", "9.c.1"), func(r map[string]any) { r["targets"] = []string{"9.z"} }),
			[]string{`indicators.json: record %d (code "9.c.1"): field "targets": unknown target "9.z"`},
		},
		{
			"target code of another goal",
			edit("targets.json", field("code", "9.c"), func(r map[string]any) { r["goal"] = 8 }),
			[]string{`targets.json: record %d (code "9.c"): field "code": "9.c" does not belong to goal 8`},
		},
		{
			"misspelt field",
			edit("projects.json", nth(0), func(r map[string]any) { r["titel"] = "NADI" }),
			[]string{`projects.json: record %d: json: unknown field "titel"`},
		},
		{
			"unknown M49 region",
			edit("countries.json", field("code", "KE"), func(r map[string]any) { r["intermediateRegion"] = "999" }),
			[]string{`countries.json: record %d (code "KE"): field "intermediateRegion": unknown UN M49 region "999"`},
		},
		{
			"sub-region under another region",
			edit("countries.json", field("code", "KE"), func(r map[string]any) { r["region"] = "142" }),
			[]string{`countries.json: record %d (code "KE"): field "subRegion": "202" is part of "002", not of "142"`},
		},
		{
			"region code at the wrong tier",
			edit("countries.json", field("code", "FR"), func(r map[string]any) { r["region"] = "155" }),
			[]string{`countries.json: record %d (code "FR"): field "region": "155" is a SUB_REGION, not a REGION`},
		},
		{
			"unknown country group",
			edit("countries.json", field("code", "NP"), func(r map[string]any) { r["groups"] = []string{"LDC", "G77"} }),
			[]string{`countries.json: record %d (code "NP"): field "groups": unknown group "G77"`},
		},
		{
			"country groups out of order",
			edit("countries.json", field("code", "NP"), func(r map[string]any) { r["groups"] = []string{"LLDC", "LDC"} }),
			[]string{`countries.json: record %d (code "NP"): field "groups": "LDC" is repeated or out of order`},
		},
		{
			"country citing an unknown source",
			edit("countries.json", field("code", "NP"), func(r map[string]any) { r["sources"] = []string{"unsd-m49", "nowhere"} }),
			[]string{`countries.json: record %d (code "NP"): field "sources": unknown source "nowhere"`},
		},
		{
			"translation in English",
			edit("action_lines.json", field("code", "C3"), func(r map[string]any) {
				r["translations"].([]any)[0].(map[string]any)["lang"] = "en"
			}),
			[]string{`action_lines.json: record %d (code "C3"): field "translations[0].lang"`},
		},
		{
			"translation without a source",
			edit("action_lines.json", field("code", "C3"), func(r map[string]any) {
				delete(r["translations"].([]any)[0].(map[string]any), "source")
			}),
			[]string{`action_lines.json: record %d (code "C3"): field "translations[0].source"`},
		},
		{
			"wrong type",
			edit("linkages.json", field("id", "C1>1"), func(r map[string]any) { r["goal"] = "1" }),
			[]string{`linkages.json: record %d: json: cannot unmarshal string`, `goal`},
		},
		{
			"malformed JSON",
			func(t *testing.T, m fstest.MapFS) int {
				b := m["linkages.json"].Data
				m["linkages.json"] = &fstest.MapFile{Data: b[:len(b)/2]}
				return -1
			},
			[]string{`linkages.json: not a JSON array of records`},
		},
		{
			"missing file",
			func(t *testing.T, m fstest.MapFS) int { delete(m, "events.json"); return -1 },
			[]string{`events.json: file missing`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := embeddedFS(t)
			i := tc.mutate(t, m)
			d, err := Load(m)
			if err == nil {
				t.Fatalf("Load accepted the data (%d linkages)", len(d.Linkages))
			}
			if code := wsisgraph.ErrorCode(err); code != wsisgraph.EINVALID {
				t.Errorf("error code %q, want %q (%v)", code, wsisgraph.EINVALID, err)
			}
			for _, part := range tc.want {
				if strings.Contains(part, "%d") {
					part = fmt.Sprintf(part, i)
				}
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q\ndoes not contain %q", err, part)
				}
			}
		})
	}
}

func TestVersionChangesWithData(t *testing.T) {
	m := embeddedFS(t)
	d1, err := Load(m)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := Load(m)
	if err != nil {
		t.Fatal(err)
	}
	if d1.Version == "" || d1.Version != d2.Version {
		t.Fatalf("versions of the same data differ or are empty: %q, %q", d1.Version, d2.Version)
	}
	if e := mustEmbedded(t); e.Version != d1.Version {
		t.Errorf("Embedded version %q, Load of the same files %q", e.Version, d1.Version)
	}
	b := slices.Clone(m["sources.json"].Data)
	i := strings.Index(string(b), "Matrix")
	b[i] = 'm' // one byte of one title
	m["sources.json"] = &fstest.MapFile{Data: b}
	d3, err := Load(m)
	if err != nil {
		t.Fatal(err)
	}
	if d3.Version == d1.Version {
		t.Errorf("version %q unchanged after a one-byte change", d3.Version)
	}
}

// TestFilesAreCanonical checks that every data file is in the form Format gives, so that
// diffs stay small and generated and hand-edited files look alike. Run with -update to
// rewrite the files in that form.
func TestFilesAreCanonical(t *testing.T) {
	d := mustEmbedded(t)
	for name, recs := range d.records() {
		want, err := Format(recs.Interface())
		if err != nil {
			t.Fatal(err)
		}
		got, err := fs.ReadFile(embedded, "data/"+name)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) == string(want) {
			continue
		}
		if *update {
			if err := os.WriteFile(filepath.Join("data", name), want, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("rewrote data/%s", name)
			continue
		}
		t.Errorf("data/%s is not in canonical form; run go test ./dataset -run TestFilesAreCanonical -update", name)
	}
}
