package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/doclist"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/review"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/app/teampanel"
	"github.com/skein-news/skein/store"
)

// until drains the window's hand-backs until ok or the deadline.
func until(t *testing.T, w *Window, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 20 s for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
		settle(w)
	}
}

// The window on a store with a team folder: a colleague's span arrives in
// the open article (with his layer shown), the status bar names it, the
// Team panel lists him; the user's own span reaches the folder by itself.
func TestTeamFolderInTheWindow(t *testing.T) {
	folder, a, eb, bilalAdds := aliceAndBilal(t)
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	w.ShowLayers("bilal")
	settle(w)
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil })

	s := bilalAdds(frag(t, docKakar, "60%"))
	until(t, w, "bilal's span in the open article", func() bool {
		for _, x := range w.spanList.All() {
			if x.ID == s.ID {
				return true
			}
		}
		return false
	})
	if got, want := w.status.Text, "bilal: 1 span in “Kakar links attacks to…”"; got != want {
		t.Errorf("status bar: got %q, want %q", got, want)
	}
	rows := w.tm.panel.State().Colleagues
	if len(rows) != 1 || rows[0].Annotator != "bilal" || rows[0].Articles != 1 {
		t.Errorf("Team panel: got %+v, want bilal with 1 article", rows)
	}

	// bilal assigns the articles: alice's come first in her list.
	asg := &team.Assignment{Format: team.Format, Annotators: []string{"alice", "bilal"}, PerArticle: 1,
		Articles: map[string][]string{docBorder.ID: {"alice"}, docKakar.ID: {"bilal"}, docTaliban.ID: {"bilal"}}}
	if err := eb.WriteAssignment(asg); err != nil {
		t.Fatal(err)
	}
	until(t, w, "alice's assigned article first in her list", func() bool { return len(w.docList.Docs()) > 0 && w.docList.Docs()[0].ID == docBorder.ID })

	// alice labels a word: her layer file is in the folder soon after.
	selectWords(t, w, frag(t, docKakar, "TTP"))
	press(w, "2")
	settle(w)
	mine := spansOf(t, a, docKakar, "alice")
	if len(mine) != 1 {
		t.Fatalf("alice's spans: %d", len(mine))
	}
	layer := filepath.Join(folder, "layers", "alice")
	until(t, w, "alice's span in the folder", func() bool {
		found := false
		filepath.Walk(layer, func(p string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				b, _ := os.ReadFile(p)
				found = found || strings.Contains(string(b), mine[0].ID)
			}
			return nil
		})
		return found
	})
}

// skein -user alice team FOLDER, then the window from the desktop's menu
// (no -user): it opens as alice and joins the folder as alice. It asked for
// a name with the operating system's filled in, and meanwhile ran the
// folder under that name, which left a layer folder of it there for the
// team to see.
func TestWindowJoinsTheFolderUnderTheStoresName(t *testing.T) {
	folder, a, _, _ := aliceAndBilal(t)
	if err := a.SetMeta(MetaUser, "alice"); err != nil { // as skein -user alice team does
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "", true))
	if w.User() != "alice" || w.nameForm != nil {
		t.Fatalf("the window opened as %q (asking: %v), want alice without a question", w.User(), w.nameForm != nil)
	}
	until(t, w, "the window's own folder in the team folder", func() bool {
		_, err := os.Stat(filepath.Join(folder, "layers", w.User()))
		return w.tm.folder != nil && err == nil
	})
	ents, err := os.ReadDir(filepath.Join(folder, "layers"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() != "alice" && e.Name() != "bilal" {
			t.Errorf("the team folder holds a layer folder %q, a name no one joined under", e.Name())
		}
	}
}

