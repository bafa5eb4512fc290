package wsisgraph

import "context"

// Store is the read side of the knowledge graph. Every method is batch-shaped (keys in, map
// out) so that one call serves a whole level of a GraphQL query, and so that a Cypher backend
// answers each call in one round trip (`UNWIND $keys`).
//
// Contracts shared by every method:
//   - Keys that match nothing are absent from the returned map; that is not an error.
//   - Slices in returned maps are in the documented order and never shared with other callers:
//     the caller must not modify returned values.
//   - Errors carry a code (see ErrorCode): EINVALID for a malformed query, EUNAVAILABLE when the
//     backend cannot be reached, ETIMEOUT when ctx's deadline passes, EINTERNAL otherwise.
//   - Implementations are safe for concurrent use.
type Store interface {
	// ActionLines returns every action line in official order (C1…C7, the C7 sub-lines, C8…C11).
	ActionLines(ctx context.Context) ([]*ActionLine, error)
	// ActionLinesByCode returns action lines by code ("C2", "C7.e-health").
	ActionLinesByCode(ctx context.Context, codes []string) (map[string]*ActionLine, error)
	// SubLinesByActionLine returns each action line's sub-lines in official order.
	SubLinesByActionLine(ctx context.Context, codes []string) (map[string][]*ActionLine, error)
	// FacilitationsByOrganization returns the facilitations of each organisation, by action-line order.
	FacilitationsByOrganization(ctx context.Context, keys []string) (map[string][]Facilitation, error)

	// Goals returns the 17 goals by number.
	Goals(ctx context.Context) ([]*Goal, error)
	// GoalsByNumber returns goals by number.
	GoalsByNumber(ctx context.Context, numbers []int) (map[int]*Goal, error)
	// TargetsByCode returns targets by code ("9.4", "11.b").
	TargetsByCode(ctx context.Context, codes []string) (map[string]*Target, error)
	// TargetsByGoal returns each goal's targets in official order.
	TargetsByGoal(ctx context.Context, numbers []int) (map[int][]*Target, error)
	// IndicatorsByCode returns indicators by any of their codes (a repeated indicator is found
	// under each code it is listed under; the map is keyed by the code asked for).
	IndicatorsByCode(ctx context.Context, codes []string) (map[string]*Indicator, error)
	// IndicatorsByTarget returns each target's indicators ordered by code.
	IndicatorsByTarget(ctx context.Context, codes []string) (map[string][]*Indicator, error)

	// LinkagesByID returns matrix linkages by ID.
	LinkagesByID(ctx context.Context, ids []string) (map[string]*Linkage, error)
	// LinkagesByActionLine returns each action line's linkages ordered by goal number, then
	// goal-level before target-level, then target order.
	LinkagesByActionLine(ctx context.Context, codes []string) (map[string][]*Linkage, error)
	// LinkagesByGoal returns each goal's linkages, goal-level and target-level, ordered by action
	// line order, then goal-level first, then target order.
	LinkagesByGoal(ctx context.Context, numbers []int) (map[int][]*Linkage, error)
	// LinkagesByTarget returns each target's linkages ordered by action line order.
	LinkagesByTarget(ctx context.Context, codes []string) (map[string][]*Linkage, error)

	// OrganizationsByKey returns organisations by key.
	OrganizationsByKey(ctx context.Context, keys []string) (map[string]*Organization, error)
	// ProjectsByKey returns projects by key.
	ProjectsByKey(ctx context.Context, keys []string) (map[string]*Project, error)
	// PrizeCategories returns the prize categories by number.
	PrizeCategories(ctx context.Context) ([]*PrizeCategory, error)
	// PrizesByKey returns prizes by key.
	PrizesByKey(ctx context.Context, keys []string) (map[string]*Prize, error)
	// EventsByKey returns events by key.
	EventsByKey(ctx context.Context, keys []string) (map[string]*Event, error)
	// SourcesByKey returns sources by key.
	SourcesByKey(ctx context.Context, keys []string) (map[string]*Source, error)
	// CountriesByCode returns countries by ISO 3166-1 alpha-2 code.
	CountriesByCode(ctx context.Context, codes []string) (map[string]*Country, error)

	// Organizations answers each query with a page; pages[i] answers queries[i].
	Organizations(ctx context.Context, queries []OrganizationQuery) ([]Page[Organization], error)
	// Projects answers each query with a page; pages[i] answers queries[i].
	Projects(ctx context.Context, queries []ProjectQuery) ([]Page[Project], error)
	// Prizes answers each query with a page; pages[i] answers queries[i].
	Prizes(ctx context.Context, queries []PrizeQuery) ([]Page[Prize], error)
	// Events answers each query with a page; pages[i] answers queries[i].
	Events(ctx context.Context, queries []EventQuery) ([]Page[Event], error)

	// Exploration (explore.go). Each method validates every query of its batch first (an
	// invalid one fails the call with EINVALID) and answers the batch in one round trip.

	// Search answers each query with a page of hits; pages[i] answers queries[i]. The text is
	// split into words at white space; a word's tokens come from Unicode word segmentation,
	// lower-cased and folded to ASCII where a letter has an ASCII form, with the 33 common
	// English words of Lucene's stop list (and, the, of, …) dropped. A word matches an entity
	// when its tokens occur consecutively in one of the entity's search texts (store/searchdoc
	// lists them per type; with Lang set, multilingual titles only in Lang); an entity is a
	// hit when every word with tokens matches, or, with Any set, when one of them does.
	// Arabic is normalised in texts and words alike (searchdoc.NormalizeArabic). A text with no tokens has no hits. Hits are in
	// search order (score descending, then ID ascending) and only the first MaxSearchHits of
	// that order are reachable; a page holds the reachable hits strictly after After.
	Search(ctx context.Context, queries []SearchQuery) ([]SearchPage, error)
	// Matrix answers each query with the whole matrix grid (see Matrix); matrices[i] answers
	// queries[i].
	Matrix(ctx context.Context, queries []MatrixQuery) ([]*Matrix, error)
	// ProjectFacets counts, for each filter, the projects it matches by facet (see
	// ProjectFacets); facets[i] answers filters[i]. It agrees with Projects' totals.
	ProjectFacets(ctx context.Context, filters []ProjectFilter) ([]*ProjectFacets, error)
	// PrizeFacets counts, for each filter, the prizes it matches by facet (see PrizeFacets,
	// CountPrizeFacets); facets[i] answers filters[i]. It agrees with Prizes' totals.
	PrizeFacets(ctx context.Context, filters []PrizeFilter) ([]*PrizeFacets, error)
	// OrganizationFacets counts, for each filter, the organisations it matches by facet (see
	// OrganizationFacets, CountOrganizationFacets); facets[i] answers filters[i].
	OrganizationFacets(ctx context.Context, filters []OrganizationFilter) ([]*OrganizationFacets, error)

	// Walks of the walk graph (walk.go): linkages and prize categories are edges, not nodes.
	// Each method validates every query of its batch first (an invalid one fails the call
	// with EINVALID), answers the batch in one round trip, and computes its answers from
	// Balls with PathsIn and NeighborhoodOf, so that every backend answers alike. A walk
	// that would visit more than its query's Budget nodes fails the call with EINVALID.

	// Paths answers each query with the shortest simple paths between its ends, shortest
	// first, equally long ones by their sequence of nodes (see PathQuery); paths[i] answers
	// queries[i] and is empty, never nil, when an end does not exist or no path is short
	// enough.
	Paths(ctx context.Context, queries []PathQuery) ([][]Path, error)
	// Neighborhoods answers each query with the nodes and edges around its centre (see
	// NeighborhoodQuery); hoods[i] answers queries[i] and is nil when the centre does not
	// exist.
	Neighborhoods(ctx context.Context, queries []NeighborhoodQuery) ([]*Neighborhood, error)

	// Vocabulary returns the values the graph's filters and code-taking fields accept (see
	// Vocabulary), for the dataset the store holds now. Backends answer it from memory when
	// they can; it changes with every import.
	Vocabulary(ctx context.Context) (*Vocabulary, error)

	// Coverage returns how much of the public record the graph holds (see ComputeCoverage),
	// computed when the dataset was loaded or imported.
	Coverage(ctx context.Context) (*Coverage, error)

	// Ping returns nil when the backend answers, an EUNAVAILABLE error otherwise.
	Ping(ctx context.Context) error
	// Version identifies the loaded dataset; it changes with every import.
	Version(ctx context.Context) (string, error)
}

