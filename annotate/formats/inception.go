package formats

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// INCEpTION's project export (Project settings ▸ Export, the whole
// project) is a zip holding exportedproject*.json (the project's
// settings, its documents and their states), source/ (the files as
// uploaded), annotation/<DOC>/<USER>.<ext> (one file per annotator per
// document, in the format chosen at export), curation/<DOC>/CURATION_USER.<ext>
// (the curated document) and annotation_ser/, curation_ser/ (the same in
// INCEpTION's own binary form).
const (
	// inceptionInitial is the pseudo-user of a document as INCEpTION
	// imported it, before anyone annotated.
	inceptionInitial = "INITIAL_CAS"
	// inceptionCuration is the pseudo-user of a curated document.
	inceptionCuration = "CURATION_USER"
	// inceptionCorrection is WebAnno's pseudo-user of its correction mode.
	inceptionCorrection = "CORRECTION_USER"
)

// maxProjectJSON bounds exportedproject.json, read whole: a project's
// settings, documents and users take kilobytes, a large one megabytes.
const maxProjectJSON = 64 << 20

// maxProjectTSV bounds each annotation file of a project (TSV, XMI, or a
// zip holding XMI), as a brat .ann file is
// bounded: a zip's entry says its size, which is checked first, and is read
// no further than this whatever it said.
var maxProjectTSV int64 = MaxAnnBytes

// IsInceptionProject tells whether fsys holds INCEpTION's project export:
// an exportedproject*.json beside an annotation folder.
func IsInceptionProject(fsys fs.FS) bool {
	if fi, err := fs.Stat(fsys, "annotation"); err != nil || !fi.IsDir() {
		return false
	}
	return projectJSON(fsys) != ""
}

// projectJSON is the name of the project's exportedproject*.json, "" for none.
func projectJSON(fsys fs.FS) string {
	top, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return ""
	}
	for _, e := range top {
		n := e.Name()
		if !e.IsDir() && strings.HasPrefix(n, "exportedproject") && strings.HasSuffix(n, ".json") {
			return n
		}
	}
	return ""
}

// inceptionProject is what skein reads of exportedproject.json: the
// states of the annotators' documents and of the documents' curation.
type inceptionProject struct {
	SourceDocuments []struct {
		Name  string `json:"name"`
		State string `json:"state"`
	} `json:"source_documents"`
	AnnotationDocuments []struct {
		Name  string `json:"name"`
		User  string `json:"user"`
		State string `json:"state"`
	} `json:"annotation_documents"`
}

