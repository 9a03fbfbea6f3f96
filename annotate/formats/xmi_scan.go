package formats

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// xmiScan reads the XML of a UIMA CAS XMI file, element by element, as far
// as the reader needs it: names resolved to their namespaces, attributes'
// values decoded, end tags matched to their start tags. It reads what
// encoding/xml reads, at a fifth of the cost (BenchmarkBrat1000/import-xmi: 1.4 s with encoding/xml, 0.29 s) (the tokens of a CAS are
// most of its elements, and most of its reading): a tag's values are kept
// in one buffer reused for the next tag, names are made once, and values
// are made strings only for the elements skein reads.
//
// It holds at most one tag at a time (a tag of more than maxXMIRun bytes
// is refused) and the names of the open elements (at most maxXMIDepth);
// text between elements, comments and processing instructions are read
// past, not kept. A DOCTYPE, and with it every entity but XML's five, and
// CDATA, which UIMA CAS XMI never has, are refused.
type xmiScan struct {
	r    io.Reader
	line int
	// data[pos:] is what was read and not yet scanned.
	data []byte
	pos  int
	rerr error // the reader's error, once data is used up

	// The current start tag: its name and its attributes, whose values
	// lie back to back in buf.
	name  xmlName
	attrs []rawAttr
	buf   []byte

	names map[string]string // made once: element and attribute names
	ns    map[string]string // prefix → namespace, of the open elements
	open  []openElem
	depth int  // the current start tag's: 1 for the root
	root  bool // the root element has begun
	done  bool // … and ended
}

type xmlName struct{ Space, Local string }

type xmlAttr struct {
	Name  xmlName
	Value string
}

type rawAttr struct {
	prefix, local string
	start, end    int
}

// openElem is an element begun and not ended: its name as written, and
// the namespace bindings it made, to undo at its end.
type openElem struct {
	qname string
	undo  []nsBinding
}

type nsBinding struct {
	prefix, uri string
	had         bool
}

// The kinds of what next returns.
const (
	xmlStartTag = iota + 1
	xmlEndTag
	xmlEOF
)

func newXMIScan(r io.Reader) *xmiScan {
	s := &xmiScan{r: r, line: 1, data: make([]byte, 0, 64<<10), names: map[string]string{},
		ns: map[string]string{"xml": "http://www.w3.org/XML/1998/namespace"}}
	s.fill()
	if bytes.HasPrefix(s.data, []byte("\xef\xbb\xbf")) {
		s.pos = 3
	}
	return s
}

// fill reads more, keeping the last byte scanned (for unread); false at
// the end of the file or on an error (rerr).
func (s *xmiScan) fill() bool {
	if s.rerr != nil {
		return false
	}
	keep := 0
	if s.pos > 0 {
		keep = 1
	}
	n := copy(s.data[:cap(s.data)], s.data[s.pos-keep:])
	s.data, s.pos = s.data[:n], keep
	for len(s.data) < cap(s.data) {
		m, err := s.r.Read(s.data[len(s.data):cap(s.data)])
		s.data = s.data[:len(s.data)+m]
		if err != nil {
			s.rerr = err
			break
		}
		if m > 0 {
			break
		}
	}
	return s.pos < len(s.data)
}

// readByte is the next byte, counting lines (\r\n, \r or \n); false at the end or on an
// error.
func (s *xmiScan) readByte() (byte, bool) {
	if s.pos == len(s.data) && !s.fill() {
		return 0, false
	}
	c := s.data[s.pos]
	s.pos++
	if c == '\n' && !s.afterCR() || c == '\r' {
		s.line++
	}
	return c, true
}

// afterCR tells a \n just read that ends the line a \r ended (XML ends
// lines with \r\n, \r or \n). fill keeps the byte before the one read.
func (s *xmiScan) afterCR() bool { return s.pos >= 2 && s.data[s.pos-2] == '\r' }

