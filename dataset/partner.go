package dataset

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wsisgraph/wsisgraph"
)

// Partner files: a partner's own stocktaking export, added on top of the shipped dataset.
// A file holds either organisations or projects, as CSV (UTF-8, a header row, optional
// byte-order mark) or as JSON (an array of records in the dataset's JSON form). The kind is
// told by the columns: a "title" column means projects, a "name" column organisations.
//
// CSV columns (list cells separate values with ";"):
//
//	organisations: key, name, acronym, country, stakeholder_type, website
//	projects:      key, title, description, country, year, action_lines, targets, organizations
//
// Required: key and name (organisations), key and title (projects). country is an ISO 3166-1
// alpha-2 code; stakeholder_type one of GOVERNMENT, PRIVATE_SECTOR, CIVIL_SOCIETY, ACADEMIA,
// TECHNICAL_COMMUNITY, INTERNATIONAL_ORGANIZATION; action_lines codes such as C2 or
// C7.e-health; targets codes such as 9.c; organizations keys of organisations in the dataset
// or in the partner files.

// PartnerSource is the source key given to partner records that name none. It is the one
// source that may have no URL: the partner's own export.
const PartnerSource = "partner-import"

var orgColumns = []string{"key", "name", "acronym", "country", "stakeholder_type", "website"}
var projectColumns = []string{"key", "title", "description", "country", "year", "action_lines", "targets", "organizations"}

// WithPartnerFiles returns a new dataset: d plus the organisations and projects of the given
// files, validated as a whole. d is not modified. A key already in d or in an earlier file is
// an error (imports never overwrite silently). Errors are EINVALID and name the file, the
// record (CSV: its line; JSON: its index) and the field.
func (d *Dataset) WithPartnerFiles(paths ...string) (*Dataset, error) {
	out := *d
	out.Organizations = slices.Clone(d.Organizations)
	out.Projects = slices.Clone(d.Projects)
	out.Sources = slices.Clone(d.Sources)
	out.origins = slices.Clone(d.origins)
	digest := d.Version
	vocab := d.Vocabulary()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, wsisgraph.Errorf(wsisgraph.EINVALID, "%s: %v", p, err)
		}
		name := filepath.Base(p)
		orgs, projects, err := parsePartnerFile(name, b)
		if err != nil {
			return nil, err
		}
		canonicalCodes(vocab, orgs, projects)
		if len(orgs) > 0 {
			out.origins = append(out.origins, origin{file: "organizations.json", from: len(out.Organizations), name: name, rows: rowsOf(orgs)})
			for _, o := range orgs {
				if len(o.rec.SourceKeys) == 0 {
					o.rec.SourceKeys = []string{PartnerSource}
				}
				out.Organizations = append(out.Organizations, o.rec)
			}
		}
		if len(projects) > 0 {
			out.origins = append(out.origins, origin{file: "projects.json", from: len(out.Projects), name: name, rows: rowsOf(projects)})
			for _, pr := range projects {
				if len(pr.rec.SourceKeys) == 0 {
					pr.rec.SourceKeys = []string{PartnerSource}
				}
				out.Projects = append(out.Projects, pr.rec)
			}
		}
		digest = versionOf(digest, name, b)
	}
	if !slices.ContainsFunc(out.Sources, func(s *wsisgraph.Source) bool { return s.Key == PartnerSource }) {
		out.Sources = append(out.Sources, &wsisgraph.Source{Key: PartnerSource, Document: "Partner stocktaking import", Year: time.Now().UTC().Year()})
	}
	out.Version = digest
	if err := out.Validate(); err != nil {
		return nil, err
	}
	return &out, nil
}

// canonicalCodes rewrites the codes of partner records the way people write them ("c2",
// "C7 e-health", "9.C", "kz") into their canonical form, with the vocabulary the API reads
// codes with. A code that names nothing is left as it is, for Validate to report.
func canonicalCodes(v *wsisgraph.Vocabulary, orgs []located[wsisgraph.Organization], projects []located[wsisgraph.Project]) {
	canon := func(s *string, read func(string) (string, bool)) {
		if c, ok := read(*s); ok {
			*s = c
		}
	}
	for _, o := range orgs {
		canon(&o.rec.Country, v.Country)
	}
	for _, p := range projects {
		canon(&p.rec.Country, v.Country)
		for i := range p.rec.ActionLineCodes {
			canon(&p.rec.ActionLineCodes[i], v.ActionLine)
		}
		for i := range p.rec.TargetCodes {
			canon(&p.rec.TargetCodes[i], v.Target)
		}
	}
}

// LoadPartnerDir returns d plus every *.csv and *.json file of dir, in name order.
func (d *Dataset) LoadPartnerDir(dir string) (*Dataset, error) {
	var paths []string
	for _, pattern := range []string{"*.csv", "*.json"} {
		m, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			return nil, err
		}
		paths = append(paths, m...)
	}
	if len(paths) == 0 {
		return nil, wsisgraph.Errorf(wsisgraph.EINVALID, "%s: no *.csv or *.json files", dir)
	}
	slices.Sort(paths)
	return d.WithPartnerFiles(paths...)
}

