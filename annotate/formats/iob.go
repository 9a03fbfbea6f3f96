package formats

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/skein-news/skein/annotate"
)

// iobWriter writes token-per-line IOB2: CoNLL ("token TAG" lines, a blank
// line after each sentence, "-DOCSTART- -X- O O" before each article) or
// Hugging Face token classification (one JSON line per sentence with
// "tokens" and "ner_tags", and the label list in a file of its own).
// Tokens are iobTokens: every word, number, symbol and punctuation sign.
type iobWriter struct {
	format  string
	w       *bufio.Writer
	out     *jsonOut
	side    string // hf: where the label list goes
	perms   Perms  // hf: the label list's mode
	*tagSet        // hf: the label list, shared by the parts of a split (see ShareLabels)
	lo      tally
	layers  layers
	names   *conllNames // conll: labels as its tags write them, shared by the parts of a split
}

func newIOBWriter(w io.Writer, format, side string, perms Perms) (*iobWriter, error) {
	iw := &iobWriter{format: format, side: side, perms: perms, layers: layers{}, tagSet: &tagSet{tags: []string{"O"}, tagID: map[string]int{"O": 0}}, names: newCoNLLNames()}
	if format == "hf" {
		iw.out = newJSONOut(w)
		iw.w = iw.out.w
	} else {
		iw.w = bufio.NewWriterSize(w, 256<<10)
	}
	return iw, nil
}

// tagSet is the hf label list: tags in the order first met, "O" first,
// and their ids.
type tagSet struct {
	tags  []string
	tagID map[string]int
}

// ShareLabels makes the hf exporters among exs number their labels alike,
// so the train, dev and test parts of a split share one label list, and
// the brat exporters name them alike (a label brat's types cannot hold
// is renamed the same way in every part, and the renames are said once,
// by SharedNotes). Every part's documents are written before a part is
// closed: a brat part's Close fixes the names for all. Other exporters are
// left as they are.
func ShareLabels(exs []Exporter) {
	var shared *tagSet
	var names *conllNames
	var brat *bratWriter
	for _, ex := range exs {
		switch w := ex.(type) {
		case *iobWriter:
			if shared == nil {
				shared, names = w.tagSet, w.names
			} else {
				w.names = names
				w.names.shared = true
			}
			w.tagSet = shared
		case *bratWriter:
			if brat == nil {
				brat = w
				continue
			}
			w.names = brat.names
			w.names.shared = true
		}
	}
}

// sidecarPath is where hf writes its label list: beside the data file
// data names, or without it beside the file w writes to, named after it
// (LabelListPath).
func sidecarPath(w io.Writer, data string) (string, error) {
	if data != "" {
		if info, err := os.Stat(data); err == nil && info.IsDir() {
			return "", fmt.Errorf("hf export writes its label list beside its data file: %s is a folder, name the data file", data)
		}
		return LabelListPath(data), nil
	}
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			return LabelListPath(f.Name()), nil
		}
	}
	return "", errors.New("hf export writes its label list beside its data file: name the data file")
}

// LabelListPath is where an hf export whose rows go to data writes its
// label list: beside it, named after it (ner.jsonl → ner.labels.json). Each
// export into a folder has a label list of its own, which a second export
// there, another file, leaves alone: one list for the folder, labels.json,
// was replaced by the last export's, and the first export's ner_tags then
// named the wrong labels.
func LabelListPath(data string) string {
	return strings.TrimSuffix(data, filepath.Ext(data)) + ".labels.json"
}

// hfLine is one sentence of the Hugging Face export.
type hfLine struct {
	ID      string   `json:"id"`
	Doc     string   `json:"doc"`
	Tokens  []string `json:"tokens"`
	NerTags []int    `json:"ner_tags"`
}

