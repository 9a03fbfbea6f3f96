package app

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/spanlist"
	"github.com/skein-news/skein/app/strip"
	"github.com/skein-news/skein/store"
)

// putSpan stores a span as `skein import` does: straight into the store,
// before the window opens.
func putSpan(t testing.TB, st Store, d *annotate.Document, label, annotator, word string) *annotate.Span {
	t.Helper()
	s := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Fragments: []annotate.Fragment{frag(t, d, word)},
		Label: label, Annotator: annotator}
	if err := st.Apply(context.Background(), annotate.AddSpan(annotator, s)); err != nil {
		t.Fatal(err)
	}
	return s
}

// labelButtons returns the label bar's buttons by label, and the text
// each shows: those in view and those under "N more".
func labelButtons(w *Window) (map[string]*labelButton, []string) {
	byName := map[string]*labelButton{}
	var texts []string
	for _, o := range w.labelBar.Objects {
		b := o.(*labelButton)
		byName[b.name] = b
		texts = append(texts, b.chip.Text())
	}
	return byName, texts
}

// laneColours returns the opaque colours on the screen inside the article:
// its spans' underlines, each in its label's colour (the view paints them
// into one raster, so they are read off the pixels).
func laneColours(w *Window) map[color.NRGBA]bool {
	out := map[color.NRGBA]bool{}
	c := w.win.Canvas()
	img := c.Capture()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.view)
	size := w.view.Size()
	s := c.Scale()
	for y := int(pos.Y * s); y < int((pos.Y+size.Height)*s); y++ {
		for x := int(pos.X * s); x < int((pos.X+size.Width)*s); x++ {
			if px := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA); px.A == 0xff {
				out[px] = true
			}
		}
	}
	return out
}

// laneDrawn tells whether colour is among the article's lanes, waiting up
// to 5 s for what comes from off the UI goroutine: on a loaded machine (CI
// at load 15) the article was captured not yet painted, the lanes only its
// background. A lane that is not drawn still fails, 5 s on.
func laneDrawn(w *Window, colour color.NRGBA) bool {
	for start := time.Now(); ; {
		if laneColours(w)[colour] {
			return true
		}
		if time.Since(start) > 5*time.Second {
			return false
		}
		time.Sleep(50 * time.Millisecond)
		settle(w)
		if time.Since(start) > time.Second {
			w.win.Content().Refresh() // as a real window does at its next frame
		}
	}
}

func TestStoreLabelGetsKeyFive(t *testing.T) {
	st := newFakeStore(testDocs()...)
	putSpan(t, st, docBorder, "Person", "bob", "refugees")
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)

	buttons, texts := labelButtons(w)
	if b := buttons["Person"]; b == nil || b.chip.Text() != "5  Person" {
		t.Fatalf("label bar shows %q, want a button 5  Person after the four defaults", texts)
	}
	want := frag(t, docKakar, "Officials")
	selectWords(t, w, want)
	press(w, fyne.Key5)
	spans := spansOf(t, st, docKakar, "alice")
	if len(spans) != 1 || spans[0].Label != "Person" || spans[0].Fragments[0] != want {
		t.Fatalf("after 5 got %v, want a Person span over %v", spans, want)
	}
	// The new span is selected: its outline, painted over its underline
	// as the GL driver draws it (soft edges), is taken off to read the lane.
	w.view.SelectSpan("")
	if !laneDrawn(w, buttons["Person"].base) {
		t.Errorf("the Person span is not drawn in the label bar's Person colour %v: lanes %v", buttons["Person"].base, laneColours(w))
	}
	if !strings.Contains(w.spanList.HintText(), "1–5") {
		t.Errorf("the empty-list hint says %q, want it to name keys 1–5", w.spanList.HintText())
	}
}

