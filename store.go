package wsisgraph

import "context"

// Store is the read side of the knowledge graph: the small interfaces below, each the
// contract one part of the conformance suite (store/storetest) checks on every backend.
//
// Contracts shared by every method of every part:
//   - Implementations are safe for concurrent use; a call never modifies what an earlier call
//     returned.
//   - Batch-shaped methods take keys or queries in and return a map or a slice out, so that
//     one call serves a whole level of a GraphQL query and a Cypher backend answers it in one
//     round trip (`UNWIND $keys`).
//   - Returned values are never shared with other callers' slices, but the entities they
//     point to are: the caller must not modify them.
//   - Errors carry a code (see ErrorCode): EINVALID for a malformed query, EUNAVAILABLE when
//     the backend cannot be reached, ETIMEOUT when ctx's deadline passes, EINTERNAL otherwise.
//     A ctx that is already done fails the call: ETIMEOUT when its deadline passed, the
//     context's own error (context.Canceled) when it was cancelled.
type Store interface {
	ReferenceStore
	ListStore
	ExploreStore
	WalkStore
	HealthStore
}

// ReferenceStore reads entities by key and the relations between them.
//
// By-key methods (…ByCode, …ByKey, …ByNumber, …ByID) return a map holding the keys that
// match; a key that matches nothing is absent, which is not an error. Relation methods
// (SubLinesByActionLine, TargetsByGoal, …) return each key's related items in the order
// stated on the method, as a fresh slice; a key with no related item is absent, like an
// unknown key. Keys are matched exactly (case-sensitive): the resolvers canonicalise codes
// first (see Vocabulary).
type ReferenceStore interface {
	// ActionLines returns every action line in official order (C1…C7, the C7 sub-lines, C8…C11).
	ActionLines(ctx context.Context) ([]*ActionLine, error)
	// ActionLinesByCode returns action lines by code ("C2", "C7.e-health").
	ActionLinesByCode(ctx context.Context, codes []string) (map[string]*ActionLine, error)
	// SubLinesByActionLine returns each action line's direct sub-lines in official order.
	SubLinesByActionLine(ctx context.Context, codes []string) (map[string][]*ActionLine, error)
	// FacilitationsByOrganization returns the facilitations of each organisation by
	// action-line order, then action-line code, the lead role before a co-facilitation of
	// the same line.
	FacilitationsByOrganization(ctx context.Context, keys []string) (map[string][]Facilitation, error)

	// Goals returns the 17 goals by number.
	Goals(ctx context.Context) ([]*Goal, error)
	// GoalsByNumber returns goals by number.
	GoalsByNumber(ctx context.Context, numbers []int) (map[int]*Goal, error)
	// TargetsByCode returns targets by code ("9.4", "11.b").
	TargetsByCode(ctx context.Context, codes []string) (map[string]*Target, error)
	// TargetsByGoal returns each goal's targets in official order (by Order, ties by
	// CompareCodes).
	TargetsByGoal(ctx context.Context, numbers []int) (map[int][]*Target, error)
	// IndicatorsByCode returns indicators by any of their codes (a repeated indicator is found
	// under each code it is listed under; the map is keyed by the code asked for).
	IndicatorsByCode(ctx context.Context, codes []string) (map[string]*Indicator, error)
	// IndicatorsByTarget returns each target's indicators ordered by the code they are listed
	// under for that target (Indicator.CodeFor), compared with CompareCodes: under 13.3,
	// indicator 4.7.1 (listed as 13.3.1) comes before 13.3.2.
	IndicatorsByTarget(ctx context.Context, codes []string) (map[string][]*Indicator, error)

	// LinkagesByID returns matrix linkages by ID.
	LinkagesByID(ctx context.Context, ids []string) (map[string]*Linkage, error)
	// LinkagesByActionLine returns the linkages of each action line itself (a main line's
	// list does not include its sub-lines') ordered by goal number, then goal-level before
	// target-level, then target order.
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

	// Vocabulary returns the values the graph's filters and code-taking fields accept (see
	// Vocabulary), for the dataset the store holds now. Backends answer it from memory when
	// they can; it changes with every import.
	Vocabulary(ctx context.Context) (*Vocabulary, error)
	// Coverage returns how much of the public record the graph holds (see ComputeCoverage),
	// computed when the dataset was loaded or imported.
	Coverage(ctx context.Context) (*Coverage, error)
}