// iobTokens are the tokens CoNLL and Hugging Face write: every word and
// every punctuation sign of the text (textTokens, not cut at span edges, so
// the same words are the same tokens in every article), without the white
// space UAX #29 leaves at the start of a word before a combining mark. A
// possessive 's is a token of its own ("Kakar ’s"), as CoNLL-2003 and
// spaCy write it and as a selection in skein takes "Kakar" of it.
func iobTokens(runes []rune, words []annotate.Token) []textTok {
	toks := textTokens(runes, words, nil)
	out := toks[:0:0]
	for i := range toks {
		t := toks[i]
		for t.start < t.end && unicode.IsSpace(runes[t.start]) {
			t.start++
		}
		for t.end > t.start && unicode.IsSpace(runes[t.end-1]) {
			t.end--
		}
		if t.end-t.start >= 3 && annotate.PossessiveEnd(runes[t.end-2], runes[t.end-1]) {
			out = append(out, textTok{start: t.start, end: t.end - 2}, textTok{start: t.end - 2, end: t.end})
			continue
		}
		out = append(out, t)
	}
	return out
}

// WriteUnworked leaves out of a CoNLL export an article the exported
// annotators never worked on: skein's CoNLL import reads every article of
// the file as worked on, so an article of O tags would read back as one
// they found empty (and train a model on words nobody looked at). Hugging
// Face's import reads an article without an entity as never opened: hf
// writes it, as before.
func (iw *iobWriter) WriteUnworked(d *annotate.Document, links []*annotate.Thread) error {
	if iw.format != "conll" {
		return iw.WriteDoc(d, nil, links)
	}
	iw.lo.add(unworkedLeftOut, 1, "")
	if len(links) > 0 {
		iw.lo.add(linksLeftOut, len(links), "")
	}
	return nil
}

// unworkedLeftOut counts the articles a format whose import reads every
// article as worked on left out of an export of named annotators.
const unworkedLeftOut = "%d articles the exported annotators never worked on left out (read back, each would be one they worked on and found nothing in)"

// linksLeftOut counts the links and threads of a format that has none.
const linksLeftOut = "%d links and threads left out (the format has none)"

// WriteDoc tags the document's tokens and writes them sentence by sentence.
// Every token of the text is written, O outside the spans. A span is fitted
// to whole tokens: widened where an edge falls inside a word, trimmed where
// it takes in white space. Spans that overlap one already tagged, or share a
// word with it, are left out; a span is never cut by a sentence break.
func (iw *iobWriter) WriteDoc(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread) error {
	f := flatten(d, spans, &iw.lo, iw.layers, holds{})
	runes := []rune(d.Text)
	toks := iobTokens(runes, annotate.NewWords(f.text).Tokens())
	tags := make([]string, len(toks))
	for i := range tags {
		tags[i] = "O"
	}
	owner := make([]int, len(toks))   // owner[i]: 1 + the piece tagged on token i, or 0
	joined := make([]bool, len(toks)) // joined[i]: token i continues an entity
	for pi, p := range f.pieces {
		first, last, ok := tokenRange(toks, p, &iw.lo)
		if !ok {
			continue
		}
		clash := -1
		for i := first; i <= last && clash < 0; i++ {
			clash = owner[i] - 1
		}
		if clash >= 0 {
			if q := f.pieces[clash]; q.start < p.end && p.start < q.end {
				iw.lo.add("%d overlapping spans left out (IOB2 cannot nest)", 1, "")
			} else {
				iw.lo.add("%d spans left out that share a word with another span (IOB2 tags whole words)", 1,
					fmt.Sprintf("%q beside %q", clip(string(runes[p.start:p.end])), clip(string(runes[q.start:q.end]))))
			}
			continue
		}
		s, e := toks[first].start, toks[last].end
		if s < p.start || e > p.end {
			iw.lo.add("%d spans widened to whole words (an edge fell inside a word)", 1,
				fmt.Sprintf("%q → %q", clip(string(runes[p.start:p.end])), clip(string(runes[s:e]))))
		}
		if s > p.start || e < p.end {
			iw.lo.add("%d spans trimmed of the white space at their edges", 1, "")
		}
		label := p.span.Label
		if iw.format == "conll" {
			label = iw.names.name(label)
		}
		tags[first] = "B-" + label
		owner[first] = pi + 1
		for i := first + 1; i <= last; i++ {
			tags[i] = "I-" + label
			owner[i] = pi + 1
			joined[i] = true
		}
	}
	if len(links) > 0 {
		iw.lo.add(linksLeftOut, len(links), "")
	}
	if iw.format == "conll" {
		if _, err := iw.w.WriteString("-DOCSTART- -X- O O\n\n"); err != nil {
			return err
		}
	}
	starts := sentenceStarts(f.text)
	b := 0 // next sentence start to meet
	sent := 0
	from := 0
	flush := func(to int) error {
		if to <= from {
			return nil
		}
		defer func() { from = to; sent++ }()
		return iw.sentence(runes, d.ID, sent, toks[from:to], tags[from:to])
	}
	for i := range toks {
		brk := false
		for b < len(starts) && starts[b] <= toks[i].start {
			if i > 0 && starts[b] > toks[i-1].start {
				brk = true
			}
			b++
		}
		if brk && joined[i] {
			iw.lo.add("%d sentence breaks inside a span ignored (the span stays in one sentence)", 1, "")
			brk = false
		}
		if brk {
			if err := flush(i); err != nil {
				return err
			}
		}
	}
	return flush(len(toks))
}

