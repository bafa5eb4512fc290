package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

// Fixture returns a small, hand-made dataset that exercises every corner of the Store
// contract. Every call returns a fresh copy, identical to the last; it passes d.Validate().
//
// Slices are deliberately not in any sort order, so a backend that forgets to sort shows. What
// the suite relies on:
//   - action lines C1, C2, C7 with sub-lines C7.e-government and C7.e-health, and C11 (which
//     sorts before C2 as text but after them in official order); facilitations at several lines;
//   - goals 1, 4 and 13; goal 1's targets are 1.1, 1.2, 1.5, 1.a; indicator 4.7.1 is repeated
//     as 13.3.1, so target 13.3 lists it before 13.3.2 although "13.3.2" < "4.7.1" as text;
//   - linkages at goal and target level, to a main line and to sub-lines;
//   - 15 organisations whose names need folding to sort ("Émile", "apple", "Ökosystem", two
//     "Zeta Systems" that differ only in case and spacing);
//   - 25 projects, four without a year, several title ties that only the key breaks, one title
//     with surrounding spaces, projects without targets or organisations;
//   - 14 prizes over 2019–2023, winners and champions, year and category ties, one without an
//     organisation, one with two, one with neither category nor project (only organisations);
//     awarded counts for 2019 (winners only), 2021 (complete) and 2023;
//   - 14 events with dates of year, month and day precision, a start-date tie, nested parents.
func Fixture() *dataset.Dataset {
	d := &dataset.Dataset{
		Sources:         sources(),
		Countries:       countries(),
		ActionLines:     actionLines(),
		Organizations:   organizations(),
		Goals:           goals(),
		Targets:         targets(),
		Indicators:      indicators(),
		Linkages:        linkages(),
		PrizeCategories: prizeCategories(),
		Prizes:          prizes(),
		PrizeAwards:     prizeAwards(),
		Projects:        projects(),
		Events:          events(),
	}
	d.Version = digest(d)
	return d
}

// digest computes the fixture's Version the way dataset.Load does, over the JSON form.
func digest(d *dataset.Dataset) string {
	h := sha256.New()
	parts := map[string]any{
		"sources.json": d.Sources, "countries.json": d.Countries,
		"action_lines.json": d.ActionLines, "organizations.json": d.Organizations,
		"goals.json": d.Goals, "targets.json": d.Targets, "indicators.json": d.Indicators,
		"linkages.json": d.Linkages, "prize_categories.json": d.PrizeCategories,
		"prizes.json": d.Prizes, "prize_awards.json": d.PrizeAwards, "projects.json": d.Projects, "events.json": d.Events,
	}
	for _, name := range dataset.Files {
		b, err := json.Marshal(parts[name])
		if err != nil {
			panic(err)
		}
		h.Write([]byte(name))
		h.Write(b)
	}
	return "fixture-" + hex.EncodeToString(h.Sum(nil))[:12]
}

func en(s string) wsisgraph.Text { return wsisgraph.Text{wsisgraph.LangEnglish: s} }

const (
	srcMatrix     = "wsis-sdg-matrix"
	srcStocktake  = "wsis-stocktaking"
	srcPrizes     = "wsis-prizes"
	srcIndicators = "sdg-indicators"
	srcForum      = "wsis-forum"
	srcCountries  = "countries"
)

func sources() []*wsisgraph.Source {
	return []*wsisgraph.Source{
		{Key: srcStocktake, Document: "WSIS Stocktaking Database", Year: 2024, URL: "https://www.itu.int/net4/wsis/stocktaking/"},
		{Key: srcMatrix, Document: "WSIS-SDG Matrix", Year: 2015, URL: "https://www.itu.int/net4/wsis/sdg/"},
		{Key: srcPrizes, Document: "WSIS Prizes Contest", Year: 2023, URL: "https://www.itu.int/net4/wsis/prizes/"},
		{Key: srcIndicators, Document: "Global indicator framework for the Sustainable Development Goals", Year: 2024, URL: "https://unstats.un.org/sdgs/indicators/indicators-list/"},
		{Key: srcForum, Document: "WSIS Forum outcome documents", Year: 2025, URL: "https://www.itu.int/net4/wsis/forum/"},
		{Key: srcCountries, Document: "Country names and UN M49 regions", Year: 2024, URL: "https://unstats.un.org/unsd/methodology/m49/"},
	}
}

