package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/trace"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/store"
)

// Store is what an import needs of the store: it looks up what is there
// already, to check and match the incoming annotations against it, and
// writes everything in one batch. *store.Store is one.
type Store interface {
	Span(id string) (*annotate.Span, error)
	Spans(docID string) ([]*annotate.Span, error)
	LayerSpans(docID, annotator string) ([]*annotate.Span, error)
	SpanDocs(ctx context.Context, ids []string) (map[string]string, error)
	LayerModified(docID, annotator string) (int64, error)
	LayerTimes(layers [][2]string) ([]int64, error)
	Thread(id string) (*annotate.Thread, error)
	ThreadsOfSpan(spanID string) ([]*annotate.Thread, error)
	ThreadsOfDoc(docID string) ([]*annotate.Thread, error)
	Document(id string) (*annotate.Document, error)
	LabelKnown(label string) (bool, error)
	LinkLabelsUsed(ctx context.Context, labels []string) (map[string]bool, error)
	WriteBatch(ctx context.Context, b *store.Batch) (store.BatchResult, error)
}

var _ Store = (*store.Store)(nil)

// ImportOptions are the flags of `skein import`.
type ImportOptions struct {
	// Format is "", "txt", "skein", "brat", "doccano", "prodigy",
	// "labelstudio", "conll", "hf", "webanno" or "xmi"; "" detects it from each
	// file.
	Format string
	// SkipInvalid imports what is good and lists what was skipped, instead
	// of refusing the whole import.
	SkipInvalid bool
	// Encoding decodes plain-text files (windows-1252, latin1, …).
	Encoding string
	// Offsets is how Label Studio regions without value.text count where
	// the file's regions with text do not tell: "utf16", "codepoints" or
	// "" (formats.Options.Offsets).
	Offsets string
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
	// (the layer files of a team folder). It is called from several
	// goroutines at once.
	Docs func(id string) (*annotate.Document, error)
	// Root, when set, names the files given in messages relative to it.
	Root string
	// LayersFromFolders reads a brat project laid out one folder per
	// annotator (see FolderLayers) into one layer per folder, named after
	// it.
	LayersFromFolders bool
	// Now is the clock that dates what the import makes up: the spans and
	// relations of brat, doccano, Prodigy and Label Studio files (Unix
	// milliseconds). nil is the wall clock.
	Now func() int64
	// Owners, when set, names by path (as given to Import) the one
	// annotator whose work each skein file may hold: for those files it
	// takes the place of Annotator and Only. A team folder's first sync
	// reads every colleague's file of one bucket of articles in one import,
	// so that each article's spans are written once, not once per colleague.
	Owners map[string]string
	// Spans is about how many spans the files bring, when the caller
	// knows (0: not known): the import's tables of them are made that
	// size at once, where growing them span by span rehashed every span
	// several times over.
	Spans int
	// Buckets says the skein files are a team folder's layer files, where
	// the file named xx.jsonl (or curated-xx.jsonl) holds the articles
	// whose ID begins with xx, each on one line: an article's layer is in
	// one file of its owner's folder only. A line of another article, or an
	// article's second line, is refused at that line, so that which of two
	// copies is stored never depends on the order the files are read in.
	Buckets bool
	// Listed says the caller listed every path as a regular file (a team
	// folder's files): with Format skein, none is looked at before it is
	// read, and reading it checks it is a regular file still (one stat of
	// 20,000 articles fewer, of the four a first sync took of each).
	Listed bool
	// Bulk, when set, is a bulk load of the store the import belongs to
	// (a team folder's first sync): the import checks its span IDs and
	// writes them under the bulk's lock, looking each up once, or not at
	// all where the bulk knows it cannot be stored (store.Bulk). It reads
	// no plain-text articles (a team folder's layer files are skein's).
	Bulk *store.Bulk
	// Labels is skein import -map: a span labelled a key (composed, as
	// annotate.ParseLabelMap gives it) is read as labelled its value, in
	// every format's files.
	Labels map[string]string
	// labels is Labels at work, made by Import.
	labels *labelMap
}

// of gives the annotator and the only annotator allowed of the file at
// path: its owner's, when Owners names one.
func (opt ImportOptions) of(path string) (annotator, only string) {
	if o, ok := opt.Owners[path]; ok {
		return o, o
	}
	return opt.Annotator, opt.Only
}

// storedDocs gives a skein JSONL line that names its article by id alone,
// with no text, the article of the store: spans a model predicted, or
// written by a script, for articles already in skein. Nil when st cannot
// read articles.
func storedDocs(st Store) func(id string) (*annotate.Document, error) {
	ds, ok := st.(interface {
		Document(id string) (*annotate.Document, error)
	})
	if !ok {
		return nil
	}
	return func(id string) (*annotate.Document, error) {
		d, err := ds.Document(id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, errors.New("no article of that id is in the store, and the line gives no text (a line carries its article's text, or names one already in the store by its id)")
		}
		return d, err
	}
}

