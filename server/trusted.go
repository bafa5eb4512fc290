package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/graph"
)

// TrustedDocuments is a manifest of the operations a deployment runs: each document's text
// under the manifest's id for it and under the SHA-256 (hex) of its text. It is immutable
// once parsed, so that a reload swaps one manifest for another without locking requests.
type TrustedDocuments struct {
	byID   map[string]string
	count  int
	format string
}

// Manifest formats, as TrustedDocuments.Format names them.
const (
	FormatCodegen = "graphql-codegen-persisted-documents"
	FormatApollo  = "apollo-persisted-query-manifest"
)

// Len returns the number of documents of the manifest.
func (d *TrustedDocuments) Len() int { return d.count }

// Format returns the manifest's format: FormatCodegen or FormatApollo.
func (d *TrustedDocuments) Format() string { return d.format }

// Lookup returns the document with id: a manifest id, the SHA-256 of a document's text in
// hex, or either prefixed with "sha256:" (the GraphQL-over-HTTP draft's document ids).
func (d *TrustedDocuments) Lookup(id string) (string, bool) {
	if text, ok := d.byID[id]; ok {
		return text, true
	}
	h, _ := strings.CutPrefix(id, "sha256:")
	if _, err := hex.DecodeString(h); err != nil || len(h) != 2*sha256.Size {
		return "", false
	}
	text, ok := d.byID[strings.ToLower(h)]
	return text, ok
}