// countries carry the M49 data of the real countries; KZ is the one in a group (LLDC), and
// JP has names in two languages only, so that the others fall back to English.
func countries() []*wsisgraph.Country {
	c := func(code, name, fr, region, sub, inter string, groups ...wsisgraph.CountryGroup) *wsisgraph.Country {
		n := en(name)
		if fr != "" {
			n[wsisgraph.LangFrench] = fr
		}
		return &wsisgraph.Country{Code: code, Name: n, Region: region, SubRegion: sub, IntermediateRegion: inter,
			Groups: groups, Sources: []string{srcCountries}}
	}
	return []*wsisgraph.Country{
		c("KZ", "Kazakhstan", "Kazakhstan", "142", "143", "", wsisgraph.GroupLLDC),
		c("CH", "Switzerland", "Suisse", "150", "155", ""),
		c("MX", "Mexico", "Mexique", "019", "419", "013"),
		c("FR", "France", "France", "150", "155", ""),
		c("CI", "Côte d'Ivoire", "Côte d’Ivoire", "002", "202", "011"),
		c("DE", "Germany", "Allemagne", "150", "155", ""),
		c("IN", "India", "Inde", "142", "034", ""),
		c("BR", "Brazil", "Brésil", "019", "419", "005"),
		c("JP", "Japan", "", "142", "030", ""),
		c("TN", "Tunisia", "Tunisie", "002", "015", ""),
		c("US", "United States of America", "États-Unis", "019", "021", ""),
	}
}

func fac(line, org string, role wsisgraph.FacilitatorRole) wsisgraph.Facilitation {
	return wsisgraph.Facilitation{ActionLineCode: line, OrganizationKey: org, Role: role, SourceKeys: []string{srcMatrix}}
}

func actionLines() []*wsisgraph.ActionLine {
	lead, co := wsisgraph.RoleLead, wsisgraph.RoleCoFacilitator
	return []*wsisgraph.ActionLine{
		{Code: "C11", Title: "International and regional cooperation", ShortTitle: "Cooperation", Order: 19,
			Facilitators: []wsisgraph.Facilitation{fac("C11", "undesa", lead), fac("C11", "unesco", co)}},
		{Code: "C7.e-health", Title: "ICT applications: E-health", ShortTitle: "E-health", ParentCode: "C7", Order: 11,
			Facilitators: []wsisgraph.Facilitation{fac("C7.e-health", "who", lead), fac("C7.e-health", "itu", co)}},
		{Code: "C1", Title: "The role of public governance authorities and all stakeholders in the promotion of ICTs for development", ShortTitle: "Governance", Order: 1,
			Facilitators: []wsisgraph.Facilitation{fac("C1", "itu", lead), fac("C1", "undesa", co)}},
		{Code: "C7", Title: "ICT applications: benefits in all aspects of life", ShortTitle: "ICT applications", Order: 7,
			Description: "Eight sub-lines cover the applications of ICTs."},
		{Code: "C2", Title: "Information and communication infrastructure", ShortTitle: "Infrastructure", Order: 2,
			Facilitators: []wsisgraph.Facilitation{fac("C2", "itu", lead)}},
		{Code: "C7.e-government", Title: "ICT applications: E-government", ShortTitle: "E-government", ParentCode: "C7", Order: 8,
			Facilitators: []wsisgraph.Facilitation{fac("C7.e-government", "undesa", lead)}},
	}
}

