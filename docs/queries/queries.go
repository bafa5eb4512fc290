// Package queries embeds the example queries of docs/queries: the playground's preloaded tabs
// and the golden tests' inputs.
package queries

import "embed"

// FS holds every *.graphql file of this directory.
//
//go:embed *.graphql
var FS embed.FS
