package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTwinHostShownOnlyAsAName: skein sync's note of your layer written
// from another machine names that machine's host as its owner.json gives
// it, a file anyone sharing the folder can write. A host holding U+202E
// was printed as it was, and turned the rest of the note backwards, the
// machine's ID and the command to take its copy among it; it is left out,
// as one holding a line break is.
func TestTwinHostShownOnlyAsAName(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "team")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	laptop, desktop := filepath.Join(dir, "laptop"), filepath.Join(dir, "desktop")
	one := writeFile(t, dir, "one.jsonl", `{"text":"Kakar said it.","spans":[{"start":0,"end":5,"label":"actor"}]}`+"\n")
	for _, args := range [][]string{
		{"-store", laptop, "-user", "alice", "team", folder},
		{"-store", laptop, "-user", "alice", "import", one},
		{"-store", laptop, "-user", "alice", "sync"},
		{"-store", desktop, "-user", "alice", "team", folder},
	} {
		if code, _, stderr := run(t, "", args...); code != 0 {
			t.Fatalf("skein %q = %d %q", args, code, stderr)
		}
	}
	owners, _ := filepath.Glob(filepath.Join(folder, "layers", "alice", "*", "owner.json"))
	for _, host := range []string{"vm", "vm\u202e)dlo( 1f7bcdeb"} {
		for _, o := range owners {
			var m map[string]any
			b, err := os.ReadFile(o)
			if err != nil || json.Unmarshal(b, &m) != nil {
				t.Fatalf("%s: %v %s", o, err, b)
			}
			m["host"] = host
			b, _ = json.Marshal(m)
			os.WriteFile(o, b, 0o644)
			later := time.Now().Add(time.Duration(len(host)) * time.Second)
			os.Chtimes(o, later, later)
		}
		code, _, stderr := run(t, "", "-store", desktop, "-user", "alice", "sync")
		if code != 0 {
			t.Fatalf("sync = %d %q", code, stderr)
		}
		want := " (" + host + ") in layers/alice/"
		if host != "vm" {
			want = "your layer is also written from machine "
		}
		if !strings.Contains(stderr, want) || strings.ContainsRune(stderr, '\u202e') {
			t.Errorf("with the host %q in owner.json, sync said %q; want a note holding %q, and no U+202E", host, stderr, want)
		}
	}
}
