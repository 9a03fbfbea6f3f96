package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/app/team"
)

// An assign.json too large for the store to keep (over its 16 MB a value:
// anyone of the team can write one, the file may hold 64 MB) replaced the
// assignment the window read before, and the store still kept that one:
// a window started later with the folder away put alice's articles first
// by it and said it went on "with the assignment read on …", though the
// team had replaced it. None is kept then: that window orders nothing
// and says nothing of an assignment it keeps to.
func TestAssignmentTooLargeToKeepLeavesNoneKept(t *testing.T) {
	st, folder, w := assignedWindow(t)
	// The new one gives alice nothing, and names annotators enough to
	// pass 16 MB.
	names := []string{"alice", "bob", "carol"}
	for i := 0; len(names)*66 < 17<<20; i++ {
		names = append(names, fmt.Sprintf("%063d", i)+"x")
	}
	big, err := json.Marshal(&team.Assignment{Format: team.Format, Annotators: names, PerArticle: 1, Articles: map[string][]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "assign.json"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the new assignment read", func() bool {
		a, err := w.opt.Assignment()
		ta, ok := a.(*team.Assignment)
		return err == nil && ok && len(ta.Annotators) == len(names)
	})
	w.shutdown()
	w = startedAway(t, st, folder)
	if got := w.tm.panel.State().Err; strings.Contains(got, "go on with the assignment") {
		t.Errorf("the folder's sync said %q; want no assignment kept to: the one kept was replaced", got)
	}
	if got := w.docList.CountText(); strings.Contains(got, "assigned first") {
		t.Errorf("the list says %q: it orders by the assignment replaced", got)
	}
}
