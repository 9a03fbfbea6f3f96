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
	s, disk := startSessionOnTmpfs(t)
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

// TestKeyOnAFullDisk: a label key pressed after another program filled
// the store's disk, the key before it stored, is refused with the figures
// on the status line and not stored; the window lives on (Badger's write
// into the full disk would have killed it with SIGBUS), and the span of
// the key before is kept.
func TestKeyOnAFullDisk(t *testing.T) {
	s, disk := startSessionOnTmpfs(t)
	y := s.y + articleLineY(s.h)
	s.drag(s.x+s.w*34/100, s.x+s.w*46/100, y)
	s.xdo("key", "1")
	time.Sleep(700 * time.Millisecond)
	s.checkClaim(s.export(), "before the disk filled")

	tmpfstest.Fill(t, disk, 0) // another program fills the disk
	s.drag(s.x+s.w*50/100, s.x+s.w*60/100, y)
	s.xdo("key", "2")
	time.Sleep(700 * time.Millisecond)
	if shot := os.Getenv("SKEIN_SCREENSHOT"); shot != "" {
		screenshot(t, s.env, shot) // to look at: the status line, no actor
	}
	// The status line says it (seen on the screenshot); the log beside it
	// is what a test can read.
	want := "disk full: 0 MB free, the change needs about"
	if out := s.appOut.String(); !strings.Contains(out, "could not add actor") || !strings.Contains(out, want) || strings.Contains(out, "goroutine") {
		t.Errorf("the key on the full disk: the window said\n%s\nwant could not add actor, %q…", out, want)
	}
	// The action said once: the store's 'apply "add actor": ' before the
	// figures named it again, in the store's words.
	if out := s.appOut.String(); strings.Contains(out, `apply "`) {
		t.Errorf("the key on the full disk: the window said\n%s\nwant the action named once, without the store's apply", out)
	}
	spans := s.export() // served by the window, which lives on
	s.checkClaim(spans, "with the window open on the full disk")
	for _, sp := range spans {
		if sp.Label == "actor" {
			t.Errorf("the actor refused on the full disk is exported: %q", sp.Text)
		}
	}
	s.xdo("key", "ctrl+q")
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		t.Fatalf("skein did not quit on Ctrl+Q\n%s", s.appOut.String())
	}
	os.Remove(filepath.Join(disk, tmpfstest.Filler))
	spans = s.export()
	s.checkClaim(spans, "after quitting, with room")
	for _, sp := range spans {
		if sp.Label == "actor" {
			t.Errorf("the actor refused on the full disk is stored: %q", sp.Text)
		}
	}
}

// startSessionOnTmpfs starts the window on a store, with its seeds, in a
// tmpfs of 96 MB of its own, which it returns for the test to fill.
func startSessionOnTmpfs(t *testing.T) (*session, string) {
	t.Helper()
	var disk string
	s := startSessionThen(t, func(s *session) {
		disk = tmpfstest.New(t, 96<<20)
		s.store = filepath.Join(disk, "store")
		s.cli("-store", s.store, "list") // the store made, with its seeds
	})
	return s, disk
}
