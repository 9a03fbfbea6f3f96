package formats

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// bratWriter writes each document as <source>.txt and .ann, and
// annotation.conf and visual.conf for the types it wrote, into a folder
// beside dir that Close renames to dir: the export appears whole or not at
// all, as a file export does.
type bratWriter struct {
	*folderOut
	lo     tally
	layers layers
	// The names written, as the store has them (bratNames names them):
	// entity types, relation and equivalence types, attributes and
	// their values. Close lists them in the order of the names written.
	typed  map[string]bool
	rels   map[string]bool
	equivs map[string]bool
	attrs  map[string]map[string]bool
	names  *bratNames // shared by a split's parts (ShareLabels)
	// placeheld are the .ann files written with a placeholder for a name
	// to rename, which Close puts in once the names are fixed.
	placeheld []string
	held      bool // the document being written has one
	// unlabelled counts the unlabelled links written, under a name of
	// their own (bratNames: "" as a relation), which Close says.
	unlabelled int
}

// folderOut is an export written as a folder (brat's, WebAnno TSV's):
// into a hidden folder beside dir, renamed to dir when it is complete, so
// that it appears whole or not at all, as a file export does.
type folderOut struct {
	format string      // how messages name the export: "brat"
	dir    string      // the folder asked for
	tmp    string      // where the export is written until finish
	perm   fs.FileMode // dir's, when it exists (empty), for the folder replacing it
	perms  Perms       // the modes of what is made
	held   *os.File    // tmp, open and locked while it is written (holdFolder)
	// unlocked is why tmp could not be locked, on a disk that cannot
	// lock (holdFolder): the export is written unheld, and says so.
	unlocked error
	made     []string // the folders above dir that the export made
	// syncer syncs the files written, dirs are the folders made in tmp:
	// on the disk before tmp is renamed (syncAll).
	syncer *fileSyncer
	dirs   map[string]bool
	// part is true for a part of a folder export written in another's
	// folder (FolderParts): finish completes it, and the whole is renamed
	// into place once.
	part bool
}

func newFolderOut(format, dir string, perms Perms) (*folderOut, error) {
	if dir == "" {
		return nil, fmt.Errorf("%s export writes a folder: name one", format)
	}
	// What killed exports left is no part of the folder asked for, nor of
	// the one it goes in.
	removeLeftExports(dir)
	removeLeftExports(filepath.Dir(dir))
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("%s export: %w", format, err)
	case len(ents) > 0:
		return nil, fmt.Errorf("%s export: folder %s is not empty; choose an empty or new one", format, dir)
	case err == nil && mountPoint(dir):
		// The rename at the end cannot take it: the export was written
		// and then refused as "no longer empty", which it was not.
		return nil, fmt.Errorf("%s export: folder %s is a disk's own folder (where it is mounted): the export is built beside it and renamed into place, which a disk's own folder cannot take; name a new folder in it, such as %s (nothing was written)", format, dir, filepath.Join(dir, "export"))
	}
	var perm fs.FileMode
	if st, err := os.Stat(dir); err == nil {
		perm = st.Mode().Perm()
	}
	made := missingFolders(filepath.Dir(dir))
	tmp, held, unlocked, err := mkdirBeside(dir, perms)
	if err != nil {
		return nil, fmt.Errorf("%s export: cannot write %s: %w", format, dir, err)
	}
	return &folderOut{format: format, dir: dir, tmp: tmp, perm: perm, perms: perms, held: held, unlocked: unlocked, made: made}, nil
}

// noLocksError is a lock refused by a disk that cannot lock (flock's
// ENOLCK, EOPNOTSUPP, EINVAL …), not held by another process.
type noLocksError struct{ err error }

func (e *noLocksError) Error() string { return e.err.Error() }
func (e *noLocksError) Unwrap() error { return e.err }