func goals() []*wsisgraph.Goal {
	out := []*wsisgraph.Goal{
		{Number: 13, ShortTitle: en("Climate action"), Title: wsisgraph.Text{
			"en": "Take urgent action to combat climate change and its impacts",
			// Arabic as it is often stored: a tatweel (عاجلـة), a shadda (لتغيّر), hamza forms.
			"ar":      "اتخاذ إجراءات عاجلـة للتصدي لتغيّر المناخ وآثاره",
			"es":      "Adoptar medidas urgentes para combatir el cambio climático y sus efectos",
			"ru":      "Принять срочные меры по борьбе с изменением климата и его последствиями",
			"zh-Hans": "采取紧急行动应对气候变化及其影响",
		}},
		{Number: 1, ShortTitle: wsisgraph.Text{"en": "No poverty", "fr": "Pas de pauvreté"},
			Title: wsisgraph.Text{"en": "End poverty in all its forms everywhere", "fr": "Éliminer la pauvreté sous toutes ses formes et partout dans le monde"}},
		{Number: 4, ShortTitle: en("Quality education"), Title: en("Ensure inclusive and equitable quality education and promote lifelong learning opportunities for all")},
	}
	for _, g := range out {
		g.SourceKeys = []string{srcIndicators}
	}
	return out
}

func targets() []*wsisgraph.Target {
	t := func(code string, goal, order int, title string) *wsisgraph.Target {
		return &wsisgraph.Target{Code: code, GoalNumber: goal, Order: order, Title: en(title), SourceKeys: []string{srcIndicators}}
	}
	return []*wsisgraph.Target{
		t("1.a", 1, 6, "Ensure significant mobilization of resources from a variety of sources"),
		t("13.3", 13, 3, "Improve education, awareness-raising and human and institutional capacity on climate change"),
		t("1.2", 1, 2, "Reduce at least by half the proportion of people living in poverty"),
		t("4.7", 4, 7, "Ensure that all learners acquire the knowledge and skills needed to promote sustainable development"),
		t("1.1", 1, 1, "Eradicate extreme poverty for all people everywhere"),
		t("13.b", 13, 5, "Promote mechanisms for raising capacity for effective climate change-related planning"),
		t("4.4", 4, 4, "Increase the number of youth and adults who have relevant skills"),
		t("1.5", 1, 5, "Build the resilience of the poor and those in vulnerable situations"),
		t("13.1", 13, 1, "Strengthen resilience and adaptive capacity to climate-related hazards"),
		t("4.a", 4, 8, "Build and upgrade education facilities"),
	}
}

func indicators() []*wsisgraph.Indicator {
	i := func(code string, other, targets []string, title string) *wsisgraph.Indicator {
		return &wsisgraph.Indicator{Code: code, OtherCodes: other, TargetCodes: targets, Title: en(title), SourceKeys: []string{srcIndicators}}
	}
	return []*wsisgraph.Indicator{
		i("13.3.2", nil, []string{"13.3"}, "Number of countries that have communicated the strengthening of capacity-building"),
		i("1.2.2", nil, []string{"1.2"}, "Proportion of people living in poverty in all its dimensions"),
		i("4.7.1", []string{"13.3.1"}, []string{"4.7", "13.3"}, "Extent to which global citizenship education is mainstreamed"),
		i("1.1.1", nil, []string{"1.1"}, "Proportion of the population living below the international poverty line"),
		i("1.5.3", []string{"13.1.2"}, []string{"1.5", "13.1"}, "Number of countries that adopt national disaster risk reduction strategies"),
		i("1.2.1", nil, []string{"1.2"}, "Proportion of population living below the national poverty line"),
		i("1.5.1", []string{"13.1.1"}, []string{"1.5", "13.1"}, "Number of deaths, missing persons and directly affected persons attributed to disasters"),
		i("1.a.2", nil, []string{"1.a"}, "Proportion of total government spending on essential services"),
		i("4.4.1", nil, []string{"4.4"}, "Proportion of youth and adults with ICT skills"),
		i("4.a.1", nil, []string{"4.a"}, "Proportion of schools offering basic services"),
		i("13.b.1", nil, []string{"13.b"}, "Number of least developed countries that are receiving specialized support"),
	}
}

