//go:build unix

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBratPairedHoweverSpelled: skein import pr/a.txt ./pr/a.ann names one
// folder two ways; the .txt was read as an article of its own and again
// as the .ann's text ("1 repeated in the files", from 3 files). It is the
// brat text however spelled: the folder through a link, or whole. Run as
// the program is, from the folder the paths are relative to.
func TestBratPairedHoweverSpelled(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "pr"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "pr"), "a.txt", "Kakar said.\n")
	writeFile(t, filepath.Join(dir, "pr"), "a.ann", "T1\tactor 0 5\tKakar\n")
	if err := os.Symlink("pr", filepath.Join(dir, "ln")); err != nil {
		t.Fatal(err)
	}
	for i, args := range [][]string{
		{"pr/a.txt", "./pr/a.ann"},
		{"./pr/a.ann", "pr//a.txt"},
		{"ln/a.txt", "pr/a.ann"},
		{filepath.Join(dir, "pr", "a.txt"), "pr/../pr/a.ann"},
	} {
		cmd := exec.Command(os.Args[0], append([]string{"import"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), asSkein+"=1", "SKEIN_STORE="+filepath.Join(t.TempDir(), fmt.Sprint("s", i)))
		out, err := cmd.Output()
		if want := "imported 1 new document (0 already present), 1 span, 0 threads from 2 files\n"; err != nil || string(out) != want {
			t.Errorf("skein import %q = %v, said %q; want %q", args, err, out, want)
		}
	}
}
