package wsisgraph

import (
	"strconv"
	"strings"
)

// This file fixes the list semantics every Store backend shares: the default sort of each
// list, query validation, and the cursor of an item. Backends call Normalize and Validate on
// every query and build cursors with the Cursor methods below, so that a cursor handed out by
// one backend means the same position in another.
//
// The order of a list is (sort value in the query's Direction, then Key ascending). A text
// sort value is SortKey of the field; a numeric one is the field's integer value. An item is
// after a cursor when Cursor.Compare puts its cursor strictly after the given one.

// DefaultDirection returns the direction a project list takes when none is asked: ASC.
func (s ProjectSort) DefaultDirection() SortDirection { return Asc }

// DefaultDirection returns the direction an organisation list takes when none is asked: ASC
// for NAME, DESC (most first) for the counts.
func (s OrganizationSort) DefaultDirection() SortDirection {
	if s == OrganizationsByPrizeCount || s == OrganizationsByProjectCount {
		return Desc
	}
	return Asc
}

// DefaultDirection returns the direction a prize list takes when none is asked: DESC for YEAR
// (newest first), ASC otherwise.
func (s PrizeSort) DefaultDirection() SortDirection {
	if s == PrizesByYear {
		return Desc
	}
	return Asc
}

// DefaultDirection returns the direction an event list takes when none is asked: ASC.
func (s EventSort) DefaultDirection() SortDirection { return Asc }

// Normalize returns q with its defaults filled in: Sort TITLE, Direction the sort's default
// direction, Page.First DefaultPageSize when zero. Other fields are left as they are.
func (q ProjectQuery) Normalize() ProjectQuery {
	if q.Sort == "" {
		q.Sort = ProjectsByTitle
	}
	if q.Direction == "" {
		q.Direction = q.Sort.DefaultDirection()
	}
	q.Page = q.Page.normalize()
	return q
}

// Validate reports an EINVALID error when q, once normalized, has a page size outside
// 1…MaxPageSize, an unknown sort field or direction, or an unknown stakeholder type, region
// or country group.
func (q ProjectQuery) Validate() error {
	q = q.Normalize()
	if err := q.Page.Validate(); err != nil {
		return err
	}
	switch q.Sort {
	case ProjectsByTitle, ProjectsByYear:
	default:
		return Errorf(EINVALID, "unknown project sort %q: allowed are TITLE, YEAR", q.Sort)
	}
	if err := validateDirection(q.Direction); err != nil {
		return err
	}
	if err := validatePlace(q.Filter.Region, q.Filter.Group); err != nil {
		return err
	}
	return validateStakeholderType(q.Filter.StakeholderType)
}

// Normalize returns q with its defaults filled in: Sort NAME, Direction the sort's default
// direction, Page.First DefaultPageSize when zero. Other fields are left as they are.
func (q OrganizationQuery) Normalize() OrganizationQuery {
	if q.Sort == "" {
		q.Sort = OrganizationsByName
	}
	if q.Direction == "" {
		q.Direction = q.Sort.DefaultDirection()
	}
	q.Page = q.Page.normalize()
	return q
}

// Validate reports an EINVALID error when q, once normalized, has a page size outside
// 1…MaxPageSize, an unknown sort field or direction, or an unknown stakeholder type, region
// or country group.
func (q OrganizationQuery) Validate() error {
	q = q.Normalize()
	if err := q.Page.Validate(); err != nil {
		return err
	}
	switch q.Sort {
	case OrganizationsByName, OrganizationsByPrizeCount, OrganizationsByProjectCount:
	default:
		return Errorf(EINVALID, "unknown organization sort %q: allowed are NAME, PRIZE_COUNT, PROJECT_COUNT", q.Sort)
	}
	if err := validateDirection(q.Direction); err != nil {
		return err
	}
	if err := validatePlace(q.Filter.Region, q.Filter.Group); err != nil {
		return err
	}
	return validateStakeholderType(q.Filter.StakeholderType)
}

// Normalize returns q with its defaults filled in: Sort YEAR, Direction the sort's default
// direction (DESC for YEAR, ASC for CATEGORY), Page.First DefaultPageSize when zero.
func (q PrizeQuery) Normalize() PrizeQuery {
	if q.Sort == "" {
		q.Sort = PrizesByYear
	}
	if q.Direction == "" {
		q.Direction = q.Sort.DefaultDirection()
	}
	q.Page = q.Page.normalize()
	return q
}

