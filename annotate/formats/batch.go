package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// Batch is what an importer produces; the caller validates it against the
// store and writes it.
type Batch struct {
	Docs []*annotate.Document
	// Spans have IDs from annotate.NewID: the IDs of the formats read here
	// (brat T1, doccano 0, Label Studio regions) mean nothing outside their file.
	Spans []*annotate.Span
	// SpanAt is where each of Spans was read, by its index: a brat
	// .ann's T line, a doccano, Prodigy or Label Studio record's line.
	// A note of a span names it so (a.ann:3), not as the folder read.
	// Readers that do not say leave it shorter than Spans.
	SpanAt  []Place
	Threads []*annotate.Thread
	Marks   []*annotate.Mark
	// Worked lists the layers, as {document, annotator}, that the file
	// shows someone worked on, with spans or without: a brat .ann, even an
	// empty one. Agreement counts an article only where both annotators
	// worked, so an empty file must not read as "never opened".
	Worked [][2]string
	// Files is how many files the reader read (a brat folder's .txt and
	// .ann files); 0 where it read only the one it was given.
	Files int
	// Notes are things the user should know: new user labels, what was
	// left out and why.
	Notes []string
	// counts holds what each line of Notes that only counts (no examples)
	// counts, so that an import of several files sums them (ImportNotes).
	counts map[string]countNote
	// labelNotes holds what each line of Notes that tells of a new user
	// label tells, so that an import of several formats says it once
	// (ImportNotes).
	labelNotes map[string]labelNote
	// stored holds what each line of Notes that tells of what the import
	// stores ("23 events became links") counts, and the spans and threads
	// each thing counted became: an import says it of what it writes
	// alone (ImportNotes.KeepWritten), not again of a file imported
	// before.
	stored map[string]storedNote
	// linkNote is the line of Notes naming the link labels the files
	// bring, and the threads that carry each (ImportNotes.KeepWritten).
	linkNote map[string]linkNote
}

// Place is a file, as the reader names it in problems, and a line of it.
type Place struct {
	File string
	Line int
}

// Options say how to read a file.
type Options struct {
	// Annotator is the layer imported spans go to. Label Studio names its
	// own layers (one per completed_by) and uses this only where an
	// annotation names nobody.
	Annotator string
	// SkipInvalid leaves bad records (a brat document, a JSONL line, a
	// Label Studio task) out of the Batch instead of refusing it.
	SkipInvalid bool
	// Decode, when set, turns the bytes of a brat .txt or .ann file into
	// UTF-8 (skein import -encoding); the other formats are JSON, which is
	// UTF-8 by definition.
	Decode func([]byte) ([]byte, error)
	// Now is the clock that dates the spans and relations a reader makes
	// (Unix milliseconds); nil is the wall clock. Tests set it so that
	// "older" and "newer" do not depend on how fast the machine is.
	Now func() int64
	// Offsets is how Label Studio's regions without value.text count,
	// "utf16" or "codepoints", where a character beyond U+FFFF before them
	// makes the two differ and no region of the file with text tells
	// (skein import -offsets); "" leaves it to those regions.
	Offsets string
	// Label, when set, reads a span's label (composed) as another,
	// setting s.Label (skein import -map); a link's label is its own. It
	// is called from several goroutines at once.
	Label func(s *annotate.Span)
	// Below, when set, is the folder the user gave, where a brat project
	// was found in it: its files are named in problems and notes by their
	// paths relative to it, as the import names every file found in a
	// folder (a note named an .ann relative to the project's own folder,
	// a.ann where the problems said al/a.ann).
	Below string
}

// Errors that readers wrap, so callers can tell kinds of problem apart. The
// annotate package's sentinels (ErrOffsets, ErrMismatch, ErrBadSpan,
// ErrBadThread, ErrEmpty, ErrNotUTF8 …) are wrapped where they apply.
var (
	// ErrSyntax is a line or record that is not in the format.
	ErrSyntax = errors.New("malformed")
	// ErrUnknownRef is a reference to an annotation or region that does not exist.
	ErrUnknownRef = errors.New("unknown reference")
	// ErrNoAnnotator is an import that names no layer for its spans.
	ErrNoAnnotator = errors.New("no annotator")
)

