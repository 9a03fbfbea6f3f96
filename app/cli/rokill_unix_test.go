//go:build unix

package cli

import (
	"context"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
	"github.com/skein-news/skein/store/rofolder"
)

// A store whose skein was killed (a real kill: a child process that adds
// an article and kills itself with the store open), then made read-only,
// is read from a private copy where its log is replayed: skein list shows
// the article the killed process added, and nothing in the folder changes.
func TestReadOnlyStoreKilled(t *testing.T) {
	if dir := os.Getenv("SKEIN_TEST_KILL_OPEN"); dir != "" {
		st, err := store.Open(dir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := &annotate.Document{Title: "Added before the kill", Text: "An article added just before skein was killed."}
		d.ID = annotate.DocID(d.Text)
		if _, err := st.PutDocument(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
	dir, _ := readOnlyFixture(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestReadOnlyStoreKilled$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SKEIN_TEST_KILL_OPEN="+dir)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child: %v, want it killed\n%s", err, out)
	}
	rofolder.Make(t, dir)
	before := rofolder.State(t, dir)
	t.Setenv("TMPDIR", t.TempDir())
	code, stdout, stderr := run(t, dir, "list")
	if code != 0 || !strings.Contains(stdout, "Added before the kill") || !strings.Contains(stderr, "is read from a private copy") {
		t.Errorf("list of the killed read-only store = %d %q %q; want the article the killed process added, read from a private copy", code, stdout, stderr)
	}
	if after := rofolder.State(t, dir); !reflect.DeepEqual(before, after) {
		t.Errorf("the killed store's folder changed:\nbefore %v\nafter  %v", before, after)
	}
}
