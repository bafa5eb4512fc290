package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is a child process the harness started; stop ends it (SIGTERM, then SIGKILL after
// 15 s) and is safe to call more than once.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{}
	once sync.Once
}

// procs keeps every child started, so that cleanup can stop them all, on failure too.
type procs struct {
	mu   sync.Mutex
	list []*proc
}

// start runs name with args and env (added to a copy of the harness's environment, with
// the variables listed in unset removed), its output appended to logPath.
func (ps *procs) start(name, logPath string, env, unset []string, bin string, args ...string) (*proc, error) {
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.Env = environ(env, unset)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Ctrl-C reaches the harness only
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, log: f, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(p.done)
	}()
	ps.mu.Lock()
	ps.list = append(ps.list, p)
	ps.mu.Unlock()
	return p, nil
}

func environ(env, unset []string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, u := range unset {
			drop = drop || k == u
		}
		for _, e := range env {
			ek, _, _ := strings.Cut(e, "=")
			drop = drop || k == ek
		}
		if !drop {
			out = append(out, kv)
		}
	}
	return append(out, env...)
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *proc) stop() {
	p.once.Do(func() {
		if !p.exited() {
			p.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-p.done:
			case <-time.After(15 * time.Second):
				p.cmd.Process.Kill()
				<-p.done
			}
		}
		p.log.Close()
	})
}

// stopAll stops every child, the most recently started first.
func (ps *procs) stopAll() {
	ps.mu.Lock()
	list := ps.list
	ps.list = nil
	ps.mu.Unlock()
	for i := len(list) - 1; i >= 0; i-- {
		list[i].stop()
	}
}

// waitHTTP polls url until check accepts an answer, the process exits, or timeout passes.
func waitHTTP(ctx context.Context, p *proc, timeout time.Duration, check func() error) error {
	deadline := time.Now().Add(timeout)
	var err error
	for time.Now().Before(deadline) {
		if p.exited() {
			return fmt.Errorf("%s exited during start-up (log: %s)", p.name, p.log.Name())
		}
		if err = check(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s not ready after %v: %v (log: %s)", p.name, timeout, err, p.log.Name())
}

func getOK(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return nil
}

// runScript runs scripts/neo4j with env and returns the last line of its standard output.
func runScript(ctx context.Context, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "scripts/neo4j", args...)
	cmd.Env = environ(env, nil)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	last := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			last = l
		}
	}
	if err := cmd.Wait(); err != nil {
		return "", fmt.Errorf("scripts/neo4j %s: %w", strings.Join(args, " "), err)
	}
	return last, nil
}
