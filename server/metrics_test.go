package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/server"
)

// scrape returns the value of every sample of /metrics whose line starts with prefix, summed.
func scrape(t *testing.T, base, prefix string) float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	sum := 0.0
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		f, err := strconv.ParseFloat(line[strings.LastIndex(line, " ")+1:], 64)
		if err != nil {
			t.Fatalf("metric line %q: %v", line, err)
		}
		sum += f
	}
	return sum
}

// TestMetricsAndLogs sends requests of known outcomes and checks the counters, histograms
// and the one log line per request.
func TestMetricsAndLogs(t *testing.T) {
	logs := &syncBuffer{}
	// A long loader wait makes the batch sizes independent of scheduling.
	ts := httptest.NewServer(newServer(t, server.Config{Logger: slog.New(slog.NewJSONHandler(logs, nil)), Loaders: loaders.Options{Wait: 20 * time.Millisecond, MaxBatch: 1000}}))
	defer ts.Close()
	reqs := []gqlReq{
		{query: `query Goals { goals { number targets { code } } }`},
		{query: `query Goals { goals { number targets { code } } }`}, // from the response cache
		{query: `query Deep { actionLine(code: "C2") { ` + strings.Repeat("parent { ", 12) + "code" + strings.Repeat(" }", 12) + " } }"},
		{query: `query Bad { goal(number: 1) { title(lang: "xx") } }`},
		{query: `query Goals { goals { nope } }`},
		{query: `{ goal(number: 2) { number } }`, header: map[string]string{"X-Request-Id": "dashboard-42"}},
		{query: `query with_a_name_too_long_for_a_label_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx { goals { number } }`},
	}
	for _, r := range reqs {
		do(t, ts.URL, r)
	}
	tests := []struct {
		prefix string
		want   float64
	}{
		{`wsisgraph_requests_total{operation="Goals",outcome="ok"}`, 1},
		{`wsisgraph_requests_total{operation="Goals",outcome="cached"}`, 1},
		{`wsisgraph_requests_total{operation="anonymous",outcome="invalid"}`, 1}, // an operation that fails validation has no name unless sent
		{`wsisgraph_requests_total{operation="Deep",outcome="rejected"}`, 1},
		{`wsisgraph_requests_total{operation="Bad",outcome="invalid"}`, 1},
		{`wsisgraph_requests_total{operation="anonymous",outcome="ok"}`, 1},
		{`wsisgraph_requests_total{operation="other",outcome="ok"}`, 1},
		{`wsisgraph_request_duration_seconds_count{operation="Goals",outcome="ok"}`, 1},
		{`wsisgraph_errors_total{code="DEPTH_LIMIT_EXCEEDED"}`, 1},
		{`wsisgraph_errors_total{code="BAD_USER_INPUT"}`, 1},
		{`wsisgraph_errors_total{code="GRAPHQL_VALIDATION_FAILED"}`, 1},
		{`wsisgraph_query_cost_count`, 6}, // all but the one that failed validation
		{`wsisgraph_response_cache_requests_total{result="hit"}`, 1},
		{`wsisgraph_loader_batch_size_count{method="TargetsByGoal"}`, 1},
		{`wsisgraph_store_calls_total{method="Goals"}`, 2},
	}
	for _, tc := range tests {
		if got := scrape(t, ts.URL, tc.prefix); got != tc.want {
			t.Errorf("%s = %v, want %v", tc.prefix, got, tc.want)
		}
	}
	if got := scrape(t, ts.URL, `wsisgraph_loader_batch_size_sum{method="TargetsByGoal"}`); got != 17 {
		t.Errorf("TargetsByGoal batch size sum = %v, want 17 (one batch of the 17 goals)", got)
	}

	recs := logs.records(t, "request")
	if len(recs) != len(reqs) {
		t.Fatalf("%d request log lines for %d requests", len(recs), len(reqs))
	}
	idRE := regexp.MustCompile(`^[0-9a-f]{24}$`)
	for i, rec := range recs {
		for _, k := range []string{"request_id", "operation", "cost", "duration_ms", "outcome", "status"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("log line %d has no %s: %v", i, k, rec)
			}
		}
		id, _ := rec["request_id"].(string)
		if i == 5 {
			if id != "dashboard-42" {
				t.Errorf("log line %d: request_id %q, want the client's dashboard-42", i, id)
			}
		} else if !idRE.MatchString(id) {
			t.Errorf("log line %d: request_id %q is not a generated id", i, id)
		}
	}
	if recs[2]["outcome"] != "rejected" || recs[2]["status"] != float64(200) {
		t.Errorf("deep query logged as %v %v", recs[2]["outcome"], recs[2]["status"])
	}
}
