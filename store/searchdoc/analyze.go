package searchdoc

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/segment"
	"golang.org/x/text/unicode/norm"
)

// Token is one analysed word of a text.
type Token struct {
	Term     string // lower-cased and ASCII-folded
	Start    int    // byte offset of the word in the text
	End      int    // byte offset just past the word
	Position int    // 1-based position among the text's words, stop words included
}

// stopWords is the stop list of Lucene's English and standard-folding analyzers (Neo4j's
// `standard-folding`): the same words are dropped on both backends.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true,
	"but": true, "by": true, "for": true, "if": true, "in": true, "into": true, "is": true,
	"it": true, "no": true, "not": true, "of": true, "on": true, "or": true, "such": true,
	"that": true, "the": true, "their": true, "then": true, "there": true, "these": true,
	"they": true, "this": true, "to": true, "was": true, "will": true, "with": true,
}

var folder = asciifolding.New()

// Analyze splits text into tokens the way both backends index it, mirroring Lucene's
// standard-folding analyzer: Unicode (UAX #29) word segmentation, each ideograph a word of
// its own; lower case; ASCII folding ("É" → "e", "ß" → "ss", full-width "Ａ" → "a"); stop
// words dropped, their positions kept. Offsets refer to text as given.
func Analyze(text string) []Token {
	var out []Token
	seg := segment.NewWordSegmenterDirect([]byte(text))
	start, pos := 0, 0
	for seg.Segment() {
		b := seg.Bytes()
		end := start + len(b)
		if seg.Type() != segment.None {
			pos++
			term := fold(b)
			if term != "" && !stopWords[term] {
				out = append(out, Token{Term: term, Start: start, End: end, Position: pos})
			}
		}
		start = end
	}
	return out
}

// fold lower-cases and ASCII-folds one word.
func fold(word []byte) string {
	return string(bytes.Map(unicode.ToLower, folder.Filter(bytes.Clone(word))))
}

// Word is one white-space separated word of a search text, analysed.
type Word struct {
	Text   string  // the word as typed
	Tokens []Token // its tokens, Position 1-based within the word
}

// Words splits a search text, in NFC form with Arabic normalised (NormalizeArabic), at white
// space and analyses each word. Words without tokens (punctuation, stop words) are left out,
// and so are repeats of an earlier word's tokens.
func Words(text string) []Word {
	var out []Word
	seen := map[string]bool{}
	for _, w := range strings.Fields(NormalizeArabic(norm.NFC.String(text))) {
		toks := Analyze(w)
		if len(toks) == 0 {
			continue
		}
		k := phraseKey(toks)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, Word{Text: w, Tokens: toks})
	}
	return out
}

// phraseKey identifies a token sequence with its relative positions.
func phraseKey(toks []Token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.Term)
		b.WriteByte(byte('0' + (t.Position-toks[0].Position)%10))
		b.WriteByte(0)
	}
	return b.String()
}
