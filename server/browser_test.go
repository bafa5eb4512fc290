package server_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/docs/queries"
	"github.com/wsisgraph/wsisgraph/playground"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/memory"
)

// responseText is the whole text of GraphiQL's result pane (a CodeMirror 5 editor, which
// renders only the lines in view), "" before the first answer.
const responseText = `(() => {
	const cm = document.querySelector('.graphiql-response .CodeMirror');
	return cm && cm.CodeMirror ? cm.CodeMirror.getValue() : '';
})()`

// visibleResponse is the text of the result pane as rendered on screen.
const visibleResponse = `document.querySelector('.graphiql-response').innerText`

// TestPlaygroundRunsExamples opens the playground of the real server (embedded store, the
// docs/queries examples) in headless Chromium and uses it as a person does: it runs the
// first example with the run button, switches to the WSIS Prizes tab and runs it with
// Ctrl-Enter, opens a query shared as a link (?query=…&variables=…), runs it and takes a link
// back from the link button, and reads each answer in the result pane. It fails on a request beyond the
// server, an uncaught exception or a console error. Screenshots go to
// $WSISGRAPH_SCREENSHOT_DIR, else to a temporary directory; their paths are logged.
//
//	WSISGRAPH_BROWSER=1 go test ./server -run TestPlaygroundRunsExamples -v
func TestPlaygroundRunsExamples(t *testing.T) {
	if os.Getenv("WSISGRAPH_BROWSER") != "1" {
		t.Skip("the browser test runs with WSISGRAPH_BROWSER=1 (scripts/test sets it when Chromium is installed)")
	}
	shots := os.Getenv("WSISGRAPH_SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	examples, err := playground.LoadExamples(queries.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(server.Config{Store: memory.New(d), Examples: examples, Logger: slog.New(slog.DiscardHandler)}))
	defer ts.Close()

	// What the page must show, asked of the API directly.
	var goals struct {
		Goals []struct {
			Number     int
			ShortTitle string
		}
	}
	apiAnswer(t, ts.URL, exampleNamed(t, examples, "query Goals "), &goals)
	prizesQuery := exampleNamed(t, examples, "query Prizes2015 ")
	var prizes struct {
		Prizes struct {
			Nodes []struct{ Project struct{ Title string } }
		}
	}
	apiAnswer(t, ts.URL, prizesQuery, &prizes)
	if len(goals.Goals) != 17 || len(prizes.Prizes.Nodes) == 0 {
		t.Fatalf("the API answers %d goals and %d prizes", len(goals.Goals), len(prizes.Prizes.Nodes))
	}
	lastGoal := goals.Goals[16]
	firstPrize := prizes.Prizes.Nodes[0].Project.Title

	tab := openWatchedTab(t, 900, 2*time.Minute)
	ctx := tab.ctx

	shoot := func(t *testing.T, name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		path := filepath.Join(shots, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d bytes)", path, len(png))
	}
	// waitAnswer waits until the result pane holds an answer containing want.
	waitAnswer := func(t *testing.T, step, want string) string {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Poll[string](
			fmt.Sprintf(`(() => { const s = %s; return s.includes(%q) ? s : false; })()`, responseText, want),
			chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			now, _ := chromedp.Run(ctx, chromedp.Evaluate[string](responseText))
			shoot(t, step+"-failed.png")
			t.Fatalf("%s: the result pane never showed %q: %v\nresult pane: %s", step, want, err, now)
		}
		return got
	}

	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-execute-button")),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-query-editor .CodeMirror")),
	); err != nil {
		t.Fatalf("opening the playground: %v", err)
	}

	t.Run("run button", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".graphiql-execute-button"))); err != nil {
			t.Fatalf("clicking the run button: %v", err)
		}
		all := waitAnswer(t, "goals", fmt.Sprintf(`"number": %d`, lastGoal.Number))
		if title, _ := json.Marshal(lastGoal.ShortTitle); !strings.Contains(all, `"shortTitle": `+string(title)) {
			t.Errorf("the answer lacks goal %d's short title %s", lastGoal.Number, title)
		}
		visible, err := chromedp.Run(ctx, chromedp.Evaluate[string](visibleResponse))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(visible, `"goals"`) || !strings.Contains(visible, `"number": 1`) {
			t.Errorf("the result pane does not show the goals on screen:\n%s", visible)
		}
		shoot(t, "playground-goals.png")
	})

	t.Run("tab and Ctrl-Enter", func(t *testing.T) {
		// A person clicks the tab titled after the example's operation, then runs it from
		// the editor with the keyboard.
		if err := chromedp.Do(ctx,
			chromedp.Click(`//button[contains(@class, "graphiql-tab-button") and normalize-space(.) = "Prizes2015"]`),
			chromedp.Poll[chromedp.Void](`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue().includes('query Prizes2015')`,
				chromedp.WithPollingTimeout(10*time.Second)),
			// A person reads the query before running it. GraphiQL takes the operation's
			// name from the editor 100 ms after a change: a run sooner than that sends the
			// previous tab's operationName ("operation Goals not found").
			chromedp.Sleep(500*time.Millisecond),
		); err != nil {
			t.Fatalf("switching to the prizes tab: %v", err)
		}
		// Click into the query's first lines (the editor's middle can be beyond its right
		// edge, and clicking there scrolls the text sideways), then press Ctrl-Enter.
		box, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ X, Y float64 }](
			`(() => { const r = document.querySelector('.graphiql-query-editor .CodeMirror').getBoundingClientRect(); return {x: r.left + 120, y: r.top + 60}; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx,
			chromedp.MouseClickXY(box.X, box.Y),
			chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		); err != nil {
			t.Fatalf("pressing Ctrl-Enter in the editor: %v", err)
		}
		title, _ := json.Marshal(firstPrize)
		waitAnswer(t, "prizes", `"title": `+string(title))
		visible, err := chromedp.Run(ctx, chromedp.Evaluate[string](visibleResponse))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(visible, firstPrize) {
			t.Errorf("the first prize's project %q is not on screen:\n%s", firstPrize, visible)
		}
		shoot(t, "playground-prizes.png")
	})

	t.Run("link", func(t *testing.T) {
		// A query shared as a link opens as a tab with its variables, runs, and the link
		// button gives back a link that opens it again.
		const shared = "query SharedGoal($n: Int!) { goal(number: $n) { number shortTitle } }"
		link := ts.URL + "/?" + url.Values{"query": {shared}, "variables": {`{"n": 4}`}}.Encode()
		if err := chromedp.Do(ctx,
			chromedp.Navigate(link),
			chromedp.WaitVisible(chromedp.CSS(".graphiql-execute-button")),
			chromedp.Poll[chromedp.Void](`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue().includes('query SharedGoal')`,
				chromedp.WithPollingTimeout(10*time.Second)),
			chromedp.Sleep(500*time.Millisecond),
			chromedp.Click(chromedp.CSS(".graphiql-execute-button")),
		); err != nil {
			shoot(t, "link-failed.png")
			t.Fatalf("opening the link: %v", err)
		}
		waitAnswer(t, "link", `"number": 4`)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".wsisgraph-copy-link"))); err != nil {
			t.Fatalf("clicking the link button: %v", err)
		}
		got, err := chromedp.Run(ctx, chromedp.Poll[string](
			`(() => { const b = document.querySelector('.wsisgraph-copy-link'); return b && b.dataset.link === location.href ? location.href : false; })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil {
			t.Fatalf("the link button put no link in the address bar: %v", err)
		}
		u, err := url.Parse(got)
		if err != nil || u.Query().Get("query") != shared || !strings.Contains(u.Query().Get("variables"), `"n": 4`) {
			t.Errorf("the link %s does not carry the tab's query and variables", got)
		}
		shoot(t, "playground-link.png")
	})

	requests, problems := tab.finish()
	for _, p := range problems {
		t.Errorf("browser console: %s", p)
	}
	origin, _ := url.Parse(ts.URL)
	graphql := 0
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Host != origin.Host) {
			t.Errorf("the page requested %s, beyond the server %s", r, ts.URL)
		}
		if err == nil && u.Host == origin.Host && u.Path == "/graphql" {
			graphql++
		}
	}
	t.Logf("%d requests, all to %s; %d to /graphql", len(requests), ts.URL, graphql)
	// Introspection for the docs and the Explorer, then the three runs.
	if graphql < 4 {
		t.Errorf("%d requests to /graphql, want at least 4 (schema and three runs): %q", graphql, requests)
	}
}

// exampleNamed returns the query of the example that contains marker.
func exampleNamed(t *testing.T, examples []playground.Example, marker string) string {
	t.Helper()
	for _, e := range examples {
		if strings.Contains(e.Query, marker) {
			return e.Query
		}
	}
	t.Fatalf("no example contains %q", marker)
	return ""
}

// apiAnswer posts query to the server at base and decodes its data into out.
func apiAnswer(t *testing.T, base, query string, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || len(res.Errors) > 0 {
		t.Fatalf("POST /graphql: %v %v", err, res.Errors)
	}
	if err := json.Unmarshal(res.Data, out); err != nil {
		t.Fatal(err)
	}
}
