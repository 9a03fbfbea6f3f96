package app

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"time"

	"github.com/skein-news/skein/app/review"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/store"
)

// assignmentReader returns what reads the assignment of the team folder st
// is connected to, as `skein agree` and `skein curate` read it
// (team.StoreAssignment), for review. Review asks for it for every article
// it counts, so assign.json is read again only when it is another file
// than the one read last (written anew, by File ▸ Team ▸ Assign…, skein
// assign or a colleague's sync), or its time or size changed.
//
// An assign.json cut short (half synced, still being copied:
// team.ErrNotWhole) after a whole one was read from the folder leaves that
// one in force: it is returned
// with a *review.Unread saying what is wrong with the new file, until the
// file is whole again (review counts by it then, and again only if it is
// another assignment). Without one read before, or where the file is
// whole but refused, damaged within or conflicted, the *review.Unread is
// returned alone: review counts no article by it, as `skein agree`
// measures none. Other errors (the store's) are returned as they are.
func assignmentReader(st *store.Store) func() (review.Assignment, error) {
	var (
		mu   sync.Mutex
		dir  string
		read os.FileInfo // assign.json as it was when read, nil not read
		a    *team.Assignment
		bad  error // what was wrong with assign.json as read, nil whole
		// kept is a as the store kept it, with when it was read from
		// the folder, where it came from there (a window started with
		// the folder away); nil where a was read from the folder.
		kept *keptRead
	)
	return func() (review.Assignment, error) {
		d, err := team.Folder(st)
		if errors.Is(err, team.ErrNoFolder) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		now, _ := os.Stat(filepath.Join(d, "assign.json")) // before the read: a newer file is read again next time
		// The folder away (moved, its disk unplugged): its assign.json
		// is not gone, only out of reach, so the one read before stays
		// in force until it is back, as the list keeps to it (runTeam).
		away := team.Away(d) != nil
		mu.Lock()
		defer mu.Unlock()
		if d != dir || !away && (read == nil || now == nil || !sameFile(read, now)) {
			if d != dir {
				a = nil // another folder's assignment is no one's here
			}
			got, err := team.ReadAssignment(d)
			dir, read, bad = d, now, err
			if !away {
				kept = nil
			}
			switch {
			case away && a == nil:
				// None read yet (a window started with the folder away):
				// the last one read whole, kept in the store, until it
				// is back (read again then: nothing of it noted here).
				var at time.Time
				a, at, bad = team.KeptAssignment(st, d)
				read = nil
				if a != nil {
					kept = &keptRead{a, at}
				}
			case err != nil && !errors.Is(err, team.ErrNotWhole):
				// Whole but refused (a newer skein's, a field wrong),
				// damaged within, a git conflict: the team replaced the
				// assignment, or must mend it, and it stays so until
				// someone writes another; counting on by the old one
				// showed what it no longer gives.
				a = nil
			case err == nil && (got == nil || a == nil || !reflect.DeepEqual(*got, *a)):
				a = got // another assignment: review counts again
				// Kept for a window started while the folder is away.
				// A store that cannot write it (opened read-only) keeps
				// none, and such a window orders nothing, as before.
				_ = team.KeepAssignment(st, d, got, time.Now())
			}
		}
		switch {
		case bad != nil && a == nil:
			return nil, &review.Unread{Err: bad} // nothing to keep to: review counts none
		case bad != nil:
			return a, &review.Unread{Err: bad} // the last whole one, until the file is whole
		case a == nil:
			return nil, nil // no assignment: not a nil *team.Assignment, which is one
		case kept != nil && kept.Assignment == a:
			return kept, nil
		}
		return a, nil // the same value while assign.json is unchanged
	}
}

// keptRead is the assignment kept in the store (team.KeptAssignment) that
// a window started with the team folder away keeps to, and when it was
// read from the folder: the status line says when ("the assignment read
// on 7 Dec at 14:02"), as "read before" told a researcher back after days
// nothing of how old it was.
type keptRead struct {
	*team.Assignment
	read time.Time
}

// sameFile reports whether two looks at a file found it unchanged: the same
// file, time and size.
func sameFile(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.ModTime().Equal(b.ModTime()) && a.Size() == b.Size()
}
