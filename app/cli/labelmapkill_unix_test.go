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

// skein import -map killed at random moments, again and again, leaves each
// article whole, its spans read as -map reads them, or not there; the same
// import run to its end then gives the store one uninterrupted import
// gives, no span twice, and an import repeated changes nothing.
func TestImportMapKilled(t *testing.T) {
	if asChild(t, "SKEIN_TEST_MAP_KILL") {
		return
	}
	var b strings.Builder
	for i := range 3000 {
		text := fmt.Sprintf("Mujahid %04d denied it and Kabul said the claim was false.", i)
		fmt.Fprintf(&b, `{"text":%q,"entities":[{"id":1,"label":"ACTOR","start_offset":0,"end_offset":7},{"id":2,"label":"claim","start_offset":28,"end_offset":%d}]}`+"\n", text, len(text))
	}
	file := filepath.Join(t.TempDir(), "a.jsonl")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-user", "al", "import", "-format", "doccano", "-map", "ACTOR=actor", file}
	clean := t.TempDir()
	if code, out, stderr := run(t, clean, args...); code != 0 || !strings.Contains(out, "imported 3000 new documents") {
		t.Fatalf("import = %d %s %s", code, out, stderr)
	}
	want := storeDump(t, clean)
	if strings.Count(want, `"label":"actor"`) != 3000 || strings.Contains(want, `"label":"ACTOR"`) {
		t.Fatalf("the import did not read ACTOR as actor:\n%.1000s", want)
	}

	store := t.TempDir()
	child := func() *exec.Cmd { return childRun("TestImportMapKilled", "SKEIN_TEST_MAP_KILL", store, args) }
	start := time.Now()
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("a whole import: %v\n%s", err, out)
	}
	took := time.Since(start)
	os.RemoveAll(store)
	storeDump(t, store) // made and seeded before the kills
	partial := 0
	for i := range 10 {
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(took))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got := storeDump(t, store)
		if d := dumpDiff(got, want); !strings.HasPrefix(d, "0 lines not in") {
			t.Fatalf("after kill %d the store holds articles the import does not leave so: %s", i, d)
		}
		if got == want {
			os.RemoveAll(store) // done: kill the next one from the start
			storeDump(t, store)
		} else {
			partial++
		}
	}
	t.Logf("%d of 10 kills left the import not done", partial)
	for _, when := range []string{"after the kills", "repeated"} {
		if code, _, stderr := run(t, store, args...); code != 0 {
			t.Fatalf("the import %s = %d %s", when, code, stderr)
		}
		if got := storeDump(t, store); got != want {
			t.Fatalf("the import %s: %s", when, dumpDiff(got, want))
		}
	}
}