// problem is an error whose message is written for a person and which
// still answers errors.Is for the sentinel it stands for.
type problem struct {
	msg string
	err error
}

func (p *problem) Error() string { return p.msg }
func (p *problem) Unwrap() error { return p.err }

func errorf(sentinel error, format string, args ...any) error {
	return &problem{msg: fmt.Sprintf(format, args...), err: sentinel}
}

// record gathers what one input record yields — a brat document, a JSONL
// line, a Label Studio task. It joins the batch only when it has no problem.
type record struct {
	file string
	line int
	// ownSource is the record's own name for its document, fallback the
	// name used when another record in the file shares it.
	ownSource, fallback string
	// layerOf marks another layer of a document read already (one
	// annotator's file of an INCEpTION project's document): one text,
	// read once per layer, not a record repeating another's.
	layerOf bool
	// ownTitle and ownDate are the record's own title and date (a title
	// and date skein's export of the format wrote), "" for none: they take
	// the place of those made from the source and the text.
	ownTitle, ownDate string
	doc               *annotate.Document
	text              *annotate.Text
	spans             []*annotate.Span
	// spanFile is the file spans are read from where it is not file (a
	// brat .txt's .ann), and spanLines the line each of spans is read at
	// where that is not line (the .ann's T lines): see spanAt.
	spanFile  string
	spanLines []int
	threads   []*annotate.Thread
	marks     []*annotate.Mark
	worked    []string // annotators whose file for the document exists
	// asWritten are labels imported as they are written, neither composed
	// nor refused as another import would (ValidNewLabel): those skein's
	// brat export named in its visual.conf, which the store held so.
	asWritten map[string]bool
	notes     []note
	// said are notes said as they are: a file joined on
	// (annotate.Joined).
	said []string
	// noteAt indexes notes (not unread ones) by key: a note said once per
	// token or cell of a large file is counted, not kept again.
	noteAt map[string]int
	errs   []error
}

type note struct {
	key     string // a format with one %d for the count
	example string
	// unread marks a field skein does not read: the report says where
	// the first one was (see record.unread).
	unread bool
	// n counts the times the note was said; examples are the first
	// distinct examples (as many as the report shows), example among them.
	n        int
	examples []string
	// items, for a note of what the import stores (record.noteOf), are
	// the things it counts, each with what it became.
	items []noteItem
}

// noteItem is one thing a note of what an import stores counts (an event,
// a span read twice), with the IDs of the spans and threads it became: the
// note counts it where the import writes one of them.
type noteItem struct {
	ids     []string
	example string
}

// maxExamples is how many examples of a note the report shows (tally.add).
const maxExamples = 3

// fail records a problem at line of file ("" and 0: the record's own).
func (r *record) fail(file string, line int, err error) {
	if file == "" {
		file = r.file
	}
	if line == 0 {
		line = r.line
	}
	r.errs = append(r.errs, &annotate.LineError{File: file, Line: line, Err: err})
}

func (r *record) note(key, example string) {
	i, ok := r.noteAt[key]
	if !ok {
		if r.noteAt == nil {
			r.noteAt = map[string]int{}
		}
		i = len(r.notes)
		r.noteAt[key] = i
		r.notes = append(r.notes, note{key: key})
	}
	n := &r.notes[i]
	n.n++
	if example != "" && len(n.examples) < maxExamples && !slices.Contains(n.examples, example) {
		n.examples = append(n.examples, example)
	}
}

// noteOf is note for a note of what the import stores: each thing it
// counts became the spans or threads ids, and is counted only where the
// import writes one of them.
func (r *record) noteOf(key, example string, ids ...string) {
	r.note(key, example)
	n := &r.notes[r.noteAt[key]]
	n.items = append(n.items, noteItem{ids: ids, example: example})
}

// unread says the record holds a value of field, which skein does not read
// ("meta.tags", "entities[].source"): the report has one line per field
// name, with how many values were left out and where the first one was.
func (r *record) unread(field string) {
	r.notes = append(r.notes, note{key: unreadKey(field), example: where(r), unread: true})
}

