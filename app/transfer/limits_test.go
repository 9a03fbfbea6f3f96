package transfer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// importWithin runs an import that must finish in d: a file that is read
// whole or a pipe that is opened would take far longer, or for ever.
func importWithin(t *testing.T, d time.Duration, paths []string, opt ImportOptions) (*Result, error) {
	t.Helper()
	type out struct {
		res *Result
		err error
	}
	st := openStore(t)
	done := make(chan out, 1)
	go func() {
		res, err := Import(context.Background(), st, paths, opt)
		done <- out{res, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-time.After(d):
		t.Fatalf("import of %v still running after %v", paths, d)
		return nil, nil
	}
}

// sparse makes a file of size bytes that takes no room on disk.
func sparse(t *testing.T, path string, size int64) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	return path
}

func TestImportRefusesOversizedAndEndlessFiles(t *testing.T) {
	const huge = 10 << 30
	dir := t.TempDir()
	bratDir := filepath.Join(dir, "brat")
	write(t, bratDir, "a.ann", []byte("T1\tactor 0 6\tAyesha\n"))
	sparse(t, filepath.Join(bratDir, "a.txt"), huge)
	bratAnn := filepath.Join(dir, "brat2")
	write(t, bratAnn, "b.txt", []byte("Ayesha said so.\n"))
	sparse(t, filepath.Join(bratAnn, "b.ann"), huge)
	zero := filepath.Join(dir, "zero.jsonl")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skip(err)
	}
	for _, c := range []struct {
		name string
		path string
		opt  ImportOptions
		want string
	}{
		{"jsonl", sparse(t, filepath.Join(dir, "big.jsonl"), huge), ImportOptions{}, "big.jsonl:1: binary content: NUL byte at byte 0 of the line"},
		{"skein jsonl", filepath.Join(dir, "big.jsonl"), ImportOptions{Format: "skein"}, "big.jsonl:1: binary content: NUL byte at byte 0 of the line"},
		{"prodigy jsonl", filepath.Join(dir, "big.jsonl"), ImportOptions{Format: "prodigy"}, "big.jsonl:1: binary content: NUL byte at byte 0 of the line"},
		{"json", sparse(t, filepath.Join(dir, "big.json"), huge), ImportOptions{}, "big.json: too large: 10737418240 bytes, more than the 1 GB skein reads as a JSON file"},
		{"txt", sparse(t, filepath.Join(dir, "big.txt"), huge), ImportOptions{}, "big.txt: larger than 10 MB (10737418240 bytes)"},
		{"brat txt", bratDir, ImportOptions{}, "a.txt: larger than 10 MB (10737418240 bytes)"},
		{"brat ann", bratAnn, ImportOptions{}, "b.ann: too large: 10737418240 bytes, more than the 256 MB skein reads as a brat .ann file"},
		{"symlink to /dev/zero", zero, ImportOptions{}, "zero.jsonl: not a regular file (a character device)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.opt.User = "me"
			start := time.Now()
			_, err := importWithin(t, 20*time.Second, []string{c.path}, c.opt)
			var r *Refused
			if !errors.As(err, &r) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want a refusal saying %q", err, c.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("refused after %v; want well under a second", d)
			}
		})
	}
}

func TestImportCountsHiddenFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", []byte("Ayesha said so.\n"))
	write(t, dir, ".notes.txt", []byte("my own notes\n"))
	write(t, dir, ".DS_Store", []byte("x"))
	write(t, dir, ".git/HEAD", []byte("ref: refs/heads/main\n"))
	res, err := importWithin(t, 10*time.Second, []string{dir}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 1 || res.HiddenFiles != 2 || len(res.HiddenFolders) != 1 {
		t.Errorf("got %+v", res)
	}
	if want := "left out 2 hidden files and 1 hidden folder"; !strings.Contains(res.Summary(), want) {
		t.Errorf("summary %q does not say %q", res.Summary(), want)
	}
}

