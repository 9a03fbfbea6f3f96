package store

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// putBackStore is ana's store (its user ana): article d with her two
// spans in a thread and bob's span in a thread of his, and article m,
// without spans, that ana marked done.
func putBackStore(t *testing.T) (s *Store, d, m *annotate.Document, ana, bob *annotate.Thread) {
	t.Helper()
	s = openTest(t)
	d = newDoc("d", "2024-05-01", "Kakar said 60% of attacks came from Afghanistan.")
	m = newDoc("m", "2024-05-02", "An article ana marked done, with no span.")
	a1, a2 := newSpan(d, "ana", "actor", 0, 5), newSpan(d, "ana", "figure", 11, 14)
	b1 := newSpan(d, "bob", "claim", 0, 5)
	ana = &annotate.Thread{ID: annotate.NewID(), Title: "ana's", Annotator: "ana", Created: annotate.NowMillis(),
		Members: []annotate.Member{{Doc: d.ID, Span: a1.ID}, {Doc: d.ID, Span: a2.ID}}}
	bob = &annotate.Thread{ID: annotate.NewID(), Title: "bob's", Annotator: "bob", Created: annotate.NowMillis(),
		Members: []annotate.Member{{Doc: d.ID, Span: b1.ID}}}
	if _, err := s.WriteBatch(ctx, &Batch{Docs: []*annotate.Document{d, m}, Spans: []*annotate.Span{a1, a2, b1},
		Threads: []*annotate.Thread{ana, bob}, Marks: []*annotate.Mark{{Doc: m.ID, Annotator: "ana", Done: true}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMeta("user", "ana"); err != nil {
		t.Fatal(err)
	}
	return s, d, m, ana, bob
}

// setAsideOf is a set-aside file's JSON holding kv (key, value, …) and
// the fields more adds (or replaces).
func setAsideOf(t *testing.T, more map[string]any, kv ...[]byte) []byte {
	t.Helper()
	var keys []map[string]any
	for i := 0; i < len(kv); i += 2 {
		keys = append(keys, map[string]any{"key": hex.EncodeToString(kv[i]), "value": kv[i+1]})
	}
	rec := map[string]any{"schema": currentSchema(), "store": "/home/ana/skein", "write": "a write (a take from another machine) not yet finished, in its journal",
		"failed": "x", "at": "2026-12-06T18:00:00Z", "keys": keys}
	for k, v := range more {
		rec[k] = v
	}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// journalOf is a take's journal of b, whole: its piece and its count.
func journalOf(t *testing.T, b *Batch) [][]byte {
	t.Helper()
	enc, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return [][]byte{{pWhole}, binary.BigEndian.AppendUint32(nil, 1), wholeKey(1), enc}
}

// A set-aside file put back is read as a colleague's file is: one of an
// attacker's making (mailed "to fix your store", or planted in the store's
// set-aside folder) would otherwise have the next open write its batch
// (another person's layer, spans past their article's text, threads and
// deletions dated years ahead, a deletion of someone else's thread), finish
// a deletion of an article the store holds whole (its threads' members,
// marks and review gone), or take out an article someone marked. Each is
// refused whole, naming the file and the field, and nothing is written.
func TestPutBackHostile(t *testing.T) {
	future := time.Now().AddDate(10, 0, 0).UnixMilli()
	now := annotate.NowMillis()
	cases := []struct {
		name string
		file func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte
		want string
	}{
		{"another person's layer", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			return setAsideOf(t, nil, journalOf(t, &Batch{Spans: []*annotate.Span{newSpan(d, "bob", "claim", 0, 3)},
				Replace: []LayerStamp{{Doc: d.ID, Annotator: "bob", Modified: now}}})...)
		}, "Spans[0] (span "},
		{"a span past its article's text", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			return setAsideOf(t, nil, journalOf(t, &Batch{Spans: []*annotate.Span{newSpan(d, "ana", "claim", 40, 4000)}})...)
		}, "offset 4000 past the end of the text (48 characters)"},
		{"a label no import takes", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			return setAsideOf(t, nil, journalOf(t, &Batch{Spans: []*annotate.Span{newSpan(d, "ana", "claim\nactor", 0, 3)}})...)
		}, "contains a tab or newline"},
		{"a name no import takes", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			return setAsideOf(t, nil, journalOf(t, &Batch{Spans: []*annotate.Span{newSpan(d, "../ana", "claim", 0, 3)}})...)
		}, `the name "../ana"`},
		{"a thread changed years ahead", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			th := ana.Clone()
			th.Title, th.Modified = "for ever", future
			return setAsideOf(t, nil, journalOf(t, &Batch{Threads: []*annotate.Thread{th}, IfNewer: true})...)
		}, "modified: time"},
		{"a thread of a span in another article", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			th := ana.Clone()
			th.Members[1].Doc = m.ID
			return setAsideOf(t, nil, journalOf(t, &Batch{Threads: []*annotate.Thread{th}})...)
		}, "member 2: span"},
		{"a deletion of bob's thread", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			return setAsideOf(t, nil, journalOf(t, &Batch{Gone: []GoneThread{{ID: bob.ID, Annotator: "bob", At: now}}})...)
		}, "Gone[0] (thread "},
		{"a deletion years ahead", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			return setAsideOf(t, nil, journalOf(t, &Batch{Gone: []GoneThread{{ID: ana.ID, Annotator: "ana", At: future}}})...)
		}, "is more than a day after this machine's clock"},
		{"a decision of no verdict", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			return setAsideOf(t, nil, journalOf(t, &Batch{Decisions: []*annotate.Decision{{Doc: d.ID, Span: bob.Members[0].Span, Reviewer: "ana", Verdict: "delete everything", At: now}}})...)
		}, "is none of accept, reject, edit"},
		{"an article whose ID is not its text's", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			fake := *d
			fake.Text = "Another text under d's ID."
			return setAsideOf(t, nil, journalOf(t, &Batch{Docs: []*annotate.Document{&fake}})...)
		}, "its ID is not that of its text"},
		{"a batch of a field skein does not write", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			return setAsideOf(t, nil, []byte{pWhole}, binary.BigEndian.AppendUint32(nil, 1), wholeKey(1), []byte(`{"Docs":null,"Evil":1}`))
		}, `"Evil"`},
		{"a journal without its count", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			return setAsideOf(t, nil, journalOf(t, &Batch{})[2:]...)
		}, "without its count of pieces"},
		{"a key outside the records of writes under way", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			doc, _ := docBytes(d.ID)
			return setAsideOf(t, nil, docKey(pDoc, doc), []byte("x"))
		}, "is not the record of an interrupted write"},
		{"a key given twice", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			doc, _ := docBytes(m.ID)
			return setAsideOf(t, nil, docKey(pSplit, doc), splitOf("x"), docKey(pSplit, doc), splitOf("y"))
		}, "a second time"},
		{"the deletion of an article the store holds whole", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			doc, _ := docBytes(d.ID)
			return setAsideOf(t, nil, docKey(pDeleting, doc), nil)
		}, "which the store holds whole"},
		{"an import's journal naming an article ana marked", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			doc, _ := docBytes(m.ID)
			return setAsideOf(t, nil, []byte{pJournal, 0, 0, 0, 1}, doc[:])
		}, "which someone marked"},
		{"a large thread's record giving bob's thread to ana", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			th := bob.Clone()
			th.Annotator = "ana"
			rec, err := encodeThread(nil, th)
			if err != nil {
				t.Fatal(err)
			}
			return setAsideOf(t, nil, threadSplitKey(bob.ID), rec)
		}, "is bob's in the store, and ana's in the record"},
		{"a newer schema", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			doc, _ := docBytes(m.ID)
			return setAsideOf(t, map[string]any{"schema": currentSchema() + 1}, docKey(pSplit, doc), splitOf("x"))
		}, "a store a newer skein wrote"},
		{"a field skein does not write", func(t *testing.T, d, m *annotate.Document, ana, bob *annotate.Thread) []byte {
			doc, _ := docBytes(m.ID)
			return setAsideOf(t, map[string]any{"run": "rm -rf ~"}, docKey(pSplit, doc), splitOf("x"))
		}, `"run"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, d, m, ana, bob := putBackStore(t)
			file := filepath.Join(t.TempDir(), "fix-your-store.json")
			if err := os.WriteFile(file, c.file(t, d, m, ana, bob), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := s.PutBack(file)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), "nothing was written") {
				t.Fatalf("PutBack = %v; want it refused, naming the file and saying %q and that nothing was written", err, c.want)
			}
			noRecoveryKeys(t, s)
		})
	}
	// What a take writes, put back, is taken: the checks refuse the
	// hostile, not the researcher's own.
	s, d, _, ana, _ := putBackStore(t)
	b, _ := wholeBatch(d, now)
	th := ana.Clone()
	th.Title, th.Modified = "renamed on the laptop", now
	b.Threads, b.IfNewer = []*annotate.Thread{th}, true
	// But only a file this store set aside, as it was: one of ana's own
	// work made elsewhere (which would replace her layer on d with what
	// its maker chose) is refused, as is the store's own changed.
	data := setAsideOf(t, nil, journalOf(t, b)...)
	file := filepath.Join(t.TempDir(), "take.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	notSetAside := "is no write this store set aside"
	if _, err := s.PutBack(file); err == nil || !strings.Contains(err.Error(), notSetAside) || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("PutBack of a file the store did not set aside = %v; want it refused, saying %q", err, notSetAside)
	}
	noRecoveryKeys(t, s)
	if err := s.SetMeta(SetAsideMeta(data), file); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, append(data, ' '), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutBack(file); err == nil || !strings.Contains(err.Error(), notSetAside) {
		t.Fatalf("PutBack of a set-aside file changed since = %v; want it refused, saying %q", err, notSetAside)
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutBack(file); err != nil {
		t.Fatalf("PutBack of a take of ana's own work the store set aside = %v; want it put back", err)
	}
	if _, ok, _ := s.Meta(SetAsideMeta(data)); ok {
		t.Error("the store's record of the file is still there once it is put back")
	}
}

// noRecoveryKeys fails t where s holds a record of a write under way.
func noRecoveryKeys(t *testing.T, s *Store) {
	t.Helper()
	if err := s.db.View(func(txn *badger.Txn) error {
		for _, p := range recoveryPrefixes {
			if anyKey(txn, p) {
				t.Errorf("the store holds a key %q after the refusal: something was written", p)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// errorsIsUnfinished says whether err is an open's refusal of a write it
// cannot finish.
func errorsIsUnfinished(err error) bool { return errors.Is(err, ErrUnfinishedWrite) }
