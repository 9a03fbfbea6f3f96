package annotate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// LineError is bad input at one line of one file. Its message names both, so
// a researcher can open the file and fix it.
type LineError struct {
	File string
	Line int // 1-based; 0 when the problem is the whole file
	Err  error
}

func (e *LineError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", FileName(e.File), e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", FileName(e.File), e.Line, e.Err)
}

// FileName is how a message names the file f: as it is, or, where it
// holds a line break or another control character, or a character that
// turns the direction of text (U+202E), quoted as Go quotes a string
// ("x\n  fake.txt"). Printed raw, a name with a line break read as two
// lines of the list of problems, the second one made up by whoever named
// the file (a corpus unpacked from an archive); one with U+202E showed
// the rest of its line backwards.
func FileName(f string) string {
	if strings.ContainsFunc(f, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) }) {
		return strconv.Quote(f)
	}
	return f
}

func (e *LineError) Unwrap() error { return e.Err }

// WireSpan is a span as skein's JSONL writes it inside its document's line.
type WireSpan struct {
	ID        string            `json:"id"`
	Start     int               `json:"start"`
	End       int               `json:"end"`
	Text      string            `json:"text"`
	Label     string            `json:"label"`
	Annotator string            `json:"annotator,omitempty"`
	Fragments [][2]int          `json:"fragments,omitempty"`
	Threads   []string          `json:"threads,omitempty"`
	Note      string            `json:"note,omitempty"`
	Attrs     map[string]string `json:"attrs,omitempty"`
	Norms     []Norm            `json:"norms,omitempty"`
	Created   string            `json:"created,omitempty"`
}

// Layer is what a document line says about one annotator's layer beyond its
// spans: when it last changed (a newer bundle replaces an older one) and the
// annotator's marks.
type Layer struct {
	Annotator string `json:"annotator"`
	Modified  string `json:"modified,omitempty"` // RFC 3339, milliseconds
	Done      bool   `json:"done,omitempty"`
	Answer    string `json:"answer,omitempty"`
}

// DocLine is one document line of skein's JSONL.
type DocLine struct {
	Type   string            `json:"type,omitempty"`
	ID     string            `json:"id"`
	Title  string            `json:"title"`
	Source string            `json:"source"`
	Date   string            `json:"date"`
	Text   string            `json:"text"`
	Meta   map[string]string `json:"meta,omitempty"`
	Spans  []WireSpan        `json:"spans"`
	Layers []Layer           `json:"layers,omitempty"`
}

// ThreadLine is a thread line of skein's JSONL, written after the documents.
type ThreadLine struct {
	Type      string   `json:"type"`
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Annotator string   `json:"annotator"`
	Kind      string   `json:"kind,omitempty"`
	Note      string   `json:"note,omitempty"`
	Created   string   `json:"created,omitempty"`
	Modified  string   `json:"modified,omitempty"`
	Members   []Member `json:"members"`
}

// Record is one parsed line: a document with its spans and layers, or a thread.
type Record struct {
	Line   int
	Doc    *Document
	Spans  []*Span
	Layers []LayerInfo
	Thread *Thread
	// Named lists the annotators the line names itself (on spans or layers),
	// as opposed to the default layer given for spans that name none.
	Named map[string]bool
	// Unknown names the fields of the line skein does not read and left
	// out ("foo", "spans[].weight"), for the importer to say so.
	Unknown []string
}

// LayerInfo is a Layer with its time parsed.
type LayerInfo struct {
	Annotator string
	Modified  int64 // Unix ms; 0 when the line did not say
	Done      bool
	Answer    string
}

// Worked reports whether the annotator worked on the document, their layer
// there holding spans spans: a span, or a change or a done mark or answer
// once (an empty brat .ann imported stamps its layer). Agreement and
// review count an article only for those who worked on it: an article
// nobody opened is not a page of agreed "none", nor of one-sided spans.
func (l LayerInfo) Worked(spans int) bool {
	return spans > 0 || l.Modified > 0 || l.Done || l.Answer != ""
}

