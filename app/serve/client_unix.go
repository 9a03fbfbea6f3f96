//go:build unix

package serve

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
)

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

// Umask is this process's file-mode creation mask, read without changing
// it where the system allows; -1 if unknown.
func Umask() int { return umask() }
