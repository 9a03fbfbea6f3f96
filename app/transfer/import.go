package transfer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/store"
)

// ImportOptions are the flags of `skein import`.
type ImportOptions struct {
	// Format is "", "txt", "skein", "brat", "doccano", "prodigy" or
	// "labelstudio"; "" detects it from each file.
	Format string
	// SkipInvalid imports what is good and lists what was skipped, instead
	// of refusing the whole import.
	SkipInvalid bool
	// Encoding decodes plain-text files (windows-1252, latin1, …).
	Encoding string
	// Annotator is the layer for spans that name none; "" means User.
	Annotator string
	// User is the person importing.
	User string
	// Own allows a file to change the importer's own layer where it already
	// holds spans (a bundle claiming to be your own work is refused without it).
	Own bool
	// Only, when set, is the one annotator whose work the files may hold: a
	// span, layer or thread of anyone else is refused at its line (a file in
	// a colleague's folder of a team folder holds that colleague's alone).
	Only string
	// Docs gives the document of a line that names an ID and has no text
	// (the layer files of a team folder).
	Docs func(id string) (*annotate.Document, error)
	// Root, when set, names the files given in messages relative to it.
	Root string
}

// Result says what an import did.
type Result struct {
	Files       int
	DocsAdded   int
	DocsPresent int // already in the store, or repeated in the input
	Spans       int // spans written: new or changed
	Threads     int // threads written: new or changed
	Replaced    int // layers replaced by a newer bundle
	Ignored     int // files in folders that skein does not read
	Notes       []string
	// Skipped lists, with -skip-invalid, everything that was not imported.
	Skipped []error
}

// Check says what is wrong with the format or the encoding asked for,
// before anything is read: a command line can refuse it as a usage error.
func (opt ImportOptions) Check() error {
	switch strings.ToLower(opt.Format) {
	case "", "auto", "txt", "text", "skein", "jsonl", "brat", "doccano", "prodigy", "labelstudio":
	default:
		return fmt.Errorf("unknown import format %q (want txt, skein, brat, doccano, prodigy or labelstudio)", opt.Format)
	}
	_, err := decoder(opt.Encoding)
	return err
}

// Summary is one line a person can read.
func (r *Result) Summary() string {
	s := fmt.Sprintf("imported %s (%d already present), %s, %s from %s",
		annotate.Count(r.DocsAdded, "new document"), r.DocsPresent, annotate.Count(r.Spans, "span"), annotate.Count(r.Threads, "thread"), annotate.Count(r.Files, "file"))
	if r.Replaced > 0 {
		s += fmt.Sprintf("; replaced %s with newer bundles", annotate.Count(r.Replaced, "layer"))
	}
	if r.Ignored > 0 {
		s += fmt.Sprintf("; ignored %s of other kinds", annotate.Count(r.Ignored, "file"))
	}
	if len(r.Skipped) > 0 {
		s += fmt.Sprintf("; skipped %s", annotate.Count(len(r.Skipped), "problem"))
	}
	return s
}

// Refused is the error of an import that changed nothing because of bad input.
type Refused struct {
	Problems []error
}

func (e *Refused) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "nothing imported: %d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	b.WriteString(" (fix them, or use -skip-invalid to import the rest):")
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// plan gathers everything read from the inputs before anything is written.
type plan struct {
	docs     map[string]*annotate.Document
	docOrder []string
	spans    map[string]*annotate.Span
	spanAt   map[string]where
	threads  map[string]*annotate.Thread
	threadAt map[string]where
	// threadNamed holds the threads whose line names their annotator (a
	// thread line without one falls in -annotator's layer).
	threadNamed map[string]bool
	marks       map[[2]string]*annotate.Mark
	layers      map[[2]string]layerIn // (doc, annotator) -> what the file says of that layer
	named       map[[2]string]where   // layers a file names explicitly
	notes       []string
	present     int
	// fresh holds the IDs of spans and threads a format reader made up
	// (brat, doccano, Prodigy, Label Studio): see matchStored.
	fresh map[string]bool
}