// A hidden folder is not walked, and the report names it with the files
// it holds; named on its own, it is imported.
func TestImportNamesHiddenFolders(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", []byte("Ayesha said so.\n"))
	write(t, dir, ".git/HEAD", []byte("ref: refs/heads/main\n"))
	write(t, dir, ".git/objects/ab/cd", []byte("x"))
	write(t, dir, "2024/.drafts/b.txt", []byte("A draft the reporter kept.\n"))
	res, err := importWithin(t, 10*time.Second, []string{dir}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 1 {
		t.Errorf("%s; want the one article outside hidden folders", res.Summary())
	}
	want := "hidden folders not read: " + filepath.Join(dir, ".git") + " (2 files), " + filepath.Join(dir, "2024/.drafts") + " (1 file); tools keep their own files in such folders — to import one, name it: skein import " + filepath.Join(dir, ".git")
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, want) {
		t.Errorf("notes\n%s\nlack\n%s", notes, want)
	}
	res, err = importWithin(t, 10*time.Second, []string{filepath.Join(dir, "2024/.drafts")}, ImportOptions{User: "me"})
	if err != nil || res.DocsAdded != 1 {
		t.Errorf("the hidden folder named: %v, %+v; want its article imported", err, res)
	}
}

func TestImportNamesUTF16WithoutMark(t *testing.T) {
	dir := t.TempDir()
	text := "Ayesha said the ministry knew.\n"
	le, be := make([]byte, 0, 2*len(text)), make([]byte, 0, 2*len(text))
	for _, c := range []byte(text) {
		le = append(le, c, 0)
		be = append(be, 0, c)
	}
	for _, c := range []struct{ name, want, enc string }{
		{"le.txt", "looks like UTF-16LE without a byte order mark (use -encoding utf-16le)", "utf-16le"},
		{"be.txt", "looks like UTF-16BE without a byte order mark (use -encoding utf-16be)", "utf-16be"},
	} {
		data := le
		if c.name == "be.txt" {
			data = be
		}
		path := write(t, dir, c.name, data)
		_, err := importWithin(t, 10*time.Second, []string{path}, ImportOptions{User: "me"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
		// The encoding named reads it.
		res, err := importWithin(t, 10*time.Second, []string{path}, ImportOptions{User: "me", Encoding: c.enc})
		if err != nil || res.DocsAdded != 1 {
			t.Errorf("%s with -encoding %s: %v", c.name, c.enc, err)
		}
	}
}

// Notepad's "Unicode" is UTF-16 with a byte order mark. Such a file is
// named as what it is, with the -encoding that reads it: an English text
// was called binary (its letters' NUL bytes), an Urdu one (no NUL) "not
// UTF-8: invalid byte 0xff … try -encoding windows-1252".
func TestImportNamesUTF16WithMark(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, text, want string }{
		{"english.txt", "Ayesha said the ministry knew.\n", "english.txt:1: not UTF-8: it is UTF-16LE, as the byte order mark it begins with says (use -encoding utf-16)"},
		{"urdu.txt", "وزیر اعظم نے کہا\n", "urdu.txt:1: not UTF-8: it is UTF-16BE, as the byte order mark it begins with says (use -encoding utf-16)"},
	} {
		var data []byte
		for _, u := range utf16.Encode([]rune("\ufeff" + c.text)) {
			if c.name == "urdu.txt" {
				data = append(data, byte(u>>8), byte(u))
			} else {
				data = append(data, byte(u), byte(u>>8))
			}
		}
		path := write(t, dir, c.name, data)
		_, err := importWithin(t, 10*time.Second, []string{path}, ImportOptions{User: "me"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
		st := openStore(t)
		if _, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "me", Encoding: "utf-16"}); err != nil {
			t.Fatalf("%s with -encoding utf-16: %v", c.name, err)
		}
		if d, err := st.Document(annotate.DocID(c.text)); err != nil || d.Text != c.text {
			t.Errorf("%s with -encoding utf-16: stored %v, %v; want %q", c.name, d, err, c.text)
		}
	}
	// JSON is read as UTF-8 whatever -encoding says: Windows PowerShell's
	// `python x.py > out.jsonl` writes UTF-16, which was "binary content:
	// NUL byte at byte 3 of the line" (JSONL), "not UTF-8: invalid byte
	// 0xff" (JSON) or "a NUL byte, which no CoNLL file has".
	for name, content := range map[string]string{
		"a.jsonl":  `{"text":"Ayesha said the ministry knew.","spans":[]}` + "\r\n",
		"p.jsonl":  `{"text":"Ayesha said the ministry knew.","spans":[],"answer":"accept"}` + "\r\n",
		"d.json":   `[{"text":"Ayesha said the ministry knew.","label":[]}]`,
		"ls.json":  `[{"data":{"text":"Ayesha said the ministry knew."},"annotations":[]}]`,
		"a.conll":  "Ayesha B-actor\r\nsaid O\r\n",
		"bom.json": `[{"text":"وزیر اعظم نے کہا","label":[]}]`,
	} {
		var data []byte
		for _, u := range utf16.Encode([]rune("\ufeff" + content)) {
			data = append(data, byte(u), byte(u>>8))
		}
		path := write(t, dir, name, data)
		// A JSON file too is refused at its line 1, where the mark is.
		want := name + ":1: the file is UTF-16LE, as the byte order mark it begins with says, and skein reads it as UTF-8: save it as UTF-8"
		st := openStore(t)
		before := snapshot(t, st)
		_, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "me"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", name, err, want)
		}
		if snapshot(t, st) != before {
			t.Errorf("%s: the refused import changed the store", name)
		}
	}
}