// FormatMillis writes a Unix-millisecond time as RFC 3339 in UTC.
func FormatMillis(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// ParseMillis reads a time as skein's JSONL writes it (RFC 3339; "" is
// 0, unknown) into Unix milliseconds, refusing one CheckMillis refuses.
func ParseMillis(s string) (int64, error) { return parseMillis(s) }

func parseMillis(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, fmt.Errorf("time %q is not RFC 3339", clip(s))
	}
	if err := CheckMillis(t.UnixMilli()); err != nil {
		return 0, fmt.Errorf("time %q %v", s, err)
	}
	return t.UnixMilli(), nil
}

// FutureMargin is how far past this machine's clock a time of change in a
// file may be: another machine's clock may run a little ahead. A layer's,
// a thread's or a review decision's time decides which of two copies is
// the newer, so one stamped "9999-12-31" would win over every change
// made after it, for ever: the user's own later edits on their other
// machine, and a colleague's later work.
const FutureMargin = 24 * time.Hour

// clockNow is this machine's clock in Unix milliseconds; a test sets it
// back.
var clockNow = func() int64 { return time.Now().UnixMilli() }

// CheckMillis says what is wrong with ms (Unix milliseconds) as the time
// of a change skein wrote: before 1970, or later than this machine's clock
// by more than FutureMargin. Nil when it is sound.
//
// The clock is read at every check, never kept from an earlier one: a
// clock set back while skein runs (a clock that ran ahead, put right)
// would let through, until skein restarts, times up to a day past its
// old reading: the very times it stamped while wrong, and they would win
// every take. A step back of NTP's (milliseconds to seconds) changes
// nothing a margin of a day can tell. A reading costs tens of
// nanoseconds, a layer line of ten spans eleven of them.
func CheckMillis(ms int64) error {
	if ms < 0 {
		return errors.New("is before 1970: not a time skein writes (a damaged or hand-made file?)")
	}
	if now := clockNow(); ms > now+FutureMargin.Milliseconds() {
		return fmt.Errorf("is more than a day after this machine's clock (%s): a clock set wrong, or a file changed by hand; it would count as newer than every later change, so it is refused",
			time.UnixMilli(now).UTC().Format("2006-01-02 15:04 UTC"))
	}
	return nil
}

// EncodeDocLine builds the wire form of a document and its spans. threadsOf
// may be nil; when given it lists the thread IDs of each span.
func EncodeDocLine(d *Document, spans []*Span, layers []LayerInfo, threadsOf func(spanID string) []string) *DocLine {
	line := &DocLine{ID: d.ID, Title: d.Title, Source: d.Source, Date: d.Date, Text: d.Text, Meta: d.Meta, Spans: make([]WireSpan, 0, len(spans))}
	q := newQuoter(d.Text)
	for _, s := range spans {
		w := WireSpan{ID: s.ID, Start: s.Start(), End: s.End(), Text: q.quote(s.Fragments), Label: s.Label,
			Annotator: s.Annotator, Note: s.Note, Attrs: s.Attrs, Norms: s.Norms, Created: FormatMillis(s.Created)}
		if s.Discontinuous() {
			for _, f := range s.Fragments {
				w.Fragments = append(w.Fragments, [2]int{f.Start, f.End})
			}
		}
		if threadsOf != nil {
			w.Threads = threadsOf(s.ID)
		}
		line.Spans = append(line.Spans, w)
	}
	for _, l := range layers {
		line.Layers = append(line.Layers, Layer{Annotator: l.Annotator, Modified: FormatMillis(l.Modified), Done: l.Done, Answer: l.Answer})
	}
	return line
}

// quoter cuts span texts out of an article without building a code-point
// table: spans come in text order, so one cursor walks the text forward,
// and an export touches each byte about once.
type quoter struct {
	s     string
	ascii bool
	cp, b int // the cursor: code point cp starts at byte b
}

func newQuoter(s string) *quoter {
	q := &quoter{s: s, ascii: true}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			q.ascii = false
			break
		}
	}
	return q
}

// byteAt moves the cursor to code point cp and returns its byte offset.
func (q *quoter) byteAt(cp int) int {
	if q.ascii {
		return min(max(cp, 0), len(q.s))
	}
	if cp < q.cp {
		q.cp, q.b = 0, 0 // a span that starts before the last one: rare, start over
	}
	for q.cp < cp && q.b < len(q.s) {
		_, n := utf8.DecodeRuneInString(q.s[q.b:])
		q.b += n
		q.cp++
	}
	return q.b
}

