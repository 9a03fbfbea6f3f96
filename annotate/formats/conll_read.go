package formats

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// ReadCoNLL reads token-per-line IOB files: CoNLL-2003 and its kin
// ("token … TAG", the tag in the last column, separated by spaces or
// tabs), doccano's CoNLL export, spaCy's `convert`, and skein's own
// `export -format conll`. Tags are IOB2 (B-X, I-X, O), also IOB1 (an I-X
// after O or another label begins a span), BIOES/BILOU (S-X and U-X a
// one-token span, E-X and L-X its end) and bare labels (IO: a run of X).
//
// The text is the tokens joined by single spaces, a sentence a line: the
// original spacing is not in the file, so an article exported from skein
// and read back is a new article (its text differs), and its spans cover
// the same words. Where the file begins with a -DOCSTART- line
// (CoNLL-2003, skein), each such line starts an article and blank lines
// end sentences; otherwise, as doccano writes it, each block of lines
// between blank lines is an article (a -DOCSTART- line ends one too).
func ReadCoNLL(r io.Reader, file string, opt Options) (*Batch, []error) {
	if opt.Annotator == "" {
		return nil, needAnnotator(file)
	}
	b := newBuilder("CoNLL", "tag", opt)
	var doc []conllLine // the article being read, reused
	// The article's text is its tokens joined: size counts its bytes as
	// the lines come, so that one past annotate.MaxDocumentBytes (a file of
	// tokens with no blank line or -DOCSTART- in it) is refused from the
	// line it passes the limit at, holding no more of it than that, where
	// it took some 25 times the file's size in memory before.
	size, over := 0, 0 // over: the line the article passed the limit at
	flush := func() {
		switch {
		case over > 0:
			b.add(tooLarge(file, doc[0].n, over))
		case len(doc) > 0:
			b.add(readCoNLLDoc(file, doc, opt.Annotator, b.now))
		}
		doc, size, over = doc[:0], 0, 0
	}
	docstart, first := false, true
	var ud *udReader // a CoNLL-U file's state, nil for other CoNLL
	undecided := true
	b.joined = &annotate.Joined{File: file}
	err := eachCoNLLLine(r, file, b.joined, func(l conllLine) {
		if l.comment && !l.newdoc {
			b.tally.add("%d comment lines (# text = …, # sent_id = …) left out", 1, fmt.Sprintf("%s:%d", file, l.n))
			return
		}
		if undecided && !l.blank() && !l.newdoc {
			undecided = false
			if isCoNLLU(l.raw) {
				ud = &udReader{}
			}
		}
		if ud != nil && (l.blank() || l.newdoc) {
			ud.end(doc)
		}
		if ud != nil && !l.blank() && !l.newdoc {
			var ok bool
			if l, ok = ud.line(l, doc, &b.tally, file); !ok {
				return
			}
		}
		if first && !l.blank() {
			docstart, first = l.docstart(), false
		}
		switch {
		case l.docstart():
			flush()
		case l.blank():
			if !docstart {
				flush()
			} else if len(doc) > 0 && !doc[len(doc)-1].blank() {
				doc = append(doc, l)
			}
		case over > 0:
			// the rest of an article too large to read
		default:
			if size += len(l.token) + 1; size > annotate.MaxDocumentBytes+1 {
				over = l.n
				if len(doc) == 0 {
					doc = append(doc, l)
				}
				doc = doc[:1] // its first line, which names it
			} else {
				doc = append(doc, l)
			}
		}
	})
	if err != nil {
		// The article under way may run on past the line that could not
		// be read: it is left out, the articles before it kept (with
		// SkipInvalid).
		b.errs = append(b.errs, err)
		return b.finish()
	}
	if ud != nil {
		ud.end(doc)
	}
	flush()
	if ud != nil && !ud.tagged && len(b.errs) == 0 {
		b.batch.Notes = append(b.batch.Notes, fmt.Sprintf("CoNLL-U: no entity tags in %s (none in MISC as NER=, NE= or name=, and no column after MISC): its text is read without spans", file))
	}
	return b.finish()
}

