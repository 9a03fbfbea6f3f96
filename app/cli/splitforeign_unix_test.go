//go:build unix

package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/skein-news/skein/annotate/formats"
)

// A split's marker (.skein-split-s) that another machine's export wrote,
// arrived as a sync engine brings it (with the files it names: that
// export's old content and its parts being written), or one of an export
// of this machine still under way (its journal held), has nothing it
// names deleted by the next export here: only the prefix of each name was
// looked at, and the export deleted them all, which the sync then deleted
// on the other machine too.
func TestForeignSplitMarkerKeepsItsFiles(t *testing.T) {
	dir := splitCorpus(t)
	other := "0123456789abcdef" // another machine's tag
	for _, c := range []struct {
		name    string
		machine string
		hold    bool
	}{
		{"another machine's, arrived by sync", other, false},
		{"this machine's, its journal held", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			os.MkdirAll(out, 0o755)
			if code, _, stderr := run(t, dir, "-user", "al", "export", "-split", "50/25/25", "-seed", "1", "-o", filepath.Join(out, "s.jsonl")); code != 0 {
				t.Fatalf("export = %d %s", code, stderr)
			}
			pid := os.Getpid()
			machine := c.machine
			if machine == "" {
				machine = strings.Split(formats.ExportFileName(0xaa, pid), "-")[3] // this machine's tag
			}
			exp := fmt.Sprintf(".skein-export-00000000000000aa-%s-%d", machine, pid)
			keep := fmt.Sprintf(".skein-keep-00000000000000bb-%s-%d", machine, pid)
			theirs := []string{".skein-old-00000000000000cc", ".skein-old-00000000000000dd", exp}
			for _, n := range append(theirs, keep) {
				os.WriteFile(filepath.Join(out, n), []byte("theirs"), 0o644)
			}
			if c.hold { // as the live export holds its journal and the part it writes
				for _, n := range []string{keep, exp} {
					f, err := os.Open(filepath.Join(out, n))
					if err != nil {
						t.Fatal(err)
					}
					defer f.Close()
					if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
						t.Skip("no locks here:", err)
					}
				}
			}
			marker := fmt.Sprintf(`{"parts":[{"name":"s.dev.jsonl","old":%q},{"name":"s.test.jsonl","new":%q},{"name":"s.train.jsonl"}],"stale":[%q],"keep":%q}`,
				theirs[0], theirs[2], theirs[1], keep)
			os.WriteFile(filepath.Join(out, ".skein-split-s"), []byte(marker), 0o644)
			code, _, stderr := run(t, dir, "-user", "al", "export", "-split", "50/25/25", "-seed", "2", "-o", filepath.Join(out, "s.jsonl"))
			if code != 0 {
				t.Fatalf("export = %d %s", code, stderr)
			}
			if strings.Contains(stderr, "left mixed") {
				t.Errorf("the export took another's marker for one a killed export left here: %s", stderr)
			}
			for _, n := range theirs {
				if b, err := os.ReadFile(filepath.Join(out, n)); err != nil || string(b) != "theirs" {
					t.Errorf("%s, named by the other export's marker: %q, %v after the export; want it untouched", n, b, err)
				}
			}
		})
	}
}
