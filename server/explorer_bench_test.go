package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/memory"
)

// BenchmarkExplorerFirstRender opens /explore in headless Chromium b.N times (a new tab each
// time, the browser's cache cleared) on the embedded store and reports the time from the start
// of navigation to the heat map drawn (heatmap-ms, the page's own performance.now() when its
// table is in the document), and the page's weight: the bytes of the HTML, script, style
// sheet and icon, and the same gzipped (gzip -9, as a compressing proxy would send them), and
// the bytes the first view fetched, GraphQL answers included, as the server sends them.
//
//	WSISGRAPH_BROWSER=1 go test ./server -run '^$' -bench ExplorerFirstRender -benchtime 20x
func BenchmarkExplorerFirstRender(b *testing.B) {
	if os.Getenv("WSISGRAPH_BROWSER") != "1" {
		b.Skip("the browser benchmark runs with WSISGRAPH_BROWSER=1")
	}
	d, err := dataset.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(server.New(server.Config{Store: memory.New(d), Logger: slog.New(slog.DiscardHandler)}))
	defer ts.Close()

	// The page's weight: its HTML and every file it references.
	raw, gz := 0, 0
	weigh := func(path string) []byte {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(body)
		w.Close()
		raw += len(body)
		gz += buf.Len()
		return body
	}
	html := weigh("/explore")
	for _, m := range regexp.MustCompile(`(?:src|href)="(/explore/[^"]+)"`).FindAllSubmatch(html, -1) {
		weigh(string(m[1]))
	}

	allocCtx := browserAllocator(b, chromiumPath(b), 1000)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil {
		b.Fatal(err)
	}

	var total, firstView float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx, cancel := chromedp.NewContext(browser)
		ctx, cancelT := context.WithTimeout(ctx, time.Minute)
		err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/explore"))
		var ms float64
		if err == nil {
			ms, err = chromedp.Run(ctx, chromedp.Poll[float64](`window.__explorerFirstMatrix || false`, chromedp.WithPollingTimeout(30*time.Second)))
		}
		var bytes float64
		if err == nil {
			// Everything the first view fetched: the page, its files and its GraphQL answers.
			bytes, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce((n, e) => n + e.encodedBodySize, 0)`))
		}
		cancelT()
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		total += ms
		firstView = bytes
	}
	b.ReportMetric(total/float64(b.N), "heatmap-ms")
	b.ReportMetric(float64(raw), "page-bytes")
	b.ReportMetric(float64(gz), "page-gzip-bytes")
	b.ReportMetric(firstView, "first-view-bytes")
}