// lockNote says, for an export written on a disk that cannot lock, what
// that leaves undone; nil elsewhere.
func (o *folderOut) lockNote() []string {
	if o.unlocked == nil {
		return nil
	}
	beside := filepath.Dir(o.dir) // where the hidden folder is: beside the whole export, a split's too
	if o.part {
		beside = filepath.Dir(beside)
	}
	return []string{fmt.Sprintf("%s"+diskNoteHead+"%s cannot lock files (%v): the export was written without the lock that marks it as being written, so the next export here cannot tell a hidden .skein-export-… folder an export killed here leaves from one being written, and leaves it; delete such a folder yourself once no export is running (skein check -export %s lists them)", o.format, o.dir, o.unlocked, annotate.ShellWord(beside))}
}

// diskNoteHead follows the format's name at the head of a folder export's
// note of a disk that cannot lock (lockNote): DiskNotes tells it by it.
const diskNoteHead = ": the disk of "

// DiskNotes takes out of a folder export's notes (brat's, WebAnno's) the
// note of a disk that cannot lock: it is of the disk, not of what the
// format can hold, and the window says it where it says a file export's
// (FileLockNote). It returns that note ("" for none) and the others.
func DiskNotes(format string, notes []string) (disk string, rest []string) {
	for _, n := range notes {
		if disk == "" && strings.HasPrefix(n, format+diskNoteHead) && strings.Contains(n, " cannot lock files (") {
			disk = n
			continue
		}
		rest = append(rest, n)
	}
	return disk, rest
}

// FileLockNote says, for a file export (at path, as the user named it)
// whose hidden file the disk refused to lock (unlocked, from
// CreateExportFile), what that leaves undone, as a folder export's note
// does: the sweep cannot lock a killed export's hidden file (nor the
// journal of one that kept old content) either, so it leaves them.
func FileLockNote(path string, unlocked error) string {
	return fmt.Sprintf("export: the disk of %s cannot lock files (%v): the export was written without the lock that marks it as being written, so the next export beside it cannot tell a hidden .skein-export-… file (or .skein-keep-… journal and its .skein-old-… copies) an export killed there leaves from one being written, and leaves them; delete such files yourself once no export is running (skein check -export %s lists them)", path, unlocked, annotate.ShellWord(filepath.Dir(path)))
}

// missingFolders are dir and the folders above it that do not exist, the
// deepest first: those an export will make.
func missingFolders(dir string) []string {
	var out []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) || filepath.Dir(d) == d {
			return out
		}
		out = append(out, d)
	}
}

func newBratWriter(dir string, perms Perms) (*bratWriter, error) {
	out, err := newFolderOut("brat", dir, perms)
	if err != nil {
		return nil, err
	}
	return newBratWriterIn(out), nil
}

// newBratWriterIn is a brat export written in out.
func newBratWriterIn(out *folderOut) *bratWriter {
	return &bratWriter{folderOut: out, layers: layers{}, typed: map[string]bool{},
		rels: map[string]bool{}, equivs: map[string]bool{}, attrs: map[string]map[string]bool{}, names: newBratNames()}
}

// exportPrefix begins the name of what an export writes before it is
// renamed into place.
const exportPrefix = ".skein-export-"

// mkdirBeside makes a new hidden folder in dir's parent (made if missing),
// to be renamed to dir when it is complete, and holds it (holdFolder) so
// that no other export takes it for one a kill left. On a disk that
// cannot lock, the folder is made unheld and unlocked says why.
func mkdirBeside(dir string, perms Perms) (tmp string, held *os.File, unlocked, err error) {
	parent := filepath.Dir(dir)
	if err := perms.mkdirAll(parent); err != nil {
		return "", nil, nil, unwrapPath(err)
	}
	for range 100 {
		tmp := filepath.Join(parent, newHiddenName(exportPrefix))
		err := os.Mkdir(tmp, 0o755)
		if errors.Is(err, fs.ErrExist) {
			continue // another export's name: draw again
		}
		if err != nil {
			return "", nil, nil, unwrapPath(err)
		}
		held, taken, err := holdFolder(tmp)
		if taken {
			continue // another export's sweep, between the mkdir and the lock
		}
		var nl *noLocksError
		if errors.As(err, &nl) {
			unlocked, err = nl.err, nil
		}
		if err == nil {
			err = perms.fix(tmp, 0o755)
		}
		if err != nil {
			if held != nil {
				held.Close()
			}
			os.Remove(tmp)
			return "", nil, nil, unwrapPath(err)
		}
		return tmp, held, unlocked, nil
	}
	return "", nil, nil, fmt.Errorf("no free name for a folder in %s", parent)
}

