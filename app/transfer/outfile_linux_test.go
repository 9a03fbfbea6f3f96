//go:build linux

package transfer

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skein-news/skein/app/internal/stracetest"
)

// The window's file export (OutFile) is on the disk before its rename and
// the rename after: it was renamed unsynced, so a power loss after "wrote"
// could leave the file empty under its name. Watched as the system sees
// it, in a child under strace, which logs each fsync with its file's path.
func TestOutFileSyncedBeforeRename(t *testing.T) {
	if path := os.Getenv("SKEIN_TEST_OUTFILE_SYNC"); path != "" {
		out, err := CreateOut(path)
		if err == nil {
			out.WriteString("{\"text\":\"a\"}\n")
			err = out.Commit()
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	stracetest.Need(t)
	dir := stracetest.Dir(t)
	path := filepath.Join(dir, "all.jsonl")
	cmd := exec.Command(os.Args[0], "-test.run=^TestOutFileSyncedBeforeRename$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SKEIN_TEST_OUTFILE_SYNC="+path)
	// fsync(3</…/.skein-export-…>, rename("/…/.skein-export-…", "/…/all.jsonl"), fsync(3</…>)
	got := stracetest.Trace(t, cmd).String()
	tmp := regexp.MustCompile(`rename (\S+) ` + regexp.QuoteMeta(path)).FindStringSubmatch(got)
	if tmp == nil {
		t.Fatalf("no rename to %s:\n%s", path, got)
	}
	want := "sync " + tmp[1] + "\nrename " + tmp[1] + " " + path + "\nsync " + dir
	if !strings.Contains(got, want) {
		t.Errorf("calls:\n%s\nwant among them:\n%s", got, want)
	}
}