// ListStore pages through the four lists (list.go holds their vocabulary). Each method
// answers a batch: pages[i] answers queries[i].
//
//   - Every query is normalized and validated with its Normalize and Validate methods before
//     any is answered: a zero Sort or Direction takes the list's default, First 0 is
//     DefaultPageSize, and an invalid query fails the whole call with EINVALID.
//   - A list is ordered by (sort value in Direction, then Key ascending); Page.Cursors are
//     built with the entities' Cursor methods (CountCursor for the count sorts) and a page
//     holds the first Page.First items whose cursor Cursor.Compare puts strictly after
//     Page.After. Page.HasNext tells whether more follow.
//   - Page.Total counts every item matching the filter, regardless of After, when WithTotal;
//     it is -1 otherwise. Page.Items and Page.Cursors are empty, not nil, on an empty page.
//   - Filter ActionLine matches the action line itself and its sub-lines (by ParentCode): for
//     projects the lines they serve, for organisations the lines they facilitate, for prizes
//     the category's line. Filter Goal matches projects serving a target of the goal. Filter
//     Parent of events matches direct children only. Filter Year of events is the start year.
//     Country, Kind, Organization, Project and similar fields match exactly (case-sensitive).
//   - Text filters match when strings.Contains(SortKey(field), SortKey(text)) for one of the
//     fields named on the method; a text that folds to "" does not filter.
type ListStore interface {
	// Organizations answers each query with a page. Filter Text matches the name or the
	// acronym; the count sorts count the prizes and projects whose OrganizationKeys hold the
	// organisation.
	Organizations(ctx context.Context, queries []OrganizationQuery) ([]Page[Organization], error)
	// Projects answers each query with a page. Filter Text matches the title or the description.
	Projects(ctx context.Context, queries []ProjectQuery) ([]Page[Project], error)
	// Prizes answers each query with a page. Filter Text matches the prized project's title.
	Prizes(ctx context.Context, queries []PrizeQuery) ([]Page[Prize], error)
	// Events answers each query with a page. Filter Text matches the title.
	Events(ctx context.Context, queries []EventQuery) ([]Page[Event], error)
}

// ExploreStore answers the exploration features (explore.go): ranked search, the matrix and
// facet counts. Each method validates every query of its batch first (an invalid one fails
// the call with EINVALID) and answers the batch in one round trip; answers[i] answers
// queries[i].
type ExploreStore interface {
	// Search answers each query with a page of hits. The text is split into words at white
	// space; a word's tokens come from Unicode word segmentation, lower-cased and folded to
	// ASCII where a letter has an ASCII form, with the 33 common English words of Lucene's
	// stop list (and, the, of, …) dropped. A word matches an entity when its tokens occur
	// consecutively in one of the entity's search texts (store/searchdoc lists them per type;
	// with Lang set, multilingual titles only in Lang); an entity is a hit when every word
	// with tokens matches, or, with Any set, when one of them does. Arabic is normalised in
	// texts and words alike (searchdoc.NormalizeArabic). A text with no tokens has no hits.
	// Hits are in search order (score descending, then ID ascending) and only the first
	// MaxSearchHits of that order are reachable; a page holds the reachable hits strictly
	// after After.
	Search(ctx context.Context, queries []SearchQuery) ([]SearchPage, error)
	// Matrix answers each query with the whole matrix grid (see Matrix), built with
	// BuildMatrix.
	Matrix(ctx context.Context, queries []MatrixQuery) ([]*Matrix, error)
	// ProjectFacets counts, for each filter, the projects it matches by facet (see
	// ProjectFacets). It agrees with Projects' totals.
	ProjectFacets(ctx context.Context, filters []ProjectFilter) ([]*ProjectFacets, error)
	// PrizeFacets counts, for each filter, the prizes it matches by facet (see PrizeFacets,
	// CountPrizeFacets). It agrees with Prizes' totals.
	PrizeFacets(ctx context.Context, filters []PrizeFilter) ([]*PrizeFacets, error)
	// OrganizationFacets counts, for each filter, the organisations it matches by facet (see
	// OrganizationFacets, CountOrganizationFacets).
	OrganizationFacets(ctx context.Context, filters []OrganizationFilter) ([]*OrganizationFacets, error)
}

// WalkStore walks the walk graph (walk.go): linkages and prize categories are edges, not
// nodes. Each method validates every query of its batch first (an invalid one fails the call
// with EINVALID), answers the batch in one round trip, and computes its answers from Balls
// with PathsIn and NeighborhoodOf, so that every backend answers alike. A walk that would
// visit more than its query's Budget nodes fails the call with EINVALID.
type WalkStore interface {
	// Paths answers each query with the shortest simple paths between its ends, shortest
	// first, equally long ones by their sequence of nodes (see PathQuery); paths[i] answers
	// queries[i] and is empty, never nil, when an end does not exist or no path is short
	// enough.
	Paths(ctx context.Context, queries []PathQuery) ([][]Path, error)
	// Neighborhoods answers each query with the nodes and edges around its centre (see
	// NeighborhoodQuery); hoods[i] answers queries[i] and is nil when the centre does not
	// exist.
	Neighborhoods(ctx context.Context, queries []NeighborhoodQuery) ([]*Neighborhood, error)
}

// HealthStore tells whether the backend answers and which dataset it holds.
type HealthStore interface {
	// Ping returns nil when the backend answers, an EUNAVAILABLE error otherwise.
	Ping(ctx context.Context) error
	// Version identifies the loaded dataset; it changes with every import.
	Version(ctx context.Context) (string, error)
}
