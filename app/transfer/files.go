package transfer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
)

// input is one file to import and the name it is known by in messages and
// as a document's source.
type input struct {
	path string // on disk
	// name is the file relative to the folder given, or its base name when
	// it was named by itself: the documents' source, and their title when
	// the text has none.
	name string
	// given is the path as the user gave it, for a file named by itself
	// (messages name it so); "" inside a folder, where name is used.
	given string
	// dir is the folder the user gave, for a brat project found in it:
	// what the brat reader says of its files is said relative to it.
	dir string
	// under is the folder the user gave, as given, for a file found in
	// it when the import named several paths: messages name the file
	// below it (c3/a.txt), as two folders' a.txt were both a.txt.
	under  string
	format string // "txt", "skein", "doccano", "prodigy", "labelstudio", "brat", "conll"
	// guessed is a file without an extension taken as text: if its
	// content is binary it is of another kind, not a problem.
	guessed bool
	// byExt is a format taken from the file's extension, which the
	// content may correct (a doccano .json is not Label Studio's).
	byExt bool
	// bratFiles are brat .ann or .txt files named one by one, read as one
	// input (see groupBrat).
	bratFiles []string
	// annotator is the layer of a folder read with -layers-from-folders.
	annotator string
	// regular is a file the folder walk saw to be a regular file, not a
	// link: reading it needs no check first.
	regular bool
}

// label is how messages name the input: the path as the user gave it for
// a file named by itself, relative to the folder given for a file in it,
// and with that folder in front where the import named several paths.
func (in input) label() string {
	if in.given != "" {
		return in.given
	}
	if in.under != "" {
		return filepath.Join(in.under, filepath.FromSlash(in.name))
	}
	return in.name
}

// relabel names the files in what a reader said of in by the one rule of
// label: the reader knows a file by its name or its path on disk.
func (in input) relabel(errs []error) []error {
	for _, err := range errs {
		var le *annotate.LineError
		if errors.As(err, &le) {
			le.File = in.fileName(le.File)
		}
	}
	return errs
}

