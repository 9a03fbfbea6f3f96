package doclist

import (
	"context"

	"fyne.io/fyne/v2"
)

// Host is what a Cache asks of the window: work off the UI goroutine and
// back on it.
type Host interface {
	Go(f func(ctx context.Context))
	Do(f func())
}

// Cache holds something a document row shows besides its title — the
// span counts and done mark, the review progress — read off the UI
// goroutine in batches the first time a row asks, and again once a change
// makes it stale. Meanwhile a row shows what it had, or nothing yet, and is
// drawn again when the value arrives.
type Cache[T any] struct {
	host Host
	// arrived is called on the UI goroutine when document id's value
	// arrived, to draw its row (and the article's header) again.
	arrived func(id string)
	reader  func() func(ctx context.Context, id string) (T, error)
	what    string // for the log: "count spans of"

	got     map[string]T
	stale   map[string]bool
	queued  map[string]bool
	want    []string
	running bool
	gen     int // bumped by Reset: a batch read before it is dropped
}

// NewCache makes a cache whose reader is called on the UI goroutine when a
// batch starts and returns what reads one document's value off it, with
// what it needs captured; what names the reading for the log ("count spans
// of"); arrived is told each document whose value arrived.
func NewCache[T any](host Host, what string, reader func() func(ctx context.Context, id string) (T, error), arrived func(id string)) *Cache[T] {
	c := &Cache[T]{host: host, what: what, reader: reader, arrived: arrived}
	c.Reset()
	return c
}

// Get returns the value for document id and whether there is one; a
// missing or stale value is read again.
func (c *Cache[T]) Get(id string) (T, bool) {
	v, ok := c.got[id]
	if (!ok || c.stale[id]) && !c.queued[id] {
		c.queued[id] = true
		c.want = append(c.want, id)
		c.start()
	}
	return v, ok
}

// Known returns the value for document id only when it is up to date and
// no read of it is pending, which could still bring back an older one.
func (c *Cache[T]) Known(id string) (T, bool) {
	v, ok := c.got[id]
	if !ok || c.stale[id] || c.queued[id] {
		var zero T
		return zero, false
	}
	return v, true
}

// Set stores a value the window knows already.
func (c *Cache[T]) Set(id string, v T) {
	c.got[id] = v
	delete(c.stale, id)
}

// Forget marks documents stale: their rows keep their value until the new
// one arrives.
func (c *Cache[T]) Forget(ids ...string) {
	for _, id := range ids {
		c.stale[id] = true
		delete(c.queued, id) // a batch under way may have read it before the change
	}
}

// Reset drops every value, as when the user or the corpus changes.
func (c *Cache[T]) Reset() {
	c.got, c.stale, c.queued, c.want = map[string]T{}, map[string]bool{}, map[string]bool{}, nil
	c.gen++
}

// start reads the wanted values off the UI goroutine, unless a batch is
// under way: the next starts when it ends.
func (c *Cache[T]) start() {
	if c.running || len(c.want) == 0 {
		return
	}
	ids, gen, read := c.want, c.gen, c.reader()
	c.want, c.running = nil, true
	c.host.Go(func(ctx context.Context) {
		vals := make([]T, len(ids))
		errs := make([]error, len(ids))
		for i, id := range ids {
			if ctx.Err() != nil {
				return
			}
			vals[i], errs[i] = read(ctx, id)
		}
		c.host.Do(func() {
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
					c.arrived(id)
				}
			}
			c.start()
		})
	})
}

// Len is the number of documents with a value, for tests and benchmarks.
func (c *Cache[T]) Len() int { return len(c.got) }

// Pending is the number of documents waiting for a batch to start.
func (c *Cache[T]) Pending() int { return len(c.want) }