func (q *quoter) quote(frags []Fragment) string {
	if len(frags) == 1 {
		start := q.byteAt(frags[0].Start)
		save, saveB := q.cp, q.b
		end := q.byteAt(frags[0].End)
		q.cp, q.b = save, saveB // the next span starts at or after this one's start
		return q.s[start:end]
	}
	var parts []string
	save, saveB := -1, 0
	for _, f := range frags {
		start := q.byteAt(f.Start)
		if save < 0 {
			save, saveB = q.cp, q.b
		}
		parts = append(parts, q.s[start:q.byteAt(f.End)])
	}
	q.cp, q.b = save, saveB
	return strings.Join(parts, " ")
}

// EncodeThreadLine builds the wire form of a thread.
func EncodeThreadLine(th *Thread) *ThreadLine {
	return &ThreadLine{Type: "thread", ID: th.ID, Title: th.Title, Annotator: th.Annotator, Kind: th.Kind, Note: th.Note, Created: FormatMillis(th.Created), Modified: FormatMillis(th.Modified), Members: th.Members}
}

// JSONLWriter writes skein's JSONL one line at a time, so an export's memory
// does not grow with the corpus.
type JSONLWriter struct {
	w    *bufio.Writer
	buf  bytes.Buffer
	enc  *json.Encoder
	line []byte // reused for document lines
}

// NewJSONLWriter writes to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	jw := &JSONLWriter{w: bufio.NewWriterSize(w, 256<<10)}
	jw.enc = json.NewEncoder(&jw.buf)
	jw.enc.SetEscapeHTML(false)
	return jw
}

// Write encodes v (a *DocLine or *ThreadLine, or any value) as one line.
func (jw *JSONLWriter) Write(v any) error {
	if d, ok := v.(*DocLine); ok {
		jw.line = appendDocLine(jw.line[:0], d)
		_, err := jw.w.Write(jw.line)
		return err
	}
	jw.buf.Reset()
	if err := jw.enc.Encode(v); err != nil { // Encode appends the newline
		return err
	}
	_, err := jw.w.Write(jw.buf.Bytes())
	return err
}

// Flush writes out what is buffered.
func (jw *JSONLWriter) Flush() error { return jw.w.Flush() }

// ReadOptions say how to read a file of skein's JSONL.
type ReadOptions struct {
	// Annotator is the layer for spans that name none.
	Annotator string
	// Doc, when set, gives the document of a line that carries its ID but no
	// text: a team folder keeps each article once and its layers without it.
	// Its documents are taken as checked, their text valid and their ID its
	// hash (a store's, or from a line it parsed): they are not hashed again.
	Doc func(id string) (*Document, error)
	// Label, when set, reads a span's label as another (skein import
	// -map), setting s.Label, before a span without an id is named by its
	// content. It is called from several goroutines at once.
	Label func(s *Span)
	// Joined, when set, counts the lines after the first that begin
	// with a byte order mark (a file joined on), which are read without
	// it whether or not it is set.
	Joined *Joined
	// owned is set by ReadJSONL, whose lines are each read into memory of
	// their own and never written again: the fast path takes a line's
	// bytes for the string it cuts its fields out of, where a line from
	// any other caller (who may reuse the buffer) is copied first.
	owned bool
}

