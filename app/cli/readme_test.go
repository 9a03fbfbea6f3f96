package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readme returns the project's README.md, which a researcher reads before
// any -h.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readmeSection returns the text under the heading "### name" up to the
// next heading.
func readmeSection(t *testing.T, md, name string) string {
	t.Helper()
	i := strings.Index(md, "\n### "+name+"\n")
	if i < 0 {
		t.Fatalf("README has no section %q", name)
	}
	sec := md[i+len("\n### "+name+"\n"):]
	if j := strings.Index(sec, "\n#"); j >= 0 {
		sec = sec[:j]
	}
	return sec
}

// TestHelpMatchesREADME: each command's usage line in `skein COMMAND -h`
// is the one the README's section for it prints, so a researcher who reads
// one finds the same flags in the other; no help line ends in a space.
func TestHelpMatchesREADME(t *testing.T) {
	md := readme(t)
	dir := t.TempDir()
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			code, _, help := run(t, dir, c.name, "-h")
			if code != 0 {
				t.Fatalf("skein %s -h = %d", c.name, code)
			}
			for _, l := range strings.Split(help, "\n") {
				if strings.HasSuffix(l, " ") {
					t.Errorf("skein %s -h: line ends in a space: %q", c.name, l)
				}
				// A flag's value is named as the usage line names it
				// (N, FILE), never by its Go type, which Go's flag
				// package prints where the help names none.
				if f := strings.Fields(l); len(f) == 2 && strings.HasPrefix(f[0], "-") {
					switch f[1] {
					case "int", "uint", "string", "value", "float", "duration":
						t.Errorf("skein %s -h: %q names its value by a Go type", c.name, strings.TrimSpace(l))
					}
				}
			}
			sec := readmeSection(t, md, "skein "+c.name)
			if !strings.HasPrefix(sec, "\n```\n") {
				// No usage block (list): the README's sentence
				// names what the help's summary names.
				para := strings.Join(strings.Fields(sec), " ")
				if !strings.Contains(strings.ToLower(para), strings.ToLower(c.summary)) {
					t.Errorf("README on skein %s says %q; skein %s -h says %q", c.name, para, c.name, c.summary)
				}
				return
			}
			want := strings.SplitN(sec[len("\n```\n"):], "\n", 2)[0]
			got := ""
			for _, l := range strings.Split(help, "\n") {
				if rest, ok := strings.CutPrefix(l, "Usage: skein [global flags] "); ok {
					got = "skein " + rest
				}
			}
			if got != want {
				t.Errorf("skein %s -h usage:\n  %s\nREADME:\n  %s", c.name, got, want)
			}
		})
	}
}

// TestREADMEJSONLExample imports the README's JSONL example exactly as it
// is printed and exports it again: the same line comes back.
func TestREADMEJSONLExample(t *testing.T) {
	md := readme(t)
	i := strings.Index(md, "```json\n")
	if i < 0 {
		t.Fatal("README has no JSONL example")
	}
	line := md[i+len("```json\n"):]
	line = line[:strings.Index(line, "\n")+1]
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "kakar.jsonl")
	if err := os.WriteFile(file, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dir, "import", file); code != 0 {
		t.Fatalf("skein import of the README's example = %d: %s", code, stderr)
	}
	code, out, stderr := run(t, dir, "export", "-annotator", "alice")
	if code != 0 {
		t.Fatalf("skein export -annotator alice = %d: %s", code, stderr)
	}
	if !strings.Contains(out, "\n"+line) && !strings.HasPrefix(out, line) {
		t.Errorf("export does not give back the README's line\n%s\nit wrote:\n%s", line, out)
	}
}
