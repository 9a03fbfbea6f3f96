package serve

// The tests of this file run on every system: on Linux they drive the Unix
// socket, on Windows the named pipe (not run on the machines skein is
// built on; see the README).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
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

// TestNoWindow: with nothing listening the client is told to open the store itself.
func TestNoWindow(t *testing.T) {
	dir := t.TempDir()
	if _, err := Call(dir, Request{}, io.Discard, io.Discard); !errors.Is(err, ErrNoWindow) {
		t.Errorf("no socket: got %v, want ErrNoWindow", err)
	}
	if _, err := Call(filepath.Join(dir, "absent"), Request{}, io.Discard, io.Discard); !errors.Is(err, ErrNoWindow) {
		t.Errorf("no store folder: got %v, want ErrNoWindow", err)
	}
	// A window that quit leaves nothing a client would take for it.
	s, err := Listen(dir, echo)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Call(dir, Request{}, io.Discard, io.Discard); !errors.Is(err, ErrNoWindow) {
		t.Errorf("after the window quit: got %v, want ErrNoWindow", err)
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
	c := dial(t, s)
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
	c := dial(t, s)
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
