package formats

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/skein-news/skein/annotate"
)

// UIMA CAS XMI is INCEpTION's recommended export (and DKPro Core's and
// cTAKES's): an xmi:XMI element holding one element per annotation, its
// type named by its namespace (http:///webanno/custom.ecore → package
// webanno.custom) and its element name, its features as attributes, and
// a cas:Sofa whose sofaString is the text. Offsets (begin, end) count
// UTF-16 units, as Java does.
const (
	xmiNamespace = "http://www.omg.org/XMI"
	// xmiInitialView is the sofa INCEpTION annotates.
	xmiInitialView = "_InitialView"
	// xmiCustom is the package of INCEpTION's (and WebAnno's) own layers.
	xmiCustom = "webanno.custom."
	// xmiNER is DKPro Core's named entities' package.
	xmiNER = "de.tudarmstadt.ukp.dkpro.core.api.ner.type."
	// xmiMetaData is DKPro Core's document metadata, whose documentTitle
	// INCEpTION and DKPro Core's readers set to the document's name.
	xmiMetaData = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
)

// Bounds on what reading one XMI file holds, whatever the file says.
const (
	// maxXMIRun is the most bytes of a tag's values: the sofaString, a
	// text of at most annotate.MaxDocumentBytes, is the longest.
	maxXMIRun = 4 * annotate.MaxDocumentBytes
	// maxXMIDepth is the deepest element: an annotation is at depth 2, a
	// multi-valued feature's values at 3.
	maxXMIDepth = 16
	// maxXMIAnnotations is the most annotations of layers skein reads
	// (spans and relations) one file may hold.
	maxXMIAnnotations = 1 << 20
)

// IsXMI tells whether head, a file's first bytes, is UIMA CAS XMI: XML
// whose root is xmi:XMI. It copies nothing.
func IsXMI(head []byte) bool {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if !bytes.HasPrefix(head, []byte("<?xml")) && !bytes.HasPrefix(head, []byte("<xmi:XMI")) {
		return false
	}
	return bytes.Contains(head, []byte("<xmi:XMI")) && bytes.Contains(head, []byte(xmiNamespace))
}

// ReadXMI reads UIMA CAS XMI, one document per file, as INCEpTION exports
// it: the text from the initial view's cas:Sofa, spans from custom layers
// (webanno.custom.*) and DKPro Core's named entities, relations (a custom
// layer's Governor and Dependent) as links, all in Options.Annotator's
// layer. Tokens, sentences and the other token-level layers are left out
// with a note.
func ReadXMI(r io.Reader, file string, opt Options) (*Batch, []error) {
	if opt.Annotator == "" {
		return nil, needAnnotator(file)
	}
	b := newBuilder("UIMA CAS XMI", "label", opt)
	b.add(readXMIDoc(r, file, opt.Annotator, b.now))
	return b.finish()
}

// xmiSpan is a span annotation as read, its offsets still UTF-16 units.
type xmiSpan struct {
	id         string
	typ        string
	label      string
	sofa       string
	begin, end int
	line       int
	span       *annotate.Span
}

// xmiRel is a relation annotation as read: the xmi:ids of its ends.
type xmiRel struct {
	typ, label string
	gov, dep   string
	sofa       string
	line       int
}

// xmlStart is a start tag with its attributes' values.
type xmlStart struct {
	Name xmlName
	Attr []xmlAttr
}

type xmiReader struct {
	rec       *record
	file      string
	annotator string
	now       int64

	text      string
	sofaID    string
	sofaName  string // its sofaID: _InitialView, or another view's name
	sofaLine  int
	hasSofa   bool
	spans     []*xmiSpan
	rels      []*xmiRel
	byID      map[string]*xmiSpan
	idLine    map[string]int
	otherView int
}

func readXMIDoc(r io.Reader, file, annotator string, now int64) *record {
	x := &xmiReader{rec: &record{file: file, fallback: file}, file: file, annotator: annotator, now: now,
		byID: map[string]*xmiSpan{}, idLine: map[string]int{}}
	if err := x.read(r); err != nil {
		x.rec.errs = append(x.rec.errs, err)
		return x.rec
	}
	x.finish()
	return x.rec
}

func (x *xmiReader) fail(line int, sentinel error, format string, args ...any) error {
	return &annotate.LineError{File: x.file, Line: line, Err: errorf(sentinel, format, args...)}
}

