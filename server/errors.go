package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/csvexport"
)

// Outward error codes, the values of `extensions.code`. Besides these, errors gqlgen raises
// itself keep gqlgen's codes: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED and
// PERSISTED_QUERY_NOT_FOUND (the same as CodePersistedQueryNotFound).
const (
	CodeBadUserInput           = "BAD_USER_INPUT"
	CodeBadRequest             = "BAD_REQUEST"
	CodeNotFound               = "NOT_FOUND"
	CodeCostLimitExceeded      = "COST_LIMIT_EXCEEDED"
	CodeDepthLimitExceeded     = "DEPTH_LIMIT_EXCEEDED"
	CodeAliasLimitExceeded     = "ALIAS_LIMIT_EXCEEDED"
	CodeRootFieldLimitExceeded = "ROOT_FIELD_LIMIT_EXCEEDED"
	CodeTokenLimitExceeded     = "TOKEN_LIMIT_EXCEEDED"
	CodeBodyTooLarge           = "BODY_TOO_LARGE"
	CodeRateLimited            = "RATE_LIMITED"
	CodeTimeout                = "TIMEOUT"
	CodeServiceUnavailable     = "SERVICE_UNAVAILABLE"
	CodeInternal               = "INTERNAL"
	CodePersistedQueryRequired = "PERSISTED_QUERY_REQUIRED"
	CodePersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND"
)

// outwardCodes maps the domain's error codes to outward codes: the one place they meet.
var outwardCodes = map[string]string{
	wsisgraph.EINVALID:     CodeBadUserInput,
	wsisgraph.ENOTFOUND:    CodeNotFound,
	wsisgraph.ECONFLICT:    CodeBadUserInput,
	wsisgraph.EUNAVAILABLE: CodeServiceUnavailable,
	wsisgraph.ETIMEOUT:     CodeTimeout,
	wsisgraph.ECOSTLIMIT:   CodeCostLimitExceeded,
	wsisgraph.EDEPTHLIMIT:  CodeDepthLimitExceeded,
	wsisgraph.ERATELIMITED: CodeRateLimited,
	wsisgraph.EALIASLIMIT:  CodeAliasLimitExceeded,
	wsisgraph.EROOTLIMIT:   CodeRootFieldLimitExceeded,
	wsisgraph.ETOKENLIMIT:  CodeTokenLimitExceeded,
	wsisgraph.ETOOLARGE:    CodeBodyTooLarge,
	wsisgraph.EBADREQUEST:  CodeBadRequest,
	wsisgraph.EINTERNAL:    CodeInternal,

	wsisgraph.ENOTTRUSTED:      CodePersistedQueryRequired,
	wsisgraph.EDOCUMENTUNKNOWN: CodePersistedQueryNotFound,
}

// errorStatus maps outward codes to the HTTP status of an answer that fails with them where
// the status names the failure (see StatusOf): the one such map, read by the GraphQL
// transport and handed to csvexport.
var errorStatus = map[string]int{
	CodeBadRequest:         http.StatusBadRequest,
	CodeRateLimited:        http.StatusTooManyRequests,
	CodeInternal:           http.StatusInternalServerError,
	CodeServiceUnavailable: http.StatusServiceUnavailable,
	CodeTimeout:            http.StatusGatewayTimeout,

	CodePersistedQueryRequired: http.StatusBadRequest,
}

// StatusOf returns the HTTP status of an answer that fails with the outward code: 400
// BAD_REQUEST and PERSISTED_QUERY_REQUIRED, 429 RATE_LIMITED, 500 INTERNAL, 503 SERVICE_UNAVAILABLE, 504 TIMEOUT, and 422
// for any other code (bad input, not found, a limit, a query that fails parsing or
// validation).
func StatusOf(code string) int {
	if st, ok := errorStatus[code]; ok {
		return st
	}
	return http.StatusUnprocessableEntity
}

// Errors is how the service names a failure outside a GraphQL answer (OutwardCode and
// StatusOf), for csvexport.
var Errors csvexport.Errors = outward{}

type outward struct{}

func (outward) OutwardCode(code string) string { return OutwardCode(code) }
func (outward) Status(code string) int         { return StatusOf(code) }

// gqlgenTokenLimit starts the message of the parse error gqlgen raises when a query has more
// tokens than handler.Server.SetParserTokenLimit allows.
const gqlgenTokenLimit = "exceeded token limit"

// OutwardCode returns the `extensions.code` for a domain error code.
func OutwardCode(code string) string {
	if c, ok := outwardCodes[code]; ok {
		return c
	}
	return CodeInternal
}

// ErrorPresenter turns any error into a GraphQL error with an outward code, so that every
// error a client sees carries `extensions.code`. Errors gqlgen raised itself (parsing,
// validation, persisted queries) keep their codes, except the parser's token limit, which is
// TOKEN_LIMIT_EXCEEDED; one without a code is BAD_REQUEST. A context deadline is TIMEOUT; any
// error without a domain code is INTERNAL with a generic message, logged with its cause.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gqlErr *gqlerror.Error
		if errors.As(err, &gqlErr) && gqlErr.Err == nil {
			// raised by gqlgen itself: parse, validation and persisted-query errors
			if strings.HasPrefix(gqlErr.Message, gqlgenTokenLimit) {
				setCode(gqlErr, CodeTokenLimitExceeded)
			} else if _, ok := gqlErr.Extensions["code"].(string); !ok {
				setCode(gqlErr, CodeBadRequest)
			}
			return gqlErr
		}
		code := wsisgraph.ErrorCode(err)
		if code == wsisgraph.EINTERNAL {
			switch {
			case errors.Is(err, context.DeadlineExceeded):
				code = wsisgraph.ETIMEOUT
				err = wsisgraph.Errorf(code, "the request took longer than its deadline")
			case errors.Is(err, context.Canceled):
				code = wsisgraph.ETIMEOUT
				err = wsisgraph.Errorf(code, "the request was cancelled")
			default:
				log.ErrorContext(ctx, "internal error", "err", err, "path", graphql.GetPath(ctx).String())
			}
		}
		e := graphql.DefaultErrorPresenter(ctx, wsisgraph.Errorf(code, "%s", wsisgraph.ErrorMessage(err)))
		if e.Extensions == nil {
			e.Extensions = map[string]any{}
		}
		e.Extensions["code"] = OutwardCode(code)
		return e
	}
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// RecoverFunc answers a resolver panic as INTERNAL and logs it with its stack.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", p, "path", graphql.GetPath(ctx).String(), "stack", string(debug.Stack()))
		return wsisgraph.Errorf(wsisgraph.EINTERNAL, "internal error")
	}
}
