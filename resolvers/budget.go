package resolvers

import (
	"context"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/graph/model"
)

// Budget is the rate budget of the client sending a request, as the service charged it.
// Without rate limiting (Limited false) only Cost, MaxCost and DryRun are set.
type Budget struct {
	Limited         bool
	Limit           int
	RefillPerMinute int
	Cost            int
	MaxCost         int
	Remaining       int
	ResetAt         time.Time
	DryRun          bool
}

type budgetKey struct{}

// WithBudget returns ctx carrying the function that reports the request's budget; it is
// called while the operation executes, after the budget was charged.
func WithBudget(ctx context.Context, f func() Budget) context.Context {
	return context.WithValue(ctx, budgetKey{}, f)
}

// budgetFrom returns the request's budget; ok is false when the service set none.
func budgetFrom(ctx context.Context) (b Budget, ok bool) {
	f, ok := ctx.Value(budgetKey{}).(func() Budget)
	if !ok {
		return Budget{}, false
	}
	return f(), true
}

// rateLimit answers Query.rateLimit from the request's budget; an EINTERNAL error when the
// service set none.
func rateLimit(ctx context.Context) (*model.RateLimit, error) {
	b, ok := budgetFrom(ctx)
	if !ok {
		return nil, wsisgraph.Errorf(wsisgraph.EINTERNAL, "the rate budget is not known to this server")
	}
	out := &model.RateLimit{Cost: b.Cost, MaxCost: b.MaxCost, DryRun: b.DryRun}
	if b.Limited {
		reset := b.ResetAt.UTC().Format(time.RFC3339)
		out.Limit, out.RefillPerMinute, out.Remaining, out.ResetAt = &b.Limit, &b.RefillPerMinute, &b.Remaining, &reset
	}
	return out, nil
}
