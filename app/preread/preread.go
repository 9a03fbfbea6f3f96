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

// Slot holds the reads ahead of a value V under a key K: the last two
// asked for, since a click that gives the list the keyboard first reports
// the row the keyboard was on before the one clicked. Its methods are
// called on one goroutine (the UI's); the reads run on others.
type Slot[K comparable, V any] struct {
	// Rest is how long the pointer rests on a row before it is read, so
	// that sweeping over a list reads nothing.
	Rest time.Duration
	// Go runs a read off the calling goroutine (the window's goBG, which
	// it waits for when it closes, ending ctx first).
	Go func(func(ctx context.Context))

	reads []*read[K, V] // the last keep asked for, oldest first
}

// keep is how many reads ahead a Slot holds.
const keep = 2

type read[K comparable, V any] struct {
	key     K
	mu      sync.Mutex
	started bool          // the rest is over and the read began
	dropped bool          // replaced or taken before the rest was over
	done    chan struct{} // closed when v is read
	v       V
}

// drop stops r from beginning, if it is still resting, and reports
// whether it had begun.
func (r *read[K, V]) drop() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dropped = true
	return r.started
}

// Ahead begins reading key with load after the rest; the oldest read
// ahead is forgotten when the slot holds keep. A read of the same key
// already asked for is kept.
func (s *Slot[K, V]) Ahead(key K, load func(ctx context.Context) V) {
	for _, r := range s.reads {
		if r.key == key {
			return
		}
	}
	if len(s.reads) == keep {
		s.reads[0].drop()
		s.reads = s.reads[1:]
	}
	r := &read[K, V]{key: key, done: make(chan struct{})}
	s.reads = append(s.reads, r)
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
// value once read. One still resting is dropped, and ok is false: the
// caller reads for itself. The reads of other keys are left.
func (s *Slot[K, V]) Take(key K) (wait func() V, ok bool) {
	for i, r := range s.reads {
		if r.key != key {
			continue
		}
		s.reads = append(s.reads[:i:i], s.reads[i+1:]...)
		if !r.drop() {
			return nil, false
		}
		return func() V { <-r.done; return r.v }, true
	}
	return nil, false
}

// Drop forgets every read ahead (those still resting do not begin).
func (s *Slot[K, V]) Drop() {
	for _, r := range s.reads {
		r.drop()
	}
	s.reads = nil
}
