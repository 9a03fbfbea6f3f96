package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/review"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/store"
)

// TestReviewFollowsTheAssignment: with a team folder's assign.json,
// review compares bob and carol on exactly the articles it gives to both,
// as `skein agree` and `skein curate` do. The Taliban article, given to
// bob alone, is left out though carol labelled it (its row and header say
// why, N and P pass it by, its items read "left out", not "open"); the
// Quetta article, given to both and left empty by carol, is one to review
// (bob's span there is open). Review followed work, not the assignment:
// it counted the Taliban article's disagreements, which curate leaves out,
// and left out Quetta's, which curate counts.
func TestReviewFollowsTheAssignment(t *testing.T) {
	st, dir := reviewStore(t)
	quetta := newDoc("Quetta", "2023-11-14", "Officials in Quetta closed the market on Friday.")
	b := &store.Batch{Docs: []*annotate.Document{quetta}, Spans: []*annotate.Span{{
		ID: annotate.NewID(), Doc: quetta.ID, Label: annotate.Actor, Annotator: "bob",
		Fragments: []annotate.Fragment{frag(t, quetta, "Officials in Quetta")},
	}}}
	e, err := team.Connect(st, t.TempDir(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.WriteAssignment(&team.Assignment{Format: team.Format, Annotators: []string{"bob", "carol", "dave"}, PerArticle: 2,
		Articles: map[string][]string{docKakar.ID: {"bob", "carol"}, docTaliban.ID: {"bob", "dave"}, docBorder.ID: {"carol", "dave"}, quetta.ID: {"bob", "carol"}}}); err != nil {
		t.Fatal(err)
	}
	w := reviewAfter(t, st, b)

	visited := walkNP(t, w)
	if visited[docTaliban.Title] {
		t.Errorf("N or P went to %q, which assign.json gives to bob alone", docTaliban.Title)
	}
	if !visited[quetta.Title] {
		t.Errorf("N and P never went to %q, which assign.json gives to bob and carol: visited %v", quetta.Title, visited)
	}
	rows := map[string]string{
		docKakar.Title:   "0 of 3 resolved",
		docTaliban.Title: "left out: given only to bob",
		docBorder.Title:  "left out: given only to carol",
		quetta.Title:     "0 of 1 resolved",
	}
	openNow := 0
	for _, d := range []*annotate.Document{docKakar, docTaliban, docBorder, quetta} {
		got := w.rev.Progress(d.ID)
		if got != rows[d.Title] {
			t.Errorf("%s: the list says %q, want %q", d.Title, got, rows[d.Title])
		}
		var res, total int
		if _, err := fmt.Sscanf(got, "%d of %d resolved", &res, &total); err == nil {
			openNow += total - res
		}
	}

	open(t, w, docTaliban)
	settle(w)
	if got, want := w.rev.Head(), "left out of the review: assign.json gives it only to bob"; got != want {
		t.Errorf("%s: the header says %q, want %q", docTaliban.Title, got, want)
	}
	if len(w.rev.Session().Items()) == 0 {
		t.Fatalf("%s: no items drawn; its spans are to be clicked and settled one by one", docTaliban.Title)
	}
	drawn := frametest.Drawn(w.rev.Panel())
	if slices.Contains(drawn, "open") || !slices.Contains(drawn, "left out") {
		t.Errorf("%s: the review list draws %q, want its items left out, none open", docTaliban.Title, drawn)
	}
	// A new assignment, giving it to both, is followed as the article
	// opens again: it is read anew, not kept from before.
	if err := e.WriteAssignment(&team.Assignment{Format: team.Format, Annotators: []string{"bob", "carol"}, PerArticle: 2,
		Articles: map[string][]string{docKakar.ID: {"bob", "carol"}, docTaliban.ID: {"bob", "carol"}, quetta.ID: {"bob", "carol"}}}); err != nil {
		t.Fatal(err)
	}
	open(t, w, docKakar)
	open(t, w, docTaliban)
	settle(w)
	if got, want := w.rev.Head(), "0 of 2 disagreements resolved"; got != want {
		t.Errorf("%s given to both: the header says %q, want %q", docTaliban.Title, got, want)
	}
	// The rows are counted again with it: the border article, which it
	// gives to no one now, says so.
	until(t, w, "the border article's row counted with the new assignment", func() bool {
		return w.rev.Progress(docBorder.ID) == "left out: given to none of them"
	})
	w.StopReview()
	if err := e.WriteAssignment(&team.Assignment{Format: team.Format, Annotators: []string{"bob", "carol", "dave"}, PerArticle: 2,
		Articles: map[string][]string{docKakar.ID: {"bob", "carol"}, docTaliban.ID: {"bob", "dave"}, docBorder.ID: {"carol", "dave"}, quetta.ID: {"bob", "carol"}}}); err != nil {
		t.Fatal(err)
	}
	w.shutdown()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	got := curateBobAndCarol(t, dir)
	if want := annotate.Count(openNow, "disagreement"); !strings.Contains(got, want+" remain") {
		t.Errorf("curate says %q; the window's rows count %s open", got, want)
	}
}

// File ▸ Team ▸ Assign… while reviewing: the review follows the new
// assignment at once. Alice reviews bob and carol on articles each of them
// labelled, then assigns the articles to bob and carol, one each: every
// article is now given to one of them, so every row and the open article's
// header say it is left out, and why, as soon as Assign has said what it
// did. Review read the new assign.json only when it next read something
// (another article opened, or the folder's watch heard of the file, a
// rescan later where it hears nothing), so the rows went on counting the
// disagreements of articles the assignment no longer gives to both.
func TestAssignInTheWindowRecountsTheReview(t *testing.T) {
	st, _ := reviewStore(t)
	if _, err := team.Connect(st, t.TempDir(), "alice"); err != nil {
		t.Fatal(err)
	}
	w := reviewWithFolder(t, st)
	countedByWork(t, w)

	menuItem(t, w, "File", "Team ▸ Assign").Action()
	until(t, w, "the Assign form", func() bool { return w.tm.assignForm != nil })
	w.tm.assignForm.Names.SetText("bob, carol")
	w.tm.assignForm.Per.SetText("1")
	var assign *widget.Button
	for _, b := range objectsIn[*widget.Button](w.win.Canvas().Overlays().Top()) {
		if b.Text == "Assign" {
			assign = b
		}
	}
	if assign == nil || assign.Disabled() {
		t.Fatalf("no Assign button to press in the form: %q", w.tm.assignForm.Summary.Text)
	}
	test.Tap(assign)
	// No waiting for the folder's watch: once Assign has said what it did
	// and what it started has settled, the review has followed.
	for !strings.HasPrefix(w.status.Text, "Assigned") {
		if strings.Contains(w.status.Text, "assign the articles") {
			t.Fatalf("assigning failed: %q", w.status.Text)
		}
		w.bg.Wait()
		if !runUIQueue() {
			t.Fatalf("Assign said nothing: the status line says %q", w.status.Text)
		}
	}
	settle(w)
	a, err := team.ReadAssignment(w.tm.folder.Dir())
	if err != nil || a == nil {
		t.Fatalf("assign.json: %v, %v", a, err)
	}
	for _, d := range testDocs() {
		want := "left out: given only to " + a.Articles[d.ID][0]
		if got := w.rev.Progress(d.ID); got != want {
			t.Errorf("%s: the row says %q right after Assign, want %q", d.Title, got, want)
		}
	}
	if got, want := w.rev.Head(), "left out of the review: assign.json gives it only to "+a.Articles[docKakar.ID][0]; got != want {
		t.Errorf("%s: the header says %q right after Assign, want %q", docKakar.Title, got, want)
	}
}

// A colleague's new assign.json that arrives half copied leaves review
// counting by the assignment it read before, and says so once, naming the
// file and what is wrong with it; the list keeps the user's articles
// first. The same assignment written again whole disturbs nothing; after
// another half copy, a whole assignment that differs is followed. Review's
// counts stopped with the file's error, and the list forgot which articles
// were the user's.
func TestHalfCopiedAssignmentKeepsTheLastWhole(t *testing.T) {
	st, folder, e, first := firstAssigned(t)
	second := &team.Assignment{Format: team.Format, Annotators: []string{"bob", "carol"}, PerArticle: 2,
		Articles: map[string][]string{docKakar.ID: {"bob", "carol"}, docTaliban.ID: {"bob", "carol"}, docBorder.ID: {"bob", "carol"}}}
	w := reviewWithFolder(t, st)
	byFirst := map[*annotate.Document]string{
		docKakar:   "0 of 3 resolved",
		docTaliban: "left out: given only to bob",
		docBorder:  "left out: given only to carol",
	}
	rowsSay := func(want map[*annotate.Document]string) bool {
		for d, s := range want {
			if w.rev.Progress(d.ID) != s {
				return false
			}
		}
		return true
	}
	rows := func() string {
		var out []string
		for _, d := range testDocs() {
			out = append(out, fmt.Sprintf("%s: %q", d.Title, w.rev.Progress(d.ID)))
		}
		return strings.Join(out, "; ")
	}
	mineFirst := "2 assigned first"
	until(t, w, "the rows counted by the first assignment, alice's articles first", func() bool {
		return rowsSay(byFirst) && w.rev.Head() == "0 of 3 disagreements resolved" && strings.Contains(w.docList.CountText(), mineFirst)
	})
	read, _ := w.opt.Assignment()

	halfCopy := func() {
		t.Helper()
		b, err := json.MarshalIndent(second, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, "assign.json"), b[:len(b)/2], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	halfCopy()
	until(t, w, "the status line to say the new assignment is not read yet", func() bool {
		return strings.Contains(w.status.Text, "not read yet")
	})
	said := w.status.Text
	// What the commands do meanwhile too, so that skein agree stopping
	// at the file does not seem to disagree with review going on
	// (TestAgreeAndCurateStopAtAHalfCopy).
	for _, want := range []string{filepath.Join(folder, "assign.json"), "not an assignment (half copied?)", "review goes on with the one it read before", "skein agree and skein curate stop at the file"} {
		if !strings.Contains(said, want) {
			t.Errorf("the status line says %q, want %q in it", said, want)
		}
	}
	// Review goes on: the rows, an article opened, its header, all by the
	// first assignment; said once, however often it is read again.
	w.setStatus("Reading on.")
	w.rev.Forget(docKakar.ID, docTaliban.ID, docBorder.ID)
	w.docList.Refresh()
	open(t, w, docTaliban)
	settle(w)
	if got, want := w.rev.Head(), "left out of the review: assign.json gives it only to bob"; got != want {
		t.Errorf("%s opened with assign.json half copied: the header says %q, want %q", docTaliban.Title, got, want)
	}
	open(t, w, docKakar)
	w.rev.AssignmentArrived()
	settle(w)
	if !rowsSay(byFirst) || w.rev.Head() != "0 of 3 disagreements resolved" {
		t.Errorf("with assign.json half copied the rows say %s and the header %q, want them counted by the assignment read before", rows(), w.rev.Head())
	}
	if w.status.Text != "Reading on." {
		t.Errorf("the half copy was said again: %q", w.status.Text)
	}
	if !strings.Contains(w.docList.CountText(), mineFirst) {
		t.Errorf("with assign.json half copied the list's caption says %q, want %q in it", w.docList.CountText(), mineFirst)
	}

	// The first assignment written again whole: the same, nothing to do.
	if err := e.WriteAssignment(first); err != nil {
		t.Fatal(err)
	}
	w.rev.AssignmentArrived() // as the folder's watch does
	settle(w)
	if again, err := w.opt.Assignment(); err != nil || again != read {
		t.Errorf("the same assignment written again is read as another (%v): review would count every row again", err)
	}
	if w.status.Text != "Reading on." || !rowsSay(byFirst) {
		t.Errorf("the same assignment written again: the status line says %q, the rows %s", w.status.Text, rows())
	}

	// Half copied again, then whole and another: followed.
	halfCopy()
	until(t, w, "the second half copy said", func() bool { return strings.Contains(w.status.Text, "not read yet") })
	if err := e.WriteAssignment(second); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the rows counted by the second assignment", func() bool {
		return rowsSay(map[*annotate.Document]string{docKakar: "0 of 3 resolved", docTaliban: "0 of 2 resolved", docBorder: "no disagreements"})
	})
	if want := review.AssignReadAgain; w.status.Text != want {
		t.Errorf("the file whole again, the status line says %q, want %q", w.status.Text, want)
	}
	until(t, w, "the list no longer putting alice's articles first", func() bool {
		return !strings.Contains(w.docList.CountText(), "assigned first")
	})
}

// reviewWithFolder opens a window for alice on st, which is connected to a
// team folder, and once the folder is open starts reviewing bob and carol
// on docKakar.
func reviewWithFolder(t *testing.T, st *store.Store) *Window {
	t.Helper()
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil })
	open(t, w, docKakar)
	if err := w.StartReview("bob", "carol"); err != nil {
		t.Fatal(err)
	}
	return w
}