// File ▸ Team ▸ Assign…: the form offers the user and the colleague whose
// work is in the folder, and Assign writes the folder's assign.json, as
// `skein assign` does; the user's articles then come first in her list.
func TestAssignInTheWindow(t *testing.T) {
	folder, a, _, bilalAdds := aliceAndBilal(t)
	bilalAdds(frag(t, docKakar, "60%"))
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	until(t, w, "the team folder to open and bilal's work to arrive", func() bool {
		return w.tm.folder != nil && len(w.tm.panel.State().Colleagues) == 1
	})

	menuItem(t, w, "File", "Team ▸ Assign").Action()
	until(t, w, "the Assign form", func() bool { return w.tm.assignForm != nil })
	f := w.tm.assignForm
	if got, want := f.Names.Text, "alice, bilal"; got != want {
		t.Errorf("the form offers %q, want %q", got, want)
	}
	if got := f.Per.Text; got != "2" {
		t.Errorf("per article: got %q, want 2", got)
	}
	assignButton := func() *widget.Button {
		for _, o := range objectsIn[*widget.Button](w.win.Canvas().Overlays().Top()) {
			if o.Text == "Assign" {
				return o
			}
		}
		t.Fatal("no Assign button in the form")
		return nil
	}
	// Three to an article with two named: refused in the form itself.
	f.Per.SetText("3")
	if !assignButton().Disabled() {
		t.Errorf("Assign is pressable with 3 per article and 2 annotators")
	}
	f.Per.SetText("1")
	if assignButton().Disabled() {
		t.Fatalf("Assign is greyed out with 1 per article and 2 annotators: %q", f.Summary.Text)
	}
	if want := "goes to one of the 2 annotators, in turn: each gets"; !strings.Contains(f.Summary.Text, want) {
		t.Errorf("the form's summary says %q, want %q…", f.Summary.Text, want)
	}
	test.Tap(assignButton())
	until(t, w, "the assignment in the folder", func() bool {
		_, err := os.Stat(filepath.Join(folder, "assign.json"))
		return err == nil && strings.HasPrefix(w.status.Text, "Assigned")
	})
	got, err := team.ReadAssignment(folder)
	if err != nil || got == nil {
		t.Fatalf("assign.json: %v %v", got, err)
	}
	if got.PerArticle != 1 || strings.Join(got.Annotators, ",") != "alice,bilal" || len(got.Articles) != len(w.docList.Docs()) {
		t.Errorf("assign.json: %d per article, annotators %v, %d articles; want 1, alice and bilal, %d", got.PerArticle, got.Annotators, len(got.Articles), len(w.docList.Docs()))
	}
	mine := got.Of("alice")
	if len(mine) == 0 || len(mine) == len(got.Articles) {
		t.Fatalf("alice is assigned %d of %d articles", len(mine), len(got.Articles))
	}
	if want := fmt.Sprintf("  ·  %d assigned first", len(mine)); !strings.Contains(w.docList.CountText(), want) {
		t.Errorf("the list's caption says %q, want %q in it", w.docList.CountText(), want)
	}
	docs := w.docList.Docs()
	for i, d := range docs {
		if mine[d.ID] != (i < len(mine)) {
			t.Errorf("article %d of the list, %s: assigned to alice %v, want her %d articles first", i, d.Title, mine[d.ID], len(mine))
		}
	}
	// Each row says whether it is hers, as the filter may show it away
	// from the list's head.
	shown := 0
	for _, d := range docs {
		title, details, ok := w.docList.RowShown(d.ID)
		if !ok {
			continue
		}
		shown++
		if strings.Contains(details, doclist.AssignedMark) != mine[d.ID] {
			t.Errorf("the row of %q says %q; assigned to alice: %v", title, details, mine[d.ID])
		}
	}
	if shown == 0 {
		t.Errorf("no row of the list is on screen")
	}

	// Opened again, the form offers the assignment now in the folder.
	w.tm.assignForm.Dialog.Hide()
	w.tm.assignForm = nil
	menuItem(t, w, "File", "Team ▸ Assign").Action()
	until(t, w, "the Assign form again", func() bool { return w.tm.assignForm != nil })
	if f := w.tm.assignForm; f.Per.Text != "1" || !strings.Contains(f.Summary.Text, "This replaces the folder's assignment") {
		t.Errorf("the form again: %q per article, %q", f.Per.Text, f.Summary.Text)
	}
}

// File ▸ Team ▸ Folder…: connecting says on the status bar what it did,
// the folder and what was written there and read from it.
func TestConnectingSaysWhatItDid(t *testing.T) {
	folder, _, _, bilalAdds := aliceAndBilal(t)
	bilalAdds(frag(t, docKakar, "60%"))
	c := realStore(t)
	w := openWindow(t, test.NewTempApp(t), c, StoreOptions(c, "chen", false))
	settle(w)
	w.startTeam(folder) // what the folder dialog's Connect does
	want := "Connected to " + folder + ": no work of yours to write yet; bilal: 1 span."
	until(t, w, "the status bar to say what connecting did", func() bool { return w.status.Text == want })
}

// alice's laptop wrote newer work to the folder: the Team tab tells her,
// and once she reads it in ("Read that copy in where newer") the notice
// goes and stays gone, the status bar saying what was read in.
func TestTakingTheOtherMachinesCopyInTheWindow(t *testing.T) {
	w, a, laptop, el, bilalAdds := aliceWindowAndLaptop(t)
	s := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Annotator: "alice", Label: "figure", Fragments: []annotate.Fragment{frag(t, docKakar, "60%")}}
	if err := laptop.Apply(context.Background(), annotate.AddSpan("alice", s)); err != nil {
		t.Fatal(err)
	}
	if _, err := el.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the Team tab to tell of the laptop's newer copy", func() bool {
		tw := w.tm.panel.State().Twins
		return len(tw) == 1 && tw[0].Machine == el.Machine() && tw[0].Articles == 1
	})
	w.tm.panel.OnTake(el.Machine()) // the button's
	until(t, w, "the laptop's span in alice's store", func() bool { _, err := a.Span(s.ID); return err == nil })
	until(t, w, "the notice to go", func() bool {
		return len(w.tm.panel.State().Twins) == 0 && strings.HasPrefix(w.status.Text, "read in from machine "+el.Machine())
	})
	// The window writes what it took, and reads the folder again when
	// bilal's work arrives: nothing on the laptop is newer.
	w.tm.folder.Changed()
	b := bilalAdds(frag(t, docKakar, "TTP"))
	until(t, w, "bilal's span", func() bool { _, err := a.Span(b.ID); return err == nil })
	time.Sleep(500 * time.Millisecond)
	settle(w)
	if tw := w.tm.panel.State().Twins; len(tw) != 0 {
		t.Fatalf("the notice came back after the copy was read in: %+v", tw)
	}
}

