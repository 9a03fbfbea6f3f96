//go:build unix

package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

	store := killedImports(t, "TestImportMapKilled", "SKEIN_TEST_MAP_KILL", args, want, 10)
	if code, _, stderr := run(t, store, args...); code != 0 {
		t.Fatalf("the import repeated = %d %s", code, stderr)
	}
	if got := storeDump(t, store); got != want {
		t.Fatalf("the import repeated: %s", dumpDiff(got, want))
	}
}
