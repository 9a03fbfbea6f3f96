package store

import (
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// The store's recovery keys, written damaged as a torn disk, a bad copy or
// a bug would leave them: an Open (and a read-only open, and a check)
// never panics, never applies half, and either refuses, saying the store
// is damaged (ErrDamaged: the command line then gives the restore hint)
// and what is wrong, or finishes the job where what it holds is whole.
func TestDamagedJournals(t *testing.T) {
	d := newDoc("whole", "2024-05-01", "Kakar said 60% of attacks came from Afghanistan.")
	other := newDoc("gone", "2024-05-02", "An article deleted since the journal was written.")
	journal := func(t *testing.T, b *Batch) []byte {
		enc, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		return enc
	}
	set := func(kv ...[]byte) func(t *testing.T, s *Store) {
		return func(t *testing.T, s *Store) { t.Helper(); setKeys(t, s, kv...) }
	}
	count := func(n uint32) []byte { return binary.BigEndian.AppendUint32(nil, n) }
	cases := []struct {
		name string
		// damage writes the keys; refused: the Open must refuse,
		// naming what; otherwise it must finish (written: the batch
		// of wholeBatch is in) and leave no recovery key.
		damage  func(t *testing.T, s *Store)
		refused string
		written bool
	}{
		{"W count truncated", func(t *testing.T, s *Store) {
			b, _ := wholeBatch(d, 5)
			set(wholeKey(1), journal(t, b), []byte{pWhole}, []byte{0, 1})(t, s)
		}, "journal", false},
		{"W count naming a piece that is missing", func(t *testing.T, s *Store) {
			b, _ := wholeBatch(d, 5)
			set(wholeKey(1), journal(t, b), []byte{pWhole}, count(2))(t, s)
		}, "journal", false},
		{"W piece truncated", func(t *testing.T, s *Store) {
			b, _ := wholeBatch(d, 5)
			enc := journal(t, b)
			set(wholeKey(1), enc[:len(enc)/2], []byte{pWhole}, count(1))(t, s)
		}, "journal", false},
		{"W piece not a batch", func(t *testing.T, s *Store) {
			set(wholeKey(1), []byte(`{"Spans":7}`), []byte{pWhole}, count(1))(t, s)
		}, "journal", false},
		{"W journal naming an article no longer stored", func(t *testing.T, s *Store) {
			b, _ := wholeBatch(d, 5)
			sp := newSpan(other, "ana", "claim", 0, 2)
			b.Spans = append(b.Spans, sp)
			set(wholeKey(1), journal(t, b), []byte{pWhole}, count(1))(t, s)
		}, "journal", false},
		{"W journal whole, beside a P split key", func(t *testing.T, s *Store) {
			b, _ := wholeBatch(d, 5)
			doc, _ := docBytes(d.ID)
			set(wholeKey(1), journal(t, b), []byte{pWhole}, count(1),
				append([]byte{pSplit}, doc[:]...), splitOf(b.Spans[0].ID))(t, s)
		}, "", true},
		{"P split key truncated", func(t *testing.T, s *Store) {
			doc, _ := docBytes(d.ID)
			v := splitOf(annotate.NewID(), annotate.NewID())
			set(append([]byte{pSplit}, doc[:]...), v[:len(v)-3])(t, s)
		}, "import", false},
		{"P split key of a short key", func(t *testing.T, s *Store) {
			set([]byte{pSplit, 1, 2}, splitOf())(t, s)
		}, "import", false},
		{"N thread split key truncated", func(t *testing.T, s *Store) {
			sp := newSpan(d, "ana", "claim", 0, 5)
			th := &annotate.Thread{ID: annotate.NewID(), Annotator: "ana", Title: "t", Members: []annotate.Member{{Doc: d.ID, Span: sp.ID}}}
			rec, err := encodeThread(nil, th)
			if err != nil {
				t.Fatal(err)
			}
			set(threadSplitKey(th.ID), rec[:len(rec)-2])(t, s)
		}, "thread", false},
		{"N thread split key of a bad ID", func(t *testing.T, s *Store) {
			set([]byte{pThrSplit, 0xff, 0xfe}, nil)(t, s)
		}, "thread", false},
		{"O deletion key of a short key", func(t *testing.T, s *Store) {
			set([]byte{pDeleting, 1, 2, 3}, nil)(t, s)
		}, "deletion", false},
		{"O deletion of an article no longer stored", func(t *testing.T, s *Store) {
			doc, _ := docBytes(other.ID)
			set(append([]byte{pDeleting}, doc[:]...), nil)(t, s)
		}, "", false},
		{"bulk pending record truncated", func(t *testing.T, s *Store) {
			doc, _ := docBytes(d.ID)
			set(pendKey(1), doc[:5])(t, s)
		}, "pending", false},
		{"bulk pending record of a short key", func(t *testing.T, s *Store) {
			doc, _ := docBytes(d.ID)
			set([]byte{pPend, 9}, doc[:])(t, s)
		}, "pending", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := damagedStore(t, d, c.damage)
			var s *Store
			var err error
			for _, ro := range []bool{false, true} {
				s, err = openNoPanic(t, dir, Options{ReadOnly: ro})
				if c.refused != "" {
					if err == nil {
						s.Close()
						t.Fatalf("read-only %v: opened; want it refused, saying what is wrong with the %s", ro, c.refused)
					}
					if !IsDamaged(err) || !strings.Contains(err.Error(), c.refused) {
						t.Fatalf("read-only %v: refused with %q; want it damaged, naming the %s", ro, err, c.refused)
					}
					continue
				}
				if err != nil {
					t.Fatalf("read-only %v: %v", ro, err)
				}
				if ro {
					s.Close()
					continue
				}
				want := anaBeforeState
				if c.written {
					want = anaAfterState
				}
				if got := wholeState(t, s, d); !sameWords(got, want) {
					t.Errorf("after the open: %q, want %q", got, want)
				}
				for _, p := range []byte{pWhole, pSplit, pThrSplit, pDeleting, pPend} {
					if n := countPrefix(t, s, p); n != 0 {
						t.Errorf("%d %c keys left after the open", n, p)
					}
				}
				rep, err := s.Check(ctx, nil)
				if err != nil || !rep.Sound() {
					t.Errorf("check after the open: %v\n%s", err, rep.Lines())
				}
				s.Close()
			}
			// Refused, the store is as it was: nothing of the journal
			// applied, once the damaged keys are taken out.
			if c.refused != "" {
				db, err := openBadger(badgerOptions(dir, Options{}))
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range []byte{pWhole, pSplit, pThrSplit, pDeleting, pPend} {
					if err := db.DropPrefix([]byte{p}); err != nil {
						t.Fatal(err)
					}
				}
				db.Close()
				s, err := Open(dir, Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if got := wholeState(t, s, d); !sameWords(got, anaBeforeState) {
					t.Errorf("after the refusals: %q, want it as before, %q", got, anaBeforeState)
				}
			}
		})
	}
}

// damagedStore is a new store, closed, holding ana's older work on d
// (anaBefore) and the articles also, then what damage wrote.
func damagedStore(t *testing.T, d *annotate.Document, damage func(*testing.T, *Store), also ...*annotate.Document) string {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	anaBefore(t, s, d)
	putDocs(t, s, also...)
	damage(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// setKeys writes the keys and values kv (key, value, key, value…) as
// they are, in one transaction, as a torn disk or a bug might.
func setKeys(t *testing.T, s *Store, kv ...[]byte) {
	t.Helper()
	if err := s.db.Update(func(txn *badger.Txn) error {
		for i := 0; i < len(kv); i += 2 {
			if err := txn.Set(kv[i], kv[i+1]); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// splitOf is a split key's value naming ids.
func splitOf(ids ...string) []byte {
	b := binary.AppendUvarint(nil, uint64(len(ids)))
	for _, id := range ids {
		b = binary.AppendUvarint(b, uint64(len(id)))
		b = append(b, id...)
	}
	return b
}

// openNoPanic is Open, failing the test (not the run) where it panics.
func openNoPanic(t *testing.T, dir string, opt Options) (s *Store, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Open panicked: %v", r)
		}
	}()
	return Open(dir, opt)
}
