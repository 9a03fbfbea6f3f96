package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store/rofolder"
)

// A write a kill left under way whose finishing fails, and would fail at
// every open (its record names what the store then refuses, or what it
// reads is damaged), holds none of the rest of the store hostage: the open
// names the write, what failed and the way out; a read-only open that
// leaves it unfinished reads the rest, writing nothing; and an open that
// sets it aside moves its record into a file in the store's folder and
// opens the store without it. One case for each record a writable open
// finishes.
func TestUnfinishedWriteWayOut(t *testing.T) {
	d := newDoc("whole", "2024-05-01", "Kakar said 60% of attacks came from Afghanistan.")
	other := newDoc("other", "2024-05-02", "Another article, whose records are damaged.")
	odoc, _ := docBytes(other.ID)
	tid := annotate.NewID()
	cases := []struct {
		name   string
		damage func(t *testing.T, s *Store)
		what   string // in the open's message: the write
		prefix byte   // the record set aside
	}{
		{"W journal naming an article the store does not hold (the apply refuses it)", func(t *testing.T, s *Store) {
			b, _ := wholeBatch(d, 5)
			b.Spans = append(b.Spans, newSpan(newDoc("gone", "2024-05-03", "Not stored."), "ana", "claim", 0, 2))
			enc, err := json.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			setKeys(t, s, wholeKey(1), enc, []byte{pWhole}, binary.BigEndian.AppendUint32(nil, 1))
		}, "a take from another machine", pWhole},
		{"P split of an article whose span list is damaged", func(t *testing.T, s *Store) {
			setKeys(t, s, docKey(pSpan, odoc), []byte{0xff, 0xff, 0xff}, docKey(pSplit, odoc), splitOf(annotate.NewID()))
		}, "a large import of article", pSplit},
		{"N thread split of a thread whose record is damaged", func(t *testing.T, s *Store) {
			setKeys(t, s, threadKey(tid), []byte{0xff, 0xfe}, threadSplitKey(tid), nil)
		}, "a write of thread " + tid, pThrSplit},
		{"O deletion of an article in a thread whose record is damaged", func(t *testing.T, s *Store) {
			setKeys(t, s, appendID(docKey(pDocThr, odoc), tid), nil, threadKey(tid), []byte{0xff, 0xfe}, docKey(pDeleting, odoc), nil)
		}, "a deletion of article", pDeleting},
		{"J import journal of a wrong length", func(t *testing.T, s *Store) {
			setKeys(t, s, []byte{pJournal, 1}, odoc[:])
		}, "an import not yet finished", pJournal},
		{"bulk load's pending record cut short", func(t *testing.T, s *Store) {
			setKeys(t, s, pendKey(1), odoc[:5])
		}, "a bulk load's span-ID records", pPend},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := damagedStore(t, d, c.damage, other)

			// (a) Every open to write refuses, saying which write, what
			// failed and what to do.
			for range 2 {
				_, err := openNoPanic(t, dir, Options{})
				var ue *UnfinishedError
				if !errors.As(err, &ue) || !errors.Is(err, ErrUnfinishedWrite) || ue.Dir != dir {
					t.Fatalf("open: got %v, want an *UnfinishedError", err)
				}
				msg := err.Error()
				for _, want := range []string{dir, c.what, "finishing it failed", ue.Err.Error(), "check -set-aside-unfinished", "read it read-only without that write"} {
					if !strings.Contains(msg, want) {
						t.Errorf("open: %q does not say %q", msg, want)
					}
				}
			}

			// (b) Read-only, leaving it unfinished: the rest reads, and
			// nothing in the folder changes.
			before := rofolder.State(t, dir)
			if _, err := Open(dir, Options{ReadOnly: true}); err == nil {
				t.Fatal("a read-only open that may not leave the write unfinished read the store")
			}
			r, err := openNoPanic(t, dir, Options{ReadOnly: true, LeaveUnfinished: true})
			if err != nil {
				t.Fatalf("read-only, leaving the write unfinished: %v", err)
			}
			if r.LeftOut() == "" {
				t.Error("LeftOut says nothing was left unfinished")
			}
			if got := wholeState(t, r, d); got != anaBeforeState {
				t.Errorf("read-only: %q, want %q", got, anaBeforeState)
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			if after := rofolder.State(t, dir); !reflect.DeepEqual(before, after) {
				t.Errorf("the read-only open changed the folder:\nbefore %v\nafter  %v", before, after)
			}

			// (c) Set aside: into a file that holds its record, and the
			// store opens without it, as it was.
			var asides []SetAside
			s, err := openNoPanic(t, dir, Options{SetAside: func(a SetAside) { asides = append(asides, a) }})
			if err != nil {
				t.Fatalf("open setting the write aside: %v", err)
			}
			if len(asides) != 1 || !strings.Contains(asides[0].What, c.what) || asides[0].Failed == "" {
				t.Fatalf("set aside: %+v, want the one write", asides)
			}
			var rec setAsideFile
			if b, err := os.ReadFile(asides[0].File); err != nil {
				t.Fatal(err)
			} else if err := json.Unmarshal(b, &rec); err != nil {
				t.Fatalf("the set-aside file: %v", err)
			}
			if len(rec.Keys) == 0 || rec.Write != asides[0].What || rec.Store != dir {
				t.Errorf("the set-aside file holds %+v", rec)
			}
			for _, k := range rec.Keys {
				if !strings.HasPrefix(k.Key, fmt.Sprintf("%02x", c.prefix)) {
					t.Errorf("the set-aside file holds key %s, not one of the write's", k.Key)
				}
			}
			if n := countPrefix(t, s, c.prefix); n != 0 {
				t.Errorf("%d %c keys left in the store", n, c.prefix)
			}
			if got := wholeState(t, s, d); got != anaBeforeState {
				t.Errorf("after setting it aside: %q, want %q", got, anaBeforeState)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s, err = Open(dir, Options{})
			if err != nil {
				t.Fatalf("the next open: %v", err)
			}
			s.Close()
		})
	}
}
