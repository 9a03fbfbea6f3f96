package transfer

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/store"
)

// cores is how many workers keep every core busy: the processors set
// (GOMAXPROCS), but never more than the CPUs. A team pull sets one
// processor more than the CPUs while it runs, as room for the window's UI
// goroutine (app/team syncProcs); a worker for it would take that room.
func cores() int { return max(1, min(runtime.GOMAXPROCS(0), runtime.NumCPU())) }

// eachOnEveryCore calls do(i) for i in [0, n) on every core, each i once,
// until ctx ends.
func eachOnEveryCore(ctx context.Context, n int, do func(i int)) {
	workers := min(cores(), n)
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				do(i)
			}
		}()
	}
	wg.Wait()
}

// docSink takes the articles an import reads while it is still reading
// (*store.Stream).
type docSink interface {
	AddFramed(ctx context.Context, docs []*annotate.Document, frames [][]byte) error
	// Writing reports whether the store is still writing articles it was
	// given.
	Writing() bool
}

// readTexts reads plain-text articles on every core, each with a decoder
// of its own: decoders keep state and are not safe to share. With out set,
// the articles read are also handed to it as they come, from one
// goroutine (see store.Stream), each with the buffer it was read into
// when its text is that buffer's tail (store.RecordRoom bytes free in
// front, for the store to write the record around the text), else nil:
// its first error stops the reading and is returned. They are handed on
// in a group whenever the store has written all it was given and
// streamFirst have come, or streamGroup have: the store starts writing
// at once, and while it writes, the next commit gathers what is read
// meanwhile, so that the single writer of the store never waits for
// the readers, nor syncs a few articles at a time.
func readTexts(ctx context.Context, ins []input, encoding string, out docSink) ([]*annotate.Document, []error, error) {
	docs := make([]*annotate.Document, len(ins))
	errs := make([]error, len(ins))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var outErr error
	type framed struct {
		d     *annotate.Document
		frame []byte
	}
	var ready chan framed
	collected := make(chan struct{})
	if out != nil {
		ready = make(chan framed, 2*streamGroup)
		go func() {
			defer close(collected)
			group := make([]*annotate.Document, 0, streamGroup)
			frames := make([][]byte, 0, streamGroup)
			for r := range ready {
				if outErr != nil {
					continue
				}
				group, frames = append(group, r.d), append(frames, r.frame)
				if len(group) == streamGroup || len(group) >= streamFirst && !out.Writing() {
					outErr = out.AddFramed(ctx, group, frames)
					group = make([]*annotate.Document, 0, streamGroup)
					frames = make([][]byte, 0, streamGroup)
				}
				if outErr != nil {
					cancel()
				}
			}
			if outErr == nil && len(group) > 0 {
				outErr = out.AddFramed(ctx, group, frames)
			}
		}()
	} else {
		close(collected)
	}
	eachOnEveryCore(ctx, len(ins), func(i int) {
		var frame []byte
		docs[i], frame, errs[i] = readText(ins[i], encoding, ready != nil)
		if ready != nil && errs[i] == nil {
			ready <- framed{docs[i], frame}
		}
	})
	if ready != nil {
		close(ready)
	}
	<-collected
	if outErr != nil {
		return nil, nil, outErr
	}
	for i := range errs {
		if docs[i] == nil && errs[i] == nil {
			errs[i] = &annotate.LineError{File: ins[i].name, Err: ctx.Err()}
		}
	}
	return docs, errs, nil
}

// skeinFile is a file of skein's JSONL parsed and its lines checked on
// their own, ahead of the checks against the store and each other.
type skeinFile struct {
	recs []*annotate.Record
	errs []error
	// newlines is how many line ends the file held (Result.Newlines).
	newlines int
	// joined counts its lines a byte order mark began after the first.
	joined annotate.Joined
}

// aheadWindow is how many skein files per core are parsed ahead of the
// in-order checks: enough to keep every core busy, few enough that an
// import's memory does not grow with its number of files (a team folder's
// layer is 256 files; a first sync reads thousands).
const aheadWindow = 4

