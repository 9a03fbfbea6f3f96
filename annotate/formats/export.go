package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/clipperhouse/uax29/v2/sentences"
	"github.com/skein-news/skein/annotate"
)

// Exporter writes one format document by document: its memory does not grow
// with the corpus.
type Exporter interface {
	// WriteDoc writes one document with the spans to export and the
	// threads whose members all lie in this document (in-article relations).
	WriteDoc(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread) error
	// WriteThread is called after all documents for each thread that
	// crosses documents; spans holds its members by ID.
	WriteThread(th *annotate.Thread, spans map[string]*annotate.Span) error
	// Close finishes the output and returns what the format could not
	// hold, one line per kind with counts ("conll: 12 overlapping spans
	// left out (IOB2 cannot nest)").
	Close() (leftOut []string, err error)
}

// Aborter is implemented by exporters that write a folder (brat), which
// appears only when Close completes it. A caller whose export fails before
// Close calls Abort to remove what was written.
type Aborter interface {
	Abort()
}

// MarkWriter is implemented by exporters whose format records a document's
// answer (Prodigy's accept, reject or ignore). A caller that has the
// document's marks calls WriteDocMarks instead of WriteDoc.
type MarkWriter interface {
	WriteDocMarks(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread, marks []*annotate.Mark) error
}

// UnworkedWriter is implemented by exporters whose format tells an article
// the exported annotators never worked on from one they worked on and found
// nothing in (brat: a .txt without its .ann, which skein's brat import
// reads as never opened, an empty .ann as opened and found empty). A
// caller exporting named layers calls WriteUnworked, instead of WriteDoc,
// for an article none of them worked on (annotate.LayerInfo.Worked), with
// their links there: links they drew between other layers' spans, which
// are no work on the article as agreement counts it; the format writes
// none of them, and counts them as left out.
type UnworkedWriter interface {
	WriteUnworked(d *annotate.Document, links []*annotate.Thread) error
}

// WorkedWriter is implemented by exporters whose format records that an
// annotator worked on an article and found nothing there (Label Studio:
// an annotation with an empty result, which skein's import reads as
// worked on). A caller exporting named layers calls WriteDocWorked,
// instead of WriteDoc, with those of them who worked on the article.
type WorkedWriter interface {
	WriteDocWorked(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread, worked []string) error
}

// ExportFormats are the formats NewExporter knows.
var ExportFormats = []string{"brat", "conll", "doccano", "hf", "labelstudio", "prodigy", "w3c", "webanno"}

// WritesFolder tells the formats whose export is a folder, a file per
// article (brat, WebAnno TSV), from those that write one file.
func WritesFolder(format string) bool {
	return format == "brat" || format == "webanno"
}

// NewExporter returns the exporter for format, writing to w. brat writes a
// folder, dir, which must be empty or new. hf writes its label list beside
// its data file, which dir then names (LabelListPath: out.jsonl →
// out.labels.json), or, without dir, beside the file w writes to. webanno
// writes a folder, dir, as brat does.
func NewExporter(format string, w io.Writer, dir string) (Exporter, error) {
	return NewExporterPerms(format, w, dir, Perms{})
}

// NewExporterPerms is NewExporter making the files and folders it writes
// itself (brat's, hf's label list) with perms' modes.
func NewExporterPerms(format string, w io.Writer, dir string, perms Perms) (Exporter, error) {
	switch strings.ToLower(format) {
	case "brat":
		return newBratWriter(dir, perms)
	case "conll":
		return newIOBWriter(w, "conll", "", perms)
	case "hf":
		side, err := sidecarPath(w, dir)
		if err != nil {
			return nil, err
		}
		return newIOBWriter(w, "hf", side, perms)
	case "doccano":
		return &doccanoWriter{out: newJSONOut(w), layers: layers{}}, nil
	case "prodigy":
		return &prodigyWriter{out: newJSONOut(w)}, nil
	case "labelstudio":
		return &lsWriter{out: newJSONOut(w)}, nil
	case "w3c":
		return newW3CWriter(w)
	case "webanno":
		return newWebAnnoWriter(dir, perms)
	}
	return nil, fmt.Errorf("unknown export format %q (want %s)", format, strings.Join(ExportFormats, ", "))
}

// jsonOut writes JSON values through one buffer, HTML characters unescaped
// so quotes read as in the article.
type jsonOut struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

func newJSONOut(w io.Writer) *jsonOut {
	o := &jsonOut{w: bufio.NewWriterSize(w, 256<<10)}
	o.enc = json.NewEncoder(&o.buf)
	o.enc.SetEscapeHTML(false)
	return o
}

// line writes v and a newline.
func (o *jsonOut) line(v any) error {
	o.buf.Reset()
	if err := o.enc.Encode(v); err != nil {
		return err
	}
	_, err := o.w.Write(o.buf.Bytes())
	return err
}

// value writes v without the newline.
func (o *jsonOut) value(v any) error {
	o.buf.Reset()
	if err := o.enc.Encode(v); err != nil {
		return err
	}
	_, err := o.w.Write(bytes.TrimSuffix(o.buf.Bytes(), []byte("\n")))
	return err
}

// piece is one contiguous stretch of a span, as formats without
// discontinuous spans write it.
type piece struct {
	span       *annotate.Span
	start, end int
	first      bool // the span's first fragment: links attach here
}

// flatDoc is a document's spans for a format without layers or
// discontinuous spans.
type flatDoc struct {
	text   *annotate.Text
	spans  []*annotate.Span  // deduplicated, in text order
	pieces []piece           // in text order
	alias  map[string]string // span dropped as identical → span kept
	first  map[string]int    // span ID → index of its first piece
}

