package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/parts"
)

// Review mode is app/review (review.UI, Window.rev); this file wires it to
// the window's menus.

// prefReviewSkip keeps Review ▸ "N and P pass over what they settled" from
// one review, and one run, to the next.
const prefReviewSkip = "review.skiptheirs"

// reviewMenuItems are the Review menu's items that review mode enables.
type reviewMenuItems struct {
	start, stop, agreed *fyne.MenuItem
	// A colleague's review, arrived from a team folder: show it, let N
	// and P pass over what it settled, adopt it.
	theirs, skip, adopt *fyne.MenuItem
	keys                []*fyne.MenuItem // the bindings of review mode (keys.go)
}

// Reviewing returns the annotators under review, or nil outside review mode.
func (w *Window) Reviewing() []string { return w.rev.Annotators() }

// StartReview shows the layers of two or more annotators for review and goes
// to the first open disagreement of the open article.
func (w *Window) StartReview(annotators ...string) error {
	if err := w.rev.Start(annotators...); err != nil {
		return err
	}
	w.enableReviewMenu(true)
	return nil
}

// StopReview leaves review mode and shows the user's own layer again.
func (w *Window) StopReview() {
	if !w.rev.Active() {
		return
	}
	w.rev.Stop()
	w.enableReviewMenu(false)
}

// enableReviewMenu enables the items of review mode, or disables them.
func (w *Window) enableReviewMenu(on bool) {
	// Review's descriptions of its items are the longest messages of the
	// status line, and what a reviewer reads to decide: wrapped, not cut.
	w.status.SetWrap(on)
	m := &w.revMenu
	m.stop.Disabled = !on
	m.agreed.Disabled = !on
	m.theirs.Disabled = !on
	for _, it := range m.keys {
		it.Disabled = !on
	}
	w.refreshTheirsMenu()
}

// refreshTheirsMenu names, in the Review menu, the colleagues whose review
// is shown: Adopt names the one, and is off while none is.
func (w *Window) refreshTheirsMenu() {
	m := &w.revMenu
	theirs := w.rev.ReviewOf()
	m.skip.Disabled = len(theirs) == 0
	m.skip.Checked = w.rev.SkipTheirs()
	m.adopt.Disabled = len(theirs) == 0
	m.adopt.Label = "Adopt a colleague's decisions on this article…"
	if len(theirs) == 1 {
		m.adopt.Label = "Adopt " + theirs[0] + "'s decisions on this article"
	}
	w.mainMenu.Refresh()
}

// reviewKeysMenu is the Review menu's submenu of review mode's keys.
const reviewKeysMenu = "Review items"

