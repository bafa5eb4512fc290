package csvexport

import (
	"github.com/vektah/gqlparser/v2/ast"
)

// shape is the tree of response names below a point of the answer, in selection order: the
// columns of the CSV are its leaves. Lists are transparent: a list of objects has the shape
// of its elements.
type shape struct {
	keys []string
	kids map[string]*shape
	leaf bool // a scalar was selected or seen here
}

// kid returns the shape below key, adding key after the key at *after (-1: first) when it is
// new; *after becomes key's index.
func (s *shape) kid(key string, after *int) *shape {
	for i, k := range s.keys {
		if k == key {
			*after = i
			return s.kids[key]
		}
	}
	i := *after + 1
	s.keys = append(s.keys, "")
	copy(s.keys[i+1:], s.keys[i:])
	s.keys[i] = key
	if s.kids == nil {
		s.kids = map[string]*shape{}
	}
	k := &shape{}
	s.kids[key] = k
	*after = i
	return k
}

// merge adds the shape of v to s. A key that only one element has is placed after the key
// that precedes it in that element.
func (s *shape) merge(v *value) {
	switch {
	case v == nil || v.kind == kindNull:
	case v.kind == kindScalar:
		s.leaf = true
	case v.kind == kindArray:
		for _, e := range v.vals {
			s.merge(e)
		}
	default:
		after := -1
		for i, key := range v.keys {
			s.kid(key, &after).merge(v.vals[i])
		}
	}
}

// columns appends to out the path of each column below s, in order: s itself when it holds
// scalars or nothing is known below it, then the columns of its keys.
func (s *shape) columns(prefix []string, out [][]string) [][]string {
	if s.leaf || len(s.keys) == 0 {
		out = append(out, append([]string(nil), prefix...))
	}
	for _, key := range s.keys {
		out = s.kids[key].columns(append(prefix[:len(prefix):len(prefix)], key), out)
	}
	return out
}

// at returns the shape at path below s, nil when path leaves the shape.
func (s *shape) at(path []string) *shape {
	for _, key := range path {
		if s = s.kids[key]; s == nil {
			return nil
		}
	}
	return s
}

// selectionShape returns the shape of the answer to op: every field the operation selects,
// named by response name, in the order GraphQL answers them (first occurrence, fragments
// inlined). Fields skipped by @skip or @include are left out; fields under type conditions
// are all kept, so an interface's columns are the union of its types'.
func selectionShape(doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) *shape {
	all := map[string]any{}
	for _, d := range op.VariableDefinitions {
		if d.DefaultValue != nil {
			if v, err := d.DefaultValue.Value(nil); err == nil {
				all[d.Variable] = v
			}
		}
	}
	for k, v := range vars {
		all[k] = v
	}
	root := &shape{}
	root.appendKid("data").addSelections(doc, op.SelectionSet, all, map[string]bool{})
	return root
}

// appendKid returns the shape below key, adding key last when it is new.
func (s *shape) appendKid(key string) *shape {
	after := len(s.keys) - 1
	return s.kid(key, &after)
}

// addSelections adds the fields of set to s, new response names last (GraphQL's field
// collection order).
func (s *shape) addSelections(doc *ast.QueryDocument, set ast.SelectionSet, vars map[string]any, spreading map[string]bool) {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if skipped(sel.Directives, vars) {
				continue
			}
			k := s.appendKid(sel.Alias)
			if len(sel.SelectionSet) == 0 {
				k.leaf = true
				continue
			}
			k.addSelections(doc, sel.SelectionSet, vars, spreading)
		case *ast.InlineFragment:
			if !skipped(sel.Directives, vars) {
				s.addSelections(doc, sel.SelectionSet, vars, spreading)
			}
		case *ast.FragmentSpread:
			def := doc.Fragments.ForName(sel.Name)
			if def == nil || spreading[sel.Name] || skipped(sel.Directives, vars) {
				continue
			}
			spreading[sel.Name] = true
			s.addSelections(doc, def.SelectionSet, vars, spreading)
			delete(spreading, sel.Name)
		}
	}
}

// skipped reports whether @skip(if: true) or @include(if: false) leaves a selection out.
func skipped(dirs ast.DirectiveList, vars map[string]any) bool {
	for _, d := range dirs {
		if d.Name != "skip" && d.Name != "include" {
			continue
		}
		arg := d.Arguments.ForName("if")
		if arg == nil {
			continue
		}
		v, err := arg.Value.Value(vars)
		if b, ok := v.(bool); ok && err == nil && b == (d.Name == "skip") {
			return true
		}
	}
	return false
}
