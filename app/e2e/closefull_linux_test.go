//go:build linux

package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// TestQuitOnAFullDisk: the window quit (Ctrl+Q) on a store whose disk
// another program filled after an import the window ran died of SIGBUS as
// the store closed, a Go stack in the terminal. It now says the disk is
// full and that everything is kept, and exits 1; the store reads on the
// full disk, and with room it is sound.
func TestQuitOnAFullDisk(t *testing.T) {
	var disk string
	s := startSessionThen(t, func(s *session) {
		disk = tmpfstest.New(t, 96<<20)
		s.store = filepath.Join(disk, "store")
		s.cli("-store", s.store, "list") // the store made, with its seeds
	})
	var b strings.Builder
	for i := range 300 {
		text := fmt.Sprintf("Minister %03d said the budget was late. ", i) + strings.Repeat("The budget office said nothing more. ", 12)
		fmt.Fprintf(&b, `{"text":%q,"source":"wire/%03d.txt","spans":[{"start":0,"end":12,"text":%q,"label":"actor","annotator":"e2e"}]}`+"\n", text, i, text[:12])
	}
	in := filepath.Join(s.dir, "wire.jsonl")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := s.cli("-store", s.store, "-user", "e2e", "import", in); !strings.Contains(out, "imported 300 new documents") {
		t.Fatalf("the import the window ran said %s", out)
	}
	tmpfstest.Fill(t, disk, 0) // another program fills the disk
	s.xdo("key", "ctrl+q")
	var err error
	select {
	case err = <-s.exited:
	case <-time.After(20 * time.Second):
		t.Fatalf("skein did not quit on Ctrl+Q\n%s", s.appOut.String())
	}
	out := s.appOut.String()
	want := "skein: the disk of store " + s.store + " is full (0 MB free; closing the store writes about "
	var ee *exec.ExitError
	if !strings.Contains(out, want) || !strings.Contains(out, "everything said to be stored is kept") || strings.Contains(out, "goroutine") ||
		!errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("quitting on the full disk: %v, said\n%s\nwant exit status 1 and %q…", err, out, want)
	}
	if list := s.cli("-store", s.store, "list"); strings.Count(list, "actor 1 ") != 300 {
		t.Errorf("skein list on the full disk lists %d of the 300 articles:\n%.600s", strings.Count(list, "actor 1 "), list)
	}
	os.Remove(filepath.Join(disk, tmpfstest.Filler))
	if out := s.cli("-store", s.store, "check"); !strings.HasPrefix(out, "store is sound: 305 articles") {
		t.Errorf("skein check with room said %s", out)
	}
}
