package neo4j

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wsisgraph/wsisgraph"
)

// Readiness. A Store made by Open answers reads only while the graph it reads is ready: it
// is reachable with the configured credentials, it holds the Meta node with this package's
// graphModel and a dataset version, and every index and constraint the import declares
// (schemaStatements, full-text included) is ONLINE. Until then every read, Version and Ping
// fail at once, without a round trip, with an EUNAVAILABLE error whose Reason names the state
// (the Reason* constants), and the reference data is not kept.
//
// The Store finds out by itself: a watcher checks the graph every Config.RefreshInterval
// while it is ready and every notReadyInterval while it is not (credentialsInterval after a
// refused login, so as not to lock the account out). A read that loses its connection marks
// the graph unreachable at once, which also cancels the reads in flight (the driver would
// otherwise retry them against a server that is gone), and wakes the watcher. An Import
// through the Store checks the graph before it returns.

// The states a graph that is not ready can be in, as an error's Reason and /readyz name them.
const (
	ReasonUnreachable = "unreachable"            // no connection to the server
	ReasonCredentials = "wrong credentials"      // the server refused the user and password
	ReasonNoGraph     = "no graph"               // no dataset imported (an empty database)
	ReasonImporting   = "import in progress"     // no usable graph yet, and an import is running
	ReasonIndexes     = "indexes populating"     // an index the reads need is missing or not ONLINE
	ReasonOtherModel  = "graph of another model" // written by another version of this package
)

// The watcher's intervals while the graph is not ready, and the bound of one check.
const (
	notReadyInterval    = 200 * time.Millisecond
	credentialsInterval = 5 * time.Second
	checkTimeout        = 5 * time.Second
)

// readiness is one published state of the graph, read-only once published.
type readiness struct {
	version string // the dataset version of a ready graph
	err     error  // nil when ready; else a *backendError with its reason
	// live is cancelled when the graph stops being ready (ready states only): reads in
	// flight are then abandoned.
	live   context.Context
	cancel context.CancelCauseFunc
}

var notChecked = &readiness{err: notReady(ReasonUnreachable, nil)}

// The client-facing messages of the states.
var reasonMessages = map[string]string{
	ReasonUnreachable: "the graph database is unavailable",
	ReasonCredentials: "the graph database refused the service's credentials",
	ReasonNoGraph:     "the graph database holds no dataset yet",
	ReasonImporting:   "the dataset is being imported into the graph database",
	ReasonIndexes:     "the graph database is still building its indexes",
	ReasonOtherModel:  errOtherModel.Message,
}

// notReady returns the EUNAVAILABLE error of a graph in state reason.
func notReady(reason string, cause error) error {
	return &backendError{err: &wsisgraph.Error{Code: wsisgraph.EUNAVAILABLE, Message: reasonMessages[reason]}, cause: cause, reason: reason}
}

// errGone cancels the reads in flight when the graph stops being ready.
var errGone = errors.New("neo4j: the graph stopped being ready")

// gate returns the state reads must pass: its err is set when they must not be sent.
func (s *Store) gate() *readiness {
	if !s.gated {
		return nil
	}
	return s.state.Load()
}

// readinessState is the mutable part of the readiness machinery.
type readinessState struct {
	mu   sync.Mutex // serialises publishing
	gen  int        // bumped by markDown: a check begun before it must not publish "ready"
	poke chan struct{}
	log  *slog.Logger
}

// markDown publishes reason at once when the graph was ready (a read lost its connection or
// was refused), and wakes the watcher.
func (s *Store) markDown(reason string, cause error) {
	if !s.gated {
		return
	}
	s.rs.mu.Lock()
	s.rs.gen++
	if cur := s.state.Load(); cur.err == nil {
		s.publish(&readiness{err: notReady(reason, cause)})
	}
	s.rs.mu.Unlock()
	s.wake()
}

func (s *Store) wake() {
	select {
	case s.rs.poke <- struct{}{}:
	default:
	}
}

