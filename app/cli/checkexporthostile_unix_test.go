//go:build unix

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCheckExportHostileFolder: skein check -export in a folder a
// colleague shares (Syncthing) or sent, where anyone could write a
// split's marker (.skein-split-…) naming any file, with any name. Every
// command it prints, pasted into a shell as a researcher would, removes
// what exports left and nothing of the researcher's: a marker naming
// thesis.docx, "..", a folder of theirs, or itself holding a line break
// that forges a line of the list. It printed "rm -- …/thesis.docx" and
// "rm -- <the folder's parent>", and a name's line break printed a line
// of the forger's. The folder's own name (quotes, $(), backticks, a
// leading -) and leftovers that are links out of it hold too, and a
// journal's target with a line break is no line of its own either.
func TestCheckExportHostileFolder(t *testing.T) {
	const old, older = ".skein-old-0123456789abcdef", ".skein-export-fedcba9876543210"
	for _, tc := range []struct {
		name string
		mark string // the marker's name and content, "" for none
		body string
		// forged is what a line of the list must not begin with.
		forged string
	}{
		{"a researcher's file named as old content", ".skein-split-a", `{"parts":[{"name":"a.jsonl","old":"thesis.docx"}]}`, ""},
		{"the folder above named as left", ".skein-split-a", `{"parts":[{"name":"a.jsonl"}],"stale":[".."]}`, ""},
		{"a researcher's folder named as left", ".skein-split-a", `{"parts":[{"name":"a.jsonl","new":"papers"}]}`, ""},
		{"a part's name with a line break", ".skein-split-a", `{"parts":[{"name":"a\nforged: rm -- thesis.docx"}]}`, "forged"},
		{"a journal's name with a line break", ".skein-split-a", `{"parts":[{"name":"a.jsonl"}],"keep":".skein-keep-x\nforged: rm -- thesis.docx"}`, "forged"},
		{"the marker's name with a line break", ".skein-split-a\nforged: rm -- thesis.docx", `{"parts":[{"name":"a.jsonl","old":"` + old + `"}]}`, "forged"},
		{"the marker's name with U+202E", ".skein-split-a\u202ecod.sisehT", `{"parts":[{"name":"a.jsonl","old":"` + old + `"}]}`, ".skein-split-a\u202e"},
		{"another machine's journal naming a target with a line break", ".skein-keep-0123456789abcdef-00000000000000ff-42", `{"target":"a.jsonl\nforged: rm -- thesis.docx","old":".skein-old-00000000000000aa"}` + "\n", "forged"},
		{"no marker, links out of the folder", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			thesis := filepath.Join(home, "thesis.docx")
			papers := filepath.Join(home, "papers")
			// The export folder's own name holds what a shell reads.
			dir := filepath.Join(home, "-rf it's $(touch pwned) `touch pwned2` \"x\"")
			for _, d := range []string{dir, papers, filepath.Join(dir, "papers")} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, p := range []string{thesis, filepath.Join(papers, "p.pdf"), filepath.Join(dir, "thesis.docx"), filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "papers", "p.pdf")} {
				writeFile(t, filepath.Dir(p), filepath.Base(p), "the researcher's")
			}
			// What an older skein left: removing it is what is asked.
			left := filepath.Join(dir, old)
			if tc.mark == "" {
				// Leftovers that are links to the researcher's file and
				// folder: rm removes the link, not what it points at.
				if err := os.Symlink(thesis, left); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(papers, filepath.Join(dir, older)); err != nil {
					t.Fatal(err)
				}
			} else {
				writeFile(t, dir, old, "old content")
				writeFile(t, dir, tc.mark, tc.body)
			}
			code, out, stderr := run(t, filepath.Join(home, "store"), "check", "-export", dir)
			if code != 0 {
				t.Fatalf("check -export = %d %q", code, stderr)
			}
			for _, l := range strings.Split(out, "\n") {
				if tc.forged != "" && strings.HasPrefix(l, tc.forged) {
					t.Errorf("check -export printed a line a name forged: %q\nin\n%s", l, out)
				}
			}
			// Every command it gives (a line's last words), pasted into a
			// shell, in the home folder.
			cmds := regexp.MustCompile(`(?m)^.*(?:remove it|remove what it names): (rm .*)$`).FindAllStringSubmatch(out, -1)
			if len(cmds) == 0 {
				t.Fatalf("check -export gave no command to remove %s:\n%s", old, out)
			}
			for _, c := range cmds {
				sh := exec.Command("sh", "-c", c[1])
				sh.Dir = home
				if b, err := sh.CombinedOutput(); err != nil {
					t.Errorf("%s: %v %s", c[1], err, b)
				}
			}
			for _, p := range []string{thesis, filepath.Join(papers, "p.pdf"), filepath.Join(dir, "thesis.docx"), filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "papers", "p.pdf")} {
				if b, err := os.ReadFile(p); err != nil || string(b) != "the researcher's" {
					t.Errorf("after the commands check -export gave (%q), %s is %q, %v: want it kept", cmds, p, b, err)
				}
			}
			for _, p := range []string{filepath.Join(home, "pwned"), filepath.Join(home, "pwned2")} {
				if _, err := os.Lstat(p); err == nil {
					t.Errorf("the commands check -export gave (%q) ran what the folder's name holds: %s made", cmds, p)
				}
			}
			if _, err := os.Lstat(left); err == nil {
				t.Errorf("after the commands check -export gave (%q), %s is still there", cmds, left)
			}
		})
	}
}
