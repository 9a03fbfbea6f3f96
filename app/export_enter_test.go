package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/frame"
)

// Enter in File ▸ Export…'s dialog does what its highlighted button,
// Choose where…, does: the save dialog comes up, for the format chosen,
// whichever of the dialog's widgets has the keyboard. It did nothing.
func TestExportDialogTakesEnter(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(t *testing.T, w *Window) // in the export dialog
		want string                        // the file name the save dialog offers
	}{
		{"nothing focused", func(t *testing.T, w *Window) {}, "skein.jsonl"},
		{"a format chosen", func(t *testing.T, w *Window) {
			format := objectsIn[*frame.Select](topDialog(t, w))[0]
			test.Tap(format) // the keyboard goes to it, its list opens
			tapPopUpItem(t, w, "conll")
			if w.win.Canvas().Focused() != format {
				t.Fatalf("after choosing a format the keyboard is on %v", w.win.Canvas().Focused())
			}
		}, "skein-conll"},
		{"the threads box clicked", func(t *testing.T, w *Window) {
			box := objectsIn[*frame.Check](topDialog(t, w))[0]
			test.Tap(box)
			if w.win.Canvas().Focused() != box {
				t.Fatalf("after a click on the threads box the keyboard is on %v", w.win.Canvas().Focused())
			}
		}, "skein.jsonl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := bilalStore(t)
			t.Cleanup(func() { st.Close() })
			a := test.NewTempApp(t)
			a.Preferences().SetString(prefExportDir, t.TempDir())
			w := openWindow(t, a, st, StoreOptions(st, "bilal", false))
			menuItem(t, w, "File", "Export").Action()
			form := topDialog(t, w)
			tc.do(t, w)
			press(w, fyne.KeyReturn)
			settle(w)
			save := w.win.Canvas().Overlays().Top()
			if save == nil {
				t.Fatal("Enter in the export dialog closed it, and no save dialog came up")
			}
			if save == form {
				t.Fatalf("Enter in the export dialog did nothing: it is still up, want the save dialog\n%s", dialogText(t, w))
			}
			var names []string
			for _, e := range objectsIn[*frame.Entry](save) {
				names = append(names, e.Text)
			}
			if !strings.Contains(strings.Join(names, "\n"), tc.want) {
				t.Errorf("after Enter the dialog on top offers %q, want the save dialog's name %s:\n%s", names, tc.want, dialogText(t, w))
			}
		})
	}
}
