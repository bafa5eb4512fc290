// Package csvexport answers GraphQL queries as CSV, for spreadsheets.
//
// A request asks for CSV with `Accept: text/csv` or the query parameter `format=csv` (GET or
// POST). The wrapped GraphQL handler answers it as usual, into a buffer; the first list of the
// answer then becomes the rows of the CSV:
//
//   - The first list is the first JSON array met in the answer's `data`, in document order. A
//     connection's `edges` list yields its `node`s (the other fields of an edge, such as
//     `cursor`, are left out); its `nodes` list is a list like any other.
//   - Columns come in selection order, named after the fields' response names (aliases
//     included). A nested object's fields are dotted: `country.code`.
//   - A nested list gives one column per field below it, holding the list's values joined with
//     "; " (`actionLines.code` = "C2; C7.e-health"); each element gives one value, empty when
//     the element or the field is null, so columns of the same list line up. Lists inside
//     lists are flattened in order.
//   - Scalars are written as in the JSON answer (numbers unchanged, true/false), null as an
//     empty cell.
//
// The CSV is RFC 4180 (encoding/csv, CRLF line ends), UTF-8 with a byte-order mark, sent as
// `text/csv; charset=utf-8` with `Content-Disposition: attachment; filename="NAME.csv"`, NAME
// being the operation's name or "wsisgraph". Rows are written as they are converted.
//
// Nothing of a CSV is written when the answer carries GraphQL errors or has no list: the
// client gets a JSON GraphQL error body instead. Its status is the GraphQL handler's when that
// is not 200 (400, 429, 304 …); else it is the status of the first error's
// code (Errors.Status: 504 TIMEOUT, 503 SERVICE_UNAVAILABLE, 500 INTERNAL, 429 RATE_LIMITED,
// 422 for bad input and the like).
// `format=json` asks for JSON whatever Accept says; any other format is a 400.
//
// A CSV's ETag is the JSON answer's with "-csv" inside the quotes, so that the two
// representations of one URL never share an entity tag; If-None-Match is translated back.
package csvexport

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/wsisgraph/wsisgraph"
)

// ContentType is the media type of the answers this package writes.
const ContentType = "text/csv; charset=utf-8"

const (
	defaultName = "wsisgraph"
	bom         = "\ufeff"
	separator   = "; "
	flushEvery  = 256 // rows between flushes of the response
)

