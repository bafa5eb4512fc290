// Package searchdoc defines what search finds, the same way for every backend: the texts
// (fields) of each searchable entity, their weights, how a text is analysed, and the
// snippet shown for a hit. The memory store indexes Docs with bleve and the Neo4j store
// writes them as node properties under a full-text index; both then build snippets here.
package searchdoc

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

// Field is one searchable text of an entity.
type Field struct {
	Name  string         // identifier-safe: letters, digits and '_'
	Lang  wsisgraph.Lang // the language of a multilingual title; "" for a text in one language
	Boost float64        // weight of a match in this field
	// Stem marks the stem field of field Of (see stem.go): the stems of Of's text, searched
	// with the stems of the words, never shown in a snippet.
	Stem bool
	Of   string
}

// stemSuffix ends the name of a stem field: "title_fr_stem".
const stemSuffix = "_stem"

// Field names of the texts in one language (the original, usually English).
const (
	FieldCode  = "code"  // codes: "C7.e-health", "9.c", indicator codes, "SDG 9", a prize's year
	FieldTitle = "title" // title or name
	FieldShort = "short" // short title, acronym, prize category
	FieldPlace = "place" // country name, city
	FieldText  = "text"  // description, a prize's organisation
)

// Multilingual field names: goal, target and indicator titles, one field per language.
const (
	FieldTitleIn = "title" // + "_" + LangSuffix(lang)
	FieldShortIn = "short" // + "_" + LangSuffix(lang)
)

// LangSuffix returns the identifier form of a language tag: "zh-Hans" → "zh_Hans".
func LangSuffix(l wsisgraph.Lang) string { return strings.ReplaceAll(string(l), "-", "_") }

// Fields lists every field, in the order a snippet prefers them: titles first (the original,
// then each language with English first), then short titles, codes, places and other text;
// then the stem fields (see stem.go), which no snippet shows.
var Fields = func() []Field {
	langs := []wsisgraph.Lang{wsisgraph.LangEnglish}
	for _, l := range wsisgraph.Langs {
		if l != wsisgraph.LangEnglish {
			langs = append(langs, l)
		}
	}
	out := []Field{{Name: FieldTitle, Boost: 2}}
	for _, l := range langs {
		out = append(out, Field{Name: FieldTitleIn + "_" + LangSuffix(l), Lang: l, Boost: 2})
	}
	out = append(out, Field{Name: FieldShort, Boost: 2})
	for _, l := range langs {
		out = append(out, Field{Name: FieldShortIn + "_" + LangSuffix(l), Lang: l, Boost: 2})
	}
	out = append(out, Field{Name: FieldCode, Boost: 3}, Field{Name: FieldPlace, Boost: 1}, Field{Name: FieldText, Boost: 1})
	// The stem fields, after every text field, of the titles, short titles and texts in a
	// language that has a stemmer; a match there weighs half a match of the word as typed.
	for _, f := range slices.Clone(out) {
		if f.Name == FieldCode || f.Name == FieldPlace || stemmers[stemLang(f.Lang)] == nil {
			continue
		}
		out = append(out, Field{Name: f.Name + stemSuffix, Lang: f.Lang, Boost: f.Boost / 2, Stem: true, Of: f.Name})
	}
	return out
}()

// FieldsFor returns the fields a search in lang looks at, in Fields order: every field when
// lang is "", else the one-language fields and lang's multilingual ones.
func FieldsFor(lang wsisgraph.Lang) []Field {
	if lang == "" {
		return Fields
	}
	var out []Field
	for _, f := range Fields {
		if f.Lang == "" || f.Lang == lang {
			out = append(out, f)
		}
	}
	return out
}

// Doc is the searchable form of one entity.
type Doc struct {
	Type   wsisgraph.SearchType
	Node   wsisgraph.Node
	Fields map[string]string // field name → text; empty texts are absent
}

// ID returns the hit identity of the doc's entity (wsisgraph.SearchID).
func (d *Doc) ID() string { return wsisgraph.SearchID(d.Type, d.Node.NodeKey()) }

// set stores text in NFC form, so that a letter written with a combining accent folds like
// its precomposed form, with Arabic normalised (NormalizeArabic).
func (d *Doc) set(field, text string) {
	if text = strings.TrimSpace(NormalizeArabic(norm.NFC.String(text))); text != "" {
		d.Fields[field] = text
	}
}

func (d *Doc) setText(field string, t wsisgraph.Text) {
	for _, l := range wsisgraph.Langs {
		d.set(field+"_"+LangSuffix(l), t[l])
	}
}

