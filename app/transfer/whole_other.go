//go:build !unix

package transfer

import (
	"fmt"
	"io"
	"os"

	"github.com/skein-news/skein/annotate/formats"
)

// readWhole reads a regular file of at most limit bytes whole, into a
// buffer with room bytes free in front of it (the file is b[room:]).
func readWhole(path string, limit int64, what string, room int) ([]byte, error) {
	if err := formats.CheckFile(path, limit, what); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	if st.Size() > limit {
		return nil, formats.CheckFile(path, limit, what)
	}
	b := make([]byte, int64(room)+st.Size())
	if _, err := io.ReadFull(f, b[room:]); err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	return b, nil
}

// openReader opens a regular file to read as a stream.
func openReader(path string) (fileReader, error) {
	if err := formats.CheckFile(path, 0, ""); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
	}
	return f, nil
}