// UnknownField is a field of skein's JSONL that skein does not read ("x",
// "spans[].weight"), left out of the lines of File that carry it: Lines of
// them, the first at line First.
type UnknownField struct {
	File, Field string
	Lines       int
	First       int
}

// Result says what an import did.
type Result struct {
	Files       int
	DocsAdded   int
	DocsPresent int // already in the store
	// DocsRepeated counts the documents read again in the input: the one
	// text of a brat project's folder per annotator, each folder's copy
	// after the first.
	DocsRepeated int
	// DocsInFolders counts the documents read again from another
	// annotator's folder (-layers-from-folders), as that layout has them.
	DocsInFolders int
	Spans         int // spans written: new or changed
	Threads       int // threads written: new or changed
	Replaced      int // layers replaced by a newer bundle
	Ignored       int // files in folders that skein does not read
	HiddenFiles   int // files whose names start with a dot
	// HiddenFolders are the folders whose names start with a dot, not
	// walked; a note names them, with the files each holds.
	HiddenFolders []HiddenFolder
	Notes         []string
	// Unknown lists the fields of skein's JSONL read that skein does not
	// read and left out, by file, as Notes says them.
	Unknown []UnknownField
	// Skipped lists, with -skip-invalid, everything that was not imported.
	Skipped []error
	// Layers, when ImportOptions.Owners is set, says by annotator what was
	// written of each layer: its spans and the documents where it moved.
	Layers map[string]*LayerResult
	// Newlines counts, by path as given to Import, the line ends in each
	// file of skein's JSONL read (a team folder's layer file holds an
	// article a line): counted as it was read, not read again to count.
	Newlines map[string]int
	// ThreadIDs lists, by path as given to Import, the IDs of the thread
	// lines of each file of skein's JSONL read, in order: what the import
	// read, where a look at the file after it may find another version.
	ThreadIDs map[string][]string
}

// LayerResult is what an import wrote of one layer.
type LayerResult struct {
	Spans int      // spans given to the store (all new in a layer it lacked)
	Docs  []string // documents where the layer's spans or time were written, in order
}

// Check says what is wrong with the format or the encoding asked for,
// before anything is read: a command line can refuse it as a usage error.
func (opt ImportOptions) Check() error {
	switch strings.ToLower(opt.Format) {
	case "", "auto", "txt", "text", "skein", "jsonl", "brat", "doccano", "prodigy", "labelstudio", "conll", "hf", "webanno", "xmi":
	default:
		return fmt.Errorf("unknown import format %q (want txt, skein, brat, doccano, prodigy, labelstudio, conll, hf, webanno or xmi)", opt.Format)
	}
	switch opt.Offsets {
	case "", "utf16", "codepoints":
	default:
		return fmt.Errorf("unknown -offsets %q (want utf16 or codepoints: how Label Studio's regions without value.text count)", opt.Offsets)
	}
	_, err := decoder(opt.Encoding)
	return err
}

// Summary is one line a person can read.
func (r *Result) Summary() string {
	repeated := ""
	if r.DocsRepeated > 0 {
		repeated = fmt.Sprintf(", %d repeated in the files", r.DocsRepeated)
	}
	if r.DocsInFolders > 0 {
		repeated += fmt.Sprintf(", %d again in another annotator's folder, as expected", r.DocsInFolders)
	}
	s := fmt.Sprintf("imported %s (%d already present%s), %s, %s from %s",
		annotate.Count(r.DocsAdded, "new document"), r.DocsPresent, repeated, annotate.Count(r.Spans, "span"), annotate.Count(r.Threads, "thread"), annotate.Count(r.Files, "file"))
	if r.Replaced > 0 {
		s += fmt.Sprintf("; replaced %s with newer bundles", annotate.Count(r.Replaced, "layer"))
	}
	if r.Ignored > 0 {
		s += fmt.Sprintf("; ignored %s of other kinds", annotate.Count(r.Ignored, "file"))
	}
	switch dirs := len(r.HiddenFolders); {
	case r.HiddenFiles > 0 && dirs > 0:
		s += fmt.Sprintf("; left out %s and %s", annotate.Count(r.HiddenFiles, "hidden file"), annotate.Count(dirs, "hidden folder"))
	case r.HiddenFiles > 0:
		s += fmt.Sprintf("; left out %s", annotate.Count(r.HiddenFiles, "hidden file"))
	case dirs > 0:
		s += fmt.Sprintf("; left out %s", annotate.Count(dirs, "hidden folder"))
	}
	if len(r.Skipped) > 0 {
		s += fmt.Sprintf("; skipped %s", annotate.Count(len(r.Skipped), "problem"))
	}
	return s
}