// isHexID says whether id is 16 lower-case hex digits, as DocID makes
// them (what the regular expression ^[0-9a-f]{16}$ matched, for less).
func isHexID(id string) bool {
	if len(id) != 16 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// ReadJSONL reads skein's JSONL from r, calling fn for each good line. A bad
// line stops nothing: its *LineError, naming file and line, is collected in
// errs so the caller can list every problem at once. An error from fn that is
// a *LineError is collected likewise; any other error from fn stops the read.
func ReadJSONL(r io.Reader, file string, opt ReadOptions, fn func(*Record) error) (errs []error, err error) {
	// A line may be long (a whole article), but a team folder has
	// thousands of small files: no 1 MB buffer for a 2 KB file.
	size := 1 << 20
	whole := false
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < int64(size) {
			size = int(fi.Size()) + 1
			whole = true
		}
	}
	next := lineReader(r, size, whole)
	opt.owned = true // each line is memory of its own, never written again
	n := 0
	for {
		raw, rerr := next()
		if errors.Is(rerr, ErrLineTooLong) || errors.Is(rerr, ErrBinary) {
			return append(errs, &LineError{File: file, Line: n + 1, Err: rerr}), nil
		}
		if len(raw) > 0 {
			n++
			// A byte order mark (Notepad, PowerShell's Out-File) says
			// the file is UTF-8; it is no part of a line's JSON, the
			// first's or that of a file joined on (Joined).
			raw = opt.Joined.Trim(raw, n)
			// Only the end is trimmed, so a byte offset in a message counts
			// from the start of the line as an editor shows it.
			line := bytes.TrimRightFunc(raw, unicode.IsSpace)
			if len(bytes.TrimSpace(line)) > 0 {
				rec, perr := ParseLine(line, opt)
				if perr != nil {
					errs = append(errs, &LineError{File: file, Line: n, Err: perr})
				} else {
					rec.Line = n
					if ferr := fn(rec); ferr != nil {
						var le *LineError
						if errors.As(ferr, &le) {
							errs = append(errs, ferr)
						} else {
							return errs, ferr
						}
					}
				}
			}
		}
		if rerr == io.EOF {
			return errs, nil
		}
		if rerr != nil {
			return errs, fmt.Errorf("%s: %w", file, rerr)
		}
	}
}

// lineReader gives r's lines one by one, as ReadLine does, each in memory
// that is never written again. A regular file smaller than the buffer
// (whole; size is its size and a byte) is read in one piece and its lines
// are slices of it: a team folder's first sync reads thousands of small
// files, whose every line ReadLine copied out of the buffer. Should the
// file have grown since its size was taken, or a read fail, what was read
// is read again through the buffer, then the rest.
func lineReader(r io.Reader, size int, whole bool) func() ([]byte, error) {
	if whole {
		data := make([]byte, 0, size)
		for len(data) < cap(data) {
			m, err := r.Read(data[len(data):cap(data)])
			data = data[:len(data)+m]
			if err == io.EOF {
				if err := CheckFileStart(data); err != nil {
					return func() ([]byte, error) { return nil, err }
				}
				return linesOf(data)
			}
			if err != nil {
				r = &failed{err}
				break
			}
		}
		r = io.MultiReader(bytes.NewReader(data), r)
	}
	br := bufio.NewReaderSize(r, size)
	if err := PeekFileStart(br); err != nil {
		return func() ([]byte, error) { return nil, err }
	}
	return func() ([]byte, error) { return ReadLine(br, MaxLineBytes) }
}

// linesOf gives data's lines one by one as ReadLine would read them.
func linesOf(data []byte) func() ([]byte, error) {
	return func() ([]byte, error) {
		if len(data) == 0 {
			return nil, io.EOF
		}
		line, err := data, io.EOF
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, err = data[:i+1:i+1], nil
		}
		data = data[len(line):]
		if i := bytes.IndexByte(line, 0); i >= 0 {
			return nil, errNUL(i, line)
		}
		return line, err
	}
}

// failed is a reader whose every read fails with err.
type failed struct{ err error }

func (f *failed) Read([]byte) (int, error) { return 0, f.err }

// ParseLine parses and validates one line of skein's JSONL.
func ParseLine(line []byte, opt ReadOptions) (*Record, error) {
	return parseLine(line, opt, true)
}

