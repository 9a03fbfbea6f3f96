package formats

import (
	"io"
	"net/url"

	"github.com/google/uuid"
	"github.com/skein-news/skein/annotate"
)

// w3cWriter writes one W3C Web Annotation AnnotationCollection (a new
// urn:uuid IRI each export, and one for its page) whose first page holds
// every annotation: one per span (motivation tagging, the label
// as a tagging TextualBody, the note as commenting, normalizations as
// identifying; a TextQuoteSelector and a TextPositionSelector in code
// points per fragment) and one per thread (motivation linking, targets the
// member annotations).
type w3cWriter struct {
	out   *jsonOut
	items int
	lo    tally
}

const w3cContext = "http://www.w3.org/ns/anno.jsonld"

// contextChars is how much text the quote selector's prefix and suffix hold.
const contextChars = 32

func newW3CWriter(w io.Writer) (*w3cWriter, error) {
	ww := &w3cWriter{out: newJSONOut(w)}
	// The model requires an IRI for the collection and for each page (§5.1,
	// §5.2); an export is a new collection each time.
	_, err := ww.out.w.WriteString(`{"@context":"` + w3cContext + `","id":"urn:uuid:` + annotate.NewID() + `","type":"AnnotationCollection","label":"skein export","first":{"id":"urn:uuid:` + annotate.NewID() + `","type":"AnnotationPage","items":[`)
	return ww, err
}

type w3cBody struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Purpose string `json:"purpose"`
}

type w3cSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
	Start  *int   `json:"start,omitempty"`
	End    *int   `json:"end,omitempty"`
}

type w3cTarget struct {
	Source   string        `json:"source"`
	Selector []w3cSelector `json:"selector"`
}

type w3cAgent struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

type w3cAnnotation struct {
	ID         string    `json:"id"`
	Type       string    `json:"type"`
	Motivation string    `json:"motivation"`
	Creator    *w3cAgent `json:"creator,omitempty"`
	Created    string    `json:"created,omitempty"`
	Body       []w3cBody `json:"body,omitempty"`
	Target     any       `json:"target"`
}

// w3cID is the IRI of a span's or thread's annotation.
func w3cID(id string) string {
	if _, err := uuid.Parse(id); err == nil {
		return "urn:uuid:" + id
	}
	return "urn:skein:" + url.PathEscape(id)
}

// w3cDoc is the IRI annotations of a document target.
func w3cDoc(d *annotate.Document) string {
	if u := d.Meta["url"]; u != "" {
		if p, err := url.Parse(u); err == nil && p.IsAbs() {
			return u
		}
	}
	return "urn:skein:doc:" + d.ID
}

func creator(name string) *w3cAgent {
	if name == "" {
		return nil
	}
	return &w3cAgent{Type: "Person", Name: name}
}

func (ww *w3cWriter) item(a *w3cAnnotation) error {
	if ww.items > 0 {
		if err := ww.out.w.WriteByte(','); err != nil {
			return err
		}
	}
	ww.items++
	return ww.out.value(a)
}

// WriteDoc writes an annotation for each span and each thread.
func (ww *w3cWriter) WriteDoc(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread) error {
	t := annotate.NewText(d.Text)
	src := w3cDoc(d)
	sorted := append([]*annotate.Span(nil), spans...)
	annotate.SortSpans(sorted)
	known := map[string]bool{}
	for _, s := range sorted {
		a := &w3cAnnotation{ID: w3cID(s.ID), Type: "Annotation", Motivation: "tagging", Creator: creator(s.Annotator),
			Created: annotate.FormatMillis(s.Created), Body: []w3cBody{{Type: "TextualBody", Value: s.Label, Purpose: "tagging"}}}
		if s.Note != "" {
			a.Body = append(a.Body, w3cBody{Type: "TextualBody", Value: s.Note, Purpose: "commenting"})
		}
		for _, n := range s.Norms {
			a.Body = append(a.Body, w3cBody{Type: "TextualBody", Value: n.DB + ":" + n.ID, Purpose: "identifying"})
		}
		countLost(s, &ww.lo, holds{note: true, norms: true})
		var targets []w3cTarget
		for _, f := range s.Fragments {
			start, end := f.Start, f.End
			targets = append(targets, w3cTarget{Source: src, Selector: []w3cSelector{
				{Type: "TextQuoteSelector", Exact: t.Slice(start, end), Prefix: t.Slice(max(0, start-contextChars), start), Suffix: t.Slice(end, min(t.Len(), end+contextChars))},
				{Type: "TextPositionSelector", Start: &start, End: &end},
			}})
		}
		if len(targets) == 1 {
			a.Target = targets[0]
		} else {
			a.Target = targets
		}
		if err := ww.item(a); err != nil {
			return err
		}
		known[s.ID] = true
	}
	for _, th := range links {
		if err := ww.thread(th, func(id string) bool { return known[id] }); err != nil {
			return err
		}
	}
	return nil
}

// thread writes a linking annotation whose targets are the members'
// annotations; the title is a describing body and each link label a
// tagging body.
func (ww *w3cWriter) thread(th *annotate.Thread, known func(string) bool) error {
	var targets []string
	for _, m := range th.Members {
		if !known(m.Span) {
			ww.lo.add("%d threads naming spans not exported left out", 1, "")
			return nil
		}
		targets = append(targets, w3cID(m.Span))
	}
	a := &w3cAnnotation{ID: w3cID(th.ID), Type: "Annotation", Motivation: "linking", Creator: creator(th.Annotator),
		Created: annotate.FormatMillis(th.Created), Target: targets}
	if th.Title != "" {
		a.Body = append(a.Body, w3cBody{Type: "TextualBody", Value: th.Title, Purpose: "describing"})
	}
	labelled := false
	for _, m := range th.Members[1:] {
		if m.Link != "" {
			labelled = true
			a.Body = append(a.Body, w3cBody{Type: "TextualBody", Value: m.Link, Purpose: "tagging"})
		}
	}
	if labelled && len(th.Members) > 2 {
		ww.lo.add("%d threads' link labels written as tags without saying which link each names", 1, "")
	}
	if th.Note != "" {
		a.Body = append(a.Body, w3cBody{Type: "TextualBody", Value: th.Note, Purpose: "commenting"})
	}
	return ww.item(a)
}

// WriteThread writes a thread across documents as a linking annotation.
func (ww *w3cWriter) WriteThread(th *annotate.Thread, spans map[string]*annotate.Span) error {
	return ww.thread(th, func(id string) bool { _, ok := spans[id]; return ok })
}

// Close ends the page and the collection, with its total.
func (ww *w3cWriter) Close() ([]string, error) {
	if _, err := ww.out.w.WriteString(`]},"total":`); err != nil {
		return nil, err
	}
	if err := ww.out.value(ww.items); err != nil {
		return nil, err
	}
	if _, err := ww.out.w.WriteString("}\n"); err != nil {
		return nil, err
	}
	return ww.lo.lines("w3c"), ww.out.w.Flush()
}
