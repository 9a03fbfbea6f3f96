package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/keyhelp"
	"github.com/skein-news/skein/app/phases"
)

// Keys of the article that act on threads; the Threads menu names them.
const (
	keyAddToThread = fyne.KeyT            // add the selected span to a thread
	keyLink        = fyne.KeyL            // link the previous span to the selected one
	keyNextMember  = fyne.KeyRightBracket // next member of the current thread
	keyPrevMember  = fyne.KeyLeftBracket  // previous member
)

// The single keys of the article. Every key press of the article, the
// thread view's member list and the bare window comes to typedKey, the one
// entry point; the label keys 1–9 come from the labels, the others from
// this table, which the menus read too, so a key and its menu item never
// disagree.

// Where a binding acts.
const (
	anyMode   = iota // in and out of review
	outReview        // outside review mode only
	inReview         // in review mode only
)

// binding is one single key of the article and the menu item that shows it.
type binding struct {
	key   fyne.KeyName
	menu  string // the menu listing it: "Threads", "Review"
	label string // its item there
	mode  int    // anyMode or inReview
	act   func(w *Window)
}

// bindings are the article's keys besides the labels', Esc and Delete.
var bindings = []binding{
	{keyAddToThread, "Threads", "Add selection to thread…", anyMode, func(w *Window) { w.th.PickForSelection() }},
	{keyLink, "Threads", "Link previous span to selected…", anyMode, func(w *Window) { w.th.LinkSelected() }},
	{keyNextMember, "Threads", "Next member", anyMode, func(w *Window) { w.th.StepMember(+1) }},
	{keyPrevMember, "Threads", "Previous member", anyMode, func(w *Window) { w.th.StepMember(-1) }},
	{fyne.KeyN, "Review", "Next disagreement", inReview, func(w *Window) { w.rev.Session().Step(1) }},
	{fyne.KeyP, "Review", "Previous disagreement", inReview, func(w *Window) { w.rev.Session().Step(-1) }},
	{fyne.KeyA, "Review", "Accept the picked span", inReview, func(w *Window) { w.rev.Session().Accept() }},
	{fyne.KeyR, "Review", "Reject the item", inReview, func(w *Window) { w.rev.Session().Reject() }},
	{fyne.KeyE, "Review", "Edit the picked span", inReview, func(w *Window) { w.rev.Session().Edit() }},
}

// bindingItems makes the menu items of a menu's bindings, in table order;
// an item of review mode is disabled until a review starts.
func (w *Window) bindingItems(menu string) []*fyne.MenuItem {
	var items []*fyne.MenuItem
	for _, b := range bindings {
		if b.menu != menu {
			continue
		}
		it := fyne.NewMenuItem(b.label, func() {
			if w.bindingActs(b) {
				b.act(w)
			}
		})
		it.Shortcut = &desktop.CustomShortcut{KeyName: b.key}
		if b.mode == inReview {
			it.Disabled = true
			w.revMenu.keys = append(w.revMenu.keys, it)
		}
		items = append(items, it)
	}
	return items
}

// bindingActs reports whether b acts in the window's mode.
func (w *Window) bindingActs(b binding) bool {
	return b.mode != inReview || w.rev.Active()
}

// typedKey is where every key of the article arrives: 1–9 label the
// selection (or, in review, pick a span), Delete removes the selected span,
// Esc closes the dialog on top or clears the selection, and the bindings do
// the rest. It reports whether the key was taken.
func (w *Window) typedKey(ev *fyne.KeyEvent, mod fyne.KeyModifier) bool {
	phases.Mark("key " + string(ev.Name))
	defer phases.Mark("key-end")
	defer w.holdStatus()() // what the key says, shown once
	if c := w.win.Canvas(); c.Overlays().Top() != nil {
		// A dialog or a pop-up is up and nothing in it has the keyboard:
		// a key is not for the article behind it (a label key there
		// labelled the selection, Delete removed a span, unseen). Esc
		// dismisses the dialog on top, as its Cancel or Close would, and
		// Enter confirms a picker, as its confirm button would (a field of
		// the dialog with the keyboard does the same, frame.Entry); a
		// pop-up menu takes its own Esc.
		return mod == 0 && frame.DialogKey(c, ev)
	}
	if ev.Name == fyne.KeyF1 && mod == 0 && w.opt.README != "" {
		w.showKeys()
		return true
	}
	if w.doc == nil || mod&(fyne.KeyModifierControl|fyne.KeyModifierAlt|fyne.KeyModifierSuper) != 0 {
		return false
	}
	if w.rev.Active() && w.reviewKey(ev) {
		return true
	}
	if w.view.SelectedArc() != "" && w.arcKey(ev) {
		return true
	}
	if w.suggestionKey(ev) {
		return true
	}
	switch ev.Name {
	case fyne.KeyEscape:
		w.view.ClearSelection()
		w.view.SelectSpan("")
		w.spanList.SyncRow("")
		w.setStatus("")
		return true
	case fyne.KeyDelete, fyne.KeyBackspace:
		id := w.view.SelectedSpan()
		if id == "" {
			return false
		}
		w.spanList.Delete(id)
		return true
	}
	if l, ok := w.labels.ByKey(string(ev.Name)); ok {
		w.labelKey(l)
		return true
	}
	for _, b := range bindings {
		if b.key == ev.Name && w.bindingActs(b) {
			b.act(w)
			return true
		}
	}
	return false
}

// reviewKey handles the keys review mode gives another meaning: Delete
// (which leaves the layers alone), and 1–9, which pick the span of the item
// — or, with text selected, label it into the curated layer.
func (w *Window) reviewKey(ev *fyne.KeyEvent) bool {
	selecting := len(w.view.Selection()) > 0
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		w.setStatus("Review mode leaves the layers as they are: R rejects the span under review.")
		return true
	}
	if selecting {
		if l, ok := w.labels.ByKey(string(ev.Name)); ok {
			w.rev.Session().Label(l)
			return true
		}
		return false
	}
	if len(ev.Name) == 1 && ev.Name[0] >= '1' && ev.Name[0] <= '9' {
		w.rev.Session().PickSpan(int(ev.Name[0] - '1'))
		return true
	}
	return false
}

// showKeys opens Help ▸ Keyboard shortcuts: the README's table of keys.
func (w *Window) showKeys() {
	rows, err := keyhelp.Parse(w.opt.README)
	if err != nil {
		w.fail("show the keyboard shortcuts", err)
		return
	}
	keyhelp.Show(w.win, rows)
}
