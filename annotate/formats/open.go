package formats

import (
	"fmt"
	"io/fs"
	"os"
)

// OpenFile opens path for reading where CheckFile would take it, checking
// the file it opened rather than the path before: a check of the path and
// then an open left a gap in which the file could be swapped for a named
// pipe (waited on for ever, holding the store) or a device (read without
// end). The open does not block (openFlags: a pipe is opened, not waited
// on), and the open file is stat'ed; one that is not regular, or larger
// than limit bytes (0: any), is closed and refused with CheckFile's
// message, and its FileInfo returned with the error. A symbolic link to a
// regular file is followed; with noFollow it is refused as "a symbolic
// link", the open itself not following it.
func OpenFile(path string, limit int64, what string, noFollow bool) (*os.File, fs.FileInfo, error) {
	flags := openFlags
	if noFollow {
		flags |= noFollowFlag
	}
	f, err := os.OpenFile(path, flags, 0)
	if err != nil {
		if noFollow && isLinkRefused(err) {
			if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
				return nil, fi, fmt.Errorf("%w (a symbolic link)", ErrNotRegular)
			}
		}
		return nil, nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	if err := checkInfo(fi, limit, what); err != nil {
		f.Close()
		return nil, fi, err
	}
	if noFollow && noFollowFlag == 0 {
		// No O_NOFOLLOW (Windows): the path is looked at after the open,
		// which the link, if any, could only have been swapped into.
		if lfi, err := os.Lstat(path); err == nil && lfi.Mode()&fs.ModeSymlink != 0 {
			f.Close()
			return nil, lfi, fmt.Errorf("%w (a symbolic link)", ErrNotRegular)
		}
	}
	return f, fi, nil
}
