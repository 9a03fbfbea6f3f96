//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOwnLayerRefusalCountsAgree: skein import of a bundle changing your
// own layer, where you hold one span of the article, said "where you
// already have 1 span that differ". The verb agrees with the count now,
// and the refusal still changes nothing.
func TestOwnLayerRefusalCountsAgree(t *testing.T) {
	skein, dir, _, _ := aliceOnTeam(t)
	bundle := filepath.Join(dir, "mine.jsonl")
	skein.must("-user", "alice", "export", "-o", bundle)
	b, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(b), `"label":"actor"`, `"label":"claim"`, 1)
	if changed == string(b) {
		t.Fatalf("alice's export holds no actor span to relabel:\n%s", b)
	}
	if err := os.WriteFile(bundle, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	listed := skein.must("list")
	code, _, stderr := skein.run("-user", "alice", "import", bundle)
	if want := "where you already have 1 span that differs: skein will not overwrite your work by accident"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("import of alice's relabelled bundle = %d, %q; want 1 and %q", code, stderr, want)
	}
	if got := skein.must("list"); got != listed {
		t.Errorf("after the refusal the store lists\n%s\nwant, as before\n%s", got, listed)
	}
}