// The keys and colours of user labels do not depend on which article was
// open first: the labels the store holds are placed by name before any is
// drawn.
func TestStoreLabelsKeepOneOrder(t *testing.T) {
	for _, first := range []*annotate.Document{docKakar, docBorder} {
		t.Run(first.Title, func(t *testing.T) {
			st := newFakeStore(testDocs()...)
			putSpan(t, st, docKakar, "Person", "alice", "Kakar")
			putSpan(t, st, docBorder, "Organization", "alice", "refugees")
			st.SetMeta(MetaLastDoc, first.ID)
			w := openWindow(t, test.NewTempApp(t), st, Options{})
			if w.doc.ID != first.ID {
				t.Fatalf("opened %s, want %s", w.doc.Title, first.Title)
			}
			buttons, texts := labelButtons(w)
			if buttons["Organization"] == nil || buttons["Organization"].chip.Text() != "5  Organization" ||
				buttons["Person"] == nil || buttons["Person"].chip.Text() != "6  Person" {
				t.Fatalf("label bar shows %q, want 5 Organization and 6 Person", texts)
			}
			for _, d := range []*annotate.Document{docKakar, docBorder} {
				open(t, w, d)
				name := w.spanList.All()[0].Label
				if !laneDrawn(w, buttons[name].base) {
					t.Errorf("%s: the %s span is not drawn in the label bar's colour %v: lanes %v", d.Title, name, buttons[name].base, laneColours(w))
				}
			}
			if p, o := buttons["Person"].base, buttons["Organization"].base; p == o {
				t.Errorf("Person and Organization share the colour %v", p)
			}
		})
	}
}

// tapPopUpItem taps the item called label in the pop-up menu on top.
func tapPopUpItem(t testing.TB, w *Window, label string) {
	t.Helper()
	names, taps := popUpItems(t, w)
	for i, n := range names {
		if n == label {
			test.Tap(taps[i])
			return
		}
	}
	t.Fatalf("no item %q in the pop-up menu: %q", label, names)
}

// popUpItems are the names of the items of the pop-up menu on top, and
// what taps each.
func popUpItems(t testing.TB, w *Window) ([]string, []fyne.Tappable) {
	t.Helper()
	var menu *widget.Menu
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.PopUpMenu:
			menu = x.Menu
		case *widget.Menu:
			menu = x
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		walk(top)
	}
	if menu == nil {
		t.Fatalf("no pop-up menu open")
	}
	var names []string
	var taps []fyne.Tappable
	for _, it := range menu.Items {
		tap, ok := it.(fyne.Tappable)
		if !ok {
			continue
		}
		for _, o := range test.WidgetRenderer(it.(fyne.Widget)).Objects() {
			if txt, ok := o.(*canvas.Text); ok {
				names, taps = append(names, txt.Text), append(taps, tap)
			}
		}
	}
	return names, taps
}

func TestRelabelAsStoreLabel(t *testing.T) {
	st := newFakeStore(testDocs()...)
	putSpan(t, st, docTaliban, "Organization", "bob", "Taliban")
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "TTP"))

	var row *spanlist.RowView
	for _, it := range objects[*spanlist.RowView](w) {
		if it.ID() == s.ID {
			row = it
		}
	}
	if row == nil {
		t.Fatal("no row for the span")
	}
	test.Tap(objectsIn[*widget.Button](row)[0]) // the row's actions button
	tapPopUpItem(t, w, "Organization")
	if got := spansOf(t, st, docKakar, "alice"); len(got) != 1 || got[0].Label != "Organization" {
		t.Fatalf("after choosing Organization got %v, want the span relabelled", got)
	}
}

// dialogEntry returns the entry of the dialog on top.
func dialogEntry(t testing.TB, w *Window) *frame.Entry {
	t.Helper()
	found := objectsIn[*frame.Entry](topDialog(t, w))
	if len(found) == 0 {
		t.Fatal("no entry in the dialog")
	}
	return found[0]
}

