package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"

	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/store"
)

// MetaLabels is the store setting that keeps the user labels — those beyond
// claim, actor, figure and accusation — in the window's order, one a line.
// A label's key (5–9) and colour follow from its place in that order, so
// they stay the same across restarts and for everyone opening the store.
// The store reads it too: an import's note of a new user label is not said
// of one the list holds (store.LabelKnown).
const MetaLabels = store.MetaLabels

// labelHint is what the label bar says after its buttons.
const labelHint = "select words, then press a key"

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
	docs := w.docList.Docs()
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
	w.th.Recolor()
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
	// As the spans hold it: composed, a label an older store kept
	// decomposed was drawn as café and had no button of its own.
	l := w.labels.Add(name)
	w.labelsChanged()
	return l
}

// labelsChanged keeps the user labels' order in the store and shows the
// labels in the label bar.
func (w *Window) labelsChanged() {
	if kept := strings.Join(w.labels.UserNames(), "\n"); kept != w.labelsKept && !w.opt.ReadOnly {
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
// new label. The buttons are placed by the box around the bar
// (labelBarLayout), so it is the box that is refreshed: refreshing the bar
// alone, which has no layout, left new buttons at its corner with no size
// — the buttons gone, and "4 accusation" drawn over the article list after
// an import brought labels.
func (w *Window) refreshLabelBar() {
	if w.labelBar == nil {
		return
	}
	all := w.labels.All()
	objs := make([]fyne.CanvasObject, 0, len(all))
	// A label's button is kept while the label keeps its key and colour,
	// so that only a button new or moved waits for the pointer to come
	// onto it (labelButton); the first fill's are armed.
	old := map[string]*labelButton{}
	for _, o := range w.labelBar.Objects {
		if b, ok := o.(*labelButton); ok {
			old[b.name] = b
		}
	}
	for _, l := range all {
		c := parts.HexColor(l.Color)
		if b := old[l.Name]; b != nil && b.base == c && b.key == l.Key {
			b.onTap = func() { w.labelKey(l) }
			objs = append(objs, b)
			continue
		}
		objs = append(objs, newLabelButton(l.Name, l.Key, c, func() { w.labelKey(l) }, !w.labelBarFilled))
	}
	w.labelBarFilled = true
	w.labelBar.Objects = objs
	if w.labelBarBox != nil {
		w.labelBarBox.Refresh()
	}
	w.spanList.LabelsChanged()
}

// buildLabelBar makes the row of label buttons under the title, then + and
// the hint in the room that is left. Labels that do not fit (an imported
// project brings many) go under a "N more" button at the row's end, whose
// menu lists them: every label is in view or one click away, and + stays
// in view.
func (w *Window) buildLabelBar() fyne.CanvasObject {
	w.labelBar = container.NewWithoutLayout()
	w.addLabelBtn = widget.NewButtonWithIcon("", theme.ContentAddIcon(), w.showAddLabel)
	w.addLabelBtn.Importance = widget.LowImportance
	w.moreLabels = widget.NewButtonWithIcon("", theme.MoreHorizontalIcon(), w.showMoreLabels)
	w.moreLabels.Importance = widget.LowImportance
	w.moreLabels.Hide()
	hint := labelHint
	if w.opt.ReadOnly {
		hint = labelHintReadOnly
		w.addLabelBtn.Disable()
	}
	w.labelHintText = parts.NewCaption(hint, theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	w.labelHintText.Truncate = true
	w.refreshLabelBar()
	w.labelBarBox = container.New(labelBarLayout{w}, w.labelBar, w.moreLabels,
		container.NewCenter(w.addLabelBtn), w.labelHintText)
	return w.labelBarBox
}

// labelsFitting is how many label buttons fit in width beside +, leaving
// room for the "more" button when not all do.
func (w *Window) labelsFitting(width float32) int {
	pad := theme.Padding()
	room := width - w.addLabelBtn.MinSize().Width - pad
	objs := w.labelBar.Objects
	var total float32
	for i, o := range objs {
		if i > 0 {
			total += pad
		}
		total += o.MinSize().Width
	}
	if total <= room {
		return len(objs)
	}
	w.moreLabels.SetText(fmt.Sprintf("%d more", len(objs)))
	room -= w.moreLabels.MinSize().Width + pad
	var x float32
	for i, o := range objs {
		if x+o.MinSize().Width > room {
			return i
		}
		x += o.MinSize().Width + pad
	}
	return len(objs)
}

// showMoreLabels lists the labels the bar has no room for, to click.
func (w *Window) showMoreLabels() {
	all := w.labels.All()
	var items []*fyne.MenuItem
	for _, l := range all[min(w.labelsShown, len(all)):] {
		name := annotate.LabelShown(l.Name)
		if l.Key != "" {
			name = l.Key + "  " + name
		}
		items = append(items, fyne.NewMenuItem(name, func() { w.labelKey(l) }))
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.moreLabels).AddXY(0, w.moreLabels.Size().Height)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), w.win.Canvas(), pos)
}

// labelBarLayout places the label buttons that fit (the first object,
// a row without a layout of its own), the "more" button (the second) when
// some do not, + (the third) and the hint (the fourth) in what is left,
// where it fits whole. It
// asks for no more width than + needs, so many labels do not widen the
// window.
type labelBarLayout struct{ w *Window }

func (l labelBarLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range l.w.labelBar.Objects {
		h = max(h, o.MinSize().Height)
	}
	for _, o := range objs[1:] {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(objs[2].MinSize().Width, h)
}

func (l labelBarLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := l.w
	pad := theme.Padding()
	n := w.labelsFitting(size.Width)
	w.labelsShown = n
	var x float32
	for i, o := range w.labelBar.Objects {
		if i >= n {
			o.Hide()
			continue
		}
		o.Show()
		o.(*labelButton).place(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(o.MinSize().Width, size.Height))
		x += o.MinSize().Width + pad
	}
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(max(x-pad, 0), size.Height))
	if n < len(w.labelBar.Objects) {
		w.moreLabels.SetText(fmt.Sprintf("%d more", len(w.labelBar.Objects)-n))
		w.moreLabels.Show()
		objs[1].Move(fyne.NewPos(x, 0))
		objs[1].Resize(fyne.NewSize(objs[1].MinSize().Width, size.Height))
		x += objs[1].MinSize().Width + pad
	} else {
		w.moreLabels.Hide()
	}
	plus := objs[2].MinSize().Width
	objs[2].Move(fyne.NewPos(x, 0))
	objs[2].Resize(fyne.NewSize(plus, size.Height))
	x += plus + pad
	objs[3].Move(fyne.NewPos(x, 0))
	objs[3].Resize(fyne.NewSize(max(size.Width-x, 0), size.Height))
	// The hint is read whole or not at all: at the smallest window it
	// was cut to "sel…", which says nothing (the empty Spans tab says
	// the same, the title and status bar a read-only store).
	hint := w.labelHintText
	if fyne.MeasureText(hint.Text(), theme.Size(theme.SizeNameCaptionText), hint.Style).Width <= size.Width-x {
		objs[3].Show()
	} else {
		objs[3].Hide()
	}
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
			parts = append(parts, l.Key+" "+annotate.LabelShown(l.Name))
		}
	}
	return strings.Join(parts, ", ")
}