// typeName is the UIMA type an element stands for: its namespace
// (http:///webanno/custom.ecore) as a package, then its name.
func typeName(n xmlName) string {
	ns := strings.TrimSuffix(strings.TrimPrefix(n.Space, "http:///"), ".ecore")
	if ns == "" {
		return n.Local
	}
	return strings.ReplaceAll(ns, "/", ".") + "." + n.Local
}

func (x *xmiReader) read(r io.Reader) error {
	sc := newXMIScan(r)
	// Saved as UTF-16, it read as "text outside the root element".
	if err := annotate.CheckFileStart(sc.data); err != nil {
		return &annotate.LineError{File: x.file, Line: 1, Err: err}
	}
	for {
		kind, line, err := sc.next()
		if err != nil {
			var xe *xmlError
			if errors.As(err, &xe) {
				return &annotate.LineError{File: x.file, Line: xe.line, Err: xe.err}
			}
			return &annotate.LineError{File: x.file, Err: err}
		}
		if kind == xmlEOF {
			break
		}
		if kind != xmlStartTag {
			continue
		}
		switch sc.depth {
		case 1:
			if sc.name.Space != xmiNamespace || sc.name.Local != "XMI" {
				return x.fail(line, ErrSyntax, "not UIMA CAS XMI: the root element is <%s>, want <xmi:XMI> (as INCEpTION's export 'UIMA CAS XMI' writes it)", clip(sc.name.Local))
			}
		case 2:
			if err := x.element(line, sc); err != nil {
				return err
			}
		case 3:
			x.rec.note("%d values of features given as elements (multi-valued features) left out", fmt.Sprintf("%s:%d %s", x.file, line, clip(sc.name.Local)))
		}
	}
	if !sc.root {
		return &annotate.LineError{File: x.file, Err: errorf(ErrSyntax, "not UIMA CAS XMI: no <xmi:XMI> element in it")}
	}
	if !x.hasSofa {
		return &annotate.LineError{File: x.file, Err: errorf(ErrSyntax, "no cas:Sofa with a sofaString: the file holds no text (skein reads a CAS whose text is in it)")}
	}
	return nil
}

