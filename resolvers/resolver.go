// Package resolvers implements the GraphQL schema (schema.graphqls) over a wsisgraph.Store,
// reading through the per-request loaders of package loaders.
package resolvers

import "github.com/wsisgraph/wsisgraph"

// Resolver is the root resolver. It holds dependencies only; per-request state lives in the
// request context (loaders.For, LangFrom).
type Resolver struct {
	Store wsisgraph.Store
}
