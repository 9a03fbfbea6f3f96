package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

func TestOpenCloseReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Dir(); got != dir {
		t.Errorf("Dir: got %q, want %q", got, dir)
	}
	if got, want := s.SchemaVersion(), currentSchema(); got != want {
		t.Errorf("SchemaVersion: got %d, want %d", got, want)
	}
	if err := s.SetMeta("seeded", "yes"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: got %v, want nil", err)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, ok, err := s.Meta("seeded")
	if err != nil || !ok || v != "yes" {
		t.Errorf("Meta after reopen: got %q, %v, %v; want \"yes\", true, nil", v, ok, err)
	}
}

func TestInMemory(t *testing.T) {
	s, err := Open("ignored", Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := newDoc("a", "2024-01-01", "An in-memory article.")
	putDocs(t, s, d)
	apply(t, s, annotate.AddSpan("ana", newSpan(d, "ana", "claim", 0, 2)))
	if got, _ := s.Spans(d.ID); len(got) != 1 {
		t.Errorf("Spans: got %d, want 1", len(got))
	}
	if n, err := s.DiskSize(); n != 0 || err != nil {
		t.Errorf("DiskSize: got %d, %v; want 0, nil", n, err)
	}
	if s.Dir() != "" {
		t.Errorf("Dir: got %q, want \"\"", s.Dir())
	}
}

func TestClosedStore(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc("a", "2024-01-01", "Text.")
	s.Close()
	calls := []struct {
		name string
		call func() error
	}{
		{"PutDocument", func() error { _, err := s.PutDocument(ctx, d); return err }},
		{"Document", func() error { _, err := s.Document(d.ID); return err }},
		{"Documents", func() error { return s.Documents(ctx, func(DocInfo) error { return nil }) }},
		{"EachDocument", func() error { return s.EachDocument(ctx, func(*annotate.Document) error { return nil }) }},
		{"Spans", func() error { _, err := s.Spans(d.ID); return err }},
		{"Apply", func() error { return s.Apply(ctx, annotate.AddSpan("ana", newSpan(d, "ana", "claim", 0, 1))) }},
		{"Undo", func() error { _, err := s.Undo(ctx, "ana"); return err }},
		{"WriteBatch", func() error { _, err := s.WriteBatch(ctx, &Batch{Docs: []*annotate.Document{d}}); return err }},
		{"SetMeta", func() error { return s.SetMeta("k", "v") }},
		{"DeleteDocument", func() error { return s.DeleteDocument(ctx, d.ID) }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); !errors.Is(err, ErrClosed) {
				t.Errorf("got %v, want ErrClosed", err)
			}
		})
	}
}

func TestMeta(t *testing.T) {
	s := openTest(t)
	if _, ok, err := s.Meta("seeded"); ok || err != nil {
		t.Errorf("unset Meta: got ok %v, err %v; want false, nil", ok, err)
	}
	for _, v := range []string{"1", "", "twice"} {
		if err := s.SetMeta("seeded", v); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.Meta("seeded")
		if got != v || !ok || err != nil {
			t.Errorf("Meta: got %q, %v, %v; want %q, true, nil", got, ok, err, v)
		}
	}
}

