package formats

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/skein-news/skein/annotate"
)

// webannoPrefix begins the first line of every WebAnno TSV file.
const webannoPrefix = "#FORMAT=WebAnno TSV "

// webannoVersions are the versions of WebAnno TSV skein reads: INCEpTION
// writes 3.3, WebAnno 3.2, older scripts 3.1; their bodies are alike.
var webannoVersions = []string{"3.1", "3.2", "3.3"}

// IsWebAnno tells whether head, a file's first bytes, begins as WebAnno
// TSV does: with its #FORMAT= line. It copies nothing: Detect asks it of
// every file a team folder's pull reads.
func IsWebAnno(head []byte) bool {
	return bytes.HasPrefix(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), []byte(webannoPrefix))
}

// webannoSkipped are the DKPro Core layers of token-level linguistics
// (parts of speech, lemmas, tokens and sentences, dependencies, PDF pages):
// one value on every token, not spans of meaning, so they are left out
// with a note rather than imported as thousands of spans.
var webannoSkipped = []string{
	"de.tudarmstadt.ukp.dkpro.core.api.lexmorph.",
	"de.tudarmstadt.ukp.dkpro.core.api.segmentation.",
	"de.tudarmstadt.ukp.dkpro.core.api.syntax.",
	"org.dkpro.core.api.pdf.",
}

// tsvLayer is a layer the header declares: its kind ('S' span, 'C'
// chain, 'R' relation), its type name, the columns it holds (first is the
// index of its first annotation column) and which of them is read.
type tsvLayer struct {
	kind  byte
	name  string
	feats []string // one per column; "" for a layer without features
	first int
	// label is the column whose value is a span's label (spans), a
	// relation's link label (relations), -1 for none.
	label int
	skip  string // why the layer is left out, "" when it is read
	base  int    // relations: the layer the relation joins, -1 for none
}

func (l *tsvLayer) short() string {
	return l.name[strings.LastIndexByte(l.name, '.')+1:]
}

// maxExtraUnits is how many tokens and sub-tokens a file may hold beyond
// two for each UTF-16 unit of its text: the room an INCEpTION export uses
// (a token per unit at most, and its sub-tokens within it), with some
// to spare for sub-tokens of no width.
const maxExtraUnits = 1024

// tsvUnit is a token or sub-token: its ID ("1-3", "1-3.1") and code-point
// offsets.
type tsvUnit struct {
	id         string
	start, end int
	line       int
}

// tsvSpan is an annotation of a span or chain layer being read: the units
// it covers widen it.
type tsvSpan struct {
	layer      int
	label      string
	start, end int
	line       int
	span       *annotate.Span
}

// tsvRel is a relation read on its target unit, joined once every unit is
// known (its source may come later in the file).
type tsvRel struct {
	layer    int
	label    string
	source   string // the source unit's ID
	srcID    int    // the source's disambiguation ID, 0 for none
	target   int    // the target unit's index
	tgtID    int
	line     int
	rawValue string
}

// tsvChainLink is one link of a chain: its span and the relation to the
// next link.
type tsvChainLink struct {
	span *tsvSpan
	rel  string
}

// ReadWebAnno reads WebAnno TSV 3.x, the format INCEpTION (and WebAnno)
// export a document in: one article per file, its text made of the
// #Text= lines as INCEpTION makes it, its spans from the span layers
// (NamedEntity's value, a custom layer's feature), relations as links
// and chains as threads, all in Options.Annotator's layer (the format
// names no annotator). Offsets in the file count UTF-16 units, as Java
// does; skein's count code points, and are converted.
func ReadWebAnno(r io.Reader, file string, opt Options) (*Batch, []error) {
	if opt.Annotator == "" {
		return nil, needAnnotator(file)
	}
	b := newBuilder("WebAnno TSV", "label", opt)
	rec := readWebAnnoDoc(r, file, opt.Annotator, b.now)
	b.add(rec)
	return b.finish()
}