// readErr is why readByte gave nothing: the end (nil) or the reader's error.
func (s *xmiScan) readErr() error {
	if s.rerr == io.EOF {
		return nil
	}
	return s.rerr
}

// xmlError is a document that is not well-formed XML, at line.
type xmlError struct {
	line int
	err  error
}

func (e *xmlError) Error() string { return e.err.Error() }
func (e *xmlError) Unwrap() error { return e.err }

func (s *xmiScan) fail(format string, args ...any) error {
	return &xmlError{s.line, errorf(ErrSyntax, "not well-formed XML: "+format, args...)}
}

func (s *xmiScan) failAs(err error) error { return &xmlError{s.line, err} }

// byte reads one byte inside a tag: its end is an error.
func (s *xmiScan) byte() (byte, error) {
	c, ok := s.readByte()
	if !ok {
		if err := s.readErr(); err != nil {
			return 0, &xmlError{s.line, fmt.Errorf("cannot read: %w", err)}
		}
		return 0, s.fail("the file ends inside a tag, a comment or a processing instruction")
	}
	return c, nil
}

// unread gives back c, the byte last read.
func (s *xmiScan) unread(c byte) {
	if c == '\n' && !s.afterCR() || c == '\r' {
		s.line--
	}
	s.pos--
}

// next reads up to the next start or end tag, returning its kind and the
// line it begins on.
func (s *xmiScan) next() (kind, line int, err error) {
	for {
		// Text between tags: passed over, white space outside the root.
		c, ok := s.readByte()
		if !ok {
			if err := s.readErr(); err != nil {
				return 0, s.line, &xmlError{s.line, fmt.Errorf("cannot read: %w", err)}
			}
			if len(s.open) > 0 {
				return 0, s.line, s.fail("the file ends before <%s> is closed", s.open[len(s.open)-1].qname)
			}
			return xmlEOF, s.line, nil
		}
		switch {
		case c == '\n':
			continue
		case c == '<':
		case c == ' ' || c == '\t' || c == '\r':
			continue
		case len(s.open) == 0:
			return 0, s.line, s.fail("text outside the root element")
		case c < 0x20:
			return 0, s.line, s.fail("control byte 0x%02x", c)
		default:
			continue
		}
		line = s.line
		c, err := s.byte()
		if err != nil {
			return 0, line, err
		}
		switch c {
		case '?':
			if err := s.procInst(); err != nil {
				return 0, line, err
			}
		case '!':
			if err := s.comment(); err != nil {
				return 0, line, err
			}
		case '/':
			return xmlEndTag, line, s.endTag()
		default:
			s.unread(c)
			if s.done {
				return 0, line, s.fail("a second root element")
			}
			if err := s.startTag(); err != nil {
				return 0, line, err
			}
			return xmlStartTag, line, nil
		}
	}
}

// procInst reads past <?…?>, checking the XML declaration's version and
// encoding.
func (s *xmiScan) procInst() error {
	var head []byte // its first bytes, enough for the declaration
	var last byte
	for n := 0; ; n++ {
		c, err := s.byte()
		if err != nil {
			return err
		}
		if c == '>' && last == '?' {
			break
		}
		if n < 256 {
			head = append(head, c)
		}
		last = c
	}
	if len(head) < 4 || string(head[:3]) != "xml" || (head[3] != ' ' && head[3] != '\t' && head[3] != '\r' && head[3] != '\n') {
		return nil
	}
	if v := declValue(head, "version"); v != "" && v != "1.0" {
		return s.failAs(errorf(ErrSyntax, "XML %s, which skein does not read: export from INCEpTION with the format UIMA CAS XMI (XML 1.0)", clip(v)))
	}
	if e := declValue(head, "encoding"); e != "" && !equalFoldASCII(e, "UTF-8") && !equalFoldASCII(e, "UTF8") {
		return s.failAs(errorf(ErrSyntax, "the file declares the encoding %s: INCEpTION writes UTF-8, and skein reads UTF-8 alone", clip(e)))
	}
	return nil
}

