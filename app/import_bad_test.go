package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
)

// Bad input in the window says what the README and the command line say
// (issue 12.4): an empty .jsonl is refused, not "imported 0"; a binary one
// is called binary, not "not UTF-8"; a lone bad file offers no "Import the
// rest", which would import nothing, and speaks of one problem as "it".
func TestImportBadFileAlone(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"empty.jsonl", nil, "empty.jsonl: empty: no article or thread in it"},
		{"blank.jsonl", []byte("\n  \n"), "blank.jsonl: empty: no article or thread in it"},
		{"blob.jsonl", append([]byte(`{"id":"x"`), 0, 1, 2, 0xff, 0xfe, '\n'), "blob.jsonl:1: binary content"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := reviewStore(t)
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			before := len(w.docList.Docs())
			path := filepath.Join(t.TempDir(), tc.name)
			if err := os.WriteFile(path, tc.content, 0o644); err != nil {
				t.Fatal(err)
			}
			w.importPaths([]string{path})
			settle(w)
			msg := dialogText(t, w)
			if !strings.Contains(msg, "Nothing was imported: 1 problem. Fix it and import again:") || !strings.Contains(msg, tc.want) {
				t.Errorf("got %q, want the one problem %q", msg, tc.want)
			}
			if strings.Contains(msg, "UTF-8") || strings.Contains(msg, "import the rest") {
				t.Errorf("got %q: no advice about UTF-8 or the rest", msg)
			}
			for _, b := range objectsIn[*widget.Button](topDialog(t, w)) {
				if b.Text == "Import the rest" {
					t.Error("a lone bad file offers Import the rest, which would import nothing")
				}
			}
			if len(w.docList.Docs()) != before {
				t.Errorf("%d articles after the refused import, want %d", len(w.docList.Docs()), before)
			}
		})
	}
}