func TestAddLabelFromWindow(t *testing.T) {
	st := newFakeStore(testDocs()...)
	a := test.NewTempApp(t)
	w := openWindow(t, a, st, Options{})
	open(t, w, docKakar)

	// A name with a leading space is refused, and says why.
	test.Tap(w.addLabelBtn)
	e := dialogEntry(t, w)
	test.Type(e, " Location")
	tapButton(t, w, "Add")
	if _, ok := w.labels.Get(" Location"); ok {
		t.Fatal("the dialog added a label with a leading space")
	}
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), "leading or trailing space") {
		t.Errorf("the dialog says %v, want the leading space named", err)
	}
	// So is one that exists already.
	e.SetText("actor")
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("the dialog says %v for actor, want it to say it is a label already", err)
	}

	// As a person types, the field holding the keyboard: Enter on a name
	// taken already leaves the dialog open, saying why.
	e.SetText("")
	w.win.Canvas().Focus(e)
	if w.win.Canvas().Focused() != e {
		t.Fatal("the field did not take the keyboard")
	}
	test.Type(e, "actor")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Enter on actor, a label already, closed the dialog")
	}
	e.SetText("")
	test.Type(e, "Location")
	tapButton(t, w, "Add")
	if w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the dialog is still open after Add")
	}
	buttons, texts := labelButtons(w)
	if b := buttons["Location"]; b == nil || b.chip.Text() != "5  Location" {
		t.Fatalf("label bar shows %q, want 5  Location", texts)
	}
	if !strings.Contains(w.status.Text, "press 5") {
		t.Errorf("status %q, want it to say the key", w.status.Text)
	}
	selectWords(t, w, frag(t, docKakar, "Officials"))
	press(w, fyne.Key5)
	if got := spansOf(t, st, docKakar, "alice"); len(got) != 1 || got[0].Label != "Location" {
		t.Fatalf("after 5 got %v, want a Location span", got)
	}

	// A label added but not yet used, and one brought by an import since,
	// keep their keys across a restart: the new one comes after.
	test.Tap(w.addLabelBtn)
	test.Type(dialogEntry(t, w), "Zone")
	tapButton(t, w, "Add")
	w.win.Close()
	w.shutdown()
	putSpan(t, st, docBorder, "Agency", "alice", "refugees")

	w2 := openWindow(t, a, st, Options{})
	_, texts = labelButtons(w2)
	if got, want := strings.Join(texts, "|"), "1  claim|2  actor|3  figure|4  accusation|5  Location|6  Zone|7  Agency"; got != want {
		t.Errorf("after a restart the label bar shows %q, want %q", got, want)
	}
}

// Many imported labels do not widen the window: those that do not fit go
// under "N more" at the bar's end, whose menu lists them (issue 12.6: no
// hidden scroll, "1 claim" stays in view), and + stays in view beside them.
func TestManyLabelsKeepPlusInView(t *testing.T) {
	st := newFakeStore(testDocs()...)
	for _, name := range []string{"Person", "Organization", "GPE", "Money", "Merge-org", "Report", "Located", "Family"} {
		putSpan(t, st, docBorder, name, "bob", "camps")
	}
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1100, 640))
	shown := objects[*labelButton](w)
	if len(shown) == 0 || shown[0].chip.Text() != "1  claim" {
		t.Fatalf("label bar shows %d labels, want 1 claim first", len(shown))
	}
	if more := 12 - len(shown); more > 0 {
		if !w.moreLabels.Visible() || w.moreLabels.Text != fmt.Sprintf("%d more", more) {
			t.Fatalf("the bar shows %d labels and a more button %q (visible %v), want %d more", len(shown), w.moreLabels.Text, w.moreLabels.Visible(), more)
		}
		// The last label, Report, is one click away: under more.
		open(t, w, docBorder)
		selectWords(t, w, frag(t, docBorder, "refugees"))
		test.Tap(w.moreLabels)
		tapPopUpItem(t, w, "Report")
		settle(w)
		if s := w.spanList.ByID(w.view.SelectedSpan()); s == nil || s.Label != "Report" {
			t.Errorf("after more ▸ Report the selected span is %v, want a Report span", s)
		}
	}
	if got := w.win.Content().MinSize().Width; got > 1100 {
		t.Errorf("the window needs %v wide, want the labels to scroll within 1100", got)
	}
	d := fyne.CurrentApp().Driver()
	plus := d.AbsolutePositionForObject(w.addLabelBtn).X + w.addLabelBtn.Size().Width
	edge := d.AbsolutePositionForObject(w.title).X + w.title.Size().Width
	if w.addLabelBtn.Size().Width == 0 || plus > edge {
		t.Errorf("+ ends at %v, past the centre column's right edge %v", plus, edge)
	}
}

