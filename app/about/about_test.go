package about

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/buildinfo"
	"github.com/skein-news/skein/app/frame"
)

// TestAbout: Help ▸ About skein opens a dialog with the lines skein -version
// prints.
func TestAbout(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, widget.NewLabel("article"))
	menu := HelpMenu(win)
	if menu.Label != "Help" || len(menu.Items) != 1 || menu.Items[0].Label != "About skein" {
		t.Fatalf("menu %q with %d items, want Help ▸ About skein", menu.Label, len(menu.Items))
	}
	menu.Items[0].Action()
	top := win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("About skein opened no dialog")
	}
	shown := map[string]bool{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			shown[v.Text] = true
		case *frame.Text: // a Label, selectable
			shown[v.Text] = true
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	for _, l := range buildinfo.Get().Lines() {
		if !shown[l] {
			t.Errorf("the About dialog does not show %q (it shows %v)", l, shown)
		}
	}
}
