package wsisgraph

import "testing"

func TestParseRegion(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"002", "002", true},
		{"2", "002", true},
		{"19", "019", true},
		{" 142 ", "142", true},
		{"014", "014", true}, // an intermediate region
		{"999", "", false},
		{"Africa", "", false},
		{"", "", false},
		{"0002", "", false},
	} {
		got, err := ParseRegion(tc.in)
		if tc.ok != (err == nil) || got != tc.want {
			t.Errorf("ParseRegion(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("ParseRegion(%q): code %s, want EINVALID", tc.in, ErrorCode(err))
		}
	}
}

func TestRegionsHierarchy(t *testing.T) {
	levels := map[RegionLevel]RegionLevel{LevelSubRegion: LevelRegion, LevelIntermediateRegion: LevelSubRegion}
	counts := map[RegionLevel]int{}
	for _, r := range Regions() {
		counts[r.Level]++
		if RegionByCode(r.Code) != r {
			t.Errorf("RegionByCode(%q) is not the region listed", r.Code)
		}
		if r.Level == LevelRegion {
			if r.Parent != "" {
				t.Errorf("region %s has a parent %q", r.Code, r.Parent)
			}
			continue
		}
		if p := RegionByCode(r.Parent); p == nil || p.Level != levels[r.Level] {
			t.Errorf("%s %s: parent %q is not a %s", r.Level, r.Code, r.Parent, levels[r.Level])
		}
	}
	if counts[LevelRegion] != 5 {
		t.Errorf("%d regions, want the 5 of M49 (Africa, Americas, Asia, Europe, Oceania)", counts[LevelRegion])
	}
}

func TestCountryPlace(t *testing.T) {
	c := &Country{Code: "KE", Region: "002", SubRegion: "202", IntermediateRegion: "014", Groups: []CountryGroup{GroupLDC}}
	for code, want := range map[string]bool{"002": true, "202": true, "014": true, "142": false, "": false} {
		if got := c.InRegion(code); got != want {
			t.Errorf("InRegion(%q) = %v, want %v", code, got, want)
		}
	}
	if !c.InGroup(GroupLDC) || c.InGroup(GroupSIDS) {
		t.Errorf("InGroup: LDC %v, SIDS %v", c.InGroup(GroupLDC), c.InGroup(GroupSIDS))
	}
	if rs := c.RegionCodes(); len(rs) != 3 || rs[0] != "002" {
		t.Errorf("RegionCodes = %v, want the region first", rs)
	}
	if rs := (&Country{Code: "AQ"}).RegionCodes(); len(rs) != 0 {
		t.Errorf("RegionCodes of a country without region = %v", rs)
	}
	if err := validatePlace("", ""); err != nil {
		t.Errorf("empty filters: %v", err)
	}
	for _, tc := range []struct {
		region string
		group  CountryGroup
	}{{"2", ""}, {"999", ""}, {"", "ldc"}, {"", "G77"}} {
		if err := validatePlace(tc.region, tc.group); ErrorCode(err) != EINVALID {
			t.Errorf("validatePlace(%q, %q) = %v, want EINVALID", tc.region, tc.group, err)
		}
	}
}

func TestTranslatedTitles(t *testing.T) {
	line := &ActionLine{Code: "C3", Title: "Access to information and knowledge",
		Translations: []Translation{{Lang: LangFrench, Title: "L’accès à l’information et au savoir", SourceKey: "poa-fr"}}}
	if got, tr := line.TitleIn(LangFrench); got != "L’accès à l’information et au savoir" || tr == nil || tr.SourceKey != "poa-fr" {
		t.Errorf("TitleIn(fr) = %q, %v", got, tr)
	}
	if got, tr := line.TitleIn(LangArabic); got != line.Title || tr != nil {
		t.Errorf("TitleIn(ar) = %q, %v; want the English title", got, tr)
	}
	cat := &PrizeCategory{Number: 3, Title: "C3. Access to information and knowledge", ActionLineCode: "C3"}
	if got, tr := cat.TitleIn(line, LangFrench); got != "C3. L’accès à l’information et au savoir" || tr == nil {
		t.Errorf("category TitleIn(fr) = %q, %v", got, tr)
	}
	sub := &ActionLine{Code: "C7.e-health", Title: "E-health", Translations: []Translation{{Lang: LangFrench, Title: "Cybersanté", SourceKey: "x"}}}
	subCat := &PrizeCategory{Number: 10, Title: "C7. ICT applications: E-health", ActionLineCode: "C7.e-health"}
	if got, tr := subCat.TitleIn(sub, LangFrench); got != subCat.Title || tr != nil {
		t.Errorf("sub-line category TitleIn(fr) = %q, %v; want its English title: its wording is not the line's", got, tr)
	}
	if got, _ := cat.TitleIn(nil, LangFrench); got != cat.Title {
		t.Errorf("TitleIn without its line = %q", got)
	}
}
