package transfer

import (
	"archive/zip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
)

// projectDir is an unzipped INCEpTION project as the reader takes it: its
// files opened as every import opens one (formats.OpenFile: a named pipe
// is refused, not waited on; a link within the project followed, one
// leading out of it refused), its folders listed.
type projectDir string

var (
	_ fs.ReadDirFS = projectDir("")
	_ fs.StatFS    = projectDir("")
)

func (d projectDir) path(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := d.inside(name, p); err != nil {
		return "", err
	}
	return p, nil
}

// inside refuses p, the project's file name, where links lead it out of
// the project folder: bob.tsv linked to a file elsewhere came in as bob's
// layer. A link within the project is followed; a name that does not
// resolve is left to the open that follows to report.
func (d projectDir) inside(name, p string) error {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return nil
	}
	root, err := filepath.EvalSymlinks(string(d))
	if err != nil {
		return nil
	}
	if rel, err := filepath.Rel(root, real); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	return fmt.Errorf("%s is a link to %s, outside the project folder: skein reads only the project's own files, so the project is refused; copy the file into the folder in the link's place to import it", name, real)
}

func (d projectDir) Open(name string) (fs.File, error) {
	p, err := d.path(name)
	if err != nil {
		return nil, err
	}
	f, _, err := formats.OpenFile(p, formats.MaxJSONBytes, "a file of an INCEpTION project", false)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (d projectDir) ReadDir(name string) ([]fs.DirEntry, error) {
	p, err := d.path(name)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		// The top is listed to tell a project; what is read below it
		// is checked.
		if name != "." && e.Type()&fs.ModeSymlink != 0 {
			sub := path.Join(name, e.Name())
			if err := d.inside(sub, filepath.Join(p, e.Name())); err != nil {
				return nil, err
			}
		}
	}
	return entries, nil
}

// Stat tells what name is, a link outside the project included: it reads
// nothing of it, and the project is then refused at its reading.
func (d projectDir) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	return os.Stat(filepath.Join(string(d), filepath.FromSlash(name)))
}

// isProjectDir tells whether dir is INCEpTION's project export unzipped.
func isProjectDir(dir string) bool {
	return formats.IsInceptionProject(projectDir(dir))
}

// maxZipEntries bounds the files of a project's zip skein reads: its
// directory is held in memory.
const maxZipEntries = 1 << 20

// openProjectZip opens path, a zip of INCEpTION's project export; what it
// returns is closed by close.
func openProjectZip(path string) (fsys fs.FS, close func() error, err error) {
	f, fi, err := formats.OpenFile(path, 0, "", false)
	if err != nil {
		return nil, nil, err
	}
	z, err := zip.NewReader(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("not a zip skein can read: %v", err)
	}
	if len(z.File) > maxZipEntries {
		f.Close()
		return nil, nil, fmt.Errorf("%w: %d files in the zip (skein reads at most %d)", formats.ErrFileTooLarge, len(z.File), maxZipEntries)
	}
	if !formats.IsInceptionProject(z) {
		f.Close()
		return nil, nil, errors.New("not INCEpTION's project export (no exportedproject*.json beside an annotation folder): skein reads a zip only as that; unzip it and import what it holds")
	}
	return z, f.Close, nil
}

// readInception reads in, INCEpTION's project export: a folder, or its
// zip. It says how many of its files it read.
func readInception(p *plan, in input, opt ImportOptions) (int, []error) {
	var fsys fs.FS = projectDir(in.path)
	if !isDir(in.path) {
		z, close, err := openProjectZip(in.path)
		if err != nil {
			return 0, []error{&annotate.LineError{File: in.label(), Err: err}}
		}
		defer close()
		fsys = z
	}
	b, errs := formats.ReadInceptionProject(fsys, in.label(), formats.Options{SkipInvalid: opt.SkipInvalid, Now: opt.Now, Label: opt.labels.fn()})
	if b == nil {
		return 0, errs
	}
	p.addBatch(b, in)
	return b.Files, errs
}

// isProjectZip tells whether path names a zip by its name.
func isProjectZip(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".zip")
}