// unreadIn notes the fields of the objects in raw — an array of objects,
// named path+"[]", or one object — that are not known.
func (r *record) unreadIn(path string, raw json.RawMessage, known ...string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return
	}
	var objs []map[string]json.RawMessage
	if raw[0] == '[' {
		var elems []json.RawMessage
		if json.Unmarshal(raw, &elems) != nil {
			return
		}
		path += "[]"
		for _, e := range elems {
			var o map[string]json.RawMessage
			if json.Unmarshal(e, &o) == nil {
				objs = append(objs, o)
			}
		}
	} else {
		var o map[string]json.RawMessage
		if json.Unmarshal(raw, &o) != nil {
			return
		}
		objs = append(objs, o)
	}
	for _, o := range objs {
		for _, k := range sortedKeys(o) {
			if !slices.Contains(known, k) && !isNull(o[k]) {
				r.unread(path + "." + k)
			}
		}
	}
}

// isEmpty reports whether a decoded JSON value says nothing: null, {} or [].
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

// isNull reports whether a JSON value says nothing: null, {} or [].
func isNull(raw json.RawMessage) bool {
	switch string(bytes.Join(bytes.Fields(raw), nil)) {
	case "null", "{}", "[]":
		return true
	}
	return false
}

// unreadKey is the tally key of a field left out.
func unreadKey(field string) string {
	return "%d values of field " + strings.ReplaceAll(clip(field), "%", "%%") + " left out"
}

// setText validates the record's text and makes its document.
func (r *record) setText(text string) error {
	if err := annotate.CheckText([]byte(text)); err != nil {
		return fmt.Errorf("text: %w", err)
	}
	r.doc = &annotate.Document{ID: annotate.DocID(text), Text: text}
	r.text = annotate.NewText(text)
	return nil
}

// addSpan checks a span's label and fragments against the record's text and
// adds it. what names the span in messages ("T3", "span 2"). The label is
// composed (NormalName): "cafe\u0301" beside "café" was a second label.
func (r *record) addSpan(what, label string, frags []annotate.Fragment, annotator string, now int64) (*annotate.Span, error) {
	if !r.asWritten[label] {
		label = annotate.NormalName(label)
	}
	if err := r.checkLabel(label); err != nil {
		return nil, errorf(annotate.ErrBadSpan, "%s: %v", what, err)
	}
	if err := annotate.CheckFragments(frags, r.text.Len()); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	s := &annotate.Span{ID: annotate.NewID(), Doc: r.doc.ID, Fragments: frags, Label: label, Annotator: annotator, Created: now}
	if err := annotate.CheckSpan(s, r.text.Len()); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	r.spans = append(r.spans, s)
	return s, nil
}

// spanAt is where the record's i'th span was read.
func (r *record) spanAt(i int) Place {
	at := Place{File: r.file, Line: r.line}
	if r.spanFile != "" {
		at.File = r.spanFile
	}
	if i < len(r.spanLines) {
		at.Line = r.spanLines[i]
	}
	return at
}

// addLink adds a two-member thread from head to tail labelled link.
func (r *record) addLink(what string, head, tail *annotate.Span, link string, now int64) (*annotate.Thread, error) {
	if !r.asWritten[link] {
		link = annotate.NormalName(link)
	}
	if link != "" {
		if err := r.checkLabel(link); err != nil {
			return nil, errorf(annotate.ErrBadThread, "%s: link %v", what, err)
		}
	}
	if head.ID == tail.ID {
		return nil, errorf(annotate.ErrBadThread, "%s links a span to itself", what)
	}
	th := &annotate.Thread{ID: annotate.NewID(), Annotator: head.Annotator, Created: now,
		Members: []annotate.Member{{Doc: head.Doc, Span: head.ID}, {Doc: tail.Doc, Span: tail.ID, Link: link}}}
	r.threads = append(r.threads, th)
	return th, nil
}

// checkLabel is annotate.ValidNewLabel, or ValidLabelName for a label the
// record keeps as written.
func (r *record) checkLabel(label string) error {
	if r.asWritten[label] {
		return annotate.ValidLabelName(label)
	}
	return annotate.ValidNewLabel(label)
}