// alice's threads on her laptop and in the window's store: the Team tab
// tells of a thread newer on the laptop; a take after she renamed one
// here later than there says, on the status bar, that it kept hers, and
// counts as kept only that one, not the thread unchanged on both.
func TestTakeThatKeptAThreadInTheWindow(t *testing.T) {
	ctx := context.Background()
	w, a, laptop, el, _ := aliceWindowAndLaptop(t)
	s := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Annotator: "alice", Label: "figure", Fragments: []annotate.Fragment{frag(t, docKakar, "60%")}}
	kakar, figures := annotate.NewThread("alice", "Kakar", s), annotate.NewThread("alice", "Figures", s)
	for _, c := range []*annotate.Change{annotate.AddSpan("alice", s), kakar, figures} {
		if err := laptop.Apply(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	// The laptop syncs; the Team tab tells of what is newer there.
	synced := func(what string) {
		t.Helper()
		if _, err := el.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		until(t, w, "the Team tab to tell of "+what+" on the laptop", func() bool {
			tw := w.tm.panel.State().Twins
			return len(tw) == 1 && tw[0].What() == what
		})
	}
	synced("1 article and 2 threads")
	w.tm.panel.OnTake(el.Machine())
	until(t, w, "the take", func() bool {
		return len(w.tm.panel.State().Twins) == 0 && w.status.Text == "read in from machine "+el.Machine()+" where newer: your layer on 1 article (1 span, 2 threads)"
	})

	// Renamed on the laptop, with a span on another article; renamed
	// later here.
	id := kakar.Threads[0].After.ID
	rename := func(st *store.Store, title string) {
		time.Sleep(2 * time.Millisecond)
		old, err := st.Thread(id)
		if err != nil {
			t.Fatal(err)
		}
		c := old.Clone()
		c.Title = title
		if err := st.Apply(ctx, annotate.PutThread("alice", "rename thread", old, c)); err != nil {
			t.Fatal(err)
		}
	}
	rename(laptop, "laptop's title")
	s2 := &annotate.Span{ID: annotate.NewID(), Doc: docTaliban.ID, Annotator: "alice", Label: "claim", Fragments: []annotate.Fragment{frag(t, docTaliban, "denied")}}
	if err := laptop.Apply(ctx, annotate.AddSpan("alice", s2)); err != nil {
		t.Fatal(err)
	}
	rename(a, "desktop's title")
	synced("1 article") // and no thread
	w.tm.panel.OnTake(el.Machine())
	want := "read in from machine " + el.Machine() + " where newer: your layer on 1 article (1 span, 0 threads); kept this store's 1 thread, changed here later than that copy's"
	until(t, w, "the take that kept a thread", func() bool { return len(w.tm.panel.State().Twins) == 0 && strings.HasPrefix(w.status.Text, "read in") })
	if w.status.Text != want {
		t.Errorf("the status bar after the take says %q, want %q", w.status.Text, want)
	}
	if th, err := a.Thread(id); err != nil || th.Title != "desktop's title" {
		t.Errorf("the thread after the take: %+v %v, want the title given here kept", th, err)
	}
}

// The last take's summary stays on the Team tab, where the laptop's copy
// was told of, after the status bar has moved on; the user's next change
// takes it away, and the next take shows its own.
func TestLastTakeStaysOnTheTeamTab(t *testing.T) {
	ctx := context.Background()
	w, _, laptop, el, _ := aliceWindowAndLaptop(t)
	for _, ti := range w.th.Tabs().Items {
		if ti.Text == "Team" {
			w.th.Tabs().Select(ti)
		}
	}
	take := func(phrase string) string {
		t.Helper()
		s := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Annotator: "alice", Label: "figure", Fragments: []annotate.Fragment{frag(t, docKakar, phrase)}}
		if err := laptop.Apply(ctx, annotate.AddSpan("alice", s)); err != nil {
			t.Fatal(err)
		}
		if _, err := el.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		until(t, w, "the Team tab to tell of the laptop's newer copy", func() bool { return len(w.tm.panel.State().Twins) == 1 })
		w.tm.panel.OnTake(el.Machine())
		until(t, w, "the take", func() bool {
			return len(w.tm.panel.State().Twins) == 0 && strings.HasPrefix(w.status.Text, "read in from machine "+el.Machine())
		})
		want := teampanel.TakenText(w.status.Text)
		if l, _ := shownLabel(w.tm.panel, want); l == nil {
			t.Fatalf("the Team tab does not show %q after the take", want)
		}
		return want
	}
	first := take("60%")
	if !strings.HasPrefix(first, "Read in from machine "+el.Machine()+" where newer: your layer on 1 article (1 span") {
		t.Errorf("the Team tab says %q", first)
	}
	w.setStatus("Saved.") // the status bar moves on
	if l, _ := shownLabel(w.tm.panel, first); l == nil {
		t.Errorf("the Team tab no longer shows the last take once the status bar moved on")
	}

	// The user's change: the summary goes.
	mine := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Annotator: "alice", Label: "claim", Fragments: []annotate.Fragment{frag(t, docKakar, "TTP")}}
	if !w.apply(annotate.AddSpan("alice", mine)) {
		t.Fatal("the span was not added")
	}
	until(t, w, "the last take's summary to go after a change", func() bool {
		l, _ := shownLabel(w.tm.panel, first)
		return l == nil && w.tm.panel.State().Taken == ""
	})

	// The next take shows its own.
	time.Sleep(2 * time.Millisecond)
	take("Kakar")
}

