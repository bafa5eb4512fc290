package server

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wsisgraph/wsisgraph"
)

// The default limits on one operation; see Config.
const (
	DefaultMaxDepth      = 12
	DefaultMaxAliases    = 30
	DefaultMaxRootFields = 20
	DefaultMaxTokens     = 15000
	DefaultMaxCost       = 25000
	DefaultMaxBodyBytes  = 2 << 20
)

// listSizes is the cost multiplier of every list field that is not a connection: about
// 1.5 times the mean length of the list per parent in the shipped dataset, rounded up (a
// test checks that each is at least the mean). With means, the cost of a query that walks
// whole lists tracks the number of objects it returns (goals → targets: 17 × 12 = 204 for
// 169 targets) instead of compounding maxima level after level; a single parent with a
// longer list than the mean (goal 17 has 19 targets) costs a little less than it returns.
// Root lists are exact: 17 goals, 19 action lines, 18 prize categories; titles come in 6
// languages. A list field missing here costs defaultListSize; a test checks none is missing.
// Query.nodes costs the number of ids asked for, and the nodes and edges of a connection
// cost the connection's `first`.
var listSizes = map[string]int{
	"Query.goals":                          17,
	"Query.actionLines":                    19,
	"Query.prizeCategories":                18,
	"Goal.targets":                         12, // mean 9.9, most 19
	"Goal.linkages":                        15, // mean 11, most 25
	"Goal.titles":                          6,
	"Target.indicators":                    3, // mean 1.5, most 5
	"Target.linkages":                      2, // mean 1.0, most 6
	"Target.titles":                        6,
	"Indicator.targets":                    2, // mean 1.1, most 3
	"Indicator.titles":                     6,
	"ActionLine.subLines":                  2,  // mean 0.4 (C7 has 8)
	"ActionLine.facilitators":              3,  // mean 2.2, most 4
	"ActionLine.linkages":                  15, // mean 9.8, most 21
	"Organization.facilitations":           2,  // mean 1.2, most 17
	"Project.actionLines":                  3,  // mean 1.0
	"Project.targets":                      3,  // partner projects list targets
	"Project.organizations":                3,  // mean 0.8
	"Project.prizes":                       3,  // mean 1.0
	"Matrix.rows":                          19,
	"Matrix.columns":                       17,
	"MatrixRow.cells":                      17,
	"MatrixCell.linkages":                  2, // mean 0.6
	"ProjectFacets.byCountry":              50,
	"ProjectFacets.byYear":                 25,
	"ProjectFacets.byStakeholderType":      6,
	"ProjectFacets.byActionLine":           19,
	"ProjectFacets.byGoal":                 17,
	"ProjectFacets.unstated":               5,
	"PrizeFacets.byYear":                   25,
	"PrizeFacets.byKind":                   2,
	"PrizeFacets.byRegion":                 5,
	"PrizeFacets.byCountry":                50,
	"PrizeFacets.byActionLine":             19,
	"PrizeFacets.byCategory":               18,
	"PrizeFacets.unstated":                 4,
	"OrganizationFacets.byCountry":         50,
	"OrganizationFacets.byStakeholderType": 6,
	"OrganizationFacets.byActionLine":      19,
	"OrganizationFacets.unstated":          1,
	"Project.goals":                        5, // via MATRIX: the goals of its lines' linkages
	"ActionLine.titles":                    6,
	"PrizeCategory.titles":                 6,
	"Country.names":                        6,
	"Country.sources":                      3,
	"Region.names":                         6,
	"Query.regions":                        29,
	"ProjectFacets.byRegion":               5,
	"Prize.organizations":                  2, // mean 1.0, most 4
	"Linkage.rationaleGroup":               3, // mean 1.6, most 12
	// Sources: every record cites one or more.
	"Linkage.sources":           2,  // mean 1.0
	"Facilitation.sources":      5,  // mean 3.4, most 4
	"Goal.sources":              3,  // mean 2.0
	"Target.sources":            3,  // mean 2.0
	"Indicator.sources":         3,  // mean 2.0
	"Organization.sources":      4,  // mean 2.3, most 14
	"Project.sources":           3,  // mean 1.8, most 5
	"Prize.sources":             3,  // mean 1.8, most 5
	"Event.sources":             3,  // mean 2.0, most 4
	"PrizeYearCoverage.sources": 4,  // mean 2.2, most 5
	"Coverage.prizeYears":       15, // one per contest year since 2012
	// Walks: the most their arguments allow (first 20 paths of at most 6 hops; first 1,000
	// entities), whatever the arguments ask.
	"Query.paths":        20,
	"Path.nodes":         7,
	"Path.hops":          6,
	"Neighborhood.nodes": 1000,
	"Neighborhood.edges": 2000,
}

const defaultListSize = 20

// costCap bounds every intermediate cost so that saturating arithmetic never overflows.
const costCap = 1 << 40

