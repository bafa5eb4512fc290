package resolvers

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/loaders"
)

// Resolvers of `paths` and `neighborhood`. The store answers with NodeRefs and Edges; the
// entities, labels, explanations and sources are loaded here through the request's loaders,
// so that they come from the same store methods as every other field.

// refID returns the global id of the entity r names (GlobalID of the entity itself).
func refID(r wsisgraph.NodeRef) string {
	return base64.RawURLEncoding.EncodeToString([]byte(r.String()))
}

// loadRef loads the entity r names. The store only returns refs of entities it holds, so a
// missing one is an internal error.
func loadRef(ctx context.Context, r wsisgraph.NodeRef) (wsisgraph.Node, error) {
	n, err := loaders.For(ctx).Node(ctx, r)
	if err == nil && n == nil {
		err = wsisgraph.Errorf(wsisgraph.EINTERNAL, "walk: %s not found", r)
	}
	return n, err
}

// intArg returns an optional integer argument, 0 when absent (the query's default then
// applies), or an EINVALID error when it is outside lo…hi.
func intArg(name string, v *int, lo, hi int) (int, error) {
	if v == nil {
		return 0, nil
	}
	if *v < lo || *v > hi {
		return 0, wsisgraph.Errorf(wsisgraph.EINVALID, "%s must be between %d and %d, got %d", name, lo, hi, *v)
	}
	return *v, nil
}

// walkEnd parses a global id into a NodeRef for a walk query; its key is made canonical by
// loading the entity (an indicator asked by a repeated code becomes its first code). found is
// false when no entity has that id. Call it after the query validated the parsed ref, so that
// a linkage is refused rather than loaded.
func walkEnd(ctx context.Context, r wsisgraph.NodeRef) (canonical wsisgraph.NodeRef, found bool, err error) {
	n, err := loaders.For(ctx).Node(ctx, r)
	if err != nil || n == nil {
		return r, false, err
	}
	return wsisgraph.RefOf(n), true, nil
}

func parseRef(id string) (wsisgraph.NodeRef, error) {
	typ, key, err := ParseGlobalID(id)
	return wsisgraph.NodeRef{Type: typ, Key: key}, err
}

// paths answers Query.paths: bounds and ids are checked first (EINVALID), then a missing end
// gives an empty list without a store call.
func paths(ctx context.Context, from, to string, maxHops, first *int) ([]*wsisgraph.Path, error) {
	var q wsisgraph.PathQuery
	var err error
	if q.From, err = parseRef(from); err != nil {
		return nil, err
	}
	if q.To, err = parseRef(to); err != nil {
		return nil, err
	}
	if q.MaxHops, err = intArg("maxHops", maxHops, 1, wsisgraph.MaxMaxHops); err != nil {
		return nil, err
	}
	if q.First, err = intArg("first", first, 1, wsisgraph.MaxPathCount); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	var fromOK, toOK bool
	if q.From, fromOK, err = walkEnd(ctx, q.From); err != nil {
		return nil, err
	}
	if q.To, toOK, err = walkEnd(ctx, q.To); err != nil {
		return nil, err
	}
	if !fromOK || !toOK {
		return []*wsisgraph.Path{}, nil
	}
	res, err := loaders.For(ctx).Paths(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]*wsisgraph.Path, len(res))
	for i := range res {
		out[i] = &res[i]
	}
	return out, nil
}

// neighborhood answers Query.neighborhood: bounds and the id are checked first (EINVALID),
// then a missing centre gives null without a store call.
func neighborhood(ctx context.Context, id string, depth *int, types []wsisgraph.EntityType, first *int) (*wsisgraph.Neighborhood, error) {
	q := wsisgraph.NeighborhoodQuery{Types: types}
	var err error
	if q.Center, err = parseRef(id); err != nil {
		return nil, err
	}
	if q.Depth, err = intArg("depth", depth, 1, wsisgraph.MaxDepth); err != nil {
		return nil, err
	}
	if q.First, err = intArg("first", first, 1, wsisgraph.MaxNeighborhoodSize); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	var found bool
	if q.Center, found, err = walkEnd(ctx, q.Center); err != nil || !found {
		return nil, err
	}
	return loaders.For(ctx).Neighborhood(ctx, q)
}

// pathNodes loads a path's entities in one batch per type.
func pathNodes(ctx context.Context, p *wsisgraph.Path) ([]wsisgraph.Node, error) {
	ns, err := loaders.For(ctx).Nodes(ctx, p.Nodes)
	if err != nil {
		return nil, err
	}
	for i, n := range ns {
		if n == nil {
			return nil, wsisgraph.Errorf(wsisgraph.EINTERNAL, "walk: %s not found", p.Nodes[i])
		}
	}
	return ns, nil
}