type where struct {
	file string
	line int
}

type layerIn struct {
	modified int64
	at       where
}

func newPlan() *plan {
	return &plan{docs: map[string]*annotate.Document{}, spans: map[string]*annotate.Span{}, spanAt: map[string]where{},
		threads: map[string]*annotate.Thread{}, threadAt: map[string]where{}, threadNamed: map[string]bool{}, marks: map[[2]string]*annotate.Mark{},
		layers: map[[2]string]layerIn{}, named: map[[2]string]where{}, fresh: map[string]bool{}}
}

func (p *plan) addDoc(d *annotate.Document) {
	if _, ok := p.docs[d.ID]; ok {
		p.present++
		return
	}
	p.docs[d.ID] = d
	p.docOrder = append(p.docOrder, d.ID)
}

// Import reads paths and writes what they hold into st. With bad input and
// without SkipInvalid it returns a *Refused and the store is unchanged. With
// SkipInvalid the good part is imported and the rest listed in
// Result.Skipped; callers exit non-zero when that list is not empty.
func Import(ctx context.Context, st *store.Store, paths []string, opt ImportOptions) (*Result, error) {
	if opt.User == "" {
		return nil, errors.New("import: no user name")
	}
	if opt.Annotator == "" {
		opt.Annotator = opt.User
	}
	if err := opt.Check(); err != nil {
		return nil, err
	}
	format := strings.ToLower(opt.Format)
	if format == "jsonl" {
		format = "skein"
	}
	inputs, ignored, problems := expand(paths, format, opt.Root)
	res := &Result{Files: len(inputs), Ignored: ignored}
	p := newPlan()

	// Plain-text files are the bulk of a large import: read, decode and
	// check them on every core.
	var txt []input
	for _, in := range inputs {
		if in.format == "txt" {
			txt = append(txt, in)
		}
	}
	docs, errs := readTexts(ctx, txt, opt.Encoding)
	for i, d := range docs {
		if errs[i] != nil {
			problems = append(problems, errs[i])
			continue
		}
		p.addDoc(d)
	}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var errs []error
		switch in.format {
		case "txt":
			continue
		case "jsonl", "skein", "doccano", "prodigy":
			errs = readJSONLFile(st, p, in, opt)
		case "labelstudio":
			errs = readFormatFile(p, in, opt, formats.ReadLabelStudio)
		case "brat":
			b, e := formats.ReadBrat(in.path, formats.Options{Annotator: opt.Annotator, SkipInvalid: opt.SkipInvalid, Decode: decodeFunc(opt.Encoding)})
			errs = e
			if b != nil {
				p.addBatch(b, in.name)
			}
		default:
			errs = []error{&annotate.LineError{File: in.name, Err: fmt.Errorf("unknown format %q", in.format)}}
		}
		problems = append(problems, errs...)
	}
	if err := p.matchStored(st); err != nil {
		return nil, err
	}
	spanProblems, err := p.checkSpanIDs(ctx, st)
	if err != nil {
		return nil, err
	}
	problems = append(problems, spanProblems...)
	threadProblems, err := p.checkThreadIDs(st)
	if err != nil {
		return nil, err
	}
	problems = append(problems, threadProblems...)
	ownProblems, err := p.checkOwn(st, opt)
	if err != nil {
		return nil, err
	}
	problems = append(problems, ownProblems...)
	// After checkOwn: a thread naming a span it refused names a span the
	// store will not have.
	problems = append(problems, p.checkThreads(st)...)
	b, replaced, err := p.batch(st)
	if err != nil {
		return nil, err
	}
	res.Notes = p.notes
	sortProblems(problems)
	if len(problems) > 0 {
		if !opt.SkipInvalid {
			return nil, &Refused{Problems: problems}
		}
		res.Skipped = problems
	}
	out, err := st.WriteBatch(ctx, b)
	if err != nil {
		return nil, err // "skein import: " is the caller's
	}
	res.DocsAdded = out.DocsAdded
	res.DocsPresent = len(p.docs) - out.DocsAdded + p.present
	res.Spans = out.SpansWritten
	res.Threads = out.ThreadsWritten
	res.Replaced = replaced
	return res, nil
}