// countedByWork waits until review counts the Taliban row and the open
// article's header, as it does without an assignment.
func countedByWork(t *testing.T, w *Window) {
	t.Helper()
	until(t, w, "the rows counted by work", func() bool {
		return strings.HasSuffix(w.rev.Progress(docTaliban.ID), " resolved") && strings.HasSuffix(w.rev.Head(), " resolved")
	})
}

// An assign.json that is no half copy the next sync completes, but whole
// and refused (a newer skein's format, as a colleague who updated first
// writes it) or damaged within (a hand edit's comma too many), is the
// team's new assignment, or a slip someone must mend: review must not go
// on counting by the one read before as though nothing happened (it did,
// with "follows the new one once the file is whole" said once, for as
// long as the file stayed). The rows stop saying what the old one gave,
// the open article says the file's error, the list no longer puts
// alice's articles first.
func TestRefusedAssignmentIsNotKeptAsTheLastWhole(t *testing.T) {
	newer := map[string]any{"format": team.Format + 1, "annotators": []string{"bob", "carol"}, "per_article": 2,
		"articles": map[string][]string{docKakar.ID: {"bob", "carol"}, docTaliban.ID: {"bob", "carol"}, docBorder.ID: {"bob", "carol"}}}
	b, err := json.MarshalIndent(newer, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	whole := strings.Replace(string(b), `"format": 2`, `"format": 1`, 1)
	slip := strings.Replace(whole, `"per_article": 2`, `"per_article": 2,,`, 1)
	// Opened and saved in Notepad as "Unicode": its NUL bytes were taken
	// for the zeros of a copy under way, one no sync would complete.
	notepad := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(whole)) {
		notepad = append(notepad, byte(u), byte(u>>8))
	}
	for _, c := range []struct{ name, file, says string }{
		{"a newer skein's", string(b), "written by a newer skein"},
		{"damaged within", slip, "not an assignment: invalid character ','"},
		{"saved in UTF-16", string(notepad), "saved in UTF-16LE"},
	} {
		t.Run(c.name, func(t *testing.T) { refusedAssignment(t, c.file, c.says) })
	}
}