// located is a parsed record with the position it came from (a CSV line or a JSON index).
type located[T any] struct {
	rec *T
	row string
}

func rowsOf[T any](ls []located[T]) []string {
	rows := make([]string, len(ls))
	for i, l := range ls {
		rows[i] = l.row
	}
	return rows
}

func parsePartnerFile(name string, b []byte) ([]located[wsisgraph.Organization], []located[wsisgraph.Project], error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	bad := func(format string, args ...any) error {
		return wsisgraph.Errorf(wsisgraph.EINVALID, "%s: %s", name, fmt.Sprintf(format, args...))
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		var raw []map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return nil, nil, bad("not a JSON array of records: %v", err)
		}
		if len(raw) == 0 {
			return nil, nil, bad("no records")
		}
		_, isProject := raw[0]["title"]
		_, isOrg := raw[0]["name"]
		switch {
		case isProject:
			ps, err := decodeJSON[wsisgraph.Project](name, b)
			return nil, ps, err
		case isOrg:
			os, err := decodeJSON[wsisgraph.Organization](name, b)
			return os, nil, err
		}
		return nil, nil, bad(`records have neither "title" (projects) nor "name" (organisations)`)
	case ".csv":
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		header, err := r.Read()
		if err != nil {
			return nil, nil, bad("no header row: %v", err)
		}
		cols := map[string]int{}
		for i, h := range header {
			cols[strings.ToLower(strings.TrimSpace(h))] = i
		}
		allowed := orgColumns
		if _, ok := cols["title"]; ok {
			allowed = projectColumns
		} else if _, ok := cols["name"]; !ok {
			return nil, nil, bad(`header has neither "title" (projects) nor "name" (organisations)`)
		}
		for h := range cols {
			if !slices.Contains(allowed, h) {
				return nil, nil, bad("unknown column %q: allowed are %s", h, strings.Join(allowed, ", "))
			}
		}
		var orgs []located[wsisgraph.Organization]
		var projects []located[wsisgraph.Project]
		for {
			line, _ := r.FieldPos(0)
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, nil, bad("%v", err)
			}
			line, _ = r.FieldPos(0)
			get := func(col string) string {
				if i, ok := cols[col]; ok && i < len(rec) {
					return strings.TrimSpace(rec[i])
				}
				return ""
			}
			row := "line " + strconv.Itoa(line)
			if _, ok := cols["title"]; ok {
				p := &wsisgraph.Project{Key: get("key"), Title: get("title"), Description: get("description"), Country: strings.ToUpper(get("country")),
					ActionLineCodes: list(get("action_lines")), TargetCodes: list(get("targets")), OrganizationKeys: list(get("organizations"))}
				if y := get("year"); y != "" {
					n, err := strconv.Atoi(y)
					if err != nil {
						return nil, nil, bad("%s (key %q): field \"year\": %q is not a year", row, p.Key, y)
					}
					p.Year = n
				}
				projects = append(projects, located[wsisgraph.Project]{p, row})
			} else {
				o := &wsisgraph.Organization{Key: get("key"), Name: get("name"), Acronym: get("acronym"), Country: strings.ToUpper(get("country")),
					StakeholderType: wsisgraph.StakeholderType(strings.ToUpper(get("stakeholder_type"))), Website: get("website")}
				orgs = append(orgs, located[wsisgraph.Organization]{o, row})
			}
		}
		if len(orgs)+len(projects) == 0 {
			return nil, nil, bad("no records")
		}
		return orgs, projects, nil
	}
	return nil, nil, bad("unknown file type: use .csv or .json")
}

func decodeJSON[T any](name string, b []byte) ([]located[T], error) {
	var recs []*T
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&recs); err != nil {
		return nil, wsisgraph.Errorf(wsisgraph.EINVALID, "%s: %v", name, err)
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil {
		return nil, wsisgraph.Errorf(wsisgraph.EINVALID, "%s: %v", name, err)
	}
	out := make([]located[T], len(recs))
	for i, r := range recs {
		if field := emptyString(raws[i]); field != "" {
			return nil, wsisgraph.Errorf(wsisgraph.EINVALID, "%s: record %d: field %q is an empty string: leave the field out when there is no value", name, i, field)
		}
		out[i] = located[T]{r, "record " + strconv.Itoa(i)}
	}
	return out, nil
}

// list splits a CSV list cell on ";".
func list(cell string) []string {
	var out []string
	for _, v := range strings.Split(cell, ";") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// origin records that the records [from, from+len(rows)) of a dataset file came from the
// partner file name, at the given rows.
type origin struct {
	file string // the dataset file the records were added to: "projects.json"
	from int
	name string
	rows []string
}

// versionOf chains a partner file into a dataset version.
func versionOf(prev, name string, b []byte) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte(name))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))[:16]
}
