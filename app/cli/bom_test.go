package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16LE is s in UTF-16LE with its byte order mark, as Notepad's
// "Unicode" and PowerShell's > save it.
func utf16LE(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// TestImportByteOrderMarks: every format's file saved with UTF-8's byte
// order mark is read, its offsets in place; saved as UTF-16 (with its mark)
// it is refused at line 1, saying what it is and what to do, and nothing
// is imported. A Label Studio file's refusal named no line, a brat .ann's
// was "invalid byte 0xff" and "no tab after the id", and a model's
// predictions (-as-suggestions) and a Hugging Face label list said
// "invalid character 'ÿ'" and "invalid byte 0xff".
func TestImportByteOrderMarks(t *testing.T) {
	for i, tc := range labelled {
		for _, enc := range []string{"UTF-8", "UTF-16LE"} {
			t.Run(fmt.Sprint(i, tc.format, " ", enc), func(t *testing.T) {
				dir := t.TempDir()
				marked := ""
				path := writeLabelled(t, dir, tc.files, func(name, content string) []byte {
					// A brat .txt keeps its mark: its offsets count it.
					if strings.HasSuffix(name, ".txt") {
						return []byte(content)
					}
					marked = filepath.Base(name)
					if enc != "UTF-8" {
						return utf16LE(content)
					}
					return append([]byte("\ufeff"), content...)
				})
				store := filepath.Join(dir, "s")
				code, _, stderr := run(t, store, "import", "-format", tc.format, path)
				got := spansOf(t, store)
				if enc == "UTF-8" {
					if code != 0 || !slices.Contains(got, "ACTOR Mujahid") {
						t.Errorf("import = %d %q, spans %q; want ACTOR over Mujahid", code, stderr, got)
					}
					return
				}
				if want := marked + ":1: "; code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "UTF-16LE, as the byte order mark it begins with says") || strings.Count(stderr, "\n") != 2 {
					t.Errorf("import = %d %q; want one problem at %q saying UTF-16LE", code, stderr, want)
				}
				if slices.Contains(got, "ACTOR Mujahid") {
					t.Errorf("the refused import stored %q", got)
				}
			})
		}
	}
}

// TestSuggestionsAndLabelListByteOrderMarks: a model's predictions and a
// Hugging Face label list are read with UTF-8's byte order mark and
// refused at line 1 as UTF-16.
func TestSuggestionsAndLabelListByteOrderMarks(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s")
	text := "Mujahid denied it."
	article := filepath.Join(dir, "a.txt")
	pred := fmt.Sprintf(`{"text":%q,"spans":[{"start":0,"end":7,"label":"actor","score":0.9}]}`+"\n", text)
	rows := `{"tokens":["Mujahid","denied"],"ner_tags":[1,0]}` + "\n"
	list := `["O","B-actor"]`
	files := map[string][]byte{
		article:                                   []byte(text),
		filepath.Join(dir, "p8.jsonl"):            append([]byte("\ufeff"), pred...),
		filepath.Join(dir, "p16.jsonl"):           utf16LE(pred),
		filepath.Join(dir, "h8/ner.jsonl"):        []byte(rows),
		filepath.Join(dir, "h8/ner.labels.json"):  append([]byte("\ufeff"), list...),
		filepath.Join(dir, "h16/ner.jsonl"):       []byte(rows),
		filepath.Join(dir, "h16/ner.labels.json"): utf16LE(list),
	}
	for p, b := range files {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, stderr := run(t, store, "import", article); code != 0 {
		t.Fatalf("import = %d %q", code, stderr)
	}
	if code, out, stderr := run(t, store, "import", "-as-suggestions", "m", filepath.Join(dir, "p8.jsonl")); code != 0 || !strings.Contains(out, "imported 1 suggestion from m") {
		t.Errorf("-as-suggestions of UTF-8 with its mark = %d %q %q", code, out, stderr)
	}
	code, _, stderr := run(t, store, "import", "-as-suggestions", "m", filepath.Join(dir, "p16.jsonl"))
	if want := "p16.jsonl:1: the file is UTF-16LE, as the byte order mark it begins with says, and skein reads it as UTF-8: save it as UTF-8"; code != 1 || !strings.Contains(stderr, want) || strings.Count(stderr, "\n") != 2 {
		t.Errorf("-as-suggestions of UTF-16 = %d %q, want one problem %q", code, stderr, want)
	}
	if code, _, stderr := run(t, store, "import", "-format", "hf", filepath.Join(dir, "h8/ner.jsonl")); code != 0 || !slices.Contains(spansOf(t, store), "actor Mujahid") {
		t.Errorf("hf with a label list in UTF-8 with its mark = %d %q", code, stderr)
	}
	code, _, stderr = run(t, filepath.Join(dir, "s2"), "import", "-format", "hf", filepath.Join(dir, "h16/ner.jsonl"))
	if want := "ner.labels.json:1: the file is UTF-16LE"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("hf with a label list in UTF-16 = %d %q, want %q", code, stderr, want)
	}
}