// writeBeside writes data to a new file beside path and renames it into
// place, so that a failure (a full disk) leaves what path held. The file
// gets the mode a new file gets (0644 less the umask, see Perms).
func writeBeside(path string, data []byte, perms Perms) error {
	// A disk that cannot lock is said by the export of the file this one
	// is beside (hf's data, beside its label list).
	f, _, err := CreateExportFile(filepath.Dir(path), 0o644)
	if err != nil {
		return unwrapPath(err)
	}
	tmp := f.Name()
	err = perms.fixFile(f, 0o644)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync() // on the disk before it replaces the file there
	}
	if err == nil && perms.journal != nil {
		err = perms.journal.Placing(path, f)
	}
	if cerr := CloseBeforeRename(f); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	f.Close()
	if err != nil {
		os.Remove(tmp)
		return unwrapPath(err)
	}
	return nil
}

// Abort removes what the export wrote, for a caller whose export failed
// before Close. It may be called more than once.
func (o *folderOut) Abort() {
	o.stopSyncing()
	if o.tmp != "" {
		os.RemoveAll(o.tmp)
		o.tmp = ""
	}
	o.release()
}

// release lets go of the lock on the export's folder, once it is in place
// or removed.
func (o *folderOut) release() {
	if o.held != nil {
		o.held.Close()
		o.held = nil
	}
}

// fail aborts the export and says what failed, naming the file as it would
// have been called in the folder asked for, not in the temporary one.
func (o *folderOut) fail(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && o.tmp != "" {
		if rel, rerr := filepath.Rel(o.tmp, pe.Path); rerr == nil && !strings.HasPrefix(rel, "..") {
			err = fmt.Errorf("cannot write %s: %w", filepath.Join(o.dir, rel), pe.Err)
		}
	}
	o.Abort()
	return fmt.Errorf("%s export: %w (nothing was written)", o.format, err)
}

// name is how s, a brat type, attribute or value (what says which), is
// written: brat separates fields with spaces and its configuration wants
// letters, digits, _, - and . (see bratNames).
func (bw *bratWriter) name(s, what string) string {
	out, held := bw.names.name(s, what)
	bw.held = bw.held || held
	return out
}

// bratStem is where a document goes below the export folder, without
// extension: its source, or its ID when the source is empty or would
// leave the folder. Characters Windows or Linux refuse in a file name
// become _, as do trailing dots and spaces (Windows drops them), and a
// Windows device name (CON, NUL, COM1 …) gets a _. A name that a file
// system cannot hold is shortened, the same way every time, and shortened
// reports it: a last component over 200 bytes is cut at a character and
// ends with -<document ID>, which keeps it unique; folders over 200 bytes,
// more than 32 deep or over 1,000 bytes together are left out.
func bratStem(d *annotate.Document) (stem string, shortened bool) {
	src := strings.ReplaceAll(d.Source, "\\", "/")
	clean := path.Clean(src)
	drive := len(src) >= 2 && src[1] == ':' // C:\x.txt
	if src == "" || drive || path.IsAbs(clean) || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return d.ID, false
	}
	if strings.EqualFold(path.Ext(clean), ".txt") {
		clean = clean[:len(clean)-4]
	}
	segs := strings.Split(clean, "/")
	for i, seg := range segs {
		if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
			return d.ID, false
		}
		segs[i] = fitSegment(seg)
	}
	const maxName, maxDepth, maxFolders = 200, 32, 1000
	last := segs[len(segs)-1]
	folders := segs[:len(segs)-1]
	if len(folders) > maxDepth || len(clean)-len(last) > maxFolders || slices.ContainsFunc(folders, func(f string) bool { return len(f) > maxName }) {
		folders, shortened = nil, true
	}
	if len(last) > maxName {
		cut := maxName - 1 - len(d.ID)
		for cut > 0 && !utf8.RuneStart(last[cut]) {
			cut--
		}
		last, shortened = last[:cut]+"-"+d.ID, true
	}
	return strings.Join(append(slices.Clip(folders), last), "/"), shortened
}

