package app

import (
	"fmt"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/phases"
)

// Changed tells the window's features what reached the store (see
// frame.Changed); each registers once with onChanged.
type Changed = frame.Changed

// changeOf describes a change the user applied (or, undone, took back).
func changeOf(ch *annotate.Change, undone bool) Changed {
	c := Changed{Change: ch, Undone: undone, Docs: changedDocs(ch), Threads: map[string]bool{}}
	for _, e := range ch.Threads {
		c.Threads[e.ID()] = true
	}
	return c
}

// everything is what an import says: anything may have changed.
var everything = Changed{All: true}

// onChanged registers a feature's listener; listeners run on the UI
// goroutine, in the order they registered.
func (w *Window) onChanged(f func(Changed)) { w.listeners = append(w.listeners, f) }

// changed tells every feature what reached the store.
func (w *Window) changed(c Changed) {
	for i, f := range w.listeners {
		f(c)
		if phases.On() {
			phases.Mark(fmt.Sprintf("changed-%d", i))
		}
	}
}

// changedDocs returns the documents whose spans, marks or decisions a
// change touches.
func changedDocs(ch *annotate.Change) map[string]bool {
	docs := map[string]bool{}
	if ch.Doc != "" {
		docs[ch.Doc] = true
	}
	for _, e := range ch.Spans {
		for _, s := range []*annotate.Span{e.Before, e.After} {
			if s != nil {
				docs[s.Doc] = true
			}
		}
	}
	for _, e := range ch.Marks {
		for _, m := range []*annotate.Mark{e.Before, e.After} {
			if m != nil {
				docs[m.Doc] = true
			}
		}
	}
	for _, e := range ch.Decisions {
		for _, d := range []*annotate.Decision{e.Before, e.After} {
			if d != nil {
				docs[d.Doc] = true
			}
		}
	}
	return docs
}