// Validate reports an EINVALID error when q, once normalized, has a page size outside
// 1…MaxPageSize, an unknown sort field or direction, an unknown prize kind, region or country
// group.
func (q PrizeQuery) Validate() error {
	q = q.Normalize()
	if err := q.Page.Validate(); err != nil {
		return err
	}
	switch q.Sort {
	case PrizesByYear, PrizesByCategory:
	default:
		return Errorf(EINVALID, "unknown prize sort %q: allowed are YEAR, CATEGORY", q.Sort)
	}
	if err := validateDirection(q.Direction); err != nil {
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

// Normalize returns q with its defaults filled in: Sort START_DATE, Direction the sort's
// default direction, Page.First DefaultPageSize when zero. Other fields are left as they are.
func (q EventQuery) Normalize() EventQuery {
	if q.Sort == "" {
		q.Sort = EventsByStartDate
	}
	if q.Direction == "" {
		q.Direction = q.Sort.DefaultDirection()
	}
	q.Page = q.Page.normalize()
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
	if err := q.Page.Validate(); err != nil {
		return err
	}
	if q.Sort != EventsByStartDate {
		return Errorf(EINVALID, "unknown event sort %q: allowed is START_DATE", q.Sort)
	}
	if err := validateDirection(q.Direction); err != nil {
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

func (p PageArgs) normalize() PageArgs {
	if p.First == 0 {
		p.First = DefaultPageSize
	}
	return p
}

// Validate reports an EINVALID error when First is outside 1…MaxPageSize. Queries' Validate
// methods call it after filling the default page size, so First 0 is valid there.
func (p PageArgs) Validate() error {
	if p.First < 1 || p.First > MaxPageSize {
		if p.First > MaxPageSize {
			return Errorf(EINVALID, "first must be between 1 and %d, got %d: to read more, page with `after` (pass each page's pageInfo.endCursor as `after` of the next, while pageInfo.hasNextPage)", MaxPageSize, p.First)
		}
		return Errorf(EINVALID, "first must be between 1 and %d, got %d", MaxPageSize, p.First)
	}
	return nil
}

func validateDirection(d SortDirection) error {
	if d != Asc && d != Desc {
		return Errorf(EINVALID, "unknown sort direction %q: allowed are ASC, DESC", d)
	}
	return nil
}

func validateStakeholderType(s StakeholderType) error {
	if s != "" && !s.Valid() {
		return Errorf(EINVALID, "unknown stakeholder type %q", s)
	}
	return nil
}

// Cursor returns the position of p in a project list sorted by the given field:
// TITLE → {Str: SortKey(Title)}, YEAR → {Num: Year} (0 when unknown); Key is p.Key.
func (p *Project) Cursor(by ProjectSort) Cursor {
	if by == ProjectsByYear {
		return Cursor{Num: p.Year, Key: p.Key}
	}
	return Cursor{Str: SortKey(p.Title), Key: p.Key}
}

// Cursor returns the position of o in an organisation list sorted by NAME: {Str:
// SortKey(Name), Key}. Lists sorted by a count use CountCursor.
func (o *Organization) Cursor(by OrganizationSort) Cursor {
	return Cursor{Str: SortKey(o.Name), Key: o.Key}
}

// Cursor returns the position of p in a prize list sorted by the given field:
// YEAR → {Num: Year}, CATEGORY → {Num: CategoryNumber}; Key is p.Key.
func (p *Prize) Cursor(by PrizeSort) Cursor {
	if by == PrizesByCategory {
		return Cursor{Num: p.CategoryNumber, Key: p.Key}
	}
	return Cursor{Num: p.Year, Key: p.Key}
}

// Cursor returns the position of e in an event list: {Str: StartDate, Key}. StartDate is
// compared as text, so "2020" < "2020-06" < "2020-06-22" < "2021".
func (e *Event) Cursor(by EventSort) Cursor {
	return Cursor{Str: e.StartDate, Key: e.Key}
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

// Order names q's sort and direction ("TITLE ASC"): a cursor is valid only in the order it
// was taken from.
func (q ProjectQuery) Order() string { return string(q.Sort) + " " + string(q.Direction) }

// Order names q's sort and direction ("NAME ASC").
func (q OrganizationQuery) Order() string { return string(q.Sort) + " " + string(q.Direction) }

// Order names q's sort and direction ("YEAR DESC").
func (q PrizeQuery) Order() string { return string(q.Sort) + " " + string(q.Direction) }

// Order names q's sort and direction ("START_DATE ASC").
func (q EventQuery) Order() string { return string(q.Sort) + " " + string(q.Direction) }

// WithPage returns q asking for page p.
func (q ProjectQuery) WithPage(p PageArgs) ProjectQuery { q.Page = p; return q }

// WithPage returns q asking for page p.
func (q OrganizationQuery) WithPage(p PageArgs) OrganizationQuery { q.Page = p; return q }

// WithPage returns q asking for page p.
func (q PrizeQuery) WithPage(p PageArgs) PrizeQuery { q.Page = p; return q }

// WithPage returns q asking for page p.
func (q EventQuery) WithPage(p PageArgs) EventQuery { q.Page = p; return q }
