//go:build unix

package formats

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// OpenFile opens first and looks at what it opened: a named pipe (a file
// swapped for one after a look at its path) is opened without waiting
// for a writer and refused, as are a folder, a device and, with noFollow,
// a link; a file over the limit is refused with CheckFile's message. An
// open that waited on the pipe would hang here (no writer ever comes), and
// the test binary's timeout fail it.
func TestOpenFileRefusesWithoutWaiting(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "swapped.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	file := filepath.Join(dir, "file.json")
	os.WriteFile(file, []byte(`{"a":1}`), 0o644)
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path string
		limit      int64
		noFollow   bool
		want       string // "" where the file is opened
	}{
		{"a named pipe", fifo, 0, false, "not a regular file (a named pipe)"},
		{"a named pipe, no link followed", fifo, 0, true, "not a regular file (a named pipe)"},
		{"a folder", dir, 0, false, "not a regular file (a folder)"},
		{"a device", "/dev/null", 0, false, "not a regular file (a character device)"},
		{"a link, not followed", link, 0, true, "not a regular file (a symbolic link)"},
		{"a link, followed", link, 0, false, ""},
		{"over the limit", file, 3, false, "too large: 7 bytes, more than the 3 bytes skein reads as a JSON file"},
		{"missing", filepath.Join(dir, "gone"), 0, false, "cannot read: no such file or directory"},
		{"a file", file, 7, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, fi, err := OpenFile(c.path, c.limit, "a JSON file", c.noFollow)
			if c.want == "" {
				if err != nil || f == nil || fi.Size() != 7 {
					t.Fatalf("OpenFile(%s) = %v, %v; want the file opened", c.name, fi, err)
				}
				f.Close()
				return
			}
			if f != nil {
				f.Close()
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("OpenFile(%s) = %v; want %q", c.name, err, c.want)
			}
			if strings.HasPrefix(c.want, "not a regular") && (!errors.Is(err, ErrNotRegular) || fi == nil) {
				t.Errorf("OpenFile(%s) = %v, FileInfo %v; want ErrNotRegular and what it is", c.name, err, fi)
			}
		})
	}
}
