package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

func runImport(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("import", "")
	var opt transfer.ImportOptions
	fs.StringVar(&opt.Format, "format", "", "input `FORMAT`: txt, skein, brat, doccano, prodigy, labelstudio, conll, hf, webanno, xmi (default: from each file)")
	fs.BoolVar(&opt.SkipInvalid, "skip-invalid", false, "import what is good and list what was skipped (exit status 1 all the same)")
	fs.StringVar(&opt.Encoding, "encoding", "", "decode .txt files that are not UTF-8 from this `NAME` (windows-1252, latin1, iso-8859-2, utf-16 …)")
	fs.StringVar(&opt.Offsets, "offsets", "", "how Label Studio regions without value.text count, where the file's regions with text do not tell: `UNIT` utf16 or codepoints")
	fs.StringVar(&opt.Annotator, "annotator", "", "the layer `NAME` for spans that name no annotator (default: -user)")
	fs.BoolVar(&opt.Own, "own", false, "let the files change your own layer (spans and threads) where you already have work there")
	fs.BoolVar(&opt.LayersFromFolders, "layers-from-folders", false, "a brat project with one folder per annotator: import each folder as the layer named after it")
	var maps specs
	fs.Var(&maps, "map", "`FROM=TO` pairs: spans labelled FROM are read as labelled TO, in every format (ACTOR=actor; several joined by commas, or -map again)")
	model := fs.String("as-suggestions", "", "the files are model `NAME`'s predictions (skein, Prodigy or spaCy JSONL) for articles in the store: keep them as suggestions, all or none (no other flag of import goes with it)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"name at least one file or folder to import"}
	}
	if *model != "" {
		if err := suggestionsAlone(fs); err != nil {
			return err
		}
		return importSuggestions(ctx, g, *model, fs.Args())
	}
	if err := opt.Check(); err != nil {
		return usageError{err.Error()}
	}
	labels, err := annotate.ParseLabelMap(maps)
	if err != nil {
		return usageError{err.Error()}
	}
	opt.Labels = labels
	// The layer's name names its folder in a team folder, as -user's does:
	// refused as -user is, not first where work under it is shared.
	if flagGiven(fs, "annotator") {
		if err := annotate.ValidAnnotatorName(opt.Annotator); err != nil {
			return usageError{fmt.Sprintf("-annotator %q is not an annotator's name: %v", opt.Annotator, err)}
		}
		opt.Annotator = annotate.NormalName(opt.Annotator)
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	opt.User = g.user
	paths := fs.Args()
	for i, p := range paths {
		paths[i] = g.path(p)
	}
	res, err := transfer.Import(ctx, g.st, paths, opt)
	if err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(g.env.Stderr, "note:", n)
	}
	fmt.Fprintln(g.env.Stdout, res.Summary())
	if len(res.Skipped) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "skipped %d:", len(res.Skipped))
		for _, p := range res.Skipped {
			b.WriteString("\n  ")
			b.WriteString(p.Error())
		}
		return errors.New(b.String())
	}
	return nil
}

// suggestionsAlone refuses the flags skein import -as-suggestions does not
// read, which it passed over in silence: -skip-invalid above all, since a
// researcher giving it expected the good predictions imported and got
// nothing, while a model's predictions go in whole or not at all (skein
// agree -a model:NAME would measure a part of them as the model).
func suggestionsAlone(fs *flag.FlagSet) error {
	if flagGiven(fs, "skip-invalid") {
		return usageError{"-skip-invalid does not go with -as-suggestions: a model's predictions go in whole or not at all (skein agree -a model:NAME would measure what was left as the model): leave -skip-invalid out, fix the problems the import lists, then import again"}
	}
	if flagGiven(fs, "map") {
		return usageError{"-map does not go with -as-suggestions: a model's predictions keep the labels it gave them, as skein agree -a model:NAME measures them; leave -map out"}
	}
	for _, name := range []string{"format", "encoding", "offsets", "annotator", "own", "layers-from-folders"} {
		if flagGiven(fs, name) {
			return usageError{fmt.Sprintf("-%s does not go with -as-suggestions, which reads skein, Prodigy or spaCy JSONL in UTF-8, telling each line's shape itself, and keeps no layer: leave -%s out", name, name)}
		}
	}
	return nil
}

