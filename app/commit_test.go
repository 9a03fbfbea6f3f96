package app

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

// slowStore is a store whose writes wait until the window has shown the
// change they write, or three seconds have passed: a write that waits them
// all was not overlapped with the window's own work.
type slowStore struct {
	*fakeStore
	mu         sync.Mutex
	writes     int           // writes started
	shownN     int           // changes the window has shown
	bump       chan struct{} // closed, and made anew, at each change shown
	overlapped []bool        // each write's: its change was shown before it ended
}

// wait holds write number i until the window has shown i+1 changes.
func (s *slowStore) wait() {
	s.mu.Lock()
	i := s.writes
	s.writes++
	s.mu.Unlock()
	deadline := time.After(3 * time.Second)
	for {
		s.mu.Lock()
		n, bump := s.shownN, s.bump
		s.mu.Unlock()
		if n > i {
			s.overlapped = append(s.overlapped, true)
			return
		}
		select {
		case <-bump:
		case <-deadline:
			s.overlapped = append(s.overlapped, false)
			return
		}
	}
}

// shown tells the writes that the window has shown one more change.
func (s *slowStore) shown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shownN++
	close(s.bump)
	s.bump = make(chan struct{})
}

func (s *slowStore) Apply(ctx context.Context, c *annotate.Change) error {
	s.wait()
	return s.fakeStore.Apply(ctx, c)
}

func (s *slowStore) Undo(ctx context.Context, user string) (*annotate.Change, error) {
	s.wait()
	return s.fakeStore.Undo(ctx, user)
}

// TestKeyShownWhileStoreWrites: a label key and its undo are written by the
// store while the span list and the article follow them (issue 18: the
// write's wait was added to the key's time), yet every feature that reads
// the store hears of the change only once it is there, and the key returns
// only then — so its frame never shows a change the store does not hold.
func TestKeyShownWhileStoreWrites(t *testing.T) {
	st := &slowStore{fakeStore: newFakeStore(testDocs()...), bump: make(chan struct{})}
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	var inStore []int // the spans the store held when a later feature heard of a change
	w.onChanging(func(c Changed) {
		if c.Change != nil {
			st.shown()
		}
	})
	w.onChanged(func(c Changed) {
		if c.Change != nil {
			inStore = append(inStore, len(spansOf(t, st.fakeStore, docKakar, "alice")))
		}
	})

	selectWords(t, w, frag(t, docKakar, "Kakar"))
	press(w, fyne.Key1)
	if n := len(spansOf(t, st.fakeStore, docKakar, "alice")); n != 1 || len(w.spanList.All()) != 1 {
		t.Fatalf("after the key: %d spans stored, %d listed; want 1 and 1", n, len(w.spanList.All()))
	}
	w.undo()
	settle(w)
	if n := len(spansOf(t, st.fakeStore, docKakar, "alice")); n != 0 || len(w.spanList.All()) != 0 {
		t.Fatalf("after the undo: %d spans stored, %d listed; want 0 and 0", n, len(w.spanList.All()))
	}
	if len(st.overlapped) != 2 || !st.overlapped[0] || !st.overlapped[1] {
		t.Errorf("the key's and the undo's writes saw the change shown meanwhile: %v, want [true true]", st.overlapped)
	}
	if len(inStore) != 2 || inStore[0] != 1 || inStore[1] != 0 {
		t.Errorf("the features that read the store heard of the key and the undo with %v spans stored, want [1 0]", inStore)
	}
}

// TestRefusedChangeIsNotShown: a relabel the store refuses (the span was
// changed behind the window's back) leaves the span list and the store as
// they were, and the status bar says why, though
// the list had followed the change while the store was writing it.
func TestRefusedChangeIsNotShown(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "Kakar"))
	st.mu.Lock()
	st.spans[s.ID].Note = "changed by another window"
	st.mu.Unlock()

	w.view.SelectSpan(s.ID)
	press(w, fyne.Key2) // relabel as actor: refused
	settle(w)
	if got := w.spanList.All(); len(got) != 1 || got[0].Label != annotate.Claim {
		t.Errorf("the span list shows %v after a refused relabel, want the one claim", got)
	}
	if sp := spansOf(t, st, docKakar, "alice"); len(sp) != 1 || sp[0].Label != annotate.Claim {
		t.Errorf("the store holds %v, want the claim", sp)
	}
	if msg := w.status.Text; !strings.Contains(msg, "could not relabel") {
		t.Errorf("status %q, want it to say the relabel could not be made", msg)
	}
}