func pathHops(p *wsisgraph.Path) []*wsisgraph.Hop {
	out := make([]*wsisgraph.Hop, len(p.Hops))
	for i := range p.Hops {
		out[i] = &p.Hops[i]
	}
	return out
}

func hoodNodes(h *wsisgraph.Neighborhood) []*wsisgraph.NeighborNode {
	out := make([]*wsisgraph.NeighborNode, len(h.Nodes))
	for i := range h.Nodes {
		out[i] = &h.Nodes[i]
	}
	return out
}

func hoodEdges(h *wsisgraph.Neighborhood) []*wsisgraph.Edge {
	out := make([]*wsisgraph.Edge, len(h.Edges))
	for i := range h.Edges {
		out[i] = &h.Edges[i]
	}
	return out
}

func entityType(r wsisgraph.NodeRef) (wsisgraph.EntityType, error) {
	t, ok := wsisgraph.EntityTypeOf(r.Type)
	if !ok {
		return "", wsisgraph.Errorf(wsisgraph.EINTERNAL, "walk: %s is not a node type", r)
	}
	return t, nil
}

// edgeID is unique per edge: global ids never hold ':', relations neither.
func edgeID(e *wsisgraph.Edge) string {
	return refID(e.From) + ":" + string(e.Relation) + ":" + refID(e.To)
}

var relationLabels = map[wsisgraph.Relation]string{
	wsisgraph.RelSubLineOf:        "sub-line of",
	wsisgraph.RelFacilitates:      "facilitates",
	wsisgraph.RelPartOfGoal:       "part of goal",
	wsisgraph.RelMeasures:         "measures",
	wsisgraph.RelLinksToTarget:    "links to target",
	wsisgraph.RelLinksToGoal:      "links to goal",
	wsisgraph.RelServesActionLine: "serves action line",
	wsisgraph.RelServesTarget:     "serves target",
	wsisgraph.RelRuns:             "runs",
	wsisgraph.RelAwardedTo:        "awarded to",
	wsisgraph.RelInCategory:       "in the category of",
	wsisgraph.RelToOrganization:   "awarded to organisation",
	wsisgraph.RelPartOf:           "part of",
}

func relationLabel(r wsisgraph.Relation) string {
	if l, ok := relationLabels[r]; ok {
		return l
	}
	return strings.ToLower(strings.ReplaceAll(string(r), "_", " "))
}

// nodeLabel returns a short label for an entity, a goal's in the request's language.
func nodeLabel(ctx context.Context, r wsisgraph.NodeRef) (string, error) {
	n, err := loadRef(ctx, r)
	if err != nil {
		return "", err
	}
	switch v := n.(type) {
	case *wsisgraph.ActionLine:
		return v.Code + " " + v.ShortTitle, nil
	case *wsisgraph.Goal:
		return fmt.Sprintf("SDG %d %s", v.Number, v.ShortTitle.In(LangFrom(ctx))), nil
	case *wsisgraph.Target:
		return "Target " + v.Code, nil
	case *wsisgraph.Indicator:
		return "Indicator " + v.Code, nil
	case *wsisgraph.Organization:
		if v.Acronym != "" {
			return v.Acronym, nil
		}
		return v.Name, nil
	case *wsisgraph.Project:
		return v.Title, nil
	case *wsisgraph.Prize:
		return prizeLabel(ctx, v)
	case *wsisgraph.Event:
		return v.Title, nil
	}
	return r.Key, nil
}

// prizeLabel names a prize's year, kind and category: "WSIS Prizes 2015 winner, category 11
// (C7.e-health E-health)" (without the category when the prize has none).
func prizeLabel(ctx context.Context, p *wsisgraph.Prize) (string, error) {
	label := fmt.Sprintf("WSIS Prizes %d %s", p.Year, strings.ToLower(string(p.Kind)))
	if p.CategoryNumber == 0 {
		return label, nil
	}
	c, err := loaders.Optional(loaders.For(ctx).PrizeCategoryByNumber.Load(ctx, p.CategoryNumber))
	if err != nil || c == nil {
		return label, err
	}
	al, err := loaders.Optional(loaders.For(ctx).ActionLineByCode.Load(ctx, c.ActionLineCode))
	if err != nil || al == nil {
		return fmt.Sprintf("%s, category %d", label, c.Number), err
	}
	return fmt.Sprintf("%s, category %d (%s %s)", label, c.Number, al.Code, al.ShortTitle), nil
}

