package server

import (
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"github.com/wsisgraph/wsisgraph/graph"
)

// BenchmarkDeprecatedUses measures the walk that finds the deprecated fields of an operation,
// once per request, on the full matrix with the deprecated Linkage.source (about 60 fields
// selected) and on a query of 6 fragments spread in 20 aliases.
func BenchmarkDeprecatedUses(b *testing.B) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	cases := []struct{ name, query string }{
		{"matrix", `{ matrix { rows { actionLine { code title } cells { goal { number } linkages { key level rationale source { key year } target { code title } } projectCount prizeCount } totals { linkageCount } } columns { goal { number title } } } }`},
		{"fragments", `query F { ` + aliases(20, `linkage(key: "C2>9.c") { ...L }`) + ` } fragment L on Linkage { key ...A ...G } fragment A on Linkage { actionLine { code ...T } } fragment T on ActionLine { title facilitators { ...Fa } } fragment Fa on Facilitation { role source { key } } fragment G on Linkage { goal { number ...P } } fragment P on Goal { title targets { code } }`},
	}
	for _, c := range cases {
		doc, err := gqlparser.LoadQuery(schema, c.query)
		if err != nil {
			b.Fatal(err)
		}
		op := doc.Operations[0]
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(deprecatedUses(op)) == 0 {
					b.Fatal("no deprecated field found")
				}
			}
		})
	}
}

func aliases(n int, sel string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(" a" + strconv.Itoa(i) + ": " + sel)
	}
	return b.String()
}
