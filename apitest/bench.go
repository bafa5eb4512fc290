package apitest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkExamples runs every docs/queries example against h (serving /graphql) as a
// sub-benchmark, reporting the p50 and p99 latency of its iterations as "p50-ms" and
// "p99-ms", and, when roundTrips is not nil, the backend round trips per request it counts
// as "round-trips/op".
func BenchmarkExamples(b *testing.B, h http.Handler, roundTrips func() int64) {
	for _, tc := range Cases(b) {
		if !strings.HasPrefix(tc.Name, "example-") {
			continue
		}
		body, _ := json.Marshal(map[string]string{"query": tc.Query})
		b.Run(strings.TrimPrefix(tc.Name, "example-"), func(b *testing.B) {
			var lat []time.Duration
			var trips int64
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				var before int64
				if roundTrips != nil {
					before = roundTrips()
				}
				start := time.Now()
				h.ServeHTTP(w, req)
				lat = append(lat, time.Since(start))
				if roundTrips != nil {
					trips += roundTrips() - before
				}
				if w.Code != http.StatusOK || strings.Contains(w.Body.String(), `"errors"`) {
					b.Fatalf("%d %s", w.Code, clip(w.Body.Bytes()))
				}
			}
			slices.Sort(lat)
			pct := func(p float64) float64 {
				return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond)
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
			if roundTrips != nil {
				b.ReportMetric(float64(trips)/float64(len(lat)), "round-trips/op")
			}
		})
	}
}