// MaxPageSize is the largest page any list returns; DefaultPageSize is used when none is asked.
const (
	MaxPageSize     = 100
	DefaultPageSize = 20
)

// Cursor is a decoded keyset position: the sort value and key of the last item seen. Items
// come after the cursor when their (sort value, key) pair orders after (Str or Num, Key) in
// the query's order. A zero Cursor (Key == "") means "from the start".
type Cursor struct {
	Str string // the sort value for text orders (already folded, see SortKey)
	Num int    // the sort value for numeric orders
	Key string // the item's key, the tie-breaker, always ascending
}

// PageArgs selects a page of a list.
type PageArgs struct {
	First     int    // 1…MaxPageSize
	After     Cursor // zero for the first page
	WithTotal bool   // compute Page.Total (costs a count; leave false unless asked)
}

// Page is one page of a list, in the query's order.
type Page[T any] struct {
	Items   []*T
	Cursors []Cursor // Cursors[i] is the position of Items[i]
	HasNext bool     // more items follow the last one
	Total   int      // items matching the filter overall; -1 unless PageArgs.WithTotal
}

// SortDirection orders a list ascending or descending by its sort field; ties are always
// broken by key, ascending.
type SortDirection string

// The sort directions.
const (
	Asc  SortDirection = "ASC"
	Desc SortDirection = "DESC"
)

