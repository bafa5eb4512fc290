// Package resolvers implements the GraphQL schema (schema.graphqls). Every read goes through
// the request's loaders (package loaders), which the server builds over its store for each
// request and which decide how reads are batched; resolvers never call the store.
package resolvers

// Resolver is the root resolver. It holds no state: per-request state lives in the request
// context (loaders.For, LangFrom).
type Resolver struct{}
