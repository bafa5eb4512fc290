package wsisgraph

import (
	"errors"
	"fmt"
)

// Error codes: the one vocabulary every layer uses. The GraphQL layer maps each to an outward
// `extensions.code` in exactly one place (server.ErrorPresenter).
const (
	EINVALID     = "invalid"      // the caller's input is malformed or out of range
	ENOTFOUND    = "not_found"    // a referenced entity does not exist
	ECONFLICT    = "conflict"     // the write clashes with data already there
	EUNAVAILABLE = "unavailable"  // the backend cannot be reached now; retrying later may work
	ETIMEOUT     = "timeout"      // the request's deadline passed
	EINTERNAL    = "internal"     // a bug or an unexpected backend answer
	ECOSTLIMIT   = "cost_limit"   // the query's computed cost is above the limit
	EDEPTHLIMIT  = "depth_limit"  // the query nests deeper than allowed
	ERATELIMITED = "rate_limited" // the client spent its budget
	EALIASLIMIT  = "alias_limit"  // the query uses more aliases than allowed
	EROOTLIMIT   = "root_limit"   // the query selects more root fields than allowed
	ETOKENLIMIT  = "token_limit"  // the query text has more tokens than allowed
	ETOOLARGE    = "too_large"    // the request body is larger than allowed
	EBADREQUEST  = "bad_request"  // the HTTP request is not a GraphQL request (undecodable body, wrong method)

	ENOTTRUSTED      = "not_trusted"      // the endpoint runs trusted documents only, and the caller sent another query
	EDOCUMENTUNKNOWN = "document_unknown" // no persisted or trusted document has the id the caller sent
)

// Error is an error with a code from the vocabulary above and a message fit for the client.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other
// non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the message of the first *Error in err's chain, or a generic message
// for any other error, so that backend details never reach a client.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "internal error"
	}
}
