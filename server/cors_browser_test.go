package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wsisgraph/wsisgraph/server"
)

// crossOriginFetches is run by a page on another origin than the API: a POST that carries
// the headers dashboards add (tracing, Apollo's client name, one of the page's own), which
// the browser preflights, then a GET; it reports what the page can read of the answers.
const crossOriginFetches = `(async () => {
	const out = {};
	const post = await fetch(API, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			'traceparent': '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
			'tracestate': 'vendor=1',
			'baggage': 'dashboard=demo',
			'sentry-trace': '4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1',
			'apollographql-client-name': 'demo-dashboard',
			'apollographql-client-version': '1.2.3',
			'x-dashboard-build': '42',
		},
		body: JSON.stringify({query: '{ goals { number } rateLimit { remaining } }'}),
	});
	out.postStatus = post.status;
	out.remaining = post.headers.get('X-RateLimit-Remaining');
	out.reset = post.headers.get('X-RateLimit-Reset');
	out.requestId = post.headers.get('X-Request-Id');
	const body = await post.json();
	out.goals = body.data.goals.length;
	out.fieldRemaining = body.data.rateLimit.remaining;

	const url = API + '?query=' + encodeURIComponent('{ goal(number: 9) { number } }');
	const get = await fetch(url, {headers: {'traceparent': '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'}});
	out.getStatus = get.status;
	out.etag = get.headers.get('ETag');
	out.limit = get.headers.get('X-RateLimit-Limit');
	await get.text();
	await new Promise((resolve) => setTimeout(resolve, 200));
	const timing = performance.getEntriesByName(url)[0];
	out.transferSize = timing ? timing.transferSize : -1;
	out.responseStart = timing ? timing.responseStart : -1;
	return JSON.stringify(out);
})()`

// TestCrossOriginDashboardInChromium loads a page from one origin in headless Chromium and
// calls the API on another, as a partner dashboard does: a request with tracing,
// client-name and made-up headers passes its preflight, the page reads the exposed headers
// (ETag, the X-RateLimit-* budget, X-Request-Id), and Timing-Allow-Origin gives it the full
// Resource Timing of its requests (transferSize, responseStart: 0 without it). It fails on
// any console error, such as a CORS refusal.
//
//	WSISGRAPH_BROWSER=1 go test ./server -run TestCrossOriginDashboardInChromium -v
func TestCrossOriginDashboardInChromium(t *testing.T) {
	if os.Getenv("WSISGRAPH_BROWSER") != "1" {
		t.Skip("the browser test runs with WSISGRAPH_BROWSER=1 (scripts/test sets it when Chromium is installed)")
	}
	api := httptest.NewServer(newServer(t, server.Config{}))
	defer api.Close()
	apiURL, _ := json.Marshal(api.URL + "/graphql")
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><title>dashboard</title><script>const API = ` + string(apiURL) + `;</script>`))
	}))
	defer page.Close()

	tab := openWatchedTab(t, 600, 2*time.Minute)
	if err := chromedp.Do(tab.ctx, chromedp.Navigate(page.URL+"/")); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(tab.ctx, chromedp.Evaluate[string](crossOriginFetches, chromedp.EvalAwaitPromise))
	_, problems := tab.finish()
	if err != nil {
		t.Fatalf("the page's fetches failed: %v; console: %q", err, problems)
	}
	if len(problems) > 0 {
		t.Errorf("console errors: %q", problems)
	}
	var got struct {
		PostStatus, GetStatus, Goals, FieldRemaining int
		Remaining, Reset, RequestID, Etag, Limit     string
		TransferSize, ResponseStart                  float64
	}
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	t.Logf("the page read: %s", raw)
	if got.PostStatus != 200 || got.Goals != 17 || got.GetStatus != 200 {
		t.Fatalf("statuses %d, %d and %d goals", got.PostStatus, got.GetStatus, got.Goals)
	}
	if got.Remaining != strconv.Itoa(got.FieldRemaining) || got.Reset == "" || got.RequestID == "" || got.Etag == "" || got.Limit == "" {
		t.Errorf("exposed headers the page could not read: %s", raw)
	}
	if got.TransferSize <= 0 || got.ResponseStart <= 0 {
		t.Errorf("Resource Timing hidden from the page (transferSize %v, responseStart %v): no Timing-Allow-Origin?", got.TransferSize, got.ResponseStart)
	}
}
