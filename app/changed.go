package app

import "github.com/skein-news/skein/annotate"

// Changed tells the window's features what reached the store, whatever
// brought it: a change the user applied, undid or redid here, or records
// that arrived another way — an import, a colleague's work from a team
// folder. Each feature registers once with onChanged and brings what it
// shows up to date; none is called by hand from the code that wrote.
type Changed struct {
	// Change is what the user applied, undid or redid in this window; nil
	// when the records arrived another way.
	Change *annotate.Change
	// Undone: Change was taken back.
	Undone bool
	// Docs are the documents whose spans, marks or decisions changed.
	Docs map[string]bool
	// Threads are the IDs of the threads that changed.
	Threads map[string]bool
	// All: anything may have changed, the list of documents too, as after
	// an import; every feature reads again what it shows.
	All bool
}

// changeOf describes a change the user applied (or, undone, took back).
func changeOf(ch *annotate.Change, undone bool) Changed {
	c := Changed{Change: ch, Undone: undone, Docs: changedDocs(ch), Threads: map[string]bool{}}
	for _, e := range ch.Threads {
		c.Threads[editedThread(e.Before, e.After)] = true
	}
	return c
}

// everything is what an import says: anything may have changed.
var everything = Changed{All: true}

// Touches reports whether document doc may have changed.
func (c Changed) Touches(doc string) bool { return c.All || c.Docs[doc] }

// onChanged registers a feature's listener; listeners run on the UI
// goroutine, in the order they registered.
func (w *Window) onChanged(f func(Changed)) { w.listeners = append(w.listeners, f) }

// changed tells every feature what reached the store.
func (w *Window) changed(c Changed) {
	for _, f := range w.listeners {
		f(c)
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
