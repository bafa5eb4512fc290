package resolvers

import (
	"encoding/base64"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/wsisgraph/wsisgraph"
)

// FuzzGlobalID checks that any string either parses into a known type and a non-empty key
// that encode back to an equivalent id, or is an EINVALID error with a bounded message.
// Seeds: testdata/fuzz/FuzzGlobalID and the f.Add calls; `go test ./resolvers -fuzz
// FuzzGlobalID -fuzztime 60s` explores further.
func FuzzGlobalID(f *testing.F) {
	for _, s := range []string{"R29hbDo5", "QWN0aW9uTGluZTpDMg", "VGFyZ2V0OjkuYw==", "%%%", "", "VW5rbm93bjox", "R29hbDo", base64.RawURLEncoding.EncodeToString([]byte("Goal:"))} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		typ, key, err := ParseGlobalID(id)
		if err != nil {
			var e *wsisgraph.Error
			if !errors.As(err, &e) || e.Code != wsisgraph.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			if utf8.RuneCountInString(e.Message) > 400 { // 64 bytes of the id, escaped, and the text
				t.Fatalf("message of %d runes echoes the input: %q", utf8.RuneCountInString(e.Message), e.Message)
			}
			return
		}
		if !nodeTypes[typ] || key == "" {
			t.Fatalf("parsed %q into type %q key %q", id, typ, key)
		}
		again := base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + key))
		if t2, k2, err := ParseGlobalID(again); err != nil || t2 != typ || k2 != key {
			t.Fatalf("re-encoded %q parses into %q %q %v", again, t2, k2, err)
		}
	})
}

// FuzzCursor checks that any `after` either decodes into a position that encodes and decodes
// back to itself, or is an EINVALID error with a bounded message. Seeds:
// testdata/fuzz/FuzzCursor and the f.Add calls.
func FuzzCursor(f *testing.F) {
	order := listKey{order: "TITLE ASC", filter: "0123456789ab"}
	for _, s := range []string{
		encodeCursor(order, wsisgraph.Cursor{Str: "a", Key: "a"}),
		encodeCursor(order, wsisgraph.Cursor{Num: 2015, Key: "p-1"}),
		encodeCursor(listKey{order: "YEAR DESC", filter: "0123456789ab"}, wsisgraph.Cursor{Num: 1, Key: "k"}),
		encodeCursor(listKey{order: "TITLE ASC", filter: "ba9876543210"}, wsisgraph.Cursor{Num: 1, Key: "k"}),
		"not-a-cursor", "", "eyJvIjoiVElUTEUgQVNDIiwiayI6IiJ9", "e30",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, after string) {
		c, err := decodeCursor(order, &after)
		if err != nil {
			var e *wsisgraph.Error
			if !errors.As(err, &e) || e.Code != wsisgraph.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			if utf8.RuneCountInString(e.Message) > 400 {
				t.Fatalf("message of %d runes echoes the input", utf8.RuneCountInString(e.Message))
			}
			return
		}
		if after == "" {
			return // the start of the list, which no cursor encodes
		}
		if c.Key == "" {
			t.Fatalf("%q decoded into a position without a key", after)
		}
		enc := encodeCursor(order, c)
		c2, err := decodeCursor(order, &enc)
		if err != nil || c2 != c {
			t.Fatalf("round trip of %+v: %+v %v", c, c2, err)
		}
	})
}
