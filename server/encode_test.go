package server

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestEncodeResponse checks that encodeResponse writes what encoding/json writes, but for an
// answer without data (a request error), which has no `data` key.
func TestEncodeResponse(t *testing.T) {
	yes := true
	tests := []struct {
		name string
		resp *graphql.Response
	}{
		{"data", &graphql.Response{Data: json.RawMessage(`{"goals":[{"number":1,"title":"é \"q\""}]}`)}},
		{"data and extensions", &graphql.Response{Data: json.RawMessage(`{"a":1}`), Extensions: map[string]any{"cost": map[string]int{"requested": 3}}}},
		{"errors, no data", &graphql.Response{Errors: gqlerror.List{{Message: "bad", Extensions: map[string]any{"code": "BAD_USER_INPUT"}}}}},
		{"errors and data", &graphql.Response{Data: json.RawMessage(`{"a":null}`), Errors: gqlerror.List{{Message: "x"}}}},
		{"incremental", &graphql.Response{Data: json.RawMessage(`{}`), HasNext: &yes, Label: "l"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := encodeResponse(tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(tc.resp)
			if tc.resp.Data == nil {
				want = []byte(strings.Replace(string(want), `,"data":null`, "", 1))
			}
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatalf("not JSON: %s", got)
			}
			_ = json.Unmarshal(want, &w)
			if !reflect.DeepEqual(g, w) {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
}