// orderStore logs when a write begins, beside what the window's listeners
// log, to tell which came first.
type orderStore struct {
	*fakeStore
	mu  sync.Mutex
	log []string
}

func (s *orderStore) note(what string) {
	s.mu.Lock()
	s.log = append(s.log, what)
	s.mu.Unlock()
}

func (s *orderStore) Apply(ctx context.Context, c *annotate.Change) error {
	s.note("write")
	return s.fakeStore.Apply(ctx, c)
}

func (s *orderStore) Undo(ctx context.Context, user string) (*annotate.Change, error) {
	s.note("write")
	return s.fakeStore.Undo(ctx, user)
}

// TestStoreWriteStartsBeforeTheListeners: on one busy core (GOMAXPROCS 1),
// a label key's and an undo's write is under way before the first
// listener that shows the change runs, not queued behind the goroutines
// the listeners start (issue 18: the write began only once the
// suggestions' job had ended).
func TestStoreWriteStartsBeforeTheListeners(t *testing.T) {
	st := &orderStore{fakeStore: newFakeStore(testDocs()...)}
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	first := func(c Changed) {
		if c.Change != nil {
			st.note("shown")
		}
	}
	w.early = append([]func(Changed){first}, w.early...)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	selectWords(t, w, frag(t, docKakar, "Kakar"))
	press(w, fyne.Key1)
	w.undo()
	settle(w)
	st.mu.Lock()
	got := strings.Join(st.log, " ")
	st.mu.Unlock()
	if want := "write shown write shown"; got != want {
		t.Errorf("got %q, want %q: each write begun before the change is shown", got, want)
	}
}

// fullStore refuses every write, as a full disk does.
type fullStore struct{ *fakeStore }

func (s fullStore) Apply(context.Context, *annotate.Change) error {
	return errors.New("no space left on device")
}

// TestRefusedKeyKeepsTheWords: a label key whose write fails shows no span
// and no span marked as made, says why, and leaves the words selected for
// another try, though the span list, the article and the status line had
// followed the key while the store was writing it.
func TestRefusedKeyKeepsTheWords(t *testing.T) {
	st := fullStore{newFakeStore(testDocs()...)}
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	f := frag(t, docKakar, "Kakar")
	selectWords(t, w, f)
	press(w, fyne.Key1)
	settle(w)
	if n := len(w.spanList.All()); n != 0 || w.view.SelectedSpan() != "" || w.spanList.Selected() != -1 {
		t.Errorf("after a refused key: %d spans listed, span %q selected, row %d; want none", n, w.view.SelectedSpan(), w.spanList.Selected())
	}
	if msg := w.status.Text; !strings.Contains(msg, "no space left on device") || strings.Contains(msg, "Added") {
		t.Errorf("status %q, want it to say why the span was not added", msg)
	}
	if sel := w.view.Selection(); len(sel) != 1 || sel[0] != f {
		t.Errorf("selection %v after a refused key, want the words %v again", sel, f)
	}
}

// TestDuringRunsWhileTheStoreWrites: what a change's maker shows of it
// (commitWhile's during: a label key's status, its row and its span
// marked) is done while the store writes the change, not after: a write
// that waits for it ends, where it would wait its whole three seconds.
func TestDuringRunsWhileTheStoreWrites(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	shown := make(chan struct{})
	waited := false
	ch := annotate.AddSpan("alice", &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID,
		Fragments: []annotate.Fragment{frag(t, docKakar, "Kakar")}, Label: annotate.Claim, Annotator: "alice"})
	err := w.commitWhile(changeOf(ch, false), func() error {
		select {
		case <-shown:
		case <-time.After(3 * time.Second):
			waited = true
		}
		return st.Apply(context.Background(), ch)
	}, func() { close(shown) })
	if err != nil || waited {
		t.Errorf("commitWhile: %v; the write waited for during until it gave up: %v, want false", err, waited)
	}
}
