package neo4j

import (
	"fmt"
	"strings"

	"github.com/wsisgraph/wsisgraph"
)

// Node labels. An entity with a global id is labelled with the name of its kind (see
// wsisgraph.Kinds).
const (
	labelActionLine    = wsisgraph.KindActionLine
	labelOrganization  = wsisgraph.KindOrganization
	labelGoal          = wsisgraph.KindGoal
	labelTarget        = wsisgraph.KindTarget
	labelIndicator     = wsisgraph.KindIndicator
	labelLinkage       = wsisgraph.KindLinkage
	labelProject       = wsisgraph.KindProject
	labelPrize         = wsisgraph.KindPrize
	labelPrizeCategory = "PrizeCategory"
	labelEvent         = wsisgraph.KindEvent
	labelSource        = "Source"
	labelCountry       = "Country"
	labelMeta          = "Meta"
)

// Relationship types.
const (
	relSubLineOf        = "SUB_LINE_OF"        // (ActionLine)->(ActionLine)
	relFacilitates      = "FACILITATES"        // (Organization)->(ActionLine) {role, note, sources, rank}
	relOfGoal           = "OF_GOAL"            // (Target)->(Goal)
	relMeasures         = "MEASURES"           // (Indicator)->(Target)
	relHasLinkage       = "HAS_LINKAGE"        // (ActionLine)->(Linkage)
	relToGoal           = "TO_GOAL"            // (Linkage)->(Goal)
	relToTarget         = "TO_TARGET"          // (Linkage)->(Target)
	relServesActionLine = "SERVES_ACTION_LINE" // (Project)->(ActionLine)
	relServesTarget     = "SERVES_TARGET"      // (Project)->(Target)
	relRuns             = "RUNS"               // (Organization)->(Project)
	relAwardedTo        = "AWARDED_TO"         // (Prize)->(Project)
	relInCategory       = "IN_CATEGORY"        // (Prize)->(PrizeCategory)
	relForActionLine    = "FOR_ACTION_LINE"    // (PrizeCategory)->(ActionLine)
	relToOrganization   = "TO_ORGANIZATION"    // (Prize)->(Organization), one per organisation named
	relPartOf           = "PART_OF"            // (Event)->(Event)
	relInCountry        = "IN_COUNTRY"         // (Organization|Project|Prize|Event)->(Country)
)

// nodeKind is a label and the property that identifies its nodes.
type nodeKind struct {
	label string
	key   string
}

// nodeKinds lists every label this package writes, with its key. Import deletes exactly
// these labels' nodes before writing.
var nodeKinds = []nodeKind{
	{labelSource, "key"},
	{labelCountry, "code"},
	{labelActionLine, "code"},
	{labelOrganization, "key"},
	{labelGoal, "number"},
	{labelTarget, "code"},
	{labelIndicator, "code"},
	{labelLinkage, "id"},
	{labelPrizeCategory, "number"},
	{labelProject, "key"},
	{labelPrize, "key"},
	{labelEvent, "key"},
	{labelTally, "key"},
	{labelMeta, "id"},
}

func keyOf(label string) string {
	for _, k := range nodeKinds {
		if k.label == label {
			return k.key
		}
	}
	panic("neo4j: unknown label " + label)
}

// langProp returns the property holding the lang text of field: "title_en", "title_zh_Hans".
// lang comes only from wsisgraph.Langs.
func langProp(field string, lang wsisgraph.Lang) string {
	return field + "_" + strings.ReplaceAll(string(lang), "-", "_")
}

func langProps(field string) []string {
	out := make([]string, len(wsisgraph.Langs))
	for i, l := range wsisgraph.Langs {
		out[i] = langProp(field, l)
	}
	return out
}

// metaID is the id of the singleton Meta node.
const metaID = "dataset"

// graphModel numbers the layout of the graph this package writes and reads; Import stores it
// in Meta.model. A graph of another model (written by another version of this package) is
// refused by Version, so by every request, until the dataset is imported again: its reads
// would otherwise answer wrongly (model 2 added the Tally nodes that totals read, model 3 those
// of the unfiltered matrix, model 4 the countries' names in six languages and M49 data, model 5
// the regions and groups of organisations, projects and prizes, model 6 the search texts with
// Arabic normalised and their stems, model 7 a prize's list of organisations and Meta.coverage).
const graphModel = 7

// Range indexes, beyond the key constraints' own indexes: the properties the list queries
// filter and sort on, and the foreign keys the keyed reads look up. An index of several
// properties lists them in its prop, comma-separated: the composite indexes of the project
// list's starts (see projectStart), which seek a country or a year and give the sort order.
var rangeIndexes = []struct{ label, prop string }{
	{labelActionLine, "parentCode"},
	{labelOrganization, "sortHex"},
	{labelOrganization, "country"},
	{labelOrganization, "country,sortHex"},
	{labelOrganization, "stakeholderType"},
	{labelOrganization, propPrizeCount},
	{labelOrganization, propProjectCnt},
	{labelTarget, "goal"},
	{labelLinkage, "actionLine"},
	{labelLinkage, "goal"},
	{labelLinkage, "target"},
	{labelProject, "sortHex"},
	{labelProject, "year"},
	{labelProject, "country"},
	{labelProject, "country,sortHex"},
	{labelProject, "country,year"},
	{labelProject, "year,sortHex"},
	{labelPrize, "year"},
	{labelPrize, "category"},
	{labelPrize, "country"},
	{labelPrize, "project"},
	{labelEvent, "startHex"},
	{labelEvent, "year"},
	{labelEvent, "country"},
	{labelEvent, "parent"},
}

// Full-text indexes for a search feature; the queries of this package do not use them.
var fulltextIndexes = []struct {
	name   string
	labels []string
	props  []string
}{
	{"fulltext_titles", []string{labelActionLine, labelProject, labelEvent, labelPrizeCategory},
		[]string{"title", "shortTitle", "description"}},
	{"fulltext_names", []string{labelOrganization, labelCountry, labelSource},
		[]string{"name", "acronym", "document"}},
	{"fulltext_sdg", []string{labelGoal, labelTarget, labelIndicator},
		append(langProps("title"), langProps("shortTitle")...)},
	{"fulltext_linkages", []string{labelLinkage}, []string{"rationale", "note"}},
}

// schemaStatements returns the constraint and index statements, all idempotent
// (IF NOT EXISTS), followed by the wait for their population.
func schemaStatements() []string {
	var out []string
	for _, k := range nodeKinds {
		out = append(out, fmt.Sprintf(
			"CREATE CONSTRAINT %s_%s_unique IF NOT EXISTS FOR (n:%s) REQUIRE n.%s IS UNIQUE",
			strings.ToLower(k.label), k.key, k.label, k.key))
	}
	for _, ix := range rangeIndexes {
		props := strings.Split(ix.prop, ",")
		out = append(out, fmt.Sprintf("CREATE INDEX %s_%s IF NOT EXISTS FOR (n:%s) ON (n.%s)",
			strings.ToLower(ix.label), strings.Join(props, "_"), ix.label, strings.Join(props, ", n.")))
	}
	for _, ft := range fulltextIndexes {
		props := make([]string, len(ft.props))
		for i, p := range ft.props {
			props[i] = "n." + p
		}
		out = append(out, fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [%s]",
			ft.name, strings.Join(ft.labels, "|"), strings.Join(props, ", ")))
	}
	out = append(out, exploreSchemaStatements()...) // explore.go: the search index
	return append(out, "CALL db.awaitIndexes(300)")
}
