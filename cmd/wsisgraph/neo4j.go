package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
)

func (n neo4jFlags) config() neo4j.Config {
	return neo4j.Config{URI: n.uri, User: n.user, Password: n.password, Database: n.database, MaxRetryTime: n.maxRetry}
}

// openError explains a failure to open the store at nf: the password is never part of it.
func openError(nf neo4jFlags, err error) error {
	var r interface{ Reason() string }
	if errors.As(err, &r) && r.Reason() == neo4j.ReasonCredentials {
		return fmt.Errorf("neo4j at %s refused the credentials of user %q (wrong user or password): check NEO4J_USER and NEO4J_PASSWORD", redactURI(nf.uri), nf.user)
	}
	return fmt.Errorf("neo4j at %s: %w", redactURI(nf.uri), err)
}

// redactURI drops a password written into the URI's user information.
func redactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.User == nil {
		return uri
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// openNeo4j opens the Neo4j store. Neo4j must answer and accept the credentials; then the
// store serves while its graph is ready (see the neo4j package's readiness): while there is
// no graph, an import runs, indexes populate or Neo4j is down, requests fail with
// SERVICE_UNAVAILABLE and /readyz answers 503 with the reason, until the graph is ready.
func openNeo4j(ctx context.Context, log *slog.Logger, nf neo4jFlags) (wsisgraph.Store, func(), error) {
	cfg := nf.config()
	cfg.Logger = log
	s, err := neo4j.Open(ctx, cfg)
	if err != nil {
		return nil, nil, openError(nf, err)
	}
	v, err := s.Version(ctx)
	if err != nil {
		log.Warn("neo4j: not serving until the graph is ready", "uri", redactURI(nf.uri), "database", nf.database, "err", err.Error())
	} else {
		log.Info("neo4j store", "uri", redactURI(nf.uri), "database", nf.database, "version", v)
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
	if nf.err != nil {
		return nf.err
	}
	cfg := nf.config()
	cfg.ImportOnly = true
	s, err := neo4j.Open(ctx, cfg)
	if err != nil {
		return openError(nf, err)
	}
	defer s.Close(context.Background())
	start := time.Now()
	if err := s.Import(ctx, d); err != nil {
		return fmt.Errorf("import failed, the previous graph is unchanged: %w", err)
	}
	log.Info("imported", "uri", redactURI(nf.uri), "version", d.Version, "projects", len(d.Projects), "organizations", len(d.Organizations), "duration", time.Since(start).String())
	return nil
}
