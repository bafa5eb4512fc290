// Package playground serves a self-contained GraphiQL playground (with the
// Explorer query-builder plugin) for the wsisgraph GraphQL API.
//
// All browser files are embedded in the binary (see assets/ and
// web/build.sh, which vendors pinned GraphiQL/React UMD bundles), so the
// playground works offline and never touches a CDN. The page talks to the
// GraphQL endpoint at /graphql on the same origin.
//
// Typical wiring:
//
//	examples, err := playground.LoadExamples(os.DirFS("examples"), ".")
//	...
//	mux.Handle("/graphql", api)
//	mux.Handle("/", playground.Handler(examples))
package playground

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed assets
var assets embed.FS

// Example is one preloaded query shown as a playground tab.
//
// GraphiQL titles a tab after the operation name in its query, so examples
// should use named operations (query GoalsByActionLine { ... }).
type Example struct {
	Name  string `json:"name"`
	Query string `json:"query"`
}

const (
	prefix       = "/playground/"
	examplesPath = prefix + "examples.json"
	vendorPrefix = prefix + "vendor/"

	vendorCacheControl = "public, max-age=86400"

	// csp confines the page to its own origin: scripts, styles and the
	// GraphQL endpoint all come from the server itself. GraphiQL needs inline
	// style attributes and its CSS embeds fonts/icons as data: URLs.
	csp = "default-src 'self'; script-src 'self'; connect-src 'self'; " +
		"style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; " +
		"object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
)

// contentTypes are set explicitly rather than relying on the host's MIME
// database, which differs between machines.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".txt":  "text/plain; charset=utf-8",
	".svg":  "image/svg+xml",
}

// Handler serves the playground page at "/" and its files under "/playground/".
// examples are served as /playground/examples.json in the given order.
//
// Any other path, including unknown paths and directories under
// /playground/, is answered with 404, so Handler can be mounted at "/" next
// to the GraphQL endpoint. Only GET and HEAD are allowed.
func Handler(examples []Example) http.Handler {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	index, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		panic(err)
	}
	if examples == nil {
		examples = []Example{}
	}
	examplesJSON, err := json.Marshal(examples)
	if err != nil {
		panic(err) // strings only: cannot fail
	}
	return &handler{
		files:    http.StripPrefix(prefix, http.FileServer(http.FS(sub))),
		sub:      sub,
		index:    index,
		examples: examplesJSON,
	}
}

type handler struct {
	files    http.Handler
	sub      fs.FS
	index    []byte
	examples []byte
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	hdr := w.Header()
	hdr.Set("X-Content-Type-Options", "nosniff")

	switch p := r.URL.Path; {
	case p == "/":
		hdr.Set("Content-Type", contentTypes[".html"])
		hdr.Set("Cache-Control", "no-cache")
		hdr.Set("Content-Security-Policy", csp)
		h.write(w, r, h.index)

	case p == examplesPath:
		hdr.Set("Content-Type", contentTypes[".json"])
		hdr.Set("Cache-Control", "no-cache")
		h.write(w, r, h.examples)

	case strings.HasPrefix(p, prefix):
		name := strings.TrimPrefix(p, prefix)
		ctype, ok := contentTypes[path.Ext(name)]
		// index.html has exactly one URL ("/"); directories are not listed.
		if !ok || name == "index.html" || !fs.ValidPath(name) || !isFile(h.sub, name) {
			http.NotFound(w, r)
			return
		}
		hdr.Set("Content-Type", ctype)
		if strings.HasPrefix(p, vendorPrefix) {
			hdr.Set("Cache-Control", vendorCacheControl)
		} else {
			hdr.Set("Cache-Control", "no-cache")
		}
		h.files.ServeHTTP(w, r)

	default:
		http.NotFound(w, r)
	}
}

func (h *handler) write(w http.ResponseWriter, r *http.Request, body []byte) {
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func isFile(fsys fs.FS, name string) bool {
	fi, err := fs.Stat(fsys, name)
	return err == nil && fi.Mode().IsRegular()
}

// LoadExamples reads every *.graphql file in dir (sorted by file name) as an Example named
// after the file's first comment line (a line starting with "#"), or the file name without extension.
//
// Only the file's leading comment block counts: blank lines may precede
// it, but a "#" comment that appears after the first line of GraphQL is not
// used as the name. The Query is the file's full content, comments included.
func LoadExamples(fsys fs.FS, dir string) ([]Example, error) {
	entries, err := fs.ReadDir(fsys, dir) // sorted by file name
	if err != nil {
		return nil, fmt.Errorf("playground: reading examples: %w", err)
	}
	var out []Example
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".graphql" {
			continue
		}
		file := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("playground: reading example: %w", err)
		}
		name := leadingComment(data)
		if name == "" {
			name = strings.TrimSuffix(e.Name(), ".graphql")
		}
		out = append(out, Example{Name: name, Query: string(data)})
	}
	if out == nil {
		out = []Example{}
	}
	return out, nil
}

// leadingComment returns the text of the first non-empty "#" comment in the
// comment block that opens src, or "" if src does not open with one.
func leadingComment(src []byte) string {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	for line := range strings.Lines(string(src)) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "#") {
			return ""
		}
		if text := strings.TrimSpace(strings.TrimLeft(line, "#")); text != "" {
			return text
		}
	}
	return ""
}
