package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/cli"
	"github.com/skein-news/skein/store"
)

// What the window settles, `skein curate` counts as settled (issue 12): a
// reviewer resolves every disagreement — one of them by editing its
// boundaries — and accepts a span in an article only bob worked on, one
// that N passes by (the article is left out, as agreement leaves it out)
// and a click in it reaches; then curate reports nothing left to review.
func TestReviewSettledIsSettledForCurate(t *testing.T) {
	st, dir := reviewStore(t)
	alone := newDoc("Quetta", "2023-11-14", "Officials in Quetta closed the market on Friday.")
	b := &store.Batch{Docs: []*annotate.Document{alone}, Spans: []*annotate.Span{{
		ID: annotate.NewID(), Doc: alone.ID, Label: annotate.Actor, Annotator: "bob",
		Fragments: []annotate.Fragment{frag(t, alone, "Officials in Quetta")},
	}}}
	w := reviewAfter(t, st, b)
	claim, _ := w.labels.Get(annotate.Claim)
	// Review lands on the first open disagreement; settle it, then N.
	for n := 0; ; n++ {
		if n > 30 {
			t.Fatalf("still reviewing after %d presses of N: %q", n, w.status.Text)
		}
		it := w.rev.Session().Item()
		if it == nil {
			t.Fatalf("no disagreement under review: %q", w.status.Text)
		}
		if it.Kind.String() == "boundary conflict" && w.doc.ID == docKakar.ID {
			// Neither annotator's boundaries: the reviewer's own.
			press(w, fyne.KeyE)
			selectWords(t, w, frag(t, w.doc, "surge in attacks"))
			press(w, fyne.KeyName(claim.Key))
		} else {
			press(w, fyne.KeyA)
		}
		settle(w)
		press(w, fyne.KeyN)
		settle(w)
		if strings.HasPrefix(w.status.Text, "No open disagreements") {
			break
		}
	}
	for _, d := range []*annotate.Document{docKakar, docTaliban} {
		var res, total int
		got := w.rev.Progress(d.ID)
		if _, err := fmt.Sscanf(got, "%d of %d resolved", &res, &total); err != nil || res != total {
			t.Errorf("%s: the list says %q, want every disagreement resolved", d.Title, got)
		}
	}
	if w.doc.ID == alone.ID {
		t.Fatalf("N went to %s, which only bob worked on", alone.Title)
	}
	open(t, w, alone)
	settle(w)
	items := w.rev.Session().Items()
	if len(items) != 1 {
		t.Fatalf("%s: %d review items, want bob's span", alone.Title, len(items))
	}
	w.spanSelectedInText(items[0].Sorted()[0].ID)
	press(w, fyne.KeyA)
	settle(w)
	if got, want := w.rev.Progress(alone.ID), "left out: only bob's"; got != want {
		t.Errorf("%s: the list says %q, want %q", alone.Title, got, want)
	}
	w.shutdown()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	if got := curateBobAndCarol(t, dir); !strings.Contains(got, "0 disagreements remain") || strings.Contains(got, "one by one") {
		t.Errorf("after the window settled everything, curate says %q, want 0 disagreements remain and nothing to review one by one", got)
	}
}

// Review leaves out the articles fewer than two of the annotators under
// review worked on, as agreement does: N and P pass by those only bob
// labelled (an import into one's own layer: with 390 of them N wandered
// through every one), and their rows say so; an article carol marked done
// with no span of hers is one she worked on, and bob's span there is open.
func TestReviewLeavesOutArticlesOneWorkedOn(t *testing.T) {
	st, _ := reviewStore(t)
	b := &store.Batch{}
	var bobs []*annotate.Document
	for i, text := range []string{"Officials in Quetta closed the market.", "Police in Lahore arrested three men.", "Traders in Peshawar went on strike."} {
		d := newDoc(fmt.Sprintf("Bob's %d", i), fmt.Sprintf("2023-11-1%d", i+1), text)
		bobs = append(bobs, d)
		b.Docs = append(b.Docs, d)
		words := strings.Fields(text)[0]
		b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: annotate.Actor, Annotator: "bob",
			Fragments: []annotate.Fragment{frag(t, d, words)}})
	}
	done := newDoc("Carol's done", "2023-11-15", "Farmers in Multan blocked the road.")
	b.Docs = append(b.Docs, done)
	b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: done.ID, Label: annotate.Actor, Annotator: "bob",
		Fragments: []annotate.Fragment{frag(t, done, "Farmers")}})
	b.Marks = append(b.Marks, &annotate.Mark{Doc: done.ID, Annotator: "carol", Done: true})
	w := reviewAfter(t, st, b)
	visited := walkNP(t, w)
	for _, d := range bobs {
		if visited[d.Title] {
			t.Errorf("N or P went to %q, which only bob worked on", d.Title)
		}
		if got, want := w.rev.Progress(d.ID), "left out: only bob's"; got != want {
			t.Errorf("%s: the list says %q, want %q", d.Title, got, want)
		}
	}
	open(t, w, bobs[0])
	settle(w)
	if got, want := w.rev.Head(), "left out of the review: only bob worked on it"; got != want {
		t.Errorf("%s: the header says %q, want %q", bobs[0].Title, got, want)
	}
	if got, want := w.rev.Progress(docBorder.ID), "no disagreements"; got != want {
		t.Errorf("%s: the list says %q, want %q", docBorder.Title, got, want)
	}
	if !visited[done.Title] {
		t.Errorf("N and P never went to %q, which carol marked done: visited %v", done.Title, visited)
	}
	if got, want := w.rev.Progress(done.ID), "0 of 1 resolved"; got != want {
		t.Errorf("%s: the list says %q, want %q", done.Title, got, want)
	}
}

// reviewAfter writes b to st as an import does, then opens a window on it
// for alice and starts reviewing bob and carol on docKakar.
func reviewAfter(t *testing.T, st *store.Store, b *store.Batch) *Window {
	t.Helper()
	if _, err := st.WriteBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	if err := w.StartReview("bob", "carol"); err != nil {
		t.Fatal(err)
	}
	settle(w)
	return w
}

// walkNP presses N until there is no open disagreement after, then P
// until none before, then N again, and returns the titles of the articles
// it went to.
func walkNP(t *testing.T, w *Window) map[string]bool {
	t.Helper()
	visited := map[string]bool{}
	for _, key := range []fyne.KeyName{fyne.KeyN, fyne.KeyP, fyne.KeyN} {
		for n := 0; ; n++ {
			if n > 30 {
				t.Fatalf("still walking after %d presses of %s: %q", n, key, w.status.Text)
			}
			press(w, key)
			settle(w)
			if strings.HasPrefix(w.status.Text, "No open disagreements") {
				break
			}
			visited[w.doc.Title] = true
		}
	}
	return visited
}

// curateBobAndCarol runs skein -user alice curate -annotators bob,carol on
// the store in dir, closed, and returns what it printed.
func curateBobAndCarol(t *testing.T, dir string) string {
	t.Helper()
	var out, errb strings.Builder
	code := cli.Main([]string{"-user", "alice", "curate", "-annotators", "bob,carol"}, cli.Env{
		Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
			if k == "SKEIN_STORE" {
				return dir
			}
			return ""
		},
	})
	if code != 0 {
		t.Fatalf("curate exited %d: %s", code, errb.String())
	}
	return out.String()
}
