//go:build unix

package serve

import (
	"io"
	"net"
	"testing"
)

// dial connects to s as a client does, without sending anything.
func dial(t *testing.T, s *Server) io.ReadWriteCloser {
	t.Helper()
	c, err := net.Dial("unix", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