// sortProblems puts problems in file then line order, so a researcher can
// fix them top to bottom; a problem of a whole file (no line) stays at its
// file's start, and problems that name no file come first, each kind in the
// order found.
func sortProblems(problems []error) {
	at := func(err error) (string, int) {
		var le *annotate.LineError
		if errors.As(err, &le) {
			return le.File, le.Line
		}
		return "", 0
	}
	sort.SliceStable(problems, func(i, j int) bool {
		fi, li := at(problems[i])
		fj, lj := at(problems[j])
		if fi != fj {
			return fi < fj
		}
		return li < lj
	})
}

// readTexts reads plain-text articles on every core. Each worker has its own
// decoder: decoders keep state and are not safe to share.
func readTexts(ctx context.Context, ins []input, encoding string) ([]*annotate.Document, []error) {
	docs := make([]*annotate.Document, len(ins))
	errs := make([]error, len(ins))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(ins) {
		workers = len(ins)
	}
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dec, _ := decoder(encoding) // checked by the caller
			for ctx.Err() == nil {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(ins) {
					return
				}
				docs[i], errs[i] = readText(ins[i], dec)
			}
		}()
	}
	wg.Wait()
	for i := range errs {
		if docs[i] == nil && errs[i] == nil {
			errs[i] = &annotate.LineError{File: ins[i].name, Err: ctx.Err()}
		}
	}
	return docs, errs
}