// parseLine is ParseLine; fast says whether a document line may take the
// fast path (parseDocLineFast), which tests compare with the path that
// encoding/json takes.
func parseLine(line []byte, opt ReadOptions, fast bool) (*Record, error) {
	// A line the fast path reads whole is a good document line: its bytes
	// are UTF-8 with no lone surrogate, and it names no other type, so
	// the checks below would have let it through to the same record.
	if fast {
		var asked docAnswer
		if rec, ok := parseDocLineFast(line, opt, &asked); ok {
			return rec, nil
		}
		opt = asked.again(opt)
	}
	// encoding/json would quietly turn bytes that are not UTF-8, and escaped
	// lone surrogates, into U+FFFD, in the text, a title or a label alike:
	// refuse the line instead.
	if i := BadJSON(line); i >= 0 {
		where := fmt.Sprintf("at byte %d of the line", i)
		if line[i] != '\\' {
			where += " (save the file as UTF-8)"
		}
		return nil, BadJSONError(line, i, where)
	}
	// encoding/json keeps the last of a key given twice in silence (the
	// fast path above refuses such a line).
	if k, i := DupKey(line); i >= 0 {
		return nil, DupKeyError(k, fmt.Sprintf("at byte %d of the line", i))
	}
	// Nearly every line is a document: decode it once. A line that could
	// hold a "type" key is probed first, and so is one that fails here, so
	// that its error reads as it always has.
	if !bytes.Contains(line, []byte(`"type"`)) {
		if rec, err := parseDocLineJSON(line, opt); err == nil {
			return rec, nil
		}
	}
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(line, &probe); err != nil {
		msg := JSONErrorText(err, " of the line")
		if loneCR(line) {
			// A line of several objects joined by CRs: the file's lines end
			// as classic Mac OS ended them, which no JSONL reader reads.
			msg += "; the file's lines end with a lone CR (classic Mac OS): save it with LF line ends"
		}
		return nil, fmt.Errorf("not a JSON object: %s", msg)
	}
	switch probe.Type {
	case "", "document":
		return parseDocLineJSON(line, opt)
	case "thread":
		return parseThreadLine(line, opt)
	default:
		return nil, fmt.Errorf("unknown line type %q (want a document or \"thread\")", clip(probe.Type))
	}
}

// JSONErrorText says in words what an error from encoding/json means: a
// syntax error with its byte offset, followed by where ("of the line"); a
// value of the wrong kind by the field and the kinds wanted and found; a
// value cut short.
func JSONErrorText(err error, where string) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		if TooDeep(err) {
			return fmt.Sprintf("arrays and objects nested more than %d deep at byte %d%s, deeper than skein reads", MaxJSONDepth, se.Offset, where)
		}
		return fmt.Sprintf("%v at byte %d%s", se, se.Offset, where)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		got := te.Value
		if n, ok := strings.CutPrefix(got, "number "); ok && isWhole(te.Type) {
			// A number where a whole one goes (an offset of 0.5, or
			// 1e309): said as the number it is.
			if te.Field != "" {
				return fmt.Sprintf("field %q should be a whole number, not %s", te.Field, n)
			}
			return fmt.Sprintf("want a whole number, not %s", n)
		}
		if strings.HasPrefix(got, "number") {
			got = "number"
		}
		got = map[string]string{"object": "an object", "array": "an array", "string": "a string", "number": "a number", "bool": "true or false"}[got]
		if got == "" {
			got = te.Value
		}
		if te.Field != "" {
			return fmt.Sprintf("field %q should be %s, not %s", te.Field, jsonKind(te.Type), got)
		}
		return fmt.Sprintf("want a JSON %s, not %s", strings.TrimPrefix(strings.TrimPrefix(jsonKind(te.Type), "an "), "a "), got)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "the value is cut short"
	}
	return err.Error()
}

// MaxJSONDepth is how deeply encoding/json, and so skein, reads arrays and
// objects within each other; a value nested deeper is refused whole.
const MaxJSONDepth = 10000

// TooDeep reports whether err is encoding/json's refusal of a value nested
// deeper than MaxJSONDepth. Its words, "invalid character '[' exceeded max
// depth", read as one stray bracket; JSONErrorText says it plainly (a
// file nested that deep is damaged or made to harm).
func TooDeep(err error) bool {
	var se *json.SyntaxError
	return errors.As(err, &se) && strings.HasSuffix(se.Error(), "exceeded max depth")
}

// TooDeepLine is the line of b, a whole file, where err, TooDeep's
// refusal, stopped reading it; ok is false for any other error. A file's
// refusal names its line, and Go's error only a byte.
func TooDeepLine(b []byte, err error) (line int, ok bool) {
	var se *json.SyntaxError
	if !TooDeep(err) || !errors.As(err, &se) {
		return 0, false
	}
	return bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n")) + 1, true
}

// JSONErrorPlain is err's own text, but for a value nested deeper than
// MaxJSONDepth, which it says as JSONErrorText does: for readers that
// otherwise show encoding/json's words as they are.
func JSONErrorPlain(err error) string {
	if TooDeep(err) {
		return JSONErrorText(err, "")
	}
	return err.Error()
}