// importSuggestions is skein import -as-suggestions NAME FILE….
func importSuggestions(ctx context.Context, g *globals, name string, paths []string) error {
	if strings.ContainsAny(name, ", ") {
		return usageError{fmt.Sprintf("model name %q: no commas or spaces", name)}
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	res, err := transfer.ImportSuggestions(ctx, g.st, name, paths)
	if err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(g.env.Stderr, "note:", n)
	}
	fmt.Fprintln(g.env.Stdout, "imported", res.Summary(name))
	return nil
}

// knownModel refuses a model with no suggestions in the store.
func (g *globals) knownModel(name string) error {
	models, err := g.st.Models()
	if err != nil {
		return err
	}
	if slices.Contains(models, name) {
		return nil
	}
	list := "none"
	if len(models) > 0 {
		list = strings.Join(models, ", ")
	}
	return fmt.Errorf("no suggestions from model %q (import them with skein import -as-suggestions %s FILE); models in this store: %s", name, name, list)
}

// specs is a flag that may be given more than once, each value kept.
type specs []string

func (s *specs) String() string { return strings.Join(*s, " ") }

func (s *specs) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// flagGiven reports whether the command line set flag name, default or not.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

func runExport(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("export", "")
	var opt transfer.ExportOptions
	out := fs.String("o", "", "write to `FILE` (a folder for -format brat and webanno); default standard output")
	annotator := fs.String("annotator", "", "export the layer of `NAME` (curated for the adjudicated one; several names with commas; default: -user's own)")
	all := fs.Bool("all", false, "export every annotator's layer")
	fs.StringVar(&opt.Format, "format", "skein", "output `FORMAT`: "+strings.Join(transfer.ExportFormats, ", "))
	fs.BoolVar(&opt.Threads, "threads", false, "with -format skein alone: add a line per thread after the documents (w3c writes threads without it; the other formats hold none across articles)")
	fs.BoolVar(&opt.Done, "done", false, "only the articles the exported layer marked done (with -all: any layer)")
	labels := fs.String("labels", "", "only spans with these `LABELS` (commas), and the threads whose spans all have them")
	split := fs.String("split", "", "split the articles into train, dev and test files beside -o by `PERCENTAGES` like 80/10/10")
	seed := fs.Uint64("seed", 0, "with -split: the `N` that chooses each article's part (the same N gives the same parts)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *labels != "" {
		opt.Labels = splitList(*labels)
	}
	opt.Perms = formats.Umask(g.umask()) // brat's files and hf's label list as the caller would make them
	if *split == "" && flagGiven(fs, "seed") {
		return usageError{fmt.Sprintf("-seed chooses the parts of -split: give -split too (-split 80/10/10 -seed %d)", *seed)}
	}
	var sp transfer.Split
	if *split != "" {
		var err error
		if sp, err = transfer.ParseSplit(*split, *seed); err != nil {
			return usageError{err.Error()}
		}
		if *out == "" {
			return usageError{"-split writes three files beside -o: give it with -o FILE"}
		}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q (export takes only flags)", fs.Arg(0))}
	}
	if *all && *annotator != "" {
		return usageError{"give -annotator or -all, not both"}
	}
	if *annotator != "" && len(splitList(*annotator)) == 0 {
		// Read as no names, it exported every layer, as -all does.
		return usageError{fmt.Sprintf("-annotator %q names no annotator", *annotator)}
	}
	known := false
	for _, f := range transfer.ExportFormats {
		known = known || f == opt.Format
	}
	if !known {
		return usageError{fmt.Sprintf("unknown format %q (want one of %s)", opt.Format, strings.Join(transfer.ExportFormats, ", "))}
	}
	if opt.Threads && opt.Format != "skein" {
		return usageError{threadsRefused(opt.Format)}
	}
	switch opt.Format {
	case "brat", "webanno":
		if *out == "" {
			return usageError{"-format " + opt.Format + " writes a folder: give it with -o DIR"}
		}
		opt.Dir = g.path(*out)
	case "hf":
		if *out == "" {
			return usageError{"-format hf writes its label list beside the data, named after it (-o ner.jsonl → ner.labels.json): give the data file with -o FILE"}
		}
		opt.Dir = g.path(*out) // a split's parts share its label list
	}
	// Where -o writes, checked before the store is opened and anything is
	// written: the file (or brat's folder), or each part of a split.
	names := map[string]string{}
	hint := outHint{folder: "name a file (only -format brat and webanno write a folder)", special: "name a file, or leave -o out to write to standard output",
		stdout: *split == "" && opt.Format != "hf"}
	if *out != "" {
		names[""] = *out
		if *split != "" && !formats.WritesFolder(opt.Format) {
			// The parts are named after -o, beside it: a folder
			// would get hidden files (d/ → d/.train).
			if _, err := g.outPath(*out, false, hint); err != nil {
				return err
			}
			names = map[string]string{}
			for _, part := range transfer.Parts {
				names[part] = partPath(*out, part)
			}
		}
	}
	targets, err := g.outPaths(names, formats.WritesFolder(opt.Format), hint)
	if err != nil {
		return err
	}
	if formats.WritesFolder(opt.Format) {
		opt.Dir = targets[""]
	} else if *split != "" {
		// Said before the export is written, and again before its renames
		// (installOutputs), for a marker that arrives meanwhile.
		if err := liveParts(names["dev"], []string{targets["dev"], targets["test"], targets["train"]}); err != nil {
			return err
		}
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	if err := g.outsideStore(names, targets); err != nil {
		return err
	}
	for i, l := range opt.Labels {
		// A name given decomposed ("cafe" + U+0301, as a macOS terminal
		// may pass it) is the composed label imports and the window
		// store, unless spans have it as given.
		if c := annotate.NormalName(l); c != l && !g.holdsLabel(ctx, l) {
			l, opt.Labels[i] = c, c
		}
		// A label an older skein let in (claim + U+200B) is still the
		// name of spans the user may want out; one no span has is a typo
		// that would look like another label.
		if err := annotate.ValidNewLabel(l); err != nil && !g.holdsLabel(ctx, l) {
			return usageError{"-labels: " + err.Error()}
		}
	}
	switch { // after open: the default user may be the one the store remembers
	case *all:
	case *annotator != "":
		opt.Annotators = splitList(*annotator)
	default:
		opt.Annotators = []string{g.user}
	}
	if opt.Annotators != nil {
		// A misspelt name would give documents with empty span lists and
		// no word why.
		if err := g.warnUnknownAuthors(opt.Annotators); err != nil {
			return err
		}
	}
	var leftOut []string
	if *split != "" {
		paths := map[string]string{}
		for _, part := range transfer.Parts {
			if !formats.WritesFolder(opt.Format) {
				paths[part] = names[part]
			}
		}
		leftOut, err = g.writeOutputs(paths, targets, labelList(opt), func(ws map[string]io.Writer, journal *formats.Keeper) ([]string, error) {
			if formats.WritesFolder(opt.Format) {
				ws = map[string]io.Writer{"train": nil, "dev": nil, "test": nil}
			}
			opt := opt
			opt.Perms = opt.Perms.Journaled(journal)
			return transfer.ExportParts(ctx, g.st, ws, sp, opt)
		})
		if err == nil {
			for _, part := range transfer.Parts {
				where := paths[part]
				if where == "" {
					where = filepath.Join(*out, part)
				}
				fmt.Fprintln(g.env.Stderr, "wrote", part+":", where)
			}
		}
	} else {
		paths := map[string]string{"": *out}
		if isStdout(*out) {
			paths[""] = ""
		}
		if formats.WritesFolder(opt.Format) {
			paths = nil
		}
		leftOut, err = g.writeOutputs(paths, targets, labelList(opt), func(ws map[string]io.Writer, journal *formats.Keeper) ([]string, error) {
			w := ws[""]
			if w == nil {
				w = io.Discard
			}
			opt := opt
			opt.Perms = opt.Perms.Journaled(journal)
			return transfer.Export(ctx, g.st, w, opt)
		})
	}
	// Each line says itself what was left out, not written or changed
	// ("skein: 2 threads left out (…)"): under "left out:" it said so twice.
	for _, l := range leftOut {
		fmt.Fprintln(g.env.Stderr, "note:", l)
	}
	return err
}

// threadsRefused says why -threads goes with skein's JSONL alone: every
// other format writes what it can of the threads without it (and says
// in a note what it cannot), so there it would change nothing.
func threadsRefused(format string) string {
	const skein = "-threads adds skein's thread lines, which only -format skein writes"
	switch format {
	case "w3c":
		return skein + "; -format w3c writes every thread without it (as linking annotations): leave -threads out"
	case "conll", "hf":
		return fmt.Sprintf("%s; -format %s holds no links or threads at all: leave -threads out, or export -format skein -threads or -format w3c, which carry threads across articles", skein, format)
	}
	return fmt.Sprintf("%s; -format %s holds no threads across articles (it writes the links inside an article without -threads, and says in a note what it cannot hold): leave -threads out, or export -format skein -threads or -format w3c, which carry threads across articles", skein, format)
}

// holdsLabel tells whether a span in the store has label.
func (g *globals) holdsLabel(ctx context.Context, label string) bool {
	found := errors.New("found")
	return g.st.SpansByLabel(ctx, label, func(*annotate.Span) error { return found }) == found
}

// labelList is the file an hf export writes beside its data, to be put
// back if the export fails (see writeOutputs); none for other formats.

func labelList(opt transfer.ExportOptions) []string {
	if opt.Format != "hf" {
		return nil
	}
	return []string{formats.LabelListPath(opt.Dir)}
}

func runList(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("list", "")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	var docs []store.DocInfo
	if err := g.st.Documents(ctx, func(d store.DocInfo) error { docs = append(docs, d); return nil }); err != nil {
		return err
	}
	store.SortByDate(docs) // as the window lists them
	w := bufio.NewWriter(g.env.Stdout)
	defer w.Flush()
	for _, d := range docs {
		counts, err := g.st.Counts(d.ID, "")
		if err != nil {
			return err
		}
		title, err := g.shownTitle(d)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s  %-10s  %s  %s\n", d.ID, orDash(d.Date), formatCounts(counts), oneLine(title))
	}
	return nil
}

// shownTitle is d's title as skein list shows it: an article without one
// by its opening words (annotate.ShownTitle), its text read for that alone.
func (g *globals) shownTitle(d store.DocInfo) (string, error) {
	if annotate.Titled(d.Title) {
		return d.Title, nil
	}
	doc, err := g.st.Document(d.ID)
	if err != nil {
		return "", err
	}
	return annotate.ShownTitle(doc.Title, doc.Text), nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// formatCounts lists the default labels always, in key order, then user
// labels by name: "claim 3 actor 0 figure 1 accusation 0 quote 2".
func formatCounts(c map[string]int) string {
	var parts []string
	for _, l := range annotate.DefaultLabels {
		parts = append(parts, fmt.Sprintf("%s %d", l.Name, c[l.Name]))
	}
	var extra []string
	for name := range c {
		if !annotate.IsDefaultLabel(name) {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	for _, name := range extra {
		parts = append(parts, fmt.Sprintf("%s %d", annotate.LabelShown(name), c[name]))
	}
	return strings.Join(parts, " ")
}

// runOpen opens the window on an article; run by the window that holds
// the store, it brings that window forward on it.
func runOpen(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("open", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageError{fmt.Sprintf("unexpected argument %q (open takes one article ID)", fs.Arg(1))}
	}
	if g.env.Window == nil {
		return usageError{"this build has no window"}
	}
	if err := g.refuseOtherUser(fs.Arg(0)); err != nil {
		return err
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	id := fs.Arg(0)
	if id != "" {
		if _, err := g.st.Document(id); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no document %s (skein list shows the IDs)", id)
		} else if err != nil {
			return err
		}
	}
	return g.env.Window(g.st, g.user, !g.userSet, id)
}

func runRemove(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("rm", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"name the IDs of the documents to delete (skein list shows them)"}
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	// Check every ID before deleting any, so a typo changes nothing; an
	// ID named twice is deleted once.
	var ids []string
	for _, id := range fs.Args() {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		if _, err := g.st.Document(id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no document %s: nothing deleted (skein list shows the IDs)", id)
			}
			return err
		}
	}
	for _, id := range ids {
		if err := g.st.DeleteDocument(ctx, id); err != nil {
			return err
		}
		fmt.Fprintln(g.env.Stdout, "deleted", id)
	}
	return nil
}

// partPath is where a part of a split goes: beside out, named after it
// (out.jsonl → out.train.jsonl).
func partPath(out, part string) string {
	ext := filepath.Ext(out)
	return strings.TrimSuffix(out, ext) + "." + part + ext
}

// writeOutputs runs write with a writer for each path ("" is standard
// output), named in messages as given and written to its target (see
// outPaths). Each file is written and synced beside its target, and
// renamed over it only when all are (installOutputs), so a failed export
// never leaves half a file, or one part of a split from another run,
// where a good one was. The files of keep, which write replaces itself
// (hf's label list, beside the data), are put back as they were when the
// export fails: the list of one run beside the data of another names
// their tags wrongly. write is given the journal of keep's folder (nil
// for none), to record in it each file it renames over one of keep
// (formats.Perms.Journaled).
func (g *globals) writeOutputs(paths, targets map[string]string, keep []string, write func(ws map[string]io.Writer, journal *formats.Keeper) ([]string, error)) ([]string, error) {
	// An export that keeps old content (a label list, a split's parts)
	// says so in a journal beside it (formats.Keeper), which the next
	// export to the folder reads if this one is killed; what a killed
	// one left there is put right first, so that a label list it left
	// new beside its old rows gets its old content back before this one
	// keeps that.
	var kp *keepers
	if len(keep) > 0 || len(paths) > 1 {
		kp = &keepers{}
		defer kp.close() // once what they kept is deleted or put back
		for _, p := range keep {
			formats.RemoveLeftExports(filepath.Dir(p))
		}
	}
	kept := map[string]string{} // file -> where its old content is kept, "" for none
	defer func() {
		for _, old := range kept {
			if old != "" {
				os.Remove(old)
			}
		}
	}()
	for _, p := range keep {
		old, err := kp.keep(p, "")
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: keeping a copy of it to put back if the export fails: %w (nothing was written)", p, unwrapPathErr(err))
		}
		kept[p] = old
	}
	var journal *formats.Keeper
	if len(keep) > 0 {
		journal = kp.by[filepath.Dir(keep[0])]
	}
	leftOut, err := g.writeAndInstall(paths, targets, kp, func(ws map[string]io.Writer) ([]string, error) {
		return write(ws, journal)
	})
	if err == nil {
		return leftOut, nil
	}
	for p, old := range kept {
		err = transfer.PutBack(err, p, old)
		delete(kept, p) // put back, or left for the user
	}
	return leftOut, err
}

// writeAndInstall is writeOutputs but for the files of keep.
func (g *globals) writeAndInstall(paths, targets map[string]string, kp *keepers, write func(map[string]io.Writer) ([]string, error)) ([]string, error) {
	ws := map[string]io.Writer{}
	bufs := map[string]*bufio.Writer{}
	tmps := map[string]*os.File{}
	var opened []*os.File  // closed once renamed, held till then (formats.CreateExportFile)
	var lockNotes []string // a disk that cannot lock, once a folder
	defer func() {
		for _, f := range opened {
			f.Close()
		}
		for _, f := range tmps {
			os.Remove(f.Name())
		}
	}()
	for _, key := range slices.Sorted(maps.Keys(paths)) { // in order: the note of a disk that cannot lock names the first
		path := paths[key]
		if path == "" {
			bufs[key] = bufio.NewWriterSize(g.env.Stdout, 1<<20)
		} else {
			tmp, unlocked, err := transfer.CreateBeside(targets[key], g.umask())
			if err != nil {
				// The error names the temporary file, not the one asked for.
				return nil, fmt.Errorf("cannot write %s: %w", path, unwrapPathErr(err))
			}
			if unlocked != nil && !slices.ContainsFunc(opened, func(f *os.File) bool { return filepath.Dir(f.Name()) == filepath.Dir(tmp.Name()) }) {
				lockNotes = append(lockNotes, formats.FileLockNote(path, unlocked))
			}
			tmps[key] = tmp
			opened = append(opened, tmp)
			if err := kp.placing(targets[key], tmp); err != nil {
				return nil, fmt.Errorf("cannot write %s: %w (nothing was written)", path, unwrapPathErr(err))
			}
			bufs[key] = bufio.NewWriterSize(tmp, 1<<20)
		}
		ws[key] = bufs[key]
	}
	leftOut, err := write(ws)
	leftOut = append(lockNotes, leftOut...)
	for _, b := range bufs {
		if ferr := b.Flush(); err == nil {
			err = ferr
		}
	}
	for _, f := range tmps {
		if err == nil {
			err = f.Sync()
		}
		if cerr := formats.CloseBeforeRename(f); err == nil {
			err = cerr
		}
	}
	if err != nil {
		for key, f := range tmps {
			var pe *iofs.PathError
			if errors.As(err, &pe) && pe.Path == f.Name() {
				// A full disk: the error names the temporary file.
				return leftOut, fmt.Errorf("cannot write %s: %w (nothing was written)", paths[key], pe.Err)
			}
		}
		return leftOut, err
	}
	return leftOut, installOutputs(paths, targets, tmps, kp, g.env.Stderr)
}

// installOutputs renames each written file of tmps over its target, all
// or nothing as far as the filesystem allows: a split's three parts were
// renamed one by one, and a rename that failed left the parts before it
// new and those after it from the run before, which read as one good
// split. Now each target there already is first linked (or, on a
// filesystem without links, copied and synced) to a file beside it; a
// rename that fails puts back what the renames before it replaced, and
// the error says which files are new and which as they were. (A kill
// between the renames, microseconds apart once every file is on the
// disk, still leaves both; the old content is then beside, in
// .skein-old-… files, and a marker says so to the next export to the same
// place, which tells the user, on note, and deletes them once its own
// files are in place: see splitmark.go.) A file renamed is deleted from
// tmps.
func installOutputs(paths, targets map[string]string, tmps map[string]*os.File, kp *keepers, note io.Writer) (err error) {
	keys := make([]string, 0, len(tmps))
	for key := range tmps {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return paths[keys[i]] < paths[keys[j]] })
	olds := map[string]string{} // key -> the file holding its target's old content
	defer func() {
		for _, old := range olds {
			os.Remove(old)
		}
	}()
	var list []string
	for _, key := range keys {
		list = append(list, targets[key])
	}
	if len(keys) > 1 {
		if err := liveParts(paths[keys[0]], list); err != nil {
			return err
		}
		mark := ""
		if sameDir(list) {
			mark = markPath(list) // which names the old content once written
		}
		for _, key := range keys {
			old, err := kp.keep(targets[key], mark)
			if err != nil {
				return fmt.Errorf("cannot write %s: keeping a copy of it to put back if another file fails: %w (nothing was written)", paths[key], unwrapPathErr(err))
			}
			if old != "" {
				olds[key] = old
			}
		}
		if afterKeep != nil {
			afterKeep()
		}
	}
	if len(keys) > 1 {
		mark := markPath(list)
		dir := filepath.Dir(mark)
		if sameDir(list) {
			prev, err := readMark(mark, list)
			if err != nil {
				return fmt.Errorf("cannot write %s: %w (nothing was written)", paths[keys[0]], err)
			}
			if prev != nil {
				fmt.Fprintln(note, leftMixed(dir, prev))
			}
			m := &splitMark{Stale: prev.leftovers(), Keep: kp.name(dir)}
			for _, key := range keys {
				part := markPart{Name: filepath.Base(targets[key]), New: filepath.Base(tmps[key].Name())}
				if olds[key] != "" {
					part.Old = filepath.Base(olds[key])
				}
				m.Parts = append(m.Parts, part)
			}
			if werr := writeMark(mark, m); werr != nil {
				return fmt.Errorf("cannot write %s: %w (nothing was written)", mark, unwrapPathErr(werr))
			}
			defer func() {
				if err != nil && prev != nil {
					// What the interrupted export left is as it was.
					writeMark(mark, prev)
					return
				}
				// Its own files in place: the marker first, so that a
				// kill now leaves no marker naming files gone.
				os.Remove(mark)
				if err == nil {
					removeAll(dir, m.Stale)
				}
			}()
		}
	}
	var dirs []string
	for i, key := range keys {
		if beforeRename != nil {
			beforeRename(targets[key])
		}
		if err := os.Rename(tmps[key].Name(), targets[key]); err != nil {
			if len(keys) == 1 {
				return fmt.Errorf("cannot write %s: %w", paths[key], unwrapPathErr(err))
			}
			return putBack(fmt.Errorf("cannot write %s: %w", paths[key], unwrapPathErr(err)), keys[:i], keys[i:], paths, targets, olds)
		}
		delete(tmps, key)
		if dir := filepath.Dir(targets[key]); !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
	}
	for _, dir := range dirs {
		// The renames on the disk too (where the system lets a folder be
		// synced; the files themselves are).
		if d, err := os.Open(dir); err == nil {
			d.Sync()
			d.Close()
		}
	}
	return nil
}

// beforeRename, set by tests, runs before each file of an export is
// renamed over target.
var beforeRename func(target string)

// afterKeep, set by tests, runs once a split has kept its parts' old
// content, before it writes its marker.
var afterKeep func()

// keepers are the journals of an export that keeps old content
// (formats.Keeper), one a folder; a nil *keepers keeps none.
type keepers struct {
	by map[string]*formats.Keeper
}

func (kp *keepers) get(dir string) (*formats.Keeper, error) {
	if k := kp.by[dir]; k != nil {
		return k, nil
	}
	k, err := formats.NewKeeper(dir)
	if err != nil {
		return nil, err
	}
	if kp.by == nil {
		kp.by = map[string]*formats.Keeper{}
	}
	kp.by[dir] = k
	return k, nil
}

// keep keeps target's old content beside it (formats.Keeper.Keep).
func (kp *keepers) keep(target, mark string) (string, error) {
	if kp == nil {
		return "", errors.New("no journal to keep old content in")
	}
	k, err := kp.get(filepath.Dir(target))
	if err != nil {
		return "", err
	}
	return k.Keep(target, mark)
}

// name is the name of the journal kept in dir ("" for none).
func (kp *keepers) name(dir string) string {
	if kp == nil || kp.by[dir] == nil {
		return ""
	}
	return kp.by[dir].Name()
}

// placing records that f will be renamed over target.
func (kp *keepers) placing(target string, f *os.File) error {
	if kp == nil {
		return nil
	}
	k, err := kp.get(filepath.Dir(target))
	if err != nil {
		return err
	}
	return k.Placing(target, f)
}

func (kp *keepers) close() {
	if kp == nil {
		return
	}
	for _, k := range kp.by {
		k.Close()
	}
}

// putBack undoes the renames of done after err: each target gets back its
// old content, or is deleted where there was none. It returns err saying
// which files are as they were and which new (those it could not put
// back, with where their old content is kept).
func putBack(err error, done, rest []string, paths, targets, olds map[string]string) error {
	var same, fresh []string
	for _, key := range rest {
		same = append(same, paths[key])
	}
	for _, key := range slices.Backward(done) {
		var perr error
		if old, ok := olds[key]; ok {
			if perr = os.Rename(old, targets[key]); perr == nil {
				delete(olds, key)
			}
		} else if perr = os.Remove(targets[key]); errors.Is(perr, iofs.ErrNotExist) {
			perr = nil
		}
		switch {
		case perr == nil:
			same = append(same, paths[key])
		case olds[key] != "":
			fresh = append(fresh, fmt.Sprintf("%s is new (putting back its old content failed: %v; it is in %s)", paths[key], unwrapPathErr(perr), olds[key]))
			delete(olds, key) // kept for the user
		default:
			fresh = append(fresh, fmt.Sprintf("%s is new (there was none before; deleting it failed: %v)", paths[key], unwrapPathErr(perr)))
		}
	}
	sort.Strings(same)
	if len(fresh) == 0 {
		return fmt.Errorf("%w (nothing was written: %s)", err, asBefore(same))
	}
	if len(same) == 0 {
		return fmt.Errorf("%w; %s", err, strings.Join(fresh, "; "))
	}
	return fmt.Errorf("%w; %s; %s", err, strings.Join(fresh, "; "), asBefore(same))
}

// asBefore says names are as they were: "a is as it was", "a and b are
// as they were", "a, b and c are as they were".
func asBefore(names []string) string {
	if len(names) == 1 {
		return names[0] + " is as it was"
	}
	return joinAnd(names) + " are as they were"
}

// joinAnd lists names as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// umask is the caller's file-mode creation mask for a served command, -1
// (this process's own) for one typed here.
func (g *globals) umask() int {
	if g.env.Caller != nil {
		return g.env.Caller.Umask
	}
	return -1
}