// ProjectSort is the field a project list is sorted by.
type ProjectSort string

// The project sort fields.
const (
	ProjectsByTitle ProjectSort = "TITLE" // by SortKey(title)
	ProjectsByYear  ProjectSort = "YEAR"  // by year; projects with no year count as 0
)

// ProjectFilter narrows a project list; zero fields do not filter. All set fields must hold.
type ProjectFilter struct {
	ActionLine      string // the project serves this action line, or one of its sub-lines
	Goal            int    // the project serves a target of this goal
	Target          string // the project serves this target
	Country         string
	Year            int
	StakeholderType StakeholderType // one of the project's organisations is of this type
	Organization    string          // one of the project's organisations has this key
	Text            string          // SortKey(Text) is contained in SortKey(title) or SortKey(description)
	Region          string          // the project's country is in this UN M49 region (any tier; see Country.InRegion)
	Group           CountryGroup    // the project's country is in this group
}

// ProjectQuery asks for a page of projects.
type ProjectQuery struct {
	Filter    ProjectFilter
	Sort      ProjectSort
	Direction SortDirection
	Page      PageArgs
}

// OrganizationSort is the field an organisation list is sorted by.
type OrganizationSort string

// The organisation sort fields.
const (
	OrganizationsByName OrganizationSort = "NAME" // by SortKey(name)
	// By the number of prizes whose OrganizationKeys hold the organisation (CountCursor).
	OrganizationsByPrizeCount OrganizationSort = "PRIZE_COUNT"
	// By the number of projects whose OrganizationKeys hold the organisation (CountCursor).
	OrganizationsByProjectCount OrganizationSort = "PROJECT_COUNT"
)

// OrganizationFilter narrows an organisation list; zero fields do not filter.
type OrganizationFilter struct {
	Country         string
	StakeholderType StakeholderType
	ActionLine      string       // the organisation facilitates this action line (or one of its sub-lines)
	Text            string       // contained in the name or acronym, compared with SortKey
	Region          string       // the organisation's country is in this UN M49 region (any tier)
	Group           CountryGroup // the organisation's country is in this group
}

// OrganizationQuery asks for a page of organisations.
type OrganizationQuery struct {
	Filter    OrganizationFilter
	Sort      OrganizationSort
	Direction SortDirection
	Page      PageArgs
}

// PrizeSort is the field a prize list is sorted by.
type PrizeSort string

// The prize sort fields.
const (
	PrizesByYear     PrizeSort = "YEAR"
	PrizesByCategory PrizeSort = "CATEGORY"
)

// PrizeFilter narrows a prize list; zero fields do not filter.
type PrizeFilter struct {
	Year         int
	ActionLine   string // the category's action line, or one of its sub-lines
	Category     int
	Kind         PrizeKind
	Country      string
	Organization string
	Project      string
	Text         string       // contained in the project's title, compared with SortKey
	Region       string       // the entry's country is in this UN M49 region (any tier)
	Group        CountryGroup // the entry's country is in this group
}

// PrizeQuery asks for a page of prizes.
type PrizeQuery struct {
	Filter    PrizeFilter
	Sort      PrizeSort
	Direction SortDirection
	Page      PageArgs
}

// EventSort is the field an event list is sorted by.
type EventSort string

// The event sort fields.
const (
	EventsByStartDate EventSort = "START_DATE" // by StartDate as text (ISO dates order as text)
)

// EventFilter narrows an event list; zero fields do not filter.
type EventFilter struct {
	Kind    EventKind
	Year    int
	Country string
	Parent  string // the event is part of this event
	Text    string // contained in the title, compared with SortKey
}

// EventQuery asks for a page of events.
type EventQuery struct {
	Filter    EventFilter
	Sort      EventSort
	Direction SortDirection
	Page      PageArgs
}