func TestDocuments(t *testing.T) {
	s := openTest(t)
	docs := []*annotate.Document{
		newDoc("Beta", "2024-02-01", "Second article text."),
		newDoc("Alpha", "2024-02-01", "First article — with “quotes” and émoji 🎉."),
		newDoc("Zed", "2023-12-31", "Oldest article."),
		newDoc("", "", "No title, no date."),
	}
	docs[1].Meta = map[string]string{"lang": "en", "url": "https://example.com/a"}
	for _, d := range docs {
		added, err := s.PutDocument(ctx, d)
		if err != nil || !added {
			t.Fatalf("PutDocument %s: got %v, %v; want true, nil", d.Title, added, err)
		}
	}
	if added, err := s.PutDocument(ctx, docs[0]); added || err != nil {
		t.Errorf("PutDocument again: got %v, %v; want false, nil", added, err)
	}
	if _, err := s.PutDocument(ctx, &annotate.Document{ID: "XYZ", Text: "x"}); err == nil {
		t.Error("PutDocument with a bad id: got nil error")
	}
	for _, d := range docs {
		got, err := s.Document(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("Document %s: got %+v, want %+v", d.ID, got, d)
		}
		if ok, err := s.HasDocument(d.ID); !ok || err != nil {
			t.Errorf("HasDocument %s: got %v, %v", d.ID, ok, err)
		}
	}
	for _, id := range []string{"0123456789abcdef", "not-an-id", ""} {
		if _, err := s.Document(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("Document(%q): got %v, want ErrNotFound", id, err)
		}
		if ok, _ := s.HasDocument(id); ok {
			t.Errorf("HasDocument(%q): got true", id)
		}
	}
	var got []DocInfo
	if err := s.Documents(ctx, func(di DocInfo) error { got = append(got, di); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []DocInfo{
		{docs[3].ID, "", docs[3].Source, "", 18},
		{docs[2].ID, "Zed", docs[2].Source, "2023-12-31", 15},
		{docs[1].ID, "Alpha", docs[1].Source, "2024-02-01", len([]rune(docs[1].Text))},
		{docs[0].ID, "Beta", docs[0].Source, "2024-02-01", 20},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Documents:\ngot  %+v\nwant %+v", got, want)
	}
	if n, err := s.DocumentCount(); n != 4 || err != nil {
		t.Errorf("DocumentCount: got %d, %v; want 4", n, err)
	}
	var each []string
	if err := s.EachDocument(ctx, func(d *annotate.Document) error { each = append(each, d.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	wantIDs := []string{docs[0].ID, docs[1].ID, docs[2].ID, docs[3].ID}
	slices.Sort(wantIDs)
	if !slices.Equal(each, wantIDs) {
		t.Errorf("EachDocument order: got %v, want %v", each, wantIDs)
	}
	stop := errors.New("stop")
	n := 0
	if err := s.EachDocument(ctx, func(*annotate.Document) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("EachDocument stopped by fn: got %v after %d, want stop after 1", err, n)
	}
	if err := s.Documents(ctx, func(DocInfo) error { return stop }); err != stop {
		t.Errorf("Documents stopped by fn: got %v, want stop", err)
	}
	cancelled, cancel := contextWithCancel()
	cancel()
	if err := s.EachDocument(cancelled, func(*annotate.Document) error { return nil }); !errors.Is(err, errCancelled) {
		t.Errorf("EachDocument with cancelled context: got %v", err)
	}
}

func TestSpans(t *testing.T) {
	s := openTest(t)
	d := newDoc("a", "2024-01-01", "The minister said the budget would grow by 4 percent next year.")
	other := newDoc("b", "2024-01-02", "Another article entirely.")
	putDocs(t, s, d, other)
	spans := []*annotate.Span{
		newSpan(d, "ana", "actor", 4, 12),
		newSpan(d, "ana", "claim", 0, 63),
		newSpan(d, "ben", "claim", 0, 63),
		newSpan(d, "ben", "figure", 43, 52),
		newSpan(d, "ana", "figure", 43, 52),
		newSpan(other, "ana", "claim", 0, 7),
		{ID: "T1", Doc: d.ID, Annotator: "ana", Label: "accusation", Note: "brat id", Fragments: []annotate.Fragment{{Start: 4, End: 12}, {Start: 22, End: 28}},
			Attrs: map[string]string{"Negated": "", "Certainty": "high"}, Norms: []annotate.Norm{{DB: "Wikidata", ID: "Q1", Text: "x"}}},
	}
	for _, sp := range spans {
		apply(t, s, annotate.AddSpan(sp.Annotator, sp))
	}
	docSpans := func(pred func(*annotate.Span) bool) []*annotate.Span {
		var out []*annotate.Span
		for _, sp := range spans {
			if pred(sp) {
				out = append(out, sp)
			}
		}
		annotate.SortSpans(out)
		return out
	}
	tests := []struct {
		name  string
		annot string
		want  []*annotate.Span
	}{
		{"all layers", "", docSpans(func(sp *annotate.Span) bool { return sp.Doc == d.ID })},
		{"ana", "ana", docSpans(func(sp *annotate.Span) bool { return sp.Doc == d.ID && sp.Annotator == "ana" })},
		{"ben", "ben", docSpans(func(sp *annotate.Span) bool { return sp.Doc == d.ID && sp.Annotator == "ben" })},
		{"nobody", "carl", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []*annotate.Span
			var err error
			if tc.annot == "" {
				got, err = s.Spans(d.ID)
			} else {
				got, err = s.LayerSpans(d.ID, tc.annot)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !sameSpans(got, tc.want) {
				t.Errorf("got %v, want %v", ids(got), ids(tc.want))
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], tc.want[i]) {
					t.Errorf("span %d: got %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
	got, err := s.Span("T1")
	if err != nil || !reflect.DeepEqual(got, spans[6]) {
		t.Errorf("Span(T1): got %+v, %v; want %+v", got, err, spans[6])
	}
	if _, err := s.Span(annotate.NewID()); !errors.Is(err, ErrNotFound) {
		t.Errorf("Span(unknown): got %v, want ErrNotFound", err)
	}
	counts, _ := s.Counts(d.ID, "ana")
	if want := map[string]int{"actor": 1, "claim": 1, "figure": 1, "accusation": 1}; !reflect.DeepEqual(counts, want) {
		t.Errorf("Counts(ana): got %v, want %v", counts, want)
	}
	counts, _ = s.Counts(d.ID, "")
	if want := map[string]int{"actor": 1, "claim": 2, "figure": 2, "accusation": 1}; !reflect.DeepEqual(counts, want) {
		t.Errorf("Counts(all): got %v, want %v", counts, want)
	}
	if got, _ := s.Annotators(); !slices.Equal(got, []string{"ana", "ben"}) {
		t.Errorf("Annotators: got %v, want [ana ben]", got)
	}
	var byLabel []string
	s.SpansByLabel(ctx, "claim", func(sp *annotate.Span) error { byLabel = append(byLabel, sp.ID); return nil })
	if len(byLabel) != 3 {
		t.Errorf("SpansByLabel(claim): got %d spans, want 3", len(byLabel))
	}
	var byAnnot []*annotate.Span
	s.SpansByAnnotator(ctx, "ben", func(sp *annotate.Span) error { byAnnot = append(byAnnot, sp); return nil })
	if want := docSpans(func(sp *annotate.Span) bool { return sp.Annotator == "ben" }); !sameSpans(byAnnot, want) {
		t.Errorf("SpansByAnnotator(ben): got %v, want %v", ids(byAnnot), ids(want))
	}
	for _, tc := range []struct {
		doc, annot string
		set        bool
	}{{d.ID, "ana", true}, {d.ID, "ben", true}, {other.ID, "ana", true}, {other.ID, "ben", false}, {"zz", "ana", false}} {
		ms, err := s.LayerModified(tc.doc, tc.annot)
		if err != nil || (ms != 0) != tc.set {
			t.Errorf("LayerModified(%s, %s): got %d, %v; want set %v", tc.doc, tc.annot, ms, err, tc.set)
		}
	}
	m := model{spans: map[string]*annotate.Span{}, threads: map[string]*annotate.Thread{}}
	for _, sp := range spans {
		m.spans[sp.ID] = sp
	}
	checkStore(t, s, m, []*annotate.Document{d, other})
}

func TestNotFoundWrapping(t *testing.T) {
	s := openTest(t)
	d := newDoc("a", "2024-01-01", "Text of it.")
	putDocs(t, s, d)
	calls := []struct {
		name string
		err  error
	}{
		{"Document", func() error { _, err := s.Document("0000000000000000"); return err }()},
		{"Span", func() error { _, err := s.Span("nope"); return err }()},
		{"Thread", func() error { _, err := s.Thread("nope"); return err }()},
		{"Mark", func() error { _, err := s.Mark(d.ID, "ana"); return err }()},
		{"DeleteDocument", s.DeleteDocument(ctx, "0000000000000000")},
		{"Apply to a missing document", s.Apply(ctx, annotate.AddSpan("ana", newSpan(newDoc("x", "", "Not stored."), "ana", "claim", 0, 3)))},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			if !errors.Is(c.err, ErrNotFound) {
				t.Errorf("got %v, want an error wrapping ErrNotFound", c.err)
			}
			if c.err != nil && c.err.Error() == ErrNotFound.Error() {
				t.Errorf("error %q says only %q: it should name what was missing", c.err, ErrNotFound)
			}
		})
	}
}

func TestNewStoreSize(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetMeta("seeded", "1"); err != nil {
		t.Fatal(err)
	}
	n, err := s.DiskSize()
	if err != nil {
		t.Fatal(err)
	}
	const limit = 10 << 20
	if n >= limit {
		t.Errorf("open new store takes %d bytes, want < %d", n, limit)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	var total int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return err
	})
	if total >= limit {
		t.Errorf("closed new store's files are %d bytes long, want < %d", total, limit)
	}
}

func TestSchemaMigration(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	saved := migrations
	defer func() { migrations = saved }()
	runs := 0
	want := currentSchema() + 1
	migrations = append(saved[:len(saved):len(saved)], func(s *Store) error {
		runs++
		return s.SetMeta("migrated", "to the next")
	})
	for i := 0; i < 2; i++ {
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.SchemaVersion(); got != want {
			t.Errorf("open %d: SchemaVersion got %d, want %d", i+1, got, want)
		}
		if v, _, _ := s.Meta("migrated"); v != "to the next" {
			t.Errorf("open %d: migration's meta got %q", i+1, v)
		}
		s.Close()
	}
	if runs != 1 {
		t.Errorf("migration ran %d times, want 1", runs)
	}

	migrations = saved
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("opening a newer store: got %v, want an error saying it is newer", err)
	}

	foreign := t.TempDir()
	db, err := badger.Open(badger.DefaultOptions(foreign).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(txn *badger.Txn) error { return txn.Set([]byte("x"), []byte("y")) })
	db.Close()
	if _, err := Open(foreign, Options{}); err == nil {
		t.Error("opening a database skein did not write: got nil error")
	}
}
