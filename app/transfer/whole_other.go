//go:build !unix

package transfer

import (
	"fmt"
	"io"
	"os"

	"github.com/skein-news/skein/annotate/formats"
)

// readWhole reads a regular file of at most limit bytes whole.
func readWhole(path string, limit int64, what string) ([]byte, error) {
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
	b := make([]byte, st.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	return b, nil
}
