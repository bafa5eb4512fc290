// Command gencountries writes countries.json and the UN M49 region table (m49_regions.go in
// the root package) from two maintained sources:
//
//   - country names in ar, es, fr, ru and zh-Hans: the territory names of Unicode CLDR, as
//     published in the npm package cldr-localenames-full (main/LANG/territories.json; CLDR's
//     "zh" is Simplified Chinese). English names stay the ISO 3166-1 short names already in
//     countries.json.
//
//   - regions, sub-regions, intermediate regions and the LDC, LLDC and SIDS flags: the UN
//     Statistics Division's M49 overview table in its six languages, as carried by the
//     datasets/country-codes repository (tmp/UNSD-{ar,cn,en,es,fr,ru}.csv).
//
//     go run ./dataset/internal/gencountries -cldr node_modules/cldr-localenames-full/main \
//     -m49 country-codes/tmp -out dataset/data -regions m49_regions.go
//
// A territory CLDR does not name in a language keeps the English name there (the API falls
// back to English anyway). Taiwan's row in the repository's copy was added by its
// maintainers, not by UNSD: it gets no M49 data. The output is deterministic.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

// The source keys each country cites (see sources.json).
const (
	sourceISO  = "iso-3166-1"
	sourceCLDR = "unicode-cldr-48"
	sourceM49  = "unsd-m49"
)

// notUNSD lists the rows of the repository's copy that UNSD does not publish.
var notUNSD = map[string]bool{"TW": true}

// cldrLang is the CLDR locale of each language of the API.
var cldrLang = map[wsisgraph.Lang]string{
	wsisgraph.LangArabic: "ar", wsisgraph.LangSpanish: "es", wsisgraph.LangFrench: "fr",
	wsisgraph.LangRussian: "ru", wsisgraph.LangChinese: "zh",
}

// m49File is the suffix of the M49 table of each language.
var m49File = map[wsisgraph.Lang]string{
	wsisgraph.LangArabic: "ar", wsisgraph.LangEnglish: "en", wsisgraph.LangSpanish: "es",
	wsisgraph.LangFrench: "fr", wsisgraph.LangRussian: "ru", wsisgraph.LangChinese: "cn",
}

func main() {
	cldr := flag.String("cldr", "node_modules/cldr-localenames-full/main", "CLDR main directory (LANG/territories.json)")
	m49 := flag.String("m49", "tmp", "directory of UNSD-{ar,cn,en,es,fr,ru}.csv")
	out := flag.String("out", "dataset/data", "directory of countries.json (read for codes and English names, then rewritten)")
	regions := flag.String("regions", "m49_regions.go", "Go file to write the region table to")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gencountries: ")
	if err := run(*cldr, *m49, *out, *regions); err != nil {
		log.Fatal(err)
	}
}

func run(cldrDir, m49Dir, out, regionsFile string) error {
	countries, err := readCountries(filepath.Join(out, "countries.json"))
	if err != nil {
		return err
	}
	names := map[wsisgraph.Lang]map[string]string{}
	for lang, loc := range cldrLang {
		if names[lang], err = readCLDR(cldrDir, loc); err != nil {
			return err
		}
	}
	rows := map[wsisgraph.Lang]map[string]map[string]string{}
	for lang, suffix := range m49File {
		if rows[lang], err = readM49(filepath.Join(m49Dir, "UNSD-"+suffix+".csv")); err != nil {
			return err
		}
	}
	regions := map[string]*wsisgraph.Region{}
	addRegion := func(code string, level wsisgraph.RegionLevel, parent string, col string, row map[wsisgraph.Lang]map[string]string) error {
		if code == "" {
			return nil
		}
		r := regions[code]
		if r == nil {
			r = &wsisgraph.Region{Code: code, Level: level, Parent: parent, Name: wsisgraph.Text{}}
			regions[code] = r
		}
		if r.Level != level || r.Parent != parent {
			return fmt.Errorf("region %s: placed at two levels or under two parents", code)
		}
		for lang, rw := range row {
			n := rw[col]
			if n == "" {
				return fmt.Errorf("region %s: no %s name in %s", code, col, lang)
			}
			if old := r.Name[lang]; old != "" && old != n {
				return fmt.Errorf("region %s: two %s names %q and %q", code, lang, old, n)
			}
			r.Name[lang] = n
		}
		return nil
	}
	for _, c := range countries {
		for lang, loc := range names {
			if n := names[lang][c.Code]; n != "" {
				c.Name[lang] = n
			} else {
				log.Printf("%s: CLDR %s has no name, English kept", c.Code, loc)
			}
		}
		c.Sources = []string{sourceISO, sourceCLDR}
		row := map[wsisgraph.Lang]map[string]string{}
		for lang := range rows {
			r := rows[lang][c.Code]
			if r == nil {
				return fmt.Errorf("%s: not in the M49 table of %s", c.Code, lang)
			}
			row[lang] = r
		}
		if notUNSD[c.Code] {
			continue
		}
		en := row[wsisgraph.LangEnglish]
		c.Region, c.SubRegion, c.IntermediateRegion = en["Region Code"], en["Sub-region Code"], en["Intermediate Region Code"]
		if err := addRegion(c.Region, wsisgraph.LevelRegion, "", "Region Name", row); err != nil {
			return err
		}
		if err := addRegion(c.SubRegion, wsisgraph.LevelSubRegion, c.Region, "Sub-region Name", row); err != nil {
			return err
		}
		if err := addRegion(c.IntermediateRegion, wsisgraph.LevelIntermediateRegion, c.SubRegion, "Intermediate Region Name", row); err != nil {
			return err
		}
		for g, col := range map[wsisgraph.CountryGroup]string{
			wsisgraph.GroupLDC: "Least Developed Countries (LDC)", wsisgraph.GroupLLDC: "Land Locked Developing Countries (LLDC)",
			wsisgraph.GroupSIDS: "Small Island Developing States (SIDS)",
		} {
			for lang, r := range row {
				if r[col] != en[col] {
					return fmt.Errorf("%s: %s differs between the English and %s tables", c.Code, g, lang)
				}
			}
			switch en[col] {
			case "x":
				c.Groups = append(c.Groups, g)
			case "":
			default:
				return fmt.Errorf("%s: %s column holds %q", c.Code, g, en[col])
			}
		}
		slices.SortFunc(c.Groups, func(a, b wsisgraph.CountryGroup) int {
			return slices.Index(wsisgraph.CountryGroups, a) - slices.Index(wsisgraph.CountryGroups, b)
		})
		if c.Region != "" {
			c.Sources = append(c.Sources, sourceM49)
		}
	}
	b, err := dataset.Format(countries)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "countries.json"), b, 0o644); err != nil {
		return err
	}
	src, err := regionTable(regions)
	if err != nil {
		return err
	}
	if err := os.WriteFile(regionsFile, src, 0o644); err != nil {
		return err
	}
	log.Printf("wrote %d countries to %s and %d regions to %s", len(countries), out, len(regions), regionsFile)
	return nil
}

