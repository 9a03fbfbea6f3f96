package transfer

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/store"
)

// ExportFormats are the formats Export writes, skein's own first.
var ExportFormats = []string{"skein", "brat", "doccano", "prodigy", "labelstudio", "conll", "hf", "w3c", "webanno"}

// ExportOptions are the flags of `skein export`.
type ExportOptions struct {
	// Format is one of ExportFormats; "" is skein's JSONL.
	Format string
	// Annotators are the layers to export; nil means every layer (-all).
	Annotators []string
	// Threads adds thread lines after the documents (skein's JSONL), and
	// lists each span's threads in its "threads".
	Threads bool
	// Dir is the folder for formats that write one (brat, webanno); for hf, the
	// data file, beside which its label list goes (ner.jsonl →
	// ner.labels.json, formats.LabelListPath).
	Dir string
	// Done keeps only the articles the exported layers marked done: each
	// named layer, or with every layer (-all) any one.
	Done bool
	// Labels, when set, keeps only spans with these labels, and the
	// threads and links whose spans are all kept.
	Labels []string
	// ThreadsHow says how to write the threads that skein's JSONL without
	// Threads leaves out, in the note that counts them: "" is the command
	// line's ("export with -threads"); the window names its check box.
	ThreadsHow string
	// Perms are the modes of the files and folders a format makes itself
	// (brat's folder, hf's label list); the zero value is this process's
	// umask.
	Perms formats.Perms
}

// Split is how ExportParts divides articles among train, dev and test:
// percentages that add up to 100, and a seed. An article's part depends
// only on the seed and its ID, so it is the same across runs, machines and
// corpora that add or drop other articles.
type Split struct {
	Train, Dev, Test int
	Seed             uint64
}

// Parts are the names of a split's parts, in order.
var Parts = []string{"train", "dev", "test"}

// ParseSplit reads "80/10/10".
func ParseSplit(s string, seed uint64) (Split, error) {
	var sp Split
	f := strings.Split(s, "/")
	if len(f) != 3 {
		return sp, fmt.Errorf("-split %q: want three percentages like 80/10/10", s)
	}
	var n [3]int
	for i, x := range f {
		v, err := strconv.Atoi(strings.TrimSpace(x))
		if err != nil || v < 0 {
			return sp, fmt.Errorf("-split %q: %q is not a percentage", s, x)
		}
		n[i] = v
	}
	if n[0]+n[1]+n[2] != 100 {
		return sp, fmt.Errorf("-split %q: the parts add up to %d, not 100", s, n[0]+n[1]+n[2])
	}
	return Split{Train: n[0], Dev: n[1], Test: n[2], Seed: seed}, nil
}

// Part is the part ("train", "dev" or "test") the article doc falls in.
func (sp Split) Part(doc string) string {
	h := fnv.New64a()
	var seed [8]byte
	binary.BigEndian.PutUint64(seed[:], sp.Seed)
	h.Write(seed[:])
	h.Write([]byte(doc))
	x := int(h.Sum64() % 10000) // hundredths of a percent
	switch {
	case x < sp.Train*100:
		return "train"
	case x < (sp.Train+sp.Dev)*100:
		return "dev"
	}
	return "test"
}

// Export writes the store's documents with the chosen layers to w (or Dir),
// one document at a time. It returns what the format could not hold.
func Export(ctx context.Context, st *store.Store, w io.Writer, opt ExportOptions) ([]string, error) {
	return exportParts(ctx, st, map[string]io.Writer{"": w}, func(string) string { return "" }, opt)
}

// ExportParts writes the articles split into parts: each to ws[part] (or,
// for formats that write a folder, to the folder opt.Dir/part, all of
// opt.Dir appearing at once when every part is complete: see
// formats.FolderParts). The parts of an hf export share one label list.
func ExportParts(ctx context.Context, st *store.Store, ws map[string]io.Writer, sp Split, opt ExportOptions) ([]string, error) {
	return exportParts(ctx, st, ws, sp.Part, opt)
}