// trusts reports whether query is the text of one of the documents.
func (d *TrustedDocuments) trusts(query string) bool {
	text, ok := d.byID[sha256Hex(query)]
	return ok && text == query
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// ParseTrustedDocuments reads a manifest in one of two formats:
//
//   - GraphQL Code Generator's persisted documents (client preset with persistedDocuments:
//     true, persisted-documents.json): a JSON object mapping each id (a hash) to a document;
//   - Apollo's persisted query manifest: {"format": "apollo-persisted-query-manifest",
//     "version": 1, "operations": [{"id", "name", "type", "body"}]}.
//
// It fails, naming the document, when the JSON is neither, when the manifest is empty, when
// an id is empty or given twice for different texts, or when a document does not parse or
// validate against the schema: an operator learns at load time, not from partners' errors,
// that a manifest is stale.
func ParseTrustedDocuments(b []byte) (*TrustedDocuments, error) {
	docs := map[string]string{}
	format := FormatCodegen
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("trusted documents: not a JSON object: %v", err)
	}
	if f, ok := probe["format"]; ok && bytes.HasPrefix(bytes.TrimSpace(f), []byte(`"`)) {
		var m struct {
			Format     string `json:"format"`
			Version    int    `json:"version"`
			Operations []struct {
				ID   string `json:"id"`
				Name string `json:"name"`
				Type string `json:"type"`
				Body string `json:"body"`
			} `json:"operations"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("trusted documents: not an Apollo persisted query manifest: %v", err)
		}
		if m.Format != FormatApollo || m.Version != 1 {
			return nil, fmt.Errorf("trusted documents: format %q version %d: want %q version 1, or GraphQL Code Generator's persisted documents", m.Format, m.Version, FormatApollo)
		}
		format = FormatApollo
		for i, op := range m.Operations {
			if op.ID == "" {
				return nil, fmt.Errorf("trusted documents: operation %d (%q) has no id", i, op.Name)
			}
			if prev, ok := docs[op.ID]; ok && prev != op.Body {
				return nil, fmt.Errorf("trusted documents: id %q names two different documents", op.ID)
			}
			docs[op.ID] = op.Body
		}
	} else {
		for id, raw := range probe {
			var text string
			if err := json.Unmarshal(raw, &text); err != nil {
				return nil, fmt.Errorf("trusted documents: the value of %q is not a string: want an object of id → document (GraphQL Code Generator) or an Apollo persisted query manifest", id)
			}
			if id == "" {
				return nil, errors.New("trusted documents: a document has an empty id")
			}
			docs[id] = text
		}
	}
	if len(docs) == 0 {
		return nil, errors.New("trusted documents: the manifest holds no document")
	}
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	d := &TrustedDocuments{byID: make(map[string]string, 2*len(docs)), count: len(docs), format: format}
	for _, id := range slices.Sorted(maps.Keys(docs)) { // sorted: the same manifest fails on the same document
		text := docs[id]
		if _, errs := gqlparser.LoadQuery(schema, text); len(errs) > 0 {
			return nil, fmt.Errorf("trusted documents: document %q does not run on this schema: %s", id, errs[0].Message)
		}
		d.byID[id] = text
		d.byID[sha256Hex(text)] = text
	}
	return d, nil
}

// LoadTrustedDocuments reads and parses the manifest at path (see ParseTrustedDocuments).
func LoadTrustedDocuments(path string) (*TrustedDocuments, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("trusted documents: %w", err)
	}
	d, err := ParseTrustedDocuments(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// ReloadTrustedDocuments replaces the server's trusted documents with the manifest at path,
// in one atomic step: a request runs against the manifest it started with. When the
// manifest cannot be loaded, the documents in use stay, and the error is logged and
// returned. It is an error to call it on a server built without trusted documents. Safe for
// concurrent use; what SIGHUP does in `wsisgraph serve`.
func (s *Server) ReloadTrustedDocuments(path string) error {
	old := s.trusted.Load()
	if old == nil {
		return errors.New("trusted documents: the server was started without them")
	}
	d, err := LoadTrustedDocuments(path)
	if err != nil {
		s.log.Error("trusted documents not reloaded: keeping those in use", "err", err, "documents", old.Len())
		return err
	}
	s.trusted.Store(d)
	s.log.Info("trusted documents reloaded", "path", path, "format", d.Format(), "documents", d.Len(), "before", old.Len())
	return nil
}

// TrustedDocumentsLen returns the number of trusted documents in use, 0 when the server
// runs any query.
func (s *Server) TrustedDocumentsLen() int {
	if d := s.trusted.Load(); d != nil {
		return d.Len()
	}
	return 0
}

// admit applies the trusted documents, when the server has them, to a request with
// parameters p and document id documentID (the `documentId` request parameter):
//
//   - an id (documentID, else extensions.persistedQuery.sha256Hash) sent without a query
//     names a trusted document, which becomes p.Query; an unknown id is EDOCUMENTUNKNOWN;
//   - a query whose text is a trusted document's runs;
//   - any other query runs only for an X-Api-Key of Config.FreeFormKeys, and is never
//     registered as a persisted query; other callers get ENOTTRUSTED.
//
// It drops the persistedQuery extension of a request it admits, so that nothing downstream
// registers or re-checks it. Without trusted documents, a documentId sent without a query is
// EBADREQUEST, and any other request passes unchanged.
func (s *Server) admit(r *http.Request, p *graphql.RawParams, documentID string) error {
	d := s.trusted.Load()
	if d == nil {
		if documentID != "" && p.Query == "" {
			return wsisgraph.Errorf(wsisgraph.EBADREQUEST, "this server runs no trusted documents, so it knows no `documentId`: send the query text")
		}
		return nil
	}
	id := documentID
	if id == "" {
		pq, _ := p.Extensions["persistedQuery"].(map[string]any)
		id, _ = pq["sha256Hash"].(string)
	}
	switch {
	case p.Query == "" && id != "":
		text, ok := d.Lookup(id)
		if !ok {
			// The message gqlgen's and Apollo's persisted-query errors carry: Apollo Client
			// recognises it.
			return wsisgraph.Errorf(wsisgraph.EDOCUMENTUNKNOWN, "PersistedQueryNotFound")
		}
		p.Query = text
	case p.Query != "" && d.trusts(p.Query):
	case p.Query != "" && s.freeForm[r.Header.Get("X-Api-Key")]:
	case p.Query == "":
		return nil // no query at all: the executor's error says so
	default:
		return wsisgraph.Errorf(wsisgraph.ENOTTRUSTED,
			"this endpoint runs registered operations only: send a registered document's id "+
				"(extensions.persistedQuery.sha256Hash, or documentId) instead of the query text, "+
				"or an X-Api-Key allowed free-form queries. To register operations, generate a "+
				"persisted-documents manifest (GraphQL Code Generator's client preset with "+
				"persistedDocuments: true, or Apollo's persisted query manifest) and ask the "+
				"operator to add it to the server's -trusted-documents file")
	}
	if _, ok := p.Extensions["persistedQuery"]; ok {
		ext := maps.Clone(p.Extensions)
		delete(ext, "persistedQuery")
		p.Extensions = ext
	}
	return nil
}
