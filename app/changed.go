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
// goroutine, in the order they registered, after the change is in the
// store.
func (w *Window) onChanged(f func(Changed)) { w.listeners = append(w.listeners, f) }

// onChanging registers a listener that follows a change the user made
// (Changed.Change) from the change alone, reading nothing from the store:
// the window runs it while the store is still writing the change, so that
// the two overlap (issue 18), and runs it again with the change taken back
// (Undone flipped) if the write fails. These listeners run before the
// others (onChanged), in the order they registered.
func (w *Window) onChanging(f func(Changed)) { w.early = append(w.early, f) }

// changed tells every feature what reached the store.
func (w *Window) changed(c Changed) {
	w.changing(c)
	w.sg.join()
	w.follow(c)
}

// changing runs the listeners of onChanging.
func (w *Window) changing(c Changed) {
	for i, f := range w.early {
		f(c)
		if phases.On() {
			phases.Mark(fmt.Sprintf("changing-%d", i))
		}
	}
}

// follow runs the listeners of onChanged.
func (w *Window) follow(c Changed) {
	w.changes++ // what was read ahead before is read again (ReadAhead)
	for i, f := range w.listeners {
		f(c)
		if phases.On() {
			phases.Mark(fmt.Sprintf("changed-%d", i))
		}
	}
}

// commitWhile runs commit, the store's write of the change c describes, on
// another goroutine while the listeners of onChanging show c, waits for it,
// and then runs the other listeners; it returns commit's error, after the
// listeners of onChanging were shown the change taken back. Nothing is
// painted before it returns (it runs within one event of the UI
// goroutine), so the screen never shows a change the store does not hold.
//
// during, when not nil, runs on the UI goroutine once those listeners
// have shown c, while the store is still writing: the caller's own
// following of the change (the span list's row, the status line) is done
// in the write's time, not after it; when the write fails, undoing what
// during did is the caller's.
//
// In review mode the span list draws review's items, which review reads
// from the store: there the change is written first, then shown.
func (w *Window) commitWhile(c Changed, commit func() error, during func()) error {
	if w.rev.Active() {
		if err := commit(); err != nil {
			return err
		}
		w.changed(c)
		if during != nil {
			during()
		}
		return nil
	}
	done := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		// The store's own time, for app/e2e BenchmarkLatency's phases.
		phases.Mark("store-write")
		close(started)
		err := commit()
		phases.Mark("store-written")
		done <- err
	}()
	// The write goes first: a goroutine the listeners start (the
	// suggestions' job) would otherwise be run before it, the scheduler
	// preferring the goroutine made last, and on 2 busy cores the write
	// then began only once the job had ended (issue 18's phases:
	// store-write after suggest: job-end). Waiting here hands this core
	// to the write until it blocks on the disk, a fraction of a
	// millisecond of the store's own work (store applyOneSpan).
	<-started
	w.changing(c)
	if during != nil {
		during()
		phases.Mark("during")
	}
	err := <-done
	w.sg.join() // what the suggestions learned beside it, if not drawn yet
	phases.Mark("commit-end")
	if err != nil {
		back := c
		back.Undone = !c.Undone
		w.changing(back)
		w.sg.join()
		return err
	}
	w.follow(c)
	return nil
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
