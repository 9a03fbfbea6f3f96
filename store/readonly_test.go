package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store/rofolder"
)

// readOnlyFixture makes a closed store with an article, a span of ana's
// and a setting.
func readOnlyFixture(t *testing.T) (dir string, d *annotate.Document, sp *annotate.Span) {
	t.Helper()
	dir = t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d = newDoc("Kakar in Kabul", "2024-01-02", "Kakar said 60 people were killed in Kabul.")
	putDocs(t, s, d)
	sp = newSpan(d, "ana", "actor", 0, 5)
	apply(t, s, annotate.AddSpan("ana", sp))
	if err := s.SetMeta("user", "ana"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, d, sp
}

// A store on a folder the user cannot write is read with Options.ReadOnly,
// by two at once: every read works, every write is refused with
// ErrReadOnly, and nothing in the folder changes. Opened as a store that
// can be written, it is refused with what to do, as before.
func TestReadOnlyStore(t *testing.T) {
	dir, d, sp := readOnlyFixture(t)
	before := rofolder.State(t, dir)

	// Read-only writes nothing even into a folder it could write.
	s, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(d.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if after := rofolder.State(t, dir); !reflect.DeepEqual(before, after) {
		t.Fatalf("a read-only open of a writable folder changed it:\nbefore %v\nafter  %v", before, after)
	}
	if CannotWrite(dir) {
		t.Fatal("CannotWrite says a writable store folder cannot be written")
	}

	rofolder.Make(t, dir)
	before = rofolder.State(t, dir) // as made read-only (chmod changes the modes)
	if !CannotWrite(dir) {
		t.Fatal("CannotWrite says a read-only store folder can be written")
	}
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "you cannot write into its folder") || IsDamaged(err) {
		t.Fatalf("opened to write: got %v, want the folder named as one the user cannot write", err)
	}
	a, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(dir, Options{ReadOnly: true}) // a second reader beside the first
	if err != nil {
		a.Close()
		t.Fatal(err)
	}
	// Beside the readers, a write is refused as one the user cannot make,
	// not as a store open in another process.
	if _, err := Open(dir, Options{}); err == nil || errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "you cannot write into its folder") {
		t.Fatalf("opened to write beside readers: got %v, want the folder named as one the user cannot write", err)
	}
	for _, r := range []*Store{a, b} {
		if !r.ReadOnly() {
			t.Error("ReadOnly() is false on a store opened read-only")
		}
		got, err := r.Document(d.ID)
		if err != nil || got.Text != d.Text {
			t.Fatalf("Document: %v, %v", got, err)
		}
		spans, err := r.LayerSpans(d.ID, "ana")
		if err != nil || !sameSpans(spans, []*annotate.Span{sp}) {
			t.Fatalf("LayerSpans: %v, %v", spans, err)
		}
		if v, ok, err := r.Meta("user"); err != nil || !ok || v != "ana" {
			t.Fatalf("Meta: %q %v %v", v, ok, err)
		}
		rep, err := r.Check(ctx, nil)
		if err != nil || !rep.Sound() {
			t.Fatalf("Check: %v, %v", rep, err)
		}
	}
	other := newDoc("Other", "2024-01-03", "Another article.")
	writes := map[string]func() error{
		"Apply":          func() error { return a.Apply(ctx, annotate.AddSpan("ana", newSpan(d, "ana", "claim", 6, 10))) },
		"SetMeta":        func() error { return a.SetMeta("user", "ben") },
		"PutDocument":    func() error { _, err := a.PutDocument(ctx, other); return err },
		"DeleteDocument": func() error { return a.DeleteDocument(ctx, d.ID) },
		"WriteBatch":     func() error { _, err := a.WriteBatch(ctx, &Batch{Docs: []*annotate.Document{other}}); return err },
	}
	for name, write := range writes {
		err := write()
		var ro *ReadOnlyError
		if !errors.Is(err, ErrReadOnly) || !errors.As(err, &ro) || ro.Dir != dir {
			t.Errorf("%s on a read-only store: got %v, want ErrReadOnly", name, err)
		}
	}
	if spans, err := a.LayerSpans(d.ID, "ana"); err != nil || !sameSpans(spans, []*annotate.Span{sp}) {
		t.Fatalf("after the refused writes: %v, %v", spans, err)
	}
	for _, r := range []*Store{a, b} {
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if after := rofolder.State(t, dir); !reflect.DeepEqual(before, after) {
		t.Fatalf("the read-only store changed:\nbefore %v\nafter  %v", before, after)
	}
}

// A store that was not closed cleanly (a copy of an open one: its memtable's
// log is there, unflushed) cannot be opened read-only, as Badger would
// have to finish it by writing: it is refused as unclean, with what to do,
// not as damage, and nothing is changed. (A writable open finishes it, as
// after any kill: TestKillLoop.)
func TestReadOnlyUncleanStore(t *testing.T) {
	live := t.TempDir()
	s, err := Open(live, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc("Kakar", "2024-01-02", "Kakar said 60 people were killed.")
	putDocs(t, s, d)
	apply(t, s, annotate.AddSpan("ana", newSpan(d, "ana", "actor", 0, 5)))
	killed := t.TempDir()
	copyDir(t, live, killed)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	rofolder.Make(t, killed)
	before := rofolder.State(t, killed)
	_, err = Open(killed, Options{ReadOnly: true})
	if !errors.Is(err, ErrUnclean) || IsDamaged(err) || !strings.Contains(err.Error(), "not closed cleanly") || !strings.Contains(err.Error(), "copy the folder somewhere you can write") {
		t.Fatalf("got %v, want it refused as not closed cleanly, with what to do", err)
	}
	if after := rofolder.State(t, killed); !reflect.DeepEqual(before, after) {
		t.Fatalf("the refused store changed:\nbefore %v\nafter  %v", before, after)
	}
}

// A folder without a store, or no folder, is not made into one read-only.
func TestReadOnlyNoStore(t *testing.T) {
	empty := t.TempDir()
	for _, dir := range []string{empty, filepath.Join(empty, "absent")} {
		if _, err := Open(dir, Options{ReadOnly: true}); err == nil {
			t.Errorf("%s: opened read-only", dir)
		}
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("the empty folder got %d files", len(entries))
	}
}

// Should Badger meet what a kill left before prepareDir does, its words are
// said as an unclean store, not as damage or a folder the user cannot write.
func TestReadOnlyOpenError(t *testing.T) {
	for _, badger := range []string{
		"while opening memtables: while opening fid: 1: end offset: 20 < size: 8388608: Log truncate required to run DB. This might result in data loss",
		"While removing table 7: remove /s/000007.sst: read-only file system",
	} {
		if err := readOnlyOpenError("/s", errors.New(badger)); !errors.Is(err, ErrUnclean) || IsDamaged(err) {
			t.Errorf("%s: got %v", badger, err)
		}
	}
	if err := readOnlyOpenError("/s", errors.New("Error while reading sanity text. err: EOF")); !IsDamaged(err) {
		t.Errorf("damage: got %v", err)
	}
}

// A store folder whose write permission was taken off (chmod -R a-w) is
// read-only to root too, whom the system would let write there: opened to
// write it is refused, saying so; read-only it reads, and nothing in it
// changes. (A user who is not root is stopped by the system itself:
// TestReadOnlyStore.)
func TestReadOnlyFolderForRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("root only: a user who is not root is kept out of a chmod -w folder by the system (TestReadOnlyStore)")
	}
	dir, d, _ := readOnlyFixture(t)
	rofolder.Chmod(t, dir)
	before := rofolder.State(t, dir)
	if !CannotWrite(dir) {
		t.Fatal("CannotWrite says root can write a store folder without write permission")
	}
	_, err := Open(dir, Options{})
	if err == nil || !strings.Contains(err.Error(), "you cannot write into its folder") || !strings.Contains(err.Error(), "no write permission") {
		t.Fatalf("opened to write: got %v, want the folder named as one without write permission", err)
	}
	s, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Document(d.ID); err != nil || got.Text != d.Text {
		t.Fatalf("Document: %v, %v", got, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if after := rofolder.State(t, dir); !reflect.DeepEqual(before, after) {
		t.Fatalf("the chmod -w store changed:\nbefore %v\nafter  %v", before, after)
	}
	rofolder.Unchmod(t, dir)
	if CannotWrite(dir) {
		t.Fatal("CannotWrite says root cannot write the folder once its write permission is back")
	}
}
