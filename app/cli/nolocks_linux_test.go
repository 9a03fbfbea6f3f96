//go:build linux

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/skein-news/skein/app/internal/nolocktest"
	"github.com/skein-news/skein/app/internal/stracetest"
)

// TestExportOnADiskThatCannotLock: a folder export locks the hidden
// folder it writes in, so that another export's sweep leaves it. Every
// refusal of that lock was taken for another export's hold: on a disk
// that cannot lock (an NFS mount without its lock daemon: flock says
// ENOLCK) the export made a hundred hidden folders, left them all, and
// failed with "no free name for a folder". It now writes the folder
// unheld (no sweep there can lock it either, so none removes it) and says
// so in a note. A file export (skein's JSONL; hf's split, with its
// journal) holds its hidden file so, and wrote it unheld without a word:
// it now says so too, once. The refusal is the kernel's: a seccomp filter in the
// exporting process makes flock fail with ENOLCK, as that disk does, on
// every file but the store's (opened first, on a lower descriptor: the
// store needs its lock to open), found by a run under strace first.
func TestExportOnADiskThatCannotLock(t *testing.T) {
	if args := os.Getenv("SKEIN_TEST_NOLOCKS"); args != "" {
		a := strings.Split(args, "\n")
		if from, err := strconv.Atoi(os.Getenv("SKEIN_TEST_NOLOCKS_FROM")); err == nil {
			nolocktest.Refuse(t, from)
		}
		code, _, stderr := run(t, a[0], a[1:]...)
		fmt.Printf("exit %d\n%s", code, stderr)
		return
	}
	stracetest.Need(t)
	store := splitCorpus(t)
	folderNote := regexp.MustCompile(`note: (\w+: )?(brat|webanno): the disk of \S+ cannot lock files \(no locks available\): the export was written without the lock`)
	fileNote := regexp.MustCompile(`note: export: the disk of \S+ cannot lock files \(no locks available\): the export was written without the lock that marks it as being written, so the next export beside it cannot tell a hidden \.skein-export-… file`)
	for _, c := range []struct {
		name string
		args []string
		out  string // -o, in the folder the test makes
		made string // a file or folder the export writes there
		note *regexp.Regexp
	}{
		{"brat", []string{"-format", "brat"}, "out", "out", folderNote},
		{"webanno split", []string{"-format", "webanno", "-split", "50/25/25"}, "out", "out/train", folderNote},
		// A file export holds its hidden file as a folder export holds its
		// folder, and said nothing where the disk refused the lock.
		{"skein", nil, "out.jsonl", "out.jsonl", fileNote},
		{"hf split", []string{"-format", "hf", "-split", "50/25/25"}, "out.jsonl", "out.train.jsonl", fileNote},
	} {
		t.Run(c.name, func(t *testing.T) {
			base := stracetest.Dir(t)
			export := func(out string) *exec.Cmd {
				return childRun("TestExportOnADiskThatCannotLock", "SKEIN_TEST_NOLOCKS", store,
					append(append([]string{"-user", "al", "export"}, c.args...), "-o", filepath.Join(base, out)))
			}
			// The descriptors the store locks, and the export's own.
			log := filepath.Join(t.TempDir(), "flock")
			probe := export("probe")
			traced := exec.Command("strace", append([]string{"-f", "-y", "-qq", "-o", log, "-e", "trace=flock", probe.Path}, probe.Args[1:]...)...)
			traced.Env = probe.Env
			if b, err := traced.CombinedOutput(); err != nil {
				t.Fatalf("probe under strace: %v\n%s", err, b)
			}
			calls, _ := os.ReadFile(log)
			from, folder := 0, 0
			for _, m := range regexp.MustCompile(`flock\((\d+)<([^>]*)>`).FindAllStringSubmatch(string(calls), -1) {
				fd, _ := strconv.Atoi(m[1])
				if strings.Contains(m[2], "/.skein-export-") || strings.Contains(m[2], "/.skein-keep-") {
					if folder == 0 || fd < folder {
						folder = fd // the first of the export's own
					}
				} else {
					from = max(from, fd+1)
				}
			}
			if folder < from {
				t.Fatalf("the export's hidden folder or file is locked on descriptor %d, below the store's (%d):\n%s", folder, from, calls)
			}

			cmd := export(c.out)
			cmd.Env = append(cmd.Env, fmt.Sprintf("SKEIN_TEST_NOLOCKS_FROM=%d", from))
			b, err := cmd.CombinedOutput()
			said := string(b)
			if err != nil || !strings.Contains(said, "exit 0\n") {
				t.Fatalf("export with flock refused: %v\n%s", err, said)
			}
			// It names the folder the hidden ones are in, for skein check -export.
			if !c.note.MatchString(said) || !strings.Contains(said, "(skein check -export "+base+" lists them)") {
				t.Errorf("export said\n%s\nwant a note that the disk cannot lock", said)
			}
			if n := strings.Count(said, "cannot lock files"); n != 1 {
				t.Errorf("export said it %d times, want once:\n%s", n, said)
			}
			ents, _ := os.ReadDir(base)
			var names []string
			for _, e := range ents {
				names = append(names, e.Name())
			}
			if strings.Contains(strings.Join(names, " "), ".skein-export-") {
				t.Errorf("the export left beside it: %v", names)
			}
			if _, err := os.Stat(filepath.Join(base, c.made)); err != nil {
				t.Errorf("no export: %v", err)
			}
		})
	}
}