// publish makes st the current state; s.rs.mu is held. Leaving a ready state drops the
// reference data and abandons the reads in flight; a ready state gets a fresh live context.
func (s *Store) publish(st *readiness) {
	cur := s.state.Load()
	if st.err != nil {
		s.ref.Store(nil)
	} else if st.live == nil {
		if cur.err == nil && cur.live != nil {
			st.live, st.cancel = cur.live, cur.cancel // still ready: reads in flight carry on
		} else {
			st.live, st.cancel = context.WithCancelCause(context.Background())
		}
	}
	s.state.Store(st)
	if cur.err == nil && st.err != nil && cur.cancel != nil {
		cur.cancel(errGone)
	}
	if s.rs.log != nil && ((cur.err == nil) != (st.err == nil) || reasonOf(cur.err) != reasonOf(st.err)) {
		if st.err == nil {
			s.rs.log.Info("neo4j: the graph is ready", "version", st.version)
		} else {
			s.rs.log.Warn("neo4j: the graph is not ready", "reason", reasonOf(st.err), "err", causeOf(st.err))
		}
	}
}

func reasonOf(err error) string {
	var be *backendError
	if errors.As(err, &be) {
		return be.reason
	}
	return ""
}

func causeOf(err error) error {
	var be *backendError
	if errors.As(err, &be) && be.cause != nil {
		return be.cause
	}
	return err
}

// update checks the graph and publishes what it found. A graph found ready with a dataset
// version the reference copy does not hold (or any, with force: after an import, which may
// keep the version but not the data) is published ready without the copy, which is loaded
// next: until it is, reads go to the server, so no answer combines a copy with a graph of
// another version. A check cut short by ctx or by a slow server (or the Store closing)
// publishes nothing: the state stays as it was and the next check decides. It returns the state's
// error.
func (s *Store) update(ctx context.Context, force bool) error {
	s.rs.mu.Lock()
	gen := s.rs.gen
	s.rs.mu.Unlock()
	ctx = context.WithValue(ctx, bypassKey{}, true)
	st := s.check(ctx)
	if f := diagnose(st.err); st.err != nil && (ctx.Err() != nil || f.slow) && !f.dial {
		return s.state.Load().err
	}
	s.rs.mu.Lock()
	if st.err == nil && gen != s.rs.gen {
		// A read saw the server go while this check ran: the watcher checks again.
		err := s.state.Load().err
		s.rs.mu.Unlock()
		return err
	}
	cur := s.state.Load()
	stale := s.cacheOn && st.err == nil
	if r := s.ref.Load(); stale && !force && r != nil && r.version == st.version {
		stale = false
	}
	if stale {
		s.ref.Store(nil)
	}
	if st.err != nil || cur.err != nil || cur.version != st.version || force {
		s.publish(st)
	}
	s.rs.mu.Unlock()
	if !s.cacheOn && st.err == nil {
		// Without the reference copy the vocabulary is held on its own (vocab.go), read
		// again when the graph's version changes.
		if cur := s.vocab.Load(); cur == nil || cur.version != st.version || force {
			if r, err := s.loadReference(ctx, st.version); err == nil {
				s.vocab.Store(&vocabulary{version: st.version, vocab: r.vocab})
			}
		}
	}
	if !stale {
		return st.err
	}
	r, err := s.loadReference(ctx, st.version)
	if err != nil {
		s.observe(err) // a lost connection marks the graph unreachable; else reads go to the server
		return nil
	}
	s.rs.mu.Lock()
	if now := s.state.Load(); now.err == nil && now.version == r.version {
		s.ref.Store(r)
	}
	s.rs.mu.Unlock()
	return nil
}

