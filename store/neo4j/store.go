// Package neo4j implements wsisgraph.Store over a Neo4j 5 database.
//
// The graph model is described in docs/neo4j-model.md. Every read method sends exactly one
// Cypher statement in one read transaction (retried by the driver on transient failures);
// Import replaces the whole graph in one write transaction. Cypher text is made only of
// constants of this package: every value, filter and key travels as a parameter.
package neo4j

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

// DefaultDatabase is the database used when Config.Database is empty.
const DefaultDatabase = "neo4j"

// pingTimeout bounds Ping when ctx allows longer.
const pingTimeout = 3 * time.Second

// Config locates a Neo4j server. URI takes the bolt:// or neo4j:// schemes (and their +s and
// +ssc variants). With User and Password both empty the driver sends no credentials.
type Config struct {
	URI      string
	User     string
	Password string
	Database string // DefaultDatabase when empty

	// RefreshInterval is how often a ready graph is checked (its dataset version, model and
	// indexes, see ready.go) and the in-memory copy of the reference data with it (see
	// cache.go); zero: DefaultRefreshInterval; negative: no copy, every read goes to the
	// server, and the graph is checked every DefaultRefreshInterval.
	RefreshInterval time.Duration
	// MaxRetryTime bounds the driver's retries of a read that failed on a transient error
	// or a lost connection; zero: DefaultMaxRetryTime. Keep it well inside the requests'
	// deadline: a request cannot use a retry that ends after it.
	MaxRetryTime time.Duration
	// ImportOnly makes a Store for imports only (`wsisgraph import`): it neither watches the
	// graph's readiness nor keeps reference data, and its reads are not gated.
	ImportOnly bool
	// Logger receives the graph's changes of state (ready, not ready and why); nil:
	// slog.Default().
	Logger *slog.Logger
	// AfterImportBatch, when set, is called after each batch of statements an import sends
	// inside its transaction (step names the statement, batch counts from 0), in the
	// importing goroutine: the import goes on when it returns. It observes an import's
	// progress; a test holds an import open with it.
	AfterImportBatch func(step string, batch int)
}

// DefaultMaxRetryTime is Config.MaxRetryTime's default.
const DefaultMaxRetryTime = time.Second

// Store is a wsisgraph.Store backed by Neo4j. It owns one driver (one connection pool);
// create one Store per process and Close it on shutdown. Safe for concurrent use.
type Store struct {
	drv        driver.DriverWithContext
	db         string
	roundTrips atomic.Int64
	inFlight   atomic.Int64              // statements running now: each holds one pooled connection
	ref        atomic.Pointer[reference] // nil: reads go to the server (see cache.go)
	vocab      vocabHolder               // the vocabulary read without the cache (see vocab.go)
	cacheOn    bool
	stopWatch  context.CancelFunc
	importMu   sync.Mutex

	gated bool                      // reads pass the readiness gate (see ready.go): Open's stores
	state atomic.Pointer[readiness] // the graph's state, published by update and markDown
	rs    readinessState

	// afterBatch, when set (Config.AfterImportBatch, or a test of this package), runs after
	// each batch of an import and aborts the import when it returns an error.
	afterBatch func(step string, batch int) error
}

var _ wsisgraph.Store = (*Store)(nil)

// Open connects to the server described by cfg, verifies that it answers and accepts the
// credentials, checks the graph and starts watching it (see ready.go): the Store answers
// reads only while the graph is ready. Errors are EINVALID for a malformed configuration, and
// EUNAVAILABLE when the server cannot be reached (Reason ReasonUnreachable) or refuses the
// credentials (Reason ReasonCredentials); neither quotes the password.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	s, err := newStore(cfg)
	if err != nil {
		return nil, err
	}
	if err := s.drv.VerifyConnectivity(ctx); err != nil {
		_ = s.drv.Close(context.Background())
		return nil, wrapPing(err)
	}
	if f := cfg.AfterImportBatch; f != nil {
		s.afterBatch = func(step string, batch int) error { f(step, batch); return nil }
	}
	if cfg.ImportOnly {
		return s, nil
	}
	interval := cfg.RefreshInterval
	if interval <= 0 {
		interval = DefaultRefreshInterval
	}
	s.rs.log = cfg.Logger
	if s.rs.log == nil {
		s.rs.log = slog.Default()
	}
	s.cacheOn = cfg.RefreshInterval >= 0
	s.gated = true
	s.state.Store(notChecked)
	s.rs.poke = make(chan struct{}, 1)
	_ = s.update(ctx, false) // a graph that is not ready: reads fail until the watcher sees it ready
	var watchCtx context.Context
	watchCtx, s.stopWatch = context.WithCancel(context.Background())
	go s.watch(watchCtx, interval)
	return s, nil
}