// builder joins good records into a Batch.
type builder struct {
	format string // "brat", "doccano", "Prodigy", "Label Studio": how notes name it
	noun   string // what the format calls a span label: "type", "label"
	opt    Options
	now    int64

	recs     []*record // kept, in input order
	docs     map[string]*record
	sources  map[string]int
	spanKey  map[string]string // sameSpanKey → span ID
	marks    map[[2]string]int // doc, annotator → index in marks
	batch    Batch
	labels   map[string]bool
	read     map[string]bool // with Options.Label, the spans' labels as the files name them
	links    []string
	linkSeen map[string]bool
	linkIDs  map[string][]string // link label → the threads that carry it
	tally    tally
	errs     []error
	// joined counts the lines of a line-based file that a byte order
	// mark begins after its first (annotate.Joined), said by finish.
	joined *annotate.Joined
}

func newBuilder(format, noun string, opt Options) *builder {
	now := annotate.NowMillis
	if opt.Now != nil {
		now = opt.Now
	}
	return &builder{format: format, noun: noun, opt: opt, now: now(),
		docs: map[string]*record{}, sources: map[string]int{}, spanKey: map[string]string{},
		marks: map[[2]string]int{}, labels: map[string]bool{}, linkSeen: map[string]bool{}}
}

// needAnnotator is the problem of a reader called without a layer.
func needAnnotator(file string) []error {
	return []error{&annotate.LineError{File: file, Err: errorf(ErrNoAnnotator, "no annotator: name the layer the imported spans go to")}}
}

// add joins r to the batch, or collects its problems.
func (b *builder) add(r *record) {
	if len(r.errs) > 0 {
		b.errs = append(b.errs, r.errs...)
		return
	}
	b.batch.Notes = append(b.batch.Notes, r.said...)
	if r.ownSource != "" {
		b.sources[r.ownSource]++
	}
	alias := map[string]string{}
	if first, ok := b.docs[r.doc.ID]; ok && r.layerOf {
		r.doc = first.doc
	} else if ok {
		if r.ownSource != "" && first.ownSource != "" && r.ownSource != first.ownSource {
			// The document keeps one source: say which, in one note. Two
			// ("d.txt = a.txt", then "d.txt d.txt ≠ a.txt") told one
			// repeat twice, the second in signs a reader had to decode.
			b.tally.add("%d "+b.records()+" repeat the text of an earlier one and were read into its document, which keeps the earlier one's source", 1, repeatExample(r, first))
		} else {
			b.tally.add("%d "+b.records()+" repeat the text of an earlier one and were read into the same document", 1, where(r)+" repeats "+where(first))
		}
		r.doc = first.doc
	} else {
		b.docs[r.doc.ID] = r
		b.recs = append(b.recs, r)
		b.batch.Docs = append(b.batch.Docs, r.doc)
	}
	for _, a := range r.worked {
		b.batch.Worked = append(b.batch.Worked, [2]string{r.doc.ID, a})
	}
	for i, s := range r.spans {
		from := s.Label
		if b.opt.Label != nil {
			// Made only then: a builder a file, a map each cost
			// WebAnno's import of 1,000 files 10,000 allocations.
			if b.read == nil {
				b.read = map[string]bool{}
			}
			b.read[from] = true
			b.opt.Label(s)
		}
		k := sameSpanKey(s)
		if id, dup := b.spanKey[k]; dup {
			alias[s.ID] = id
			b.tally.addOf("%d identical spans imported once", "", id)
			continue
		}
		b.spanKey[k] = s.ID
		b.batch.Spans = append(b.batch.Spans, s)
		b.batch.SpanAt = append(b.batch.SpanAt, r.spanAt(i))
		if !annotate.IsDefaultLabel(s.Label) && !b.labels[s.Label] {
			b.labels[s.Label] = true
			ln := labelNote{source: b.format + " " + b.noun, from: from, label: s.Label}
			line := ln.line()
			b.batch.Notes = append(b.batch.Notes, line)
			if b.batch.labelNotes == nil {
				b.batch.labelNotes = map[string]labelNote{}
			}
			b.batch.labelNotes[line] = ln
		}
	}
threads:
	for _, th := range r.threads {
		seen := map[string]bool{}
		for i := range th.Members {
			if id, ok := alias[th.Members[i].Span]; ok {
				th.Members[i].Span = id
			}
			if seen[th.Members[i].Span] {
				b.tally.add("%d links between a span and an identical copy of it left out", 1, "")
				continue threads
			}
			seen[th.Members[i].Span] = true
		}
		b.batch.Threads = append(b.batch.Threads, th)
		for _, m := range th.Members[1:] {
			if m.Link != "" && !isDefaultLink(m.Link) {
				if !b.linkSeen[m.Link] {
					b.linkSeen[m.Link] = true
					b.links = append(b.links, m.Link)
				}
				if b.linkIDs == nil {
					b.linkIDs = map[string][]string{}
				}
				b.linkIDs[m.Link] = append(b.linkIDs[m.Link], th.ID)
			}
		}
	}
	for _, m := range r.marks {
		k := [2]string{m.Doc, m.Annotator}
		if i, ok := b.marks[k]; ok {
			if b.batch.Marks[i].Answer != m.Answer {
				b.tally.add("%d answers replaced by a later record with the same text", 1, where(r))
			}
			b.batch.Marks[i] = m
			continue
		}
		b.marks[k] = len(b.batch.Marks)
		b.batch.Marks = append(b.batch.Marks, m)
	}
	for _, n := range r.notes {
		if n.unread {
			b.tally.addUnread(n.key, n.example)
			continue
		}
		if n.items != nil {
			for _, it := range n.items {
				ids := make([]string, len(it.ids))
				for i, id := range it.ids {
					if to, ok := alias[id]; ok {
						id = to
					}
					ids[i] = id
				}
				b.tally.addOf(n.key, it.example, ids...)
			}
			continue
		}
		for _, ex := range n.examples {
			b.tally.add(n.key, 1, ex)
		}
		b.tally.add(n.key, n.n-len(n.examples), "")
	}
}

