package annotate

import (
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// decodeDocLineFast decodes a document line into dl, in one pass over its
// bytes and without reflection, and names its unknown fields, exactly as
// decodeDocLine would: a team folder's first sync reads millions of spans,
// and encoding/json spent most of its parse time on them.
//
// It handles only what it is sure to read the same way: ok is false for
// anything else (a syntax error, a value of the wrong kind, a float where
// an offset goes, a key given twice or in another case, a lone surrogate,
// bytes that are not UTF-8, something after the object). The caller then
// decodes the line with encoding/json, so every error reads as it always
// has. dl is left part-filled then: the caller starts afresh. A fuzz test
// (FuzzParseLine) holds the two to the same result.
//
// Strings without escapes are cut out of one copy of the line, so a
// line's strings cost one allocation, not one each; with owned (the
// caller's line is never written again, see ReadOptions.owned) out of the
// line itself, with no copy.
func decodeDocLineFast(line []byte, dl *DocLine, owned bool) (unknown []string, ok bool) {
	p := lineScanner{b: line}
	p.ws()
	if !p.eat('{') {
		return nil, false
	}
	if owned {
		p.s = unsafe.String(unsafe.SliceData(line), len(line))
	} else {
		p.s = string(line)
	}
	if !p.docLine(dl) {
		return nil, false
	}
	p.ws()
	if p.i != len(p.b) {
		return nil, false
	}
	sortUnique(&p.top)
	unknown = append(p.top, p.spanExtra...)
	unknown = append(unknown, p.layerExtra...)
	if len(unknown) == 0 {
		return nil, true
	}
	return unknown, true
}

// lineScanner reads JSON from b; s is b as a string, for slicing.
type lineScanner struct {
	b []byte
	s string
	i int
	// The unknown fields seen, as unknownFields names them: the top
	// level's, and those of spans and layers in order of first sight.
	top, spanExtra, layerExtra []string
	// end says whether more found the closing byte.
	end bool
}

// maxSkipDepth bounds the nesting of an unknown value the scanner skips
// itself; deeper ones go to encoding/json.
const maxSkipDepth = 64

func (p *lineScanner) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *lineScanner) eat(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *lineScanner) peek() byte {
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// null reads a null, when there is one.
func (p *lineScanner) null() bool {
	if p.i+4 <= len(p.b) && string(p.b[p.i:p.i+4]) == "null" {
		p.i += 4
		return true
	}
	return false
}

// literal reads the word w (true, false, null).
func (p *lineScanner) literal(w string) bool {
	if p.i+len(w) <= len(p.b) && string(p.b[p.i:p.i+len(w)]) == w {
		p.i += len(w)
		return true
	}
	return false
}

// str reads a JSON string: cut out of s when it holds no escape.
func (p *lineScanner) str() (string, bool) {
	b := p.b
	i := p.i
	if i >= len(b) || b[i] != '"' {
		return "", false
	}
	i++
	start := i
	for {
		for i < len(b) && plainByte[b[i]] {
			i++
		}
		if i >= len(b) {
			return "", false
		}
		switch c := b[i]; {
		case c == '"':
			p.i = i + 1
			return p.s[start:i], true
		case c == '\\':
			return p.strEscaped(start, i)
		case c < 0x20:
			return "", false
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			i += size
		}
	}
}

// plainByte says which bytes stand for themselves in a JSON string: ASCII
// but for control bytes, quote and backslash.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// strEscaped goes on with a string from its first backslash at b[i].
func (p *lineScanner) strEscaped(start, i int) (string, bool) {
	b := p.b
	out := make([]byte, 0, i-start+16)
	out = append(out, b[start:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			p.i = i + 1
			return string(out), true
		case c == '\\':
			if i+1 >= len(b) {
				return "", false
			}
			switch e := b[i+1]; e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := escapedUnit(b, i)
				if !ok {
					return "", false
				}
				if utf16.IsSurrogate(r) {
					low, ok := escapedUnit(b, i+6)
					if !ok {
						return "", false // encoding/json would write U+FFFD
					}
					if r = utf16.DecodeRune(r, low); r == utf8.RuneError {
						return "", false
					}
					i += 6
				}
				out = utf8.AppendRune(out, r)
				i += 6
				continue
			default:
				return "", false
			}
			i += 2
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			out = append(out, b[i:i+size]...)
			i += size
		default:
			out = append(out, c)
			i++
		}
	}
	return "", false
}

