package wsisgraph

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// SortKey folds s for case- and accent-insensitive sorting and matching: accents are removed,
// letters lower-cased, runs of space collapsed. Every backend sorts text by SortKey and matches
// text filters by strings.Contains(SortKey(field), SortKey(filter)), so that they agree exactly.
func SortKey(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	return strings.Join(strings.Fields(strings.ToLower(folded)), " ")
}