func linkages() []*wsisgraph.Linkage {
	l := func(line string, goal int, target string) *wsisgraph.Linkage {
		level := wsisgraph.LevelTarget
		if target == "" {
			level = wsisgraph.LevelGoal
		}
		return &wsisgraph.Linkage{ID: wsisgraph.LinkageID(line, goal, target), ActionLineCode: line, GoalNumber: goal,
			TargetCode: target, Level: level, SourceKeys: []string{srcMatrix}}
	}
	out := []*wsisgraph.Linkage{
		l("C2", 1, "1.a"),
		l("C11", 13, "13.b"),
		l("C2", 4, "4.a"),
		l("C1", 13, ""),
		l("C7.e-health", 13, "13.1"),
		l("C2", 1, ""),
		l("C7", 4, ""),
		l("C2", 1, "1.2"),
		l("C1", 1, "1.2"),
		l("C7.e-government", 13, ""),
		l("C11", 1, "1.a"),
		l("C7.e-health", 1, "1.1"),
		l("C2", 4, ""),
		l("C1", 13, "13.1"),
		l("C7.e-government", 1, "1.2"),
		l("C11", 4, "4.7"),
		l("C7", 4, "4.4"),
		l("C2", 13, "13.1"),
	}
	out[0].Rationale = "Infrastructure mobilises resources for poverty programmes."
	out[0].RationaleScope = wsisgraph.RationaleLink
	for _, i := range []int{7, 2} { // C2>1.2 and C2>4.a share one rationale
		out[i].Rationale = "Connectivity widens income and learning paths."
		out[i].RationaleScope, out[i].RationaleGroup = wsisgraph.RationaleGroup, []string{"C2>1.2", "C2>4.a"}
	}
	out[3].Note = "Goal-level in the 2015 matrix."
	return out
}

func organizations() []*wsisgraph.Organization {
	const (
		gov  = wsisgraph.StakeholderGovernment
		priv = wsisgraph.StakeholderPrivateSector
		civ  = wsisgraph.StakeholderCivilSociety
		acad = wsisgraph.StakeholderAcademia
		tech = wsisgraph.StakeholderTechnicalCommunity
		intl = wsisgraph.StakeholderInternationalOrganization
	)
	out := []*wsisgraph.Organization{
		{Key: "zeta-systems-br", Name: "ZETA  Systems", Country: "BR", StakeholderType: priv},
		{Key: "emile-institut", Name: "Émile Institute for Digital Inclusion", Country: "FR", StakeholderType: acad, Website: "https://emile.example.org"},
		{Key: "itu", Name: "International Telecommunication Union", Acronym: "ITU", StakeholderType: intl, Website: "https://www.itu.int"},
		{Key: "apple-growers", Name: "apple growers digital network", Country: "IN", StakeholderType: civ},
		{Key: "zeta-systems", Name: "Zeta Systems", Country: "DE", StakeholderType: priv},
		{Key: "who", Name: "World Health Organization", Acronym: "WHO", StakeholderType: intl},
		{Key: "mincom-mexico", Name: "Ministerio de Comunicaciones y Transportes", Acronym: "SCT", Country: "MX", StakeholderType: gov},
		{Key: "unesco", Name: "United Nations Educational, Scientific and Cultural Organization", Acronym: "UNESCO", StakeholderType: intl},
		{Key: "okosystem", Name: "Ökosystem Digital GmbH", Country: "DE", StakeholderType: priv},
		{Key: "kz-digital", Name: "Ministry of Digital Development, Innovations and Aerospace Industry", Acronym: "MDDIAI", Country: "KZ", StakeholderType: gov},
		{Key: "undesa", Name: "United Nations Department of Economic and Social Affairs", Acronym: "UN DESA", StakeholderType: intl},
		{Key: "ansut", Name: "Agence Nationale du Service Universel des Télécommunications", Acronym: "ANSUT", Country: "CI", StakeholderType: gov},
		{Key: "open-standards", Name: "Open Standards Forum", Country: "CH", StakeholderType: tech},
		{Key: "emilia-labs", Name: "emilia labs", Country: "BR", StakeholderType: acad},
		{Key: "bharat-net", Name: "Bharat Net Foundation", Country: "IN", StakeholderType: civ},
	}
	for _, o := range out {
		o.SourceKeys = []string{srcStocktake}
	}
	out[1].Note = "The institute's name is spelt with and without the accent."
	return out
}

