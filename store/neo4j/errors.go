package neo4j

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wsisgraph/wsisgraph"
)

// backendError is what every Store method returns for a failure of the database. Error() is
// err's message, generic and fit for a client; the driver's error, which may quote Cypher or
// server internals, is reachable through Unwrap and Cause for logs only.
type backendError struct {
	err    *wsisgraph.Error
	cause  error
	reason string // for a graph that is not ready: its state (the Reason* constants)
}

// Reason names the state of a graph that is not ready (ReasonNoGraph, …), or is "".
func (e *backendError) Reason() string { return e.reason }

func (e *backendError) Error() string { return e.err.Message }

// Unwrap exposes both the coded error (for wsisgraph.ErrorCode) and the driver's cause (for
// errors.Is/As, e.g. context.DeadlineExceeded).
func (e *backendError) Unwrap() []error { return []error{e.err, e.cause} }

// Cause returns the driver's original error.
func (e *backendError) Cause() error { return e.cause }

// The client-facing messages, one per code.
var messages = map[string]string{
	wsisgraph.EUNAVAILABLE: "the graph database is unavailable",
	wsisgraph.ETIMEOUT:     "the graph database did not answer in time",
	wsisgraph.EINVALID:     "the graph database rejected the request",
	wsisgraph.ECONFLICT:    "the data conflicts with the graph's constraints",
	wsisgraph.EINTERNAL:    "internal error in the graph database backend",
}

func newBackendError(code string, cause error) error {
	return &backendError{err: &wsisgraph.Error{Code: code, Message: messages[code]}, cause: cause}
}

// wrapErr classifies err, returned by the driver for a call made with ctx.
func wrapErr(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var be *backendError
	if errors.As(err, &be) {
		return err
	}
	return newBackendError(classify(ctx, err), err)
}

// errTooLarge is an import that does not fit in the server's transaction memory: retrying
// does not help, the server needs more (dbms.memory.transaction.total.max, heap).
var errTooLarge = &wsisgraph.Error{Code: wsisgraph.EINTERNAL,
	Message: "the import does not fit in the graph database's transaction memory"}

// wrapImportErr classifies err from an import's write transaction.
func wrapImportErr(ctx context.Context, err error) error {
	var oom bool
	walk(err, func(e error) {
		if n, ok := e.(*driver.Neo4jError); ok && strings.HasSuffix(n.Code, ".MemoryPoolOutOfMemoryError") {
			oom = true
		}
	})
	if oom {
		return &backendError{err: errTooLarge, cause: err}
	}
	return wrapErr(ctx, err)
}

// wrapPing classifies a failed Ping or connectivity check: always EUNAVAILABLE, with the
// reason ReasonCredentials when the server refused the credentials, else ReasonUnreachable.
func wrapPing(err error) error {
	if diagnose(err).auth {
		return notReady(ReasonCredentials, err)
	}
	return notReady(ReasonUnreachable, err)
}

// failure is what a driver error says about the server, beyond its code.
type failure struct {
	conn       bool // the connection failed or was lost: the server is gone or going
	slow       bool // the server or the pool did not answer in time: it may still be there
	dial       bool // no connection could be made at all
	auth       bool // the server refused the credentials
	schema     bool // an index or constraint the statement needs is missing
	noDatabase bool // the database does not exist
	deadline   bool // a context deadline passed
	stopped    bool // a context was cancelled
	retryable  bool // the driver deems it transient
	neo        *driver.Neo4jError
}

// diagnose reads err and every error it wraps.
func diagnose(err error) failure {
	var f failure
	var wrapped, lost bool // a ConnectivityError; a connection actually refused or broken
	f.retryable = driver.IsRetryable(err)
	walk(err, func(e error) {
		switch t := e.(type) {
		case *driver.Neo4jError:
			if f.neo == nil {
				f.neo = t
			}
			switch {
			case t.Code == "Neo.ClientError.Security.Unauthorized",
				t.Code == "Neo.ClientError.Security.AuthenticationRateLimit",
				t.Code == "Neo.ClientError.Security.CredentialsExpired",
				t.Code == "Neo.ClientError.Security.TokenExpired":
				f.auth = true
			case t.Code == "Neo.ClientError.Database.DatabaseNotFound":
				f.noDatabase = true
			case strings.HasPrefix(t.Code, "Neo.ClientError.Schema.") && t.Code != "Neo.ClientError.Schema.ConstraintValidationFailed",
				t.Code == "Neo.ClientError.Procedure.ProcedureCallFailed" && strings.Contains(strings.ToLower(t.Msg), "index"):
				f.schema = true
			}
		case *driver.ConnectivityError:
			wrapped = true
		case *driver.TokenExpiredError, *driver.InvalidAuthenticationError:
			f.auth = true
		case *driver.UsageError:
			// A closed driver or pool (the store is shutting down) or a transaction the driver
			// dropped; other misuses are bugs.
			if m := strings.ToLower(t.Message); strings.Contains(m, "closed") || strings.Contains(m, "invalid transaction") {
				lost = true
			}
		case *net.OpError:
			if t.Timeout() && t.Op != "dial" {
				f.slow = true
			} else {
				lost = true
				f.dial = f.dial || t.Op == "dial"
			}
		}
		// The driver's own connection and pool errors live in an internal package: they are
		// known by their type names.
		switch strings.TrimPrefix(fmt.Sprintf("%T", e), "*errorutil.") {
		case "PoolOutOfServers", "ReadRoutingTableError", "CommitFailedDeadError", "TlsError":
			lost = true
		case "PoolTimeout", "PoolFull", "ConnectionReadTimeout", "ConnectionWriteTimeout":
			f.slow = true
		case "ConnectionReadCanceled", "ConnectionWriteCanceled":
			f.stopped = true
		}
		switch {
		case e == context.DeadlineExceeded:
			f.deadline = true
		case e == context.Canceled:
			f.stopped = true
		case errors.Is(e, syscall.ECONNREFUSED):
			lost, f.dial = true, true
		case e == io.EOF, errors.Is(e, io.ErrUnexpectedEOF), errors.Is(e, syscall.ECONNRESET), errors.Is(e, syscall.EPIPE):
			lost = true
		}
	})
	// A connectivity error that is only a context ending or a slow answer is not a lost server.
	f.conn = lost || (wrapped && !f.slow && !f.deadline && !f.stopped)
	return f
}

