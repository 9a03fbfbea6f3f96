package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/team"
)

// File ▸ Team ▸ Assign… pressed just after the team folder was moved
// away, before the folder's own pass heard of it: Assign said the folder
// is not there and that this assignment was not written, and a moment
// later the pass's "sync the team folder: … is not there" took the status
// line, saying less (nothing of the assignment) before the researcher had
// read it. Assign's message now stands.
func TestAssignMessageStandsOverTheSyncsNotThere(t *testing.T) {
	st, _ := reviewStore(t)
	folder := t.TempDir()
	if _, err := team.Connect(st, folder, "alice"); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil && w.tm.panel.State().Folder != "" })
	if err := os.Rename(folder, folder+".away"); err != nil {
		t.Fatal(err)
	}
	defer os.Rename(folder+".away", folder)
	said := w.statusSaid
	w.assign(w.tm.folder, []string{"bob", "carol"}, 1)
	until(t, w, "the folder's pass to find it away", func() bool {
		return strings.Contains(w.tm.panel.State().Err, "team folder "+folder+" is not there")
	})
	// Assign's message, whichever came first, is the one shown.
	const assignSaid = "assign the articles: team folder "
	for end := time.Now().Add(5 * time.Second); !strings.HasPrefix(w.status.Text, assignSaid) && time.Now().Before(end); {
		time.Sleep(20 * time.Millisecond)
		settle(w)
	}
	time.Sleep(100 * time.Millisecond)
	settle(w)
	if !strings.HasPrefix(w.status.Text, assignSaid) {
		t.Errorf("after Assign (%d messages since) the status line says %q; want Assign's own, %q…", w.statusSaid-said, w.status.Text, assignSaid)
	}
	// A later action of the user's replaces it, and the pass's trouble,
	// said once, is on the Team tab.
	w.setStatus("Reading on.")
	if got := w.tm.panel.State().Err; !strings.Contains(got, "it was moved or renamed") {
		t.Errorf("the Team tab says %q; want the folder not there", got)
	}
	// Moved back, the folder is said to be back, and, as no sync writes
	// an assignment later, to assign again: "is back: …" alone left the
	// researcher to remember it.
	if err := os.Rename(folder+".away", folder); err != nil {
		t.Fatal(err)
	}
	back := "The team folder " + folder + " is back: "
	until(t, w, "the folder said to be back", func() bool { return strings.HasPrefix(w.status.Text, back) })
	if want := "The assignment made while it was away was not written: assign again (File ▸ Team ▸ Assign…)."; !strings.HasSuffix(w.status.Text, want) {
		t.Errorf("the status line says %q once the folder is back; want it to end %q", w.status.Text, want)
	}
	if _, err := os.Stat(filepath.Join(folder, "assign.json")); err == nil {
		t.Errorf("an assignment made while the folder was away is in it once it is back")
	}
}

// An assign.json git's markers made unreadable: the researcher assigns
// again, as the refusal says to, and the status line says "Assigned 3
// articles (…)". The folder's pass then read the file whole and replaced
// that with "assign.json in the team folder can be read again", saying
// less of what the researcher just did. Assign's message now stands.
func TestAssignedStandsOverReadAgain(t *testing.T) {
	folder, a, _, bilalAdds := aliceAndBilal(t)
	bilalAdds(frag(t, docKakar, "60%"))
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	until(t, w, "bilal's work read", func() bool { return len(w.tm.panel.State().Colleagues) == 1 })
	conflicted := "{\n \"format\": 1,\n<<<<<<< HEAD\n \"annotators\": [\"alice\"],\n=======\n \"annotators\": [\"bilal\"],\n>>>>>>> 671c320 (bilal: assign)\n}\n"
	if err := os.WriteFile(filepath.Join(folder, "assign.json"), []byte(conflicted), 0o644); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the status line to say assign.json is refused", func() bool { return strings.HasPrefix(w.status.Text, "assign.json:") })
	w.assign(w.tm.folder, []string{"alice", "bilal"}, 1)
	until(t, w, "Assign to say what it did", func() bool { return strings.HasPrefix(w.status.Text, "Assigned ") })
	said := w.status.Text
	until(t, w, "the folder's pass to read assign.json again", func() bool { return len(w.tm.panel.State().Refused) == 0 })
	time.Sleep(100 * time.Millisecond)
	settle(w)
	if w.status.Text != said {
		t.Errorf("the folder's pass replaced Assign's %q on the status line with %q", said, w.status.Text)
	}
}
