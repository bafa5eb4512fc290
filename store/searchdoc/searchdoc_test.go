package searchdoc

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wsisgraph/wsisgraph"
)

func terms(toks []Token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = fmt.Sprintf("%s@%d", t.Term, t.Position)
	}
	return strings.Join(parts, " ")
}

func TestAnalyze(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ICT applications: E-health", "ict@1 applications@2 e@3 health@4"},
		{"Côte d’Ivoire", "cote@1 d'ivoire@2"},
		{"The role of ICT", "role@2 ict@4"},
		{"state-of-the-art", "state@1 art@4"},
		{"到2030年,消除", "到@1 2030@2 年@3 消@4 除@5"},
		{"ＡＢＣ Straße", "abc@1 strasse@2"},
		{"Ökosystem ŁÓDŹ æther", "okosystem@1 lodz@2 aether@3"},
		{"9.c 1.25 www.itu.int", "9@1 c@2 1.25@3 www.itu.int@4"},
		{"C7.e-health", "c7@1 e@2 health@3"},
		{"Республика Казахстан", "республика@1 казахстан@2"},
		{`"(cyber)" AND *: ~`, "cyber@1"},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			toks := Analyze(tc.in)
			if got := terms(toks); got != tc.want {
				t.Errorf("Analyze(%q) = %q, want %q", tc.in, got, tc.want)
			}
			for _, tok := range toks {
				if w := Analyze(tc.in[tok.Start:tok.End]); len(w) != 1 || w[0].Term != tok.Term {
					t.Errorf("offsets [%d:%d] of %q hold %q, not the word", tok.Start, tok.End, tok.Term, tc.in[tok.Start:tok.End])
				}
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string // the words kept, as typed
	}{
		{"e-health  Kazakhstan", []string{"e-health", "Kazakhstan"}},
		{"the of AND", nil},
		{`" * ( ) :`, nil},
		{"Health HEALTH health", []string{"Health"}},
		{"santé sante", []string{"santé"}},
		{"e\u0301mile émile", []string{"émile"}},
		{"state-of-the-art state art", []string{"state-of-the-art", "state", "art"}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			ws := Words(tc.in)
			var got []string
			for _, w := range ws {
				got = append(got, w.Text)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSnippet(t *testing.T) {
	long := "Begin. " + strings.Repeat("filler words here ", 20) + "the broadband target <b>& more</b> " + strings.Repeat("tail text ", 20)
	tests := []struct {
		name   string
		fields map[string]string
		lang   wsisgraph.Lang
		text   string
		want   string
	}{
		{"marks every occurrence, case and accents folded",
			map[string]string{"title_fr": "Santé et SANTE publique"}, "", "sante",
			"<mark>Santé</mark> et <mark>SANTE</mark> publique"},
		{"a hyphenated word is marked whole",
			map[string]string{"title": "ICT applications: E-health"}, "", "e-health",
			"ICT applications: <mark>E-health</mark>"},
		{"a phrase across a stop word",
			map[string]string{"title": "state of the art and the state"}, "", "state-of-the-art",
			"<mark>state of the art</mark> and the state"},
		{"escapes HTML",
			map[string]string{"title": `A <b>"bold"</b> & broadband plan`}, "", "broadband",
			"A &lt;b&gt;&#34;bold&#34;&lt;/b&gt; &amp; <mark>broadband</mark> plan"},
		{"the text with most words wins, the title after it",
			map[string]string{"title": "Digital schools", "text": "Digital schools for rural areas"}, "", "rural digital",
			"<mark>Digital</mark> schools for <mark>rural</mark> areas · <mark>Digital</mark> schools"},
		{"a tie goes to the title",
			map[string]string{"title": "Open data", "text": "Open data portal"}, "", "data",
			"Open <mark>data</mark>"},
		{"a code match shows the title after it",
			map[string]string{"code": "9.c", "title_en": "Significantly increase access to ICT"}, "", "9.c",
			"<mark>9.c</mark> · Significantly increase access to ICT"},
		{"lang restricts the texts",
			map[string]string{"title_en": "Good health", "title_fr": "Bonne santé"}, wsisgraph.LangFrench, "health",
			"Bonne santé"},
		{"ideographs",
			map[string]string{"title_zh_Hans": "确保健康的生活方式"}, "", "健康",
			"确保<mark>健康</mark>的生活方式"},
		{"nothing matches: the first text",
			map[string]string{"short": "Short", "text": "Longer text"}, "", "zzz",
			"Short"},
		{"no text", map[string]string{}, "", "x", ""},
		{"cut around the first match",
			map[string]string{"text": long}, "", "broadband",
			"…filler words here filler words here the <mark>broadband</mark> target &lt;b&gt;&amp; more&lt;/b&gt; " + strings.TrimSpace(strings.Repeat("tail text ", 9)) + "…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Snippet(tc.fields, tc.lang, Words(tc.text))
			if got != tc.want {
				t.Errorf("Snippet = %q\n          want %q", got, tc.want)
			}
			plain := strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(got)
			if n := utf8.RuneCountInString(plain); n > SnippetLen+len(" · ")+titleLen+20 {
				t.Errorf("snippet of %d characters", n)
			}
		})
	}
}

func TestFieldsFor(t *testing.T) {
	for _, l := range append([]wsisgraph.Lang{""}, wsisgraph.Langs...) {
		fs := FieldsFor(l)
		for _, f := range fs {
			if l != "" && f.Lang != "" && f.Lang != l {
				t.Errorf("FieldsFor(%q) holds %s of %s", l, f.Name, f.Lang)
			}
			for _, r := range f.Name {
				if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
					t.Errorf("field name %q is not an identifier", f.Name)
				}
			}
		}
		// Five texts in one language, a title and a short title in l, and the stem fields of
		// the titles, short titles and texts (l's own only when l has a stemmer).
		want := 5 + 2 + 3 + 2
		if l == wsisgraph.LangChinese {
			want = 5 + 2 + 3
		}
		if l != "" && len(fs) != want {
			t.Errorf("FieldsFor(%q) has %d fields, want %d", l, len(fs), want)
		}
	}
	if len(Fields) > 1024/wsisgraph.MaxSearchWords {
		t.Errorf("%d fields × %d words exceed Lucene's 1024 clauses", len(Fields), wsisgraph.MaxSearchWords)
	}
}

// TestStems checks that the forms of a word stem alike, whatever their case and accents.
func TestStems(t *testing.T) {
	for _, tc := range []struct {
		lang  wsisgraph.Lang
		forms []string
	}{
		{wsisgraph.LangFrench, []string{"côtiers", "côtières", "COTIERES", "côtier"}},
		{wsisgraph.LangEnglish, []string{"clinic", "Clinics"}},
		{wsisgraph.LangEnglish, []string{"EMILE", "Émile", "emile"}},
		{wsisgraph.LangSpanish, []string{"medida", "medidas"}},
		{wsisgraph.LangRussian, []string{"климат", "климата"}},
		{wsisgraph.LangArabic, []string{"المناخ", "مناخ"}},
	} {
		want := Stems(tc.lang, tc.forms[0])
		for _, f := range tc.forms[1:] {
			if got := Stems(tc.lang, f); got != want || got == "" {
				t.Errorf("Stems(%s, %q) = %q, Stems(%q) = %q", tc.lang, f, got, tc.forms[0], want)
			}
		}
	}
	if got := Stems(wsisgraph.LangChinese, "气候"); got != "" {
		t.Errorf("Chinese has no stemmer, got %q", got)
	}
}
