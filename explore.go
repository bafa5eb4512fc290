package wsisgraph

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// This file holds the types of the exploration features every Store backend shares: ranked
// search, the WSIS–SDG matrix as a grid with counts, and facet counts of project lists.

// SearchType is a kind of entity a search returns.
type SearchType string

// The search types: the entity types (see Kinds).
const (
	SearchActionLine   = SearchType(EntityActionLine)
	SearchGoal         = SearchType(EntityGoal)
	SearchTarget       = SearchType(EntityTarget)
	SearchIndicator    = SearchType(EntityIndicator)
	SearchOrganization = SearchType(EntityOrganization)
	SearchProject      = SearchType(EntityProject)
	SearchPrize        = SearchType(EntityPrize)
	SearchEvent        = SearchType(EntityEvent)
)

// SearchTypes lists every search type in the order of Kinds.
var SearchTypes = kindTypes[SearchType]()

// Valid reports whether t is one of SearchTypes.
func (t SearchType) Valid() bool {
	for _, v := range SearchTypes {
		if t == v {
			return true
		}
	}
	return false
}

// Bounds of a search.
const (
	MaxSearchTextLen = 200  // characters (runes) of SearchQuery.Text
	MaxSearchWords   = 32   // white-space separated words of SearchQuery.Text
	MaxSearchHits    = 1000 // hits reachable by paging: the best MaxSearchHits in search order
)

// SearchQuery asks for a page of search hits.
type SearchQuery struct {
	Text      string
	Types     []SearchType // only hits of these types; empty: every type
	Lang      Lang         // match multilingual titles in this language only; "": in every language
	Any       bool         // a hit matches any word of the text; false: every word
	First     int          // page size, 1…MaxPageSize; 0 (with Last 0) is DefaultPageSize
	After     SearchCursor // zero for the first page
	Last      int          // with First 0: page backwards, the last Last hits before Before (as PageArgs)
	Before    SearchCursor // zero: to the end of the reachable hits
	WithTotal bool         // compute SearchPage.Total
	// SkipSnippets leaves every SearchHit.Snippet empty, for a caller that shows none: the
	// store then neither reads the matched texts nor marks them.
	SkipSnippets bool
}

// SearchCursor is the position of a hit in a search's order: score descending, then ID
// ascending (byte order).
type SearchCursor struct {
	Score float64
	ID    string // SearchHit.ID of the hit; "" is the start of the list
}

// After reports whether a hit at position c comes strictly after position o.
func (c SearchCursor) After(o SearchCursor) bool {
	if o.ID == "" {
		return true
	}
	return c.Score < o.Score || (c.Score == o.Score && c.ID > o.ID)
}

// Before reports whether a hit at position c comes strictly before position o; every hit
// comes before the zero position (the end).
func (c SearchCursor) Before(o SearchCursor) bool {
	if o.ID == "" {
		return true
	}
	return c.Score > o.Score || (c.Score == o.Score && c.ID < o.ID)
}

// SearchHit is one entity found by a search.
type SearchHit struct {
	Type  SearchType
	Node  Node    // the entity: *ActionLine, *Goal, *Target, *Indicator, *Organization, *Project, *Prize or *Event
	Score float64 // the engine's relevance score, > 0; comparable within one search only
	// Snippet is a fragment of the entity's best-matching text, HTML-escaped, with every
	// occurrence of a searched word wrapped in <mark>…</mark>.
	Snippet string
}

// SearchID returns the identity of an entity in search order: type, ":", key ("GOAL:9").
func SearchID(t SearchType, key string) string { return string(t) + ":" + key }

// ID returns SearchID(h.Type, h.Node.NodeKey()).
func (h *SearchHit) ID() string { return SearchID(h.Type, h.Node.NodeKey()) }

// Cursor returns the position of h.
func (h *SearchHit) Cursor() SearchCursor { return SearchCursor{Score: h.Score, ID: h.ID()} }