// spanTables are a plan's tables of spans (and of the layers its files
// name), made for ImportOptions.Spans of them and kept, emptied, for the next import that asks as many: a
// first sync's imports, a bucket each, made them ~1.7 MB a bucket at 20
// colleagues, an eighth of what the sync allocated.
type spanTables struct {
	n    int
	idx  map[string]int
	list []*annotate.Span
	at   []where
	ids  []string
	// The layers the files name and what they say of each: a line's
	// worth, a tenth of the spans in a first sync's buckets, grown as
	// needed and kept grown.
	named  map[[2]string]where
	layers map[[2]string]layerIn
}

var spanTablesKept sync.Pool

// takeSpanTables gives empty tables for n spans, kept ones when they were
// made for as many (no more than twice as many). Tables are made for a
// quarter more than asked, so that a bucket of a first sync a little
// larger than the one before takes the kept ones, and a kept table of
// another size is kept again: made for n exactly, and let go when it did
// not fit, a bucket a little larger than the one before left the next
// ones none to take.
func takeSpanTables(n int) *spanTables {
	var other [4]*spanTables // kept for imports of other sizes: kept again
	defer func() {
		for _, t := range other {
			if t != nil {
				spanTablesKept.Put(t)
			}
		}
	}()
	for i := range other {
		t, ok := spanTablesKept.Get().(*spanTables)
		if !ok {
			break
		}
		if t.n >= n && t.n <= 2*n {
			return t
		}
		other[i] = t
	}
	n += n / 4
	return &spanTables{n: n, idx: make(map[string]int, n), list: make([]*annotate.Span, 0, n), at: make([]where, 0, n), ids: make([]string, 0, n),
		named: make(map[[2]string]where, n/16), layers: make(map[[2]string]layerIn, n/16)}
}

// use gives p the tables.
func (t *spanTables) use(p *plan) {
	p.spanIdx, p.spanList, p.spanAt, p.idsRoom = t.idx, t.list, t.at, t.ids
	p.named, p.layers = t.named, t.layers
}

// give empties the tables, as p grew them, and keeps them for the next
// import: p is done with (nothing an import returns holds them).
func (t *spanTables) give(p *plan) {
	clear(p.spanIdx)
	clear(p.spanList[:cap(p.spanList)])
	clear(p.spanAt[:cap(p.spanAt)])
	t.idx, t.list, t.at = p.spanIdx, p.spanList[:0], p.spanAt[:0]
	ids := t.ids // used by spanIDs, or not
	if cap(p.liveIDs) > cap(ids) {
		ids = p.liveIDs
	}
	clear(ids[:cap(ids)])
	t.ids = ids[:0]
	clear(p.named)
	clear(p.layers)
	t.named, t.layers = p.named, p.layers
	spanTablesKept.Put(t)
}

// maxSpansHint bounds ImportOptions.Spans: a hint, not a promise, and
// memory.
const maxSpansHint = 1 << 20

// streamer is a store that writes an import's articles while the import
// still reads its files (*store.Store).
type streamer interface {
	StreamDocs() (*store.Stream, error)
}

// streamMin is the number of plain-text articles from which an import
// streams them: below it, the journal's extra commit is not worth it.
const streamMin = 200

// ErrNothing is an import that found nothing to read: a folder of files
// of other kinds, or of hidden files only.
var ErrNothing = errors.New("nothing imported")

// ErrUnknownKind is a file named to import whose kind skein cannot tell
// from its name: another format must be named.
var ErrUnknownKind = errors.New("not a file skein reads")

// LeaveFormatOut ends the message of a file -format named a format it is
// not in: the command line's advice, which the window leaves out.
const LeaveFormatOut = "; leave -format out, and skein tells this file's format from its name and content"

// ImportFormats are the formats an import can be told to read a file as
// (-format), the order the window offers them.
var ImportFormats = []string{"txt", "skein", "brat", "doccano", "prodigy", "labelstudio", "conll", "hf", "webanno", "xmi"}

// otherFormat says, of a file whose -format was named and that was
// refused, when its content looks like another format's: Prodigy's tasks
// read as skein's each said only that a span has no text, 144 times.
func otherFormat(in input) []error {
	named := in.format
	if named == "jsonl" {
		named = "skein"
	}
	head, err := readStart(in.path)
	if err != nil {
		return nil
	}
	f, ok := formats.Detect(in.path, head)
	if !ok || f == named || f == "txt" || (named == "brat" && f == "") {
		return nil
	}
	return []error{&annotate.LineError{File: in.name, Err: fmt.Errorf("this looks like a %s file, not %s: import it with -format %s, or leave -format out", formatName(f), formatName(named), f)}}
}

