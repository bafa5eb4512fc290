package server

import (
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/time/rate"
)

// The default rate budget of one client; see Config.
const (
	DefaultRatePerMinute = 100000
	DefaultMaxClients    = 100000
)

// rateLimiter keeps one token bucket of cost points per client. It is safe for concurrent use.
//
// The client map is bounded: a client idle long enough for its bucket to refill is dropped
// (forgetting a full bucket changes nothing), and beyond maxClients the least recently seen
// client is dropped.
type rateLimiter struct {
	every  rate.Limit // points per second
	burst  int
	refill time.Duration // how long an empty bucket takes to fill

	mu      sync.Mutex
	clients *simplelru.LRU[string, *bucket]
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newRateLimiter(perMinute float64, burst, maxClients int) *rateLimiter {
	every := rate.Limit(perMinute / 60)
	clients, _ := simplelru.NewLRU[string, *bucket](maxClients, nil)
	return &rateLimiter{
		every:   every,
		burst:   burst,
		refill:  time.Duration(float64(burst) / float64(every) * float64(time.Second)),
		clients: clients,
	}
}

// take spends n points of client's bucket at now. When the bucket holds fewer than n points
// it spends nothing and returns ok false and how long until n points are there (zero when n
// is more than the bucket can ever hold). remaining is what the bucket holds afterwards.
func (l *rateLimiter) take(client string, n int, now time.Time) (ok bool, remaining int, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(client, now)
	r := b.lim.ReserveN(now, n)
	if !r.OK() {
		return false, floor(b.lim.TokensAt(now)), 0
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, floor(b.lim.TokensAt(now)), d
	}
	return true, floor(b.lim.TokensAt(now)), 0
}

// fullAt returns when client's bucket holds its whole burst again if it spends nothing more:
// now when it is full (or unknown).
func (l *rateLimiter) fullAt(client string, now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.clients.Peek(client)
	if !ok {
		return now
	}
	missing := float64(l.burst) - b.lim.TokensAt(now)
	if missing <= 0 {
		return now
	}
	return now.Add(time.Duration(missing / float64(l.every) * float64(time.Second)))
}

// bucket returns client's bucket, creating a full one. It drops idle clients first.
func (l *rateLimiter) bucket(client string, now time.Time) *bucket {
	if b, ok := l.clients.Get(client); ok {
		b.seen = now
		return b
	}
	for {
		_, oldest, ok := l.clients.GetOldest()
		if !ok || now.Sub(oldest.seen) < l.refill {
			break
		}
		l.clients.RemoveOldest()
	}
	b := &bucket{lim: rate.NewLimiter(l.every, l.burst), seen: now}
	l.clients.Add(client, b)
	return b
}

// size returns the number of clients tracked.
func (l *rateLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.clients.Len()
}

func floor(f float64) int { return int(math.Floor(max(f, 0))) }

// clientKey names the rate-limited client of r: "key:" and its X-Api-Key when the key is one
// of apiKeys (an unlisted key would let anyone mint fresh budgets), else "ip:" and the remote
// address, taken from ipHeader when set (the rightmost address of a list, as a proxy appends
// it). An IPv6 address counts by its /64 network, what one host is usually given.
func clientKey(r *http.Request, apiKeys map[string]bool, ipHeader string) string {
	if k := r.Header.Get("X-Api-Key"); k != "" && apiKeys[k] {
		return "key:" + k
	}
	addr := ""
	if ipHeader != "" {
		if v := r.Header.Get(ipHeader); v != "" {
			parts := strings.Split(v, ",")
			addr = strings.TrimSpace(parts[len(parts)-1])
		}
	}
	if addr == "" {
		addr = r.RemoteAddr
		if h, _, err := net.SplitHostPort(addr); err == nil {
			addr = h
		}
	}
	ip := net.ParseIP(addr)
	switch {
	case ip == nil:
		return "ip:" + addr
	case ip.To4() != nil:
		return "ip:" + ip.To4().String()
	default:
		return "ip:" + ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
}
