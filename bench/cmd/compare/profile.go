package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/wsisgraph/wsisgraph/bench/load"
	"github.com/wsisgraph/wsisgraph/bench/mix"
)

// profileResult explains where the time goes at the largest size: wsisgraph's CPU profile
// under load, and Neo4j's PROFILE of the statements seen running most often while each
// GraphQL server was loaded with the mix.
type profileResult struct {
	Seconds  float64         `json:"seconds"`
	PprofTop string          `json:"pprofTop"`
	PprofCum string          `json:"pprofCum"`
	Cypher   []cypherProfile `json:"cypher"`
}

type cypherProfile struct {
	System    string         `json:"system"`
	Statement string         `json:"statement"`
	Params    map[string]any `json:"params"`
	Sightings int            `json:"sightings"` // samples in which it was running
	MaxMs     float64        `json:"maxElapsedMs"`
	DbHits    int64          `json:"dbHits"`
	Rows      int64          `json:"rows"`
	Plan      string         `json:"plan"`
	Error     string         `json:"error,omitempty"`
}

// profileLoad is how long each server is loaded while it is profiled.
const profileLoad = 12 * time.Second

func (h *harness) profileRun(ctx context.Context, qs []mix.Query, addr string) error {
	h.log.Printf("profiling wsisgraph under load (%v)", profileLoad)
	p, err := h.ps.start("wsisgraph-profile", filepath.Join(h.tmp, "wsisgraph-profile.log"), nil, nil,
		h.self, "profile-serve", "-addr", addr, "-neo4j-uri", h.neo4jURI)
	if err != nil {
		return err
	}
	defer p.stop()
	base := "http://" + addr
	if err := waitHTTP(ctx, p, 60*time.Second, func() error { return getOK(base + "/readyz") }); err != nil {
		return err
	}
	drv, err := driver.NewDriverWithContext(h.neo4jURI, driver.NoAuth())
	if err != nil {
		return err
	}
	defer drv.Close(context.Background())

	res := &profileResult{Seconds: profileLoad.Seconds()}
	pprofFile := filepath.Join(h.tmp, "wsisgraph.pprof")
	var pprofErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		pprofErr = fetch(ctx, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", base, int(profileLoad.Seconds())-2), pprofFile)
	}()
	wsis := &system{label: "wsisgraph", kind: mix.Wsisgraph, url: base + "/graphql"}
	seen, err := h.sampleUnderLoad(ctx, drv, wsis, qs)
	if err != nil {
		return err
	}
	wg.Wait()
	if pprofErr != nil {
		return pprofErr
	}
	var out []byte
	for _, args := range [][]string{{"-top"}, {"-top", "-cum"}} {
		b, err := exec.CommandContext(ctx, "go", append(append([]string{"tool", "pprof"}, args...), "-nodecount=30", h.self, pprofFile)...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("go tool pprof: %v: %s", err, b)
		}
		out = append(out, b...)
		if len(args) == 1 {
			res.PprofTop = string(b)
		} else {
			res.PprofCum = string(b)
		}
	}
	res.Cypher = append(res.Cypher, h.profileStatements(ctx, drv, "wsisgraph", seen, 4)...)

	for _, s := range h.servers {
		if s.kind != mix.Neo4jGraphQL {
			continue
		}
		h.log.Printf("sampling the Cypher of %s under load (%v)", s.label, profileLoad)
		seen, err := h.sampleUnderLoad(ctx, drv, s, qs)
		if err != nil {
			return err
		}
		res.Cypher = append(res.Cypher, h.profileStatements(ctx, drv, s.label, seen, 4)...)
	}
	h.res.Profile = res
	return os.WriteFile(filepath.Join(h.o.out, "wsisgraph-pprof-top.txt"), out, 0o644)
}

func fetch(ctx context.Context, url, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, resp.Body)
	return err
}

// sighting is what SHOW TRANSACTIONS told of one statement while a server was loaded.
type sighting struct {
	statement string
	params    map[string]any
	count     int
	max       time.Duration
}

const cypherShowTransactions = `SHOW TRANSACTIONS YIELD currentQuery, parameters, elapsedTime
WHERE currentQuery <> '' AND NOT currentQuery STARTS WITH 'SHOW'
RETURN currentQuery, parameters, elapsedTime`

