package wsisgraph

import "strconv"

// Node is implemented by every entity that has a global id: its GraphQL type name and its key.
// The pair (NodeType, NodeKey) identifies the entity.
type Node interface {
	NodeType() string
	NodeKey() string
}

// NodeType names the GraphQL type.
func (*ActionLine) NodeType() string { return "ActionLine" }

// NodeKey returns the code.
func (a *ActionLine) NodeKey() string { return a.Code }

// NodeType names the GraphQL type.
func (*Goal) NodeType() string { return "Goal" }

// NodeKey returns the number in decimal.
func (g *Goal) NodeKey() string { return strconv.Itoa(g.Number) }

// NodeType names the GraphQL type.
func (*Target) NodeType() string { return "Target" }

// NodeKey returns the code.
func (t *Target) NodeKey() string { return t.Code }

// NodeType names the GraphQL type.
func (*Indicator) NodeType() string { return "Indicator" }

// NodeKey returns the code.
func (i *Indicator) NodeKey() string { return i.Code }

// NodeType names the GraphQL type.
func (*Linkage) NodeType() string { return "Linkage" }

// NodeKey returns the id.
func (l *Linkage) NodeKey() string { return l.ID }

// NodeType names the GraphQL type.
func (*Organization) NodeType() string { return "Organization" }

// NodeKey returns the key.
func (o *Organization) NodeKey() string { return o.Key }

// NodeType names the GraphQL type.
func (*Project) NodeType() string { return "Project" }

// NodeKey returns the key.
func (p *Project) NodeKey() string { return p.Key }

// NodeType names the GraphQL type.
func (*Prize) NodeType() string { return "Prize" }

// NodeKey returns the key.
func (p *Prize) NodeKey() string { return p.Key }

// NodeType names the GraphQL type.
func (*Event) NodeType() string { return "Event" }

// NodeKey returns the key.
func (e *Event) NodeKey() string { return e.Key }
