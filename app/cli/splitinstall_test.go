package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// export -split puts its three parts in place all or nothing: the parts
// were renamed one by one, and a rename that failed left the parts before
// it new and those after it from the export before, which read as one
// good split. Here the second part's place becomes a folder (another
// program's) as the renames begin, a real failure of the rename: the part
// renamed before it gets its old content back, the error says that
// nothing was written and names each file as it was, and no temporary
// file is left. When putting back fails too (the copy kept of the old
// content is gone), the error says which file is new.
func TestExportSplitAllOrNothing(t *testing.T) {
	dir := splitCorpus(t)
	out := t.TempDir()
	target := filepath.Join(out, "s.jsonl")
	parts := map[string]string{}
	for _, part := range []string{"train", "dev", "test"} {
		parts[part] = filepath.Join(out, "s."+part+".jsonl")
	}
	export := func(seed string) (int, string) {
		t.Helper()
		code, _, stderr := run(t, dir, "-user", "al", "export", "-split", "50/25/25", "-seed", seed, "-o", target)
		return code, stderr
	}
	if code, stderr := export("1"); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	before := map[string]string{}
	for part, p := range parts {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		before[part] = string(data)
	}
	checkOut := func(t *testing.T, want map[string]string) {
		t.Helper()
		for part, p := range parts {
			if want[part] == "" {
				continue
			}
			if data, err := os.ReadFile(p); err != nil || string(data) != want[part] {
				t.Errorf("%s: %d bytes, %v; want the export before's %d", part, len(data), err, len(want[part]))
			}
		}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".skein-") {
				t.Errorf("left beside the parts: %s", e.Name())
			}
		}
	}
	checkOut(t, before)

	// The test part's place becomes a folder as the first part is
	// renamed (dev, then test, then train: by name).
	blocked := func(target string) {
		if strings.HasSuffix(target, ".dev.jsonl") {
			os.Remove(parts["test"])
			os.MkdirAll(filepath.Join(parts["test"], "taken"), 0o755)
		}
	}
	t.Cleanup(func() { beforeRename = nil })
	t.Run("put back", func(t *testing.T) {
		beforeRename = blocked
		code, stderr := export("2")
		if code == 0 {
			t.Fatal("export succeeded over a folder")
		}
		t.Log(stderr)
		want := "cannot write " + parts["test"] + ": "
		if !strings.Contains(stderr, want) || !strings.Contains(stderr, "(nothing was written: "+parts["dev"]+", "+parts["test"]+" and "+parts["train"]+" are as they were)") {
			t.Errorf("stderr: got %q, want %q… and each part as it was", stderr, want)
		}
		checkOut(t, map[string]string{"dev": before["dev"], "train": before["train"]})
	})
	t.Run("put back fails", func(t *testing.T) {
		os.RemoveAll(parts["test"])
		os.WriteFile(parts["test"], []byte(before["test"]), 0o644)
		beforeRename = func(target string) {
			blocked(target)
			if strings.HasSuffix(target, ".test.jsonl") {
				// The copy of dev's old content goes.
				olds, _ := filepath.Glob(filepath.Join(out, ".skein-old-*"))
				for _, o := range olds {
					os.Remove(o)
				}
			}
		}
		code, stderr := export("3")
		if code == 0 {
			t.Fatal("export succeeded over a folder")
		}
		t.Log(stderr)
		if want := parts["dev"] + " is new (putting back its old content failed: "; !strings.Contains(stderr, want) {
			t.Errorf("stderr: got %q, want %q…", stderr, want)
		}
		if want := "; " + parts["test"] + " and " + parts["train"] + " are as they were"; !strings.Contains(stderr, want) {
			t.Errorf("stderr: got %q, want …%q", stderr, want)
		}
		checkOut(t, map[string]string{"train": before["train"]})
	})
}

// An hf export that fails leaves its label list as it was: the list is
// written beside the data as the export ends, before the data is put in
// place, and a failed rename (or write) of the data left the list of the
// new run beside the data of the run before, whose tags it then named
// wrongly. Here a label the store gains between two exports makes the
// second list differ.
func TestHFExportFailureKeepsItsLabelList(t *testing.T) {
	dir := splitCorpus(t)
	out := t.TempDir()
	target := filepath.Join(out, "ner.jsonl")
	list := filepath.Join(out, "ner.labels.json")
	test := filepath.Join(out, "ner.test.jsonl")
	export := func() (int, string) {
		t.Helper()
		code, _, stderr := run(t, dir, "-user", "al", "export", "-format", "hf", "-split", "50/25/25", "-o", target)
		return code, stderr
	}
	if code, stderr := export(); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	before, err := os.ReadFile(list)
	if err != nil || strings.Contains(string(before), "claim") {
		t.Fatalf("label list: %s, %v", before, err)
	}
	text := "The minister claimed the budget was on time."
	in := filepath.Join(t.TempDir(), "more.jsonl")
	os.WriteFile(in, []byte(`{"text":"`+text+`","spans":[{"id":"00000000000000ff","start":13,"end":20,"text":"claimed","label":"claim","annotator":"al"}]}`+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	t.Cleanup(func() { beforeRename = nil })
	beforeRename = func(target string) {
		if strings.HasSuffix(target, ".dev.jsonl") {
			os.Remove(test)
			os.MkdirAll(filepath.Join(test, "taken"), 0o755)
		}
	}
	code, stderr := export()
	if code == 0 {
		t.Fatal("export succeeded over a folder")
	}
	if got, err := os.ReadFile(list); err != nil || string(got) != string(before) {
		t.Errorf("label list after the failed export: %s, %v; want it as it was: %s", got, err, before)
	}
	if strings.Contains(stderr, "labels.json is new") {
		t.Errorf("stderr: %s", stderr)
	}
	// The same export, unhindered, writes the new list.
	beforeRename = nil
	os.RemoveAll(test)
	if code, stderr := export(); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	if got, err := os.ReadFile(list); err != nil || !strings.Contains(string(got), "B-claim") {
		t.Errorf("label list after the export: %s, %v; want B-claim in it", got, err)
	}
}
