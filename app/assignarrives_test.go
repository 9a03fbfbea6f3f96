package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/team"
)

// A colleague's Assign… arriving through the team folder reordered the
// list under the researcher and recounted review without a word: the
// status line went on saying "nothing new from bob", while skein sync
// says "a new assignment in the folder (assign.json)". The window says it
// too, once, with what follows it.
func TestNewAssignmentArrivingIsSaid(t *testing.T) {
	st, _, e, _ := firstAssigned(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	until(t, w, "the team folder's first pass", func() bool { return w.tm.folder != nil && w.tm.passed == w.tm.folder })
	settle(w)
	const want = "A new assignment arrived in the team folder (assign.json): your list puts the articles it gives you first, and review and the agreement report count by it."
	if got := w.status.Text; strings.Contains(got, "new assignment") {
		t.Fatalf("before any new assignment the status line says %q", got)
	}
	second := &team.Assignment{Format: team.Format, Annotators: []string{"alice", "bob", "carol"}, PerArticle: 2,
		Articles: map[string][]string{docKakar.ID: {"alice", "carol"}, docTaliban.ID: {"alice", "bob"}, docBorder.ID: {"bob", "carol"}}}
	if err := e.WriteAssignment(second); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the status line to say the new assignment", func() bool { return strings.Contains(w.status.Text, want) })

	// The window's own Assign… is said by Assign, never as one arrived,
	// though something else took the status line before the pass read it.
	w.assign(w.tm.folder, []string{"alice", "bob"}, 2)
	until(t, w, "Assign to say what it did", func() bool { return strings.HasPrefix(w.status.Text, "Assigned ") })
	w.setStatus("Added claim “x”")
	until(t, w, "a pass to read the window's own assign.json", func() bool { return !w.tm.ownAssign })
	settle(w)
	if got := w.status.Text; strings.Contains(got, "new assignment") {
		t.Errorf("after the window's own Assign the status line says %q", got)
	}
}
