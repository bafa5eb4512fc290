package explorer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestServesThePageAndItsFiles(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle(Path, Handler())
	mux.Handle(Path+"/", Handler())
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, p := range []string{"/explore", "/explore/", "/explore?view=graph&lang=ar"} {
		resp, body := get(t, srv, p)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s: %d %s", p, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: no Content-Security-Policy", p)
		}
		if strings.Contains(body, "<script>") || regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(body) {
			t.Errorf("GET %s: the page has an inline script or a file from another origin:\n%s", p, body)
		}
	}
	_, html := get(t, srv, "/explore")
	refs := regexp.MustCompile(`(?:src|href)="(/explore/[^"]+)"`).FindAllStringSubmatch(html, -1)
	if len(refs) < 3 {
		t.Fatalf("index.html references %d files, want the script, the style sheet and the icon", len(refs))
	}
	want := map[string]string{".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
	for _, r := range refs {
		resp, body := get(t, srv, r[1])
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), want[filepath.Ext(r[1])]) || len(body) < 100 {
			t.Errorf("GET %s: %d %s, %d bytes", r[1], resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
	}
	for _, p := range []string{"/explore/index.html", "/explore/nope.js", "/explore/BUILD.txt", "/explore/../go.mod", "/explore/assets/explorer.js"} {
		if resp, _ := get(t, srv, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
	resp, err := srv.Client().Post(srv.URL+"/explore", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /explore: %d, want 405", resp.StatusCode)
	}
}

// TestBundleIsCurrent checks assets/BUILD.txt, which web/build.sh writes: every source the
// bundle is built from and every built file must have the recorded digest. A source changed
// without running web/build.sh, or a built file edited by hand, fails here.
func TestBundleIsCurrent(t *testing.T) {
	f, err := os.Open("assets/BUILD.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recorded := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 && (fields[0] == "input" || fields[0] == "output") {
			dir := "web"
			if fields[0] == "output" {
				dir = "assets"
			}
			recorded[filepath.Join(dir, fields[1])] = fields[2]
		}
	}
	// Every source file is recorded: a new one must go through the build too.
	srcs, _ := filepath.Glob("web/src/*")
	for _, p := range append(srcs, "web/build.sh", "web/package.json", "web/package-lock.json", "assets/explorer.js", "assets/explorer.css") {
		if _, ok := recorded[p]; !ok {
			t.Errorf("%s is not in assets/BUILD.txt: run explorer/web/build.sh", p)
		}
	}
	for p, want := range recorded {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%s: %v (run explorer/web/build.sh)", p, err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s changed since the bundle was built: run explorer/web/build.sh and commit explorer/assets", p)
		}
	}
}

// TestBundleRebuildsTheSame runs web/build.sh (npm ci with the pinned lock, then esbuild) into
// a temporary directory and compares the result with the committed files. It needs Node and
// npm; scripts/test runs it (WSISGRAPH_BROWSER=1, as for the browser tests).
func TestBundleRebuildsTheSame(t *testing.T) {
	if os.Getenv("WSISGRAPH_BROWSER") != "1" {
		t.Skip("the rebuild runs with WSISGRAPH_BROWSER=1 (scripts/test sets it): it needs npm")
	}
	out := t.TempDir()
	cmd := exec.Command("sh", "web/build.sh", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("web/build.sh: %v\n%s", err, b)
	}
	for _, name := range []string{"explorer.js", "explorer.css", "BUILD.txt"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join("assets", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, committed) {
			t.Errorf("assets/%s differs from a fresh build (%d vs %d bytes): run explorer/web/build.sh and commit explorer/assets", name, len(committed), len(got))
		}
	}
}

func TestGzip(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, tc := range []struct {
		accept string
		gzip   bool
	}{{"gzip, deflate, br", true}, {"br;q=1, gzip;q=0.5", true}, {"gzip;q=0", false}, {"", false}} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/explore/explorer.js", nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Encoding", tc.accept)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tc.gzip {
			t.Errorf("Accept-Encoding %q: gzipped %v, want %v", tc.accept, got, tc.gzip)
		}
		if tc.gzip {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		want, _ := os.ReadFile("assets/explorer.js")
		if !bytes.Equal(body, want) {
			t.Errorf("Accept-Encoding %q: the body is not assets/explorer.js", tc.accept)
		}
	}
}