// readJSONLFile reads a JSONL file in skein's format or, by its first line
// or -format, in doccano's or Prodigy's.
func readJSONLFile(st *store.Store, p *plan, in input, opt ImportOptions) []error {
	format := in.format
	if format == "jsonl" {
		head, err := readHead(in.path)
		if err != nil {
			return []error{&annotate.LineError{File: in.name, Err: fmt.Errorf("cannot read: %v", unwrapPath(err))}}
		}
		if f, ok := formats.Detect(in.path, head); ok && f != "txt" {
			format = f
		} else {
			format = "skein"
		}
	}
	switch format {
	case "doccano":
		return readFormatFile(p, in, opt, formats.ReadDoccano)
	case "prodigy":
		return readFormatFile(p, in, opt, formats.ReadProdigy)
	case "labelstudio":
		return readFormatFile(p, in, opt, formats.ReadLabelStudio)
	}
	f, err := os.Open(in.path)
	if err != nil {
		return []error{&annotate.LineError{File: in.name, Err: fmt.Errorf("cannot read: %v", unwrapPath(err))}}
	}
	defer f.Close()
	errs, err := annotate.ReadJSONL(f, in.name, annotate.ReadOptions{Annotator: opt.Annotator, Doc: opt.Docs}, func(r *annotate.Record) error {
		at := where{in.name, r.Line}
		if err := onlyOf(r, opt.Only); err != nil {
			return &annotate.LineError{File: in.name, Line: r.Line, Err: err}
		}
		if th := r.Thread; th != nil {
			if old, dup := p.threads[th.ID]; dup {
				if old.Annotator != th.Annotator {
					first := p.threadAt[th.ID]
					return &annotate.LineError{File: in.name, Line: r.Line, Err: fmt.Errorf("thread id %s is used by two layers: %s's here and %s's at %s:%d", th.ID, th.Annotator, old.Annotator, first.file, first.line)}
				}
				return nil
			}
			p.threads[th.ID] = th
			p.threadAt[th.ID] = at
			p.threadNamed[th.ID] = r.Named[th.Annotator]
			return nil
		}
		p.addDoc(r.Doc)
		for ann := range r.Named {
			k := [2]string{r.Doc.ID, ann}
			if _, ok := p.named[k]; !ok {
				p.named[k] = at
			}
		}
		for _, l := range r.Layers {
			k := [2]string{r.Doc.ID, l.Annotator}
			if l.Modified > 0 {
				p.layers[k] = layerIn{modified: l.Modified, at: at}
			}
			if l.Done || l.Answer != "" {
				p.marks[k] = &annotate.Mark{Doc: r.Doc.ID, Annotator: l.Annotator, Done: l.Done, Answer: l.Answer}
			}
		}
		for _, s := range r.Spans {
			if old, dup := p.spans[s.ID]; dup && old.Doc != s.Doc {
				return &annotate.LineError{File: in.name, Line: r.Line, Err: fmt.Errorf("span id %s is used in two documents (%s at line %d)", s.ID, old.Doc, p.spanAt[s.ID].line)}
			}
			p.spans[s.ID] = s
			p.spanAt[s.ID] = at
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return errs
}

// NoAnnotations as ImportOptions.Only allows documents alone: a team
// folder's article files hold no one's work.
const NoAnnotations = "\x00"

// onlyOf says what in r belongs to someone other than only ("" allows all).
func onlyOf(r *annotate.Record, only string) error {
	if only == "" {
		return nil
	}
	if only == NoAnnotations {
		if r.Thread != nil || len(r.Spans) > 0 || len(r.Layers) > 0 {
			return errors.New("an article file holds the article alone, no spans, layers or threads")
		}
		return nil
	}
	if th := r.Thread; th != nil {
		if th.Annotator != only {
			return fmt.Errorf("thread %s is %s's, in a file that may hold only %s's work", th.ID, th.Annotator, only)
		}
		return nil
	}
	for _, s := range r.Spans {
		if s.Annotator != only {
			return fmt.Errorf("span %s is %s's, in a file that may hold only %s's work", s.ID, s.Annotator, only)
		}
	}
	for _, l := range r.Layers {
		if l.Annotator != only {
			return fmt.Errorf("layer %s in a file that may hold only %s's work", l.Annotator, only)
		}
	}
	return nil
}

func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	var head []byte
	for len(head) < 1<<20 {
		line, err := br.ReadBytes('\n')
		head = append(head, line...)
		if len(bytes.TrimSpace(head)) > 0 || err != nil {
			if err == io.EOF {
				err = nil
			}
			return head, err
		}
	}
	return head, nil
}

type formatReader func(r io.Reader, file string, opt formats.Options) (*formats.Batch, []error)

func readFormatFile(p *plan, in input, opt ImportOptions, read formatReader) []error {
	f, err := os.Open(in.path)
	if err != nil {
		return []error{&annotate.LineError{File: in.name, Err: fmt.Errorf("cannot read: %v", unwrapPath(err))}}
	}
	defer f.Close()
	b, errs := read(f, in.name, formats.Options{Annotator: opt.Annotator, SkipInvalid: opt.SkipInvalid})
	if b != nil {
		p.addBatch(b, in.name)
	}
	return errs
}

func (p *plan) addBatch(b *formats.Batch, name string) {
	for _, d := range b.Docs {
		p.addDoc(d)
	}
	for _, s := range b.Spans {
		p.spans[s.ID] = s
		p.spanAt[s.ID] = where{file: name}
		p.fresh[s.ID] = true
	}
	for _, t := range b.Threads {
		p.threads[t.ID] = t
		p.threadAt[t.ID] = where{file: name}
		p.fresh[t.ID] = true
	}
	for _, m := range b.Marks {
		p.marks[[2]string{m.Doc, m.Annotator}] = m
	}
	p.notes = append(p.notes, b.Notes...)
}

// matchStored keeps a second import of a brat, doccano, Prodigy or Label
// Studio file from doubling its annotations. Their readers give every span
// and relation a new ID, so a new span equal to one the store holds in the
// same layer (same fragments, label, note, attributes and norms) is taken to
// be that span, and a relation or chain whose members then all match a
// stored thread of the same layer is taken to be that thread; both are left
// out. Equal spans within one file each match a stored span of their own.
func (p *plan) matchStored(st *store.Store) error {
	if len(p.fresh) == 0 {
		return nil
	}
	byLayer := map[[2]string][]*annotate.Span{}
	for id := range p.fresh {
		if s, ok := p.spans[id]; ok {
			k := [2]string{s.Doc, s.Annotator}
			byLayer[k] = append(byLayer[k], s)
		}
	}
	layers := make([][2]string, 0, len(byLayer))
	for k := range byLayer {
		layers = append(layers, k)
	}
	sort.Slice(layers, func(i, j int) bool { return layers[i][0]+layers[i][1] < layers[j][0]+layers[j][1] })
	stored := map[string]string{} // a new span's ID -> the stored span it matches
	for _, k := range layers {
		have, err := st.LayerSpans(k[0], k[1])
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if len(have) == 0 {
			continue
		}
		pool := map[string][]string{}
		for _, s := range have {
			sig := spanSig(s)
			pool[sig] = append(pool[sig], s.ID)
		}
		incoming := byLayer[k]
		sort.Slice(incoming, func(i, j int) bool { return incoming[i].ID < incoming[j].ID })
		for _, s := range incoming {
			sig := spanSig(s)
			if ids := pool[sig]; len(ids) > 0 {
				stored[s.ID] = ids[0]
				pool[sig] = ids[1:]
				delete(p.spans, s.ID)
				delete(p.spanAt, s.ID)
			}
		}
	}
	if len(stored) == 0 {
		return nil
	}
	for id := range p.fresh {
		th, ok := p.threads[id]
		if !ok || len(th.Members) == 0 {
			continue
		}
		for i, m := range th.Members {
			if sid, ok := stored[m.Span]; ok {
				th.Members[i].Span = sid
			}
		}
		olds, err := st.ThreadsOfSpan(th.Members[0].Span)
		if err != nil {
			return err
		}
		for _, old := range olds {
			if threadSig(old) == threadSig(th) {
				delete(p.threads, id)
				delete(p.threadAt, id)
				break
			}
		}
	}
	return nil
}

// spanSig is what makes two spans of one layer the same annotation.
func spanSig(s *annotate.Span) string {
	b, _ := json.Marshal(struct {
		F []annotate.Fragment
		L string
		N string
		A map[string]string
		R []annotate.Norm
	}{s.Fragments, s.Label, s.Note, s.Attrs, s.Norms})
	return string(b)
}

// threadSig is what makes two threads the same, IDs and times aside.
func threadSig(t *annotate.Thread) string {
	b, _ := json.Marshal(struct {
		T, A, K, N string
		M          []annotate.Member
	}{t.Title, t.Annotator, t.Kind, t.Note, t.Members})
	return string(b)
}

// checkSpanIDs refuses a span whose ID the store already gives a span in
// another document (the store would refuse the whole batch) or in another
// layer of the same document, naming the file and line that carry it; the
// span is left out.
func (p *plan) checkSpanIDs(ctx context.Context, st *store.Store) ([]error, error) {
	ids := make([]string, 0, len(p.spans))
	for id := range p.spans {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	stored, err := st.SpanDocs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var problems []error
	owners := map[string]map[string]string{} // doc -> stored span ID -> its annotator, read once per document
	for _, id := range ids {
		s := p.spans[id]
		doc, ok := stored[id]
		if !ok {
			continue
		}
		at := p.spanAt[id]
		if doc != s.Doc {
			problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("span id %s is already used by a span in document %s, not %s", id, doc, s.Doc)})
			delete(p.spans, id)
			continue
		}
		// The same ID in another layer would move the span between
		// layers — out of yours, say, by a file that names someone else.
		if owners[doc] == nil {
			all, err := st.Spans(doc)
			if err != nil {
				return nil, err
			}
			owners[doc] = make(map[string]string, len(all))
			for _, x := range all {
				owners[doc][x.ID] = x.Annotator
			}
		}
		if a, ok := owners[doc][id]; ok && a != s.Annotator {
			problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("span id %s is already used by a span in %s's layer, not %s's: skein will not move it; give this span another id", id, a, s.Annotator)})
			delete(p.spans, id)
		}
	}
	return problems, nil
}