// fitSegment makes one component of a source a file name Windows and Linux
// both accept.
func fitSegment(seg string) string {
	seg = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`#?%:*"<>|`, r) {
			return '_'
		}
		return r
	}, seg)
	trimmed := strings.TrimRight(seg, ". ")
	seg = trimmed + strings.Repeat("_", len(seg)-len(trimmed))
	base, _, _ := strings.Cut(seg, ".")
	switch strings.ToUpper(base) {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		seg = base + "_" + seg[len(base):]
	}
	return seg
}

// create makes stem.txt and stem.ann, falling back to stem-<id> when the
// name is taken by an earlier document.
func (bw *bratWriter) create(stem, id string) (txt, ann *os.File, err error) {
	files, err := bw.createFiles(stem, id, ".txt", ".ann")
	if err != nil {
		return nil, nil, err
	}
	return files[0], files[1], nil
}

// createFiles makes a file for each of exts named stem and the extension,
// falling back to stem-<id> when the first name is taken by an earlier
// document.
func (o *folderOut) createFiles(stem, id string, exts ...string) ([]*os.File, error) {
	for _, s := range []string{stem, stem + "-" + id} {
		p := filepath.Join(o.tmp, filepath.FromSlash(s))
		if err := o.perms.mkdirAll(filepath.Dir(p)); err != nil {
			return nil, err
		}
		o.madeIn(filepath.Dir(p))
		var files []*os.File
		closeAll := func() {
			for _, f := range files {
				f.Close()
			}
		}
		var err error
		for _, ext := range exts {
			var f *os.File
			f, err = os.OpenFile(p+ext, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if err != nil {
				break
			}
			files = append(files, f)
			if err = o.perms.fixFile(f, 0o644); err != nil {
				break
			}
		}
		if errors.Is(err, fs.ErrExist) && len(files) == 0 {
			continue
		}
		if err != nil {
			closeAll()
			return nil, err
		}
		return files, nil
	}
	return nil, fmt.Errorf("%s export: %s%s and %s-%s%s both exist", o.format, stem, exts[0], stem, id, exts[0])
}

// splitLines cuts fragments at line breaks, which a brat span cannot cross.
func splitLines(t *annotate.Text, frags []annotate.Fragment) []annotate.Fragment {
	var out []annotate.Fragment
	for _, f := range frags {
		s := t.Slice(f.Start, f.End)
		if !strings.ContainsAny(s, "\r\n") {
			out = append(out, f)
			continue
		}
		cp, start := f.Start, f.Start
		for _, r := range s {
			if r == '\n' || r == '\r' {
				if cp > start {
					out = append(out, annotate.Fragment{Start: start, End: cp})
				}
				start = cp + 1
			}
			cp++
		}
		if cp > start {
			out = append(out, annotate.Fragment{Start: start, End: cp})
		}
	}
	return out
}

// typedNote is a note line the brat reader made of a typed brat note:
// "[Lemma] be" from "#1 Lemma T1 be".
var typedNote = regexp.MustCompile(`^\[([A-Za-z][A-Za-z0-9_-]*)\] (.*)$`)

// bratNotes splits a span's or link's note into brat notes, {type, text}:
// each typed line as its own note of its type, the other lines together as
// one AnnotatorNotes.
func bratNotes(note string) [][2]string {
	if note == "" {
		return nil
	}
	var out [][2]string
	var plain []string
	for _, line := range strings.Split(note, "\n") {
		if m := typedNote.FindStringSubmatch(line); m != nil && m[1] != "AnnotatorNotes" {
			out = append(out, [2]string{m[1], m[2]})
			continue
		}
		plain = append(plain, line)
	}
	if len(plain) > 0 {
		out = append([][2]string{{"AnnotatorNotes", strings.Join(plain, "\n")}}, out...)
	}
	return out
}

func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
}

