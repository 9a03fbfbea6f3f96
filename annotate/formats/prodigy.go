package formats

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
)

type prodigySpan struct {
	Start      *number `json:"start"`
	End        *number `json:"end"`
	Text       *string `json:"text"`
	TokenStart *number `json:"token_start"`
	TokenEnd   *number `json:"token_end"`
	Label      string  `json:"label"`
}

type prodigyRel struct {
	Head      *number      `json:"head"`
	Child     *number      `json:"child"`
	Label     string       `json:"label"`
	HeadSpan  *prodigySpan `json:"head_span"`
	ChildSpan *prodigySpan `json:"child_span"`
}

type prodigyToken struct {
	Start number `json:"start"`
	End   number `json:"end"`
}

type prodigyTask struct {
	Text      *string        `json:"text"`
	Tokens    []prodigyToken `json:"tokens"`
	Spans     []prodigySpan  `json:"spans"`
	Relations []prodigyRel   `json:"relations"`
	Meta      map[string]any `json:"meta"`
	Answer    string         `json:"answer"`
	InputHash *json.Number   `json:"_input_hash"`
	TaskHash  *json.Number   `json:"_task_hash"`
	Accept    []any          `json:"accept"`
	// Label is a ner.teach or binary task's label: the one its spans
	// carry where they name none.
	Label string `json:"label"`
	// AnnotatorID names who answered, where Prodigy's sessions are named
	// ("news-alice": the dataset, then the session): several people's
	// answers to one text are several records.
	AnnotatorID *string `json:"_annotator_id"`
}

// prodigyRead are the fields of a Prodigy task the reader takes; tokens
// are Prodigy's own tokenisation, which skein redoes from the text.
var prodigyRead = map[string]bool{"text": true, "tokens": true, "spans": true, "relations": true, "meta": true,
	"answer": true, "_input_hash": true, "_task_hash": true, "accept": true, "_annotator_id": true, "label": true}

// ReadProdigy reads Prodigy's JSONL (spaCy-style "spans" with code-point
// offsets, "relations" with head_span and child_span, "answer"). A
// record's answer becomes an annotate.Mark of Options.Annotator; the spans
// and relations of records answered reject or ignore are left out, since
// Prodigy uses them for wrong or skipped examples. meta's scalar fields go
// to Document.Meta, the hashes to Meta["prodigy_input_hash"] and
// ["prodigy_task_hash"]. A record's spans and answer go to the layer its
// _annotator_id names, where it has one (Prodigy's named sessions), else
// to Options.Annotator's.
func ReadProdigy(r io.Reader, file string, opt Options) (*Batch, []error) {
	if opt.Annotator == "" {
		return nil, needAnnotator(file)
	}
	b := newBuilder("Prodigy", "label", opt)
	var named []string // the _annotator_ids that named layers, in file order
	b.joined = &annotate.Joined{File: file}
	err := eachLine(r, file, b.joined, func(n int, line []byte) {
		rec := &record{file: file, line: n, fallback: lineSource(file, n)}
		if who := readProdigyLine(rec, line, opt.Annotator, b.now); who != "" && len(rec.errs) == 0 && !slices.Contains(named, who) {
			named = append(named, who)
		}
		b.add(rec)
	})
	if len(named) > 0 {
		b.batch.Notes = append(b.batch.Notes, fmt.Sprintf("Prodigy: records put in the layers their _annotator_id names: %s", strings.Join(named, ", ")))
	}
	var le *annotate.LineError
	if errors.As(err, &le) {
		b.errs = append(b.errs, err)
	} else if err != nil {
		b.errs = append(b.errs, &annotate.LineError{File: file, Err: fmt.Errorf("cannot read: %w", err)})
	}
	return b.finish()
}

