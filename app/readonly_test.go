package app

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/store"
	"github.com/skein-news/skein/store/rofolder"
	"github.com/skein-news/skein/store/stuck"
)

// docsStore is a new store holding testDocs, open, and its folder.
func docsStore(t *testing.T) (string, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	rw, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rw.WriteBatch(context.Background(), &store.Batch{Docs: testDocs()}); err != nil {
		rw.Close()
		t.Fatal(err)
	}
	return dir, rw
}

// readOnlyWithThread adds alice's actor span on "Kakar" and her thread "who
// said it" of it to the store rw open in dir, closes it, makes the folder
// one the user cannot write and opens it read-only. It returns the span,
// the store and the folder's state before the window.
func readOnlyWithThread(t *testing.T, dir string, rw *store.Store) (*annotate.Span, *store.Store, map[string]string) {
	t.Helper()
	sp := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Annotator: "alice", Label: annotate.Actor,
		Fragments: []annotate.Fragment{frag(t, docKakar, "Kakar")}, Created: annotate.NowMillis()}
	for _, ch := range []*annotate.Change{annotate.AddSpan("alice", sp), annotate.NewThread("alice", "who said it", sp)} {
		if err := rw.Apply(context.Background(), ch); err != nil {
			t.Fatal(err)
		}
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	rofolder.Make(t, dir)
	before := rofolder.State(t, dir)
	st, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return sp, st, before
}

// refusedReadOnly does what and checks that the window refused it with
// the read-only message alone, opening no dialog.
func refusedReadOnly(t *testing.T, w *Window, what string, do func()) {
	t.Helper()
	w.setStatus("")
	do()
	settle(w)
	if got := w.status.Text; got != readOnlyMessage {
		t.Errorf("%s: status %q, want %q", what, got, readOnlyMessage)
	}
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("%s opened a dialog", what)
		w.win.Canvas().Overlays().Remove(top)
	}
}

// A window on a store whose folder the user cannot write shows its
// articles, spans and threads, says it is read-only in its title and its
// status bar, and refuses every action that would write with the one
// message, before anything is drawn; nothing in the folder changes.
func TestReadOnlyWindow(t *testing.T) {
	dir, rw := docsStore(t)
	sp, st, before := readOnlyWithThread(t, dir, rw)
	opt := StoreOptions(st, "alice", false)
	if !opt.ReadOnly || opt.Serve != nil {
		t.Errorf("StoreOptions of a read-only store: ReadOnly %v, serves %v; want read-only, not serving", opt.ReadOnly, opt.Serve != nil)
	}
	w := openWindow(t, test.NewTempApp(t), st, Options{ReadOnly: true, Team: opt.Team})

	if docs := w.docList.Docs(); len(docs) != len(testDocs()) {
		t.Errorf("the list shows %d articles, want %d", len(docs), len(testDocs()))
	}
	open(t, w, docKakar)
	if got := w.win.Title(); got != "skein (read-only) — "+docKakar.Title {
		t.Errorf("title %q, want it to say read-only", got)
	}
	if got := w.who.Text; got != "read-only · annotator: alice" {
		t.Errorf("status bar says %q, want it to say read-only", got)
	}
	if w.labelHintText.Text() != labelHintReadOnly || !w.addLabelBtn.Disabled() {
		t.Errorf("the label bar says %q, + disabled %v; want it read-only", w.labelHintText.Text(), w.addLabelBtn.Disabled())
	}
	if all := w.spanList.All(); len(all) != 1 || all[0].ID != sp.ID {
		t.Errorf("spans shown %v, want alice's", all)
	}
	if th := w.th.DocThreads(); len(th) != 1 || th[0].Title != "who said it" {
		t.Errorf("threads of the article %v, want alice's", th)
	}
	// Nothing in the right column offers what the store would refuse.
	if w.th.Panel().NewEnabled() {
		t.Error("the Threads tab offers New thread from selected span on a read-only store")
	}
	if got := w.th.Hint(); strings.Contains(got, "press") {
		t.Errorf("the Threads tab says %q on a read-only store, want no key that adds", got)
	}
	w.spanList.Describe(sp)
	if got := w.status.Text; strings.Contains(got, "relabel") {
		t.Errorf("a span of the user's described as %q on a read-only store, want no relabel key", got)
	}
	if got := w.spanList.EmptyHint(); strings.Contains(got, "press") {
		t.Errorf("the Spans tab of an article without spans says %q on a read-only store, want no key that labels", got)
	}

	refused := func(what string, do func()) { t.Helper(); refusedReadOnly(t, w, what, do) }
	refused("a label key", func() {
		selectWords(t, w, frag(t, docKakar, "linked the surge"))
		press(w, fyne.Key1)
	})
	if all := w.spanList.All(); len(all) != 1 {
		t.Errorf("after the refused key the article shows %d spans, want 1", len(all))
	}
	refused("undo", w.undo)
	refused("redo", w.redo)
	refused("mark done", menuItem(t, w, "Edit", "Mark article done").Action)
	refused("delete", func() { w.spanList.Delete(sp.ID) })
	refused("import a file", menuItem(t, w, "File", "Import file").Action)
	refused("import a folder", menuItem(t, w, "File", "Import folder").Action)
	refused("drop files", func() { w.importURIs([]fyne.URI{uriOf(t, dir)}) })
	refused("team folder", menuItem(t, w, "File", "Team ▸ Folder").Action)
	refused("assign", menuItem(t, w, "File", "Team ▸ Assign").Action)
	refused("new label", w.showAddLabel)
	if w.docList.State(docKakar.ID).Done {
		t.Error("the row shows the article done")
	}
	if spans := spansOf(t, st, docKakar, "alice"); len(spans) != 1 {
		t.Errorf("the store holds %d spans of alice's, want 1", len(spans))
	}
	w.shutdown()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if after := rofolder.State(t, dir); !reflect.DeepEqual(before, after) {
		t.Errorf("the read-only store's folder changed")
	}
	if !strings.Contains(readOnlyMessage, "copy its folder somewhere you can write") {
		t.Errorf("the message says no way out: %q", readOnlyMessage)
	}
}