// int reads a JSON integer that fits an int; a fraction or an exponent
// (encoding/json refuses them for an int) and very long numbers are not
// read.
func (p *lineScanner) int() (int, bool) {
	b := p.b
	i := p.i
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	if i >= len(b) || b[i] < '0' || b[i] > '9' {
		return 0, false
	}
	start := i
	var n int64
	if b[i] == '0' {
		i++
	} else {
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			if i-start >= 18 {
				return 0, false
			}
			n = n*10 + int64(b[i]-'0')
			i++
		}
	}
	if i < len(b) && (b[i] == '.' || b[i] == 'e' || b[i] == 'E' || (b[i] >= '0' && b[i] <= '9')) {
		return 0, false
	}
	if neg {
		n = -n
	}
	if int64(int(n)) != n {
		return 0, false
	}
	p.i = i
	return int(n), true
}

// number skips a JSON number.
func (p *lineScanner) number() bool {
	b := p.b
	i := p.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	digits := func() bool {
		s := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > s
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		digits()
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	p.i = i
	return true
}

// skip reads past any JSON value, checking its syntax.
func (p *lineScanner) skip(depth int) bool {
	if depth > maxSkipDepth {
		return false
	}
	switch p.peek() {
	case '"':
		_, ok := p.str()
		return ok
	case 't':
		return p.literal("true")
	case 'f':
		return p.literal("false")
	case 'n':
		return p.literal("null")
	case '{':
		p.i++
		p.ws()
		if p.eat('}') {
			return true
		}
		var keys othersSeen
		for {
			if k, ok := p.str(); !ok || !keys.add(k) {
				return false
			}
			p.ws()
			if !p.eat(':') {
				return false
			}
			p.ws()
			if !p.skip(depth + 1) {
				return false
			}
			if !p.more('}') {
				return p.end
			}
		}
	case '[':
		p.i++
		p.ws()
		if p.eat(']') {
			return true
		}
		for {
			if !p.skip(depth + 1) {
				return false
			}
			if !p.more(']') {
				return p.end
			}
		}
	default:
		return p.number()
	}
}

// more reads what follows a member or element: true after a comma (and
// the white space after it), false at the closing byte or anything else,
// with end saying which.
func (p *lineScanner) more(closing byte) bool {
	p.ws()
	if p.eat(',') {
		p.ws()
		return true
	}
	p.end = p.eat(closing)
	return false
}

// key reads an object's key and its colon, and names which of a struct's
// fields it is: known by its exact name (f >= 0), unknown (f == -1), or
// one encoding/json would match without regard to case (f == -2), which
// is left to encoding/json.
func (p *lineScanner) key(match func(string) int) (k string, f int, ok bool) {
	k, ok = p.str()
	if !ok {
		return "", 0, false
	}
	p.ws()
	if !p.eat(':') {
		return "", 0, false
	}
	p.ws()
	return k, match(k), true
}

// foldMatch is -2 when k matches one of names but for case (as
// encoding/json matches keys: bytes.EqualFold, so "ſpans" is "spans"),
// else -1.
func foldMatch(k string, names []string) int {
	for _, n := range names {
		if strings.EqualFold(k, n) {
			return -2
		}
	}
	return -1
}

var (
	docNames   = []string{"type", "id", "title", "source", "date", "text", "meta", "spans", "layers"}
	spanNames  = []string{"id", "start", "end", "text", "label", "annotator", "fragments", "threads", "note", "attrs", "norms", "created"}
	layerNames = []string{"annotator", "modified", "done", "answer"}
	normNames  = []string{"db", "ref", "text"}
)

func docField(k string) int {
	switch k {
	case "type":
		return 0
	case "id":
		return 1
	case "title":
		return 2
	case "source":
		return 3
	case "date":
		return 4
	case "text":
		return 5
	case "meta":
		return 6
	case "spans":
		return 7
	case "layers":
		return 8
	}
	return foldMatch(k, docNames)
}

func spanField(k string) int {
	switch k {
	case "id":
		return 0
	case "start":
		return 1
	case "end":
		return 2
	case "text":
		return 3
	case "label":
		return 4
	case "annotator":
		return 5
	case "fragments":
		return 6
	case "threads":
		return 7
	case "note":
		return 8
	case "attrs":
		return 9
	case "norms":
		return 10
	case "created":
		return 11
	}
	return foldMatch(k, spanNames)
}

func layerField(k string) int {
	switch k {
	case "annotator":
		return 0
	case "modified":
		return 1
	case "done":
		return 2
	case "answer":
		return 3
	}
	return foldMatch(k, layerNames)
}

func normField(k string) int {
	switch k {
	case "db":
		return 0
	case "ref":
		return 1
	case "text":
		return 2
	}
	return foldMatch(k, normNames)
}

// strField reads a string, or a null, which encoding/json leaves the field
// as it was (empty: a field given twice is not read here).
func (p *lineScanner) strField(dst *string) bool {
	if p.null() {
		return true
	}
	s, ok := p.str()
	*dst = s
	return ok
}

// object reads the members of an object whose '{' was read, calling
// member for each key after its colon. Fields given twice are refused:
// encoding/json merges them in ways not worth copying.
func (p *lineScanner) object(match func(string) int, member func(k string, f int) bool) bool {
	p.ws()
	if p.eat('}') {
		return true
	}
	var seen uint32
	var others othersSeen
	for {
		k, f, ok := p.key(match)
		if !ok || f == -2 {
			return false
		}
		if f >= 0 {
			if seen&(1<<f) != 0 {
				return false
			}
			seen |= 1 << f
		} else if !others.add(k) {
			return false
		}
		if !member(k, f) {
			return false
		}
		if !p.more('}') {
			return p.end
		}
	}
}

// othersSeen are the keys of an object that are not a struct's fields
// (or all of an object skipped), so that one given twice goes to
// encoding/json's path, which refuses it (DupKey). They are few: an object
// with more goes there too.
type othersSeen struct {
	buf [8]string
	n   int
}

// add says whether k is new among at most len(buf) keys.
func (o *othersSeen) add(k string) bool {
	if o.n == len(o.buf) {
		return false
	}
	for _, s := range o.buf[:o.n] {
		if s == k {
			return false
		}
	}
	o.buf[o.n] = k
	o.n++
	return true
}

// array reads the elements of an array whose '[' was read.
func (p *lineScanner) array(elem func() bool) (n int, ok bool) {
	p.ws()
	if p.eat(']') {
		return 0, true
	}
	for {
		if !elem() {
			return n, false
		}
		n++
		if !p.more(']') {
			return n, p.end
		}
	}
}

// list reads an array into *dst, each element by elem, appending to into
// (a reused array) or to a new empty slice; a null leaves *dst as it is, as
// encoding/json does.
func list[T any](p *lineScanner, dst *[]T, into []T, elem func(*T) bool) bool {
	if p.null() {
		return true
	}
	if !p.eat('[') {
		return false
	}
	if into == nil {
		into = []T{}
	}
	_, ok := p.array(func() bool {
		var zero T
		into = append(into, zero)
		return elem(&into[len(into)-1])
	})
	*dst = into
	return ok
}

func (p *lineScanner) docLine(dl *DocLine) bool {
	spans := dl.Spans
	dl.Spans = nil
	return p.object(docField, func(k string, f int) bool {
		switch f {
		case 0:
			// Another type of line is not read here (ParseLine
			// probes it).
			return p.strField(&dl.Type) && (dl.Type == "" || dl.Type == "document")
		case 1:
			return p.strField(&dl.ID)
		case 2:
			return p.strField(&dl.Title)
		case 3:
			return p.strField(&dl.Source)
		case 4:
			return p.strField(&dl.Date)
		case 5:
			return p.strField(&dl.Text)
		case 6:
			return p.stringMap(&dl.Meta)
		case 7:
			// An array given in dl.Spans (parseDocLineFast's) is
			// reused.
			return list(p, &dl.Spans, spans, func(w *WireSpan) bool {
				return p.null() || p.eat('{') && p.wireSpan(w)
			})
		case 8:
			return list(p, &dl.Layers, nil, func(l *Layer) bool {
				return p.null() || p.eat('{') && p.layer(l)
			})
		}
		p.top = append(p.top, strings.Clone(k)) // kept by an import's notes
		return p.skip(0)
	})
}

func (p *lineScanner) wireSpan(w *WireSpan) bool {
	var extra []string
	ok := p.object(spanField, func(k string, f int) bool {
		switch f {
		case 0:
			return p.strField(&w.ID)
		case 1:
			return p.intField(&w.Start)
		case 2:
			return p.intField(&w.End)
		case 3:
			return p.strField(&w.Text)
		case 4:
			return p.strField(&w.Label)
		case 5:
			return p.strField(&w.Annotator)
		case 6:
			return list(p, &w.Fragments, nil, func(f *[2]int) bool {
				var ok bool
				if !p.eat('[') {
					return false
				}
				p.ws()
				if f[0], ok = p.int(); !ok {
					return false
				}
				p.ws()
				if !p.eat(',') {
					return false
				}
				p.ws()
				if f[1], ok = p.int(); !ok {
					return false
				}
				p.ws()
				return p.eat(']')
			})
		case 7:
			return list(p, &w.Threads, nil, p.strField)
		case 8:
			return p.strField(&w.Note)
		case 9:
			return p.stringMap(&w.Attrs)
		case 10:
			return list(p, &w.Norms, nil, func(n *Norm) bool {
				return p.null() || p.eat('{') && p.norm(n)
			})
		case 11:
			return p.strField(&w.Created)
		}
		extra = append(extra, k)
		return p.skip(0)
	})
	p.spanExtra = addExtra(p.spanExtra, extra, "spans[].")
	return ok
}

func (p *lineScanner) layer(l *Layer) bool {
	var extra []string
	ok := p.object(layerField, func(k string, f int) bool {
		switch f {
		case 0:
			return p.strField(&l.Annotator)
		case 1:
			return p.strField(&l.Modified)
		case 2:
			if p.null() {
				return true
			}
			switch {
			case p.literal("true"):
				l.Done = true
			case p.literal("false"):
				l.Done = false
			default:
				return false
			}
			return true
		case 3:
			return p.strField(&l.Answer)
		}
		extra = append(extra, k)
		return p.skip(0)
	})
	p.layerExtra = addExtra(p.layerExtra, extra, "layers[].")
	return ok
}

// norm reads a norm. Its unknown fields are skipped and not named, as
// unknownFields does not look inside norms. Its strings are kept with the
// span: copied, not cut out of the line (see keepApart).
func (p *lineScanner) norm(n *Norm) bool {
	defer func() { n.DB, n.ID, n.Text = strings.Clone(n.DB), strings.Clone(n.ID), strings.Clone(n.Text) }()
	return p.object(normField, func(k string, f int) bool {
		switch f {
		case 0:
			return p.strField(&n.DB)
		case 1:
			return p.strField(&n.ID)
		case 2:
			return p.strField(&n.Text)
		}
		return p.skip(0)
	})
}

// intField reads an int, or a null, which leaves it 0.
func (p *lineScanner) intField(dst *int) bool {
	if p.null() {
		return true
	}
	n, ok := p.int()
	*dst = n
	return ok
}

// stringMap reads an object of strings (a null one is nil; an empty one is
// an empty map, as encoding/json makes it). A key given twice is left to
// encoding/json's path, which refuses it; null values are empty strings,
// as in encoding/json.
func (p *lineScanner) stringMap(dst *map[string]string) bool {
	if p.null() {
		return true
	}
	if !p.eat('{') {
		return false
	}
	m := map[string]string{}
	*dst = m
	p.ws()
	if p.eat('}') {
		return true
	}
	for {
		k, _, ok := p.key(func(string) int { return -1 })
		if !ok {
			return false
		}
		var v string
		if !p.strField(&v) {
			return false
		}
		if _, twice := m[k]; twice {
			return false // refused on encoding/json's path (DupKey)
		}
		// Kept with the span or document: copied, not cut out of the
		// line (see keepApart).
		m[strings.Clone(k)] = strings.Clone(v)
		if !p.more('}') {
			return p.end
		}
	}
}

// addExtra adds one element's unknown fields, sorted, to those of the
// list seen so far, each once, as unknownFields lists them.
func addExtra(seen, extra []string, prefix string) []string {
	if len(extra) == 0 {
		return seen
	}
	sortUnique(&extra)
next:
	for _, k := range extra {
		k = prefix + k
		for _, s := range seen {
			if s == k {
				continue next
			}
		}
		seen = append(seen, k)
	}
	return seen
}

func sortUnique(s *[]string) {
	slices.Sort(*s)
	*s = slices.Compact(*s)
}

// parseDocLineFast is parseDocLineJSON for a line that decodes on the fast
// path and passes every check: ok is false otherwise, and the caller runs
// parseDocLineJSON, which says what is wrong. It checks what
// parseDocLineJSON checks, in less: no code-point table of the text (one
// cursor walks it forward, as spans come in text order), the spans and
// their fragments in one array each, no map for telling span IDs apart on
// a short line. When it asked opt.Doc for the line's document, it leaves
// the answer in asked, so that the caller need not ask twice.
func parseDocLineFast(line []byte, opt ReadOptions, asked *docAnswer) (*Record, bool) {
	var clock lineClock
	var dl DocLine
	// The wire spans are copied into the record's spans and not kept:
	// their array is reused.
	scratch := wireSpans.Get().(*[]WireSpan)
	defer func() {
		clear((*scratch)[:cap(*scratch)])
		wireSpans.Put(scratch)
	}()
	dl.Spans = (*scratch)[:0]
	unknown, ok := decodeDocLineFast(line, &dl, opt.owned)
	if !ok || dl.Type != "" && dl.Type != "document" {
		return nil, false
	}
	if dl.Spans != nil && cap(dl.Spans) > cap(*scratch) && cap(dl.Spans) <= 1024 {
		*scratch = dl.Spans
	}
	resolved := false
	if dl.Text == "" && dl.ID != "" && opt.Doc != nil {
		if !isHexID(dl.ID) {
			return nil, false
		}
		d, err := opt.Doc(dl.ID)
		*asked = docAnswer{id: dl.ID, d: d, err: err}
		if err != nil || d.ID != dl.ID {
			return nil, false
		}
		// d.ID, not the line's copy of it, which is all but garbage.
		dl.ID, dl.Text, dl.Title, dl.Source, dl.Date, dl.Meta = d.ID, d.Text, d.Title, d.Source, d.Date, d.Meta
		resolved = true
	}
	id := dl.ID
	if !resolved {
		// CheckText reads the bytes and keeps none: no copy of the text.
		if CheckText(unsafe.Slice(unsafe.StringData(dl.Text), len(dl.Text))) != nil {
			return nil, false
		}
		id = DocID(dl.Text)
	}
	if dl.ID != "" && dl.ID != id {
		return nil, false
	}
	var doc *Document
	if resolved {
		// The document as ReadOptions.Doc gave it, not a copy of it: the
		// layer lines of a first sync are tens of thousands a bucket, each
		// a document resolved, and nothing changes a record's document.
		doc = asked.d
	} else {
		doc = &Document{ID: id, Title: dl.Title, Source: dl.Source, Date: dl.Date, Text: dl.Text, Meta: dl.Meta}
	}
	rec := &Record{Doc: doc, Named: map[string]bool{}, Unknown: unknown}
	if len(dl.Spans) > 0 {
		nf := 0
		for i := range dl.Spans {
			nf += max(1, len(dl.Spans[i].Fragments))
		}
		spans := make([]Span, len(dl.Spans))
		frags := make([]Fragment, 0, nf)
		rec.Spans = make([]*Span, len(dl.Spans))
		cur := newTextCursor(dl.Text)
		// Span IDs are told apart by comparing each with those before it
		// on a short line, by a map on a long one.
		var ids map[string]bool
		if len(dl.Spans) > 32 {
			ids = make(map[string]bool, len(dl.Spans))
		}
		for i := range dl.Spans {
			w := &dl.Spans[i]
			s := &spans[i]
			*s = Span{ID: w.ID, Doc: id, Label: w.Label, Annotator: w.Annotator, Note: w.Note, Attrs: w.Attrs, Norms: w.Norms}
			if s.Annotator == "" {
				s.Annotator = opt.Annotator
			}
			if s.ID == "" || s.Annotator == "" || w.Text == "" || CheckID(s.ID) != nil || CheckID(s.Annotator) != nil {
				return nil, false
			}
			ms, ok := parseMillisFast(w.Created, &clock)
			if !ok {
				return nil, false
			}
			s.Created = ms
			at := len(frags)
			if len(w.Fragments) > 0 {
				for _, f := range w.Fragments {
					frags = append(frags, Fragment{Start: f[0], End: f[1]})
				}
			} else {
				frags = append(frags, Fragment{Start: w.Start, End: w.End})
			}
			// Capped, so that appending to one span's fragments never
			// writes over the next one's.
			s.Fragments = frags[at:len(frags):len(frags)]
			if s.Start() != w.Start || s.End() != w.End {
				return nil, false
			}
			if ValidLabelName(s.Label) != nil || !cur.covers(s.Fragments, w.Text) {
				return nil, false
			}
			if ids != nil {
				if ids[s.ID] {
					return nil, false
				}
				ids[s.ID] = true
			} else {
				for k := range i {
					if spans[k].ID == s.ID {
						return nil, false
					}
				}
			}
			rec.Spans[i] = s
		}
	}
	for _, l := range dl.Layers {
		if l.Annotator == "" || CheckID(l.Annotator) != nil {
			return nil, false
		}
		ms, ok := parseMillisFast(l.Modified, &clock)
		if !ok {
			return nil, false
		}
		rec.Layers = append(rec.Layers, LayerInfo{Annotator: l.Annotator, Modified: ms, Done: l.Done, Answer: l.Answer})
	}
	// Labels are read as -map says once the line is taken here: a line
	// the slow path reads again is mapped there, once.
	if opt.Label != nil {
		for _, s := range rec.Spans {
			opt.Label(s)
		}
	}
	keepApart(rec)
	// A line's spans mostly name one annotator: the map is written once
	// for each run of the same name, not once a span.
	last := ""
	for i, w := range dl.Spans {
		if a := rec.Spans[i].Annotator; w.Annotator != "" && a != last {
			rec.Named[a] = true
			last = a
		}
	}
	for _, l := range rec.Layers {
		rec.Named[l.Annotator] = true
	}
	return rec, true
}

// keepApart copies the strings of a record's spans and layers that a
// store keeps (IDs, labels, names, notes, answers) out of the line's copy
// into one string of their own, a label or name the same as the one
// before once: an import holds every span it reads until it is written,
// and should not hold whole lines for them (their quoted texts and times
// are read once). The line's copy is then garbage, but for a document's
// text, title, source and date cut out of it, most of it anyway.
func keepApart(rec *Record) {
	var refs [64]*string
	ptrs := refs[:0]
	n := 0
	add := func(p *string, prev *string) {
		if *p == "" || prev != nil && *p == *prev {
			return
		}
		ptrs = append(ptrs, p)
		n += len(*p)
	}
	for i, s := range rec.Spans {
		var prevLabel, prevAnn *string
		if i > 0 {
			prevLabel, prevAnn = &rec.Spans[i-1].Label, &rec.Spans[i-1].Annotator
		}
		add(&s.ID, nil)
		add(&s.Label, prevLabel)
		add(&s.Annotator, prevAnn)
		add(&s.Note, nil)
	}
	for i := range rec.Layers {
		var prevAnn *string
		if i > 0 {
			prevAnn = &rec.Layers[i-1].Annotator
		}
		add(&rec.Layers[i].Annotator, prevAnn)
		add(&rec.Layers[i].Answer, nil)
	}
	var b strings.Builder
	b.Grow(n)
	var at [64]int
	offs := at[:0]
	for _, p := range ptrs {
		offs = append(offs, b.Len())
		b.WriteString(*p)
	}
	all := b.String()
	for k, p := range ptrs {
		*p = all[offs[k] : offs[k]+len(*p)]
	}
	// A label or name the same as the one before takes its copy.
	for i := 1; i < len(rec.Spans); i++ {
		s, prev := rec.Spans[i], rec.Spans[i-1]
		if s.Label == prev.Label {
			s.Label = prev.Label
		}
		if s.Annotator == prev.Annotator {
			s.Annotator = prev.Annotator
		}
	}
	for i := 1; i < len(rec.Layers); i++ {
		if rec.Layers[i].Annotator == rec.Layers[i-1].Annotator {
			rec.Layers[i].Annotator = rec.Layers[i-1].Annotator
		}
	}
}

// docAnswer is what ReadOptions.Doc answered for id, when asked.
type docAnswer struct {
	id  string
	d   *Document
	err error
}

// again gives opt whose Doc answers id as it did, without asking. A copy
// of the answer, so that the one asked for on the fast path stays off the
// heap (a line the fast path reads never comes here).
func (a docAnswer) again(opt ReadOptions) ReadOptions {
	if a.id == "" {
		return opt
	}
	doc := opt.Doc
	opt.Doc = func(id string) (*Document, error) {
		if id == a.id {
			return a.d, a.err
		}
		return doc(id)
	}
	return opt
}

// wireSpans holds arrays for the wire spans of a line, to be reused.
var wireSpans = sync.Pool{New: func() any { return new([]WireSpan) }}

// textCursor finds code points in a text by walking it forward from the
// last place asked, as quoter does: spans come in text order. A span that
// starts before the last one sends the walk back to the start; on a long
// text the cursor then builds the table of code points (NewText) once and
// reads it from there on, so that spans out of order cost no more than
// they did.
type textCursor struct {
	s     string
	ascii bool
	cp, b int   // code point cp starts at byte b
	t     *Text // the table, once built
}

// cursorTableBytes is the length of text from which a cursor sent back
// builds its table rather than walk again.
const cursorTableBytes = 4096

func newTextCursor(s string) *textCursor {
	return &textCursor{s: s, ascii: asciiPrefix(s, len(s)) == len(s)}
}

// asciiPrefix is how many of the first n bytes of s (n <= len(s)) are
// ASCII, read eight at a time: a cursor walks most of an article's text
// for each line of spans on it.
func asciiPrefix(s string, n int) int {
	k := 0
	for k+8 <= n {
		if binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[k:]), 8))&0x8080808080808080 != 0 {
			break
		}
		k += 8
	}
	for k < n && s[k] < utf8.RuneSelf {
		k++
	}
	return k
}

