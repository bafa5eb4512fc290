package synth_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph/bench/synth"
	"github.com/wsisgraph/wsisgraph/dataset"
)

func shipped(t *testing.T) *dataset.Dataset {
	t.Helper()
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestGenerate(t *testing.T) {
	base := shipped(t)
	for _, tc := range []struct {
		name     string
		projects int
	}{
		{"none", 0},
		{"small", 50},
		{"thousands", 3000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			baseProjects, baseOrgs, basePrizes := len(base.Projects), len(base.Organizations), len(base.Prizes)
			d, err := synth.Generate(base, tc.projects, 7)
			if err != nil {
				t.Fatal(err)
			}
			if len(base.Projects) != baseProjects || len(base.Organizations) != baseOrgs || len(base.Prizes) != basePrizes {
				t.Fatal("Generate modified its base dataset")
			}
			if got := len(d.Projects) - baseProjects; got != tc.projects {
				t.Errorf("%d synthetic projects, want %d", got, tc.projects)
			}
			if err := d.Validate(); err != nil {
				t.Errorf("invalid: %v", err)
			}
			for _, p := range d.Projects[baseProjects:] {
				if !p.Synthetic || !strings.HasPrefix(p.Key, synth.KeyPrefix) {
					t.Fatalf("project %s is not marked synthetic", p.Key)
				}
				if p.Year < synth.FirstYear || p.Year > synth.LastYear {
					t.Fatalf("project %s: year %d outside %d–%d", p.Key, p.Year, synth.FirstYear, synth.LastYear)
				}
				if len(p.ActionLineCodes) == 0 || len(p.OrganizationKeys) == 0 {
					t.Fatalf("project %s has no action line or no organisation", p.Key)
				}
			}
			for _, o := range d.Organizations[baseOrgs:] {
				if !strings.HasPrefix(o.Key, synth.KeyPrefix) {
					t.Fatalf("organisation %s has no synthetic key", o.Key)
				}
			}
			for _, z := range d.Prizes[basePrizes:] {
				if !strings.HasPrefix(z.Key, synth.KeyPrefix) || !strings.HasPrefix(z.ProjectKey, synth.KeyPrefix) {
					t.Fatalf("prize %s is not synthetic or awards a real project", z.Key)
				}
			}
			if tc.projects > 0 && d.Version == base.Version {
				t.Error("the scale-up has the shipped dataset's version")
			}
		})
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	base := shipped(t)
	a, err := synth.Generate(base, 500, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synth.Generate(base, 500, 3)
	c, _ := synth.Generate(base, 500, 4)
	if !reflect.DeepEqual(a.Projects, b.Projects) || !reflect.DeepEqual(a.Prizes, b.Prizes) {
		t.Error("the same seed gave different data")
	}
	if reflect.DeepEqual(a.Projects, c.Projects) {
		t.Error("another seed gave the same data")
	}
}

// TestGenerateIsSkewed checks the distributions a benchmark relies on: a few countries,
// action lines and organisations hold most projects, later years more than earlier ones,
// and the rare search word is rare.
func TestGenerateIsSkewed(t *testing.T) {
	base := shipped(t)
	const n = 20000
	d, err := synth.Generate(base, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	countries, years, orgs := map[string]int{}, map[int]int{}, map[string]int{}
	rare := 0
	for _, p := range d.Projects[len(base.Projects):] {
		countries[p.Country]++
		years[p.Year]++
		orgs[p.OrganizationKeys[0]]++
		if strings.Contains(p.Title, synth.RareWord) {
			rare++
		}
	}
	top := 0
	for _, c := range countries {
		top = max(top, c)
	}
	biggestOrg := 0
	for _, c := range orgs {
		biggestOrg = max(biggestOrg, c)
	}
	for _, tc := range []struct {
		name string
		ok   bool
		got  any
	}{
		{"the most common country has over 10% of projects", top > n/10, top},
		{"KZ is common (the benchmark filters on it)", countries["KZ"] > n/20, countries["KZ"]},
		{"more projects in the last year than in the first", years[synth.LastYear] > 3*years[synth.FirstYear], [2]int{years[synth.FirstYear], years[synth.LastYear]}},
		{"one organisation runs over 1% of projects", biggestOrg > n/100, biggestOrg},
		{"the rare word is in about 1 title in RareEvery", rare > n/synth.RareEvery/2 && rare < 2*n/synth.RareEvery, rare},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.ok {
				t.Errorf("got %v", tc.got)
			}
		})
	}
}
