package figures

import (
	"errors"
	"fmt"

	"github.com/skein-news/skein/annotate"
)

// ThreadJSON is one thread as `skein threads -json` writes it.
type ThreadJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Annotator string `json:"annotator"`
	// Disagreement is true when two figure members of the same unit cannot
	// both be true (see Compare).
	Disagreement bool         `json:"disagreement"`
	Members      []MemberJSON `json:"members"`
}

// MemberJSON is one member of a ThreadJSON.
type MemberJSON struct {
	Doc   string `json:"doc"`
	Span  string `json:"span"`
	Text  string `json:"text"`
	Label string `json:"label"`
	Link  string `json:"link"` // label of the link from the previous member; "" for the first
	// Value is present only on a figure span whose text Read understands.
	Value *ValueJSON `json:"value,omitempty"`
}

// ValueJSON is a figure's number and qualifier (Exact, About, Over, Under).
// A range ("10 to 15", "60-70%") has its lower end in Number and its upper
// end in To; To is left out for a single number.
type ValueJSON struct {
	Number    float64 `json:"number"`
	Qualifier string  `json:"qualifier"`
	To        float64 `json:"to,omitempty"`
}

// ErrNoSpan is the error ThreadReport wraps when a lookup returns no span or
// no article and no error of its own.
var ErrNoSpan = errors.New("span or article not found")

// SpanLookup finds a span of the thread's layer and the article it is in.
type SpanLookup func(id string) (*annotate.Span, *annotate.Document, error)

// ThreadReport builds th's JSON form: each member's text and label, the
// value of its figure spans, and whether those figures disagree. It fails on
// the first member span cannot find.
func ThreadReport(th *annotate.Thread, span SpanLookup) (*ThreadJSON, error) {
	out, _, _, err := report(th, span)
	return out, err
}

func report(th *annotate.Thread, span SpanLookup) (*ThreadJSON, []Item, []string, error) {
	out := &ThreadJSON{ID: th.ID, Title: th.Title, Annotator: th.Annotator, Members: make([]MemberJSON, 0, len(th.Members))}
	texts := map[string]*annotate.Text{} // articles indexed once, however many members they hold
	var items []Item
	var unread []string
	for i, m := range th.Members {
		s, doc, err := span(m.Span)
		if err == nil && (s == nil || doc == nil) {
			err = ErrNoSpan
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("thread %s member %d (span %s in %s): %w", th.ID, i+1, m.Span, m.Doc, err)
		}
		t := texts[doc.ID]
		if t == nil {
			t = annotate.NewText(doc.Text)
			texts[doc.ID] = t
		}
		mj := MemberJSON{Doc: m.Doc, Span: m.Span, Text: t.Fragments(s.Fragments), Label: s.Label, Link: m.Link}
		if s.Label == annotate.Figure {
			if v, ok := Read(mj.Text); ok {
				mj.Value = &ValueJSON{Number: v.Number, Qualifier: v.Qualifier, To: v.To}
				items = append(items, Item{Doc: m.Doc, Span: m.Span, Title: annotate.ShownTitle(doc.Title, doc.Text), Source: doc.Source, Date: doc.Date, Value: v})
			} else {
				unread = append(unread, mj.Text)
			}
		}
		out.Members = append(out.Members, mj)
	}
	out.Disagreement = Compare(items).Disagree
	return out, items, unread, nil
}

// ThreadItems returns the figures th's figure members state, in member
// order, with the article each comes from, ready for Compare. Figure spans
// whose text Read cannot read are left out.
func ThreadItems(th *annotate.Thread, span SpanLookup) ([]Item, error) {
	_, items, _, err := report(th, span)
	return items, err
}

// ThreadFigures is ThreadItems with, in member order, the texts of the
// figure members Read finds no number in ("Kakar’s" labelled figure by
// mistake), which no comparison can weigh.
func ThreadFigures(th *annotate.Thread, span SpanLookup) (items []Item, unread []string, err error) {
	_, items, unread, err = report(th, span)
	return items, unread, err
}
