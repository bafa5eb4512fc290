package neo4j

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wsisgraph/wsisgraph"
)

// TestClassify maps each kind of driver failure to its code: INTERNAL is left for statements
// the server rejects and errors of unknown kind.
func TestClassify(t *testing.T) {
	neo := func(code, msg string) error { return &driver.Neo4jError{Code: code, Msg: msg} }
	expired, cancel := context.WithTimeout(context.Background(), -1)
	defer cancel()
	live := context.Background()
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	cases := []struct {
		name string
		ctx  context.Context
		err  error
		want string
	}{
		{"connection refused", live, &driver.ConnectivityError{Inner: dial}, wsisgraph.EUNAVAILABLE},
		{"connection refused after the deadline", expired, &driver.ConnectivityError{Inner: dial}, wsisgraph.EUNAVAILABLE},
		{"connection lost mid-query (EOF)", live, &driver.ConnectivityError{Inner: io.EOF}, wsisgraph.EUNAVAILABLE},
		{"connection reset", live, fmt.Errorf("read: %w", syscall.ECONNRESET), wsisgraph.EUNAVAILABLE},
		{"defunct connection, unexpected EOF", live, fmt.Errorf("reading: %w", io.ErrUnexpectedEOF), wsisgraph.EUNAVAILABLE},
		{"read on a connection that broke", live, &net.OpError{Op: "read", Net: "tcp", Err: syscall.EPIPE}, wsisgraph.EUNAVAILABLE},
		{"retries exhausted on a lost connection", live, &driver.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&driver.ConnectivityError{Inner: io.EOF}}}, wsisgraph.EUNAVAILABLE},
		{"retries exhausted on a transient error", live, &driver.TransactionExecutionLimit{Cause: "timeout", Errors: []error{neo("Neo.TransientError.General.DatabaseUnavailable", "")}}, wsisgraph.EUNAVAILABLE},
		{"transient", live, neo("Neo.TransientError.Transaction.DeadlockDetected", ""), wsisgraph.EUNAVAILABLE},
		{"database starting", live, neo("Neo.TransientError.General.DatabaseUnavailable", ""), wsisgraph.EUNAVAILABLE},
		{"database error", live, neo("Neo.DatabaseError.General.UnknownError", ""), wsisgraph.EUNAVAILABLE},
		{"no such database", live, neo("Neo.ClientError.Database.DatabaseNotFound", ""), wsisgraph.EUNAVAILABLE},
		{"missing full-text index", live, neo("Neo.ClientError.Procedure.ProcedureCallFailed", "Failed to invoke procedure `db.index.fulltext.queryNodes`: Caused by: java.lang.IllegalArgumentException: There is no such fulltext schema index: search"), wsisgraph.EUNAVAILABLE},
		{"missing index", live, neo("Neo.ClientError.Schema.IndexNotFound", ""), wsisgraph.EUNAVAILABLE},
		{"node deleted by an import", live, neo("Neo.ClientError.Statement.EntityNotFound", ""), wsisgraph.EUNAVAILABLE},
		{"wrong password", live, neo("Neo.ClientError.Security.Unauthorized", ""), wsisgraph.EUNAVAILABLE},
		{"locked out", live, neo("Neo.ClientError.Security.AuthenticationRateLimit", ""), wsisgraph.EUNAVAILABLE},
		{"terminated by the server", live, neo("Neo.TransientError.Transaction.Terminated", ""), wsisgraph.EUNAVAILABLE},
		{"terminated at the deadline", expired, neo("Neo.ClientError.Transaction.Terminated", ""), wsisgraph.ETIMEOUT},
		{"transaction timeout", live, neo("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", ""), wsisgraph.ETIMEOUT},
		{"lock wait timeout", live, neo("Neo.TransientError.Transaction.LockAcquisitionTimeout", ""), wsisgraph.ETIMEOUT},
		{"deadline", expired, context.DeadlineExceeded, wsisgraph.ETIMEOUT},
		{"read timeout on a live connection", live, &driver.ConnectivityError{Inner: &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}}, wsisgraph.EUNAVAILABLE},
		{"read timeout at the deadline", expired, &driver.ConnectivityError{Inner: &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}}, wsisgraph.ETIMEOUT},
		{"closed driver", live, &driver.UsageError{Message: "Trying to create session on closed driver"}, wsisgraph.EUNAVAILABLE},
		{"constraint", live, neo("Neo.ClientError.Schema.ConstraintValidationFailed", ""), wsisgraph.ECONFLICT},
		{"syntax error: a bug", live, neo("Neo.ClientError.Statement.SyntaxError", ""), wsisgraph.EINTERNAL},
		{"type error: a bug", live, neo("Neo.ClientError.Statement.TypeError", ""), wsisgraph.EINTERNAL},
		{"other procedure failure: a bug", live, neo("Neo.ClientError.Procedure.ProcedureCallFailed", "wrong argument"), wsisgraph.EINTERNAL},
		{"value the driver cannot send: a bug", live, &driver.UsageError{Message: "unsupported type"}, wsisgraph.EINTERNAL},
		{"unknown", live, errors.New("something else"), wsisgraph.EINTERNAL},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := classify(c.ctx, c.err); got != c.want {
				t.Errorf("classify(%v) = %s, want %s", c.err, got, c.want)
			}
		})
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string { return "i/o timeout" }
func (timeoutErr) Timeout() bool { return true }

// TestDiagnoseSlowIsNotLost checks that a server too slow to answer is not taken for a lost
// one: only a lost connection marks the graph unreachable (Store.observe).
func TestDiagnoseSlowIsNotLost(t *testing.T) {
	slow := &driver.ConnectivityError{Inner: &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}}
	if f := diagnose(slow); f.conn || !f.slow {
		t.Errorf("a read timeout: %+v, want slow, not lost", f)
	}
	if f := diagnose(&driver.ConnectivityError{Inner: context.DeadlineExceeded}); f.conn {
		t.Errorf("a connectivity error for a passed deadline: %+v, want not lost", f)
	}
	limit := &driver.TransactionExecutionLimit{Cause: "timeout", Errors: []error{slow}}
	if f := diagnose(limit); f.conn {
		t.Errorf("retries exhausted on a read timeout: %+v, want not lost", f)
	}
	for _, lost := range []error{
		&driver.ConnectivityError{Inner: io.EOF},
		&driver.ConnectivityError{Inner: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}},
		&driver.ConnectivityError{Inner: fmt.Errorf("write: %w", syscall.EPIPE)},
	} {
		if f := diagnose(lost); !f.conn {
			t.Errorf("%v: %+v, want lost", lost, f)
		}
	}
}

// TestRequiredIndexes checks that the readiness check requires every index and constraint
// the import creates, the search index included.
func TestRequiredIndexes(t *testing.T) {
	names := requiredIndexes()
	n := 0
	for _, st := range schemaStatements() {
		if len(st) > 7 && st[:7] == "CREATE " {
			n++
		}
	}
	if len(names) != n || n == 0 {
		t.Fatalf("%d names for %d CREATE statements: %v", len(names), n, names)
	}
	for _, want := range []string{searchIndexName, "project_key_unique", "fulltext_titles"} {
		found := false
		for _, name := range names {
			found = found || name == want
		}
		if !found {
			t.Errorf("%s missing from %v", want, names)
		}
	}
}