// element reads one feature structure, a child of xmi:XMI: its values
// are made strings only where skein reads its type.
func (x *xmiReader) element(line int, sc *xmiScan) error {
	typ := typeName(sc.name)
	switch {
	case typ == "uima.cas.NULL" || typ == "uima.cas.View":
		return nil
	case typ == xmiMetaData:
		// The document's name (news.txt in INCEpTION) is the article's
		// source, as Label Studio's data.source and an INCEpTION
		// project's document name are: the title comes from the text,
		// as for them. Its language and URIs are the pipeline's, which
		// skein keeps no place for: counted in a note, as other values
		// left out are, not passed over without a word.
		_, attrs, err := sc.start()
		if err != nil {
			var xe *xmlError
			errors.As(err, &xe)
			return &annotate.LineError{File: x.file, Line: line, Err: xe.err}
		}
		var unread []string
		for _, a := range attrs {
			if a.Name.Space != "" {
				continue
			}
			switch a.Name.Local {
			case "documentTitle":
				x.rec.ownSource = strings.TrimSpace(a.Value)
			case "language", "documentUri", "documentBaseUri", "collectionId":
				if v := strings.TrimSpace(a.Value); v != "" && v != "x-unspecified" {
					unread = append(unread, a.Name.Local+"="+clip(v))
				}
			}
		}
		if len(unread) > 0 {
			x.rec.note("%d files' language and URIs (DocumentMetaData's language, documentUri, documentBaseUri, collectionId) left out", fmt.Sprintf("%s:%d %s", x.file, line, strings.Join(unread, " ")))
		}
		return nil
	case isLinguistics(typ):
		x.rec.note("%d annotations of DKPro Core's token-level layers (tokens, sentences, parts of speech, lemmas, dependencies) left out", "")
		return nil
	case typ != "uima.cas.Sofa" && !strings.HasPrefix(typ, xmiCustom) && !strings.HasPrefix(typ, xmiNER):
		x.rec.note("%d annotations of types skein does not read left out (it reads webanno.custom layers and named entities)", clip(typ))
		return nil
	}
	name, attrs, err := sc.start()
	if err != nil {
		var xe *xmlError
		errors.As(err, &xe)
		return &annotate.LineError{File: x.file, Line: line, Err: xe.err}
	}
	t := xmlStart{Name: name, Attr: attrs}
	var id, sofa, begin, end, gov, dep string
	var hasBegin, hasEnd, hasGov, hasDep bool
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == xmiNamespace && a.Name.Local == "id":
			id = a.Value
		case a.Name.Space != "":
		case a.Name.Local == "sofa":
			sofa = a.Value
		case a.Name.Local == "begin":
			begin, hasBegin = a.Value, true
		case a.Name.Local == "end":
			end, hasEnd = a.Value, true
		case a.Name.Local == "Governor":
			gov, hasGov = a.Value, true
		case a.Name.Local == "Dependent":
			dep, hasDep = a.Value, true
		}
	}
	if typ == "uima.cas.Sofa" {
		return x.sofa(line, t, id)
	}
	if strings.HasPrefix(typ, xmiCustom) && hasGov && hasDep {
		if err := x.count(line); err != nil {
			return err
		}
		label := x.label(line, t, typ)
		if label == x.short(typ) {
			label = "" // a relation without a feature: an unlabelled link
		}
		x.rels = append(x.rels, &xmiRel{typ: typ, label: label, gov: gov, dep: dep, sofa: sofa, line: line})
		return nil
	}
	if !hasBegin || !hasEnd {
		x.rec.note("%d annotations without begin and end (chains, document-level features) left out", fmt.Sprintf("%s:%d %s", x.file, line, clip(typ)))
		return nil
	}
	what := x.short(typ)
	if id != "" {
		what += " " + clip(id)
	}
	b, ok1 := xmiOffset(begin)
	e, ok2 := xmiOffset(end)
	if !ok1 || !ok2 {
		return x.fail(line, ErrSyntax, "%s: begin %q and end %q: want two whole numbers (UTF-16 units, as INCEpTION counts)", what, clip(begin), clip(end))
	}
	if e < b {
		return x.fail(line, annotate.ErrOffsets, "%s: range %d–%d is empty or reversed", what, b, e)
	}
	if err := x.count(line); err != nil {
		return err
	}
	s := &xmiSpan{id: id, typ: typ, label: x.label(line, t, typ), sofa: sofa, begin: b, end: e, line: line}
	if id != "" {
		if at, dup := x.idLine[id]; dup {
			return x.fail(line, ErrSyntax, "xmi:id %s given twice (line %d and here): an ID names one annotation", clip(id), at)
		}
		x.idLine[id] = line
		x.byID[id] = s
	}
	x.spans = append(x.spans, s)
	return nil
}

func (x *xmiReader) count(line int) error {
	if len(x.spans)+len(x.rels) >= maxXMIAnnotations {
		return x.fail(line, annotate.ErrTooLarge, "more than %d annotations of layers skein reads in one document", maxXMIAnnotations)
	}
	return nil
}

// isLinguistics tells DKPro Core's token-level types (webannoSkipped),
// which skein leaves out.
func isLinguistics(typ string) bool {
	for _, p := range webannoSkipped {
		if strings.HasPrefix(typ, p) {
			return true
		}
	}
	return false
}

func (x *xmiReader) short(typ string) string { return typ[strings.LastIndexByte(typ, '.')+1:] }

// label is an annotation's label: its feature value or label, else its
// first feature holding text (not a number, a reference or true/false),
// else its layer's name. Other features are left out with a note.
func (x *xmiReader) label(line int, t xmlStart, typ string) string {
	pick := -1
	for i, a := range t.Attr {
		if !xmiFeature(a) || a.Value == "" {
			continue
		}
		if a.Name.Local == "value" || a.Name.Local == "label" {
			pick = i
			break
		}
		if pick < 0 && !xmiNotText(a.Value) {
			pick = i
		}
	}
	for i, a := range t.Attr {
		if i != pick && xmiFeature(a) && a.Value != "" {
			x.rec.note("%d values of features other than the label left out", fmt.Sprintf("%s:%d %s=%s", x.file, line, clip(a.Name.Local), clip(a.Value)))
		}
	}
	if pick < 0 {
		return x.short(typ)
	}
	return t.Attr[pick].Value
}

// xmiFeature tells an annotation's own feature from the attributes every
// annotation has.
func xmiFeature(a xmlAttr) bool {
	if a.Name.Space != "" {
		return false
	}
	switch a.Name.Local {
	case "sofa", "begin", "end", "Governor", "Dependent":
		return false
	}
	return true
}

