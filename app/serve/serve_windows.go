package serve

import (
	"io"
	"io/fs"
)

// Server is not available on Windows: a named pipe needs modules skein
// does not take in yet, so the command line behaves as before there.
type Server struct{}

// Listen returns ErrUnsupported on Windows.
func Listen(storeDir string, h Handler) (*Server, error) { return nil, ErrUnsupported }

// Path is "".
func (s *Server) Path() string { return "" }

// Close does nothing.
func (s *Server) Close() error { return nil }

// Call returns ErrNoWindow on Windows: the caller opens the store itself.
func Call(storeDir string, req Request, stdout, stderr io.Writer) (int, error) {
	return 0, ErrNoWindow
}

// RemoveStale does nothing on Windows.
func RemoveStale(storeDir string) error { return nil }

// Umask is -1 on Windows, which has none.
func Umask() int { return -1 }

func ownedByUs(fs.FileInfo) bool { return true }
