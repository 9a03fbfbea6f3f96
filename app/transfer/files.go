package transfer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"

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
func expand(paths []string, format, root string) (inputs []input, ignored int, problems []error) {
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
		name := filepath.Base(p)
		if root != "" {
			if rel, err := filepath.Rel(root, p); err == nil {
				name = filepath.ToSlash(rel)
			}
		}
		inputs = append(inputs, input{path: p, name: name, format: f})
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

// decoder returns the decoder for an encoding name (windows-1252, latin1,
// iso-8859-2, shift_jis …), or nil for UTF-8. As in the WHATWG decode
// algorithm, a byte order mark at the start of a file overrides the name
// (a big-endian UTF-16 file is read as such under "utf-16") and is dropped.
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
	return &encoding.Decoder{Transformer: unicode.BOMOverride(enc.NewDecoder())}, nil
}

// decodeFunc is -encoding as a function of a file's bytes, for readers
// that take one (brat): nil for UTF-8, and a file that is already UTF-8
// (with no NUL, as UTF-16 has) is left as it is, as readText does.
func decodeFunc(name string) func([]byte) ([]byte, error) {
	if d, _ := decoder(name); d == nil {
		return nil
	}
	return func(b []byte) ([]byte, error) {
		if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 {
			return b, nil
		}
		d, _ := decoder(name) // one per file: a decoder keeps state
		return d.Bytes(b)
	}
}

// utf8BOM is the byte order mark as UTF-8 writes it; some editors on Windows
// start every file with it.
var utf8BOM = []byte("\xef\xbb\xbf")

// readText reads one plain-text article, checking size before reading and
// content after decoding.
func readText(in input, dec *encoding.Decoder) (*annotate.Document, error) {
	f, err := os.Open(in.path)
	if err != nil {
		return nil, &annotate.LineError{File: in.name, Err: fmt.Errorf("cannot read: %v", unwrapPath(err))}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &annotate.LineError{File: in.name, Err: err}
	}
	if st.Size() > annotate.MaxDocumentBytes {
		return nil, &annotate.LineError{File: in.name, Err: fmt.Errorf("%w (%d bytes)", annotate.ErrTooLarge, st.Size())}
	}
	b := make([]byte, st.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, &annotate.LineError{File: in.name, Err: err}
	}
	// A file that is already UTF-8 is read as UTF-8 whatever -encoding says,
	// so a folder of old windows-1252 files mixed with new UTF-8 ones comes
	// in whole, with no file garbled. (Text in a legacy encoding with any
	// letter beyond ASCII is almost never valid UTF-8; UTF-16 has NULs.)
	if dec != nil && utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 {
		dec = nil
	}
	if dec != nil {
		// A NUL survives decoding as U+0000, so a binary file is still caught below.
		d, err := dec.Bytes(b)
		if err != nil {
			return nil, &annotate.LineError{File: in.name, Err: fmt.Errorf("cannot decode: %v", err)}
		}
		b = d
	} else {
		b = bytes.TrimPrefix(b, utf8BOM) // a mark, not part of the article
	}
	if err := annotate.CheckText(b); err != nil {
		return nil, &annotate.LineError{File: in.name, Line: badByteLine(b, err), Err: err}
	}
	text := string(b)
	title, date := annotate.DeriveMeta(in.name, text)
	return &annotate.Document{ID: annotate.DocID(text), Title: title, Source: in.name, Date: date, Text: text}, nil
}

// badByteLine is the 1-based line of the byte CheckText refused with err
// (the first control byte of a binary file, else the first byte that is not
// UTF-8), or 0 when err is about the whole file.
func badByteLine(b []byte, err error) int {
	at := -1
	switch {
	case errors.Is(err, annotate.ErrBinary):
		at = bytes.IndexFunc(b, func(r rune) bool {
			return r == 0 || (r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' && r != '\v')
		})
	case errors.Is(err, annotate.ErrNotUTF8):
		for i := 0; i < len(b); {
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 {
				at = i
				break
			}
			i += size
		}
	}
	if at < 0 {
		return 0
	}
	return 1 + bytes.Count(b[:at], []byte{'\n'})
}
