package server_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/server"
	"github.com/wsisgraph/wsisgraph/store/memory"
)

// TestExplorerInChromium opens the explorer (/explore) of the real server in headless Chromium,
// on the embedded store and on Neo4j, and uses each view as a person does: the heat map and
// one cell's detail, the graph and the paths between two entities, a chart whose bar filters
// the list below it, a shared URL, the Arabic page, the playground link. What the page must
// show is asked of the API first. axe-core checks every view for serious and critical
// accessibility violations; the test fails on a request beyond the server, an uncaught
// exception or a console error. Screenshots go to $WSISGRAPH_SCREENSHOT_DIR when it is set.
//
//	WSISGRAPH_BROWSER=1 go test ./server -run TestExplorerInChromium -v
//
// The Neo4j run uses the server package's own Neo4j (NEO4J_FAULT_URI, which scripts/test
// starts): the shared NEO4J_URI is re-imported by other packages' tests running at the same time.
func TestExplorerInChromium(t *testing.T) {
	if os.Getenv("WSISGRAPH_BROWSER") != "1" {
		t.Skip("the browser test runs with WSISGRAPH_BROWSER=1 (scripts/test sets it when Chromium is installed)")
	}
	axe := axeSource(t)
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("memory", func(t *testing.T) {
		exploreInBrowser(t, memory.New(d), axe, "")
	})
	t.Run("neo4j", func(t *testing.T) {
		uri, _ := faultNeo4j(t)
		store := openNeo4j(t, uri)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		v, err := store.Version(ctx)
		cancel()
		if err != nil || v != d.Version {
			importWithin(t, store, d, 5*time.Minute)
		}
		exploreInBrowser(t, store, axe, "neo4j-")
	})
}

