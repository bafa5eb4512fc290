// Package wsisgraph holds the domain of the WSIS–SDG knowledge graph: its entities, the
// storage interface every backend implements, and the error vocabulary shared by all layers.
//
// The JSON form of each entity is the form of the dataset files shipped in dataset/data and of
// the partner files taken by `wsisgraph import`.
package wsisgraph

import (
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a language tag of the six official UN languages.
type Lang string

// The languages titles come in. English is the fallback for every other language.
const (
	LangArabic  Lang = "ar"
	LangEnglish Lang = "en"
	LangSpanish Lang = "es"
	LangFrench  Lang = "fr"
	LangRussian Lang = "ru"
	LangChinese Lang = "zh-Hans"
	DefaultLang      = LangEnglish
)

// Langs lists the supported languages in a stable order.
var Langs = []Lang{LangArabic, LangEnglish, LangSpanish, LangFrench, LangRussian, LangChinese}

// ParseLang returns the Lang of a BCP 47 language tag, as Accept-Language takes them: the
// tag's language decides, whatever its script, region or variants ("fr-CH" → fr, "zh-CN" and
// "zh-Hans-CN" → zh-Hans, "EN-gb" → en). It returns an EINVALID error naming the allowed
// languages for a malformed tag or one of another language.
func ParseLang(tag string) (Lang, error) {
	if l, ok := MatchLang(tag); ok {
		return l, nil
	}
	return "", Errorf(EINVALID, "unknown language %q: allowed are ar, en, es, fr, ru, zh-Hans, or a BCP 47 tag of one of them such as fr-CH or zh-CN", tag)
}

// MatchLang returns the Lang of a BCP 47 tag (see ParseLang), and false when the tag is
// malformed or of another language. It is the one matcher of the `lang` arguments and of the
// Accept-Language header.
func MatchLang(tag string) (Lang, bool) {
	t, err := language.Parse(strings.TrimSpace(tag))
	if err != nil {
		return "", false
	}
	base, conf := t.Base()
	if conf == language.No {
		return "", false
	}
	switch base.String() {
	case "ar":
		return LangArabic, true
	case "en":
		return LangEnglish, true
	case "es":
		return LangSpanish, true
	case "fr":
		return LangFrench, true
	case "ru":
		return LangRussian, true
	case "zh":
		return LangChinese, true
	}
	return "", false
}

// Text is a string in several languages, keyed by language tag.
type Text map[Lang]string

// In returns the text in lang, or the English text when lang is missing or empty.
func (t Text) In(lang Lang) string {
	if s := t[lang]; s != "" {
		return s
	}
	return t[LangEnglish]
}

// StakeholderType classifies an organisation as in the WSIS Stocktaking.
type StakeholderType string

// The stakeholder types.
const (
	StakeholderGovernment                StakeholderType = "GOVERNMENT"
	StakeholderPrivateSector             StakeholderType = "PRIVATE_SECTOR"
	StakeholderCivilSociety              StakeholderType = "CIVIL_SOCIETY"
	StakeholderAcademia                  StakeholderType = "ACADEMIA"
	StakeholderTechnicalCommunity        StakeholderType = "TECHNICAL_COMMUNITY"
	StakeholderInternationalOrganization StakeholderType = "INTERNATIONAL_ORGANIZATION"
)

// StakeholderTypes lists every stakeholder type in a stable order.
var StakeholderTypes = []StakeholderType{
	StakeholderGovernment, StakeholderPrivateSector, StakeholderCivilSociety,
	StakeholderAcademia, StakeholderTechnicalCommunity, StakeholderInternationalOrganization,
}

// Valid reports whether s is one of StakeholderTypes.
func (s StakeholderType) Valid() bool {
	for _, v := range StakeholderTypes {
		if s == v {
			return true
		}
	}
	return false
}

// Country is a country or territory with its ISO 3166-1 alpha-2 code, its UN M49 regions and
// the UN groupings it belongs to.
type Country struct {
	Code string `json:"code"` // ISO 3166-1 alpha-2, upper case: "KZ"
	// Name is the short name: English from ISO 3166-1, the other languages from Unicode CLDR.
	Name Text `json:"name"`
	// Region, SubRegion and IntermediateRegion are UN M49 codes of three digits ("142",
	// "143"); empty where the M49 table gives none (Antarctica has no region, few countries
	// have an intermediate region).
	Region             string `json:"region,omitempty"`
	SubRegion          string `json:"subRegion,omitempty"`
	IntermediateRegion string `json:"intermediateRegion,omitempty"`
	// Groups are the UN groupings the M49 table puts the country in, in CountryGroups order.
	Groups []CountryGroup `json:"groups,omitempty"`
	// Sources are the keys of the sources of the code, the names and the M49 data.
	Sources []string `json:"sources"`
}

// RegionCodes returns the country's M49 region codes, widest first, without empty ones.
func (c *Country) RegionCodes() []string {
	var out []string
	for _, r := range []string{c.Region, c.SubRegion, c.IntermediateRegion} {
		if r != "" {
			out = append(out, r)
		}
	}
	return out
}

// InRegion reports whether code is the country's region, sub-region or intermediate region.
func (c *Country) InRegion(code string) bool {
	return code != "" && (code == c.Region || code == c.SubRegion || code == c.IntermediateRegion)
}

// InGroup reports whether the country belongs to g.
func (c *Country) InGroup(g CountryGroup) bool {
	for _, x := range c.Groups {
		if x == g {
			return true
		}
	}
	return false
}

// CountryGroup is a UN grouping of countries in special situations, as the UN M49 table
// marks them.
type CountryGroup string

// The country groups.
const (
	GroupLDC  CountryGroup = "LDC"  // least developed countries
	GroupLLDC CountryGroup = "LLDC" // landlocked developing countries
	GroupSIDS CountryGroup = "SIDS" // small island developing states
)

// CountryGroups lists the country groups in a stable order.
var CountryGroups = []CountryGroup{GroupLDC, GroupLLDC, GroupSIDS}

// Valid reports whether g is one of CountryGroups.
func (g CountryGroup) Valid() bool {
	for _, v := range CountryGroups {
		if g == v {
			return true
		}
	}
	return false
}

// Source is a public document a fact is taken from: a page or file a reader can open at URL,
// published in Year. A record cites one or more sources (its SourceKeys), first the one that
// states most of it; no source may be older than the fact it supports.
type Source struct {
	Key      string `json:"key"`
	Document string `json:"document"`
	Year     int    `json:"year"`
	URL      string `json:"url,omitempty"` // required in the shipped dataset; partner sources may lack one
}

// ActionLine is one of the WSIS Action Lines C1–C11 or one of the eight C7 sub-lines.
type ActionLine struct {
	Code        string `json:"code"`  // "C2", "C7.e-health"
	Title       string `json:"title"` // the official title
	ShortTitle  string `json:"shortTitle"`
	Description string `json:"description,omitempty"`
	ParentCode  string `json:"parentCode,omitempty"` // "C7" for the sub-lines, else empty
	Order       int    `json:"order"`                // position in the official order C1…C11, sub-lines after C7
	// Facilitators are the UN agencies that facilitate the action line, lead first.
	Facilitators []Facilitation `json:"facilitators,omitempty"`
	// Translations are the title in other UN languages where a published translation was
	// found, each with its source; at most one per language, never English.
	Translations []Translation `json:"translations,omitempty"`
}

// Translation is a title in another language as a source publishes it.
type Translation struct {
	Lang      Lang   `json:"lang"`
	Title     string `json:"title"`
	SourceKey string `json:"source"`
}

// TitleIn returns the action line's title in lang and the translation it comes from, or the
// English title and nil when there is none in lang.
func (a *ActionLine) TitleIn(lang Lang) (string, *Translation) {
	for i := range a.Translations {
		if t := &a.Translations[i]; t.Lang == lang {
			return t.Title, t
		}
	}
	return a.Title, nil
}

// FacilitatorRole is the part a UN agency plays for an action line.
type FacilitatorRole string

// The facilitator roles.
const (
	RoleLead          FacilitatorRole = "LEAD"
	RoleCoFacilitator FacilitatorRole = "CO_FACILITATOR"
)

// Facilitation links an organisation to an action line it facilitates.
type Facilitation struct {
	ActionLineCode  string          `json:"actionLine"`
	OrganizationKey string          `json:"organization"`
	Role            FacilitatorRole `json:"role"`
	Note            string          `json:"note,omitempty"`
	SourceKeys      []string        `json:"sources"`
}

// Goal is one of the 17 Sustainable Development Goals.
type Goal struct {
	Number     int      `json:"number"`
	ShortTitle Text     `json:"shortTitle"`
	Title      Text     `json:"title"`
	SourceKeys []string `json:"sources"`
}

// Target is one of the 169 SDG targets.
type Target struct {
	Code       string   `json:"code"` // "9.4", "11.b"
	GoalNumber int      `json:"goal"`
	Title      Text     `json:"title"`
	Order      int      `json:"order"` // position within the goal, numbered targets before lettered
	SourceKeys []string `json:"sources"`
}

// Indicator is an SDG indicator. A repeated indicator (1.5.1 = 11.5.1 = 13.1.1) is one
// Indicator whose Code is its first listing and whose TargetCodes hold every target it serves.
type Indicator struct {
	Code        string   `json:"code"`
	OtherCodes  []string `json:"otherCodes,omitempty"` // the codes it is repeated under
	TargetCodes []string `json:"targets"`
	Title       Text     `json:"title"`
	// SourceKeys name the revision of the global indicator framework the indicator is listed
	// in; every indicator of a dataset cites the same revision first (see Coverage).
	SourceKeys []string `json:"sources"`
}

// LinkageLevel tells whether a linkage names a whole goal or one target.
type LinkageLevel string

// The linkage levels.
const (
	LevelGoal   LinkageLevel = "GOAL"
	LevelTarget LinkageLevel = "TARGET"
)

// Linkage is one entry of the WSIS–SDG Matrix: an action line serves a goal as a whole or one
// of its targets.
type Linkage struct {
	ID             string       `json:"id"` // ActionLineCode + ">" + target code or goal number: "C2>9.c", "C1>1"
	ActionLineCode string       `json:"actionLine"`
	GoalNumber     int          `json:"goal"`
	TargetCode     string       `json:"target,omitempty"` // empty for a goal-level linkage
	Level          LinkageLevel `json:"level"`
	// Rationale summarises, in the dataset's own words, the source's reasoning; it is never a
	// quotation. RationaleScope tells whether that reasoning is given for this link alone or
	// for a group of links of the action line together (RationaleGroup: their IDs in the
	// source's order, this one included).
	Rationale      string         `json:"rationale,omitempty"`
	RationaleScope RationaleScope `json:"rationaleScope,omitempty"`
	RationaleGroup []string       `json:"rationaleGroup,omitempty"`
	SourceKeys     []string       `json:"sources"`
	Note           string         `json:"note,omitempty"`

	// Target (nil for a goal-level linkage) and Goal are the linkage's ends. Every Store
	// method that returns linkages fills them, so that a linkage is read with its ends in one
	// call; they are not part of the file form.
	Target *Target `json:"-"`
	Goal   *Goal   `json:"-"`
}

// RationaleScope tells what a linkage's rationale summarises.
type RationaleScope string

// The rationale scopes.
const (
	RationaleLink  RationaleScope = "LINK"  // the source's reasoning for this link
	RationaleGroup RationaleScope = "GROUP" // the source's reasoning for a group of targets together
)

// LinkageID returns the ID of the linkage between an action line and a target code or, when
// targetCode is empty, the goal.
func LinkageID(actionLine string, goal int, targetCode string) string {
	if targetCode != "" {
		return actionLine + ">" + targetCode
	}
	return actionLine + ">" + strconv.Itoa(goal)
}

// Organization is an organisation: a UN facilitator agency, a prize winner, a project's owner.
type Organization struct {
	Key             string          `json:"key"` // stable slug: "itu", "mincom-mexico"
	Name            string          `json:"name"`
	Acronym         string          `json:"acronym,omitempty"`
	Country         string          `json:"country,omitempty"` // ISO 3166-1 alpha-2; empty for international bodies
	StakeholderType StakeholderType `json:"stakeholderType"`
	Website         string          `json:"website,omitempty"`
	SourceKeys      []string        `json:"sources,omitempty"` // required in the shipped dataset
	Note            string          `json:"note,omitempty"`    // what is uncertain about the record
}

// Project is a WSIS Stocktaking entry or a project that competed for a WSIS Prize.
type Project struct {
	Key              string   `json:"key"`
	Title            string   `json:"title"`
	Description      string   `json:"description,omitempty"`
	Country          string   `json:"country,omitempty"`
	Year             int      `json:"year,omitempty"`
	ActionLineCodes  []string `json:"actionLines,omitempty"`
	TargetCodes      []string `json:"targets,omitempty"`
	OrganizationKeys []string `json:"organizations,omitempty"`
	SourceKeys       []string `json:"sources,omitempty"`   // required in the shipped dataset
	Note             string   `json:"note,omitempty"`      // what is uncertain about the record
	Synthetic        bool     `json:"synthetic,omitempty"` // generated for scale tests, never real data
}

// PrizeCategory is one of the 18 WSIS Prizes categories, one per action line.
type PrizeCategory struct {
	Number         int    `json:"number"` // 1…18 in the order C1–C6, the C7 sub-lines, C8–C11
	Title          string `json:"title"`
	ActionLineCode string `json:"actionLine"`
}

// TitleIn returns the category's title in lang and the translation of its action line it is
// made from. A category titled with its action line's code and title ("C3. Access to
// information and knowledge") takes the line's translated title after the same code; any
// other category (the C7 sub-lines' "C7. ICT applications: E-health"), or one whose line has
// no translation in lang, keeps its English title and nil. line is the category's action line.
func (c *PrizeCategory) TitleIn(line *ActionLine, lang Lang) (string, *Translation) {
	if line == nil || lang == LangEnglish || c.Title != line.Code+". "+line.Title {
		return c.Title, nil
	}
	title, t := line.TitleIn(lang)
	if t == nil {
		return c.Title, nil
	}
	return line.Code + ". " + title, t
}

// PrizeKind tells a winner from a champion.
type PrizeKind string

// The prize kinds.
const (
	PrizeWinner   PrizeKind = "WINNER"
	PrizeChampion PrizeKind = "CHAMPION"
)

// Prize is a WSIS Prize awarded to a project in a year and category. What no source states is
// left unset, never filled in: CategoryNumber is 0 and ProjectKey empty when unknown.
type Prize struct {
	Key              string    `json:"key"`
	Year             int       `json:"year"`
	CategoryNumber   int       `json:"category,omitempty"`
	Kind             PrizeKind `json:"kind"`
	ProjectKey       string    `json:"project,omitempty"`
	OrganizationKeys []string  `json:"organizations,omitempty"` // as named by the sources, first the lead
	Country          string    `json:"country,omitempty"`
	SourceKeys       []string  `json:"sources"`
	Note             string    `json:"note,omitempty"` // what is uncertain: an inferred category, sources that disagree
}

// PrizeAward is how many prizes of a contest year the organisers state were awarded: the
// figures Coverage compares the graph's prizes with. A nil count is not stated by any source.
type PrizeAward struct {
	Year       int      `json:"year"`
	Winners    *int     `json:"winners"`
	Champions  *int     `json:"champions"`
	SourceKeys []string `json:"sources"`
	Note       string   `json:"note,omitempty"`
}

// EventKind classifies an event.
type EventKind string

// The event kinds.
const (
	EventSummit            EventKind = "SUMMIT"
	EventForum             EventKind = "FORUM"
	EventHighLevel         EventKind = "HIGH_LEVEL_EVENT"
	EventReview            EventKind = "REVIEW"
	EventRegional          EventKind = "REGIONAL"
	EventPrizesPhase       EventKind = "PRIZES_PHASE"
	EventConsultationPhase EventKind = "CONSULTATION_PHASE"
	EventResolution        EventKind = "RESOLUTION"
	EventPrizeCeremony     EventKind = "PRIZE_CEREMONY"
)

// Event is a summit phase, a Forum edition, a review, a regional event or a phase of a process.
type Event struct {
	Key         string    `json:"key"`
	Title       string    `json:"title"`
	Kind        EventKind `json:"kind"`
	StartDate   string    `json:"startDate"`         // ISO 8601 date: "2003-12-10"; "2020" or "2020-06" when only that is known
	EndDate     string    `json:"endDate,omitempty"` // ISO 8601 date, same precision rules
	City        string    `json:"city,omitempty"`
	Country     string    `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Virtual     bool      `json:"virtual,omitempty"`
	ParentKey   string    `json:"parent,omitempty"` // the event this one is part of
	Description string    `json:"description,omitempty"`
	SourceKeys  []string  `json:"sources"`
	Note        string    `json:"note,omitempty"` // what is uncertain about the record
}

// Year returns the event's start year.
func (e *Event) Year() int {
	y := 0
	for i := 0; i < len(e.StartDate) && i < 4; i++ {
		y = y*10 + int(e.StartDate[i]-'0')
	}
	return y
}

// FirstKey returns the first of keys (a record's main source), or "" for none.
func FirstKey(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}
