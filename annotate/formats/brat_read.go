package formats

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// decodeWith is decode(b), or b where there is no decoder.
func decodeWith(decode func([]byte) ([]byte, error), b []byte) ([]byte, error) {
	if decode == nil {
		return b, nil
	}
	return decode(b)
}

// ReadBrat reads brat standoff: every doc.txt below root (a folder, read
// recursively) with the doc.ann beside it, or the one document named by a
// single .txt or .ann. A .txt without an .ann is a document without
// annotations; an .ann without its .txt is a problem. A document's Source is
// its path below root with forward slashes ("sub/doc.txt").
//
// T lines become spans, R lines links, * lines equivalence threads, and
// E lines links from the trigger span to each argument labelled with the
// role. A and M lines set Span.Attrs ("" for a binary attribute), N lines
// Span.Norms, # lines Span.Note or, on a relation, Thread.Note. What skein
// cannot hold is listed in Batch.Notes. annotation.conf is read only to
// report the types it defines that no document uses.
//
// A problem anywhere in a document's .ann leaves out the whole document
// (with SkipInvalid) or the whole batch.
func ReadBrat(root string, opt Options) (*Batch, []error) {
	if opt.Annotator == "" {
		return nil, needAnnotator(root)
	}
	info, err := os.Stat(root)
	if err != nil {
		return nil, []error{&annotate.LineError{File: root, Err: fmt.Errorf("cannot read: %w", unwrapPath(err))}}
	}
	if info.IsDir() {
		fsys := dirFS(root)
		var files []string
		var errs []error
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &annotate.LineError{File: filepath.Join(root, filepath.FromSlash(p)), Err: fmt.Errorf("cannot read: %w", unwrapPath(err))})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != "." && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if isBratFile(p) && !strings.HasPrefix(d.Name(), ".") {
				files = append(files, p) // hidden files are skipped, as in any folder
			}
			return nil
		})
		if err != nil {
			errs = append(errs, &annotate.LineError{File: root, Err: err})
		}
		if len(files) == 0 && len(errs) == 0 {
			// -format brat on a folder of something else: said, not
			// "imported 0 new documents" and success.
			return nil, []error{&annotate.LineError{File: root, Err: fmt.Errorf("%w: no brat .txt or .ann file in it (is it in another format? name it with -format, or leave -format out)", annotate.ErrEmpty)}}
		}
		b, more := readBratIn(fsys, root, files, func(p string) string { return opt.shown(filepath.Join(root, filepath.FromSlash(p))) }, opt)
		errs = append(errs, more...)
		if len(errs) > 0 && !opt.SkipInvalid {
			return nil, errs
		}
		return b, errs
	}
	return ReadBratFiles([]string{root}, opt)
}

