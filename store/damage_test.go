package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// damageFixture writes a closed store with articles (their texts in the
// value log), spans of two annotators and a thread, and returns its folder.
func damageFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs, spans := genCorpus(21, 40, 2500, 6, "ana", "ben")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	link, err := annotate.NewLink("ana", spans[0], spans[6], "supports")
	if err != nil {
		t.Fatal(err)
	}
	apply(t, s, link)
	apply(t, s, annotate.AddSpan("ana", newSpan(docs[3], "ana", "claim", 1, 9)))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// crashFixture writes a store and copies its files while it is open, as a
// kill would leave them: changes still in the memtables' logs (.mem).
func crashFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs, spans := genCorpus(22, 10, 1500, 6, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 30; i++ {
		apply(t, s, annotate.AddSpan("ben", newSpan(docs[i%10], "ben", "actor", i, i+4)))
	}
	crash := t.TempDir()
	copyDir(t, dir, crash)
	os.Remove(filepath.Join(crash, "LOCK"))
	return crash
}

// dump is everything an export reads, as text: the list, every article
// with its spans, and the threads.
func dump(s *Store) (string, error) {
	var out []any
	err := s.Documents(ctx, func(di DocInfo) error { out = append(out, di); return nil })
	if err != nil {
		return "", err
	}
	err = s.EachDocument(ctx, func(d *annotate.Document) error {
		spans, err := s.Spans(d.ID)
		out = append(out, d, spans)
		return err
	})
	if err != nil {
		return "", err
	}
	err = s.Threads(ctx, func(th *annotate.Thread) error { out = append(out, th); return nil })
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func openDump(dir string) (string, error) {
	s, err := Open(dir, Options{})
	if err != nil {
		return "", err
	}
	got, err := dump(s)
	if cerr := s.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return got, err
}

// copyDir copies the files of a store folder, leaving the zero stretches
// of Badger's preallocated files as holes.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(to, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		const chunk = 64 << 10
		for off := 0; off < len(b); off += chunk {
			c := b[off:min(off+chunk, len(b))]
			if bytes.Count(c, []byte{0}) == len(c) {
				continue
			}
			if _, err := out.WriteAt(c, int64(off)); err != nil {
				t.Fatal(err)
			}
		}
		if err := out.Truncate(int64(len(b))); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBitFlips flips one bit at a time in every kind of file a closed store
// holds and reads everything back: each flip is either found (an error that
// says the store is damaged) or harmless (the same dump), never a changed
// article, title or span.
func TestBitFlips(t *testing.T) {
	t.Run("closed", func(t *testing.T) { testBitFlips(t, damageFixture(t)) })
	t.Run("killed", func(t *testing.T) { testBitFlips(t, crashFixture(t)) })
}

func testBitFlips(t *testing.T, pristine string) {
	// The fixture is only ever copied, so each try starts from the files
	// as Close left them.
	work := t.TempDir()
	copyDir(t, pristine, work)
	want, err := openDump(work)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string][]string{}
	entries, _ := os.ReadDir(pristine)
	for _, e := range entries {
		name := e.Name()
		kind := filepath.Ext(name)
		if kind == "" {
			kind = name
		}
		kinds[kind] = append(kinds[kind], name)
	}
	for _, k := range []string{".vlog", "MANIFEST"} {
		if len(kinds[k]) == 0 {
			t.Fatalf("the fixture has no %s file: %v", k, kinds)
		}
	}
	r := rand.New(rand.NewPCG(5, 7))
	for kind, names := range kinds {
		if kind == "LOCK" {
			continue
		}
		t.Run(kind, func(t *testing.T) {
			found, harmless := 0, 0
			tries := 8
			if raceOn {
				tries = 3 // each open of a killed store replays its log: ~5 s under -race
			}
			for try := 0; try < tries; try++ {
				dir := t.TempDir()
				copyDir(t, pristine, dir)
				name := names[r.IntN(len(names))]
				path := filepath.Join(dir, name)
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if len(b) == 0 {
					continue
				}
				// Flip inside what was written: Badger preallocates
				// its logs, and the zero tail is never read.
				used := len(b)
				for used > 1 && b[used-1] == 0 {
					used--
				}
				at := r.IntN(used)
				b[at] ^= 1 << r.IntN(8)
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
				got, err := openDump(dir)
				switch {
				case err != nil && IsDamaged(err):
					found++
				case err != nil:
					t.Errorf("flip at %s:%d: error that does not say the store is damaged: %v", name, at, err)
				case got != want:
					t.Errorf("flip at %s:%d: the store read back changed, with no error", name, at)
				default:
					harmless++
				}
			}
			t.Logf("%s: %d found, %d harmless", kind, found, harmless)
		})
	}
}