// skeinAhead parses the files in skein's JSONL on every core while the
// import checks them one by one, in file order: parsing is most of an
// import's work, and each file's lines stand alone. At most aheadWindow
// files per core are parsed and not yet taken (next), so memory stays flat
// however many files there are. opt.Docs is called from several
// goroutines.
type skeinAhead struct {
	at     map[int]int       // input index -> place among the skein files
	slots  []chan *skeinFile // each place's parsed file, once parsed
	window chan struct{}     // a token for each file parsed ahead and not yet taken
	cancel context.CancelFunc
	done   sync.WaitGroup
}

// parseSkeinAhead starts parsing the skein files among inputs, when there
// are several; nil when there are not. stop must be called once the import
// is done with it.
func parseSkeinAhead(ctx context.Context, inputs []input, opt ImportOptions) *skeinAhead {
	var idx []int
	for i, in := range inputs {
		if in.format == "skein" {
			idx = append(idx, i)
		}
	}
	if len(idx) < 2 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	workers := min(cores(), len(idx))
	a := &skeinAhead{at: make(map[int]int, len(idx)), slots: make([]chan *skeinFile, len(idx)), window: make(chan struct{}, aheadWindow*workers), cancel: cancel}
	for k, i := range idx {
		a.at[i] = k
		a.slots[k] = make(chan *skeinFile, 1)
	}
	var mu sync.Mutex
	next := 0
	for w := 0; w < workers; w++ {
		a.done.Add(1)
		go func() {
			defer a.done.Done()
			for {
				// The token first, then the next place: places are handed
				// out in order, so the one the import waits for is always
				// being parsed.
				select {
				case a.window <- struct{}{}:
				case <-ctx.Done():
					return
				}
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				if k >= len(idx) {
					return
				}
				a.slots[k] <- parseSkein(inputs[idx[k]], opt)
			}
		}()
	}
	return a
}

// next gives input i parsed, or nil when it is not among the files parsed
// ahead or ctx ended (the import stops on it). Inputs are taken in order.
func (a *skeinAhead) next(ctx context.Context, i int) *skeinFile {
	if a == nil {
		return nil
	}
	k, ok := a.at[i]
	if !ok {
		return nil
	}
	select {
	case f := <-a.slots[k]:
		<-a.window
		return f
	case <-ctx.Done():
		return nil
	}
}

// stop ends the parsing ahead and waits for it.
func (a *skeinAhead) stop() {
	if a == nil {
		return
	}
	a.cancel()
	a.done.Wait()
}

