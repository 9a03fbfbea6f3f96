package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReplacedLayerSaysHowToGetItBack: a colleague's newer export replaced
// their layer with "replaced 1 layer with newer bundles" alone, and an
// import keeps no undo. A note now names the layer and its two times and
// says where the old one still is; followed as written, a backup made
// before gives bob's claim back.
func TestReplacedLayerSaysHowToGetItBack(t *testing.T) {
	d := t.TempDir()
	store := filepath.Join(d, "s")
	importOK(t, store, writeFile(t, d, "bob.jsonl", bobsClaim))
	backup := filepath.Join(d, "before.skein-backup")
	if code, _, stderr := run(t, store, "backup", "-o", backup); code != 0 {
		t.Fatalf("backup = %d %q", code, stderr)
	}
	newer := strings.Replace(strings.Replace(bobsClaim, `"claim"`, `"accusation"`, 1), `"modified":"2026-11-22T02:45:30.512Z"`, `"modified":"2026-11-23T02:45:30.512Z"`, 1)
	f := writeFile(t, d, "newer.jsonl", newer)
	out, stderr := importOK(t, store, f)
	if want := "note: " + f + ":1: replaced bob's layer on article "; !strings.Contains(out, "; replaced 1 layer with newer bundles") || !strings.Contains(stderr, want) ||
		!strings.Contains(stderr, "2026-11-22") || !strings.Contains(stderr, "2026-11-23") ||
		!strings.Contains(stderr, "restore that backup into a new folder (skein -store NEW restore FILE, or File ▸ Restore…) and export the layer from there (skein -store NEW export -annotator bob)\n") {
		t.Errorf("bob's newer export said\n%s%s\nwant %q… naming both times and the way back", out, stderr, want)
	}
	// The way back, as the note says it.
	old := filepath.Join(d, "new")
	if code, _, stderr := run(t, old, "restore", backup); code != 0 {
		t.Fatalf("restore = %d %q", code, stderr)
	}
	code, got, stderr := run(t, old, "export", "-annotator", "bob")
	if code != 0 || !strings.Contains(got, `"label":"claim"`) {
		t.Errorf("export -annotator bob of the restored backup = %d %q %q; want bob's claim", code, got, stderr)
	}
}
