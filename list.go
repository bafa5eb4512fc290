package wsisgraph

import "strings"

// This file is the list vocabulary every Store backend shares: for each list (projects,
// organisations, prizes, events) its query, filter, sort fields with their default directions,
// validation and the cursor of an item. Backends call Normalize and Validate on every query
// and build cursors with the Cursor methods below, so that a cursor handed out by one backend
// means the same position in another.
//
// The order of a list is (sort value in the query's Direction, then Key ascending). A text
// sort value is SortKey of the field; a numeric one is the field's integer value. An item is
// after a cursor when Cursor.Compare puts its cursor strictly after the given one.

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

// Compare orders two cursors of the same list: it compares the sort values (Str as bytes,
// then Num) in direction dir, then the keys ascending whatever dir is. It returns -1, 0 or +1.
// An item is after cursor c in a list when item.Cursor(sort).Compare(c, dir) > 0.
func (c Cursor) Compare(o Cursor, dir SortDirection) int {
	v := 0
	switch {
	case c.Str < o.Str:
		v = -1
	case c.Str > o.Str:
		v = 1
	case c.Num < o.Num:
		v = -1
	case c.Num > o.Num:
		v = 1
	}
	if dir == Desc {
		v = -v
	}
	if v != 0 {
		return v
	}
	return strings.Compare(c.Key, o.Key)
}

// PageArgs selects a page of a list: of the items strictly after After and strictly before
// Before (the window), the first First, or with Last set the last Last.
type PageArgs struct {
	First int    // 1…MaxPageSize; 0 with Last set
	After Cursor // zero: from the start
	// Last, when set (1…MaxPageSize, First 0), pages backwards: the page is the last Last
	// items of the window, still in the list's order. Last and Before are left out of a
	// query's JSON form when zero, so that the form of a forward query does not change.
	Last      int    `json:",omitzero"`
	Before    Cursor `json:",omitzero"` // zero: to the end
	WithTotal bool   // compute Page.Total (costs a count; leave false unless asked)
}

// Page is one page of a list, in the query's order.
type Page[T any] struct {
	Items   []*T
	Cursors []Cursor // Cursors[i] is the position of Items[i]
	HasNext bool     // paging forwards (First): more items of the window follow the last one
	HasPrev bool     // paging backwards (Last): more items of the window precede the first one
	Total   int      // items matching the filter overall; -1 unless PageArgs.WithTotal
}

func (p PageArgs) normalize() PageArgs {
	if p.First == 0 && p.Last == 0 {
		p.First = DefaultPageSize
	}
	return p
}

// Backward reports whether p asks for the last items of its window (Last is set).
func (p PageArgs) Backward() bool { return p.Last != 0 }

// Size returns the page size asked: Last when paging backwards, else First.
func (p PageArgs) Size() int {
	if p.Backward() {
		return p.Last
	}
	return p.First
}

// Validate reports an EINVALID error when both First and Last are set, or when the one set is
// outside 1…MaxPageSize. Queries' Validate methods call it after filling the default page
// size, so First 0 (with Last 0) is valid there.
func (p PageArgs) Validate() error {
	if p.First != 0 && p.Last != 0 {
		return Errorf(EINVALID, "first and last cannot both be given: use first (with after) to page forwards, last (with before) to page backwards")
	}
	if p.Last != 0 {
		if p.Last < 1 || p.Last > MaxPageSize {
			if p.Last > MaxPageSize {
				return Errorf(EINVALID, "last must be between 1 and %d, got %d: to read more, page with `before` (pass each page's pageInfo.startCursor as `before` of the previous, while pageInfo.hasPreviousPage)", MaxPageSize, p.Last)
			}
			return Errorf(EINVALID, "last must be between 1 and %d, got %d", MaxPageSize, p.Last)
		}
		return nil
	}
	if p.First < 1 || p.First > MaxPageSize {
		if p.First > MaxPageSize {
			return Errorf(EINVALID, "first must be between 1 and %d, got %d: to read more, page with `after` (pass each page's pageInfo.endCursor as `after` of the next, while pageInfo.hasNextPage)", MaxPageSize, p.First)
		}
		return Errorf(EINVALID, "first must be between 1 and %d, got %d", MaxPageSize, p.First)
	}
	return nil
}

// SortDirection orders a list ascending or descending by its sort field; ties are always
// broken by key, ascending.
type SortDirection string

