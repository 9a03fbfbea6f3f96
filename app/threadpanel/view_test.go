package threadpanel

import (
	"fmt"
	"image"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/skein-news/skein/annotate"
)

func members() []Member {
	return []Member{
		{Doc: "d0", Span: "a", Title: "Kakar links surge", Date: "2023-11-10", Label: "claim", Excerpt: "surged by 60%"},
		{Doc: "d1", Span: "b", Title: "Kakar repeats call", Date: "2023-11-12", Label: "figure", Excerpt: "60 percent", Link: "repeats"},
		{Doc: "d1", Span: "c", Title: "Kakar repeats call", Date: "2023-11-12", Label: "quote", Color: "#b388eb", Excerpt: "79%", Link: "contradicts"},
	}
}

// rows returns the shown member rows by member index.
func rows(t *testing.T, w fyne.Window) map[int]*memberRow {
	t.Helper()
	out := map[int]*memberRow{}
	for _, r := range visible[*memberRow](w.Content()) {
		out[r.id] = r
	}
	return out
}

// reorder applies a move the way the window does: it changes the thread and
// sets the members again.
func reorder(v *ThreadView, from, to int) {
	ms := v.Members()
	m := ms[from]
	ms = append(ms[:from], ms[from+1:]...)
	ms = append(ms[:to], append([]Member{m}, ms[to:]...)...)
	v.SetMembers(ms)
}

func newView(t *testing.T) (*ThreadView, fyne.Window) {
	test.NewTempApp(t)
	v := NewThreadView()
	w := show(t, v)
	v.SetTitle("Kakar’s 60% rise")
	v.SetMembers(members())
	return v, w
}

func TestThreadViewShowsMembers(t *testing.T) {
	v, w := newView(t)
	texts := labelTexts(w.Content())
	for _, want := range []string{
		"3 members · 2 articles",
		"2023-11-10 · claim · Kakar links surge", "surged by 60%",
		"2023-11-12 · figure · Kakar repeats call", "60 percent",
		"first", "repeats ▾", "contradicts ▾",
	} {
		if !contains(texts, want) {
			t.Errorf("got labels %q, want one %q", texts, want)
		}
	}
	rs := rows(t, w)
	if len(rs) != 3 {
		t.Fatalf("got %d rows shown, want 3", len(rs))
	}
	if got, want := rs[0].swatch.FillColor, labelColor("", annotate.Claim); got != want {
		t.Errorf("got claim colour %v, want %v", got, want)
	}
	if got, want := rs[2].swatch.FillColor, labelColor("#b388eb", ""); got != want || got == labelColor("", "") {
		t.Errorf("got user label colour %v, want %v", got, want)
	}
	if !v.upBtn.Disabled() || !v.downBtn.Disabled() || !v.removeBtn.Disabled() {
		t.Errorf("with nothing selected got buttons enabled: up %v down %v remove %v", !v.upBtn.Disabled(), !v.downBtn.Disabled(), !v.removeBtn.Disabled())
	}
	if v.title.Text != "Kakar’s 60% rise" {
		t.Errorf("got title %q, want %q", v.title.Text, "Kakar’s 60% rise")
	}
	v.SetMembers(append(members(), Member{Doc: "d2", Span: "d", Title: "Third", Excerpt: "x"}))
	if texts := labelTexts(w.Content()); !contains(texts, "link ▾") || !contains(texts, "undated · Third") || !contains(texts, "4 members · 3 articles") {
		t.Errorf("after a fourth member got labels %q, want an unlabelled link and new counts", texts)
	}
}