// checkThreads makes sure every thread member names a span that the import
// or the store holds, in the document the member names. A bad thread is left
// out.
func (p *plan) checkThreads(st *store.Store) []error {
	var problems []error
	ids := make([]string, 0, len(p.threads))
	for id := range p.threads {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		th := p.threads[id]
		at := p.threadAt[id]
		for i, m := range th.Members {
			s, ok := p.spans[m.Span]
			if !ok {
				var err error
				s, err = st.Span(m.Span)
				if err != nil {
					problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("thread %s member %d names unknown span %s", id, i+1, m.Span)})
					delete(p.threads, id)
					break
				}
			}
			if s.Doc != m.Doc {
				problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("thread %s member %d: span %s is in document %s, not %s", id, i+1, m.Span, s.Doc, m.Doc)})
				delete(p.threads, id)
				break
			}
		}
	}
	return problems
}

// checkThreadIDs refuses a thread whose ID the store gives a thread of
// another layer: writing it would move that thread, someone's work, into
// this one's layer. The thread is left out.
func (p *plan) checkThreadIDs(st *store.Store) ([]error, error) {
	var problems []error
	for _, id := range sortedIDs(p.threads) {
		th := p.threads[id]
		old, err := st.Thread(id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if old.Annotator != th.Annotator {
			at := p.threadAt[id]
			problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("thread id %s is already used by a thread in %s's layer, not %s's: skein will not overwrite it; give this thread another id", id, old.Annotator, th.Annotator)})
			delete(p.threads, id)
		}
	}
	return problems, nil
}