// opStats measures one operation. Fragments are expanded where they are spread: a fragment
// spread twice counts twice.
type opStats struct {
	Depth      int // the deepest field nesting, introspection excluded
	Aliases    int // fields selected under an alias
	RootFields int // fields of the operation's top-level selection
	Cost       int // the cost in points, introspection excluded
}

// analyse measures op with vars resolved. Each fragment is measured once per page size it is
// used under, so fragments spread from fragments cannot make the analysis exponential.
func analyse(op *ast.OperationDefinition, vars map[string]any) opStats {
	a := analyser{vars: vars, frags: map[fragKey]fragStats{}}
	s := a.selection(op.SelectionSet, 1)
	return opStats{Depth: s.depth, Aliases: s.aliases, RootFields: rootFields(op.SelectionSet, map[string]int{}), Cost: s.cost}
}

type fragKey struct {
	name string
	page int
}

type fragStats struct{ depth, aliases, cost int }

type analyser struct {
	vars  map[string]any
	frags map[fragKey]fragStats
}

// selection returns the depth, aliases and cost of one object of the selection set's type;
// page is the `first` of the connection the set belongs to (for its nodes and edges).
func (a *analyser) selection(set ast.SelectionSet, page int) fragStats {
	var out fragStats
	add := func(s fragStats) {
		out.depth = max(out.depth, s.depth)
		out.aliases = sat(out.aliases + s.aliases)
		out.cost = sat(out.cost + s.cost)
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			add(a.field(s, page))
		case *ast.InlineFragment:
			add(a.selection(s.SelectionSet, page))
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			k := fragKey{s.Name, page}
			fs, ok := a.frags[k]
			if !ok {
				a.frags[k] = fragStats{} // a cycle (rejected by validation) counts nothing
				fs = a.selection(s.Definition.SelectionSet, page)
				a.frags[k] = fs
			}
			add(fs)
		}
	}
	return out
}

func (a *analyser) field(f *ast.Field, page int) fragStats {
	var out fragStats
	if f.Alias != "" && f.Alias != f.Name {
		out.aliases = 1
	}
	if f.Name == "__schema" || f.Name == "__type" {
		// Introspection: its depth is bounded by the validator's introspection rule and its
		// size by the schema. Only its aliases count.
		out.aliases = sat(out.aliases + a.selection(f.SelectionSet, 1).aliases)
		return out
	}
	out.depth = 1
	if f.Definition == nil || len(f.SelectionSet) == 0 {
		if f.Name == "totalCount" {
			out.cost = 1 // a count in the backend
		}
		return out
	}
	parent := ""
	if f.ObjectDefinition != nil {
		parent = f.ObjectDefinition.Name
	}
	childPage := page
	mult := 1
	switch {
	case f.Definition.Type.Elem == nil && hasArg(f.Definition, "first"):
		size := a.intArg(f, "first", wsisgraph.DefaultPageSize)
		if f.Arguments.ForName("first") == nil && f.Arguments.ForName("last") != nil {
			size = a.intArg(f, "last", wsisgraph.DefaultPageSize) // a page read backwards
		}
		childPage = clampPage(size)
	case f.Definition.Type.Elem != nil && (f.Name == "nodes" || f.Name == "edges") && isConnection(parent):
		mult = page
	case parent == "Query" && f.Name == "nodes":
		mult = min(a.listLen(f, "ids"), wsisgraph.MaxPageSize)
	case f.Definition.Type.Elem != nil:
		mult = listSize(parent, f.Name)
	}
	child := a.selection(f.SelectionSet, childPage)
	out.depth = sat(1 + child.depth)
	out.aliases = sat(out.aliases + child.aliases)
	// One point per object the field returns, plus what each object selects.
	out.cost = sat(mult + sat(mult*child.cost))
	return out
}

// rootFields counts the fields of the top-level selection, fragments expanded.
func rootFields(set ast.SelectionSet, memo map[string]int) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			n++
		case *ast.InlineFragment:
			n = sat(n + rootFields(s.SelectionSet, memo))
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			c, ok := memo[s.Name]
			if !ok {
				memo[s.Name] = 0
				c = rootFields(s.Definition.SelectionSet, memo)
				memo[s.Name] = c
			}
			n = sat(n + c)
		}
	}
	return n
}

func listSize(parent, field string) int {
	if n, ok := listSizes[parent+"."+field]; ok {
		return n
	}
	return defaultListSize
}

func isConnection(typ string) bool {
	return len(typ) > len("Connection") && typ[len(typ)-len("Connection"):] == "Connection"
}

func hasArg(def *ast.FieldDefinition, name string) bool {
	return def.Arguments.ForName(name) != nil
}

// clampPage bounds a page size to what a connection can return; out-of-range values are
// rejected by the resolver with BAD_USER_INPUT, which says more than a cost error would.
func clampPage(n int) int { return max(0, min(n, wsisgraph.MaxPageSize)) }

