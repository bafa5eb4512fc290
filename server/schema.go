package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// SchemaPath serves the schema the service executes as SDL.
const SchemaPath = "/schema.graphql"

// schemaHandler serves the SDL of schema: the text of schema.graphqls as the service was built
// from it (descriptions and @deprecated reasons included), as text/plain, with an ETag (304
// when If-None-Match names it) and, when maxAge is positive, public caching for maxAge. HEAD
// and Range requests are answered as http.ServeContent does.
func schemaHandler(schema *ast.Schema, maxAge time.Duration) http.Handler {
	sdl := schemaSDL(schema)
	sum := sha256.Sum256(sdl)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	cacheControl := "no-cache"
	if maxAge > 0 {
		cacheControl = "public, max-age=" + strconv.Itoa(int(maxAge/time.Second))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Cache-Control", cacheControl)
		h.Set("ETag", etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(sdl))
	})
}

// schemaSDL returns the source text the schema's query type was parsed from (gqlgen compiles
// schema.graphqls into the binary), or, were there none, the schema printed by gqlparser.
func schemaSDL(schema *ast.Schema) []byte {
	if q := schema.Query; q != nil && q.Position != nil && q.Position.Src != nil && !q.Position.Src.BuiltIn {
		return []byte(q.Position.Src.Input)
	}
	var b bytes.Buffer
	formatter.NewFormatter(&b, formatter.WithComments()).FormatSchema(schema)
	return b.Bytes()
}