// shown names path, a brat file as the user gave it, as messages do:
// relative to Below when it is below it.
func (o Options) shown(p string) string {
	if o.Below != "" {
		if rel, err := filepath.Rel(o.Below, p); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return p
}

// ReadBratFiles reads brat .txt or .ann files named one by one, each with
// its partner and the annotation.conf beside it, as one batch: a note
// about them all is said once, not once per file. Files in several folders
// are read folder by folder.
func ReadBratFiles(paths []string, opt Options) (*Batch, []error) {
	if opt.Annotator == "" {
		return nil, needAnnotator(strings.Join(paths, ", "))
	}
	var dirs []string
	byDir := map[string][]string{}
	var dirInfo []fs.FileInfo // of dirs, one to one
	// sameDir is the folder of dirs that dir is, however spelled (pr/ and
	// ./pr/, a path through a link): its files read twice were one
	// article twice, "1 repeated in the files".
	sameDir := func(dir string) string {
		st, err := os.Stat(filepath.Clean(dir + "."))
		for i, d := range dirs {
			if filepath.Clean(d+".") == filepath.Clean(dir+".") || err == nil && dirInfo[i] != nil && os.SameFile(dirInfo[i], st) {
				return d
			}
		}
		dirs, dirInfo = append(dirs, dir), append(dirInfo, st)
		return dir
	}
	var errs []error
	for _, root := range paths {
		dir, base := filepath.Split(root)
		ext := strings.ToLower(filepath.Ext(base))
		if ext != ".txt" && ext != ".ann" {
			errs = append(errs, &annotate.LineError{File: root, Err: errorf(ErrSyntax, "not a brat file (want a folder, a .txt or an .ann)")})
			continue
		}
		fsys := dirFS(filepath.Clean(dir + "."))
		if _, err := fs.Stat(fsys, base); err != nil {
			errs = append(errs, &annotate.LineError{File: root, Err: fmt.Errorf("cannot read: %w", unwrapPath(err))})
			continue
		}
		dir = sameDir(dir)
		files := []string{base}
		if name, _, ok := bratPartner(fsys, base); ok {
			files = append(files, name)
		}
		for _, f := range files {
			if !contains(byDir[dir], f) {
				byDir[dir] = append(byDir[dir], f)
			}
		}
	}
	if len(errs) > 0 && !opt.SkipInvalid {
		return nil, errs
	}
	all := &Batch{}
	for _, dir := range dirs {
		fsys := dirFS(filepath.Clean(dir + "."))
		files := byDir[dir]
		if _, err := fs.Stat(fsys, "annotation.conf"); err == nil {
			files = append(files, "annotation.conf")
		}
		b, more := readBratIn(fsys, filepath.Clean(dir+"."), files, func(p string) string { return opt.shown(filepath.Join(dir, p)) }, opt)
		errs = append(errs, more...)
		if b != nil {
			all.Docs = append(all.Docs, b.Docs...)
			all.Spans = append(all.Spans, b.Spans...)
			all.SpanAt = append(all.SpanAt, b.SpanAt...)
			all.Threads = append(all.Threads, b.Threads...)
			all.Marks = append(all.Marks, b.Marks...)
			all.Worked = append(all.Worked, b.Worked...)
			all.Notes = append(all.Notes, b.Notes...)
			for line, c := range b.counts {
				if all.counts == nil {
					all.counts = map[string]countNote{}
				}
				all.counts[line] = c // the same line counts the same thing
			}
			for line, ln := range b.labelNotes {
				if all.labelNotes == nil {
					all.labelNotes = map[string]labelNote{}
				}
				all.labelNotes[line] = ln
			}
			// The same line from two folders counts the things of both.
			for line, sn := range b.stored {
				if all.stored == nil {
					all.stored = map[string]storedNote{}
				}
				if had, ok := all.stored[line]; ok {
					sn.items = append(slices.Clip(had.items), sn.items...)
				}
				all.stored[line] = sn
			}
			for line, ln := range b.linkNote {
				if all.linkNote == nil {
					all.linkNote = map[string]linkNote{}
				}
				if had, ok := all.linkNote[line]; ok {
					ids := maps.Clone(had.ids)
					for l, t := range ln.ids {
						ids[l] = append(slices.Clip(ids[l]), t...)
					}
					ln.ids = ids
				}
				all.linkNote[line] = ln
			}
			all.Files += b.Files
		}
	}
	if len(errs) > 0 && !opt.SkipInvalid {
		return nil, errs
	}
	return all, errs
}

// BratText is the file a brat .ann at p is read with, its .txt (or .TXT)
// beside it, when there is one.
func BratText(p string) (fs.FileInfo, bool) {
	dir, base := filepath.Split(p)
	_, st, ok := bratPartner(dirFS(filepath.Clean(dir+".")), base)
	return st, ok
}

// bratPartner is the file read with base, a brat .txt or .ann of fsys:
// its .ann for a .txt, its .txt for an .ann, in lower or upper case.
func bratPartner(fsys fs.FS, base string) (string, fs.FileInfo, bool) {
	ext := strings.ToLower(path.Ext(base))
	stem := strings.TrimSuffix(base, path.Ext(base))
	partner := map[string][]string{".txt": {".ann", ".ANN"}, ".ann": {".txt", ".TXT"}}[ext]
	for _, ext := range partner {
		if st, err := fs.Stat(fsys, stem+ext); err == nil {
			return stem + ext, st, true
		}
	}
	return "", nil, false
}

// readLimited reads a file of fsys that is a regular file of at most limit
// bytes, as it was opened: fsys (a dirFS) opens without blocking, and the
// open file is looked at before anything is read, for a look at the path
// and then an open let a file swapped for a named pipe in between be
// waited on for ever. The error says what is wrong without the path,
// which the caller names.
func readLimited(fsys fs.FS, p string, limit int64, what string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	if err := checkInfo(info, limit, what); err != nil {
		return nil, err
	}
	var r io.Reader = f
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	if limit > 0 && int64(len(raw)) > limit {
		return nil, checkInfo(grownInfo{info, int64(len(raw))}, limit, what)
	}
	return raw, nil
}

// grownInfo is a file's FileInfo with the size it had grown to while read.
type grownInfo struct {
	fs.FileInfo
	size int64
}

func (g grownInfo) Size() int64 { return g.size }

// dirFS is dirFS(dir) whose Open does not block (openFlags): a named
// pipe among a brat corpus's files is opened, then refused by readLimited,
// not waited on.
type dirFS string

// Open opens name, a slash path below the folder.
func (d dirFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := os.OpenFile(filepath.Join(string(d), filepath.FromSlash(name)), openFlags, 0)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Stat is os.Stat of name, a slash path below the folder.
func (d dirFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	return os.Stat(filepath.Join(string(d), filepath.FromSlash(name)))
}

func isBratFile(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".txt" || ext == ".ann" || path.Base(p) == "annotation.conf"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// unwrapPath drops the *PathError wrapper whose message repeats the path.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readBratFS reads the brat files named (slash paths in fsys); show turns a
// path into the name errors use.
func readBratFS(fsys fs.FS, files []string, show func(string) string, opt Options) (*Batch, []error) {
	return readBratIn(fsys, "", files, show, opt)
}

// readBratIn is readBratFS of the folder root (fsys is root's): a
// visual.conf is looked for above root too (bratVisuals.above).
func readBratIn(fsys fs.FS, root string, files []string, show func(string) string, opt Options) (*Batch, []error) {
	b := newBuilder("brat", "type", opt)
	for _, p := range files {
		if path.Base(p) != "annotation.conf" {
			b.batch.Files++
		}
	}
	type pair struct{ txt, ann string }
	pairs := map[string]*pair{}
	var confs []string
	for _, p := range files {
		if path.Base(p) == "annotation.conf" {
			confs = append(confs, p)
			continue
		}
		ext := path.Ext(p)
		stem := strings.TrimSuffix(p, ext)
		pr := pairs[stem]
		if pr == nil {
			pr = &pair{}
			pairs[stem] = pr
		}
		if strings.ToLower(ext) == ".txt" {
			pr.txt = p
		} else {
			pr.ann = p
		}
	}
	visuals := bratVisuals{root: root}
	for _, stem := range sortedKeys(pairs) {
		pr := pairs[stem]
		r := &record{file: show(pr.txt)}
		if pr.txt == "" {
			r.file = show(pr.ann)
			r.fail("", 0, errorf(ErrSyntax, "no %s beside it", path.Base(stem)+".txt"))
			b.add(r)
			continue
		}
		r.ownSource, r.fallback = pr.txt, pr.txt
		raw, err := readLimited(fsys, pr.txt, annotate.MaxDocumentBytes, "an article")
		if err != nil {
			r.fail("", 0, err)
			b.add(r)
			continue
		}
		if raw, err = decodeWith(opt.Decode, raw); err != nil {
			r.fail("", 0, fmt.Errorf("cannot decode: %w", err))
			b.add(r)
			continue
		}
		if err := r.setText(string(raw)); err != nil {
			// Said at its line, as a .txt article's is: UTF-16 or
			// UTF-32 at line 1, a byte that is not UTF-8 at its line and
			// column, not as "a.txt: text: … at byte 32".
			if line, placed := annotate.TextAt(raw, errors.Unwrap(err)); line > 0 {
				r.fail("", line, placed)
			} else {
				r.fail("", 0, err)
			}
			b.add(r)
			continue
		}
		if pr.ann != "" {
			ann, err := readLimited(fsys, pr.ann, MaxAnnBytes, "a brat .ann file")
			if err != nil {
				r.fail(show(pr.ann), 0, err)
			} else if ann, err = decodeWith(opt.Decode, ann); err != nil {
				r.fail(show(pr.ann), 0, fmt.Errorf("cannot decode: %w", err))
			} else {
				r.spanFile = show(pr.ann)
				parseAnn(r, r.spanFile, string(ann), opt.Annotator, b.now, visuals.find(fsys, pr.ann, show))
				r.worked = append(r.worked, opt.Annotator)
			}
		}
		b.add(r)
	}
	for _, c := range confs {
		raw, err := readLimited(fsys, c, MaxAnnBytes, "a brat annotation.conf")
		if err != nil {
			continue // the configuration only feeds a note
		}
		var unused []string
		// The types skein's export wrote stand for the labels its
		// visual.conf gives, which the documents were read as.
		labels := visuals.find(fsys, c, show)
	types:
		for _, names := range confTypes(string(raw)) {
			for _, t := range names {
				if l, ok := labels.of("type", t); ok {
					t = l
				}
				if annotate.IsDefaultLabel(t) || b.labels[t] || b.read[t] {
					continue types
				}
			}
			unused = append(unused, names[0])
		}
		if len(unused) > 0 {
			b.batch.Notes = append(b.batch.Notes, fmt.Sprintf("brat: %s defines types no imported document uses, not added as labels: %s", show(c), strings.Join(unused, ", ")))
		}
	}
	b.batch.Notes = append(b.batch.Notes, visuals.notes()...)
	return b.finish()
}

// confTypes lists the entity and event types an annotation.conf defines,
// as brat reads it: leaving out those marked "!" (hierarchy only), macros
// (<NAME>=…) and separator lines (-----, SEPARATOR). A type may have
// aliases after "|" (DNA_methylation | GO:0006306): each entry lists the
// storage form first, then the aliases.
func confTypes(conf string) [][]string {
	var out [][]string
	section := ""
	for _, line := range strings.Split(conf, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = strings.Trim(line, "[]")
			continue
		}
		if section != "entities" && section != "events" {
			continue
		}
		if strings.Trim(line, "-") == "" || line == "SEPARATOR" {
			continue
		}
		// The names end at the first tab (an event's arguments follow);
		// brat's own files also use runs of spaces.
		names, _, _ := strings.Cut(line, "\t")
		var entry []string
		for _, alt := range strings.Split(names, "|") {
			if f := strings.Fields(alt); len(f) > 0 {
				entry = append(entry, f[0])
			}
		}
		if len(entry) == 0 || strings.HasPrefix(entry[0], "!") || strings.HasPrefix(entry[0], "<") {
			continue
		}
		out = append(out, entry)
	}
	return out
}

// bratRef is an annotation line whose targets are resolved after every T
// and E line has been read, since brat allows references forward.
type bratRef struct {
	line  int
	id    string
	typ   string
	args  []bratArg
	text  string // N: the name, #: the note
	value string // A: the value
}

type bratArg struct{ role, id string }

// parseAnn reads one .ann into r; file names it in errors and notes alike,
// as the user can find it (Options.shown: "al/x/a.ann" below the folder
// given, the path given for a file named), so that the notes tell two
// a.ann in different folders apart, as the problems do.
//
// Where labels is not nil (skein's export wrote the visual.conf above it),
// each span, relation and equivalence type it names is read as the label
// it gives, as written (record.asWritten).
func parseAnn(r *record, file, ann, annotator string, now int64, labels *bratLabels) {
	if labels != nil {
		r.asWritten = labels.asWritten
	}
	spans := map[string]*annotate.Span{}
	events := map[string]*bratRef{}
	lineOf := map[string]int{}
	var rels, attrs, norms, notes, equivs, evs []*bratRef
	fail := func(line int, err error) { r.fail(file, line, err) }
	// UTF-16 (without -encoding, which decodes it) is said as what it is:
	// its bytes read as an invalid byte and a line without a tab.
	if err := annotate.CheckNotUTF16Text([]byte(ann[:min(len(ann), 4)])); err != nil {
		fail(1, err)
		return
	}
	// So is UTF-16 or UTF-32 without a mark, which a NUL byte tells (no
	// .ann has one): it was "T   1   : offset "\x00\x00\x000…" is not a count
	// of characters" and a line without a tab.
	if strings.IndexByte(ann, 0) >= 0 {
		if err := annotate.CheckEncoding([]byte(ann)); err != nil {
			fail(1, err)
			return
		}
	}
	// A byte order mark, as editors on Windows save, is not part of the
	// first id, nor of a line's after it (a file joined on).
	joined := annotate.Joined{File: file}
	defer func() {
		if n := joined.Note(); n != "" {
			r.said = append(r.said, n)
		}
	}()
	// A T line's number for each span, in one allocation: grown line by
	// line it cost a 1,000-file import 4,000 allocations.
	r.spanLines = make([]int, 0, strings.Count(ann, "\nT")+1)
	for i, line := range strings.Split(ann, "\n") {
		n := i + 1
		if strings.HasPrefix(line, "\ufeff") {
			line = string(joined.Trim([]byte(line), n))
		}
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := checkUTF8([]byte(line), " of the line"); err != nil {
			fail(n, err)
			continue
		}
		fields := strings.SplitN(line, "\t", 3)
		id := fields[0]
		if id == "" {
			fail(n, errorf(ErrSyntax, "no annotation id before the tab"))
			continue
		}
		if len(fields) < 2 {
			fail(n, errorf(ErrSyntax, "%s: no tab after the id", clip(id)))
			continue
		}
		if id != "*" {
			if at, dup := lineOf[id]; dup {
				fail(n, errorf(ErrSyntax, "%s: the id is used twice (first at line %d)", clip(id), at))
				continue
			}
			lineOf[id] = n
		}
		mid := strings.Fields(fields[1])
		text, hasText := "", len(fields) == 3
		if hasText {
			text = fields[2]
		}
		if len(mid) == 0 {
			fail(n, errorf(ErrSyntax, "%s: no type", clip(id)))
			continue
		}
		switch id[0] {
		case 'T':
			s, err := parseT(r, id, fields[1], text, hasText, annotator, now, labels)
			if err != nil {
				fail(n, err)
				continue
			}
			r.spanLines = append(r.spanLines, n) // parseT added s last
			spans[id] = s
		case 'R':
			ref := &bratRef{line: n, id: id, typ: labels.label("link", mid[0])}
			for _, a := range mid[1:] {
				role, target, ok := strings.Cut(a, ":")
				if !ok {
					fail(n, errorf(ErrSyntax, "%s: argument %q is not ROLE:ID", id, clip(a)))
					ref = nil
					break
				}
				ref.args = append(ref.args, bratArg{role, target})
			}
			if ref == nil {
				continue
			}
			if len(ref.args) != 2 {
				fail(n, errorf(ErrSyntax, "%s: a relation has two arguments, this one has %d", id, len(ref.args)))
				continue
			}
			if ref.args[0].role == "Arg2" && ref.args[1].role == "Arg1" {
				ref.args[0], ref.args[1] = ref.args[1], ref.args[0]
			}
			rels = append(rels, ref)
		case 'E':
			ref := &bratRef{line: n, id: id}
			for j, a := range mid {
				role, target, ok := strings.Cut(a, ":")
				if !ok {
					fail(n, errorf(ErrSyntax, "%s: %q is not TYPE:ID", id, clip(a)))
					ref = nil
					break
				}
				if j == 0 {
					ref.typ = role
				}
				ref.args = append(ref.args, bratArg{role, target})
			}
			if ref == nil {
				continue
			}
			events[id] = ref
			evs = append(evs, ref)
		case 'A', 'M':
			if len(mid) < 2 || len(mid) > 3 {
				fail(n, errorf(ErrSyntax, "%s: an attribute is NAME TARGET [VALUE]", id))
				continue
			}
			ref := &bratRef{line: n, id: id, typ: mid[0], args: []bratArg{{"", mid[1]}}}
			if len(mid) == 3 {
				ref.value = mid[2]
			}
			attrs = append(attrs, ref)
		case 'N':
			if len(mid) != 3 {
				fail(n, errorf(ErrSyntax, "%s: a normalization is TYPE TARGET DB:ID", id))
				continue
			}
			db, ref, ok := strings.Cut(mid[2], ":")
			if !ok || db == "" || ref == "" {
				fail(n, errorf(ErrSyntax, "%s: reference %q is not DB:ID", id, clip(mid[2])))
				continue
			}
			norms = append(norms, &bratRef{line: n, id: id, typ: mid[0], args: []bratArg{{db, mid[1]}}, value: ref, text: text})
		case '#':
			if len(mid) < 2 {
				fail(n, errorf(ErrSyntax, "%s: a note is TYPE TARGET", id))
				continue
			}
			if len(mid) > 2 {
				// brat refuses it too; reading on would drop the note's words.
				fail(n, errorf(ErrSyntax, "%s: a note is TYPE TARGET, a tab, then the note: is the tab before %q missing?", id, clip(strings.Join(mid[2:], " "))))
				continue
			}
			notes = append(notes, &bratRef{line: n, id: id, typ: mid[0], args: []bratArg{{"", mid[1]}}, text: text})
		case '*':
			if id != "*" {
				fail(n, errorf(ErrSyntax, "%s: unknown annotation id (want T, R, E, A, M, N, # or *)", clip(id)))
				continue
			}
			if len(mid) < 3 {
				fail(n, errorf(ErrSyntax, "*: an equivalence names a type and at least two annotations"))
				continue
			}
			ref := &bratRef{line: n, id: "*", typ: labels.label("link", mid[0])}
			for _, t := range mid[1:] {
				ref.args = append(ref.args, bratArg{"", t})
			}
			equivs = append(equivs, ref)
		default:
			fail(n, errorf(ErrSyntax, "%s: unknown annotation id (want T, R, E, A, M, N, # or *)", clip(id)))
		}
	}

	// An event stands for its trigger span; an event argument may itself be
	// an event, so triggers are resolved first.
	trigger := map[string]*annotate.Span{}
	for _, e := range evs {
		t := e.args[0].id
		s, ok := spans[t]
		if !ok {
			fail(e.line, errorf(ErrUnknownRef, "%s: trigger names unknown annotation %s", e.id, clip(t)))
			continue
		}
		trigger[e.id] = s
	}
	resolve := func(id string) *annotate.Span {
		if s, ok := spans[id]; ok {
			return s
		}
		return trigger[id]
	}
	base := file
	// at names a line of the .ann as a problem does, with the brat ID a
	// reader finds in brat's own view: "a.ann:7 A2".
	at := func(ref *bratRef) string { return fmt.Sprintf("%s:%d %s", base, ref.line, ref.id) }
	for _, e := range evs {
		head := trigger[e.id]
		if head == nil {
			continue
		}
		// The notes of an event are of its links: said where the import
		// writes one, not again when the .ann is imported again.
		var links []string
		for _, a := range e.args[1:] {
			s := resolve(a.id)
			if s == nil {
				fail(e.line, errorf(ErrUnknownRef, "%s: %s names unknown annotation %s", e.id, clip(a.role), clip(a.id)))
				continue
			}
			if s == head {
				r.note("%d event arguments that are the event's own trigger left out", at(e))
				continue
			}
			th, err := r.addLink(e.id, head, s, a.role, now)
			if err != nil {
				fail(e.line, err)
				continue
			}
			links = append(links, th.ID)
		}
		if head.Label != e.typ {
			r.noteOf("%d events whose type differs from their trigger's kept the trigger's type", at(e), append([]string{head.ID}, links...)...)
		}
		r.noteOf("%d events became links from their trigger to each argument (brat export writes them as relations)", "", links...)
	}
	relation := map[string]*annotate.Thread{}
	for _, rel := range rels {
		var ends [2]*annotate.Span
		for j, a := range rel.args {
			if ends[j] = resolve(a.id); ends[j] == nil {
				fail(rel.line, errorf(ErrUnknownRef, "%s: %s names unknown annotation %s", rel.id, clip(a.role), clip(a.id)))
			}
		}
		if ends[0] == nil || ends[1] == nil {
			continue
		}
		th, err := r.addLink(rel.id, ends[0], ends[1], rel.typ, now)
		if err != nil {
			fail(rel.line, err)
			continue
		}
		relation[rel.id] = th
	}
	for _, eq := range equivs {
		if !r.asWritten[eq.typ] {
			eq.typ = annotate.NormalName(eq.typ)
		}
		th := &annotate.Thread{ID: annotate.NewID(), Annotator: annotator, Kind: annotate.KindEquiv, Created: now}
		seen := map[*annotate.Span]bool{}
		for _, a := range eq.args {
			s := resolve(a.id)
			if s == nil {
				fail(eq.line, errorf(ErrUnknownRef, "*: %s names unknown annotation %s", eq.typ, clip(a.id)))
				th = nil
				break
			}
			if seen[s] {
				continue
			}
			seen[s] = true
			m := annotate.Member{Doc: s.Doc, Span: s.ID}
			if len(th.Members) > 0 {
				m.Link = eq.typ
			}
			th.Members = append(th.Members, m)
		}
		if th == nil {
			continue
		}
		if err := r.checkLabel(eq.typ); err != nil {
			fail(eq.line, errorf(annotate.ErrBadThread, "*: %v", err))
			continue
		}
		if len(th.Members) < 2 {
			r.note("%d equivalences of a single annotation left out", base+fmt.Sprintf(":%d", eq.line))
			continue
		}
		r.threads = append(r.threads, th)
	}
	// target finds what an A, N or # line is about: a span (T, or an
	// event's trigger) or a relation; it reports unknown IDs itself.
	target := func(ref *bratRef) (*annotate.Span, *annotate.Thread, bool) {
		id := ref.args[0].id
		if s := resolve(id); s != nil {
			if _, isEvent := trigger[id]; isEvent {
				r.noteOf("%d attributes, normalizations and notes on events put on the event's trigger span", at(ref), s.ID)
			}
			return s, nil, true
		}
		if th, ok := relation[id]; ok {
			return nil, th, true
		}
		if _, ok := lineOf[id]; ok {
			// A known annotation that is neither: a note on a note, or on
			// a line that was itself bad (reported there).
			return nil, nil, true
		}
		fail(ref.line, errorf(ErrUnknownRef, "%s: target names unknown annotation %s", ref.id, clip(id)))
		return nil, nil, false
	}
	for _, a := range attrs {
		s, th, ok := target(a)
		switch {
		case !ok:
		case s != nil:
			if err := checkAttr(a.typ, a.value); err != nil {
				fail(a.line, fmt.Errorf("%s: %w", a.id, err))
				continue
			}
			if old, set := s.Attrs[a.typ]; set {
				if old != a.value {
					r.note("%d attributes set twice on one span left out", at(a))
				} else if _, onEvent := trigger[a.args[0].id]; onEvent {
					// Two events on one trigger with the same attribute:
					// the trigger span carries it once.
					r.noteOf("%d attributes of events sharing a trigger merged into one on the trigger span", at(a), s.ID)
				}
				continue
			}
			if s.Attrs == nil {
				s.Attrs = map[string]string{}
			}
			s.Attrs[a.typ] = a.value
		case th != nil:
			r.note("%d attributes on relations left out (skein links carry no attributes)", at(a))
		default:
			r.note("%d attributes on other annotations left out", at(a))
		}
	}
	for _, nm := range norms {
		s, _, ok := target(nm)
		switch {
		case !ok:
		case s != nil:
			s.Norms = append(s.Norms, annotate.Norm{DB: nm.args[0].role, ID: nm.value, Text: nm.text})
		default:
			r.note("%d normalizations of relations left out", at(nm))
		}
	}
	for _, nt := range notes {
		s, th, ok := target(nt)
		text := nt.text
		if nt.typ != "AnnotatorNotes" {
			// A typed note (#1 Lemma T1 be) keeps its type as a prefix
			// the brat export turns back into the type.
			text = "[" + nt.typ + "] " + text
		}
		switch {
		case !ok:
		case s != nil:
			s.Note = joinNote(s.Note, text)
		case th != nil:
			th.Note = joinNote(th.Note, text)
		default:
			r.note("%d notes on attributes, normalizations or notes left out", at(nt))
		}
	}
}

func joinNote(old, add string) string {
	if old == "" {
		return add
	}
	return old + "\n" + add
}

// checkAttr refuses attribute names and values that skein could not write
// back to brat.
func checkAttr(name, value string) error {
	if err := annotate.ValidLabelName(name); err != nil {
		return errorf(annotate.ErrBadSpan, "attribute %v", err)
	}
	return nil
}

// parseT reads a T line's middle field ("claim 0 5;16 23") and checks the
// quoted text.
func parseT(r *record, id, mid, text string, hasText bool, annotator string, now int64, labels *bratLabels) (*annotate.Span, error) {
	typ, offs, ok := strings.Cut(mid, " ")
	if !ok || typ == "" {
		return nil, errorf(ErrSyntax, "%s: want TYPE START END", id)
	}
	typ = labels.label("type", typ)
	var frags []annotate.Fragment
	parts := strings.Split(offs, ";")
	for i, part := range parts {
		nums := strings.Fields(part)
		if len(nums) > 2 && i == len(parts)-1 && isOffset(nums[0]) && isOffset(nums[1]) {
			return nil, errorf(ErrSyntax, "%s: offsets %q are not START END: is the tab before the text %q missing?", id, clip(part), clip(strings.Join(nums[2:], " ")))
		}
		if len(nums) != 2 {
			return nil, errorf(ErrSyntax, "%s: offsets %q are not START END", id, clip(part))
		}
		var f [2]int
		for k, s := range nums {
			v, err := parseOffset(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			f[k] = v
		}
		frags = append(frags, annotate.Fragment{Start: f[0], End: f[1]})
	}
	sort.SliceStable(frags, func(i, j int) bool { return frags[i].Start < frags[j].Start })
	s, err := r.addSpan(id, typ, frags, annotator, now)
	if err != nil {
		return nil, err
	}
	if hasText {
		if got := r.text.Fragments(frags); got != text {
			r.spans = r.spans[:len(r.spans)-1]
			return nil, errorf(annotate.ErrMismatch, "%s: the file quotes %q but the text at %s is %q", id, clip(text), fragString(frags), clip(got))
		}
	}
	return s, nil
}

// isOffset says whether s is a number as brat writes an offset.
func isOffset(s string) bool {
	_, err := parseOffset(s)
	return err == nil
}

func parseOffset(s string) (int, error) {
	for _, c := range s {
		if c < '0' || c > '9' {
			// brat's offsets are characters counted from 0: digits alone.
			return 0, errorf(ErrSyntax, "offset %q is not a count of characters (digits 0–9 alone)", clip(s))
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, errorf(ErrSyntax, "offset %q is too large", clip(s))
	}
	return v, nil
}

func fragString(frags []annotate.Fragment) string {
	var b strings.Builder
	for i, f := range frags {
		if i > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, "%d–%d", f.Start, f.End)
	}
	return b.String()
}

// clip shortens what a file says for an error message.
func clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
