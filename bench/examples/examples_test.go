// Package examples benchmarks every docs/queries example through the whole HTTP handler, on
// the embedded store and, when NEO4J_URI is set, on Neo4j loaded with the same dataset, as
// `serve` configures each, with the response cache and the rate limit off. Each sub-benchmark
// reports p50-ms, p99-ms and round-trips/op (store calls on the embedded store, Cypher
// statements on Neo4j).
//
//	go test ./bench/examples -run '^$' -bench . -benchtime 200x
//	NEO4J_URI=bolt://127.0.0.1:7687 go test ./bench/examples -run '^$' -bench . -benchtime 200x
package examples

import (
	"context"
	"log/slog"
	"os"
	"testing"

	"github.com/wsisgraph/wsisgraph/apitest"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/memory"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
)

func BenchmarkExamples(b *testing.B) {
	d, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("memory", func(b *testing.B) {
		srv := server.New(server.Config{Store: memory.New(d), NoResponseCache: true, RatePerMinute: -1, Loaders: loaders.InProcessOptions, Logger: quiet})
		apitest.BenchmarkExamples(b, srv, srv.StoreCalls)
	})
	b.Run("neo4j", func(b *testing.B) {
		uri := os.Getenv("NEO4J_URI")
		if uri == "" {
			b.Skip("NEO4J_URI not set")
		}
		ctx := context.Background()
		s, err := neo4j.Open(ctx, neo4j.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD")})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close(ctx)
		if err := s.Import(ctx, d); err != nil {
			b.Fatal(err)
		}
		srv := server.New(server.Config{Store: s, NoResponseCache: true, RatePerMinute: -1, Loaders: loaders.CachedReferenceOptions, Logger: quiet})
		apitest.BenchmarkExamples(b, srv, s.RoundTrips)
	})
}

var quiet = slog.New(slog.DiscardHandler)