func exportParts(ctx context.Context, st *store.Store, ws map[string]io.Writer, partOf func(string) string, opt ExportOptions) (leftOut []string, err error) {
	format := strings.ToLower(opt.Format)
	if format == "" || format == "jsonl" {
		format = "skein"
	}
	keep := func(string) bool { return true }
	if opt.Annotators != nil {
		set := map[string]bool{}
		for _, a := range opt.Annotators {
			set[a] = true
		}
		keep = func(a string) bool { return set[a] }
	}
	f, err := newFilter(st, opt, keep, partOf)
	if err != nil {
		return nil, err
	}
	if format == "skein" {
		// exportSkein first: the filter counts what it left out as it goes.
		err := exportSkein(ctx, st, ws, opt, keep, f)
		return f.leftOut(), err
	}
	exs := map[string]formats.Exporter{}
	var list []formats.Exporter
	// A folder export appears only when Close completes it (a split's
	// parts, when the last Close has: whole); one that fails before
	// leaves nothing.
	var whole *formats.FolderParts
	defer func() {
		if err != nil {
			for _, ex := range list {
				if a, ok := ex.(formats.Aborter); ok {
					a.Abort()
				}
			}
			if whole != nil {
				whole.Abort()
			}
		}
	}()
	if _, one := ws[""]; formats.WritesFolder(format) && !one {
		if whole, exs, err = formats.NewFolderParts(format, opt.Dir, sortedIDs(ws), opt.Perms); err != nil {
			return nil, err
		}
		for _, part := range sortedIDs(exs) {
			list = append(list, exs[part])
		}
	}
	for _, part := range sortedIDs(ws) {
		if exs[part] != nil {
			continue
		}
		ex, err := formats.NewExporterPerms(format, ws[part], opt.Dir, opt.Perms)
		if err != nil {
			return nil, err
		}
		exs[part] = ex
		list = append(list, ex)
	}
	formats.ShareLabels(list)
	if format == "brat" || format == "conll" {
		spanLabels, linkLabels, equivLabels, err := storeLabels(ctx, st, format == "brat")
		if err != nil {
			return nil, err
		}
		formats.ReserveLabels(list, spanLabels, linkLabels, equivLabels)
	}
	// Prodigy keeps each record's answer: formats that can, get the marks.
	var markLayers []string
	if _, ok := list[0].(formats.MarkWriter); ok {
		if markLayers = opt.Annotators; markLayers == nil {
			if markLayers, err = st.Annotators(); err != nil {
				return nil, err
			}
		}
	}
	var cross []*annotate.Thread
	alone, wrote := 0, 0 // articles written as their text alone, and the others
	// The labels an older skein kept (annotate.LabelNote) that the
	// format's import reads otherwise, and what it makes of each; brat
	// renames them (and says so), and skein reads no W3C file.
	labelsSeen, readBack := map[string]bool{}, map[string]string{}
	readsBack := format != "brat" && slices.Contains(ImportFormats, format)
	err = st.EachDocument(ctx, func(d *annotate.Document) error {
		ok, err := f.doc(d.ID)
		if err != nil || !ok {
			return err
		}
		ex := exs[partOf(d.ID)]
		spans, err := layerSpans(st, d.ID, keep)
		if err != nil {
			return err
		}
		// Who of the named layers worked on the article, for the formats
		// that tell it (their spans before -labels keeps some).
		var worked []string
		uw, unworked := ex.(formats.UnworkedWriter)
		ww, workedEmpty := ex.(formats.WorkedWriter)
		if opt.Annotators != nil && (unworked || workedEmpty) {
			if worked, err = workedLayers(st, d.ID, opt.Annotators, spans); err != nil {
				return err
			}
		}
		spans = f.spans(spans)
		for _, s := range spans {
			if readsBack && !labelsSeen[s.Label] {
				labelsSeen[s.Label] = true
				if rb := annotate.LabelReadBack(s.Label); rb != "" {
					readBack[s.Label] = rb
				}
			}
		}
		ths, err := st.ThreadsOfDoc(d.ID)
		if err != nil {
			return err
		}
		var links []*annotate.Thread
		for _, th := range ths {
			if !keep(th.Annotator) {
				continue
			}
			if len(th.Docs()) == 1 {
				if ok, err := f.thread(th); err != nil || !ok {
					if err != nil {
						return err
					}
					continue
				}
				links = append(links, th)
			} else if th.Members[0].Doc == d.ID {
				cross = append(cross, th)
			}
		}
		// The named layers' export tells an article none of them worked on
		// from one they found empty, as the format's import reads it
		// back: agreement measured on the import is then the store's. A
		// link of theirs between others' spans there is no work on it, as
		// agreement counts it (the format cannot write it without them).
		if unworked && opt.Annotators != nil && len(worked) == 0 {
			alone++
			return uw.WriteUnworked(d, links)
		}
		wrote++
		if workedEmpty && opt.Annotators != nil {
			return ww.WriteDocWorked(d, spans, links, worked)
		}
		if mw, ok := ex.(formats.MarkWriter); ok {
			var marks []*annotate.Mark
			for _, a := range markLayers {
				if m, err := st.Mark(d.ID, a); err == nil {
					marks = append(marks, m)
				}
			}
			return mw.WriteDocMarks(d, spans, links, marks)
		}
		return ex.WriteDoc(d, spans, links)
	})
	if err != nil {
		return nil, err
	}
	for _, th := range cross {
		ok, err := f.thread(th)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		spans := map[string]*annotate.Span{}
		for _, m := range th.Members {
			if s, err := st.Span(m.Span); err == nil {
				spans[s.ID] = s
			}
		}
		if err := exs[partOf(th.Members[0].Doc)].WriteThread(th, spans); err != nil {
			return nil, err
		}
	}
	leftOut = f.leftOut()
	if len(readBack) > 0 {
		var each []string
		for _, l := range slices.Sorted(maps.Keys(readBack)) {
			each = append(each, annotate.LabelShown(l)+" "+readBack[l])
		}
		leftOut = append(leftOut, fmt.Sprintf("%s: %s an older skein kept written as stored, which skein's import of the file reads otherwise (%s): export -format skein keeps them",
			format, annotate.Count(len(readBack), "label"), strings.Join(each, "; ")))
	}
	if format == "brat" && alone > 0 && wrote == 0 {
		// -layers-from-folders knows an annotator's folder by its .ann
		// files: this one, of texts alone, it will not take for theirs.
		who := strings.Join(opt.Annotators, ", ")
		leftOut = append(leftOut, fmt.Sprintf("brat: %s worked on no article: the folder holds the texts alone (no .ann), which an import with -layers-from-folders does not take for an annotator's folder: keep it out of a folder imported so", who))
	}
	for _, part := range sortedIDs(exs) {
		lo, err := exs[part].Close()
		if err != nil {
			return nil, err
		}
		for _, l := range lo {
			if part != "" {
				l = part + ": " + l
			}
			leftOut = append(leftOut, l)
		}
	}
	// What the parts share (brat's names) is said once, for every part.
	leftOut = append(leftOut, formats.SharedNotes(list)...)
	if whole != nil {
		if err := whole.Finish(); err != nil {
			return nil, err
		}
	}
	return leftOut, nil
}

