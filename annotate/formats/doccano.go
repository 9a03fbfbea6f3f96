package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// ReadDoccano reads doccano's JSONL in both of its shapes, detected line by
// line: sequence labelling ({"text", "label": [[start, end, label], …]}, also
// with doccano's import column names "data"/"column_data" and
// "labels"/"column_label") and relation extraction ({"text", "entities":
// [{id, label, start_offset, end_offset}], "relations": [{from_id, to_id,
// type}]}). Offsets are code points (doccano is Python). A line's "id" goes
// to Document.Meta["doccano_id"], "meta" and other scalar fields to
// Document.Meta. Document-level labels (text classification) and comments
// are left out and reported.
func ReadDoccano(r io.Reader, file string, opt Options) (*Batch, []error) {
	if opt.Annotator == "" {
		return nil, needAnnotator(file)
	}
	b := newBuilder("doccano", "label", opt)
	br := bufio.NewReaderSize(r, 64<<10)
	if first, _ := firstByte(br); first == '[' {
		// doccano's JSON export: one array of the same objects.
		err := eachElement(br, file, MaxJSONBytes, func(n, i int, elem []byte) {
			rec := &record{file: file, line: n, fallback: fmt.Sprintf("%s#%d", file, i+1)}
			readDoccanoLine(rec, elem, opt.Annotator, b.now)
			b.add(rec)
		})
		if err != nil {
			b.errs = append(b.errs, err)
		}
		return b.finish()
	}
	b.joined = &annotate.Joined{File: file}
	err := eachLine(br, file, b.joined, func(n int, line []byte) {
		rec := &record{file: file, line: n, fallback: lineSource(file, n)}
		readDoccanoLine(rec, line, opt.Annotator, b.now)
		b.add(rec)
	})
	var le *annotate.LineError
	if errors.As(err, &le) {
		b.errs = append(b.errs, err)
	} else if err != nil {
		b.errs = append(b.errs, &annotate.LineError{File: file, Err: fmt.Errorf("cannot read: %w", err)})
	}
	return b.finish()
}

// doccanoID is an "id", "from_id" or "to_id" as a JSON number or a
// string: doccano writes numbers, but a script's file, or a database
// exported through pandas, writes "e1" or "1", which name an entity as
// well. Its text is the ID; 1 and "1" are the same one.
type doccanoID string

// UnmarshalJSON takes a number or a string and refuses anything else.
func (d *doccanoID) UnmarshalJSON(b []byte) error {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	switch x := v.(type) {
	case json.Number:
		*d = doccanoID(x.String())
	case string:
		if x == "" {
			return errorf(ErrSyntax, "an ID is a number or a string, not an empty string")
		}
		*d = doccanoID(x)
	default:
		return errorf(ErrSyntax, "an ID is a number or a string, not %s", valueKindOf(v))
	}
	return nil
}

func (d doccanoID) String() string { return string(d) }

type doccanoEntity struct {
	ID    *doccanoID `json:"id"`
	Label string     `json:"label"`
	Start *number    `json:"start_offset"`
	End   *number    `json:"end_offset"`
}

// doccanoSpan reads one span as doccano writes it: [start, end, label] or
// {id, label, start_offset, end_offset}.
func doccanoSpan(raw json.RawMessage) (doccanoEntity, error) {
	var e doccanoEntity
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		var triple []any
		if err := dec.Decode(&triple); err != nil || len(triple) != 3 {
			return e, errorf(ErrSyntax, "want [start, end, label]")
		}
		sn, ok1 := triple[0].(json.Number)
		en, ok2 := triple[1].(json.Number)
		label, ok3 := triple[2].(string)
		for i, ok := range []bool{ok1, ok2, ok3} {
			if !ok {
				// Which of the three, and what it is instead.
				want := [...]string{"start: a number", "end: a number", "label: a string"}[i]
				return e, errorf(ErrSyntax, "want [start, end, label]; its %s, not %s", want, valueKindOf(triple[i]))
			}
		}
		s, end := number(sn), number(en)
		return doccanoEntity{Label: label, Start: &s, End: &end}, nil
	}
	if c := annotate.FieldCase(raw, &e); c.At >= 0 {
		return e, c.Error("in the entity")
	}
	if err := dec.Decode(&e); err != nil {
		var p *problem
		if errors.As(err, &p) {
			return e, fmt.Errorf("id: %w", err) // an id neither number nor string
		}
		return e, errorf(ErrSyntax, "want [start, end, label] or {\"label\", \"start_offset\", \"end_offset\"}")
	}
	if e.Start == nil || e.End == nil {
		var region struct {
			Start, End *json.Number
			Labels     []string
		}
		if json.Unmarshal(raw, &region) == nil && region.Start != nil && region.End != nil && len(region.Labels) > 0 {
			// {"start","end","text","labels"}: a region as Label Studio's
			// JSON-MIN export writes it, under its from_name ("label"),
			// which reads as doccano's field.
			return e, errorf(ErrSyntax, "no start_offset or end_offset: {start, end, labels} is Label Studio's JSON-MIN export, which skein does not read; export JSON from Label Studio instead")
		}
		return e, errorf(ErrSyntax, "no start_offset or end_offset")
	}
	return e, nil
}