func sortedIDs[T any](m map[string]T) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// checkOwn refuses what would change the importer's own layer, unless -own
// was given: a colleague's bundle must never overwrite your work by
// accident. Spans and threads follow one rule. A bundle of several layers
// (a colleague's -all) that carries a copy of yours no newer than the
// store's leaves yours as it is, with a note. Otherwise a file that names
// your layer on an article is refused there where you already have
// different spans (not the same IDs with the same content), and a thread of
// your layer it names is refused where you already have threads of your own
// on one of its articles and it is not one of them unchanged. A line that names no
// annotator falls in -annotator's layer, yours by default; it is refused
// only where it would change a span or thread you have under its ID.
// Importing what you already have changes nothing and is not refused; into
// a store where you have nothing, your own bundle goes.
func (p *plan) checkOwn(st *store.Store, opt ImportOptions) ([]error, error) {
	if opt.Own {
		return nil, nil
	}
	var problems []error
	keys := make([][2]string, 0)
	for k := range p.named {
		if k[1] == opt.User {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := p.named[keys[i]], p.named[keys[j]]
		if a.file != b.file {
			return a.file < b.file
		}
		return a.line < b.line
	})
	mine := map[string]map[string]*annotate.Span{} // doc -> the importer's stored spans there by ID
	storedSpans := func(doc string) (map[string]*annotate.Span, error) {
		if m, ok := mine[doc]; ok {
			return m, nil
		}
		have, err := st.LayerSpans(doc, opt.User)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		m := make(map[string]*annotate.Span, len(have))
		for _, s := range have {
			m[s.ID] = s
		}
		mine[doc] = m
		return m, nil
	}
	authors := map[string]map[string]bool{} // file -> the layers it names
	for k, at := range p.named {
		if authors[at.file] == nil {
			authors[at.file] = map[string]bool{}
		}
		authors[at.file][k[1]] = true
	}
	named := map[[2]string]bool{}
	kept := map[string]bool{} // docs where the file's copy of your layer is not newer than yours
	for _, k := range keys {
		named[k] = true
		if l, ok := p.layers[k]; ok && l.modified > 0 && len(authors[p.named[k].file]) > 1 {
			yours, err := st.LayerModified(k[0], k[1])
			if err != nil {
				return nil, err
			}
			if yours > 0 && l.modified <= yours {
				// A colleague's bundle that carries your layer as they got
				// it from you: yours is as new or newer, so it stays, and
				// so do your threads on this article.
				kept[k[0]] = true
				if l.modified < yours {
					p.notes = append(p.notes, fmt.Sprintf("%s:%d: your layer (%s) on document %s in this file is older than yours (%s < %s); kept yours", l.at.file, l.at.line, k[1], k[0], annotate.FormatMillis(l.modified), annotate.FormatMillis(yours)))
				}
				p.dropOwnLayer(k)
				continue
			}
		}
		have, err := storedSpans(k[0])
		if err != nil {
			return nil, err
		}
		if len(have) == 0 {
			continue
		}
		same := true
		n := 0
		for _, s := range p.spans {
			if s.Doc == k[0] && s.Annotator == k[1] {
				n++
				if old, ok := have[s.ID]; !ok || !sameSpan(old, s) {
					same = false
				}
			}
		}
		if same && n == len(have) {
			continue
		}
		at := p.named[k]
		problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("this bundle carries spans in your own layer (%s) for document %s, where you already have %s that differ: skein will not overwrite your work by accident; use -own to import it, or -user to import as someone else", k[1], k[0], annotate.Count(len(have), "span"))})
		p.dropOwnLayer(k)
	}
	// Spans in the importer's layer on articles the file does not name it.
	for _, id := range sortedIDs(p.spans) {
		s := p.spans[id]
		if s.Annotator != opt.User || named[[2]string{s.Doc, s.Annotator}] {
			continue
		}
		have, err := storedSpans(s.Doc)
		if err != nil {
			return nil, err
		}
		if old, ok := have[id]; ok && !sameSpan(old, s) {
			at := p.spanAt[id]
			problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("span %s names no annotator, so it goes in your own layer (%s), where it would change your span %s: skein will not overwrite your work by accident; use -own to import it, or -annotator to put it in another layer", id, s.Annotator, id)})
			delete(p.spans, id)
		}
	}

	ownThreads := map[string]int{} // doc -> how many threads of the importer's it has
	threadsOn := func(doc string) (int, error) {
		if n, ok := ownThreads[doc]; ok {
			return n, nil
		}
		ths, err := st.ThreadsOfDoc(doc)
		if err != nil {
			return 0, err
		}
		n := 0
		for _, th := range ths {
			if th.Annotator == opt.User {
				n++
			}
		}
		ownThreads[doc] = n
		return n, nil
	}
	for _, id := range sortedIDs(p.threads) {
		th := p.threads[id]
		if th.Annotator != opt.User {
			continue
		}
		if p.threadNamed[id] && len(th.Members) > 0 && allKept(th, kept) {
			delete(p.threads, id) // as old as yours on every article it touches: yours stays
			continue
		}
		at := p.threadAt[id]
		old, err := st.Thread(id)
		switch {
		case err == nil:
			if sameThread(old, th) {
				delete(p.threads, id) // no change
				continue
			}
			if p.threadNamed[id] {
				problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("this bundle carries thread %s in your own layer (%s), and it differs from yours: skein will not overwrite your work by accident; use -own to import it, or -user to import as someone else", id, th.Annotator)})
			} else {
				problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("thread %s names no annotator, so it goes in your own layer (%s), where it would change your thread %s: skein will not overwrite your work by accident; use -own to import it, or -annotator to put it in another layer", id, th.Annotator, id)})
			}
			delete(p.threads, id)
			continue
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
		if !p.threadNamed[id] {
			continue
		}
		seen := map[string]bool{}
		for _, m := range th.Members {
			if seen[m.Doc] {
				continue
			}
			seen[m.Doc] = true
			n, err := threadsOn(m.Doc)
			if err != nil {
				return nil, err
			}
			if n > 0 {
				problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("this bundle carries thread %s in your own layer (%s) on document %s, where you already have %s that differ: skein will not overwrite your work by accident; use -own to import it, or -user to import as someone else", id, th.Annotator, m.Doc, annotate.Count(n, "thread"))})
				delete(p.threads, id)
				break
			}
		}
	}
	return problems, nil
}