// TestMissingManifest: a folder with tables but no MANIFEST is refused,
// named as damaged, and left as it was (Badger would have made a new store
// and deleted every table).
func TestMissingManifest(t *testing.T) {
	dir := damageFixture(t)
	before, _ := os.ReadDir(dir)
	if err := os.Remove(filepath.Join(dir, "MANIFEST")); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, Options{})
	if err == nil {
		s.Close()
		t.Fatal("Open of a store without its MANIFEST succeeded")
	}
	if !IsDamaged(err) || !strings.Contains(err.Error(), "no MANIFEST") || !strings.Contains(err.Error(), "restore") {
		t.Errorf("got %v, want damage naming the MANIFEST and how to restore", err)
	}
	after, _ := os.ReadDir(dir)
	if len(after) != len(before)-1 {
		t.Errorf("the folder held %d files, now %d: Open changed it", len(before)-1, len(after))
	}
}

// TestNewStoreFolders: an absent or empty folder, or one a kill left while
// the store was being made, becomes a new store.
func TestNewStoreFolders(t *testing.T) {
	for name, setup := range map[string]func(dir string) error{
		"absent":         func(dir string) error { return nil },
		"empty":          func(dir string) error { return os.Mkdir(dir, 0o755) },
		"lock file left": func(dir string) error { os.Mkdir(dir, 0o755); return os.WriteFile(dir+"/LOCK", []byte("1\n"), 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "s")
			if err := setup(dir); err != nil {
				t.Fatal(err)
			}
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		})
	}
}

// TestEmptyLogFiles: a kill can leave the newest memtable or value-log file
// with 0 bytes; the first Open after it works.
func TestEmptyLogFiles(t *testing.T) {
	for _, name := range []string{"00001.mem", "00009.mem", "000009.vlog"} {
		t.Run(name, func(t *testing.T) {
			dir := damageFixture(t)
			want, err := openDump(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := openDump(dir)
			if err != nil {
				t.Fatalf("first open after an empty %s: %v", name, err)
			}
			if got != want {
				t.Error("the store read back changed")
			}
		})
	}
}

// TestTruncatedTable: a table cut short is a sentence saying the store is
// damaged, not a panic.
func TestTruncatedTable(t *testing.T) {
	for _, keep := range []float64{0, 0.01, 0.5, 0.99} {
		dir := damageFixture(t)
		tables, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
		if len(tables) == 0 {
			t.Fatal("no table in the fixture")
		}
		st, _ := os.Stat(tables[0])
		if err := os.Truncate(tables[0], int64(float64(st.Size())*keep)); err != nil {
			t.Fatal(err)
		}
		_, err := openDump(dir)
		if err == nil || !IsDamaged(err) {
			t.Errorf("table cut to %.0f%%: got %v, want damage", keep*100, err)
		} else if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), filepath.Base(tables[0])) {
			t.Errorf("table cut to %.0f%%: %v: want the table named", keep*100, err)
		}
	}
}

// TestChangedTextIsRefused: a text that no longer hashes to its ID (a
// change no checksum caught) is never returned, by Document or by
// EachDocument, and the error names the article.
func TestChangedTextIsRefused(t *testing.T) {
	s := openTest(t)
	docs, _ := genCorpus(61, 50, 1500, 0)
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
		t.Fatal(err)
	}
	d := *docs[30]
	d.Text = strings.Replace(d.Text, " ", "  ", 1)
	doc, _ := docBytes(d.ID)
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(docKey(pDoc, doc), encodeDoc(nil, &d)) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(d.ID); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), d.ID) {
		t.Errorf("Document: got %v, want damage naming %s", err, d.ID)
	}
	n := 0
	err := s.EachDocument(ctx, func(got *annotate.Document) error {
		if got.ID == d.ID {
			t.Error("EachDocument returned the changed article")
		}
		n++
		return nil
	})
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), d.ID) {
		t.Errorf("EachDocument: got %v after %d articles, want damage naming %s", err, n, d.ID)
	}
}

