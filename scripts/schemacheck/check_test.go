// Package schemacheck_test tests scripts/schema-check, the schema contract check, on copies of
// the repository's released schema and changelog in a git repository of their own.
package schemacheck_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const root = "../.."

// repo is a scratch git repository holding copies of the three files the check reads.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	r := &repo{t: t, dir: t.TempDir()}
	r.git("init", "-q")
	// The schema starts as the released one, whatever the repository's unreleased changes are.
	for f, from := range map[string]string{"schema.graphqls": "docs/schema/released.graphqls", "docs/schema/released.graphqls": "docs/schema/released.graphqls", "CHANGELOG.md": "CHANGELOG.md"} {
		b, err := os.ReadFile(filepath.Join(root, from))
		if err != nil {
			t.Fatal(err)
		}
		r.write(f, string(b))
	}
	r.commit("the repository's files")
	return r
}

func (r *repo) git(args ...string) {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir, "-c", "user.name=test", "-c", "user.email=test@example.org"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func (r *repo) commit(msg string) {
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", msg)
}

func (r *repo) read(f string) string {
	r.t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, f))
	if err != nil {
		r.t.Fatal(err)
	}
	return string(b)
}

func (r *repo) write(f, s string) {
	r.t.Helper()
	p := filepath.Join(r.dir, f)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// edit replaces the one occurrence of old in f by new.
func (r *repo) edit(f, old, new string) {
	r.t.Helper()
	s := r.read(f)
	if strings.Count(s, old) != 1 {
		r.t.Fatalf("%s holds %q %d times, want once", f, old, strings.Count(s, old))
	}
	r.write(f, strings.Replace(s, old, new, 1))
}

// check runs scripts/schema-check on the repository and returns its exit status and output.
func (r *repo) check() (int, string) {
	r.t.Helper()
	script, err := filepath.Abs(filepath.Join(root, "scripts", "schema-check"))
	if err != nil {
		r.t.Fatal(err)
	}
	out, err := exec.Command(script, "--root", r.dir).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		r.t.Fatalf("schema-check: %v\n%s", err, out)
	}
	return 0, string(out)
}

// The edits: a field removed (breaking), an argument made required (breaking), a field added
// (safe), an enum value added (dangerous).
const (
	linkageSource        = "  \"Where the linkage is stated: the first of `sources`.\"\n  source: Source! @deprecated(reason: \"Use `sources`, whose first item is this source.\")\n"
	goalLinkagesArg      = "linkages(\"Only linkages of this level.\" level: LinkageLevel): [Linkage!]!\n  \"Projects that serve a target of this goal.\""
	goalLinkagesRequired = "linkages(\"Only linkages of this level.\" level: LinkageLevel!): [Linkage!]!\n  \"Projects that serve a target of this goal.\""
	pageInfoEnd          = "  endCursor: String\n}"
	pageInfoAdded        = "  endCursor: String\n  \"How many items the page holds.\"\n  count: Int\n}"
	orderDesc            = "  \"Largest first.\"\n  DESC\n"
	orderAdded           = orderDesc + "  \"As stored.\"\n  NATURAL\n"
	releaseEntry         = "## Unreleased\n\n## 2027-01-15\n\n- Removed `Linkage.source`: use `sources`.\n\n"
)

func TestSchemaCheck(t *testing.T) {
	tests := []struct {
		name string
		// change edits the scratch repository; commit, when set, commits it.
		change func(r *repo)
		commit bool
		ok     bool
		out    []string // lines the output must contain
	}{
		{"the released schema unchanged", func(r *repo) {}, false, true, []string{"0 breaking, 0 dangerous, 0 safe", "schema check passed"}},
		{"a field added is safe", func(r *repo) { r.edit("schema.graphqls", pageInfoEnd, pageInfoAdded) }, true, true, []string{"0 breaking, 0 dangerous", "PageInfo.count", "schema check passed"}},
		{"an enum value added is dangerous, printed, not fatal", func(r *repo) { r.edit("schema.graphqls", orderDesc, orderAdded) }, false, true,
			[]string{"dangerous", "NATURAL", "schema check passed"}},
		{"a field removed fails", func(r *repo) { r.edit("schema.graphqls", linkageSource, "") }, false, false,
			[]string{"1 breaking", "Linkage.source", "schema check FAILED"}},
		{"a field removed fails, committed too", func(r *repo) { r.edit("schema.graphqls", linkageSource, "") }, true, false,
			[]string{"Linkage.source", "schema check FAILED"}},
		{"an argument made required fails", func(r *repo) { r.edit("schema.graphqls", goalLinkagesArg, goalLinkagesRequired) }, false, false,
			[]string{"Goal.linkages.level", "schema check FAILED"}},
		{"a removal released without a changelog entry fails", func(r *repo) {
			r.edit("schema.graphqls", linkageSource, "")
			r.edit("docs/schema/released.graphqls", linkageSource, "")
		}, true, false, []string{"does not list under a dated heading", "Linkage.source", "schema check FAILED"}},
		{"a removal listed under an undated heading fails", func(r *repo) {
			r.edit("schema.graphqls", linkageSource, "")
			r.edit("docs/schema/released.graphqls", linkageSource, "")
			r.edit("CHANGELOG.md", "## Unreleased\n", "## Unreleased\n\n- Removed `Linkage.source`: use `sources`.\n")
		}, false, false, []string{"does not list under a dated heading", "schema check FAILED"}},
		{"a removal released and listed under a dated heading passes", func(r *repo) {
			r.edit("schema.graphqls", linkageSource, "")
			r.edit("docs/schema/released.graphqls", linkageSource, "")
			r.edit("CHANGELOG.md", "## Unreleased\n\n", releaseEntry)
		}, false, true, []string{"0 breaking", "BREAKING", "Linkage.source", "schema check passed"}},
		{"the same, committed", func(r *repo) {
			r.edit("schema.graphqls", linkageSource, "")
			r.edit("docs/schema/released.graphqls", linkageSource, "")
			r.edit("CHANGELOG.md", "## Unreleased\n\n", releaseEntry)
		}, true, true, []string{"2 version(s) checked", "schema check passed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo(t)
			tc.change(r)
			if tc.commit {
				r.commit(tc.name)
			}
			code, out := r.check()
			if ok := code == 0; ok != tc.ok {
				t.Errorf("exit status %d, want success %v\n%s", code, tc.ok, out)
			}
			if code != 0 && code != 1 {
				t.Errorf("exit status %d: the check did not run\n%s", code, out)
			}
			for _, want := range tc.out {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q\n%s", want, out)
				}
			}
		})
	}
}

// TestSchemaCheckHistory checks that a breaking release stays checked after later commits: the
// changelog entry cannot be dropped afterwards.
func TestSchemaCheckHistory(t *testing.T) {
	r := newRepo(t)
	r.edit("schema.graphqls", linkageSource, "")
	r.edit("docs/schema/released.graphqls", linkageSource, "")
	r.edit("CHANGELOG.md", "## Unreleased\n\n", releaseEntry)
	r.commit("release")
	if code, out := r.check(); code != 0 {
		t.Fatalf("the release fails the check (%d)\n%s", code, out)
	}
	r.edit("CHANGELOG.md", "- Removed `Linkage.source`: use `sources`.\n", "")
	r.commit("changelog entry dropped")
	code, out := r.check()
	if code != 1 || !strings.Contains(out, "unlisted") || !strings.Contains(out, "Linkage.source") {
		t.Errorf("exit status %d with the entry dropped, want 1 naming Linkage.source\n%s", code, out)
	}
}