// tooLarge is the refusal of an article of tokens, begun at line first,
// whose text passed annotate.MaxDocumentBytes at line over.
func tooLarge(file string, first, over int) *record {
	rec := &record{file: file, line: first}
	rec.fail("", 0, fmt.Errorf("text: %w (its tokens pass %s at line %d)", annotate.ErrTooLarge, annotate.SizeName(annotate.MaxDocumentBytes), over))
	return rec
}

// conllLine is one line of the file: its number, how many columns it has
// (0 for a blank line), the first (the token) and the last (its tag).
type conllLine struct {
	n          int
	cols       int
	token, tag string
	raw        string // the line as read
	// noSpace is CoNLL-U's SpaceAfter=No: the next token follows
	// without a space.
	noSpace bool
	// bad says what is wrong with a line that cannot be read.
	bad string
	// comment is a line of CoNLL-U's comments ("# text = …",
	// "# sent_id = 1"), which Universal Dependencies' corpora, spaCy and
	// Stanza write before each sentence; newdoc is "# newdoc", which
	// starts an article as -DOCSTART- does.
	comment, newdoc bool
}

func (l conllLine) blank() bool { return l.cols == 0 }
func (l conllLine) docstart() bool {
	return l.cols > 0 && (l.token == "-DOCSTART-" || l.newdoc)
}

// conllComment tells a comment line of CoNLL-U ("# text = Sony said so.",
// "#sent_id=1", "# newdoc id = d1", "# newpar") from a token "#" and its
// tags ("# SYM O"): after the "#" comes a name and "=", or newdoc or
// newpar alone.
func conllComment(line string) (comment, newdoc bool) {
	rest, ok := strings.CutPrefix(strings.TrimLeft(line, " \t"), "#")
	if !ok {
		return false, false
	}
	rest = strings.TrimLeft(rest, " \t")
	key := rest
	if i := strings.IndexFunc(rest, func(c rune) bool { return c == '=' || c == ' ' || c == '\t' }); i >= 0 {
		key = rest[:i]
	}
	after := strings.TrimLeft(rest[len(key):], " \t")
	switch {
	case key == "newdoc" || key == "newpar":
		return after == "" || strings.HasPrefix(after, "id"), key == "newdoc"
	case key != "" && strings.HasPrefix(after, "="):
		return true, false
	}
	return false, false
}

// columns splits a line at spaces and tabs into its first and last
// columns, and counts them.
func columns(line string) conllLine {
	var l conllLine
	i := 0
	for {
		for i < len(line) && isColumnSpace(line[i]) {
			i++
		}
		if i == len(line) {
			return l
		}
		j := i
		for j < len(line) && !isColumnSpace(line[j]) {
			j++
		}
		if l.cols == 0 {
			l.token = line[i:j]
		}
		l.tag = line[i:j]
		l.cols++
		i = j
	}
}

// markToken tells a line after the first that begins with U+FEFF as a
// token of its own: the mark, then a column space, then a column. That is
// an article's ZERO WIDTH NO-BREAK SPACE after a space or at a line's
// start, which skein's export writes as the line "\ufeff O"; a file
// joined on begins with its first token or a comment, not a space. Taken
// for the mark of a file joined on, it was left out and the line " O"
// refused: skein did not read back its own export.
func markToken(raw []byte) bool {
	rest, ok := bytes.CutPrefix(raw, []byte("\ufeff"))
	return ok && len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') && len(bytes.TrimSpace(rest)) > 0
}

func isColumnSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// eachCoNLLLine calls fn with each line of the file split into columns,
// blank lines included; a line too long or binary, or not UTF-8, ends the
// reading with its number. A byte order mark is left out at the start of
// any line, counted in j after the first (annotate.Joined), unless it is
// a token of its own (markToken).
func eachCoNLLLine(r io.Reader, file string, j *annotate.Joined, fn func(conllLine)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if err := annotate.PeekFileStart(br); err != nil {
		return &annotate.LineError{File: file, Line: 1, Err: err}
	}
	for n := 1; ; n++ {
		raw, err := annotate.ReadLine(br, annotate.MaxLineBytes)
		if errors.Is(err, annotate.ErrBinary) && !errors.As(err, new(annotate.UTF16Error)) {
			return &annotate.LineError{File: file, Line: n, Err: fmt.Errorf("%w: a NUL byte, which no CoNLL file has; the rest of the file was not read", annotate.ErrBinary)}
		}
		if errors.Is(err, annotate.ErrLineTooLong) || errors.Is(err, annotate.ErrBinary) {
			return &annotate.LineError{File: file, Line: n, Err: err}
		}
		if err != nil && err != io.EOF {
			return &annotate.LineError{File: file, Err: fmt.Errorf("cannot read: %w", err)}
		}
		if len(raw) == 0 && err == io.EOF {
			return nil
		}
		if n == 1 || !markToken(raw) {
			raw = j.Trim(raw, n)
		}
		if cerr := checkUTF8(raw, " of the line"); cerr != nil {
			return &annotate.LineError{File: file, Line: n, Err: cerr}
		}
		if t := bytes.TrimSpace(raw); bytes.HasPrefix(t, []byte(`{"`)) && bytes.HasSuffix(t, []byte("}")) {
			// A JSON object: a JSONL file read as CoNLL (-format conll)
			// made its words tokens and its last word a tag.
			return &annotate.LineError{File: file, Line: n, Err: errorf(ErrSyntax, "a JSON object, not a token and its tag: is this a JSONL file? Name its format with -format skein, prodigy or doccano, or leave -format out")}
		}
		line := string(raw)
		// A CR alone ends a line too (classic Mac OS, and the tools that
		// still write it): taken for a space between columns, it made one
		// line of the whole file, whose first word was read as its only
		// token and its last as that token's tag, the rest dropped
		// without a word. A CR is never part of a token.
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		for {
			part, rest, more := strings.Cut(line, "\r")
			l := columns(part)
			l.n, l.raw = n, part
			l.comment, l.newdoc = conllComment(part)
			fn(l)
			if !more {
				break
			}
			line = rest
			n++
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readCoNLLDoc makes one article of lines (blank ones end sentences) and
// its spans from their tags.
func readCoNLLDoc(file string, lines []conllLine, annotator string, now int64) *record {
	rec := &record{file: file, line: lines[0].n, fallback: lineSource(file, lines[0].n)}
	type tok struct {
		start, end int // code points in the text
		line       int
		sentence   int // a span does not run across sentences
		tag        string
	}
	var text strings.Builder
	var toks []tok
	pos := 0 // code points written
	sentenceStart := true
	sentence := 0
	glue := false // the token before said SpaceAfter=No
	for _, l := range lines {
		if l.blank() {
			if !sentenceStart {
				sentence++
			}
			sentenceStart = true
			continue
		}
		if l.bad != "" {
			rec.fail("", l.n, errorf(ErrSyntax, "%s", l.bad))
			continue
		}
		if l.cols < 2 {
			rec.fail("", l.n, errorf(ErrSyntax, "%q has no tag: want the token, then its tag in the last column (B-claim, I-claim, O), separated by spaces or tabs", clip(l.token)))
			continue
		}
		if pos > 0 && (sentenceStart || !glue) {
			sep := " "
			if sentenceStart {
				sep = "\n"
			}
			text.WriteString(sep)
			pos++
		}
		glue = l.noSpace
		sentenceStart = false
		n := utf8.RuneCountInString(l.token)
		text.WriteString(l.token)
		toks = append(toks, tok{start: pos, end: pos + n, line: l.n, sentence: sentence, tag: l.tag})
		pos += n
	}
	if len(rec.errs) > 0 {
		return rec
	}
	if err := rec.setText(text.String()); err != nil {
		rec.fail("", 0, err)
		return rec
	}
	var open *tok // the span being read: its first token, end widened
	label := ""
	closeSpan := func() {
		if open == nil {
			return
		}
		if _, err := rec.addSpan(fmt.Sprintf("the span of line %d", open.line), label, []annotate.Fragment{{Start: open.start, End: open.end}}, annotator, now); err != nil {
			rec.fail("", open.line, err)
		}
		open, label = nil, ""
	}
	for i := range toks {
		t := toks[i]
		prefix, l := splitIOB(t.tag)
		if prefix == 'O' {
			closeSpan()
			continue
		}
		continues := prefix == 'I' || prefix == 'E' || prefix == 'L' || prefix == 0
		if continues && open != nil && label == l && open.sentence == t.sentence {
			open.end = t.end
		} else {
			closeSpan()
			if prefix == 'I' || prefix == 'E' || prefix == 'L' {
				rec.note("%d spans began with an I- tag (IOB1) and were read as if it were B-", fmt.Sprintf("%s:%d", file, t.line))
			}
			o := t
			open, label = &o, l
		}
		if prefix == 'S' || prefix == 'U' || prefix == 'E' || prefix == 'L' {
			closeSpan()
		}
	}
	closeSpan()
	rec.worked = []string{annotator}
	return rec
}

// splitIOB splits a tag into its prefix (B, I, E, S, L, U; O outside a
// span; 0 for a bare label) and label.
func splitIOB(tag string) (prefix byte, label string) {
	if tag == "O" || tag == "_" || tag == "-" {
		return 'O', ""
	}
	if len(tag) > 2 && (tag[1] == '-' || tag[1] == '_') && strings.IndexByte("BIESLU", tag[0]) >= 0 {
		return tag[0], tag[2:]
	}
	return 0, tag
}

// isCoNLLU tells a line of Universal Dependencies' CoNLL-U (ID FORM LEMMA
// UPOS XPOS FEATS HEAD DEPREL DEPS MISC, tab-separated) from CoNLL's
// "token … tag": ten columns or more, the first a word's ID (1), a
// multiword token's range (1-2) or an empty node's (1.1).
func isCoNLLU(line string) bool {
	cols := strings.Split(line, "\t")
	return len(cols) >= 10 && udID(cols[0]) != udNone
}

type udKind int

const (
	udNone  udKind = iota
	udWord         // 1: a syntactic word
	udRange        // 1-2: a multiword token, its surface word
	udEmpty        // 1.1: an empty node of enhanced dependencies
)

// udID tells what a CoNLL-U ID names; for a range, last is its last word.
func udID(id string) udKind {
	k, _, _ := udIDRange(id)
	return k
}

// udIDRange tells what a CoNLL-U ID names and, of a word or a range, its
// first and last word.
func udIDRange(id string) (kind udKind, first, last int) {
	digits := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && s != "" && s[0] != '+' && s[0] != '-'
	}
	if a, b, ok := strings.Cut(id, "-"); ok {
		first, ok1 := digits(a)
		last, ok2 := digits(b)
		if ok1 && ok2 {
			return udRange, first, last
		}
		return udNone, 0, 0
	}
	if a, b, ok := strings.Cut(id, "."); ok {
		_, ok1 := digits(a)
		_, ok2 := digits(b)
		if ok1 && ok2 {
			return udEmpty, 0, 0
		}
		return udNone, 0, 0
	}
	if n, ok := digits(id); ok {
		return udWord, n, n
	}
	return udNone, 0, 0
}

// udReader turns CoNLL-U lines into tokens and tags: a token is a word's
// FORM, or a multiword token's (the surface word, "al" of "a" + "el",
// which the text holds), its syntactic words left out; the tag is in MISC
// (NER=B-PER, or NE= or name= as NorNE and spaCy's converter have it, or
// a bare B-PER item) or, where the line has more than ten columns, the
// last one (CoNLL-U Plus, UD NER releases).
type udReader struct {
	rangeEnd int    // the last word of the multiword token being read, 0 outside one
	rangeID  string // that token's ID (2-3), as the file has it
	rangeAt  int    // and its line
	next     int    // the ID the sentence's next word has: 1, 2, 3 … in order
	tagged   bool   // a tag was found in the file
}

// line reads one token line; ok false leaves it out (a multiword token's
// part, an empty node). A line of another shape is refused.
func (u *udReader) line(l conllLine, doc []conllLine, t *tally, file string) (conllLine, bool) {
	cols := strings.Split(l.raw, "\t")
	kind, first, last := udKind(udNone), 0, 0
	if len(cols) >= 10 {
		kind, first, last = udIDRange(cols[0])
	}
	if kind == udNone {
		// readCoNLLDoc refuses it at its line.
		l.bad = "not a CoNLL-U line: want ten tab-separated columns (ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC), the first an ID, as the file's first token line has"
		return l, true
	}
	// Words numbered out of order, or ranges that overlap or run
	// backwards, are a damaged file: read on, their words were put where
	// no word of the sentence was (2-3 after 1-2 read 'della lax' of
	// 'di la casa', its tag on the wrong word).
	next := max(u.next, 1)
	switch {
	case kind == udWord && first != next:
		l.bad = fmt.Sprintf("word %d where word %d comes next: a sentence's words are numbered 1, 2, 3 … in order", first, next)
		return l, true
	case kind == udRange && last <= first:
		l.bad = fmt.Sprintf("multiword token %s runs backwards: want first-last, the first word before the last (1-2)", clip(cols[0]))
		return l, true
	case kind == udRange && (first != next || u.rangeEnd >= next):
		l.bad = fmt.Sprintf("multiword token %s where word %d comes next: a multiword token stands before its words, which follow it in order (1-2, 1, 2), and overlaps no other", clip(cols[0]), next)
		return l, true
	case kind == udWord:
		u.next = first + 1
	}
	tag, found := udTag(cols)
	u.tagged = u.tagged || found
	switch kind {
	case udEmpty:
		t.add("%d empty nodes (ID 1.1, of enhanced dependencies) left out", 1, "")
		return l, false
	case udWord:
		if id, _ := strconv.Atoi(cols[0]); id <= u.rangeEnd {
			// A syntactic word of the multiword token before: its tag
			// is the surface word's, where that has none.
			if prev := len(doc) - 1; prev >= 0 && found && tag != "O" && doc[prev].tag == "O" {
				doc[prev].tag = tag
			}
			t.add("%d syntactic words of multiword tokens (1-2) read as their surface word", 1, "")
			return l, false
		}
		u.rangeEnd = 0
	case udRange:
		u.rangeEnd, u.rangeID, u.rangeAt = last, cols[0], l.n
	}
	l.cols, l.token, l.tag = 2, cols[1], tag
	l.noSpace = slices.Contains(strings.Split(cols[9], "|"), "SpaceAfter=No")
	return l, true
}

// end ends a sentence (at a blank line, a new document, the file's end),
// whose IDs begin again at 1. A multiword token whose words did not all
// come runs past it: its surface word stood for words the sentence never
// had, and it is refused at its line (in doc, the article being read), as
// ranges that overlap are — unless a line after it was refused already,
// which said why its words stopped.
func (u *udReader) end(doc []conllLine) {
	if next := max(u.next, 1); u.rangeEnd >= next {
		for i := len(doc) - 1; i >= 0 && doc[i].bad == ""; i-- {
			if doc[i].n == u.rangeAt {
				doc[i].bad = fmt.Sprintf("multiword token %s runs past the end of its sentence, where word %d was to come: its words follow it, all in its sentence (1-2, 1, 2)", clip(u.rangeID), next)
				break
			}
		}
	}
	u.rangeEnd, u.next = 0, 1
}

// udTag is a CoNLL-U line's entity tag, "O" and false where it has none.
func udTag(cols []string) (string, bool) {
	if len(cols) > 10 {
		tag := strings.TrimSpace(cols[len(cols)-1])
		if tag == "" || tag == "_" {
			return "O", true
		}
		return tag, true
	}
	for _, item := range strings.Split(cols[9], "|") {
		k, v, ok := strings.Cut(item, "=")
		switch {
		case ok && (strings.EqualFold(k, "NER") || k == "NE" || strings.EqualFold(k, "name")):
			return v, true
		case !ok && len(item) > 2 && item[1] == '-' && strings.IndexByte("BIESLU", item[0]) >= 0:
			return item, true
		}
	}
	return "O", false
}