// fileName is how messages name file, as a reader of in named it: by
// label's rule, as relabel names the files of problems (a note of a span
// read in a brat folder names its .ann as a problem in it would).
func (in input) fileName(file string) string {
	switch {
	case file == in.name:
		return in.label()
	case in.dir != "":
		if rel, err := filepath.Rel(in.dir, file); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return file
}

// groupBrat makes one input of the brat files named one by one, so they
// are read together and what the reader notes is said once, not once per
// file.
func groupBrat(inputs []input) []input {
	// Most imports name no brat file by itself: the inputs stay as they are,
	// not copied one by one (a folder of 20,000 articles is 20,000 inputs).
	if !slices.ContainsFunc(inputs, func(in input) bool { return in.format == "brat" }) {
		return inputs
	}
	// A .txt named beside its .ann is the brat text, not an article of
	// its own: read as both, it was counted as a file more and "1
	// repeated in the files", and a bad byte in it said twice. It is
	// the file the brat reader reads as the .ann's text however either
	// was spelled (pr/a.txt ./pr/a.ann, a path through a link).
	var texts []os.FileInfo
	for _, in := range inputs {
		if in.format == "brat" && strings.EqualFold(filepath.Ext(in.path), ".ann") {
			if st, ok := formats.BratText(in.path); ok {
				texts = append(texts, st)
			}
		}
	}
	bratText := func(in input) bool {
		if in.format != "txt" || in.given == "" || !strings.EqualFold(filepath.Ext(in.path), ".txt") || len(texts) == 0 {
			return false
		}
		st, err := os.Stat(in.path)
		return err == nil && slices.ContainsFunc(texts, func(t os.FileInfo) bool { return os.SameFile(t, st) })
	}
	out := make([]input, 0, len(inputs))
	at := -1
	for _, in := range inputs {
		text := bratText(in)
		if (in.format != "brat" && !text) || isDir(in.path) {
			out = append(out, in)
			continue
		}
		if at < 0 {
			at = len(out)
			out = append(out, input{path: in.path, name: in.name, format: "brat"})
		}
		out[at].bratFiles = append(out[at].bratFiles, in.path)
	}
	return out
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// expand turns the paths a user gave into files to read. Folders are walked
// recursively; a folder that holds brat .ann files is one brat input. Files
// in a folder whose kind skein does not read are counted, not refused; a file
// named on the command line that skein cannot read is a problem.
//
// listed (ImportOptions.Listed) takes each path of a skein file as a file,
// without a stat: reading it checks it is one.
func expand(paths []string, format string, byFolder bool, root string, listed bool) (inputs []input, skipped skips, problems []error) {
	if listed && format == "skein" {
		inputs = make([]input, 0, len(paths))
		for _, p := range paths {
			inputs = append(inputs, fileInput(p, format, root))
		}
		return inputs, skipped, nil
	}
	// Of several paths, each folder's files are named with the folder in
	// front (and a brat project's by their whole path as given): a.txt of
	// corpus and of c3 would otherwise be said alike.
	several := len(paths) > 1
	below := func(dir string) string {
		if several {
			return ""
		}
		return dir
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			problems = append(problems, &annotate.LineError{File: p, Err: unreadable(p, err)})
			continue
		}
		if st.IsDir() {
			if team := teamFolderAround(p); team != "" {
				problems = append(problems, &annotate.LineError{File: p, Err: errTeamFolder(p, team)})
				continue
			}
		}
		if st.IsDir() && byFolder {
			names, ok := FolderLayers(p)
			if !ok {
				problems = append(problems, &annotate.LineError{File: p, Err: errors.New("-layers-from-folders: want a folder of two or more annotators' brat folders holding the same .txt files")})
				// A folder of texts alone is what skein's brat export
				// writes for an annotator who worked on no article: say
				// which, where the refusal above named none.
				for _, n := range textsAlone(p) {
					problems = append(problems, &annotate.LineError{File: filepath.Join(p, n), Err: errors.New("-layers-from-folders: the folder holds .txt files and no .ann, so it is no annotator's brat folder (an annotator who worked on no article has none); move it out and import again")})
				}
				continue
			}
			bad := false
			for _, n := range names {
				// Each folder's name names a layer, as -user does, and is
				// refused as -user is: "x#y" or "curated" was taken.
				if err := annotate.ValidAnnotatorName(n); err != nil {
					problems = append(problems, &annotate.LineError{File: filepath.Join(p, n), Err: fmt.Errorf("-layers-from-folders: the folder's name %q is not an annotator's name: %v; rename the folder", n, err)})
					bad = true
				}
			}
			if bad {
				continue
			}
			for _, n := range names {
				inputs = append(inputs, input{path: filepath.Join(p, n), name: filepath.Join(p, n), dir: below(p), format: "brat", annotator: annotate.NormalName(n)})
			}
			n, errs := besideLayers(p, names, format)
			skipped.add(n)
			problems = append(problems, errs...)
			continue
		}
		project := format == "" || format == "auto" || format == "webanno" || format == "xmi"
		if st.IsDir() && project && isProjectDir(p) {
			// INCEpTION's project export, unzipped: its annotators'
			// files are layers, not files of the importer's.
			inputs = append(inputs, input{path: p, name: p, format: "inception"})
			continue
		}
		if st.IsDir() {
			if format == "brat" {
				inputs = append(inputs, input{path: p, name: p, dir: below(p), format: "brat"})
				continue
			}
			// One walk: a folder holding an .ann file is a brat project.
			found, n, errs := walkFolder(p, format)
			if len(found) == 0 && len(errs) == 0 && len(n.teams) > 0 {
				// Nothing but a team folder (~/Sync holding the team's):
				// refused as the team folder itself is.
				problems = append(problems, &annotate.LineError{File: p, Err: errTeamFolder(p, n.teams[0])})
				continue
			}
			if format == "" && slices.ContainsFunc(found, func(in input) bool { return in.format == "brat" }) {
				found, n, errs = besideBrat(found, n, errs)
				inputs = append(inputs, input{path: p, name: p, dir: below(p), format: "brat"})
			}
			if several {
				for i := range found {
					found[i].under = p
				}
			}
			inputs, problems = append(inputs, found...), append(problems, errs...)
			skipped.add(n)
			continue
		}
		if !st.Mode().IsRegular() {
			// Opening a named pipe waits for a writer, for ever.
			problems = append(problems, &annotate.LineError{File: p, Err: fmt.Errorf("%w (%s)", formats.ErrNotRegular, formats.FileKind(st.Mode()))})
			continue
		}
		if project && isProjectZip(p) {
			inputs = append(inputs, input{path: p, name: filepath.Base(p), given: p, format: "inception"})
			continue
		}
		f := formatOf(p, format)
		if f == "" && (format == "" || format == "auto") && isXMIFile(p) {
			// UIMA CAS XMI named otherwise (news.xml, a pipeline's
			// .cas): known by its xmi:XMI root.
			f = "xmi"
		}
		if f == "" && format == "brat" {
			// "or name one with -format" to one who had named one.
			problems = append(problems, &annotate.LineError{File: p, Err: fmt.Errorf("%w as brat (a brat folder, or its .txt and .ann files)%s", ErrUnknownKind, LeaveFormatOut)})
			continue
		}
		if f == "" {
			problems = append(problems, &annotate.LineError{File: p, Err: fmt.Errorf("%w (want %s, or a brat folder; or name one with -format)", ErrUnknownKind, readsExts())})
			continue
		}
		inputs = append(inputs, fileInput(p, f, root))
		inputs[len(inputs)-1].guessed, inputs[len(inputs)-1].byExt = guessedText(p, format), format == "" || format == "auto"
	}
	return inputs, skipped, problems
}

// fileInput is the input of a file named by itself, read as format f:
// known by its path relative to root when root is set.
func fileInput(p, f, root string) input {
	name, given := filepath.Base(p), p
	if root != "" {
		if rel, err := filepath.Rel(root, p); err == nil {
			name, given = filepath.ToSlash(rel), ""
		}
	}
	return input{path: p, name: name, given: given, format: f}
}

// skips counts what a folder walk left out without a problem: files of
// kinds skein does not read, and hidden files and folders (names starting
// with a dot: .git, .DS_Store, editors' backups).
type skips struct {
	ignored, hiddenFiles int
	hiddenDirs           []HiddenFolder
	confs                int // of ignored: .conf files, a brat project's own
	// beside are the files skein reads that -layers-from-folders left
	// out: they lie beside the annotators' folders, in no one's layer.
	beside []string
	// teams are the team folders a walk left out (teamNote).
	teams []string
}

func (s *skips) add(t skips) {
	s.ignored += t.ignored
	s.hiddenFiles += t.hiddenFiles
	s.hiddenDirs = append(s.hiddenDirs, t.hiddenDirs...)
	s.confs += t.confs
	s.beside = append(s.beside, t.beside...)
	s.teams = append(s.teams, t.teams...)
}

// HiddenFolder is a folder an import did not walk because its name starts
// with a dot (.git, .ipynb_checkpoints, .Trash: tools keep their own files
// there, and a notebook's checkpoints are copies), and how many files it
// holds, counted without reading them.
type HiddenFolder struct {
	Path  string // as given: below the folder imported
	Files int    // at most maxCounted: a folder that holds more says "or more"
}

// maxCounted bounds the count of a hidden folder's files, so that a .git of
// a million objects costs no more than a glance.
const maxCounted = 100_000

// countFiles counts the files below dir, up to maxCounted.
func countFiles(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		if n >= maxCounted {
			return filepath.SkipAll
		}
		return nil
	})
	return n
}