func projects() []*wsisgraph.Project {
	p := func(key, title, country string, year int, lines, targets, orgs []string) *wsisgraph.Project {
		return &wsisgraph.Project{Key: key, Title: title, Country: country, Year: year,
			ActionLineCodes: lines, TargetCodes: targets, OrganizationKeys: orgs, SourceKeys: []string{srcStocktake}}
	}
	s := func(ss ...string) []string { return ss }
	out := []*wsisgraph.Project{
		p("telemed-kz", "Telemedicine for Rural Clinics", "KZ", 2019, s("C7.e-health"), s("1.1"), s("kz-digital", "who")),
		p("schools-online-mx", "Digital Schools", "MX", 2021, s("C7"), s("4.4", "4.a"), s("mincom-mexico")),
		p("schools-online-in", "Digital Schools", "IN", 2021, s("C2"), s("4.a"), s("bharat-net")),
		p("digital-schools-br", "digital  schools", "BR", 0, s("C7.e-government"), s("4.4"), s("emilia-labs")),
		p("egov-portal-ci", "Portail e-Gouvernement", "CI", 2020, s("C7.e-government", "C1"), s("1.2"), s("ansut")),
		p("fibre-backbone-kz", "National Fibre Backbone", "KZ", 2018, s("C2"), s("1.a", "4.a"), s("kz-digital", "zeta-systems")),
		p("climate-alerts-jp", "Climate Early-Warning Alerts", "JP", 2022, s("C7"), s("13.1", "13.3"), s("open-standards")),
		p("emile-reading", "Émile Reading Circles", "FR", 2017, s("C7"), s("4.4"), s("emile-institut")),
		p("emile-lab", "emile lab for coding", "FR", 0, s("C2"), s("4.4"), s("emile-institut")),
		p("apple-market", "apple market information system", "IN", 2016, s("C11"), s("1.1", "1.2"), s("apple-growers")),
		p("zeta-cloud", "Zeta Cloud for Municipalities", "DE", 2023, s("C1", "C2"), s("13.b"), s("zeta-systems")),
		p("zeta-cloud-br", "ZETA cloud for municipalities", "BR", 2023, s("C2"), s("13.b"), s("zeta-systems-br")),
		p("oko-sensors", "Öko Sensor Network", "DE", 2020, s("C7.e-health"), s("13.3"), s("okosystem")),
		p("mobile-money-in", "Mobile Money for Farmers", "IN", 2019, s("C11"), s("1.2", "1.a"), s("bharat-net", "apple-growers")),
		p("open-data-ch", "Open Data Standards", "CH", 2015, s("C1"), s("1.a"), s("open-standards", "itu")),
		p("health-records-fr", "Electronic Health Records", "FR", 2021, s("C7.e-health"), s("1.5"), s("emile-institut", "who")),
		p("e-learning-kz", "E-Learning Platform", "KZ", 0, s("C7"), s("4.4", "4.7"), s("kz-digital", "unesco")),
		p("disaster-maps-mx", "Disaster Risk Maps", "MX", 2022, s("C7.e-government", "C11"), s("1.5", "13.1"), s("mincom-mexico", "undesa")),
		p("connect-villages-ci", "Connecter les Villages", "CI", 2018, s("C2"), s("1.a"), s("ansut", "itu")),
		p("tele-courts-br", "Tele-courts and e-Justice", "BR", 2020, s("C7.e-government"), nil, nil),
		p("green-ict-de", "Green ICT Procurement", "DE", 2024, s("C11", "C1"), s("13.b", "4.7"), s("okosystem", "undesa")),
		p("women-code-jp", "Women Who Code Tokyo", "JP", 2019, s("C7"), s("4.4"), nil),
		p("telemed-ch", "Telemedicine for Rural Clinics", "CH", 2019, s("C7.e-health"), s("1.1"), s("who")),
		p("zz-untitled", "   Aardvark   Archive ", "", 0, nil, nil, nil),
		p("qr-health-in", "QR Health Cards", "IN", 2021, s("C7.e-health", "C7"), s("1.5", "13.1"), s("bharat-net")),
	}
	out[7].Description = "Community reading circles in Lyon, run with the municipal libraries."
	out[0].Description = "Remote consultations for clinics in the steppe."
	out[15].Description = "Shared records for hospitals; see also the Émile network."
	return out
}