// Build returns the docs of every searchable entity of d, by type in wsisgraph.SearchTypes
// order, then in d's order. The texts of each type:
//   - action line: code, title, short title, description;
//   - goal: "SDG <n>" as code, title and short title in every language;
//   - target: code, title in every language;
//   - indicator: its codes, title in every language;
//   - organisation: name, acronym, country name;
//   - project: title, description, country name;
//   - prize: contest year as code, the project's title, the category's title, the
//     organisation's name, country name;
//   - event: title, description, city and country name.
//
// Each text of a field with a stem field also gives that field its stems (Stems).
func Build(d *dataset.Dataset) []Doc {
	out := build(d)
	for i := range out {
		for _, f := range Fields {
			if text := out[i].Fields[f.Of]; f.Stem && text != "" {
				if stems := Stems(f.Lang, text); stems != "" {
					out[i].Fields[f.Name] = stems
				}
			}
		}
	}
	return out
}

func build(d *dataset.Dataset) []Doc {
	countries := map[string]string{}
	for _, c := range d.Countries {
		countries[c.Code] = c.Name[wsisgraph.LangEnglish]
	}
	projects := map[string]*wsisgraph.Project{}
	for _, p := range d.Projects {
		projects[p.Key] = p
	}
	orgs := map[string]*wsisgraph.Organization{}
	for _, o := range d.Organizations {
		orgs[o.Key] = o
	}
	categories := map[int]*wsisgraph.PrizeCategory{}
	for _, c := range d.PrizeCategories {
		categories[c.Number] = c
	}
	var out []Doc
	add := func(t wsisgraph.SearchType, n wsisgraph.Node) *Doc {
		out = append(out, Doc{Type: t, Node: n, Fields: map[string]string{}})
		return &out[len(out)-1]
	}
	for _, a := range d.ActionLines {
		doc := add(wsisgraph.SearchActionLine, a)
		doc.set(FieldCode, a.Code)
		doc.set(FieldTitle, a.Title)
		doc.set(FieldShort, a.ShortTitle)
		doc.set(FieldText, a.Description)
	}
	for _, g := range d.Goals {
		doc := add(wsisgraph.SearchGoal, g)
		doc.set(FieldCode, "SDG "+strconv.Itoa(g.Number))
		doc.setText(FieldTitleIn, g.Title)
		doc.setText(FieldShortIn, g.ShortTitle)
	}
	for _, t := range d.Targets {
		doc := add(wsisgraph.SearchTarget, t)
		doc.set(FieldCode, t.Code)
		doc.setText(FieldTitleIn, t.Title)
	}
	for _, in := range d.Indicators {
		doc := add(wsisgraph.SearchIndicator, in)
		doc.set(FieldCode, strings.Join(append([]string{in.Code}, in.OtherCodes...), " "))
		doc.setText(FieldTitleIn, in.Title)
	}
	for _, o := range d.Organizations {
		doc := add(wsisgraph.SearchOrganization, o)
		doc.set(FieldTitle, o.Name)
		doc.set(FieldShort, o.Acronym)
		doc.set(FieldPlace, countries[o.Country])
	}
	for _, p := range d.Projects {
		doc := add(wsisgraph.SearchProject, p)
		doc.set(FieldTitle, p.Title)
		doc.set(FieldText, p.Description)
		doc.set(FieldPlace, countries[p.Country])
	}
	for _, z := range d.Prizes {
		doc := add(wsisgraph.SearchPrize, z)
		doc.set(FieldCode, strconv.Itoa(z.Year))
		if p := projects[z.ProjectKey]; p != nil {
			doc.set(FieldTitle, p.Title)
		}
		if c := categories[z.CategoryNumber]; c != nil {
			doc.set(FieldShort, c.Title)
		}
		var names []string
		for _, k := range z.OrganizationKeys {
			if o := orgs[k]; o != nil {
				names = append(names, o.Name)
			}
		}
		doc.set(FieldText, strings.Join(names, "; "))
		doc.set(FieldPlace, countries[z.Country])
	}
	for _, e := range d.Events {
		doc := add(wsisgraph.SearchEvent, e)
		doc.set(FieldTitle, e.Title)
		doc.set(FieldText, e.Description)
		place := e.City
		if c := countries[e.Country]; c != "" {
			if place != "" {
				place += ", "
			}
			place += c
		}
		doc.set(FieldPlace, place)
	}
	return out
}
