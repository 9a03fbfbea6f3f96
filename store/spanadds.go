package store

import "sync"

// spanAddLog is, in memory, the span IDs that changes outside the bulk
// lock (Apply, Undo, Redo: a key in the window) write, in the order they
// were written into their transactions, each put here before its
// transaction commits. A Bulk learns from it which IDs were written beside
// it, and adds them to its filter, where it dropped its filter at the
// first such change and looked every later ID up, one by one: a key
// pressed during a first sync made the rest of the sync look up millions
// of IDs (app BenchmarkKeyDuringFirstSync: 4 × 4,000 synced in ~9 s with a
// key every 50 ms, against ~1.2 s without).
//
// An entry is pending from its first attempt until the change's last
// attempt has committed or failed (done); what is logged of an attempt
// that failed is a "perhaps" to a Bulk, a look-up, never a miss. Only done
// entries leave the log, the oldest first, once it holds more than
// spanAddKeep: a Bulk that has not read them since drops its filter.
type spanAddLog struct {
	mu      sync.Mutex
	base    int // the position of entries[0]
	entries []spanAddEntry
}

type spanAddEntry struct {
	ids  []string
	done bool
}

const spanAddKeep = 1024

// spanAddCall logs the attempts of one change.
type spanAddCall struct {
	l   *spanAddLog
	pos []int
}

// call begins a change's logging; done ends it.
func (l *spanAddLog) call() *spanAddCall { return &spanAddCall{l: l} }

// add logs the span IDs an attempt writes, before it commits.
func (c *spanAddCall) add(ids []string) {
	l := c.l
	l.mu.Lock()
	defer l.mu.Unlock()
	c.pos = append(c.pos, l.base+len(l.entries))
	l.entries = append(l.entries, spanAddEntry{ids: ids})
}

// done: every attempt of the change has committed or failed.
func (c *spanAddCall) done() {
	l := c.l
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range c.pos {
		if i := p - l.base; i >= 0 {
			l.entries[i].done = true
		}
	}
	n := 0
	for len(l.entries)-n > spanAddKeep && l.entries[n].done {
		n++
	}
	if n > 0 {
		l.entries = append(l.entries[:0:0], l.entries[n:]...)
		l.base += n
	}
}

// pending is the position of the oldest entry not done (the log's end
// when there is none): a read opened after it is taken sees every change
// logged before it.
func (l *spanAddLog) pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, e := range l.entries {
		if !e.done {
			return l.base + i
		}
	}
	return l.base + len(l.entries)
}

// since calls f with each ID logged from position from on, and returns
// the log's end; ok is false when entries from there have left the log.
func (l *spanAddLog) since(from int, f func(id string)) (end int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if from < l.base {
		return 0, false
	}
	for _, e := range l.entries[from-l.base:] {
		for _, id := range e.ids {
			f(id)
		}
	}
	return l.base + len(l.entries), true
}
