package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/doclist"
	"github.com/skein-news/skein/store"
)

// TestRowCountsReadAtTheLeastSize: an article of 26,665 spans of the
// user's (9,876 claims, 12,345 actors, 3,210 figures, 1,234 accusations)
// and a long title. In a window of 1200×700 its row draws the four counts
// whole; at the window's least size, where the column cannot hold them,
// it draws them in thousands ("9k 12k 3k 1k"), each whole within the row.
// They were drawn whole and cut at the column's edge: "9876 12345 32",
// the accusations not drawn at all.
func TestRowCountsReadAtTheLeastSize(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	text := strings.TrimSpace(strings.Repeat("word ", 12345))
	d := newDoc("Caretaker Prime Minister Anwar ul-Haq Kakar blames Afghanistan for the surge in militant attacks", "2023-11-10", text)
	b := &store.Batch{Docs: []*annotate.Document{d}}
	counts := []struct {
		label string
		n     int
	}{{annotate.Claim, 9876}, {annotate.Actor, 12345}, {annotate.Figure, 3210}, {annotate.Accusation, 1234}}
	for _, c := range counts {
		for i := range c.n {
			b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: c.label, Annotator: "alice",
				Fragments: []annotate.Fragment{{Start: i * 5, End: i*5 + 4}}})
		}
	}
	if _, err := st.WriteBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, d)
	for _, tc := range []struct {
		name string
		size fyne.Size
		want []string
	}{
		{"1200×700", fyne.NewSize(1200, 700), []string{"9876", "12345", "3210", "1234"}},
		{"the least size", fyne.Size{}, []string{"9k", "12k", "3k", "1k"}},
	} {
		resizeTo(w, tc.size)
		settle(w)
		got, end, width, ok := w.docList.RowDrawn(d.ID)
		if !ok {
			t.Fatalf("%s: no row shows %s", tc.name, d.Title)
		}
		if !slices.Equal(got, tc.want) || end > width+0.5 {
			t.Errorf("%s (%v): the row draws the counts %q ending at %.1f of its %.1f, want %q within it", tc.name, w.win.Canvas().Size(), got, end, width, tc.want)
		}
	}
}

// TestShortCount: counts in thousands, cut, never rounded up.
func TestShortCount(t *testing.T) {
	for _, tc := range []struct {
		text  string
		level int
		want  string
		ok    bool
	}{
		{"999", 1, "", false}, {"1000", 1, "1k", true}, {"1099", 1, "1k", true}, {"1234", 1, "1.2k", true},
		{"9876", 1, "9.8k", true}, {"9876", 2, "9k", true}, {"12345", 1, "12k", true}, {"999999", 1, "999k", true},
		{"2500000", 1, "2.5M", true}, {"12345", 3, "", false}, {"x", 1, "", false},
	} {
		if got, ok := doclist.ShortCount(tc.text, tc.level); got != tc.want || ok != tc.ok {
			t.Errorf("ShortCount(%q, %d) = %q, %v; want %q, %v", tc.text, tc.level, got, ok, tc.want, tc.ok)
		}
	}
}
