package searchdoc

import "strings"

// NormalizeArabic folds the forms an Arabic word is written in to one, as Lucene's
// ArabicNormalizer does: tatweel (ـ) and the short-vowel marks (harakat, tanween, sukun,
// shadda, superscript alef) are removed; alef with madda or hamza (آ أ إ ٱ) becomes bare
// alef (ا), alef maksura (ى) becomes yeh (ي) and teh marbuta (ة) heh (ه). Other text is
// returned as it is. Both the indexed texts and the search words go through it, so that
// "القدرة" finds "القـدرة" and "قُدرة" finds "قدرة" on every backend.
func NormalizeArabic(s string) string {
	if !strings.ContainsFunc(s, isArabic) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == 'ـ', r >= 0x064B && r <= 0x065F, r == 0x0670:
			continue
		case r == 'آ', r == 'أ', r == 'إ', r == 'ٱ':
			r = 'ا'
		case r == 'ى':
			r = 'ي'
		case r == 'ة':
			r = 'ه'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isArabic(r rune) bool { return r >= 0x0600 && r <= 0x06FF }
