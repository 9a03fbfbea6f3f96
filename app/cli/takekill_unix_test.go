//go:build unix

package cli

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// skein sync -take of this machine's own folder, on a store restored from
// an older backup, killed at random moments: the store holds the folder's
// newer work on every article or on none, the folder keeps it whatever
// the kill (a sync after the kill never writes the older store's layer
// over it), and the take run again reads it all in.
func TestTakeOwnFolderKilled(t *testing.T) {
	if asChild(t, "SKEIN_TEST_TAKE_KILL") {
		return
	}
	const n = 150
	folder, alice := t.TempDir(), t.TempDir()
	lines := func(later bool) string {
		var b strings.Builder
		for i := range n {
			l := strings.Replace(kakarLine, `"8c7d8e3a1a26a1a6"`, `""`, 1)
			l = strings.Replace(l, `Afghanistan."`, fmt.Sprintf(`Afghanistan. (%04d)"`, i), 1)
			l = strings.Replace(l, `"s-alice-1"`, fmt.Sprintf(`"s-alice-1-%04d"`, i), 1)
			if later {
				l = strings.Replace(l, `}],"layers"`, fmt.Sprintf(`},{"id":"s-alice-2-%04d","start":49,"end":52,"text":"60%%","label":"figure","annotator":"alice"}],"layers"`, i), 1)
				l = strings.Replace(l, "2026-12-01T10", "2026-12-02T10", 1)
			}
			b.WriteString(l + "\n")
		}
		p := filepath.Join(t.TempDir(), "a.jsonl")
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	must := func(dir string, args ...string) string {
		t.Helper()
		code, out, stderr := run(t, dir, args...)
		if code != 0 {
			t.Fatalf("skein %v = %d\n%s%s", args, code, out, stderr)
		}
		return out
	}
	must(alice, "-user", "alice", "import", lines(false))
	must(alice, "-user", "alice", "team", folder)
	bak := filepath.Join(t.TempDir(), "alice.skein-backup")
	must(alice, "backup", "-o", bak)
	must(alice, "-user", "alice", "import", "-own", lines(true))
	must(alice, "-user", "alice", "sync")
	layers, _ := filepath.Glob(filepath.Join(folder, "layers", "alice", "*", "[0-9a-f][0-9a-f].jsonl"))
	if len(layers) == 0 {
		t.Fatal("alice's sync wrote no layer file")
	}
	machine := filepath.Base(filepath.Dir(layers[0]))
	inFolder := func() int {
		c := 0
		for p, b := range readTree(t, filepath.Join(folder, "layers", "alice", machine)) {
			if strings.HasSuffix(p, ".jsonl") {
				c += strings.Count(b, `"s-alice-2-`)
			}
		}
		return c
	}
	inStore := func(dir string) int {
		return strings.Count(must(dir, "export", "-annotator", "alice"), `"s-alice-2-`)
	}
	if got := inFolder(); got != n {
		t.Fatalf("the folder holds %d later spans, want %d", got, n)
	}
	restored := func() string {
		dir := filepath.Join(t.TempDir(), "restored")
		must(dir, "restore", bak)
		return dir
	}
	take := []string{"-user", "alice", "sync", "-take", machine}
	child := func(dir string) *exec.Cmd {
		return childRun("TestTakeOwnFolderKilled", "SKEIN_TEST_TAKE_KILL", dir, take)
	}
	dir := restored()
	start := time.Now()
	if out, err := child(dir).CombinedOutput(); err != nil {
		t.Fatalf("a whole take: %v\n%s", err, out)
	}
	took := time.Since(start)
	if got := inStore(dir); got != n {
		t.Fatalf("a whole take: %d later spans in the store, want %d", got, n)
	}
	killed, taken := 0, 0
	for i := range 8 {
		dir := restored()
		cmd := child(dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Most of a run is the sync after the take: the kills fall
		// early more often, so that some fall before the take's write.
		u := rand.Float64()
		time.Sleep(time.Duration(u * u * float64(took)))
		cmd.Process.Signal(syscall.SIGKILL)
		if cmd.Wait() != nil {
			killed++
		}
		got := inStore(dir)
		if got == n {
			taken++
		}
		if got != 0 && got != n {
			t.Fatalf("take killed %d: the store holds the later span on %d articles, want none or all %d", i, got, n)
		}
		if got := inFolder(); got != n {
			t.Fatalf("take killed %d: the folder holds %d later spans, want all %d", i, got, n)
		}
		// A plain sync after the kill keeps the folder's newer work.
		must(dir, "-user", "alice", "sync")
		if got := inFolder(); got != n {
			t.Fatalf("a sync after take %d was killed: the folder holds %d later spans, want all %d", i, got, n)
		}
		must(dir, take...)
		if got := inStore(dir); got != n {
			t.Fatalf("the take again after kill %d: %d later spans in the store, want %d", i, got, n)
		}
	}
	if killed == 0 {
		t.Fatal("every take finished before its kill: the loop tested nothing")
	}
	t.Logf("%d of 8 takes killed, %d of them once the take was written; a whole one took %v", killed, taken, took)
}