func prizeCategories() []*wsisgraph.PrizeCategory {
	return []*wsisgraph.PrizeCategory{
		{Number: 10, Title: "ICT applications: E-health", ActionLineCode: "C7.e-health"},
		{Number: 1, Title: "The role of governments and all stakeholders in the promotion of ICTs for development", ActionLineCode: "C1"},
		{Number: 18, Title: "International and regional cooperation", ActionLineCode: "C11"},
		{Number: 2, Title: "Information and communication infrastructure", ActionLineCode: "C2"},
		{Number: 7, Title: "ICT applications: E-government", ActionLineCode: "C7.e-government"},
	}
}

func prizes() []*wsisgraph.Prize {
	w, c := wsisgraph.PrizeWinner, wsisgraph.PrizeChampion
	p := func(key string, year, cat int, kind wsisgraph.PrizeKind, project, org, country string) *wsisgraph.Prize {
		z := &wsisgraph.Prize{Key: key, Year: year, CategoryNumber: cat, Kind: kind, ProjectKey: project,
			Country: country, SourceKeys: []string{srcPrizes}}
		if org != "" {
			z.OrganizationKeys = []string{org}
		}
		return z
	}
	shared := p("2022-00-w", 2022, 0, w, "", "okosystem", "DE")
	shared.OrganizationKeys = append(shared.OrganizationKeys, "itu")
	shared.SourceKeys = append(shared.SourceKeys, srcForum)
	shared.Note = "The source names the organisations but neither the category nor the project."
	twoOrgs := p("2019-18-w", 2019, 18, w, "mobile-money-in", "bharat-net", "IN")
	twoOrgs.OrganizationKeys = append(twoOrgs.OrganizationKeys, "apple-growers")
	return []*wsisgraph.Prize{
		shared,
		p("2021-10-w", 2021, 10, w, "health-records-fr", "emile-institut", "FR"),
		p("2019-10-w", 2019, 10, w, "telemed-kz", "kz-digital", "KZ"),
		p("2023-18-c", 2023, 18, c, "green-ict-de", "okosystem", "DE"),
		p("2019-10-c", 2019, 10, c, "telemed-ch", "who", "CH"),
		p("2020-07-w", 2020, 7, w, "egov-portal-ci", "ansut", "CI"),
		p("2023-02-w", 2023, 2, w, "zeta-cloud", "zeta-systems", "DE"),
		twoOrgs,
		p("2020-02-c", 2020, 2, c, "connect-villages-ci", "ansut", "CI"),
		p("2022-07-c", 2022, 7, c, "disaster-maps-mx", "mincom-mexico", "MX"),
		p("2021-02-w", 2021, 2, w, "schools-online-in", "bharat-net", "IN"),
		p("2022-01-w", 2022, 1, w, "open-data-ch", "open-standards", "CH"),
		p("2023-02-c", 2023, 2, c, "zeta-cloud-br", "zeta-systems-br", "BR"),
		p("2021-10-c", 2021, 10, c, "qr-health-in", "", "IN"),
	}
}

