package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/wsisgraph/wsisgraph/bench/mix"
)

// results is everything one run measured; results.json holds it as is.
type results struct {
	Machine      map[string]string `json:"machine"`
	Options      map[string]any    `json:"options"`
	Sizes        []sizeResult      `json:"sizes"`
	Cells        []cellResult      `json:"cells"`
	Profiles     []*profileResult  `json:"profiles,omitempty"`
	ProfileError string            `json:"profileError,omitempty"`
	TotalSeconds float64           `json:"totalSeconds"`
}

type sizeResult struct {
	Synthetic     int               `json:"synthetic"`
	Projects      int               `json:"projects"`
	Organizations int               `json:"organizations"`
	Prizes        int               `json:"prizes"`
	ImportSeconds float64           `json:"importSeconds"`
	Equality      map[string]string `json:"equality"` // query → "same" or the difference
	// LoadBefore and LoadAfter are the machine's load averages (1, 5, 15 min) when its
	// measurements started and ended.
	LoadBefore string `json:"loadBefore"`
	LoadAfter  string `json:"loadAfter"`
}

// cellResult is one measurement: one system, one query, one concurrency, one round.
type cellResult struct {
	Size           int     `json:"size"` // synthetic projects
	Round          int     `json:"round"`
	Query          string  `json:"query"`
	System         string  `json:"system"`
	Concurrency    int     `json:"concurrency"`
	Requests       int     `json:"requests"`
	Errors         int     `json:"errors"`
	Abandoned      int     `json:"abandoned"` // cut off at -max-cell
	FirstError     string  `json:"firstError,omitempty"`
	RPS            float64 `json:"rps"`
	P50ms          float64 `json:"p50ms"`
	P99ms          float64 `json:"p99ms"`
	MaxMs          float64 `json:"maxMs"`
	ServerCPUPer1k float64 `json:"serverCpuSecondsPer1k"`
	Neo4jCPUPer1k  float64 `json:"neo4jCpuSecondsPer1k"`
	RoundTrips     float64 `json:"roundTripsPerRequest"` // -1: not measured
}

type cellKey struct {
	size  int
	query string
	conc  int
	sys   string
}

// summary is the median over rounds of each metric of a cell.
type summary struct {
	rps, p50, p99, cpu, dbCPU, trips float64
	requests, errors, rounds         int
}

func summarise(cells []cellResult) map[cellKey]summary {
	groups := map[cellKey][]cellResult{}
	for _, c := range cells {
		k := cellKey{c.Size, c.Query, c.Concurrency, c.System}
		groups[k] = append(groups[k], c)
	}
	out := map[cellKey]summary{}
	for k, cs := range groups {
		// Latencies and costs are medians over the rounds that measured a request; a cell
		// that never did has none (NaN, shown as "–", and no goal is met with it).
		med := func(f func(cellResult) float64, measuredOnly bool) float64 {
			var v []float64
			for _, c := range cs {
				if !measuredOnly || c.Requests > 0 {
					v = append(v, f(c))
				}
			}
			return median(v)
		}
		s := summary{
			rps:    med(func(c cellResult) float64 { return c.RPS }, false),
			p50:    med(func(c cellResult) float64 { return c.P50ms }, true),
			p99:    med(func(c cellResult) float64 { return c.P99ms }, true),
			cpu:    med(func(c cellResult) float64 { return c.ServerCPUPer1k }, true),
			dbCPU:  med(func(c cellResult) float64 { return c.Neo4jCPUPer1k }, true),
			trips:  med(func(c cellResult) float64 { return c.RoundTrips }, true),
			rounds: len(cs),
		}
		for _, c := range cs {
			s.requests += c.Requests
			s.errors += c.Errors
		}
		out[k] = s
	}
	return out
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// storeCalls returns wsisgraph_store_round_trips_total at url (the statements sent to
// Neo4j), else the sum of wsisgraph_store_calls_total; -1 when unknown.
func storeCalls(url string) float64 {
	if url == "" {
		return -1
	}
	resp, err := http.Get(url)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	calls, trips := 0.0, -1.0
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		f := strings.Fields(l)
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		switch {
		case err != nil:
		case strings.HasPrefix(l, "wsisgraph_store_round_trips_total"):
			trips = v
		case strings.HasPrefix(l, "wsisgraph_store_calls_total"):
			calls += v
		}
	}
	if trips >= 0 {
		return trips
	}
	return calls
}