// ReadInceptionProject reads INCEpTION's project export, exported as
// WebAnno TSV or as UIMA CAS XMI, from fsys (the folder it was unzipped
// into, or the zip), known in messages as name: each
// annotation/<DOC>/<USER>.tsv (or .xmi, or USER.xmi in a zip or folder
// there, as INCEpTION zips each XMI file with its TypeSystem.xml) into
// layer USER of article DOC, curation/<DOC>/CURATION_USER.* into the
// curated layer, and an annotator's document INCEpTION calls finished
// marked done. Every file of one document must hold one text, or the
// document is refused by name. INITIAL_CAS, the document before anyone
// annotated, is read only for the text of a document nobody annotated.
// Files are named in messages below the project (annotation/a.txt/bob.tsv).
func ReadInceptionProject(fsys fs.FS, name string, opt Options) (*Batch, []error) {
	var errs []error
	// shown is how messages name a file of the project.
	shown := func(p string) string { return strings.TrimSuffix(name, "/") + "/" + p }
	fail := func(file string, err error) {
		errs = append(errs, &annotate.LineError{File: shown(file), Err: err})
	}
	docs, err := fs.ReadDir(fsys, "annotation")
	if err != nil {
		return nil, []error{&annotate.LineError{File: shown("annotation"), Err: fmt.Errorf("cannot read: %w", unwrapPath(err))}}
	}
	b := newBuilder(projectFormat(fsys, docs), "label", opt)
	// The documents whose curation the project holds.
	curated := map[string]bool{}
	if cur, err := fs.ReadDir(fsys, "curation"); err == nil {
		for _, d := range cur {
			if !d.IsDir() {
				continue
			}
			files, _, _ := docFiles(fsys, path.Join("curation", d.Name()), d.Name())
			for _, f := range files {
				if f.user == inceptionCuration {
					curated[d.Name()] = true
				}
			}
		}
	}
	done, doneCurated, stateErr := inceptionStates(fsys, shown)
	if stateErr != nil {
		errs = append(errs, stateErr)
	}
	var initial, other, finished, copies int
	var otherFile, initialName string // the first of them
	files := 0
	for _, d := range docs {
		if !d.IsDir() {
			other++
			otherFile = cmp.Or(otherFile, shown(path.Join("annotation", d.Name())))
			continue
		}
		doc := d.Name()
		found, others, ferrs := docFiles(fsys, path.Join("annotation", doc), doc)
		for _, e := range ferrs {
			fail(e.file, e.err)
		}
		other += len(others)
		if len(others) > 0 {
			otherFile = cmp.Or(otherFile, shown(others[0]))
		}
		var layers []projectFile
		var initialFile, curation *projectFile
		seen := map[string]projectFile{}
		copyDiffers := false
		for _, f := range found {
			// Zoe + U+0308.tsv (named on macOS) is Zoë's, as her layer
			// is: two such files were merged into it without a word.
			f.user = annotate.NormalName(f.user)
			if first, ok := seen[f.user]; ok {
				// A zip and the folder it was unzipped into: one file
				// twice, or two a reader of one would silently lose.
				if err := sameFile(first, f); err != nil {
					as := shown(first.file)
					if a, b := path.Base(first.file), path.Base(f.file); a != b && annotate.NormalName(a) == annotate.NormalName(b) {
						as += ", the same name written decomposed: a letter and its accent apart, as macOS writes it"
					}
					fail(f.file, fmt.Errorf("document %s: %s's file again (as %s), %w: which holds %s's annotations cannot be told, so the document is refused, none of its layers imported; remove the copy that is not", doc, f.user, as, err, f.user))
					copyDiffers = true
				}
				copies++
				continue
			}
			seen[f.user] = f
			switch f.user {
			case inceptionInitial:
				initial++
				initialName = cmp.Or(initialName, path.Base(f.file))
				initialFile = &f
				continue
			case inceptionCorrection:
				other++
				otherFile = cmp.Or(otherFile, shown(f.file))
				continue
			case inceptionCuration:
				curation = &f // as WebAnno placed it
				continue
			}
			if err := annotate.CheckID(f.user); err != nil {
				fail(f.file, fmt.Errorf("the file's name is its annotator's, and %w", err))
				continue
			}
			if strings.EqualFold(f.user, annotate.CuratedLayer) || annotate.IsCurated(f.user) {
				fail(f.file, fmt.Errorf("an INCEpTION user named %s: that is skein's curated layer's name, not a person's; rename the file (and the user in %s) to import it", f.user, "exportedproject.json"))
				continue
			}
			f.layer = f.user
			layers = append(layers, f)
		}
		sort.Slice(layers, func(i, j int) bool { return layers[i].layer < layers[j].layer })
		if curated[doc] {
			cur, _, cerrs := docFiles(fsys, path.Join("curation", doc), doc)
			for _, e := range cerrs {
				fail(e.file, e.err)
			}
			// The curation's zip and the folder it was unzipped into
			// are compared as an annotator's copies are, and so is one
			// where WebAnno placed it, in annotation/DOC/, beside them:
			// curation/'s was read without a word, and one changed by
			// hand in annotation/ lost its changes.
			var first *projectFile
			if curation != nil {
				a := *curation
				first = &a
			}
			for _, f := range cur {
				if f.user != inceptionCuration {
					continue
				}
				if first == nil {
					first, curation = &f, &f
					continue
				}
				if err := sameFile(*first, f); err != nil {
					fail(f.file, fmt.Errorf("document %s: %s's file again (as %s), %w: which holds the curation cannot be told, so the document is refused, none of its layers imported; remove the copy that is not", doc, f.user, shown(first.file), err))
					copyDiffers = true
				}
				copies++
			}
		}
		if curation != nil {
			c := *curation
			c.layer = annotate.CuratedLayer
			layers = append(layers, c)
			curated[doc] = true
		}
		textOnly := false
		if len(layers) == 0 && initialFile != nil {
			// Nobody annotated it: the article still comes in.
			layers, textOnly = []projectFile{*initialFile}, true
		}
		var recs []*record
		bad := copyDiffers
		for _, l := range layers {
			files++
			rec := readInceptionFile(l, shown(l.file), l.layer, b.now)
			if len(rec.errs) > 0 {
				errs = append(errs, rec.errs...)
				bad = true
				continue
			}
			rec.fallback, rec.layerOf = doc, len(recs) > 0
			if textOnly {
				rec.spans, rec.threads, rec.worked, rec.notes = nil, nil, nil, nil
				rec.note("%d documents nobody annotated read from "+path.Base(l.file)+" as articles, in no layer", rec.file)
			}
			if len(recs) > 0 && rec.doc.ID != recs[0].doc.ID {
				at := differsAt(recs[0].doc.Text, rec.doc.Text)
				fail(l.file, errorf(annotate.ErrMismatch, "document %s: this file's text differs from %s's from character %d on; INCEpTION gives every annotator of a document one text, so the document is refused, none of its layers imported", doc, path.Base(recs[0].file), at))
				bad = true
				continue
			}
			if l.layer != annotate.CuratedLayer && done[[2]string{doc, l.layer}] {
				rec.marks = append(rec.marks, &annotate.Mark{Doc: rec.doc.ID, Annotator: l.layer, Done: true})
				finished++
			}
			recs = append(recs, rec)
		}
		if bad {
			continue
		}
		for _, rec := range recs {
			b.add(rec)
		}
	}
	switch {
	case len(docs) == 0:
		fail("annotation", fmt.Errorf("%w: no document in it", annotate.ErrEmpty))
	case files == 0 && other > 0:
		// Exported in another format: nothing read is not an import.
		fail("annotation", errorf(annotate.ErrEmpty, "no WebAnno TSV or UIMA CAS XMI file in it (%s is another format's): export the project from INCEpTION again with the format UIMA CAS XMI (XML 1.0) or WebAnno TSV 3.x", otherFile))
		other = 0
	}
	b.batch.Files = files
	if len(curated) > 0 {
		b.batch.Notes = append(b.batch.Notes, fmt.Sprintf("INCEpTION's curation (CURATION_USER) of %s went into your curated layer", annotate.Count(len(curated), "document")))
	}
	if finished > 0 {
		b.batch.Notes = append(b.batch.Notes, fmt.Sprintf("%s INCEpTION calls finished (exportedproject.json) marked done", annotate.Count(finished, "annotator's document")))
	}
	if doneCurated > 0 {
		b.batch.Notes = append(b.batch.Notes, fmt.Sprintf("%s whose curation INCEpTION calls finished: skein keeps no done mark for a curation, left out", annotate.Count(doneCurated, "document")))
	}
	if initial > 0 {
		b.batch.Notes = append(b.batch.Notes, fmt.Sprintf("%s (%s, each document as INCEpTION imported it, before anyone annotated) not read as a layer", annotate.Count(initial, "file"), initialName))
	}
	if copies > 0 {
		n := "1 second copy"
		if copies > 1 {
			n = fmt.Sprintf("%d second copies", copies)
		}
		b.batch.Notes = append(b.batch.Notes, n+" of an annotator's or the curation's file (a zip and the folder it was unzipped into, or the curation in both annotation/ and curation/) not read")
	}
	if other > 0 {
		b.batch.Notes = append(b.batch.Notes, fmt.Sprintf("%s in annotation/ neither WebAnno TSV nor UIMA CAS XMI (%s) not read: export the project from INCEpTION with the format UIMA CAS XMI (XML 1.0) or WebAnno TSV 3.x to import them", annotate.Count(other, "file"), otherFile))
	}
	if n := inceptionLeftOut(fsys); n != "" {
		b.batch.Notes = append(b.batch.Notes, n)
	}
	batch, berrs := b.finish()
	errs = append(errs, berrs...)
	if len(errs) > 0 && !opt.SkipInvalid {
		return nil, errs
	}
	return batch, errs
}