// records is what the format's records are called in notes: a brat
// article is its .txt file.
func (b *builder) records() string {
	if b.format == "brat" {
		return "files"
	}
	return "records"
}

// repeatExample says plainly that record r repeats first, each with its
// source where that is not the file's name (a brat .txt's is): "d.txt
// repeats a.txt", "p.jsonl:2, source bbc, repeats p.jsonl:1, source nyt".
func repeatExample(r, first *record) string {
	named := func(x *record) string {
		w := where(x)
		if x.ownSource != path.Base(filepath.ToSlash(x.file)) {
			w += ", source " + clip(x.ownSource) + ","
		}
		return w
	}
	return strings.TrimSuffix(named(r)+" repeats "+named(first), ",")
}

func where(r *record) string {
	if r.line > 0 {
		return fmt.Sprintf("%s:%d", r.file, r.line)
	}
	return r.file
}

// sameSpanKey is what makes a span read the same as one read before, to
// be imported once: spanKey, and its note, attributes and normalizations
// where it has any. A brat .ann giving Mujahid twice as an actor, once with
// the note "the spokesman", kept the first and lost the note.
func sameSpanKey(s *annotate.Span) string {
	k := spanKey(s)
	if s.Note == "" && len(s.Attrs) == 0 && len(s.Norms) == 0 {
		return k
	}
	var b strings.Builder
	b.WriteString(k)
	// Each string after its length: no note or value can pass for two.
	put := func(tag byte, v string) {
		b.WriteByte(0)
		b.WriteByte(tag)
		b.WriteString(strconv.Itoa(len(v)))
		b.WriteByte(':')
		b.WriteString(v)
	}
	put('n', s.Note)
	if len(s.Attrs) > 0 {
		names := make([]string, 0, len(s.Attrs))
		for a := range s.Attrs {
			names = append(names, a)
		}
		slices.Sort(names)
		for _, a := range names {
			put('a', a)
			put('=', s.Attrs[a])
		}
	}
	for _, n := range s.Norms {
		put('r', n.DB)
		put('i', n.ID)
		put('t', n.Text)
	}
	return b.String()
}

