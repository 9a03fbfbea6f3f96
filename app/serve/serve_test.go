//go:build unix

package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// echo answers a request with its arguments on standard output, its
// working folder on standard error and the exit status the first
// argument names.
func echo(ctx context.Context, req Request, stdout, stderr io.Writer) int {
	fmt.Fprintln(stdout, strings.Join(req.Args, " "))
	fmt.Fprintln(stderr, req.Dir, req.Env["SKEIN_USER"])
	var code int
	fmt.Sscan(req.Args[0], &code)
	return code
}

func listen(t *testing.T, dir string, h Handler) *Server {
	t.Helper()
	s, err := Listen(dir, h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestCall: what the handler prints arrives on the client's two streams,
// and its exit status is Call's.
func TestCall(t *testing.T) {
	dir := t.TempDir()
	listen(t, dir, echo)
	for _, code := range []int{0, 1, 2} {
		var out, errb bytes.Buffer
		req := Request{Args: []string{fmt.Sprint(code), "export", "-o", "x.jsonl"}, Dir: "/some/where", Env: map[string]string{"SKEIN_USER": "ayesha"}}
		got, err := Call(dir, req, &out, &errb)
		if err != nil {
			t.Fatal(err)
		}
		if got != code {
			t.Errorf("exit status %d, want %d", got, code)
		}
		if want := fmt.Sprint(code) + " export -o x.jsonl\n"; out.String() != want {
			t.Errorf("stdout %q, want %q", out.String(), want)
		}
		if want := "/some/where ayesha\n"; errb.String() != want {
			t.Errorf("stderr %q, want %q", errb.String(), want)
		}
	}
}

// TestCallLargeOutput: output larger than a frame arrives whole and in order.
func TestCallLargeOutput(t *testing.T) {
	dir := t.TempDir()
	want := bytes.Repeat([]byte("0123456789abcdef"), 3*maxFrame/16+5)
	listen(t, dir, func(ctx context.Context, req Request, stdout, stderr io.Writer) int {
		stdout.Write(want[:100])
		stdout.Write(want[100:])
		return 0
	})
	var out bytes.Buffer
	if code, err := Call(dir, Request{}, &out, io.Discard); err != nil || code != 0 {
		t.Fatalf("Call = %d, %v", code, err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("got %d bytes, want %d equal ones", out.Len(), len(want))
	}
}

// TestNoWindow: with no socket the client is told to open the store itself.
func TestNoWindow(t *testing.T) {
	dir := t.TempDir()
	if _, err := Call(dir, Request{}, io.Discard, io.Discard); !errors.Is(err, ErrNoWindow) {
		t.Errorf("no socket: got %v, want ErrNoWindow", err)
	}
	if _, err := Call(filepath.Join(dir, "absent"), Request{}, io.Discard, io.Discard); !errors.Is(err, ErrNoWindow) {
		t.Errorf("no store folder: got %v, want ErrNoWindow", err)
	}
}

// killedWindow leaves a socket as a window killed with SIGKILL does: the
// file stays, nobody listens.
func killedWindow(t *testing.T, path string) {
	t.Helper()
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Lstat(path); err != nil {
		t.Fatalf("the stale socket is not there: %v", err)
	}
}

// TestStaleSocket: a killed window's socket sends the client to the store;
// the next holder of the store removes it, and a new window listens there.
func TestStaleSocket(t *testing.T) {
	dir := t.TempDir()
	path, _ := SocketPath(dir)
	killedWindow(t, path)
	if _, err := Call(dir, Request{}, io.Discard, io.Discard); !errors.Is(err, ErrNoWindow) {
		t.Fatalf("stale socket: got %v, want ErrNoWindow", err)
	}
	if err := RemoveStale(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("RemoveStale left %s: %v", path, err)
	}
	// A window that starts over a stale socket replaces it.
	killedWindow(t, path)
	listen(t, dir, echo)
	var out bytes.Buffer
	if code, err := Call(dir, Request{Args: []string{"0"}}, &out, io.Discard); err != nil || code != 0 || out.String() != "0\n" {
		t.Errorf("after a stale socket: Call = %d, %v, %q", code, err, out.String())
	}
}

// TestNotASocketLeftAlone: a file that is not a socket where the socket
// goes is an error and stays.
func TestNotASocketLeftAlone(t *testing.T) {
	dir := t.TempDir()
	path, _ := SocketPath(dir)
	os.WriteFile(path, []byte("notes"), 0o600)
	if _, err := Listen(dir, echo); err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Errorf("Listen over a file: got %v, want an error saying it is not a socket", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "notes" {
		t.Errorf("the file was changed: %q", b)
	}
}

// TestSocketOwnerOnly: the socket is 0600; Close removes it.
func TestSocketOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	s := listen(t, dir, echo)
	st, err := os.Lstat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Type() != os.ModeSocket || st.Mode().Perm() != 0o600 {
		t.Errorf("socket %s: mode %v, want a socket 0600", s.Path(), st.Mode())
	}
	s.Close()
	if _, err := os.Lstat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Close left the socket: %v", err)
	}
}

// TestSocketPath: a store folder that others may write into, or one so
// deep its socket would not fit sun_path, gets its socket in the private
// runtime folder under a name from the store's path.
func TestSocketPath(t *testing.T) {
	run := t.TempDir()
	os.Chmod(run, 0o700) // as its spec has it
	t.Setenv("XDG_RUNTIME_DIR", run)
	base := t.TempDir()
	deep := filepath.Join(base, strings.Repeat("d", 60), strings.Repeat("e", 60))
	shared := filepath.Join(base, "shared")
	os.MkdirAll(deep, 0o700)
	os.Mkdir(shared, 0o700)
	os.Chmod(shared, 0o777)
	for _, tc := range []struct {
		name, dir string
		inStore   bool
	}{
		{"plain", base, true},
		{"deep", deep, false},
		{"writable by others", shared, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := SocketPath(tc.dir)
			if err != nil {
				t.Fatal(err)
			}
			if got := filepath.Dir(p) == tc.dir; got != tc.inStore {
				t.Errorf("SocketPath(%s) = %s; in the store folder %v, want %v", tc.dir, p, got, tc.inStore)
			}
			if !tc.inStore && filepath.Dir(p) != run {
				t.Errorf("SocketPath(%s) = %s, want it in $XDG_RUNTIME_DIR %s", tc.dir, p, run)
			}
			if len(p) > maxSocketPath {
				t.Errorf("SocketPath(%s) is %d bytes", tc.dir, len(p))
			}
			listen(t, tc.dir, echo)
			var out bytes.Buffer
			if code, err := Call(tc.dir, Request{Args: []string{"0", "list"}}, &out, io.Discard); err != nil || code != 0 || out.String() != "0 list\n" {
				t.Errorf("Call = %d, %v, %q", code, err, out.String())
			}
		})
	}
	// Another store's deep folder gets another name.
	other := filepath.Join(base, strings.Repeat("d", 60), strings.Repeat("f", 60))
	p1, _ := SocketPath(deep)
	p2, _ := SocketPath(other)
	if p1 == p2 {
		t.Errorf("two deep stores share the socket %s", p1)
	}
}

// TestClientGoneCancels: a client that goes away (Ctrl+C) cancels the
// command running in the window; Close waits for it.
func TestClientGoneCancels(t *testing.T) {
	dir := t.TempDir()
	started, cancelled := make(chan struct{}), make(chan struct{})
	s := listen(t, dir, func(ctx context.Context, req Request, stdout, stderr io.Writer) int {
		close(started)
		<-ctx.Done()
		close(cancelled)
		return 1
	})
	path := s.Path()
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(c, `{"args":["export"]}`)
	<-started
	c.Close()
	select {
	case <-cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("the command was not cancelled when its client went away")
	}
}

// TestWindowClosesMidCommand: a window that closes while serving cancels
// the command and waits for it, so the client gets its failure's status,
// not a hang or a success.
func TestWindowClosesMidCommand(t *testing.T) {
	dir := t.TempDir()
	started := make(chan struct{})
	s := listen(t, dir, func(ctx context.Context, req Request, stdout, stderr io.Writer) int {
		close(started)
		<-ctx.Done()
		return 1
	})
	type result struct {
		code int
		err  error
	}
	done := make(chan result)
	go func() {
		code, err := Call(dir, Request{}, io.Discard, io.Discard)
		done <- result{code, err}
	}()
	<-started
	s.Close()
	if r := <-done; r.code != 1 || r.err != nil {
		t.Errorf("Call = %d, %v; want the cancelled command's 1", r.code, r.err)
	}
}

// TestOtherUserRefused, run as root: a process of another user cannot
// reach the socket (the store folder is 0700, the socket 0600), and with
// those permissions opened up, the window still refuses it by its user ID
// (SO_PEERCRED).
func TestOtherUserRefused(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run a process as another user")
	}
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc: not Linux")
	}
	// Not t.TempDir, whose parent only root may enter.
	base, err := os.MkdirTemp("", "serve-peer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	os.Chmod(base, 0o755)
	dir := filepath.Join(base, "store")
	os.Mkdir(dir, 0o700)
	var served atomic.Bool
	s := listen(t, dir, func(ctx context.Context, req Request, stdout, stderr io.Writer) int {
		served.Store(true)
		return 0
	})
	// The test binary's folder is private to root: a copy the other user
	// may run.
	bin := filepath.Join(base, "serve.test")
	if b, err := os.ReadFile(os.Args[0]); err != nil || os.WriteFile(bin, b, 0o755) != nil {
		t.Fatal("copying the test binary:", err)
	}
	dial := func() string {
		cmd := exec.Command(bin, "-test.run=^TestHelperDial$")
		cmd.Env = append(os.Environ(), "SERVE_TEST_DIAL="+s.Path())
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		out, err := cmd.CombinedOutput()
		return fmt.Sprintf("%s\n%v", out, err)
	}
	if out := dial(); !strings.Contains(out, "connect: permission denied") {
		t.Errorf("another user reached the socket through a 0700 folder:\n%s", out)
	}
	os.Chmod(dir, 0o755)
	os.Chmod(s.Path(), 0o666)
	if out := dial(); !strings.Contains(out, "refused: the window serves only user 0") || !strings.Contains(out, "exit 1") {
		t.Errorf("another user's command was not refused:\n%s", out)
	}
	if served.Load() {
		t.Error("another user's command ran")
	}
}