// check reads the graph's state: its Meta node, its indexes, and, while there is no usable
// graph, whether an import is running. ctx must carry bypassKey: its statements pass the
// gate and are not counted in RoundTrips.
func (s *Store) check(ctx context.Context) *readiness {
	recs, err := s.read(ctx, cypherVersion, nil)
	if err != nil {
		return &readiness{err: s.downError(err)}
	}
	var version string
	switch {
	case len(recs) == 0:
		return s.notReadyOrImporting(ctx, ReasonNoGraph, nil)
	default:
		if m, _ := recs[0].Values[1].(int64); m != graphModel {
			return s.notReadyOrImporting(ctx, ReasonOtherModel, nil)
		}
		version, _ = recs[0].Values[0].(string)
		if version == "" {
			return s.notReadyOrImporting(ctx, ReasonNoGraph, nil)
		}
	}
	recs, err = s.read(ctx, cypherIndexStates, nil)
	if err != nil {
		return &readiness{err: s.downError(err)}
	}
	states := map[string]string{}
	for _, r := range recs {
		name, _ := r.Values[0].(string)
		state, _ := r.Values[1].(string)
		states[name] = state
	}
	var pending []string
	for _, name := range requiredIndexes() {
		if states[name] != "ONLINE" {
			pending = append(pending, name+" "+strings.ToLower(cmpOr(states[name], "missing")))
		}
	}
	if len(pending) > 0 {
		return s.notReadyOrImporting(ctx, ReasonIndexes, errors.New("indexes not online: "+strings.Join(pending, ", ")))
	}
	return &readiness{version: version}
}

// notReadyOrImporting returns reason's state, or ReasonImporting when an import is running.
func (s *Store) notReadyOrImporting(ctx context.Context, reason string, cause error) *readiness {
	recs, err := s.read(ctx, cypherImportsRunning, map[string]any{"db": s.db, "app": txApp, "op": txOpImport})
	if err == nil && len(recs) == 1 {
		if n, _ := recs[0].Values[0].(int64); n > 0 {
			return &readiness{err: notReady(ReasonImporting, cause)}
		}
	}
	return &readiness{err: notReady(reason, cause)}
}

// downError turns the error of a failed check into the state it means.
func (s *Store) downError(err error) error {
	if reasonOf(err) != "" {
		return err
	}
	f := diagnose(err)
	switch {
	case f.auth:
		return notReady(ReasonCredentials, causeOf(err))
	case f.noDatabase:
		return notReady(ReasonNoGraph, causeOf(err))
	}
	return notReady(ReasonUnreachable, causeOf(err))
}

const (
	cypherIndexStates = "SHOW INDEXES YIELD name, state RETURN name, state"
	// Transactions of this package's imports carry the metadata {app: txApp, op: txOpImport}.
	cypherImportsRunning = "SHOW TRANSACTIONS YIELD database, metaData, status " +
		"WHERE database = $db AND metaData.app = $app AND metaData.op = $op RETURN count(*)"
	txApp      = "wsisgraph"
	txOpImport = "import"
)

// requiredIndexes returns the names of the indexes and constraints schemaStatements creates:
// the reads need every one of them ONLINE.
func requiredIndexes() []string {
	var names []string
	for _, st := range schemaStatements() {
		f := strings.Fields(st)
		if i := slices.Index(f, "IF"); f[0] == "CREATE" && i > 0 {
			names = append(names, f[i-1])
		}
	}
	return names
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// watch checks the graph until ctx is done: every interval while it is ready, more often
// while it is not, and at once when woken.
func (s *Store) watch(ctx context.Context, interval time.Duration) {
	t := time.NewTimer(interval)
	defer t.Stop()
	for {
		wait := interval
		if err := s.state.Load().err; err != nil {
			wait = notReadyInterval
			if reasonOf(err) == ReasonCredentials {
				wait = credentialsInterval
			}
		}
		t.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.rs.poke:
			if reasonOf(s.state.Load().err) == ReasonCredentials {
				continue // a refused login is retried on the timer only
			}
		}
		cctx, cancel := context.WithTimeout(ctx, checkTimeout)
		_ = s.update(cctx, false)
		cancel()
	}
}
