package search

import (
	"fmt"

	"github.com/skein-news/skein/annotate"
)

// Layers is what LabelAll reads: the articles' texts, to snap matches to
// whole words, and the user's spans, to skip what is labelled already.
type Layers interface {
	Document(id string) (*annotate.Document, error)
	LayerSpans(doc, annotator string) ([]*annotate.Span, error)
}

// LabelResult counts what LabelAll did with the matches it was given.
type LabelResult struct {
	Added int
	// Skipped matches lie inside a span of the same label in the user's
	// layer already (or inside one this change adds).
	Skipped int
	// NoWord matches hold no word to snap to (a regex that matched only
	// spaces or punctuation).
	NoWord int
}

// LabelAll returns the one change that labels every match in hits with
// label in user's layer, each widened to whole words as a drag is. The
// change is nil when there is nothing to add.
func LabelAll(src Layers, user, label string, hits []Hits) (*annotate.Change, LabelResult, error) {
	var res LabelResult
	c := &annotate.Change{ID: annotate.NewID(), User: user, At: annotate.NowMillis()}
	for _, h := range hits {
		d, err := src.Document(h.Doc)
		if err != nil {
			return nil, res, err
		}
		own, err := src.LayerSpans(h.Doc, user)
		if err != nil {
			return nil, res, err
		}
		words := annotate.NewWords(annotate.NewText(d.Text)) // "kakar" found in "Kakar’s" snaps to Kakar
		var added []annotate.Fragment
		for _, m := range h.Matches {
			s, e, ok := words.Snap(m.Start, m.End)
			if !ok {
				res.NoWord++
				continue
			}
			if covered(own, label, s, e) || coveredBy(added, s, e) {
				res.Skipped++
				continue
			}
			added = append(added, annotate.Fragment{Start: s, End: e})
			c.Spans = append(c.Spans, annotate.SpanEdit{After: &annotate.Span{
				ID: annotate.NewID(), Doc: h.Doc, Label: label, Annotator: user,
				Fragments: []annotate.Fragment{{Start: s, End: e}}, Created: c.At,
			}})
			if c.Doc == "" {
				c.Doc = h.Doc
			}
		}
	}
	res.Added = len(c.Spans)
	if res.Added == 0 {
		return nil, res, nil
	}
	c.Desc = fmt.Sprintf("label %d matches %s", res.Added, label)
	if res.Added == 1 {
		c.Desc = "label 1 match " + label
	}
	return c, res, nil
}

// covered reports whether a span labelled label has one fragment holding
// all of [s, e).
func covered(spans []*annotate.Span, label string, s, e int) bool {
	for _, sp := range spans {
		if sp.Label == label && coveredBy(sp.Fragments, s, e) {
			return true
		}
	}
	return false
}

func coveredBy(frags []annotate.Fragment, s, e int) bool {
	for _, f := range frags {
		if f.Start <= s && e <= f.End {
			return true
		}
	}
	return false
}
