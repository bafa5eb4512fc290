package searchdoc_test

import (
	"testing"

	"github.com/wsisgraph/wsisgraph/store/searchdoc"
	"github.com/wsisgraph/wsisgraph/store/storetest"
)

// TestBuild checks that every searchable entity of the fixture has a doc with a title-like
// text, and that IDs are unique.
func TestBuild(t *testing.T) {
	d := storetest.Fixture()
	docs := searchdoc.Build(d)
	want := len(d.ActionLines) + len(d.Goals) + len(d.Targets) + len(d.Indicators) +
		len(d.Organizations) + len(d.Projects) + len(d.Prizes) + len(d.Events)
	if len(docs) != want {
		t.Fatalf("%d docs, want %d", len(docs), want)
	}
	seen := map[string]bool{}
	for _, doc := range docs {
		if seen[doc.ID()] {
			t.Errorf("doc %s twice", doc.ID())
		}
		seen[doc.ID()] = true
		if len(doc.Fields) == 0 {
			t.Errorf("doc %s has no text", doc.ID())
		}
		for name := range doc.Fields {
			known := false
			for _, f := range searchdoc.Fields {
				known = known || f.Name == name
			}
			if !known {
				t.Errorf("doc %s: field %q is not in searchdoc.Fields", doc.ID(), name)
			}
		}
	}
	for _, id := range []string{"GOAL:1", "PRIZE:2021-10-w", "EVENT:wsis-geneva", "ACTION_LINE:C7.e-health", "INDICATOR:4.7.1"} {
		if !seen[id] {
			t.Errorf("no doc %s", id)
		}
	}
}