// isWhole says whether t, a Go type encoding/json decodes into, takes
// whole numbers only.
func isWhole(t reflect.Type) bool {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// jsonKind names, for a person, the JSON value a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	if t == reflect.TypeOf(json.Number("")) {
		return "a number"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}

// parseDocLineJSON parses and checks a document line through
// encoding/json: what parseDocLineFast does in less, for every line it
// leaves, saying what is wrong.
func parseDocLineJSON(line []byte, opt ReadOptions) (*Record, error) {
	var dl DocLine
	if c := FieldCase(line, &dl); c.At >= 0 {
		return nil, c.Error(fmt.Sprintf("at byte %d of the line", c.At))
	}
	unknown, err := decodeDocLine(line, &dl)
	if err != nil {
		return nil, fmt.Errorf("not a document line: %v", JSONErrorText(err, " of the line"))
	}
	resolved := false
	if dl.Text == "" && dl.ID != "" && opt.Doc != nil {
		if !isHexID(dl.ID) {
			return nil, fmt.Errorf("document id %s is not 16 hex digits: name an article of the store by its ID (skein list shows them)", IDText(dl.ID))
		}
		d, err := opt.Doc(dl.ID)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", dl.ID, err)
		}
		if d.ID != dl.ID {
			return nil, fmt.Errorf("document %s: was given document %s", dl.ID, d.ID)
		}
		dl.Text, dl.Title, dl.Source, dl.Date, dl.Meta = d.Text, d.Title, d.Source, d.Date, d.Meta
		resolved = true
	}
	id := dl.ID
	if !resolved {
		// A text given by opt.Doc was checked and hashed where it came
		// from; hashing it again for every layer line was a team folder's
		// first sync's cost.
		if err := CheckText([]byte(dl.Text)); err != nil {
			return nil, fmt.Errorf("document text: %w", err)
		}
		id = DocID(dl.Text)
	}
	if dl.ID != "" && dl.ID != id {
		if !isHexID(dl.ID) {
			// A made-up id ("kakar-1"): say what it must be, which the
			// text gives, and that it may be left out.
			return nil, fmt.Errorf("document id %s is not 16 hex digits: this text's is %s (the first 16 hex digits of its SHA-256); give that, or leave \"id\" out and skein sets it", IDText(dl.ID), id)
		}
		return nil, fmt.Errorf("document id %s does not match its text (SHA-256 gives %s): was the text changed?", dl.ID, id)
	}
	doc := &Document{ID: id, Title: dl.Title, Source: dl.Source, Date: dl.Date, Text: dl.Text, Meta: dl.Meta}
	t := NewText(dl.Text)
	rec := &Record{Doc: doc, Named: map[string]bool{}, Unknown: unknown}
	seen := map[string]bool{}
	for i, w := range dl.Spans {
		if w.Annotator != "" {
			rec.Named[w.Annotator] = true
		}
		s, err := spanFromWire(&w, id, t, opt)
		if err != nil {
			return nil, fmt.Errorf("span %d: %w", i+1, err)
		}
		if seen[s.ID] {
			if dl.Spans[i].ID == "" {
				return nil, fmt.Errorf("span %d: a span with the same annotator, label and offsets is on the line already", i+1)
			}
			return nil, fmt.Errorf("span %d: id %s appears twice", i+1, s.ID)
		}
		seen[s.ID] = true
		rec.Spans = append(rec.Spans, s)
	}
	for i, l := range dl.Layers {
		if l.Annotator == "" {
			return nil, fmt.Errorf("layer %d names no annotator", i+1)
		}
		if err := CheckID(l.Annotator); err != nil {
			return nil, fmt.Errorf("layer %d: field annotator: %w", i+1, err)
		}
		ms, err := parseMillis(l.Modified)
		if err != nil {
			return nil, fmt.Errorf("layer %s: %v", l.Annotator, err)
		}
		rec.Named[l.Annotator] = true
		rec.Layers = append(rec.Layers, LayerInfo{Annotator: l.Annotator, Modified: ms, Done: l.Done, Answer: l.Answer})
	}
	return rec, nil
}

