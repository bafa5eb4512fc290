// Package dataset reads, validates and embeds the knowledge graph's data files.
//
// A dataset is a directory of JSON files, one per entity kind (see Files). Loading validates
// the whole set before returning it: a broken reference or a bad field is an EINVALID error
// that names the file, the record and the field, and no partial dataset is ever returned.
// docs/dataset.md tells where each file's content comes from.
package dataset

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/wsisgraph/wsisgraph"
)

// Dataset is the whole graph as held in files. Slices are in file order.
type Dataset struct {
	Sources         []*wsisgraph.Source        `file:"sources.json"`
	Countries       []*wsisgraph.Country       `file:"countries.json"`
	ActionLines     []*wsisgraph.ActionLine    `file:"action_lines.json"`
	Organizations   []*wsisgraph.Organization  `file:"organizations.json"`
	Goals           []*wsisgraph.Goal          `file:"goals.json"`
	Targets         []*wsisgraph.Target        `file:"targets.json"`
	Indicators      []*wsisgraph.Indicator     `file:"indicators.json"`
	Linkages        []*wsisgraph.Linkage       `file:"linkages.json"`
	PrizeCategories []*wsisgraph.PrizeCategory `file:"prize_categories.json"`
	Prizes          []*wsisgraph.Prize         `file:"prizes.json"`
	PrizeAwards     []*wsisgraph.PrizeAward    `file:"prize_awards.json"`
	Projects        []*wsisgraph.Project       `file:"projects.json"`
	Events          []*wsisgraph.Event         `file:"events.json"`

	// Version is a digest of the files' contents: it changes whenever the data does.
	Version string `file:"-"`

	// origins name the partner files records were added from (see WithPartnerFiles), so
	// that validation errors point at the partner's file and line.
	origins []origin
}

//go:embed data/*.json
var embedded embed.FS

// Embedded returns the dataset shipped in the binary.
func Embedded() (*Dataset, error) {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		return nil, err
	}
	return Load(sub)
}

// Files lists the dataset's file names in load order.
var Files = []string{
	"sources.json", "countries.json", "action_lines.json", "organizations.json",
	"goals.json", "targets.json", "indicators.json", "linkages.json",
	"prize_categories.json", "prizes.json", "prize_awards.json", "projects.json", "events.json",
}

// Load reads every file of Files from fsys and validates the whole set. A missing file is an
// error. Errors are *wsisgraph.Error with code EINVALID naming file, record and field.
//
// Each file is a JSON array of records; a record with a field its type does not have is
// rejected, so that a misspelt field name cannot silently drop data.
func Load(fsys fs.FS) (*Dataset, error) {
	d := &Dataset{}
	h := sha256.New()
	records := d.records()
	for _, name := range Files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, wsisgraph.Errorf(wsisgraph.EINVALID, "%s: file missing", name)
			}
			return nil, err
		}
		h.Write([]byte(name))
		h.Write(b)
		if err := decode(name, b, records[name]); err != nil {
			return nil, err
		}
	}
	d.Version = hex.EncodeToString(h.Sum(nil))[:16]
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

// records returns the record slices of d by file name, from the fields' `file` tags.
func (d *Dataset) records() map[string]reflect.Value {
	m := map[string]reflect.Value{}
	v := reflect.ValueOf(d).Elem()
	for i := range v.NumField() {
		if name := v.Type().Field(i).Tag.Get("file"); name != "" && name != "-" {
			m[name] = v.Field(i)
		}
	}
	return m
}

// decode reads a JSON array of records into dst (a slice of pointers to records), record by
// record, rejecting unknown fields.
func decode(name string, b []byte, dst reflect.Value) error {
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil {
		return wsisgraph.Errorf(wsisgraph.EINVALID, "%s: not a JSON array of records: %v", name, err)
	}
	out := reflect.MakeSlice(dst.Type(), len(raws), len(raws))
	for i, raw := range raws {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		rec := reflect.New(dst.Type().Elem().Elem())
		if err := dec.Decode(rec.Interface()); err != nil {
			return wsisgraph.Errorf(wsisgraph.EINVALID, "%s: record %d: %v", name, i, err)
		}
		if field := emptyString(raw); field != "" {
			return wsisgraph.Errorf(wsisgraph.EINVALID, "%s: record %d: field %q is an empty string: leave the field out when there is no value", name, i, field)
		}
		out.Index(i).Set(rec)
	}
	dst.Set(out)
	return nil
}