// projectFile is one annotator's file of a document: where it is (a file
// of the project, or an entry of a zip there), the user it names, and
// how it is read.
type projectFile struct {
	file  string // below the project: annotation/a.txt/bob.tsv, annotation/a.txt/x.zip/bob.xmi
	user  string
	layer string // the layer it goes to, once chosen
	xmi   bool   // UIMA CAS XMI, else WebAnno TSV
	open  func() (io.ReadCloser, int64, error)
}

// fileErr is a problem with a file of the project, named below it.
type fileErr struct {
	file string
	err  error
}

// maxInnerZipEntries bounds the files of a zip inside the project
// (INCEpTION's holds an XMI file and TypeSystem.xml).
const maxInnerZipEntries = 1024

// projectFormat names a project's format in notes, from the first
// document whose files tell: "WebAnno TSV" or "UIMA CAS XMI".
func projectFormat(fsys fs.FS, docs []fs.DirEntry) string {
	for _, d := range docs {
		if !d.IsDir() {
			continue
		}
		entries, _ := fs.ReadDir(fsys, path.Join("annotation", d.Name()))
		for _, e := range entries {
			switch ext := strings.ToLower(path.Ext(e.Name())); {
			case ext == ".tsv":
				return "WebAnno TSV"
			case ext == ".xmi" || ext == ".zip" || e.IsDir():
				return "UIMA CAS XMI"
			}
		}
	}
	return "WebAnno TSV"
}