func prizeAwards() []*wsisgraph.PrizeAward {
	n := func(i int) *int { return &i }
	return []*wsisgraph.PrizeAward{
		{Year: 2021, Winners: n(2), Champions: n(1), SourceKeys: []string{srcPrizes}},
		{Year: 2019, Winners: n(3), SourceKeys: []string{srcPrizes}, Note: "Champions not stated."},
		{Year: 2023, Winners: n(18), Champions: n(72), SourceKeys: []string{srcPrizes, srcForum}},
	}
}

func events() []*wsisgraph.Event {
	e := func(key, title string, kind wsisgraph.EventKind, start, end, city, country, parent string) *wsisgraph.Event {
		return &wsisgraph.Event{Key: key, Title: title, Kind: kind, StartDate: start, EndDate: end, City: city,
			Country: country, ParentKey: parent, SourceKeys: []string{srcForum}}
	}
	out := []*wsisgraph.Event{
		e("wsis-forum-2020", "WSIS Forum 2020", wsisgraph.EventForum, "2020-06", "2020-09", "", "", ""),
		e("wsis-geneva", "WSIS Geneva Phase", wsisgraph.EventSummit, "2003-12-10", "2003-12-12", "Geneva", "CH", "wsis"),
		e("wsis-tunis", "WSIS Tunis Phase", wsisgraph.EventSummit, "2005-11-16", "2005-11-18", "Tunis", "TN", "wsis"),
		e("unga-70-125", "Résolution 70/125 de l'Assemblée générale", wsisgraph.EventResolution, "2015-12-16", "", "New York", "US", ""),
		e("wsis-forum-2019", "WSIS Forum 2019", wsisgraph.EventForum, "2019-04-08", "2019-04-12", "Geneva", "CH", ""),
		e("wsis-prizes-2020-nominations", "WSIS Prizes 2020: nominations", wsisgraph.EventPrizesPhase, "2020", "2020-02", "", "", "wsis-forum-2020"),
		e("wsis", "World Summit on the Information Society", wsisgraph.EventSummit, "2003-12-10", "2005-11-18", "", "", ""),
		e("wsis-prizes-2020-voting", "WSIS Prizes 2020: online voting", wsisgraph.EventPrizesPhase, "2020-03", "2020-04", "", "", "wsis-forum-2020"),
		e("wsis-forum-2020-opening", "WSIS Forum 2020 opening session", wsisgraph.EventHighLevel, "2020-06-22", "2020-06-22", "", "", "wsis-forum-2020"),
		e("wsis-forum-2020-consultation", "Open Consultation Process for the WSIS Forum 2020", wsisgraph.EventConsultationPhase, "2019-11", "2020-02", "", "", "wsis-forum-2020"),
		e("wsis-forum-2021", "WSIS Forum 2021", wsisgraph.EventForum, "2021-03-15", "2021-05-21", "", "", ""),
		e("regional-asia-2019", "Regional review for Asia and the Pacific", wsisgraph.EventRegional, "2019-09-10", "2019-09-11", "Almaty", "KZ", ""),
		e("wsis-plus-20", "WSIS+20 Review", wsisgraph.EventReview, "2025", "2025-12", "New York", "US", ""),
		e("wsis-20-high-level", "WSIS+20 High-Level Event", wsisgraph.EventHighLevel, "2025-07-07", "2025-07-11", "Geneva", "CH", "wsis-plus-20"),
	}
	for _, ev := range out {
		if ev.Key == "wsis-forum-2020" || ev.Key == "wsis-forum-2021" || ev.Key == "wsis-forum-2020-opening" {
			ev.Virtual = true
		}
	}
	out[3].Description = "Outcome of the General Assembly high-level meeting on the overall review of WSIS."
	return out
}