// readCountries reads countries.json, whose names may be English strings or Texts.
func readCountries(name string) ([]*wsisgraph.Country, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var raw []struct {
		Code string          `json:"code"`
		Name json.RawMessage `json:"name"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []*wsisgraph.Country
	for _, r := range raw {
		c := &wsisgraph.Country{Code: r.Code, Name: wsisgraph.Text{}}
		var en string
		if err := json.Unmarshal(r.Name, &en); err != nil {
			var t wsisgraph.Text
			if err := json.Unmarshal(r.Name, &t); err != nil {
				return nil, fmt.Errorf("%s: %s: name: %w", name, r.Code, err)
			}
			en = t[wsisgraph.LangEnglish]
		}
		if en == "" {
			return nil, fmt.Errorf("%s: %s: no English name", name, r.Code)
		}
		c.Name[wsisgraph.LangEnglish] = en
		out = append(out, c)
	}
	return out, nil
}

// readCLDR reads a locale's territory names by ISO code (the plain names, not the -alt- ones).
func readCLDR(dir, loc string) (map[string]string, error) {
	name := filepath.Join(dir, loc, "territories.json")
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var f struct {
		Main map[string]struct {
			LocaleDisplayNames struct {
				Territories map[string]string `json:"territories"`
			} `json:"localeDisplayNames"`
		} `json:"main"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m := f.Main[loc].LocaleDisplayNames.Territories
	if len(m) == 0 {
		return nil, fmt.Errorf("%s: no territories for %s", name, loc)
	}
	return m, nil
}

// readM49 reads an M49 table: ISO alpha-2 code → column → value.
func readM49(name string) (map[string]map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	head := recs[0]
	head[0] = strings.TrimPrefix(head[0], "\ufeff")
	out := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range head {
			row[h] = strings.TrimSpace(rec[i])
		}
		code := row["ISO-alpha2 Code"]
		if code == "" {
			continue
		}
		out[code] = row
	}
	return out, nil
}

// regionTable renders the region table: regions, sub-regions, intermediate regions, each by code.
func regionTable(regions map[string]*wsisgraph.Region) ([]byte, error) {
	var list []*wsisgraph.Region
	for _, r := range regions {
		list = append(list, r)
	}
	levels := []wsisgraph.RegionLevel{wsisgraph.LevelRegion, wsisgraph.LevelSubRegion, wsisgraph.LevelIntermediateRegion}
	slices.SortFunc(list, func(a, b *wsisgraph.Region) int {
		if d := slices.Index(levels, a.Level) - slices.Index(levels, b.Level); d != 0 {
			return d
		}
		return strings.Compare(a.Code, b.Code)
	})
	constName := map[wsisgraph.RegionLevel]string{
		wsisgraph.LevelRegion: "LevelRegion", wsisgraph.LevelSubRegion: "LevelSubRegion",
		wsisgraph.LevelIntermediateRegion: "LevelIntermediateRegion",
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by dataset/internal/gencountries from the UN Statistics Division's M49 table; DO NOT EDIT.\n\npackage wsisgraph\n\n")
	b.WriteString("// m49Regions are the UN M49 regions the countries are placed in, with their names in the\n// six UN languages (see Regions).\nvar m49Regions = []*Region{\n")
	for _, r := range list {
		fmt.Fprintf(&b, "\t{Code: %q, Level: %s, Parent: %q, Name: Text{", r.Code, constName[r.Level], r.Parent)
		for _, lang := range wsisgraph.Langs {
			fmt.Fprintf(&b, "Lang%s: %q, ", langConst(lang), r.Name[lang])
		}
		b.WriteString("}},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

func langConst(l wsisgraph.Lang) string {
	return map[wsisgraph.Lang]string{
		wsisgraph.LangArabic: "Arabic", wsisgraph.LangEnglish: "English", wsisgraph.LangSpanish: "Spanish",
		wsisgraph.LangFrench: "French", wsisgraph.LangRussian: "Russian", wsisgraph.LangChinese: "Chinese",
	}[l]
}