// aliceWindowAndLaptop is aliceAndBilal's folder with alice's window open
// on her store a, connected, and her laptop's store and engine in the
// same folder.
func aliceWindowAndLaptop(t *testing.T) (w *Window, a, laptop *store.Store, el *team.Engine, bilalAdds func(annotate.Fragment) *annotate.Span) {
	t.Helper()
	folder, a, _, bilalAdds := aliceAndBilal(t)
	w = openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil })
	laptop = realStore(t)
	el, err := team.Open(laptop, folder, "alice")
	if err != nil {
		t.Fatal(err)
	}
	return w, a, laptop, el, bilalAdds
}

// aliceAndBilal makes a team folder and two stores in it, alice's (a, for
// the window) and bilal's (eb his folder); bilalAdds adds a figure span of bilal's on
// Kakar's article and syncs it into the folder.
func aliceAndBilal(t *testing.T) (folder string, a *store.Store, eb *team.Engine, bilalAdds func(annotate.Fragment) *annotate.Span) {
	t.Helper()
	return aliceAndBilalLabelling(t, "figure")
}

// aliceAndBilalLabelling is aliceAndBilal with bilal's spans labelled label.
func aliceAndBilalLabelling(t *testing.T, label string) (folder string, a *store.Store, eb *team.Engine, bilalAdds func(annotate.Fragment) *annotate.Span) {
	t.Helper()
	folder = t.TempDir()
	a, b, eb := aliceAndBilalIn(t, folder)
	return folder, a, eb, func(f annotate.Fragment) *annotate.Span { return bilalSpan(t, b, eb, label, f) }
}

// aliceAndBilalIn connects two new stores to the team folder, alice's (a)
// and bilal's (b, eb his engine).
func aliceAndBilalIn(t *testing.T, folder string) (a, b *store.Store, eb *team.Engine) {
	t.Helper()
	a, b = realStore(t), realStore(t)
	if _, err := team.Connect(a, folder, "alice"); err != nil {
		t.Fatal(err)
	}
	eb, err := team.Connect(b, folder, "bilal")
	if err != nil {
		t.Fatal(err)
	}
	return a, b, eb
}

