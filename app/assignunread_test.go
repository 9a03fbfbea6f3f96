package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/review"
	"github.com/skein-news/skein/app/team"
)

// A colleague's new assign.json arriving half copied, with no review
// open: the folder's pass said only the file's refusal ("assign.json: not
// an assignment (half copied?): …"), not what the list, skein agree and
// skein curate do meanwhile, which review's own line says. It now says
// review's sentence, the same one.
func TestHalfCopiedAssignmentSaidOnce(t *testing.T) {
	st, folder, _, first := firstAssigned(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	until(t, w, "alice's articles first", func() bool { return strings.Contains(w.docList.CountText(), "2 assigned first") })
	second := *first
	second.PerArticle = 1
	second.Articles = map[string][]string{docKakar.ID: {"bob"}, docTaliban.ID: {"carol"}, docBorder.ID: {"alice"}}
	b, err := json.MarshalIndent(&second, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "assign.json"), b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the status line to tell of the half copy", func() bool { return strings.Contains(w.status.Text, "half copied") })
	time.Sleep(300 * time.Millisecond)
	settle(w)
	_, rerr := w.opt.Assignment()
	u, ok := rerr.(*review.Unread)
	if !ok {
		t.Fatalf("the window's assignment reader says %v of the half copy; want a *review.Unread", rerr)
	}
	if got, want := w.status.Text, team.AssignUnread(u.Err.Error(), true); got != want {
		t.Errorf("the status line says %q; want review's %q", got, want)
	}
	for _, want := range []string{"review goes on with the one it read before", "skein agree and skein curate stop at the file"} {
		if !strings.Contains(w.status.Text, want) {
			t.Errorf("the status line says %q, want %q in it", w.status.Text, want)
		}
	}
	if !strings.Contains(w.docList.CountText(), "2 assigned first") {
		t.Errorf("with assign.json half copied the list's caption says %q; want alice's articles still first", w.docList.CountText())
	}
}

// With review open, the team pass and review both say the half copy, in
// the same words: the pass's was shown whole (wrapped at words where the
// line has not the room) and review's, the same said after, cut it back
// to one line ending in an ellipsis. The same message shown whole stays
// whole.
func TestHalfCopiedAssignmentStaysWhole(t *testing.T) {
	st, folder, _, first := firstAssigned(t)
	w := reviewWithFolder(t, st)
	until(t, w, "alice's articles first", func() bool { return strings.Contains(w.docList.CountText(), "2 assigned first") })
	b, err := json.MarshalIndent(first, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "assign.json"), b[:len(b)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the status line to tell of the half copy", func() bool { return strings.Contains(w.status.Text, "not read yet") })
	said := w.statusSaid
	for end := time.Now().Add(2 * time.Second); time.Now().Before(end) && w.statusSaid < said+1; {
		time.Sleep(20 * time.Millisecond)
		settle(w)
	}
	time.Sleep(200 * time.Millisecond)
	settle(w)
	if !strings.Contains(w.status.Text, "skein agree and skein curate stop at the file") || !w.status.Whole() {
		t.Errorf("the status line says %q, whole %v (said %d times more); want review's sentence, whole", w.status.Text, w.status.Whole(), w.statusSaid-said)
	}
}