// emptyString returns the path of the first empty string value in a JSON record ("note",
// "title.fr", "sources[1]"), or "" when it has none: a missing value is an absent field, so
// that the API answers null for it, never "".
func emptyString(raw []byte) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	var walk func(path string, v any) string
	walk = func(path string, v any) string {
		switch x := v.(type) {
		case string:
			if x == "" {
				return path
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				p := k
				if path != "" {
					p = path + "." + k
				}
				if f := walk(p, x[k]); f != "" {
					return f
				}
			}
		case []any:
			for i, e := range x {
				if f := walk(fmt.Sprintf("%s[%d]", path, i), e); f != "" {
					return f
				}
			}
		}
		return ""
	}
	return walk("", v)
}

// Format returns records (a slice of a file's records) in the canonical form of the dataset
// files: a JSON array indented by two spaces, HTML characters unescaped, ending in a newline.
// The files in data/ are kept in this form (TestFilesAreCanonical checks it).
func Format(records any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(records); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Counts returns the number of records per file name.
func (d *Dataset) Counts() map[string]int {
	counts := map[string]int{}
	for name, recs := range d.records() {
		counts[name] = recs.Len()
	}
	return counts
}

// The shapes of codes and dates.
var (
	countryCode   = regexp.MustCompile(`^[A-Z]{2}$`)
	targetCode    = regexp.MustCompile(`^([0-9]{1,2})\.([0-9]{1,2}|[a-z])$`)
	indicatorCode = regexp.MustCompile(`^([0-9]{1,2}\.(?:[0-9]{1,2}|[a-z]))\.[0-9]{1,2}$`)
	dateLayouts   = map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}
)

// Validate checks every record's fields and references. The error names the first problem
// found by file, record and field, files taken in the order of Files:
//
//	linkages.json: record 12 (id "C2>9.x"): field "target": unknown target "9.x"
//
// Records are numbered from 0, as in the file's JSON array.
func (d *Dataset) Validate() error {
	v := &validator{origins: d.origins}
	v.sources(d.Sources)
	v.countries(d.Countries)
	v.actionLines(d.ActionLines)
	v.organizations(d.Organizations)
	v.facilitations(d.ActionLines) // after organizations: facilitations name them
	v.goals(d.Goals)
	v.targets(d.Targets)
	v.indicators(d.Indicators)
	v.linkages(d.Linkages)
	v.prizeCategories(d.PrizeCategories)
	v.projects(d.Projects) // before prizes: prizes name projects
	v.prizes(d.Prizes)
	v.prizeAwards(d.PrizeAwards, d.Prizes)
	v.events(d.Events)
	v.duplicates(d)
	v.framework(d.Indicators)
	return v.err
}

// Coverage returns the dataset's coverage (see wsisgraph.ComputeCoverage).
func (d *Dataset) Coverage() *wsisgraph.Coverage {
	return wsisgraph.ComputeCoverage(d.PrizeAwards, d.Prizes, d.Projects, d.Indicators, PartnerSource)
}

// validator collects the known keys of each file and keeps the first problem found.
type validator struct {
	err error

	origins []origin
	row     string // the partner file's position of the current record, when it came from one

	file   string // the file and record being checked
	record int
	label  string

	sourceKeys, countryCodes, actionLineCodes, orgKeys map[string]bool
	sourceYears                                        map[string]int
	targetGoals                                        map[string]int // target code → goal number
	goalNumbers, categoryNumbers                       map[int]bool
	projectKeys                                        map[string]bool
	eventsByKey                                        map[string]*wsisgraph.Event
}

// at sets the record later problems are reported against.
func (v *validator) at(file string, i int, label string) {
	v.file, v.record, v.label, v.row = file, i, label, ""
	for _, o := range v.origins {
		if o.file == file && i >= o.from && i < o.from+len(o.rows) {
			v.file, v.row = o.name, o.rows[i-o.from]
		}
	}
}

// fail records a problem with field of the current record, unless one was found already.
func (v *validator) fail(field, format string, args ...any) {
	if v.err != nil {
		return
	}
	where := fmt.Sprintf("record %d", v.record)
	if v.row != "" {
		where = v.row
	}
	v.err = wsisgraph.Errorf(wsisgraph.EINVALID, "%s: %s (%s): field %q: %s",
		v.file, where, v.label, field, fmt.Sprintf(format, args...))
}

func (v *validator) required(field, value string) bool {
	if strings.TrimSpace(value) == "" {
		v.fail(field, "required")
		return false
	}
	return true
}