var nameRE = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]*$`)

// Errors is how the service names a failure outside a GraphQL answer; the server hands in its
// own, so that a CSV request and a JSON one fail alike.
type Errors interface {
	// OutwardCode returns the `extensions.code` of a domain error code (wsisgraph.EINVALID …).
	OutwardCode(code string) string
	// Status returns the HTTP status of an answer that fails with the outward code.
	Status(code string) int
}

// Handler answers CSV requests by running them through next (the GraphQL handler) and
// converting its answer; any other request goes to next unchanged. Every answer carries
// `Vary: Accept`. Handler reads a POST body itself, so it must sit inside any body-size limit.
func Handler(next http.Handler, errs Errors) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept")
		want, err := wantsCSV(r)
		if err != nil {
			writeError(w, errs, http.StatusBadRequest, err)
			return
		}
		if !want {
			next.ServeHTTP(w, r)
			return
		}
		serveCSV(w, r, next, errs)
	})
}

// wantsCSV reports whether r asks for CSV: format=csv, or text/csv preferred by Accept. A
// format other than csv or json is an EINVALID error.
func wantsCSV(r *http.Request) (bool, error) {
	if f := r.URL.Query().Get("format"); f != "" {
		switch strings.ToLower(f) {
		case "csv":
			return true, nil
		case "json":
			return false, nil
		}
		return false, wsisgraph.Errorf(wsisgraph.EINVALID, "format %q is not supported: use format=csv or format=json", f)
	}
	return acceptsCSV(r.Header.Values("Accept")), nil
}

// acceptsCSV reports whether an Accept header lists text/csv with a non-zero quality at least
// that of every JSON type it lists (wildcards do not count: a browser's */* keeps JSON).
func acceptsCSV(headers []string) bool {
	csvQ, jsonQ := 0.0, 0.0
	for _, h := range headers {
		for _, part := range strings.Split(h, ",") {
			typ, params, _ := strings.Cut(part, ";")
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
						q = f
					}
				}
			}
			switch strings.ToLower(strings.TrimSpace(typ)) {
			case "text/csv":
				csvQ = max(csvQ, q)
			case "application/json", "application/graphql-response+json":
				jsonQ = max(jsonQ, q)
			}
		}
	}
	return csvQ > 0 && csvQ >= jsonQ
}

// serveCSV runs r through next into a buffer and answers with its first list as CSV.
func serveCSV(w http.ResponseWriter, r *http.Request, next http.Handler, errs Errors) {
	req, err := readRequest(r)
	if err != nil {
		var tooLarge *http.MaxBytesError
		status := http.StatusBadRequest
		if errors.As(err, &tooLarge) {
			status = http.StatusRequestEntityTooLarge
			err = wsisgraph.Errorf(wsisgraph.EINVALID, "the request body is larger than %d bytes", tooLarge.Limit)
		}
		writeError(w, errs, status, err)
		return
	}
	inner := r.Clone(r.Context())
	inner.Header.Set("Accept", "application/json")
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		inner.Header.Del("If-None-Match")
		if tags := innerTags(inm); tags != "" {
			inner.Header.Set("If-None-Match", tags)
		}
	}
	if req.body != nil {
		inner.Body = io.NopCloser(bytes.NewReader(req.body))
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	next.ServeHTTP(rec, inner)

	for k, v := range rec.header {
		switch k {
		case "Content-Type", "Content-Length":
		case "Vary":
			w.Header()[k] = append(w.Header()[k], v...)
		case "Etag":
			w.Header().Set(k, csvTag(rec.header.Get(k)))
		default:
			w.Header()[k] = v
		}
	}
	if rec.status != http.StatusOK {
		passThrough(w, rec)
		return
	}
	answer := rec.body.Bytes()
	doc := req.shape()
	ans, err := scan(answer, doc == nil)
	if err == nil && ans.path != nil && ans.shape == nil {
		if ans.shape = doc.at(ans.path); ans.shape == nil {
			ans, err = scan(answer, true) // the answer does not follow the document: trust the answer
		}
	}
	switch {
	case err != nil:
		writeError(w, errs, http.StatusInternalServerError, wsisgraph.Errorf(wsisgraph.EINTERNAL, "the GraphQL answer could not be read"))
		return
	case ans.errCode != "":
		rec.status = errs.Status(ans.errCode)
		passThrough(w, rec)
		return
	case ans.path == nil:
		writeError(w, errs, http.StatusUnprocessableEntity, wsisgraph.Errorf(wsisgraph.EINVALID,
			"CSV export needs a list in the answer (such as goals, or a connection's nodes or edges); this query returns none"))
		return
	}
	if node := ans.shape.kids["node"]; node != nil && ans.path[len(ans.path)-1] == "edges" {
		ans.shape, ans.edges = node, true
	}

	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+req.fileName()+`.csv"`)
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if err := writeRows(w, answer, ans); err != nil {
		// The status is sent: break the connection so the client cannot take a cut CSV for a
		// whole one.
		panic(http.ErrAbortHandler)
	}
}

// request is what a CSV request carries besides its answer.
type request struct {
	query         string
	operationName string
	variables     map[string]any
	body          []byte // the POST body as read; nil for other methods
	doc           *ast.QueryDocument
}

// readRequest reads the GraphQL parameters of r, from its query string (GET) or JSON body
// (POST). Malformed parameters are left for the GraphQL handler to report; only a body that
// cannot be read is an error.
func readRequest(r *http.Request) (*request, error) {
	var params struct {
		Query         string         `json:"query"`
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
	}
	req := &request{}
	if r.Method == http.MethodPost {
		var err error
		if req.body, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
		_ = json.Unmarshal(req.body, &params)
	} else {
		q := r.URL.Query()
		params.Query, params.OperationName = q.Get("query"), q.Get("operationName")
		if v := q.Get("variables"); v != "" {
			_ = json.Unmarshal([]byte(v), &params.Variables)
		}
	}
	req.query, req.operationName, req.variables = params.Query, params.OperationName, params.Variables
	if req.query != "" {
		req.doc, _ = parser.ParseQuery(&ast.Source{Input: req.query})
	}
	return req, nil
}

