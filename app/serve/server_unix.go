//go:build unix

package serve

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Server is a window's listener for the command line.
type Server struct {
	ln     *net.UnixListener
	path   string
	h      Handler
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once

	mu    sync.Mutex
	conns map[*net.UnixConn]bool // the connections being served
}

// closeWait is how long Close waits for the commands it cancelled to send
// their exit status before it closes their connections: a command writing
// to a client that reads nothing (`skein export | less`, stopped) would
// otherwise keep the window from quitting.
const closeWait = 2 * time.Second

// Listen starts serving the store in storeDir with h. The caller must hold
// the store open (its lock), so a socket already there is a stale one from
// a window that was killed: it is removed.
func Listen(storeDir string, h Handler) (*Server, error) {
	path, err := SocketPath(storeDir)
	if err != nil {
		return nil, err
	}
	if filepath.Dir(path) != mustAbs(storeDir) {
		if err := ensureRuntimeDir(path); err != nil {
			return nil, err
		}
	}
	if err := removeSocket(path); err != nil {
		return nil, err
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("listening for the command line on %s: %w", path, err)
	}
	ln.SetUnlinkOnClose(true)
	// Owner-only. Between the bind and this a peer could connect, but
	// every connection's user ID is checked too.
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("listening for the command line on %s: %w", path, err)
	}
	s := &Server{ln: ln, path: path, h: h, conns: map[*net.UnixConn]bool{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Path is the socket's path.
func (s *Server) Path() string { return s.path }

// Close stops listening, removes the socket, cancels the commands running
// and waits for them to return.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		err = s.ln.Close()
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
		c, err := s.ln.AcceptUnix()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue // a peer that went away during the accept
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
func (s *Server) serve(c *net.UnixConn) {
	var mu sync.Mutex
	stderr := &stream{mu: &mu, conn: c, kind: kindStderr}
	if uid, err := peerUID(c); err != nil || (uid >= 0 && uid != os.Getuid()) {
		// Another user's process: say nothing about the store.
		fmt.Fprintf(stderr, "skein: refused: the window serves only user %d\n", os.Getuid())
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

func writeExit(c io.Writer, mu *sync.Mutex, code int) {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(int32(code)))
	mu.Lock()
	defer mu.Unlock()
	writeFrame(c, kindExit, b[:])
}

// removeSocket removes a socket left at path; anything else there is an
// error, never removed.
func removeSocket(path string) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if st.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("%s is in the way of the window's socket: it is not a socket, so skein leaves it alone", path)
	}
	return os.Remove(path)
}

// RemoveStale removes the socket of the store in storeDir, if one was left
// by a window that was killed. Call it only while holding the store open:
// then no window can be serving it.
func RemoveStale(storeDir string) error {
	path, err := SocketPath(storeDir)
	if err != nil {
		return nil // then no window could have listened there either
	}
	return removeSocket(path)
}

func mustAbs(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	return abs
}
