//go:build linux

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/app/internal/nolocktest"
)

// skein check -export on a disk that cannot lock files (the kernel
// refuses flock in the checking process, as an NFS mount without its lock
// service does), where an export was killed: the hidden export file and
// the journal are each said to be of that process, where no export can
// tell a killed one's from one under way, each with the command that
// removes it (the journal with the copies it kept, the marker, the hidden
// folder a brat export leaves), quoted for a POSIX shell in a folder
// whose name holds a space, quotes, $, backquotes and a newline; nothing
// in the folder changes, and the commands given, run by sh, remove every
// hidden thing and nothing else.
func TestCheckExportOnADiskThatCannotLock(t *testing.T) {
	if holdBeforeRename(t) {
		return
	}
	if dir := nolocktest.ChildArg(); dir != "" {
		nolocktest.Refuse(t, 0) // check -export opens no store
		code, out, stderr := run(t, "", "check", "-export", dir)
		fmt.Printf("exit %d\n%s%s-- said\n", code, out, stderr)
		return
	}
	_, parent, pid := killedSplit(t, "TestCheckExportOnADiskThatCannotLock")
	dir := intoOddFolder(t, parent) // each command given must quote its name
	// And the hidden folder a brat export killed there leaves.
	hidden := filepath.Join(dir, formats.ExportFileName(0xab, pid))
	if err := os.MkdirAll(filepath.Join(hidden, "wire"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(hidden, "wire"), "a.ann", "T1\tactor 0 5\tKakar\n")
	before := snapshot(t, dir)
	said := nolocktest.InChild(t, dir)
	if !strings.Contains(said, "exit 0\n") {
		t.Fatalf("check -export under the filter:\n%s", said)
	}
	same(t, before, snapshot(t, dir))
	p := strconv.Itoa(pid)
	tag := `[0-9a-f]{16}-[0-9a-f]{16}-` + p
	rm := ` (rm -- '.*)$` // the folder's name quoted
	things := records(said)
	for _, want := range []string{
		`^\.skein-export-` + tag + `: a hidden export file of process ` + p + `, on a disk that cannot lock files \(or a system without file locks\), where no export can tell a killed one's from one being written: no export removes it; once no export is running, remove it:` + rm,
		`^\.skein-export-00000000000000ab-[0-9a-f]{16}-` + p + `: a hidden export folder of process ` + p + `, on a disk that cannot lock files \(or a system without file locks\), where no export can tell a killed one's from one being written: no export removes it; once no export is running, remove it: (rm -r -- '.*)$`,
		`^\.skein-keep-` + tag + `: the journal of an export of process ` + p + `, on a disk that cannot lock files \(or a system without file locks\), where no export can tell a killed one's from one under way \(it kept ner\.labels\.json's old content in \.skein-old-[0-9a-f]{16}, .*\): no export acts on it; once no export is running, remove it and the copies it kept \(export again first if a kill left the files it wrote mixed\):` + rm,
		// Not "an export under way": the journal's lock cannot be told.
		`^\.skein-split-ner: the split's marker of an export of process ` + p + `, on a disk that cannot lock files \(or a system without file locks\), where no export can tell a killed one's from one under way \(its journal \.skein-keep-` + tag + `\), for ner\.dev\.jsonl, ner\.test\.jsonl and ner\.train\.jsonl: the next export -split to them writes over it and deletes nothing it names; once no export is running, remove it:` + rm,
		`^export folder ` + regexp.QuoteMeta(dir) + `: 6 things exports left \(above\); nothing was changed$`,
	} {
		if !slices.ContainsFunc(things, regexp.MustCompile(`(?s)`+want).MatchString) {
			t.Errorf("check -export said\n%s\nwant a line matching %s", said, want)
		}
	}
	if strings.Contains(said, "killed here") || strings.Contains(said, "under way (process") || strings.Contains(said, "the next export into this folder") {
		t.Errorf("on a disk that cannot lock, check -export said what the next export does:\n%s", said)
	}
	// The commands given, each run by sh, remove every hidden thing, each
	// once (a name given twice makes the second rm fail), and nothing
	// else: the parts and the label list stay.
	for p := range before {
		if strings.HasPrefix(strings.TrimPrefix(p, dir+"/"), ".skein-") {
			delete(before, p)
		}
	}
	for _, th := range things {
		if _, cmd, ok := strings.Cut(th, ": rm "); ok {
			if out, err := exec.Command("sh", "-c", "rm "+cmd).CombinedOutput(); err != nil {
				t.Errorf("sh -c %q: %v %s", "rm "+cmd, err, out)
			}
		}
	}
	same(t, before, snapshot(t, dir))
}

// records are the things check -export said, one each: a line, with the
// lines a folder's name of several lines breaks it into.
func records(said string) []string {
	var out []string
	for _, l := range strings.Split(said, "\n") {
		if len(out) > 0 && !strings.HasPrefix(l, ".skein-") && !strings.HasPrefix(l, "export folder ") && !strings.HasPrefix(l, "exit ") && l != "-- said" {
			out[len(out)-1] += "\n" + l
			continue
		}
		out = append(out, l)
	}
	return out
}