// TestUnlistedTableIsNotDamage: a kill while Badger builds a table (a
// flush, a compaction) leaves a file the MANIFEST does not list yet: empty
// (killed between its creation and its sizing), sized but all zeros, or cut
// short. It holds nothing the store needs; the store opens, reads back the
// same, and Badger removes the file.
func TestUnlistedTableIsNotDamage(t *testing.T) {
	for name, content := range map[string][]byte{
		"empty":     nil,
		"zeros":     make([]byte, 64<<10),
		"cut short": func() []byte { b := make([]byte, 100); b[99] = 0xff; return b }(),
	} {
		t.Run(name, func(t *testing.T) {
			dir := damageFixture(t)
			want, err := openDump(dir)
			if err != nil {
				t.Fatal(err)
			}
			orphan := filepath.Join(dir, "099999.sst")
			if err := os.WriteFile(orphan, content, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := openDump(dir)
			if err != nil {
				t.Fatalf("open with an unlisted %s table: %v", name, err)
			}
			if got != want {
				t.Error("the store read back changed")
			}
			if _, err := os.Stat(orphan); !os.IsNotExist(err) {
				t.Errorf("the unlisted table is still there: %v", err)
			}
		})
	}
}

// TestLostValueIsDamage: Badger hands back no value, and no error, for one
// it cannot read from the value log (its checksum does not match). A span
// list lost that way read as an article without spans wherever the
// articles are read one after another (an export, the team folder's files)
// and was written into a backup with a good checksum; it is damage.
func TestLostValueIsDamage(t *testing.T) {
	pristine := t.TempDir()
	s, err := Open(pristine, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 40 spans: a span list of more than valueThreshold bytes, which goes
	// to the value log.
	docs, spans := genCorpus(23, 3, 2500, 40, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Opened again, the store writes a new value log, and the one that
	// holds the span lists is no longer the newest, which Open checks
	// whole (checkLogs).
	if s, err = Open(pristine, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyDir(t, pristine, dir)
	// The value-log entry of docs[1]'s span list: its key, then (after the
	// version) its value; one changed byte of the value spoils its checksum.
	doc, _ := docBytes(docs[1].ID)
	key := append([]byte{pSpan}, doc[:]...)
	vlogs, _ := filepath.Glob(filepath.Join(dir, "*.vlog"))
	flipped := false
	for _, path := range vlogs {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if i := bytes.Index(b, key); i >= 0 {
			b[i+len(key)+8+20] ^= 0x10
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			flipped = true
		}
	}
	if !flipped {
		t.Fatalf("no value-log entry holds the span list of %s", docs[1].ID)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// As an export reads: each article, then its spans.
	err = s.EachDocument(ctx, func(d *annotate.Document) error {
		_, err := s.Spans(d.ID)
		return err
	})
	if !IsDamaged(err) {
		t.Errorf("reading every article and its spans: got %v, want damage", err)
	}
	if _, err := s.Backup(ctx, io.Discard); !IsDamaged(err) {
		t.Errorf("backup: got %v, want damage", err)
	}
}

// A KEYREGISTRY cut short (a copy stopped part way, a disk's damage) is
// the store damaged, and said so with what to do; Badger's own words were
// all ("Error while reading sanity text. err: EOF").
func TestTruncatedKeyRegistryIsDamage(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, damageFixture(t), dir)
	if err := os.Truncate(filepath.Join(dir, "KEYREGISTRY"), 10); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, Options{})
	if err == nil {
		s.Close()
		t.Fatal("a store with its KEYREGISTRY cut short opened")
	}
	if !IsDamaged(err) {
		t.Errorf("got %v, want it called damage", err)
	}
}

// A store folder the user cannot write into is said as that, with what to
// do; Badger's words were of its pid file. (The tests run as root, whom a
// folder's mode does not stop, so the error is Badger's as a user got it;
// run as nobody on a read-only copy, skein list says the same.)
func TestReadOnlyFolderSaysWhatToDo(t *testing.T) {
	badger := fmt.Errorf(`Cannot write pid file "/s/LOCK" err: %w`, &fs.PathError{Op: "open", Path: "/s/LOCK", Err: fs.ErrPermission})
	err := openError("/s", badger)
	if IsDamaged(err) || !strings.Contains(err.Error(), "cannot open store /s: you cannot write into its folder") || !strings.Contains(err.Error(), "copy the folder somewhere you can write") {
		t.Errorf("got %v", err)
	}
	if err := openError("/s", errors.New("Error while reading sanity text. err: EOF")); !IsDamaged(err) {
		t.Errorf("damage: got %v", err)
	}
}
