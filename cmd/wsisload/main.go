// Command wsisload sends a mixed GraphQL workload to a wsisgraph server and reports what
// became of it: valid queries (the docs/queries examples and parameterised variants, by GET
// and POST, in the six languages) and abusive ones (deep, alias floods, root-field floods,
// token floods, bodies above the limit, cost bombs, fragment bombs, malformed JSON), each
// abusive kind checked against the error code it must get.
//
//	wsisload [-url http://127.0.0.1:8080] [-c 64] [-d 60s] [-abusive 0.2] [-pid PID] [-outage-ok]
//
// It stops by itself after -d, with at most -c requests in flight. It exits 1 when a valid
// request failed (a transport error, a 5xx, or an error other than RATE_LIMITED), an abusive
// one got another answer than its code or RATE_LIMITED, or a RATE_LIMITED answer had no
// Retry-After. With -outage-ok (a load run through a backend outage), a valid request may
// also get SERVICE_UNAVAILABLE, which must carry Retry-After; those answers are tallied apart,
// as "valid, unavailable", with their own latencies.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wsisgraph/wsisgraph/docs/queries"
)

// request is one request of the workload.
type request struct {
	kind   string // "valid" or the abusive kind
	want   string // the error code an abusive request must get
	method string
	query  string
	vars   map[string]any
	lang   string
	body   []byte // a raw POST body instead of query and vars
}

// result is what became of one request.
type result struct {
	kind    string
	status  int
	code    string // the first error's extensions.code
	start   time.Time
	latency time.Duration
	err     error
}

// kindUnavailable is the kind of a valid request answered SERVICE_UNAVAILABLE under -outage-ok.
const kindUnavailable = "valid, unavailable"

// options are a run's settings (the flags).
type options struct {
	base      string
	clients   int
	abusive   float64
	keyPrefix string
	seed      uint64
	outageOK  bool // SERVICE_UNAVAILABLE with Retry-After is a right answer to a valid request
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server's base URL (a loopback address)")
	clients := flag.Int("c", 64, "concurrent clients")
	dur := flag.Duration("d", 60*time.Second, "how long to send")
	abusive := flag.Float64("abusive", 0.2, "share of abusive requests, 0–1")
	pid := flag.Int("pid", 0, "the server's process id, to read its resident memory from /proc (Linux)")
	keyPrefix := flag.String("api-key-prefix", "", "when set, client i sends X-Api-Key PREFIXi (for a server started with those keys)")
	seed := flag.Uint64("seed", 1, "random seed of the workload")
	outageOK := flag.Bool("outage-ok", false, "accept SERVICE_UNAVAILABLE with Retry-After as the answer to a valid request (a run through a backend outage)")
	flag.Parse()
	o := options{base: *base, clients: *clients, abusive: *abusive, keyPrefix: *keyPrefix, seed: *seed, outageOK: *outageOK}
	if err := run(o, *dur, *pid); err != nil {
		fmt.Fprintln(os.Stderr, "wsisload:", err)
		os.Exit(1)
	}
}

func run(o options, dur time.Duration, pid int) error {
	hc := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: o.clients, MaxIdleConnsPerHost: o.clients, IdleConnTimeout: 30 * time.Second},
	}
	before := memory(hc, o.base, pid)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	start := time.Now()
	results, err := load(ctx, hc, o)
	if err != nil {
		return err
	}
	base, clients := o.base, o.clients
	// Sample the server's memory while the load runs.
	var peak float64
	var samples []mem
	sampleDone := make(chan struct{})
	go func() {
		defer close(sampleDone)
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				m := memory(hc, base, pid)
				peak = max(peak, m.heap)
				samples = append(samples, m)
			}
		}
	}()
	rep := newReport()
	for res := range results {
		rep.add(res)
	}
	<-sampleDone
	elapsed := time.Since(start)
	hc.CloseIdleConnections()
	time.Sleep(time.Second) // let the server settle before the last reading
	after := memory(hc, base, pid)
	failed := rep.print(os.Stdout, elapsed, clients)
	fmt.Printf("\nserver memory      before      after   peak heap during\n")
	fmt.Printf("  heap in use    %8.1f MB %8.1f MB  %8.1f MB   (go_memstats_heap_inuse_bytes)\n", before.heap/1e6, after.heap/1e6, max(peak, after.heap)/1e6)
	if pid != 0 {
		fmt.Printf("  resident (RSS) %8.1f MB %8.1f MB               (/proc/%d/status VmRSS)\n", before.rss/1e6, after.rss/1e6, pid)
	}
	fmt.Printf("  every 5 s: heap")
	for _, m := range samples {
		fmt.Printf(" %.0f", m.heap/1e6)
	}
	if pid != 0 {
		fmt.Printf(" MB; RSS")
		for _, m := range samples {
			fmt.Printf(" %.0f", m.rss/1e6)
		}
	}
	fmt.Println(" MB")
	if failed {
		return fmt.Errorf("some requests were not answered as they must be (see above)")
	}
	return nil
}

