package main

import (
	"testing"

	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
)

func TestLoaderOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  loaders.Options
		want loaders.Options
	}{
		{"embedded store", loaderOptions(neo4jFlags{}), loaders.InProcessOptions},
		{"neo4j as serve opens it (reference cache on)", loaderOptions(neo4jFlags{uri: "bolt://127.0.0.1:7687"}), loaders.CachedReferenceOptions},
		{"neo4j, cache with its own interval", neo4jLoaderOptions(neo4j.Config{URI: "bolt://x", RefreshInterval: 1}), loaders.CachedReferenceOptions},
		{"neo4j, cache off", neo4jLoaderOptions(neo4j.Config{URI: "bolt://x", RefreshInterval: -1}), loaders.DefaultOptions},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, tc.got, tc.want)
		}
	}
	// The reference loaders of a store that answers them from memory do not wait; the
	// others keep the wait that batches round trips.
	if o := loaders.CachedReferenceOptions; o.ReferenceWait >= 0 || o.Wait != loaders.DefaultOptions.Wait {
		t.Errorf("CachedReferenceOptions = %+v", o)
	}
}
