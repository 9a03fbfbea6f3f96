package app

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sync"

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
func assignmentReader(st *store.Store) func() (review.Assignment, error) {
	var (
		mu   sync.Mutex
		dir  string
		read os.FileInfo // assign.json as it was when read, nil not read
		a    *team.Assignment
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
		mu.Lock()
		defer mu.Unlock()
		if d != dir || read == nil || now == nil || !sameFile(read, now) {
			got, err := team.ReadAssignment(d)
			if err != nil {
				read = nil
				return nil, err
			}
			if got == nil || a == nil || !reflect.DeepEqual(*got, *a) {
				a = got // another assignment: review counts again
			}
			dir, read = d, now
		}
		if a == nil {
			return nil, nil // no assignment: not a nil *team.Assignment, which is one
		}
		return a, nil // the same value while assign.json is unchanged
	}
}

// sameFile reports whether two looks at a file found it unchanged: the same
// file, time and size.
func sameFile(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.ModTime().Equal(b.ModTime()) && a.Size() == b.Size()
}
