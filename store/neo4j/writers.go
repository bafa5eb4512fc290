package neo4j

import (
	"slices"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/dataset/derived"
)

// writer adds to an import the nodes of one label and the relationships that leave them.
type writer func(*importer)

// writers write a dataset's graph, in this order: a writer may read what an earlier one
// noted on the importer (the projects' goals, the matrix items).
var writers = []writer{
	(*importer).sources, (*importer).countries, (*importer).actionLines, (*importer).organizations,
	(*importer).goals, (*importer).targets, (*importer).indicators, (*importer).linkages,
	(*importer).prizeCategories, (*importer).projects, (*importer).prizes, (*importer).events,
	(*importer).tally, (*importer).meta, (*importer).explore,
}

// importer is one import being planned: the dataset, its derived graph and the plan the
// writers add to.
//
// Every order the read methods return is the derived graph's, stored as integer ranks:
// Cypher then only sorts integers and hex strings, so the orders of both backends are the
// same by construction.
type importer struct {
	plan
	d *dataset.Dataset
	g *derived.Graph

	encErr       error                  // the first record that failed to encode
	projectGoals map[string][]int       // by project key: the goals of its targets (projects)
	projectItems []wsisgraph.MatrixItem // the unfiltered matrix's (projects, see tally.go)
	prizeItems   []wsisgraph.MatrixItem // the unfiltered matrix's (prizes)
}

// buildSteps turns d into the statements of an import, in the order Import runs them.
func buildSteps(d *dataset.Dataset) ([]step, error) {
	im := &importer{d: d, g: derived.New(d), projectGoals: map[string][]int{}}
	for _, w := range writers {
		w(im)
	}
	if im.encErr != nil {
		return nil, wsisgraph.Errorf(wsisgraph.EINTERNAL, "neo4j import: encoding a record: %v", im.encErr)
	}
	if im.err != nil {
		return nil, im.err
	}
	return im.steps(), nil
}

// json returns the JSON form of v, noting the first error.
func (im *importer) json(v any) string {
	s, err := jsonOf(v)
	if err != nil && im.encErr == nil {
		im.encErr = err
	}
	return s
}

// country adds to e the IN_COUNTRY edge of a node whose country is code, unless empty.
// Countries are linked where the code is one of countries.json.
func country(e *edges, key any, code string) {
	if code != "" {
		e.add(key, code)
	}
}

func (im *importer) sources() {
	var rows []map[string]any
	for _, x := range im.d.Sources {
		p := map[string]any{"key": x.Key, "document": x.Document, "year": int64(x.Year), "json": im.json(x)}
		setStr(p, "url", x.URL)
		rows = append(rows, row(x.Key, p))
	}
	im.node(labelSource, rows)
}

func (im *importer) countries() {
	var rows []map[string]any
	for _, x := range im.d.Countries {
		p := map[string]any{"code": x.Code, "name": x.Name[wsisgraph.LangEnglish], "json": im.json(x)}
		addText(p, "name", x.Name)
		setPlace(p, x)
		rows = append(rows, row(x.Code, p))
	}
	im.node(labelCountry, rows)
}

// actionLines writes the lines ranked in official order, and SUB_LINE_OF.
func (im *importer) actionLines() {
	var rows []map[string]any
	var subLine edges
	for _, x := range im.d.ActionLines {
		p := map[string]any{
			"code": x.Code, "title": x.Title, "shortTitle": x.ShortTitle, "order": int64(x.Order),
			"rank": int64(im.g.ActionLineRank[x.Code]), "json": im.json(x),
		}
		setStr(p, "description", x.Description)
		setStr(p, "parentCode", x.ParentCode)
		rows = append(rows, row(x.Code, p))
		if x.ParentCode != "" {
			subLine.add(x.Code, x.ParentCode)
		}
	}
	im.node(labelActionLine, rows)
	im.edge(labelActionLine, relSubLineOf, labelActionLine, false, &subLine)
}

