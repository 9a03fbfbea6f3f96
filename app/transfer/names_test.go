package transfer

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// Import's problems name every file by one rule (issue 12.9): a file in a
// folder the user gave by its path relative to that folder, whatever read
// it (the brat reader knew its files by their paths on disk, the JSONL
// reader by their names), and a file named by itself as the user gave it
// (its base name was shown).
func TestImportNamesFilesByOneRule(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	write(t, corpus, "latin.txt", []byte("caf\xe9\n"))
	write(t, corpus, "empty.jsonl", nil)
	write(t, corpus, "broken.jsonl", []byte("{\"text\":\n"))
	write(t, corpus, "brat/a.txt", []byte("Hello world.\n"))
	write(t, corpus, "brat/a.ann", []byte("T1\tclaim 0 5\tHellx\n"))
	write(t, corpus, "sub/spans.jsonl", []byte(`{"text":"Hi","spans":[{"start":0,"end":9,"label":"claim"}]}`+"\n"))

	files := func(err error) []string {
		var r *Refused
		if !errors.As(err, &r) {
			t.Fatalf("import: %v, want it refused", err)
		}
		var out []string
		for _, p := range r.Problems {
			var le *annotate.LineError
			if !errors.As(p, &le) {
				t.Fatalf("problem %v names no file", p)
			}
			out = append(out, le.File)
		}
		sort.Strings(out)
		return out
	}
	inFolder := []string{"brat/a.ann", "broken.jsonl", "empty.jsonl", "latin.txt", "sub/spans.jsonl"}
	for _, given := range []string{corpus, "corpus"} { // as the window gives it, and as typed in the folder above
		t.Run(given, func(t *testing.T) {
			if given == "corpus" {
				t.Chdir(dir)
			}
			_, err := Import(context.Background(), openStore(t), []string{given}, ImportOptions{User: "x"})
			if got := files(err); !reflect.DeepEqual(got, inFolder) {
				t.Errorf("importing the folder %s, the problems name %q, want %q", given, got, inFolder)
			}
		})
	}
	t.Run("files one by one", func(t *testing.T) {
		t.Chdir(corpus)
		given := []string{"latin.txt", "brat/a.ann", "sub/spans.jsonl", filepath.Join(corpus, "broken.jsonl")}
		_, err := Import(context.Background(), openStore(t), given, ImportOptions{User: "x"})
		want := append([]string(nil), given...)
		sort.Strings(want)
		if got := files(err); !reflect.DeepEqual(got, want) {
			t.Errorf("importing files one by one, the problems name %q, want them as given %q", got, want)
		}
	})
}

// A folder's files are named relative to it however the folder is
// spelled (walkFolder takes the names from the walk's paths without
// filepath.Rel where it can), and listed in order of name, also when the
// walk's order is not that (a name with a byte that sorts before "/").
func TestWalkFolderNames(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.txt", "a/x.txt", "a-b/y.txt", "a/c/z", "a.txt"} {
		write(t, filepath.Join(dir, "corpus"), f, []byte("text\n"))
	}
	want := []string{"a-b/y.txt", "a.txt", "a/c/z", "a/x.txt", "b.txt"}
	t.Chdir(dir)
	for _, given := range []string{filepath.Join(dir, "corpus"), filepath.Join(dir, "corpus") + "/", "corpus", "./corpus", "corpus/", "corpus/../corpus", "/" + filepath.Join(dir, "corpus")[1:]} {
		found, _, problems := walkFolder(given, "")
		var got []string
		for _, in := range found {
			got = append(got, in.name)
		}
		if len(problems) > 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("walking %s: got %q (%v), want %q", given, got, problems, want)
		}
	}
	t.Chdir(filepath.Join(dir, "corpus"))
	found, _, _ := walkFolder(".", "")
	var got []string
	for _, in := range found {
		got = append(got, in.name)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("walking .: got %q, want %q", got, want)
	}
}

// A .txt article named by itself is named in a problem as the user gave
// it, as every other file is: `skein import in/sub/e.txt` said "e.txt:
// empty", which left a newcomer to find which e.txt of which folder.
func TestImportNamesATextFileAsGiven(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "in/sub/e.txt", nil)
	write(t, dir, "in/sub/latin.txt", []byte("caf\xe9\n"))
	write(t, dir, "in/sub/bin.txt", []byte("\x00\x01\x02"))
	t.Chdir(dir)
	for _, given := range []string{"in/sub/e.txt", "in/sub/latin.txt", "in/sub/bin.txt", filepath.Join(dir, "in/sub/e.txt")} {
		t.Run(given, func(t *testing.T) {
			_, err := Import(context.Background(), openStore(t), []string{given}, ImportOptions{User: "x"})
			var r *Refused
			if !errors.As(err, &r) || len(r.Problems) != 1 {
				t.Fatalf("import %s: %v, want it refused with one problem", given, err)
			}
			var le *annotate.LineError
			if !errors.As(r.Problems[0], &le) || le.File != given {
				t.Errorf("import %s: the problem %q names the file %q, want %q", given, r.Problems[0], le.File, given)
			}
		})
	}
}