// notRead refuses, before reading it, a JSON file in a format skein
// writes but does not read (Hugging Face's, W3C's): read as skein's JSONL
// or Label Studio's, it was refused with a message about a field of
// those ("field "tokens" should be an object"), or none at all.
func notRead(in input) error {
	switch in.format {
	case "txt", "brat":
		return nil
	}
	var refused error
	lookStart(in.path, func(head []byte) { // unread: the reader says why
		f, _ := formats.Detect(in.path, head)
		if err := formats.NotRead(f); err != nil {
			refused = &annotate.LineError{File: in.name, Err: err}
		}
	})
	return refused
}

// labelListOf tells a Hugging Face label list (ner.labels.json, a JSON
// list of tag names), which the rows beside it read (formats.HFLabelList):
// passed over when rows among inputs read it, else refused, naming the
// rows to import, rather than read as a Label Studio file.
func labelListOf(in input, inputs []input) (bool, error) {
	if !strings.HasSuffix(strings.ToLower(in.path), ".labels.json") || in.format != "labelstudio" {
		return false, nil
	}
	head, err := readStart(in.path)
	if err != nil {
		return false, nil
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if !bytes.HasPrefix(head, []byte("[")) || !bytes.HasPrefix(bytes.TrimLeft(head[1:], " \t\r\n"), []byte(`"`)) {
		return false, nil
	}
	for _, o := range inputs {
		if o.format == "hf" || o.format == "jsonl" {
			if _, p, _ := formats.HFLabelList(o.path); p != "" && filepath.Clean(p) == filepath.Clean(in.path) {
				return true, nil
			}
		}
	}
	// The rows it names: the files beside it that would read it.
	stem := in.path[:len(in.path)-len(".labels.json")]
	var rows []string
	siblings, _ := filepath.Glob(globEscape(stem) + ".*")
	for _, r := range siblings {
		if _, p, _ := formats.HFLabelList(r); r == in.path || p == "" || filepath.Clean(p) != filepath.Clean(in.path) {
			continue
		}
		if head, err := readStart(r); err == nil {
			if f, _ := formats.Detect(r, head); f == "hf" {
				rows = append(rows, filepath.Join(filepath.Dir(in.label()), filepath.Base(r)))
			}
		}
	}
	what := "the rows beside it, " + strings.Join(rows, ", ") + ", which read it"
	if len(rows) == 0 {
		what = "the rows it names (" + filepath.Base(stem) + ".jsonl beside it), which read it"
	}
	return true, &annotate.LineError{File: in.label(), Err: fmt.Errorf("this is a label list (a JSON list of tag names, as Hugging Face's token classification keeps beside its rows), not a file of articles: import %s", what)}
}

// globEscape quotes the characters filepath.Glob reads as a pattern.
func globEscape(p string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`)
	if filepath.Separator == '\\' {
		r = strings.NewReplacer(`*`, `[*]`, `?`, `[?]`, `[`, `[[]`)
	}
	return r.Replace(p)
}

// formatName names a format as its users do.
func formatName(f string) string {
	switch f {
	case "skein":
		return "skein JSONL"
	case "prodigy":
		return "Prodigy JSONL"
	case "doccano":
		return "doccano"
	case "labelstudio":
		return "Label Studio JSON"
	case "conll":
		return "CoNLL"
	case "hf":
		return "Hugging Face JSONL"
	case "webanno":
		return "WebAnno TSV"
	case "xmi":
		return "UIMA CAS XMI"
	}
	return f
}

// nothingFound says why an import found nothing, so a command line exits
// non-zero with a sentence instead of reporting success.
func nothingFound(paths []string, res *Result) error {
	var why []string
	if res.Ignored > 0 {
		why = append(why, fmt.Sprintf("%s of kinds skein does not read", annotate.Count(res.Ignored, "file")))
	}
	if res.HiddenFiles+len(res.HiddenFolders) > 0 {
		n := res.HiddenFiles + len(res.HiddenFolders)
		why = append(why, fmt.Sprintf("%d hidden %s (names starting with a dot)", n, plural(n, "file or folder", "files or folders")))
	}
	what := "no files"
	if len(why) > 0 {
		what = strings.Join(why, " and ")
	}
	err := fmt.Errorf("%w: %s holds %s (skein reads %s and text files without an extension; name another format with -format)", ErrNothing, strings.Join(paths, ", "), what, readsExts())
	if n := hiddenNote(res.HiddenFolders); n != "" {
		err = fmt.Errorf("%w; %s", err, n)
	}
	return err
}

// hiddenNote names the hidden folders an import did not walk and what they
// hold, and how to import one: a researcher whose articles are in one
// learns it here, not by missing them later.
func hiddenNote(dirs []HiddenFolder) string {
	if len(dirs) == 0 {
		return ""
	}
	var names []string
	for i, d := range dirs {
		if i == 5 {
			names = append(names, fmt.Sprintf("and %d more", len(dirs)-i))
			break
		}
		n := annotate.Count(d.Files, "file")
		if d.Files >= maxCounted {
			n = fmt.Sprintf("%d files or more", maxCounted)
		}
		names = append(names, fmt.Sprintf("%s (%s)", d.Path, n))
	}
	return fmt.Sprintf("hidden %s not read: %s; tools keep their own files in such folders — to import one, name it: skein import %s", plural(len(dirs), "folder", "folders"), strings.Join(names, ", "), annotate.ShellWord(dirs[0].Path))
}

// besideNote names the files -layers-from-folders left out because they
// lie beside the annotators' folders, in no one's layer.
func besideNote(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	names := paths
	if len(names) > 5 {
		names = append(slices.Clip(names[:5]), fmt.Sprintf("and %d more", len(paths)-5))
	}
	return fmt.Sprintf("-layers-from-folders: %s beside the annotators' folders, in no one's layer, not read: %s; to import one, name it: skein import %s", annotate.Count(len(paths), "file"), strings.Join(names, ", "), annotate.ShellWord(paths[0]))
}

// looksLikeNotes reports whether a file's name is that of a corpus's own
// notes rather than an article: README, LICENSE, COPYING, CHANGES.
func looksLikeNotes(name string) bool {
	base := strings.ToUpper(filepath.Base(name))
	base = strings.TrimSuffix(base, strings.ToUpper(filepath.Ext(base)))
	switch base {
	case "README", "LICENSE", "LICENCE", "COPYING", "CHANGES", "CHANGELOG", "NOTICE", "AUTHORS", "INDEX":
		return true
	}
	return false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Refused is the error of an import that changed nothing because of bad input.
type Refused struct {
	Problems []error
	// Rest tells whether importing again with SkipInvalid would bring
	// anything: false when every file was bad.
	Rest bool
}

func (e *Refused) Error() string {
	var b strings.Builder
	fix := "fix them"
	if len(e.Problems) == 1 {
		fix = "fix it"
	}
	if e.Rest {
		fmt.Fprintf(&b, "nothing imported: %s (%s, or use -skip-invalid to import the rest):", annotate.Count(len(e.Problems), "problem"), fix)
	} else { // every file was bad: -skip-invalid would import nothing either
		fmt.Fprintf(&b, "nothing imported: %s (%s, then import again):", annotate.Count(len(e.Problems), "problem"), fix)
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Import reads paths and writes what they hold into st. With bad input and
// without SkipInvalid it returns a *Refused and the store is unchanged. With
// SkipInvalid the good part is imported and the rest listed in
// Result.Skipped; callers exit non-zero when that list is not empty.
func Import(ctx context.Context, st Store, paths []string, opt ImportOptions) (*Result, error) {
	if opt.User == "" {
		return nil, errors.New("import: no user name")
	}
	// named is the layer -annotator named, if it did: an INCEpTION
	// project's files name their own layers, and a -annotator passed over
	// without a word read as if the project had gone into it.
	named := opt.Annotator
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
	if opt.Docs == nil {
		opt.Docs = storedDocs(st)
	}
	opt.labels = newLabelMap(opt.Labels)
	inputs, skipped, problems := expand(paths, format, opt.LayersFromFolders, opt.Root, opt.Listed)
	inputs = groupBrat(inputs)
	res := &Result{Files: len(inputs), Ignored: skipped.ignored, HiddenFiles: skipped.hiddenFiles, HiddenFolders: skipped.hiddenDirs}
	p := newPlan()
	for _, n := range cutShortBefore(st, paths, opt) {
		p.notes.Say(n)
	}
	p.keepKept = opt.Owners == nil && opt.Only == "" && opt.Bulk == nil
	if opt.Spans > 0 {
		t := takeSpanTables(min(opt.Spans, maxSpansHint))
		defer t.give(p)
		t.use(p)
	}
	if n := hiddenNote(res.HiddenFolders); n != "" {
		p.notes.Say(n)
	}
	if n := besideNote(skipped.beside); n != "" {
		p.notes.Say(n)
	}
	if n := teamNote(skipped.teams); n != "" {
		p.notes.Say(n)
	}

	// Plain-text files are the bulk of a large import: read, decode and
	// check them on every core. A folder of articles alone is its own
	// list, not copied.
	txt := inputs
	if slices.ContainsFunc(inputs, func(in input) bool { return in.format != "txt" }) {
		txt = make([]input, 0, len(inputs))
		for _, in := range inputs {
			if in.format == "txt" {
				txt = append(txt, in)
			}
		}
	}
	// Each article read becomes a document of the plan: sized once.
	p.docs = make(map[string]*annotate.Document, len(txt))
	p.docOrder = make([]string, 0, len(txt))
	// A store that can write them as they are read does, so the disk works
	// while the files are read; the import stays all or nothing (Abort).
	var stream *store.Stream
	var sink docSink
	if ss, ok := st.(streamer); ok && len(txt) >= streamMin {
		var err error
		if stream, err = ss.StreamDocs(); err != nil {
			return nil, err
		}
		defer func() {
			if stream != nil {
				stream.Abort()
			}
		}()
		sink = stream
	}
	docs, errs, err := readTexts(ctx, txt, opt.Encoding, sink)
	if err != nil {
		return nil, err
	}
	var asArticles, asIDs []string // files named like a corpus's own notes (README) that became articles, and their IDs
	for i, d := range docs {
		if errs[i] != nil {
			if txt[i].guessed && (errors.Is(errs[i], annotate.ErrBinary) || errors.Is(errs[i], annotate.ErrEmpty)) {
				// A file without an extension is an article only when its
				// content is text; a binary or empty one (a marker, a lock
				// file) is of another kind.
				res.Ignored++
				res.Files--
				continue
			}
			problems = append(problems, txt[i].relabel(errs[i:i+1])...)
			continue
		}
		if looksLikeNotes(txt[i].name) {
			asArticles, asIDs = append(asArticles, txt[i].name), append(asIDs, d.ID)
		}
		p.addDoc(d)
	}
	if len(asArticles) > 0 && len(txt) > len(asArticles) {
		p.notes.Say(fmt.Sprintf("%s became %s like the rest: if %s the corpus's notes, not an article, delete %s: skein rm %s", strings.Join(asArticles, ", "), plural(len(asArticles), "an article", "articles"), plural(len(asArticles), "it is", "they are"), plural(len(asArticles), "it", "them"), strings.Join(asIDs, " ")))
	}
	ahead := parseSkeinAhead(ctx, inputs, opt)
	defer ahead.stop()
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var errs []error
		if err := notRead(in); err != nil {
			problems = append(problems, in.relabel([]error{err})...)
			continue
		}
		if list, err := labelListOf(in, inputs); list {
			if err != nil {
				problems = append(problems, err)
			}
			// Read with the rows beside it, it is no file of articles
			// of its own: "from 2 files" for one dataset misled.
			res.Files--
			continue
		}
		switch in.format {
		case "txt":
			continue
		case "jsonl", "skein", "doccano", "prodigy", "hf":
			errs = readJSONLFile(p, in, opt, ahead.next(ctx, i))
		case "conll":
			errs = readFormatFile(p, in, opt, formats.ReadCoNLL)
		case "inception":
			var n int
			n, errs = readInception(p, in, opt)
			if n > 0 {
				res.Files += n - 1 // a project is the files it holds
			}
			if named != "" && n > 0 {
				p.notes.Say(fmt.Sprintf("-annotator %s not used for %s: an INCEpTION project's files name their layers (annotation/DOC/USER.tsv or .xmi into layer USER, the curation into your curated layer)", annotate.ShellWord(named), in.label()))
			}
		case "webanno", "xmi":
			is, read := formats.IsWebAnno, formats.ReadWebAnno
			if in.format == "xmi" {
				is, read = formats.IsXMI, formats.ReadXMI
			}
			if head, err := readStart(in.path); err == nil && in.byExt && !is(head) && annotate.CheckFileStart(head) == nil {
				// A .tsv of something else (a spreadsheet's export), a
				// .xmi of a UML model, beside the articles: a file of
				// another kind. One saved as UTF-16 is read, and its
				// reader says so.
				res.Ignored++
				res.Files--
				continue
			}
			errs = readFormatFile(p, in, opt, read)
		case "labelstudio":
			read := formats.ReadLabelStudio
			if in.byExt {
				if head, err := readStart(in.path); err == nil {
					if f, _ := formats.Detect(in.path, head); f == "doccano" {
						read = p.readDoccano // doccano's JSON export
					}
				}
			}
			errs = readFormatFile(p, in, opt, read)
		case "brat":
			annotator := opt.Annotator
			if in.annotator != "" {
				annotator = in.annotator
			}
			bopt := formats.Options{Annotator: annotator, SkipInvalid: opt.SkipInvalid, Decode: decodeFunc(opt.Encoding), Now: opt.Now, Label: opt.labels.fn(), Below: in.dir}
			var b *formats.Batch
			if in.bratFiles != nil {
				b, errs = formats.ReadBratFiles(in.bratFiles, bopt)
			} else {
				b, errs = formats.ReadBrat(in.path, bopt)
			}
			if b != nil {
				p.folder = in.annotator
				p.addBatch(b, in)
				p.folder = ""
				if b.Files > 0 {
					res.Files += b.Files - 1 // a folder is the files it holds
				}
			}
		default:
			errs = []error{&annotate.LineError{File: in.name, Err: fmt.Errorf("unknown format %q", in.format)}}
		}
		if len(errs) > 0 && !in.byExt {
			errs = append(errs, otherFormat(in)...)
		}
		problems = append(problems, in.relabel(errs)...)
	}
	if err := p.matchStored(st); err != nil {
		return nil, err
	}
	// Under a bulk load, what is checked from here on is written before
	// anyone else writes a span (store.Bulk).
	lookup := st.SpanDocs
	unlock := func() {}
	var spans *store.BulkSpans
	if opt.Bulk != nil {
		if stream != nil {
			// The stream holds the store's import lock already.
			return nil, errors.New("import: a bulk load's import reads no plain-text articles")
		}
		// The IDs are hashed before the lock is taken: a bucket's tens
		// of thousands of spans otherwise kept the next bucket waiting
		// on work that needs no lock. The checks below ask for these
		// very IDs, unless a span was left out since.
		ids := p.spanIDs()
		pre := store.PrepareBulkIDs(ids)
		p.prepareBatch()
		// And its documents and spans grouped, the spans encoded, as
		// the write takes them when the checks leave every one in —
		// unless the user is typing: on two cores that work beside the
		// lock's holder took the processor a key's goroutine waited for
		// (keys over 16 ms during a first sync, app
		// BenchmarkKeyDuringFirstSync).
		if !opt.Bulk.Typing() {
			spans = store.PrepareBulkSpans(p.batchDocs(), p.spansRead())
		}
		wait := trace.StartRegion(ctx, "import: bulk lock wait")
		if err := opt.Bulk.Lock(); err != nil {
			return nil, err
		}
		wait.End()
		held := trace.StartRegion(ctx, "import: bulk lock held")
		// Given back once the batch is written: counting the layers
		// written, after it, keeps no other bucket of the load waiting.
		locked := true
		unlock = func() {
			if locked {
				locked = false
				opt.Bulk.Unlock()
				held.End()
			}
		}
		defer unlock()
		lookup = func(ctx context.Context, checked []string) (map[string]string, error) {
			if sameSlice(checked, ids) {
				return opt.Bulk.CheckIDs(ctx, pre)
			}
			return opt.Bulk.SpanDocs(ctx, checked)
		}
	}
	spanProblems, err := p.checkSpanIDs(ctx, st, lookup, opt.User)
	if err != nil {
		return nil, err
	}
	problems = append(problems, spanProblems...)
	threadProblems, err := p.checkThreadIDs(st, opt.User)
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
	now := annotate.NowMillis
	if opt.Now != nil {
		now = opt.Now
	}
	b, replaced, err := p.batch(st, now())
	if err != nil {
		return nil, err
	}
	if err := p.sayKept(ctx, st, b, opt, len(problems) > 0); err != nil {
		return nil, err
	}
	problems = sortProblems(problems)
	if !opt.LayersFromFolders {
		for _, in := range inputs {
			if in.format != "brat" || in.bratFiles != nil {
				continue
			}
			if names, ok := FolderLayers(in.path); ok {
				p.notes.Say(fmt.Sprintf("%s looks like one folder per annotator (%s): all went into one layer; to import each folder as its annotator's layer, use -layers-from-folders", in.name, strings.Join(names, ", ")))
			}
		}
	}
	for _, n := range p.doccano.notes(opt.Annotator) {
		p.notes.Say(n)
	}
	sameSpans, sameThreads := p.sameCounts(b)
	if sameSpans > 0 {
		p.notes.Say(fmt.Sprintf("%s that another file brought too (the same article, layer, label, place, note, attributes and normalizations) imported once", annotate.Count(sameSpans, "span")))
	}
	if sameThreads > 0 {
		p.notes.Say(fmt.Sprintf("%s that another file brought too (the same layer, title, note, members in order and link labels) imported once", annotate.Count(sameThreads, "thread")))
	}
	// Before the write, which stores the labels and links new to the
	// store.
	if err := p.notes.KeepWritten(writtenBy(st, b), func(labels []string) (map[string]bool, error) {
		return st.LinkLabelsUsed(ctx, labels)
	}); err != nil {
		return nil, err
	}
	if err := p.notes.DropKnown(st.LabelKnown); err != nil {
		return nil, err
	}
	res.Notes = p.notes.Lines()
	res.Unknown = p.unknown
	res.Newlines = p.newlines
	res.ThreadIDs = p.threadIDs
	if len(problems) == 0 && res.Files == 0 {
		return nil, nothingFound(paths, res)
	}
	if len(problems) > 0 {
		if !opt.SkipInvalid {
			rest := len(b.Docs)+len(b.Spans)+len(b.Threads)+len(b.Marks)+len(b.Decisions) > 0
			return nil, &Refused{Problems: problems, Rest: rest}
		}
		res.Skipped = problems
	}
	end, err := beginImport(st, paths, opt) // cleared after the write; a kill between leaves it (underway.go)
	if err != nil {
		return nil, err
	}
	var out store.BatchResult
	if stream != nil {
		docs := b.Docs[:0]
		for _, d := range b.Docs {
			if !stream.Streamed(d.ID) {
				docs = append(docs, d)
			}
		}
		b.Docs = docs
		out, err = stream.Finish(ctx, b)
		stream = nil
	} else if opt.Bulk != nil {
		out, err = opt.Bulk.WriteBatchPrepared(ctx, b, spans)
		unlock()
	} else {
		out, err = st.WriteBatch(ctx, b)
	}
	if err != nil {
		return nil, err // "skein import: " is the caller's
	}
	if err := end(); err != nil {
		res.Notes = append(res.Notes, "all written, but "+err.Error()+": the next import and skein check will say this one did not finish")
	}
	if opt.Owners != nil {
		res.Layers = layerResults(b)
	}
	res.DocsAdded = out.DocsAdded
	res.DocsPresent = len(p.docs) - out.DocsAdded
	res.DocsRepeated = p.present
	res.DocsInFolders = p.inFolders
	res.Spans = out.SpansWritten
	res.Threads = out.ThreadsWritten
	res.Replaced = replaced
	return res, nil
}

// writtenBy reports whether b writes the span, thread or document id: a
// span or thread it holds, or a document it holds that the store lacks
// (one the store has keeps what it had). Asked of the few things a note
// of what the import stores counts (formats.ImportNotes.KeepWritten).
func writtenBy(st Store, b *store.Batch) func(id string) bool {
	var ids map[string]bool
	return func(id string) bool {
		if ids == nil {
			ids = make(map[string]bool, len(b.Spans)+len(b.Threads))
			for _, s := range b.Spans {
				ids[s.ID] = true
			}
			for _, t := range b.Threads {
				ids[t.ID] = true
			}
			for _, d := range b.Docs {
				ids[d.ID] = false // asked of the store below
			}
		}
		in, ok := ids[id]
		if in || !ok {
			return in
		}
		_, err := st.Document(id)
		ids[id] = errors.Is(err, store.ErrNotFound)
		return ids[id]
	}
}

// sameSlice tells whether a and b are one slice: the same elements, not
// only equal ones.
func sameSlice(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// layerResults counts, by annotator, the spans and documents of b.
func layerResults(b *store.Batch) map[string]*LayerResult {
	out := map[string]*LayerResult{}
	seen := map[[2]string]bool{}
	at := func(annotator, doc string) *LayerResult {
		l := out[annotator]
		if l == nil {
			l = &LayerResult{}
			out[annotator] = l
		}
		if k := [2]string{doc, annotator}; !seen[k] {
			seen[k] = true
			l.Docs = append(l.Docs, doc)
		}
		return l
	}
	// A run of one layer's spans (a line's) is counted in one go: the
	// maps are asked once a run, not once a span.
	for i := 0; i < len(b.Spans); {
		s := b.Spans[i]
		j := i + 1
		for j < len(b.Spans) && b.Spans[j].Doc == s.Doc && b.Spans[j].Annotator == s.Annotator {
			j++
		}
		at(s.Annotator, s.Doc).Spans += j - i
		i = j
	}
	for _, l := range b.Replace {
		at(l.Annotator, l.Doc)
	}
	for _, l := range b.Stamps {
		at(l.Annotator, l.Doc)
	}
	for _, l := range out {
		sort.Strings(l.Docs)
	}
	return out
}

// sortProblems puts problems in file then line order, so a researcher can
// fix them top to bottom; a problem of a whole file (no line) stays at its
// file's start, and problems that name no file come first, each kind in the
// order found. A problem said twice in the same words is said once: a brat
// .txt named with its .ann is read as an article and as brat's text, and
// its bad byte was listed twice.
func sortProblems(problems []error) []error {
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
	if len(problems) < 2 {
		return problems
	}
	said := make(map[string]bool, len(problems))
	return slices.DeleteFunc(problems, func(err error) bool {
		msg := err.Error()
		if said[msg] {
			return true
		}
		said[msg] = true
		return false
	})
}