// allKept reports whether every article th touches is one where the file's
// copy of the importer's layer was kept back as not newer than the store's.
func allKept(th *annotate.Thread, kept map[string]bool) bool {
	for _, m := range th.Members {
		if !kept[m.Doc] {
			return false
		}
	}
	return true
}

// dropOwnLayer leaves out what the file says of layer k: its spans, time
// and mark.
func (p *plan) dropOwnLayer(k [2]string) {
	for id, s := range p.spans {
		if s.Doc == k[0] && s.Annotator == k[1] {
			delete(p.spans, id)
		}
	}
	delete(p.layers, k)
	delete(p.marks, k)
}

// sameSpan reports whether importing b over a would change nothing; no
// attributes or norms is the same as empty ones.
func sameSpan(a, b *annotate.Span) bool {
	norm := func(s *annotate.Span) string {
		c := *s
		if len(c.Attrs) == 0 {
			c.Attrs = nil
		}
		if len(c.Norms) == 0 {
			c.Norms = nil
		}
		return spanSig(&c)
	}
	return a.ID == b.ID && a.Doc == b.Doc && a.Created == b.Created && norm(a) == norm(b)
}

// sameThread reports whether importing b over a would change nothing.
func sameThread(a, b *annotate.Thread) bool {
	return a.ID == b.ID && a.Created == b.Created && threadSig(a) == threadSig(b)
}