func TestThreadViewSetThread(t *testing.T) {
	v, _ := newView(t)
	v.Select(2)
	v.SetMembers(members()[1:]) // an edit: the selection follows span c
	if v.Selected() != 1 {
		t.Errorf("after an edit got selected %d, want 1", v.Selected())
	}
	long := benchThread(50, "A")
	long[10].Span = "c"
	v.SetMembers(long)
	v.list.ScrollToBottom()
	if v.Selected() != 10 || v.list.GetScrollOffset() == 0 {
		t.Fatalf("got selected %d offset %v, want 10 and scrolled down", v.Selected(), v.list.GetScrollOffset())
	}
	other := benchThread(50, "B")
	other[0].Span = "c" // even a span of the same id is not carried into another thread
	v.SetThread("Casualty figures", other)
	if v.Selected() != -1 || v.Title() != "Casualty figures" || v.list.GetScrollOffset() != 0 {
		t.Errorf("another thread: got selected %d title %q offset %v, want -1, its title, the top", v.Selected(), v.Title(), v.list.GetScrollOffset())
	}
}

func TestThreadViewOpen(t *testing.T) {
	v, w := newView(t)
	var got []string
	v.OnOpen = func(doc, span string) { got = append(got, doc+"/"+span) }
	tapText(t, w, "60 percent")
	tapText(t, w, "60 percent") // a second click opens it again
	tapText(t, w, "2023-11-10 · claim · Kakar links surge")
	if want := []string{"d1/b", "d1/b", "d0/a"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got OnOpen %q, want %q", got, want)
	}
	if v.Selected() != 0 {
		t.Errorf("got selected %d, want 0", v.Selected())
	}
	v.Select(2)
	if len(got) != 3 || v.Selected() != 2 {
		t.Errorf("Select from code: got OnOpen %q selected %d, want no call and 2", got, v.Selected())
	}
}

func TestThreadViewMoveByKeys(t *testing.T) {
	v, w := newView(t)
	var moves []string
	v.OnMove = func(from, to int) {
		moves = append(moves, fmt.Sprint(from, ">", to))
		reorder(v, from, to)
	}
	tapText(t, w, "surged by 60%")
	focused, ok := w.Canvas().Focused().(fyne.Shortcutable)
	if !ok {
		t.Fatalf("after a click got focus on %T, want the member list", w.Canvas().Focused())
	}
	altDown := &desktop.CustomShortcut{KeyName: fyne.KeyDown, Modifier: fyne.KeyModifierAlt}
	altUp := &desktop.CustomShortcut{KeyName: fyne.KeyUp, Modifier: fyne.KeyModifierAlt}
	ctrlDown := &desktop.CustomShortcut{KeyName: fyne.KeyDown, Modifier: fyne.KeyModifierControl}
	for _, s := range []fyne.Shortcut{altDown, altDown, altDown, ctrlDown, altUp} {
		focused.TypedShortcut(s)
	}
	// The third Alt+Down is at the end, and Ctrl+Down is not ours.
	if want := []string{"0>1", "1>2", "2>1"}; !reflect.DeepEqual(moves, want) {
		t.Errorf("got moves %q, want %q", moves, want)
	}
	if got := v.Members()[v.Selected()].Span; got != "a" {
		t.Errorf("got selected span %q, want the moved one, a", got)
	}
}