// readProdigyLine reads one task into r and returns the _annotator_id
// whose layer it went to, "" for Options.Annotator's.
func readProdigyLine(r *record, line []byte, annotator string, now int64) (named string) {
	var task prodigyTask
	if err := decodeObject(line, &task); err != nil {
		r.fail("", 0, err)
		return
	}
	if task.Text == nil {
		r.fail("", 0, errorf(ErrSyntax, "no \"text\""))
		return
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(line, &fields) == nil {
		for _, k := range sortedKeys(fields) {
			if !prodigyRead[k] && !isNull(fields[k]) {
				// Said, not dropped in silence: the count per field.
				r.unread(k)
			}
		}
		r.unreadIn("spans", fields["spans"], "start", "end", "text", "token_start", "token_end", "label")
		r.unreadIn("relations", fields["relations"], "head", "child", "label", "head_span", "child_span")
	}
	if err := r.setText(*task.Text); err != nil {
		r.fail("", 0, err)
		return
	}
	if task.AnnotatorID != nil && *task.AnnotatorID != "" {
		who, err := lsName("_annotator_id", *task.AnnotatorID)
		if err != nil {
			r.fail("", 0, err)
			return
		}
		annotator, named = who, who
	}
	switch task.Answer {
	case "", "accept", "reject", "ignore":
	default:
		r.fail("", 0, errorf(ErrSyntax, "answer %q is not accept, reject or ignore", clip(task.Answer)))
		return
	}
	r.doc.Meta = map[string]string{}
	for _, k := range sortedKeys(task.Meta) {
		if s, ok := metaString(task.Meta[k]); ok {
			r.doc.Meta[k] = s
		} else if !isEmpty(task.Meta[k]) {
			r.unread("meta." + k) // a list or an object: Meta holds strings
		}
	}
	if src, ok := task.Meta["source"].(string); ok && src != "" {
		r.ownSource = src
	}
	if r.doc.Meta["doc"] == r.doc.ID {
		// skein's own export (docMeta) names the document in meta: its ID,
		// and the title and date skein derives from the text. Read back,
		// they are not the record's metadata, or each round trip would
		// add them to the document's.
		name := r.ownSource
		if name == "" {
			name = r.fallback
		}
		// A title or date of skein's own (an article imported from
		// JSONL with its title) is the article's again.
		title, date := annotate.DeriveMeta(name, r.doc.Text)
		delete(r.doc.Meta, "doc")
		if t := r.doc.Meta["title"]; t != title {
			r.ownTitle = t
		}
		if d := r.doc.Meta["date"]; d != date {
			r.ownDate = d
		}
		delete(r.doc.Meta, "title")
		delete(r.doc.Meta, "date")
	}
	if task.InputHash != nil {
		r.doc.Meta["prodigy_input_hash"] = task.InputHash.String()
	}
	if task.TaskHash != nil {
		r.doc.Meta["prodigy_task_hash"] = task.TaskHash.String()
	}
	if len(r.doc.Meta) == 0 {
		r.doc.Meta = nil
	}
	if task.Answer != "" {
		r.marks = append(r.marks, &annotate.Mark{Doc: r.doc.ID, Annotator: annotator, Done: true, Answer: task.Answer})
	}
	if len(task.Accept) > 0 {
		r.note("%d records' chosen options (accept) left out", "")
	}
	if task.Answer == "reject" || task.Answer == "ignore" {
		for range task.Spans {
			r.note("%d spans of records answered reject or ignore left out", "")
		}
		for range task.Relations {
			r.note("%d relations of records answered reject or ignore left out", "")
		}
		return
	}
	byEnd := map[int]*annotate.Span{} // token_end → span, for relations without head_span
	var spans []*annotate.Span
	read := func(what string, ps *prodigySpan) *annotate.Span {
		if ps.Start == nil || ps.End == nil {
			r.fail("", 0, errorf(ErrSyntax, "%s: no start or end", what))
			return nil
		}
		start, err1 := intOf(*ps.Start, "start")
		end, err2 := intOf(*ps.End, "end")
		if err := firstErr(err1, err2); err != nil {
			r.fail("", 0, fmt.Errorf("%s: %w", what, err))
			return nil
		}
		frags := []annotate.Fragment{{Start: start, End: end}}
		for _, s := range spans {
			if (s.Label == ps.Label || ps.Label == "") && s.Start() == start && s.End() == end {
				return s // a relation's head_span repeats a span
			}
		}
		label := ps.Label
		if label == "" {
			label = task.Label
		}
		if label == "" {
			r.fail("", 0, errorf(annotate.ErrBadSpan, "%s: no \"label\", and the task has none (a ner.teach or binary task gives it once, as the task's \"label\")", what))
			return nil
		}
		s, err := r.addSpan(what, label, frags, annotator, now)
		if err != nil {
			r.fail("", 0, err)
			return nil
		}
		if ps.Text != nil {
			if got := r.text.Slice(start, end); got != *ps.Text {
				r.fail("", 0, errorf(annotate.ErrMismatch, "%s: %s", what, annotate.Mismatch(*ps.Text, fmt.Sprintf("%d–%d", start, end), got)))
				return nil
			}
		}
		spans = append(spans, s)
		if ps.TokenEnd != nil {
			if te, err := intOf(*ps.TokenEnd, "token_end"); err == nil {
				byEnd[te] = s
			}
		}
		return s
	}
	for i := range task.Spans {
		read(fmt.Sprintf("span %d", i+1), &task.Spans[i])
	}
	// end resolves a relation's end: its span if given, else the span whose
	// last token is the index given.
	end := func(what string, ps *prodigySpan, tok *number) *annotate.Span {
		if ps != nil {
			return read(what, ps)
		}
		if tok == nil {
			r.fail("", 0, errorf(ErrSyntax, "%s: neither a span nor a token index", what))
			return nil
		}
		i, err := intOf(*tok, what)
		if err != nil {
			r.fail("", 0, err)
			return nil
		}
		if s, ok := byEnd[i]; ok {
			return s
		}
		if i >= 0 && i < len(task.Tokens) {
			if e, err := intOf(task.Tokens[i].End, "token end"); err == nil {
				for _, s := range spans {
					if s.End() == e {
						return s
					}
				}
			}
		}
		r.fail("", 0, errorf(ErrUnknownRef, "%s: token %d is the last token of no span", what, i))
		return nil
	}
	for i, rel := range task.Relations {
		what := fmt.Sprintf("relation %d", i+1)
		head := end(what+" head", rel.HeadSpan, rel.Head)
		child := end(what+" child", rel.ChildSpan, rel.Child)
		if head == nil || child == nil {
			continue
		}
		if _, err := r.addLink(what, head, child, rel.Label, now); err != nil {
			r.fail("", 0, err)
		}
	}
	return named
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// prodigyWriter writes one Prodigy task per document, with tokens from
// prodigyTokens.
type prodigyWriter struct {
	out *jsonOut
	lo  tally
}

type prodigyOutToken struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	ID    int    `json:"id"`
	WS    bool   `json:"ws"`
}

type prodigyOutSpan struct {
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Text       string `json:"text"`
	TokenStart int    `json:"token_start"`
	TokenEnd   int    `json:"token_end"`
	Label      string `json:"label"`
}

type prodigyOutRel struct {
	Head      int            `json:"head"`
	Child     int            `json:"child"`
	Label     string         `json:"label"`
	HeadSpan  prodigyOutSpan `json:"head_span"`
	ChildSpan prodigyOutSpan `json:"child_span"`
}

type prodigyOut struct {
	Text      string            `json:"text"`
	Meta      map[string]string `json:"meta"`
	InputHash *json.Number      `json:"_input_hash,omitempty"`
	TaskHash  *json.Number      `json:"_task_hash,omitempty"`
	Tokens    []prodigyOutToken `json:"tokens"`
	Spans     []prodigyOutSpan  `json:"spans"`
	Relations []prodigyOutRel   `json:"relations,omitempty"`
	Answer    string            `json:"answer,omitempty"`
	// AnnotatorID is the layer, when the task's spans and answer are
	// one layer's: read back, they go to it again.
	AnnotatorID string `json:"_annotator_id,omitempty"`
}

// WriteDoc writes the document without an answer.
func (pw *prodigyWriter) WriteDoc(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread) error {
	return pw.WriteDocMarks(d, spans, links, nil)
}

// WriteDocMarks writes the document with the answer its marks agree on.
func (pw *prodigyWriter) WriteDocMarks(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread, marks []*annotate.Mark) error {
	f := flatten(d, spans, &pw.lo, layers{}, holds{})
	runes := []rune(d.Text)
	cuts := make([]int, 0, 2*len(f.pieces))
	for _, p := range f.pieces {
		cuts = append(cuts, p.start, p.end)
	}
	toks := prodigyTokens(runes, annotate.NewWords(f.text).Tokens(), cuts)
	out := prodigyOut{Text: d.Text, Meta: docMeta(d), Tokens: make([]prodigyOutToken, len(toks)), Spans: []prodigyOutSpan{}}
	for _, k := range []string{"prodigy_input_hash", "prodigy_task_hash"} {
		if v, ok := d.Meta[k]; ok {
			if _, err := strconv.ParseInt(v, 10, 64); err == nil {
				n := json.Number(v)
				if k == "prodigy_input_hash" {
					out.InputHash = &n
				} else {
					out.TaskHash = &n
				}
			}
		}
	}
	for i, t := range toks {
		out.Tokens[i] = prodigyOutToken{Text: string(runes[t.start:t.end]), Start: t.start, End: t.end, ID: i, WS: t.ws}
	}
	written := map[string]prodigyOutSpan{} // span ID → its first piece as written
	for _, p := range f.pieces {
		first, last, ok := fitTokens(toks, p, &pw.lo)
		if !ok {
			continue
		}
		ps := prodigyOutSpan{Start: toks[first].start, End: toks[last].end, TokenStart: first, TokenEnd: last, Label: p.span.Label}
		ps.Text = string(runes[ps.Start:ps.End])
		out.Spans = append(out.Spans, ps)
		if p.first {
			written[p.span.ID] = ps
		}
	}
	resolve := func(id string) string {
		if a, ok := f.alias[id]; ok {
			return a
		}
		return id
	}
	known := func(id string) bool { _, ok := written[resolve(id)]; return ok }
	for _, lp := range pairs(links, known, &pw.lo, false) {
		h, c := written[resolve(lp.head)], written[resolve(lp.tail)]
		out.Relations = append(out.Relations, prodigyOutRel{Head: h.TokenEnd, Child: c.TokenEnd, Label: lp.label, HeadSpan: h, ChildSpan: c})
	}
	out.Answer = agreedAnswer(marks, &pw.lo)
	who, several := onlyLayer(spans, marks)
	out.AnnotatorID = who
	if several {
		pw.lo.add("%d documents of several annotators written as one task, their layers merged (a task names one _annotator_id)", 1, "")
	}
	return pw.out.line(out)
}

// prodigyTokens tokenizes a text for Prodigy the way spaCy hands a Doc over:
// the tokens of textTokens, cut at every offset in cuts, and the white
// space between two tokens other than one space after the first as a token
// too. So the tokens' text, with a space after each whose ws is set, spells
// the text exactly. Cutting words at the spans' edges lets spans whose edge
// lies inside a word ("Uber" in "Uber’s") still cover whole tokens.
func prodigyTokens(runes []rune, words []annotate.Token, cuts []int) []textTok {
	solid := textTokens(runes, words, cuts)
	out := make([]textTok, 0, len(solid)+len(solid)/8)
	pos := 0
	space := func(to int) {
		if pos < to && len(out) > 0 && runes[pos] == ' ' {
			out[len(out)-1].ws = true
			pos++
		}
		if pos < to {
			out = append(out, textTok{start: pos, end: to, space: true})
		}
	}
	for _, t := range solid {
		space(t.start)
		out = append(out, t)
		pos = t.end
	}
	space(len(runes))
	return out
}

// fitTokens finds the tokens a piece covers. prodigyTokens cut every word
// at the pieces' edges, so only an edge on white space moves: the piece
// is trimmed to the tokens inside it, and one of white space alone is left
// out.
func fitTokens(toks []textTok, p piece, lo *tally) (first, last int, ok bool) {
	first = sort.Search(len(toks), func(i int) bool { return toks[i].end > p.start })
	for first < len(toks) && toks[first].space {
		first++
	}
	last = sort.Search(len(toks), func(i int) bool { return toks[i].start >= p.end }) - 1
	for last >= 0 && toks[last].space {
		last--
	}
	if first >= len(toks) || last < 0 || first > last {
		lo.add("%d spans of white space only left out", 1, "")
		return 0, 0, false
	}
	if toks[first].start != p.start || toks[last].end != p.end {
		lo.add("%d spans trimmed of the white space at their edges", 1, "")
	}
	return first, last, true
}

// onlyLayer is the one annotator whose spans and marks these are, or ""
// when there are none or, several, they are several people's.
func onlyLayer(spans []*annotate.Span, marks []*annotate.Mark) (who string, several bool) {
	one := func(a string) bool {
		if who != "" && a != who {
			who, several = "", true
			return false
		}
		who = a
		return true
	}
	for _, s := range spans {
		if !one(s.Annotator) {
			return
		}
	}
	for _, m := range marks {
		if !one(m.Annotator) {
			return
		}
	}
	return
}

// agreedAnswer is the answer every mark that has one gives.
func agreedAnswer(marks []*annotate.Mark, lo *tally) string {
	answer := ""
	for _, m := range marks {
		if m.Answer == "" {
			continue
		}
		if answer != "" && answer != m.Answer {
			lo.add("%d documents whose annotators answered differently written without an answer", 1, "")
			return ""
		}
		answer = m.Answer
	}
	return answer
}

// WriteThread leaves out a thread across documents: Prodigy tasks are
// independent.
func (pw *prodigyWriter) WriteThread(th *annotate.Thread, spans map[string]*annotate.Span) error {
	pw.lo.add("%d threads across documents left out (Prodigy relations stay inside a task)", 1, "")
	return nil
}

// Close flushes the output.
func (pw *prodigyWriter) Close() ([]string, error) {
	return pw.lo.lines("prodigy"), pw.out.w.Flush()
}