// TestHelperDial is the other user's process of TestOtherUserRefused.
func TestHelperDial(t *testing.T) {
	path := os.Getenv("SERVE_TEST_DIAL")
	if path == "" {
		t.Skip("run by TestOtherUserRefused")
	}
	c, err := net.Dial("unix", path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	fmt.Fprintln(c, `{"args":["list"]}`)
	var out bytes.Buffer
	code, err := readResponse(c, &out, &out)
	fmt.Printf("%s exit %d %v\n", out.String(), code, err)
}

// TestCloseWithStuckClient: a window quits even while a command writes to
// a client that reads nothing (a pager left stopped).
func TestCloseWithStuckClient(t *testing.T) {
	dir := t.TempDir()
	writing := make(chan struct{})
	s := listen(t, dir, func(ctx context.Context, req Request, stdout, stderr io.Writer) int {
		close(writing)
		chunk := make([]byte, 64<<10)
		for {
			if _, err := stdout.Write(chunk); err != nil {
				return 1
			}
		}
	})
	c, err := net.Dial("unix", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintln(c, `{"args":["export"]}`) // and then reads nothing
	<-writing
	closed := make(chan struct{})
	go func() {
		s.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(closeWait + 10*time.Second):
		t.Fatal("Close hangs on a command writing to a client that reads nothing")
	}
}
