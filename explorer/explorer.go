// Package explorer serves the explorer page at /explore: the WSIS–SDG Matrix as a heat map,
// the graph around an entity with the paths between two, and the WSIS Prizes and projects as
// charts.
//
// The page is one HTML file, one script and one style sheet, embedded in the binary (see
// assets/ and web/build.sh, which bundles the sources in web/src with esbuild), so it works
// offline and never touches a CDN. The page reads only the GraphQL endpoint at /graphql on its
// own origin.
package explorer

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed assets
var assets embed.FS

// Path is where the page is served; its files are under Path + "/".
const Path = "/explore"

// csp confines the page to its own origin. Cytoscape and Chart.js set style attributes from
// script; links to a linkage's source open other sites in a new tab, which CSP does not limit.
const csp = "default-src 'self'; script-src 'self'; connect-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'"

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
}

// Handler serves the page at Path (with any query string: the page's state) and its files
// under Path + "/", gzipped for clients that accept it. Any other path under Path + "/" is a
// 404; only GET and HEAD are allowed.
// Mount it at both Path and Path + "/".
func Handler() http.Handler {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	h := &handler{files: map[string][]byte{}, gzipped: map[string][]byte{}}
	for _, name := range []string{"index.html", "explorer.js", "explorer.css", "favicon.svg"} {
		b, err := fs.ReadFile(sub, name)
		if err != nil {
			panic(err)
		}
		h.files[name] = b
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
		h.gzipped[name] = buf.Bytes()
	}
	return h
}

// handler holds every file, and its gzip form for clients that accept it.
type handler struct{ files, gzipped map[string][]byte }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := ""
	switch p := r.URL.Path; {
	case p == Path || p == Path+"/":
		name = "index.html"
	case strings.HasPrefix(p, Path+"/"):
		name = strings.TrimPrefix(p, Path+"/")
		if name == "index.html" {
			name = ""
		}
	}
	body, ok := h.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", contentTypes[path.Ext(name)])
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Cache-Control", "no-cache")
	if name == "index.html" {
		hdr.Set("Content-Security-Policy", csp)
	}
	hdr.Set("Vary", "Accept-Encoding")
	if acceptsGzip(r) {
		body = h.gzipped[name]
		hdr.Set("Content-Encoding", "gzip")
	}
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// acceptsGzip reports whether the request's Accept-Encoding lists gzip with a non-zero quality.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.ReplaceAll(strings.TrimSpace(params), " ", "") != "q=0" {
			return true
		}
	}
	return false
}