// A label added with + at 1280 px says where it went, and the bar never
// hides "1 claim" to make room (issue 12.6): once the bar is full, new
// labels go under "more".
func TestAddedLabelSaysWhereItWent(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	w.win.Resize(fyne.NewSize(1280, 720))
	open(t, w, docKakar)
	sawMore := false
	for _, name := range []string{"Organization", "Location", "Spokesperson", "Government body", "Armed group"} {
		test.Tap(w.addLabelBtn)
		test.Type(dialogEntry(t, w), name)
		tapButton(t, w, "Add")
		settle(w)
		if !strings.Contains(w.status.Text, "Added the label "+name+", ") {
			t.Fatalf("after adding %s the status says %q", name, w.status.Text)
		}
		if strings.Contains(w.status.Text, "under “more”") {
			sawMore = true
			if !w.moreLabels.Visible() {
				t.Errorf("the status says %s is under more, but there is no more button", name)
			}
		}
		if shown := objects[*labelButton](w); len(shown) == 0 || shown[0].chip.Text() != "1  claim" {
			t.Errorf("after adding %s the bar shows %d labels, want 1 claim first", name, len(shown))
		}
	}
	if !sawMore {
		t.Error("five long labels all fit beside the four at 1280 px: the test no longer reaches the overflow")
	}
}

// At the window's first size the label bar's hint is read whole: it was
// cut to "select words, then press a key or…" beside the four labels.
func TestLabelHintReadsWhole(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	open(t, w, docKakar)
	w.win.Resize(defaultWindowSize)
	if got := strings.Join(frametest.Drawn(w.labelHintText), " "); got != labelHint {
		t.Errorf("at %v the label bar's hint draws %q, want %q whole", defaultWindowSize, got, labelHint)
	}
}

// labelBarAsDrawn checks the label bar as the user sees it: a button for
// each of want, in order; those shown one after another inside the bar,
// each as wide as its text asks and as high as the bar; the rest counted
// under "N more".
func labelBarAsDrawn(t *testing.T, w *Window, want []string) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	at, room := d.AbsolutePositionForObject(w.labelBarBox), w.labelBarBox.Size()
	var names []string
	right, hidden := at.X, 0
	for _, o := range w.labelBar.Objects {
		b := o.(*labelButton)
		names = append(names, b.name)
		if !b.Visible() {
			hidden++
			continue
		}
		pos, size := d.AbsolutePositionForObject(b), b.Size()
		if size.Width != b.MinSize().Width || size.Height != room.Height || pos.X < right || pos.Y != at.Y || pos.X+size.Width > at.X+room.Width {
			t.Errorf("%q is drawn at %v, %v: want it %v wide and %v high, after %v, inside the bar at %v, %v",
				b.chip.Text(), pos, size, b.MinSize().Width, room.Height, right, at, room)
		}
		right = pos.X + size.Width
	}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("the label bar has %v, want %v", names, want)
	}
	if more := fmt.Sprintf("%d more", hidden); hidden > 0 != w.moreLabels.Visible() || hidden > 0 && w.moreLabels.Text != more {
		t.Errorf("%d labels have no room, and the more button says %q (shown: %v)", hidden, w.moreLabels.Text, w.moreLabels.Visible())
	}
}

// tapLabelBar moves the pointer onto the button of label name in the label
// bar, where it is drawn, and clicks it.
func tapLabelBar(t *testing.T, w *Window, name string) {
	t.Helper()
	for _, o := range w.labelBar.Objects {
		if b := o.(*labelButton); b.name == name {
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).AddXY(b.Size().Width/2, b.Size().Height/2)
			test.MoveMouse(w.win.Canvas(), pos)
			test.TapCanvas(w.win.Canvas(), pos)
			return
		}
	}
	t.Fatalf("no button of %s in the label bar", name)
}

