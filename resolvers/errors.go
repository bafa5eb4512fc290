package resolvers

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wsisgraph/wsisgraph"
)

// Outward error codes, the values of `extensions.code`.
const (
	CodeBadUserInput       = "BAD_USER_INPUT"
	CodeNotFound           = "NOT_FOUND"
	CodeCostLimitExceeded  = "COST_LIMIT_EXCEEDED"
	CodeDepthLimitExceeded = "DEPTH_LIMIT_EXCEEDED"
	CodeRateLimited        = "RATE_LIMITED"
	CodeTimeout            = "TIMEOUT"
	CodeServiceUnavailable = "SERVICE_UNAVAILABLE"
	CodeInternal           = "INTERNAL"
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
	wsisgraph.EINTERNAL:    CodeInternal,
}

// OutwardCode returns the `extensions.code` for a domain error code.
func OutwardCode(code string) string {
	if c, ok := outwardCodes[code]; ok {
		return c
	}
	return CodeInternal
}

// ErrorPresenter turns any resolver error into a GraphQL error with an outward code. Errors
// gqlgen raised itself (parsing, validation) keep their codes; a context deadline is TIMEOUT;
// any error without a domain code is INTERNAL with a generic message, logged with its cause.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gqlErr *gqlerror.Error
		if errors.As(err, &gqlErr) && gqlErr.Err == nil {
			return gqlErr // raised by gqlgen itself: parse and validation errors
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

// RecoverFunc answers a resolver panic as INTERNAL and logs it.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", p, "path", graphql.GetPath(ctx).String())
		return wsisgraph.Errorf(wsisgraph.EINTERNAL, "internal error")
	}
}
