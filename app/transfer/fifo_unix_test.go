//go:build unix

package transfer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// TestImportRefusesNamedPipes: Unix named pipes (Windows has none in its
// file system).
func TestImportRefusesNamedPipes(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	folder := filepath.Join(dir, "corpus")
	write(t, folder, "a.txt", []byte("Ayesha said so.\n"))
	if err := syscall.Mkfifo(filepath.Join(folder, "b.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A symbolic link to a regular file is followed, as before.
	real := write(t, dir, "real/c.txt", []byte("Bilal denied it.\n"))
	if err := os.Symlink(real, filepath.Join(folder, "c.txt")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, want string
	}{
		{"named", fifo, "x.txt: not a regular file (a named pipe)"},
		{"in a folder", folder, "b.txt: not a regular file (a named pipe)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := importWithin(t, 10*time.Second, []string{c.path}, ImportOptions{User: "me"})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
	res, err := importWithin(t, 10*time.Second, []string{folder}, ImportOptions{User: "me", SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 2 || len(res.Skipped) != 1 {
		t.Errorf("with -skip-invalid: %s; want the file and the linked file in, the pipe skipped", res.Summary())
	}
}

// Files a caller listed (ImportOptions.Listed, a team folder's) are read
// without a look first: a named pipe put in a listed file's place is
// refused by its name, not waited on, and so is a file gone since; with
// -skip-invalid the others are read, and their lines counted.
func TestListedFilesRefusePipes(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	w := annotate.NewJSONLWriter(&buf)
	text := "Kakar said the TTP operates from Afghanistan."
	w.Write(annotate.EncodeDocLine(&annotate.Document{ID: annotate.DocID(text), Text: text}, nil, nil, nil))
	w.Flush()
	good := write(t, dir, "a.jsonl", buf.Bytes())
	pipe := filepath.Join(dir, "b.jsonl")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	gone := filepath.Join(dir, "c.jsonl")
	opt := ImportOptions{Format: "skein", User: "me", Root: dir, Listed: true}
	_, err := importWithin(t, 10*time.Second, []string{good, pipe, gone}, opt)
	for _, want := range []string{"b.jsonl: not a regular file (a named pipe)", "c.jsonl: cannot read: no such file or directory"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %q", err, want)
		}
	}
	opt.SkipInvalid = true
	res, err := importWithin(t, 10*time.Second, []string{good, pipe, gone}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 1 || len(res.Skipped) != 2 || res.Newlines[good] != 1 {
		t.Errorf("with -skip-invalid: %s, %d lines of a.jsonl; want a.jsonl's article in, the pipe and the gone file skipped", res.Summary(), res.Newlines[good])
	}
}

// A symbolic link that leads nowhere, in a folder or named, is refused as
// a link, with where it points: the refusal said "no such file or
// directory" of a file the user could see in the folder. A loop of links
// is named likewise; a good file beside them goes in with -skip-invalid.
func TestImportNamesDanglingLinks(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "corpus")
	write(t, folder, "a.txt", []byte("Ayesha said so.\n"))
	gone := filepath.Join(dir, "moved", "b.txt")
	for link, target := range map[string]string{"b.txt": gone, "c.txt": "d.txt", "d.txt": "c.txt"} {
		if err := os.Symlink(target, filepath.Join(folder, link)); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		path string
		want []string
	}{
		{"in a folder", folder, []string{
			"b.txt: cannot read: a symbolic link to " + gone + ", which is not there",
			"c.txt: cannot read: a symbolic link to d.txt: too many levels of symbolic links",
			"d.txt: cannot read: a symbolic link to c.txt: too many levels of symbolic links"}},
		{"named", filepath.Join(folder, "b.txt"), []string{"b.txt: cannot read: a symbolic link to " + gone + ", which is not there"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := importWithin(t, 10*time.Second, []string{c.path}, ImportOptions{User: "me"})
			for _, want := range c.want {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("got %v, want %q", err, want)
				}
			}
		})
	}
	res, err := importWithin(t, 10*time.Second, []string{folder}, ImportOptions{User: "me", SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 1 || len(res.Skipped) != 3 {
		t.Errorf("with -skip-invalid: %s; want the file in, the three links skipped", res.Summary())
	}
}