// Labels that arrive while the window is open go into the label bar, drawn
// in it as the four are: after File ▸ Import file… of a CoNLL file with LOC
// and PER tags the bar's buttons were gone, and "4 accusation" was drawn
// over the article list (the buttons were put in the bar unplaced, at its
// corner with no size). So for every way labels arrive — an import, a
// brat folder, a colleague's layer through the team folder, suggestions —
// each button is where it is drawn, and a click on the new one labels the
// selected words with it.
func TestArrivingLabelsDrawnInTheBar(t *testing.T) {
	four := []string{annotate.Claim, annotate.Actor, annotate.Figure, annotate.Accusation}
	write := func(t *testing.T, dir, name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	imported := func(t *testing.T, w *Window, path string) {
		w.importPaths([]string{path})
		settle(w)
		if msg := dialogText(t, w); !strings.Contains(msg, "imported") {
			t.Fatalf("the import reports %q", msg)
		}
		w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())
	}
	for _, c := range []struct {
		name   string
		labels []string // those it brings
		bring  func(t *testing.T) *Window
	}{
		{"File ▸ Import file… of CoNLL", []string{"LOC", "PER"}, func(t *testing.T) *Window {
			st := realStore(t)
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			open(t, w, docKakar)
			imported(t, w, write(t, t.TempDir(), "news.conll", "Ahmed\tB-PER\nKhan\tI-PER\nvisited\tO\nKabul\tB-LOC\n.\tO\n"))
			return w
		}},
		{"File ▸ Import file… of a brat folder", []string{"Organization"}, func(t *testing.T) *Window {
			st := realStore(t)
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			open(t, w, docKakar)
			dir := t.TempDir()
			write(t, dir, "a.txt", "The ministry said so.")
			write(t, dir, "a.ann", "T1\tOrganization 4 12\tministry\n")
			imported(t, w, dir)
			return w
		}},
		{"a colleague's layer through the team folder", []string{"Spokesperson"}, func(t *testing.T) *Window {
			_, a, _, bilalAdds := aliceAndBilalLabelling(t, "Spokesperson")
			w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
			open(t, w, docKakar)
			until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil })
			menuItem(t, w, "View", "Colleagues' work").Action()
			s := bilalAdds(frag(t, docKakar, "60%"))
			until(t, w, "bilal's span in the open article", func() bool { return shows(w, s.ID) })
			return w
		}},
		{"File ▸ Import suggestions…", []string{"Location"}, func(t *testing.T) *Window {
			st := realStore(t)
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			open(t, w, docKakar)
			w.importSuggestions("ner", write(t, t.TempDir(), "ner.jsonl",
				`{"id":"`+docKakar.ID+`","spans":[{"start":0,"end":6,"label":"Location"}]}`+"\n"))
			settle(w)
			if !strings.HasPrefix(w.status.Text, "Imported ") {
				t.Fatalf("the status says %q after the suggestions' import", w.status.Text)
			}
			return w
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := c.bring(t)
			w.win.Resize(defaultWindowSize)
			settle(w)
			labelBarAsDrawn(t, w, append(slices.Clone(four), c.labels...))
			words := frag(t, docKakar, "TTP")
			selectWords(t, w, words)
			tapLabelBar(t, w, c.labels[0])
			settle(w)
			if s := w.spanList.ByID(w.view.SelectedSpan()); s == nil || s.Label != c.labels[0] || s.Fragments[0] != words {
				t.Errorf("a click on %s in the bar made %v, want a %s span over TTP", c.labels[0], s, c.labels[0])
			}
		})
	}
}