// WriteDoc writes the document's .txt verbatim and its .ann. When it
// fails, the export is abandoned: nothing of it is left.
func (bw *bratWriter) WriteDoc(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread) error {
	if bw.tmp == "" {
		return errors.New("brat export: already abandoned or closed")
	}
	if err := bw.writeDoc(d, spans, links); err != nil {
		return bw.fail(err)
	}
	return nil
}

// WriteUnworked writes the document's .txt alone: the exported annotators
// never worked on it, and an empty .ann would say they worked on it and
// found nothing (skein's brat import reads it so; brat's server makes the
// .ann when the article is opened). Exporting each annotator and importing
// the folders with -layers-from-folders had turned every article one of
// them skipped into one they found empty, lowering agreement.
func (bw *bratWriter) WriteUnworked(d *annotate.Document, links []*annotate.Thread) error {
	if bw.tmp == "" {
		return errors.New("brat export: already abandoned or closed")
	}
	stem := bw.stem(d)
	files, err := bw.createFiles(stem, d.ID, ".txt")
	if err == nil {
		bw.lo.add("%d articles the exported annotators never worked on written as their .txt alone (no .ann: an empty one would say they worked on it and found nothing)", 1, "")
		err = bw.writeText(files[0], d)
		unexportedLinks(links, &bw.lo)
	}
	if err != nil {
		return bw.fail(err)
	}
	return nil
}

// stem is where the document goes, said when it had to be shortened.
func (bw *bratWriter) stem(d *annotate.Document) string {
	stem, shortened := bratStem(d)
	if shortened {
		bw.lo.add("%d file names shortened to fit a file system (a name over 200 bytes is cut and ends with the document ID; folders too long or too deep are left out)", 1, "")
	}
	return stem
}

// writeText writes the document's text verbatim to txt and closes it.
func (bw *bratWriter) writeText(txt *os.File, d *annotate.Document) error {
	if _, err := txt.WriteString(d.Text); err != nil {
		txt.Close()
		return err
	}
	bw.syncClose(txt)
	return nil
}