// unreadable is why path cannot be read, err being what a stat of it said:
// when path is a symbolic link that leads nowhere, it says so and where it
// points ("no such file" alone named a file that is there, as a link).
func unreadable(path string, err error) error {
	err = unwrapPath(err)
	target, lerr := os.Readlink(path)
	switch {
	case lerr != nil: // not a link (or gone): the stat's words
		return fmt.Errorf("cannot read: %v", err)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot read: a symbolic link to %s, which is not there", target)
	}
	return fmt.Errorf("cannot read: a symbolic link to %s: %v", target, err)
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// besideBrat keeps, of what a walk found in a brat folder, what the brat
// reader does not take: a JSONL or JSON file beside the .txt and .ann files
// is an input of its own, not something to drop without a word; brat's own
// .conf files are part of the project, not ignored. What the brat reader
// takes and cannot read, it reports.
func besideBrat(found []input, n skips, errs []error) ([]input, skips, []error) {
	bratOwn := func(path string) bool {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".txt", ".text", ".ann":
			return true
		}
		return false
	}
	var more []input
	for _, in := range found {
		if !bratOwn(in.path) {
			more = append(more, in)
		}
	}
	var problems []error
	for _, err := range errs {
		var le *annotate.LineError
		if !errors.As(err, &le) || !bratOwn(le.File) {
			problems = append(problems, err)
		}
	}
	n.ignored -= n.confs
	return more, n, problems
}