// TestAddLabelUnseenCharacter: a name typed in the New label dialog that
// holds a character showing nothing or turning the text around is refused
// with the importers' message: "claim" + U+200B showed as a second claim in
// the bar, and U+202E claim as "mialc". A Persian word's ZWNJ is kept. A
// store holding such a label from before still opens, the label in the bar.
func TestAddLabelUnseenCharacter(t *testing.T) {
	st := newFakeStore(testDocs()...)
	putSpan(t, st, docBorder, "old\u200b", "alice", "refugees")
	a := test.NewTempApp(t)
	w := openWindow(t, a, st, Options{})
	open(t, w, docKakar)
	if _, ok := w.labels.Get("old\u200b"); !ok {
		t.Fatal("a stored label holding U+200B is not in the bar")
	}
	for _, c := range []struct{ name, want string }{
		{"claim\u200b", `label "claim\u200b" holds U+200B, which shows nothing`},
		{"\u202eclaim", `holds U+202E`},
		{"a\u00adb", `holds U+00AD`},
		{"x\u2029y", `holds U+2029`},
	} {
		test.Tap(w.addLabelBtn)
		e := dialogEntry(t, w)
		test.Type(e, c.name)
		tapButton(t, w, "Add")
		if _, ok := w.labels.Get(c.name); ok {
			t.Errorf("the dialog added %q", c.name)
		}
		if err := e.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("the dialog says %v for %q, want %q", err, c.name, c.want)
		}
		w.addLabel(c.name) // Enter, past the greyed button
		if _, ok := w.labels.Get(c.name); ok {
			t.Errorf("addLabel added %q", c.name)
		}
		if top := w.win.Canvas().Overlays().Top(); top != nil {
			w.win.Canvas().Overlays().Remove(top)
		}
	}
	test.Tap(w.addLabelBtn)
	test.Type(dialogEntry(t, w), "می\u200cگوید")
	tapButton(t, w, "Add")
	if _, ok := w.labels.Get("می\u200cگوید"); !ok {
		t.Error("a label with a ZWNJ was refused")
	}
}

// TestAddLabelDecomposed: a name pasted decomposed ("cafe" + U+0301, as
// macOS writes it) was taken beside the composed "café", two labels
// showing the same, counted apart; it is now "a label already", and a new
// one is added composed.
func TestAddLabelDecomposed(t *testing.T) {
	st := newFakeStore(testDocs()...)
	a := test.NewTempApp(t)
	w := openWindow(t, a, st, Options{})
	open(t, w, docKakar)
	w.addLabel("café")
	before := len(w.labels.All())
	test.Tap(w.addLabelBtn)
	e := dialogEntry(t, w)
	test.Type(e, "cafe\u0301")
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), `"café" is a label already`) {
		t.Errorf("the dialog says %v for a decomposed café", err)
	}
	tapButton(t, w, "Add")
	w.addLabel("cafe\u0301") // Enter, past the greyed button
	if n := len(w.labels.All()); n != before {
		t.Errorf("%d labels after adding café decomposed, want %d", n, before)
	}
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		w.win.Canvas().Overlays().Remove(top)
	}
	w.addLabel("Zoe\u0308")
	if _, ok := w.labels.Get("Zoë"); !ok {
		t.Errorf("Zoë added as %+q, want composed", w.labels.UserNames())
	}
}

// TestColleaguesDecomposedLabelKeptApart: a label an older skein kept
// decomposed (cafe + U+0301 beside café: skein's own files carry labels as
// the store holds them) arrives in the open window from a colleague's layer
// in the team folder. The window took it for the composed café: the span
// was drawn in café's colour, the bar had no button of its own, and each
// colour asked of it added café again and redrew the bar.
func TestColleaguesDecomposedLabelKeptApart(t *testing.T) {
	_, a, _, bilalAdds := aliceAndBilalLabelling(t, "cafe\u0301")
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil })
	w.addLabel("café")
	menuItem(t, w, "View", "Colleagues' work").Action()
	s := bilalAdds(frag(t, docKakar, "60%"))
	until(t, w, "bilal's span in the open article", func() bool { return shows(w, s.ID) })
	w.win.Resize(defaultWindowSize)
	settle(w)
	four := []string{annotate.Claim, annotate.Actor, annotate.Figure, annotate.Accusation}
	labelBarAsDrawn(t, w, append(four, "café", "cafe\u0301"))
	composed, _ := w.labels.Get("café")
	if l, ok := w.labels.Get("cafe\u0301"); !ok || l.Color == composed.Color {
		t.Errorf("bilal's decomposed label is %+v (known: %v), café's colour %s: want a label of its own", l, ok, composed.Color)
	}
	// Its button says which it is, as skein list does: both read "café".
	var texts []string
	for _, o := range w.labelBar.Objects[len(four):] {
		texts = append(texts, o.(*labelButton).chip.Text())
	}
	if want := []string{"5  café", `6  "cafe\u0301"`}; !slices.Equal(texts, want) {
		t.Errorf("the label bar's buttons for café and bilal's cafe + U+0301 read %q, want %q", texts, want)
	}
	// So does his span's row in the span list.
	var chips []string
	for _, x := range objectsIn[*strip.Strip](w.spanList.Rows()) {
		for _, c := range x.Line().Chips {
			chips = append(chips, c.Text)
		}
	}
	if want := []string{`"cafe\u0301"`}; !slices.Equal(chips, want) {
		t.Errorf("the span list shows bilal's label as %q, want %q", chips, want)
	}
}

