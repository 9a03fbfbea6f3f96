//go:build unix

package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// SocketName is the socket's name in the store folder.
const SocketName = "skein.sock"

// maxSocketPath is the longest socket path used: sun_path holds 108 bytes
// with the terminating NUL on Linux, 104 on macOS and the BSDs.
const maxSocketPath = 103

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
	return TempFolder()
}

// ensureRuntimeDir makes the folder of a fallback socket path, 0700, and
// refuses one that someone else owns or others may enter.
func ensureRuntimeDir(sock string) error {
	if err := PrivateFolder(filepath.Dir(sock)); err != nil {
		return fmt.Errorf("%w: skein will not listen there", err)
	}
	return nil
}

// TempFolder is the user's folder in the temporary folder, skein-UID: the
// window's socket's where $XDG_RUNTIME_DIR is not set, and the window's
// settings' where the home cannot be written (app.NewApp). Make it with
// PrivateFolder before use.
func TempFolder() string {
	return filepath.Join(os.TempDir(), "skein-"+strconv.Itoa(os.Getuid()))
}

// PrivateFolder makes dir, 0700, and refuses one that is not a folder (a
// link), that someone else owns, or that others may enter: in a shared
// temporary folder another user may have made that name first.
func PrivateFolder(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() || st.Mode().Perm()&0o077 != 0 || !ownedByUs(st) {
		return fmt.Errorf("folder %s is not private to you (mode %v)", dir, st.Mode())
	}
	return nil
}

// unixListener is the Unix transport: a socket file, owner-only.
type unixListener struct {
	ln *net.UnixListener
}

func (l unixListener) accept() (io.ReadWriteCloser, error) {
	c, err := l.ln.AcceptUnix()
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (l unixListener) close() error { return l.ln.Close() }

func (l unixListener) refusal(c io.ReadWriteCloser) string {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return "not a Unix socket"
	}
	if uid, err := peerUID(uc); err != nil || (uid >= 0 && uid != os.Getuid()) {
		return fmt.Sprintf("refused: the window serves only user %d", os.Getuid())
	}
	return ""
}

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
	return newServer(unixListener{ln}, path, h), nil
}

// Call hands req to the window serving the store in storeDir and copies
// what the command prints to stdout and stderr; it returns the command's
// exit status. It returns ErrNoWindow when no window listens (no socket,
// or one left by a window that was killed); the caller then opens the
// store as usual, and removes such a stale socket with RemoveStale once it
// holds the store.
func Call(storeDir string, req Request, stdout, stderr io.Writer) (int, error) {
	path, err := SocketPath(storeDir)
	if err != nil {
		return 0, ErrNoWindow
	}
	c, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENOTDIR) {
			return 0, ErrNoWindow
		}
		return 0, fmt.Errorf("reaching the window on %s: %w", path, err)
	}
	defer c.Close()
	if uid, err := peerUID(c); err != nil || (uid >= 0 && uid != os.Getuid()) {
		return 0, fmt.Errorf("the socket %s is served by another user (%d): not sending it the command", path, uid)
	}
	return exchange(c, req, stdout, stderr)
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

// Umask is this process's file-mode creation mask, read without changing
// it where the system allows; -1 if unknown.
func Umask() int { return umask() }