func spanKey(s *annotate.Span) string {
	var k strings.Builder
	k.WriteString(s.Doc)
	k.WriteByte(0)
	k.WriteString(s.Annotator)
	k.WriteByte(0)
	k.WriteString(s.Label)
	for _, f := range s.Fragments {
		k.WriteByte(0)
		k.WriteString(strconv.Itoa(f.Start))
		k.WriteByte(' ')
		k.WriteString(strconv.Itoa(f.End))
	}
	return k.String()
}

func isDefaultLink(l string) bool {
	for _, x := range annotate.DefaultLinkLabels {
		if x == l {
			return true
		}
	}
	return false
}

// finish names the documents and returns the batch, or nil and every
// problem when there were problems and SkipInvalid is off.
func (b *builder) finish() (*Batch, []error) {
	for _, r := range b.recs {
		r.doc.Source = r.fallback
		if r.ownSource != "" && b.sources[r.ownSource] == 1 {
			r.doc.Source = r.ownSource
		}
		r.doc.Title, r.doc.Date = annotate.DeriveMeta(r.doc.Source, r.doc.Text)
		if r.ownTitle != "" {
			r.doc.Title = r.ownTitle
		}
		if r.ownDate != "" {
			r.doc.Date = r.ownDate
		}
	}
	if len(b.links) > 0 {
		ln := linkNote{format: b.format, labels: b.links, ids: b.linkIDs}
		line := ln.line(b.links)
		b.batch.Notes = append(b.batch.Notes, line)
		b.batch.linkNote = map[string]linkNote{line: ln}
	}
	b.batch.Notes = append(b.batch.Notes, b.tally.lines(b.format)...)
	b.batch.stored = b.tally.storedNotes(b.format)
	if n := b.joined.Note(); n != "" {
		b.batch.Notes = append(b.batch.Notes, n)
	}
	b.batch.counts = b.tally.counting(b.format)
	if len(b.errs) > 0 && !b.opt.SkipInvalid {
		return nil, b.errs
	}
	return &b.batch, b.errs
}

// tally counts things of one kind, for a one-line report per kind.
type tally struct {
	keys []string
	n    map[string]int
	ex   map[string][]string
	// unread holds the keys of fields left out, whose one example is
	// where the first value was.
	unread map[string]bool
	// of holds, for the keys of notes of what the import stores, the
	// things counted and what each became (addOf).
	of map[string][]noteItem
}

// addOf counts one thing a note of what the import stores counts, which
// became the spans or threads ids.
func (t *tally) addOf(key, example string, ids ...string) {
	t.add(key, 1, example)
	if t.of == nil {
		t.of = map[string][]noteItem{}
	}
	t.of[key] = append(t.of[key], noteItem{ids: ids, example: example})
}

// storedNotes returns the lines of notes of what the import stores, each
// with the things it counts.
func (t *tally) storedNotes(format string) map[string]storedNote {
	var out map[string]storedNote
	for _, k := range t.keys {
		items, ok := t.of[k]
		if !ok {
			continue
		}
		if out == nil {
			out = map[string]storedNote{}
		}
		out[exampleLine(format, k, t.n[k], t.ex[k])] = storedNote{format: format, key: k, items: items}
	}
	return out
}

// addUnread counts one value of a field left out, found at where.
func (t *tally) addUnread(key, where string) {
	if t.unread == nil {
		t.unread = map[string]bool{}
	}
	first := !t.unread[key] && t.n[key] == 0
	t.unread[key] = true
	if first {
		t.add(key, 1, where)
		return
	}
	t.add(key, 1, "")
}

func (t *tally) add(key string, n int, example string) {
	if n == 0 {
		return
	}
	if t.n == nil {
		t.n, t.ex = map[string]int{}, map[string][]string{}
	}
	if _, ok := t.n[key]; !ok {
		t.keys = append(t.keys, key)
	}
	t.n[key] += n
	if example != "" && len(t.ex[key]) < maxExamples && !slices.Contains(t.ex[key], example) {
		t.ex[key] = append(t.ex[key], example)
	}
}