// workedLayers are those of the annotators who worked on the article: a
// span there (spans holds their spans), or a change once, a done mark or
// an answer (annotate.LayerInfo.Worked).
func workedLayers(st *store.Store, doc string, annotators []string, spans []*annotate.Span) ([]string, error) {
	infos, err := st.Layers(doc, annotators)
	if err != nil {
		return nil, err
	}
	var out []string
	for i, a := range annotators {
		if slices.ContainsFunc(spans, func(s *annotate.Span) bool { return s.Annotator == a }) || (i < len(infos) && infos[i].Worked(0)) {
			out = append(out, a)
		}
	}
	return out, nil
}

// filter is what -done, -labels and a split keep.
type filter struct {
	st     *store.Store
	opt    ExportOptions
	keep   func(string) bool
	partOf func(string) string
	done   []string // layers whose done mark counts; nil: any layer
	labels map[string]bool
	inDoc  map[string]bool // documents kept, as decided
	inTh   map[string]bool // threads kept, as decided
	// dropped counts threads left out for -labels or for crossing parts.
	droppedLabels, droppedParts int
	// spansKept counts the spans -labels kept; otherLabels are the labels
	// of those it did not.
	spansKept   int
	otherLabels map[string]bool
	// unasked counts the threads skein's JSONL would have written with
	// -threads, left out without it.
	unasked int
}