// edgeFacts is what the data says about an edge.
type edgeFacts struct {
	explanation string // "" when the data says nothing
	sourceKey   string // "" when unknown
	linkage     *wsisgraph.Linkage
}

// factsOf loads what the data says about e: from the linkage, facilitation, project, prize,
// indicator or event behind it. Each field resolver calls it and keeps its part; the loaders
// make the repeated calls free.
func factsOf(ctx context.Context, e wsisgraph.Edge) (edgeFacts, error) {
	l := loaders.For(ctx)
	var f edgeFacts
	switch e.Relation {
	case wsisgraph.RelLinksToTarget, wsisgraph.RelLinksToGoal:
		id := wsisgraph.LinkageID(e.From.Key, 0, e.To.Key)
		if e.Relation == wsisgraph.RelLinksToGoal {
			goal, _ := strconv.Atoi(e.To.Key)
			id = wsisgraph.LinkageID(e.From.Key, goal, "")
		}
		lk, err := loaders.Optional(l.LinkageByID.Load(ctx, id))
		if err != nil || lk == nil {
			return f, err
		}
		f.explanation, f.sourceKey, f.linkage = lk.Rationale, wsisgraph.FirstKey(lk.SourceKeys), lk
	case wsisgraph.RelFacilitates:
		al, err := loaders.Optional(l.ActionLineByCode.Load(ctx, e.To.Key))
		if err != nil || al == nil {
			return f, err
		}
		for _, fc := range al.Facilitators {
			if fc.OrganizationKey != e.From.Key {
				continue
			}
			f.explanation, f.sourceKey = "Co-facilitator", wsisgraph.FirstKey(fc.SourceKeys)
			if fc.Role == wsisgraph.RoleLead {
				f.explanation = "Lead facilitator"
			}
			if fc.Note != "" {
				f.explanation += ": " + fc.Note
			}
			break
		}
	case wsisgraph.RelServesActionLine, wsisgraph.RelServesTarget, wsisgraph.RelRuns:
		key := e.From.Key
		if e.Relation == wsisgraph.RelRuns {
			key = e.To.Key
		}
		p, err := loaders.Optional(l.ProjectByKey.Load(ctx, key))
		if err != nil || p == nil {
			return f, err
		}
		f.sourceKey = wsisgraph.FirstKey(p.SourceKeys)
	case wsisgraph.RelAwardedTo, wsisgraph.RelInCategory, wsisgraph.RelToOrganization:
		p, err := loaders.Optional(l.PrizeByKey.Load(ctx, e.From.Key))
		if err != nil || p == nil {
			return f, err
		}
		c, err := loaders.Optional(l.PrizeCategoryByNumber.Load(ctx, p.CategoryNumber))
		if err != nil {
			return f, err
		}
		kind := "Winner"
		if p.Kind == wsisgraph.PrizeChampion {
			kind = "Champion"
		}
		f.explanation = fmt.Sprintf("%s of the WSIS Prizes %d", kind, p.Year)
		if c != nil {
			f.explanation += fmt.Sprintf(" in category %d, %s", c.Number, c.Title)
		}
		f.sourceKey = wsisgraph.FirstKey(p.SourceKeys)
	case wsisgraph.RelMeasures:
		in, err := loaders.Optional(l.IndicatorByCode.Load(ctx, e.From.Key))
		if err != nil || in == nil {
			return f, err
		}
		if code := in.CodeFor(e.To.Key); code != in.Code {
			f.explanation = fmt.Sprintf("Listed as %s under target %s", code, e.To.Key)
		}
	case wsisgraph.RelPartOf:
		ev, err := loaders.Optional(l.EventByKey.Load(ctx, e.From.Key))
		if err != nil || ev == nil {
			return f, err
		}
		f.sourceKey = wsisgraph.FirstKey(ev.SourceKeys)
	}
	return f, nil
}

func edgeExplanation(ctx context.Context, e wsisgraph.Edge) (*string, error) {
	f, err := factsOf(ctx, e)
	if err != nil || f.explanation == "" {
		return nil, err
	}
	return &f.explanation, nil
}

func edgeSource(ctx context.Context, e wsisgraph.Edge) (*wsisgraph.Source, error) {
	f, err := factsOf(ctx, e)
	if err != nil || f.sourceKey == "" {
		return nil, err
	}
	return loaders.Optional(loaders.For(ctx).SourceByKey.Load(ctx, f.sourceKey))
}

func edgeLinkage(ctx context.Context, e wsisgraph.Edge) (*wsisgraph.Linkage, error) {
	f, err := factsOf(ctx, e)
	return f.linkage, err
}
