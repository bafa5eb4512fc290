// Command gensdg writes the SDG part of the dataset (goals.json, targets.json,
// indicators.json) from the open-sdg/sdg-translations YAML files, one per kind and language
// (global_goals.en.yml, global_targets.fr.yml, global_indicators.zh-Hans.yml, …):
//
//	go run ./dataset/internal/gensdg -src ../shared/data/sdg -out dataset/data
//
// Titles are cleaned of line folding and runs of spaces. An indicator listed under several
// codes with the same English text (1.5.1 = 11.5.1 = 13.1.1) becomes one record under its
// first code; a repeat under the same target (17.6.2 repeating 17.6.1) is a legacy key and is
// dropped. The output is deterministic. See docs/dataset.md.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

func main() {
	src := flag.String("src", "../shared/data/sdg", "directory of the global_{goals,targets,indicators}.LANG.yml files")
	out := flag.String("out", "dataset/data", "directory to write goals.json, targets.json and indicators.json to")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gensdg: ")
	if err := run(*src, *out); err != nil {
		log.Fatal(err)
	}
}

func run(src, out string) error {
	files := map[string]catalog{}
	for _, kind := range []string{"goals", "targets", "indicators"} {
		c, err := readCatalog(src, kind)
		if err != nil {
			return err
		}
		files[kind] = c
	}
	goals, err := buildGoals(files["goals"])
	if err != nil {
		return err
	}
	targets, err := buildTargets(files["targets"])
	if err != nil {
		return err
	}
	indicators, err := buildIndicators(files["indicators"], targets)
	if err != nil {
		return err
	}
	for name, records := range map[string]any{"goals.json": goals, "targets.json": targets, "indicators.json": indicators} {
		b, err := dataset.Format(records)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
	}
	log.Printf("wrote %d goals, %d targets, %d indicators to %s", len(goals), len(targets), len(indicators), out)
	return nil
}

// catalog holds one kind's titles: key ("9-c-title") → language → cleaned text.
type catalog map[string]wsisgraph.Text

// readCatalog reads global_KIND.LANG.yml for every language and checks that each language
// has the same keys, none empty.
func readCatalog(src, kind string) (catalog, error) {
	c := catalog{}
	for _, lang := range wsisgraph.Langs {
		name := filepath.Join(src, fmt.Sprintf("global_%s.%s.yml", kind, lang))
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := yaml.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for key, text := range m {
			text = clean(text)
			if text == "" {
				return nil, fmt.Errorf("%s: key %q: empty text", name, key)
			}
			if c[key] == nil {
				c[key] = wsisgraph.Text{}
			}
			c[key][lang] = text
		}
	}
	for key, t := range c {
		if len(t) != len(wsisgraph.Langs) {
			return nil, fmt.Errorf("global_%s: key %q is missing in some languages (has %d of %d)", kind, key, len(t), len(wsisgraph.Langs))
		}
	}
	return c, nil
}

// spaces matches a run of white space other than the no-break spaces, which the Arabic
// texts use on purpose (digit groups, "000 100").
var spaces = regexp.MustCompile(`[\t\n\v\f\r \x{85}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{205f}\x{3000}]+`)

// clean collapses line breaks and runs of spaces into one space and trims the text.
func clean(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

func buildGoals(c catalog) ([]*wsisgraph.Goal, error) {
	var goals []*wsisgraph.Goal
	for n := 1; n <= 17; n++ {
		short, title := c[fmt.Sprintf("%d-short", n)], c[fmt.Sprintf("%d-title", n)]
		if short == nil || title == nil {
			return nil, fmt.Errorf("goal %d: short title or title missing", n)
		}
		goals = append(goals, &wsisgraph.Goal{Number: n, ShortTitle: short, Title: title})
	}
	if len(c) != 2*17 {
		return nil, fmt.Errorf("global_goals: %d keys, want %d", len(c), 2*17)
	}
	return goals, nil
}

var (
	targetKey    = regexp.MustCompile(`^([0-9]+)-([0-9]+|[a-z])-title$`)
	indicatorKey = regexp.MustCompile(`^([0-9]+)-([0-9]+|[a-z])-([0-9]+)-title$`)
)

// targetRank orders the targets of a goal: numbered targets by number, then lettered ones
// alphabetically.
func targetRank(part string) int {
	if n, err := strconv.Atoi(part); err == nil {
		return n
	}
	return 1000 + int(part[0])
}

func buildTargets(c catalog) ([]*wsisgraph.Target, error) {
	var targets []*wsisgraph.Target
	for key, title := range c {
		m := targetKey.FindStringSubmatch(key)
		if m == nil {
			return nil, fmt.Errorf("global_targets: unexpected key %q", key)
		}
		goal, _ := strconv.Atoi(m[1])
		targets = append(targets, &wsisgraph.Target{Code: m[1] + "." + m[2], GoalNumber: goal, Title: title, Order: targetRank(m[2])})
	}
	slices.SortFunc(targets, func(a, b *wsisgraph.Target) int {
		return cmp.Or(cmp.Compare(a.GoalNumber, b.GoalNumber), cmp.Compare(a.Order, b.Order))
	})
	for i, t := range targets { // ranks become positions 1, 2, … within the goal
		t.Order = 1
		if i > 0 && targets[i-1].GoalNumber == t.GoalNumber {
			t.Order = targets[i-1].Order + 1
		}
	}
	return targets, nil
}

// listing is one indicator key of the source.
type listing struct {
	code, target string
	goal, rank   int // goal number, target rank within the goal
	number       int
	title        wsisgraph.Text
}

func buildIndicators(c catalog, targets []*wsisgraph.Target) ([]*wsisgraph.Indicator, error) {
	known := map[string]bool{}
	for _, t := range targets {
		known[t.Code] = true
	}
	var all []listing
	for key, title := range c {
		m := indicatorKey.FindStringSubmatch(key)
		if m == nil {
			return nil, fmt.Errorf("global_indicators: unexpected key %q", key)
		}
		goal, _ := strconv.Atoi(m[1])
		number, _ := strconv.Atoi(m[3])
		l := listing{code: m[1] + "." + m[2] + "." + m[3], target: m[1] + "." + m[2], goal: goal, rank: targetRank(m[2]), number: number, title: title}
		if !known[l.target] {
			return nil, fmt.Errorf("global_indicators: %s: unknown target %s", l.code, l.target)
		}
		all = append(all, l)
	}
	slices.SortFunc(all, func(a, b listing) int {
		return cmp.Or(cmp.Compare(a.goal, b.goal), cmp.Compare(a.rank, b.rank), cmp.Compare(a.number, b.number))
	})

	var out []*wsisgraph.Indicator
	byText := map[string]*wsisgraph.Indicator{} // English text → record
	for _, l := range all {
		ind := byText[l.title[wsisgraph.LangEnglish]]
		switch {
		case ind == nil:
			ind = &wsisgraph.Indicator{Code: l.code, TargetCodes: []string{l.target}, Title: l.title}
			byText[l.title[wsisgraph.LangEnglish]] = ind
			out = append(out, ind)
		case slices.Contains(ind.TargetCodes, l.target):
			// The same text twice under one target is a renumbering, not a repetition: the
			// source keeps the pre-2020 key 17.6.2 beside 17.6.1. Keep the current code only.
			log.Printf("dropped legacy key %s: it repeats %s under the same target", l.code, ind.Code)
		default:
			ind.OtherCodes = append(ind.OtherCodes, l.code)
			ind.TargetCodes = append(ind.TargetCodes, l.target)
		}
	}
	return out, nil
}
