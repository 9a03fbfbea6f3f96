package app

import (
	"context"

	"fyne.io/fyne/v2"
)

// rowCache holds something a document row shows besides its title — the
// span counts and done mark, the review progress — read off the UI
// goroutine in batches the first time a row asks, and again once a change
// makes it stale. Meanwhile a row shows what it had, or nothing yet, and is
// drawn again when the value arrives.
type rowCache[T any] struct {
	w *Window
	// reader is called on the UI goroutine when a batch starts and returns
	// what reads one document's value off it, with what it needs captured.
	reader func() func(ctx context.Context, id string) (T, error)
	what   string // for the log: "count spans of"

	got     map[string]T
	stale   map[string]bool
	queued  map[string]bool
	want    []string
	running bool
	gen     int // bumped by reset: a batch read before it is dropped
}

func newRowCache[T any](w *Window, what string, reader func() func(ctx context.Context, id string) (T, error)) *rowCache[T] {
	c := &rowCache[T]{w: w, what: what, reader: reader}
	c.reset()
	return c
}

// get returns the value for document id and whether there is one; a
// missing or stale value is read again.
func (c *rowCache[T]) get(id string) (T, bool) {
	v, ok := c.got[id]
	if (!ok || c.stale[id]) && !c.queued[id] {
		c.queued[id] = true
		c.want = append(c.want, id)
		c.start()
	}
	return v, ok
}

// known returns the value for document id only when it is up to date and
// no read of it is pending, which could still bring back an older one.
func (c *rowCache[T]) known(id string) (T, bool) {
	v, ok := c.got[id]
	if !ok || c.stale[id] || c.queued[id] {
		var zero T
		return zero, false
	}
	return v, true
}

// set stores a value the window knows already.
func (c *rowCache[T]) set(id string, v T) {
	c.got[id] = v
	delete(c.stale, id)
}

// forget marks documents stale: their rows keep their value until the new
// one arrives.
func (c *rowCache[T]) forget(ids ...string) {
	for _, id := range ids {
		c.stale[id] = true
		delete(c.queued, id) // a batch under way may have read it before the change
	}
}

// reset drops every value, as when the user or the corpus changes.
func (c *rowCache[T]) reset() {
	c.got, c.stale, c.queued, c.want = map[string]T{}, map[string]bool{}, map[string]bool{}, nil
	c.gen++
}

// start reads the wanted values off the UI goroutine, unless a batch is
// under way: the next starts when it ends.
func (c *rowCache[T]) start() {
	if c.running || len(c.want) == 0 {
		return
	}
	ids, gen, read := c.want, c.gen, c.reader()
	c.want, c.running = nil, true
	c.w.goBG(func(ctx context.Context) {
		vals := make([]T, len(ids))
		errs := make([]error, len(ids))
		for i, id := range ids {
			if ctx.Err() != nil {
				return
			}
			vals[i], errs[i] = read(ctx, id)
		}
		c.w.do(func() {
			c.running = false
			if gen == c.gen {
				for i, id := range ids {
					delete(c.queued, id)
					if errs[i] != nil {
						fyne.LogError(c.what+" "+id, errs[i])
						continue
					}
					c.got[id] = vals[i]
					delete(c.stale, id)
					if r, ok := c.w.rowOf(id); ok {
						c.w.docList.RefreshItem(r)
					}
					if c.w.doc != nil && c.w.doc.ID == id {
						c.w.refreshHead()
					}
				}
			}
			c.start()
		})
	})
}
