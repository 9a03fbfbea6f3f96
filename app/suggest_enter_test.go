package app

import (
	"context"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Enter in File ▸ Import suggestions…'s Model form does what its Import
// button does, whether the keyboard is in the name field or nowhere: the
// predictions are imported under the name shown. It did nothing. A name
// left empty imports nothing and closes the form, by Enter as by the button.
func TestImportSuggestionsModelTakesEnter(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(t *testing.T, w *Window) // in the Model form
		want string                        // the model imported, "" for none
	}{
		{"nothing focused", func(t *testing.T, w *Window) {}, "ner-v2"},
		{"a name typed", func(t *testing.T, w *Window) {
			e := dialogEntry(t, w)
			w.win.Canvas().Focus(e)
			e.SetText("")
			test.Type(e, "spacy-lg")
			if w.win.Canvas().Focused() != e {
				t.Fatalf("after typing the keyboard is on %v", w.win.Canvas().Focused())
			}
		}, "spacy-lg"},
		{"the name cleared", func(t *testing.T, w *Window) {
			e := dialogEntry(t, w)
			w.win.Canvas().Focus(e)
			e.SetText("  ")
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []string
			imp := func(_ context.Context, name string, paths []string) (string, error) {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, name+" "+strings.Join(paths, ","))
				return "1 suggestion from " + name + " in 1 article", nil
			}
			w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{ImportSuggestions: imp})
			path := "/data/models/ner-v2.jsonl"
			w.askModel(path)
			form := topDialog(t, w)
			tc.do(t, w)
			press(w, fyne.KeyReturn)
			settle(w)
			mu.Lock()
			defer mu.Unlock()
			if tc.want == "" {
				if len(got) != 0 || w.win.Canvas().Overlays().Top() == form {
					t.Errorf("Enter with no name imported %q; want nothing imported and the form closed, as Import does", got)
				}
				return
			}
			if w.win.Canvas().Overlays().Top() == form {
				t.Fatalf("Enter in the Model form did nothing: it is still up\n%s", dialogText(t, w))
			}
			if want := tc.want + " " + path; strings.Join(got, "|") != want {
				t.Errorf("Enter imported %q, want %q", got, want)
			}
		})
	}
}
