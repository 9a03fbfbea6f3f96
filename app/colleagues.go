package app

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/annotate"
)

// prefColleagues keeps View ▸ Colleagues' work between sessions.
const prefColleagues = "colleagues"

// View ▸ Colleagues' work shows every colleague's layer in the open
// article beside the user's own, striped and read-only, as their work
// arrives (a team folder, an import). It is off until asked for, so that
// each annotator labels without seeing the others' choices; review shows
// the layers it compares whatever it says.

// colleaguesMenuItem is View ▸ Colleagues' work, as last left.
func (w *Window) colleaguesMenuItem() *fyne.MenuItem {
	w.colleaguesItem = fyne.NewMenuItem("Colleagues' work", func() { w.showColleagues(!w.colleaguesOn) })
	if w.app.Preferences().Bool(prefColleagues) {
		w.colleaguesOn = true
		w.colleaguesItem.Checked = true
		w.readColleagues()
	}
	return w.colleaguesItem
}

// showColleagues turns the colleagues' layers on or off, and remembers it.
func (w *Window) showColleagues(on bool) {
	w.colleaguesOn = on
	w.app.Preferences().SetBool(prefColleagues, on)
	w.colleaguesItem.Checked = on
	w.mainMenu.Refresh()
	if !on {
		w.setStatus("Colleagues' work hidden: your own layer alone")
		w.reloadSpans()
		return
	}
	w.readColleagues()
}

// readColleagues reads, off the UI goroutine, whose layers the store
// holds, and shows those of the colleagues if they changed.
func (w *Window) readColleagues() {
	st, user := w.st, w.user
	w.goBG(func(ctx context.Context) {
		all, err := st.Annotators()
		w.do(func() {
			if err != nil {
				w.fail("list the colleagues", err)
				return
			}
			var names []string
			for _, a := range all {
				if isColleague(a, user) {
					names = append(names, a)
				}
			}
			w.setColleagues(names)
		})
	})
}

// setColleagues makes names the colleagues whose layers the toggle shows;
// the article's spans are read again when that changes what is shown.
func (w *Window) setColleagues(names []string) {
	changed := !slices.Equal(names, w.teamLayers)
	w.teamLayers = names
	if !w.colleaguesOn {
		return
	}
	if changed {
		w.reloadSpans()
	}
	switch len(names) {
	case 0:
		w.setStatus("Colleagues' work: none in this store yet (a team folder or an import brings it)")
	default:
		w.setStatus("Colleagues' work shown, striped: " + joinNames(names))
	}
}

// colleagueArrived adds the annotators of work that arrived to those the
// toggle shows, before the article is read again for it.
func (w *Window) colleagueArrived(names []string) {
	if !w.colleaguesOn {
		return
	}
	next := slices.Clone(w.teamLayers)
	for _, a := range names {
		if isColleague(a, w.user) && !slices.Contains(next, a) {
			next = append(next, a)
		}
	}
	slices.Sort(next)
	w.teamLayers = next
}

// isColleague says whether layer a is a colleague's own work: not the
// user's, nor a curated layer (the user's or a colleague's review).
func isColleague(a, user string) bool { return a != user && !annotate.IsCurated(a) }

// shownLayers are the layers whose spans the article shows beside the
// user's: those asked for (review, a colleague's thread) and, with View ▸
// Colleagues' work on outside review, every colleague's.
func (w *Window) shownLayers() []string {
	out := slices.Clone(w.others)
	if w.colleaguesOn && !w.rev.Active() {
		for _, a := range w.teamLayers {
			if a != w.user && !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// joinNames names the colleagues shown, or counts them past six.
func joinNames(names []string) string {
	if len(names) > 6 {
		return annotate.Count(len(names), "colleague")
	}
	return strings.Join(names, ", ")
}