// organizations writes the organisations, FACILITATES ranked per organisation, RUNS and
// IN_COUNTRY.
func (im *importer) organizations() {
	var facilitates edges
	for _, org := range im.g.Facilitators {
		for r, f := range im.g.Facilitations[org] {
			fp := map[string]any{"role": string(f.Role), "sources": nonNil(f.SourceKeys), "rank": int64(r), "json": im.json(f)}
			setStr(fp, "note", f.Note)
			facilitates.rows = append(facilitates.rows, map[string]any{"a": org, "b": f.ActionLineCode, "p": fp})
		}
	}
	var rows []map[string]any
	var inCountry, runs edges
	for _, x := range im.d.Organizations {
		var lines []string
		for _, f := range im.g.Facilitations[x.Key] {
			lines = append(lines, f.ActionLineCode)
		}
		p := map[string]any{
			"key": x.Key, "keyHex": hexKey(x.Key), "name": x.Name, "stakeholderType": string(x.StakeholderType),
			"sortKey": wsisgraph.SortKey(x.Name), "sortHex": hexKey(wsisgraph.SortKey(x.Name)),
			"acronymKey": wsisgraph.SortKey(x.Acronym), "actionLineSet": im.g.LineSet(lines),
			"json": im.json(x),
		}
		setStr(p, "acronym", x.Acronym)
		setStr(p, "country", x.Country)
		setPlace(p, im.g.CountryByCode[x.Country])
		setStr(p, "website", x.Website)
		rows = append(rows, row(x.Key, p))
		country(&inCountry, x.Key, x.Country)
	}
	for _, x := range im.d.Projects {
		for _, o := range x.OrganizationKeys {
			runs.add(o, x.Key)
		}
	}
	im.node(labelOrganization, rows)
	im.edge(labelOrganization, relFacilitates, labelActionLine, true, &facilitates)
	im.edge(labelOrganization, relRuns, labelProject, false, &runs)
	im.edge(labelOrganization, relInCountry, labelCountry, false, &inCountry)
}

func (im *importer) goals() {
	var rows []map[string]any
	for _, x := range im.d.Goals {
		p := map[string]any{"number": int64(x.Number), "json": im.json(x)}
		addText(p, "title", x.Title)
		addText(p, "shortTitle", x.ShortTitle)
		rows = append(rows, row(int64(x.Number), p))
	}
	im.node(labelGoal, rows)
}

// targets writes the targets ranked by goal, then order, and OF_GOAL.
func (im *importer) targets() {
	var rows []map[string]any
	var ofGoal edges
	for _, x := range im.d.Targets {
		p := map[string]any{"code": x.Code, "goal": int64(x.GoalNumber), "order": int64(x.Order),
			"rank": int64(im.g.TargetRank[x.Code]), "json": im.json(x)}
		addText(p, "title", x.Title)
		rows = append(rows, row(x.Code, p))
		ofGoal.add(x.Code, int64(x.GoalNumber))
	}
	im.node(labelTarget, rows)
	im.edge(labelTarget, relOfGoal, labelGoal, false, &ofGoal)
}

// indicators writes the indicators and MEASURES, ranked per target.
func (im *importer) indicators() {
	var rows []map[string]any
	for i, x := range im.d.Indicators {
		p := map[string]any{
			"code": x.Code, "otherCodes": nonNil(x.OtherCodes), "targets": nonNil(x.TargetCodes),
			"ord": int64(i), "json": im.json(x),
		}
		addText(p, "title", x.Title)
		rows = append(rows, row(x.Code, p))
	}
	var measures edges
	for _, t := range im.g.IndicatedTargets {
		for r, x := range im.g.IndicatorsByTarget[t] {
			measures.rows = append(measures.rows, map[string]any{
				"a": x.Code, "b": t, "p": map[string]any{"code": x.CodeFor(t), "rank": int64(r)}})
		}
	}
	im.node(labelIndicator, rows)
	im.edge(labelIndicator, relMeasures, labelTarget, true, &measures)
}