func (bw *bratWriter) writeDoc(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread) error {
	txt, ann, err := bw.create(bw.stem(d), d.ID)
	if err != nil {
		return err
	}
	if err := bw.writeText(txt, d); err != nil {
		ann.Close()
		return err
	}
	w := bufio.NewWriter(ann)
	bw.held = false
	t := annotate.NewText(d.Text)
	sorted := append([]*annotate.Span(nil), spans...)
	annotate.SortSpans(sorted)
	tid := map[string]int{}
	kept := map[string]int{}
	var nT, nA, nN, nNote, nR int
	for _, s := range sorted {
		bw.layers[s.Annotator] = true
		k := spanKey(&annotate.Span{Label: s.Label, Fragments: s.Fragments})
		if n, dup := kept[k]; dup {
			tid[s.ID] = n
			bw.lo.add("%d spans identical to another layer's written once", 1, "")
			continue
		}
		frags := splitLines(t, s.Fragments)
		if len(frags) == 0 {
			bw.lo.add("%d spans of line breaks only left out", 1, "")
			continue
		}
		if len(frags) != len(s.Fragments) {
			bw.lo.add("%d spans crossing a line break split into fragments there (brat spans cannot cross lines)", 1, "")
		}
		nT++
		tid[s.ID], kept[k] = nT, nT
		typ := bw.name(s.Label, "type")
		bw.typed[s.Label] = true
		offs := make([]string, len(frags))
		for i, f := range frags {
			offs[i] = fmt.Sprintf("%d %d", f.Start, f.End)
		}
		fmt.Fprintf(w, "T%d\t%s %s\t%s\n", nT, typ, strings.Join(offs, ";"), t.Fragments(frags))
		for _, a := range sortedKeys(s.Attrs) {
			name := bw.name(a, "attribute")
			if bw.attrs[a] == nil {
				bw.attrs[a] = map[string]bool{}
			}
			nA++
			if v := s.Attrs[a]; v != "" {
				bw.attrs[a][v] = true
				fmt.Fprintf(w, "A%d\t%s T%d %s\n", nA, name, nT, bw.name(v, "value"))
			} else {
				fmt.Fprintf(w, "A%d\t%s T%d\n", nA, name, nT)
			}
		}
		for _, n := range s.Norms {
			nN++
			fmt.Fprintf(w, "N%d\tReference T%d %s:%s\t%s\n", nN, nT, bw.name(n.DB, "database"), bw.name(n.ID, "reference"), oneLine(n.Text))
		}
		for _, n := range bratNotes(s.Note) {
			nNote++
			if oneLine(n[1]) != n[1] {
				bw.lo.add("%d notes with line breaks or tabs written on one line", 1, "")
			}
			fmt.Fprintf(w, "#%d\t%s T%d\t%s\n", nNote, n[0], nT, oneLine(n[1]))
		}
	}
	for _, th := range links {
		if len(th.Members) < 2 {
			bw.lo.add(singleSpanThreads, 1, "")
			continue
		}
		ok := true
		for _, m := range th.Members {
			if _, known := tid[m.Span]; !known {
				ok = false
			}
		}
		if !ok {
			bw.lo.add("%d threads naming spans not exported left out", 1, "")
			continue
		}
		if th.Title != "" {
			bw.lo.add("%d thread titles left out", 1, "")
		}
		if th.Kind == annotate.KindEquiv {
			typ := "Equiv"
			if l := th.Members[1].Link; l != "" {
				typ = l
			}
			bw.equivs[typ] = true
			typ = bw.name(typ, "equivalence")
			ids := make([]string, len(th.Members))
			for i, m := range th.Members {
				ids[i] = fmt.Sprintf("T%d", tid[m.Span])
			}
			fmt.Fprintf(w, "*\t%s %s\n", typ, strings.Join(ids, " "))
			if th.Note != "" {
				bw.lo.add("%d notes on equivalence sets left out", 1, "")
			}
			continue
		}
		if len(th.Members) > 2 {
			bw.lo.add("%d threads of more than two spans written as relations between consecutive members", 1, "")
		}
		for i := 1; i < len(th.Members); i++ {
			typ := th.Members[i].Link
			if typ == "" {
				bw.unlabelled++ // said at Close, with the name written
			}
			bw.rels[typ] = true
			typ = bw.name(typ, "relation")
			nR++
			fmt.Fprintf(w, "R%d\t%s Arg1:T%d Arg2:T%d\t\n", nR, typ, tid[th.Members[i-1].Span], tid[th.Members[i].Span])
			if i == 1 {
				for _, n := range bratNotes(th.Note) {
					nNote++
					fmt.Fprintf(w, "#%d\t%s R%d\t%s\n", nNote, n[0], nR, oneLine(n[1]))
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		ann.Close()
		return err
	}
	if bw.held {
		bw.placeheld = append(bw.placeheld, ann.Name())
	}
	bw.syncClose(ann)
	return nil
}

// WriteThread leaves out a thread across documents: brat has none.
func (bw *bratWriter) WriteThread(th *annotate.Thread, spans map[string]*annotate.Span) error {
	bw.lo.add("%d threads across documents left out (brat links stay inside a document)", 1, "")
	return nil
}

// Close writes annotation.conf and visual.conf.
func (bw *bratWriter) Close() ([]string, error) {
	if bw.tmp == "" {
		return nil, errors.New("brat export: already abandoned or closed")
	}
	bw.layers.report(&bw.lo)
	// Every document is written: the names are fixed, and put where a
	// document has a placeholder.
	bw.names.fix()
	for _, p := range bw.placeheld {
		if err := bw.putNames(p); err != nil {
			return nil, bw.fail(err)
		}
	}
	bw.placeheld = nil
	if bw.unlabelled > 0 {
		bw.lo.add("%d unlabelled links written as relation type "+bw.names.written("", "relation"), bw.unlabelled, "")
	}
	// Each list in the order of the names written, whatever the order
	// the export met them in: the same store gives the same files.
	sortedAs := func(what string, set map[string]bool) [][2]string { // written, as stored
		out := make([][2]string, 0, len(set))
		for s := range set {
			out = append(out, [2]string{bw.names.written(s, what), s})
		}
		slices.SortFunc(out, func(a, b [2]string) int { return cmp.Compare(a[0], b[0]) })
		return out
	}
	types := sortedAs("type", bw.typed)
	rels := sortedAs("relation", bw.rels)
	equivs := sortedAs("equivalence", bw.equivs)
	// Colours handed out in that order too (the four labels keep theirs).
	colours := annotate.NewLabels()
	for _, t := range types {
		colours.Add(t[1])
	}
	var conf strings.Builder
	conf.WriteString("# Written by skein for the types its export uses.\n\n[entities]\n\n")
	for _, t := range types {
		conf.WriteString(t[0] + "\n")
	}
	conf.WriteString("\n[relations]\n\n# skein spans may overlap and nest.\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n")
	for _, r := range rels {
		conf.WriteString(r[0] + "\tArg1:<ENTITY>, Arg2:<ENTITY>\n")
	}
	for _, e := range equivs {
		conf.WriteString(e[0] + "\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive\n")
	}
	conf.WriteString("\n[events]\n\n[attributes]\n\n")
	attrs := map[string]string{} // written → as stored
	for a := range bw.attrs {
		attrs[bw.names.written(a, "attribute")] = a
	}
	for _, a := range sortedKeys(attrs) {
		conf.WriteString(a + "\tArg:<ENTITY>")
		if vals := sortedAs("value", bw.attrs[attrs[a]]); len(vals) > 0 {
			conf.WriteString(", Value:")
			for i, v := range vals {
				if i > 0 {
					conf.WriteString("|")
				}
				conf.WriteString(v[0])
			}
		}
		conf.WriteString("\n")
	}
	var vis strings.Builder
	vis.WriteString("# Written by skein: its label names and colours.\n" + bratLabelsMark + "\n\n[labels]\n\n")
	// An unlabelled link has no label to give back: a comment line
	// (bratUnlabelled) names the type it is written under, which the
	// import reads back unlabelled.
	labelled := slices.DeleteFunc(slices.Concat(types, rels, equivs), func(t [2]string) bool { return t[1] == "" })
	lines := bratLabelLines(labelled)
	for i, l := range lines {
		if i == 0 {
			vis.WriteString(bratSpanLabels + "\n")
		}
		if i == len(types) {
			vis.WriteString(bratLinkLabels + "\n")
		}
		vis.WriteString(l + "\n")
	}
	for _, r := range rels {
		if r[1] == "" {
			vis.WriteString(bratUnlabelled + r[0] + "\n")
		}
	}
	vis.WriteString("\n[drawing]\n\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\nARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n\n")
	for _, t := range types {
		l, _ := colours.Get(t[1])
		vis.WriteString(t[0] + "\tbgColor:" + l.Color + "\n")
	}
	for _, e := range equivs {
		vis.WriteString(e[0] + "\tdashArray:3-3, arrowHead:none\n")
	}
	for name, body := range map[string]string{"annotation.conf": conf.String(), "visual.conf": vis.String()} {
		f, err := os.OpenFile(filepath.Join(bw.tmp, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			if err = bw.perms.fixFile(f, 0o644); err == nil {
				_, err = f.WriteString(body)
			}
			if err != nil {
				f.Close()
			} else {
				bw.syncClose(f)
			}
		}
		if err != nil {
			return nil, bw.fail(err)
		}
	}
	if err := bw.finish(); err != nil {
		return nil, err
	}
	if bw.names.shared {
		return append(bw.lockNote(), bw.lo.lines("brat")...), nil // the names said once for every part: SharedNotes
	}
	return slices.Concat(bw.lockNote(), bw.names.note(), bw.lo.lines("brat")), nil
}

// bratLabelLines are visual.conf's [labels] lines for labelled, {name
// written, label} each: "cafe | café". A relation and an equivalence set
// of one label (Equiv), shown alike, are told apart by the name of the
// one renamed: "Equiv_2 | Equiv (Equiv_2)". skein's brat import makes
// them again from what it read back, to know it read each line exactly.
func bratLabelLines(labelled [][2]string) []string {
	shown := make([]string, len(labelled))
	times := map[string]int{}
	for i, t := range labelled {
		shown[i] = bratShown(t[1])
		times[shown[i]]++
	}
	out := make([]string, len(labelled))
	for i, t := range labelled {
		if times[shown[i]] > 1 && t[0] != t[1] {
			shown[i] += " (" + t[0] + ")"
		}
		out[i] = t[0] + " | " + shown[i]
	}
	return out
}

// bratShown is how visual.conf's [labels] names label to a brat user: as
// skein's lists show it (annotate.LabelShown: "cafe\u0301" quoted and
// escaped beside café, which looked the same), a | (which brat reads as
// the start of another name) as ¦, and one beginning with ! (which brat
// reads as "hide this type") quoted. A label holding ¦ itself is quoted,
// that ¦ written \u00a6, so that "a¦b" is not shown as "a|b" is and each
// reads back as itself (unshowBrat).
func bratShown(label string) string {
	s := annotate.LabelShown(label)
	if strings.Contains(label, "¦") {
		if s == label {
			s = strconv.Quote(label)
		}
		s = strings.ReplaceAll(s, "¦", `\u00a6`)
	}
	s = strings.ReplaceAll(s, "|", "¦")
	if strings.HasPrefix(s, "!") {
		s = strconv.Quote(s)
	}
	return s
}

// finish renames the complete export into place.
func (o *folderOut) finish() error {
	if o.tmp == "" {
		return fmt.Errorf("%s export: already abandoned or closed", o.format)
	}
	// Every file and folder on the disk before the folder appears: a power
	// loss after the rename would otherwise leave files empty under
	// their names.
	if err := o.syncAll(); err != nil {
		return o.fail(err)
	}
	if o.part {
		o.tmp = "" // renamed with the whole (FolderParts.Finish)
		return nil
	}
	// An empty folder given as the target makes way, and the export takes
	// its mode; one that is no longer empty stays, and the export with it.
	if o.perm != 0 {
		if err := os.Chmod(o.tmp, o.perm); err != nil {
			return o.fail(err)
		}
	}
	if err := os.Rename(o.tmp, o.dir); err != nil {
		// Linux renames over an empty folder; Windows wants it gone first.
		if err := os.Remove(o.dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return o.fail(fmt.Errorf("folder %s is no longer empty", o.dir))
		}
		if err := os.Rename(o.tmp, o.dir); err != nil {
			return o.fail(fmt.Errorf("cannot write %s: %w", o.dir, unwrapPath(err)))
		}
	}
	o.tmp = ""
	o.release()
	// The rename on the disk, and each folder made above dir in its own.
	// The export is in place: a failure now is said, and it stays.
	for _, d := range append([]string{o.dir}, o.made...) {
		if err := syncDir(filepath.Dir(d)); err != nil {
			return fmt.Errorf("%s export: %s is written but may not be on the disk: %w", o.format, o.dir, unwrapPath(err))
		}
	}
	return nil
}
