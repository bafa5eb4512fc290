package wsisgraph_test

import (
	"testing"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

// BenchmarkVocabularyProjectFilter checks a project filter of four values against the
// shipped dataset's vocabulary, the work done before every project list is read.
func BenchmarkVocabularyProjectFilter(b *testing.B) {
	d, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	v := d.Vocabulary()
	f := wsisgraph.ProjectFilter{ActionLine: "c7 e-health", Goal: 3, Country: "kz", Year: 2019}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.ProjectFilter(f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVocabularyUnknownValue is the error path: an unknown action line, with the
// closest codes named.
func BenchmarkVocabularyUnknownValue(b *testing.B) {
	d, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	v := d.Vocabulary()
	f := wsisgraph.ProjectFilter{ActionLine: "C12"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.ProjectFilter(f); err == nil {
			b.Fatal("no error")
		}
	}
}

// TestMatchLang checks that a `lang` argument is read as Accept-Language reads a tag.
func TestMatchLang(t *testing.T) {
	for _, tc := range []struct {
		tag  string
		want wsisgraph.Lang
		ok   bool
	}{
		{"zh-CN", wsisgraph.LangChinese, true},
		{"zh-Hans-CN", wsisgraph.LangChinese, true},
		{"zh-hans", wsisgraph.LangChinese, true},
		{"fr-CH", wsisgraph.LangFrench, true},
		{"EN-gb", wsisgraph.LangEnglish, true},
		{"ar-EG", wsisgraph.LangArabic, true},
		{"es-419", wsisgraph.LangSpanish, true},
		{"ru", wsisgraph.LangRussian, true},
		{"de-CH", "", false},
		{"xx", "", false},
		{"", "", false},
		{"fr_FR!", "", false},
	} {
		got, ok := wsisgraph.MatchLang(tc.tag)
		if got != tc.want || ok != tc.ok {
			t.Errorf("MatchLang(%q) = %q, %v; want %q, %v", tc.tag, got, ok, tc.want, tc.ok)
		}
	}
}

// TestCodeKeys checks the comparison forms codes are read in.
func TestCodeKeys(t *testing.T) {
	for _, s := range []string{"C7.e-environment", "C7 e-environment", "c7.E-Environment", "C7 E-ENVIRONMENT", "c7eenvironment"} {
		if got := wsisgraph.ActionLineKey(s); got != "c7eenvironment" {
			t.Errorf("ActionLineKey(%q) = %q", s, got)
		}
	}
	for _, s := range []string{"9.c", "9.C", " Target 9.c ", "9 .c", "9-c"} {
		if got := wsisgraph.CodeKey(s); got != "9.c" {
			t.Errorf("CodeKey(%q) = %q", s, got)
		}
	}
}