func newFilter(st *store.Store, opt ExportOptions, keep func(string) bool, partOf func(string) string) (*filter, error) {
	f := &filter{st: st, opt: opt, keep: keep, partOf: partOf, done: opt.Annotators, inDoc: map[string]bool{}, inTh: map[string]bool{}}
	if opt.Done && f.done == nil {
		all, err := st.Annotators()
		if err != nil {
			return nil, err
		}
		f.done, f.opt.Annotators = all, nil
	}
	if opt.Labels != nil {
		f.labels = map[string]bool{}
		for _, l := range opt.Labels {
			f.labels[l] = true
		}
	}
	return f, nil
}

// doc reports whether the article is exported: with -done, marked done by
// each named layer (by any, with every layer).
func (f *filter) doc(id string) (bool, error) {
	if v, ok := f.inDoc[id]; ok {
		return v, nil
	}
	ok := true
	if f.opt.Done {
		some := false
		for _, a := range f.done {
			m, err := f.st.Mark(id, a)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return false, err
			}
			isDone := err == nil && m != nil && m.Done
			some = some || isDone
			if !isDone && f.opt.Annotators != nil {
				ok = false
			}
		}
		if f.opt.Annotators == nil {
			ok = some
		}
	}
	f.inDoc[id] = ok
	return ok, nil
}

// spans keeps those with the labels asked for.
func (f *filter) spans(spans []*annotate.Span) []*annotate.Span {
	if f.labels == nil {
		return spans
	}
	out := spans[:0]
	for _, s := range spans {
		if f.labels[s.Label] {
			out = append(out, s)
			continue
		}
		if f.otherLabels == nil {
			f.otherLabels = map[string]bool{}
		}
		f.otherLabels[s.Label] = true
	}
	f.spansKept += len(out)
	return out
}

// thread reports whether a thread is exported: its articles all exported
// and in one part, and with -labels its spans all of those labels.
func (f *filter) thread(th *annotate.Thread) (bool, error) {
	if len(th.Members) == 0 || (f.labels == nil && !f.opt.Done && f.partOf(th.Members[0].Doc) == "") {
		return true, nil
	}
	if v, ok := f.inTh[th.ID]; ok {
		return v, nil
	}
	ok, err := f.decideThread(th)
	if err != nil {
		return false, err
	}
	f.inTh[th.ID] = ok
	return ok, nil
}

func (f *filter) decideThread(th *annotate.Thread) (bool, error) {
	part := f.partOf(th.Members[0].Doc)
	for _, m := range th.Members {
		ok, err := f.doc(m.Doc)
		if err != nil || !ok {
			return false, err
		}
		if f.partOf(m.Doc) != part {
			f.droppedParts++
			return false, nil
		}
		if f.labels != nil {
			s, err := f.st.Span(m.Span)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return false, err
			}
			if !f.labels[s.Label] {
				f.droppedLabels++
				return false, nil
			}
		}
	}
	return true, nil
}

