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
// boundaries, and a span in an article only bob worked on by accepting it —
// and then curate reports nothing left to review.
func TestReviewSettledIsSettledForCurate(t *testing.T) {
	st, dir := reviewStore(t)
	alone := newDoc("Quetta", "2023-11-14", "Officials in Quetta closed the market on Friday.")
	b := &store.Batch{Docs: []*annotate.Document{alone}, Spans: []*annotate.Span{{
		ID: annotate.NewID(), Doc: alone.ID, Label: annotate.Actor, Annotator: "bob",
		Fragments: []annotate.Fragment{frag(t, alone, "Officials in Quetta")},
	}}}
	if _, err := st.WriteBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	if err := w.StartReview("bob", "carol"); err != nil {
		t.Fatal(err)
	}
	settle(w)
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
	for _, d := range []*annotate.Document{docKakar, docTaliban, alone} {
		var res, total int
		got := w.rev.Progress(d.ID)
		if _, err := fmt.Sscanf(got, "%d of %d resolved", &res, &total); err != nil || res != total {
			t.Errorf("%s: the list says %q, want every disagreement resolved", d.Title, got)
		}
	}
	w.shutdown()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

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
	if got := out.String(); !strings.Contains(got, "0 disagreements remain") || strings.Contains(got, "one by one") {
		t.Errorf("after the window settled everything, curate says %q, want 0 disagreements remain and nothing to review one by one", got)
	}
}