// besideLayers counts what a folder of annotators' brat folders (names)
// holds that the brat reader of each folder does not take, as a walk of
// any folder counts it: hidden files and folders, files of other kinds.
// A file skein reads that lies outside the annotators' folders (a .txt
// and its .ann at the top, a JSONL) is in no one's layer: it is left out,
// named in skips.beside. Without this the hidden folders, and an article
// beside the annotators' folders, were passed over without a word.
func besideLayers(dir string, names []string, format string) (skipped skips, problems []error) {
	found, skipped, errs := walkFolder(dir, format)
	layer := func(path string) bool {
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return false
		}
		first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		return slices.Contains(names, first)
	}
	for _, in := range found {
		if !layer(in.path) {
			skipped.beside = append(skipped.beside, in.path)
		}
	}
	for _, err := range errs {
		// What lies in an annotator's folder, its brat reader reports.
		if le := (*annotate.LineError)(nil); !errors.As(err, &le) || !layer(le.File) {
			problems = append(problems, err)
		}
	}
	skipped.ignored -= skipped.confs // the project's annotation.conf and the like
	return skipped, problems
}

// walkFolder lists the files below dir that skein reads, by name, skipping
// hidden files and folders. Files of kinds skein does not read are counted, and so are
// hidden ones; a named pipe, a device or a socket is a problem, found
// without opening it (a symbolic link is followed when the file is read).
func walkFolder(dir, format string) (found []input, skipped skips, problems []error) {
	// The files found are gathered in blocks and copied once into a slice
	// of their number: appending 20,000 of them to one slice allocated,
	// zeroed and copied it again at every doubling, which took longer than
	// the walk itself (BenchmarkWalkFolder).
	var blocks [][]input
	var block []input
	// The walk builds each path as dir, a separator and the rest when dir
	// is clean: the rest is the name, with no filepath.Rel to clean both.
	cut := len(dir) > 0 && filepath.Clean(dir) == dir && !os.IsPathSeparator(dir[len(dir)-1])
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			problems = append(problems, &annotate.LineError{File: path, Err: fmt.Errorf("cannot read: %v", unwrapPath(err))})
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && path != dir {
			if d.IsDir() {
				rel, _ := filepath.Rel(dir, path)
				skipped.hiddenDirs = append(skipped.hiddenDirs, HiddenFolder{Path: filepath.Join(dir, rel), Files: countFiles(path)})
				return filepath.SkipDir
			}
			skipped.hiddenFiles++
			return nil
		}
		if d.IsDir() {
			// A team folder among the corpus's files: skein's own files,
			// not articles (teamNote).
			if path != dir && isTeamFolder(path) {
				skipped.teams = append(skipped.teams, path)
				return filepath.SkipDir
			}
			return nil
		}
		if t := d.Type(); t&fs.ModeType != 0 && t&fs.ModeSymlink == 0 {
			problems = append(problems, &annotate.LineError{File: path, Err: fmt.Errorf("%w (%s)", formats.ErrNotRegular, formats.FileKind(t))})
			return nil
		} else if t&fs.ModeSymlink != 0 {
			// Followed when read; one that leads nowhere is said to be a
			// link here, with where it points (the read said only "no
			// such file").
			if _, err := os.Stat(path); err != nil {
				problems = append(problems, &annotate.LineError{File: path, Err: unreadable(path, err)})
				return nil
			}
		}
		f := formatOf(path, format)
		if f == "" && (format == "" || format == "auto") && strings.EqualFold(filepath.Ext(path), ".xml") && isXMIFile(path) {
			// UIMA CAS XMI saved as news.xml, known by its xmi:XMI root
			// as where it is named; only an .xml is opened to ask (a
			// TypeSystem.xml beside it is not, and stays ignored), no .txt.
			f = "xmi"
		}
		if f == "" {
			skipped.ignored++
			if strings.EqualFold(filepath.Ext(path), ".conf") {
				skipped.confs++
			}
			return nil
		}
		if len(block) == cap(block) {
			if block != nil {
				blocks = append(blocks, block)
			}
			block = make([]input, 0, walkBlock)
		}
		block = append(block, input{path: path, name: relName(dir, path, cut), format: f, guessed: guessedText(path, format), byExt: format == "" || format == "auto", regular: d.Type().IsRegular()})
		return nil
	})
	if err != nil {
		problems = append(problems, &annotate.LineError{File: dir, Err: err})
	}
	n := len(block)
	for _, b := range blocks {
		n += len(b)
	}
	found = make([]input, 0, n)
	for _, b := range blocks {
		found = append(found, b...)
	}
	found = append(found, block...)
	// The walk visits each folder's entries in order of name, so the list
	// is most often sorted already (not when a name holds a byte that
	// sorts before the separator: "a-b/x" before "a/x").
	if !slices.IsSortedFunc(found, func(a, b input) int { return strings.Compare(a.name, b.name) }) {
		sort.Slice(found, func(i, j int) bool { return found[i].name < found[j].name })
	}
	return found, skipped, problems
}