// A Usenet post with a stray escape is an article, with or without
// -encoding; the escape is kept as the code point it is.
func TestImportKeepsStrayControlCharacters(t *testing.T) {
	text := "From: ann@example.org\nSubject: \x1b[1mNews\x1b[0m\n\nThe council met on Tuesday and voted on the budget.\n"
	for _, enc := range []string{"", "windows-1252"} {
		st := openStore(t)
		path := write(t, t.TempDir(), "post.txt", []byte(text))
		res, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "me", Encoding: enc})
		if err != nil || res.DocsAdded != 1 {
			t.Fatalf("-encoding %q: %v", enc, err)
		}
		d, err := st.Document(annotate.DocID(text))
		if err != nil || d.Text != text {
			t.Errorf("-encoding %q: stored %q, %v; want the post as it was", enc, d, err)
		}
	}
}

// In a brat folder too, hidden files are left out and counted.
func TestImportBratSkipsHiddenFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", []byte("Sony said so.\n"))
	write(t, dir, "a.ann", []byte("T1\tOrganization 0 4\tSony\n"))
	write(t, dir, ".b.txt", []byte("An editor's backup.\n"))
	write(t, dir, ".b.ann", []byte("T1\tOrganization 0 2\tAn\n"))
	res, err := importWithin(t, 10*time.Second, []string{dir}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 1 || res.HiddenFiles != 2 {
		t.Errorf("%s; want 1 document, 2 hidden files left out", res.Summary())
	}
}

// A folder large enough that its articles go to the store while it is
// still being read stays all or nothing: one bad file, and the store holds
// none of the folder; with -skip-invalid, all but that file. The same
// import again adds nothing.
func TestImportStreamedFolderAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	n := 3 * streamMin
	for i := 0; i < n; i++ {
		write(t, dir, fmt.Sprintf("%04d.txt", i), []byte(fmt.Sprintf("Article %d: the council met on Tuesday.\n", i)))
	}
	write(t, dir, "0150.txt", []byte("caf\xe9 in windows-1252\n"))
	st := openStore(t)
	before := countStored(t, st)
	_, err := Import(context.Background(), st, []string{dir}, ImportOptions{User: "me"})
	var ref *Refused
	if !errors.As(err, &ref) || !strings.Contains(err.Error(), "0150.txt:1: ") {
		t.Fatalf("got %v, want the import refused naming 0150.txt", err)
	}
	if got := countStored(t, st); got != before {
		t.Errorf("the refused import left %d articles in the store, want %d", got, before)
	}
	res, err := Import(context.Background(), st, []string{dir}, ImportOptions{User: "me", SkipInvalid: true})
	if err != nil || res.DocsAdded != n-1 || len(res.Skipped) != 1 {
		t.Fatalf("with -skip-invalid: %v, %+v; want %d articles and 1 skipped", err, res, n-1)
	}
	if got := countStored(t, st); got != before+n-1 {
		t.Errorf("the store holds %d articles, want %d", got, before+n-1)
	}
	res, err = Import(context.Background(), st, []string{dir}, ImportOptions{User: "me", SkipInvalid: true})
	if err != nil || res.DocsAdded != 0 || res.DocsPresent != n-1 {
		t.Errorf("again: %v, %s; want nothing new, %d present", err, res.Summary(), n-1)
	}
	if rep, err := st.Check(context.Background(), nil); err != nil || !rep.Sound() {
		t.Errorf("check after the imports: %v %v", err, rep)
	}
}