// parseSkein parses one file of skein's JSONL.
func parseSkein(in input, opt ImportOptions) *skeinFile {
	out := &skeinFile{}
	f, err := openReader(in.path)
	if err != nil {
		out.errs = []error{&annotate.LineError{File: in.name, Err: err}}
		return out
	}
	defer f.Close()
	annotator, _ := opt.of(in.path)
	nf := &newlineCounter{file: f}
	out.joined.File = in.label()
	errs, err := annotate.ReadJSONL(nf, in.name, annotate.ReadOptions{Annotator: annotator, Doc: opt.Docs, Label: opt.labels.fn(), Joined: &out.joined}, func(r *annotate.Record) error {
		out.recs = append(out.recs, r)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	out.errs = errs
	out.newlines = nf.n
	return out
}

// newlineCounter counts the line ends read through it (ReadJSONL sizes its
// buffer by the file's Stat, which it keeps).
type newlineCounter struct {
	file fileReader
	n    int
}

// fileReader is a file opened to be read (openReader).
type fileReader interface {
	io.Reader
	Stat() (fs.FileInfo, error)
	Close() error
}

func (c *newlineCounter) Read(b []byte) (int, error) {
	n, err := c.file.Read(b)
	c.n += bytes.Count(b[:n], []byte{'\n'})
	return n, err
}

func (c *newlineCounter) Stat() (fs.FileInfo, error) { return c.file.Stat() }

// streamGroup is the most articles readTexts hands on at a time, and
// streamFirst the fewest it hands on to a store that is not writing.
const (
	streamGroup = 1000
	streamFirst = 50
)

// readJSONLFile reads a JSONL file in skein's format or, by its first line
// or -format, in doccano's or Prodigy's. ahead is the file already parsed
// (skeinAhead), or nil.
func readJSONLFile(p *plan, in input, opt ImportOptions, ahead *skeinFile) []error {
	format := in.format
	if format == "jsonl" {
		head, err := readHead(in.path)
		if err != nil {
			return []error{&annotate.LineError{File: in.name, Err: err}}
		}
		if f, ok := formats.Detect(in.path, head); ok && f != "txt" {
			format = f
		} else {
			format = "skein"
		}
	}
	switch format {
	case "doccano":
		return readFormatFile(p, in, opt, p.readDoccano)
	case "prodigy":
		return readFormatFile(p, in, opt, formats.ReadProdigy)
	case "labelstudio":
		return readFormatFile(p, in, opt, formats.ReadLabelStudio)
	case "hf":
		names, _, err := formats.HFLabelList(in.path)
		if err != nil {
			return []error{err}
		}
		return readFormatFile(p, in, opt, func(r io.Reader, file string, o formats.Options) (*formats.Batch, []error) {
			return formats.ReadHF(r, file, names, o)
		})
	}
	if ahead == nil {
		ahead = parseSkein(in, opt)
	}
	unknown := map[string]int{} // a field skein does not read -> lines that carry it
	firstAt := map[string]int{} // … and the first of them
	kept := keptLabels{}
	defer func() {
		if n := ahead.joined.Note(); n != "" {
			p.notes.Say(n)
		}
		kept.say(p, in.label())
		for _, k := range sortedIDs(unknown) {
			at := "at"
			if unknown[k] > 1 {
				at = "the first at"
			}
			p.notes.Say(fmt.Sprintf("%s: field %s on %s left out (skein does not read it; %s line %d)", in.label(), k, annotate.Count(unknown[k], "line"), at, firstAt[k]))
			p.unknown = append(p.unknown, UnknownField{File: in.label(), Field: k, Lines: unknown[k], First: firstAt[k]})
		}
	}()
	errs := ahead.errs
	if p.newlines == nil {
		p.newlines = map[string]int{}
	}
	p.newlines[in.path] = ahead.newlines
	_, only := opt.of(in.path)
	bucket, kind, bucketed, article := "", "", false, ""
	if opt.Buckets {
		bucket, bucketed = bucketOf(in.path)
		kind = bucketKind(in.path)
		article = articleOf(in.path)
	}
	lineOf := map[string]int{} // a bucket file's articles -> their line
	take := func(r *annotate.Record) error {
		at := where{in.label(), r.Line}
		if err := onlyOf(r, only); err != nil {
			return &annotate.LineError{File: in.name, Line: r.Line, Err: err}
		}
		if article != "" && r.Thread == nil && r.Doc != nil && r.Doc.ID != article {
			// Another article under this one's name: taken, it stood in
			// for it, and the article itself, once its file was written
			// again, was never read.
			return &annotate.LineError{File: in.name, Line: r.Line, Err: fmt.Errorf("this file holds article %s, not article %s its name gives (a team folder's articles/<id>.jsonl holds the article whose text gives that ID)", r.Doc.ID, article)}
		}
		if bucketed && r.Thread == nil && r.Doc != nil {
			if err := inBucket(r, kind, bucket, lineOf); err != nil {
				return &annotate.LineError{File: in.name, Line: r.Line, Err: err}
			}
		}
		for _, k := range r.Unknown {
			if unknown[k] == 0 {
				firstAt[k] = r.Line
			}
			unknown[k]++
		}
		if th := r.Thread; th != nil {
			if p.threadIDs == nil {
				p.threadIDs = map[string][]string{}
			}
			p.threadIDs[in.path] = append(p.threadIDs[in.path], th.ID)
			if old, dup := p.threads[th.ID]; dup {
				if old.Annotator != th.Annotator {
					first := p.threadAt[th.ID]
					return &annotate.LineError{File: in.name, Line: r.Line, Err: fmt.Errorf("thread id %s is used by two layers: %s's here and %s's at %s", th.ID, th.Annotator, old.Annotator, first)}
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
			} else {
				p.worked[k] = true
			}
			if l.Done || l.Answer != "" {
				p.marks[k] = &annotate.Mark{Doc: r.Doc.ID, Annotator: l.Annotator, Done: l.Done, Answer: l.Answer}
			}
		}
		for _, s := range r.Spans {
			if !bucketed {
				kept.see(s.Label, r.Line)
			}
			// The map asked once a span: four million of them in a first sync.
			i, known := p.spanIdx[s.ID]
			if known {
				if old := p.spanList[i]; old != nil && old.Doc != s.Doc {
					return &annotate.LineError{File: in.name, Line: r.Line, Err: fmt.Errorf("span id %s is used in two documents (%s at line %d)", s.ID, old.Doc, p.spanAt[i].line)}
				}
			}
			p.putSpanAt(i, known, s, at)
		}
		return nil
	}
	for _, r := range ahead.recs {
		if err := take(r); err != nil {
			errs = append(errs, err)
		}
	}
	if len(ahead.recs) == 0 && len(errs) == 0 {
		// A file with no line to import is a mistake (a failed download,
		// the wrong file), not a corpus of nothing.
		errs = append(errs, &annotate.LineError{File: in.name, Err: fmt.Errorf("%w: no article or thread in it", annotate.ErrEmpty)})
	}
	return errs
}

// keptLabels are the labels of a file of skein's own JSONL that another
// format's import would refuse or compose (annotate.LabelNote), each with
// its spans and first line. skein's own files keep them as written: an
// older store's "claim\u200b", or "cafe\u0301" beside "café", imports as it
// was, each label apart, and the import says so.
type keptLabels struct {
	last    string
	checked map[string]bool
	odd     map[string]*keptLabel
	order   []string
}

type keptLabel struct {
	note        string
	spans, line int
}

// see takes in a span's label at line. Labels repeat: one is checked once.
func (k *keptLabels) see(label string, line int) {
	if label != k.last {
		k.last = label
		if !k.checked[label] {
			if k.checked == nil {
				k.checked = map[string]bool{}
			}
			k.checked[label] = true
			if note := annotate.LabelNote(label); note != "" {
				if k.odd == nil {
					k.odd = map[string]*keptLabel{}
				}
				k.odd[label] = &keptLabel{note: note, line: line}
				k.order = append(k.order, label)
			}
		}
	}
	if o := k.odd[label]; o != nil {
		o.spans++
	}
}

// say adds a note to p for each label kept as written.
func (k *keptLabels) say(p *plan, file string) {
	for _, l := range k.order {
		o := k.odd[l]
		p.notes.Say(fmt.Sprintf("%s: kept as written on %s (line %d), as skein's own files keep labels: %s", file, annotate.Count(o.spans, "span"), o.line, o.note))
	}
}

// bucketOf gives the bucket a team folder's layer file holds (ab.jsonl and
// curated-ab.jsonl hold the articles whose ID begins with ab), and whether
// the file is one.
func bucketOf(path string) (string, bool) {
	name := strings.TrimPrefix(filepath.Base(path), "curated-")
	b, ok := strings.CutSuffix(name, ".jsonl")
	if !ok || len(b) != 2 {
		return "", false
	}
	for _, c := range b {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return "", false
		}
	}
	return b, true
}

// articleOf is the ID a team folder's article file at path is named by
// (<16 hex digits>.jsonl), or "".
func articleOf(path string) string {
	id, ok := strings.CutSuffix(filepath.Base(path), ".jsonl")
	if !ok || len(id) != 16 || strings.Trim(id, "0123456789abcdef") != "" {
		return ""
	}
	return id
}

// bucketKind is what a bucket file's name begins with: "curated-" for a
// curated layer's, else nothing.
func bucketKind(path string) string {
	if strings.HasPrefix(filepath.Base(path), "curated-") {
		return "curated-"
	}
	return ""
}

// inBucket says what is wrong with a line of the bucket file holding the
// articles that begin with bucket (kind is the file name's "curated-", or
// nothing), lineOf holding the file's articles read before it: an
// article of another bucket, or one given again.
func inBucket(r *annotate.Record, kind, bucket string, lineOf map[string]int) error {
	id := r.Doc.ID
	if !strings.HasPrefix(id, bucket) {
		return fmt.Errorf("article %s does not belong in this file (a team folder's %s%s.jsonl holds the articles whose ID begins with %s; skein writes this article in %s%.2s.jsonl)", id, kind, bucket, bucket, kind, id)
	}
	if n, dup := lineOf[id]; dup {
		return fmt.Errorf("article %s is given a second time (first at line %d): which of the two is the layer is not known", id, n)
	}
	lineOf[id] = r.Line
	return nil
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

// readHead reads the start of a JSONL file up to its first line that is not
// blank, for telling formats apart; it reads at most one line's limit.
func readHead(path string) ([]byte, error) {
	f, _, err := formats.OpenFile(path, 0, "", false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	var head []byte
	for len(head) < 1<<20 {
		line, err := annotate.ReadLine(br, annotate.MaxLineBytes)
		if errors.Is(err, annotate.ErrBinary) || errors.Is(err, annotate.ErrLineTooLong) {
			// The reader of the format says so, with the line.
			return head, nil
		}
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

// readStart reads the first 64 KB of a JSON file, for telling formats
// apart (a pretty-printed file's first line is only "[").
func readStart(path string) ([]byte, error) {
	return readStartInto(path, make([]byte, 64<<10))
}

// startBufs keeps the buffers of lookStart.
var startBufs = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// lookStart calls look with the first 64 KB of the file at path, as
// readStart reads them, in a buffer used again once look returns: look
// keeps nothing of head. notRead asks it of every file an import reads,
// each layer file and article of a team folder's pull among them: a
// buffer made for each was half of what a first sync allocated (290 of
// 564 MB at 10 colleagues × 2,000 articles).
func lookStart(path string, look func(head []byte)) error {
	b := startBufs.Get().(*[]byte)
	defer startBufs.Put(b)
	head, err := readStartInto(path, *b)
	if err != nil {
		return err
	}
	look(head)
	return nil
}

// readStartInto reads the start of the file at path into b.
func readStartInto(path string, b []byte) ([]byte, error) {
	f, _, err := formats.OpenFile(path, 0, "", false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n, err := io.ReadFull(f, b)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return b[:n], err
}

type formatReader func(r io.Reader, file string, opt formats.Options) (*formats.Batch, []error)

// readDoccano reads a doccano file, noting the articles it holds for
// doccanoFiles.
func (p *plan) readDoccano(r io.Reader, file string, opt formats.Options) (*formats.Batch, []error) {
	b, errs := formats.ReadDoccano(r, file, opt)
	if b != nil {
		p.doccano.add(b, file)
	}
	return b, errs
}

func readFormatFile(p *plan, in input, opt ImportOptions, read formatReader) []error {
	limit, what := int64(0), ""
	if strings.EqualFold(filepath.Ext(in.path), ".json") {
		limit, what = formats.MaxJSONBytes, "a JSON file"
	}
	f, _, err := formats.OpenFile(in.path, limit, what, false)
	if err != nil {
		return []error{&annotate.LineError{File: in.name, Err: err}}
	}
	defer f.Close()
	b, errs := read(f, in.name, formats.Options{Annotator: opt.Annotator, SkipInvalid: opt.SkipInvalid, Now: opt.Now, Offsets: opt.Offsets, Label: opt.labels.fn()})
	if len(errs) == 0 && (b == nil || len(b.Docs) == 0) {
		// As a skein file with no line to import: a failed download or
		// the wrong file (`[]`, blank lines, a CoNLL file of -DOCSTART-
		// lines alone), not a corpus of nothing imported with exit 0.
		return []error{&annotate.LineError{File: in.name, Err: fmt.Errorf("%w: no article in it", annotate.ErrEmpty)}}
	}
	if b != nil {
		p.addBatch(b, in)
	}
	return errs
}

// decoder returns the decoder for an encoding name (windows-1252, latin1,
// iso-8859-2, shift_jis …), or nil for UTF-8. Under a name of UTF-16, a
// byte order mark at the start of a file says which (a big-endian file is
// read as such under "utf-16") and is dropped, as in the WHATWG decode
// algorithm; under any other name the name decides (see decodeNamed).
func decoder(name string) (*encoding.Decoder, error) {
	switch strings.ToLower(strings.ReplaceAll(name, "_", "-")) {
	case "", "utf-8", "utf8":
		return nil, nil
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		enc, err = ianaindex.IANA.Encoding(name)
		if err != nil || enc == nil {
			return nil, fmt.Errorf("unknown encoding %q (try windows-1252, latin1, iso-8859-2, utf-16)", name)
		}
	}
	if strings.HasPrefix(strings.ToLower(name), "utf-16") || strings.HasPrefix(strings.ToLower(name), "utf16") {
		return &encoding.Decoder{Transformer: unicode.BOMOverride(enc.NewDecoder())}, nil
	}
	return enc.NewDecoder(), nil
}

// decodeNamed decodes b, a file that is not UTF-8, with the encoding
// -encoding names (not UTF-8: decoder gives one). The name decides: a
// Latin-1 file that begins "ÿþ" (bytes FF FE, UTF-16's byte order mark)
// was read as UTF-16 whatever the name, a line of CJK garble. Only where
// the name reads the file as no text — NUL bytes, as UTF-16's ASCII
// letters have — does a UTF-16 mark it begins with decide, so a folder
// mixing UTF-16 files with windows-1252 ones still comes in whole.
func decodeNamed(name string, b []byte) ([]byte, error) {
	if err := annotate.CheckNotUTF32(b); err != nil {
		return nil, err // no encoding skein has reads it
	}
	if bytes.HasPrefix(b, utf8BOM) {
		if i := annotate.BadUTF8(b); i >= 0 {
			// UTF-8 by its mark, with a byte of another encoding in it
			// (a file of two): read as the name says, every letter of it
			// beyond ASCII came in garbled ("ï»¿CafÃ©"), unsaid — and
			// the message for it without -encoding suggests one.
			return nil, &mixedError{fmt.Sprintf("%v: it begins with UTF-8's byte order mark, but byte 0x%02x at byte %d is not UTF-8: read as %s, each of its UTF-8 letters would be garbled (é as Ã©); the file mixes two encodings: correct the bytes that are not UTF-8, then import again", annotate.ErrNotUTF8, b[i], i, name)}
		}
	}
	d, err := decoder(name) // one per file: a decoder keeps state
	if err != nil {
		return nil, err
	}
	out, err := d.Bytes(b)
	if err != nil || bytes.IndexByte(out, 0) < 0 {
		return out, err
	}
	var e16 encoding.Encoding
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		e16 = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		e16 = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	default:
		return out, nil
	}
	return e16.NewDecoder().Bytes(b)
}

// ErrMixedEncoding is a file no -encoding reads: UTF-8 by the byte order
// mark it begins with, with a byte of another encoding in it. It is
// ErrNotUTF8 too, but another encoding is no way in (the window offers
// none for it).
var ErrMixedEncoding = errors.New("UTF-8 with a byte of another encoding")

// mixedError is an ErrMixedEncoding, said as msg.
type mixedError struct{ msg string }

func (e *mixedError) Error() string   { return e.msg }
func (e *mixedError) Unwrap() []error { return []error{annotate.ErrNotUTF8, ErrMixedEncoding} }

// isUTF8Name reports whether -encoding names UTF-8 (decoder gives none).
func isUTF8Name(name string) bool {
	d, err := decoder(name)
	return d == nil && err == nil
}

// decodeFunc is -encoding as a function of a file's bytes, for readers
// that take one (brat): nil for UTF-8, and a file that is already UTF-8
// (with no NUL, as UTF-16 has) is left as it is, as readText does.
func decodeFunc(name string) func([]byte) ([]byte, error) {
	if d, _ := decoder(name); d == nil {
		return nil
	}
	return func(b []byte) ([]byte, error) {
		if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 || annotate.CheckNotUTF32(b) != nil {
			return b, nil // UTF-32: the reader says it at line 1, as without -encoding
		}
		return decodeNamed(name, b)
	}
}

// utf8BOM is the byte order mark as UTF-8 writes it; some editors on Windows
// start every file with it.
var utf8BOM = []byte("\xef\xbb\xbf")

// readText reads one plain-text article, checking size before reading and
// content after decoding. With framed set, the file is read with
// store.RecordRoom bytes free in front of it, and that buffer is returned
// too when the text is its tail (see store.Stream.AddFramed).
func readText(in input, enc string, framed bool) (*annotate.Document, []byte, error) {
	if !in.regular {
		// Named on the command line or reached through a link: make sure
		// it is a regular file before opening it (a named pipe would block).
		if err := formats.CheckFile(in.path, annotate.MaxDocumentBytes, "an article"); err != nil {
			return nil, nil, &annotate.LineError{File: in.name, Err: err}
		}
	}
	room := 0
	if framed {
		room = store.RecordRoom
	}
	frame, err := readWhole(in.path, annotate.MaxDocumentBytes, "an article", room)
	if err != nil {
		return nil, nil, &annotate.LineError{File: in.name, Err: err}
	}
	b := frame[room:]
	// A file that is already UTF-8 is read as UTF-8 whatever -encoding says,
	// so a folder of old windows-1252 files mixed with new UTF-8 ones comes
	// in whole, with no file garbled. (Text in a legacy encoding with any
	// letter beyond ASCII is almost never valid UTF-8; UTF-16 has NULs.)
	decode := enc != "" && !isUTF8Name(enc)
	if decode && utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 {
		decode = false
	}
	if decode {
		// A NUL survives decoding as U+0000, so a binary file is still caught below.
		d, err := decodeNamed(enc, b)
		if errors.Is(err, annotate.ErrNotUTF8) {
			return nil, nil, byteError(in.name, b, err)
		}
		if err != nil {
			return nil, nil, &annotate.LineError{File: in.name, Err: fmt.Errorf("cannot decode: %v", err)}
		}
		b, frame = d, nil
	} else {
		b = bytes.TrimPrefix(b, utf8BOM) // a mark, not part of the article
	}
	if err := annotate.CheckText(b); err != nil {
		return nil, nil, byteError(in.name, b, err)
	}
	// b is this article's alone from here on: the text shares its bytes
	// rather than copying 36 MB for a 20,000-article folder.
	text := unsafe.String(unsafe.SliceData(b), len(b))
	title, date := annotate.DeriveMeta(in.name, text)
	if !framed {
		frame = nil
	}
	return &annotate.Document{ID: annotate.DocID(text), Title: title, Source: in.name, Date: date, Text: text}, frame, nil
}

// byteError is err, about the bytes b of file, said at the line of the
// byte it names (annotate.TextAt; line 0, the whole file, where it names
// none).
func byteError(file string, b []byte, err error) error {
	line, err := annotate.TextAt(b, err)
	return &annotate.LineError{File: file, Line: line, Err: err}
}
