package wsisgraph

import "strings"

// RegionLevel tells which tier of the UN M49 hierarchy a region is.
type RegionLevel string

// The region levels, widest first.
const (
	LevelRegion             RegionLevel = "REGION"              // Africa, Americas, Asia, Europe, Oceania
	LevelSubRegion          RegionLevel = "SUB_REGION"          // such as Sub-Saharan Africa
	LevelIntermediateRegion RegionLevel = "INTERMEDIATE_REGION" // such as Eastern Africa
)

// Region is a geographic region of the UN M49 standard (Standard country or area codes for
// statistical use), with its names in the six UN languages as the UN Statistics Division
// publishes them.
type Region struct {
	Code   string      // three digits: "002"
	Level  RegionLevel // the tier
	Parent string      // the code of the region it is part of; empty for a region
	Name   Text
}

// Regions returns every M49 region the countries are placed in: regions, then sub-regions,
// then intermediate regions, each tier by code. The caller must not modify them.
func Regions() []*Region { return m49Regions }

var regionByCode = func() map[string]*Region {
	m := map[string]*Region{}
	for _, r := range m49Regions {
		m[r.Code] = r
	}
	return m
}()

// RegionByCode returns the region with code (three digits), or nil.
func RegionByCode(code string) *Region { return regionByCode[code] }

// ParseRegion returns the M49 code of the region code names: three digits, or fewer that
// leading zeros complete ("2" and "002" give "002"). It returns an EINVALID error naming the
// region codes allowed for anything else.
func ParseRegion(code string) (string, error) {
	c := strings.TrimSpace(code)
	if c != "" && len(c) < 3 && strings.Trim(c, "0123456789") == "" {
		c = strings.Repeat("0", 3-len(c)) + c
	}
	if regionByCode[c] != nil {
		return c, nil
	}
	var allowed []string
	for _, r := range m49Regions {
		allowed = append(allowed, r.Code+" "+r.Name[LangEnglish])
	}
	return "", Errorf(EINVALID, "unknown region %q: allowed are the UN M49 codes %s", code, strings.Join(allowed, ", "))
}

// ParseCountryGroup returns the group named s (LDC, LLDC or SIDS, any case), or an EINVALID
// error naming the groups allowed.
func ParseCountryGroup(s string) (CountryGroup, error) {
	g := CountryGroup(strings.ToUpper(strings.TrimSpace(s)))
	if g.Valid() {
		return g, nil
	}
	return "", Errorf(EINVALID, "unknown country group %q: allowed are LDC, LLDC, SIDS", s)
}

// validatePlace reports an EINVALID error for a region that is not a code of Regions (as
// given: filters take the three digits) or a group that is not one of CountryGroups; empty
// values do not filter and are valid.
func validatePlace(region string, group CountryGroup) error {
	if region != "" && regionByCode[region] == nil {
		if _, err := ParseRegion(region); err != nil {
			return err
		}
		return Errorf(EINVALID, "region %q: give the M49 code with its three digits", region)
	}
	if group != "" && !group.Valid() {
		return Errorf(EINVALID, "unknown country group %q: allowed are LDC, LLDC, SIDS", group)
	}
	return nil
}