// classify maps a driver error to a code:
//   - a Neo4j status code decides when there is one (see neo4jCode);
//   - a failure to reach the server (no connection could be made) is EUNAVAILABLE, even when
//     ctx expired while the driver was retrying;
//   - otherwise ctx's deadline (or cancellation) is ETIMEOUT;
//   - a lost or refused connection, a closed driver, a server or pool too slow to answer
//     before the request's deadline, and any error the driver deems transient are
//     EUNAVAILABLE;
//   - anything else is EINTERNAL: a statement the server rejects, a value the driver cannot
//     send, an error of unknown kind.
func classify(ctx context.Context, err error) string {
	f := diagnose(err)
	if f.neo != nil {
		if code := neo4jCode(f.neo); code != "" {
			return code
		}
	}
	if f.auth || f.noDatabase || f.schema {
		return wsisgraph.EUNAVAILABLE
	}
	if ctx != nil && ctx.Err() != nil {
		f.deadline = f.deadline || errors.Is(ctx.Err(), context.DeadlineExceeded)
		f.stopped = f.stopped || errors.Is(ctx.Err(), context.Canceled)
	}
	switch {
	case f.dial:
		return wsisgraph.EUNAVAILABLE
	case f.deadline || f.stopped:
		return wsisgraph.ETIMEOUT
	case f.conn, f.slow, f.retryable,
		f.neo != nil && strings.HasSuffix(f.neo.Code, ".Terminated"): // by the server, not by ctx
		return wsisgraph.EUNAVAILABLE
	}
	return wsisgraph.EINTERNAL
}

// neo4jCode maps a Neo4j status ("Neo.<Classification>.<Category>.<Title>") to an error code,
// or "" to let the other rules decide:
//   - a transaction timeout or a lock wait that timed out: ETIMEOUT;
//   - a transaction terminated (because ctx ended, or by an administrator): ctx decides;
//   - a constraint violated by a write: ECONFLICT;
//   - the server refusing the credentials or the rights, a database that does not exist or
//     is not available, a missing index or constraint (Schema; a full-text query on an index
//     that is not there), a node deleted by a concurrent import (EntityNotFound), any
//     transient error and any error of the database itself (DatabaseError): EUNAVAILABLE —
//     the graph is not in a state to answer, and retrying later may work;
//   - a statement the server rejects (syntax, types, arguments, parameters) or a malformed
//     request: EINTERNAL, since the statements are constants of this package and their
//     parameters are validated before sending.
func neo4jCode(e *driver.Neo4jError) string {
	status := e.Code
	switch {
	case strings.HasPrefix(status, "Neo.ClientError.Transaction.TransactionTimedOut"),
		status == "Neo.TransientError.Transaction.LockAcquisitionTimeout":
		return wsisgraph.ETIMEOUT
	case status == "Neo.ClientError.Transaction.Terminated",
		status == "Neo.TransientError.Transaction.Terminated":
		return ""
	case status == "Neo.ClientError.Schema.ConstraintValidationFailed":
		return wsisgraph.ECONFLICT
	case strings.HasPrefix(status, "Neo.ClientError.Security."),
		strings.HasPrefix(status, "Neo.ClientError.Database."),
		strings.HasPrefix(status, "Neo.ClientError.Schema."),
		strings.HasPrefix(status, "Neo.ClientError.Cluster."),
		strings.HasPrefix(status, "Neo.ClientError.Transaction."),
		status == "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
		status == "Neo.ClientError.Statement.EntityNotFound",
		status == "Neo.ClientError.Procedure.ProcedureCallFailed" && strings.Contains(strings.ToLower(e.Msg), "index"),
		strings.HasPrefix(status, "Neo.TransientError."),
		strings.HasPrefix(status, "Neo.DatabaseError."):
		return wsisgraph.EUNAVAILABLE
	case strings.HasPrefix(status, "Neo."):
		return wsisgraph.EINTERNAL
	}
	return ""
}

// walk calls f on err and every error it wraps, including the driver's wrappers that have no
// Unwrap method (ConnectivityError.Inner, TransactionExecutionLimit.Errors).
func walk(err error, f func(error)) {
	seen := 0
	var visit func(error)
	visit = func(e error) {
		if e == nil || seen > 64 {
			return
		}
		seen++
		f(e)
		switch t := e.(type) {
		case *driver.ConnectivityError:
			visit(t.Inner)
		case *driver.TransactionExecutionLimit:
			for _, inner := range t.Errors {
				visit(inner)
			}
		case interface{ Unwrap() []error }:
			for _, inner := range t.Unwrap() {
				visit(inner)
			}
		case interface{ Unwrap() error }:
			visit(t.Unwrap())
		}
	}
	visit(err)
}