// The sort directions.
const (
	Asc  SortDirection = "ASC"
	Desc SortDirection = "DESC"
)

func validateDirection(d SortDirection) error {
	if d != Asc && d != Desc {
		return Errorf(EINVALID, "unknown sort direction %q: allowed are ASC, DESC", d)
	}
	return nil
}

// sortSpec is one sort field of a list of T: the direction it takes when none is asked and
// the position of an item in it (nil: the value is not in the item, see CountCursor).
type sortSpec[S ~string, T any] struct {
	field  S
	dir    SortDirection
	cursor func(*T) Cursor
}

// sorts is the sort vocabulary of a list of T: its noun in messages and its sort fields, the
// default one first.
type sorts[S ~string, T any] struct {
	noun  string
	specs []sortSpec[S, T]
}

func (ss *sorts[S, T]) spec(s S) (sortSpec[S, T], bool) {
	for _, sp := range ss.specs {
		if sp.field == s {
			return sp, true
		}
	}
	return sortSpec[S, T]{}, false
}

// defaultDirection returns the direction of s when none is asked: its spec's, ASC for an
// unknown field.
func (ss *sorts[S, T]) defaultDirection(s S) SortDirection {
	if sp, ok := ss.spec(s); ok {
		return sp.dir
	}
	return Asc
}

// normalize fills a zero sort with the default field, a zero direction with the field's
// default and a zero page size with DefaultPageSize.
func (ss *sorts[S, T]) normalize(s *S, d *SortDirection, p *PageArgs) {
	if *s == "" {
		*s = ss.specs[0].field
	}
	if *d == "" {
		*d = ss.defaultDirection(*s)
	}
	*p = p.normalize()
}

// validate reports an EINVALID error for a page size outside 1…MaxPageSize, an unknown sort
// field or an unknown direction, in that order.
func (ss *sorts[S, T]) validate(s S, d SortDirection, p PageArgs) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if _, ok := ss.spec(s); !ok {
		names := make([]string, len(ss.specs))
		for i, sp := range ss.specs {
			names[i] = string(sp.field)
		}
		verb := "are"
		if len(names) == 1 {
			verb = "is"
		}
		return Errorf(EINVALID, "unknown %s sort %q: allowed %s %s", ss.noun, s, verb, strings.Join(names, ", "))
	}
	return validateDirection(d)
}

// cursor returns the position of it in the list sorted by s: by s's spec, or by the default
// field's when s is unknown or its value is not in the item.
func (ss *sorts[S, T]) cursor(s S, it *T) Cursor {
	if sp, ok := ss.spec(s); ok && sp.cursor != nil {
		return sp.cursor(it)
	}
	return ss.specs[0].cursor(it)
}

// order names a sort and direction ("TITLE ASC"): a cursor is valid only in the order it was
// taken from.
func order[S ~string](s S, d SortDirection) string { return string(s) + " " + string(d) }

func validateStakeholderType(s StakeholderType) error {
	if s != "" && !s.Valid() {
		return Errorf(EINVALID, "unknown stakeholder type %q", s)
	}
	return nil
}

// Projects.

// ProjectSort is the field a project list is sorted by.
type ProjectSort string

// The project sort fields.
const (
	ProjectsByTitle ProjectSort = "TITLE" // by SortKey(title)
	ProjectsByYear  ProjectSort = "YEAR"  // by year; projects with no year count as 0
)

// projectSorts: TITLE (the default) and YEAR, both ascending unless asked.
var projectSorts = sorts[ProjectSort, Project]{noun: "project", specs: []sortSpec[ProjectSort, Project]{
	{ProjectsByTitle, Asc, func(p *Project) Cursor { return Cursor{Str: SortKey(p.Title), Key: p.Key} }},
	{ProjectsByYear, Asc, func(p *Project) Cursor { return Cursor{Num: p.Year, Key: p.Key} }},
}}

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

// DefaultDirection returns the direction a project list takes when none is asked: ASC.
func (s ProjectSort) DefaultDirection() SortDirection { return projectSorts.defaultDirection(s) }

// Normalize returns q with its defaults filled in: Sort TITLE, Direction the sort's default
// direction, Page.First DefaultPageSize when zero. Other fields are left as they are.
func (q ProjectQuery) Normalize() ProjectQuery {
	projectSorts.normalize(&q.Sort, &q.Direction, &q.Page)
	return q
}