// unique fails when key was seen already in seen, and adds it.
func (v *validator) unique(seen map[string]bool, field, key string) {
	if seen[key] {
		v.fail(field, "duplicate %q", key)
	}
	seen[key] = true
}

// ref fails when a non-empty value is not among known; what names the kind of thing.
func (v *validator) ref(known map[string]bool, field, what, value string) {
	if value != "" && !known[value] {
		v.fail(field, "unknown %s %q", what, value)
	}
}

// text checks that t has an English value and only the supported languages.
func (v *validator) text(field string, t wsisgraph.Text) {
	for _, lang := range slices.Sorted(maps.Keys(t)) {
		if !slices.Contains(wsisgraph.Langs, lang) {
			v.fail(field, "unknown language %q", lang)
		}
	}
	if strings.TrimSpace(t[wsisgraph.LangEnglish]) == "" {
		v.fail(field, "no English (\"en\") text")
	}
}

func (v *validator) url(field, value string) {
	if value == "" {
		return
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.fail(field, "not an http(s) URL: %q", value)
	}
}

func (v *validator) sources(recs []*wsisgraph.Source) {
	v.sourceKeys, v.sourceYears = map[string]bool{}, map[string]int{}
	for i, r := range recs {
		v.at("sources.json", i, fmt.Sprintf("key %q", r.Key))
		if v.required("key", r.Key) {
			v.unique(v.sourceKeys, "key", r.Key)
		}
		v.sourceYears[r.Key] = r.Year
		v.required("document", r.Document)
		if r.Year < 1900 || r.Year > 2100 {
			v.fail("year", "%d is not a plausible year", r.Year)
		}
		if r.URL == "" && r.Key != PartnerSource {
			v.fail("url", "required: every source is a public document a reader can open")
		}
		v.url("url", r.URL)
	}
}

// cites checks a record's sources: at least one, each known, none repeated, and none
// published before factYear (0 when the record has no year): a document cannot state what
// happened after it.
func (v *validator) cites(field string, keys []string, factYear int) {
	if len(keys) == 0 {
		v.fail(field, "required: every record cites a public source")
		return
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if !v.sourceKeys[k] {
			v.fail(field, "unknown source %q", k)
			continue
		}
		v.unique(seen, field, k)
		if y := v.sourceYears[k]; factYear > 0 && k != PartnerSource && y < factYear {
			v.fail(field, "source %q of %d cannot state a fact of %d", k, y, factYear)
		}
	}
}

func (v *validator) countries(recs []*wsisgraph.Country) {
	v.countryCodes = map[string]bool{}
	for i, r := range recs {
		v.at("countries.json", i, fmt.Sprintf("code %q", r.Code))
		if !countryCode.MatchString(r.Code) {
			v.fail("code", "%q is not an ISO 3166-1 alpha-2 code (two capital letters)", r.Code)
		}
		v.unique(v.countryCodes, "code", r.Code)
		v.text("name", r.Name)
		levels := []struct {
			field, code, parent string
			level               wsisgraph.RegionLevel
		}{
			{"region", r.Region, "", wsisgraph.LevelRegion},
			{"subRegion", r.SubRegion, r.Region, wsisgraph.LevelSubRegion},
			{"intermediateRegion", r.IntermediateRegion, r.SubRegion, wsisgraph.LevelIntermediateRegion},
		}
		for _, l := range levels {
			if l.code == "" {
				continue
			}
			switch reg := wsisgraph.RegionByCode(l.code); {
			case reg == nil:
				v.fail(l.field, "unknown UN M49 region %q", l.code)
			case reg.Level != l.level:
				v.fail(l.field, "%q is a %s, not a %s", l.code, reg.Level, l.level)
			case reg.Parent != l.parent:
				v.fail(l.field, "%q is part of %q, not of %q", l.code, reg.Parent, l.parent)
			}
		}
		if r.Region == "" && (r.SubRegion != "" || r.IntermediateRegion != "" || len(r.Groups) > 0) {
			v.fail("region", "missing, though the country has a sub-region or a group")
		}
		for k, g := range r.Groups {
			if !g.Valid() {
				v.fail("groups", "unknown group %q: allowed are LDC, LLDC, SIDS", g)
			} else if k > 0 && slices.Index(wsisgraph.CountryGroups, g) <= slices.Index(wsisgraph.CountryGroups, r.Groups[k-1]) {
				v.fail("groups", "%q is repeated or out of order (LDC, LLDC, SIDS)", g)
			}
		}
		if len(r.Sources) == 0 {
			v.fail("sources", "missing: a country cites the sources of its code and names")
		}
		for _, s := range r.Sources {
			v.ref(v.sourceKeys, "sources", "source", s)
		}
	}
}

