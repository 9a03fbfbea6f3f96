package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"

	"github.com/skein-news/skein/app/parts"
)

// MetaLabels is the store setting that keeps the user labels — those beyond
// claim, actor, figure and accusation — in the window's order, one a line.
// A label's key (5–9) and colour follow from its place in that order, so
// they stay the same across restarts and for everyone opening the store.
const MetaLabels = "labels"

// labelHint is what the label bar says after its buttons.
const labelHint = "select words, then press a key or click a label"

// loadLabels starts the labels from the order the store keeps. Labels the
// store's spans use but the order lacks — brought by `skein import`, say —
// are found by scanLabels.
func (w *Window) loadLabels() {
	w.labels = annotate.NewLabels()
	rec, _, err := w.st.Meta(MetaLabels)
	if err != nil {
		fyne.LogError("read the user labels", err)
	}
	w.labelsKept = rec
	w.scanning = true // until scanLabels is back
	for _, n := range annotate.UserLabelOrder(strings.Split(rec, "\n"), nil) {
		w.labels.Add(n)
	}
}

// scanLabels finds, off the UI goroutine, the labels of every span in the
// store from the counts the document list shows, and adds the ones the
// window does not know after the others, by name. Until it is back, spans
// of an unknown label are drawn grey rather than given a colour that the
// order would later change.
func (w *Window) scanLabels() {
	w.labelGen++
	gen := w.labelGen
	w.scanning = true
	docs := w.docs
	w.goBG(func(ctx context.Context) {
		found := map[string]bool{}
		var err error
		for _, d := range docs {
			if ctx.Err() != nil {
				return
			}
			counts, e := w.st.Counts(d.ID, "")
			if e != nil {
				err = e
				break
			}
			for name, n := range counts {
				if n > 0 {
					found[name] = true
				}
			}
		}
		w.do(func() {
			if gen != w.labelGen {
				return
			}
			w.scanning = false
			if err != nil {
				w.fail("find the labels in use", err)
			}
			w.learnLabels(keys(found))
		})
	})
}

// learnLabels adds labels found in the store after the known ones, by
// name, and redraws what shows label colours.
func (w *Window) learnLabels(found []string) {
	n := len(w.labels.All())
	for _, name := range annotate.UserLabelOrder(w.labels.UserNames(), found) {
		w.labels.Add(name)
	}
	if len(w.labels.All()) != n {
		w.labelsChanged()
	}
	// Spans drawn while the scan ran may have been grey.
	w.refreshSpans()
	w.docList.Refresh()
	for id, m := range w.th.cache {
		if m.Label != "" {
			m.Color = w.label(m.Label).Color
			w.th.cache[id] = m
		}
	}
	if w.th.cur != nil && w.th.view != nil {
		w.th.showMembers(w.th.cur, false)
	}
}

// label returns the label called name. A label the window has not met is
// added after the others, with the next key and colour, and kept in the
// store's order — unless the scan of the store is still running, which will
// place it among the others it finds.
func (w *Window) label(name string) annotate.Label {
	if l, ok := w.labels.Get(name); ok {
		return l
	}
	if w.scanning {
		return annotate.Label{Name: name}
	}
	l := w.labels.Add(name)
	w.labelsChanged()
	return l
}

// labelsChanged keeps the user labels' order in the store and shows the
// labels in the label bar.
func (w *Window) labelsChanged() {
	if kept := strings.Join(w.labels.UserNames(), "\n"); kept != w.labelsKept {
		if err := w.st.SetMeta(MetaLabels, kept); err != nil {
			w.fail("keep the user labels", err)
		} else {
			w.labelsKept = kept
		}
	}
	w.refreshLabelBar()
}

// refreshLabelBar fills the label bar, which is also the legend of the
// highlight colours: a button for each label with its key, then + for a
// new label.
func (w *Window) refreshLabelBar() {
	if w.labelBar == nil {
		return
	}
	all := w.labels.All()
	objs := make([]fyne.CanvasObject, 0, len(all))
	for _, l := range all {
		objs = append(objs, newLabelButton(l.Name, l.Key, parts.HexColor(l.Color), func() { w.labelKey(l) }))
	}
	w.labelBar.Objects = objs
	w.labelBar.Refresh()
	if w.noSpans != nil {
		w.noSpans.SetText(w.noSpansText())
	}
}