// byteAt is the byte offset of code point cp (0 <= cp), and false when
// the text has fewer code points. Code points are counted as NewText
// counts them: a byte that is not UTF-8 is one.
func (c *textCursor) byteAt(cp int) (int, bool) {
	if c.ascii {
		return cp, cp <= len(c.s)
	}
	if c.t != nil {
		return c.t.Byte(cp), cp <= c.t.Len()
	}
	if cp < c.cp {
		if len(c.s) >= cursorTableBytes {
			c.t = NewText(c.s)
			return c.t.Byte(cp), cp <= c.t.Len()
		}
		c.cp, c.b = 0, 0
	}
	for c.cp < cp {
		if c.b >= len(c.s) {
			return 0, false
		}
		// A run of ASCII is as many code points as bytes.
		if k := asciiPrefix(c.s[c.b:], min(cp-c.cp, len(c.s)-c.b)); k > 0 {
			c.b += k
			c.cp += k
			continue
		}
		_, n := utf8.DecodeRuneInString(c.s[c.b:])
		c.b += n
		c.cp++
	}
	return c.b, true
}

// covers says whether frags is a well-formed list of fragments on the
// text (in it, not empty, in order) and quoted the text they cover,
// joined with spaces, as CheckSpanText and Text.Fragments have it. The
// cursor is left at the first fragment's start.
func (c *textCursor) covers(frags []Fragment, quoted string) bool {
	prev := -1
	pos := 0
	saveCP, saveB := -1, 0
	for k, f := range frags {
		if f.Start < 0 || f.End <= f.Start || f.Start < prev {
			return false
		}
		prev = f.End
		start, ok := c.byteAt(f.Start)
		if !ok {
			return false
		}
		if saveCP < 0 {
			saveCP, saveB = c.cp, c.b
		}
		end, ok := c.byteAt(f.End)
		if !ok {
			return false
		}
		if k > 0 {
			if pos >= len(quoted) || quoted[pos] != ' ' {
				return false
			}
			pos++
		}
		part := c.s[start:end]
		if !strings.HasPrefix(quoted[pos:], part) {
			return false
		}
		pos += len(part)
	}
	c.cp, c.b = saveCP, saveB
	return pos == len(quoted)
}

