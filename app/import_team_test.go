package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// File ▸ Import folder… on a team folder read skein's own files as a
// corpus: each owner.json as Label Studio tasks ("task 1: no text in
// \"data\""). The window says what the folder is and to connect it,
// importing nothing; a corpus holding one is imported without it, and
// the report says it was left out. (Fyne's test driver: the dialog's
// text, as the other import tests read it.)
func TestImportFolderOfATeamFolder(t *testing.T) {
	st, _ := reviewStore(t)
	folder, e := aliceTeamFolder(t, st)
	if _, err := e.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(folder, "layers", "*", "*", "owner.json")); len(m) == 0 {
		t.Fatal("the team folder holds no owner.json: the test shows nothing")
	}
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	before := len(w.docList.Docs())
	w.importPaths([]string{folder})
	settle(w)
	msg := dialogText(t, w)
	want := folder + ": it is a skein team folder (it holds skein-team.json), not a corpus to import: its files (owner.json, layers/…, articles/…) are skein's own, which a sync reads; nothing was imported. To work with it, connect it: skein team " + folder + " (in the window, File ▸ Team ▸ Folder…)"
	if !strings.Contains(msg, "Nothing was imported: 1 problem.") || !strings.Contains(msg, want) || strings.Contains(msg, "task 1") {
		t.Errorf("Import folder… of a team folder says %q; want the one problem\n%s", msg, want)
	}
	if n := len(w.docList.Docs()); n != before {
		t.Errorf("%d articles after the refused import, want %d", n, before)
	}
	w.win.Canvas().Overlays().Remove(topDialog(t, w))

	corpus := t.TempDir()
	if out, err := exec.Command("cp", "-r", folder, corpus).CombinedOutput(); err != nil {
		t.Skipf("cp: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(corpus, "torkham.txt"), []byte("Islamabad closed the Torkham border crossing on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.importPaths([]string{corpus})
	settle(w)
	msg = dialogText(t, w)
	note := "a skein team folder (it holds skein-team.json), left out: " + filepath.Join(corpus, "team") + "; its files are skein's own"
	if !strings.Contains(msg, note) {
		t.Errorf("Import folder… of a corpus holding a team folder says %q; want %q", msg, note)
	}
	if n := len(w.docList.Docs()); n != before+1 {
		t.Errorf("%d articles after importing the corpus, want %d (torkham.txt alone)", n, before+1)
	}
}