// checkNewLabel says what is wrong with name as a new label, or nil.
func (w *Window) checkNewLabel(name string) error {
	if err := annotate.ValidNewLabel(name); err != nil {
		return err
	}
	// "cafe\u0301" (pasted from macOS) beside "café" was a second label
	// showing the same: names are compared, and added, composed.
	for _, l := range w.labels.All() {
		if annotate.NormalName(l.Name) == annotate.NormalName(name) {
			// Named as its button names it: an older store's cafe +
			// U+0301 is "cafe\u0301", not a second "café".
			shown := annotate.LabelShown(l.Name)
			if shown == l.Name {
				shown = fmt.Sprintf("%q", l.Name)
			}
			return fmt.Errorf("%s is a label already", shown)
		}
	}
	return nil
}

// showAddLabel asks for the name of a new label.
func (w *Window) showAddLabel() {
	if w.refuseWrite() {
		return
	}
	e := frame.NewEntry()
	e.SetPlaceHolder("Person, Organization, …")
	e.Validator = w.checkNewLabel
	// A Fyne field keeps its check to itself while it holds the keyboard,
	// so Enter took "actor" or " Location" and the dialog closed on a
	// status line: from the first key typed the check is shown and Add
	// greyed out, as in the name question; not before, so that the empty
	// field does not open in red.
	e.OnChanged = func(string) { e.AlwaysShowValidationError = true }
	item := widget.NewFormItem("Name", e)
	if next := len(w.labels.All()) + 1; next <= 9 {
		item.HintText = fmt.Sprintf("It gets key %d and a colour of its own.", next)
	} else {
		item.HintText = "Keys 1–9 are taken: click it in the label bar."
	}
	d := frame.NewForm("New label", "Add", "Cancel", []*widget.FormItem{item}, func(ok bool) {
		if ok {
			w.addLabel(e.Text)
		}
		w.focusView()
	}, w.win)
	e.OnSubmitted = func(string) { d.Submit() } // Enter adds
	d.Resize(fyne.NewSize(380, 0))
	frame.ShowDialog(w.win, d)
	w.win.Canvas().Focus(e)
}

// addLabel makes name a label of the window and of the store's order.
func (w *Window) addLabel(name string) {
	if err := w.checkNewLabel(name); err != nil {
		w.setStatus("New label: " + err.Error())
		return
	}
	l := w.labels.Add(annotate.NormalName(name))
	w.labelsChanged()
	where := "at the end of the label bar"
	if w.labelBarBox != nil && w.labelsShown < len(w.labels.All()) {
		where = "under “more” at the end of the label bar"
	}
	if l.Key != "" {
		w.setStatus(fmt.Sprintf("Added the label %s, %s: select words, then press %s or click it.", annotate.LabelShown(l.Name), where, l.Key))
	} else {
		w.setStatus(fmt.Sprintf("Added the label %s, %s: select words, then click it.", annotate.LabelShown(l.Name), where))
	}
}