func (v *validator) actionLines(recs []*wsisgraph.ActionLine) {
	v.actionLineCodes = map[string]bool{}
	orders := map[string]bool{}
	for i, r := range recs {
		v.at("action_lines.json", i, fmt.Sprintf("code %q", r.Code))
		if v.required("code", r.Code) {
			v.unique(v.actionLineCodes, "code", r.Code)
		}
		v.required("title", r.Title)
		v.required("shortTitle", r.ShortTitle)
		if r.Order < 1 {
			v.fail("order", "must be 1 or more")
		}
		v.unique(orders, "order", fmt.Sprint(r.Order))
		langs := map[string]bool{}
		for k, t := range r.Translations {
			field := fmt.Sprintf("translations[%d]", k)
			if t.Lang == wsisgraph.LangEnglish || !slices.Contains(wsisgraph.Langs, t.Lang) {
				v.fail(field+".lang", "%q is not one of ar, es, fr, ru, zh-Hans", t.Lang)
			}
			v.unique(langs, field+".lang", string(t.Lang))
			v.required(field+".title", t.Title)
			if v.required(field+".source", t.SourceKey) {
				v.ref(v.sourceKeys, field+".source", "source", t.SourceKey)
			}
		}
	}
	for i, r := range recs { // parents may come later in the file
		v.at("action_lines.json", i, fmt.Sprintf("code %q", r.Code))
		v.ref(v.actionLineCodes, "parentCode", "action line", r.ParentCode)
		if r.ParentCode != "" && r.ParentCode == r.Code {
			v.fail("parentCode", "an action line cannot be its own parent")
		}
	}
}

func (v *validator) facilitations(recs []*wsisgraph.ActionLine) {
	for i, r := range recs {
		v.at("action_lines.json", i, fmt.Sprintf("code %q", r.Code))
		seen := map[string]bool{}
		for j, f := range r.Facilitators {
			field := func(name string) string { return fmt.Sprintf("facilitators[%d].%s", j, name) }
			if f.ActionLineCode != r.Code {
				v.fail(field("actionLine"), "%q is not the record's code %q", f.ActionLineCode, r.Code)
			}
			if v.required(field("organization"), f.OrganizationKey) {
				v.ref(v.orgKeys, field("organization"), "organization", f.OrganizationKey)
				v.unique(seen, field("organization"), f.OrganizationKey)
			}
			if f.Role != wsisgraph.RoleLead && f.Role != wsisgraph.RoleCoFacilitator {
				v.fail(field("role"), "%q is not one of LEAD, CO_FACILITATOR", f.Role)
			}
			v.cites(field("sources"), f.SourceKeys, 0)
		}
	}
}

func (v *validator) organizations(recs []*wsisgraph.Organization) {
	v.orgKeys = map[string]bool{}
	for i, r := range recs {
		v.at("organizations.json", i, fmt.Sprintf("key %q", r.Key))
		if v.required("key", r.Key) {
			v.unique(v.orgKeys, "key", r.Key)
		}
		v.required("name", r.Name)
		v.ref(v.countryCodes, "country", "country", r.Country)
		if !r.StakeholderType.Valid() {
			v.fail("stakeholderType", "%q is not a stakeholder type", r.StakeholderType)
		}
		v.url("website", r.Website)
		v.cites("sources", r.SourceKeys, 0)
	}
}

func (v *validator) goals(recs []*wsisgraph.Goal) {
	v.goalNumbers = map[int]bool{}
	for i, r := range recs {
		v.at("goals.json", i, fmt.Sprintf("number %d", r.Number))
		if r.Number < 1 || r.Number > 17 {
			v.fail("number", "%d is not a goal number (1…17)", r.Number)
		}
		if v.goalNumbers[r.Number] {
			v.fail("number", "duplicate %d", r.Number)
		}
		v.goalNumbers[r.Number] = true
		v.text("shortTitle", r.ShortTitle)
		v.text("title", r.Title)
		v.cites("sources", r.SourceKeys, 0)
	}
}