// webannoReader holds what reading one file gathers.
type webannoReader struct {
	rec       *record
	file      string
	annotator string
	now       int64

	layers []*tsvLayer
	ncols  int

	// The text, as code points, and for each UTF-16 unit of it the code
	// point it begins, -1 inside a surrogate pair (one more entry than
	// units: the end).
	runes []rune
	cpAt  []int32
	// textAt are the lines of the #Text= lines of the sentence being
	// read; controlAt, the first line whose text, taken into the
	// article, holds a control byte: where a text refused as binary is
	// said to be wrong (it was said at line 1).
	textAt    []int
	controlAt int

	units   []tsvUnit
	unitIdx map[string]int
	// onUnit lists, by unit and layer, the spans that cover the unit.
	onUnit  map[[2]int][]*tsvSpan
	byID    map[int]*tsvSpan // disambiguation ID → span
	spans   []*tsvSpan
	rels    []tsvRel
	chains  map[int]map[int]*tsvChainLink
	chainAt map[[2]int]int // chain, link → line first seen
	joined  annotate.Joined
}

func readWebAnnoDoc(r io.Reader, file, annotator string, now int64) *record {
	w := &webannoReader{rec: &record{file: file, line: 1, fallback: file}, file: file, annotator: annotator, now: now,
		unitIdx: map[string]int{}, onUnit: map[[2]int][]*tsvSpan{}, byID: map[int]*tsvSpan{},
		chains: map[int]map[int]*tsvChainLink{}, chainAt: map[[2]int]int{}, cpAt: []int32{0}, joined: annotate.Joined{File: file}}
	err := w.read(r)
	if n := w.joined.Note(); n != "" {
		w.rec.said = append(w.rec.said, n)
	}
	if err != nil {
		w.rec.errs = append(w.rec.errs, err)
		return w.rec
	}
	if len(w.rec.errs) > 0 {
		return w.rec
	}
	w.finish()
	return w.rec
}

// fail is a problem at line n.
func (w *webannoReader) fail(n int, format string, args ...any) error {
	return &annotate.LineError{File: w.file, Line: n, Err: errorf(ErrSyntax, format, args...)}
}

func (w *webannoReader) read(r io.Reader) error {
	br := bufio.NewReader(r) // a file is an article: ReadLine takes longer lines whole
	if err := annotate.PeekFileStart(br); err != nil {
		return &annotate.LineError{File: w.file, Line: 1, Err: err}
	}
	n := 0
	// phase: 0 the #FORMAT line, 1 the header, 2 the body
	phase := 0
	var sentence []string // the #Text lines of the sentence being read
	inSentence := false   // a token of the sentence has been read
	sentenceLine := 0
	sentenceBytes := 0 // the #Text lines' bytes, bounded as the text is
	for {
		raw, err := annotate.ReadLine(br, annotate.MaxLineBytes)
		if errors.Is(err, annotate.ErrBinary) && !errors.As(err, new(annotate.UTF16Error)) {
			return &annotate.LineError{File: w.file, Line: n + 1, Err: fmt.Errorf("%w: a NUL byte, which no WebAnno TSV file has; the rest of the file was not read", annotate.ErrBinary)}
		}
		if errors.Is(err, annotate.ErrLineTooLong) || errors.Is(err, annotate.ErrBinary) {
			return &annotate.LineError{File: w.file, Line: n + 1, Err: err}
		}
		if err != nil && err != io.EOF {
			return &annotate.LineError{File: w.file, Err: fmt.Errorf("cannot read: %w", err)}
		}
		if len(raw) == 0 && err == io.EOF {
			break
		}
		n++
		raw = w.joined.Trim(raw, n)
		if cerr := checkUTF8(raw, " of the line"); cerr != nil {
			return &annotate.LineError{File: w.file, Line: n, Err: cerr}
		}
		line := strings.TrimSuffix(strings.TrimSuffix(string(raw), "\n"), "\r")
		switch {
		case phase == 0:
			if err := w.format(n, line); err != nil {
				return err
			}
			phase = 1
		case phase == 1 && line != "":
			if err := w.header(n, line); err != nil {
				return err
			}
		case phase == 1:
			phase = 2
		case line == "":
			sentence, inSentence, sentenceBytes, w.textAt = nil, false, 0, w.textAt[:0]
		case strings.HasPrefix(line, "#"):
			if inSentence {
				return w.fail(n, "a sentence header (%s) among the tokens of a sentence: want a blank line before it", clip(line))
			}
			if rest, ok := strings.CutPrefix(line, "#Text="); ok {
				if len(sentence) == 0 {
					sentenceLine = n
				}
				sentence = append(sentence, unescapeTSV(rest))
				w.textAt = append(w.textAt, n)
				if sentenceBytes += len(rest); len(w.runes)+sentenceBytes > annotate.MaxDocumentBytes {
					return &annotate.LineError{File: w.file, Line: n, Err: fmt.Errorf("text: %w", annotate.ErrTooLarge)}
				}
				continue
			}
			// #Sentence.id= (3.3), or a header of a later version:
			// skein keeps no sentences, the text's line breaks are kept.
			w.rec.note("%d sentence header lines other than #Text= (#Sentence.id=) left out", fmt.Sprintf("%s:%d", w.file, n))
		default:
			if !inSentence {
				if len(sentence) == 0 {
					return w.fail(n, "a token line before any #Text= line: each sentence begins with its text")
				}
			}
			if err := w.token(n, line, sentence, !inSentence, sentenceLine); err != nil {
				return err
			}
			inSentence = true
		}
		if err == io.EOF {
			break
		}
	}
	if phase == 0 {
		return &annotate.LineError{File: w.file, Err: fmt.Errorf("%w: no WebAnno TSV in it", annotate.ErrEmpty)}
	}
	return nil
}