// sampleUnderLoad loads s with the mix at concurrency 8 for profileLoad and meanwhile lists
// the statements running in Neo4j every 50 ms. Statements are returned most seen first.
func (h *harness) sampleUnderLoad(ctx context.Context, drv driver.DriverWithContext, s *system, qs []mix.Query) ([]*sighting, error) {
	var reqs []load.Request
	for _, q := range qs {
		reqs = append(reqs, load.Request{URL: s.url, Body: q.Bodies[s.kind]})
	}
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	byText := map[string]*sighting{}
	var sampleErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		for lctx.Err() == nil {
			res, err := driver.ExecuteQuery(lctx, drv, cypherShowTransactions, nil, driver.EagerResultTransformer,
				driver.ExecuteQueryWithDatabase("system"))
			if err != nil {
				if lctx.Err() == nil && sampleErr == nil {
					sampleErr = err
				}
			} else {
				for _, rec := range res.Records {
					text, _ := rec.Values[0].(string)
					params, _ := rec.Values[1].(map[string]any)
					var el time.Duration
					if d, ok := rec.Values[2].(dbtype.Duration); ok {
						el = time.Duration(d.Seconds)*time.Second + time.Duration(d.Nanos)
					}
					x := byText[text]
					if x == nil {
						x = &sighting{statement: text}
						byText[text] = x
					}
					x.count++
					if el >= x.max {
						x.max, x.params = el, params
					}
				}
			}
			select {
			case <-lctx.Done():
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	_, err := load.Run(ctx, load.Config{Concurrency: 8, Duration: profileLoad, Requests: reqs, Timeout: 60 * time.Second})
	cancel()
	<-done
	if err != nil {
		return nil, err
	}
	if sampleErr != nil && len(byText) == 0 {
		return nil, fmt.Errorf("SHOW TRANSACTIONS: %w", sampleErr)
	}
	out := make([]*sighting, 0, len(byText))
	for _, x := range byText {
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b *sighting) int { return b.count - a.count })
	return out, nil
}

// profileStatements runs PROFILE on the n most seen statements.
func (h *harness) profileStatements(ctx context.Context, drv driver.DriverWithContext, sys string, seen []*sighting, n int) []cypherProfile {
	var out []cypherProfile
	for _, x := range seen[:min(n, len(seen))] {
		cp := cypherProfile{System: sys, Statement: x.statement, Params: x.params, Sightings: x.count, MaxMs: ms(x.max)}
		plan, err := profile(ctx, drv, x.statement, x.params)
		if err != nil {
			cp.Error = err.Error()
		} else {
			var b strings.Builder
			renderPlan(&b, plan, 0)
			cp.Plan = b.String()
			cp.DbHits, cp.Rows = totalHits(plan), plan.Records()
		}
		out = append(out, cp)
	}
	return out
}

// profile runs stmt once with PROFILE (after its CYPHER options line, if any).
func profile(ctx context.Context, drv driver.DriverWithContext, stmt string, params map[string]any) (driver.ProfiledPlan, error) {
	q := "PROFILE " + stmt
	if first, rest, ok := strings.Cut(stmt, "\n"); ok && strings.HasPrefix(strings.TrimSpace(first), "CYPHER") {
		q = first + "\nPROFILE " + rest
	}
	sess := drv.NewSession(ctx, driver.SessionConfig{DatabaseName: "neo4j", AccessMode: driver.AccessModeRead})
	defer sess.Close(context.Background())
	res, err := sess.Run(ctx, q, params)
	if err != nil {
		return nil, err
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		return nil, err
	}
	if sum.Profile() == nil {
		return nil, fmt.Errorf("no profile returned")
	}
	return sum.Profile(), nil
}

func totalHits(p driver.ProfiledPlan) int64 {
	n := p.DbHits()
	for _, c := range p.Children() {
		n += totalHits(c)
	}
	return n
}

func renderPlan(b *strings.Builder, p driver.ProfiledPlan, depth int) {
	details, _ := p.Arguments()["Details"].(string)
	if len(details) > 160 {
		details = details[:160] + "…"
	}
	fmt.Fprintf(b, "%s%s  rows=%d dbHits=%d  %s\n", strings.Repeat("  ", depth), p.Operator(), p.Records(), p.DbHits(),
		strings.Join(strings.Fields(details), " "))
	for _, c := range p.Children() {
		renderPlan(b, c, depth+1)
	}
}

func (p *profileResult) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Profile at the largest size (mix, concurrency 8, %.0f s per server)\n\n", p.Seconds)
	fmt.Fprintf(&b, "wsisgraph's CPU profile (`go tool pprof -top`, then `-top -cum`):\n\n```\n%s```\n\n```\n%s```\n\n",
		firstLines(p.PprofTop, 40), firstLines(p.PprofCum, 40))
	fmt.Fprintf(&b, "The statements seen running most often in Neo4j (`SHOW TRANSACTIONS` every 50 ms), each run once with `PROFILE`:\n\n")
	for _, c := range p.Cypher {
		fmt.Fprintf(&b, "### %s: seen %d times, up to %.0f ms; %d db hits\n\n```cypher\n%s\n```\n\nParameters: `%s`\n\n",
			c.System, c.Sightings, c.MaxMs, c.DbHits, strings.TrimSpace(c.Statement), clipString(fmt.Sprint(c.Params), 300))
		if c.Error != "" {
			fmt.Fprintf(&b, "PROFILE failed: %s\n\n", c.Error)
		} else {
			fmt.Fprintf(&b, "```\n%s```\n\n", c.Plan)
		}
	}
	return b.String()
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "")
}

func clipString(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
