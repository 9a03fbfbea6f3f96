package team

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/skein-news/skein/store"
)

// metaAssignment is the last assignment read whole from the store's team
// folder (keptAssignment, JSON), "" where none was ever kept.
const metaAssignment = "team.assignment"

// keptAssignment is the record KeepAssignment writes: which folder's, when
// it was read, and the assignment, nil where the folder held none.
type keptAssignment struct {
	Dir        string      `json:"dir"`
	Read       time.Time   `json:"read"`
	Assignment *Assignment `json:"assignment"`
}

// KeepAssignment records in st a, the assignment just read whole from the
// team folder dir (nil: the folder holds none), so that a window started
// while the folder is away (moved, its disk unplugged) still orders the
// list and review by it, and skein agree and skein curate count by it: it
// was kept only in memory, and such a window had none to keep to. A
// folder read holding none is recorded as such, so that the commands can
// tell it from a store that never read the folder.
func KeepAssignment(st *store.Store, dir string, a *Assignment, at time.Time) error {
	b, err := json.Marshal(keptAssignment{Dir: dir, Read: at.UTC(), Assignment: a})
	if err == nil {
		err = st.SetMeta(metaAssignment, string(b))
	}
	if err != nil {
		// Not kept (an assign.json of more than the store's 16 MB a
		// value, which anyone of the team can write): the one read
		// before stayed, and a window started with the folder away
		// ordered the list and review by an assignment replaced since,
		// saying when it was read. None is kept then.
		st.SetMeta(metaAssignment, "")
	}
	return err
}

// KeptAssignment is the assignment KeepAssignment last recorded of the
// team folder dir, and when it was read; nil where none is kept, or one of
// another folder. A record that cannot be read is said, naming the store's
// key, and kept to by no one.
func KeptAssignment(st *store.Store, dir string) (*Assignment, time.Time, error) {
	k, err := kept(st, dir)
	if k == nil || k.Assignment == nil {
		return nil, time.Time{}, err
	}
	return k.Assignment, k.Read, nil
}

// kept is the record KeepAssignment last wrote of the team folder dir,
// nil where there is none of it.
func kept(st *store.Store, dir string) (*keptAssignment, error) {
	v, ok, err := st.Meta(metaAssignment)
	if err != nil || !ok || v == "" {
		return nil, err
	}
	var k keptAssignment
	if err := json.Unmarshal([]byte(v), &k); err != nil {
		return nil, fmt.Errorf("the store's record of the last assignment read (%s) cannot be read: %v", metaAssignment, err)
	}
	if k.Dir != dir {
		return nil, nil
	}
	return &k, nil
}

// StoreAssignment is the assignment in the team folder st is connected to,
// as who (skein agree, skein curate, the agreement report) counts by it;
// nil where there is no folder or no assignment. note is what who says on
// its way: "" where the folder was read.
//
// A folder away (moved, its disk unplugged) leaves its assign.json out of
// reach, not gone: who goes on with the last assignment read whole from
// it, kept in the store (KeepAssignment), as the window's review and list
// do, and note says so in the window's words, with when it was read. A
// folder last read holding none goes on with none. Where no read of the
// folder was ever kept (a store that connected it before skein kept them,
// and has not synced since), the error says so, in the sync's sentence: who
// cannot know what counts, and stops, measuring nothing.
func StoreAssignment(st *store.Store, who string) (a *Assignment, note string, err error) {
	dir, err := Folder(st)
	if errors.Is(err, ErrNoFolder) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	var g *goneError
	if !errors.As(folderThere(dir), &g) {
		a, err := ReadAssignment(dir)
		return a, "", err
	}
	k, err := kept(st, dir)
	switch {
	case err != nil:
		return nil, "", err
	case k == nil:
		return nil, "", &goneError{msg: goneSaid(g.dir, g.why, "its assign.json is out of reach, and this store keeps no assignment read from it (the window and skein sync keep the last one they read), so "+
			who+" stops at it, measuring nothing: run the command again once the folder is back"), dir: g.dir, why: g.why}
	case k.Assignment == nil:
		return nil, goneSaid(g.dir, g.why, "its assign.json is out of reach, and the folder held none when it was read "+On(k.Read, time.Now())+
			": until it is back, "+who+" counts each article for those who worked on it, as the window's review does"), nil
	}
	return k.Assignment, goneSaid(g.dir, g.why, "its assign.json is out of reach: until it is back, "+who+" goes on with the assignment read "+On(k.Read, time.Now())+
		", as the window's review and list do"), nil
}

// On says when t was, a day and a time as a person says them, in the
// local time zone: "on 7 Dec at 14:02", the year added where it is not
// now's ("on 30 Dec 2025 at 09:15").
func On(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	if t.Year() != now.Year() {
		return t.Format("on 2 Jan 2006 at 15:04")
	}
	return t.Format("on 2 Jan at 15:04")
}

// keepAssignment keeps a, just read whole from the engine's folder (nil:
// it holds none), in the store, for skein agree and skein curate, and a
// window started, while the folder is away (StoreAssignment): kept by the
// window's review alone, a store only ever synced by skein sync kept
// none. None is written only where the store keeps another, and only
// with the folder still there, as an assign.json not found in a folder
// moving away is out of reach, not gone. A store that cannot be written
// (opened read-only) keeps nothing, as before.
func (e *Engine) keepAssignment(a *Assignment) {
	if a == nil {
		if k, err := kept(e.st, e.dir); err == nil && k != nil && k.Assignment == nil {
			return
		}
		if folderThere(e.dir) != nil {
			return
		}
	}
	_ = KeepAssignment(e.st, e.dir, a, time.Now())
}