// SearchPage is one page of hits in search order.
type SearchPage struct {
	Hits    []SearchHit // never nil
	HasNext bool        // paging forwards: more reachable hits of the window follow the last one
	HasPrev bool        // paging backwards (Last): more hits of the window precede the first one
	Total   int         // reachable hits (at most MaxSearchHits); -1 unless WithTotal
}

// Normalize returns q with First DefaultPageSize when First and Last are zero and Types
// without repeats.
func (q SearchQuery) Normalize() SearchQuery {
	if q.First == 0 && q.Last == 0 {
		q.First = DefaultPageSize
	}
	if len(q.Types) > 0 {
		var ts []SearchType
		for _, t := range q.Types {
			if !containsType(ts, t) {
				ts = append(ts, t)
			}
		}
		q.Types = ts
	}
	return q
}

func containsType(ts []SearchType, t SearchType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// Validate reports an EINVALID error when q, once normalized, has a text that is blank,
// longer than MaxSearchTextLen characters or of more than MaxSearchWords words, an unknown
// type or language, or page sizes PageArgs.Validate refuses.
func (q SearchQuery) Validate() error {
	q = q.Normalize()
	if strings.TrimSpace(q.Text) == "" {
		return Errorf(EINVALID, "search text is empty: give 1 to %d characters", MaxSearchTextLen)
	}
	if n := utf8.RuneCountInString(q.Text); n > MaxSearchTextLen {
		return Errorf(EINVALID, "search text has %d characters: at most %d are allowed", n, MaxSearchTextLen)
	}
	if n := len(strings.Fields(q.Text)); n > MaxSearchWords {
		return Errorf(EINVALID, "search text has %d words: at most %d are allowed", n, MaxSearchWords)
	}
	for _, t := range q.Types {
		if !t.Valid() {
			return Errorf(EINVALID, "unknown search type %q: allowed are ACTION_LINE, GOAL, TARGET, INDICATOR, ORGANIZATION, PROJECT, PRIZE, EVENT", t)
		}
	}
	if q.Lang != "" && !containsLang(q.Lang) {
		return Errorf(EINVALID, "unknown language %q: allowed are ar, en, es, fr, ru, zh-Hans", q.Lang)
	}
	return PageArgs{First: q.First, Last: q.Last}.Validate()
}

func containsLang(l Lang) bool {
	for _, x := range Langs {
		if x == l {
			return true
		}
	}
	return false
}

// MatrixQuery narrows the project and prize counts of the matrix; zero fields do not filter.
// The linkages of the matrix are never filtered.
type MatrixQuery struct {
	Year            int             // projects of this year; prizes of this contest year
	Country         string          // projects of this country; prizes whose entry is of this country
	StakeholderType StakeholderType // projects (awarded projects, for prizes) run by an organisation of this type
	Region          string          // projects, and prizes whose entry is, of a country in this UN M49 region
	Group           CountryGroup    // projects, and prizes whose entry is, of a country in this group
}

// Validate reports an EINVALID error for an unknown stakeholder type, region or group.
func (q MatrixQuery) Validate() error {
	if err := validateStakeholderType(q.StakeholderType); err != nil {
		return err
	}
	return validatePlace(q.Region, q.Group)
}

// Matrix is the WSIS–SDG Matrix as a grid: one row per action line in official order, one
// column per goal by number.
//
// Cell (A, G) holds A's own linkages to G or its targets (ordered as LinkagesByActionLine),
// and counts:
//   - ProjectCount: projects matching ProjectFilter{ActionLine: A, Goal: G} and the query,
//     so a main line's cells count its sub-lines' projects too;
//   - PrizeCount: prizes matching PrizeFilter{ActionLine: A, Year, Country} whose awarded
//     project serves a target of G (and, with a stakeholder type, is run by an organisation of
//     that type).
//
// Totals count distinct items: a row's over its cells, a column's over its cells, the
// grand total over every cell.
type Matrix struct {
	Rows    []MatrixRow
	Columns []MatrixColumn
	Totals  MatrixTotals
}

// MatrixRow is an action line's row; Cells[j] is the cell of Columns[j]'s goal.
type MatrixRow struct {
	ActionLine *ActionLine
	Cells      []MatrixCell
	Totals     MatrixTotals
}

// MatrixColumn is a goal's column.
type MatrixColumn struct {
	Goal   *Goal
	Totals MatrixTotals
}

// MatrixCell is one action line × goal cell.
type MatrixCell struct {
	Linkages     []*Linkage
	GoalLevel    bool // one of Linkages is goal-level
	TargetCount  int  // distinct targets of Linkages
	ProjectCount int
	PrizeCount   int
}

// MatrixTotals counts distinct linkages, linked targets, projects and prizes of a set of cells.
type MatrixTotals struct {
	LinkageCount int
	TargetCount  int
	ProjectCount int
	PrizeCount   int
}

// ProjectFacet names a facet of a project list.
type ProjectFacet string

// The project facets. A facet value's count is the number of projects of the list that have
// the value, which, when the list's filter leaves that field unset, is the total the list
// would have with the value added to its filter. Projects with no country or no year have no
// value there; a project counts once under every stakeholder type of its organisations,
// every action line it serves and their parents, and every goal of its targets.
const (
	FacetCountry         ProjectFacet = "COUNTRY"          // value: the ISO code
	FacetYear            ProjectFacet = "YEAR"             // value: the year in decimal
	FacetStakeholderType ProjectFacet = "STAKEHOLDER_TYPE" // value: the StakeholderType
	FacetActionLine      ProjectFacet = "ACTION_LINE"      // value: the action line's code
	FacetGoal            ProjectFacet = "GOAL"             // value: the goal's number in decimal
	FacetRegion          ProjectFacet = "REGION"           // value: the M49 code of the country's region (the widest tier)
)

// FacetCount is one value of a facet and how many projects of the list have it.
type FacetCount struct {
	Facet ProjectFacet
	Value string
	Count int // > 0
}

// ProjectFacets counts a whole filtered project list by facet. Each slice is ordered by Count
// descending, then Value ascending (byte order), and holds only values with a count.
type ProjectFacets struct {
	ByCountry         []FacetCount
	ByYear            []FacetCount
	ByStakeholderType []FacetCount
	ByActionLine      []FacetCount
	ByGoal            []FacetCount
	ByRegion          []FacetCount // projects with no country, or whose country has no region, are not counted
	// Unstated lists, for each facet in the order above, the projects of the list with no
	// value for it (no country, no year, no organisation, no action line, no stated target):
	// counted under none of its values, unknown rather than zero.
	Unstated []Unstated
}

// ProjectFacetOrder lists the project facets in the order of ProjectFacets' fields.
var ProjectFacetOrder = []ProjectFacet{FacetCountry, FacetYear, FacetStakeholderType, FacetActionLine, FacetGoal}

// SortFacetCounts orders counts as ProjectFacets documents.
func SortFacetCounts(counts []FacetCount) {
	slices.SortFunc(counts, func(a, b FacetCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
}

// MatrixItem is a project or prize to place in the matrix: it belongs in every cell whose
// action line is in Lines and whose goal is in Goals.
type MatrixItem struct {
	Lines []string // the action lines an ActionLine filter matches it by (lines and their parents)
	Goals []int    // the goals of the project's targets
}

// MatrixCellKey names a cell of the matrix.
type MatrixCellKey struct {
	Line string
	Goal int
}

// MatrixCounts counts the items of the matrix (projects, or prizes) that meet the grid: per
// cell, per row and per column, each item once in each, and over the grid. An item meets the
// grid when one of its lines is a row and one of its goals a column; it is then in every cell
// of those rows and columns.
type MatrixCounts struct {
	Cells   map[MatrixCellKey]int
	Rows    map[string]int // by action-line code
	Columns map[int]int    // by goal number
	Total   int
}

// CountMatrixItems counts items on the grid of lines and goals.
func CountMatrixItems(items []MatrixItem, lines []*ActionLine, goals []*Goal) MatrixCounts {
	row := make(map[string]bool, len(lines))
	for _, al := range lines {
		row[al.Code] = true
	}
	col := make(map[int]bool, len(goals))
	for _, g := range goals {
		col[g.Number] = true
	}
	c := MatrixCounts{Cells: map[MatrixCellKey]int{}, Rows: map[string]int{}, Columns: map[int]int{}}
	var ls []string
	var gs []int
	for _, it := range items {
		ls, gs = ls[:0], gs[:0]
		for _, l := range it.Lines {
			if row[l] && !slices.Contains(ls, l) {
				ls = append(ls, l)
			}
		}
		for _, g := range it.Goals {
			if col[g] && !slices.Contains(gs, g) {
				gs = append(gs, g)
			}
		}
		if len(ls) == 0 || len(gs) == 0 {
			continue
		}
		for _, l := range ls {
			for _, g := range gs {
				c.Cells[MatrixCellKey{l, g}]++
			}
			c.Rows[l]++
		}
		for _, g := range gs {
			c.Columns[g]++
		}
		c.Total++
	}
	return c
}

// BuildMatrix assembles the matrix of lines (official order) and goals (by number) from
// each line's own linkages (LinkagesByActionLine order) and the counts of the projects and
// prizes that passed the query's filters. Every backend builds its matrix here, so that they
// agree. Linkages whose goal is not a column are left out.
func BuildMatrix(lines []*ActionLine, goals []*Goal, linkages map[string][]*Linkage, projects, prizes MatrixCounts) *Matrix {
	m := &Matrix{Rows: make([]MatrixRow, len(lines)), Columns: make([]MatrixColumn, len(goals))}
	col := make(map[int]int, len(goals))
	for j, g := range goals {
		col[g.Number] = j
		m.Columns[j].Goal = g
	}
	for i, al := range lines {
		m.Rows[i] = MatrixRow{ActionLine: al, Cells: make([]MatrixCell, len(goals))}
	}
	links, targets := newTally(len(lines), len(goals)), newTally(len(lines), len(goals))
	for i, al := range lines {
		cellTargets := make([]map[string]bool, len(goals))
		for _, l := range linkages[al.Code] {
			j, ok := col[l.GoalNumber]
			if !ok {
				continue
			}
			c := &m.Rows[i].Cells[j]
			c.Linkages = append(c.Linkages, l)
			links.add(i, j, l.ID)
			if l.TargetCode == "" {
				c.GoalLevel = true
				continue
			}
			if cellTargets[j] == nil {
				cellTargets[j] = map[string]bool{}
			}
			cellTargets[j][l.TargetCode] = true
			targets.add(i, j, l.TargetCode)
		}
		for j, g := range goals {
			c := &m.Rows[i].Cells[j]
			c.TargetCount = len(cellTargets[j])
			if c.Linkages == nil {
				c.Linkages = []*Linkage{}
			}
			k := MatrixCellKey{al.Code, g.Number}
			c.ProjectCount, c.PrizeCount = projects.Cells[k], prizes.Cells[k]
		}
	}
	totals := func(links, targets map[string]bool, projects, prizes int) MatrixTotals {
		return MatrixTotals{LinkageCount: len(links), TargetCount: len(targets), ProjectCount: projects, PrizeCount: prizes}
	}
	for i, al := range lines {
		m.Rows[i].Totals = totals(links.rows[i], targets.rows[i], projects.Rows[al.Code], prizes.Rows[al.Code])
	}
	for j, g := range goals {
		m.Columns[j].Totals = totals(links.cols[j], targets.cols[j], projects.Columns[g.Number], prizes.Columns[g.Number])
	}
	m.Totals = totals(links.all, targets.all, projects.Total, prizes.Total)
	return m
}

// tally collects distinct keys per row, per column and overall.
type tally struct {
	rows, cols []map[string]bool
	all        map[string]bool
}

func newTally(rows, cols int) *tally {
	t := &tally{rows: make([]map[string]bool, rows), cols: make([]map[string]bool, cols), all: map[string]bool{}}
	for i := range t.rows {
		t.rows[i] = map[string]bool{}
	}
	for j := range t.cols {
		t.cols[j] = map[string]bool{}
	}
	return t
}

func (t *tally) add(i, j int, key string) {
	t.rows[i][key], t.cols[j][key], t.all[key] = true, true, true
}