// buildLabelBar makes the row of label buttons under the title, then + and
// the hint in the room that is left. The buttons scroll sideways when an
// imported project brings more labels than fit; + stays in view.
func (w *Window) buildLabelBar() fyne.CanvasObject {
	w.labelBar = container.NewHBox()
	w.addLabelBtn = widget.NewButtonWithIcon("", theme.ContentAddIcon(), w.showAddLabel)
	w.addLabelBtn.Importance = widget.LowImportance
	w.labelHintText = parts.NewCaption(labelHint, theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	w.labelHintText.Truncate = true
	w.refreshLabelBar()
	return container.New(labelBarLayout{w.labelBar}, container.NewHScroll(w.labelBar),
		container.NewCenter(w.addLabelBtn), w.labelHintText)
}

// labelBarLayout gives the label buttons (the first object, a scrolling
// row) the width they need, or all there is beside + (the second), and the
// hint (the third) what is left. It asks for no more width than + needs,
// so many labels do not widen the window.
type labelBarLayout struct{ row *fyne.Container }

func (l labelBarLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(objs[1].MinSize().Width, h)
}

func (l labelBarLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	plus := objs[1].MinSize().Width
	bw := max(min(l.row.MinSize().Width, size.Width-plus-pad), 0)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(bw, size.Height))
	x := bw + pad
	objs[1].Move(fyne.NewPos(x, 0))
	objs[1].Resize(fyne.NewSize(plus, size.Height))
	x += plus + pad
	objs[2].Move(fyne.NewPos(x, 0))
	objs[2].Resize(fyne.NewSize(max(size.Width-x, 0), size.Height))
}

// noSpansText is the hint shown while the article has no spans.
func (w *Window) noSpansText() string {
	return "No spans yet: select words, then press " + w.keyRange() + "."
}

// keyRange names the label keys in use: 1–4, or 1–7 with three user labels.
func (w *Window) keyRange() string {
	last := "1"
	for _, l := range w.labels.All() {
		if l.Key > last {
			last = l.Key
		}
	}
	return "1–" + last
}

// keyList says which key makes which label: 1 claim, 2 actor, ….
func (w *Window) keyList() string {
	var parts []string
	for _, l := range w.labels.All() {
		if l.Key != "" {
			parts = append(parts, l.Key+" "+l.Name)
		}
	}
	return strings.Join(parts, ", ")
}

// checkNewLabel says what is wrong with name as a new label, or nil.
func (w *Window) checkNewLabel(name string) error {
	if err := annotate.ValidLabelName(name); err != nil {
		return err
	}
	if _, ok := w.labels.Get(name); ok {
		return fmt.Errorf("%q is a label already", name)
	}
	return nil
}

// showAddLabel asks for the name of a new label.
func (w *Window) showAddLabel() {
	e := widget.NewEntry()
	e.SetPlaceHolder("Person, Organization, …")
	e.Validator = w.checkNewLabel
	item := widget.NewFormItem("Name", e)
	if next := len(w.labels.All()) + 1; next <= 9 {
		item.HintText = fmt.Sprintf("It gets key %d and a colour of its own.", next)
	} else {
		item.HintText = "Keys 1–9 are taken: click it in the label bar."
	}
	d := dialog.NewForm("New label", "Add", "Cancel", []*widget.FormItem{item}, func(ok bool) {
		if ok {
			w.addLabel(e.Text)
		}
		w.focusView()
	}, w.win)
	e.OnSubmitted = func(string) { d.Submit() } // Enter adds
	d.Resize(fyne.NewSize(380, 0))
	d.Show()
	w.win.Canvas().Focus(e)
}

// addLabel makes name a label of the window and of the store's order.
func (w *Window) addLabel(name string) {
	if err := w.checkNewLabel(name); err != nil {
		w.setStatus("New label: " + err.Error())
		return
	}
	l := w.labels.Add(name)
	w.labelsChanged()
	if l.Key != "" {
		w.setStatus(fmt.Sprintf("Added the label %s: select words, then press %s or click it.", l.Name, l.Key))
	} else {
		w.setStatus(fmt.Sprintf("Added the label %s: select words, then click it in the label bar.", l.Name))
	}
}
