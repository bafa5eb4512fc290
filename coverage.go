package wsisgraph

import (
	"maps"
	"slices"
)

// Coverage says how much of the public record the graph holds: per contest year, the prizes
// awarded (as the organisers state them, PrizeAward) against the prizes in the graph; the
// projects held; the indicator framework revision the indicators follow. It is computed from
// the records by ComputeCoverage, never stated by hand.
type Coverage struct {
	PrizeYears []*PrizeYearCoverage `json:"prizeYears"` // every contest year from the first to the last known, ascending
	Projects   ProjectCoverage      `json:"projects"`
	Indicators IndicatorCoverage    `json:"indicators"`
}

// PrizeYearCoverage compares one contest year's awarded prizes with the graph's.
type PrizeYearCoverage struct {
	Year             int      `json:"year"`
	WinnersAwarded   *int     `json:"winnersAwarded"`   // nil when no source states it
	WinnersInGraph   int      `json:"winnersInGraph"`   // prizes of kind WINNER of the year
	ChampionsAwarded *int     `json:"championsAwarded"` // nil when no source states it
	ChampionsInGraph int      `json:"championsInGraph"` // prizes of kind CHAMPION of the year
	SourceKeys       []string `json:"sources"`          // the sources of the awarded counts
	Note             string   `json:"note,omitempty"`
}

// WinnersComplete reports whether the graph holds as many winners as were awarded; false
// when the awarded count is unknown.
func (c *PrizeYearCoverage) WinnersComplete() bool {
	return c.WinnersAwarded != nil && c.WinnersInGraph >= *c.WinnersAwarded
}

// ChampionsComplete reports whether the graph holds as many champions as were awarded; false
// when the awarded count is unknown.
func (c *PrizeYearCoverage) ChampionsComplete() bool {
	return c.ChampionsAwarded != nil && c.ChampionsInGraph >= *c.ChampionsAwarded
}

// Complete reports whether the year's winners and champions are all in the graph.
func (c *PrizeYearCoverage) Complete() bool { return c.WinnersComplete() && c.ChampionsComplete() }

// ProjectCoverage counts the projects the graph holds. The shipped dataset holds the projects
// public sources name (prize entries), not the WSIS Stocktaking database, which a partner
// loads with `import -data`.
type ProjectCoverage struct {
	InGraph   int `json:"inGraph"`   // every project
	WithPrize int `json:"withPrize"` // projects some prize of the graph is awarded to
	Partner   int `json:"partner"`   // projects added from partner files (source PartnerSource)
}

// IndicatorCoverage names the indicator framework revision the indicators follow.
type IndicatorCoverage struct {
	InGraph   int    `json:"inGraph"`   // indicators (a repeated indicator counts once)
	Codes     int    `json:"codes"`     // indicator codes, repeated ones counted under each code
	SourceKey string `json:"framework"` // the source every indicator cites first; empty when none
}

// ComputeCoverage derives the coverage of a graph from its records. partnerSource is the
// source key partner projects cite (their count is ProjectCoverage.Partner). A year has a row
// when it has an award count or a prize; rows run without gaps from the first such year to
// the last.
func ComputeCoverage(awards []*PrizeAward, prizes []*Prize, projects []*Project, indicators []*Indicator, partnerSource string) *Coverage {
	byYear := map[int]*PrizeYearCoverage{}
	row := func(y int) *PrizeYearCoverage {
		if byYear[y] == nil {
			byYear[y] = &PrizeYearCoverage{Year: y, SourceKeys: []string{}}
		}
		return byYear[y]
	}
	for _, a := range awards {
		r := row(a.Year)
		r.WinnersAwarded, r.ChampionsAwarded = a.Winners, a.Champions
		r.SourceKeys = append(r.SourceKeys, a.SourceKeys...)
		r.Note = a.Note
	}
	awarded := map[string]bool{}
	for _, p := range prizes {
		r := row(p.Year)
		switch p.Kind {
		case PrizeWinner:
			r.WinnersInGraph++
		case PrizeChampion:
			r.ChampionsInGraph++
		}
		if p.ProjectKey != "" {
			awarded[p.ProjectKey] = true
		}
	}
	c := &Coverage{PrizeYears: []*PrizeYearCoverage{}}
	if len(byYear) > 0 {
		years := slices.Sorted(maps.Keys(byYear))
		for y := years[0]; y <= years[len(years)-1]; y++ {
			c.PrizeYears = append(c.PrizeYears, row(y))
		}
	}
	c.Projects.InGraph = len(projects)
	for _, p := range projects {
		if awarded[p.Key] {
			c.Projects.WithPrize++
		}
		if slices.Contains(p.SourceKeys, partnerSource) {
			c.Projects.Partner++
		}
	}
	c.Indicators.InGraph = len(indicators)
	for _, in := range indicators {
		c.Indicators.Codes += 1 + len(in.OtherCodes)
		if len(in.SourceKeys) > 0 && c.Indicators.SourceKey == "" {
			c.Indicators.SourceKey = in.SourceKeys[0]
		}
	}
	return c
}
