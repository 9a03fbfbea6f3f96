package transfer

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// input is one file to import and the name it is known by in messages and
// as a document's source.
type input struct {
	path   string // on disk
	name   string // as shown: relative to the folder given, or as given
	format string // "txt", "skein", "doccano", "prodigy", "labelstudio", "brat"
}

// expand turns the paths a user gave into files to read. Folders are walked
// recursively; a folder that holds brat .ann files is one brat input. Files
// in a folder whose kind skein does not read are counted, not refused; a file
// named on the command line that skein cannot read is a problem.
func expand(paths []string, format string) (inputs []input, ignored int, problems []error) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			problems = append(problems, &annotate.LineError{File: p, Err: fmt.Errorf("cannot read: %v", unwrapPath(err))})
			continue
		}
		if st.IsDir() {
			if format == "brat" || (format == "" && hasAnn(p)) {
				inputs = append(inputs, input{path: p, name: p, format: "brat"})
				if format == "" {
					// The brat reader takes the .txt and .ann files; a JSONL
					// or JSON file beside them is an input of its own, not
					// something to drop without a word.
					more, n := besideBrat(p)
					inputs, ignored = append(inputs, more...), ignored+n
				}
				continue
			}
			found, n, errs := walkFolder(p, format, nil)
			inputs, ignored, problems = append(inputs, found...), ignored+n, append(problems, errs...)
			continue
		}
		f := formatOf(p, format)
		if f == "" {
			problems = append(problems, &annotate.LineError{File: p, Err: fmt.Errorf("not a file skein reads (want .txt, .jsonl, .json or a brat folder; or name one with -format)")})
			continue
		}
		inputs = append(inputs, input{path: p, name: filepath.Base(p), format: f})
	}
	return inputs, ignored, problems
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// besideBrat lists the files in a brat folder that the brat reader does
// not take: JSONL and JSON files as inputs of their own, the rest counted
// as ignored (brat's own .conf files are part of the project, not ignored).
// What cannot be read, the brat reader reports.
func besideBrat(dir string) (inputs []input, ignored int) {
	inputs, ignored, _ = walkFolder(dir, "", func(ext string) bool {
		switch ext {
		case ".txt", ".text", ".ann", ".conf":
			return false
		}
		return true
	})
	return inputs, ignored
}

// walkFolder lists the files below dir that skein reads, by name, skipping
// hidden files and folders; take (nil: every file) chooses by extension,
// lower case. Files of kinds skein does not read are counted.
func walkFolder(dir, format string, take func(ext string) bool) (found []input, ignored int, problems []error) {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			problems = append(problems, &annotate.LineError{File: path, Err: fmt.Errorf("cannot read: %v", unwrapPath(err))})
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && path != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || (take != nil && !take(strings.ToLower(filepath.Ext(path)))) {
			return nil
		}
		f := formatOf(path, format)
		if f == "" {
			ignored++
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		found = append(found, input{path: path, name: filepath.ToSlash(rel), format: f})
		return nil
	})
	if err != nil {
		problems = append(problems, &annotate.LineError{File: dir, Err: err})
	}
	sort.Slice(found, func(i, j int) bool { return found[i].name < found[j].name })
	return found, ignored, problems
}

func hasAnn(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), ".ann") {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// formatOf decides a file's format from -format or its extension; JSONL
// files are told apart later by their first line.
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
	switch ext {
	case ".txt", ".text":
		return "txt"
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".json":
		return "labelstudio"
	case ".ann":
		return "brat"
	}
	return ""
}
