package resolvers

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/wsisgraph/wsisgraph"
)

// GlobalID returns the opaque global id of n: base64url("Type:key").
func GlobalID(n wsisgraph.Node) string {
	return base64.RawURLEncoding.EncodeToString([]byte(n.NodeType() + ":" + n.NodeKey()))
}

// nodeTypes holds the types a global id may name: the names of wsisgraph.Kinds.
var nodeTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range wsisgraph.Kinds {
		m[k.Name] = true
	}
	return m
}()

// ParseGlobalID splits a global id into its type and key. A malformed id, or one naming an
// unknown type, is an EINVALID error.
func ParseGlobalID(id string) (typ, key string, err error) {
	b, decErr := base64.RawURLEncoding.DecodeString(strings.TrimRight(id, "="))
	if decErr == nil {
		typ, key, _ = strings.Cut(string(b), ":")
	}
	if decErr != nil || !nodeTypes[typ] || key == "" {
		return "", "", wsisgraph.Errorf(wsisgraph.EINVALID, "malformed id %q: use an id returned by an `id` field", truncate(id, 64))
	}
	return typ, key, nil
}

// cursorForm is a cursor's encoded content: the list's order, its filter's digest and the
// keyset position.
type cursorForm struct {
	Order  string `json:"o"`
	Filter string `json:"f"`
	Str    string `json:"s,omitempty"`
	Num    int    `json:"n,omitempty"`
	Key    string `json:"k"`
}

// listKey identifies the list a cursor is valid in: its order (sort field and direction,
// such as "TITLE ASC") and a digest of its filter, the parent's scope included.
type listKey struct {
	order  string
	filter string
}

// keyOf returns the listKey of a normalized list query (its page is ignored).
func keyOf[Q listQuery[Q]](q Q) listKey {
	b, _ := json.Marshal(q.WithPage(wsisgraph.PageArgs{}))
	h := sha256.Sum256(b)
	return listKey{order: q.Order(), filter: hex.EncodeToString(h[:6])}
}

// encodeCursor returns the opaque form of c for the list l.
func encodeCursor(l listKey, c wsisgraph.Cursor) string {
	b, _ := json.Marshal(cursorForm{Order: l.order, Filter: l.filter, Str: c.Str, Num: c.Num, Key: c.Key})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses an opaque cursor for the list l. A nil after is the start. A malformed
// cursor, or one taken from a list in another order or under another filter, is an EINVALID
// error.
func decodeCursor(l listKey, after *string) (wsisgraph.Cursor, error) {
	if after == nil || *after == "" {
		return wsisgraph.Cursor{}, nil
	}
	var f cursorForm
	b, err := base64.RawURLEncoding.DecodeString(*after)
	if err == nil {
		err = json.Unmarshal(b, &f)
	}
	if err != nil || f.Key == "" {
		return wsisgraph.Cursor{}, wsisgraph.Errorf(wsisgraph.EINVALID, "malformed cursor %q: pass a cursor from pageInfo.endCursor or edges.cursor", truncate(*after, 64))
	}
	if f.Order != l.order {
		return wsisgraph.Cursor{}, wsisgraph.Errorf(wsisgraph.EINVALID, "cursor was taken from a list sorted by %s, not %s: start again without `after`", f.Order, l.order)
	}
	if f.Filter != l.filter {
		return wsisgraph.Cursor{}, wsisgraph.Errorf(wsisgraph.EINVALID, "cursor was taken from a list with another filter (or another parent): keep the filter it was taken under, or start again without `after`")
	}
	return wsisgraph.Cursor{Str: f.Str, Num: f.Num, Key: f.Key}, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