// linkages writes the linkages ranked in each of their three lists, HAS_LINKAGE, TO_GOAL and
// TO_TARGET.
func (im *importer) linkages() {
	var rows []map[string]any
	var linkAL, toGoal, toTarget edges
	for _, x := range im.g.Linkages {
		p := map[string]any{
			"id": x.ID, "actionLine": x.ActionLineCode, "goal": int64(x.GoalNumber),
			"level": string(x.Level), "sources": nonNil(x.SourceKeys),
			"rankInLine": int64(x.RankInLine), "rankInGoal": int64(x.RankInGoal), "rankInTarget": int64(x.RankInTarget),
			"json": im.json(x.Linkage),
		}
		setStr(p, "target", x.TargetCode)
		setStr(p, "rationale", x.Rationale)
		setStr(p, "note", x.Note)
		rows = append(rows, row(x.ID, p))
		linkAL.add(x.ActionLineCode, x.ID)
		toGoal.add(x.ID, int64(x.GoalNumber))
		if x.TargetCode != "" {
			toTarget.add(x.ID, x.TargetCode)
		}
	}
	im.node(labelLinkage, rows)
	im.edge(labelActionLine, relHasLinkage, labelLinkage, false, &linkAL)
	im.edge(labelLinkage, relToGoal, labelGoal, false, &toGoal)
	im.edge(labelLinkage, relToTarget, labelTarget, false, &toTarget)
}

func (im *importer) prizeCategories() {
	var rows []map[string]any
	var forAL edges
	for _, x := range im.d.PrizeCategories {
		rows = append(rows, row(int64(x.Number), map[string]any{
			"number": int64(x.Number), "title": x.Title, "actionLine": x.ActionLineCode, "json": im.json(x)}))
		forAL.add(int64(x.Number), x.ActionLineCode)
	}
	im.node(labelPrizeCategory, rows)
	im.edge(labelPrizeCategory, relForActionLine, labelActionLine, false, &forAL)
}

// projects writes the projects, SERVES_ACTION_LINE, SERVES_TARGET and IN_COUNTRY, and
// notes each project's goals and matrix item.
func (im *importer) projects() {
	var rows []map[string]any
	var servesAL, servesTarget, inCountry edges
	for _, x := range im.d.Projects {
		goals := []int64{}
		for _, t := range derived.Uniq(x.TargetCodes) {
			if tt := im.g.TargetByCode[t]; tt != nil && !slices.Contains(goals, int64(tt.GoalNumber)) {
				goals = append(goals, int64(tt.GoalNumber))
			}
		}
		types := []string{}
		for _, o := range derived.Uniq(x.OrganizationKeys) {
			if oo := im.g.OrganizationByKey[o]; oo != nil && !slices.Contains(types, string(oo.StakeholderType)) {
				types = append(types, string(oo.StakeholderType))
			}
		}
		title := wsisgraph.SortKey(x.Title)
		p := map[string]any{
			"key": x.Key, "keyHex": hexKey(x.Key), "title": x.Title, "year": int64(x.Year),
			"sortKey": title, "sortHex": hexKey(title), "descKey": wsisgraph.SortKey(x.Description),
			"actionLineSet": im.g.LineSet(x.ActionLineCodes), "goals": goals,
			"targets": derived.Uniq(x.TargetCodes), "organizations": derived.Uniq(x.OrganizationKeys),
			"stakeholderTypes": types, "json": im.json(x),
		}
		setStr(p, "description", x.Description)
		setStr(p, "country", x.Country)
		setPlace(p, im.g.CountryByCode[x.Country])
		p["sources"] = nonNil(x.SourceKeys)
		setStr(p, "note", x.Note)
		if x.Synthetic {
			p["synthetic"] = true
		}
		rows = append(rows, row(x.Key, p))
		gs := make([]int, len(goals))
		for i, g := range goals {
			gs[i] = int(g)
		}
		im.projectGoals[x.Key] = gs
		im.projectItems = append(im.projectItems, wsisgraph.MatrixItem{Lines: im.g.LineSet(x.ActionLineCodes), Goals: gs})
		for _, a := range x.ActionLineCodes {
			servesAL.add(x.Key, a)
		}
		for _, t := range x.TargetCodes {
			servesTarget.add(x.Key, t)
		}
		country(&inCountry, x.Key, x.Country)
	}
	im.node(labelProject, rows)
	im.edge(labelProject, relServesActionLine, labelActionLine, false, &servesAL)
	im.edge(labelProject, relServesTarget, labelTarget, false, &servesTarget)
	im.edge(labelProject, relInCountry, labelCountry, false, &inCountry)
}