func (f *filter) leftOut() []string {
	var out []string
	// A filter that kept nothing says why, so an empty file is not taken
	// for an empty corpus.
	if f.opt.Done && !slices.Contains(slices.Collect(maps.Values(f.inDoc)), true) {
		who := "any layer"
		if f.opt.Annotators != nil {
			who = strings.Join(f.opt.Annotators, " and ")
		}
		out = append(out, fmt.Sprintf("-done: no article is marked done by %s, so none was exported", who))
	}
	if f.labels != nil && f.spansKept == 0 {
		what := "the layers exported hold no span"
		if len(f.otherLabels) > 0 {
			what = "the layers exported use " + strings.Join(sortedIDs(f.otherLabels), ", ")
			if slices.ContainsFunc(f.opt.Labels, func(l string) bool {
				return slices.ContainsFunc(sortedIDs(f.otherLabels), func(o string) bool { return strings.EqualFold(l, o) })
			}) {
				// -labels Figure beside figure looked like a bug.
				what += "; labels are matched exactly, case included"
			}
		}
		out = append(out, fmt.Sprintf("-labels %s: no span has these labels (%s)", strings.Join(f.opt.Labels, ","), what))
	}
	if f.droppedLabels > 0 {
		out = append(out, fmt.Sprintf("%s with a span of another label than -labels left out", annotate.Count(f.droppedLabels, "thread")))
	}
	if f.droppedParts > 0 {
		out = append(out, fmt.Sprintf("%s across articles in different parts of the split left out", annotate.Count(f.droppedParts, "thread")))
	}
	if f.unasked > 0 {
		how := f.opt.ThreadsHow
		if how == "" {
			how = "export with -threads"
		}
		out = append(out, fmt.Sprintf("skein: %s left out (%s to write them)", annotate.Count(f.unasked, "thread"), how))
	}
	return out
}

func layerSpans(st *store.Store, doc string, keep func(string) bool) ([]*annotate.Span, error) {
	all, err := st.Spans(doc)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, s := range all {
		if keep(s.Annotator) {
			out = append(out, s)
		}
	}
	return out, nil
}

func exportSkein(ctx context.Context, st *store.Store, ws map[string]io.Writer, opt ExportOptions, keep func(string) bool, f *filter) error {
	jws := map[string]*annotate.JSONLWriter{}
	for part, w := range ws {
		jws[part] = annotate.NewJSONLWriter(w)
	}
	annotators, err := st.Annotators()
	if err != nil {
		return err
	}
	// The layers each line describes: every kept annotator's, and a named
	// layer even where it is still empty, so a bundle says what it covers.
	names := opt.Annotators
	if names == nil {
		for _, a := range annotators {
			if keep(a) {
				names = append(names, a)
			}
		}
	}
	names = slices.Sorted(slices.Values(names))
	// A kept thread may link spans of layers the export does not keep. So
	// that the bundle imports whole, it carries those layers too on the
	// documents where they hold a member: all of the layer there, with its
	// time, as -all would write it, so an import treats it as it would
	// that author's own bundle and replaces nothing newer.
	var carried map[string][]string // document -> other layers to carry, sorted
	if opt.Threads && opt.Annotators != nil {
		if carried, err = memberLayers(ctx, st, keep); err != nil {
			return err
		}
	}
	err = st.EachDocument(ctx, func(d *annotate.Document) error {
		if ok, err := f.doc(d.ID); err != nil || !ok {
			return err
		}
		keepHere, namesHere := keep, names
		if more := carried[d.ID]; len(more) > 0 {
			keepHere = func(a string) bool { return keep(a) || slices.Contains(more, a) }
			namesHere = slices.Sorted(slices.Values(append(slices.Clip(names), more...)))
		}
		spans, err := layerSpans(st, d.ID, keepHere)
		if err != nil {
			return err
		}
		spans = f.spans(spans)
		all, err := st.Layers(d.ID, namesHere)
		if err != nil {
			return err
		}
		var layers []annotate.LayerInfo
		for _, l := range all {
			if l.Modified != 0 || l.Done || l.Answer != "" {
				layers = append(layers, l)
			}
		}
		var threadsOf func(string) []string
		if opt.Threads {
			ths, err := st.ThreadsOfDoc(d.ID)
			if err != nil {
				return err
			}
			of := map[string][]string{}
			for _, th := range ths {
				if !keep(th.Annotator) {
					continue
				}
				if ok, err := f.thread(th); err != nil || !ok {
					if err != nil {
						return err
					}
					continue
				}
				for _, m := range th.Members {
					if m.Doc == d.ID {
						of[m.Span] = append(of[m.Span], th.ID)
					}
				}
			}
			threadsOf = func(id string) []string { return of[id] }
		}
		return jws[f.partOf(d.ID)].Write(annotate.EncodeDocLine(d, spans, layers, threadsOf))
	})
	if err != nil {
		return err
	}
	// Without -threads the threads it would write are counted, so that
	// the export says it left them out: the file alone does not.
	err = st.Threads(ctx, func(th *annotate.Thread) error {
		if !keep(th.Annotator) {
			return nil
		}
		if ok, err := f.thread(th); err != nil || !ok {
			return err
		}
		if !opt.Threads {
			f.unasked++
			return nil
		}
		return jws[f.partOf(th.Members[0].Doc)].Write(annotate.EncodeThreadLine(th))
	})
	if err != nil {
		return err // the store's says "read threads"; "skein export: " is the caller's
	}
	for _, part := range sortedIDs(jws) {
		if err := jws[part].Flush(); err != nil {
			return err
		}
	}
	return nil
}