// format checks the #FORMAT line.
func (w *webannoReader) format(n int, line string) error {
	v, ok := strings.CutPrefix(line, webannoPrefix)
	if !ok {
		return w.fail(n, "not WebAnno TSV: the first line is %q, want \"#FORMAT=WebAnno TSV 3.3\" (as INCEpTION writes it)", clip(line))
	}
	for _, x := range webannoVersions {
		if v == x {
			return nil
		}
	}
	return w.fail(n, "WebAnno TSV version %q, which skein does not read (it reads %s)", clip(v), strings.Join(webannoVersions, ", "))
}

// header reads a layer declaration.
func (w *webannoReader) header(n int, line string) error {
	var kind byte
	switch {
	case strings.HasPrefix(line, "#T_SP="):
		kind = 'S'
	case strings.HasPrefix(line, "#T_CH="):
		kind = 'C'
	case strings.HasPrefix(line, "#T_RL="):
		kind = 'R'
	default:
		return w.fail(n, "%q in the header: want a layer (#T_SP=, #T_CH= or #T_RL=), then two blank lines before the first #Text=", clip(line))
	}
	fields := strings.Split(line[len("#T_SP="):], "|")
	l := &tsvLayer{kind: kind, name: fields[0], feats: fields[1:], first: w.ncols, label: -1, base: -1}
	if l.name == "" {
		return w.fail(n, "a layer without a type name")
	}
	if len(l.feats) == 0 {
		l.feats = []string{""} // INCEpTION's placeholder column
	}
	for _, p := range webannoSkipped {
		if strings.HasPrefix(l.name, p) {
			l.skip = "token-level linguistics, not spans of meaning"
		}
	}
	switch kind {
	case 'C':
		if len(l.feats) != 2 || l.feats[0] != "referenceType" || l.feats[1] != "referenceRelation" {
			return w.fail(n, "chain layer %s declares %s: want referenceType|referenceRelation", clip(l.name), clip(strings.Join(l.feats, "|")))
		}
	case 'R':
		last := l.feats[len(l.feats)-1]
		bt, ok := strings.CutPrefix(last, "BT_")
		if !ok {
			return w.fail(n, "relation layer %s ends with %q: want its base type last, as BT_<span layer>", clip(l.name), clip(last))
		}
		for i, o := range w.layers {
			if o.name == bt && o.kind == 'S' {
				l.base = i
			}
		}
		if l.skip == "" && (l.base < 0 || w.layers[l.base].skip != "") {
			l.skip = "it joins " + bt + ", which is not a span layer skein reads"
		}
		l.label = pickLabel(l.feats[:len(l.feats)-1])
	case 'S':
		l.label = pickLabel(l.feats)
	}
	w.ncols += len(l.feats)
	w.layers = append(w.layers, l)
	return nil
}