// refusedAssignment writes file as assign.json over a whole one review
// counts by, and checks it no longer does; says is in the file's error.
func refusedAssignment(t *testing.T, file, says string) {
	st, folder, e, first := firstAssigned(t)
	w := reviewWithFolder(t, st)
	until(t, w, "the rows counted by the first assignment, alice's articles first", func() bool {
		return w.rev.Progress(docTaliban.ID) == "left out: given only to bob" && strings.Contains(w.docList.CountText(), "2 assigned first")
	})

	if err := os.WriteFile(filepath.Join(folder, "assign.json"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	w.rev.AssignmentArrived() // as the folder's watch does
	settle(w)
	w.docList.Refresh()
	settle(w)
	if got := w.rev.Progress(docBorder.ID); got == "left out: given only to carol" {
		t.Errorf("with an assign.json review cannot follow, the border row says %q: counted by the assignment the team replaced", got)
	}
	open(t, w, docTaliban)
	settle(w)
	if got := w.rev.Progress(docTaliban.ID); got == "left out: given only to bob" {
		t.Errorf("with an assign.json review cannot follow, the Taliban row says %q: counted by the assignment the team replaced", got)
	}
	if got := w.rev.Head(); got == "left out of the review: assign.json gives it only to bob" {
		t.Errorf("with an assign.json review cannot follow, the header says %q: counted by the assignment the team replaced", got)
	}
	if !strings.Contains(w.status.Text, says) || strings.Contains(w.status.Text, "once the file is whole") {
		t.Errorf("the status line says %q, want the file's error (%q), not a wait for it to be whole", w.status.Text, says)
	}
	until(t, w, "the list no longer putting alice's articles first", func() bool {
		return !strings.Contains(w.docList.CountText(), "assigned first")
	})

	// Mended: followed again, and the status line no longer says the
	// file's error (seen in the window, the rows counted again beneath it).
	if err := e.WriteAssignment(first); err != nil {
		t.Fatal(err)
	}
	w.rev.AssignmentArrived()
	until(t, w, "the rows counted by the first assignment again", func() bool {
		return w.rev.Progress(docBorder.ID) == "left out: given only to carol"
	})
	if want := review.AssignReadAgain; w.status.Text != want {
		t.Errorf("the file mended, the status line says %q, want %q", w.status.Text, want)
	}
}

// firstAssigned makes the review store, connects it to a team folder as
// alice and writes the first assignment there: Kakar to bob and carol,
// Taliban to alice and bob, the border to alice and carol.
func firstAssigned(t *testing.T) (*store.Store, string, *team.Engine, *team.Assignment) {
	t.Helper()
	st, _ := reviewStore(t)
	folder := t.TempDir()
	e, err := team.Connect(st, folder, "alice")
	if err != nil {
		t.Fatal(err)
	}
	first := &team.Assignment{Format: team.Format, Annotators: []string{"alice", "bob", "carol"}, PerArticle: 2,
		Articles: map[string][]string{docKakar.ID: {"bob", "carol"}, docTaliban.ID: {"alice", "bob"}, docBorder.ID: {"alice", "carol"}}}
	if err := e.WriteAssignment(first); err != nil {
		t.Fatal(err)
	}
	return st, folder, e, first
}

// An assign.json review cannot read — whole but refused (a newer skein's),
// damaged within, holding git's conflict markers, or cut short with no
// whole one read before — counts no article, as `skein agree` measures
// none: every row, the open article's header and the review column's
// counts say so alike, naming the file, and N and P go nowhere. The open
// article was counted as if there were no assignment ("left out of the
// review: none of them worked on it", or its disagreements), its row and
// every other left blank, and the status line said "read spans of …"
// with the file's error.
func TestUnreadableAssignmentCountsNothing(t *testing.T) {
	newer := `{"format": 99, "annotators": ["bob", "carol"], "per_article": 2, "articles": {}}`
	for _, c := range []struct {
		name, file, says string
		before           bool // written before the window opens, else during review
	}{
		{"a newer skein's", newer, "written by a newer skein", false},
		{"damaged within", `{"format": 1,, "annotators": []}`, "not an assignment: invalid character ','", false},
		{"git's conflict markers", "{\n<<<<<<< HEAD\n \"format\": 1\n=======\n \"format\": 2\n>>>>>>> theirs\n}\n", "git's conflict marker", true},
		{"half copied, none read before", `{"format": 1, "annotators": ["bob",`, "half copied?", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, folder, e, first := firstAssigned(t)
			p := filepath.Join(folder, "assign.json")
			write := func() {
				if err := os.WriteFile(p, []byte(c.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if c.before {
				write()
			}
			w := reviewWithFolder(t, st)
			if !c.before {
				until(t, w, "the rows counted by the first assignment", func() bool {
					return w.rev.Progress(docTaliban.ID) == "left out: given only to bob"
				})
				write()
				w.rev.AssignmentArrived() // as the folder's watch does
			}
			const row = "not counted: assign.json cannot be read"
			until(t, w, "every row to say assign.json cannot be read", func() bool {
				w.docList.Refresh()
				for _, d := range testDocs() {
					if long, short := w.rev.RowProgress(d.ID); long != row || short != "not counted" {
						return false
					}
				}
				return true
			})
			for _, d := range []*annotate.Document{docTaliban, docKakar} {
				open(t, w, d)
				settle(w)
				head := w.rev.Head()
				if !strings.HasPrefix(head, row+" (") || !strings.Contains(head, p) || !strings.Contains(head, c.says) {
					t.Errorf("%s: the header says %q, want %q with the file (%s) and what is wrong (%q)", d.Title, head, row, p, c.says)
				}
				if got := w.rev.Panel().Head(); got != "Review  ·  "+row {
					t.Errorf("%s: the review column says %q, want %q", d.Title, got, row)
				}
				if drawn := frametest.Drawn(w.rev.Panel()); slices.Contains(drawn, "open") || slices.Contains(drawn, "left out") {
					t.Errorf("%s: the review list draws %q, want its items not counted", d.Title, drawn)
				}
				if strings.HasPrefix(w.status.Text, "read ") {
					t.Errorf("%s: the status line says %q", d.Title, w.status.Text)
				}
			}
			// N says why it goes nowhere. The folder's own pass says the
			// file's error on the status line too, when its watch fires:
			// on a loaded machine that came after N and replaced N's
			// sentence, so N is pressed again until its sentence stands.
			// It never moves to an item.
			said := func() bool {
				w.setStatus("Reading on.")
				press(w, fyne.KeyN)
				settle(w)
				if cur := w.rev.Session().Cur(); cur >= 0 {
					t.Fatalf("N with assign.json unread: item %d under review; want no item", cur)
				}
				return strings.Contains(w.status.Text, "assign.json cannot be read") && strings.Contains(w.status.Text, c.says)
			}
			until(t, w, "N to say on the status line why it goes nowhere", said)

			// Mended: counted by it again.
			if err := e.WriteAssignment(first); err != nil {
				t.Fatal(err)
			}
			w.rev.AssignmentArrived()
			until(t, w, "the rows counted by the assignment mended", func() bool {
				return w.rev.Progress(docBorder.ID) == "left out: given only to carol" && w.rev.Head() == "0 of 3 disagreements resolved"
			})
		})
	}
}

// Where the team folder itself cannot be found out (the store cannot say
// which folder it is: an error from Options.Assignment that is not
// assign.json's), review cannot tell what is assigned: it counts no
// article, as where assign.json cannot be read, and says why. Every row
// was left blank and opening an article said "read spans of Kakar …"
// with the error, as though the article's spans were damaged.
func TestTeamFolderUnreadCountsNothing(t *testing.T) {
	st, _ := reviewStore(t)
	opt := StoreOptions(st, "alice", false)
	var mu sync.Mutex
	failing := errors.New("which team folder: read the store: input/output error")
	opt.Assignment = func() (review.Assignment, error) {
		mu.Lock()
		defer mu.Unlock()
		if failing != nil {
			return nil, failing
		}
		return nil, nil
	}
	w := openWindow(t, test.NewTempApp(t), st, opt)
	open(t, w, docKakar)
	if err := w.StartReview("bob", "carol"); err != nil {
		t.Fatal(err)
	}
	const row = "not counted: assign.json cannot be read"
	until(t, w, "every row to say assign.json cannot be read", func() bool {
		w.docList.Refresh()
		for _, d := range testDocs() {
			if long, _ := w.rev.RowProgress(d.ID); long != row {
				return false
			}
		}
		return true
	})
	open(t, w, docTaliban)
	settle(w)
	if head := w.rev.Head(); head != row+" ("+failing.Error()+")" {
		t.Errorf("the header says %q, want %q with the error", head, row+" ("+failing.Error()+")")
	}
	if !strings.Contains(w.status.Text, failing.Error()) || strings.HasPrefix(w.status.Text, "read ") {
		t.Errorf("the status line says %q, want why nothing is counted", w.status.Text)
	}

	// Found out again: counted by work, as without an assignment.
	mu.Lock()
	failing = nil
	mu.Unlock()
	w.rev.AssignmentArrived()
	countedByWork(t, w)
}

// The Agreement report says whom the team folder's assign.json leaves
// out, as skein agree does: with the articles given to bob and dave,
// bob and carol's report said only "measured on 0 articles; 3 articles
// only one of them worked on left out", though both had worked on all
// three, and nothing of assign.json. Its status line and its caption, which
// stays while the status moves on, now say carol's work counts nowhere.
func TestAgreementReportSaysWhomTheAssignmentLeavesOut(t *testing.T) {
	st, _ := reviewStore(t)
	e, err := team.Connect(st, t.TempDir(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.WriteAssignment(&team.Assignment{Format: team.Format, Annotators: []string{"bob", "dave"}, PerArticle: 2,
		Articles: map[string][]string{docKakar.ID: {"bob", "dave"}, docTaliban.ID: {"bob", "dave"}, docBorder.ID: {"bob", "dave"}}}); err != nil {
		t.Fatal(err)
	}
	w, rv := showReport(t, st, "bob", "carol")
	says := "carol is not among the annotators assign.json names (bob, dave): no article counts for carol"
	if !strings.Contains(w.status.Text, says) {
		t.Errorf("status %q\nwant it to say %q", w.status.Text, says)
	}
	if !strings.Contains(rv.note.Text, says) {
		t.Errorf("report's caption %q\nwant it to say %q", rv.note.Text, says)
	}
	if strings.Contains(w.status.Text, "bob is not") || strings.Contains(rv.note.Text, "bob is not") {
		t.Errorf("bob, whom assign.json names, said left out: %q / %q", w.status.Text, rv.note.Text)
	}
}

// The agreement report, asked for while the team folder is away (moved,
// its disk unplugged), stopped at assign.json out of reach, in skein
// agree's words, where review and the list go on with the assignment
// kept in the store. It goes on with that one too, and says so at the end
// of its status line and caption, with whom it leaves out.
func TestAgreementReportGoesOnWithTheKeptAssignment(t *testing.T) {
	st, _ := reviewStore(t)
	folder, e := aliceTeamFolder(t, st)
	if err := e.WriteAssignment(&team.Assignment{Format: team.Format, Annotators: []string{"bob", "dave"}, PerArticle: 2,
		Articles: map[string][]string{docKakar.ID: {"bob", "dave"}, docTaliban.ID: {"bob", "dave"}, docBorder.ID: {"bob", "dave"}}}); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(folder, folder+".away"); err != nil {
		t.Fatal(err)
	}
	w, rv := showReport(t, st, "bob", "carol")
	for _, says := range []string{
		"team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in; its assign.json is out of reach: until it is back, the agreement report goes on with the assignment read on ",
		"carol is not among the annotators assign.json names (bob, dave): no article counts for carol",
	} {
		if !strings.Contains(w.status.Text, says) {
			t.Errorf("status %q\nwant it to say %q", w.status.Text, says)
		}
		if !strings.Contains(rv.note.Text, says) {
			t.Errorf("report's caption %q\nwant it to say %q", rv.note.Text, says)
		}
	}
	// The caption, one line, asked for its whole length: the window came
	// up 2,439 px wide on a 1400 px screen (seen under Xvfb), the note and
	// the table's left columns off its edge. It wraps in the window's width.
	if need, got := rv.win.Content().MinSize().Width, rv.win.Canvas().Size().Width; need > got || got > 1200 {
		t.Errorf("the report's window is %v px wide and its content needs %v: want it within the 1200 px the report asks for", got, need)
	}
}

// aliceTeamFolder connects st, as alice, to a new team folder, named
// "team" as a user names one, and returns it with its engine.
func aliceTeamFolder(t *testing.T, st *store.Store) (string, *team.Engine) {
	t.Helper()
	folder := filepath.Join(t.TempDir(), "team")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	e, err := team.Connect(st, folder, "alice")
	if err != nil {
		t.Fatal(err)
	}
	return folder, e
}