// TestReportTellsOlderLabelsApart: the window's agreement report had a row
// "label: café" for café and another for the cafe + U+0301 an older store
// kept, where skein agree's table shows the second quoted and escaped.
func TestReportTellsOlderLabelsApart(t *testing.T) {
	st, _ := reviewStore(t)
	writeSpans(t, st, []reviewSpan{
		{docBorder, "bob", "café", "Torkham"},
		{docBorder, "carol", "cafe\u0301", "Torkham"},
	})
	_, rv := showReport(t, st, "bob", "carol")
	var labels []string
	for _, r := range rv.rows {
		if strings.HasPrefix(r.name, "label: ") {
			labels = append(labels, r.name)
		}
	}
	if want := []string{"label: claim", "label: actor", "label: figure", "label: accusation", `label: "cafe\u0301"`, "label: café"}; !slices.Equal(labels, want) {
		t.Errorf("the report's label rows are %q, want %q", labels, want)
	}
}

// olderLabelStore is a store an older skein left: reviewLayers, with
// bob's "refugees" labelled cafe + U+0301 and carol's café, and alice's
// own "Kakar" and "Officials" cafe + U+0301.
func olderLabelStore(t *testing.T) (st *store.Store, kakar, officials *annotate.Span) {
	st, _ = reviewStore(t)
	spans := writeSpans(t, st, []reviewSpan{
		{docBorder, "bob", "cafe\u0301", "refugees"},
		{docBorder, "carol", "café", "refugees"},
		{docKakar, "alice", "cafe\u0301", "Kakar"},
		{docKakar, "alice", "cafe\u0301", "Officials"},
	})
	return st, spans[2], spans[3]
}

// writeSpans writes the crafted spans into st in one batch, as an older
// skein's import did (no check of their labels), and returns them.
func writeSpans(t *testing.T, st *store.Store, spans []reviewSpan) []*annotate.Span {
	t.Helper()
	b := &store.Batch{}
	for _, s := range spans {
		b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: s.doc.ID, Label: s.label, Annotator: s.annotator,
			Fragments: []annotate.Fragment{frag(t, s.doc, s.words)}})
	}
	if _, err := st.WriteBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return b.Spans
}

// hoverTips moves the pointer over the article until a tooltip shows, and
// returns what it says.
func hoverTips(w *Window) []string {
	if _, ok := tipPoint(w); !ok {
		return nil
	}
	tips := drawnTips(w)
	w.view.MouseOut()
	return tips
}

