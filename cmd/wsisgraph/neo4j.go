package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"

	"github.com/wsisgraph/wsisgraph"
)

func openNeo4j(ctx context.Context, log *slog.Logger, nf neo4jFlags) (wsisgraph.Store, func(), error) {
	return nil, nil, errors.New("the Neo4j backend is not available in this build")
}

func importCmd(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("import", flag.ExitOnError)
	var nf neo4jFlags
	nf.register(fset)
	fset.Parse(args)
	return errors.New("import needs the Neo4j backend")
}