func (v *validator) targets(recs []*wsisgraph.Target) {
	v.targetGoals = map[string]int{}
	seen := map[string]bool{}
	orders := map[string]bool{}
	for i, r := range recs {
		v.at("targets.json", i, fmt.Sprintf("code %q", r.Code))
		m := targetCode.FindStringSubmatch(r.Code)
		switch {
		case m == nil:
			v.fail("code", "%q is not a target code like \"9.4\" or \"11.b\"", r.Code)
		case !v.goalNumbers[r.GoalNumber]:
			v.fail("goal", "unknown goal %d", r.GoalNumber)
		case m[1] != fmt.Sprint(r.GoalNumber):
			v.fail("code", "%q does not belong to goal %d", r.Code, r.GoalNumber)
		}
		v.unique(seen, "code", r.Code)
		v.targetGoals[r.Code] = r.GoalNumber
		if r.Order < 1 {
			v.fail("order", "must be 1 or more")
		}
		v.unique(orders, "order", fmt.Sprintf("%d/%d", r.GoalNumber, r.Order))
		v.text("title", r.Title)
		v.cites("sources", r.SourceKeys, 0)
	}
}

func (v *validator) knownTarget(code string) bool {
	_, ok := v.targetGoals[code]
	return ok
}

func (v *validator) indicators(recs []*wsisgraph.Indicator) {
	seen := map[string]bool{}
	for i, r := range recs {
		v.at("indicators.json", i, fmt.Sprintf("code %q", r.Code))
		if len(r.TargetCodes) == 0 {
			v.fail("targets", "required")
		}
		serves := map[string]bool{}
		for _, t := range r.TargetCodes {
			if !v.knownTarget(t) {
				v.fail("targets", "unknown target %q", t)
			}
			serves[t] = true
		}
		for j, code := range append([]string{r.Code}, r.OtherCodes...) {
			field := "code"
			if j > 0 {
				field = fmt.Sprintf("otherCodes[%d]", j-1)
			}
			m := indicatorCode.FindStringSubmatch(code)
			if m == nil {
				v.fail(field, "%q is not an indicator code like \"9.c.1\"", code)
				continue
			}
			v.unique(seen, field, code)
			if !serves[m[1]] {
				v.fail("targets", "%q does not list target %s of code %q", r.TargetCodes, m[1], code)
			}
		}
		v.text("title", r.Title)
		v.cites("sources", r.SourceKeys, 0)
	}
}

// framework checks that every indicator cites the same framework revision first, so that
// the indicators are of one version (Coverage names it).
func (v *validator) framework(recs []*wsisgraph.Indicator) {
	for i, r := range recs {
		if len(r.SourceKeys) > 0 && len(recs[0].SourceKeys) > 0 && r.SourceKeys[0] != recs[0].SourceKeys[0] {
			v.at("indicators.json", i, fmt.Sprintf("code %q", r.Code))
			v.fail("sources", "cites %q first, but the indicators follow %q: one framework revision only",
				r.SourceKeys[0], recs[0].SourceKeys[0])
		}
	}
}