// docFiles lists the annotators' files in dir, a document's folder of
// the project (doc its name): USER.tsv, USER.xmi, and the .xmi files of
// a zip or a folder there (INCEpTION zips each XMI file with its
// TypeSystem.xml, as webanno…export.zip/USER.xmi, or as USER.zip holding
// one named after the document); others lists the files read as none.
func docFiles(fsys fs.FS, dir, doc string) (found []projectFile, others []string, errs []fileErr) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, []fileErr{{dir, fmt.Errorf("cannot read: %w", unwrapPath(err))}}
	}
	for _, e := range entries {
		p := path.Join(dir, e.Name())
		ext := strings.ToLower(path.Ext(e.Name()))
		stem := strings.TrimSuffix(e.Name(), path.Ext(e.Name()))
		switch {
		case e.IsDir():
			sub, err := fs.ReadDir(fsys, p)
			if err != nil {
				errs = append(errs, fileErr{p, fmt.Errorf("cannot read: %w", unwrapPath(err))})
				continue
			}
			n := 0
			for _, s := range sub {
				if s.IsDir() || !strings.EqualFold(path.Ext(s.Name()), ".xmi") {
					continue
				}
				sp := path.Join(p, s.Name())
				found = append(found, projectFile{file: sp, user: xmiUser(s.Name(), e.Name(), doc), xmi: true, open: openIn(fsys, sp)})
				n++
			}
			if n == 0 {
				others = append(others, p+"/")
			}
		case ext == ".tsv" || ext == ".xmi":
			found = append(found, projectFile{file: p, user: stem, xmi: ext == ".xmi", open: openIn(fsys, p)})
		case ext == ".zip":
			z, err := openInnerZip(fsys, p)
			if err != nil {
				errs = append(errs, fileErr{p, err})
				continue
			}
			n := 0
			for _, zf := range z.File {
				if strings.HasSuffix(zf.Name, "/") || !strings.EqualFold(path.Ext(zf.Name), ".xmi") {
					continue
				}
				zf := zf
				found = append(found, projectFile{file: p + "/" + zf.Name, user: xmiUser(path.Base(zf.Name), e.Name(), doc), xmi: true,
					open: func() (io.ReadCloser, int64, error) {
						r, err := zf.Open()
						return r, int64(min(zf.UncompressedSize64, 1<<62)), err
					}})
				n++
			}
			if n == 0 {
				others = append(others, p)
			}
		case e.Name() == "TypeSystem.xml":
			// The XMI files' type system: skein reads the types' names
			// from the files themselves.
		default:
			others = append(others, p)
		}
	}
	return found, others, errs
}

