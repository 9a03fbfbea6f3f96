package suggest

import (
	"fmt"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
)

// MakeThread is the one change that makes a thread of first and the places
// related reports: each place becomes a span of first's label in user's
// layer, widened to whole words — unless a span of that label in user's
// layer holds it already, which joins the thread as it is. first must be a
// span of user's layer.
func MakeThread(src search.Layers, user string, first *annotate.Span, title string, related []Related) (*annotate.Change, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		title = annotate.UntitledThread
	}
	ch := annotate.NewThread(user, title, first)
	th := ch.Threads[0].After
	for _, r := range related {
		d, err := src.Document(r.Doc)
		if err != nil {
			return nil, err
		}
		own, err := src.LayerSpans(r.Doc, user)
		if err != nil {
			return nil, err
		}
		s, e, ok := annotate.NewWords(annotate.NewText(d.Text)).Snap(r.Start, r.End)
		if !ok {
			continue
		}
		var member *annotate.Span
		for _, sp := range own {
			if sp.Label == first.Label && sp.Start() <= s && e <= sp.End() {
				member = sp
				break
			}
		}
		if member == nil {
			member = &annotate.Span{ID: annotate.NewID(), Doc: r.Doc, Label: first.Label, Annotator: user,
				Fragments: []annotate.Fragment{{Start: s, End: e}}, Created: ch.At}
			ch.Spans = append(ch.Spans, annotate.SpanEdit{After: member})
		}
		th.Members = append(th.Members, annotate.Member{Doc: r.Doc, Span: member.ID})
	}
	ch.Desc = fmt.Sprintf("new thread %q of %d articles", title, len(th.Docs()))
	return ch, nil
}