// pickLabel chooses, among a layer's feature columns, the one whose value
// is the label: one named value or label, else the first plain feature
// (slot features, ROLE_ and the type after it, are not plain); -1 for
// none.
func pickLabel(feats []string) int {
	first := -1
	for i, f := range feats {
		if f == "" || strings.HasPrefix(f, "ROLE_") || (i > 0 && strings.HasPrefix(feats[i-1], "ROLE_")) {
			continue
		}
		if f == "value" || f == "label" {
			return i
		}
		if first < 0 {
			first = i
		}
	}
	return first
}

// appendText adds a sentence's text as INCEpTION places it: after a line
// break ending the sentence before, padded with spaces to where its first
// token begins (begin, UTF-16 units).
func (w *webannoReader) appendText(n int, sentence []string, begin int) error {
	// Each sentence's text was followed by a line break: dropped where
	// the next sentence begins at it, as INCEpTION drops it.
	switch t := len(w.cpAt) - 1; {
	case t > begin+1 || (t == begin+1 && w.runes[len(w.runes)-1] != '\n'):
		return w.fail(n, "the sentence's first token begins at %d, inside the text before it (%d UTF-16 units long)", begin, t-1)
	case t == begin+1:
		w.runes, w.cpAt = w.runes[:len(w.runes)-1], w.cpAt[:len(w.cpAt)-1]
	}
	// The spaces up to begin count against the text's limit before one is
	// added: a token at 999999990 would otherwise pad gigabytes.
	if pad := begin - (len(w.cpAt) - 1); len(w.runes)+pad > annotate.MaxDocumentBytes {
		return &annotate.LineError{File: w.file, Line: n, Err: fmt.Errorf("text: %w (its first token begins at %d)", annotate.ErrTooLarge, begin)}
	}
	for len(w.cpAt)-1 < begin {
		w.add(' ')
	}
	for i, s := range sentence {
		if i > 0 {
			w.add('\n')
		}
		if w.controlAt == 0 && strings.IndexFunc(s, func(r rune) bool { return r < 0x20 && annotate.IsControlByte(byte(r)) }) >= 0 {
			w.controlAt = w.textAt[i]
		}
		for _, c := range s {
			w.add(c)
		}
	}
	w.add('\n')
	if len(w.runes) > annotate.MaxDocumentBytes {
		return &annotate.LineError{File: w.file, Line: n, Err: fmt.Errorf("text: %w", annotate.ErrTooLarge)}
	}
	return nil
}

func (w *webannoReader) add(c rune) {
	w.runes = append(w.runes, c)
	cp := int32(len(w.runes))
	if utf16.RuneLen(c) == 2 {
		w.cpAt = append(w.cpAt, -1)
	}
	w.cpAt = append(w.cpAt, cp)
}

