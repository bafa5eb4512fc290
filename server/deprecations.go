package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// deprecation is a deprecated field or argument an operation uses, as the answer's
// `extensions.deprecations` lists it.
type deprecation struct {
	Field  string `json:"field"`  // its schema coordinate: Type.field, or Type.field(arg:) for an argument
	Reason string `json:"reason"` // the @deprecated reason, naming what replaces it
}

// deprecations is the gqlgen extension that finds, once per operation and after validation
// and the limits, the deprecated fields and arguments it uses, and records them in the
// request's exchange: the transport lists them in the answer and the response cache keeps
// them with it, and the request's record counts them (wsisgraph_deprecated_field_uses_total).
// It runs for every way an operation arrives: GET, POST and persisted queries.
type deprecations struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = deprecations{}

func (deprecations) ExtensionName() string                          { return "Deprecations" }
func (deprecations) Validate(schema graphql.ExecutableSchema) error { return nil }

func (deprecations) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if x := exchangeFrom(ctx); x != nil && opCtx.Operation != nil {
		x.deprecated = deprecatedUses(opCtx.Operation)
	}
	return nil
}

// deprecatedUses returns the deprecated fields and arguments op selects or passes, each once,
// ordered by coordinate; nil when there are none. Fragments are followed once each.
func deprecatedUses(op *ast.OperationDefinition) []deprecation {
	var out []deprecation
	var frags map[string]bool
	add := func(coord string, d *ast.Directive) {
		for _, o := range out {
			if o.Field == coord {
				return
			}
		}
		reason := "No longer supported" // the GraphQL default reason
		if a := d.Arguments.ForName("reason"); a != nil && a.Value != nil {
			reason = a.Value.Raw
		}
		out = append(out, deprecation{Field: coord, Reason: reason})
	}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if s.Definition != nil && s.ObjectDefinition != nil {
					if d := s.Definition.Directives.ForName("deprecated"); d != nil {
						add(s.ObjectDefinition.Name+"."+s.Name, d)
					}
					for _, a := range s.Arguments {
						if def := s.Definition.Arguments.ForName(a.Name); def != nil {
							if d := def.Directives.ForName("deprecated"); d != nil {
								add(s.ObjectDefinition.Name+"."+s.Name+"("+a.Name+":)", d)
							}
						}
					}
				}
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Definition != nil && !frags[s.Name] {
					if frags == nil {
						frags = map[string]bool{}
					}
					frags[s.Name] = true
					walk(s.Definition.SelectionSet)
				}
			}
		}
	}
	walk(op.SelectionSet)
	slices.SortFunc(out, func(a, b deprecation) int { return strings.Compare(a.Field, b.Field) })
	return out
}

// newDeprecatedUses is wsisgraph_deprecated_field_uses_total: requests that used a deprecated
// field, by field and by API key.
func newDeprecatedUses(reg prometheus.Registerer) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "wsisgraph_deprecated_field_uses_total",
		Help: "Requests that used a deprecated field or argument, by schema coordinate and API key (the first 12 hex digits of the key's SHA-256; \"none\" without a configured key).",
	}, []string{"field", "key"})
	reg.MustRegister(c)
	return c
}

// keyLabel names the API key of r in metrics: the first 12 hex digits of its SHA-256, so that
// /metrics never shows a key (`printf %s KEY | sha256sum | cut -c1-12` finds a key's label);
// "none" when r carries no configured key.
func keyLabel(r *http.Request, apiKeys map[string]bool) string {
	k := r.Header.Get("X-Api-Key")
	if k == "" || !apiKeys[k] {
		return "none"
	}
	sum := sha256.Sum256([]byte(k))
	return hex.EncodeToString(sum[:6])
}
