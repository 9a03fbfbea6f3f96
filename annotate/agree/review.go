package agree

import (
	"slices"

	"github.com/skein-news/skein/annotate"
)

// Review's rules: what settles an item, and the changes a reviewer's
// decision and `skein curate` make. The window and the command line both
// build their changes here, so they agree on what is decided.

// State is what has been decided about one item.
type State struct {
	// Settled: the curated layer holds a span for the item, or every one
	// of its spans was rejected.
	Settled bool
	// Rejected: every span was rejected and none went into the curated layer.
	Rejected bool
	// Curated is the curated span that settles the item, if any.
	Curated *annotate.Span
	// Verdicts are the verdicts the decisions on its spans give.
	Verdicts map[string]bool
}

// Disagreement reports whether the item is one a reviewer has to settle.
func (it Item) Disagreement() bool { return it.Kind != Agreement }

// fragKey identifies a list of fragments.
func fragKey(frags []annotate.Fragment) string { return fragmentKey("", frags) }

// Settle says for each item whether it is settled: the curated layer holds
// a span with the fragments of one of its spans, or a span a decision
// accepted or edited into the curated layer (an edit may move the
// boundaries), or decisions rejected every one of its spans. It returns the
// states, and how many disagreements are open of how many. A colleague's
// decisions that arrived from a team folder (annotate.CuratedBy) belong to
// their curated layer, not to curated, and count for nothing here.
func Settle(items []Item, curated []*annotate.Span, decisions []*annotate.Decision) (states []State, open, total int) {
	var own []*annotate.Decision
	for _, d := range decisions {
		if _, theirs := annotate.CuratorOf(d.Reviewer); !theirs {
			own = append(own, d)
		}
	}
	states = settle(items, curated, own)
	for i, it := range items {
		if it.Disagreement() {
			total++
			if !states[i].Settled {
				open++
			}
		}
	}
	return states, open, total
}

// settle is Settle's rule on one review's curated layer and decisions: the
// local one (Settle) or a colleague's (Theirs).
func settle(items []Item, curated []*annotate.Span, decisions []*annotate.Decision) []State {
	placed := map[string]*annotate.Span{}
	byID := map[string]*annotate.Span{}
	for _, s := range curated {
		placed[fragKey(s.Fragments)] = s
		byID[s.ID] = s
	}
	bySpan := map[string][]*annotate.Decision{}
	for _, d := range decisions {
		bySpan[d.Span] = append(bySpan[d.Span], d)
	}
	states := make([]State, len(items))
	for i, it := range items {
		st := &states[i]
		rejected := len(it.Spans) > 0
		for _, s := range it.Sorted() {
			if c := placed[fragKey(s.Fragments)]; c != nil && st.Curated == nil {
				st.Curated = c
			}
			rej := false
			for _, d := range bySpan[s.ID] {
				if st.Verdicts == nil {
					st.Verdicts = map[string]bool{}
				}
				st.Verdicts[d.Verdict] = true
				if c := byID[d.Curated]; c != nil && d.Verdict != annotate.VerdictReject && st.Curated == nil {
					st.Curated = c
				}
				rej = rej || d.Verdict == annotate.VerdictReject
			}
			rejected = rejected && rej
		}
		st.Rejected = rejected && st.Curated == nil
		st.Settled = st.Curated != nil || st.Rejected
	}
	return states
}

// Progress lines up the annotators' layers of one article and says how
// many of its disagreements are settled, of how many.
func Progress(layers map[string][]*annotate.Span, annotators []string, curated []*annotate.Span, decisions []*annotate.Decision) (resolved, total int) {
	_, open, total := Settle(Compare(layers, annotators), curated, decisions)
	return total - open, total
}

// Verdict is a reviewer's decision on one item, for Decide.
type Verdict struct {
	Doc      string
	Reviewer string
	// Verdict is annotate.VerdictAccept, VerdictReject or VerdictEdit.
	Verdict string
	// Desc describes the change, as "Undo <Desc>" shows it.
	Desc string
	// Picked is the span accepted or edited.
	Picked *annotate.Span
	// Curated is the span the decision puts into the curated layer; nil
	// for a reject.
	Curated *annotate.Span
}

