package teampanel

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/team"
)

func labels(t *testing.T, o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, "["+x.Text+"]")
		case fyne.Widget:
			r := test.TempWidgetRenderer(t, x)
			for _, c := range r.Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func TestPanelShowsColleaguesTwinsAndRefusals(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(400, 600))
	now := time.Now()
	var took string
	p.OnTake = func(m string) { took = m }
	p.Set(State{
		Folder:     "/home/alice/skein-team",
		Colleagues: []team.Colleague{{Annotator: "bilal", Machines: 1, Last: now.Add(-3 * time.Minute), Articles: 12, Refused: 1, Reviewed: 4}},
		Twins:      []team.Twin{{Machine: "00000000000000aa", Host: "laptop", Articles: 2, Reviewed: 1}},
		Refused:    []string{errors.New("layers/bilal/00000000000000bb/3f.jsonl:2: span 1: text does not match offsets").Error()},
		Last:       "bilal: 3 spans in “Pakistan Blames…”",
		Notes:      []string{"layers/bilal/00000000000000bb/40.jsonl: field mood on 2 lines left out"},
	})
	got := strings.Join(labels(t, p), "\n")
	for _, want := range []string{
		"/home/alice/skein-team", "bilal", "12 articles · reviewed 4 articles · 3 minutes ago · 1 file refused",
		"Your layer is also written from laptop (00000000000000aa), newer there on 2 articles and the review of 1 article.", "layers/bilal/00000000000000bb/3f.jsonl:2",
		"bilal: 3 spans in “Pakistan Blames…”",
		"Read, with what this skein does not read left out:\nlayers/bilal/00000000000000bb/40.jsonl: field mood on 2 lines left out",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("panel lacks %q:\n%s", want, got)
		}
	}
	btn := findButton(t, p, "Read that copy in where newer")
	if btn == nil {
		t.Fatal("no button to take the other machine's copy")
	}
	test.Tap(btn)
	if took != "00000000000000aa" {
		t.Fatalf("take: got %q", took)
	}
}