// declValue is the value of name="…" in an XML declaration.
func declValue(decl []byte, name string) string {
	d := string(decl)
	for i := 0; i+len(name) < len(d); i++ {
		if d[i:i+len(name)] != name {
			continue
		}
		j := i + len(name)
		for j < len(d) && (d[j] == ' ' || d[j] == '=') {
			j++
		}
		if j < len(d) && (d[j] == '"' || d[j] == '\'') {
			q := d[j]
			for k := j + 1; k < len(d); k++ {
				if d[k] == q {
					return d[j+1 : k]
				}
			}
		}
	}
	return ""
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}

// comment reads past <!--…-->; any other <! is refused.
func (s *xmiScan) comment() error {
	for i := 0; i < 2; i++ {
		c, err := s.byte()
		if err != nil {
			return err
		}
		if c != '-' {
			return s.failAs(errorf(ErrSyntax, "a declaration (<!DOCTYPE, <![CDATA[ …): UIMA CAS XMI has none, and skein reads no entity declarations"))
		}
	}
	var a, b byte
	for {
		c, err := s.byte()
		if err != nil {
			return err
		}
		if c == '>' && a == '-' && b == '-' {
			return nil
		}
		a, b = b, c
	}
}

// readName reads a name up to white space, '=', '/' or '>', made once.
func (s *xmiScan) readName() (string, error) {
	// Where the whole name is in data, as it mostly is: looked up there.
	for i := s.pos; i < len(s.data) && i-s.pos <= 1024; i++ {
		c := s.data[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '=' || c == '/' || c == '>' {
			if name, ok := s.names[string(s.data[s.pos:i])]; ok && i > s.pos {
				s.pos = i
				return name, nil
			}
			break
		}
	}
	var tmp [64]byte
	n := tmp[:0]
	for {
		c, err := s.byte()
		if err != nil {
			return "", err
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '=' || c == '/' || c == '>' {
			s.unread(c)
			break
		}
		if c == '<' || c == '"' || c == '\'' || c == '&' || c < 0x20 {
			return "", s.fail("%q in a name", c)
		}
		if len(n) >= 1024 {
			return "", s.fail("a name longer than 1024 bytes")
		}
		n = append(n, c)
	}
	if len(n) == 0 {
		return "", s.fail("a tag or attribute without a name")
	}
	if name, ok := s.names[string(n)]; ok {
		return name, nil
	}
	if !utf8.Valid(n) {
		return "", s.fail("a name that is not UTF-8")
	}
	name := string(n)
	if len(s.names) < 4096 {
		s.names[name] = name
	}
	return name, nil
}

func (s *xmiScan) space() (byte, error) {
	for {
		c, err := s.byte()
		if err != nil {
			return 0, err
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c, nil
		}
	}
}

func cutPrefix(q string) (prefix, local string) {
	for i := 0; i < len(q); i++ {
		if q[i] == ':' {
			return q[:i], q[i+1:]
		}
	}
	return "", q
}

// startTag reads a start tag after its '<': its name, its attributes
// (values decoded into buf), and for <x/> its end at once.
func (s *xmiScan) startTag() error {
	qname, err := s.readName()
	if err != nil {
		return err
	}
	s.attrs, s.buf = s.attrs[:0], s.buf[:0]
	empty := false
	for {
		c, err := s.space()
		if err != nil {
			return err
		}
		if c == '>' {
			break
		}
		if c == '/' {
			if c, err = s.byte(); err != nil {
				return err
			}
			if c != '>' {
				return s.fail("'/' not followed by '>' in <%s>", qname)
			}
			empty = true
			break
		}
		s.unread(c)
		an, err := s.readName()
		if err != nil {
			return err
		}
		if c, err = s.space(); err != nil {
			return err
		}
		if c != '=' {
			return s.fail("attribute %s of <%s> without a value", an, qname)
		}
		q, err := s.space()
		if err != nil {
			return err
		}
		if q != '"' && q != '\'' {
			return s.fail("the value of %s in <%s> is not quoted", an, qname)
		}
		start := len(s.buf)
		if err := s.value(q); err != nil {
			return err
		}
		p, l := cutPrefix(an)
		for _, a := range s.attrs {
			if a.prefix == p && a.local == l {
				return s.fail("attribute %s given twice in <%s>", an, qname)
			}
		}
		s.attrs = append(s.attrs, rawAttr{prefix: p, local: l, start: start, end: len(s.buf)})
	}
	if len(s.open) >= maxXMIDepth {
		return s.failAs(errorf(ErrSyntax, "elements nested %d deep: UIMA CAS XMI nests an annotation's values 3 deep at most", len(s.open)+1))
	}
	// Namespace declarations, in scope until the element ends.
	var undo []nsBinding
	for _, a := range s.attrs {
		prefix := ""
		switch {
		case a.prefix == "xmlns":
			prefix = a.local
		case a.prefix == "" && a.local == "xmlns":
		default:
			continue
		}
		old, had := s.ns[prefix]
		undo = append(undo, nsBinding{prefix, old, had})
		s.ns[prefix] = string(s.buf[a.start:a.end])
	}
	s.root = true
	s.open = append(s.open, openElem{qname: qname, undo: undo})
	s.depth = len(s.open)
	p, l := cutPrefix(qname)
	space, ok := s.ns[p]
	if !ok && p != "" {
		return s.fail("the prefix of <%s> is declared nowhere (xmlns:%s)", qname, p)
	}
	s.name = xmlName{Space: space, Local: l}
	for _, a := range s.attrs {
		if _, ok := s.ns[a.prefix]; !ok && a.prefix != "" && a.prefix != "xmlns" {
			return s.fail("the prefix of attribute %s:%s is declared nowhere", a.prefix, a.local)
		}
	}
	if empty {
		s.close()
	}
	return nil
}

// close ends the innermost open element.
func (s *xmiScan) close() {
	e := s.open[len(s.open)-1]
	s.open = s.open[:len(s.open)-1]
	for i := len(e.undo) - 1; i >= 0; i-- {
		b := e.undo[i]
		if b.had {
			s.ns[b.prefix] = b.uri
		} else {
			delete(s.ns, b.prefix)
		}
	}
	if len(s.open) == 0 {
		s.done = true
	}
}

// endTag reads an end tag after its "</".
func (s *xmiScan) endTag() error {
	qname, err := s.readName()
	if err != nil {
		return err
	}
	c, err := s.space()
	if err != nil {
		return err
	}
	if c != '>' {
		return s.fail("</%s followed by %q, want '>'", qname, c)
	}
	if len(s.open) == 0 {
		return s.fail("</%s> closes no element", qname)
	}
	if open := s.open[len(s.open)-1].qname; open != qname {
		_, l := cutPrefix(qname)
		_, o := cutPrefix(open)
		return s.fail("element <%s> closed by </%s>", o, l)
	}
	s.close()
	return nil
}

// value reads an attribute's value up to the quote q, decoding
// references, into buf. White space in it is a space, as XML has it.
func (s *xmiScan) value(q byte) error {
	for {
		// A run of plain bytes, copied at once.
		i := s.pos
		for i < len(s.data) && i-s.pos < 4096 {
			c := s.data[i]
			if c == q || c == '<' || c == '&' || c < 0x20 {
				break
			}
			i++
		}
		if i > s.pos && len(s.buf)+(i-s.pos) <= cap(s.buf) {
			s.buf = append(s.buf, s.data[s.pos:i]...)
			s.pos = i
		}
		c, err := s.byte()
		if err != nil {
			return err
		}
		switch {
		case c == q:
			return nil
		case c == '<':
			return s.fail("'<' in an attribute's value")
		case c == '&':
			if err := s.reference(); err != nil {
				return err
			}
			continue
		case c == '\r':
			// XML ends a line with \r\n, or \r, as with \n, before it
			// makes each line end of a value a space: one space, as Java
			// read it, or every offset after it lands a character early.
			n, err := s.byte()
			if err != nil {
				return err
			}
			if n != '\n' {
				s.unread(n)
			}
			c = ' '
		case c == '\t' || c == '\n':
			c = ' '
		case c < 0x20:
			return s.fail("control byte 0x%02x in an attribute's value", c)
		}
		if err := s.room(1); err != nil {
			return err
		}
		s.buf = append(s.buf, c)
	}
}

// room makes room in buf for n bytes more, within maxXMIRun. It doubles
// buf, where append grows a large slice by a quarter: a sofaString of 40
// MB allocated 200 MB on its way.
func (s *xmiScan) room(n int) error {
	if len(s.buf)+n <= cap(s.buf) {
		return nil
	}
	if len(s.buf)+n > maxXMIRun {
		return s.failAs(errorf(annotate.ErrTooLarge, "a tag of more than %d bytes: its values are longer than any article's text", maxXMIRun))
	}
	s.buf = append(make([]byte, 0, min(2*cap(s.buf)+4096, maxXMIRun)), s.buf...)
	return nil
}

// reference decodes &name; or &#N; after its '&', within maxXMIRun (a
// value of references alone grew without end).
func (s *xmiScan) reference() error {
	if err := s.room(utf8.UTFMax); err != nil {
		return err
	}
	var tmp [16]byte
	n := tmp[:0]
	for {
		c, err := s.byte()
		if err != nil {
			return err
		}
		if c == ';' {
			break
		}
		if len(n) == 10 {
			return s.fail("'&' begins no reference (&lt; &#10; …)")
		}
		n = append(n, c)
	}
	switch string(n) {
	case "lt":
		s.buf = append(s.buf, '<')
	case "gt":
		s.buf = append(s.buf, '>')
	case "amp":
		s.buf = append(s.buf, '&')
	case "quot":
		s.buf = append(s.buf, '"')
	case "apos":
		s.buf = append(s.buf, '\'')
	default:
		if len(n) < 2 || n[0] != '#' {
			return s.fail("the entity &%s;, which XML does not define (skein reads no entity declarations)", clip(string(n)))
		}
		var v uint64
		var err error
		if n[1] == 'x' {
			v, err = strconv.ParseUint(string(n[2:]), 16, 32)
		} else {
			v, err = strconv.ParseUint(string(n[1:]), 10, 32)
		}
		r := rune(v)
		if err != nil || !xmlChar(r) {
			return s.fail("the character reference &%s; is no character XML 1.0 allows", clip(string(n)))
		}
		s.buf = utf8.AppendRune(s.buf, r)
	}
	return nil
}

// xmlChar tells the characters XML 1.0 allows.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// attr is the i-th attribute of the current tag, its value made a string.
func (s *xmiScan) attr(i int) xmlAttr {
	a := s.attrs[i]
	space := ""
	switch {
	case a.prefix == "xmlns" || a.prefix == "" && a.local == "xmlns":
		// A namespace declared on an annotation's element: no feature
		// (its label was the namespace's name).
		space = "xmlns"
	case a.prefix != "":
		space = s.ns[a.prefix]
	}
	return xmlAttr{Name: xmlName{Space: space, Local: a.local}, Value: string(s.buf[a.start:a.end])}
}

// start is the current tag with its attributes' values made strings.
func (s *xmiScan) start() (xmlName, []xmlAttr, error) {
	attrs := make([]xmlAttr, len(s.attrs))
	for i := range s.attrs {
		attrs[i] = s.attr(i)
		if !utf8.ValidString(attrs[i].Value) {
			return s.name, nil, s.fail("the value of %s is not UTF-8", attrs[i].Name.Local)
		}
	}
	return s.name, attrs, nil
}