// A file whose kind skein cannot tell from its name is not met with advice
// to pass -format, which nobody in the window can: the dialog offers the
// formats, and importing as txt takes the article in.
func TestImportUnknownKindOffersFormat(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	path := filepath.Join(t.TempDir(), "kabul.md")
	if err := os.WriteFile(path, []byte("Kabul denies the claim.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Read as brat first: it says what brat is made of, without the
	// command line's advice to leave -format out, and offers the formats
	// again; then txt takes the article in.
	w.importPaths([]string{path})
	settle(w)
	dialogSelect(t, w).SetSelected("brat")
	tapButton(t, w, "Import as brat")
	settle(w)
	if msg := dialogText(t, w); !strings.Contains(msg, "kabul.md: not a file skein reads as brat (a brat folder, or its .txt and .ann files)") || strings.Contains(msg, "-format") {
		t.Errorf("read as brat, the dialog says %q; want what brat reads, and no -format", msg)
	}
	importChoosing(t, w, path, "-format", []string{"kabul.md: not a file skein reads", "choose a format below"},
		"txt,skein,brat,doccano,prodigy,labelstudio,conll,hf,webanno,xmi", "txt")
	if got := storedTexts(t, st)["Kabul denies the claim."]; got == "" {
		t.Errorf("after Import as txt the article is not stored: %v", storedTexts(t, st))
	}
}

// A folder of annotators' brat folders (issue 13.7): the window asks, and
// "A layer per folder" imports each folder as its annotator's layer, as
// `skein import -layers-from-folders` does; "All into mine" puts every span
// in the user's.
func TestImportAsksLayersFromFolders(t *testing.T) {
	text := "Sony said Ayesha left.\n"
	dir := t.TempDir()
	for name, data := range map[string]string{
		"al/a.txt": text, "al/a.ann": "T1\tOrganization 0 4\tSony\n",
		"bo/a.txt": text, "bo/a.ann": "T1\tOrganization 0 4\tSony\nT2\tPerson 10 16\tAyesha\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		button string
		want   map[string]int
	}{
		{"A layer per folder", map[string]int{"al": 1, "bo": 2, "alice": 0}},
		{"All into mine", map[string]int{"al": 0, "bo": 0, "alice": 2}},
	} {
		t.Run(tc.button, func(t *testing.T) {
			st, _ := reviewStore(t)
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			w.importPaths([]string{dir})
			if msg := dialogText(t, w); !strings.Contains(msg, "one brat folder per annotator: al, bo") {
				t.Fatalf("the window asks %q, want the annotators' folders named", msg)
			}
			tapButton(t, w, tc.button)
			settle(w)
			doc := annotate.DocID(text)
			for who, want := range tc.want {
				if got, _ := st.LayerSpans(doc, who); len(got) != want {
					t.Errorf("%s's layer has %d spans, want %d", who, len(got), want)
				}
			}
		})
	}
}

// File ▸ Import suggestions… refused is laid out as File ▸ Import's
// refusal: the count of problems, what to do, a problem an indented line,
// and the status line's count. It said "nothing imported:" over the
// problems flush left, with no count.
func TestImportSuggestionsRefusedAsImport(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	path := filepath.Join(t.TempDir(), "ner.jsonl")
	lines := `{"id":"` + docKakar.ID + `","spans":[{"start":16,"end":11,"label":"figure"}]}` + "\n" +
		`{"id":"` + docKakar.ID + `","spans":[{"start":-1,"end":11,"label":"figure"}]}` + "\n"
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	w.importSuggestions("ner", path)
	settle(w)
	want := "Nothing was imported: 2 problems. Fix them and import again:\n" +
		"  " + path + ":1: span 1 (figure): range 16–11 is empty or reversed\n" +
		"  " + path + ":2: span 1 (figure): offset -1 is negative\n"
	if msg := dialogText(t, w); !strings.HasPrefix(msg, want) || !strings.Contains(msg, "Import failed") {
		t.Errorf("the dialog says\n%s\nwant, as an import's refusal, titled Import failed,\n%s", msg, want)
	}
	if got := w.status.Text; got != "Nothing imported: 2 problems." {
		t.Errorf("status %q, want %q", got, "Nothing imported: 2 problems.")
	}
}

// A Label Studio region without value.text after an emoji, in a file no
// other region decides: the window cannot point at -offsets, which nobody
// in it can type, so the dialog offers the two counts, and importing as
// UTF-16 units takes the span in over the right words.
func TestImportLabelStudioOffersOffsets(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	path := filepath.Join(t.TempDir(), "ls.json")
	task := `[{"id":2,"data":{"text":"Kabul 😠 reported 60 dead."},"annotations":[{"completed_by":1,"result":[{"id":"r2","type":"labels","value":{"start":18,"end":20,"labels":["figure"]}}]}]}]`
	if err := os.WriteFile(path, []byte(task), 0o644); err != nil {
		t.Fatal(err)
	}
	importChoosing(t, w, path, "-offsets", []string{`region "r2": no value.text to tell code points from UTF-16 units`, "choose how they count below"},
		"UTF-16 units,code points", "UTF-16 units")
	var got []string
	err := st.SpansByLabel(context.Background(), "figure", func(s *annotate.Span) error {
		d, err := st.Document(s.Doc)
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Text, "Kabul 😠") { // the store's own articles have figures too
			got = append(got, string([]rune(d.Text)[s.Start():s.End()]))
		}
		return nil
	})
	if err != nil || strings.Join(got, "|") != "60" {
		t.Errorf("after Import as UTF-16 units the figures are %q (%v), want 60", got, err)
	}
}

// importChoosing imports path in w, sees the refusal say each of says and
// not the command line's flag, the dialog offer options (joined by
// commas), and imports again as choice.
func importChoosing(t *testing.T, w *Window, path, flag string, says []string, options, choice string) {
	t.Helper()
	w.importPaths([]string{path})
	settle(w)
	msg := dialogText(t, w)
	for _, want := range says {
		if !strings.Contains(msg, want) {
			t.Errorf("got %q, want it to say %q", msg, want)
		}
	}
	if strings.Contains(msg, flag) {
		t.Errorf("got %q, which names %s: nobody in the window can type it", msg, flag)
	}
	sel := dialogSelect(t, w)
	if sel == nil || strings.Join(sel.Options, ",") != options {
		t.Fatalf("the dialog offers %v, want %s", sel, options)
	}
	tapButton(t, w, "Import as "+choice)
	settle(w)
}

// File ▸ Import suggestions… of two files of predictions joined with cat,
// each saved with a byte order mark: the mark starting line 2 is left out,
// and the report says so as skein import -as-suggestions does on stderr.
// The window said only "Imported 2 suggestions …" on the status line.
func TestImportSuggestionsSaysJoinedFile(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	path := filepath.Join(t.TempDir(), "ner.jsonl")
	lines := "\ufeff" + `{"id":"` + docKakar.ID + `","spans":[{"start":3,"end":8,"label":"actor"}]}` + "\n" +
		"\ufeff" + `{"id":"` + docKakar.ID + `","spans":[{"start":69,"end":72,"label":"figure"}]}` + "\n"
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	w.importSuggestions("ner", path)
	settle(w)
	summary := "Imported 2 suggestions from ner in 1 article."
	if got := w.status.Text; got != summary {
		t.Errorf("status %q, want %q", got, summary)
	}
	note := path + ":2: this line begins with a byte order mark (U+FEFF), as a file saved on Windows does: read as the start of a file joined on (cat a b > c) and the mark left out; nothing to do"
	if msg := dialogText(t, w); !strings.Contains(msg, summary+"\n"+note) || !strings.Contains(msg, "Import suggestions") {
		t.Errorf("the dialog says\n%s\nwant, titled Import suggestions,\n%s\n%s", msg, summary, note)
	}
}
