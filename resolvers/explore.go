package resolvers

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/graph/model"
	"github.com/wsisgraph/wsisgraph/loaders"
)

// searchCursorForm is a search cursor's encoded content: the search it belongs to and the
// keyset position (score, hit id).
type searchCursorForm struct {
	Search string  `json:"q"`
	Score  float64 `json:"sc"`
	ID     string  `json:"id"`
}

// searchFingerprint identifies a search's order: a cursor is only valid for the same text,
// types, language and mode.
func searchFingerprint(q wsisgraph.SearchQuery) string {
	types := make([]string, len(q.Types))
	for i, t := range q.Types {
		types[i] = string(t)
	}
	mode := ""
	if q.Any {
		mode = "\x00any" // empty for ALL, so that cursors taken before modes existed stay valid
	}
	h := sha256.Sum256([]byte(q.Text + "\x00" + strings.Join(types, ",") + "\x00" + string(q.Lang) + mode))
	return hex.EncodeToString(h[:6])
}

func encodeSearchCursor(q wsisgraph.SearchQuery, c wsisgraph.SearchCursor) string {
	b, _ := json.Marshal(searchCursorForm{Search: searchFingerprint(q), Score: c.Score, ID: c.ID})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeSearchCursor parses after for search q; nil or "" is the start. A malformed cursor or
// one taken from another search is an EINVALID error.
func decodeSearchCursor(q wsisgraph.SearchQuery, after *string) (wsisgraph.SearchCursor, error) {
	if after == nil || *after == "" {
		return wsisgraph.SearchCursor{}, nil
	}
	var f searchCursorForm
	b, err := base64.RawURLEncoding.DecodeString(*after)
	if err == nil {
		err = json.Unmarshal(b, &f)
	}
	if err != nil || f.ID == "" {
		return wsisgraph.SearchCursor{}, wsisgraph.Errorf(wsisgraph.EINVALID, "malformed cursor %q: pass a cursor from pageInfo.endCursor or edges.cursor", truncate(*after, 64))
	}
	if f.Search != searchFingerprint(q) {
		return wsisgraph.SearchCursor{}, wsisgraph.Errorf(wsisgraph.EINVALID, "cursor was taken from another search (text, types, lang or mode differ): start again without `after`")
	}
	return wsisgraph.SearchCursor{Score: f.Score, ID: f.ID}, nil
}

// snippetSelected reports whether the search field being resolved selects edges { snippet }.
func snippetSelected(ctx context.Context) bool {
	if graphql.GetFieldContext(ctx) == nil {
		return true
	}
	oc := graphql.GetOperationContext(ctx)
	for _, e := range graphql.CollectFieldsCtx(ctx, nil) {
		if e.Name != "edges" {
			continue
		}
		for _, f := range graphql.CollectFields(oc, e.Selections, []string{"SearchHit"}) {
			if f.Name == "snippet" {
				return true
			}
		}
	}
	return false
}

// search answers Query.search with one store call. Without lang, titles match in every
// language (the request's language does not narrow a search).
func search(ctx context.Context, text string, types []wsisgraph.SearchType, lang *string, anyWord bool, pr pageRequest) (*model.SearchConnection, error) {
	q := wsisgraph.SearchQuery{Text: text, Types: types, Any: anyWord}
	q.First, q.Last = pr.size()
	if err := pr.check(); err != nil {
		return nil, err
	}
	if err := (wsisgraph.PageArgs{First: q.First, Last: q.Last}).Validate(); err != nil {
		return nil, err
	}
	if lang != nil {
		l, err := wsisgraph.ParseLang(*lang)
		if err != nil {
			return nil, err
		}
		q.Lang = l
	}
	q = q.Normalize()
	if err := q.Validate(); err != nil {
		return nil, err
	}
	var err error
	if q.After, err = decodeSearchCursor(q, pr.after); err != nil {
		return nil, err
	}
	if q.Before, err = decodeSearchCursor(q, pr.before); err != nil {
		return nil, err
	}
	q.WithTotal = selected(ctx, "totalCount")
	q.SkipSnippets = !snippetSelected(ctx)
	p, err := loaders.For(ctx).Search(ctx, q)
	if err != nil {
		return nil, err
	}
	conn := &model.SearchConnection{
		Edges:      make([]*model.SearchHit, len(p.Hits)),
		Nodes:      make([]wsisgraph.Node, len(p.Hits)),
		PageInfo:   pageInfo(wsisgraph.PageArgs{Last: q.Last, After: wsisgraph.Cursor{Key: q.After.ID}, Before: wsisgraph.Cursor{Key: q.Before.ID}}, p.HasNext, p.HasPrev),
		TotalCount: p.Total,
	}
	for i := range p.Hits {
		h := &p.Hits[i]
		conn.Edges[i] = &model.SearchHit{Cursor: encodeSearchCursor(q, h.Cursor()), Node: h.Node, Type: h.Type, Score: h.Score, Snippet: h.Snippet}
		conn.Nodes[i] = h.Node
	}
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[n-1].Cursor
	}
	return conn, nil
}

