package app

import (
	"context"
	"fmt"
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

// TestReviewRowsSayWhatMattersAtTheLeastSize: in review, each article's
// row says where its review stands after the date. At 1200×700 the line is
// whole ("2023-11-10  ·  0 of 3 resolved"); at the window's least size,
// where the list's column cannot hold it, the date gives way, and where
// the row's counts leave too little room even for the rest (alice's two
// chips on Kakar's row), the count says what matters in a word or two:
// "3 open" (or "done", "agreed", "left out"). Every row there said
// "2023-11-10  ·  0 o…" or "undated  ·  left o…", which says none of it.
func TestReviewRowsSayWhatMattersAtTheLeastSize(t *testing.T) {
	st, _ := reviewStore(t)
	alone := newDoc("Quetta", "2023-11-14", "Officials in Quetta closed the market on Friday.")
	b := &store.Batch{Docs: []*annotate.Document{alone}, Spans: []*annotate.Span{{
		ID: annotate.NewID(), Doc: alone.ID, Label: annotate.Actor, Annotator: "bob",
		Fragments: []annotate.Fragment{frag(t, alone, "Officials in Quetta")},
	}}}
	for _, l := range []string{annotate.Claim, annotate.Actor} {
		b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Label: l, Annotator: "alice",
			Fragments: []annotate.Fragment{frag(t, docKakar, "Kakar")}})
	}
	w := reviewAfter(t, st, b)
	// Settle every disagreement in docTaliban: its row then says done.
	open(t, w, docTaliban)
	settle(w)
	for n := 0; !strings.HasPrefix(w.rev.Progress(docTaliban.ID), "2 of 2"); n++ {
		if n > 5 || w.doc.ID != docTaliban.ID {
			t.Fatalf("%s not settled after %d presses of A and N: %q", docTaliban.Title, n, w.rev.Progress(docTaliban.ID))
		}
		press(w, fyne.KeyA)
		settle(w)
		press(w, fyne.KeyN)
		settle(w)
	}
	var res, total int
	if _, err := fmt.Sscanf(w.rev.Progress(docKakar.ID), "%d of %d resolved", &res, &total); err != nil || res == total {
		t.Fatalf("%s: the list says %q, want disagreements open", docKakar.Title, w.rev.Progress(docKakar.ID))
	}
	open(t, w, docBorder)
	settle(w)
	for _, tc := range []struct {
		name string
		size fyne.Size
		want map[*annotate.Document]string
	}{
		{"1200×700", fyne.NewSize(1200, 700), map[*annotate.Document]string{
			docKakar:   fmt.Sprintf("%s  ·  %d of %d resolved", docKakar.Date, res, total),
			docTaliban: docTaliban.Date + "  ·  2 of 2 resolved",
			docBorder:  docBorder.Date + "  ·  no disagreements",
			alone:      alone.Date + "  ·  left out: only bob's",
		}},
		{"the least size", fyne.Size{}, map[*annotate.Document]string{
			docKakar:   fmt.Sprintf("%d open", total-res),
			docTaliban: "2 of 2 resolved",
			docBorder:  "no disagreements",
			alone:      "left out: only bob's",
		}},
	} {
		resizeTo(w, tc.size)
		settle(w)
		for d, want := range tc.want {
			got, ok := w.docList.RowLead(d.ID)
			if !ok {
				t.Fatalf("%s: no row shows %s", tc.name, d.Title)
			}
			if got != want {
				t.Errorf("%s (%v): the row of %s says %q, want %q", tc.name, w.win.Canvas().Size(), d.Title, got, want)
			}
		}
	}
}

