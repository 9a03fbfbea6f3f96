package team

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/skein-news/skein/store"
)

// metaAssignment is the last assignment read whole from the store's team
// folder (keptAssignment, JSON), "" where it held none.
const metaAssignment = "team.assignment"

// keptAssignment is the record KeepAssignment writes: which folder's, when
// it was read, and the assignment.
type keptAssignment struct {
	Dir        string      `json:"dir"`
	Read       time.Time   `json:"read"`
	Assignment *Assignment `json:"assignment"`
}

// KeepAssignment records in st a, the assignment just read whole from the
// team folder dir (nil: the folder holds none), so that a window started
// while the folder is away (moved, its disk unplugged) still orders the
// list and review by it: it was kept only in memory, and such a window
// had none to keep to.
func KeepAssignment(st *store.Store, dir string, a *Assignment, at time.Time) error {
	if a == nil {
		return st.SetMeta(metaAssignment, "")
	}
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
	v, ok, err := st.Meta(metaAssignment)
	if err != nil || !ok || v == "" {
		return nil, time.Time{}, err
	}
	var k keptAssignment
	if err := json.Unmarshal([]byte(v), &k); err != nil {
		return nil, time.Time{}, fmt.Errorf("the store's record of the last assignment read (%s) cannot be read: %v", metaAssignment, err)
	}
	if k.Dir != dir || k.Assignment == nil {
		return nil, time.Time{}, nil
	}
	return k.Assignment, k.Read, nil
}