// xmiNotText tells a feature's value that is no label: a number, a
// reference (an xmi:id) or references ("12 13", a slot feature's links),
// or a boolean.
func xmiNotText(v string) bool {
	if v == "true" || v == "false" {
		return true
	}
	for _, f := range strings.Fields(v) {
		if _, err := strconv.ParseFloat(f, 64); err != nil {
			return false
		}
	}
	return strings.TrimSpace(v) != ""
}

func xmiOffset(s string) (int, bool) {
	if !allDigits(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, true
}

// sofa reads a cas:Sofa: the text of the initial view (or of the first
// sofa, where none is named so); other views are left out.
func (x *xmiReader) sofa(line int, t xmlStart, id string) error {
	var sofaID, text string
	hasText := false
	for _, a := range t.Attr {
		switch {
		case a.Name.Space != "":
		case a.Name.Local == "sofaID":
			sofaID = a.Value
		case a.Name.Local == "sofaString":
			text, hasText = a.Value, true
		}
	}
	if x.hasSofa {
		if sofaID == xmiInitialView && x.sofaName == xmiInitialView {
			return x.fail(line, ErrSyntax, "a second cas:Sofa named _InitialView (the first at line %d): a CAS has one initial view, so which holds the article's text cannot be told; remove the one that is not", x.sofaLine)
		}
		if sofaID == xmiInitialView {
			return x.fail(line, ErrSyntax, "the initial view's cas:Sofa comes after another (line %d): skein reads one view, the initial one, first", x.sofaLine)
		}
		x.otherView++
		return nil
	}
	if !hasText {
		return x.fail(line, ErrSyntax, "cas:Sofa %s has no sofaString: its text is elsewhere (sofaURI), and skein reads a CAS whose text is in it", clip(sofaID))
	}
	x.text, x.sofaID, x.sofaName, x.sofaLine, x.hasSofa = text, id, sofaID, line, true
	return nil
}

// finish makes the article, its spans and links, once the text is known.
func (x *xmiReader) finish() {
	rec := x.rec
	rec.line = x.sofaLine
	if err := rec.setText(x.text); err != nil {
		rec.fail("", x.sofaLine, err)
		return
	}
	rec.line = 0
	// cpAt[u] is the code point at UTF-16 unit u, -1 inside a pair.
	cpAt := make([]int32, 0, len(x.text)+1)
	n := int32(0)
	for _, c := range x.text {
		cpAt = append(cpAt, n)
		if utf16.RuneLen(c) == 2 {
			cpAt = append(cpAt, -1)
		}
		n++
	}
	cpAt = append(cpAt, n)
	units := len(cpAt) - 1
	if x.otherView > 0 {
		rec.note("%d views other than the initial one (sofas) left out", "")
	}
	for _, s := range x.spans {
		if s.sofa != "" && s.sofa != x.sofaID {
			rec.note("%d annotations of views other than the initial one left out", fmt.Sprintf("%s:%d", x.file, s.line))
			continue
		}
		what := x.short(s.typ)
		if s.id != "" {
			what += " " + clip(s.id)
		}
		if s.end > units {
			rec.fail("", s.line, errorf(annotate.ErrOffsets, "%s: offset %d past the end of the text (%d UTF-16 units)", what, s.end, units))
			continue
		}
		b, e := cpAt[s.begin], cpAt[s.end]
		if b < 0 || e < 0 {
			rec.fail("", s.line, errorf(annotate.ErrOffsets, "%s: offsets %d–%d cut a character beyond U+FFFF in two (they count UTF-16 units)", what, s.begin, s.end))
			continue
		}
		if b == e {
			rec.note("%d annotations of no width left out (skein's spans cover one character or more)", fmt.Sprintf("%s:%d", x.file, s.line))
			continue
		}
		label := s.label
		span, err := rec.addSpan(what, label, []annotate.Fragment{{Start: int(b), End: int(e)}}, x.annotator, x.now)
		if err != nil {
			rec.fail("", s.line, err)
			continue
		}
		s.span = span
	}
	for _, r := range x.rels {
		gov, dep := x.byID[r.gov], x.byID[r.dep]
		if gov == nil || dep == nil || gov.span == nil || dep.span == nil {
			rec.note("%d relations whose ends are not spans skein read left out", fmt.Sprintf("%s:%d", x.file, r.line))
			continue
		}
		if _, err := rec.addLink(fmt.Sprintf("the relation %s", x.short(r.typ)), gov.span, dep.span, r.label, x.now); err != nil {
			rec.fail("", r.line, err)
		}
	}
	rec.worked = []string{x.annotator}
}
