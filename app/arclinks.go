package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/arcs"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/textview"
)

// prefArcs keeps View ▸ Arcs between sessions.
const prefArcs = "arcs"

// The relation arcs: the open article's links drawn above the text (the
// geometry in app/arcs, the drawing in textview/arcs.go). A click on an arc
// selects the link; Delete removes it, 1–9 give it the link label of that
// number and 0 clears its label, each one undoable change. A span linked to
// another article has a marker in the margin that opens the other end.

// arcsMenuItem is View ▸ Arcs, on unless the user turned it off.
func (w *Window) arcsMenuItem() *fyne.MenuItem {
	on := w.app.Preferences().BoolWithFallback(prefArcs, true)
	w.view.SetArcsShown(on)
	w.arcsItem = fyne.NewMenuItem("Arcs", func() { w.showArcs(!w.view.ArcsShown()) })
	w.arcsItem.Checked = on
	return w.arcsItem
}

// showArcs turns the arcs on or off, and remembers it.
func (w *Window) showArcs(on bool) {
	w.view.SetArcsShown(on)
	w.app.Preferences().SetBool(prefArcs, on)
	if w.arcsItem != nil {
		w.arcsItem.Checked = on
		w.mainMenu.Refresh()
	}
	if on {
		w.setStatus("Arcs shown: click one to select its link")
	} else {
		w.setStatus("Arcs hidden: the Spans tab still lists each span's links")
	}
}

// setHighlights draws the article's highlights and the links among them.
func (w *Window) setHighlights(hl []textview.Highlight) {
	w.highlightSets++
	w.view.SetHighlights(hl)
	w.refreshArcs()
}

// refreshArcs gives the text the open article's links among the spans it
// shows; cheap enough to run on every change (a map of the spans and one
// pass over the article's threads).
func (w *Window) refreshArcs() {
	if w.doc == nil || w.view == nil {
		return
	}
	// Only the threads' members are looked up: a map of every span shown
	// was made on every change (issue 18).
	threads := w.th.DocThreads()
	members := map[string]bool{}
	for _, th := range threads {
		for _, m := range th.Members {
			if m.Doc == w.doc.ID {
				members[m.Span] = true
			}
		}
	}
	spans := make(map[string]*annotate.Span, len(members))
	if len(members) > 0 {
		for _, s := range w.spanList.All() {
			if members[s.ID] {
				spans[s.ID] = s
			}
		}
	}
	links, marks := arcs.FromThreads(threads, w.doc.ID, spans)
	w.view.SetArcs(links, marks)
}

// selectedLink returns the thread and member index of the link selected
// in the text, or nil.
func (w *Window) selectedLink() (*annotate.Thread, int) {
	key := w.view.SelectedArc()
	id, n, ok := strings.Cut(key, "#")
	if !ok {
		return nil, 0
	}
	i, err := strconv.Atoi(n)
	if err != nil {
		return nil, 0
	}
	for _, th := range w.th.DocThreads() {
		if th.ID == id && i >= 1 && i < len(th.Members) {
			return th, i
		}
	}
	return nil, 0
}

// arcSelected tells what the selected link is and what the keys do to it.
func (w *Window) arcSelected(key string) {
	if key == "" {
		w.setStatus("")
		return
	}
	th, i := w.selectedLink()
	if th == nil {
		return
	}
	arrow := "▸"
	if l := th.Members[i].Link; l != "" {
		arrow += " " + annotate.LabelShown(l) + " ▸"
	}
	msg := fmt.Sprintf("Link “%s” %s “%s”", clip(w.th.End(th.Members[i-1].Span), 30), arrow, clip(w.th.End(th.Members[i].Span), 30))
	if th.Annotator != w.user {
		w.setStatus(fmt.Sprintf("%s — %s's, read-only", msg, th.Annotator))
		return
	}
	var keys []string
	for k, l := range w.th.LinkLabels() {
		if k == 9 {
			break
		}
		keys = append(keys, fmt.Sprintf("%d %s", k+1, annotate.LabelShown(l)))
	}
	w.setStatus(fmt.Sprintf("%s — Delete removes it; %s, 0 none", msg, strings.Join(keys, " · ")))
}

// arcKey handles a key while a link is selected: Delete removes it, 1–9
// relabel it, 0 clears its label. It reports whether the key was taken.
func (w *Window) arcKey(ev *fyne.KeyEvent) bool {
	th, i := w.selectedLink()
	if th == nil {
		return false
	}
	digit := len(ev.Name) == 1 && ev.Name[0] >= '0' && ev.Name[0] <= '9'
	del := ev.Name == fyne.KeyDelete || ev.Name == fyne.KeyBackspace
	if !digit && !del {
		return false
	}
	if th.Annotator != w.user {
		w.setStatus(fmt.Sprintf("This is %s's link — it stays as they made it.", th.Annotator))
		return true
	}
	var ch *annotate.Change
	var err error
	switch {
	case del && !th.IsLink():
		w.setStatus("This link joins a set of spans: edit the set in the Threads tab.")
		return true
	case del:
		ch = annotate.DeleteThread(w.user, th)
	default:
		label := ""
		if n := int(ev.Name[0] - '0'); n > 0 {
			labels := w.th.LinkLabels()
			if n > len(labels) {
				w.setStatus(fmt.Sprintf("There are %d link labels: press 1 to %d, or 0 for none.", len(labels), len(labels)))
				return true
			}
			label = labels[n-1]
		}
		ch, err = annotate.SetLink(w.user, th, i, label)
	}
	switch {
	case errors.Is(err, annotate.ErrUnchanged):
		return true
	case err != nil:
		w.setStatus(err.Error())
		return true
	}
	key := w.view.SelectedArc()
	if w.apply(ch) {
		if !del {
			w.view.SelectArc(key) // still the same link, relabelled
		}
		w.setStatus(frame.Capital(ch.Desc) + " — Ctrl+Z undoes it")
	}
	return true
}

// markerClicked opens the other end of a link to another article.
func (w *Window) markerClicked(m arcs.Marker) {
	arrow := "◂"
	if m.Forward {
		arrow = "▸"
	}
	if m.Label != "" {
		arrow += " " + m.Label
	}
	w.setStatus(fmt.Sprintf("%s “%s” — the other end of the link", arrow, clip(w.th.End(m.ToSpan), 40)))
	w.th.ShowSpan(m.Doc, m.ToSpan)
}
