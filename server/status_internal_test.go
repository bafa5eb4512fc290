package server

import (
	"testing"

	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestStatusFor checks the status of an answer whose operation was not executed, in both
// media types.
func TestStatusFor(t *testing.T) {
	errs := func(codes ...string) gqlerror.List {
		var l gqlerror.List
		for _, c := range codes {
			l = append(l, &gqlerror.Error{Message: c, Extensions: map[string]any{"code": c}})
		}
		return l
	}
	tests := []struct {
		codes      []string
		json, gqlr int
	}{
		{[]string{"GRAPHQL_PARSE_FAILED"}, 200, 400},
		{[]string{"GRAPHQL_VALIDATION_FAILED", "GRAPHQL_VALIDATION_FAILED"}, 200, 400},
		{[]string{"COST_LIMIT_EXCEEDED"}, 200, 400},
		{[]string{"PERSISTED_QUERY_NOT_FOUND"}, 200, 400},
		{[]string{"BAD_REQUEST"}, 400, 400},
		{[]string{"RATE_LIMITED"}, 429, 429},
		{[]string{"GRAPHQL_VALIDATION_FAILED", "RATE_LIMITED"}, 429, 429},
		{[]string{"INTERNAL"}, 200, 500},
		{[]string{"SERVICE_UNAVAILABLE"}, 200, 503},
		{[]string{"TIMEOUT"}, 200, 504},
	}
	for _, tc := range tests {
		if got := statusFor(errs(tc.codes...), "application/json"); got != tc.json {
			t.Errorf("%v as application/json: %d, want %d", tc.codes, got, tc.json)
		}
		if got := statusFor(errs(tc.codes...), graphQLResponseJSON); got != tc.gqlr {
			t.Errorf("%v as %s: %d, want %d", tc.codes, graphQLResponseJSON, got, tc.gqlr)
		}
	}
}