// Validate reports an EINVALID error when q, once normalized, has a page size outside
// 1…MaxPageSize, an unknown sort field or direction, or an unknown stakeholder type, region
// or country group.
func (q ProjectQuery) Validate() error {
	q = q.Normalize()
	if err := projectSorts.validate(q.Sort, q.Direction, q.Page); err != nil {
		return err
	}
	if err := validatePlace(q.Filter.Region, q.Filter.Group); err != nil {
		return err
	}
	return validateStakeholderType(q.Filter.StakeholderType)
}

// Order names q's sort and direction ("TITLE ASC"): a cursor is valid only in the order it
// was taken from.
func (q ProjectQuery) Order() string { return order(q.Sort, q.Direction) }

// WithPage returns q asking for page p.
func (q ProjectQuery) WithPage(p PageArgs) ProjectQuery { q.Page = p; return q }

// Cursor returns the position of p in a project list sorted by the given field:
// TITLE → {Str: SortKey(Title)}, YEAR → {Num: Year} (0 when unknown); Key is p.Key.
func (p *Project) Cursor(by ProjectSort) Cursor { return projectSorts.cursor(by, p) }

// Organisations.

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

// organizationSorts: NAME (the default) ascending, the counts descending (most first) unless
// asked. The counts are not in the item: their cursors are CountCursor's.
var organizationSorts = sorts[OrganizationSort, Organization]{noun: "organization", specs: []sortSpec[OrganizationSort, Organization]{
	{OrganizationsByName, Asc, func(o *Organization) Cursor { return Cursor{Str: SortKey(o.Name), Key: o.Key} }},
	{OrganizationsByPrizeCount, Desc, nil},
	{OrganizationsByProjectCount, Desc, nil},
}}

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

// DefaultDirection returns the direction an organisation list takes when none is asked: ASC
// for NAME, DESC (most first) for the counts.
func (s OrganizationSort) DefaultDirection() SortDirection {
	return organizationSorts.defaultDirection(s)
}

// Normalize returns q with its defaults filled in: Sort NAME, Direction the sort's default
// direction, Page.First DefaultPageSize when zero. Other fields are left as they are.
func (q OrganizationQuery) Normalize() OrganizationQuery {
	organizationSorts.normalize(&q.Sort, &q.Direction, &q.Page)
	return q
}

// Validate reports an EINVALID error when q, once normalized, has a page size outside
// 1…MaxPageSize, an unknown sort field or direction, or an unknown stakeholder type, region
// or country group.
func (q OrganizationQuery) Validate() error {
	q = q.Normalize()
	if err := organizationSorts.validate(q.Sort, q.Direction, q.Page); err != nil {
		return err
	}
	if err := validatePlace(q.Filter.Region, q.Filter.Group); err != nil {
		return err
	}
	return validateStakeholderType(q.Filter.StakeholderType)
}

// Order names q's sort and direction ("NAME ASC").
func (q OrganizationQuery) Order() string { return order(q.Sort, q.Direction) }

// WithPage returns q asking for page p.
func (q OrganizationQuery) WithPage(p PageArgs) OrganizationQuery { q.Page = p; return q }

// Cursor returns the position of o in an organisation list sorted by NAME: {Str:
// SortKey(Name), Key}. Lists sorted by a count use CountCursor.
func (o *Organization) Cursor(by OrganizationSort) Cursor { return organizationSorts.cursor(by, o) }

// CountCursor returns the position of o in an organisation list sorted by a count
// (PRIZE_COUNT or PROJECT_COUNT): {Num: count, Key: o.Key}.
func (o *Organization) CountCursor(count int) Cursor {
	return Cursor{Num: count, Key: o.Key}
}

// Prizes.

// PrizeSort is the field a prize list is sorted by.
type PrizeSort string

// The prize sort fields.
const (
	PrizesByYear     PrizeSort = "YEAR"
	PrizesByCategory PrizeSort = "CATEGORY"
)

// prizeSorts: YEAR (the default) descending (newest first), CATEGORY ascending unless asked.
var prizeSorts = sorts[PrizeSort, Prize]{noun: "prize", specs: []sortSpec[PrizeSort, Prize]{
	{PrizesByYear, Desc, func(p *Prize) Cursor { return Cursor{Num: p.Year, Key: p.Key} }},
	{PrizesByCategory, Asc, func(p *Prize) Cursor { return Cursor{Num: p.CategoryNumber, Key: p.Key} }},
}}

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