// machine describes where the run happened.
func machine(ctx context.Context) map[string]string {
	m := map[string]string{"cores": strconv.Itoa(runtime.NumCPU()), "go": runtime.Version(), "os": runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "MemTotal:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				m["memory"] = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m["cpu"] = strings.TrimSpace(v)
				break
			}
		}
	}
	if out, err := exec.CommandContext(ctx, "node", "--version").Output(); err == nil {
		m["node"] = strings.TrimSpace(string(out))
	}
	for _, pkg := range []string{"@neo4j/graphql", "@apollo/server", "graphql", "neo4j-driver"} {
		if b, err := os.ReadFile(filepath.Join(nodeDir, "node_modules", pkg, "package.json")); err == nil {
			if i := strings.Index(string(b), `"version": "`); i >= 0 {
				v := string(b[i+len(`"version": "`):])
				m["npm "+pkg] = v[:strings.IndexByte(v, '"')]
			}
		}
	}
	return m
}

// systemsOf returns the systems measured at size, wsisgraph first, in a fixed order.
func systemsOf(cells []cellResult, size int) []string {
	order := []string{"wsisgraph", "neo4j-graphql", "cypher", "wsisgraph+cache", "wsisgraph-embedded"}
	var out []string
	for _, s := range order {
		for _, c := range cells {
			if c.Size == size && c.System == s {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

func queriesOf(cells []cellResult, size int) []string {
	var out []string
	for _, c := range cells {
		if c.Size == size && !slices.Contains(out, c.Query) {
			out = append(out, c.Query)
		}
	}
	return out
}

func concsOf(cells []cellResult) []int {
	var out []int
	for _, c := range cells {
		if !slices.Contains(out, c.Concurrency) {
			out = append(out, c.Concurrency)
		}
	}
	slices.Sort(out)
	return out
}

func sizeLabel(n int) string {
	if n == 0 {
		return "shipped dataset"
	}
	return fmt.Sprintf("+%s synthetic projects", thousands(n))
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// unanswered is the latency, in ms, of a request cut off at -max-cell (load.Unanswered).
const unanswered = 1e12

func f1(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case v >= unanswered:
		return "cut off"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// writeReport writes results.md (the tables and the goals) and the chart.
func writeReport(r *results, dir string) error {
	sum := summarise(r.Cells)
	concs := concsOf(r.Cells)
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# Side by side: results\n\nWritten by `go run ./bench/cmd/compare`; medians over %v rounds. ", r.Options["rounds"])
	w("Cells of %v after %v of warm-up. Latencies in ms, throughput in requests/s, CPU in seconds per 1,000 requests.\n\n", r.Options["duration"], r.Options["warmup"])
	keys := make([]string, 0, len(r.Machine))
	for k := range r.Machine {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		w("- %s: %s\n", k, r.Machine[k])
	}
	w("\n")
	for _, sz := range r.Sizes {
		n := sz.Synthetic
		w("## %s (%s projects, %s organisations, %s prizes; import %.1f s)\n\n", sizeLabel(n),
			thousands(sz.Projects), thousands(sz.Organizations), thousands(sz.Prizes), sz.ImportSeconds)
		w("Load average of the machine (1, 5, 15 min) before: %s; after: %s.\n\n", sz.LoadBefore, sz.LoadAfter)
		w("Same data from the three: ")
		var eq []string
		for _, q := range sortedKeys(sz.Equality) {
			eq = append(eq, fmt.Sprintf("%s %s", q, sz.Equality[q]))
		}
		w("%s.\n\n", strings.Join(eq, "; "))
		systems := systemsOf(r.Cells, n)
		w("| query | c |")
		for _, s := range systems {
			w(" %s req/s | p50 | p99 |", s)
		}
		w("\n|---|---|")
		for range systems {
			w("---|---|---|")
		}
		w("\n")
		for _, q := range queriesOf(r.Cells, n) {
			for _, c := range concs {
				w("| %s | %d |", q, c)
				for _, s := range systems {
					x, ok := sum[cellKey{n, q, c, s}]
					if !ok {
						w(" | | |")
						continue
					}
					errs := ""
					if x.errors > 0 {
						errs = fmt.Sprintf(" (%d err)", x.errors)
					}
					w(" %s%s | %s | %s |", f1(x.rps), errs, f1(x.p50), f1(x.p99))
				}
				w("\n")
			}
		}
		w("\nCPU seconds per 1,000 requests (server / Neo4j) and wsisgraph's Cypher round trips per request:\n\n| query | c |")
		for _, s := range systems {
			w(" %s |", s)
		}
		w(" round trips |\n|---|---|")
		for range systems {
			w("---|")
		}
		w("---|\n")
		for _, q := range queriesOf(r.Cells, n) {
			for _, c := range concs {
				w("| %s | %d |", q, c)
				for _, s := range systems {
					if x, ok := sum[cellKey{n, q, c, s}]; ok {
						w(" %s / %s |", f1(x.cpu), f1(x.dbCPU))
					} else {
						w(" |")
					}
				}
				if x, ok := sum[cellKey{n, q, c, "wsisgraph"}]; ok && x.trips >= 0 {
					w(" %s |\n", f1(x.trips))
				} else {
					w(" |\n")
				}
			}
		}
		w("\n")
	}
	w("%s", goals(r, sum, concs))
	for _, p := range r.Profiles {
		w("%s", p.markdown())
	}
	if r.ProfileError != "" {
		w("## Profile\n\nFailed: %s\n", r.ProfileError)
	}
	if err := os.WriteFile(filepath.Join(dir, "results.md"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	return chart(r, sum, concs, filepath.Join(dir, "p99-by-size.png"))
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// ratio returns a/b as "1.23×", or "–" when either is unknown or cut off.
func ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || a >= unanswered || b >= unanswered || b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func mark(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

// goals checks the figures against the goals of docs/benchmarks.md.
func goals(r *results, sum map[cellKey]summary, concs []int) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("## Goals\n\n### Throughput on the mix ≥ 3× @neo4j/graphql, p99 ≤ half of it, at every concurrency\n\n")
	w("| size | c | wsisgraph req/s | neo4j-graphql req/s | ratio | wsisgraph p99 | neo4j-graphql p99 | ratio | throughput | p99 |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, sz := range r.Sizes {
		for _, c := range concs {
			a, ok1 := sum[cellKey{sz.Synthetic, mixName, c, "wsisgraph"}]
			n, ok2 := sum[cellKey{sz.Synthetic, mixName, c, "neo4j-graphql"}]
			if !ok1 || !ok2 {
				continue
			}
			w("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", sizeLabel(sz.Synthetic), c, f1(a.rps), f1(n.rps), ratio(a.rps, n.rps),
				f1(a.p99), f1(n.p99), ratio(a.p99, n.p99), mark(a.rps >= 3*n.rps), mark(a.p99 <= n.p99/2))
		}
	}
	w("\n### Latency at concurrency 1 within 1.5× of the hand-written Cypher, every query\n\n")
	w("| size | query | wsisgraph p50 | cypher p50 | ratio | wsisgraph p99 | cypher p99 | ratio | goal (p50) |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, sz := range r.Sizes {
		for _, q := range queriesOf(r.Cells, sz.Synthetic) {
			if q == mixName {
				continue
			}
			a, ok1 := sum[cellKey{sz.Synthetic, q, 1, "wsisgraph"}]
			f, ok2 := sum[cellKey{sz.Synthetic, q, 1, "cypher"}]
			if !ok1 || !ok2 {
				continue
			}
			w("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", sizeLabel(sz.Synthetic), q, f1(a.p50), f1(f.p50), ratio(a.p50, f.p50),
				f1(a.p99), f1(f.p99), ratio(a.p99, f.p99), mark(a.p50 <= 1.5*f.p50))
		}
	}
	var small, large int = -1, -1
	for _, sz := range r.Sizes {
		if sz.Synthetic > 0 && (small < 0 || sz.Synthetic < small) {
			small = sz.Synthetic
		}
		large = max(large, sz.Synthetic)
	}
	if small > 0 && large > small {
		w("\n### p99 of paged queries grows ≤ 1.5× from %s to %s synthetic projects\n\n", thousands(small), thousands(large))
		w("| query | c | wsisgraph p99 %s → %s | growth | goal | neo4j-graphql growth | cypher growth |\n|---|---|---|---|---|---|---|\n", thousands(small), thousands(large))
		for _, q := range mix.Queries(mix.DefaultParams) {
			if !q.Paged {
				continue
			}
			for _, c := range concs {
				a, ok1 := sum[cellKey{small, q.Name, c, "wsisgraph"}]
				z, ok2 := sum[cellKey{large, q.Name, c, "wsisgraph"}]
				if !ok1 || !ok2 {
					continue
				}
				growth := func(sys string) string {
					x, ok1 := sum[cellKey{small, q.Name, c, sys}]
					y, ok2 := sum[cellKey{large, q.Name, c, sys}]
					if !ok1 || !ok2 {
						return "–"
					}
					return ratio(y.p99, x.p99)
				}
				w("| %s | %d | %s → %s | %s | %s | %s | %s |\n", q.Name, c, f1(a.p99), f1(z.p99), ratio(z.p99, a.p99),
					mark(z.p99 <= 1.5*a.p99), growth("neo4j-graphql"), growth("cypher"))
			}
		}
	}
	if large > 0 {
		if x, ok := sum[cellKey{large, mix.QProjects, 1, "wsisgraph"}]; ok {
			w("\n### `totalCount` over %s projects within 50 ms\n\n", thousands(large))
			w("The first page of all projects with `totalCount` (%s), concurrency 1: p50 %s ms, p99 %s ms: %s (p50).\n\n",
				mix.QProjects, f1(x.p50), f1(x.p99), mark(x.p50 <= 50))
		}
	}
	if hasSystem(sum, "wsisgraph+cache") {
		c := concs[len(concs)/2]
		w("\n### Response cache (shipped dataset, Neo4j, concurrency %d)\n\n| query | cache off req/s | p50 | p99 | cache on req/s | p50 | p99 | speed-up |\n|---|---|---|---|---|---|---|---|\n", c)
		for _, q := range queriesOf(r.Cells, 0) {
			a, ok1 := sum[cellKey{0, q, c, "wsisgraph"}]
			z, ok2 := sum[cellKey{0, q, c, "wsisgraph+cache"}]
			if ok1 && ok2 {
				w("| %s | %s | %s | %s | %s | %s | %s | %s |\n", q, f1(a.rps), f1(a.p50), f1(a.p99), f1(z.rps), f1(z.p50), f1(z.p99), ratio(z.rps, a.rps))
			}
		}
	}
	if hasSystem(sum, "wsisgraph-embedded") {
		c := concs[len(concs)/2]
		w("\n### Embedded store beside Neo4j (shipped dataset, concurrency %d, cache off)\n\n| query | Neo4j req/s | p50 | p99 | CPU s/1k (server + Neo4j) | embedded req/s | p50 | p99 | CPU s/1k |\n|---|---|---|---|---|---|---|---|---|\n", c)
		for _, q := range queriesOf(r.Cells, 0) {
			a, ok1 := sum[cellKey{0, q, c, "wsisgraph"}]
			z, ok2 := sum[cellKey{0, q, c, "wsisgraph-embedded"}]
			if ok1 && ok2 {
				w("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", q, f1(a.rps), f1(a.p50), f1(a.p99), f1(a.cpu+a.dbCPU), f1(z.rps), f1(z.p50), f1(z.p99), f1(z.cpu))
			}
		}
	}
	w("\n")
	return b.String()
}

func hasSystem(sum map[cellKey]summary, sys string) bool {
	for k := range sum {
		if k.sys == sys {
			return true
		}
	}
	return false
}

// chart plots the p99 of the mix against the number of projects, one panel per concurrency,
// one line per system.
func chart(r *results, sum map[cellKey]summary, concs []int, path string) error {
	projects := map[int]float64{}
	for _, sz := range r.Sizes {
		projects[sz.Synthetic] = float64(sz.Projects)
	}
	if len(projects) < 2 || len(concs) == 0 {
		return nil
	}
	cutAt := 0.0 // ms
	if v, ok := r.Options["maxCell"].(string); ok {
		if d, err := time.ParseDuration(v); err == nil {
			cutAt = ms(d)
		}
	}
	row := make([]*plot.Plot, len(concs))
	for i, c := range concs {
		p := plot.New()
		p.Title.Text = fmt.Sprintf("mix, concurrency %d", c)
		p.X.Label.Text = "projects"
		p.Y.Label.Text = "p99 (ms)"
		if cutAt > 0 {
			p.Y.Label.Text = fmt.Sprintf("p99 (ms; cut off = %.0f)", cutAt)
		}
		p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
		p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
		p.Legend.Top = true
		p.Legend.Left = true
		var args []any
		for _, sys := range []string{"wsisgraph", "neo4j-graphql", "cypher"} {
			var xys plotter.XYs
			for _, sz := range r.Sizes {
				if x, ok := sum[cellKey{sz.Synthetic, mixName, c, sys}]; ok && x.p99 > 0 && !math.IsNaN(x.p99) {
					y := x.p99
					if y >= unanswered && cutAt > 0 {
						y = cutAt // a request was still unanswered when the cell was cut off
					}
					if y < unanswered {
						xys = append(xys, plotter.XY{X: projects[sz.Synthetic], Y: y})
					}
				}
			}
			if len(xys) > 0 {
				args = append(args, sys, xys)
			}
		}
		if err := plotutil.AddLinePoints(p, args...); err != nil {
			return err
		}
		row[i] = p
	}
	const panel = 4 * vg.Inch
	img := vgimg.New(panel*vg.Length(len(concs)), panel)
	dc := draw.New(img)
	t := draw.Tiles{Rows: 1, Cols: len(concs), PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 2,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align([][]*plot.Plot{row}, t, dc)
	for i, p := range row {
		p.Draw(canvases[0][i])
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = vgimg.PngCanvas{Canvas: img}.WriteTo(f)
	return err
}
