package team

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/tmpfstest"
	"github.com/skein-news/skein/store"
)

// fullDisk is alice's store and engine on a team folder on a tmpfs, one
// article shared, the disk then filled (a file "filler" takes the room).
func fullDisk(t *testing.T) (folder string, st *store.Store, e *Engine, d *annotate.Document) {
	t.Helper()
	folder = tmpfstest.New(t, 64<<10)
	st = openStore(t, t.TempDir())
	e = open(t, st, folder, "alice")
	d = addDoc(t, st, kakar, "Pakistan Blames Afghanistan")
	syncOnce(t, e)
	tmpfstest.Fill(t, folder, 0)
	return folder, st, e, d
}

// A sync into a team folder on a full disk says it is the team folder,
// which one, the file it could not write and what to do, not the name of
// a temporary file; once there is room the next sync writes the work.
func TestTeamFolderFullDisk(t *testing.T) {
	folder, st, e, d := fullDisk(t)
	addSpan(t, st, d, "alice", "actor", 25, 47)
	_, err := e.Sync(context.Background())
	rel := "layers/alice/" + e.Machine() + "/" + d.ID[:2] + ".jsonl"
	want := "team folder " + folder + ": cannot write " + rel + ": no space left on device; its disk is full: make room there; your work is in the store, and the next sync writes it"
	if err == nil || err.Error() != want {
		t.Fatalf("sync on a full disk: %v; want %q", err, want)
	}
	os.Remove(filepath.Join(folder, tmpfstest.Filler))
	syncOnce(t, e)
	if b, err := os.ReadFile(filepath.Join(folder, filepath.FromSlash(rel))); err != nil || !strings.Contains(string(b), `"label":"actor"`) {
		t.Errorf("the layer file once there is room: %v %s; want the span", err, b)
	}
}

// A window's write that fails on a full disk is made whole by the next
// one, though no later change names the article again: the work does not
// wait for the next start to reach the folder.
func TestTeamFolderFullDiskWindowWrite(t *testing.T) {
	folder, st, e, d := fullDisk(t)
	addSpan(t, st, d, "alice", "actor", 25, 47)
	e.Changed(d.ID)
	if _, err := e.Publish(context.Background()); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("a write on a full disk: %v; want no space left", err)
	}
	os.Remove(filepath.Join(folder, tmpfstest.Filler))
	// The next change is on an article of another layer file.
	var d2 *annotate.Document
	for i := 0; d2 == nil || d2.ID[:2] == d.ID[:2]; i++ {
		d2 = addDoc(t, st, fmt.Sprintf("Kabul denied the claim, %d times.\n", i), "Kabul")
	}
	addSpan(t, st, d2, "alice", "actor", 0, 5)
	e.Changed(d2.ID)
	if _, err := e.Publish(context.Background()); err != nil {
		t.Fatal(err)
	}
	rel := "layers/alice/" + e.Machine() + "/" + d.ID[:2] + ".jsonl"
	if b, err := os.ReadFile(filepath.Join(folder, filepath.FromSlash(rel))); err != nil || !strings.Contains(string(b), `"label":"actor"`) {
		t.Errorf("the layer file at the write after the one that failed: %v %s; want the span", err, b)
	}
}

// Articles written on a full disk (several at once) fail with the team
// folder's message naming one of them, leave no temporary file, and are
// all written by the next sync once there is room.
func TestTeamFolderFullDiskArticles(t *testing.T) {
	folder, st, e, _ := fullDisk(t)
	for i := range 8 {
		addDoc(t, st, fmt.Sprintf("Kabul denied the claim, %d times.\n", i), "Kabul")
	}
	_, err := e.Sync(context.Background())
	prefix := "team folder " + folder + ": cannot write articles/"
	if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), ": no space left on device; its disk is full") {
		t.Fatalf("sync of 8 articles on a full disk: %v; want %q…", err, prefix)
	}
	os.Remove(filepath.Join(folder, "filler"))
	syncOnce(t, e)
	ents, err := os.ReadDir(filepath.Join(folder, "articles"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ent := range ents {
		names = append(names, ent.Name())
	}
	if len(names) != 9 || strings.Contains(strings.Join(names, " "), ".skein-tmp") {
		t.Errorf("articles/ once there is room: %v; want the 9 articles alone", names)
	}
}
