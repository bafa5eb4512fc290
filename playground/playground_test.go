package playground

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var testExamples = []Example{
	{Name: "SDG goals", Query: "# SDG goals\nquery SdgGoals { __typename }\n"},
	{Name: "WSIS action lines", Query: "query WsisActionLines { __typename }\n"},
	{Name: "Unicode — «ok»", Query: "query Links($id: ID!) { __typename }\n"},
}

func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", path, err)
	}
	return resp, string(body)
}

// refs returns the src/href of every <script> and <link rel=stylesheet>.
func refs(t *testing.T, html string) (scripts, styles []string) {
	t.Helper()
	for _, m := range regexp.MustCompile(`<script[^>]*\ssrc="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		scripts = append(scripts, m[1])
	}
	for _, m := range regexp.MustCompile(`<link rel="stylesheet"[^>]*\shref="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		styles = append(styles, m[1])
	}
	return scripts, styles
}

func TestIndex(t *testing.T) {
	srv := httptest.NewServer(Handler(testExamples))
	defer srv.Close()

	resp, body := get(t, srv, "/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /: status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET /: Content-Type %q", ct)
	}
	for _, want := range []string{
		"<title>wsisgraph — WSIS &amp; SDG knowledge graph</title>",
		`<script src="/playground/vendor/react.production.min.js"></script>`,
		`<script src="/playground/vendor/react-dom.production.min.js"></script>`,
		`<script src="/playground/vendor/graphiql.min.js"></script>`,
		`<script src="/playground/vendor/plugin-explorer.umd.js"></script>`,
		`<script src="/playground/playground.js"></script>`,
		`id="graphiql"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /: body lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, "http://") || strings.Contains(body, "https://") {
		t.Errorf("index.html must have no inline scripts and no absolute URLs")
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("GET /: no Content-Security-Policy")
	}
}

func TestReferencedAssetsAreServed(t *testing.T) {
	srv := httptest.NewServer(Handler(nil))
	defer srv.Close()

	_, html := get(t, srv, "/")
	scripts, styles := refs(t, html)
	if len(scripts) < 5 || len(styles) < 2 {
		t.Fatalf("index.html references %d scripts and %d styles; want ≥5 and ≥2", len(scripts), len(styles))
	}
	check := func(ref, wantType string) {
		if !strings.HasPrefix(ref, "/playground/") {
			t.Errorf("%s: not a local /playground/ path", ref)
			return
		}
		resp, body := get(t, srv, ref)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", ref, resp.StatusCode)
			return
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, wantType) {
			t.Errorf("GET %s: Content-Type %q, want %s", ref, ct, wantType)
		}
		if len(body) < 100 {
			t.Errorf("GET %s: suspiciously small body (%d bytes)", ref, len(body))
		}
		cc := resp.Header.Get("Cache-Control")
		if strings.HasPrefix(ref, "/playground/vendor/") && cc != "public, max-age=86400" {
			t.Errorf("GET %s: Cache-Control %q", ref, cc)
		}
	}
	for _, s := range scripts {
		check(s, "text/javascript")
	}
	for _, s := range styles {
		check(s, "text/css")
	}
}

func TestNotFound(t *testing.T) {
	srv := httptest.NewServer(Handler(nil))
	defer srv.Close()
	for _, p := range []string{
		"/nope",
		"/index.html",
		"/playground/",
		"/playground/nope.js",
		"/playground/vendor/",
		"/playground/vendor",
		"/playground/vendor/nope.css",
		"/playground/index.html",
		"/playground/../go.mod",
		"/graphql",
	} {
		if resp, _ := get(t, srv, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
		}
	}
	resp, err := srv.Client().Post(srv.URL+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", resp.StatusCode)
	}
}

func TestExamplesJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []Example
		want []Example
	}{
		{"some", testExamples, testExamples},
		{"nil", nil, []Example{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(Handler(tc.in))
			defer srv.Close()
			resp, body := get(t, srv, "/playground/examples.json")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			var got []Example
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("decoding %q: %v", body, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestLoadExamples(t *testing.T) {
	fsys := fstest.MapFS{
		"ex/20-links.graphql":   {Data: []byte("query Links { __typename }\n")},
		"ex/10-goals.graphql":   {Data: []byte("\n#   SDG goals  \n# more words\nquery Goals { __typename }\n")},
		"ex/30-lines.graphql":   {Data: []byte("#\n## WSIS action lines\nquery Lines { __typename }\n")},
		"ex/40-inner.graphql":   {Data: []byte("query Inner {\n  # not a title\n  __typename\n}\n")},
		"ex/README.md":          {Data: []byte("# not an example")},
		"ex/sub/x.graphql":      {Data: []byte("# nested, ignored\n{ __typename }")},
		"other/ignored.graphql": {Data: []byte("# elsewhere\n{ __typename }")},
	}
	got, err := LoadExamples(fsys, "ex")
	if err != nil {
		t.Fatal(err)
	}
	want := []Example{
		{Name: "SDG goals", Query: "\n#   SDG goals  \n# more words\nquery Goals { __typename }\n"},
		{Name: "20-links", Query: "query Links { __typename }\n"},
		{Name: "WSIS action lines", Query: "#\n## WSIS action lines\nquery Lines { __typename }\n"},
		{Name: "40-inner", Query: "query Inner {\n  # not a title\n  __typename\n}\n"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadExamples:\n got %#v\nwant %#v", got, want)
	}

	if got, err := LoadExamples(fstest.MapFS{"d/a.txt": {}}, "d"); err != nil || got == nil || len(got) != 0 {
		t.Errorf("no examples: got %#v, %v; want empty non-nil slice", got, err)
	}
	if _, err := LoadExamples(fsys, "missing"); err == nil {
		t.Errorf("missing dir: want error")
	}
}

// TestPlaygroundInChromium renders the playground in headless Chromium and
// checks the DOM and a screenshot. Opt-in, since it needs a browser:
//
//	WSISGRAPH_BROWSER=1 go test ./playground/ -run TestPlaygroundInChromium -v
//
// The screenshot is left at $TMPDIR/playground.png for a human to look at.
func TestPlaygroundInChromium(t *testing.T) {
	if os.Getenv("WSISGRAPH_BROWSER") != "1" {
		t.Skip("set WSISGRAPH_BROWSER=1 to run the headless Chromium check")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("WSISGRAPH_BROWSER=1 but chromium is not installed")
	}

	mux := http.NewServeMux()
	mux.HandleFunc("POST /graphql", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(string(body), "__schema") {
			io.WriteString(w, fakeIntrospection)
			return
		}
		io.WriteString(w, `{"data":{"__typename":"Query"}}`)
	})
	mux.Handle("/", Handler(testExamples))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	run := func(args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		base := []string{
			"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
			"--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync",
			"--user-data-dir=" + t.TempDir(),
			"--virtual-time-budget=5000", "--window-size=1400,900",
		}
		cmd := exec.CommandContext(ctx, chromium, append(append(base, args...), srv.URL+"/")...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
		}
		return string(out)
	}

	dom := run("--dump-dom")
	for _, want := range []string{
		`class="graphiql-container"`,
		"graphiql-tab",
		"SdgGoals", "WsisActionLines", "Links", // tab titles = operation names
		"graphiql-explorer-root",      // Explorer panel open by default…
		"sdgGoals", "wsisActionLines", // …and showing the schema's fields
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	if n := strings.Count(dom, `role="tab"`); n != len(testExamples) {
		t.Errorf("rendered %d tabs, want one per example (%d)", n, len(testExamples))
	}
	if !regexp.MustCompile(`<li aria-selected="true" role="tab"[^>]*>\s*<button[^>]*>SdgGoals<`).MatchString(dom) {
		t.Errorf("first example's tab is not the active one")
	}
	if t.Failed() {
		t.Logf("DOM:\n%s", dom)
	}

	shot := filepath.Join(os.TempDir(), "playground.png")
	os.Remove(shot)
	run("--screenshot=" + shot)
	fi, err := os.Stat(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	if fi.Size() < 20_000 {
		t.Errorf("screenshot %s is only %d bytes: page probably blank", shot, fi.Size())
	}
	t.Logf("screenshot: %s (%d bytes)", shot, fi.Size())
}

// fakeIntrospection is a hand-written introspection result for
//
//	type Query { sdgGoals: [Goal!]!  wsisActionLines: [String!]! }
//	type Goal  { number: Int!  title: String! }
//
// just enough for GraphiQL to build a schema and the Explorer to show it.
const fakeIntrospection = `{"data":{"__schema":{
 "queryType":{"name":"Query"},"mutationType":null,"subscriptionType":null,"directives":[],
 "types":[
  {"kind":"OBJECT","name":"Query","description":null,"interfaces":[],"enumValues":null,"inputFields":null,"possibleTypes":null,
   "fields":[
    {"name":"sdgGoals","description":"The 17 Sustainable Development Goals.","args":[],"isDeprecated":false,"deprecationReason":null,
     "type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null,"ofType":{"kind":"OBJECT","name":"Goal","ofType":null}}}}},
    {"name":"wsisActionLines","description":null,"args":[],"isDeprecated":false,"deprecationReason":null,
     "type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"String","ofType":null}}}}}]},
  {"kind":"OBJECT","name":"Goal","description":null,"interfaces":[],"enumValues":null,"inputFields":null,"possibleTypes":null,
   "fields":[
    {"name":"number","description":null,"args":[],"isDeprecated":false,"deprecationReason":null,
     "type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"Int","ofType":null}}},
    {"name":"title","description":null,"args":[],"isDeprecated":false,"deprecationReason":null,
     "type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"String","ofType":null}}}]},
  {"kind":"SCALAR","name":"String","description":null,"fields":null,"interfaces":null,"enumValues":null,"inputFields":null,"possibleTypes":null},
  {"kind":"SCALAR","name":"Int","description":null,"fields":null,"interfaces":null,"enumValues":null,"inputFields":null,"possibleTypes":null},
  {"kind":"SCALAR","name":"Boolean","description":null,"fields":null,"interfaces":null,"enumValues":null,"inputFields":null,"possibleTypes":null}
 ]}}}`