// prizes writes the prizes, AWARDED_TO, IN_CATEGORY, TO_ORGANIZATION and IN_COUNTRY, and
// notes each prize's matrix item.
func (im *importer) prizes() {
	var rows []map[string]any
	var awardedTo, inCategory, toOrg, inCountry edges
	for _, x := range im.d.Prizes {
		var lines []string
		cat := im.g.CategoryByNumber[x.CategoryNumber]
		if cat != nil && cat.ActionLineCode != "" {
			lines = []string{cat.ActionLineCode}
		}
		if gs, ok := im.projectGoals[x.ProjectKey]; ok && cat != nil {
			im.prizeItems = append(im.prizeItems, wsisgraph.MatrixItem{Lines: im.g.LineSet(lines), Goals: gs})
		}
		text := ""
		if pj := im.g.ProjectByKey[x.ProjectKey]; pj != nil {
			text = wsisgraph.SortKey(pj.Title)
		}
		p := map[string]any{
			"key": x.Key, "keyHex": hexKey(x.Key), "year": int64(x.Year), "category": int64(x.CategoryNumber),
			"kind": string(x.Kind), "sources": nonNil(x.SourceKeys), "organizations": derived.Uniq(x.OrganizationKeys),
			"actionLineSet": im.g.LineSet(lines), "textKey": text, "json": im.json(x),
		}
		setStr(p, "project", x.ProjectKey)
		setStr(p, "country", x.Country)
		setPlace(p, im.g.CountryByCode[x.Country])
		setStr(p, "note", x.Note)
		rows = append(rows, row(x.Key, p))
		if x.ProjectKey != "" {
			awardedTo.add(x.Key, x.ProjectKey)
		}
		if x.CategoryNumber != 0 {
			inCategory.add(x.Key, int64(x.CategoryNumber))
		}
		for _, o := range derived.Uniq(x.OrganizationKeys) {
			toOrg.add(x.Key, o)
		}
		country(&inCountry, x.Key, x.Country)
	}
	im.node(labelPrize, rows)
	im.edge(labelPrize, relAwardedTo, labelProject, false, &awardedTo)
	im.edge(labelPrize, relInCategory, labelPrizeCategory, false, &inCategory)
	im.edge(labelPrize, relToOrganization, labelOrganization, false, &toOrg)
	im.edge(labelPrize, relInCountry, labelCountry, false, &inCountry)
}

// events writes the events, PART_OF and IN_COUNTRY.
func (im *importer) events() {
	var rows []map[string]any
	var partOf, inCountry edges
	for _, x := range im.d.Events {
		p := map[string]any{
			"key": x.Key, "keyHex": hexKey(x.Key), "title": x.Title, "kind": string(x.Kind),
			"startDate": x.StartDate, "startHex": hexKey(x.StartDate), "year": int64(x.Year()),
			"sortKey": wsisgraph.SortKey(x.Title), "sources": nonNil(x.SourceKeys), "json": im.json(x),
		}
		setStr(p, "endDate", x.EndDate)
		setStr(p, "city", x.City)
		setStr(p, "country", x.Country)
		setStr(p, "parent", x.ParentKey)
		setStr(p, "description", x.Description)
		if x.Virtual {
			p["virtual"] = true
		}
		rows = append(rows, row(x.Key, p))
		if x.ParentKey != "" {
			partOf.add(x.Key, x.ParentKey)
		}
		country(&inCountry, x.Key, x.Country)
	}
	im.node(labelEvent, rows)
	im.edge(labelEvent, relPartOf, labelEvent, false, &partOf)
	im.edge(labelEvent, relInCountry, labelCountry, false, &inCountry)
}

// tally writes the lists' single-filter totals and the unfiltered matrix (tally.go).
func (im *importer) tally() {
	rows := im.plan.tallies.rows()
	for _, m := range []struct {
		key   string
		items []wsisgraph.MatrixItem
	}{{matrixTallyProjects, im.projectItems}, {matrixTallyPrizes, im.prizeItems}} {
		r, err := matrixTallyRow(m.key, wsisgraph.CountMatrixItems(m.items, im.d.ActionLines, im.d.Goals))
		if err != nil && im.encErr == nil {
			im.encErr = err
		}
		rows = append(rows, r)
	}
	im.node(labelTally, rows)
}

func (im *importer) meta() {
	im.node(labelMeta, []map[string]any{row(metaID, map[string]any{
		"id": metaID, "version": im.d.Version, "model": int64(graphModel), "coverage": im.json(im.d.Coverage())})})
}

// explore writes the search texts and organisation counts (explore.go).
func (im *importer) explore() {
	im.nodes = append(im.nodes, exploreSteps(im.d, im.g)...)
}
