package store

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/skein-news/skein/annotate"
)

var ctx = context.Background()

// openTest opens a store in a new temporary directory, closed when the test
// ends.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// reopen closes s and opens the store in dir again, closed at the test's
// end.
func reopen(t testing.TB, s *Store, dir string) *Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newDoc(title, date, text string) *annotate.Document {
	return &annotate.Document{ID: annotate.DocID(text), Title: title, Source: title + ".txt", Date: date, Text: text}
}

func putDocs(t testing.TB, s *Store, docs ...*annotate.Document) {
	t.Helper()
	for _, d := range docs {
		if _, err := s.PutDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
}

func newSpan(d *annotate.Document, annot, label string, start, end int) *annotate.Span {
	return &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Annotator: annot, Label: label,
		Fragments: []annotate.Fragment{{Start: start, End: end}}, Created: annotate.NowMillis()}
}

func apply(t testing.TB, s *Store, c *annotate.Change) {
	t.Helper()
	if err := s.Apply(ctx, c); err != nil {
		t.Fatalf("apply %q: %v", c.Desc, err)
	}
}

// ids lists span IDs in order.
func ids(spans []*annotate.Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.ID
	}
	return out
}

// sameSpans compares spans by value, treating nil and empty the same.
func sameSpans(got, want []*annotate.Span) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !bytes.Equal(appendEntry(nil, got[i]), appendEntry(nil, want[i])) || got[i].Doc != want[i].Doc {
			return false
		}
	}
	return true
}

// model is what a store should hold: spans by ID and threads by ID.
type model struct {
	spans   map[string]*annotate.Span
	threads map[string]*annotate.Thread
}

// checkStore compares every read method with the model and checks, key by
// key, that the indexes say exactly what the records do.
func checkStore(t *testing.T, s *Store, m model, docs []*annotate.Document) {
	t.Helper()
	byDoc := map[string][]*annotate.Span{}
	annots := map[string]bool{}
	for _, sp := range m.spans {
		byDoc[sp.Doc] = append(byDoc[sp.Doc], sp.Clone())
		annots[sp.Annotator] = true
	}
	for _, th := range m.threads {
		annots[th.Annotator] = true
	}
	for _, d := range docs {
		want := byDoc[d.ID]
		annotate.SortSpans(want)
		got, err := s.Spans(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !sameSpans(got, want) {
			t.Errorf("Spans(%s): got %v, want %v", d.ID, ids(got), ids(want))
		}
		counts, err := s.Counts(d.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		wantCounts := map[string]int{}
		for _, sp := range want {
			wantCounts[sp.Label]++
		}
		if !reflect.DeepEqual(counts, wantCounts) {
			t.Errorf("Counts(%s): got %v, want %v", d.ID, counts, wantCounts)
		}
	}
	for id, sp := range m.spans {
		got, err := s.Span(id)
		if err != nil {
			t.Errorf("Span(%s): %v", id, err)
			continue
		}
		if !sameSpans([]*annotate.Span{got}, []*annotate.Span{sp}) {
			t.Errorf("Span(%s): got %+v, want %+v", id, got, sp)
		}
	}
	for annot := range annots {
		var got []string
		if err := s.SpansByAnnotator(ctx, annot, func(sp *annotate.Span) error { got = append(got, sp.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, sp := range m.spans {
			if sp.Annotator == annot {
				want = append(want, sp.ID)
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("SpansByAnnotator(%s): got %v, want %v", annot, got, want)
		}
	}
	for _, label := range testLabels {
		var got []string
		if err := s.SpansByLabel(ctx, label, func(sp *annotate.Span) error { got = append(got, sp.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, sp := range m.spans {
			if sp.Label == label {
				want = append(want, sp.ID)
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("SpansByLabel(%s): got %v, want %v", label, got, want)
		}
	}
	var gotThreads []string
	if err := s.Threads(ctx, func(th *annotate.Thread) error {
		gotThreads = append(gotThreads, th.ID)
		if want := m.threads[th.ID]; want == nil || !sameThread(th, want) {
			t.Errorf("thread %s: got %+v, want %+v", th.ID, th, want)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(gotThreads) != len(m.threads) {
		t.Errorf("Threads: got %d, want %d", len(gotThreads), len(m.threads))
	}
	for _, sp := range m.spans {
		got, err := s.ThreadsOfSpan(sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, th := range m.threads {
			if th.Index(sp.ID) >= 0 {
				want = append(want, th.ID)
			}
		}
		gotIDs := threadIDs(got)
		sort.Strings(gotIDs)
		sort.Strings(want)
		if !slices.Equal(gotIDs, want) {
			t.Errorf("ThreadsOfSpan(%s): got %v, want %v", sp.ID, gotIDs, want)
		}
	}
	for _, d := range docs {
		got, err := s.ThreadsOfDoc(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, th := range m.threads {
			if slices.Contains(th.Docs(), d.ID) {
				want = append(want, th.ID)
			}
		}
		gotIDs := threadIDs(got)
		sort.Strings(gotIDs)
		sort.Strings(want)
		if !slices.Equal(gotIDs, want) {
			t.Errorf("ThreadsOfDoc(%s): got %v, want %v", d.ID, gotIDs, want)
		}
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

func threadIDs(ts []*annotate.Thread) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

// checkKeys runs Check: every index key is implied by a record and each
// record has its index keys.
func checkKeys(s *Store) error {
	rep, err := s.Check(ctx, nil)
	if err != nil {
		return err
	}
	if !rep.Sound() {
		return errors.New(rep.Lines())
	}
	return nil
}

var errCancelled = context.Canceled

func contextWithCancel() (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
