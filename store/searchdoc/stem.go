package searchdoc

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"

	"github.com/wsisgraph/wsisgraph"
)

// Stemming: a word matches the texts that hold another form of it ("coasts" finds "coast",
// "côtières" finds "côtiers") through stem fields. The stem field of a text holds the stems
// of its tokens (Analyze, then the language's stemmer), joined by spaces; a search word's
// phrase there is the stems of its own tokens. Both backends index the stem fields like any
// other field and build the stem phrases here, so that they agree on the hits; the snippet
// is never taken from a stem field.
//
// The stemmers are bleve's: Snowball for English, French, Spanish and Russian, the light
// stemmer for Arabic. Chinese has none (its words are single characters). A text in one
// language (names, descriptions) is stemmed as English.

// stemmers holds the stemmer of each language that has one.
var stemmers = map[wsisgraph.Lang]analysis.TokenFilter{
	wsisgraph.LangEnglish: en.NewEnglishStemmerFilter(),
	wsisgraph.LangFrench:  fr.NewFrenchStemmerFilter(),
	wsisgraph.LangSpanish: es.NewSpanishStemmerFilter(),
	wsisgraph.LangRussian: ru.NewRussianStemmerFilter(),
	wsisgraph.LangArabic:  ar.NewArabicStemmerFilter(),
}

// stemLang is the language a field's text is stemmed in: its own, English for a text in one
// language.
func stemLang(l wsisgraph.Lang) wsisgraph.Lang {
	if l == "" {
		return wsisgraph.LangEnglish
	}
	return l
}

// Stems returns the stems of text's tokens in lang, joined by spaces; "" when lang has no
// stemmer or text no token. Each token is stemmed as Analyze gives it, lower-cased and
// folded, so that case and accents matter no more to stems than to words ("EMILE", "Émile"
// and "emile" stem alike).
func Stems(lang wsisgraph.Lang, text string) string {
	if stemmers[stemLang(lang)] == nil {
		return ""
	}
	var out []string
	for _, t := range Analyze(text) {
		out = append(out, stemTerm(lang, t.Term))
	}
	return strings.Join(out, " ")
}

// stemTerm returns the stem of an analysed term in lang, the term itself when lang has no
// stemmer. French words lose a final "s", then a final "e", before the Snowball stemmer,
// which, once accents are folded, would otherwise tell feminine from masculine forms apart
// ("cotieres" and "cotiers" both give "coti").
func stemTerm(lang wsisgraph.Lang, term string) string {
	lang = stemLang(lang)
	st := stemmers[lang]
	if st == nil {
		return term
	}
	if lang == wsisgraph.LangFrench {
		for _, suffix := range []string{"s", "e"} {
			if len(term) > 4 {
				term = strings.TrimSuffix(term, suffix)
			}
		}
	}
	return string(st.Filter(analysis.TokenStream{&analysis.Token{Term: []byte(term)}})[0].Term)
}

// Phrase returns what word w is looked for as in field f: the word as typed, or in a stem
// field its stems ("" when it has none there).
func Phrase(w Word, f Field) string {
	if !f.Stem {
		return w.Text
	}
	return Stems(f.Lang, w.Text)
}
