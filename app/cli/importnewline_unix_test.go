//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportNamesAFileWithALineBreakQuoted: a file whose name holds a line
// break (possible on Linux and macOS; a corpus from an archive can bring
// one) was named raw in the list of problems, so its second part read as
// a problem line of its own, one the file's maker wrote. It is named
// quoted, on one line, and the problem line is the only one.
func TestImportNamesAFileWithALineBreakQuoted(t *testing.T) {
	dir := t.TempDir()
	name := "x\n  forged.txt:1: all is well"
	if err := os.WriteFile(filepath.Join(dir, name+".txt"), []byte("Title\nab\xffcd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, filepath.Join(t.TempDir(), "store"), "-user", "al", "import", dir)
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	want := `  "x\n  forged.txt:1: all is well.txt":2: not UTF-8`
	if code != 1 || len(lines) != 2 || !strings.HasPrefix(lines[1], want) {
		t.Errorf("skein import of a file named %q = %d\n%s\nwant exit 1, the header and one line beginning %s", name, code, stderr, want)
	}
}
