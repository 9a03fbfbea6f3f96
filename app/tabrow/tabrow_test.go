package tabrow

import (
	"fmt"
	"image/color"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// shownTabs are the names on the tab buttons AppTabs shows in its row, in
// order, read from its renderer: what a researcher sees.
func shownTabs(tabs *container.AppTabs) []string {
	var names []string
	var walk func(o fyne.CanvasObject, inTab bool)
	walk = func(o fyne.CanvasObject, inTab bool) {
		if !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			if inTab && x.Text != "" {
				names = append(names, x.Text)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, inTab)
			}
		case fyne.Widget:
			if x == tabs.Selected().Content {
				return
			}
			tab := inTab || fmt.Sprintf("%T", x) == "*container.tabButton"
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c, tab)
			}
		}
	}
	for _, c := range test.WidgetRenderer(tabs).Objects() {
		walk(c, false)
	}
	return names
}

func newTabs(names ...string) *container.AppTabs {
	tabs := container.NewAppTabs()
	for _, n := range names {
		tabs.Append(container.NewTabItem(n, widget.NewLabel(n+" content")))
	}
	return tabs
}

var names = []string{"Spans", "Threads", "Figures", "Search", "Suggestions", "Team"}

// TestFitIsFynes checks Fit against the row AppTabs draws, at every width
// from one tab to all six: Keep's decision rests on it.
func TestFitIsFynes(t *testing.T) {
	test.NewTempApp(t)
	tabs := newTabs(names...)
	test.NewTempWindow(t, tabs)
	for width := float32(120); width <= 700; width++ {
		tabs.Resize(fyne.NewSize(width, 300))
		got := Fit(tabs.Items, Measure(tabs, tabs.Items, width, OverflowWidth()))
		if shown := shownTabs(tabs); len(shown) != got {
			t.Fatalf("at %g px Fit says %d tabs, AppTabs shows %d: %v", width, got, len(shown), shown)
		}
	}
}

// TestSelectedTabInRow chooses each tab under ⋯ as a researcher does (the
// ⋯ menu's item selects it) at the widths of the window's tab column, and
// looks at the row: the chosen tab's name must be on it, the tabs before
// it in their order; choosing a tab that fits puts the row back.
func TestSelectedTabInRow(t *testing.T) {
	test.NewTempApp(t)
	for _, width := range []float32{323, 360, 420} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			tabs := newTabs(names...)
			test.NewTempWindow(t, Keep(tabs)).Resize(fyne.NewSize(width, 300))
			before := shownTabs(tabs)
			if len(before) == len(names) {
				t.Fatalf("at %g px every tab fits (%v): nothing to test", width, before)
			}
			for _, name := range names[len(before):] {
				tabs.SelectIndex(slices.IndexFunc(tabs.Items, func(it *container.TabItem) bool { return it.Text == name }))
				shown := shownTabs(tabs)
				if !slices.Contains(shown, name) {
					t.Errorf("%s chosen under ⋯: the row shows %v, without it", name, shown)
				}
				if tabs.Selected().Text != name {
					t.Errorf("%s chosen: %s is selected", name, tabs.Selected().Text)
				}
				if n := len(shown); n > 0 && !slices.Equal(shown[:n-1], before[:n-1]) {
					t.Errorf("%s chosen: the row is %v, want %v then %s", name, shown, before[:n-1], name)
				}
			}
			tabs.SelectIndex(slices.IndexFunc(tabs.Items, func(it *container.TabItem) bool { return it.Text == "Spans" }))
			if shown := shownTabs(tabs); !slices.Equal(shown, before) {
				t.Errorf("Spans chosen again: the row is %v, want %v as at first", shown, before)
			}
		})
	}
}

// inkTheme is Fyne's theme with its text in one colour.
type inkTheme struct {
	fyne.Theme
	ink color.Color
}

func (t inkTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameForeground {
		return t.ink
	}
	return t.Theme.Color(n, v)
}

// textColours are the colours of the texts drawn in o.
func textColours(o fyne.CanvasObject) []color.Color {
	var out []color.Color
	switch x := o.(type) {
	case *canvas.Text:
		if x.Text != "" {
			out = append(out, x.Color)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, textColours(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, textColours(c)...)
		}
	}
	return out
}

// rowsWidget holds a label it does not redraw on a refresh, as the span
// list's and the threads list's rows, bound again to what they showed,
// change nothing.
type rowsWidget struct {
	widget.BaseWidget
	row *widget.Label
}

func newRows(text string) *rowsWidget {
	w := &rowsWidget{row: widget.NewLabel(text)}
	w.ExtendBaseWidget(w)
	return w
}

func (w *rowsWidget) CreateRenderer() fyne.WidgetRenderer { return &rowsRenderer{w} }

type rowsRenderer struct{ w *rowsWidget }

func (r *rowsRenderer) Destroy()                     {}
func (r *rowsRenderer) Layout(s fyne.Size)           { r.w.row.Resize(s) }
func (r *rowsRenderer) MinSize() fyne.Size           { return r.w.row.MinSize() }
func (r *rowsRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.w.row} }
func (r *rowsRenderer) Refresh()                     {}

// TestThemeReachesOtherTabs switches the theme while one tab is shown, as
// View ▸ Theme ▸ Light theme does, then opens each other tab: its text must be
// drawn in the new theme's colour. AppTabs puts only the selected tab's
// content in the window's tree, which is all a new theme reaches, and the
// Threads tab's titles stayed white on the light theme's white.
func TestThemeReachesOtherTabs(t *testing.T) {
	a := test.NewTempApp(t)
	dark := inkTheme{theme.DefaultTheme(), color.NRGBA{R: 0xe4, G: 0xe4, B: 0xe6, A: 0xff}}
	light := inkTheme{theme.DefaultTheme(), color.NRGBA{R: 0x23, G: 0x26, B: 0x2b, A: 0xff}}
	a.Settings().SetTheme(dark)
	tabs := container.NewAppTabs()
	for _, n := range names[:3] {
		tabs.Append(container.NewTabItem(n, container.NewVBox(widget.NewLabel(n), newRows(n+" row"))))
	}
	test.NewTempWindow(t, Keep(tabs)).Resize(fyne.NewSize(600, 300))
	for i := range tabs.Items { // each drawn once, in the dark theme
		tabs.SelectIndex(i)
	}
	tabs.SelectIndex(0)
	for _, th := range []inkTheme{light, dark} {
		a.Settings().SetTheme(th)
		for i, it := range tabs.Items {
			tabs.SelectIndex(i)
			for _, c := range textColours(it.Content) {
				if c != th.ink {
					t.Errorf("%s opened after the theme changed: its text is %v, want the new theme's %v", it.Text, c, th.ink)
				}
			}
		}
		tabs.SelectIndex(0)
	}
}
