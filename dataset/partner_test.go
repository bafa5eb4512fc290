package dataset

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph"
)

func writeFiles(t *testing.T, files map[string]string) (dir string, paths []string) {
	t.Helper()
	dir = t.TempDir()
	for _, name := range sortedKeys(files) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return dir, paths
}

func sortedKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

const partnerOrgsCSV = "\xef\xbb\xbfkey,name,acronym,country,stakeholder_type,website\n" +
	"p-ministry,\"Ministry of Digital Development, Test\",MDD,KZ,government,https://example.org\n" +
	"p-ngo,Réseau Numérique,,FR,CIVIL_SOCIETY,\n"

const partnerProjectsCSV = "key,title,description,country,year,action_lines,targets,organizations\n" +
	"p-1,\"E-license, second phase\",\"Licences online; \"\"one window\"\"\",KZ,2024,C7.e-business; C6,9.c;17.8,p-ministry\n" +
	"p-2,Village libraries,,FR,,C3,,p-ngo\n"

func TestWithPartnerFiles(t *testing.T) {
	base := mustEmbedded(t)
	_, paths := writeFiles(t, map[string]string{"a-orgs.csv": partnerOrgsCSV, "b-projects.csv": partnerProjectsCSV})
	d, err := base.WithPartnerFiles(paths...)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(d.Organizations), len(base.Organizations)+2; got != want {
		t.Errorf("organizations = %d, want %d", got, want)
	}
	if got, want := len(d.Projects), len(base.Projects)+2; got != want {
		t.Errorf("projects = %d, want %d", got, want)
	}
	p := d.Projects[len(base.Projects)]
	if p.Title != "E-license, second phase" || p.Description != `Licences online; "one window"` || p.Year != 2024 ||
		strings.Join(p.ActionLineCodes, "|") != "C7.e-business|C6" || strings.Join(p.TargetCodes, "|") != "9.c|17.8" || !slices.Equal(p.SourceKeys, []string{PartnerSource}) {
		t.Errorf("project parsed as %+v", p)
	}
	if o := d.Organizations[len(base.Organizations)]; o.StakeholderType != wsisgraph.StakeholderGovernment || o.Name != "Ministry of Digital Development, Test" {
		t.Errorf("organisation parsed as %+v", o)
	}
	if d.Version == base.Version {
		t.Error("version unchanged by partner files")
	}
	if len(base.Projects) != len(d.Projects)-2 {
		t.Error("base dataset modified")
	}

	t.Run("json", func(t *testing.T) {
		_, paths := writeFiles(t, map[string]string{"p.json": `[{"key":"pj-1","title":"Open data portal","country":"KZ","year":2016,"actionLines":["C2"]}]`})
		d, err := base.WithPartnerFiles(paths...)
		if err != nil {
			t.Fatal(err)
		}
		if last := d.Projects[len(d.Projects)-1]; last.Key != "pj-1" || last.Year != 2016 {
			t.Errorf("got %+v", last)
		}
	})

	t.Run("dir", func(t *testing.T) {
		dir, _ := writeFiles(t, map[string]string{"a-orgs.csv": partnerOrgsCSV, "b-projects.csv": partnerProjectsCSV})
		d, err := base.LoadPartnerDir(dir)
		if err != nil || len(d.Projects) != len(base.Projects)+2 {
			t.Fatalf("LoadPartnerDir: %v", err)
		}
	})
}

func TestWithPartnerFilesRejects(t *testing.T) {
	base := mustEmbedded(t)
	existingOrg := base.Organizations[0].Key
	tests := []struct {
		name  string
		files map[string]string
		want  []string // all must appear in the error message
	}{
		{"unknown country", map[string]string{"o.csv": "key,name,country,stakeholder_type\nx1,X,ZZ,GOVERNMENT\n"},
			[]string{"o.csv", "line 2", `"country"`, `"ZZ"`}},
		{"bad stakeholder type", map[string]string{"o.csv": "key,name,country,stakeholder_type\nx1,X,KZ,ALIENS\n"},
			[]string{"o.csv", "line 2", `"stakeholderType"`}},
		{"key clashes with the dataset", map[string]string{"o.csv": "key,name,stakeholder_type\n" + existingOrg + ",X,GOVERNMENT\n"},
			[]string{"o.csv", "line 2", `"key"`, "duplicate"}},
		{"unknown target", map[string]string{"p.csv": "key,title,targets\np1,T,9.z\n"},
			[]string{"p.csv", "line 2", `"targets"`, `"9.z"`}},
		{"unknown organisation", map[string]string{"p.csv": "key,title,organizations\np1,T,nobody\n"},
			[]string{"p.csv", "line 2", `"organizations"`}},
		{"bad year", map[string]string{"p.csv": "key,title,year\np1,T,soon\n"},
			[]string{"p.csv", "line 2", `"year"`}},
		{"missing title", map[string]string{"p.csv": "key,title\np1,\n"},
			[]string{"p.csv", "line 2", `"title"`, "required"}},
		{"unknown column", map[string]string{"p.csv": "key,title,colour\np1,T,red\n"},
			[]string{"p.csv", `"colour"`, "allowed"}},
		{"json index", map[string]string{"p.json": `[{"key":"a","title":"A"},{"key":"b","title":"B","actionLines":["C99"]}]`},
			[]string{"p.json", "record 1", `"actionLines"`, `"C99"`}},
		{"json empty string", map[string]string{"p.json": `[{"key":"a","title":"A","description":""}]`},
			[]string{"p.json", "record 0", `"description"`, "empty string"}},
		{"json unknown field", map[string]string{"p.json": `[{"key":"a","title":"A","colour":"red"}]`},
			[]string{"p.json", "colour"}},
		{"neither kind", map[string]string{"x.csv": "key,colour\na,red\n"},
			[]string{"x.csv", `"title"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, paths := writeFiles(t, tc.files)
			_, err := base.WithPartnerFiles(paths...)
			if wsisgraph.ErrorCode(err) != wsisgraph.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
		})
	}
}

// TestPartnerCodeForms checks that partner files' codes are read the way people write them
// and stored in canonical form.
func TestPartnerCodeForms(t *testing.T) {
	base := mustEmbedded(t)
	_, paths := writeFiles(t, map[string]string{
		"p.csv": "key,title,country,action_lines,targets\n" +
			"p-forms,Forms,kz,c2; C7 e-health; e-environment; C7.E-Business,9.C; target 17.8\n",
	})
	d, err := base.WithPartnerFiles(paths...)
	if err != nil {
		t.Fatal(err)
	}
	p := d.Projects[len(d.Projects)-1]
	got := strings.Join(append(append([]string{p.Country}, p.ActionLineCodes...), p.TargetCodes...), " ")
	if want := "KZ C2 C7.e-health C7.e-environment C7.e-business 9.c 17.8"; got != want {
		t.Errorf("codes = %q, want %q", got, want)
	}
}
