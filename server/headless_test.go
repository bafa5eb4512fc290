package server_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath returns the Chromium the browser tests drive; the test fails when there is none.
func chromiumPath(tb testing.TB) string {
	tb.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		tb.Fatalf("WSISGRAPH_BROWSER=1 but no Chromium: %v (apt-get install chromium)", err)
	}
	return chromium
}

// browserAllocator starts headless Chromium with a width × height window and no network beyond
// 127.0.0.1 (any other host name fails to resolve). It is stopped when the test ends.
func browserAllocator(tb testing.TB, chromium string, height int) context.Context {
	allocCtx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1400, height),
	)
	tb.Cleanup(cancel)
	return allocCtx
}

// watchedTab is a browser tab that records every request it sends and every uncaught exception
// or console error (but for the browser's own /favicon.ico request). Its fields are read only
// through finish.
type watchedTab struct {
	ctx    context.Context
	cancel func()

	wg       sync.WaitGroup
	mu       sync.Mutex
	requests []string
	problems []string
}

// openWatchedTab opens a tab in a new headless Chromium, subscribed before any page loads, so
// that no request or message is missed; every action on it fails after timeout.
func openWatchedTab(tb testing.TB, height int, timeout time.Duration) *watchedTab {
	tab := &watchedTab{}
	ctx, cancel := chromedp.NewContext(browserAllocator(tb, chromiumPath(tb), height))
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	tab.ctx = ctx
	tab.cancel = func() { cancelTimeout(); cancel() }
	tb.Cleanup(tab.cancel)

	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	console := chromedp.Console(ctx)
	tab.wg.Go(func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			tab.mu.Lock()
			tab.requests = append(tab.requests, ev.Request.URL)
			tab.mu.Unlock()
		}
	})
	tab.wg.Go(func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError && !strings.HasSuffix(m.URL, "/favicon.ico") {
				tab.mu.Lock()
				tab.problems = append(tab.problems, fmt.Sprintf("%s %s:%d %s", m.Type, m.URL, m.Line+1, m.Text))
				tab.mu.Unlock()
			}
		}
	})
	return tab
}

// finish closes the tab and returns the requests it sent and the problems it logged, in order.
func (tab *watchedTab) finish() (requests, problems []string) {
	tab.cancel()
	tab.wg.Wait()
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return tab.requests, tab.problems
}