// intArg returns the integer value of f's argument name (a literal or a variable), or def
// when it is absent, null or not an integer.
func (a *analyser) intArg(f *ast.Field, name string, def int) int {
	v, ok := a.arg(f, name)
	if !ok {
		return def
	}
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(max(min(n, costCap), -costCap))
	case float64:
		return int(max(min(n, costCap), -costCap))
	case json.Number:
		if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
			return int(max(min(i, costCap), -costCap))
		}
	}
	return def
}

// listLen returns the length of f's list argument name, 1 for a single value (GraphQL input
// coercion), 0 when absent.
func (a *analyser) listLen(f *ast.Field, name string) int {
	v, ok := a.arg(f, name)
	if !ok {
		return 0
	}
	if l, ok := v.([]any); ok {
		return len(l)
	}
	return 1
}

// arg returns the value of f's argument name with variables resolved; ok is false when it is
// absent or null.
func (a *analyser) arg(f *ast.Field, name string) (v any, ok bool) {
	arg := f.Arguments.ForName(name)
	if arg == nil || arg.Value == nil {
		return nil, false
	}
	if arg.Value.Kind == ast.Variable {
		v, ok = a.vars[arg.Value.Raw]
		return v, ok && v != nil
	}
	defer func() {
		if recover() != nil {
			v, ok = nil, false
		}
	}()
	v, err := arg.Value.Value(a.vars)
	return v, err == nil && v != nil
}

// sat saturates n to costCap.
func sat(n int) int {
	if n > costCap || n < 0 {
		return costCap
	}
	return n
}

// limits is the gqlgen extension that measures each operation after validation and rejects
// it, before anything executes, when it exceeds a limit or its client's rate budget.
type limits struct {
	maxDepth, maxAliases, maxRootFields, maxCost int
	rates                                        *rateLimiter // nil: no rate limiting
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*limits)(nil)

func (l *limits) ExtensionName() string                          { return "Limits" }
func (l *limits) Validate(schema graphql.ExecutableSchema) error { return nil }

// MutateOperationContext checks, in this order, depth, aliases, root fields, cost and rate
// budget, and returns the first one exceeded as an error whose message states the limit and
// the value seen. It records the operation's name and cost in the request's exchange.
//
// An operation that selects Query.rateLimit(dryRun: true) is a dry run: it is measured and
// checked against the limits as any other, but it spends nothing of the budget and only its
// rateLimit fields are executed (the others are left out of the operation executed).
func (l *limits) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	x := exchangeFrom(ctx)
	op := opCtx.Operation
	if x != nil && op != nil {
		x.opName = op.Name
	}
	st := analyse(op, opCtx.Variables)
	var err *wsisgraph.Error
	switch {
	case st.Depth > l.maxDepth:
		err = wsisgraph.Errorf(wsisgraph.EDEPTHLIMIT, "the query nests %d levels deep; the limit is %d: split it into several queries", st.Depth, l.maxDepth)
	case st.Aliases > l.maxAliases:
		err = wsisgraph.Errorf(wsisgraph.EALIASLIMIT, "the query uses %d aliases; the limit is %d", st.Aliases, l.maxAliases)
	case st.RootFields > l.maxRootFields:
		err = wsisgraph.Errorf(wsisgraph.EROOTLIMIT, "the query selects %d root fields; the limit is %d", st.RootFields, l.maxRootFields)
	case st.Cost > l.maxCost:
		err = wsisgraph.Errorf(wsisgraph.ECOSTLIMIT, "the query would cost %d points; the limit is %d: ask for smaller pages (`first`) or fewer nested lists", st.Cost, l.maxCost)
	}
	budget, dryRun := budgetFields(op, opCtx.Variables)
	if x != nil {
		x.cost = st.Cost
		x.perClient = len(budget) > 0
		x.dryRun = dryRun
	}
	if err == nil && x != nil {
		if dryRun {
			x.peek(l.rates)
			dry := *op
			dry.SelectionSet = budget
			opCtx.Operation = &dry
		} else {
			err = x.charge(l.rates, st.Cost)
		}
	}
	if err != nil {
		return &gqlerror.Error{Message: err.Message, Err: err}
	}
	return nil
}

// budgetFields returns the Query.rateLimit fields of op's top-level selection (fragments
// expanded), and whether one of them asks for a dry run.
func budgetFields(op *ast.OperationDefinition, vars map[string]any) (fields ast.SelectionSet, dryRun bool) {
	if op == nil || op.Operation != ast.Query {
		return nil, false
	}
	seen := map[string]bool{}
	var walk func(set ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if s.Name != "rateLimit" {
					continue
				}
				fields = append(fields, s)
				if v, _ := s.ArgumentMap(vars)["dryRun"].(bool); v {
					dryRun = true
				}
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Definition != nil && !seen[s.Name] {
					seen[s.Name] = true
					walk(s.Definition.SelectionSet)
				}
			}
		}
	}
	walk(op.SelectionSet)
	return fields, dryRun
}