// operation returns the operation the request runs, nil when unknown (no query text, as with
// a persisted query's hash alone, or a query that does not parse).
func (req *request) operation() *ast.OperationDefinition {
	if req.doc == nil {
		return nil
	}
	return req.doc.Operations.ForName(req.operationName)
}

// fileName is the operationName parameter when it is a GraphQL name, else the name of the
// operation run, else "wsisgraph".
func (req *request) fileName() string {
	if nameRE.MatchString(req.operationName) {
		return req.operationName
	}
	if op := req.operation(); op != nil && op.Name != "" {
		return op.Name
	}
	return defaultName
}

// shape returns the shape of the answer the operation asks for, nil when the operation is
// unknown.
func (req *request) shape() *shape {
	op := req.operation()
	if op == nil {
		return nil
	}
	return selectionShape(req.doc, op, req.variables)
}

// The CSV of an answer has the ETag of the answer with csvTagSuffix inside its quotes, so that
// the two representations of one URL (negotiated by Accept) never share an entity tag.
const csvTagSuffix = "-csv"

// csvTag returns the CSV's entity tag for the JSON answer's tag t.
func csvTag(t string) string {
	if strings.HasSuffix(t, `"`) {
		return strings.TrimSuffix(t, `"`) + csvTagSuffix + `"`
	}
	return t
}

// innerTags turns the If-None-Match header of a CSV request into the GraphQL handler's: the
// CSV tags without their suffix, and "*"; the tags of other representations are dropped.
func innerTags(header string) string {
	var out []string
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" {
			out = append(out, t)
		} else if base, ok := strings.CutSuffix(t, csvTagSuffix+`"`); ok {
			out = append(out, base+`"`)
		}
	}
	return strings.Join(out, ", ")
}

// passThrough sends the GraphQL handler's JSON answer as it is, with rec.status.
func passThrough(w http.ResponseWriter, rec *recorder) {
	if rec.body.Len() > 0 {
		ct := rec.header.Get("Content-Type")
		if ct == "" {
			ct = "application/json"
		}
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

// writeError answers with a GraphQL error body carrying err's message and outward code.
func writeError(w http.ResponseWriter, errs Errors, status int, err error) {
	type gqlError struct {
		Message    string            `json:"message"`
		Extensions map[string]string `json:"extensions"`
	}
	body, _ := json.Marshal(struct {
		Errors []gqlError `json:"errors"`
	}{[]gqlError{{
		Message:    wsisgraph.ErrorMessage(err),
		Extensions: map[string]string{"code": errs.OutwardCode(wsisgraph.ErrorCode(err))},
	}}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeRows writes the BOM, the header row and one row per element of the answer's first
// list, flushing the response every flushEvery rows and at the end.
func writeRows(w http.ResponseWriter, answer []byte, ans *scanned) error {
	rc := http.NewResponseController(w)
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cols := ans.shape.columns(nil, nil)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = strings.Join(c, ".")
		if header[i] == "" {
			header[i] = ans.path[len(ans.path)-1] // a list of scalars: one column named after it
		}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(cols))
	n := 0
	err := eachElement(answer, ans.path, func(v *value) error {
		if ans.edges {
			v = v.field("node")
		}
		for i, c := range cols {
			row[i] = strings.Join(v.values(c, nil), separator)
		}
		if len(row) == 1 && row[0] == "" {
			// encoding/csv would write an empty line, which readers skip: quote the empty field.
			cw.Flush()
			if _, err := io.WriteString(w, "\"\"\r\n"); err != nil {
				return err
			}
		} else if err := cw.Write(row); err != nil {
			return err
		}
		if n++; n%flushEvery == 0 {
			cw.Flush()
			_ = rc.Flush()
		}
		return cw.Error()
	})
	if err != nil {
		return err
	}
	cw.Flush()
	_ = rc.Flush()
	return cw.Error()
}

// recorder is the http.ResponseWriter the GraphQL handler answers a CSV request into.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	return r.body.Write(p)
}
