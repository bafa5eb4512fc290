package wsisgraph

// Kind is a kind of entity with a global id: one row of Kinds, the one table the names of
// entities are read from.
type Kind struct {
	// Name is the GraphQL type name, which is also Node.NodeType, the prefix of the global
	// id ("Target:9.c") and the Neo4j label.
	Name string
	// Type names the kind in the GraphQL enums NodeType (EntityType) and SearchType; "" for
	// a kind that is neither a node of the walk graph nor searched (Linkage).
	Type EntityType
	// New returns an empty entity of the kind, to decode a record into.
	New func() Node
}

// The names of the kinds.
const (
	KindActionLine   = "ActionLine"
	KindGoal         = "Goal"
	KindTarget       = "Target"
	KindIndicator    = "Indicator"
	KindLinkage      = "Linkage"
	KindOrganization = "Organization"
	KindProject      = "Project"
	KindPrize        = "Prize"
	KindEvent        = "Event"
)

// The entity types: the kinds of the walk graph's nodes, which are also the search types.
const (
	EntityActionLine   EntityType = "ACTION_LINE"
	EntityGoal         EntityType = "GOAL"
	EntityTarget       EntityType = "TARGET"
	EntityIndicator    EntityType = "INDICATOR"
	EntityOrganization EntityType = "ORGANIZATION"
	EntityProject      EntityType = "PROJECT"
	EntityPrize        EntityType = "PRIZE"
	EntityEvent        EntityType = "EVENT"
)

// Kinds lists every kind of entity with a global id; those with a Type come in the order of
// the GraphQL enums.
var Kinds = []Kind{
	{KindActionLine, EntityActionLine, func() Node { return new(ActionLine) }},
	{KindGoal, EntityGoal, func() Node { return new(Goal) }},
	{KindTarget, EntityTarget, func() Node { return new(Target) }},
	{KindIndicator, EntityIndicator, func() Node { return new(Indicator) }},
	{KindOrganization, EntityOrganization, func() Node { return new(Organization) }},
	{KindProject, EntityProject, func() Node { return new(Project) }},
	{KindPrize, EntityPrize, func() Node { return new(Prize) }},
	{KindEvent, EntityEvent, func() Node { return new(Event) }},
	{KindLinkage, "", func() Node { return new(Linkage) }},
}

// KindNamed returns the kind whose Name is name; false for an unknown name.
func KindNamed(name string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// KindOf returns the kind whose Type is t; false for an unknown type.
func KindOf(t EntityType) (Kind, bool) {
	for _, k := range Kinds {
		if k.Type == t && t != "" {
			return k, true
		}
	}
	return Kind{}, false
}

// kindTypes returns the Types of Kinds, in order, as T.
func kindTypes[T ~string]() []T {
	var out []T
	for _, k := range Kinds {
		if k.Type != "" {
			out = append(out, T(k.Type))
		}
	}
	return out
}
