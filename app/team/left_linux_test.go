package team

import (
	"os"
	"testing"
	"time"
)

// A team folder on a disk unplugged (a real tmpfs unmounted) removes no
// colleague's work however long it stays out, whether the folder was one
// inside the disk (gone with it) or the disk's mount point itself (left
// there empty): every colleague's folder is gone from it, but the folder
// is not there, so nothing is read. Plugged back, nothing was removed.
func TestUnpluggedFolderRemovesNoColleague(t *testing.T) {
	for _, atMount := range []bool{false, true} {
		later := laterClock(t)
		dk := newDisk(t)
		dir := dk.team()
		if atMount {
			dir = dk.mount
		} else if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
		ea := open(t, a, dir, "alice")
		eb := open(t, b, dir, "bilal")
		d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
		addSpan(t, a, d, "alice", "actor", 25, 47)
		syncOnce(t, ea)
		syncOnce(t, eb)
		held := func(when string) {
			t.Helper()
			if got := aliceIn(t, b); got[0] != 1 {
				t.Fatalf("folder at the mount point %v, %s: alice's spans in bilal's store: %d, want 1", atMount, when, got[0])
			}
		}
		held("before the unplugging")
		dk.unplug(t)
		for i := range 4 {
			later(decisionsGoneWait)
			// A read alone, as the window's between its writes.
			rep, err := eb.Pull(t.Context())
			if err == nil || len(rep.Left) > 0 {
				t.Fatalf("folder at the mount point %v: read %d with the disk out took it for a team folder (%v; left %+v)", atMount, i, err, rep.Left)
			}
			if _, err := eb.Sync(t.Context()); err == nil {
				t.Fatalf("folder at the mount point %v: sync %d with the disk out took it for a team folder", atMount, i)
			}
			held("the disk out")
		}
		dk.plug(t)
		later(time.Hour)
		if rep := syncOnce(t, eb); len(rep.Left) > 0 {
			t.Errorf("folder at the mount point %v: the sync with the disk back removed %+v", atMount, rep.Left)
		}
		held("the disk back")
	}
}
