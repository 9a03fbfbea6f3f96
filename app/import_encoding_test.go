package app

import (
	"context"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

// dialogSelect is the first Select in the top dialog, or nil.
func dialogSelect(t testing.TB, w *Window) *frame.Select {
	t.Helper()
	if found := objectsIn[*frame.Select](topDialog(t, w)); len(found) > 0 {
		return found[0]
	}
	return nil
}

// importAs imports path in w, chooses choice in the refusal's list (an
// encoding, a format) and imports again with it.
func importAs(t testing.TB, w *Window, path, choice string) {
	t.Helper()
	w.importPaths([]string{path})
	settle(w)
	sel := dialogSelect(t, w)
	if sel == nil {
		t.Fatalf("no choice in the dialog to import %s as %s", path, choice)
	}
	sel.SetSelected(choice)
	tapButton(t, w, "Import as "+choice)
	settle(w)
}

// storedTexts is the text of every document in st, by title.
func storedTexts(t testing.TB, st *store.Store) map[string]string {
	t.Helper()
	texts := map[string]string{}
	err := st.Documents(context.Background(), func(di store.DocInfo) error {
		d, err := st.Document(di.ID)
		if err != nil {
			return err
		}
		texts[d.Title] = d.Text
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// A folder holding an article saved in windows-1252, dropped on the window:
// nothing goes in, and the dialog, instead of telling the researcher to
// pass -encoding, offers the encodings, windows-1252 first; importing as it
// stores the article with its accents and dash.
func TestImportRefusedOffersAnEncoding(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	dir := t.TempDir()
	// "Café – naïve" in windows-1252: é 0xe9, en dash 0x96, ï 0xef.
	raw := "Caf\xe9 \x96 na\xefve\n\nThe minister said 1,200 crossed.\n"
	want := "Café – naïve\n\nThe minister said 1,200 crossed.\n"
	if err := os.WriteFile(filepath.Join(dir, "latin.txt"), []byte(raw), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kabul.txt"), []byte("Kabul denies the claim.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := storedTexts(t, st)

	w.importPaths([]string{dir})
	settle(w)
	if got := storedTexts(t, st); len(got) != len(before) || len(w.docList.Docs()) != len(before) {
		t.Fatalf("a refused import left %d documents stored, %d listed; want %d", len(got), len(w.docList.Docs()), len(before))
	}
	msg := dialogText(t, w)
	if !strings.Contains(msg, "latin.txt:1: not UTF-8") || !strings.Contains(msg, "choose an encoding below") {
		t.Errorf("got %q, want the file and line, and to choose an encoding below", msg)
	}
	if strings.Contains(msg, "-encoding") {
		t.Errorf("got %q: the window has no -encoding to pass", msg)
	}
	sel := dialogSelect(t, w)
	if sel == nil {
		t.Fatal("no encoding to choose in the dialog")
	}
	if len(sel.Options) == 0 || sel.Options[0] != "windows-1252" || sel.Selected != "windows-1252" {
		t.Errorf("got encodings %v with %q chosen, want windows-1252 first and chosen", sel.Options, sel.Selected)
	}

	tapButton(t, w, "Import as windows-1252")
	settle(w)
	got := storedTexts(t, st)
	if len(got) != len(before)+2 {
		t.Fatalf("after Import as windows-1252: %d documents, want %d", len(got), len(before)+2)
	}
	if text := got["Café – naïve"]; text != want {
		t.Errorf("stored %q, want %q (documents: %v)", text, want, got)
	}
	if got["Kabul denies the claim."] == "" {
		t.Error("the UTF-8 article of the same folder is not stored")
	}
	if len(w.docList.Docs()) != len(before)+2 {
		t.Errorf("%d articles listed, want %d", len(w.docList.Docs()), len(before)+2)
	}
	if msg := dialogText(t, w); !strings.Contains(msg, "imported 2 new documents") {
		t.Errorf("got report %q, want what went in", msg)
	}
}

// The encoding chosen in the list is the one the import reads in.
func TestImportAsChosenEncoding(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	path := filepath.Join(t.TempDir(), "polish.txt")
	// "Łódź" in iso-8859-2: Ł 0xa3, ó 0xf3, ź 0xbc; windows-1252 would read "£ó¼".
	if err := os.WriteFile(path, []byte("\xa3\xf3d\xbc floods\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	importAs(t, w, path, "iso-8859-2")
	if text, ok := storedTexts(t, st)["Łódź floods"]; !ok || text != "Łódź floods\n" {
		t.Errorf("stored %v, want the article read as iso-8859-2", storedTexts(t, st))
	}
}

// A JSONL file must be UTF-8 whatever the encoding: its refusal offers no
// encoding, and its advice (save the file as UTF-8) stands.
func TestImportRefusedJSONLOffersNoEncoding(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	path := filepath.Join(t.TempDir(), "bundle.jsonl")
	if err := os.WriteFile(path, []byte(`{"id":"x","text":"caf`+"\xe9"+`"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.importPaths([]string{path})
	settle(w)
	msg := dialogText(t, w)
	if !strings.Contains(msg, "bundle.jsonl:1: not UTF-8") || strings.Contains(msg, "choose an encoding") {
		t.Errorf("got %q, want the JSONL problem without an encoding to choose", msg)
	}
	if sel := dialogSelect(t, w); sel != nil {
		t.Errorf("the dialog offers encodings %v for a JSONL file", sel.Options)
	}
}

// After Import the rest, the article left out for not being UTF-8 is listed
// without -encoding, which the window has no way to pass.
func TestImportRestLeftOutNamesNoFlag(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "latin.txt"), []byte("caf\xe9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kabul.txt"), []byte("Kabul denies the claim.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.importPaths([]string{dir})
	settle(w)
	tapButton(t, w, "Import the rest")
	settle(w)
	msg := dialogText(t, w)
	if !strings.Contains(msg, "Left out:\n  latin.txt:1: not UTF-8") || strings.Contains(msg, "-encoding") {
		t.Errorf("got report %q, want latin.txt left out with no -encoding to pass", msg)
	}
}

// Every encoding the window offers is one `skein import -encoding` takes.
func TestImportEncodingsAreKnown(t *testing.T) {
	st, _ := reviewStore(t)
	imp := StoreOptions(st, "alice", false).Import
	path := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(path, []byte("Kabul denies the claim.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, enc := range ImportEncodings {
		t.Run(enc, func(t *testing.T) {
			_, err := imp(context.Background(), []string{path}, transfer.ImportOptions{User: "alice", Encoding: enc})
			var refused *transfer.Refused
			if err != nil && !errors.As(err, &refused) {
				t.Errorf("import as %s: %v", enc, err)
			}
		})
	}
}

// A UTF-8 file with its byte order mark and one byte of another encoding
// (a quote pasted from an old windows-1252 file) is refused, the dialog
// offering windows-1252; Import as windows-1252 stored the whole article
// garbled ("ï»¿CafÃ©"), and said it imported it. It is refused again, at
// the line of the byte, and nothing is stored.
func TestImportAsRefusesAMarkedUTF8File(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	path := filepath.Join(t.TempDir(), "mixed.txt")
	if err := os.WriteFile(path, []byte("\xef\xbb\xbfCaf\xc3\xa9 owners spoke.\nThe na\xc3\xafve \x93plan\x94 failed.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := storedTexts(t, st)
	importAs(t, w, path, "windows-1252")
	if got := storedTexts(t, st); len(got) != len(before) {
		t.Errorf("Import as windows-1252 stored %v; want nothing more", got)
	}
	if msg := dialogText(t, w); !strings.Contains(msg, "mixed.txt:2: not UTF-8: it begins with UTF-8's byte order mark, but byte 0x93") || strings.Contains(msg, "choose an encoding") {
		t.Errorf("the dialog says %q; want the file refused at line 2, and no encoding offered: none reads it", msg)
	}
	if dialogSelect(t, w) != nil {
		t.Error("the dialog offers encodings again: none reads the file")
	}
	if os.Getenv("SKEIN_SHOT") != "" {
		img := w.win.Canvas().Capture()
		f, _ := os.Create(os.Getenv("SKEIN_SHOT"))
		png.Encode(f, img)
		f.Close()
	}
}