// matrix answers Query.matrix with one store call.
func matrix(ctx context.Context, year *int, country *string, stakeholderType *wsisgraph.StakeholderType, region *string, group *wsisgraph.CountryGroup) (*model.Matrix, error) {
	var q wsisgraph.MatrixQuery
	if region != nil {
		q.Region = *region
	}
	if group != nil {
		q.Group = *group
	}
	if year != nil {
		q.Year = *year
	}
	if country != nil {
		q.Country = *country
	}
	if stakeholderType != nil {
		q.StakeholderType = *stakeholderType
	}
	v, err := vocabulary(ctx)
	if err != nil {
		return nil, err
	}
	if q, err = v.MatrixQuery(q); err != nil {
		return nil, err
	}
	m, err := loaders.For(ctx).Matrix(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &model.Matrix{Rows: make([]*model.MatrixRow, len(m.Rows)), Columns: make([]*model.MatrixColumn, len(m.Columns)), Totals: totals(m.Totals)}
	if selected(ctx, "projectsStatingNoTarget") {
		fs, err := loaders.For(ctx).ProjectFacets.Load(ctx, wsisgraph.ProjectFilter{Year: q.Year, Country: q.Country, StakeholderType: q.StakeholderType})
		if err != nil {
			return nil, err
		}
		for _, u := range fs.Unstated {
			if u.Facet == wsisgraph.FacetGoal {
				out.ProjectsStatingNoTarget = u.Count
			}
		}
	}
	for j, c := range m.Columns {
		out.Columns[j] = &model.MatrixColumn{Goal: c.Goal, Totals: totals(c.Totals)}
	}
	for i, r := range m.Rows {
		row := &model.MatrixRow{ActionLine: r.ActionLine, Cells: make([]*model.MatrixCell, len(r.Cells)), Totals: totals(r.Totals)}
		for j, c := range r.Cells {
			row.Cells[j] = &model.MatrixCell{
				Goal: m.Columns[j].Goal, Linkages: c.Linkages, GoalLevel: c.GoalLevel,
				TargetCount: c.TargetCount, ProjectCount: c.ProjectCount, PrizeCount: c.PrizeCount,
			}
		}
		out.Rows[i] = row
	}
	return out, nil
}

func totals(t wsisgraph.MatrixTotals) *model.MatrixTotals {
	return &model.MatrixTotals{LinkageCount: t.LinkageCount, TargetCount: t.TargetCount, ProjectCount: t.ProjectCount, PrizeCount: t.PrizeCount}
}

// projectFacets loads the facets of a project list's filter when the connection's `facets`
// is selected, and nil otherwise.
func projectFacets(ctx context.Context, f wsisgraph.ProjectFilter) (*model.ProjectFacets, error) {
	if !selected(ctx, "facets") {
		return nil, nil
	}
	fs, err := loaders.For(ctx).ProjectFacets.Load(ctx, f)
	if err != nil {
		return nil, err
	}
	return facetsModel(fs), nil
}

// projectFacetsAll is projectFacets for several filters, in one batch.
func projectFacetsAll(ctx context.Context, fs []wsisgraph.ProjectFilter) ([]*model.ProjectFacets, error) {
	out := make([]*model.ProjectFacets, len(fs))
	if !selected(ctx, "facets") || len(fs) == 0 {
		return out, nil
	}
	all, err := loaders.For(ctx).ProjectFacets.LoadAll(ctx, fs)
	if err != nil {
		return nil, err
	}
	for i, f := range all {
		out[i] = facetsModel(f)
	}
	return out, nil
}

func facetsModel(fs *wsisgraph.ProjectFacets) *model.ProjectFacets {
	return &model.ProjectFacets{
		ByCountry: ptrs(fs.ByCountry), ByYear: ptrs(fs.ByYear), ByStakeholderType: ptrs(fs.ByStakeholderType),
		ByActionLine: ptrs(fs.ByActionLine), ByGoal: ptrs(fs.ByGoal), ByRegion: ptrs(fs.ByRegion), Unstated: ptrs(fs.Unstated),
	}
}

// ptrs returns pointers to the elements of vs.
func ptrs[V any](vs []V) []*V {
	out := make([]*V, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return out
}

// prizeFacets loads the facets of a prize list's filter when the connection's `facets` is
// selected, and nil otherwise.
func prizeFacets(ctx context.Context, f wsisgraph.PrizeFilter) (*model.PrizeFacets, error) {
	if !selected(ctx, "facets") {
		return nil, nil
	}
	fs, err := loaders.For(ctx).PrizeFacets.Load(ctx, f)
	if err != nil {
		return nil, err
	}
	return &model.PrizeFacets{ByYear: ptrs(fs.ByYear), ByKind: ptrs(fs.ByKind), ByCountry: ptrs(fs.ByCountry), ByRegion: ptrs(fs.ByRegion),
		ByActionLine: ptrs(fs.ByActionLine), ByCategory: ptrs(fs.ByCategory), Unstated: ptrs(fs.Unstated)}, nil
}

// organizationFacets loads the facets of an organisation list's filter when the
// connection's `facets` is selected, and nil otherwise.
func organizationFacets(ctx context.Context, f wsisgraph.OrganizationFilter) (*model.OrganizationFacets, error) {
	if !selected(ctx, "facets") {
		return nil, nil
	}
	fs, err := loaders.For(ctx).OrganizationFacets.Load(ctx, f)
	if err != nil {
		return nil, err
	}
	return &model.OrganizationFacets{ByCountry: ptrs(fs.ByCountry), ByStakeholderType: ptrs(fs.ByStakeholderType),
		ByActionLine: ptrs(fs.ByActionLine), Unstated: ptrs(fs.Unstated)}, nil
}

// facetFields names each facet by the field of its list.
var facetFields = map[wsisgraph.ProjectFacet]string{
	wsisgraph.FacetCountry: "byCountry", wsisgraph.FacetYear: "byYear", wsisgraph.FacetStakeholderType: "byStakeholderType",
	wsisgraph.FacetActionLine: "byActionLine", wsisgraph.FacetGoal: "byGoal", wsisgraph.FacetKind: "byKind",
	wsisgraph.FacetCategory: "byCategory", wsisgraph.FacetRegion: "byRegion",
}

// facetLabel names a facet value: a country's name, an action line's short title, a goal's
// short title in lang, a region's name in lang, a prize category's title; nil for years,
// kinds, stakeholder types and unknown values.
func facetLabel(ctx context.Context, c *wsisgraph.FacetCount, lang *string) (*string, error) {
	if _, err := langArg(ctx, lang); err != nil {
		return nil, err
	}
	l := loaders.For(ctx)
	var (
		s   string
		err error
	)
	switch c.Facet {
	case wsisgraph.FacetCountry:
		var v *wsisgraph.Country
		if v, err = loaders.Optional(l.CountryByCode.Load(ctx, c.Value)); v != nil {
			s, err = localized(ctx, v.Name, lang)
		}
	case wsisgraph.FacetActionLine:
		var v *wsisgraph.ActionLine
		if v, err = loaders.Optional(l.ActionLineByCode.Load(ctx, c.Value)); v != nil {
			s = v.ShortTitle
		}
	case wsisgraph.FacetRegion:
		if v := wsisgraph.RegionByCode(c.Value); v != nil {
			s, err = localized(ctx, v.Name, lang)
		}
	case wsisgraph.FacetCategory:
		n, convErr := strconv.Atoi(c.Value)
		if convErr != nil {
			return nil, nil
		}
		var v *wsisgraph.PrizeCategory
		if v, err = loaders.Optional(l.PrizeCategoryByNumber.Load(ctx, n)); v != nil {
			s = v.Title
		}
	case wsisgraph.FacetGoal:
		n, convErr := strconv.Atoi(c.Value)
		if convErr != nil {
			return nil, nil
		}
		var v *wsisgraph.Goal
		if v, err = loaders.Optional(l.GoalByNumber.Load(ctx, n)); v != nil {
			s, err = localized(ctx, v.ShortTitle, lang)
		}
	}
	if err != nil || s == "" {
		return nil, err
	}
	return &s, nil
}