// bilalSpan adds a span of bilal's labelled label at f on Kakar's article
// in his store b and writes it to the team folder with e.
func bilalSpan(t *testing.T, b *store.Store, e *team.Engine, label string, f annotate.Fragment) *annotate.Span {
	t.Helper()
	s := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Annotator: "bilal", Label: label, Fragments: []annotate.Fragment{f}}
	if err := b.Apply(context.Background(), annotate.AddSpan("bilal", s)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// A team folder the window refuses (here one a newer skein writes) is said
// in the Team tab without raising the window's least height (the message
// on as many lines as it needed raised it by ~74 px): on as many lines as
// it needs, each ending at a word, where the tab has the room (a desktop's
// size), else one line cut short, which a click shows whole, as the status
// line shows a refusal.
func TestTeamRefusalWrapsAtWords(t *testing.T) {
	_, c, _, bilalAdds := aliceAndBilal(t)
	bilalAdds(frag(t, docKakar, "60%"))
	w := openWindow(t, test.NewTempApp(t), c, StoreOptions(c, "alice", false))
	tabs := w.th.Tabs()
	for _, it := range tabs.Items {
		if it.Text == "Team" {
			tabs.Select(it)
		}
	}
	until(t, w, "bilal on the Team tab", func() bool { return len(w.tm.panel.State().Colleagues) == 1 })
	w.win.Resize(fyne.NewSize(1400, 900))
	settle(w)
	least, panelLeast := w.win.Content().MinSize().Height, w.tm.panel.MinSize().Height
	folder := filepath.Join(t.TempDir(), "shared")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "skein-team.json"), []byte(`{"format":999}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.startTeam(folder)
	settle(w)
	msg := w.tm.panel.State().Err
	if !strings.Contains(msg, "newer skein") {
		t.Fatalf("the Team tab says %q, want the newer skein's folder refused", msg)
	}
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for name, size := range windowSizes(w) {
		w.win.Resize(size)
		settle(w)
		if got := w.win.Content().MinSize().Height; got > least {
			t.Errorf("%s: the window's least height with the folder refused on the Team tab: %.0f; want at most %.0f, as with a folder that is fine", name, got, least)
		}
		if got := w.tm.panel.MinSize().Height; got > panelLeast {
			t.Errorf("%s: the Team tab's least height with the folder refused: %.0f; want at most %.0f, as with a folder that is fine", name, got, panelLeast)
		}
		line := w.tm.panel.ErrLine()
		if line.Cut() {
			if name != "smallest" {
				t.Errorf("%s: the refusal is cut short", name)
			}
			test.Tap(line)
			top := w.win.Canvas().Overlays().Top()
			if top == nil || !strings.Contains(words(strings.Join(frametest.Drawn(top), " ")), words(msg)) {
				t.Errorf("%s: a click on the refusal cut short shows %v, want a dialog with the whole of it", name, top)
			}
			frame.EscapeDialog(w.win.Canvas())
			continue
		}
		lines := frametest.Lines(line)
		bare := func(s string) string { return strings.Join(strings.Fields(s), "") } // a path wider than the tab breaks inside
		if line.Cut() || bare(strings.Join(lines, "")) != bare(msg) {
			t.Fatalf("%s: the Team tab shows %q, want the whole refusal", name, lines)
		}
		if len(lines) < 2 {
			t.Errorf("%s: the refusal on %d line; want it wrapped", name, len(lines))
		}
		if cut := frametest.CutWord(msg, lines); cut != "" {
			t.Errorf("%s: the Team tab cuts a word: %q (lines %q)", name, cut, lines)
		}
	}
}

// The team folder renamed while the window runs (or its disk unplugged):
// the status line and the Team tab say it is not there and what to do,
// once; the span labelled meanwhile is written when it is back, and the
// status line says it is back.
func TestTeamFolderGoneAndBackInTheWindow(t *testing.T) {
	folder, a, _, _ := aliceAndBilal(t)
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil && w.tm.panel.State().Colleagues != nil })
	away := folder + "-away"
	if err := os.Rename(folder, away); err != nil {
		t.Fatal(err)
	}
	selectWords(t, w, frag(t, docKakar, "TTP"))
	press(w, "2")
	until(t, w, "the status line to say the folder is not there", func() bool { return strings.Contains(w.status.Text, "is not there") })
	if got := w.tm.panel.State().Err; !strings.Contains(got, "team folder "+folder+" is not there: it was moved or renamed, or its disk is not plugged in") || !strings.Contains(got, "File ▸ Team ▸ Folder…") {
		t.Errorf("the Team tab says %q; want the folder not there, and what to do", got)
	}
	labelledAwayAndBack(t, w, folder, away, false)
	until(t, w, "alice's span written", func() bool {
		_, err := os.Stat(filepath.Join(folder, "layers", "alice", machineOf(t, folder, "alice"), docKakar.ID[:2]+".jsonl"))
		return err == nil
	})
	if got := w.tm.panel.State().Err; got != "" {
		t.Errorf("the Team tab still says %q once the folder is back", got)
	}
	mine := spansOf(t, a, docKakar, "alice")
	b, err := os.ReadFile(filepath.Join(folder, "layers", "alice", machineOf(t, folder, "alice"), docKakar.ID[:2]+".jsonl"))
	if err != nil || len(mine) != 1 || !strings.Contains(string(b), mine[0].ID) {
		t.Errorf("alice's span in the folder once it is back: %v %s", err, b)
	}
}

// A window started while its team folder is away (renamed, or its disk
// not plugged in yet) says so on the Team tab and the status line, and
// keeps trying as for a folder that goes while it runs: once the folder is
// back it says so, writes the span labelled meanwhile, and watches the
// folder (not read every second as one that reports no changes).
func TestTeamFolderAwayAtStartAndBack(t *testing.T) {
	folder, a, eb, bilalAdds := aliceAndBilal(t)
	if _, err := eb.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	away := folder + "-away"
	if err := os.Rename(folder, away); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	until(t, w, "the Team tab to say the folder is not there", func() bool {
		return strings.Contains(w.tm.panel.State().Err, "team folder "+folder+" is not there: it was moved or renamed, or its disk is not plugged in")
	})
	if !strings.Contains(w.status.Text, "is not there") {
		t.Errorf("the status line says %q; want the folder not there", w.status.Text)
	}
	labelledAwayAndBack(t, w, folder, away, true)
	layer := filepath.Join(folder, "layers", "alice", machineOf(t, folder, "alice"), docKakar.ID[:2]+".jsonl")
	until(t, w, "alice's span written", func() bool { _, err := os.Stat(layer); return err == nil })
	mine := spansOf(t, a, docKakar, "alice")
	if b, err := os.ReadFile(layer); err != nil || len(mine) != 1 || !strings.Contains(string(b), mine[0].ID) {
		t.Errorf("alice's span in the folder once it is back: %v %s", err, b)
	}
	if st := w.tm.panel.State(); st.Err != "" || st.Polled {
		t.Errorf("once the folder is back the Team tab says %q (read every second: %v); want no trouble, the folder watched", st.Err, st.Polled)
	}
	bs := bilalAdds(frag(t, docKakar, "60%"))
	until(t, w, "bilal's span", func() bool { _, err := a.Span(bs.ID); return err == nil })
	if w.tm.panel.State().Polled {
		t.Errorf("bilal's span arrived unannounced: the folder is not watched once back")
	}
}

// labelledAwayAndBack, with the team folder moved to away, labels TTP
// (label: here, else the caller did), lets the window try to write it,
// checks no folder was made in the folder's place, moves the folder back
// and waits for the status line to say it is back.
func labelledAwayAndBack(t *testing.T, w *Window, folder, away string, label bool) {
	t.Helper()
	if label {
		selectWords(t, w, frag(t, docKakar, "TTP"))
		press(w, "2")
	}
	time.Sleep(time.Second) // the write, 0.4 s after the label, tried
	settle(w)
	if _, err := os.Lstat(folder); err == nil {
		t.Fatal("the window made the folder again where it was")
	}
	if err := os.Rename(away, folder); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the status line to say the folder is back", func() bool {
		return strings.HasPrefix(w.status.Text, "The team folder "+folder+" is back: ")
	})
}

// machineOf is the one machine folder of annotator in the team folder.
func machineOf(t *testing.T, folder, annotator string) string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(folder, "layers", annotator))
	if err != nil || len(ents) != 1 {
		t.Fatalf("%s's machine folders: %v %v", annotator, ents, err)
	}
	return ents[0].Name()
}

// A conflicted copy Syncthing left in bilal's folder is listed on the Team
// tab with what to do, apart from the refused files, and bilal is not
// counted a refused file for it; the list and the refusals stay when
// alice's own work is written (a write said nothing of them, and the tab
// dropped them until the next read of the folder).
func TestConflictedCopyOnTheTeamTab(t *testing.T) {
	folder, a, eb, bilalAdds := aliceAndBilal(t)
	bilalAdds(frag(t, docKakar, "60%"))
	mrel := filepath.Join("layers", "bilal", eb.Machine())
	copyName := "threads.sync-conflict-20261206-101112-ABCDEFG.jsonl"
	if err := os.WriteFile(filepath.Join(folder, mrel, copyName), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, mrel, "notes.txt"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	until(t, w, "the copy on the Team tab", func() bool { return len(w.tm.panel.State().Copies) == 1 })
	want := filepath.ToSlash(mrel) + "/" + copyName + ": a conflicted copy of bilal's threads.jsonl, made by Syncthing: skein reads only " +
		filepath.ToSlash(mrel) + "/threads.jsonl, which only its owner's skein writes, never the copy; the copy can be deleted"
	if got := w.tm.panel.State().Copies; got[0] != want {
		t.Errorf("the Team tab says %q; want %q", got[0], want)
	}
	if got := w.tm.panel.State().Refused; len(got) != 1 || !strings.Contains(got[0], "notes.txt") {
		t.Errorf("refused on the Team tab: %q; want notes.txt alone", got)
	}
	if rows := w.tm.panel.State().Colleagues; len(rows) != 1 || rows[0].Refused != 1 {
		t.Errorf("Team tab rows: %+v; want bilal with 1 refused file, notes.txt", rows)
	}

	selectWords(t, w, frag(t, docKakar, "TTP"))
	press(w, "2")
	until(t, w, "alice's span in the folder", func() bool {
		_, err := os.Stat(filepath.Join(folder, "layers", "alice", machineOf(t, folder, "alice"), docKakar.ID[:2]+".jsonl"))
		return err == nil
	})
	time.Sleep(300 * time.Millisecond) // the write's report handed back
	settle(w)
	if st := w.tm.panel.State(); len(st.Copies) != 1 || len(st.Refused) != 1 {
		t.Errorf("after alice's write the Team tab lists copies %q and refused %q; want both still", st.Copies, st.Refused)
	}
}

// bilal's folder deleted from the team folder while alice's window runs:
// once the window's read 2 s after the first that found it gone finds it
// gone too, his span leaves her store and the open article, the status
// line says so, and the Team tab lists it, no longer listing him among the
// colleagues.
func TestColleagueLeavingInTheWindow(t *testing.T) {
	folder, a, _, bilalAdds := aliceAndBilal(t)
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	w.ShowLayers("bilal")
	for _, ti := range w.th.Tabs().Items {
		if ti.Text == "Team" {
			w.th.Tabs().Select(ti)
		}
	}
	settle(w)
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil })
	s := bilalAdds(frag(t, docKakar, "60%"))
	shown := func() bool {
		for _, x := range w.spanList.All() {
			if x.ID == s.ID {
				return true
			}
		}
		return false
	}
	until(t, w, "bilal's span in the open article", shown)
	if err := os.RemoveAll(filepath.Join(folder, "layers", "bilal")); err != nil {
		t.Fatal(err)
	}
	want := "bilal's folder is gone from the team folder: their 1 span in 1 article was removed from this store."
	until(t, w, "the status line to say bilal's folder went", func() bool {
		if w.status.Text != want {
			t.Logf("status: %q", w.status.Text)
		}
		return w.status.Text == want
	})
	if shown() {
		t.Errorf("bilal's span still in the open article")
	}
	if _, err := a.Span(s.ID); err == nil {
		t.Errorf("bilal's span still in alice's store")
	}
	st := w.tm.panel.State()
	if len(st.Left) != 1 || !strings.HasSuffix(st.Left[0], ": "+want) {
		t.Errorf("the Team tab lists %q; want %q after its time", st.Left, want)
	}
	if len(st.Colleagues) != 0 {
		t.Errorf("the Team tab's colleagues: %+v; want none", st.Colleagues)
	}
	// Laid out whole where the tab has the room: shown, the list had no
	// width yet, and got one unwrapped line's height, scrolled (seen
	// under Xvfb).
	settle(w)
	if l := w.tm.panel.LeftList(); l.Size().Height < l.MinSize().Height || l.Size().Height < 3*theme.TextSize() {
		t.Errorf("the Team tab's list of colleagues gone is %v (least %v): not laid out whole", l.Size(), l.MinSize())
	}

	// The window closed and opened again (the next day): the Team tab
	// still lists bilal's departure, not said on the status line again.
	w.shutdown()
	w2 := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	until(t, w2, "the team folder to open again", func() bool { return w2.tm.folder != nil })
	until(t, w2, "the reopened window's Team tab to list bilal's departure", func() bool {
		st := w2.tm.panel.State()
		return len(st.Left) == 1 && strings.HasSuffix(st.Left[0], ": "+want)
	})
	if w2.status.Text == want {
		t.Errorf("the reopened window's status line says %q again", want)
	}
}

// bilal's folder deleted from the team folder, where alice had imported a
// span of his by hand on another article: the span his folder brought
// goes, the one imported by hand stays, and the Team tab, with no
// colleague's folder left in the team folder, says what stayed under whose
// name, where it said "No colleague's work here yet".
func TestColleagueLeavingKeepsHandImportInTheWindow(t *testing.T) {
	folder, a, _, bilalAdds := aliceAndBilal(t)
	bilalAdds(frag(t, docKakar, "60%"))
	byHand := &annotate.Span{ID: annotate.NewID(), Doc: docBorder.ID, Annotator: "bilal", Label: "claim", Fragments: []annotate.Fragment{{Start: 0, End: 4}}}
	if err := a.Apply(context.Background(), annotate.AddSpan("bilal", byHand)); err != nil { // as skein import -annotator bilal does
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	for _, ti := range w.th.Tabs().Items {
		if ti.Text == "Team" {
			w.th.Tabs().Select(ti)
		}
	}
	until(t, w, "bilal on the Team tab", func() bool { return len(w.tm.panel.State().Colleagues) == 1 })
	if err := os.RemoveAll(filepath.Join(folder, "layers", "bilal")); err != nil {
		t.Fatal(err)
	}
	want := "bilal's folder is gone from the team folder: their 1 span in 1 article was removed from this store; 1 article imported by hand kept."
	until(t, w, "the status line to say bilal's folder went", func() bool { return w.status.Text == want })
	if _, err := a.Span(byHand.ID); err != nil {
		t.Errorf("bilal's span imported by hand: %v, want it kept", err)
	}
	settle(w)
	none := w.tm.panel.None()
	kept := "No colleague's folder is in the team folder now. Kept in this store when their folders left (listed below): bilal's work on 1 article, imported by hand."
	if !none.Visible() || none.Text != kept {
		t.Errorf("the Team tab says %q (shown %v); want %q", none.Text, none.Visible(), kept)
	}
}

// A second store writing as the window's machine (as a store restored
// from an older backup does) leaves newer work of alice's in the folder:
// the Team tab's button asks first, saying what the take would replace
// (the folder's 2 spans on the article for the store's 1); Cancel reads
// nothing in, Read it in reads it in.
func TestTakingThisMachinesNewerWorkAsksFirst(t *testing.T) {
	ctx := context.Background()
	folder, a, _, _ := aliceAndBilal(t)
	ea, err := team.Open(a, folder, "alice")
	if err != nil {
		t.Fatal(err)
	}
	add := func(st *store.Store, phrase string) *annotate.Span {
		s := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Annotator: "alice", Label: "actor", Fragments: []annotate.Fragment{frag(t, docKakar, phrase)}}
		if err := st.Apply(ctx, annotate.AddSpan("alice", s)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	add(a, "TTP")
	if _, err := ea.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	other := realStore(t)
	if err := other.SetMeta("team.machine", ea.Machine()); err != nil {
		t.Fatal(err)
	}
	eo, err := team.Open(other, folder, "alice")
	if err != nil {
		t.Fatal(err)
	}
	add(other, "TTP")
	later := add(other, "60%")
	if _, err := eo.Sync(ctx); err != nil {
		t.Fatal(err)
	}

	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	until(t, w, "the Team tab to tell of this machine's newer folder", func() bool {
		tw := w.tm.panel.State().Twins
		return len(tw) == 1 && tw[0].This
	})
	want := "This machine's folder layers/alice/" + ea.Machine() + " holds newer work of yours than this store on 1 article (2 spans there, in place of this store's 1): read it in where it is newer?"
	w.tm.panel.OnTake(ea.Machine()) // the button's
	if got := dialogText(t, w); !strings.Contains(got, want) {
		t.Errorf("the button asks %q; want %q", got, want)
	}
	tapButton(t, w, "Cancel")
	time.Sleep(300 * time.Millisecond)
	settle(w)
	if _, err := a.Span(later.ID); err == nil {
		t.Fatalf("Cancel read the folder's newer work in")
	}
	w.tm.panel.OnTake(ea.Machine())
	tapButton(t, w, "Read it in")
	until(t, w, "the folder's newer span in the store", func() bool { _, err := a.Span(later.ID); return err == nil })
}

// An article file emptied in the team folder while alice's window runs (a
// crash on a colleague's machine mid-copy) is written again from her store
// as soon as the window's watcher sees it, and the status line says so.
func TestDamagedArticleWrittenAgainInTheWindow(t *testing.T) {
	folder, a, _, _ := aliceAndBilal(t)
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	p := filepath.Join(folder, "articles", docKakar.ID+".jsonl")
	var good []byte
	until(t, w, "alice's article in the folder", func() bool {
		good, _ = os.ReadFile(p)
		return len(good) > 0 && w.tm.folder != nil
	})
	time.Sleep(300 * time.Millisecond) // the first pass's report handed back
	settle(w)
	if err := os.Truncate(p, 0); err != nil {
		t.Fatal(err)
	}
	want := "articles/" + docKakar.ID + ".jsonl was damaged (empty): written again from this store."
	until(t, w, "the status line to say the article was written again", func() bool { return w.status.Text == want })
	if b, _ := os.ReadFile(p); !bytes.Equal(b, good) {
		t.Fatalf("the article file after the window wrote it again: %q, want %q", b, good)
	}
}

// A colleague's sync that brings only a new assign.json recounts the open
// review: alice reviews bob and carol, then dave assigns the articles,
// giving the Taliban article to bob alone and the open Kakar article to
// carol alone. Review read assign.json only when it next read something
// (another article opened), so the rows and the header went on counting
// both articles as to be reviewed.
func TestSyncedAssignmentRecountsTheReview(t *testing.T) {
	st, _ := reviewStore(t)
	folder := t.TempDir()
	if _, err := team.Connect(st, folder, "alice"); err != nil {
		t.Fatal(err)
	}
	ed, err := team.Connect(realStore(t), folder, "dave")
	if err != nil {
		t.Fatal(err)
	}
	w := reviewWithFolder(t, st)
	countedByWork(t, w)
	if err := ed.WriteAssignment(&team.Assignment{Format: team.Format, Annotators: []string{"bob", "carol", "dave"}, PerArticle: 1,
		Articles: map[string][]string{docKakar.ID: {"carol"}, docTaliban.ID: {"bob"}, docBorder.ID: {"dave"}}}); err != nil {
		t.Fatal(err)
	}
	// Nothing else is done: the window hears of it from the folder alone.
	until(t, w, "the Taliban row and the open article's header recounted with dave's assignment", func() bool {
		return w.rev.Progress(docTaliban.ID) == "left out: given only to bob" &&
			w.rev.Head() == "left out of the review: assign.json gives it only to carol"
	})
}

// A git pull that met assign.json in two versions leaves git's markers in
// it: the window's list can no longer put the user's assigned articles
// first, and said nothing of why (the Team tab and the status line were
// silent; only the Assign form and skein agree told). Now the Team tab
// lists it among the refused files, with what to do, and the status line
// says it; once it is whole again the refusal goes and the assigned
// articles come first.
func TestAssignWithGitMarkersSaidInTheWindow(t *testing.T) {
	folder, a, eb, bilalAdds := aliceAndBilal(t)
	bilalAdds(frag(t, docKakar, "60%"))
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	until(t, w, "bilal's work read", func() bool { return len(w.tm.panel.State().Colleagues) == 1 })

	conflicted := "{\n \"format\": 1,\n \"annotators\": [\n  \"alice\",\n  \"bilal\"\n ],\n" +
		"<<<<<<< HEAD\n \"per_article\": 1,\n \"articles\": {\"" + docBorder.ID + "\": [\"alice\"]}\n" +
		"=======\n \"per_article\": 2,\n \"articles\": {\"" + docBorder.ID + "\": [\"alice\", \"bilal\"]}\n" +
		">>>>>>> 671c320 (bilal: assign)\n}\n"
	if err := os.WriteFile(filepath.Join(folder, "assign.json"), []byte(conflicted), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "assign.json:7: git's conflict marker <<<<<<<, left by a git merge that is over: it met two versions of this file and was committed with both in it (no merge is under way, so git checkout --theirs has nothing to take). Assign again (File ▸ Team ▸ Assign…, or skein assign), which writes it whole, then commit and push it; it is read again when it changes"
	until(t, w, "assign.json refused on the Team tab", func() bool { return slices.Contains(w.tm.panel.State().Refused, want) })
	if got := w.status.Text; got != want+"." {
		t.Errorf("status line: %q; want %q", got, want+".")
	}
	// A later read with nothing new keeps saying it.
	bilalAdds(frag(t, docKakar, "TTP"))
	until(t, w, "bilal's second span", func() bool { return len(spansOf(t, a, docKakar, "bilal")) == 2 })
	time.Sleep(300 * time.Millisecond)
	settle(w)
	if got := w.tm.panel.State().Refused; !slices.Contains(got, want) {
		t.Errorf("after bilal's next span the Team tab lists refused %q; want assign.json's still", got)
	}

	if err := eb.WriteAssignment(&team.Assignment{Format: team.Format, Annotators: []string{"alice", "bilal"}, PerArticle: 1,
		Articles: map[string][]string{docBorder.ID: {"alice"}, docKakar.ID: {"bilal"}, docTaliban.ID: {"bilal"}}}); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the refusal gone and alice's article first", func() bool {
		return len(w.tm.panel.State().Refused) == 0 && len(w.docList.Docs()) > 0 && w.docList.Docs()[0].ID == docBorder.ID
	})
	if got, want := w.status.Text, review.AssignReadAgain; got != want {
		t.Errorf("status line once assign.json is whole: %q; want %q", got, want)
	}
}
