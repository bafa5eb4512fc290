package load_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph/bench/load"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"none", nil, 0.5, 0},
		{"one", ms(7), 0.99, 7 * time.Millisecond},
		{"median of four is the second", ms(1, 2, 3, 4), 0.5, 2 * time.Millisecond},
		{"p99 of 100 is the 99th", ms(hundred...), 0.99, 99 * time.Millisecond},
		{"p50 of 100 is the 50th", ms(hundred...), 0.5, 50 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := load.Percentile(tc.sorted, tc.p); got != tc.want {
				t.Errorf("Percentile(%v) = %v, want %v", tc.p, got, tc.want)
			}
		})
	}
}

func TestRun(t *testing.T) {
	var served, inFlight, most atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		served.Add(1)
		time.Sleep(2 * time.Millisecond)
		if strings.Contains(r.URL.Path, "bad") {
			w.Write([]byte(`{"errors":[{"message":"no"}]}`))
			return
		}
		w.Write([]byte(`{"data":{}}`))
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name       string
		conc       int
		path       string
		wantErrors bool
	}{
		{"one worker", 1, "/ok", false},
		{"four workers", 4, "/ok", false},
		{"answers with errors count as errors", 2, "/bad", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			served.Store(0)
			most.Store(0)
			var started, ended atomic.Bool
			res, err := load.Run(context.Background(), load.Config{
				Concurrency: tc.conc, Duration: 150 * time.Millisecond, Warmup: 50 * time.Millisecond,
				Requests: []load.Request{{URL: srv.URL + tc.path, Body: []byte(`{}`)}},
				OnStart:  func() { started.Store(true) },
				OnEnd:    func() { ended.Store(started.Load()) },
			})
			if err != nil {
				t.Fatal(err)
			}
			if !ended.Load() {
				t.Error("OnStart and OnEnd did not both run, in order")
			}
			if got := most.Load(); got > int64(tc.conc) {
				t.Errorf("%d requests in flight at once, want at most %d", got, tc.conc)
			}
			if tc.wantErrors {
				if res.Errors == 0 || res.Requests != 0 || res.FirstError == "" {
					t.Errorf("got %d requests, %d errors (%q), want only errors", res.Requests, res.Errors, res.FirstError)
				}
				return
			}
			if res.Errors != 0 || res.Requests == 0 {
				t.Fatalf("got %d requests, %d errors: %s", res.Requests, res.Errors, res.FirstError)
			}
			if int64(res.Requests) >= served.Load() {
				t.Errorf("%d measured of %d served: the warm-up was measured", res.Requests, served.Load())
			}
			if res.P50 < 2*time.Millisecond || res.P99 < res.P50 || res.Max < res.P99 {
				t.Errorf("latencies p50 %v p99 %v max %v: want 2 ms ≤ p50 ≤ p99 ≤ max", res.P50, res.P99, res.Max)
			}
		})
	}
}

func TestRunRefusesOtherHosts(t *testing.T) {
	for _, u := range []string{"http://10.0.0.1/graphql", "http://example.org/graphql", "http://192.168.1.2:8080/"} {
		t.Run(u, func(t *testing.T) {
			_, err := load.Run(context.Background(), load.Config{Concurrency: 1, Duration: time.Millisecond,
				Requests: []load.Request{{URL: u}}})
			if err == nil || !strings.Contains(err.Error(), "loopback") {
				t.Errorf("got %v, want a refusal of a non-loopback address", err)
			}
		})
	}
}

func TestCPUTime(t *testing.T) {
	before, err := load.CPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(100 * time.Millisecond)
	x := 0
	for time.Now().Before(deadline) {
		x++
	}
	after, err := load.CPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Errorf("CPU time went from %v to %v over 100 ms of spinning (%d)", before, after, x)
	}
	if _, err := load.CPUTime(1 << 30); err == nil {
		t.Error("no error for a process that does not exist")
	}
}

// TestRunWaitsForSlowRequests checks MaxDuration: a cell whose requests outlast its
// duration still measures a request per worker, and one whose requests outlast MaxDuration
// abandons them instead of waiting.
func TestRunWaitsForSlowRequests(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, _ := time.ParseDuration(r.URL.Query().Get("sleep"))
		select {
		case <-time.After(d):
		case <-r.Context().Done():
		}
		w.Write([]byte(`{"data":{}}`))
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name          string
		sleep         time.Duration
		maxDuration   time.Duration
		wantMeasured  bool
		wantAbandoned bool
		wantAtMost    time.Duration
		warmup        time.Duration
		wantCutP99    bool
	}{
		{"a slow request is measured", 120 * time.Millisecond, 2 * time.Second, true, false, time.Second, 100 * time.Millisecond, false},
		{"without MaxDuration a slow cell can stay empty", 120 * time.Millisecond, 0, false, false, time.Second, 100 * time.Millisecond, false},
		{"past MaxDuration requests are abandoned", time.Second, 300 * time.Millisecond, false, true, 900 * time.Millisecond, 100 * time.Millisecond, false},
		{"an abandoned measured request makes p99 unanswered", time.Second, 300 * time.Millisecond, false, true, 900 * time.Millisecond, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			res, err := load.Run(context.Background(), load.Config{
				Concurrency: 2, Duration: 20 * time.Millisecond, Warmup: tc.warmup, MaxDuration: tc.maxDuration,
				Requests: []load.Request{{URL: srv.URL + "/?sleep=" + tc.sleep.String(), Body: []byte(`{}`)}},
			})
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took > tc.wantAtMost {
				t.Errorf("took %v, want at most %v", took, tc.wantAtMost)
			}
			if measured := res.Requests >= 2; measured != tc.wantMeasured {
				t.Errorf("%d requests measured (2 workers), want measured = %v", res.Requests, tc.wantMeasured)
			}
			if (res.Abandoned > 0) != tc.wantAbandoned || res.Errors != 0 {
				t.Errorf("%d abandoned, %d errors (%s)", res.Abandoned, res.Errors, res.FirstError)
			}
			if (res.P99 == load.Unanswered) != tc.wantCutP99 {
				t.Errorf("p99 %v, want unanswered = %v", res.P99, tc.wantCutP99)
			}
		})
	}
}
