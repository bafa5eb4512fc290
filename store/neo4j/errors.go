package neo4j

import (
	"context"
	"errors"
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
	err   *wsisgraph.Error
	cause error
}

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

// wrapPing classifies a failed Ping or connectivity check: always EUNAVAILABLE.
func wrapPing(err error) error {
	return newBackendError(wsisgraph.EUNAVAILABLE, err)
}

// classify maps a driver error to a code:
//   - a Neo4j status code decides when there is one (see neo4jCode);
//   - a failure to dial or to reach any server is EUNAVAILABLE, even when ctx expired while
//     the driver was retrying;
//   - otherwise ctx's deadline (or cancellation) is ETIMEOUT;
//   - other connection failures (a dropped connection, a closed driver) are EUNAVAILABLE;
//   - anything else is EINTERNAL.
func classify(ctx context.Context, err error) string {
	var (
		neo                           *driver.Neo4jError
		dial, conn, deadline, stopped bool
	)
	walk(err, func(e error) {
		switch t := e.(type) {
		case *driver.Neo4jError:
			if neo == nil {
				neo = t
			}
		case *driver.ConnectivityError:
			conn = true
		case *driver.UsageError:
			// A closed driver or pool: the store is shutting down.
			conn = true
		case *net.OpError:
			if t.Op == "dial" {
				dial = true
			} else {
				conn = true
			}
		}
		switch {
		case e == context.DeadlineExceeded:
			deadline = true
		case e == context.Canceled:
			stopped = true
		case e == io.EOF, errors.Is(e, syscall.ECONNREFUSED), errors.Is(e, syscall.ECONNRESET):
			dial = dial || errors.Is(e, syscall.ECONNREFUSED)
			conn = true
		}
	})
	if neo != nil {
		if code := neo4jCode(neo.Code); code != "" {
			return code
		}
	}
	if ctx != nil && ctx.Err() != nil {
		deadline = deadline || errors.Is(ctx.Err(), context.DeadlineExceeded)
		stopped = stopped || errors.Is(ctx.Err(), context.Canceled)
	}
	switch {
	case dial:
		return wsisgraph.EUNAVAILABLE
	case deadline || stopped:
		return wsisgraph.ETIMEOUT
	case conn:
		return wsisgraph.EUNAVAILABLE
	}
	return wsisgraph.EINTERNAL
}

// neo4jCode maps a Neo4j status code ("Neo.<Classification>.<Category>.<Title>") to an error
// code, or "" to let the other rules decide.
func neo4jCode(status string) string {
	switch {
	case strings.HasPrefix(status, "Neo.ClientError.Transaction.TransactionTimedOut"),
		status == "Neo.TransientError.Transaction.LockAcquisitionTimeout":
		return wsisgraph.ETIMEOUT
	case status == "Neo.ClientError.Transaction.Terminated",
		status == "Neo.TransientError.Transaction.Terminated":
		return "" // terminated because ctx ended, or by an administrator: ctx decides
	case status == "Neo.ClientError.Schema.ConstraintValidationFailed":
		return wsisgraph.ECONFLICT
	case strings.HasPrefix(status, "Neo.ClientError.Security."),
		status == "Neo.ClientError.Database.DatabaseNotFound",
		strings.HasPrefix(status, "Neo.TransientError."),
		strings.HasPrefix(status, "Neo.ClientError.Cluster."):
		return wsisgraph.EUNAVAILABLE
	case strings.HasPrefix(status, "Neo.ClientError.Statement."),
		strings.HasPrefix(status, "Neo."):
		// The statements are constants of this package and their parameters are validated
		// before sending: a rejected statement is a bug.
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
