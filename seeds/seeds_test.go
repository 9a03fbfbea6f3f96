package seeds

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// memStore is the smallest store Load needs.
type memStore struct {
	docs map[string]*annotate.Document
	meta map[string]string
	full int // PutDocument fails once this many articles are held, if > 0
}

func (m *memStore) PutDocument(_ context.Context, d *annotate.Document) (bool, error) {
	if m.full > 0 && len(m.docs) >= m.full {
		return false, errors.New("no space left on device")
	}
	if _, ok := m.docs[d.ID]; ok {
		return false, nil
	}
	m.docs[d.ID] = d
	return true, nil
}
func (m *memStore) Meta(k string) (string, bool, error) { v, ok := m.meta[k]; return v, ok, nil }
func (m *memStore) SetMeta(k, v string) error           { m.meta[k] = v; return nil }
func (m *memStore) DocumentCount() (int, error)         { return len(m.docs), nil }
func (m *memStore) HasDocument(id string) (bool, error) { _, ok := m.docs[id]; return ok, nil }

// A first start stopped while it wrote the seeds (here a full disk after
// two; a kill leaves the same) writes the rest at the next start: it had
// left the store with two of the five articles for good.
func TestLoadFinishesAnInterruptedSeeding(t *testing.T) {
	st := &memStore{docs: map[string]*annotate.Document{}, meta: map[string]string{}, full: 2}
	if n, err := Load(context.Background(), st); err == nil || n != 2 {
		t.Fatalf("Load on a disk that fills = %d, %v; want 2 and the disk's error", n, err)
	}
	st.full = 0
	n, err := Load(context.Background(), st)
	if err != nil || n != 3 || len(st.docs) != 5 {
		t.Fatalf("the next start's Load = %d, %v, %d articles held; want 3 added, 5 held", n, err, len(st.docs))
	}
	if _, done, _ := st.Meta(seededKey); !done {
		t.Error("the seeding is not marked done")
	}
	// A store holding an article of its own besides seeds, and no mark (its
	// settings lost), gets nothing.
	own := &memStore{docs: map[string]*annotate.Document{"mine": {ID: "mine"}}, meta: map[string]string{}}
	docs, _ := Documents()
	own.docs[docs[0].ID] = docs[0]
	if n, err := Load(context.Background(), own); err != nil || n != 0 || len(own.docs) != 2 {
		t.Errorf("Load on a store of its own = %d, %v, %d articles; want 0 added", n, err, len(own.docs))
	}
}

func TestSeedsAreTheSharedFilesByteForByte(t *testing.T) {
	docs, err := Documents()
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 5 {
		t.Fatalf("got %d seed articles, want 5", len(docs))
	}
	for _, d := range docs {
		want, err := os.ReadFile(d.Source)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal([]byte(d.Text), want) {
			t.Errorf("%s: embedded text differs from the file", d.Source)
		}
		if shared, err := os.ReadFile(filepath.Join("..", "..", "shared", "seeds", d.Source)); err == nil && !bytes.Equal(shared, want) {
			t.Errorf("%s: differs from ../shared/seeds", d.Source)
		}
		if d.ID != annotate.DocID(d.Text) || d.Title == "" {
			t.Errorf("%s: id %q title %q", d.Source, d.ID, d.Title)
		}
	}
}

func TestLoadOnceAndDeletedStaysDeleted(t *testing.T) {
	st := &memStore{docs: map[string]*annotate.Document{}, meta: map[string]string{}}
	n, err := Load(context.Background(), st)
	if err != nil || n != 5 {
		t.Fatalf("first Load = %d, %v; want 5, nil", n, err)
	}
	for id := range st.docs {
		delete(st.docs, id)
		break
	}
	n, err = Load(context.Background(), st)
	if err != nil || n != 0 || len(st.docs) != 4 {
		t.Fatalf("second Load = %d, %v with %d docs; want 0, nil, 4", n, err, len(st.docs))
	}
}

// TestNoSeedsIntoAStoreWithArticles: a store that holds articles but has
// lost its "seeded" setting (damage, an old backup) gets no seeds.
func TestNoSeedsIntoAStoreWithArticles(t *testing.T) {
	text := "An article the team imported."
	st := &memStore{docs: map[string]*annotate.Document{annotate.DocID(text): {ID: annotate.DocID(text), Text: text}}, meta: map[string]string{}}
	if n, err := Load(context.Background(), st); err != nil || n != 0 || len(st.docs) != 1 {
		t.Fatalf("Load = %d, %v with %d docs; want 0, nil, 1", n, err, len(st.docs))
	}
}
