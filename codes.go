package wsisgraph

import (
	"strconv"
	"strings"
)

// CompareCodes compares two dotted codes ("1.2", "1.10", "1.a", "13.3.1") segment by segment:
// numeric segments by value and before lettered ones, lettered segments as text, and a code
// before its own extensions. It returns -1, 0 or +1.
func CompareCodes(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, xerr := strconv.Atoi(as[i])
		y, yerr := strconv.Atoi(bs[i])
		switch {
		case xerr == nil && yerr == nil:
			if x != y {
				if x < y {
					return -1
				}
				return 1
			}
		case xerr == nil:
			return -1
		case yerr == nil:
			return 1
		default:
			if c := strings.Compare(as[i], bs[i]); c != 0 {
				return c
			}
		}
	}
	switch {
	case len(as) < len(bs):
		return -1
	case len(as) > len(bs):
		return 1
	}
	return strings.Compare(a, b)
}

// CodeFor returns the code the indicator is listed under for a target: the one of Code and
// OtherCodes that starts with target + "." ("13.3.1" for 4.7.1 under 13.3), else Code.
// IndicatorsByTarget orders a target's indicators by CompareCodes of these codes.
func (i *Indicator) CodeFor(target string) string {
	prefix := target + "."
	if strings.HasPrefix(i.Code, prefix) {
		return i.Code
	}
	for _, c := range i.OtherCodes {
		if strings.HasPrefix(c, prefix) {
			return c
		}
	}
	return i.Code
}
