package searchdoc

import (
	"html"
	"strings"
	"unicode/utf8"

	"github.com/wsisgraph/wsisgraph"
)

// SnippetLen is the longest snippet, in characters, ellipses excluded.
const SnippetLen = 160

// contextBefore is how many characters of text a snippet keeps before its first match.
const contextBefore = 40

// titleLen is the longest title a snippet adds after a match in another text.
const titleLen = 80

// Snippet returns the fragment shown for a hit whose texts are fields, for a search of words
// in lang ("" for every language). It picks, among FieldsFor(lang), the text where the most
// words match (the first in Fields order on a tie; the first non-empty text when none
// matches), cuts it to at most SnippetLen characters around its first match (at word
// boundaries, marking a cut with "…"), HTML-escapes it and wraps every match of a word in
// <mark>…</mark>. A match is an occurrence of all the word's tokens at consecutive positions.
// When the picked text is not a title (a code, an acronym, a place), the entity's first
// title in FieldsFor(lang) follows it after " · ", cut to titleLen characters.
func Snippet(fields map[string]string, lang wsisgraph.Lang, words []Word) string {
	var (
		best            []span
		bestText, title string
		bestCount       = -1
		bestIsTitle     bool
		titleSpans      []span
	)
	for _, f := range FieldsFor(lang) {
		text := fields[f.Name]
		if text == "" || f.Stem {
			continue
		}
		spans, count := matches(text, words, sameFor(f))
		isTitle := f.Name == FieldTitle || strings.HasPrefix(f.Name, FieldTitleIn+"_")
		if isTitle && title == "" {
			title, titleSpans = text, spans
		}
		if count > bestCount {
			best, bestText, bestCount, bestIsTitle = spans, text, count, isTitle
		}
	}
	if bestText == "" {
		return ""
	}
	out := render(bestText, best, SnippetLen)
	if !bestIsTitle && title != "" {
		out += " · " + render(title, titleSpans, titleLen)
	}
	return out
}

// span is a byte range of a text.
type span struct{ start, end int }

// exact tells whether two terms are the same word.
func exact(a, b string) bool { return a == b }

// sameFor returns how the terms of field f's text compare with a word's: by their stems in
// f's language when f has a stem field (so that the snippet marks "Clinics" for "clinic"),
// else exactly.
func sameFor(f Field) func(a, b string) bool {
	for _, s := range Fields {
		if s.Stem && s.Of == f.Name {
			return func(a, b string) bool { return a == b || stemTerm(f.Lang, a) == stemTerm(f.Lang, b) }
		}
	}
	return exact
}

// matches returns the merged, ordered ranges where words occur in text, terms compared with
// same, and how many distinct words occur.
func matches(text string, words []Word, same func(a, b string) bool) ([]span, int) {
	toks := Analyze(text)
	byPos := make(map[int]int, len(toks)) // position → index in toks
	for i, t := range toks {
		byPos[t.Position] = i
	}
	var spans []span
	count := 0
	for _, w := range words {
		found := false
		for i, t := range toks {
			if !same(t.Term, w.Tokens[0].Term) {
				continue
			}
			last, ok := i, true
			for _, wt := range w.Tokens[1:] {
				j, present := byPos[t.Position+wt.Position-w.Tokens[0].Position]
				if !present || !same(toks[j].Term, wt.Term) {
					ok = false
					break
				}
				last = j
			}
			if ok {
				found = true
				spans = append(spans, span{t.Start, toks[last].End})
			}
		}
		if found {
			count++
		}
	}
	return merge(spans), count
}

// merge sorts spans and joins overlapping ones.
func merge(spans []span) []span {
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].start < spans[j-1].start; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	var out []span
	for _, s := range spans {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// render cuts text to a window of at most limit characters around the first span and marks
// the spans inside it.
func render(text string, spans []span, limit int) string {
	from, to := 0, len(text)
	if utf8.RuneCountInString(text) > limit {
		anchor := 0
		if len(spans) > 0 {
			anchor = spans[0].start
		}
		from = wordStart(text, backRunes(text, anchor, min(contextBefore, limit/4)))
		to = forwardRunes(text, from, limit)
		if to < len(text) {
			to = wordEnd(text, to)
		}
		if to <= anchor { // the window must reach past the first match's start
			to = forwardRunes(text, anchor, limit)
		}
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	at := from
	for _, s := range spans {
		if s.end <= from || s.start >= to {
			continue
		}
		st, en := max(s.start, from), min(s.end, to)
		b.WriteString(html.EscapeString(text[at:st]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[st:en]))
		b.WriteString("</mark>")
		at = en
	}
	b.WriteString(html.EscapeString(text[at:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// backRunes returns the offset n characters before offset i (at least 0).
func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

// forwardRunes returns the offset n characters after offset i (at most len(s)).
func forwardRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// wordStart moves a cut at offset i forward to the start of the next word when i falls
// inside a word or on white space (it stays at 0).
func wordStart(s string, i int) int {
	if i == 0 {
		return 0
	}
	for _, t := range Analyze(s) {
		if t.Start >= i {
			return t.Start
		}
		if t.End > i { // inside t: start after it
			continue
		}
	}
	return i
}

// wordEnd moves a cut at offset i back to the end of the last word that ends at or before i;
// it stays at i when no word does.
func wordEnd(s string, i int) int {
	end := -1
	for _, t := range Analyze(s) {
		if t.End <= i {
			end = t.End
		}
	}
	if end <= 0 {
		return i
	}
	return end
}
