package wsisgraph

import "strconv"

// Node is implemented by every entity that has a global id: its GraphQL type name and its key.
// The pair (NodeType, NodeKey) identifies the entity.
type Node interface {
	NodeType() string
	NodeKey() string
}

// NodeType names the kind (see Kinds).
func (*ActionLine) NodeType() string { return KindActionLine }

// NodeKey returns the code.
func (a *ActionLine) NodeKey() string { return a.Code }

// NodeType names the kind (see Kinds).
func (*Goal) NodeType() string { return KindGoal }

// NodeKey returns the number in decimal.
func (g *Goal) NodeKey() string { return strconv.Itoa(g.Number) }

// NodeType names the kind (see Kinds).
func (*Target) NodeType() string { return KindTarget }

// NodeKey returns the code.
func (t *Target) NodeKey() string { return t.Code }

// NodeType names the kind (see Kinds).
func (*Indicator) NodeType() string { return KindIndicator }

// NodeKey returns the code.
func (i *Indicator) NodeKey() string { return i.Code }

// NodeType names the kind (see Kinds).
func (*Linkage) NodeType() string { return KindLinkage }

// NodeKey returns the id.
func (l *Linkage) NodeKey() string { return l.ID }

// NodeType names the kind (see Kinds).
func (*Organization) NodeType() string { return KindOrganization }

// NodeKey returns the key.
func (o *Organization) NodeKey() string { return o.Key }

// NodeType names the kind (see Kinds).
func (*Project) NodeType() string { return KindProject }

// NodeKey returns the key.
func (p *Project) NodeKey() string { return p.Key }

// NodeType names the kind (see Kinds).
func (*Prize) NodeType() string { return KindPrize }

// NodeKey returns the key.
func (p *Prize) NodeKey() string { return p.Key }

// NodeType names the kind (see Kinds).
func (*Event) NodeType() string { return KindEvent }

// NodeKey returns the key.
func (e *Event) NodeKey() string { return e.Key }
