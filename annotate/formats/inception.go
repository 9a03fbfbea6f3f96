package formats

import (
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

// maxProjectTSV bounds each TSV file of a project, as a brat .ann file is
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
// WebAnno TSV, from fsys (the folder it was unzipped into, or the zip),
// known in messages as name: each annotation/<DOC>/<USER>.tsv into layer
// USER of article DOC, curation/<DOC>/CURATION_USER.tsv into the curated
// layer, and an annotator's document INCEpTION calls finished marked done.
// Every file of one document must hold one text, or the document is
// refused by name. INITIAL_CAS.tsv, the document before anyone
// annotated, is read only for the text of a document nobody annotated.
// Files are named in messages below the project (annotation/a.txt/bob.tsv).
func ReadInceptionProject(fsys fs.FS, name string, opt Options) (*Batch, []error) {
	b := newBuilder("WebAnno TSV", "label", opt)
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
	// The documents' curation, by document.
	curated := map[string]string{}
	if cur, err := fs.ReadDir(fsys, "curation"); err == nil {
		for _, d := range cur {
			p := path.Join("curation", d.Name(), inceptionCuration+".tsv")
			if _, err := fs.Stat(fsys, p); err == nil {
				curated[d.Name()] = p
			}
		}
	}
	done, doneCurated, stateErr := inceptionStates(fsys, shown)
	if stateErr != nil {
		errs = append(errs, stateErr)
	}
	var initial, other, finished int
	var otherFile string // the first of them
	files := 0
	for _, d := range docs {
		if !d.IsDir() {
			other++
			otherFile = cmp.Or(otherFile, shown(path.Join("annotation", d.Name())))
			continue
		}
		doc := d.Name()
		entries, err := fs.ReadDir(fsys, path.Join("annotation", doc))
		if err != nil {
			fail(path.Join("annotation", doc), fmt.Errorf("cannot read: %w", unwrapPath(err)))
			continue
		}
		type layerFile struct{ file, layer string }
		var layers []layerFile
		initialFile := ""
		for _, e := range entries {
			file := path.Join("annotation", doc, e.Name())
			user, ext := strings.TrimSuffix(e.Name(), path.Ext(e.Name())), path.Ext(e.Name())
			if e.IsDir() || !strings.EqualFold(ext, ".tsv") {
				other++
				otherFile = cmp.Or(otherFile, shown(file))
				continue
			}
			switch {
			case user == inceptionInitial:
				initial++
				initialFile = file
				continue
			case user == inceptionCorrection:
				other++
				otherFile = cmp.Or(otherFile, shown(file))
				continue
			case user == inceptionCuration:
				if _, ok := curated[doc]; !ok {
					curated[doc] = file // as WebAnno placed it
				}
				continue
			}
			if err := annotate.CheckID(user); err != nil {
				fail(file, fmt.Errorf("the file's name is its annotator's, and %w", err))
				continue
			}
			if strings.EqualFold(user, annotate.CuratedLayer) || annotate.IsCurated(user) {
				fail(file, fmt.Errorf("an INCEpTION user named %s: that is skein's curated layer's name, not a person's; rename the file (and the user in %s) to import it", user, "exportedproject.json"))
				continue
			}
			layers = append(layers, layerFile{file, user})
		}
		sort.Slice(layers, func(i, j int) bool { return layers[i].layer < layers[j].layer })
		if p, ok := curated[doc]; ok {
			layers = append(layers, layerFile{p, annotate.CuratedLayer})
		}
		textOnly := false
		if len(layers) == 0 && initialFile != "" {
			// Nobody annotated it: the article still comes in.
			layers, textOnly = []layerFile{{initialFile, ""}}, true
		}
		var recs []*record
		bad := false
		for _, l := range layers {
			files++
			rec := readInceptionFile(fsys, l.file, shown(l.file), l.layer, b.now)
			if len(rec.errs) > 0 {
				errs = append(errs, rec.errs...)
				bad = true
				continue
			}
			rec.fallback, rec.layerOf = doc, len(recs) > 0
			if textOnly {
				rec.spans, rec.threads, rec.worked, rec.notes = nil, nil, nil, nil
				rec.note("%d documents nobody annotated read from INITIAL_CAS.tsv as articles, in no layer", rec.file)
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
		fail("annotation", errorf(annotate.ErrEmpty, "no WebAnno TSV file in it (%s is another format's): export the project from INCEpTION again with the format WebAnno TSV 3.x", otherFile))
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
		b.batch.Notes = append(b.batch.Notes, fmt.Sprintf("%s (INITIAL_CAS.tsv, each document as INCEpTION imported it, before anyone annotated) not read as a layer", annotate.Count(initial, "file")))
	}
	if other > 0 {
		b.batch.Notes = append(b.batch.Notes, fmt.Sprintf("%s in annotation/ not WebAnno TSV (%s) not read: export the project from INCEpTION with the format WebAnno TSV 3.x to import them", annotate.Count(other, "file"), otherFile))
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

// readInceptionFile reads one WebAnno TSV file of the project into layer.
func readInceptionFile(fsys fs.FS, p, file, layer string, now int64) *record {
	f, err := fsys.Open(p)
	if err != nil {
		return &record{file: file, errs: []error{&annotate.LineError{File: file, Err: fmt.Errorf("cannot read: %w", unwrapPath(err))}}}
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > maxProjectTSV {
		return &record{file: file, errs: []error{&annotate.LineError{File: file, Err: fmt.Errorf("%w: %d bytes (a WebAnno TSV file of a project has at most %d)", ErrFileTooLarge, fi.Size(), maxProjectTSV)}}}
	}
	annotator := layer
	if annotator == "" {
		annotator = inceptionInitial
	}
	return readWebAnnoDoc(&limitedReader{r: f, left: maxProjectTSV}, file, annotator, now)
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
	return fmt.Sprintf("INCEpTION's %s not read (annotation_ser/ and curation_ser/ are its binary copies of the TSV files, source/ the files as uploaded: the text comes from the TSV files)", strings.Join(names, ", "))
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
