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
)

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
