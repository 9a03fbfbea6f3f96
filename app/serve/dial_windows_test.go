package serve

import (
	"io"
	"testing"
)

// dial connects to s as a client does, without sending anything.
func dial(t *testing.T, s *Server) io.ReadWriteCloser {
	t.Helper()
	f, err := dialPipe(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	return f
}