// walkBlock is how many files walkFolder gathers in one block.
const walkBlock = 1024

// relName is path, found in a walk of dir, relative to dir with forward
// slashes. cut says dir is clean and ends in no separator, so that the
// walk's paths start with dir and a separator.
func relName(dir, path string, cut bool) string {
	if cut && len(path) > len(dir) && strings.HasPrefix(path, dir) && os.IsPathSeparator(path[len(dir)]) {
		return filepath.ToSlash(path[len(dir)+1:])
	}
	rel, _ := filepath.Rel(dir, path)
	return filepath.ToSlash(rel)
}

func guessedText(path, format string) bool {
	return (format == "" || format == "auto") && filepath.Ext(path) == ""
}

// FolderLayers recognises a brat project laid out one folder per
// annotator: two or more sibling folders (not hidden) below dir that each
// hold .ann files and share most of their .txt files (at least half of the
// smallest's). It returns the folder names, which name the layers.
func FolderLayers(dir string) (names []string, ok bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, false
	}
	var sets []map[string]bool
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		txt := map[string]bool{}
		ann := false
		_ = filepath.WalkDir(sub, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(sub, path)
			switch strings.ToLower(filepath.Ext(path)) {
			case ".txt":
				txt[filepath.ToSlash(rel)] = true
			case ".ann":
				ann = true
			}
			return nil
		})
		if !ann || len(txt) == 0 {
			return nil, false // a folder of something else: not this layout
		}
		names = append(names, e.Name())
		sets = append(sets, txt)
	}
	if len(names) < 2 {
		return nil, false
	}
	for i := range sets {
		for j := i + 1; j < len(sets); j++ {
			shared := 0
			for k := range sets[i] {
				if sets[j][k] {
					shared++
				}
			}
			if shared*2 < min(len(sets[i]), len(sets[j])) {
				return nil, false
			}
		}
	}
	return names, true
}

// textsAlone names the folders below dir (not hidden) holding .txt files
// and no .ann, beside one or more that hold .ann files: as FolderLayers
// reads them, not an annotator's folder.
func textsAlone(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var alone []string
	withAnn := false
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		txt, ann := false, false
		_ = filepath.WalkDir(filepath.Join(dir, e.Name()), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".txt":
				txt = true
			case ".ann":
				ann = true
			}
			return nil
		})
		switch {
		case ann:
			withAnn = true
		case txt:
			alone = append(alone, e.Name())
		}
	}
	if !withAnn {
		return nil
	}
	return alone
}

// formatOf decides a file's format from -format or its extension; JSONL
// files are told apart later by their first line.
// extFormats is what a file's extension makes of it, unless told otherwise
// (-format); the order a message names them.
var extFormats = []struct{ ext, format string }{
	{".txt", "txt"}, {".text", "txt"},
	{".jsonl", "jsonl"}, {".ndjson", "jsonl"},
	{".json", "labelstudio"},
	{".ann", "brat"},
	{".conll", "conll"}, {".conllu", "conll"}, {".iob", "conll"}, {".iob2", "conll"}, {".bio", "conll"}, {".bioes", "conll"},
	{".tsv", "webanno"},
	{".xmi", "xmi"},
}

// readsExts names the extensions skein reads, for a message.
func readsExts() string {
	var b strings.Builder
	for i, e := range extFormats {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.ext)
		switch e.ext {
		case ".ann":
			b.WriteString(" (brat, beside its .txt)")
		case ".tsv":
			b.WriteString(" (WebAnno TSV)")
		case ".xmi":
			b.WriteString(" (UIMA CAS XMI)")
		}
	}
	return b.String()
}

// isXMIFile tells whether the file at path begins as UIMA CAS XMI does.
func isXMIFile(path string) bool {
	head, err := readStart(path)
	return err == nil && formats.IsXMI(head)
}

func formatOf(path, format string) string {
	ext := strings.ToLower(filepath.Ext(path))
	switch format {
	case "", "auto":
	case "txt", "text":
		return "txt"
	case "brat":
		if ext == ".ann" || ext == ".txt" {
			return "brat"
		}
		return ""
	default:
		return format
	}
	if ext == "" {
		// Usenet, Reuters and many scrapes name articles 53321 or
		// 000123: text content makes them articles (see input.guessed).
		return "txt"
	}
	for _, e := range extFormats {
		if e.ext == ext {
			return e.format
		}
	}
	return ""
}
