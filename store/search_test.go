package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/figures"
	"github.com/skein-news/skein/annotate/search"
	"github.com/skein-news/skein/annotate/suggest"
)

// records reads every search record the store holds.
func records(t testing.TB, s *Store) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := s.ScanRecords(ctx, func(doc string, rec []byte) error {
		out[doc] = bytes.Clone(rec)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func wantRecord(d *annotate.Document) []byte {
	return search.AppendRecord(nil, d.Date, d.Text)
}

// TestSearchRecords: every way a document enters the store writes its
// search record, deleting it removes the record, and a store made before
// search (schema 1) gets its records when opened.
func TestSearchRecords(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := newDoc("a", "2024-01-02", "Café Kakar said")
	b := newDoc("b", "", "پاکستانی طالبان")
	c := newDoc("c", "2023-05-01", strings.Repeat("The Taliban. ", 200))
	putDocs(t, s, a)
	if _, err := s.WriteBatch(ctx, &Batch{Docs: []*annotate.Document{b, c}}); err != nil {
		t.Fatal(err)
	}
	got := records(t, s)
	for _, d := range []*annotate.Document{a, b, c} {
		if !bytes.Equal(got[d.ID], wantRecord(d)) {
			t.Errorf("record of %s: got %q, want %q", d.Title, got[d.ID], wantRecord(d))
		}
	}
	if err := s.DeleteDocument(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got := records(t, s); len(got) != 2 || got[a.ID] != nil {
		t.Errorf("after deleting a: records of %v, want b and c", keys(got))
	}

	// Back to schema 1: no records, version 1.
	err = s.update(func(txn *badger.Txn) error {
		for _, d := range []*annotate.Document{b, c} {
			doc, _ := docBytes(d.ID)
			if err := txn.Delete(docKey(pFold, doc)); err != nil {
				return err
			}
		}
		return txn.Set(versionKey, versionValue(1))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := records(t, s); len(got) != 2 || !bytes.Equal(got[c.ID], wantRecord(c)) {
		t.Errorf("after migrating a schema-1 store: records of %v, want b and c", keys(got))
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestSearchRebuild: a damaged record makes a search fail with a message
// naming the article and skein check; RebuildSearchIndex mends it and drops
// a record whose article is gone.
func TestSearchRebuild(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "2024-01-02", "The Taliban said")
	putDocs(t, s, a)
	doc, _ := docBytes(a.ID)
	ghost := [8]byte{1, 2, 3, 4, 5, 6, 7, 8}
	err := s.update(func(txn *badger.Txn) error {
		if err := txn.Set(docKey(pFold, doc), []byte{9, 9, 9}); err != nil {
			return err
		}
		return txn.Set(docKey(pFold, ghost), wantRecord(a))
	})
	if err != nil {
		t.Fatal(err)
	}
	q, err := search.Parse("taliban")
	if err != nil {
		t.Fatal(err)
	}
	err = search.Run(ctx, s, q, "me", func(search.Hits) error { return nil })
	if err == nil || !strings.Contains(err.Error(), a.ID) || !strings.Contains(err.Error(), "skein check") {
		t.Fatalf("search over a damaged record: got %v, want an error naming %s and skein check", err, a.ID)
	}
	n, err := s.RebuildSearchIndex(ctx)
	if err != nil || n != 1 {
		t.Fatalf("RebuildSearchIndex: got %d, %v; want 1, nil", n, err)
	}
	var hits []search.Hits
	if err := search.Run(ctx, s, q, "me", func(h search.Hits) error { hits = append(hits, h); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Doc != a.ID || hits[0].Matches[0] != (search.Match{Start: 4, End: 11}) {
		t.Errorf("after rebuild: got %v, want taliban at 4..11 of %s", hits, a.ID)
	}
}

// TestSearchFiltersInStore runs the filters that read the store's spans,
// threads and marks.
func TestSearchFiltersInStore(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "2024-01-02", "Tehrik-e Taliban Pakistan (TTP) said the Taliban")
	b := newDoc("b", "2023-01-02", "The Taliban denied it")
	putDocs(t, s, a, b)
	sp := newSpan(a, "bilal", "actor", 0, 31)
	apply(t, s, annotate.AddSpan("bilal", sp))
	apply(t, s, &annotate.Change{ID: annotate.NewID(), User: "bilal", Marks: []annotate.MarkEdit{{After: &annotate.Mark{Doc: b.ID, Annotator: "bilal", Done: true}}}})
	for _, c := range []struct {
		q    string
		want map[string][]search.Match
	}{
		{"taliban", map[string][]search.Match{a.ID: ms(9, 16, 41, 48), b.ID: ms(4, 11)}},
		{"taliban label:actor", map[string][]search.Match{a.ID: ms(9, 16)}},
		{"annotator:bilal", map[string][]search.Match{a.ID: ms(0, 31)}},
		{"taliban done:yes", map[string][]search.Match{b.ID: ms(4, 11)}},
		{"taliban date:2024", map[string][]search.Match{a.ID: ms(9, 16, 41, 48)}},
	} {
		q, err := search.Parse(c.q)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]search.Match{}
		err = search.Run(ctx, s, q, "bilal", func(h search.Hits) error { got[h.Doc] = h.Matches; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: got %v, want %v", c.q, got, c.want)
			continue
		}
		for doc, ms := range c.want {
			if !slices.Equal(got[doc], ms) {
				t.Errorf("%s: got %v, want %v", c.q, got, c.want)
			}
		}
	}
	if err := search.Run(context.Background(), s, mustParse(t, "taliban"), "", func(search.Hits) error { return errors.New("x") }); err == nil || err.Error() != "x" {
		t.Errorf("an error from fn: got %v, want it back", err)
	}
}

func mustParse(t testing.TB, q string) *search.Query {
	t.Helper()
	p, err := search.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// BenchmarkSearch searches 20,000 articles of ~1.9 KB (36 MB): to the first
// page of 50 matches, and to the full count.
func BenchmarkSearch(b *testing.B) {
	s, _, size := benchStore(b)
	for _, bc := range []struct {
		name, q string
		page    int
	}{
		{"word/page", "ceasefire", 50},
		{"word/count", "ceasefire", 0},
		{"commonword/count", "the", 0},
		{"phrase/page", `"the minister"`, 50},
		{"phrase/count", `"the minister"`, 0},
		{"rarephrase/count", `"minister said"`, 0},
		{"regex/count", `/minist\w+ (said|warned)/`, 0},
		{"regex-noliteral/count", `/\d{4}/`, 0},
		{"label/count", "minister label:claim", 0},
	} {
		b.Run(bc.name, func(b *testing.B) {
			q := mustParse(b, bc.q)
			b.SetBytes(size)
			var n int
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				n = 0
				err := search.Run(ctx, s, q, "ana", func(h search.Hits) error {
					n += len(h.Matches)
					if bc.page > 0 && n >= bc.page {
						return search.Stop
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			cpu := cpuTime() - c0
			if n == 0 {
				b.Fatal("no match")
			}
			b.ReportMetric(float64(n), "matches")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

func ms(pairs ...int) []search.Match {
	var out []search.Match
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, search.Match{Start: pairs[i], End: pairs[i+1]})
	}
	return out
}

// TestLabelAllAndUndo labels every match of a search as one change: matches
// snap to whole words, one already labelled is skipped, and one undo takes
// them all back.
func TestLabelAllAndUndo(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "2024-01-02", "The Taliban said. Later the TALIBAN denied it; Talibanisation is a word.")
	b := newDoc("b", "2023-01-02", "Tehrik-e Taliban Pakistan and the Taliban")
	putDocs(t, s, a, b)
	apply(t, s, annotate.AddSpan("me", newSpan(b, "me", "actor", 9, 16)))
	apply(t, s, annotate.AddSpan("ana", newSpan(a, "ana", "actor", 4, 11))) // another layer: not a reason to skip
	var hits []search.Hits
	if err := search.Run(ctx, s, mustParse(t, "/taliban/"), "me", func(h search.Hits) error { hits = append(hits, h); return nil }); err != nil {
		t.Fatal(err)
	}
	c, res, err := search.LabelAll(s, "me", "actor", hits)
	if err != nil {
		t.Fatal(err)
	}
	if res != (search.LabelResult{Added: 4, Skipped: 1}) {
		t.Fatalf("LabelAll: got %+v, want 4 added and 1 skipped", res)
	}
	apply(t, s, c)
	got := map[string][]string{}
	for _, d := range []*annotate.Document{a, b} {
		spans, err := s.LayerSpans(d.ID, "me")
		if err != nil {
			t.Fatal(err)
		}
		tx := annotate.NewText(d.Text)
		for _, sp := range spans {
			got[d.Title] = append(got[d.Title], tx.Slice(sp.Start(), sp.End()))
		}
	}
	want := map[string][]string{"a": {"Taliban", "TALIBAN", "Talibanisation"}, "b": {"Taliban", "Taliban"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("your layer after label-all: got %v, want %v", got, want)
	}
	if desc, _ := s.UndoTop("me"); desc != "label 4 matches actor" {
		t.Errorf("undo offers %q", desc)
	}
	if _, err := s.Undo(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*annotate.Document{a, b} {
		spans, _ := s.LayerSpans(d.ID, "me")
		if wantN := map[string]int{"a": 0, "b": 1}[d.Title]; len(spans) != wantN {
			t.Errorf("after undo, %s has %d of your spans, want %d", d.Title, len(spans), wantN)
		}
	}
}

// BenchmarkLabelAll1000 labels the first 1,000 matches of a word in the
// 20,000-article corpus and stores them as one change, fsynced.
func BenchmarkLabelAll1000(b *testing.B) {
	s, _, _ := benchStore(b)
	var hits []search.Hits
	n := 0
	err := search.Run(ctx, s, mustParse(b, "minister"), "bench", func(h search.Hits) error {
		if n+len(h.Matches) > 1000 {
			h.Matches = h.Matches[:1000-n]
		}
		hits = append(hits, h)
		if n += len(h.Matches); n == 1000 {
			return search.Stop
		}
		return nil
	})
	if err != nil || n != 1000 {
		b.Fatalf("got %d matches, %v", n, err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, res, err := search.LabelAll(s, "bench", "actor", hits)
		if err != nil || res.Added != 1000 {
			b.Fatalf("LabelAll: %+v, %v", res, err)
		}
		if err := s.Apply(ctx, c); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if _, err := s.Undo(ctx, "bench"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkRelated finds, over the 20,000-article corpus, the other
// articles that report a figure of an article, or a sentence like one of
// its sentences: the thread suggestions for one span.
func BenchmarkRelated(b *testing.B) {
	s, docs, _ := benchStore(b)
	d := docs[len(docs)/2]
	t := annotate.NewText(d.Text)
	var fig [2]int
	for _, f := range figures.Find(d.Text) {
		fig = [2]int{f.Start, f.End}
		break
	}
	if fig[1] == 0 {
		b.Fatal("the article has no figure")
	}
	for _, bc := range []struct {
		name       string
		start, end int
	}{{"figure", fig[0], fig[1]}, {"sentence", 0, min(t.Len(), 40)}} {
		b.Run(bc.name, func(b *testing.B) {
			n := 0
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				rel, err := suggest.RelatedTo(ctx, s, d, bc.start, bc.end)
				if err != nil {
					b.Fatal(err)
				}
				n = len(rel)
			}
			b.ReportMetric(float64(n), "articles")
			b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// TestCheckSearchRecords: Check finds a search record that is damaged,
// missing or left over, counts them apart, and RebuildSearchIndex mends
// them all.
func TestCheckSearchRecords(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "2024-01-02", "The Taliban said")
	b := newDoc("b", "", "Kakar said")
	c := newDoc("c", "", "Café")
	putDocs(t, s, a, b, c)
	if rep, err := s.Check(ctx, nil); err != nil || !rep.Sound() {
		t.Fatalf("a sound store: %v %v", rep.Lines(), err)
	}
	da, _ := docBytes(a.ID)
	db, _ := docBytes(b.ID)
	dc, _ := docBytes(c.ID)
	err := s.update(func(txn *badger.Txn) error {
		if err := txn.Set(docKey(pFold, da), []byte{9}); err != nil {
			return err
		}
		if err := txn.Set(docKey(pFold, dc), wantRecord(b)); err != nil { // b's record under c
			return err
		}
		return txn.Delete(docKey(pFold, db))
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := rep.Lines()
	for _, want := range []string{
		"article " + a.ID + " (its search record): its search record does not decode",
		"article " + c.ID + " (its search record): its search record holds 10 characters, the article 4",
		"article " + b.ID + ": its search record is missing",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("check says\n%s\nwant a line %q", lines, want)
		}
	}
	if rep.Search != 3 || len(rep.Problems) != 3 {
		t.Errorf("got %d search problems of %d, want 3 of 3", rep.Search, len(rep.Problems))
	}
	if _, err := s.RebuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Check(ctx, nil); err != nil || !rep.Sound() {
		t.Errorf("after the rebuild: %v %v", rep.Lines(), err)
	}
}