// sameFile says how b, a second file of one user, differs from a, or nil
// where it holds the same bytes.
func sameFile(a, b projectFile) error {
	ra, _, err := a.open()
	if err != nil {
		return err
	}
	defer ra.Close()
	rb, _, err := b.open()
	if err != nil {
		return err
	}
	defer rb.Close()
	la, lb := &limitedReader{r: ra, left: maxProjectTSV}, &limitedReader{r: rb, left: maxProjectTSV}
	bufA, bufB := make([]byte, 32<<10), make([]byte, 32<<10)
	for at := int64(0); ; {
		n, errA := io.ReadFull(la, bufA)
		m, errB := io.ReadFull(lb, bufB)
		if errA == io.ErrUnexpectedEOF {
			errA = io.EOF
		}
		if errB == io.ErrUnexpectedEOF {
			errB = io.EOF
		}
		for _, e := range []error{errA, errB} {
			if e != nil && e != io.EOF {
				return fmt.Errorf("cannot be compared: %w", e)
			}
		}
		if i := mismatchAt(bufA[:n], bufB[:m]); i >= 0 {
			return fmt.Errorf("not the same: they differ from byte %d on", at+int64(i))
		}
		if errA == io.EOF || errB == io.EOF {
			return nil
		}
		at += int64(n)
	}
}

// mismatchAt is the first index where a and b differ (one ending), or -1.
func mismatchAt(a, b []byte) int {
	for i := 0; i < min(len(a), len(b)); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// xmiUser is the user an XMI file of a zip or folder named in belongs to:
// its own name (webanno…export.zip/bob.xmi), unless that is the
// document's (bob.zip/a.xmi for document a.txt), when it is the zip's.
func xmiUser(file, in, doc string) string {
	stem := strings.TrimSuffix(file, path.Ext(file))
	if stem == doc || stem == strings.TrimSuffix(doc, path.Ext(doc)) {
		return strings.TrimSuffix(in, path.Ext(in))
	}
	return stem
}

// openIn opens p of fsys, with its size.
func openIn(fsys fs.FS, p string) func() (io.ReadCloser, int64, error) {
	return func() (io.ReadCloser, int64, error) {
		f, err := fsys.Open(p)
		if err != nil {
			return nil, 0, fmt.Errorf("cannot read: %w", unwrapPath(err))
		}
		size := int64(-1)
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		return f, size, nil
	}
}

// openInnerZip opens a zip inside the project, read into memory (its
// files are read after it is closed), at most maxProjectTSV bytes.
func openInnerZip(fsys fs.FS, p string) (*zip.Reader, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > maxProjectTSV {
		return nil, fmt.Errorf("%w: %d bytes (a zip of a project's document has at most %d)", ErrFileTooLarge, fi.Size(), maxProjectTSV)
	}
	data, err := io.ReadAll(&limitedReader{r: f, left: maxProjectTSV})
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a zip skein can read: %v", err)
	}
	if len(z.File) > maxInnerZipEntries {
		return nil, fmt.Errorf("%w: %d files in the zip (INCEpTION's holds an XMI file and TypeSystem.xml; skein reads at most %d)", ErrFileTooLarge, len(z.File), maxInnerZipEntries)
	}
	return z, nil
}