func (v *validator) linkages(recs []*wsisgraph.Linkage) {
	seen := map[string]bool{}
	byID := map[string]*wsisgraph.Linkage{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	for i, r := range recs {
		v.at("linkages.json", i, fmt.Sprintf("id %q", r.ID))
		if v.required("id", r.ID) {
			v.unique(seen, "id", r.ID)
		}
		if v.required("actionLine", r.ActionLineCode) {
			v.ref(v.actionLineCodes, "actionLine", "action line", r.ActionLineCode)
		}
		if !v.goalNumbers[r.GoalNumber] {
			v.fail("goal", "unknown goal %d", r.GoalNumber)
		}
		switch {
		case r.TargetCode != "" && !v.knownTarget(r.TargetCode):
			v.fail("target", "unknown target %q", r.TargetCode)
		case r.TargetCode != "" && v.targetGoals[r.TargetCode] != r.GoalNumber:
			v.fail("target", "target %q is not in goal %d", r.TargetCode, r.GoalNumber)
		}
		want := wsisgraph.LevelGoal
		if r.TargetCode != "" {
			want = wsisgraph.LevelTarget
		}
		if r.Level != want {
			v.fail("level", "%q, but a linkage %s a target has level %s", r.Level,
				map[bool]string{true: "with", false: "without"}[r.TargetCode != ""], want)
		}
		if id := wsisgraph.LinkageID(r.ActionLineCode, r.GoalNumber, r.TargetCode); r.ID != id {
			v.fail("id", "%q does not match its action line, goal and target: want %q", r.ID, id)
		}
		v.cites("sources", r.SourceKeys, 0)
		v.rationale(r, byID)
	}
}

// rationale checks that a linkage with a rationale says what it summarises, and that a group
// rationale names its group: linkages of the same action line that share the rationale, the
// linkage itself among them.
func (v *validator) rationale(r *wsisgraph.Linkage, byID map[string]*wsisgraph.Linkage) {
	switch r.RationaleScope {
	case "":
		if r.Rationale != "" {
			v.fail("rationaleScope", "required with a rationale: LINK or GROUP")
		}
	case wsisgraph.RationaleLink:
		if len(r.RationaleGroup) > 0 {
			v.fail("rationaleGroup", "only for rationaleScope GROUP")
		}
	case wsisgraph.RationaleGroup:
		if len(r.RationaleGroup) < 2 {
			v.fail("rationaleGroup", "a group names two linkages or more")
		}
		for _, id := range r.RationaleGroup {
			o := byID[id]
			switch {
			case o == nil:
				v.fail("rationaleGroup", "unknown linkage %q", id)
			case o.ActionLineCode != r.ActionLineCode:
				v.fail("rationaleGroup", "%q is a linkage of another action line", id)
			case o.Rationale != r.Rationale || !slices.Equal(o.RationaleGroup, r.RationaleGroup):
				v.fail("rationaleGroup", "%q does not share this rationale and group", id)
			}
		}
		if !slices.Contains(r.RationaleGroup, r.ID) {
			v.fail("rationaleGroup", "does not hold the linkage itself")
		}
	default:
		v.fail("rationaleScope", "%q is not one of LINK, GROUP", r.RationaleScope)
	}
}

func (v *validator) prizeCategories(recs []*wsisgraph.PrizeCategory) {
	v.categoryNumbers = map[int]bool{}
	for i, r := range recs {
		v.at("prize_categories.json", i, fmt.Sprintf("number %d", r.Number))
		if r.Number < 1 {
			v.fail("number", "must be 1 or more")
		}
		if v.categoryNumbers[r.Number] {
			v.fail("number", "duplicate %d", r.Number)
		}
		v.categoryNumbers[r.Number] = true
		v.required("title", r.Title)
		if v.required("actionLine", r.ActionLineCode) {
			v.ref(v.actionLineCodes, "actionLine", "action line", r.ActionLineCode)
		}
	}
}

func (v *validator) projects(recs []*wsisgraph.Project) {
	v.projectKeys = map[string]bool{}
	for i, r := range recs {
		v.at("projects.json", i, fmt.Sprintf("key %q", r.Key))
		if v.required("key", r.Key) {
			v.unique(v.projectKeys, "key", r.Key)
		}
		v.required("title", r.Title)
		v.ref(v.countryCodes, "country", "country", r.Country)
		if r.Year < 0 || r.Year > 2100 || (r.Year > 0 && r.Year < 1900) {
			v.fail("year", "%d is not a plausible year", r.Year)
		}
		for _, c := range r.ActionLineCodes {
			v.ref(v.actionLineCodes, "actionLines", "action line", c)
		}
		for _, t := range r.TargetCodes {
			if !v.knownTarget(t) {
				v.fail("targets", "unknown target %q", t)
			}
		}
		for _, o := range r.OrganizationKeys {
			v.ref(v.orgKeys, "organizations", "organization", o)
		}
		v.cites("sources", r.SourceKeys, r.Year)
	}
}

func (v *validator) prizes(recs []*wsisgraph.Prize) {
	seen := map[string]bool{}
	for i, r := range recs {
		v.at("prizes.json", i, fmt.Sprintf("key %q", r.Key))
		if v.required("key", r.Key) {
			v.unique(seen, "key", r.Key)
		}
		if r.Year < 2012 || r.Year > 2100 { // the contest started in 2012
			v.fail("year", "%d is not a year of the WSIS Prizes (2012 on)", r.Year)
		}
		if r.CategoryNumber != 0 && !v.categoryNumbers[r.CategoryNumber] { // 0: not stated
			v.fail("category", "unknown prize category %d", r.CategoryNumber)
		}
		if r.Kind != wsisgraph.PrizeWinner && r.Kind != wsisgraph.PrizeChampion {
			v.fail("kind", "%q is not one of WINNER, CHAMPION", r.Kind)
		}
		v.ref(v.projectKeys, "project", "project", r.ProjectKey) // empty: not stated
		seen := map[string]bool{}
		for j, o := range r.OrganizationKeys {
			field := fmt.Sprintf("organizations[%d]", j)
			if v.required(field, o) {
				v.ref(v.orgKeys, field, "organization", o)
				v.unique(seen, field, o)
			}
		}
		if r.ProjectKey == "" && len(r.OrganizationKeys) == 0 && r.Country == "" {
			v.fail("project", "a prize names a project, an organisation or a country")
		}
		v.ref(v.countryCodes, "country", "country", r.Country)
		v.cites("sources", r.SourceKeys, r.Year)
	}
}

// prizeAwards checks the awarded counts: one row per year, each cited, and no year with
// more prizes of a kind in the graph than were awarded.
func (v *validator) prizeAwards(recs []*wsisgraph.PrizeAward, prizes []*wsisgraph.Prize) {
	inGraph := map[int]map[wsisgraph.PrizeKind]int{}
	for _, p := range prizes {
		if inGraph[p.Year] == nil {
			inGraph[p.Year] = map[wsisgraph.PrizeKind]int{}
		}
		inGraph[p.Year][p.Kind]++
	}
	seen := map[string]bool{}
	for i, r := range recs {
		v.at("prize_awards.json", i, fmt.Sprintf("year %d", r.Year))
		if r.Year < 2012 || r.Year > 2100 {
			v.fail("year", "%d is not a year of the WSIS Prizes (2012 on)", r.Year)
		}
		v.unique(seen, "year", fmt.Sprint(r.Year))
		if r.Winners == nil && r.Champions == nil {
			v.fail("winners", "a row states winners, champions or both")
		}
		for _, c := range []struct {
			field string
			n     *int
			kind  wsisgraph.PrizeKind
		}{{"winners", r.Winners, wsisgraph.PrizeWinner}, {"champions", r.Champions, wsisgraph.PrizeChampion}} {
			if c.n == nil {
				continue
			}
			if *c.n < 0 {
				v.fail(c.field, "%d is negative", *c.n)
			}
			if got := inGraph[r.Year][c.kind]; got > *c.n {
				v.fail(c.field, "%d awarded, but prizes.json holds %d of kind %s for %d", *c.n, got, c.kind, r.Year)
			}
		}
		v.cites("sources", r.SourceKeys, r.Year)
	}
}

// duplicates fails when two projects or two organisations are one under two keys: the same
// name (compared by DedupKey) in the same country.
func (v *validator) duplicates(d *Dataset) {
	check := func(file string, n int, key, name, country func(i int) string) {
		first := map[string]string{}
		for i := range n {
			k := DedupKey(name(i)) + "|" + country(i)
			if prev, ok := first[k]; ok {
				v.at(file, i, fmt.Sprintf("key %q", key(i)))
				v.fail("key", "the same as %q: %q in %q under two keys", prev, name(i), country(i))
				continue
			}
			first[k] = key(i)
		}
	}
	check("organizations.json", len(d.Organizations), func(i int) string { return d.Organizations[i].Key },
		func(i int) string { return d.Organizations[i].Name }, func(i int) string { return d.Organizations[i].Country })
	check("projects.json", len(d.Projects), func(i int) string { return d.Projects[i].Key },
		func(i int) string { return d.Projects[i].Title }, func(i int) string { return d.Projects[i].Country })
}

// DedupKey folds a name for duplicate detection: SortKey, then its words of letters and digits,
// without "the", "of" and legal forms (JSC, LLC, Ltd, Inc, PLC, Co), in sorted order. "The
// Ministry of Finance", "Ministry Finance" and "Finance Ministry" fold alike.
func DedupKey(name string) string {
	words := strings.FieldsFunc(wsisgraph.SortKey(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := make([]string, 0, len(words))
	for _, w := range words {
		switch w {
		case "the", "of", "jsc", "llc", "ltd", "inc", "plc", "co":
			continue
		}
		out = append(out, w)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

var eventKinds = map[wsisgraph.EventKind]bool{
	wsisgraph.EventSummit: true, wsisgraph.EventForum: true, wsisgraph.EventHighLevel: true,
	wsisgraph.EventReview: true, wsisgraph.EventRegional: true, wsisgraph.EventPrizesPhase: true,
	wsisgraph.EventConsultationPhase: true, wsisgraph.EventResolution: true, wsisgraph.EventPrizeCeremony: true,
}

func (v *validator) events(recs []*wsisgraph.Event) {
	v.eventsByKey = map[string]*wsisgraph.Event{}
	for i, r := range recs {
		v.at("events.json", i, fmt.Sprintf("key %q", r.Key))
		if v.required("key", r.Key) && v.eventsByKey[r.Key] != nil {
			v.fail("key", "duplicate %q", r.Key)
		}
		v.eventsByKey[r.Key] = r
		v.required("title", r.Title)
		if !eventKinds[r.Kind] {
			v.fail("kind", "%q is not an event kind", r.Kind)
		}
		if v.required("startDate", r.StartDate) {
			v.date("startDate", r.StartDate)
		}
		if r.EndDate != "" && v.date("endDate", r.EndDate) {
			// ISO dates order as text; compare at the precision both have.
			n := min(len(r.StartDate), len(r.EndDate))
			if r.EndDate[:n] < r.StartDate[:n] {
				v.fail("endDate", "%s is before the start date %s", r.EndDate, r.StartDate)
			}
		}
		v.ref(v.countryCodes, "country", "country", r.Country)
		v.cites("sources", r.SourceKeys, r.Year())
	}
	for i, r := range recs { // parents may come later in the file
		v.at("events.json", i, fmt.Sprintf("key %q", r.Key))
		if r.ParentKey == "" {
			continue
		}
		if v.eventsByKey[r.ParentKey] == nil {
			v.fail("parent", "unknown event %q", r.ParentKey)
			continue
		}
		for p, n := v.eventsByKey[r.ParentKey], 0; p != nil; p, n = v.eventsByKey[p.ParentKey], n+1 {
			if p == r || n > len(recs) {
				v.fail("parent", "the chain of parents from %q comes back to %q", r.ParentKey, r.Key)
				break
			}
		}
	}
}

// date checks an ISO 8601 date of precision year, month or day and reports whether it is one.
func (v *validator) date(field, s string) bool {
	layout, ok := dateLayouts[len(s)]
	if ok {
		_, err := time.Parse(layout, s)
		ok = err == nil
	}
	if !ok {
		v.fail(field, "%q is not a date YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	return ok
}

// Nodes returns every record that is a graph node (action lines, goals, targets, indicators,
// organisations, projects, prizes, events), in that order, each file in file order.
func (d *Dataset) Nodes() []wsisgraph.Node {
	out := make([]wsisgraph.Node, 0, len(d.ActionLines)+len(d.Goals)+len(d.Targets)+len(d.Indicators)+
		len(d.Organizations)+len(d.Projects)+len(d.Prizes)+len(d.Events))
	out = appendNodes(out, d.ActionLines)
	out = appendNodes(out, d.Goals)
	out = appendNodes(out, d.Targets)
	out = appendNodes(out, d.Indicators)
	out = appendNodes(out, d.Organizations)
	out = appendNodes(out, d.Projects)
	out = appendNodes(out, d.Prizes)
	return appendNodes(out, d.Events)
}

func appendNodes[T wsisgraph.Node](out []wsisgraph.Node, recs []T) []wsisgraph.Node {
	for _, r := range recs {
		out = append(out, r)
	}
	return out
}

// Vocabulary returns the vocabulary of d's values (see wsisgraph.Vocabulary). The action
// lines are taken in official order (by Order, then code), the targets by goal then order.
func (d *Dataset) Vocabulary() *wsisgraph.Vocabulary {
	p := wsisgraph.VocabularyParts{Countries: d.Countries}
	p.ActionLines = slices.Clone(d.ActionLines)
	slices.SortStableFunc(p.ActionLines, func(a, b *wsisgraph.ActionLine) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return strings.Compare(a.Code, b.Code)
	})
	for _, g := range d.Goals {
		p.Goals = append(p.Goals, g.Number)
	}
	ts := slices.Clone(d.Targets)
	slices.SortStableFunc(ts, func(a, b *wsisgraph.Target) int {
		if a.GoalNumber != b.GoalNumber {
			return a.GoalNumber - b.GoalNumber
		}
		return a.Order - b.Order
	})
	for _, t := range ts {
		p.Targets = append(p.Targets, t.Code)
	}
	for _, in := range d.Indicators {
		p.Indicators = append(p.Indicators, in.Code)
		p.Indicators = append(p.Indicators, in.OtherCodes...)
	}
	for _, c := range d.PrizeCategories {
		p.PrizeCategories = append(p.PrizeCategories, c.Number)
	}
	for _, o := range d.Organizations {
		p.Organizations = append(p.Organizations, o.Key)
	}
	for _, pr := range d.Projects {
		p.ProjectYears = p.ProjectYears.Widen(pr.Year)
	}
	for _, pr := range d.Prizes {
		p.PrizeYears = p.PrizeYears.Widen(pr.Year)
	}
	for _, e := range d.Events {
		p.EventYears = p.EventYears.Widen(e.Year())
	}
	return wsisgraph.NewVocabulary(p)
}
