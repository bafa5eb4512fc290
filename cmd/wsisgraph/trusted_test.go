package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestMain runs main instead of the tests when WSISGRAPH_TEST_MAIN=1: the tests start the
// command as a process of its own, to send it real signals.
func TestMain(m *testing.M) {
	if os.Getenv("WSISGRAPH_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serveEnv is the environment of a child `wsisgraph serve`: main runs, on the embedded store
// whatever NEO4J_URI the tests were given.
func serveEnv() []string {
	return append(os.Environ(), "WSISGRAPH_TEST_MAIN=1", "NEO4J_URI=")
}

// process is `wsisgraph serve` running as a child process.
type process struct {
	cmd *exec.Cmd
	mu  sync.Mutex
	log bytes.Buffer // stderr: the JSON log
	url string       // the /graphql endpoint, once serving
}

func startServe(t *testing.T, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(os.Args[0], append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)...)}
	p.cmd.Env = serveEnv()
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	serving := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			p.mu.Lock()
			p.log.Write(sc.Bytes())
			p.log.WriteByte('\n')
			p.mu.Unlock()
			var line struct{ Msg, Graphql string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
				serving <- line.Graphql
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	select {
	case p.url = <-serving:
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start:\n%s", p.logs())
	}
	return p
}

func (p *process) logs() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// waitLog waits until the log holds a line with msg.
func (p *process) waitLog(t *testing.T, msg string, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Count(p.logs(), `"msg":"`+msg+`"`) >= n {
			return
		}
	}
	t.Fatalf("no %q in the log:\n%s", msg, p.logs())
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func manifest(docs ...string) []byte {
	m := map[string]string{}
	for _, d := range docs {
		m[sha(d)] = d
	}
	b, _ := json.Marshal(m)
	return b
}

// call posts body and returns the status and the first error code ("" for none), and whether
// the answer holds data.
func call(client *http.Client, url, key string, body map[string]any) (int, string, bool, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("X-Api-Key", key)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", false, err
	}
	defer resp.Body.Close()
	var a struct {
		Data   map[string]json.RawMessage
		Errors []struct{ Extensions struct{ Code string } }
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		return resp.StatusCode, "", false, err
	}
	code := ""
	if len(a.Errors) > 0 {
		code = a.Errors[0].Extensions.Code
	}
	return resp.StatusCode, code, len(a.Data) > 0, nil
}

func byHash(doc string) map[string]any {
	return map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha(doc)}}}
}

// TestServeTrustedDocumentsSIGHUP runs `wsisgraph serve -trusted-documents` as a process and
// sends it SIGHUP while clients send requests: each reload takes effect, a broken manifest
// leaves the one in use, and no request fails.
func TestServeTrustedDocumentsSIGHUP(t *testing.T) {
	const (
		goals = "query Goals { goals { number } }"
		lines = "query Lines { actionLines { code } }"
		sdgs  = "query Nine { goal(number: 9) { number } }"
	)
	path := filepath.Join(t.TempDir(), "persisted-documents.json")
	write := func(b []byte) {
		t.Helper()
		if err := os.WriteFile(path+".tmp", b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(path+".tmp", path); err != nil {
			t.Fatal(err)
		}
	}
	write(manifest(goals, sdgs))
	p := startServe(t, "-trusted-documents", path, "-free-form-keys", "explorer-key", "-rate-limit", "0", "-response-cache=false")
	client := &http.Client{Timeout: 30 * time.Second}

	if status, code, _, err := call(client, p.url, "", map[string]any{"query": "{ goals { number } }"}); err != nil || status != 400 || code != "PERSISTED_QUERY_REQUIRED" {
		t.Fatalf("free-form without a key: %d %q %v", status, code, err)
	}
	if status, code, data, err := call(client, p.url, "explorer-key", map[string]any{"query": "{ goals { number } }"}); err != nil || status != 200 || code != "" || !data {
		t.Fatalf("free-form with a free-form key: %d %q %v", status, code, err)
	}

	var sent, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				status, code, data, err := call(client, p.url, "", byHash(goals))
				sent.Add(1)
				if err != nil || status != 200 || code != "" || !data {
					failed.Add(1)
					t.Errorf("a request during the reloads: %d %q %v", status, code, err)
				}
			}
		}()
	}
	runs := func(doc string) string {
		_, code, _, err := call(client, p.url, "", byHash(doc))
		if err != nil {
			t.Fatal(err)
		}
		return code
	}

	write(manifest(goals, lines))
	if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	p.waitLog(t, "trusted documents reloaded", 1)
	if c := runs(lines); c != "" {
		t.Errorf("Lines after the reload: %q", c)
	}
	if c := runs(sdgs); c != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("Nine, no longer in the manifest: %q", c)
	}

	write([]byte(`{"x": "query { goals { nickname } }"}`))
	if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	p.waitLog(t, "trusted documents not reloaded: keeping those in use", 1)
	if c := runs(lines); c != "" {
		t.Errorf("Lines after a broken manifest: %q", c)
	}
	time.Sleep(200 * time.Millisecond) // some more load on the manifest kept
	close(stop)
	wg.Wait()
	if sent.Load() == 0 || failed.Load() > 0 {
		t.Errorf("%d requests during the reloads, %d failed", sent.Load(), failed.Load())
	}
	t.Logf("%d requests during two SIGHUPs, %d failed", sent.Load(), failed.Load())

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v\n%s", err, p.logs())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
}

// TestServeRefusesBrokenTrustedDocuments: serve does not start on a manifest that does not load.
func TestServeRefusesBrokenTrustedDocuments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.json")
	if err := os.WriteFile(path, []byte(`{"x": "query { goals { nickname } }"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "serve", "-addr", "127.0.0.1:0", "-trusted-documents", path)
	cmd.Env = serveEnv()
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), `document "x" does not run on this schema`) {
		t.Errorf("serve with a broken manifest: %v\n%s", err, out)
	}
}
