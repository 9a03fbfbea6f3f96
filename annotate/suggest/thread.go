package suggest

import (
	"fmt"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
)

// MakeThread is the one change that makes a thread of first and the places
// related reports: each place becomes a span of first's label in user's
// layer, widened to whole words — unless a span of user's layer is there
// already (ownAt), which joins the thread as it is. first must be a span
// of user's layer.
func MakeThread(src search.Layers, user string, first *annotate.Span, title string, related []Related) (*annotate.Change, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		title = annotate.UntitledThread
	}
	ch := annotate.NewThread(user, title, first)
	th := ch.Threads[0].After
	if err := addPlaces(src, user, first.Label, ch, th, related); err != nil {
		return nil, err
	}
	ch.Desc = fmt.Sprintf("new thread %q of %d articles", title, len(th.Docs()))
	return ch, nil
}

// AddToThread is the one change that adds to thread th (of user's layer)
// the places related reports, as MakeThread does: each a span of label in
// user's layer, or user's span there already (ownAt). Places in an
// article the thread has a member in already are left out.
func AddToThread(src search.Layers, user string, th *annotate.Thread, label string, related []Related) (*annotate.Change, error) {
	in := map[string]bool{}
	for _, d := range th.Docs() {
		in[d] = true
	}
	var rest []Related
	for _, r := range related {
		if !in[r.Doc] {
			rest = append(rest, r)
			in[r.Doc] = true
		}
	}
	if len(rest) == 0 {
		return nil, nil
	}
	ch := annotate.PutThread(user, "", th, th)
	if err := addPlaces(src, user, label, ch, ch.Threads[0].After, rest); err != nil {
		return nil, err
	}
	ch.Desc = fmt.Sprintf("add %s to thread %q", annotate.Count(len(rest), "article"), th.Title)
	return ch, nil
}

// addPlaces adds to th, a thread ch writes, a member for each place of
// related: user's span there (ownAt), or a new one ch adds, widened to
// whole words.
func addPlaces(src search.Layers, user, label string, ch *annotate.Change, th *annotate.Thread, related []Related) error {
	for _, r := range related {
		d, err := src.Document(r.Doc)
		if err != nil {
			return err
		}
		own, err := src.LayerSpans(r.Doc, user)
		if err != nil {
			return err
		}
		s, e, ok := annotate.NewWords(annotate.NewText(d.Text)).Snap(r.Start, r.End)
		if !ok {
			continue
		}
		member := ownAt(own, label, s, e)
		if member == nil {
			member = &annotate.Span{ID: annotate.NewID(), Doc: r.Doc, Label: label, Annotator: user,
				Fragments: []annotate.Fragment{{Start: s, End: e}}, Created: ch.At}
			ch.Spans = append(ch.Spans, annotate.SpanEdit{After: member})
		}
		th.Members = append(th.Members, annotate.Member{Doc: r.Doc, Span: member.ID})
	}
	return nil
}

// ownAt returns the span of own that stands for the place [s, e) in the
// thread, or nil: the span of label sharing the most code points with it
// (the first in own on a tie), else a span of any label over exactly those
// code points. A span of label over "12 soldiers" stands for the figure
// "Some 12": a second figure span overlapping the user's own, made without
// a word, was one the user then had to find and delete.
func ownAt(own []*annotate.Span, label string, s, e int) *annotate.Span {
	var best *annotate.Span
	most := 0
	for _, sp := range own {
		if sp.Label != label {
			continue
		}
		n := 0
		for _, f := range sp.Fragments {
			n += max(0, min(e, f.End)-max(s, f.Start))
		}
		if n > most {
			best, most = sp, n
		}
	}
	if best != nil {
		return best
	}
	for _, sp := range own {
		if len(sp.Fragments) == 1 && sp.Fragments[0].Start == s && sp.Fragments[0].End == e {
			return sp
		}
	}
	return nil
}