type doccanoRelation struct {
	From *doccanoID `json:"from_id"`
	To   *doccanoID `json:"to_id"`
	Type string     `json:"type"`
}

// doccanoOwn are the fields a line's Meta does not take: what the reader
// reads itself, and what skein's export adds.
var doccanoOwn = map[string]bool{"text": true, "data": true, "column_data": true, "label": true, "labels": true, "column_label": true,
	"entities": true, "relations": true, "Comments": true, "comments": true, "id": true, "meta": true,
	"doc": true, "title": true, "date": true, "source": true}

func readDoccanoLine(r *record, line []byte, annotator string, now int64) {
	var fields map[string]json.RawMessage
	if err := decodeObject(line, &fields); err != nil {
		r.fail("", 0, err)
		return
	}
	field := func(name string, v any) bool {
		raw, ok := fields[name]
		if !ok || bytes.Equal(raw, []byte("null")) {
			return false
		}
		if c := annotate.FieldCase(raw, v); c.At >= 0 {
			r.fail("", 0, c.Error(fmt.Sprintf("in %q", name)))
			return false
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(v); err != nil {
			r.fail("", 0, errorf(ErrSyntax, "%q: %s", name, annotate.JSONErrorText(err, "")))
			return false
		}
		return true
	}
	var text string
	found := false
	for _, k := range []string{"text", "data", "column_data"} {
		if _, ok := fields[k]; ok {
			found = field(k, &text)
			break
		}
	}
	if !found {
		if len(r.errs) == 0 {
			r.fail("", 0, errorf(ErrSyntax, "no \"text\""))
		}
		return
	}
	if err := r.setText(text); err != nil {
		r.fail("", 0, err)
		return
	}
	meta := map[string]string{}
	var id doccanoID
	if field("id", &id) {
		meta["doccano_id"] = id.String()
	}
	var m map[string]any
	if field("meta", &m) {
		for _, k := range sortedKeys(m) {
			if s, ok := metaString(m[k]); ok {
				meta[k] = s
			} else if !isEmpty(m[k]) {
				r.unread("meta." + k) // a list or an object: Meta holds strings
			}
		}
	}
	for _, k := range sortedKeys(fields) {
		if doccanoOwn[k] {
			continue
		}
		var v any
		if field(k, &v) {
			if s, ok := metaString(v); ok {
				meta[k] = s
			} else if !isEmpty(v) {
				r.unread(k)
			}
		}
	}
	for _, k := range []string{"label", "labels", "column_label", "entities"} {
		r.unreadIn(k, fields[k], "id", "label", "start_offset", "end_offset")
	}
	r.unreadIn("relations", fields["relations"], "id", "from_id", "to_id", "type")
	for _, f := range []struct {
		name string
		to   *string
	}{{"title", &r.ownTitle}, {"date", &r.ownDate}} {
		var v any
		if field(f.name, &v) {
			*f.to, _ = metaString(v)
		}
	}
	var src any
	if field("source", &src) && src != "" && src != nil {
		r.ownSource, _ = metaString(src)
	} else if meta["source"] != "" {
		r.ownSource = meta["source"]
	}
	if len(meta) > 0 {
		r.doc.Meta = meta
	}
	for _, k := range []string{"Comments", "comments"} {
		var c []any
		if field(k, &c) && len(c) > 0 {
			r.note("%d documents' comments left out", "")
		}
	}

	// Spans come as [start, end, label] triples or as objects
	// {id, label, start_offset, end_offset}, under "label" (sequence
	// labelling), "entities" (relation extraction) or the import column
	// names; a plain string is a document label (text classification).
	byID := map[string]*annotate.Span{}
	var cats []string
	for _, k := range []string{"label", "labels", "column_label", "entities"} {
		var elems []json.RawMessage
		if !field(k, &elems) {
			continue
		}
		for i, raw := range elems {
			what := fmt.Sprintf("%s %d", k, i+1)
			var cat string
			if json.Unmarshal(raw, &cat) == nil {
				cats = append(cats, cat)
				continue
			}
			e, err := doccanoSpan(raw)
			if err != nil {
				r.fail("", 0, fmt.Errorf("%s: %w", what, err))
				continue
			}
			if e.ID != nil {
				what = k + " " + clip(e.ID.String())
				if k == "entities" {
					what = "entity " + clip(e.ID.String())
				}
			}
			start, err1 := intOf(*e.Start, "start_offset")
			end, err2 := intOf(*e.End, "end_offset")
			if err := firstErr(err1, err2); err != nil {
				r.fail("", 0, fmt.Errorf("%s: %w", what, err))
				continue
			}
			sp, err := r.addSpan(what, e.Label, []annotate.Fragment{{Start: start, End: end}}, annotator, now)
			if err != nil {
				r.fail("", 0, err)
				continue
			}
			if e.ID != nil {
				if _, dup := byID[e.ID.String()]; dup {
					r.fail("", 0, errorf(ErrSyntax, "%s: the id is used twice", what))
					continue
				}
				byID[e.ID.String()] = sp
			}
		}
	}
	if len(cats) > 0 {
		// skein has no document labels; they are kept in the document's
		// metadata, where the exports carry them.
		if r.doc.Meta == nil {
			r.doc.Meta = map[string]string{}
		}
		r.doc.Meta["doccano_labels"] = strings.Join(cats, ", ")
		// Said where the article is new to the store: one it holds
		// keeps its metadata.
		r.noteOf("%d document labels (text classification) kept in the document's metadata as doccano_labels", "", r.doc.ID)
	}
	var rawRels []json.RawMessage
	field("relations", &rawRels)
	for i, raw := range rawRels {
		what := fmt.Sprintf("relation %d", i+1)
		var rel doccanoRelation
		if err := decodeObject(raw, &rel); err != nil {
			r.fail("", 0, fmt.Errorf("%s: %w", what, err))
			continue
		}
		var ends [2]*annotate.Span
		for j, ref := range []*doccanoID{rel.From, rel.To} {
			name := [2]string{"from_id", "to_id"}[j]
			if ref == nil {
				r.fail("", 0, errorf(ErrSyntax, "%s: no %s", what, name))
				continue
			}
			if ends[j] = byID[ref.String()]; ends[j] == nil {
				r.fail("", 0, errorf(ErrUnknownRef, "%s: %s %s names no entity", what, name, clip(ref.String())))
			}
		}
		if ends[0] == nil || ends[1] == nil {
			continue
		}
		if _, err := r.addLink(what, ends[0], ends[1], rel.Type, now); err != nil {
			r.fail("", 0, err)
		}
	}
}

// doccanoWriter writes doccano's entities-and-relations JSONL.
type doccanoWriter struct {
	out    *jsonOut
	lo     tally
	layers layers
}

type doccanoOutEntity struct {
	ID    int    `json:"id"`
	Label string `json:"label"`
	Start int    `json:"start_offset"`
	End   int    `json:"end_offset"`
}

type doccanoOutRelation struct {
	ID   int    `json:"id"`
	From int    `json:"from_id"`
	To   int    `json:"to_id"`
	Type string `json:"type"`
}

type doccanoOut struct {
	Text      string               `json:"text"`
	Entities  []doccanoOutEntity   `json:"entities"`
	Relations []doccanoOutRelation `json:"relations"`
	Doc       string               `json:"doc"`
	Title     string               `json:"title,omitempty"`
	Source    string               `json:"source,omitempty"`
	Date      string               `json:"date,omitempty"`
	Meta      map[string]string    `json:"meta,omitempty"`
}

// WriteDoc writes one line: the text, its entities and relations.
func (dw *doccanoWriter) WriteDoc(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread) error {
	f := flatten(d, spans, &dw.lo, dw.layers, holds{})
	out := doccanoOut{Text: d.Text, Entities: []doccanoOutEntity{}, Relations: []doccanoOutRelation{}, Doc: d.ID, Title: d.Title, Source: d.Source, Date: d.Date}
	if len(d.Meta) > 0 {
		out.Meta = map[string]string{}
		for k, v := range d.Meta {
			out.Meta[k] = v
		}
	}
	first := map[string]int{}
	for i, p := range f.pieces {
		out.Entities = append(out.Entities, doccanoOutEntity{ID: i, Label: p.span.Label, Start: p.start, End: p.end})
		if p.first {
			first[p.span.ID] = i
		}
	}
	resolve := func(id string) string {
		if a, ok := f.alias[id]; ok {
			return a
		}
		return id
	}
	known := func(id string) bool { _, ok := first[resolve(id)]; return ok }
	for i, lp := range pairs(links, known, &dw.lo, false) {
		out.Relations = append(out.Relations, doccanoOutRelation{ID: i, From: first[resolve(lp.head)], To: first[resolve(lp.tail)], Type: lp.label})
	}
	return dw.out.line(out)
}

// WriteThread leaves out a thread across documents.
func (dw *doccanoWriter) WriteThread(th *annotate.Thread, spans map[string]*annotate.Span) error {
	dw.lo.add("%d threads across documents left out (doccano relations stay inside a document)", 1, "")
	return nil
}

// Close flushes the output.
func (dw *doccanoWriter) Close() ([]string, error) {
	dw.layers.report(&dw.lo)
	return dw.lo.lines("doccano"), dw.out.w.Flush()
}
