// Package load is a closed-loop load generator: a fixed number of workers each send a
// request, wait for its whole answer, and send the next, for a fixed time. It measures
// throughput and latency percentiles, and the CPU time processes spent meanwhile
// (/proc/PID/stat, Linux).
//
// It only sends to loopback addresses.
package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Request is one POST of a JSON body.
type Request struct {
	URL  string
	Body []byte
}

// Config describes one run.
type Config struct {
	Concurrency int           // workers, ≥ 1
	Duration    time.Duration // measured time, after Warmup
	Warmup      time.Duration // time sent but not measured
	// MaxDuration, when longer than Duration, lets the measured time go on until every
	// worker has measured each request of Requests once (slow requests would otherwise leave
	// a cell empty), but no longer than MaxDuration: requests still in flight then are
	// abandoned.
	MaxDuration time.Duration
	// Requests are sent in turn: worker w starts at Requests[w % len] and goes round.
	Requests []Request
	Timeout  time.Duration // per request; 0: 30 s
	Client   *http.Client  // nil: a client with Concurrency idle connections
	// OnStart and OnEnd, when set, run when the measured time starts and when its last
	// request has ended (to read counters over exactly that time); each runs once, OnStart
	// before OnEnd.
	OnStart, OnEnd func()
}

// Result is what one run measured. Latencies are of the requests that started after the
// warm-up; a request in flight when the measured time ends is waited for and counted (up to
// MaxDuration, see Abandoned).
type Result struct {
	Requests   int           `json:"requests"`
	Errors     int           `json:"errors"`
	FirstError string        `json:"firstError,omitempty"`
	Elapsed    time.Duration `json:"elapsedNs"`
	RPS        float64       `json:"rps"`
	P50        time.Duration `json:"p50Ns"`
	P99        time.Duration `json:"p99Ns"`
	Max        time.Duration `json:"maxNs"`
	// Abandoned requests were in flight at MaxDuration; those of the measured time count in
	// the percentiles as slower than any answer (Unanswered), not in Requests or RPS.
	Abandoned int `json:"abandoned"`
}

// Run sends cfg's requests until cfg.Warmup+cfg.Duration has passed (see MaxDuration) or ctx
// is done. A request fails when it gets no answer, a status other than 200, or an answer with
// "errors"; failed requests count in Errors, not in the latencies.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Concurrency < 1 || len(cfg.Requests) == 0 || cfg.Duration <= 0 {
		return Result{}, errors.New("load: want Concurrency ≥ 1, a request and a duration")
	}
	for _, r := range cfg.Requests {
		if err := checkLoopback(r.URL); err != nil {
			return Result{}, err
		}
	}
	client := cfg.Client
	if client == nil {
		client = NewClient(cfg.Concurrency)
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	start := time.Now()
	measureFrom := start.Add(cfg.Warmup)
	end := measureFrom.Add(cfg.Duration)
	hardEnd := end
	reqCtx, cancelReqs := ctx, context.CancelFunc(func() {})
	if cfg.MaxDuration > cfg.Duration {
		hardEnd = measureFrom.Add(cfg.MaxDuration)
		reqCtx, cancelReqs = context.WithDeadline(ctx, hardEnd)
	}
	defer cancelReqs()

	type worker struct {
		lat       []time.Duration
		errs      int
		abandoned int
		cutMeas   int // abandoned requests that started in the measured time
		firstErr  string
	}
	ws := make([]worker, cfg.Concurrency)
	var wg sync.WaitGroup
	marks := make(chan struct{})
	go func() {
		defer close(marks)
		select {
		case <-time.After(time.Until(measureFrom)):
		case <-ctx.Done():
		}
		if cfg.OnStart != nil {
			cfg.OnStart()
		}
	}()
	for w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			me := &ws[w]
			for i := w; ; i++ {
				t0 := time.Now()
				measured := len(me.lat)+me.errs+me.cutMeas >= len(cfg.Requests)
				if (!t0.Before(end) && (measured || !t0.Before(hardEnd))) || reqCtx.Err() != nil {
					return
				}
				err := send(reqCtx, client, cfg.Requests[i%len(cfg.Requests)], timeout)
				if err != nil && reqCtx.Err() != nil && ctx.Err() == nil {
					me.abandoned++ // cut off at MaxDuration
					if !t0.Before(measureFrom) {
						me.cutMeas++
					}
					continue
				}
				if t0.Before(measureFrom) {
					continue
				}
				if err != nil {
					me.errs++
					if me.firstErr == "" {
						me.firstErr = err.Error()
					}
					continue
				}
				me.lat = append(me.lat, time.Since(t0))
			}
		}()
	}
	wg.Wait()
	<-marks
	elapsed := time.Since(measureFrom)
	if cfg.OnEnd != nil {
		cfg.OnEnd()
	}
	var res Result
	var lat, cut []time.Duration
	for _, w := range ws {
		lat = append(lat, w.lat...)
		res.Errors += w.errs
		res.Abandoned += w.abandoned
		for range w.cutMeas {
			cut = append(cut, Unanswered)
		}
		if res.FirstError == "" {
			res.FirstError = w.firstErr
		}
	}
	res.Requests = len(lat)
	res.Elapsed = elapsed
	if elapsed > 0 {
		res.RPS = float64(len(lat)) / elapsed.Seconds()
	}
	slices.Sort(lat)
	all := append(slices.Clone(lat), cut...)
	res.P50, res.P99 = Percentile(all, 0.50), Percentile(all, 0.99)
	if len(lat) > 0 {
		res.Max = lat[len(lat)-1]
	}
	return res, ctx.Err()
}

// Unanswered is the latency percentiles count an abandoned request as.
const Unanswered = time.Duration(math.MaxInt64)

// Percentile returns the p-quantile (0–1) of sorted latencies by the nearest-rank method,
// 0 for none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// NewClient returns an HTTP client keeping up to conns idle connections to a host.
func NewClient(conns int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns * 2,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
	}}
}

// Post sends one request and returns the answer's body; a status other than 200 is an error.
func Post(ctx context.Context, client *http.Client, r Request, timeout time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.URL, bytes.NewReader(r.Body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return b, fmt.Errorf("%s: %s: %.200s", r.URL, resp.Status, b)
	}
	return b, nil
}

var errorsKey = []byte(`"errors"`)

func send(ctx context.Context, client *http.Client, r Request, timeout time.Duration) error {
	b, err := Post(ctx, client, r, timeout)
	if err == nil && bytes.Contains(b, errorsKey) {
		err = fmt.Errorf("%s: answer with errors: %.200s", r.URL, b)
	}
	return err
}

func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	h := u.Hostname()
	if ip := net.ParseIP(h); (ip != nil && ip.IsLoopback()) || h == "localhost" {
		return nil
	}
	return fmt.Errorf("load: %s is not a loopback address", raw)
}

// ClockTicks is the unit of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux).
const ClockTicks = 100

// CPUTime returns the user plus system CPU time process pid has used, from /proc/PID/stat.
func CPUTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces: fields are counted
	// from the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("load: unexpected /proc/%d/stat", pid)
	}
	f := strings.Fields(s[i+1:])
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, fmt.Errorf("load: unexpected /proc/%d/stat", pid)
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("load: unexpected /proc/%d/stat", pid)
	}
	return time.Duration(u+st) * time.Second / ClockTicks, nil
}