// tokenRange gives the first and last of toks that piece p takes in,
// or, for a piece of white space only, counts it in lo and says not ok.
func tokenRange(toks []textTok, p piece, lo *tally) (first, last int, ok bool) {
	first = sort.Search(len(toks), func(i int) bool { return toks[i].end > p.start })
	last = sort.Search(len(toks), func(i int) bool { return toks[i].start >= p.end }) - 1
	if first > last {
		lo.add("%d spans of white space only left out", 1, "")
		return 0, 0, false
	}
	return first, last, true
}

// tokenText is a token as written. iobTokens hold no white space; should
// one ever do, it becomes _ so that a CoNLL line keeps two columns.
func tokenText(runes []rune, tok textTok) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return '_'
		}
		return r
	}, string(runes[tok.start:tok.end]))
}

func (iw *iobWriter) sentence(runes []rune, doc string, n int, toks []textTok, tags []string) error {
	if iw.format == "conll" {
		for i, tok := range toks {
			iw.w.WriteString(tokenText(runes, tok))
			iw.w.WriteByte(' ')
			iw.w.WriteString(tags[i])
			iw.w.WriteByte('\n')
		}
		_, err := iw.w.WriteString("\n")
		return err
	}
	line := hfLine{ID: fmt.Sprintf("%s-%d", doc, n), Doc: doc, Tokens: make([]string, len(toks)), NerTags: make([]int, len(toks))}
	for i, tok := range toks {
		line.Tokens[i] = tokenText(runes, tok)
		id, ok := iw.tagID[tags[i]]
		if !ok {
			label := tags[i][2:]
			for _, p := range []string{"B-", "I-"} {
				iw.tagID[p+label] = len(iw.tags)
				iw.tags = append(iw.tags, p+label)
			}
			id = iw.tagID[tags[i]]
		}
		line.NerTags[i] = id
	}
	return iw.out.line(line)
}

// WriteThread leaves out a thread across documents.
func (iw *iobWriter) WriteThread(th *annotate.Thread, spans map[string]*annotate.Span) error {
	iw.lo.add("%d threads across documents left out", 1, "")
	return nil
}

// Close flushes the output and, for hf, writes the label list.
func (iw *iobWriter) Close() ([]string, error) {
	iw.layers.report(&iw.lo)
	if err := iw.w.Flush(); err != nil {
		return nil, err
	}
	if iw.format == "hf" {
		b, err := json.Marshal(iw.tags)
		if err != nil {
			return nil, err
		}
		if err := writeBeside(iw.side, append(b, '\n'), iw.perms); err != nil {
			return nil, fmt.Errorf("hf export: cannot write %s: %w", iw.side, err)
		}
	}
	if iw.format == "conll" && !iw.names.shared {
		return append(iw.names.note(), iw.lo.lines(iw.format)...), nil
	}
	return iw.lo.lines(iw.format), nil
}