// newStore creates the Store and its driver without contacting the server.
func newStore(cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, wsisgraph.Errorf(wsisgraph.EINVALID, "neo4j: no URI configured")
	}
	auth := driver.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = driver.BasicAuth(cfg.User, cfg.Password, "")
	}
	drv, err := driver.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		// Reads are retried briefly only: an API request should fail fast with
		// SERVICE_UNAVAILABLE while the server is down, not hang until its deadline.
		c.MaxTransactionRetryTime = cfg.MaxRetryTime
		if c.MaxTransactionRetryTime <= 0 {
			c.MaxTransactionRetryTime = DefaultMaxRetryTime
		}
		c.SocketConnectTimeout = time.Second
		c.ConnectionAcquisitionTimeout = 2 * time.Second
		c.MaxConnectionPoolSize = MaxConnections
	})
	if err != nil {
		return nil, &backendError{
			err:   wsisgraph.Errorf(wsisgraph.EINVALID, "neo4j: invalid URI or configuration"),
			cause: err,
		}
	}
	db := cfg.Database
	if db == "" {
		db = DefaultDatabase
	}
	return &Store{drv: drv, db: db}, nil
}

// MaxConnections is the size of the driver's connection pool.
const MaxConnections = 100

// PoolStats returns the connections reads hold now and the pool's maximum. The driver keeps
// idle connections to itself, so only the reads' own use is counted.
func (s *Store) PoolStats() (inUse, max int) {
	return int(s.inFlight.Load()), MaxConnections
}

// Close releases the driver's connections. The Store must not be used afterwards.
func (s *Store) Close(ctx context.Context) error {
	if s.stopWatch != nil {
		s.stopWatch()
	}
	return s.drv.Close(ctx)
}

// RoundTrips returns the number of Cypher statements sent to the server since Open: one per
// read method call with a non-empty input, one per Ping of a ready graph, one per statement
// of an import. Driver-internal retries of the same statement are not counted, nor are the
// statements that check the graph's readiness and load the reference data (ready.go).
func (s *Store) RoundTrips() int64 {
	return s.roundTrips.Load()
}

// read runs one read-only statement in one retried read transaction. When ctx has a
// deadline, the server is asked to abort the transaction at that deadline too. Unless ctx
// carries bypassKey (the readiness checks), it is refused at once while the graph is not
// ready, abandoned when the graph stops being ready while it runs (both with the state's
// error), and its failure is reported to the readiness watcher.
func (s *Store) read(ctx context.Context, cypher string, params map[string]any) ([]*driver.Record, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	bypass := ctx.Value(bypassKey{}) != nil
	var st *readiness
	if !bypass {
		st = s.gate()
	}
	if st != nil {
		if st.err != nil {
			return nil, st.err
		}
		caller := ctx
		rctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		defer context.AfterFunc(st.live, func() { cancel(errGone) })()
		recs, err := s.send(rctx, cypher, params, true)
		if err != nil && caller.Err() == nil {
			if context.Cause(rctx) == errGone {
				if err := s.state.Load().err; err != nil {
					return nil, err
				}
				return nil, notReady(ReasonUnreachable, errGone)
			}
			s.observe(err)
		}
		if err != nil {
			return nil, wrapErr(caller, err)
		}
		return recs, nil
	}
	recs, err := s.send(ctx, cypher, params, !bypass)
	if err != nil {
		return nil, wrapErr(ctx, err)
	}
	return recs, nil
}

// observe reports a failed read's error to the readiness watcher: a lost or refused
// connection marks the graph unreachable at once, refused credentials likewise; a missing
// index or database wakes the watcher.
func (s *Store) observe(err error) {
	switch f := diagnose(err); {
	case f.auth:
		s.markDown(ReasonCredentials, err)
	case f.conn && f.neo == nil:
		s.markDown(ReasonUnreachable, err)
	case f.schema, f.noDatabase, f.conn:
		s.wake()
	}
}

