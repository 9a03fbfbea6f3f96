//go:build linux

package app

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/internal/nolocktest"
	"github.com/skein-news/skein/store"
)

// File ▸ Export… to a file on a disk that cannot lock (an NFS mount
// without its lock daemon) wrote its hidden file unheld and said nothing,
// where skein export says, in a note, that the next export there cannot
// tell what a kill leaves from an export being written. The window's
// report now gives the same note, once, in a paragraph of its own; so it
// does for a brat or WebAnno folder, whose writer gives the note among
// the format's, and which the report said as one "on what the format
// cannot hold". The
// refusal is the kernel's: a child process of this test opens the store,
// then a seccomp filter makes every flock after that fail with ENOLCK, as
// that disk does (nolocktest), and the child exports through the dialog
// as a person would, under Fyne's test driver. (Under Xvfb the real
// window can be run under the filter too, but a test there cannot read
// the report's words: no clipboard tool, no text from the pixels.)
func TestWindowExportOnADiskThatCannotLock(t *testing.T) {
	if dir := nolocktest.ChildArg(); dir != "" {
		st := bilalStore(t) // its lock taken before the filter, as a store's on a disk that can lock
		t.Cleanup(func() { st.Close() })
		nolocktest.Refuse(t, 0)
		exportsSayTheDisk(t, st, dir, true)
		return
	}
	nolocktest.InChild(t, t.TempDir())
	// Where the disk locks, the same exports say nothing of it.
	st := bilalStore(t)
	t.Cleanup(func() { st.Close() })
	exportsSayTheDisk(t, st, t.TempDir(), false)
}

// exportsSayTheDisk exports st's skein JSONL and hf into dir through File ▸
// Export… and checks the report gives the note of a disk that cannot lock
// (noLocks) or does not, and that the export is in place with nothing
// hidden left beside it.
func exportsSayTheDisk(t *testing.T, st *store.Store, dir string, noLocks bool) {
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "bilal", false))
	for _, c := range []struct{ format, name, made string }{
		{"skein", "bilal.jsonl", "bilal.jsonl"},
		// The rows and their label list, kept in a journal meanwhile: the
		// note once, for the folder.
		{"hf", "ner.jsonl", "ner.labels.json"},
		// Folders, chosen in the folder dialog: their writers give the
		// note among the format's notes, and the report said it as one
		// of "notes on what the format cannot hold".
		{"brat", "brat", "brat/annotation.conf"},
		{"webanno", "inception", "inception"},
	} {
		path := filepath.Join(dir, c.name)
		// skein export's words
		note := formats.FileLockNote(path, syscall.ENOLCK)
		if formats.WritesFolder(c.format) {
			note = c.format + ": the disk of " + path + " cannot lock files (no locks available): "
			exportFolderFromWindow(t, w, c.format, path)
		} else {
			exportFromWindow(t, w, c.format, false, path)
			if !strings.Contains(note, "export: the disk of "+path+" cannot lock files (no locks available): ") || !strings.HasSuffix(note, "(skein check -export "+dir+" lists them)") {
				t.Fatalf("the command line's note is %q", note)
			}
		}
		msg := dialogText(t, w)
		said := strings.Count(msg, "cannot lock")
		at := strings.Index(msg, "\n\n"+note)
		switch {
		case noLocks && (said != 1 || at < 0 || !strings.HasSuffix(strings.SplitN(msg[at+2:], "\n", 2)[0], "(skein check -export "+dir+" lists them)")):
			t.Errorf("%s: the report says\n%s\nwant, once, in a paragraph of its own:\n%s", c.format, msg, note)
		case noLocks && strings.HasSuffix(msg[:at], " cannot hold:"):
			t.Errorf("%s: the report says the disk's note as one on what the format cannot hold:\n%s", c.format, msg)
		case !noLocks && said != 0:
			t.Errorf("%s, on a disk that locks: the report says\n%s", c.format, msg)
		}
		if !strings.HasPrefix(msg, "Exported "+c.format+" to "+path) || !strings.HasPrefix(w.status.Text, "Exported "+c.format+" to "+path) {
			t.Errorf("%s: the report says\n%s\nthe status line %q; want where it went", c.format, msg, w.status.Text)
		}
		press(w, fyne.KeyEscape) // the report
		for _, f := range []string{path, filepath.Join(dir, c.made)} {
			if _, err := os.Stat(f); err != nil {
				t.Errorf("%s: %v", c.format, err)
			}
		}
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".skein-") {
				t.Errorf("%s: the export left %s beside it", c.format, e.Name())
			}
		}
	}
}

// exportFolderFromWindow exports format (brat, webanno) into the folder
// dir with File ▸ Export…, chosen in the folder dialog as a person does:
// it opens at the folder of the last export, dir made beforehand, and
// Export here takes the folder it shows.
func exportFolderFromWindow(t *testing.T, w *Window, format, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	w.app.Preferences().SetString(prefExportDir, dir)
	menuItem(t, w, "File", "Export").Action()
	objectsIn[*frame.Select](topDialog(t, w))[0].SetSelected(format)
	tapButton(t, w, "Choose where…")
	tapButton(t, w, "Export here")
	settle(w)
}