func TestThreadViewButtons(t *testing.T) {
	v, _ := newView(t)
	var got []string
	v.OnMove = func(from, to int) { got = append(got, fmt.Sprint("move ", from, ">", to)) }
	v.OnRemove = func(i int) { got = append(got, fmt.Sprint("remove ", i)) }
	v.Select(1)
	test.Tap(v.upBtn)
	test.Tap(v.downBtn)
	test.Tap(v.removeBtn)
	v.Select(0)
	test.Tap(v.upBtn) // disabled at the top
	v.Select(2)
	test.Tap(v.downBtn) // and at the bottom
	v.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if want := []string{"move 1>0", "move 1>2", "remove 1", "remove 2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	v.Select(-1)
	v.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if len(got) != 4 {
		t.Errorf("Delete with nothing selected: got %q, want no call", got[4:])
	}
}

func TestThreadViewRename(t *testing.T) {
	v, _ := newView(t)
	var got []string
	v.OnRename = func(title string) { got = append(got, title) }
	enter := &fyne.KeyEvent{Name: fyne.KeyReturn}

	v.title.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	test.Type(v.title, " (Dawn)")
	v.title.TypedKey(enter)
	v.title.TypedKey(enter) // unchanged: nothing
	v.title.SetText("   ")
	v.title.TypedKey(enter) // empty: reverts
	if want := []string{"Kakar’s 60% rise (Dawn)"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got OnRename %q, want %q", got, want)
	}
	if v.title.Text != "Kakar’s 60% rise (Dawn)" {
		t.Errorf("after an empty title got %q, want the last title back", v.title.Text)
	}
	v.title.SetText("Kakar’s claim")
	v.title.FocusLost()
	if len(got) != 2 || got[1] != "Kakar’s claim" {
		t.Errorf("leaving the field: got OnRename %q, want the new title", got)
	}
}

func TestThreadViewSetLink(t *testing.T) {
	v, w := newView(t)
	var got []string
	v.OnSetLink = func(i int, label string) { got = append(got, fmt.Sprint(i, " ", label)) }

	tapText(t, w, "first")
	if w.Canvas().Overlays().Top() != nil {
		t.Errorf("clicking the first member's link showed a menu; it has no link")
	}
	tapText(t, w, "contradicts ▾")
	if w.Canvas().Overlays().Top() == nil {
		t.Fatalf("clicking a link showed no menu")
	}
	w.Canvas().Overlays().Top().Hide()

	chip := rows(t, w)[2].link
	item := func(label string) *fyne.MenuItem {
		t.Helper()
		for _, it := range v.linkMenu(2, chip).Items {
			if it.Label == label {
				return it
			}
		}
		t.Fatalf("the link menu has no %q", label)
		return nil
	}
	if !item("contradicts").Checked || item("supports").Checked {
		t.Errorf("got the current label unchecked or another checked")
	}
	item("supports").Action()
	item("(none)").Action()
	item("Other…").Action()
	if v.custom == nil {
		t.Fatalf("Other… showed no field for a new label")
	}
	test.Type(v.custom, "quotes")
	v.custom.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if v.custom != nil || w.Canvas().Overlays().Top() != nil && w.Canvas().Overlays().Top().Visible() {
		t.Errorf("after Enter the field is still shown")
	}
	item("Other…").Action()
	e := v.custom
	test.Type(e, "never mind")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	e.FocusLost()
	if want := []string{"2 supports", "2 ", "2 quotes"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got OnSetLink %q, want %q", got, want)
	}

	v.SetLinkLabels(append(annotate.DefaultLinkLabels, "quotes"))
	if n := len(v.linkMenu(1, chip).Items); n != len(annotate.DefaultLinkLabels)+4 {
		t.Errorf("after SetLinkLabels got %d menu items, want %d labels, (none), a separator and Other…", n, len(annotate.DefaultLinkLabels)+1)
	}
}

func TestMemberOf(t *testing.T) {
	text := "Kakar’s 👍 claim:\nterrorist incidents   have surged by 60%."
	d := &annotate.Document{ID: "d", Title: "Dawn", Date: "2023-11-10", Text: text}
	s := &annotate.Span{ID: "s", Doc: "d", Label: "figure", Fragments: []annotate.Fragment{{Start: 17, End: 43}, {Start: 54, End: 57}}}
	got := MemberOf(annotate.Member{Doc: "d", Span: "s", Link: "repeats"}, s, d, nil)
	want := Member{Doc: "d", Span: "s", Title: "Dawn", Date: "2023-11-10", Label: "figure", Color: "#7bc47f", Excerpt: "terrorist incidents have 60%", Link: "repeats"}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"two\nlines  here", 20, "two lines here"},
		{"a rather long sentence about figures", 20, "a rather long…"},
		{"ééééééééééééééé", 5, "ééééé…"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Excerpt(tt.in, tt.max); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// benchThread is a thread of n members, each in its own article; tag makes
// the texts of one thread differ from another's.
func benchThread(n int, tag string) []Member {
	ms := make([]Member, n)
	for i := range ms {
		ms[i] = Member{Doc: fmt.Sprintf("doc%04d", i), Span: fmt.Sprintf("%s-span%04d", tag, i),
			Title: fmt.Sprintf("Article %d on the TTP (%s)", i, tag), Date: fmt.Sprintf("2023-11-%02d", 1+i%28),
			Label: annotate.DefaultLabels[i%4].Name, Link: annotate.DefaultLinkLabels[i%5],
			Excerpt: fmt.Sprintf("%s: terrorist incidents in Pakistan have surged by 60%%, resulting in %d casualties", tag, 2000+i)}
	}
	return ms
}

// BenchmarkThreadViewOpen opens a thread of 1,000 members across 1,000
// articles in a 900×600 window: SetMembers, then a full software render of
// the window (test driver's painter). Threads A and B alternate, so every
// visible row is bound to new text each time.
func BenchmarkThreadViewOpen(b *testing.B) {
	test.NewTempApp(b)
	threads := [2][]Member{benchThread(1000, "A"), benchThread(1000, "B")}
	v := NewThreadView()
	w := show(b, v)
	capture := w.Canvas().(interface{ Capture() image.Image })
	i := 0
	for b.Loop() {
		v.SetMembers(threads[i%2])
		capture.Capture()
		i++
	}
}

// BenchmarkThreadViewSetMembers is the widget's own part of opening a
// thread: SetMembers binding the visible rows, without painting.
func BenchmarkThreadViewSetMembers(b *testing.B) {
	test.NewTempApp(b)
	threads := [2][]Member{benchThread(1000, "A"), benchThread(1000, "B")}
	v := NewThreadView()
	show(b, v)
	i := 0
	for b.Loop() {
		v.SetMembers(threads[i%2])
		i++
	}
}

func TestThreadViewColleaguesReadOnly(t *testing.T) {
	v, w := newView(t)
	var got []string
	v.OnCopy = func() { got = append(got, "copy") }
	v.OnSetLink = func(i int, label string) { got = append(got, fmt.Sprint("link ", i, label)) }
	v.OnRemove = func(i int) { got = append(got, fmt.Sprint("remove ", i)) }

	long := "Deaths at the border crossing and who is to blame for them, as each minister tells it"
	w.Resize(fyne.NewSize(320, 600)) // the right column's width
	v.SetTitle(long)
	v.SetOwner("ayesha")
	v.Refresh() // lay out again once the title knows its wrapped height, as a real window's next frame does
	texts := labelTexts(w.Content())
	// Her title cannot be edited: it is shown whole, wrapped, not cut in a
	// disabled field (issue 12.9).
	if !contains(texts, long) || v.title.Visible() || v.readTitle.Size().Height < v.readTitle.MinSize().Height ||
		v.readTitle.MinSize().Height <= v.info.MinSize().Height {
		t.Errorf("her long title: labels %q, the field shown %v, the title %v high for %v; want it whole on several lines",
			texts, v.title.Visible(), v.readTitle.Size().Height, v.readTitle.MinSize().Height)
	}
	for _, want := range []string{"ayesha's thread · read-only", "contradicts", "repeats"} {
		if !contains(texts, want) {
			t.Errorf("got labels %q, want one %q", texts, want)
		}
	}
	if contains(texts, "contradicts ▾") {
		t.Errorf("a colleague's link is shown as a menu: %q", texts)
	}
	if !v.title.Disabled() || v.upBtn.Visible() || v.downBtn.Visible() || v.removeBtn.Visible() || !v.copyBtn.Visible() {
		t.Errorf("read-only: title disabled %v, move/remove shown %v %v %v, copy shown %v; want the title disabled and only Copy",
			v.title.Disabled(), v.upBtn.Visible(), v.downBtn.Visible(), v.removeBtn.Visible(), v.copyBtn.Visible())
	}
	d := fyne.CurrentApp().Driver()
	if p := d.AbsolutePositionForObject(v.copyBtn).Subtract(d.AbsolutePositionForObject(v)); p.X < 0 || p.Y < 0 || v.copyBtn.Size().Width < v.copyBtn.MinSize().Width {
		t.Errorf("Copy to my threads is at %v, %v wide; want it laid out inside the view", p, v.copyBtn.Size().Width)
	}
	tapText(t, w, "contradicts")
	if w.Canvas().Overlays().Top() != nil {
		t.Errorf("clicking a colleague's link showed a menu")
	}
	test.Tap(v.copyBtn)
	v.Select(1)
	v.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete}) // reported, for the window to refuse
	if want := []string{"copy", "remove 1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	v.SetOwner("")
	texts = labelTexts(w.Content())
	if !contains(texts, "contradicts ▾") || contains(texts, "ayesha's thread · read-only") {
		t.Errorf("the user's own thread shows %q, want link menus and no owner", texts)
	}
	if v.title.Disabled() || !v.title.Visible() || v.readTitle.Visible() || !v.upBtn.Visible() || v.copyBtn.Visible() {
		t.Errorf("own thread: title disabled %v, Move shown %v, Copy shown %v", v.title.Disabled(), v.upBtn.Visible(), v.copyBtn.Visible())
	}
}

// TestThreadViewOtherKeys: Backspace removes the selected member as Delete
// does (a Mac's Delete key is Backspace), the arrows stay the list's, and
// the rest — ] to walk on, a label key — go to OnKey for the window.
func TestThreadViewOtherKeys(t *testing.T) {
	v, _ := newView(t)
	var removed []int
	var keys []fyne.KeyName
	v.OnRemove = func(i int) { removed = append(removed, i) }
	v.OnKey = func(k *fyne.KeyEvent) bool { keys = append(keys, k.Name); return true }
	v.Select(1)
	for _, k := range []fyne.KeyName{fyne.KeyBackspace, fyne.KeyRightBracket, fyne.Key3, fyne.KeyDown} {
		v.list.TypedKey(&fyne.KeyEvent{Name: k})
	}
	if want := []int{1}; !reflect.DeepEqual(removed, want) {
		t.Errorf("Backspace: got removals %v, want %v", removed, want)
	}
	if want := []fyne.KeyName{fyne.KeyRightBracket, fyne.Key3}; !reflect.DeepEqual(keys, want) {
		t.Errorf("got keys %q passed on, want %q", keys, want)
	}
}

// BenchmarkThreadViewSelectNext is the thread view's part of a ] jump:
// the next member of a shown 1,000-member thread selected (Select), from
// the first to the last and again, without painting.
func BenchmarkThreadViewSelectNext(b *testing.B) {
	benchSelect(b, 0, func(i int) int { return (i + 1) % 1000 })
}

// BenchmarkThreadViewSelectInView is the thread view's part of a ] jump to
// a member whose row is in view, as from a thread just opened (the
// latency benchmark's next member): the second and third of a shown
// 1,000-member thread selected in turn, without painting.
func BenchmarkThreadViewSelectInView(b *testing.B) {
	benchSelect(b, 1, func(i int) int { return 3 - i }) // 2, 1, 2, …
}

// benchSelect selects, in a shown 1,000-member thread, the member next
// gives after i, from first on.
func benchSelect(b *testing.B, first int, next func(i int) int) {
	test.NewTempApp(b)
	v := NewThreadView()
	show(b, v)
	v.SetMembers(benchThread(1000, "A"))
	i := first
	for b.Loop() {
		i = next(i)
		v.Select(i)
	}
}

// TestLinkChipCutsOnlyLongLinks: a member's link chip shows a link that
// fits whole and cuts one that does not with "…", also when a row is given
// another member's link (as the list reuses its rows on a ] jump). Only a
// link that does not fit is laid out for cutting, which a label does with
// a shaper of its own at every refresh (chipTruncation).
func TestLinkChipCutsOnlyLongLinks(t *testing.T) {
	v, w := newView(t)
	long := "what the minister’s own office said about who was to blame"
	ms := members()
	ms[1].Link = long
	ms[2].Link = "supports"
	v.SetMembers(ms)
	check := func(i int, link string) {
		t.Helper()
		chip := rows(t, w)[i].link
		shown := ""
		for _, tx := range visible[*canvas.Text](chip) {
			shown += tx.Text
		}
		if link != long {
			if shown != link+" ▾" || chip.text.Truncation != fyne.TextTruncateOff {
				t.Errorf("member %d's chip shows %q (cut: %v), want %q whole, not laid out for cutting", i, shown, chip.text.Truncation, link+" ▾")
			}
			return
		}
		if !strings.HasSuffix(shown, "…") || len([]rune(shown)) >= len([]rune(long)) || chip.text.Truncation != fyne.TextTruncateEllipsis {
			t.Errorf("member %d's chip shows %q (cut: %v), want the long link cut with …", i, shown, chip.text.Truncation)
		}
	}
	check(1, long)
	check(2, "supports")
	ms[1].Link, ms[2].Link = "supports", long
	v.SetMembers(ms)
	check(1, "supports")
	check(2, long)
}

// selectionBackgrounds returns the rows shown with the selection's
// background, as member indexes, whether the rows draw it or the list
// does; the list's own selection is never shown.
func selectionBackgrounds(t *testing.T, v *ThreadView, w fyne.Window) []int {
	t.Helper()
	want := v.list.Theme().Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
	var got []int
	for id, r := range rows(t, w) {
		if r.sel.Visible() {
			if r.sel.FillColor != want || r.sel.Size() != r.Size() {
				t.Errorf("member %d's background is %v, %v, want the selection's colour %v over the row's %v", id, r.sel.FillColor, r.sel.Size(), want, r.Size())
			}
			got = append(got, id)
		}
	}
	n := 0
	for _, rc := range visible[*canvas.Rectangle](w.Content()) {
		if rc.FillColor == want {
			n++
		}
	}
	if n != len(got) {
		t.Errorf("%d objects drawn in the selection's colour, want the %d rows' own", n, len(got))
	}
	slices.Sort(got)
	return got
}

// TestSelectHighlightsOnlyTheRows: a member selected from code (a ] jump)
// is shown selected by its row, and the one before no longer, without the
// rows in view being bound again (the list's Select bound them all and
// made one more to measure, issue 18); one out of view is scrolled to; a
// member the list selects, by Space on the highlighted row, is opened and
// shown selected once, by its row.
func TestSelectHighlightsOnlyTheRows(t *testing.T) {
	v, w := newView(t)
	v.SetMembers(benchThread(40, "A"))
	var opened []string
	v.OnOpen = func(doc, span string) { opened = append(opened, span) }
	v.Select(1)
	binds := v.Binds()
	v.Select(2)
	if got := selectionBackgrounds(t, v, w); !slices.Equal(got, []int{2}) {
		t.Errorf("after Select(2) members %v shown selected, want [2]", got)
	}
	if n := v.Binds() - binds; n != 0 {
		t.Errorf("Select of a member in view bound %d rows again, want none", n)
	}
	v.Select(30)
	if got := selectionBackgrounds(t, v, w); !slices.Equal(got, []int{30}) || v.list.GetScrollOffset() == 0 {
		t.Errorf("after Select(30) members %v shown selected, offset %v, want [30] scrolled to", got, v.list.GetScrollOffset())
	}
	v.Select(-1)
	if got := selectionBackgrounds(t, v, w); len(got) != 0 || v.Selected() != -1 {
		t.Errorf("after Select(-1) members %v shown selected, %d selected, want none", got, v.Selected())
	}
	if len(opened) != 0 {
		t.Errorf("Select from code opened %q, want nothing opened", opened)
	}
	v.list.ScrollToTop()
	w.Canvas().Focus(v.list)
	for _, k := range []fyne.KeyName{fyne.KeyDown, fyne.KeyDown, fyne.KeySpace} {
		v.list.TypedKey(&fyne.KeyEvent{Name: k})
	}
	want := v.Members()[2].Span
	if got := selectionBackgrounds(t, v, w); !slices.Equal(got, []int{2}) || v.Selected() != 2 || !slices.Equal(opened, []string{want}) {
		t.Errorf("Space on the third row: members %v shown selected, %d selected, opened %q, want [2], 2, %q", got, v.Selected(), opened, want)
	}
}
