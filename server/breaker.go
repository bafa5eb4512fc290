package server

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/wsisgraph/wsisgraph"
)

// breaker fails store calls fast while the backend is known to be down, so that an outage
// is answered SERVICE_UNAVAILABLE at once instead of holding every request until its
// deadline (a driver retries a lost connection until the context ends).
//
// A store call failing with EUNAVAILABLE or ETIMEOUT starts a check: the store is pinged, and
// if the ping fails the breaker opens. While it is open, store calls are refused with
// EUNAVAILABLE and one goroutine pings every probeEvery until the backend answers, which
// closes it. At most one check or probe loop runs at a time; it stops when stop is closed.
type breaker struct {
	store        wsisgraph.Store
	log          *slog.Logger
	probeEvery   time.Duration
	probeTimeout time.Duration
	stop         <-chan struct{}

	open     atomic.Bool
	checking atomic.Bool
}

// errDown is the error of a store call refused while the breaker is open.
var errDown = wsisgraph.Errorf(wsisgraph.EUNAVAILABLE, "the graph database is unavailable")

func (b *breaker) isOpen() bool { return b.open.Load() }

// observe looks at the error of a store call and starts a check when it may mean the
// backend is down.
func (b *breaker) observe(err error) {
	switch wsisgraph.ErrorCode(err) {
	case wsisgraph.EUNAVAILABLE, wsisgraph.ETIMEOUT:
	default:
		return
	}
	if b.checking.CompareAndSwap(false, true) {
		go b.check()
	}
}

// check pings the store until it answers, holding the breaker open meanwhile.
func (b *breaker) check() {
	defer b.checking.Store(false)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), b.probeTimeout)
		err := b.store.Ping(ctx)
		cancel()
		if err == nil {
			if b.open.Swap(false) {
				b.log.Info("backend answers again: store calls resume")
			}
			return
		}
		if !b.open.Swap(true) {
			b.log.Error("backend down: store calls fail fast until it answers", "err", err, "probe_every", b.probeEvery.String())
		}
		select {
		case <-b.stop:
			return
		case <-time.After(b.probeEvery):
		}
	}
}