// load sends the workload of o from o.clients clients until ctx is done, and returns the
// channel of their results, closed when every client has stopped.
func load(ctx context.Context, hc *http.Client, o options) (<-chan result, error) {
	u, err := url.Parse(o.base)
	if err != nil {
		return nil, err
	}
	if h := u.Hostname(); h != "localhost" && !strings.HasPrefix(h, "127.") && h != "::1" {
		return nil, fmt.Errorf("%s is not a loopback address: wsisload only loads a server on this machine", h)
	}
	valid, err := validRequests()
	if err != nil {
		return nil, err
	}
	bad := abusiveRequests()
	results := make(chan result, 1024)
	var wg sync.WaitGroup
	for i := range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(o.seed, uint64(i)))
			key := ""
			if o.keyPrefix != "" {
				key = o.keyPrefix + strconv.Itoa(i)
			}
			for ctx.Err() == nil {
				var r request
				if rng.Float64() < o.abusive {
					r = bad[rng.IntN(len(bad))]
				} else {
					r = valid(rng)
				}
				res := send(ctx, hc, o.base, key, r, o.outageOK)
				if ctx.Err() != nil && res.err != nil {
					return // cut by the end of the run
				}
				results <- res
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	return results, nil
}

func send(ctx context.Context, hc *http.Client, base, apiKey string, r request, outageOK bool) result {
	var req *http.Request
	var err error
	switch {
	case r.body != nil:
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(r.body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	case r.method == http.MethodGet:
		v := url.Values{"query": {r.query}}
		if r.vars != nil {
			b, _ := json.Marshal(r.vars)
			v.Set("variables", string(b))
		}
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/graphql?"+v.Encode(), nil)
	default:
		b, _ := json.Marshal(map[string]any{"query": r.query, "variables": r.vars})
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(b))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	if err != nil {
		return result{kind: r.kind, err: err}
	}
	if r.lang != "" {
		req.Header.Set("Accept-Language", r.lang)
	}
	if apiKey != "" {
		req.Header.Set("X-Api-Key", apiKey)
	}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return result{kind: r.kind, err: err, start: start, latency: time.Since(start)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	res := result{kind: r.kind, status: resp.StatusCode, start: start, latency: time.Since(start), err: err}
	var a struct {
		Errors []struct{ Extensions map[string]any }
	}
	if json.Unmarshal(b, &a) == nil && len(a.Errors) > 0 {
		res.code, _ = a.Errors[0].Extensions["code"].(string)
		if res.code == "" {
			res.code = "(no code)"
		}
	}
	switch {
	case res.code == "RATE_LIMITED" && resp.Header.Get("Retry-After") == "":
		res.code += " (no Retry-After)"
	case res.code == "RATE_LIMITED":
		// any request may meet a spent budget: it is refused before it is read
	case outageOK && r.kind == "valid" && res.code == "SERVICE_UNAVAILABLE":
		res.kind = kindUnavailable
		if resp.Header.Get("Retry-After") == "" {
			res.code += " (no Retry-After)"
		}
	case r.want != "" && res.code != r.want:
		res.code += " (want " + r.want + ")"
	}
	return res
}

// validRequests returns a generator of valid requests: the docs/queries examples and
// parameterised queries, by GET or POST, in a random language.
func validRequests() (func(*rand.Rand) request, error) {
	var examples []string
	err := fs.WalkDir(queries.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(path, ".graphql") {
			return err
		}
		b, err := fs.ReadFile(queries.FS, path)
		examples = append(examples, string(b))
		return err
	})
	if err != nil {
		return nil, err
	}
	langs := []string{"", "ar", "en", "es", "fr", "ru", "zh-Hans"}
	words := []string{"internet", "health", "education", "santé", "e-government", "9.c", "women", "broadband", "climate"}
	params := []func(*rand.Rand) (string, map[string]any){
		func(r *rand.Rand) (string, map[string]any) {
			return `query ($n: Int!) { goal(number: $n) { number title targets { code title indicators { code } } } }`, map[string]any{"n": 1 + r.IntN(17)}
		},
		func(r *rand.Rand) (string, map[string]any) {
			return `query ($n: Int) { projects(first: $n, orderBy: {field: YEAR, direction: DESC}) { totalCount nodes { key title year organizations { name } } } }`, map[string]any{"n": 1 + r.IntN(100)}
		},
		func(r *rand.Rand) (string, map[string]any) {
			return `query ($t: String!) { search(text: $t, first: 10) { totalCount edges { score node { id } } } }`, map[string]any{"t": words[r.IntN(len(words))]}
		},
		func(r *rand.Rand) (string, map[string]any) {
			return `query ($c: String!) { actionLine(code: $c) { code title linkages { target { code } goal { number } } } }`, map[string]any{"c": "C" + strconv.Itoa(1+r.IntN(11))}
		},
		func(r *rand.Rand) (string, map[string]any) {
			return `{ matrix { rows { actionLine { code } cells { goal { number } targetCount projectCount } } } }`, nil
		},
	}
	return func(r *rand.Rand) request {
		req := request{kind: "valid", lang: langs[r.IntN(len(langs))], method: http.MethodPost}
		if r.IntN(2) == 0 {
			req.method = http.MethodGet
		}
		if r.IntN(2) == 0 {
			req.query = examples[r.IntN(len(examples))]
		} else {
			req.query, req.vars = params[r.IntN(len(params))](r)
		}
		return req
	}, nil
}

// abusiveRequests returns one request of each abusive kind with the code it must get.
func abusiveRequests() []request {
	parents := func(n int) string {
		return `{ actionLine(code: "C7.e-health") { ` + strings.Repeat("parent { ", n) + "code" + strings.Repeat(" }", n) + " } }"
	}
	var aliases, roots strings.Builder
	for i := range 500 {
		fmt.Fprintf(&aliases, "a%d: number ", i)
	}
	for i := range 25 {
		fmt.Fprintf(&roots, "g%d: goal(number: 1) { number } ", i)
	}
	var bomb strings.Builder
	bomb.WriteString("{ goal(number: 1) { ...F0 } }\n")
	for i := range 40 {
		fmt.Fprintf(&bomb, "fragment F%d on Goal { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	bomb.WriteString("fragment F40 on Goal { targets { code } }\n")
	huge := []byte(`{"query":"{ goals { number } }","pad":"` + strings.Repeat("x", 3<<20) + `"}`)
	return []request{
		{kind: "deep", want: "DEPTH_LIMIT_EXCEEDED", query: parents(40)},
		{kind: "alias flood", want: "ALIAS_LIMIT_EXCEEDED", query: "{ goal(number: 1) { " + aliases.String() + "} }"},
		{kind: "root field flood", want: "ROOT_FIELD_LIMIT_EXCEEDED", query: "{ " + roots.String() + "}"},
		{kind: "token flood", want: "TOKEN_LIMIT_EXCEEDED", query: "{ goals { " + strings.Repeat("number ", 20000) + "} }"},
		{kind: "huge body", want: "BODY_TOO_LARGE", body: huge},
		{kind: "cost bomb", want: "COST_LIMIT_EXCEEDED", query: `{ organizations(first: 100) { nodes { projects(first: 100) { nodes { organizations { projects(first: 100) { nodes { key } } } } } } } }`},
		{kind: "fragment bomb", want: "COST_LIMIT_EXCEEDED", query: bomb.String()},
		{kind: "malformed JSON", want: "BAD_REQUEST", body: []byte(`{"query": "{ goals { number } }", `)},
	}
}

// report tallies results by kind.
type report struct {
	byKind map[string]*tally
	valid  []result // every valid request's result, unavailable ones included, in arrival order
}

type tally struct {
	n         int
	statuses  map[int]int
	codes     map[string]int
	transport int
	latencies []time.Duration
}

func newReport() *report { return &report{byKind: map[string]*tally{}} }

func (r *report) add(res result) {
	t := r.byKind[res.kind]
	if t == nil {
		t = &tally{statuses: map[int]int{}, codes: map[string]int{}}
		r.byKind[res.kind] = t
	}
	t.n++
	if res.kind == "valid" || res.kind == kindUnavailable {
		r.valid = append(r.valid, res)
	}
	if res.err != nil {
		t.transport++
		return
	}
	t.statuses[res.status]++
	if res.code != "" {
		t.codes[res.code]++
	}
	t.latencies = append(t.latencies, res.latency)
}

// print writes the report and reports whether any request was answered as it must not be.
func (r *report) print(w io.Writer, elapsed time.Duration, clients int) bool {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	total := 0
	for _, t := range r.byKind {
		total += t.n
	}
	fmt.Fprintf(bw, "%d requests in %v from %d clients: %.0f requests/s\n\n", total, elapsed.Round(time.Millisecond), clients, float64(total)/elapsed.Seconds())
	fmt.Fprintf(bw, "%-18s %8s %9s %9s %9s  %-28s %s\n", "kind", "requests", "p50", "p99", "max", "statuses", "error codes")
	kinds := []string{"valid", kindUnavailable}
	for _, b := range abusiveRequests() {
		kinds = append(kinds, b.kind)
	}
	failed := false
	for _, k := range kinds {
		t := r.byKind[k]
		if t == nil {
			continue
		}
		sort.Slice(t.latencies, func(i, j int) bool { return t.latencies[i] < t.latencies[j] })
		fmt.Fprintf(bw, "%-18s %8d %9s %9s %9s  %-28s %s\n", k, t.n, pct(t.latencies, 0.50), pct(t.latencies, 0.99), pct(t.latencies, 1), counts(t.statuses), counts(t.codes))
		if t.transport > 0 {
			fmt.Fprintf(bw, "%-18s %8d transport errors\n", "", t.transport)
			failed = true
		}
		for status := range t.statuses {
			if status >= 500 {
				failed = true
			}
		}
		for code := range t.codes {
			if strings.Contains(code, "(") || (k == "valid" && code != "RATE_LIMITED") || (k == kindUnavailable && code != "SERVICE_UNAVAILABLE") {
				failed = true
			}
		}
	}
	return failed
}

func pct(ls []time.Duration, p float64) string {
	if len(ls) == 0 {
		return "-"
	}
	i := int(float64(len(ls)-1) * p)
	return ls[i].Round(10 * time.Microsecond).String()
}

func counts[K comparable](m map[K]int) string {
	parts := make([]string, 0, len(m))
	for k, n := range m {
		parts = append(parts, fmt.Sprintf("%v×%d", k, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// mem is a reading of the server's memory.
type mem struct{ heap, rss float64 }

// memory reads the server's heap in use from /metrics and, with a pid, its resident set
// from /proc; a reading that fails is 0.
func memory(hc *http.Client, base string, pid int) mem {
	var m mem
	if resp, err := hc.Get(base + "/metrics"); err == nil {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "go_memstats_heap_inuse_bytes "); ok {
				m.heap, _ = strconv.ParseFloat(v, 64)
			}
		}
		resp.Body.Close()
	}
	if pid != 0 {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
					kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
					m.rss = kb * 1024
				}
			}
		}
	}
	return m
}
