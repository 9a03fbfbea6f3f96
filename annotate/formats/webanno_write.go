package formats

import (
	"bufio"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// The layers skein's WebAnno TSV export writes: INCEpTION's own named
// entity layer, which every project has, for the spans, and a relation
// layer over it for the links (a project that lacks it is asked to make it,
// see the README).
const (
	webannoNE       = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
	webannoLinkType = "webanno.custom.Link"
)

// webannoWriter writes each document as <source>.tsv in WebAnno TSV 3.3
// into a folder, as INCEpTION imports it: one file per document.
type webannoWriter struct {
	*folderOut
	lo     tally
	layers layers
	w      *bufio.Writer // reused, file after file
	line   []byte        // a unit's line, reused
}

func newWebAnnoWriter(dir string, perms Perms) (*webannoWriter, error) {
	out, err := newFolderOut("webanno", dir, perms)
	if err != nil {
		return nil, err
	}
	return newWebAnnoWriterIn(out), nil
}

// newWebAnnoWriterIn is a WebAnno TSV export written in out.
func newWebAnnoWriterIn(out *folderOut) *webannoWriter {
	return &webannoWriter{folderOut: out, layers: layers{}}
}

// waUnit is a token or sub-token written: code-point offsets, its ID, and
// the annotations on it.
type waUnit struct {
	start, end int
	id         string
	spans      []*waSpan
	rels       []waRel
}

// waSpan is a span as written: its units and its disambiguation ID (0 for
// none: one unit, alone there).
type waSpan struct {
	label  string
	start  int
	end    int
	units  []*waUnit
	id     int
	spanID string
}

type waRel struct {
	label    string
	src, tgt *waSpan
}

// WriteUnworked writes no file for an article the exported annotators never
// worked on: skein's import reads every WebAnno TSV file as its annotator's
// work, and INCEpTION's own project export has no file for a document a
// user never opened.
func (ww *webannoWriter) WriteUnworked(d *annotate.Document, links []*annotate.Thread) error {
	if ww.tmp == "" {
		return fmt.Errorf("webanno export: already abandoned or closed")
	}
	ww.lo.add(unworkedLeftOut, 1, "")
	unexportedLinks(links, &ww.lo)
	return nil
}

// WriteDoc writes one document.
func (ww *webannoWriter) WriteDoc(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread) error {
	if ww.tmp == "" {
		return fmt.Errorf("webanno export: already abandoned or closed")
	}
	if err := ww.writeDoc(d, spans, links); err != nil {
		return ww.fail(err)
	}
	return nil
}

func (ww *webannoWriter) writeDoc(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread) error {
	f := flatten(d, spans, &ww.lo, ww.layers, holds{})
	runes := []rune(d.Text)
	toks := iobTokens(runes, annotate.NewWords(f.text).Tokens())
	// u16[i] is the UTF-16 offset of code point i.
	u16 := make([]int, len(runes)+1)
	for i, r := range runes {
		u16[i+1] = u16[i] + max(1, utf16.RuneLen(r))
	}
	units := make([]*waUnit, len(toks))
	subs := make([][]*waUnit, len(toks))
	for i, t := range toks {
		units[i] = &waUnit{start: t.start, end: t.end}
	}
	unitOf := func(ti, s, e int) *waUnit {
		if s == toks[ti].start && e == toks[ti].end {
			return units[ti]
		}
		for _, u := range subs[ti] {
			if u.start == s && u.end == e {
				return u
			}
		}
		u := &waUnit{start: s, end: e}
		subs[ti] = append(subs[ti], u)
		return u
	}
	written := map[string]*waSpan{} // span ID → as written (its first piece)
	var all []*waSpan
	for _, p := range f.pieces {
		first, last, ok := tokenRange(toks, p, &ww.lo)
		if !ok {
			continue
		}
		ws := &waSpan{label: p.span.Label, spanID: p.span.ID}
		for ti := first; ti <= last; ti++ {
			u := unitOf(ti, max(p.start, toks[ti].start), min(p.end, toks[ti].end))
			ws.units = append(ws.units, u)
		}
		ws.start, ws.end = ws.units[0].start, ws.units[len(ws.units)-1].end
		if ws.start != p.start || ws.end != p.end {
			ww.lo.add("%d spans trimmed of the white space at their edges", 1, fmt.Sprintf("%q → %q", clip(string(runes[p.start:p.end])), clip(string(runes[ws.start:ws.end]))))
		}
		if ws.units[0] != units[first] || ws.units[len(ws.units)-1] != units[last] {
			ww.lo.add("%d spans with an edge inside a word written on sub-tokens", 1, "")
		}
		all = append(all, ws)
		if p.first {
			written[p.span.ID] = ws
		}
	}
	// Every unit's spans, in text order; IDs for the spans over several
	// units or sharing one.
	for _, ws := range all {
		for _, u := range ws.units {
			u.spans = append(u.spans, ws)
		}
	}
	next := 1
	for _, ws := range all {
		need := len(ws.units) > 1
		for _, u := range ws.units {
			need = need || len(u.spans) > 1
		}
		if need {
			ws.id, next = next, next+1
		}
	}
	span := func(id string) *waSpan {
		if a, ok := f.alias[id]; ok {
			id = a
		}
		return written[id]
	}
	for _, lp := range pairs(links, func(id string) bool { return span(id) != nil }, &ww.lo, false) {
		src, tgt := span(lp.head), span(lp.tail)
		if src == tgt {
			ww.lo.add("%d links between a span and an identical copy of it left out", 1, "")
			continue
		}
		tgt.units[0].rels = append(tgt.units[0].rels, waRel{label: lp.label, src: src, tgt: tgt})
	}
	// Sentences: cut at a line break that a token follows at once, so that
	// the text INCEpTION rebuilds (each sentence's #Text lines and one line
	// break) is the article's.
	if len(toks) == 0 {
		ww.lo.add("%d documents without a word left out (WebAnno TSV holds text in sentences of tokens)", 1, d.ID)
		return nil
	}
	stem, shortened := bratStem(d)
	stem = strings.TrimSuffix(stem, ".tsv")
	if shortened {
		ww.lo.add("%d file names shortened to fit a file system", 1, "")
	}
	files, err := ww.createFiles(stem, d.ID, ".tsv")
	if err != nil {
		return err
	}
	out := files[0]
	if ww.w == nil {
		ww.w = bufio.NewWriterSize(out, 64<<10)
	}
	w := ww.w
	w.Reset(out)
	w.WriteString("#FORMAT=WebAnno TSV 3.3\n#T_SP=" + webannoNE + "|value\n")
	hasRel := false
	for _, u := range units {
		hasRel = hasRel || len(u.rels) > 0
	}
	for _, ss := range subs {
		for _, u := range ss {
			hasRel = hasRel || len(u.rels) > 0
		}
	}
	if hasRel {
		w.WriteString("#T_RL=" + webannoLinkType + "|label|BT_" + webannoNE + "\n")
	}
	w.WriteString("\n\n")
	if strings.ContainsRune(string(runes[:toks[0].start]), '\n') {
		ww.lo.add("%d documents whose text begins with a line break: read back, it becomes a space (WebAnno TSV holds no text before the first token)", 1, "")
	}
	// The sentences, each from its first token to the token after which
	// a line break is followed at once by the next token; every unit's ID
	// before any line is written, as a relation names its source's.
	var firsts []int
	for i := range toks {
		if i == 0 || runes[toks[i].start-1] == '\n' {
			firsts = append(firsts, i)
		}
	}
	firsts = append(firsts, len(toks))
	for n := range len(firsts) - 1 {
		for k := firsts[n]; k < firsts[n+1]; k++ {
			units[k].id = strconv.Itoa(n+1) + "-" + strconv.Itoa(k-firsts[n]+1)
			ss := subs[k]
			sort.SliceStable(ss, func(a, b int) bool {
				if ss[a].start != ss[b].start {
					return ss[a].start < ss[b].start
				}
				return ss[a].end < ss[b].end
			})
			for i, u := range ss {
				u.id = units[k].id + "." + strconv.Itoa(i+1)
			}
		}
	}
	for n := range len(firsts) - 1 {
		i, j := firsts[n], firsts[n+1]
		end := len(runes)
		if j < len(toks) {
			end = toks[j].start - 1
		}
		if n > 0 {
			w.WriteString("\n") // the blank line between sentences
		}
		for _, line := range strings.Split(string(runes[toks[i].start:end]), "\n") {
			w.WriteString("#Text=" + escapeTSVText(line) + "\n")
		}
		for k := i; k < j; k++ {
			ww.unitLine(w, runes, u16, units[k], hasRel)
			for _, u := range subs[k] {
				ww.unitLine(w, runes, u16, u, hasRel)
			}
		}
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return err
	}
	ww.syncClose(out)
	return nil
}

// unitLine writes a token or sub-token line. Relations need every unit's
// ID, so lines are written once all are known.
func (ww *webannoWriter) unitLine(w *bufio.Writer, runes []rune, u16 []int, u *waUnit, hasRel bool) {
	// Built in one reused buffer: strings joined with + made nine
	// allocations a token, five times the CoNLL export's.
	b := append(ww.line[:0], u.id...)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(u16[u.start]), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(u16[u.end]), 10)
	b = append(b, '\t')
	for _, r := range runes[u.start:u.end] {
		b = utf8.AppendRune(b, r)
	}
	b = append(b, '\t')
	if len(u.spans) == 0 {
		b = append(b, '_')
	}
	for i, s := range u.spans {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, escapeTSVValue(s.label)...)
		if s.id > 0 {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(s.id), 10)
			b = append(b, ']')
		}
	}
	b = append(b, '\t')
	if hasRel && len(u.rels) == 0 {
		b = append(b, "_\t_\t"...)
	} else if hasRel {
		for i, r := range u.rels {
			if i > 0 {
				b = append(b, '|')
			}
			if r.label == "" {
				b = append(b, '*')
			}
			b = append(b, escapeTSVValue(r.label)...)
		}
		b = append(b, '\t')
		for i, r := range u.rels {
			if i > 0 {
				b = append(b, '|')
			}
			b = append(b, r.src.units[0].id...)
			if r.src.id > 0 || r.tgt.id > 0 {
				b = append(b, '[')
				b = strconv.AppendInt(b, int64(r.src.id), 10)
				b = append(b, '_')
				b = strconv.AppendInt(b, int64(r.tgt.id), 10)
				b = append(b, ']')
			}
		}
		b = append(b, '\t')
	}
	b = append(b, '\n')
	w.Write(b)
	ww.line = b
}