// batch turns the plan into one store batch, deciding for each layer a
// bundle describes whether it replaces the stored one (the bundle is newer),
// is already there (the same time) or is older and left alone.
func (p *plan) batch(st *store.Store) (*store.Batch, int, error) {
	b := &store.Batch{}
	for _, id := range p.docOrder {
		b.Docs = append(b.Docs, p.docs[id])
	}
	skip := map[[2]string]bool{}
	replaced := 0
	lkeys := make([][2]string, 0, len(p.layers))
	for k := range p.layers {
		lkeys = append(lkeys, k)
	}
	sort.Slice(lkeys, func(i, j int) bool { return lkeys[i][0]+lkeys[i][1] < lkeys[j][0]+lkeys[j][1] })
	for _, k := range lkeys {
		l := p.layers[k]
		have, err := st.LayerModified(k[0], k[1])
		if err != nil {
			return nil, 0, err
		}
		switch {
		case l.modified > have:
			if have > 0 {
				replaced++
			}
			b.Replace = append(b.Replace, store.LayerStamp{Doc: k[0], Annotator: k[1], Modified: l.modified})
		case l.modified == have:
			skip[k] = true
		default:
			skip[k] = true
			p.notes = append(p.notes, fmt.Sprintf("%s:%d: %s's layer on document %s is older than the one in the store (%s < %s); kept the store's", l.at.file, l.at.line, k[1], k[0], annotate.FormatMillis(l.modified), annotate.FormatMillis(have)))
		}
	}
	sids := make([]string, 0, len(p.spans))
	for id := range p.spans {
		sids = append(sids, id)
	}
	sort.Strings(sids)
	for _, id := range sids {
		s := p.spans[id]
		if !skip[[2]string{s.Doc, s.Annotator}] {
			b.Spans = append(b.Spans, s)
		}
	}
	tids := make([]string, 0, len(p.threads))
	for id := range p.threads {
		tids = append(tids, id)
	}
	sort.Strings(tids)
	for _, id := range tids {
		b.Threads = append(b.Threads, p.threads[id])
	}
	for k, m := range p.marks {
		if !skip[k] {
			b.Marks = append(b.Marks, m)
		}
	}
	sort.Slice(b.Marks, func(i, j int) bool { return b.Marks[i].Doc+b.Marks[i].Annotator < b.Marks[j].Doc+b.Marks[j].Annotator })
	return b, replaced, nil
}
