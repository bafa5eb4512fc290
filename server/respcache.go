package server

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/wsisgraph/wsisgraph"
)

// The default bounds of the response cache; see Config.
const (
	DefaultResponseCacheEntries = 2000
	DefaultResponseCacheBytes   = 64 << 20
)

// cachedResponse is the data of an error-free answer, with what the request cost.
type cachedResponse struct {
	data       []byte
	cost       int
	operation  string        // the operation's name, for the operation label
	deprecated []deprecation // what the operation used, for the answer's extensions and the counter
}

// responseCache holds answers by request key, bounded both by entries and by bytes (the
// least recently used go first). It is safe for concurrent use.
type responseCache struct {
	maxBytes int

	mu    sync.Mutex
	lru   *simplelru.LRU[string, *cachedResponse]
	bytes int
}

func newResponseCache(entries, maxBytes int) *responseCache {
	c := &responseCache{maxBytes: maxBytes}
	c.lru, _ = simplelru.NewLRU(entries, func(_ string, v *cachedResponse) { c.bytes -= len(v.data) })
	return c
}

func (c *responseCache) get(key string) (*cachedResponse, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Get(key)
}

// add stores v under key. An answer larger than an eighth of the byte bound is not stored,
// so that one answer cannot empty the cache.
func (c *responseCache) add(key string, v *cachedResponse) {
	if len(v.data) > c.maxBytes/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.lru.Peek(key); ok {
		c.bytes -= len(old.data)
	}
	c.lru.Add(key, v)
	c.bytes += len(v.data)
	for c.bytes > c.maxBytes {
		c.lru.RemoveOldest()
	}
}

// stats returns the number of entries and their bytes.
func (c *responseCache) stats() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.bytes
}

// requestKey identifies what an answer depends on: the dataset version, the query (by its
// SHA-256, the hash automatic persisted queries send, so that a query sent in full and by
// hash share a key), the operation name, the variables (as canonical JSON: object keys
// sorted) and the request's language. It returns "" when the request names no query or its
// variables cannot be encoded; such a request is neither cached nor given an ETag.
func requestKey(version string, p *graphql.RawParams, lang wsisgraph.Lang) string {
	qid := ""
	switch {
	case p.Query != "":
		sum := sha256.Sum256([]byte(p.Query))
		qid = hex.EncodeToString(sum[:])
	default:
		pq, _ := p.Extensions["persistedQuery"].(map[string]any)
		h, _ := pq["sha256Hash"].(string)
		if len(h) != 64 {
			return ""
		}
		qid = strings.ToLower(h)
	}
	vars := []byte("{}")
	if len(p.Variables) > 0 {
		var err error
		if vars, err = json.Marshal(p.Variables); err != nil {
			return ""
		}
	}
	h := sha256.New()
	for _, part := range [][]byte{[]byte(version), []byte(qid), []byte(p.OperationName), vars, []byte(lang)} {
		h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(part)))) // length-prefixed: no two requests share a key
		h.Write(part)
	}
	return hex.EncodeToString(h.Sum(nil))
}