// Decide builds the one undoable change that settles item it, whose state
// is st: the curated spans that settled it before are removed, v.Curated
// (if any) is added, and the reviewer's decision is recorded on the picked
// span — on every span of the item for a reject. curated is the article's
// curated layer and decisions its decisions, for the images undo restores.
func Decide(it Item, st State, curated []*annotate.Span, decisions []*annotate.Decision, v Verdict) *annotate.Change {
	ch := &annotate.Change{ID: annotate.NewID(), Desc: v.Desc, User: v.Reviewer, At: annotate.NowMillis(), Doc: v.Doc}
	gone := map[string]bool{}
	for _, s := range curated {
		for _, x := range it.Spans {
			if fragKey(s.Fragments) == fragKey(x.Fragments) && !gone[s.ID] {
				gone[s.ID] = true
				ch.Spans = append(ch.Spans, annotate.SpanEdit{Before: s.Clone()})
			}
		}
	}
	if c := st.Curated; c != nil && !gone[c.ID] {
		ch.Spans = append(ch.Spans, annotate.SpanEdit{Before: c.Clone()})
	}
	targets := []*annotate.Span{v.Picked}
	if v.Curated != nil {
		ch.Spans = append(ch.Spans, annotate.SpanEdit{After: v.Curated})
	} else {
		targets = it.Sorted()
	}
	for _, s := range targets {
		d := &annotate.Decision{Doc: v.Doc, Span: s.ID, Reviewer: v.Reviewer, Verdict: v.Verdict, At: ch.At}
		if v.Curated != nil {
			d.Curated = v.Curated.ID
		}
		ch.Decisions = append(ch.Decisions, annotate.DecisionEdit{Before: decisionOf(decisions, s.ID, v.Reviewer), After: d})
	}
	return ch
}

// decisionOf returns a copy of reviewer's decision on span, or nil.
func decisionOf(decisions []*annotate.Decision, span, reviewer string) *annotate.Decision {
	for _, d := range decisions {
		if d.Span == span && d.Reviewer == reviewer {
			c := *d
			return &c
		}
	}
	return nil
}

// Accepted copies a span into the curated layer, as a reviewer's accept
// puts it there: a new ID, the same text, label, note, attributes and norms.
func Accepted(s *annotate.Span) *annotate.Span {
	c := &annotate.Span{
		ID: annotate.NewID(), Doc: s.Doc, Fragments: slices.Clone(s.Fragments), Label: s.Label,
		Annotator: annotate.CuratedLayer, Note: s.Note, Created: annotate.NowMillis(),
	}
	if cl := s.Clone(); cl != nil {
		c.Attrs, c.Norms = cl.Attrs, cl.Norms
	}
	return c
}

// CurateChange builds the one undoable change that puts the agreed spans of
// an article the curated layer lacks into it, recorded as curator's accept
// decisions (Curate says which). verb starts its description ("curate 2
// agreed spans"). It returns nil when there is nothing to add, and how many
// disagreements remain open once it is applied, as Settle counts them.
func CurateChange(doc string, items []Item, curated []*annotate.Span, decisions []*annotate.Decision, curator, verb string) (ch *annotate.Change, added, remaining int) {
	rejected := map[string]bool{}
	for _, d := range decisions {
		if d.Verdict == annotate.VerdictReject {
			rejected[d.Span] = true
		}
	}
	add, accepted, _ := Curate(doc, items, curated, curator, rejected)
	after, afterDecisions := curated, decisions
	if len(add) > 0 {
		ch = &annotate.Change{ID: annotate.NewID(), Desc: verb + " " + annotate.Count(len(add), "agreed span"), User: curator, At: annotate.NowMillis(), Doc: doc}
		for _, s := range add {
			ch.Spans = append(ch.Spans, annotate.SpanEdit{After: s})
		}
		for _, d := range accepted {
			ch.Decisions = append(ch.Decisions, annotate.DecisionEdit{Before: decisionOf(decisions, d.Span, curator), After: d})
		}
		after = append(slices.Clone(curated), add...)
		afterDecisions = append(slices.DeleteFunc(slices.Clone(decisions), func(d *annotate.Decision) bool {
			return d.Reviewer == curator && slices.ContainsFunc(accepted, func(a *annotate.Decision) bool { return a.Span == d.Span })
		}), accepted...)
	}
	_, remaining, _ = Settle(items, after, afterDecisions)
	return ch, len(add), remaining
}