// lineClock is this machine's clock as read once for the times of one
// line (a layer line of ten spans has eleven): read at the line's first
// time, never kept past the line (CheckMillis says why).
type lineClock struct{ now int64 }

// check is CheckMillis against the line's reading.
func (c *lineClock) check(ms int64) bool {
	if c.now == 0 {
		c.now = clockNow()
	}
	return ms >= 0 && ms <= c.now+FutureMargin.Milliseconds()
}

// parseMillisFast is parseMillis for the times skein writes
// ("2025-11-24T16:00:00.000Z", or none), without time.Parse, checked
// against clock; anything else goes to parseMillis. ok is false when
// parseMillis fails.
func parseMillisFast(s string, clock *lineClock) (int64, bool) {
	if s == "" {
		return 0, true
	}
	if len(s) == 24 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == '.' && s[23] == 'Z' {
		num := func(i, n int) int {
			v := 0
			for _, c := range []byte(s[i : i+n]) {
				if c < '0' || c > '9' {
					return -1
				}
				v = v*10 + int(c-'0')
			}
			return v
		}
		y, mo, d, h, mi, sec, ms := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2), num(20, 3)
		if y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(mo, y) && h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 60 && ms >= 0 {
			t := time.Date(y, time.Month(mo), d, h, mi, sec, ms*1e6, time.UTC).UnixMilli()
			if !clock.check(t) {
				return 0, false // parseMillis says why
			}
			return t, true
		}
	}
	ms, err := parseMillis(s)
	return ms, err == nil
}

// daysIn is the number of days in month m of year y.
func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