// TestReviewRowOfFourCountsSaysItsCount: at the window's least size in
// review, a row showing all four of the user's label counts says where its
// review stands whole ("3 open", "left out"), its counts whole beside it:
// they are drawn tighter to leave it the room. The row had 17 px left for
// it and drew "3…", the left-out one nothing. Alike with an annotator's
// name in Urdu (the line drawn by Fyne's texts) and a long one. With a
// fifth label of the user's (a long one of her own) not all the counts fit
// beside it even so: the last give way, "…" after those drawn whole.
func TestReviewRowOfFourCountsSaysItsCount(t *testing.T) {
	const fifth = "accusation-of-state-sponsorship"
	for _, tc := range []struct {
		other string
		five  bool
	}{{"carol", false}, {"کرن", false}, {"bartholomew-annotatorsson", false}, {"carol", true}, {"کرن", true}} {
		other := tc.other
		name := other
		if tc.five {
			name += ", five labels"
		}
		t.Run(name, func(t *testing.T) {
			st, _ := reviewStore(t)
			quetta := newDoc("Quetta market closed", "2023-11-05", "Officials in Quetta closed the market on Friday after the attack.")
			b := &store.Batch{Docs: []*annotate.Document{quetta}}
			add := func(d *annotate.Document, who, label, words string) {
				b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: label, Annotator: who,
					Fragments: []annotate.Fragment{frag(t, d, words)}})
			}
			add(quetta, other, annotate.Actor, "Officials in Quetta")
			for d, words := range map[*annotate.Document][]string{
				docKakar: {"Kakar", "surge", "60%", "TTP"},
				quetta:   {"Officials", "market", "Friday", "attack"},
			} {
				for i, l := range []string{annotate.Claim, annotate.Actor, annotate.Figure, annotate.Accusation} {
					add(d, "alice", l, words[i])
				}
				if tc.five {
					add(d, "alice", fifth, map[*annotate.Document]string{docKakar: "Officials", quetta: "closed"}[d])
				}
			}
			if other != "carol" { // carol's layer of the Kakar article under another name
				for _, s := range reviewLayers {
					if s.annotator == "carol" && s.doc == docKakar {
						add(docKakar, other, s.label, s.words)
					}
				}
			}
			if _, err := st.WriteBatch(context.Background(), b); err != nil {
				t.Fatal(err)
			}
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			open(t, w, docKakar)
			if err := w.StartReview("bob", other); err != nil {
				t.Fatal(err)
			}
			settle(w)
			resizeTo(w, fyne.Size{})
			settle(w)
			for _, d := range []*annotate.Document{docKakar, quetta} {
				long, short := w.rev.RowProgress(d.ID)
				got, ok := w.docList.RowLead(d.ID)
				if !ok {
					t.Fatalf("at %v no row shows %s", w.win.Canvas().Size(), d.Title)
				}
				if short == "" || (got != long && got != short) {
					t.Errorf("at %v the row of %s says %q, want %q or %q whole", w.win.Canvas().Size(), d.Title, got, long, short)
				}
				chips, end, width, _ := w.docList.RowDrawn(d.ID)
				all := "1 1 1 1"
				if tc.five {
					all += " 1"
				}
				if drawn := strings.Join(chips, " "); len(chips) == 0 || !strings.HasPrefix(all, drawn) || (!tc.five && drawn != all) || end > width+0.5 {
					t.Errorf("at %v the row of %s draws the counts %q ending at %.1f of its %.1f, want %s (or the first of them) within it", w.win.Canvas().Size(), d.Title, chips, end, width, all)
				}
			}
		})
	}
}

// TestReviewHeaderSaysWhereItStandsAtTheLeastSize: in review the article's
// header line says where its review stands, after the date, the source
// and the length. Where the column cannot hold the line (the window at its
// least size, 655×371 in review; a long left-out reason at 1200×700) those
// give way and the review's part is drawn whole, or shorter as the rows
// say it ("0 of 3 resolved", "3 open", "left out"). The line was cut at
// "2023-11-10  ·  174 character…", the review not shown at all, and a
// left-out article's reason cut even at 1200×700.
func TestReviewHeaderSaysWhereItStandsAtTheLeastSize(t *testing.T) {
	st, _ := reviewStore(t)
	long := newDoc("Quetta", "2023-11-14", "Officials in Quetta closed the market on Friday.")
	long.Source = strings.Repeat("a-very-long-source-file-name-", 4) + "quetta.txt"
	b := &store.Batch{Docs: []*annotate.Document{long}, Spans: []*annotate.Span{{
		ID: annotate.NewID(), Doc: long.ID, Label: annotate.Actor, Annotator: "bob",
		Fragments: []annotate.Fragment{frag(t, long, "Officials in Quetta")},
	}}}
	w := reviewAfter(t, st, b)
	for _, tc := range []struct {
		name string
		size fyne.Size
		doc  *annotate.Document
	}{
		{"1200×700", fyne.NewSize(1200, 700), long},
		{"the least size", fyne.Size{}, docKakar},
		{"the least size", fyne.Size{}, long},
	} {
		open(t, w, tc.doc)
		settle(w)
		resizeTo(w, tc.size)
		settle(w)
		head := w.rev.Head()
		row, short := w.rev.RowProgress(tc.doc.ID)
		if got := w.meta.Shown(); got != head && got != row && got != short && !strings.HasSuffix(got, head) {
			t.Errorf("%s (%v), %s: the header draws %q, want %q whole (or %q, %q)", tc.name, w.win.Canvas().Size(), tc.doc.Title, got, head, row, short)
		}
	}
}
