package neo4j

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph"
)

// TestKeysetMirrorsCompare checks, without a server, that the range bound and tie rule of
// keyset select exactly the items Cursor.Compare puts after a cursor, for every branch kind
// and for cursors of any shape (including one taken from a list sorted by another field).
func TestKeysetMirrorsCompare(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	strs := []string{"", "a", "ab", "b", "é", "émile", "z", "\uff01", "😀"}
	nums := []int{math.MinInt32, -1, 0, 1, 2, 2021}
	keys := []string{"a", "b", "k", "z", "é"}
	for _, br := range []branch{{"s", false, true}, {"s", true, true}, {"n", false, false}, {"n", true, false}} {
		dir := wsisgraph.Asc
		if br.desc {
			dir = wsisgraph.Desc
		}
		for range 3000 {
			item := wsisgraph.Cursor{Key: keys[rng.IntN(len(keys))]}
			if br.text {
				item.Str = strs[rng.IntN(len(strs))]
			} else {
				item.Num = nums[rng.IntN(len(nums))]
			}
			after := wsisgraph.Cursor{Str: strs[rng.IntN(len(strs))], Num: nums[rng.IntN(len(nums))]}
			if rng.IntN(4) > 0 {
				after.Key = keys[rng.IntN(len(keys))]
			}
			if rng.IntN(2) == 0 { // mostly cursors of the same sort
				if br.text {
					after.Num = 0
				} else {
					after.Str = ""
				}
			}
			want := after.Key == "" || item.Compare(after, dir) > 0
			if got := selects(br, item, after); got != want {
				t.Fatalf("branch %+v item %+v after %+v: keyset selects %v, Compare says %v", br, item, after, got, want)
			}
		}
	}
}

// selects evaluates the statement's keyset condition in Go, comparing text in hex form as the
// server does.
func selects(br branch, item, after wsisgraph.Cursor) bool {
	from, tie := keyset(br, after)
	var c int
	if br.text {
		c = strings.Compare(hexKey(item.Str), from.(string))
	} else {
		c = cmpInt64(int64(item.Num), from.(int64))
	}
	if br.desc {
		c = -c
	}
	if c < 0 {
		return false
	}
	return c > 0 || tie == "all" || (tie == "key" && hexKey(item.Key) > hexKey(after.Key))
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
