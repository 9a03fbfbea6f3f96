package formats

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/skein-news/skein/annotate"
)

// Limits on what the readers take in, checked before anything is read, so
// a 10 GB file (or one that never ends) is refused at once by name instead
// of filling the memory.
const (
	// MaxJSONBytes is the largest JSON file (a Label Studio or doccano
	// export), which is read whole.
	MaxJSONBytes = 1 << 30
	// MaxAnnBytes is the largest brat .ann file.
	MaxAnnBytes = 256 << 20
)

// ErrFileTooLarge is a file larger than its kind's limit.
var ErrFileTooLarge = errors.New("too large")

// ErrNotRegular is a path that is not a regular file: a named pipe, a
// device, a socket. Reading one could wait for ever or never end.
var ErrNotRegular = errors.New("not a regular file")

// CheckFile refuses, without opening it, a path that is not a regular file
// (a symbolic link to one is followed) or that is larger than limit bytes
// (0: no limit). what names the limit in the message ("an article").
func CheckFile(path string, limit int64, what string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	return checkInfo(info, limit, what)
}

func checkInfo(info fs.FileInfo, limit int64, what string) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%w (%s)", ErrNotRegular, FileKind(info.Mode()))
	}
	if limit > 0 && info.Size() > limit {
		if limit == annotate.MaxDocumentBytes {
			return fmt.Errorf("%w (%d bytes)", annotate.ErrTooLarge, info.Size())
		}
		return fmt.Errorf("%w: %d bytes, more than the %s skein reads as %s", ErrFileTooLarge, info.Size(), annotate.SizeName(limit), what)
	}
	return nil
}

// FileKind names what a file that is not regular is.
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