// A colleague who connected and wrote nothing yet: when they joined, and
// no work; "0 articles · 3 minutes ago" read as work that arrived then.
func TestRowTextOfAColleagueWhoJoined(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		c    team.Colleague
		want string
	}{
		{team.Colleague{Annotator: "bilal", Machines: 1, Joined: now.Add(-3 * time.Minute)}, "joined 3 minutes ago, no work yet"},
		{team.Colleague{Annotator: "bilal", Machines: 1}, "no work yet"},
		{team.Colleague{Annotator: "bilal", Machines: 1, Joined: now.Add(-time.Hour), Last: now.Add(-3 * time.Minute), Articles: 2}, "2 articles · 3 minutes ago"},
	} {
		if got := RowText(tc.c, now); got != tc.want {
			t.Errorf("RowText(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}

func TestPanelSaysAFolderIsPolled(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	p.Set(State{Folder: "/mnt/share/team", Polled: true})
	if got := strings.Join(labels(t, p), "\n"); !strings.Contains(got, "does not report changes") {
		t.Fatalf("a polled folder is not said to be:\n%s", got)
	}
}

func TestPanelNotConnected(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	asked := false
	p.OnChooseFolder = func() { asked = true }
	got := strings.Join(labels(t, p), "\n")
	if !strings.Contains(got, "Not connected") || strings.Contains(got, "Refused") {
		t.Fatalf("empty panel:\n%s", got)
	}
	test.Tap(findButton(t, p, "Team folder…"))
	if !asked {
		t.Fatal("the button did not ask for a folder")
	}
}

// Connected to a folder that holds no colleague's work yet, the panel
// says so and what brings it, where it showed the folder over a blank list.
func TestPanelSaysNoColleagueYet(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	p.Set(State{Folder: "/home/alice/skein-team"})
	if got := strings.Join(labels(t, p), "\n"); !strings.Contains(got, NoColleagues) {
		t.Fatalf("a connected folder with no colleague's work says nothing of it:\n%s", got)
	}
	p.Set(State{Folder: "/home/alice/skein-team", Colleagues: []team.Colleague{{Annotator: "bilal", Articles: 1}}})
	if got := strings.Join(labels(t, p), "\n"); strings.Contains(got, NoColleagues) {
		t.Errorf("with bilal's work there the panel still says none arrived:\n%s", got)
	}
	for _, s := range []State{{}, {Folder: "/gone", Err: "the folder is gone"}} {
		p.Set(s)
		if got := strings.Join(labels(t, p), "\n"); strings.Contains(got, NoColleagues) {
			t.Errorf("%+v: the panel says no colleague's work arrived, where the folder is not connected or failed:\n%s", s, got)
		}
	}
}

func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		if x.Text == text {
			return x
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if b := findButton(t, c, text); b != nil {
				return b
			}
		}
	case fyne.Widget:
		for _, c := range test.TempWidgetRenderer(t, x).Objects() {
			if b := findButton(t, c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

func TestAgo(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{{10 * time.Second, "just now"}, {time.Minute, "1 minute ago"}, {5 * time.Hour, "5 hours ago"}} {
		if got := Ago(now.Add(-tc.d), now); got != tc.want {
			t.Errorf("Ago(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// The user's own files held back from the folder (a time far past the
// clock) are listed on the Team tab with why and the command; the list
// goes once nothing is held back.
func TestPanelListsHeldBackFiles(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(400, 600))
	msg := "f5.jsonl was not written to the team folder: your layer on article f5ed8ee7dc9c8f11 (\"Kakar\") has its time of change 9999-12-31 23:59:59 UTC, … Run skein check -repair-times, which sets such times to sane ones; the file is written at the next sync"
	p.Set(State{Folder: "/home/alice/skein-team", Unwritten: []string{msg}})
	if got := strings.Join(labels(t, p), "\n"); !strings.Contains(got, UnwrittenText([]string{msg})) || !strings.Contains(got, "skein check -repair-times") {
		t.Errorf("panel lacks the held-back file:\n%s", got)
	}
	p.Set(State{Folder: "/home/alice/skein-team"})
	if got := strings.Join(labels(t, p), "\n"); strings.Contains(got, "not written") {
		t.Errorf("panel still lists a held-back file once none is:\n%s", got)
	}
}

// A folder with many conflicted copies or refused files does not make the
// panel (and so the window) taller: the lists below the colleagues scroll,
// in at most half of the panel, where they made the window taller than
// the screen, its status line below it. All of them are still there.
func TestPanelListsScrollRatherThanGrow(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	w := test.NewTempWindow(t, p)
	rows := []team.Colleague{{Annotator: "bilal", Articles: 1, Last: time.Now()}}
	p.Set(State{Folder: "/tmp/team", Colleagues: rows})
	w.Resize(fyne.NewSize(320, 600))
	least := p.MinSize().Height
	var copies, refused []string
	for i := 0; i < 20; i++ {
		copies = append(copies, "layers/bilal/3f/0"+string(rune('a'+i))+".sync-conflict-20261206-101112-ABCDEFG.jsonl: a conflicted copy of bilal's 01.jsonl, made by Syncthing: skein reads only layers/bilal/3f/01.jsonl, which only its owner's skein writes, never the copy; the copy can be deleted")
		refused = append(refused, "layers/bilal/3f/notes"+string(rune('a'+i))+".txt: not a file a layer folder holds")
	}
	p.Set(State{Folder: "/tmp/team", Colleagues: rows, Copies: copies, Refused: refused})
	w.Resize(fyne.NewSize(320, 600))
	if got := p.MinSize().Height; got > least+1 {
		t.Errorf("the panel's least height with 20 copies and 20 refusals: %.0f; want it as without them, %.0f", got, least)
	}
	if p.Size().Height > 600 {
		t.Errorf("the panel is %.0f high in a window of 600", p.Size().Height)
	}
	all := strings.Join(labels(t, p), "\n")
	for _, s := range append(copies, refused...) {
		if !strings.Contains(all, s) {
			t.Errorf("the panel lacks %q", s)
		}
	}
}

// A colleague whose deletion file does not arrive (a sync engine leaving
// out hidden files) is told of on the Team tab with what to do; the line
// goes once the file arrives.
func TestPanelListsWithheldDeletionFiles(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(400, 600))
	msg := "bilal's folder (layers/bilal) has no .threads-deleted.jsonl though 2 threads of theirs are gone from their threads.jsonl: the sync engine may be leaving out hidden files (Nextcloud, ownCloud: on bilal's machine and yours, Settings ▸ General ▸ Edit Ignored Files, tick Sync hidden files; nextcloudcmd needs -h). Until it arrives, such a thread stays in your store until two different versions of that threads.jsonl lack it"
	p.Set(State{Folder: "/home/alice/skein-team", Withheld: []string{msg}})
	if got := strings.Join(labels(t, p), "\n"); !strings.Contains(got, WithheldText([]string{msg})) {
		t.Errorf("panel lacks the missing deletion file:\n%s", got)
	}
	p.Set(State{Folder: "/home/alice/skein-team"})
	if got := strings.Join(labels(t, p), "\n"); strings.Contains(got, "threads-deleted") {
		t.Errorf("panel still tells of a missing deletion file once none is:\n%s", got)
	}
}

// A colleague whose folder left the team folder is listed with what of
// theirs was removed from the store, laid out where the tab shows it,
// until the list says no one.
func TestPanelListsColleaguesWhoLeft(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(400, 600))
	p.Set(State{Folder: "/home/alice/skein-team", Last: "bilal: 1 span", Colleagues: []team.Colleague{{Annotator: "bilal", Articles: 5, Last: time.Now()}}})
	msg := Sentence("bilal's folder is gone from the team folder: their 40 spans in 5 articles, 3 threads and 12 review decisions were removed from this store")
	p.Set(State{Folder: "/home/alice/skein-team", Last: "bilal: 1 span", Left: []string{msg}})
	if got := strings.Join(labels(t, p), "\n"); !strings.Contains(got, LeftText([]string{msg})) {
		t.Errorf("panel lacks bilal's going:\n%s", got)
	}
	// Laid out where it shows: the panel's least height is the same
	// with the list, and only a layout gives the list its room.
	if sz := p.left.Size(); sz.Height < p.left.MinSize().Height || sz.Width == 0 {
		t.Errorf("the list of colleagues gone is %v, want at least %v: not laid out", sz, p.left.MinSize())
	}
	p.Set(State{Folder: "/home/alice/skein-team"})
	if got := strings.Join(labels(t, p), "\n"); strings.Contains(got, "gone from the team folder") {
		t.Errorf("panel still tells of bilal's going:\n%s", got)
	}
}

// The folder's trouble at the top of the panel does not raise its least
// height (said on as many lines as it needed, it raised the window's by
// ~74 px): where the panel has the room it is shown whole, wrapped; at the
// least height it is one line cut short, and a click asks for it whole.
func TestPanelFolderTroubleKeepsTheLeastHeight(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	var whole []string
	p.OnReadWhole = func(msg string) { whole = append(whole, msg) }
	w := test.NewTempWindow(t, p)
	const dir = "/media/usb/team"
	rows := []team.Colleague{{Annotator: "bilal", Articles: 1, Last: time.Now()}}
	p.Set(State{Folder: dir, Colleagues: rows})
	w.Resize(fyne.NewSize(320, 600))
	least := p.MinSize().Height
	msg := "team folder " + dir + " is not there: it was moved or renamed, or its disk is not plugged in; nothing is written in its place, and your work stays in the store, written to the folder when it is back. If it moved, connect it where it is now: skein team FOLDER (in the window, File ▸ Team ▸ Folder…)"
	p.Set(State{Folder: dir, Colleagues: rows, Err: msg})
	w.Resize(fyne.NewSize(320, 600))
	if got := p.MinSize().Height; got > least {
		t.Errorf("the panel's least height with the folder's trouble: %.0f; want at most %.0f, as without it", got, least)
	}
	if p.err.Cut() || strings.Join(strings.Fields(strings.Join(frametest.Lines(p.err), " ")), " ") != msg {
		t.Errorf("at 320×600 the trouble shows as %q (cut: %v); want it whole", frametest.Lines(p.err), p.err.Cut())
	}
	w.Resize(fyne.NewSize(320, 0)) // its least height
	if !p.err.Cut() {
		t.Fatalf("at the least height the trouble shows as %q; want one line cut short", frametest.Lines(p.err))
	}
	test.Tap(p.err)
	if len(whole) != 1 || whole[0] != msg {
		t.Errorf("a click on the trouble cut short asked for %q; want it whole", whole)
	}
}

// This machine's own folder holding work newer than the store (a store
// restored from an older backup) is told of as such, with the choices,
// not as "Your layer is also written from" another machine; its button
// takes this machine's copy.
func TestPanelTellsOfThisMachinesNewerFolder(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(400, 600))
	var took string
	p.OnTake = func(m string) { took = m }
	dir := "layers/alice/00000000000000cc"
	p.Set(State{
		Folder: "/home/alice/skein-team",
		Twins:  []team.Twin{{Machine: "00000000000000cc", Dir: dir, This: true, Articles: 1, Spans: 12, Replaced: 9, Files: dir + "/24.jsonl"}},
	})
	got := strings.Join(labels(t, p), "\n")
	want := "This machine's folder " + dir + " holds your work newer than this store on 1 article (12 spans there, in place of this store's 9): this store was restored from an older backup, or another store writes as this machine. " +
		"Both are kept: the folder's files that hold it are not written over. To read that work into this store where it is newer: the button below (the next sync then writes the rest); " +
		"to write this store's work over it instead, delete " + dir + "/24.jsonl from the folder."
	if !strings.Contains(got, want) || strings.Contains(got, "also written from") {
		t.Errorf("panel lacks %q:\n%s", want, got)
	}
	btn := findButton(t, p, "Read that copy in where newer")
	if btn == nil {
		t.Fatal("no button to take this machine's newer copy")
	}
	test.Tap(btn)
	if took != "00000000000000cc" {
		t.Fatalf("take: got %q", took)
	}
}

// With no colleague's work in the folder, but colleagues gone from it
// lately, the panel says they left, not "none yet", and what of theirs
// stayed in the store under whose name.
func TestPanelSaysWhatStayedAfterColleaguesLeft(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	left := []string{Sentence("bilal's folder is gone from the team folder: their 1 span in 1 article was removed from this store")}
	for _, c := range []struct {
		kept []string
		want string
	}{
		{nil, "No colleague's folder is in the team folder now: those listed below left it, their work removed from this store."},
		{[]string{"bilal's work on 1 article, imported by hand"}, "No colleague's folder is in the team folder now. Kept in this store when their folders left (listed below): bilal's work on 1 article, imported by hand."},
	} {
		p.Set(State{Folder: "/home/alice/skein-team", Left: left, Kept: c.kept})
		got := strings.Join(labels(t, p), "\n")
		if !strings.Contains(got, c.want) || strings.Contains(got, NoColleagues) {
			t.Errorf("kept %q: the panel says\n%s\nwant %q", c.kept, got, c.want)
		}
	}
	p.Set(State{Folder: "/home/alice/skein-team"})
	if got := strings.Join(labels(t, p), "\n"); !strings.Contains(got, NoColleagues) {
		t.Errorf("no departure: the panel says\n%s\nwant %q", got, NoColleagues)
	}
}

// fakeClock is the panel's clock in a test: now moves only by advance,
// which runs the timers due by then, as the UI goroutine would.
type fakeClock struct {
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) After(d time.Duration, f func()) func() {
	tm := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, tm)
	return func() { tm.stopped = true }
}

// pending is how many timers wait.
func (c *fakeClock) pending() int {
	n := 0
	for _, tm := range c.timers {
		if !tm.stopped {
			n++
		}
	}
	return n
}

// advance moves the clock by d, a timer at a time, running each as its
// time comes.
func (c *fakeClock) advance(d time.Duration) {
	end := c.now.Add(d)
	for {
		var next *fakeTimer
		for _, tm := range c.timers {
			if !tm.stopped && !tm.at.After(end) && (next == nil || tm.at.Before(next.at)) {
				next = tm
			}
		}
		if next == nil {
			break
		}
		next.stopped = true
		c.now = next.at
		next.f()
	}
	c.now = end
}

// The time beside a colleague ("1 article · 16 minutes ago") stays true
// while the Team tab is shown: it was told only when the row was drawn,
// and still said 16 minutes six minutes later. While another tab is
// shown no timer runs, and the Team tab chosen again tells the time as it
// is then. A colleague whose time says a day (two or more days back)
// never changes: no timer runs for them.
func TestPanelKeepsColleaguesTimesTrue(t *testing.T) {
	test.NewTempApp(t)
	clk := &fakeClock{now: time.Date(2026, 12, 8, 9, 30, 20, 0, time.UTC)}
	p := New()
	p.now, p.after = clk.Now, clk.After
	other := widget.NewLabel("the spans")
	tabs := container.NewAppTabs(container.NewTabItem("Spans", other), container.NewTabItem("Team", p))
	w := test.NewTempWindow(t, tabs)
	w.Resize(fyne.NewSize(400, 600))
	tabs.SelectIndex(1)
	p.Set(State{Folder: "/home/alice/skein-team", Colleagues: []team.Colleague{
		{Annotator: "bilal", Machines: 1, Articles: 1, Last: clk.now.Add(-16 * time.Minute)},
		{Annotator: "carol", Machines: 1, Joined: clk.now.Add(-3 * time.Hour)},
		{Annotator: "dana", Machines: 1, Articles: 2, Last: clk.now.Add(-72 * time.Hour)},
	}})
	says := func(want ...string) {
		t.Helper()
		got := strings.Join(labels(t, p), "\n")
		for _, s := range want {
			if !strings.Contains(got, s) {
				t.Errorf("at %s the panel lacks %q:\n%s", clk.now.Format("15:04:05"), s, got)
			}
		}
	}
	says("1 article · 16 minutes ago", "joined 3 hours ago, no work yet")

	clk.advance(6 * time.Minute)
	says("1 article · 22 minutes ago")
	clk.advance(time.Hour)
	says("1 article · 1 hour ago", "joined 4 hours ago, no work yet")

	tabs.SelectIndex(0) // another tab: nothing of the panel on screen
	if p.Visible() {
		t.Fatal("the Team tab's panel is shown with the Spans tab chosen")
	}
	if n := clk.pending(); n != 0 {
		t.Errorf("with the Team tab hidden %d timers wait, want none", n)
	}
	clk.advance(2 * time.Hour)
	tabs.SelectIndex(1)
	says("1 article · 3 hours ago", "joined 6 hours ago, no work yet")
	clk.advance(time.Hour) // and kept true again
	says("1 article · 4 hours ago", "joined 7 hours ago, no work yet")

	// Only a time days back: it says a day, which stays true.
	p.Set(State{Folder: "/home/alice/skein-team", Colleagues: []team.Colleague{
		{Annotator: "dana", Machines: 1, Articles: 2, Last: clk.now.Add(-72 * time.Hour)},
	}})
	if n := clk.pending(); n != 0 {
		t.Errorf("with only a colleague of three days back %d timers wait, want none", n)
	}
}

// agoChanges is the moment Ago next says another thing.
func TestAgoChanges(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for _, d := range []time.Duration{-time.Minute, 0, 10 * time.Second, time.Minute, 90 * time.Second, 59*time.Minute + 59*time.Second,
		time.Hour, 5*time.Hour + 30*time.Minute, 47*time.Hour + 59*time.Minute} {
		then := now.Add(-d)
		next := agoChanges(then, now)
		if next.IsZero() || !next.After(now) {
			t.Errorf("%v back: next change %v, want after now", d, next)
			continue
		}
		if Ago(then, next.Add(-time.Nanosecond)) != Ago(then, now) || Ago(then, next) == Ago(then, now) {
			t.Errorf("%v back: %q changes at %v, where Ago says %q just before and %q then", d, Ago(then, now),
				next.Sub(now), Ago(then, next.Add(-time.Nanosecond)), Ago(then, next))
		}
	}
	if next := agoChanges(now.Add(-48*time.Hour), now); !next.IsZero() {
		t.Errorf("two days back says a date, which never changes; next change %v", next)
	}
}
