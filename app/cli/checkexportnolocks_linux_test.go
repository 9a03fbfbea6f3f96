//go:build linux

package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/skein-news/skein/app/internal/nolocktest"
)

// skein check -export on a disk that cannot lock files (the kernel
// refuses flock in the checking process, as an NFS mount without its lock
// service does), where an export was killed: the hidden export file and
// the journal are each said to be of that process, where no export can
// tell a killed one's from one under way, the file with the command that
// removes it; nothing in the folder changes, and the command given, run,
// removes that file and nothing else.
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
	_, dir, pid := killedSplit(t, "TestCheckExportOnADiskThatCannotLock")
	before := snapshot(t, dir)
	said := nolocktest.InChild(t, dir)
	if !strings.Contains(said, "exit 0\n") {
		t.Fatalf("check -export under the filter:\n%s", said)
	}
	same(t, before, snapshot(t, dir))
	p := strconv.Itoa(pid)
	for _, want := range []string{
		`(?m)^(\.skein-export-[0-9a-f]{16}-[0-9a-f]{16}-` + p + `): a hidden export file of process ` + p + `, on a disk that cannot lock files \(or a system without file locks\), where no export can tell a killed one's from one being written: no export removes it; once no export is running, remove it: (rm -- \S+)$`,
		`(?m)^\.skein-keep-[0-9a-f]{16}-[0-9a-f]{16}-` + p + `: the journal of an export of process ` + p + `, on a disk that cannot lock files \(or a system without file locks\), where no export can tell a killed one's from one under way \(it kept ner\.labels\.json's old content in \.skein-old-[0-9a-f]{16}, .*\): no export acts on it$`,
		// Not "an export under way": the journal's lock cannot be told.
		`(?m)^\.skein-split-ner: the split's marker of an export of process ` + p + `, on a disk that cannot lock files \(or a system without file locks\), where no export can tell a killed one's from one under way \(its journal \.skein-keep-[0-9a-f]{16}-[0-9a-f]{16}-` + p + `\), for ner\.dev\.jsonl, ner\.test\.jsonl and ner\.train\.jsonl: the next export -split to them writes over it and deletes nothing it names$`,
		`(?m)^export folder ` + regexp.QuoteMeta(dir) + `: 5 things exports left \(above\); nothing was changed$`,
	} {
		if !regexp.MustCompile(want).MatchString(said) {
			t.Errorf("check -export said\n%s\nwant a line matching %s", said, want)
		}
	}
	if strings.Contains(said, "killed here") || strings.Contains(said, "under way (process") || strings.Contains(said, "the next export into this folder") {
		t.Errorf("on a disk that cannot lock, check -export said what the next export does:\n%s", said)
	}
	// The command given removes that file, and nothing else.
	m := regexp.MustCompile(`(?m)^(\.skein-export-\S+): .* remove it: rm -- (\S+)$`).FindStringSubmatch(said)
	if m == nil {
		t.Fatal("no command given")
	}
	if m[2] != filepath.Join(dir, m[1]) {
		t.Errorf("the command removes %s, want %s", m[2], filepath.Join(dir, m[1]))
	}
	delete(before, filepath.Join(dir, m[1]))
	if err := os.Remove(m[2]); err != nil {
		t.Fatal(err)
	}
	same(t, before, snapshot(t, dir))
}