func countStored(t *testing.T, st *store.Store) int {
	t.Helper()
	n := 0
	if err := st.Documents(context.Background(), func(store.DocInfo) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// A folder large enough to be streamed into the store comes back, after
// the store is closed and opened again, exactly as its files say, whichever
// way each record was written: in the buffer the file was read into (plain
// UTF-8, and UTF-8 after its byte order mark), or copied (a windows-1252
// file decoded into a buffer of its own, a headline longer than the room
// left in front of the text).
func TestImportStreamedFolderReadsBack(t *testing.T) {
	dir := t.TempDir()
	n := 3 * streamMin
	want := map[string]string{} // text -> file name
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("%04d.txt", i)
		text := fmt.Sprintf("Headline number %d\n\nThe council met on Tuesday, said article %d.\n", i, i)
		data := []byte(text)
		switch i % 4 {
		case 1:
			data = append([]byte("\xef\xbb\xbf"), data...)
		case 2:
			text = fmt.Sprintf("Caf\u00e9 number %d\n\nThe caf\u00e9 opened, said article %d.\n", i, i)
			data = []byte(strings.ReplaceAll(text, "\u00e9", "\xe9")) // windows-1252
		case 3:
			text = strings.Repeat("Überschrift ", 9) + fmt.Sprintf("%d\n\nText of article %d.\n", i, i) // a headline of 112 bytes: fits
			if i%8 == 3 {
				text = strings.Repeat("見出し", 39) + fmt.Sprintf("%d\n\nText of article %d.\n", i, i) // 117 characters, 351 bytes: more than the room
			}
			data = []byte(text)
		}
		write(t, dir, name, data)
		want[text] = name
	}
	path := t.TempDir()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(context.Background(), st, []string{dir}, ImportOptions{User: "me", Encoding: "windows-1252"})
	if err != nil || res.DocsAdded != n {
		t.Fatalf("%v, %+v; want %d articles", err, res, n)
	}
	st.Close()
	if st, err = store.Open(path, store.Options{}); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for text, name := range want {
		d, err := st.Document(annotate.DocID(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		title, date := annotate.DeriveMeta(name, text)
		if d.Text != text || d.Title != title || d.Source != name || d.Date != date {
			t.Errorf("%s came back as %q, %q, %q, %q; want %q, %q, %q", name, d.Title, d.Source, d.Date, d.Text, title, name, text)
		}
	}
	if rep, err := st.Check(context.Background(), nil); err != nil || !rep.Sound() {
		t.Errorf("check after the import: %v %v", err, rep)
	}
}

// The note's command to import a hidden folder is one to paste: a folder
// with a space in its path ("Ordner ü") was given unquoted, and the
// shell split it into two paths that do not exist.
func TestImportHiddenFolderNoteQuotesThePath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX quoting")
	}
	dir := filepath.Join(t.TempDir(), "Ordner ü")
	write(t, dir, "a.txt", []byte("Ayesha said so.\n"))
	write(t, dir, ".git/HEAD", []byte("ref: refs/heads/main\n"))
	res, err := importWithin(t, 10*time.Second, []string{dir}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	want := "to import one, name it: skein import '" + filepath.Join(dir, ".git") + "'"
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, want) {
		t.Errorf("notes\n%s\nlack\n%s", notes, want)
	}
}
