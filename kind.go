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
	{KindActionLine, EntityActionLine},
	{KindGoal, EntityGoal},
	{KindTarget, EntityTarget},
	{KindIndicator, EntityIndicator},
	{KindOrganization, EntityOrganization},
	{KindProject, EntityProject},
	{KindPrize, EntityPrize},
	{KindEvent, EntityEvent},
	{KindLinkage, ""},
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