// reviewMenu is the Review menu.
func (w *Window) reviewMenu() *fyne.Menu {
	m := &w.revMenu
	m.start = fyne.NewMenuItem("Start review…", w.showStartReview)
	m.stop = fyne.NewMenuItem("Stop review", w.StopReview)
	m.stop.Disabled = true
	m.agreed = fyne.NewMenuItem("Accept the agreed spans of this article", w.rev.AcceptAgreed)
	m.agreed.Disabled = true
	m.theirs = fyne.NewMenuItem("Show a colleague's review…", w.showTheirReview)
	m.theirs.Disabled = true
	m.skip = fyne.NewMenuItem("N and P pass over what they settled", func() {
		w.rev.SetSkipTheirs(!w.rev.SkipTheirs())
		w.app.Preferences().SetBool(prefReviewSkip, w.rev.SkipTheirs())
		w.refreshTheirsMenu()
	})
	m.skip.Disabled = true
	m.adopt = fyne.NewMenuItem("Adopt a colleague's decisions on this article…", w.adoptTheirs)
	m.adopt.Disabled = true
	// Review mode's keys are a submenu: twelve items and three
	// separators made Review taller than the least window (655×371, in
	// review), and Fyne scrolls a menu taller than the window with its
	// last item cut.
	keys := fyne.NewMenuItem(reviewKeysMenu, nil)
	keys.ChildMenu = fyne.NewMenu("", w.bindingItems("Review")...)
	return fyne.NewMenu("Review", m.start, m.stop, m.agreed, keys, fyne.NewMenuItemSeparator(),
		m.theirs, m.skip, m.adopt, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Agreement report…", w.showAgreementReport))
}

// askAnnotators asks which annotators to compare, two or more, with a
// checkbox per annotator in the store; then calls done with them.
func (w *Window) askAnnotators(title, confirm string, done func([]string)) {
	w.askLayers(title, confirm, false, done)
}

// The annotators last picked in the review picker and in the Agreement
// report's, ticked again when it opens next (a line each).
const (
	prefPickedReview = "pickedreview"
	prefPickedAgree  = "pickedagree"
)

// askLayers is askAnnotators; with curated, the user's curated layer is
// offered too, last, where the store has one: the Agreement report measures
// each annotator against it as skein agree -b curated does.
func (w *Window) askLayers(title, confirm string, curated bool, done func([]string)) {
	all, err := w.st.Annotators()
	if err != nil {
		w.fail("list annotators", err)
		return
	}
	var names []string
	hasCurated := false
	for _, a := range all {
		if a != annotate.CuratedLayer {
			names = append(names, a)
		} else {
			hasCurated = true
		}
	}
	if curated && hasCurated {
		names = append(names, annotate.CuratedLayer)
	}
	if len(names) < 2 {
		have := "No annotator's work is"
		if len(names) == 1 {
			have = "Only " + names[0] + "'s work is"
		}
		w.setStatus(have + " in this store: review and agreement compare two or more. Connect your team's folder (File ▸ Team ▸ Folder…) or import a colleague's work (File ▸ Import file…).")
		return
	}
	chosen := map[string]bool{}
	for _, a := range w.rev.Annotators() {
		chosen[a] = true
	}
	// Else those picked last time in this picker, where still offered.
	pref := prefPickedReview
	if curated {
		pref = prefPickedAgree
	}
	if len(chosen) == 0 {
		for _, a := range strings.Split(w.app.Preferences().String(pref), "\n") {
			if slices.Contains(names, a) {
				chosen[a] = true
			}
		}
	}
	if len(chosen) == 0 && len(names) == 2 {
		chosen[names[0]], chosen[names[1]] = true, true
	}
	d := frame.NewCustomConfirm(title, confirm, "Cancel", checkList(names, chosen, "Pick two or more."), func(ok bool) {
		if !ok {
			return
		}
		var picked []string
		for _, a := range names {
			if chosen[a] {
				picked = append(picked, a)
			}
		}
		if len(picked) < 2 {
			w.setStatus("Pick two or more annotators.")
			return
		}
		w.app.Preferences().SetString(pref, strings.Join(picked, "\n"))
		done(picked)
	}, w.win)
	frame.ShowConfirmDialog(w.win, d) // Enter does what its confirm button does
}

// showStartReview asks for the annotators to review.
func (w *Window) showStartReview() {
	w.askAnnotators("Review annotators", "Start review", func(names []string) {
		if err := w.StartReview(names...); err != nil {
			w.fail("start review", err)
		}
	})
}

// colleagues returns the colleagues whose review has arrived in the store
// from a team folder (their curated layer, curated:NAME).
func (w *Window) colleagues() ([]string, error) {
	all, err := w.st.Annotators()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range all {
		if c, ok := annotate.CuratorOf(a); ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// showTheirReview asks whose review to show beside each item: a checkbox
// per colleague whose curated layer has arrived.
func (w *Window) showTheirReview() {
	if !w.rev.Active() {
		return
	}
	names, err := w.colleagues()
	if err != nil {
		w.fail("list colleagues' reviews", err)
		return
	}
	if len(names) == 0 {
		w.setStatus("No colleague's review has arrived: a team folder (File ▸ Team ▸ Folder…) brings one as the layer curated:NAME.")
		return
	}
	chosen := map[string]bool{}
	for _, c := range w.rev.ReviewOf() {
		chosen[c] = true
	}
	d := frame.NewCustomConfirm("Show a colleague's review", "Show", "Cancel", checkList(names, chosen, "Their verdicts are shown; they settle nothing of yours until you adopt them."), func(ok bool) {
		if !ok {
			return
		}
		var picked []string
		for _, c := range names {
			if chosen[c] {
				picked = append(picked, c)
			}
		}
		w.rev.ShowReviewOf(picked...)
		w.refreshTheirsMenu()
	}, w.win)
	frame.ShowConfirmDialog(w.win, d)
}

// adoptTheirs makes a colleague's decisions on the open article the user's
// own: the one whose review is shown, or the one picked when several are.
func (w *Window) adoptTheirs() {
	if w.refuseWrite() {
		return
	}
	theirs := w.rev.ReviewOf()
	switch len(theirs) {
	case 0:
		w.setStatus("Show a colleague's review first (Review ▸ Show a colleague's review…).")
	case 1:
		w.rev.Adopt(theirs[0])
	default:
		pick := frame.NewRadio(theirs, nil)
		pick.SetSelected(theirs[0])
		frame.ShowDialog(w.win, frame.NewCustomConfirm("Adopt a colleague's decisions", "Adopt", "Cancel", pick, func(ok bool) {
			if ok && pick.Selected != "" {
				w.rev.Adopt(pick.Selected)
			}
		}, w.win))
	}
}

// checkList is the body of a dialog that picks layers: a check box for each
// name, ticked as chosen says and writing back to it, scrolled past eight,
// with a note beneath.
func checkList(names []string, chosen map[string]bool, note string) fyne.CanvasObject {
	checks := container.NewVBox()
	for _, n := range names {
		box := frame.NewCheck(n, func(on bool) { chosen[n] = on })
		box.SetChecked(chosen[n])
		checks.Add(box)
	}
	caption := parts.NewCaption(note, theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	scroll := container.NewVScroll(checks)
	scroll.SetMinSize(fyne.NewSize(300, min(float32(40*len(names)), 320)))
	return container.NewBorder(nil, caption, nil, nil, scroll)
}