// TestOlderLabelSaidAsShown: a label an older store kept decomposed was
// written escaped on its button and its span's row, but as the same
// "café" as its composed neighbour in what the window says of its spans:
// the status line, the article's tooltip, the relabel and delete messages,
// the new-label check, review's rows, its status line and its messages.
func TestOlderLabelSaidAsShown(t *testing.T) {
	st, kakar, officials := olderLabelStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	const shown = `"cafe\u0301"`
	said := func(what, want string) {
		t.Helper()
		if !strings.Contains(w.status.Text, want) {
			t.Errorf("%s: the status says %q, want %q in it", what, w.status.Text, want)
		}
	}
	if err := w.checkNewLabel("café"); err == nil || err.Error() != shown+" is a label already" {
		t.Errorf("a new label café beside the older cafe + U+0301: %v, want %s is a label already", err, shown)
	}
	w.spanList.Describe(kakar)
	said("a span described", shown+" by alice")
	if got, want := hoverTips(w), []string{shown + " — alice"}; !slices.Equal(got, want) {
		t.Errorf("the tooltip over alice's span reads %q, want %q", got, want)
	}
	w.view.SelectSpan(kakar.ID)
	press(w, fyne.Key1)
	settle(w)
	said("relabelled", "Relabelled "+shown+" as claim")
	w.view.SelectSpan(officials.ID)
	press(w, fyne.KeyDelete)
	settle(w)
	said("deleted", "Deleted "+shown+" “Officials”")

	open(t, w, docBorder)
	if err := w.StartReview("bob", "carol"); err != nil {
		t.Fatal(err)
	}
	settle(w)
	itemAt(t, w, "refugees")
	settle(w)
	said("review's item", "bob: "+shown)
	drawn := strings.Join(frametest.Drawn(w.rev.Panel()), "|")
	if !strings.Contains(drawn, "|"+shown+" ·|") {
		t.Errorf("review's rows read %q, want bob's label as %s", drawn, shown)
	}
	var labels []string
	for _, h := range w.rev.Session().Highlights() {
		if h.Annotator == "bob" && h.Fragments[0] == frag(t, docBorder, "refugees") {
			labels = append(labels, h.Label)
		}
	}
	if want := []string{shown}; !slices.Equal(labels, want) {
		t.Errorf("review draws bob's span labelled %q, want %q", labels, want)
	}
	w.rev.Session().Goto(w.rev.Session().Cur(), "bob")
	w.rev.Session().Accept()
	settle(w)
	said("accepted", "Accepted bob's "+shown)
	if drawn := strings.Join(frametest.Drawn(w.rev.Panel()), "|"); !strings.Contains(drawn, "✓ "+shown) {
		t.Errorf("review's rows read %q, want the item curated as ✓ %s", drawn, shown)
	}
}

// TestNewLabelUnderThePointerTakesNoClick: + adds a label, whose button
// takes the place of + under the pointer. A second click there, meant for
// + (a double-click, or a click to add another), labelled the selection
// with the new label unasked; now the button takes a click only once the
// pointer has come onto it.
func TestNewLabelUnderThePointerTakesNoClick(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(defaultWindowSize)
	open(t, w, docKakar)
	settle(w)
	selectWords(t, w, frag(t, docKakar, "Officials"))
	c := w.win.Canvas()
	d := fyne.CurrentApp().Driver()
	plus := d.AbsolutePositionForObject(w.addLabelBtn).AddXY(w.addLabelBtn.Size().Width/2, w.addLabelBtn.Size().Height/2)
	test.MoveMouse(c, plus)
	test.TapCanvas(c, plus)
	e := dialogEntry(t, w)
	c.Focus(e)
	test.Type(e, "Location")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(w)
	if c.Overlays().Top() != nil {
		t.Fatal("Enter left the New label dialog up")
	}
	buttons, texts := labelButtons(w)
	b := buttons["Location"]
	if b == nil {
		t.Fatalf("label bar shows %q, want Location in it", texts)
	}
	at, size := d.AbsolutePositionForObject(b), b.Size()
	if plus.X < at.X || plus.X > at.X+size.Width || plus.Y < at.Y || plus.Y > at.Y+size.Height {
		t.Fatalf("Location's button is at %v size %v, not under the pointer at %v where + was: the test shows nothing", at, size, plus)
	}
	test.TapCanvas(c, plus)
	settle(w)
	if got := spansOf(t, st, docKakar, "alice"); len(got) != 0 {
		t.Fatalf("a click where + was, the pointer not moved, made %v; want no span", got)
	}
	if len(w.view.Selection()) == 0 {
		t.Error("the click let the selection go")
	}
	// Once the pointer comes onto it, the button labels as any other.
	test.MoveMouse(c, plus.AddXY(1, 0))
	test.TapCanvas(c, plus.AddXY(1, 0))
	settle(w)
	if got := spansOf(t, st, docKakar, "alice"); len(got) != 1 || got[0].Label != "Location" {
		t.Errorf("a click on Location with the pointer moved onto it made %v, want a Location span", got)
	}
}