// layers notes which annotators' spans an export merged, for formats
// without layers.
type layers map[string]bool

func (l layers) report(lo *tally) {
	switch len(l) {
	case 0:
	case 1:
		// One layer is written whole, but not whose it is: read back,
		// its spans go to the importer's -annotator.
		for name := range l {
			lo.add("%d annotator's name not written (the format has no annotators: read back, its work goes to the layer -annotator names)", 1, name)
		}
	default:
		lo.add("%d annotators' layers merged into one (the format has no layers)", len(l), "")
	}
}

// flatten prepares spans for a format without layers: identical spans of
// different layers are written once, discontinuous spans one piece per
// fragment. holds says which span properties the format keeps.
func flatten(d *annotate.Document, spans []*annotate.Span, lo *tally, seen layers, holds holds) *flatDoc {
	f := &flatDoc{text: annotate.NewText(d.Text), alias: map[string]string{}, first: map[string]int{}}
	sorted := append([]*annotate.Span(nil), spans...)
	annotate.SortSpans(sorted)
	kept := map[string]string{}
	for _, s := range sorted {
		seen[s.Annotator] = true
		k := spanKey(&annotate.Span{Doc: s.Doc, Label: s.Label, Fragments: s.Fragments})
		if id, dup := kept[k]; dup {
			f.alias[s.ID] = id
			lo.add("%d spans identical to another layer's written once", 1, "")
			continue
		}
		kept[k] = s.ID
		f.spans = append(f.spans, s)
		countLost(s, lo, holds)
	}
	for _, s := range f.spans {
		if s.Discontinuous() {
			lo.add("%d discontinuous spans written as one entity per fragment", 1, "")
		}
		for i, fr := range s.Fragments {
			f.pieces = append(f.pieces, piece{span: s, start: fr.Start, end: fr.End, first: i == 0})
		}
	}
	sort.SliceStable(f.pieces, func(i, j int) bool {
		a, b := f.pieces[i], f.pieces[j]
		if a.start != b.start {
			return a.start < b.start
		}
		return a.end > b.end
	})
	for i, p := range f.pieces {
		if p.first {
			f.first[p.span.ID] = i
		}
	}
	return f
}

// holds says which span properties beyond label and offsets a format keeps.
type holds struct{ note, attrs, norms bool }

func countLost(s *annotate.Span, lo *tally, h holds) {
	if s.Note != "" && !h.note {
		lo.add("%d span notes left out", 1, "")
	}
	if len(s.Attrs) > 0 && !h.attrs {
		lo.add("%d spans' attributes left out", 1, "")
	}
	if len(s.Norms) > 0 && !h.norms {
		lo.add("%d spans' normalizations left out", 1, "")
	}
}

// singleSpanThreads counts the threads of one span (what T makes of a first
// span) that a format of links between two spans cannot hold; their span is
// written all the same, so they are not counted as naming spans left out.
const singleSpanThreads = "%d threads of a single span left out (the format holds only links between two spans)"

// linkPair is one link a format without chains writes.
type linkPair struct {
	head, tail string // span IDs
	label      string
	thread     *annotate.Thread
}

// pairs turns in-document threads into links between consecutive members,
// counting what that loses. A thread naming a span that is not exported is
// left out.
func pairs(links []*annotate.Thread, known func(id string) bool, lo *tally, keepsNotes bool) []linkPair {
	var out []linkPair
	for _, th := range links {
		if len(th.Members) < 2 {
			lo.add(singleSpanThreads, 1, "")
			continue
		}
		ok := true
		for _, m := range th.Members {
			if !known(m.Span) {
				ok = false
			}
		}
		if !ok {
			lo.add("%d threads naming spans not exported left out", 1, "")
			continue
		}
		if len(th.Members) > 2 {
			lo.add("%d threads of more than two spans written as links between consecutive members", 1, "")
		}
		if th.Kind == annotate.KindEquiv {
			lo.add("%d equivalence sets written as links", 1, "")
		}
		if th.Title != "" {
			lo.add("%d thread titles left out", 1, "")
		}
		if th.Note != "" && !keepsNotes {
			lo.add("%d thread notes left out", 1, "")
		}
		for i := 1; i < len(th.Members); i++ {
			out = append(out, linkPair{head: th.Members[i-1].Span, tail: th.Members[i].Span, label: th.Members[i].Link, thread: th})
		}
	}
	return out
}

// unexportedLinks counts as left out the links of an article written without
// its spans (UnworkedWriter): each names a span not exported.
func unexportedLinks(links []*annotate.Thread, lo *tally) {
	pairs(links, func(string) bool { return false }, lo, false)
}

// sentenceStarts returns the code-point offsets where sentences begin,
// after the first, by UAX #29.
func sentenceStarts(t *annotate.Text) []int {
	var out []int
	it := sentences.FromString(t.String())
	for it.Next() {
		if it.Start() > 0 {
			out = append(out, t.CodePoint(it.Start()))
		}
	}
	return out
}

// docMeta is what every JSON format writes about a document so that an
// import reads the same Source back.
func docMeta(d *annotate.Document) map[string]string {
	m := map[string]string{}
	for k, v := range d.Meta {
		if !strings.HasPrefix(k, "prodigy_") {
			m[k] = v
		}
	}
	m["doc"] = d.ID
	for k, v := range map[string]string{"title": d.Title, "source": d.Source, "date": d.Date} {
		if _, set := m[k]; !set && v != "" {
			m[k] = v
		}
	}
	return m
}