// unfinishedStore is a store of testDocs holding a write a kill left under
// way that no open can finish, opened read-only as it stands (as cli's
// openStore opens it), and its folder.
func unfinishedStore(t *testing.T) (string, *store.Store) {
	t.Helper()
	dir, rw := docsStore(t)
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	stuck.Take(t, dir)
	st, err := store.Open(dir, store.Options{ReadOnly: true, LeaveUnfinished: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return dir, st
}

// A window on a store that holds a write a kill left under way, which no
// open can finish, opens it read-only as the command line does (cli's
// openStore) and says why in its status line, at the start and for every
// action it refuses: not that the folder cannot be written.
func TestReadOnlyWindowUnfinishedWrite(t *testing.T) {
	dir, st := unfinishedStore(t)
	opt := StoreOptions(st, "alice", false)
	w := openWindow(t, test.NewTempApp(t), st, opt)
	if docs := w.docList.Docs(); len(docs) != len(testDocs()) {
		t.Errorf("the list shows %d articles, want %d", len(docs), len(testDocs()))
	}
	why := "Store " + dir + " is read-only, as it stands, without an interrupted write that could not be finished (skein -store " + dir + " check -set-aside-unfinished"
	if got := w.status.Text; !strings.HasPrefix(got, why) || !strings.Contains(got, stuck.What) || !strings.HasSuffix(got, "Quit skein before you run that check: it needs the store to itself.") {
		t.Errorf("status at the start %q, want it to begin %q and give the way out, the window quit first", got, why)
	}
	w.setStatus("")
	w.undo()
	settle(w)
	if got := w.status.Text; !strings.HasPrefix(got, why) {
		t.Errorf("undo refused with %q, want %q", got, why)
	}
}

// A window on a store a kill left unclean in a folder the user cannot
// write reads it from a private copy (as cli's openStore opens it), says so
// in its status line with the copy's size, and the copy goes when the
// store is closed.
func TestReadOnlyWindowPrivateCopy(t *testing.T) {
	dir, rw := docsStore(t)
	killed := stuck.Killed(t, dir)
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	rofolder.Make(t, killed)
	before := rofolder.State(t, killed)
	t.Setenv("TMPDIR", t.TempDir())
	st, err := store.OpenPrivateCopy(killed)
	if err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	if docs := w.docList.Docs(); len(docs) != len(testDocs()) {
		t.Errorf("the list shows %d articles, want %d", len(docs), len(testDocs()))
	}
	why := "Store " + killed + " is read from a private copy ("
	if got := w.status.Text; !strings.HasPrefix(got, why) || !strings.Contains(got, " MB in "+os.Getenv("TMPDIR")) {
		t.Errorf("status %q, want it to begin %q and give the copy's size and place", got, why)
	}
	w.shutdown()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(st.Dir()); !os.IsNotExist(err) {
		t.Errorf("the private copy %s is still there after the close: %v", st.Dir(), err)
	}
	if after := rofolder.State(t, killed); !reflect.DeepEqual(before, after) {
		t.Errorf("the store's folder changed")
	}
}

// On a read-only store every action that would write says the one
// read-only message first — before what else it lacks (a selection, a
// span, an item under review) and before any dialog asks for more — and
// opens nothing: a label key with nothing selected said "Select some words
// first…", T and L asked to click a span, T on a span opened the thread
// picker, Note… its dialog.
func TestReadOnlyRefusedFirst(t *testing.T) {
	dir := t.TempDir()
	rw := reviewStoreAt(t, dir)
	sp, st, before := readOnlyWithThread(t, dir, rw)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	refused := func(what string, do func()) { t.Helper(); refusedReadOnly(t, w, what, do) }
	// Nothing selected.
	refused("a label key", func() { press(w, fyne.Key1) })
	refused("T", func() { press(w, fyne.KeyT) })
	refused("L", func() { press(w, fyne.KeyL) })
	refused("Threads ▸ New thread from selection", menuItem(t, w, "Threads", "New thread from selection").Action)
	refused("Threads ▸ Copy to my threads", menuItem(t, w, "Threads", "Copy to my threads").Action)
	refused("Review ▸ Adopt a colleague's decisions", menuItem(t, w, "Review", "Adopt").Action)
	// The user's span selected.
	w.view.SelectSpan(sp.ID)
	w.spanList.SyncRow(sp.ID)
	refused("T on a span", func() { press(w, fyne.KeyT) })
	refused("L on a span", func() { press(w, fyne.KeyL) })
	refused("New thread from a span", menuItem(t, w, "Threads", "New thread from selection").Action)
	refused("a label key on a span", func() { press(w, fyne.Key3) })
	refused("Note…", func() { w.spanList.EditNote(sp.ID) })
	refused("Delete", func() { press(w, fyne.KeyDelete) })
	// Review: before an item is under review, and on one.
	if err := w.StartReview("bob", "carol"); err != nil {
		t.Fatal(err)
	}
	settle(w)
	refused("Review ▸ Accept the agreed spans", menuItem(t, w, "Review", "Accept the agreed").Action)
	for _, k := range []fyne.KeyName{fyne.KeyA, fyne.KeyR, fyne.KeyE} {
		refused("review key "+string(k), func() { press(w, k) })
	}
	press(w, fyne.KeyN)
	settle(w)
	if w.rev.Session().Item() == nil {
		t.Fatal("N put no item under review")
	}
	for _, k := range []fyne.KeyName{fyne.KeyA, fyne.KeyR, fyne.KeyE} {
		refused("review key "+string(k)+" on an item", func() { press(w, k) })
	}
	w.StopReview()
	w.shutdown()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if after := rofolder.State(t, dir); !reflect.DeepEqual(before, after) {
		t.Errorf("the read-only store's folder changed")
	}
}

// windowSizes are the sizes the window's long messages are read at: its
// smallest and the usual desktop one.
func windowSizes(w *Window) map[string]fyne.Size {
	return map[string]fyne.Size{"smallest": w.win.Content().MinSize(), "1400×900": fyne.NewSize(1400, 900)}
}

// A refusal in the status bar is read whole, at the window's smallest size
// as at a desktop's: the read-only message's way out ("copy its folder
// somewhere you can write…") is at its end, which the ellipsis cut off.
// At 1400×900 it takes as many lines as it needs, each ending at a word;
// at the smallest it is cut and a click shows it whole, the window's
// minimum size left as it is (statusReadWhole). The next short message
// takes one line again.
func TestStatusRefusalShownWhole(t *testing.T) {
	w := readOnlyWindow(t)
	for name, size := range map[string]fyne.Size{"smallest": {}, "1400×900": fyne.NewSize(1400, 900)} {
		resizeTo(w, size)
		settle(w)
		w.setStatus("")
		press(w, fyne.Key1)
		settle(w)
		if w.status.Text != readOnlyMessage {
			t.Fatalf("%s: the status bar says %q, want %q", name, w.status.Text, readOnlyMessage)
		}
		if cut := statusReadWhole(t, w, name, size, readOnlyMessage); !cut && size.IsZero() && len(frametest.Lines(w.status)) < 2 {
			t.Errorf("%s: the refusal takes one line, neither wrapped nor cut", name)
		}
		w.setStatus("Opening…")
		if lines := frametest.Lines(w.status); len(lines) != 1 {
			t.Errorf("%s: a short message after it shows as %q, want one line", name, lines)
		}
	}
}

// readOnlyWindow is a window on a store of testDocs whose folder the user
// cannot write, with docKakar open.
func readOnlyWindow(t *testing.T) *Window {
	t.Helper()
	dir, rw := docsStore(t)
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	rofolder.Make(t, dir)
	st, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	return w
}
