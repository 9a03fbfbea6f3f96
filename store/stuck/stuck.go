// Package stuck leaves a store, for the tests of what a researcher can do
// with it, as a kill leaves one: unclean (Killed), or holding a write a
// kill left under way that no open can finish (Take): the journal of a
// take from another machine whose batch has a span on an article the
// store does not hold, which the store's checks refuse at every open. That
// goes in as a set-aside file is put back (Store.PutBack), the way a
// researcher's own would, while the store holds the article, which is
// deleted after.
package stuck

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// What is how the store names the write Take leaves.
const What = "a write (a take from another machine) not yet finished, in its journal"

// Article is the article the write's span is on. A store that holds it
// again (skein import of its text) can finish the write.
var Article = &annotate.Document{ID: annotate.DocID(articleText), Title: "Set aside", Text: articleText}

const articleText = "A write was set aside on this article."

// File writes the set-aside file of the write into a new temporary folder
// and returns its path.
func File(t testing.TB) string {
	t.Helper()
	b := &store.Batch{Spans: []*annotate.Span{{ID: annotate.NewID(), Doc: Article.ID, Label: "claim", Annotator: "bob",
		Fragments: []annotate.Fragment{{Start: 0, End: 2}}}}}
	enc, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	type kv struct {
		Key   string `json:"key"`
		Value []byte `json:"value"`
	}
	rec := map[string]any{"write": What, "keys": []kv{
		{hex.EncodeToString([]byte{'W'}), binary.BigEndian.AppendUint32(nil, 1)},
		{hex.EncodeToString(binary.BigEndian.AppendUint32([]byte{'W'}, 1)), enc},
	}}
	data, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "take.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// Take leaves the write in the closed store at dir.
func Take(t testing.TB, dir string) {
	t.Helper()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.WriteBatch(ctx, &store.Batch{Docs: []*annotate.Document{Article}}); err != nil {
		s.Close()
		t.Fatal(err)
	}
	// As if this store had set the file aside: PutBack puts back no
	// other.
	file := File(t)
	data, err := os.ReadFile(file)
	if err != nil {
		s.Close()
		t.Fatal(err)
	}
	if err := s.SetMeta(store.SetAsideMeta(data), file); err != nil {
		s.Close()
		t.Fatal(err)
	}
	if _, err := s.PutBack(file); err != nil {
		s.Close()
		t.Fatal(err)
	}
	if err := s.DeleteDocument(ctx, Article.ID); err != nil {
		s.Close()
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// Killed is what a kill of the process holding the store in dir open
// leaves: a copy of its folder's files (its memtable's log among them,
// not yet in its tables), in a new temporary folder, which it returns.
func Killed(t testing.TB, dir string) string {
	t.Helper()
	killed := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(killed, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if mems, _ := filepath.Glob(filepath.Join(killed, "*.mem")); len(mems) == 0 {
		t.Fatal("the store has no memtable's log: a copy of it is no store a kill left")
	}
	return killed
}