// escapeTSVText escapes a #Text line: the backslash and the control
// characters a line cannot hold.
func escapeTSVText(s string) string { return tsvTextEscapes.Replace(s) }

var (
	tsvTextEscapes  = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\r", `\r`)
	tsvValueEscapes = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, "|", `\|`, "_", `\_`, "->", `\->`, ";", `\;`, "\t", `\t`, "\n", `\n`, "*", `\*`)
)

// escapeTSVValue escapes a feature value: WebAnno TSV's reserved
// characters each get a backslash.
func escapeTSVValue(s string) string {
	if !strings.ContainsAny(s, "\\[]|_->;\t\n*") {
		return s // as a label nearly always is: Replace would copy it
	}
	return tsvValueEscapes.Replace(s)
}

// WriteThread leaves out a thread across documents.
func (ww *webannoWriter) WriteThread(th *annotate.Thread, spans map[string]*annotate.Span) error {
	ww.lo.add("%d threads across documents left out (WebAnno TSV links stay inside a document)", 1, "")
	return nil
}

// Close renames the folder into place.
func (ww *webannoWriter) Close() ([]string, error) {
	ww.layers.report(&ww.lo)
	if err := ww.finish(); err != nil {
		return nil, err
	}
	return append(ww.lockNote(), ww.lo.lines("webanno")...), nil
}