// axeSource returns axe-core's browser script from explorer/web/node_modules, installing the
// pinned packages with npm ci when they are missing.
func axeSource(t *testing.T) string {
	t.Helper()
	web := filepath.Join("..", "explorer", "web")
	file := filepath.Join(web, "node_modules", "axe-core", "axe.min.js")
	if _, err := os.Stat(file); err != nil {
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = web
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in explorer/web (for axe-core): %v\n%s", err, out)
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// gqlVars posts query with variables to the server at base and decodes its data into out.
func gqlVars(t *testing.T, base, query string, vars map[string]any, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
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

type hop struct{ From, To, Relation string }

func exploreInBrowser(t *testing.T, store wsisgraph.Store, axe, prefix string) {
	shots := os.Getenv("WSISGRAPH_SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	// A loaded machine can keep a fresh Neo4j past the default 10 s per request: the test checks
	// what is drawn, not how fast.
	ts := httptest.NewServer(server.New(server.Config{Store: store, RequestTimeout: 2 * time.Minute, Logger: slog.New(slog.DiscardHandler)}))
	defer ts.Close()

	// What the page must show, asked of the API.
	const line, goal = "C7.e-environment", 13
	lineID := base64.RawStdEncoding.EncodeToString([]byte("ActionLine:" + line))
	goal1ID := base64.RawStdEncoding.EncodeToString([]byte("Goal:1"))
	var api struct {
		Matrix struct {
			Rows []struct {
				ActionLine struct{ Code string }
				Cells      []struct{ Goal struct{ Number int } }
			}
			Columns []struct{ Goal struct{ Number int } }
		}
		ActionLine struct {
			ID       string
			Linkages []struct {
				Goal      struct{ Number int }
				Target    *struct{ Code string }
				Rationale *string
			}
		}
		Neighborhood struct{ Nodes []struct{ ID string } }
		Paths        []struct {
			Hops []struct {
				From, To struct{ ID string }
				Relation string
			}
		}
		Ar     struct{ ShortTitle string }
		Prizes struct{ Nodes []struct{ Year int } }
	}
	gqlVars(t, ts.URL, `query ($line: String!, $lineID: ID!, $to: ID!) {
		matrix { rows { actionLine { code } cells { goal { number } } } columns { goal { number } } }
		actionLine(code: $line) { id linkages { goal { number } target { code } rationale } }
		neighborhood(id: $lineID, depth: 1, first: 200) { nodes { id } }
		paths(from: $lineID, to: $to, maxHops: 4, first: 5) { hops { from { id } to { id } relation } }
		ar: goal(number: 13) { shortTitle(lang: "ar") }
		prizes(first: 100) { nodes { year } }
	}`, map[string]any{"line": line, "lineID": lineID, "to": goal1ID}, &api)
	if api.ActionLine.ID != lineID {
		t.Fatalf("the id of %s is %q, the test made %q", line, api.ActionLine.ID, lineID)
	}
	var wantTargets []string
	var wantRationales []string
	for _, l := range api.ActionLine.Linkages {
		if l.Goal.Number == goal && l.Target != nil {
			wantTargets = append(wantTargets, l.Target.Code)
			if l.Rationale != nil {
				wantRationales = append(wantRationales, *l.Rationale)
			}
		}
	}
	sort.Strings(wantTargets)
	if !slices.Equal(wantTargets, []string{"13.1", "13.3", "13.b"}) {
		t.Errorf("the API links %s to targets %v of goal %d; the explorer's check expects 13.1, 13.3, 13.b", line, wantTargets, goal)
	}
	if len(api.Paths) == 0 || len(api.Neighborhood.Nodes) < 2 || len(api.Prizes.Nodes) == 0 {
		t.Fatalf("the API answers %d paths, %d neighbours, %d prizes: nothing to check", len(api.Paths), len(api.Neighborhood.Nodes), len(api.Prizes.Nodes))
	}
	var wantHops []hop
	for _, h := range api.Paths[0].Hops {
		wantHops = append(wantHops, hop{h.From.ID, h.To.ID, h.Relation})
	}
	prizesIn := map[int]int{}
	for _, p := range api.Prizes.Nodes {
		prizesIn[p.Year]++
	}
	prizeYear := api.Prizes.Nodes[0].Year

	tab := openWatchedTab(t, 1000, 10*time.Minute)
	ctx := tab.ctx

	shoot := func(t *testing.T, name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		p := filepath.Join(shots, prefix+name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d bytes)", p, len(png))
	}
	// wait polls a JavaScript condition until it holds.
	wait := func(t *testing.T, what, cond string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
			shoot(t, "failed.png")
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 3000)`))
			t.Fatalf("%s: %v\npage: %s", what, err, body)
		}
	}
	eval := func(t *testing.T, expr string, out any) {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluating %s: %v", expr, err)
		}
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("decoding %s: %v", b, err)
		}
	}
	open := func(t *testing.T, path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatalf("opening %s: %v", path, err)
		}
	}
	checkAxe := func(t *testing.T, view string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
			t.Fatalf("loading axe-core: %v", err)
		}
		var found []struct {
			ID, Impact, Help string
			Nodes            []struct{ Target []any }
		}
		eval(t, `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => ({target: n.target}))})))`, &found)
		for _, v := range found {
			t.Errorf("%s view: axe %s %s (%s) at %v", view, v.Impact, v.ID, v.Help, v.Nodes)
		}
	}
	heatmapDrawn := `document.querySelectorAll('#heatmap tbody tr').length > 0`

	t.Run("heat map", func(t *testing.T) {
		open(t, "/explore")
		wait(t, "the heat map", heatmapDrawn)
		var grid struct {
			Rows    []string
			Cells   []int
			Columns int
			Drawn   float64
		}
		eval(t, `({rows: [...document.querySelectorAll('#heatmap tbody tr')].map(r => r.dataset.line),
			cells: [...document.querySelectorAll('#heatmap tbody tr')].map(r => r.querySelectorAll('button[data-goal]').length),
			columns: document.querySelectorAll('#heatmap thead th.goal').length,
			drawn: window.__explorerFirstMatrix || 0})`, &grid)
		var wantRows []string
		for _, r := range api.Matrix.Rows {
			wantRows = append(wantRows, r.ActionLine.Code)
		}
		if len(wantRows) != 19 || !slices.Equal(grid.Rows, wantRows) {
			t.Errorf("heat map rows %v, want the API's %d rows %v", grid.Rows, len(wantRows), wantRows)
		}
		if grid.Columns != 17 || len(api.Matrix.Columns) != 17 {
			t.Errorf("heat map has %d goal columns, the API %d; want 17", grid.Columns, len(api.Matrix.Columns))
		}
		for i, n := range grid.Cells {
			if n != 17 {
				t.Errorf("row %d (%s) has %d cells, want 17", i, grid.Rows[i], n)
			}
		}
		t.Logf("heat map drawn %.0f ms after navigation began", grid.Drawn)

		// The cell opens from the keyboard: focus it and press Enter.
		sel := fmt.Sprintf(`#heatmap button[data-line=%q][data-goal="%d"]`, line, goal)
		if err := chromedp.Do(ctx, chromedp.Focus(sel), chromedp.KeyEvent("\r")); err != nil {
			t.Fatalf("opening the cell: %v", err)
		}
		wait(t, "the cell's detail", `document.querySelectorAll('#cell-detail li[data-target]').length > 0`)
		var detail struct {
			Targets []string
			Text    string
			URL     string
		}
		eval(t, `({targets: [...document.querySelectorAll('#cell-detail li[data-target]')].map(li => li.dataset.target),
			text: document.querySelector('#cell-detail').innerText, url: location.search})`, &detail)
		sort.Strings(detail.Targets)
		if !slices.Equal(detail.Targets, wantTargets) {
			t.Errorf("the cell shows targets %v, the API %v", detail.Targets, wantTargets)
		}
		for _, r := range wantRationales {
			if !strings.Contains(detail.Text, r) {
				t.Errorf("the cell lacks the rationale %q", r)
			}
		}
		if !strings.Contains(detail.URL, "cell=") {
			t.Errorf("the URL %q does not keep the open cell", detail.URL)
		}
		checkAxe(t, "matrix")
		shoot(t, "explorer-matrix.png")

		// The same URL in a fresh page restores the cell.
		open(t, "/explore"+detail.URL)
		wait(t, "the restored cell", `document.querySelectorAll('#cell-detail li[data-target]').length > 0`)
		var pressed []string
		eval(t, `[...document.querySelectorAll('#heatmap button[aria-pressed="true"]')].map(b => b.dataset.line + ':' + b.dataset.goal)`, &pressed)
		if want := []string{fmt.Sprintf("%s:%d", line, goal)}; !slices.Equal(pressed, want) {
			t.Errorf("after reloading %s the selected cells are %v, want %v", detail.URL, pressed, want)
		}
	})

	t.Run("playground link", func(t *testing.T) {
		open(t, "/explore")
		wait(t, "the heat map", heatmapDrawn)
		var href string
		eval(t, `document.querySelector('.query-bar a[data-role="playground"]').getAttribute('href')`, &href)
		open(t, href)
		wait(t, "the playground tab with the matrix query", `(() => { const cm = document.querySelector('.graphiql-query-editor .CodeMirror'); return cm && cm.CodeMirror.getValue().includes('query ExplorerMatrix'); })()`)
	})

	t.Run("graph", func(t *testing.T) {
		open(t, "/explore?view=graph&node="+url.QueryEscape(lineID)+"&to="+url.QueryEscape(goal1ID))
		wait(t, "the graph", `document.querySelector('section[data-view="graph"]')?.dataset.ready === 'true'`)
		var got struct {
			Nodes     []string
			PathEdges int
			Hops      []hop
		}
		eval(t, `({nodes: window.__explorerCy.nodes().map(n => n.id()),
			pathEdges: window.__explorerCy.edges('.path').length,
			hops: [...document.querySelectorAll('.path-list > li[data-path="0"] .hop')].map(h => ({from: h.dataset.from, to: h.dataset.to, relation: h.dataset.relation}))})`, &got)
		for _, n := range api.Neighborhood.Nodes {
			if !slices.Contains(got.Nodes, n.ID) {
				t.Errorf("the graph lacks the neighbour %s", n.ID)
			}
		}
		if !slices.Equal(got.Hops, wantHops) {
			t.Errorf("the first path's hops\n got %v\nwant %v (the paths field's answer)", got.Hops, wantHops)
		}
		if got.PathEdges < len(wantHops) {
			t.Errorf("%d edges highlighted, want at least the first path's %d hops", got.PathEdges, len(wantHops))
		}
		checkAxe(t, "graph")
		shoot(t, "explorer-graph.png")
	})

	t.Run("charts", func(t *testing.T) {
		open(t, "/explore?view=charts")
		wait(t, "the charts", `document.querySelector('section[data-view="charts"]')?.dataset.ready === 'true'`)
		checkAxe(t, "charts")
		shoot(t, "explorer-charts.png")
		// Click the bar of prizeYear's winners in the prizes-by-year chart.
		var at struct{ X, Y float64 }
		eval(t, fmt.Sprintf(`(() => {
			const canvas = document.getElementById('chart-prize-year');
			const chart = window.__explorerCharts['chart-prize-year'];
			const i = chart.data.labels.map(String).indexOf('%d');
			const ds = chart.data.datasets.findIndex(d => d.data[i] > 0);
			const bar = chart.getDatasetMeta(ds).data[i];
			canvas.scrollIntoView();
			const r2 = canvas.getBoundingClientRect();
			return {x: r2.left + bar.x, y: r2.top + (bar.y + bar.base) / 2};
		})()`, prizeYear), &at)
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(at.X, at.Y)); err != nil {
			t.Fatal(err)
		}
		wait(t, "the filtered prize list", fmt.Sprintf(`location.search.includes('pyear=%d') && document.querySelector('section[data-view="charts"]')?.dataset.ready === 'true'`, prizeYear))
		var years []int
		eval(t, `[...document.querySelectorAll('table[data-list="prizes"] tbody tr')].map(r => Number(r.dataset.year))`, &years)
		if len(years) != prizesIn[prizeYear] {
			t.Errorf("the list holds %d prizes after the click, the API %d of %d", len(years), prizesIn[prizeYear], prizeYear)
		}
		for _, y := range years {
			if y != prizeYear {
				t.Errorf("the list holds a prize of %d after choosing %d", y, prizeYear)
				break
			}
		}
	})

	t.Run("Arabic", func(t *testing.T) {
		open(t, "/explore?lang=ar")
		wait(t, "the heat map", heatmapDrawn)
		var page struct {
			Dir, Direction, Lang, Goal13 string
		}
		eval(t, `({dir: document.documentElement.dir, direction: getComputedStyle(document.body).direction, lang: document.documentElement.lang,
			goal13: document.querySelectorAll('#heatmap thead th.goal abbr')[12].title})`, &page)
		if page.Dir != "rtl" || page.Direction != "rtl" || page.Lang != "ar" {
			t.Errorf("the Arabic page: dir %q, direction %q, lang %q; want rtl, rtl, ar", page.Dir, page.Direction, page.Lang)
		}
		if api.Ar.ShortTitle == "" || !strings.Contains(page.Goal13, api.Ar.ShortTitle) {
			t.Errorf("goal 13's column is titled %q, want the API's Arabic %q", page.Goal13, api.Ar.ShortTitle)
		}
		checkAxe(t, "Arabic matrix")
		shoot(t, "explorer-matrix-ar.png")
	})

	requests, problems := tab.finish()
	for _, p := range problems {
		t.Errorf("browser console: %s", p)
	}
	origin, _ := url.Parse(ts.URL)
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Host != origin.Host) {
			t.Errorf("the page requested %s, beyond the server %s", r, ts.URL)
		}
	}
	t.Logf("%d requests, all to %s", len(requests), ts.URL)
}