// readInceptionFile reads one annotator's file of the project into layer.
func readInceptionFile(pf projectFile, file, layer string, now int64) *record {
	refuse := func(err error) *record {
		return &record{file: file, errs: []error{&annotate.LineError{File: file, Err: err}}}
	}
	f, size, err := pf.open()
	if err != nil {
		return refuse(err)
	}
	defer f.Close()
	if size > maxProjectTSV {
		return refuse(fmt.Errorf("%w: %d bytes (an annotation file of a project has at most %d)", ErrFileTooLarge, size, maxProjectTSV))
	}
	annotator := layer
	if annotator == "" {
		annotator = inceptionInitial
	}
	r := &limitedReader{r: f, left: maxProjectTSV}
	if pf.xmi {
		return readXMIDoc(r, file, annotator, now)
	}
	return readWebAnnoDoc(r, file, annotator, now)
}

// limitedReader stops a file at left bytes with an error, where its size
// (a zip's entry's) said less than it holds.
type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, fmt.Errorf("%w: more than %d bytes", ErrFileTooLarge, maxProjectTSV)
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// inceptionStates reads exportedproject.json: the layers, as {document,
// user}, whose annotator finished them, and how many documents' curation
// is finished.
func inceptionStates(fsys fs.FS, shown func(string) string) (map[[2]string]bool, int, error) {
	p := projectJSON(fsys)
	if p == "" {
		return nil, 0, nil
	}
	name := shown(p)
	f, err := fsys.Open(p)
	if err != nil {
		return nil, 0, &annotate.LineError{File: name, Err: fmt.Errorf("cannot read: %w", unwrapPath(err))}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxProjectJSON+1))
	if err != nil {
		return nil, 0, &annotate.LineError{File: name, Err: fmt.Errorf("cannot read: %w", err)}
	}
	if len(data) > maxProjectJSON {
		return nil, 0, &annotate.LineError{File: name, Err: fmt.Errorf("%w: more than %d bytes", ErrFileTooLarge, maxProjectJSON)}
	}
	var proj inceptionProject
	if err := json.Unmarshal(data, &proj); err != nil {
		line := 0
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line = 1 + strings.Count(string(data[:se.Offset]), "\n")
		case errors.As(err, &te):
			line = 1 + strings.Count(string(data[:te.Offset]), "\n")
		}
		return nil, 0, &annotate.LineError{File: name, Line: line, Err: errorf(ErrSyntax, "not INCEpTION's project description: %v", err)}
	}
	done := map[[2]string]bool{}
	for _, d := range proj.AnnotationDocuments {
		if d.State == "FINISHED" {
			done[[2]string{d.Name, d.User}] = true
		}
	}
	curated := 0
	for _, d := range proj.SourceDocuments {
		if d.State == "CURATION_FINISHED" {
			curated++
		}
	}
	return done, curated, nil
}

// inceptionLeftOut names what else the project holds, which skein does
// not read: the binary copies, the uploaded sources (the text comes from
// the TSV files), the guidelines and the logs.
func inceptionLeftOut(fsys fs.FS) string {
	top, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range top {
		switch n := e.Name(); {
		case n == "annotation" || n == "curation":
		case strings.HasPrefix(n, "exportedproject") && strings.HasSuffix(n, ".json"):
		case e.IsDir():
			names = append(names, n+"/")
		default:
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("INCEpTION's %s not read (annotation_ser/ and curation_ser/ are its binary copies of the annotation files, source/ the files as uploaded: the text comes from the annotation files)", strings.Join(names, ", "))
}

// differsAt is the first code point at which a and b differ.
func differsAt(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	return i
}
