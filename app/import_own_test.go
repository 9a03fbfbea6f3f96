package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/store"
)

// TestImportOwnLayerOffersTheChoice: File ▸ Import… of a bundle that
// changes your own layer was refused with the command line's advice, "use
// -own to import it, or -user to import as someone else", flags nobody in
// the window can type. The refusal now offers them: "Into my layer" is
// -own, and a name typed for "Import as another" is -user NAME (or
// -annotator NAME for lines that name no annotator), the name checked as
// -user checks it. The store is read after each.
func TestImportOwnLayerOffersTheChoice(t *testing.T) {
	for _, c := range []struct {
		name      string
		annotator string // the file's spans' annotator: alice's, or none
		pick      func(t *testing.T, w *Window)
		label     string // alice's span's label in the store after
		again     string // what a second refusal says, if one comes
	}{
		{"into my layer", "alice", func(t *testing.T, w *Window) { tapButton(t, w, "Into my layer") }, annotate.Figure, ""},
		{"unnamed into my layer", "", func(t *testing.T, w *Window) { tapButton(t, w, "Into my layer") }, annotate.Figure, ""},
		// Imported as dan, alice's layer in the file is a colleague's:
		// its copy is no newer than the store's, so alice's stays.
		{"as another annotator", "alice", func(t *testing.T, w *Window) { typeName(t, w, "dan") }, annotate.Claim, ""},
		// As -annotator dan: the span's ID is alice's, which skein will
		// not move to dan's layer, and says so as the command line does.
		{"unnamed into another layer", "", func(t *testing.T, w *Window) { typeName(t, w, "dan") }, annotate.Claim,
			"is already used by a span in alice's layer, not dan's: skein will not move it"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, _ := reviewStore(t)
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			w.win.Resize(fyne.NewSize(1200, 800))
			open(t, w, docKakar)
			mine := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge"))
			path := ownBundle(t, mine, c.annotator, annotate.Figure)

			w.importPaths([]string{path})
			settle(w)
			msg := dialogText(t, w)
			if !strings.Contains(msg, "Nothing was imported: 1 problem.") || !strings.Contains(msg, "(choose below)") {
				t.Fatalf("the refusal says %q; want one problem, and the choice below", msg)
			}
			if strings.Contains(msg, "use -own") {
				t.Errorf("the refusal says %q: the window has no -own to type", msg)
			}
			if got := storedLabel(t, st, mine.ID); got != annotate.Claim {
				t.Fatalf("refused, alice's span is a %s, want a claim still", got)
			}
			c.pick(t, w)
			settle(w)
			if got := storedLabel(t, st, mine.ID); got != c.label {
				t.Errorf("alice's span is a %s after the import, want a %s", got, c.label)
			}
			if c.again != "" {
				if msg := dialogText(t, w); !strings.Contains(msg, c.again) {
					t.Errorf("imported again, the window says %q, want %q in it", msg, c.again)
				}
			} else if msg := w.status.Text; !strings.HasPrefix(msg, "imported ") {
				t.Errorf("the status says %q after the import, want what was imported", msg)
			}
			if w.user != "alice" {
				t.Errorf("the window annotates as %s after the import, want alice still", w.user)
			}
		})
	}
}

// TestImportOwnLayerChecksTheName: the name typed for Import as is checked
// as -user checks it: "curated", "a/b" and your own name leave the button
// greyed out, and nothing is imported.
func TestImportOwnLayerChecksTheName(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	mine := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge"))
	w.importPaths([]string{ownBundle(t, mine, "alice", annotate.Figure)})
	settle(w)
	e := nameEntry(t, w)
	for _, bad := range []string{"curated", "a/b", "alice", ""} {
		test.Type(e, "x") // a change, whatever the name before
		e.SetText(bad)
		b := importAsButton(t, w)
		if !b.Disabled() {
			t.Errorf("with %q typed, %q can be pressed", bad, b.Text)
		}
		test.Tap(b)
		settle(w)
		if got := storedLabel(t, st, mine.ID); got != annotate.Claim {
			t.Fatalf("with %q typed, alice's span became a %s", bad, got)
		}
	}
}