// DefaultDirection returns the direction a prize list takes when none is asked: DESC for YEAR
// (newest first), ASC otherwise.
func (s PrizeSort) DefaultDirection() SortDirection { return prizeSorts.defaultDirection(s) }

// Normalize returns q with its defaults filled in: Sort YEAR, Direction the sort's default
// direction (DESC for YEAR, ASC for CATEGORY), Page.First DefaultPageSize when zero.
func (q PrizeQuery) Normalize() PrizeQuery {
	prizeSorts.normalize(&q.Sort, &q.Direction, &q.Page)
	return q
}

// Validate reports an EINVALID error when q, once normalized, has a page size outside
// 1…MaxPageSize, an unknown sort field or direction, an unknown prize kind, region or country
// group.
func (q PrizeQuery) Validate() error {
	q = q.Normalize()
	if err := prizeSorts.validate(q.Sort, q.Direction, q.Page); err != nil {
		return err
	}
	if err := validatePlace(q.Filter.Region, q.Filter.Group); err != nil {
		return err
	}
	switch q.Filter.Kind {
	case "", PrizeWinner, PrizeChampion:
		return nil
	default:
		return Errorf(EINVALID, "unknown prize kind %q: allowed are WINNER, CHAMPION", q.Filter.Kind)
	}
}

// Order names q's sort and direction ("YEAR DESC").
func (q PrizeQuery) Order() string { return order(q.Sort, q.Direction) }

// WithPage returns q asking for page p.
func (q PrizeQuery) WithPage(p PageArgs) PrizeQuery { q.Page = p; return q }

// Cursor returns the position of p in a prize list sorted by the given field:
// YEAR → {Num: Year}, CATEGORY → {Num: CategoryNumber}; Key is p.Key.
func (p *Prize) Cursor(by PrizeSort) Cursor { return prizeSorts.cursor(by, p) }

// Events.

// EventSort is the field an event list is sorted by.
type EventSort string

// The event sort fields.
const (
	EventsByStartDate EventSort = "START_DATE" // by StartDate as text (ISO dates order as text)
)

// eventSorts: START_DATE ascending unless asked. StartDate is compared as text, so "2020" <
// "2020-06" < "2020-06-22" < "2021".
var eventSorts = sorts[EventSort, Event]{noun: "event", specs: []sortSpec[EventSort, Event]{
	{EventsByStartDate, Asc, func(e *Event) Cursor { return Cursor{Str: e.StartDate, Key: e.Key} }},
}}

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

// DefaultDirection returns the direction an event list takes when none is asked: ASC.
func (s EventSort) DefaultDirection() SortDirection { return eventSorts.defaultDirection(s) }

// Normalize returns q with its defaults filled in: Sort START_DATE, Direction the sort's
// default direction, Page.First DefaultPageSize when zero. Other fields are left as they are.
func (q EventQuery) Normalize() EventQuery {
	eventSorts.normalize(&q.Sort, &q.Direction, &q.Page)
	return q
}

// eventKinds lists every event kind in a stable order.
var eventKinds = []EventKind{
	EventSummit, EventForum, EventHighLevel, EventReview, EventRegional,
	EventPrizesPhase, EventConsultationPhase, EventResolution,
}

// Validate reports an EINVALID error when q, once normalized, has a page size outside
// 1…MaxPageSize, an unknown sort field or direction, or an unknown event kind.
func (q EventQuery) Validate() error {
	q = q.Normalize()
	if err := eventSorts.validate(q.Sort, q.Direction, q.Page); err != nil {
		return err
	}
	if q.Filter.Kind == "" {
		return nil
	}
	for _, k := range eventKinds {
		if q.Filter.Kind == k {
			return nil
		}
	}
	return Errorf(EINVALID, "unknown event kind %q", q.Filter.Kind)
}

// Order names q's sort and direction ("START_DATE ASC").
func (q EventQuery) Order() string { return order(q.Sort, q.Direction) }

// WithPage returns q asking for page p.
func (q EventQuery) WithPage(p PageArgs) EventQuery { q.Page = p; return q }

// Cursor returns the position of e in an event list: {Str: StartDate, Key}. StartDate is
// compared as text, so "2020" < "2020-06" < "2020-06-22" < "2021".
func (e *Event) Cursor(by EventSort) Cursor { return eventSorts.cursor(by, e) }