func spanFromWire(w *WireSpan, doc string, t *Text, opt ReadOptions) (*Span, error) {
	s := &Span{ID: w.ID, Doc: doc, Label: w.Label, Annotator: w.Annotator, Note: w.Note, Attrs: w.Attrs, Norms: w.Norms}
	if opt.Label != nil {
		opt.Label(s)
	}
	if err := CheckID(s.ID); err != nil {
		return nil, fmt.Errorf("%w: field id: %w", ErrBadSpan, err)
	}
	if err := CheckID(s.Annotator); err != nil {
		return nil, fmt.Errorf("%w %s: field annotator: %w", ErrBadSpan, s.ID, err)
	}
	name := "" // the span in a message: its ID, when the file gives one
	if s.ID != "" {
		name = " " + s.ID
	}
	if s.Annotator == "" {
		s.Annotator = opt.Annotator
	}
	if s.Annotator == "" {
		return nil, fmt.Errorf("%w%s: no annotator (give one with -annotator)", ErrBadSpan, name)
	}
	ms, err := parseMillis(w.Created)
	if err != nil {
		return nil, fmt.Errorf("%w%s: %v", ErrBadSpan, name, err)
	}
	s.Created = ms
	if len(w.Fragments) > 0 {
		for _, f := range w.Fragments {
			s.Fragments = append(s.Fragments, Fragment{Start: f[0], End: f[1]})
		}
		if s.Start() != w.Start || s.End() != w.End {
			return nil, fmt.Errorf("%w%s: start/end [%d,%d) are not the outer bounds of its fragments [%d,%d)", ErrBadSpan, name, w.Start, w.End, s.Start(), s.End())
		}
	} else {
		s.Fragments = []Fragment{{Start: w.Start, End: w.End}}
	}
	// Named as the file names it: a span without an id was named by the
	// UUID skein would have given it, which is in no file.
	if err := CheckFragments(s.Fragments, t.Len()); err != nil {
		return nil, fmt.Errorf("invalid span%s: %w", name, err)
	}
	if err := checkQuoted(s.Fragments, t, w.Text); err != nil {
		return nil, fmt.Errorf("invalid span%s: %w", name, err)
	}
	if s.ID == "" {
		// A line a script wrote may leave the ID out: the span's own
		// content names it, so the same file imported again adds nothing.
		s.ID = ContentSpanID(s)
	}
	if err := CheckSpan(s, t.Len()); err != nil {
		return nil, err
	}
	if w.Text == "" {
		return nil, fmt.Errorf("%w%s: no text (it must equal the text at [%d,%d))", ErrBadSpan, name, w.Start, w.End)
	}
	return s, nil
}

func parseThreadLine(line []byte, opt ReadOptions) (*Record, error) {
	var tl ThreadLine
	if c := FieldCase(line, &tl); c.At >= 0 {
		return nil, c.Error(fmt.Sprintf("at byte %d of the line", c.At))
	}
	if err := json.Unmarshal(line, &tl); err != nil {
		return nil, fmt.Errorf("not a thread line: %v", JSONErrorText(err, " of the line"))
	}
	th := &Thread{ID: tl.ID, Title: tl.Title, Annotator: tl.Annotator, Members: tl.Members, Kind: tl.Kind, Note: tl.Note}
	if th.Annotator == "" {
		th.Annotator = opt.Annotator
	}
	if err := CheckThreadIDs(th); err != nil {
		return nil, err
	}
	ms, err := parseMillis(tl.Created)
	if err != nil {
		return nil, fmt.Errorf("thread %s: created: %v", tl.ID, err)
	}
	th.Created = ms
	if th.Modified, err = parseMillis(tl.Modified); err != nil {
		return nil, fmt.Errorf("thread %s: modified: %v", tl.ID, err)
	}
	for i := range th.Members {
		th.Members[i].Doc = strings.TrimSpace(th.Members[i].Doc)
	}
	if len(th.Members) > 0 {
		th.Members[0].Link = ""
	}
	if err := CheckThread(th); err != nil {
		return nil, err
	}
	rec := &Record{Thread: th, Named: map[string]bool{}}
	if tl.Annotator != "" {
		rec.Named[tl.Annotator] = true
	}
	return rec, nil
}

// loneCR says whether line holds a CR that no LF follows.
func loneCR(line []byte) bool {
	for i, c := range line {
		if c == '\r' && (i+1 == len(line) || line[i+1] != '\n') {
			return true
		}
	}
	return false
}