// memberLayers finds, for the threads of the kept layers, the member spans
// of other layers: by document, the annotators whose layers hold them.
func memberLayers(ctx context.Context, st *store.Store, keep func(string) bool) (map[string][]string, error) {
	out := map[string][]string{}
	err := st.Threads(ctx, func(th *annotate.Thread) error {
		if !keep(th.Annotator) {
			return nil
		}
		for _, m := range th.Members {
			s, err := st.Span(m.Span)
			if errors.Is(err, store.ErrNotFound) {
				continue // nothing to carry
			}
			if err != nil {
				return fmt.Errorf("thread %s member %s: %w", th.ID, m.Span, err)
			}
			if !keep(s.Annotator) && !slices.Contains(out[s.Doc], s.Annotator) {
				out[s.Doc] = append(out[s.Doc], s.Annotator)
			}
		}
		return nil
	})
	return out, err
}

// storeLabels is every label the store's spans bear, in every layer, and,
// with links, every link label of its threads ("" for an unlabelled
// link), those of equivalence sets apart (as brat's export names a set:
// its second member's link, Equiv where that has none): a brat or CoNLL
// export names them all before it writes (formats.ReserveLabels), so that
// one annotator's export names each label as another's does.
func storeLabels(ctx context.Context, st *store.Store, withLinks bool) (spans, links, equivs []string, err error) {
	seen := map[string]bool{}
	err = st.Documents(ctx, func(d store.DocInfo) error {
		counts, err := st.Counts(d.ID, "")
		for l, n := range counts {
			if n > 0 && !seen[l] {
				seen[l] = true
				spans = append(spans, l)
			}
		}
		return err
	})
	if err != nil || !withLinks {
		return spans, nil, nil, err
	}
	seenLink, seenEquiv := map[string]bool{}, map[string]bool{}
	err = st.Threads(ctx, func(th *annotate.Thread) error {
		if th.Kind == annotate.KindEquiv {
			l := "Equiv"
			if len(th.Members) > 1 && th.Members[1].Link != "" {
				l = th.Members[1].Link
			}
			if !seenEquiv[l] {
				seenEquiv[l] = true
				equivs = append(equivs, l)
			}
			return nil
		}
		for i := 1; i < len(th.Members); i++ {
			l := th.Members[i].Link
			if !seenLink[l] {
				seenLink[l] = true
				links = append(links, l)
			}
		}
		return nil
	})
	return spans, links, equivs, err
}