// token reads a token or sub-token line.
func (w *webannoReader) token(n int, line string, sentence []string, first bool, sentenceLine int) error {
	fields := strings.Split(line, "\t")
	want := 3 + w.ncols
	if len(fields) > 3 && fields[len(fields)-1] == "" {
		fields = fields[:len(fields)-1] // INCEpTION ends each line with a tab
	}
	if len(fields) != want {
		return w.fail(n, "%s: want %d (the ID, the offsets, the token and one per column the header declares)", annotate.Count(len(fields), "column"), want)
	}
	id := fields[0]
	if !validUnitID(id) {
		return w.fail(n, "token ID %q: want sentence-token, as 1-3 (or 1-3.1 for a sub-token)", clip(id))
	}
	if _, dup := w.unitIdx[id]; dup {
		return w.fail(n, "token %s given twice", id)
	}
	isSub := strings.Contains(id, ".")
	if isSub && len(w.units) == 0 {
		return w.fail(n, "sub-token %s before any token", id)
	}
	if first && isSub {
		return w.fail(n, "sub-token %s begins a sentence: its token comes first", id)
	}
	bs, es, ok := strings.Cut(fields[1], "-")
	begin, err1 := strconv.Atoi(bs)
	end, err2 := strconv.Atoi(es)
	if !ok || err1 != nil || err2 != nil || !allDigits(bs) || !allDigits(es) {
		return w.fail(n, "offsets %q: want begin-end, two whole numbers (UTF-16 units, as INCEpTION counts)", clip(fields[1]))
	}
	if end < begin {
		return w.fail(n, "token %s: range %d–%d is empty or reversed", id, begin, end)
	}
	if first {
		if err := w.appendText(sentenceLine, sentence, begin); err != nil {
			return err
		}
	}
	units := len(w.cpAt) - 1
	if len(w.units) >= 2*units+maxExtraUnits {
		// Tokens do not overlap, sub-tokens lie in their token: a
		// file with more is made to fill the memory (a million
		// tokens of no width on one place took 3 GB from 100 MB).
		return w.fail(n, "token %s: %d tokens and sub-tokens on a text of %d UTF-16 units, more than it has room for: tokens overlap or have no width", id, len(w.units)+1, units)
	}
	if end > units {
		return &annotate.LineError{File: w.file, Line: n, Err: errorf(annotate.ErrOffsets, "token %s: offset %d past the end of the text (%d UTF-16 units)", id, end, units)}
	}
	s, e := w.cpAt[begin], w.cpAt[end]
	if s < 0 || e < 0 {
		return &annotate.LineError{File: w.file, Line: n, Err: errorf(annotate.ErrOffsets, "token %s: offsets %d–%d cut a character beyond U+FFFF in two (they count UTF-16 units)", id, begin, end)}
	}
	got := string(w.runes[s:e])
	if tok := fields[2]; tok != got && unescapeTSV(tok) != got {
		return &annotate.LineError{File: w.file, Line: n, Err: errorf(annotate.ErrMismatch, "token %s is %q but the text at %d–%d is %q (offsets count UTF-16 units)", id, clip(tok), begin, end, clip(got))}
	}
	u := len(w.units)
	w.units = append(w.units, tsvUnit{id: id, start: int(s), end: int(e), line: n})
	w.unitIdx[id] = u
	for li, l := range w.layers {
		if err := w.cells(n, u, li, l, fields[3+l.first:3+l.first+len(l.feats)]); err != nil {
			return err
		}
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validUnitID tells 1-3 and 1-3.1 from anything else.
func validUnitID(id string) bool {
	s, t, ok := strings.Cut(id, "-")
	if !ok || !allDigits(s) {
		return false
	}
	t, sub, hasSub := strings.Cut(t, ".")
	return allDigits(t) && (!hasSub || allDigits(sub))
}

// cells reads one layer's columns on unit u.
func (w *webannoReader) cells(n, u, li int, l *tsvLayer, cols []string) error {
	empty := true
	for _, c := range cols {
		if c != "_" {
			empty = false
		}
	}
	if empty {
		return nil
	}
	if l.skip != "" {
		w.rec.note("%d values of layer "+strings.ReplaceAll(clip(l.name), "%", "%%")+" left out ("+strings.ReplaceAll(l.skip, "%", "%%")+")", fmt.Sprintf("%s:%d", w.file, n))
		return nil
	}
	stacks := make([][]string, len(cols))
	for i, c := range cols {
		if c != "_" {
			stacks[i] = splitStack(c)
		}
	}
	switch l.kind {
	case 'S':
		return w.spanCells(n, u, li, l, stacks)
	case 'C':
		return w.chainCells(n, u, li, l, stacks)
	}
	return w.relCells(n, u, li, l, stacks)
}

// spanCells reads the stacked annotations of a span layer on unit u.
func (w *webannoReader) spanCells(n, u, li int, l *tsvLayer, stacks [][]string) error {
	// The label column's values, or, where it holds none, the first plain
	// column's, each labelled with the layer's name.
	main, named := l.label, true
	if main < 0 || stacks[main] == nil {
		main, named = -1, false
		for i := range stacks {
			if stacks[i] != nil && !slotColumn(l.feats, i) {
				main = i
				break
			}
		}
	}
	for i := range stacks {
		switch {
		case i == main || stacks[i] == nil:
		case slotColumn(l.feats, i):
			w.rec.note("%d values of slot features left out (skein's spans carry no roles)", fmt.Sprintf("%s:%d", w.file, n))
		default:
			for _, v := range stacks[i] {
				if v, _, _ := cutID(v); v != "*" {
					w.rec.note("%d values of features other than the label left out", fmt.Sprintf("%s:%d %s=%s", w.file, n, clip(l.feats[i]), clip(unescapeTSV(v))))
				}
			}
		}
	}
	if main < 0 {
		return nil // values in slot columns alone
	}
	var placed map[string]bool // the labels placed without an ID, where several are stacked
	if len(stacks[main]) > 1 {
		placed = map[string]bool{}
	}
	for _, v := range stacks[main] {
		val, id, err := cutID(v)
		if err != nil {
			return w.fail(n, "%s: %v", clip(v), err)
		}
		label := unescapeTSV(val)
		if !named || val == "*" || val == "" {
			label = l.short()
		}
		if placed != nil && id == 0 {
			// The same label stacked again on one token is the same
			// span: counted, not made again (a cell of two million
			// a|a|… took a gigabyte to make spans imported once).
			if placed[label] {
				w.rec.note("%d identical spans imported once", "")
				continue
			}
			placed[label] = true
		}
		if err := w.place(n, u, li, label, id); err != nil {
			return err
		}
	}
	return nil
}

func slotColumn(feats []string, i int) bool {
	return strings.HasPrefix(feats[i], "ROLE_") || (i > 0 && strings.HasPrefix(feats[i-1], "ROLE_"))
}

// place puts an annotation of layer li labelled label on unit u: a new
// span, or, with a disambiguation ID seen before, that span widened.
func (w *webannoReader) place(n, u, li int, label string, id int) error {
	unit := w.units[u]
	if id > 0 {
		if s, ok := w.byID[id]; ok {
			if s.layer != li {
				return w.fail(n, "ID [%d] names an annotation of %s at line %d and one of %s here: an ID names one annotation", id, clip(w.layers[s.layer].name), s.line, clip(w.layers[li].name))
			}
			if s.label != label {
				return w.fail(n, "ID [%d] names an annotation labelled %q at line %d and one labelled %q here: an ID names one annotation", id, clip(s.label), s.line, clip(label))
			}
			s.start, s.end = min(s.start, unit.start), max(s.end, unit.end)
			w.onUnit[[2]int{u, li}] = append(w.onUnit[[2]int{u, li}], s)
			return nil
		}
	}
	s := &tsvSpan{layer: li, label: label, start: unit.start, end: unit.end, line: n}
	if id > 0 {
		w.byID[id] = s
	}
	w.spans = append(w.spans, s)
	w.onUnit[[2]int{u, li}] = append(w.onUnit[[2]int{u, li}], s)
	return nil
}

// chainCells reads the links of a chain layer on unit u: type[chain] in
// the first column, relation->chain-link in the second.
func (w *webannoReader) chainCells(n, u, li int, l *tsvLayer, stacks [][]string) error {
	types, rels := stacks[0], stacks[1]
	if len(types) != len(rels) {
		return w.fail(n, "chain layer %s: %d types but %d relations on one token", clip(l.name), len(types), len(rels))
	}
	for i := range types {
		val, chain, err := cutID(types[i])
		if err != nil || chain <= 0 {
			return w.fail(n, "chain type %q: want type[chain], as pr[1]", clip(types[i]))
		}
		rel, c, k, ok := cutChainRef(rels[i])
		if !ok || c != chain {
			return w.fail(n, "chain relation %q: want relation->chain-link, as coref->%d-1", clip(rels[i]), chain)
		}
		label := unescapeTSV(val)
		if val == "*" || val == "" {
			label = l.short()
		}
		links := w.chains[chain]
		if links == nil {
			links = map[int]*tsvChainLink{}
			w.chains[chain] = links
		}
		unit := w.units[u]
		if lk, seen := links[k]; seen {
			if lk.span.label != label || lk.span.layer != li {
				return w.fail(n, "chain link %d-%d is %q at line %d and %q here: a link is one annotation", chain, k, clip(lk.span.label), lk.span.line, clip(label))
			}
			lk.span.start, lk.span.end = min(lk.span.start, unit.start), max(lk.span.end, unit.end)
			continue
		}
		s := &tsvSpan{layer: li, label: label, start: unit.start, end: unit.end, line: n}
		w.spans = append(w.spans, s)
		r := ""
		if rel != "*" {
			r = unescapeTSV(rel)
		}
		links[k] = &tsvChainLink{span: s, rel: r}
	}
	return nil
}

// relCells reads the relations of a relation layer whose target is unit
// u: their source is in the layer's last column.
func (w *webannoReader) relCells(n, u, li int, l *tsvLayer, stacks [][]string) error {
	src := stacks[len(stacks)-1]
	if src == nil {
		return w.fail(n, "relation layer %s: a value without its source in the last column", clip(l.name))
	}
	var labels []string
	if l.label >= 0 {
		labels = stacks[l.label]
	}
	for i, s := range src {
		ref, ids, hasIDs := strings.Cut(s, "[")
		srcID, tgtID := 0, 0
		if hasIDs {
			a, b, ok := strings.Cut(strings.TrimSuffix(ids, "]"), "_")
			x, e1 := strconv.Atoi(a)
			y, e2 := strconv.Atoi(b)
			if !ok || !strings.HasSuffix(ids, "]") || e1 != nil || e2 != nil || x < 0 || y < 0 {
				return w.fail(n, "relation source %q: want a token ID, as 1-3, or one with the source's and the target's IDs, as 1-3[2_0]", clip(s))
			}
			srcID, tgtID = x, y
		}
		if !validUnitID(ref) {
			return w.fail(n, "relation source %q: want a token ID, as 1-3", clip(s))
		}
		label := ""
		if labels != nil && i < len(labels) {
			v, _, _ := cutID(labels[i])
			if v != "*" {
				label = unescapeTSV(v)
			}
		}
		w.rels = append(w.rels, tsvRel{layer: li, label: label, source: ref, srcID: srcID, target: u, tgtID: tgtID, line: n, rawValue: s})
	}
	return nil
}

// cutID splits a value from its [N] suffix; id is 0 without one.
func cutID(v string) (val string, id int, err error) {
	if !strings.HasSuffix(v, "]") || escaped(v, len(v)-1) {
		return v, 0, nil
	}
	i := strings.LastIndexByte(v, '[')
	if i < 0 || escaped(v, i) {
		return v, 0, nil
	}
	num := v[i+1 : len(v)-1]
	if !allDigits(num) {
		return v, 0, fmt.Errorf("ID %q is not a whole number", clip(num))
	}
	id, _ = strconv.Atoi(num)
	return v[:i], id, nil
}

// escaped tells whether the character at i of v is escaped: an odd
// number of backslashes stands before it (not so the [ after x\\, whose
// backslash is itself escaped).
func escaped(v string, i int) bool {
	n := 0
	for i > 0 && v[i-1] == '\\' {
		n++
		i--
	}
	return n%2 == 1
}

// cutChainRef splits relation->chain-link.
func cutChainRef(v string) (rel string, chain, link int, ok bool) {
	i := strings.LastIndex(v, "->")
	if i < 0 || escaped(v, i) {
		return "", 0, 0, false
	}
	c, l, found := strings.Cut(v[i+2:], "-")
	if !found || !allDigits(c) || !allDigits(l) {
		return "", 0, 0, false
	}
	chain, _ = strconv.Atoi(c)
	link, _ = strconv.Atoi(l)
	return v[:i], chain, link, true
}

// splitStack splits a cell at the | between stacked values (not at \|).
func splitStack(c string) []string {
	out := make([]string, 0, strings.Count(c, "|")+1) // at most: once, not grown from one
	start := 0
	for i := 0; i < len(c); i++ {
		switch c[i] {
		case '\\':
			i++
		case '|':
			out = append(out, c[start:i])
			start = i + 1
		}
	}
	return append(out, c[start:])
}

// unescapeTSV undoes WebAnno TSV's escapes: \t \n \r for the control
// characters, \\ and a backslash before a reserved character (\_ \| \[
// \] \; \* \->) for the character itself.
func unescapeTSV(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; c {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case '\\', '_', '|', '[', ']', ';', '*':
			b.WriteByte(c)
		case '-':
			if strings.HasPrefix(s[i+1:], "->") {
				b.WriteString("->")
				i += 2
				continue
			}
			b.WriteString(`\-`)
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}

// finish makes the article, its spans, links and chains.
func (w *webannoReader) finish() {
	rec := w.rec
	runes := w.runes
	if len(runes) > 0 && runes[len(runes)-1] == '\n' {
		runes = runes[:len(runes)-1] // the line break after the last sentence is the format's
	}
	if err := rec.setText(string(runes)); err != nil {
		at := 0
		if errors.Is(err, annotate.ErrBinary) {
			at = w.controlAt
		}
		rec.fail("", at, err)
		return
	}
	for _, s := range w.spans {
		if s.start == s.end {
			rec.note("%d annotations of no width left out (skein's spans cover one character or more)", fmt.Sprintf("%s:%d", w.file, s.line))
			continue
		}
		if s.end > len(runes) {
			// Past the text's end: only the line break the format adds.
			s.end = len(runes)
		}
		span, err := rec.addSpan(fmt.Sprintf("the annotation of line %d", s.line), s.label, []annotate.Fragment{{Start: s.start, End: s.end}}, w.annotator, w.now)
		if err != nil {
			rec.fail("", s.line, err)
			continue
		}
		s.span = span
	}
	for _, r := range w.rels {
		src, err := w.relEnd(r, r.source, r.srcID, "source")
		if err == nil {
			var tgt *tsvSpan
			tgt, err = w.relEnd(r, w.units[r.target].id, r.tgtID, "target")
			if err == nil && src.span != nil && tgt.span != nil {
				_, err = rec.addLink(fmt.Sprintf("the relation of line %d", r.line), src.span, tgt.span, r.label, w.now)
			}
		}
		if err != nil {
			rec.fail("", r.line, err)
		}
	}
	for _, c := range slices.Sorted(maps.Keys(w.chains)) {
		links := w.chains[c]
		var members []annotate.Member
		prev := ""
		for _, k := range slices.Sorted(maps.Keys(links)) {
			lk := links[k]
			if lk.span.span == nil {
				continue
			}
			if prev != "" {
				if err := annotate.ValidNewLabel(prev); err != nil {
					rec.fail("", lk.span.line, errorf(annotate.ErrBadThread, "chain %d: link %v", c, err))
					return
				}
			}
			m := annotate.Member{Doc: rec.doc.ID, Span: lk.span.span.ID}
			if len(members) > 0 {
				m.Link = annotate.NormalName(prev)
			}
			members = append(members, m)
			prev = lk.rel
		}
		if len(members) < 2 {
			continue
		}
		rec.threads = append(rec.threads, &annotate.Thread{ID: annotate.NewID(), Annotator: w.annotator, Created: w.now, Members: members})
	}
	rec.worked = []string{w.annotator}
}

// relEnd finds the span at one end of a relation: the annotation of the
// relation's base layer on the unit named, the one whose ID is id where
// several lie there.
func (w *webannoReader) relEnd(r tsvRel, unitID string, id int, end string) (*tsvSpan, error) {
	u, ok := w.unitIdx[unitID]
	if !ok {
		return nil, errorf(ErrUnknownRef, "relation %s %s: no such token in the file", end, unitID)
	}
	base := w.layers[r.layer].base
	if id > 0 {
		s, ok := w.byID[id]
		if !ok || s.layer != base {
			return nil, errorf(ErrUnknownRef, "relation %s %s[%d]: no annotation of %s has ID %d", end, unitID, id, clip(w.layers[base].name), id)
		}
		return s, nil
	}
	on := w.onUnit[[2]int{u, base}]
	switch {
	case len(on) == 0:
		return nil, errorf(ErrUnknownRef, "relation %s %s: no annotation of %s there", end, unitID, clip(w.layers[base].name))
	case len(on) > 1:
		return nil, errorf(ErrUnknownRef, "relation %s %s: %d annotations of %s there and no ID saying which", end, unitID, len(on), clip(w.layers[base].name))
	}
	return on[0], nil
}
