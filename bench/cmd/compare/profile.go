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

// profileResult explains where the time goes at one size: wsisgraph's CPU profile under
// the mix, and Neo4j's PROFILE of the statement seen running most often while each GraphQL
// server was loaded with each query of the mix.
type profileResult struct {
	Size     int             `json:"size"` // synthetic projects
	Seconds  float64         `json:"seconds"`
	PprofTop string          `json:"pprofTop"`
	PprofCum string          `json:"pprofCum"`
	Cypher   []cypherProfile `json:"cypher,omitempty"`
}

type cypherProfile struct {
	System    string         `json:"system"`
	Query     string         `json:"query"` // of the mix
	Statement string         `json:"statement"`
	Params    map[string]any `json:"params"`
	Sightings int            `json:"sightings"` // samples in which it was running
	MaxMs     float64        `json:"maxElapsedMs"`
	DbHits    int64          `json:"dbHits"`
	Rows      int64          `json:"rows"`
	Plan      string         `json:"plan"`
	Error     string         `json:"error,omitempty"`
}

// profileLoad is how long wsisgraph is loaded with the mix while its CPU is profiled;
// sampleLoad how long each server is loaded with each query while Neo4j is sampled.
const (
	profileLoad = 12 * time.Second
	sampleLoad  = 3 * time.Second
)

// profileRun profiles wsisgraph (a build of the same server with net/http/pprof) under the
// mix at concurrency 8 and, when withCypher, PROFILEs the main statement of each query for
// wsisgraph and for the @neo4j/graphql server.
func (h *harness) profileRun(ctx context.Context, size int, qs []mix.Query, addr string, withCypher bool) error {
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
	wsis := &system{label: "wsisgraph", kind: mix.Wsisgraph, url: base + "/graphql"}
	h.warm(ctx, qs, []*system{wsis})

	res := &profileResult{Size: size, Seconds: profileLoad.Seconds()}
	pprofFile := filepath.Join(h.tmp, fmt.Sprintf("wsisgraph-%d.pprof", size))
	var pprofErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		pprofErr = fetch(ctx, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", base, int(profileLoad.Seconds())-2), pprofFile)
	}()
	var reqs []load.Request
	for _, q := range qs {
		reqs = append(reqs, load.Request{URL: wsis.url, Body: q.Bodies[wsis.kind]})
	}
	_, err = load.Run(ctx, load.Config{Concurrency: 8, Duration: profileLoad, Requests: reqs, Timeout: 60 * time.Second})
	wg.Wait()
	if err != nil {
		return err
	}
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
	h.res.Profiles = append(h.res.Profiles, res)
	if err := os.WriteFile(filepath.Join(h.o.out, fmt.Sprintf("wsisgraph-pprof-%d.txt", size)), out, 0o644); err != nil {
		return err
	}
	if !withCypher {
		return nil
	}
	drv, err := driver.NewDriverWithContext(h.neo4jURI, driver.NoAuth())
	if err != nil {
		return err
	}
	defer drv.Close(context.Background())
	systems := []*system{wsis}
	for _, s := range h.servers {
		if s.kind == mix.Neo4jGraphQL {
			systems = append(systems, s)
		}
	}
	for _, q := range qs {
		for _, s := range systems {
			h.log.Printf("sampling the Cypher of %s for %s (%v)", s.label, q.Name, sampleLoad)
			seen, err := h.sampleUnderLoad(ctx, drv, s, q)
			if err != nil {
				return err
			}
			if len(seen) == 0 {
				res.Cypher = append(res.Cypher, cypherProfile{System: s.label, Query: q.Name, Error: "no statement was seen running in Neo4j while the server answered this query"})
				continue
			}
			res.Cypher = append(res.Cypher, h.profileStatement(ctx, drv, s.label, q.Name, seen[0]))
		}
	}
	return nil
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

// sampleUnderLoad loads s with q at concurrency 4 for sampleLoad and meanwhile lists the
// statements running in Neo4j every 50 ms. Statements are returned most seen first.
func (h *harness) sampleUnderLoad(ctx context.Context, drv driver.DriverWithContext, s *system, q mix.Query) ([]*sighting, error) {
	reqs := []load.Request{{URL: s.url, Body: q.Bodies[s.kind]}}
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
					// Keep the parameters of the longest sighting that has them all (a
					// transaction between statements shows none).
					if len(params) > len(x.params) || (len(params) == len(x.params) && el >= x.max) {
						x.params = params
					}
					x.max = max(x.max, el)
				}
			}
			select {
			case <-lctx.Done():
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	_, err := load.Run(ctx, load.Config{Concurrency: 4, Duration: sampleLoad, MaxDuration: 2 * sampleLoad, Requests: reqs, Timeout: 60 * time.Second})
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

// profileStatement runs PROFILE on a statement seen running.
func (h *harness) profileStatement(ctx context.Context, drv driver.DriverWithContext, sys, query string, x *sighting) cypherProfile {
	cp := cypherProfile{System: sys, Query: query, Statement: x.statement, Params: x.params, Sightings: x.count, MaxMs: ms(x.max)}
	plan, err := profile(ctx, drv, x.statement, x.params)
	if err != nil {
		cp.Error = err.Error()
		return cp
	}
	var b strings.Builder
	renderPlan(&b, plan, 0)
	cp.Plan = b.String()
	cp.DbHits, cp.Rows = totalHits(plan), plan.Records()
	return cp
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
	fmt.Fprintf(&b, "## Profile: %s\n\n", sizeLabel(p.Size))
	fmt.Fprintf(&b, "wsisgraph's CPU profile under the mix at concurrency 8 for %.0f s (`go tool pprof -top`, then `-top -cum`):\n\n```\n%s```\n\n```\n%s```\n\n",
		p.Seconds, firstLines(p.PprofTop, 40), firstLines(p.PprofCum, 40))
	if len(p.Cypher) == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, "For each query, the statement seen running most often in Neo4j (`SHOW TRANSACTIONS` every 50 ms while the server answered that query at concurrency 4 for %.0f s), run once with `PROFILE`:\n\n", sampleLoad.Seconds())
	for _, c := range p.Cypher {
		fmt.Fprintf(&b, "### %s, %s: seen %d times, up to %.0f ms; %d db hits\n\n```cypher\n%s\n```\n\nParameters: `%s`\n\n",
			c.Query, c.System, c.Sightings, c.MaxMs, c.DbHits, strings.TrimSpace(c.Statement), clipString(fmt.Sprint(c.Params), 300))
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
