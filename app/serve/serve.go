// Package serve lets the command line reach a window that holds the store
// open. The window listens on a Unix domain socket beside the store; a
// `skein` command that finds the socket sends its command line there
// instead of opening the store (which the window's lock would refuse), and
// the window runs it against its open store and streams back the command's
// standard output, standard error and exit status.
//
// The protocol is one JSON request from the client (Request), then frames
// from the window: a kind byte ('o' standard output, 'e' standard error,
// 'x' exit status), a big-endian uint32 length and that many bytes. The
// client keeps its end open while it waits; closing it (Ctrl+C) cancels the
// command in the window.
//
// The socket is owner-only: 0600, in the store folder when that folder is
// writable by its owner alone and the path fits a socket address, else in
// $XDG_RUNTIME_DIR (or a 0700 skein-UID folder in the temporary folder)
// under a name made from the store's absolute path. On Linux each side also
// checks the other's user ID (SO_PEERCRED). Windows has no server: the
// command line there behaves as before, refused while a window is open.
//
// This package needs no window toolkit and no store.
package serve

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// Request is a command line handed to the window.
type Request struct {
	// Args are the arguments after the program name, as typed.
	Args []string `json:"args"`
	// Dir is the client's working folder: relative paths on the command
	// line are relative to it, not to the window's.
	Dir string `json:"dir"`
	// Env holds the environment variables the command line reads
	// (SKEIN_USER, SKEIN_STORE).
	Env map[string]string `json:"env,omitempty"`
	// Umask is the client's file-mode creation mask, for the files the
	// command writes; -1 when unknown.
	Umask int `json:"umask"`
	// No command reads standard input, so none is sent.
}

// Handler runs a request's command, writing what it prints to stdout and
// stderr, and returns its exit status. ctx ends when the client goes away
// or the window closes.
type Handler func(ctx context.Context, req Request, stdout, stderr io.Writer) int

// Errors of Call.
var (
	// ErrNoWindow: no window serves the store (no socket, or a stale one);
	// the caller opens the store itself.
	ErrNoWindow = errors.New("no window serves this store")
	// ErrUnsupported: this system has no way to reach a window.
	ErrUnsupported = errors.New("the command line cannot reach a window on this system")
)

// SocketName is the socket's name in the store folder.
const SocketName = "skein.sock"

// maxSocketPath is the longest socket path used: sun_path holds 108 bytes
// with the terminating NUL on Linux, 104 on macOS and the BSDs.
const maxSocketPath = 103

// frame kinds
const (
	kindStdout = 'o'
	kindStderr = 'e'
	kindExit   = 'x'
)

// maxFrame is the largest frame written; a longer write is cut into several.
const maxFrame = 1 << 20

// maxRequest bounds the request a window reads, so a peer cannot make it
// hold an endless line in memory.
const maxRequest = 1 << 20

// SocketPath is where the window serving the store in storeDir listens.
func SocketPath(storeDir string) (string, error) {
	abs, err := filepath.Abs(storeDir)
	if err != nil {
		return "", fmt.Errorf("store folder %s: %w", storeDir, err)
	}
	p := filepath.Join(abs, SocketName)
	if len(p) <= maxSocketPath && privateDir(abs) {
		return p, nil
	}
	// A deep store folder, or one others may write into: a name in the
	// user's private runtime folder, the same for every spelling of the
	// store's path.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	sum := sha256.Sum256([]byte(abs))
	p = filepath.Join(runtimeDir(), "skein-"+hex.EncodeToString(sum[:8])+".sock")
	if len(p) > maxSocketPath {
		return "", fmt.Errorf("store folder %s: no socket path short enough for it (%s is %d bytes, at most %d)", storeDir, p, len(p), maxSocketPath)
	}
	return p, nil
}

// privateDir reports whether dir is missing (no window can be there) or
// written by its owner alone, so nobody else can put a socket in it.
func privateDir(dir string) bool {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	return err == nil && st.Mode().Perm()&0o022 == 0 && ownedByUs(st)
}

// runtimeDir is $XDG_RUNTIME_DIR (private to the user by its spec), else
// skein-UID in the temporary folder.
func runtimeDir() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(os.TempDir(), "skein-"+strconv.Itoa(os.Getuid()))
}

// ensureRuntimeDir makes the folder of a fallback socket path, 0700, and
// refuses one that someone else owns or others may enter.
func ensureRuntimeDir(sock string) error {
	dir := filepath.Dir(sock)
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() || st.Mode().Perm()&0o077 != 0 || !ownedByUs(st) {
		return fmt.Errorf("folder %s for the window's socket is not private to you (mode %v): skein will not listen there", dir, st.Mode().Perm())
	}
	return nil
}

// writeFrame writes one frame, its head and payload in one system call
// where w is a connection.
func writeFrame(w io.Writer, kind byte, p []byte) error {
	var head [5]byte
	head[0] = kind
	binary.BigEndian.PutUint32(head[1:], uint32(len(p)))
	bufs := net.Buffers{head[:], p}
	_, err := bufs.WriteTo(w)
	return err
}

// stream is a writer that sends what is written as frames of one kind.
type stream struct {
	mu   *sync.Mutex
	conn io.Writer
	kind byte
	err  error
}

func (s *stream) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	n := 0
	for len(p) > 0 {
		chunk := p[:min(len(p), maxFrame)]
		if err := writeFrame(s.conn, s.kind, chunk); err != nil {
			s.err = fmt.Errorf("the command line that asked went away: %w", err)
			return n, s.err
		}
		n += len(chunk)
		p = p[len(chunk):]
	}
	return n, nil
}

// readRequest reads the request the client sends first.
func readRequest(r io.Reader) (Request, error) {
	var req Request
	dec := json.NewDecoder(io.LimitReader(r, maxRequest))
	if err := dec.Decode(&req); err != nil {
		return req, fmt.Errorf("reading the request: %w", err)
	}
	return req, nil
}