// send runs the statement; count says whether it counts as a round trip.
func (s *Store) send(ctx context.Context, cypher string, params map[string]any, count bool) ([]*driver.Record, error) {
	opts := []driver.ExecuteQueryConfigurationOption{
		driver.ExecuteQueryWithDatabase(s.db),
		driver.ExecuteQueryWithReadersRouting(),
	}
	if dl, ok := ctx.Deadline(); ok {
		left := time.Until(dl)
		if left <= 0 {
			return nil, wrapErr(ctx, context.DeadlineExceeded)
		}
		opts = append(opts, driver.ExecuteQueryWithTransactionConfig(driver.WithTxTimeout(roundUpMillis(left))))
	}
	if count {
		s.roundTrips.Add(1)
	}
	sctx, span := s.startStatement(ctx, cypher)
	s.inFlight.Add(1)
	res, err := driver.ExecuteQuery(sctx, s.drv, cypher, params, driver.EagerResultTransformer, opts...)
	s.inFlight.Add(-1)
	if err != nil {
		endStatement(ctx, span, 0, err)
		return nil, err
	}
	endStatement(ctx, span, len(res.Records), nil)
	return res.Records, nil
}

// ctxErr fails a call whose ctx is already done, as every backend does: ETIMEOUT when the
// deadline passed, the context's own error (context.Canceled) when it was cancelled.
func ctxErr(ctx context.Context) error {
	switch err := ctx.Err(); {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded):
		return newBackendError(wsisgraph.ETIMEOUT, err)
	default:
		return err
	}
}

// roundUpMillis rounds d up to whole milliseconds, the server's transaction-timeout unit, so
// that a sub-millisecond remainder is not read as "no timeout".
func roundUpMillis(d time.Duration) time.Duration {
	return (d + time.Millisecond - 1).Truncate(time.Millisecond)
}

// Ping runs RETURN 1 once, without retries, within pingTimeout. A ctx already done fails as
// for every method (see ctxErr); any other failure is EUNAVAILABLE. On a Store made by Open
// it fails at once, with the state's error, while the graph is not ready, and a failed ping
// marks the graph unreachable.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	if st := s.gate(); st != nil && st.err != nil {
		return st.err
	}
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	sess := s.drv.NewSession(ctx, driver.SessionConfig{
		DatabaseName: s.db,
		AccessMode:   driver.AccessModeRead,
	})
	defer sess.Close(context.Background())
	s.roundTrips.Add(1)
	res, err := sess.Run(ctx, "RETURN 1", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		s.observe(err)
		return wrapPing(err)
	}
	return nil
}

// Version returns the version of the imported dataset, or "" when nothing was imported; an
// EUNAVAILABLE error when the graph was written by another version of this package (see
// graphModel). On a Store made by Open it is the version of the last check (no round trip),
// and an EUNAVAILABLE error with the state's Reason while the graph is not ready.
func (s *Store) Version(ctx context.Context) (string, error) {
	if err := ctxErr(ctx); err != nil {
		return "", err
	}
	if st := s.gate(); st != nil {
		return st.version, st.err
	}
	recs, err := s.read(ctx, cypherVersion, nil)
	if err != nil || len(recs) == 0 {
		return "", err
	}
	if m, _ := recs[0].Values[1].(int64); m != graphModel {
		return "", errOtherModel
	}
	v, _ := recs[0].Values[0].(string)
	return v, nil
}

// Coverage returns the coverage Import computed from the dataset and stored in the Meta node;
// an empty coverage when nothing was imported, EUNAVAILABLE for a graph of another model.
// One round trip.
func (s *Store) Coverage(ctx context.Context) (*wsisgraph.Coverage, error) {
	recs, err := s.read(ctx, cypherCoverage, nil)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return (&dataset.Dataset{}).Coverage(), nil
	}
	if m, _ := recs[0].Values[1].(int64); m != graphModel {
		return nil, errOtherModel
	}
	return decode[wsisgraph.Coverage](recs[0].Values[0])
}

var errOtherModel = wsisgraph.Errorf(wsisgraph.EUNAVAILABLE,
	"neo4j: the graph was written by another version of wsisgraph: import the dataset again (wsisgraph import)")

// decode unmarshals a record's stored JSON. A value that is not the JSON string written by
// Import is an EINTERNAL error.
func decode[T any](v any) (*T, error) {
	out := new(T)
	if err := decodeInto(v, out); err != nil {
		return nil, err
	}
	return out, nil
}

// decodeInto decodes a JSON property value into out.
func decodeInto(v any, out any) error {
	s, ok := v.(string)
	if !ok {
		return errCorrupt
	}
	if err := json.Unmarshal([]byte(s), out); err != nil {
		return &backendError{err: errCorrupt, cause: err}
	}
	return nil
}

var errCorrupt = wsisgraph.Errorf(wsisgraph.EINTERNAL, "neo4j: unexpected data in the graph")