// lines renders one line per kind, prefixed with the format's name.
// Each example is quoted where it holds a line break or U+202E
// (annotate.FileName): it names a file as the sender named it ("x\n
// note: forged.ann A1"), and printed raw it forged a note of its own.
func (t *tally) lines(format string) []string {
	var out []string
	for _, k := range t.keys {
		ex := make([]string, len(t.ex[k]))
		for i, e := range t.ex[k] {
			ex[i] = annotate.FileName(e)
		}
		if t.unread[k] {
			s := countLine(format, k, t.n[k])
			at := "at"
			if t.n[k] > 1 {
				at = "the first at"
			}
			out = append(out, s+" (skein does not read it; "+at+" "+strings.Join(ex, "")+")")
			continue
		}
		out = append(out, exampleLine(format, k, t.n[k], ex))
	}
	return out
}

// exampleLine is a tally's line for key counted n times, with its
// examples ex.
func exampleLine(format, key string, n int, ex []string) string {
	s := countLine(format, key, n)
	if len(ex) > 0 {
		s += " (" + strings.Join(ex, "; ")
		if n > len(ex) {
			s += "; …"
		}
		s += ")"
	}
	return s
}

// countLine is a tally's line for key counted n times, before its examples.
func countLine(format, key string, n int) string {
	msg := fmt.Sprintf(key, n)
	if n == 1 {
		msg = singular(msg)
	}
	return format + ": " + msg
}

// counting returns the lines that only count (no examples, no place of a
// field left out), each with what it counts.
func (t *tally) counting(format string) map[string]countNote {
	var out map[string]countNote
	for _, k := range t.keys {
		if _, of := t.of[k]; t.unread[k] || len(t.ex[k]) > 0 || of {
			continue
		}
		if out == nil {
			out = map[string]countNote{}
		}
		out[countLine(format, k, t.n[k])] = countNote{format: format, key: k, n: t.n[k]}
	}
	return out
}

// plurals are the nouns the tallies count, with their singulars.
var plurals = map[string]string{
	"spans": "span", "spans'": "span's", "values": "value", "threads": "thread", "threads'": "thread's", "links": "link",
	"notes": "note", "names": "name", "records": "record", "records'": "record's", "documents": "document",
	"documents'": "document's", "files'": "file's", "relations": "relation", "answers": "answer", "attributes": "attribute",
	"annotators'": "annotator's", "events": "event", "equivalences": "equivalence", "normalizations": "normalization",
	"regions": "region", "results": "result", "predictions": "prediction", "labels": "label", "sets": "set",
	"arguments": "argument", "breaks": "break", "areas": "area", "titles": "title", "options": "option",
	"annotations": "annotation", "drafts": "draft", "lines": "line", "views": "view", "articles": "article",
}

// singular rewrites a tally line whose count is 1: "1 spans left out"
// becomes "1 span left out" — the first counted noun, and the few verbs
// that agree with it.
func singular(msg string) string {
	for _, r := range [][2]string{
		{"links and threads", "link or thread"},
		{"attributes, normalizations and notes", "attribute, normalization or note"},
		{"records repeat the text of an earlier one and were read", "record repeats the text of an earlier one and was read"},
		{"records repeat the text of an earlier one and were read into its", "record repeats the text of an earlier one and was read into its"},
		{"files repeat the text of an earlier one and were read", "file repeats the text of an earlier one and was read"},
		{"spans left out that share a word", "span left out that shares a word"},
		{"spans began with an I- tag (IOB1) and were read", "span began with an I- tag (IOB1) and was read"},
	} {
		if strings.Contains(msg, r[0]) {
			return strings.Replace(msg, r[0], r[1], 1)
		}
	}
	words := strings.Split(msg, " ")
	for i, w := range words {
		if one, ok := plurals[w]; ok {
			words[i] = one
			break
		}
	}
	return strings.Join(words, " ")
}

// metaString renders a JSON scalar for Document.Meta.
func metaString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	case json.Number:
		return string(x), true
	}
	return "", false
}

// sortedKeys returns a map's keys in order, for output that does not
// depend on map iteration.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
