// Package serve lets the command line reach a window that holds the store
// open. The window listens beside the store; a `skein` command that finds
// it listening sends its command line there instead of opening the store
// (which the window's lock would refuse), and the window runs it against
// its open store and streams back the command's standard output, standard
// error and exit status.
//
// The protocol is the same on every system: one JSON request from the
// client (Request), then frames from the window: a kind byte ('o' standard
// output, 'e' standard error, 'x' exit status), a big-endian uint32 length
// and that many bytes. The client keeps its end open while it waits;
// closing it (Ctrl+C) cancels the command in the window. Only the
// transport differs:
//
//   - Unix: a Unix domain socket, 0600, in the store folder when that folder
//     is writable by its owner alone and the path fits a socket address,
//     else in $XDG_RUNTIME_DIR (or a 0700 skein-UID folder in the temporary
//     folder) under a name made from the store's absolute path. On Linux
//     each side also checks the other's user ID (SO_PEERCRED). A socket left
//     by a killed window is removed by the next holder of the store.
//   - Windows: a named pipe, \\.\pipe\skein-HASH of the store's absolute
//     path, whose security descriptor names the user as its owner and
//     grants only that user access; remote clients are rejected, and the
//     client checks the pipe's owner before it sends anything. A pipe goes
//     with the process that made it, so none is ever stale.
//
// This package needs no window toolkit and no store.
package serve

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
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
	// command writes; -1 when unknown (Windows has none).
	Umask int `json:"umask"`
	// No command reads standard input, so none is sent.
}

// Handler runs a request's command, writing what it prints to stdout and
// stderr, and returns its exit status. ctx ends when the client goes away
// or the window closes.
type Handler func(ctx context.Context, req Request, stdout, stderr io.Writer) int

// ErrNoWindow is Call's error when no window serves the store (nothing
// listens, or only a socket a killed window left): the caller opens the
// store itself.
var ErrNoWindow = errors.New("no window serves this store")

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

func writeExit(c io.Writer, mu *sync.Mutex, code int) {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(int32(code)))
	mu.Lock()
	defer mu.Unlock()
	writeFrame(c, kindExit, b[:])
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

// exchange is the client's side of a connection: it sends req and copies
// the response.
func exchange(c io.ReadWriter, req Request, stdout, stderr io.Writer) (int, error) {
	if err := json.NewEncoder(c).Encode(req); err != nil {
		return 0, fmt.Errorf("sending the command to the window: %w", err)
	}
	return readResponse(c, stdout, stderr)
}

// readResponse copies frames to stdout and stderr until the exit status.
func readResponse(r io.Reader, stdout, stderr io.Writer) (int, error) {
	var head [5]byte
	buf := make([]byte, maxFrame) // a frame in one read where the system allows
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return 0, errors.New("the window closed before the command finished")
		}
		n := int64(binary.BigEndian.Uint32(head[1:]))
		var w io.Writer
		switch head[0] {
		case kindStdout:
			w = stdout
		case kindStderr:
			w = stderr
		case kindExit:
			var b [4]byte
			if n != 4 {
				return 0, fmt.Errorf("the window sent an exit status of %d bytes", n)
			}
			if _, err := io.ReadFull(r, b[:]); err != nil {
				return 0, errors.New("the window closed before the command finished")
			}
			return int(int32(binary.BigEndian.Uint32(b[:]))), nil
		default:
			return 0, fmt.Errorf("the window sent a frame of unknown kind %q", head[0])
		}
		if _, err := io.CopyBuffer(w, io.LimitReader(r, n), buf); err != nil {
			return 0, err
		}
	}
}

// listener is a transport's side of the window: a Unix socket or a
// Windows named pipe.
type listener interface {
	// accept waits for the next client; net.ErrClosed once close was called.
	accept() (io.ReadWriteCloser, error)
	// close stops accept; connections already accepted stay open.
	close() error
	// refusal says why the client on c is not served ("" to serve it).
	refusal(c io.ReadWriteCloser) string
}

// Server is a window's listener for the command line.
type Server struct {
	ln     listener
	path   string
	h      Handler
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once

	mu    sync.Mutex
	conns map[io.ReadWriteCloser]bool // the connections being served
}

// closeWait is how long Close waits for the commands it cancelled to send
// their exit status before it closes their connections: a command writing
// to a client that reads nothing (`skein export | less`, stopped) would
// otherwise keep the window from quitting.
const closeWait = 2 * time.Second

// newServer serves the clients ln accepts with h until Close.
func newServer(ln listener, path string, h Handler) *Server {
	s := &Server{ln: ln, path: path, h: h, conns: map[io.ReadWriteCloser]bool{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.wg.Add(1)
	go s.accept()
	return s
}

// Path is where the window listens: the socket's path, or the pipe's name.
func (s *Server) Path() string { return s.path }

// Close stops listening (removing the socket), cancels the commands
// running and waits for them to return.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		err = s.ln.close()
		s.cancel()
		done := make(chan struct{})
		go func() {
			s.wg.Wait()
			close(done)
		}()
		select {
		case <-done:
			return
		case <-time.After(closeWait):
		}
		s.mu.Lock()
		for c := range s.conns {
			c.Close() // unblocks a write to a client that reads nothing
		}
		s.mu.Unlock()
		<-done
	})
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// A peer that went away during the accept, or a system
			// short of handles: try again, not in a tight loop.
			time.Sleep(10 * time.Millisecond)
			continue
		}
		s.wg.Add(1)
		s.mu.Lock()
		s.conns[c] = true
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.serve(c)
		}()
	}
}

// serve runs one connection's command.
func (s *Server) serve(c io.ReadWriteCloser) {
	var mu sync.Mutex
	stderr := &stream{mu: &mu, conn: c, kind: kindStderr}
	if why := s.ln.refusal(c); why != "" {
		// Another user's process: say nothing about the store.
		fmt.Fprintf(stderr, "skein: %s\n", why)
		writeExit(c, &mu, 1)
		return
	}
	req, err := readRequest(c)
	if err != nil {
		fmt.Fprintf(stderr, "skein: %v\n", err)
		writeExit(c, &mu, 1)
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	go func() {
		// The client sends nothing more: a read returns when it goes away.
		var b [1]byte
		c.Read(b[:])
		cancel()
	}()
	code := s.h(ctx, req, &stream{mu: &mu, conn: c, kind: kindStdout}, stderr)
	writeExit(c, &mu, code)
}
