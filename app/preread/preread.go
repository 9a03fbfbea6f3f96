// Package preread reads ahead what the user is about to open: the row the
// pointer rests on (or the keyboard highlights) is read off the UI
// goroutine while the hand is still on its way to the click, so the open
// itself finds it read (issue 18: the 300 KB article's read was most of
// the UI goroutine's wait before its frame).
//
// A Slot holds one read ahead, under a key that says everything the read
// depended on — what was read, for whom, and how many changes had reached
// the store when it began. Whoever takes it asks with the key as it is
// then: a change since, another user or other layers make another key, and
// the read ahead is not used (it is read again, as without it).
package preread

import (
	"context"
	"sync"
	"time"
)

// Slot is one read ahead of a value V under a key K. Its methods are
// called on one goroutine (the UI's); the reads run on others.
type Slot[K comparable, V any] struct {
	// Rest is how long the pointer rests on a row before it is read, so
	// that sweeping over a list reads nothing.
	Rest time.Duration
	// Go runs a read off the calling goroutine (the window's goBG, which
	// it waits for when it closes, ending ctx first).
	Go func(func(ctx context.Context))

	cur *read[K, V]
}

type read[K comparable, V any] struct {
	key     K
	mu      sync.Mutex
	started bool          // the rest is over and the read began
	dropped bool          // replaced or taken before the rest was over
	done    chan struct{} // closed when v is read
	v       V
}

// Ahead begins reading key with load after the rest, in place of any other
// read ahead; a read of the same key already under way is kept.
func (s *Slot[K, V]) Ahead(key K, load func(ctx context.Context) V) {
	if s.cur != nil && s.cur.key == key {
		return
	}
	s.Drop()
	r := &read[K, V]{key: key, done: make(chan struct{})}
	s.cur = r
	s.Go(func(ctx context.Context) {
		time.Sleep(s.Rest)
		r.mu.Lock()
		if r.dropped {
			r.mu.Unlock()
			return
		}
		r.started = true
		r.mu.Unlock()
		r.v = load(ctx)
		close(r.done)
	})
}

// Take hands over the read ahead of key, if one began: wait returns its
// value once read. A read of another key, or one still resting, is
// dropped, and ok is false: the caller reads for itself.
func (s *Slot[K, V]) Take(key K) (wait func() V, ok bool) {
	r := s.cur
	s.cur = nil
	if r == nil {
		return nil, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.key != key || !r.started {
		r.dropped = true
		return nil, false
	}
	return func() V { <-r.done; return r.v }, true
}

// Drop forgets the read ahead (one still resting does not begin).
func (s *Slot[K, V]) Drop() {
	if r := s.cur; r != nil {
		r.mu.Lock()
		r.dropped = true
		r.mu.Unlock()
		s.cur = nil
	}
}
