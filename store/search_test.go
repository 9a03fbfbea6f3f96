package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
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

// TestSearchRecords: every way a document enters the store gives search
// its record (its date and text, read from the article itself), and
// deleting it removes the record.
func TestSearchRecords(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "2024-01-02", "Café Kakar said")
	b := newDoc("b", "", "پاکستانی طالبان")
	c := newDoc("c", "2023-05-01", strings.Repeat("The Taliban. ", 200))
	c.Meta = map[string]string{"url": "https://example.org/c"}
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
	if n := countPrefix(t, s, pFold); n != 0 {
		t.Errorf("the store holds %d search records of its own, want none", n)
	}
}

// schema2Record is a search record as schema 2 stored it under F keys
// (version 1 of annotate/search's records): the folded text, its date and
// the offsets of the characters folding dropped.
func schema2Record(date, text string) []byte {
	f := search.Fold(text)
	b := []byte{1, 0}
	if f.ASCII {
		b[1] = 1
	}
	b = binary.AppendUvarint(b, uint64(len(date)))
	b = append(b, date...)
	b = binary.AppendUvarint(b, uint64(len(f.Text)))
	b = append(b, f.Text...)
	b = binary.AppendUvarint(b, uint64(len(f.Drops)))
	prev := 0
	for _, d := range f.Drops {
		b = binary.AppendUvarint(b, uint64(d-prev))
		prev = d
	}
	return b
}

func countPrefix(t testing.TB, s *Store, p byte) int {
	t.Helper()
	n := 0
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSearchMigration: a store made by the previous version (schema 2,
// with a search record beside each article) and one made before search
// (schema 1) open as schema 3: the old records are deleted, check finds the
// store sound, and a search finds what it found before, case, accents and
// Arabic-script letters folded. A schema-2 store opened read-only (its
// disk full) is searched as it is, its records left alone.
func TestSearchMigration(t *testing.T) {
	docs := []*annotate.Document{
		newDoc("a", "2024-01-02", "Café Kakar said the TALIBAN"),
		newDoc("b", "", "پاکستانی طالبان کے"),
		newDoc("c", "2023-05-01", strings.Repeat("The Kabul café’s tea. ", 200)),
	}
	for _, from := range []int{1, 2} {
		t.Run(fmt.Sprintf("schema%d", from), func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			putDocs(t, s, docs...)
			err = s.update(func(txn *badger.Txn) error {
				if from == 2 {
					for _, d := range docs {
						doc, _ := docBytes(d.ID)
						if err := txn.Set(docKey(pFold, doc), schema2Record(d.Date, d.Text)); err != nil {
							return err
						}
					}
				}
				return txn.Set(versionKey, versionValue(from))
			})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			if from == 2 {
				// Read-only: searched as it is, the records left.
				db, err := openBadger(badgerOptions(dir, Options{}).WithReadOnly(true))
				if err != nil {
					t.Fatal(err)
				}
				ro := &Store{db: db, dir: dir, readOnly: true}
				ro.cond = sync.NewCond(&ro.mu)
				if err := ro.migrate(); err != nil || ro.SchemaVersion() != 2 {
					t.Fatalf("read-only open of a schema-2 store: schema %d, %v", ro.SchemaVersion(), err)
				}
				checkFinds(t, ro, docs)
				if rep, err := ro.Check(ctx, nil); err != nil || !rep.Sound() {
					t.Errorf("check of the read-only schema-2 store: %v %v", rep.Lines(), err)
				}
				db.Close()
			}
			s, err = Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.SchemaVersion() != currentSchema() {
				t.Errorf("schema %d after the migration, want %d", s.SchemaVersion(), currentSchema())
			}
			if n := countPrefix(t, s, pFold); n != 0 {
				t.Errorf("%d search records left after the migration", n)
			}
			if rep, err := s.Check(ctx, nil); err != nil || !rep.Sound() {
				t.Errorf("check after the migration: %v %v", rep.Lines(), err)
			}
			checkFinds(t, s, docs)
		})
	}
}

// checkFinds searches s for what docs (TestSearchMigration's) hold.
func checkFinds(t *testing.T, s *Store, docs []*annotate.Document) {
	t.Helper()
	for _, c := range []struct {
		q    string
		want map[string][]search.Match
	}{
		{"taliban", map[string][]search.Match{docs[0].ID: {{Start: 20, End: 27}}}},
		{`"cafe kakar"`, map[string][]search.Match{docs[0].ID: {{Start: 0, End: 10}}}},
		{"پاکستانی", map[string][]search.Match{docs[1].ID: {{Start: 0, End: 8}}}},
		{"پاكستاني", map[string][]search.Match{docs[1].ID: {{Start: 0, End: 8}}}},
		{"cafe's date:2023", map[string][]search.Match{docs[2].ID: nil}},
	} {
		q, err := search.Parse(c.q)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]search.Match{}
		err = search.Run(ctx, s, q, "me", func(h search.Hits) error {
			got[h.Doc] = h.Matches
			return nil
		})
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: found in %d articles, want %d", c.q, len(got), len(c.want))
		}
		for doc, want := range c.want {
			if want == nil {
				if len(got[doc]) != 200 {
					t.Errorf("%q: %d matches in %s, want 200", c.q, len(got[doc]), doc)
				}
				continue
			}
			if !slices.Equal(got[doc], want) {
				t.Errorf("%q in %s: got %v, want %v", c.q, doc, got[doc], want)
			}
		}
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestSearchDamaged: an article whose record cannot be read makes a search
// fail with a message naming the article and skein check.
func TestSearchDamaged(t *testing.T) {
	q, err := search.Parse("taliban")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{{9, 9, 9}, append(encodeDoc(nil, newDoc("x", "", "x")), 0xff, 0xfe)} {
		s := openTest(t)
		a := newDoc("a", "2024-01-02", "The Taliban said")
		putDocs(t, s, a)
		doc, _ := docBytes(a.ID)
		if err := s.update(func(txn *badger.Txn) error { return txn.Set(docKey(pDoc, doc), bad) }); err != nil {
			t.Fatal(err)
		}
		err = search.Run(ctx, s, q, "me", func(search.Hits) error { return nil })
		if err == nil || !strings.Contains(err.Error(), a.ID) || !strings.Contains(err.Error(), "skein check") {
			t.Errorf("search over a damaged record %x: got %v, want an error naming %s and skein check", bad, err, a.ID)
		}
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

// TestCheckSearchRecords: a search record (an F key, which schema 2 kept)
// in a store of schema 3 is a problem check names.
func TestCheckSearchRecords(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "2024-01-02", "The Taliban said")
	putDocs(t, s, a)
	if rep, err := s.Check(ctx, nil); err != nil || !rep.Sound() {
		t.Fatalf("a sound store: %v %v", rep.Lines(), err)
	}
	da, _ := docBytes(a.ID)
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(docKey(pFold, da), schema2Record(a.Date, a.Text)) }); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "article " + a.ID + " (its search record): a search record, which this skein no longer keeps"
	if lines := rep.Lines(); !strings.Contains(lines, want) || len(rep.Problems) != 1 {
		t.Errorf("check says\n%s\nwant the one line %q", lines, want)
	}
}
