package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/tmpfstest"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/store"
)

// still waits a moment for any pass still to come and says whether the
// status line still says what it said.
func still(w *Window, said string) bool {
	time.Sleep(300 * time.Millisecond)
	settle(w)
	return w.status.Text == said
}

// File ▸ Team ▸ Assign… said "Assigned 2 articles (…)", and a moment
// later bilal's work arrived: the pass's "bilal: 1 span in …" took the
// status line before the researcher had read what Assign did. Assign's
// message stands; the arrival is on the Team tab.
func TestArrivalDoesNotReplaceAssignsMessage(t *testing.T) {
	_, a, _, bilalAdds := aliceAndBilal(t)
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil && w.tm.panel.State().Folder != "" })
	w.assign(w.tm.folder, []string{"alice", "bilal"}, 1)
	until(t, w, "Assign to say what it did", func() bool { return strings.HasPrefix(w.status.Text, "Assigned ") })
	said := w.status.Text
	s := bilalAdds(frag(t, docKakar, "60%"))
	until(t, w, "bilal's span read", func() bool { _, err := a.Span(s.ID); return err == nil })
	until(t, w, "the Team tab to tell of it", func() bool { return strings.HasPrefix(w.tm.panel.State().Last, "bilal: 1 span") })
	if !still(w, said) {
		t.Errorf("bilal's arrival replaced Assign's %q on the status line with %q", said, w.status.Text)
	}
	// Once the researcher did something else, arrivals are said again.
	w.setStatus("Reading on.")
	s = bilalAdds(frag(t, docKakar, "TTP"))
	until(t, w, "the next arrival said", func() bool { return strings.HasPrefix(w.status.Text, "bilal: 1 span") })
}

// A take read in alice's laptop's copy, and the team folder was moved
// away a moment after: the pass's "sync the team folder: … is not there"
// replaced what the take read in before the researcher had read it. Both
// are said now, the take's first: the folder away matters too.
func TestTakeMessageStandsThenTheFolderAway(t *testing.T) {
	w, _, laptop, el, _ := aliceWindowAndLaptop(t)
	folder := w.tm.folder.Dir()
	laptopSpan(t, laptop, el)
	until(t, w, "the Team tab to tell of the laptop's newer copy", func() bool { return len(w.tm.panel.State().Twins) == 1 })
	w.tm.panel.OnTake(el.Machine())
	until(t, w, "the take to say what it read in", func() bool { return strings.HasPrefix(w.status.Text, "read in from machine "+el.Machine()) })
	took := w.status.Text
	if err := os.Rename(folder, folder+".away"); err != nil {
		t.Fatal(err)
	}
	defer os.Rename(folder+".away", folder)
	until(t, w, "the pass to find the folder away", func() bool { return strings.Contains(w.tm.panel.State().Err, "is not there") })
	settle(w)
	want := "R" + took[1:] + ". After that: The team folder's sync failed: team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in;"
	if !strings.HasPrefix(w.status.Text, want) {
		t.Errorf("the status line says %q\nwant it to begin %q", w.status.Text, want)
	}
	if said := w.status.Text; !still(w, said) {
		t.Errorf("the take's message and the folder away gave way to %q", w.status.Text)
	}
}

// A take's message stands over the team folder going away, coming back
// and going away again: each pass's message is said after the take's in
// place of the pass before's, never one after another ("… After that: …
// After that: …"), which grew the status line past a 1024×600 window's
// bottom edge.
func TestTakeMessageStandsOnceOverManyPasses(t *testing.T) {
	w, _, laptop, el, _ := aliceWindowAndLaptop(t)
	folder := w.tm.folder.Dir()
	laptopSpan(t, laptop, el)
	until(t, w, "the Team tab to tell of the laptop's newer copy", func() bool { return len(w.tm.panel.State().Twins) == 1 })
	w.tm.panel.OnTake(el.Machine())
	until(t, w, "the take to say what it read in", func() bool { return strings.HasPrefix(w.status.Text, "read in from machine "+el.Machine()) })
	took := "R" + w.status.Text[1:] + ". After that: "
	for i := 0; i < 2; i++ {
		if err := os.Rename(folder, folder+".away"); err != nil {
			t.Fatal(err)
		}
		until(t, w, "the pass to find the folder away", func() bool { return strings.Contains(w.status.Text, "is not there") })
		if err := os.Rename(folder+".away", folder); err != nil {
			t.Fatal(err)
		}
		until(t, w, "the pass to find the folder back", func() bool { return strings.Contains(w.status.Text, folder+" is back: ") })
	}
	s := w.status.Text
	if !strings.HasPrefix(s, took) || strings.Count(s, "After that:") != 1 || strings.Contains(s, "is not there") {
		t.Errorf("the status line says %q\nwant the take's message, then only the last pass's (the folder back)", s)
	}
}

// A take read in, and the window's write of what it read in found the
// team folder's disk full (a real tmpfs, filled): the failure is said
// after the take's message, not in its place, and not left unsaid.
func TestTakeMessageThenAFullDisk(t *testing.T) {
	folder := tmpfstest.New(t, 512<<10)
	a, laptop := realStore(t), realStore(t)
	if _, err := team.Connect(a, folder, "alice"); err != nil {
		t.Fatal(err)
	}
	el, err := team.Open(laptop, folder, "alice")
	if err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil && w.tm.panel.State().Folder != "" })
	laptopSpan(t, laptop, el)
	until(t, w, "the Team tab to tell of the laptop's newer copy", func() bool { return len(w.tm.panel.State().Twins) == 1 })
	tmpfstest.Fill(t, folder, 0)
	w.tm.panel.OnTake(el.Machine())
	until(t, w, "the take and the write's failure said", func() bool {
		return strings.Contains(w.status.Text, "no space left on device")
	})
	s := w.status.Text
	if !strings.HasPrefix(s, "Read in from machine "+el.Machine()+" where newer: ") || !strings.Contains(s, ". After that: The team folder's sync failed: team folder "+folder+": cannot write ") ||
		!strings.HasSuffix(s, "its disk is full: make room there; your work is in the store, and the next sync writes it.") {
		t.Errorf("the status line says %q; want the take's message, then the full disk", s)
	}
}

// laptopSpan adds a span of alice's on her laptop and writes it to the
// team folder from there.
func laptopSpan(t *testing.T, laptop *store.Store, el *team.Engine) {
	t.Helper()
	s := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Annotator: "alice", Label: "figure", Fragments: []annotate.Fragment{frag(t, docKakar, "60%")}}
	if err := laptop.Apply(context.Background(), annotate.AddSpan("alice", s)); err != nil {
		t.Fatal(err)
	}
	if _, err := el.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
}
