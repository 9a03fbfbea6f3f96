// Package tabrow keeps the selected tab of a Fyne AppTabs in its tab row.
//
// AppTabs shows the tabs that fit its width and puts the rest under a ⋯
// button; a tab chosen there stays under it, its name nowhere on screen
// (Fyne's FIXME #1753), and a researcher on the Team or Suggestions tab
// could not see which tab they were on. Keep moves a selected tab that
// would be under ⋯ into the row, in place of the last tab that fits, and
// puts the tabs back in their order when it fits again (a wider window,
// another tab chosen).
package tabrow

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Keep returns tabs in a container that lays it out as a Stack does and
// keeps its selected tab in its row, at any width.
//
// It also brings a tab up to the theme when it is chosen: a new theme
// (View ▸ Theme ▸ Light theme) reaches what the window's renderers list, and
// AppTabs lists only the selected tab's content, so the others kept the
// old theme's colours where their widgets do not redraw their rows on a
// refresh (the Threads tab's titles white on the light theme's white).
func Keep(tabs *container.AppTabs) fyne.CanvasObject {
	k := &keeper{tabs: tabs, themed: map[*container.TabItem]int{}}
	if sel := tabs.Selected(); sel != nil {
		k.themed[sel] = 0
	}
	if a := fyne.CurrentApp(); a != nil {
		a.Settings().AddListener(func(fyne.Settings) {
			if !k.retheming {
				k.theme++
			}
			if sel := k.tabs.Selected(); sel != nil {
				k.themed[sel] = k.theme
			}
		})
	}
	selected := tabs.OnSelected
	tabs.OnSelected = func(it *container.TabItem) {
		if k.moving {
			return // the same tab, moved in the row
		}
		k.retheme(it)
		if selected != nil {
			selected(it)
		}
		k.arrange()
	}
	return container.New(k, tabs)
}

// retheme applies the theme again, as Fyne applies a new one, when it
// is a tab last drawn under an earlier theme, now in the window's tree:
// every widget in it is drawn anew, once after each change of theme.
func (k *keeper) retheme(it *container.TabItem) {
	was, ok := k.themed[it]
	k.themed[it] = k.theme
	if !ok || was == k.theme {
		return // not drawn yet, or drawn in this theme
	}
	s := fyne.CurrentApp().Settings()
	k.retheming = true
	s.SetTheme(s.Theme())
	k.retheming = false
}

// keeper is Keep's layout. home is the tabs in the order they were added,
// the order the row shows when the selected tab fits.
type keeper struct {
	tabs     *container.AppTabs
	home     []*container.TabItem
	width    float32
	overflow float32 // the ⋯ button's width, measured once
	moving   bool

	// theme counts the changes of theme; themed is, for each tab drawn,
	// the change it was last drawn after.
	theme     int
	themed    map[*container.TabItem]int
	retheming bool
}

func (k *keeper) MinSize(objs []fyne.CanvasObject) fyne.Size { return k.tabs.MinSize() }

func (k *keeper) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	k.width = size.Width
	k.arrange()
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// arrange puts the tabs in the order the row should show at the width
// last laid out.
func (k *keeper) arrange() {
	if k.width <= 0 {
		return
	}
	items := k.tabs.Items
	// Tabs appended since (Search, Suggestions, Team) join the home order
	// at its end; removed ones leave it.
	k.home = slices.DeleteFunc(k.home, func(it *container.TabItem) bool { return !slices.Contains(items, it) })
	for _, it := range items {
		if !slices.Contains(k.home, it) {
			k.home = append(k.home, it)
		}
	}
	if k.overflow == 0 {
		k.overflow = OverflowWidth()
	}
	want := Order(k.home, k.tabs.Selected(), Measure(k.tabs, k.home, k.width, k.overflow))
	if slices.Equal(want, items) {
		return
	}
	sel := k.tabs.Selected()
	k.moving = true
	k.tabs.Items = want
	k.tabs.SelectIndex(slices.Index(want, sel))
	k.moving = false
	k.tabs.Refresh()
}

// Room is what AppTabs' row needs to show tabs: each tab's button,
// the space between two, and the ⋯ button with its space.
type Room struct {
	Tab      map[*container.TabItem]float32
	Gap      float32
	Overflow float32
	Row      float32 // the row's width
}

// Measure measures the buttons of items in tabs' row of width row, as
// AppTabs draws them: a tab's name in bold at the theme's text size with
// the inner padding on either side, the theme's padding between two, and
// the ⋯ button, overflow wide, after the theme's padding.
func Measure(tabs *container.AppTabs, items []*container.TabItem, row, overflow float32) Room {
	th := theme.CurrentForWidget(tabs)
	inner := th.Size(theme.SizeNameInnerPadding)
	size := th.Size(theme.SizeNameText)
	w := Room{Tab: map[*container.TabItem]float32{}, Gap: th.Size(theme.SizeNamePadding), Overflow: overflow, Row: row}
	for _, it := range items {
		w.Tab[it] = fyne.MeasureText(it.Text, size, fyne.TextStyle{Bold: true}).Width + 2*inner
	}
	return w
}

// OverflowWidth is the width of AppTabs' ⋯ button: an icon-only button.
func OverflowWidth() float32 {
	more := widget.NewButtonWithIcon("", theme.MoreHorizontalIcon(), nil)
	more.Importance = widget.LowImportance
	return more.MinSize().Width
}

// Fit is how many of items, in this order, AppTabs shows in a row of
// width w.Row, as its layout decides: all where all fit, else as many as
// fit beside the ⋯ button, and at least one.
func Fit(items []*container.TabItem, w Room) int {
	for n := len(items); n > 1; n-- {
		need := float32(0)
		for i, it := range items[:n] {
			if i > 0 {
				need += w.Gap
			}
			need += w.Tab[it]
		}
		if n < len(items) {
			need += w.Gap + w.Overflow
		}
		if need <= w.Row {
			return n
		}
	}
	return min(1, len(items))
}

// Order is home with sel moved, where it would be under ⋯, to the last
// place in the row where it is shown itself: the tabs before it keep
// their order, those after it (and the ones it displaced) go under ⋯.
func Order(home []*container.TabItem, sel *container.TabItem, w Room) []*container.TabItem {
	i := slices.Index(home, sel)
	if i < 0 || i < Fit(home, w) {
		return home
	}
	rest := slices.Delete(slices.Clone(home), i, i+1)
	for at := len(rest); at >= 0; at-- {
		o := slices.Insert(slices.Clone(rest), at, sel)
		if at < Fit(o, w) {
			return o
		}
	}
	return home
}
