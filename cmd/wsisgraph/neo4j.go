package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
)

func (n neo4jFlags) config() neo4j.Config {
	return neo4j.Config{URI: n.uri, User: n.user, Password: n.password, Database: n.database}
}

// openNeo4j opens the Neo4j store. Start-up does not wait for Neo4j: while it is down,
// requests fail with SERVICE_UNAVAILABLE and /readyz answers 503 until it is back.
func openNeo4j(ctx context.Context, log *slog.Logger, nf neo4jFlags) (wsisgraph.Store, func(), error) {
	s, err := neo4j.Open(ctx, nf.config())
	if err != nil {
		return nil, nil, fmt.Errorf("neo4j at %s: %w", nf.uri, err)
	}
	v, err := s.Version(ctx)
	if err != nil {
		log.Warn("neo4j holds no dataset yet: run `wsisgraph import`", "uri", nf.uri, "err", err)
	} else {
		log.Info("neo4j store", "uri", nf.uri, "database", nf.database, "version", v)
	}
	return s, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Close(ctx)
	}, nil
}

// loadDataset returns the shipped dataset plus the partner files of dir, if any.
func loadDataset(dir string) (*dataset.Dataset, error) {
	d, err := dataset.Embedded()
	if err != nil {
		return nil, fmt.Errorf("loading the embedded dataset: %w", err)
	}
	if dir == "" {
		return d, nil
	}
	return d.LoadPartnerDir(dir)
}

func importCmd(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("import", flag.ExitOnError)
	dataDir := fset.String("data", env("WSISGRAPH_DATA", ""), "a directory of partner files (*.csv, *.json: projects and organisations) to load on top of the shipped dataset (env WSISGRAPH_DATA)")
	var nf neo4jFlags
	nf.register(fset)
	fset.Parse(args)
	if nf.uri == "" {
		return fmt.Errorf("import needs -neo4j-uri or NEO4J_URI")
	}
	d, err := loadDataset(*dataDir)
	if err != nil {
		return err
	}
	s, err := neo4j.Open(ctx, nf.config())
	if err != nil {
		return fmt.Errorf("neo4j at %s: %w", nf.uri, err)
	}
	defer s.Close(context.Background())
	start := time.Now()
	if err := s.Import(ctx, d); err != nil {
		return fmt.Errorf("import failed, the previous graph is unchanged: %w", err)
	}
	log.Info("imported", "uri", nf.uri, "version", d.Version, "projects", len(d.Projects), "organizations", len(d.Organizations), "duration", time.Since(start).String())
	return nil
}
