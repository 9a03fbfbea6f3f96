package team

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/skein-news/skein/annotate"
)

// A colleague's decisions file (decisions-<xx>.jsonl) holds their review
// decisions on the articles of one bucket, in order of article ID. A sync
// engine copying it in place, or git's checkout writing it, shows it for a
// moment cut at the end of a line, and a read then lacked every decision
// after the cut: they were withdrawn from every store that synced in that
// moment, until the whole file came back. A cut takes only lines at the
// end, so a decision missing from a read on an article before the read's
// last line's article was withdrawn by its author, and goes at once. One
// missing on the last line's article or after it may lie past a cut; it
// is withdrawn only once
//
//   - the same read (the same bytes) is read again decisionsGoneWait or
//     more after it was first read, as a gone file is (a copy under way
//     changes within that: it grows), or
//   - a later read that lacks it too differs from that read other than by
//     lines added or cut at the end (as the threads' fallback, unlisted.go:
//     two cuts of one version are always a prefix of one another).
//
// Until then it stays in the store as it was, and the file is read at every
// pass (a running window reads again decisionsGoneWait after).

// cutState is what is kept of a decisions file's read that lacked
// decisions it may have been cut before.
type cutState struct {
	// Ends are the read's line ends (lineEnds).
	Ends []string `json:"ends"`
	// At is when that read was first made (Unix ns, goneClock).
	At int64 `json:"at"`
	// Boot is that read on bootClock: the wait must be over on it too
	// (waited); nil where a skein before it saved none.
	Boot *bootStamp `json:"boot,omitempty"`
	// Held are the decisions it lacked and the store kept: "doc span".
	Held []string `json:"held"`
}

// cutCheck weighs one read of a decisions file against what the store
// holds from it. A nil one (the file gone, confirmed) keeps nothing.
type cutCheck struct {
	last string    // the article of the read's last line
	ends []string  // the read's line ends
	prev *cutState // what the last read kept
	now  int64
	boot bootStamp // now on bootClock
	held []string
}

// keep gives the decisions of the read on article d (now), with those of
// had (the store's, from this file) that the read lacks and that may lie
// past a cut.
func (c *cutCheck) keep(d string, had, now []*annotate.Decision) []*annotate.Decision {
	if c == nil || d < c.last {
		return now
	}
	for _, h := range had {
		if slices.ContainsFunc(now, func(x *annotate.Decision) bool { return x.Span == h.Span }) {
			continue
		}
		key := d + " " + h.Span
		if c.confirms(key) {
			continue // withdrawn
		}
		now = append(now, h)
		c.held = append(c.held, key)
	}
	return now
}

// confirms says whether the read confirms that the decision key, held
// at the read kept, was withdrawn.
func (c *cutCheck) confirms(key string) bool {
	p := c.prev
	if p == nil || !slices.Contains(p.Held, key) {
		return false
	}
	if slices.Equal(p.Ends, c.ends) {
		return waited(decisionsGoneWait, p.At, p.Boot, c.now, c.boot)
	}
	return !prefixed(p.Ends, c.ends)
}

// state is what to keep of the read: nil where it held nothing back.
func (c *cutCheck) state() *cutState {
	if c == nil || len(c.held) == 0 {
		return nil
	}
	at, boot := c.now, &c.boot
	if p := c.prev; p != nil && slices.Equal(p.Ends, c.ends) && p.At <= c.now {
		at, boot = p.At, p.Boot // the same read: its wait goes on
	}
	return &cutState{Ends: c.ends, At: at, Boot: boot, Held: c.held}
}

// lastDecisionDoc is the article of the last decision line of b, a
// decisions file parseDecisions read.
func lastDecisionDoc(b []byte) string {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[i+1:]
	}
	var l struct {
		Doc string `json:"doc"`
	}
	if json.Unmarshal(b, &l) != nil {
		return ""
	}
	return l.Doc
}
