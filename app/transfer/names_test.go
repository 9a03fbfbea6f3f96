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