// ownBundle is a skein JSONL file of docKakar holding span s relabelled
// label, naming annotator (none where "").
func ownBundle(t *testing.T, s *annotate.Span, annotator, label string) string {
	t.Helper()
	f := s.Fragments[0]
	sp := map[string]any{"id": s.ID, "start": f.Start, "end": f.End, "text": string([]rune(docKakar.Text)[f.Start:f.End]),
		"label": label, "created": annotate.FormatMillis(s.Created)}
	if annotator != "" {
		sp["annotator"] = annotator
	}
	line, err := json.Marshal(map[string]any{"id": docKakar.ID, "title": docKakar.Title, "text": docKakar.Text, "spans": []any{sp}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mine.jsonl")
	if err := os.WriteFile(path, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// storedLabel is the label of span id in the store.
func storedLabel(t *testing.T, st *store.Store, id string) string {
	t.Helper()
	s, err := st.Span(id)
	if err != nil {
		t.Fatal(err)
	}
	return s.Label
}

// nameEntry is the refusal's field for another annotator's name.
func nameEntry(t *testing.T, w *Window) *frame.Entry {
	t.Helper()
	es := objectsIn[*frame.Entry](topDialog(t, w))
	if len(es) != 1 {
		t.Fatalf("the refusal holds %d fields, want the one for a name", len(es))
	}
	return es[0]
}

// importAsButton is the refusal's Import as button.
func importAsButton(t *testing.T, w *Window) *widget.Button {
	t.Helper()
	for _, b := range objectsIn[*widget.Button](topDialog(t, w)) {
		if strings.HasPrefix(b.Text, "Import as") {
			return b
		}
	}
	t.Fatal("the refusal has no Import as button")
	return nil
}

// typeName types name in the refusal's field and presses Import as
// another.
func typeName(t *testing.T, w *Window, name string) {
	t.Helper()
	test.Type(nameEntry(t, w), name)
	b := importAsButton(t, w)
	if b.Disabled() {
		t.Fatalf("with %q typed, %q cannot be pressed", name, b.Text)
	}
	test.Tap(b)
}

// TestLeftOutSaysToImportAgain: Import the rest's report lists the
// problems it left out under a lone Close, where "(choose below)" and
// "(choose a format below)" sent the reader looking for choices that were
// not there. There each says to import it again to choose.
func TestLeftOutSaysToImportAgain(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	w.win.Resize(fyne.NewSize(1200, 800))
	open(t, w, docKakar)
	mine := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge"))
	bundle := ownBundle(t, mine, "alice", annotate.Figure)
	dir := t.TempDir()
	unknown, good := filepath.Join(dir, "kabul.md"), filepath.Join(dir, "border.txt")
	for path, text := range map[string]string{unknown: "Kabul denies the claim.\n", good: "Islamabad closed the Torkham border crossing.\n"} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	paths := []string{bundle, unknown, good}

	w.importPaths(paths)
	settle(w)
	if msg := dialogText(t, w); !strings.Contains(msg, "(choose below)") || !strings.Contains(msg, "(choose a format below)") {
		t.Fatalf("the refusal says %q; want each choice below", msg)
	}
	tapButton(t, w, "Import the rest")
	settle(w)
	msg := dialogText(t, w)
	if !strings.Contains(msg, "Left out:") || storedTexts(t, st)["Islamabad closed the Torkham border crossing."] == "" {
		t.Fatalf("after Import the rest the window says %q and stores %v; want the text stored and the rest left out", msg, storedTexts(t, st))
	}
	if strings.Contains(msg, "below") {
		t.Errorf("the report of what was left out says %q: nothing stands below it but Close", msg)
	}
	for _, want := range []string{"(import it again to choose whose layer it goes in)", "kabul.md: not a file skein reads", "(import it again to choose a format)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the report says %q; want %q in it", msg, want)
		}
	}
	if got := storedLabel(t, st, mine.ID); got != annotate.Claim {
		t.Errorf("alice's span is a %s after Import the rest, want a claim still", got)
	}
}
