package resolvers

import (
	"context"
	"strings"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/loaders"
)

// vocabulary returns the request's vocabulary: every filter value is checked with it before
// any list is read, and every code a root field takes is read through it.
func vocabulary(ctx context.Context) (*wsisgraph.Vocabulary, error) {
	return loaders.For(ctx).Vocabulary(ctx)
}

// linkageKey reads a linkage id the way people write its parts ("c2>9.C" → "C2>9.c"); ok is
// false when a part names nothing.
func linkageKey(v *wsisgraph.Vocabulary, key string) (string, bool) {
	line, end, found := strings.Cut(key, ">")
	if !found {
		return "", false
	}
	code, ok := v.ActionLine(line)
	if !ok {
		return "", false
	}
	end = strings.TrimSpace(end)
	if t, ok := v.Target(end); ok {
		return code + ">" + t, true
	}
	if g := strings.TrimPrefix(strings.ToLower(end), "sdg"); g != "" {
		return code + ">" + strings.TrimSpace(g), true
	}
	return "", false
}
