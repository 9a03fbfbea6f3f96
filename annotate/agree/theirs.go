package agree

import (
	"fmt"

	"github.com/skein-news/skein/annotate"
)

// A colleague's review arrives from a team folder as their curated layer,
// annotate.CuratedBy(colleague), and their decisions under the same name.
// It settles nothing of the local review (Settle leaves it out); Theirs reads
// it with Settle's own rules, so an item counts as settled by alice exactly
// when it would have counted as settled in her store, and Adopt makes her
// decisions the reviewer's own, one undoable change, as if the reviewer had
// made each of them with Decide.

// Their is what one colleague decided about one item.
type Their struct {
	// Reviewer is the colleague: "alice", not "curated:alice".
	Reviewer string
	// State is the item's state in the colleague's review: Settled, Rejected
	// and Curated (a span of their curated layer) as Settle reads them.
	State
	// Verdict is how they settled it: annotate.VerdictAccept, VerdictEdit
	// or VerdictReject; "" when their curated layer holds a span for the
	// item that no decision of theirs names (a span they added by hand), or
	// when the item is open in their review.
	Verdict string
	// Span is the ID of the span their decision was on, "" without one.
	Span string
	// At is when they decided (Unix milliseconds): their decision's time,
	// or their curated span's creation for a span no decision names.
	At int64
}

// Theirs reads colleague's review of the items: theirCurated is the layer
// annotate.CuratedBy(colleague) on the article, decisions the article's
// decisions (everyone's: only the colleague's are read).
func Theirs(colleague string, items []Item, theirCurated []*annotate.Span, decisions []*annotate.Decision) []Their {
	as := annotate.CuratedBy(colleague)
	var mine []*annotate.Decision
	for _, d := range decisions {
		if d.Reviewer == as {
			mine = append(mine, d)
		}
	}
	states := settle(items, theirCurated, mine)
	out := make([]Their, len(items))
	for i, it := range items {
		t := Their{Reviewer: colleague, State: states[i]}
		if t.Settled {
			for _, s := range it.Sorted() {
				for _, d := range mine {
					if d.Span != s.ID {
						continue
					}
					switch {
					case t.Curated != nil && d.Verdict != annotate.VerdictReject && d.Curated == t.Curated.ID:
						t.Verdict, t.Span, t.At = d.Verdict, d.Span, d.At
					case t.Rejected && d.At >= t.At:
						t.Verdict, t.Span, t.At = d.Verdict, d.Span, d.At
					}
				}
			}
			if t.Verdict == "" && t.Curated != nil {
				t.At = t.Curated.Created
			}
		}
		out[i] = t
	}
	return out
}

// Describe says what the colleague decided, as the review list shows it:
// "alice: ✓ accepted bilal's figure", "alice: ✎ edited into claim",
// "alice: ✗ rejected", "alice: ✓ curated as actor"; "" for an item open in
// their review.
func (t Their) Describe(it Item) string {
	switch {
	case !t.Settled:
		return ""
	case t.Rejected:
		return t.Reviewer + ": ✗ rejected"
	case t.Verdict == annotate.VerdictAccept:
		for a, s := range it.Spans {
			if s.ID == t.Span {
				return fmt.Sprintf("%s: ✓ accepted %s's %s", t.Reviewer, a, s.Label)
			}
		}
		return t.Reviewer + ": ✓ accepted " + t.Curated.Label
	case t.Verdict == annotate.VerdictEdit:
		return t.Reviewer + ": ✎ edited into " + t.Curated.Label
	default:
		return t.Reviewer + ": ✓ curated as " + t.Curated.Label
	}
}

// Adopt builds the one undoable change that makes colleague's decisions on
// an article the reviewer's own: every item open in the reviewer's review
// (states, from Settle) that the colleague settled (theirs, from Theirs) is
// decided as they decided it — their curated span copied into the curated
// layer with a new ID (Accepted), or every span rejected — each through
// Decide, so the result is what the reviewer pressing the same keys makes.
// Items the reviewer settled already are left as the reviewer settled them.
// It returns nil when there is nothing to adopt, and how many items it
// settles.
func Adopt(doc string, items []Item, states []State, theirs []Their, curated []*annotate.Span, decisions []*annotate.Decision, reviewer, colleague string) (*annotate.Change, int) {
	ch := &annotate.Change{ID: annotate.NewID(), User: reviewer, At: annotate.NowMillis(), Doc: doc}
	n := 0
	for i, it := range items {
		t := theirs[i]
		if states[i].Settled || !t.Settled || len(it.Spans) == 0 {
			continue
		}
		v := Verdict{Doc: doc, Reviewer: reviewer, Verdict: annotate.VerdictReject}
		picked := it.Sorted()[0]
		if !t.Rejected {
			v.Curated = Accepted(t.Curated)
			v.Verdict = annotate.VerdictEdit
			picked = nil
			for _, s := range it.Sorted() {
				if s.ID == t.Span {
					picked = s
				}
			}
			// Without a decision to name it (a span they curated by
			// hand), the span their curated one copies — the same
			// fragments and label, else the same fragments. An accept
			// keeps its name only where the picked span is what went
			// into the curated layer; anything else is an edit.
			same := func(s *annotate.Span) bool { return fragKey(s.Fragments) == fragKey(t.Curated.Fragments) }
			for _, s := range it.Sorted() {
				if picked == nil && same(s) && s.Label == t.Curated.Label {
					picked = s
				}
			}
			for _, s := range it.Sorted() {
				if picked == nil && same(s) {
					picked = s
				}
			}
			if picked == nil {
				picked = it.Sorted()[0]
			}
			if fragKey(picked.Fragments) == fragKey(t.Curated.Fragments) && picked.Label == t.Curated.Label {
				v.Verdict = annotate.VerdictAccept
			}
		}
		v.Picked = picked
		one := Decide(it, states[i], curated, decisions, v)
		ch.Spans = append(ch.Spans, one.Spans...)
		ch.Decisions = append(ch.Decisions, one.Decisions...)
		n++
	}
	if n == 0 {
		return nil, 0
	}
	ch.At = ch.Decisions[0].After.At
	ch.Desc = fmt.Sprintf("adopt %s's %s", colleague, annotate.Count(n, "decision"))
	return ch, n
}
