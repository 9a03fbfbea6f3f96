// Package teampanel is the Team panel: the team folder the store is
// connected to, each colleague whose work is there (when it last arrived,
// how many articles their layer covers, whether anything of theirs was
// refused), the user's own layer written from other machines, and the
// refused files by name. It only shows and reports: choosing a folder or
// another machine's copy comes out as a callback.
package teampanel

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/status"
	"github.com/skein-news/skein/app/team"
)

// NoColleagues is what the panel says while the folder holds no
// colleague's work: connected, the list would be blank.
const NoColleagues = "No colleague's work here yet. Your own is written to this folder as you annotate; " +
	"each colleague connects their store to the same folder (File ▸ Team ▸ Folder…, or skein -user NAME team FOLDER) " +
	"and their work appears here as it arrives."

// NoColleaguesLeft is what the panel says while no colleague's work is in
// the folder, where some colleagues' folders left it lately (State.Left):
// their work came and went, and what of it stayed in the store (kept) is
// said by name (team.Departure.KeptLine), not "none yet".
func NoColleaguesLeft(kept []string) string {
	if len(kept) == 0 {
		return "No colleague's folder is in the team folder now: those listed below left it, their work removed from this store."
	}
	return "No colleague's folder is in the team folder now. Kept in this store when their folders left (listed below): " +
		strings.Join(kept, "; ") + "."
}

// State is what the panel shows.
type State struct {
	Folder     string // "" when the store has no team folder
	Colleagues []team.Colleague
	Twins      []team.Twin
	Refused    []string
	// Notes say what of colleagues' files read was left out, a file a line.
	Notes []string
	// Copies say which conflicted copies a sync engine left in the folder,
	// that skein never reads, and what to do with each (team.Report.Copies).
	Copies []string
	// Withheld say whose deletion file a sync engine leaves out, and what
	// to do, a colleague a line (team.Report.Withheld).
	Withheld []string
	// Unwritten say which of the user's own files were held back from the
	// folder, why and what to do, a file a line (team.Report.Unwritten).
	Unwritten []string
	// Last is the status line of the latest arrival ("bilal: 3 spans in …").
	Last string
	// Err is the folder's trouble, if any (gone, a newer skein's).
	Err string
	// Polled: the folder sends no change events and is read every second.
	Polled bool
	// Left say which colleagues' folders left the team folder in the last
	// days (team.Report.Departed), when, and what of theirs was removed
	// from the store with them, a colleague a line (Departed).
	Left []string
	// Kept say what of theirs stayed in the store, a departure a line
	// (team.Departure.KeptLine, those of Left that kept any).
	Kept []string
	// Taken is what the last take of the user's copy from another machine
	// read in and kept (team.TakeResult.Summary), shown where the copies
	// are told of until the next take or the user's next change; "" none.
	Taken string
}

// Panel is the Team panel.
type Panel struct {
	widget.BaseWidget

	// OnChooseFolder asks for a folder to connect (File ▸ Team ▸ Folder…).
	OnChooseFolder func()
	// OnTake reads the user's layer as written from machine into the store.
	OnTake func(machine string)
	// OnReadWhole shows the folder's trouble whole, clicked where the
	// panel had not the room for it (the status line's dialog).
	OnReadWhole func(msg string)

	state  State
	folder *widget.Label
	// err is the folder's trouble (State.Err): wrapped at words where the
	// panel has the room, else one line cut short that a click shows
	// whole, as the status line shows a refusal. It never makes the panel
	// (and so the window) taller: a long one raised its least height.
	err     *status.Line
	rows    *widget.List
	twins   *fyne.Container
	taken   *widget.Label
	refused *widget.Label
	notes   *widget.Label
	copies  *widget.Label
	// withheld: State.Withheld, under WithheldText.
	withheld *widget.Label
	// unwritten lists the own files held back (State.Unwritten).
	unwritten *widget.Label
	// left lists the colleagues gone from the team folder (State.Left).
	left *widget.Label
	last *widget.Label
	// none says what to expect while no colleague's work is in the folder.
	none   *widget.Label
	choose *widget.Button

	// Do hands the rows' timer's look to the UI goroutine (fyne.Do): the
	// window gives its own, which does nothing once the window is closed
	// and which the window's tests run on the test's goroutine (under
	// Fyne's test driver fyne.Do runs f on the timer's goroutine, beside
	// the test's: a race in the text shaper under -race).
	Do func(f func())

	// now and after are the clock the rows' times ("16 minutes ago") are
	// told by: time.Now, and a timer whose f runs on the UI goroutine.
	// The tests set their own.
	now   func() time.Time
	after func(d time.Duration, f func()) (stop func())
	// stopTick stops the pending look at the rows' times (nil: none);
	// due is when the first of them says another time. ticks counts the
	// looks set: one stopped after its f was already on its way to the UI
	// goroutine finds another count and does nothing.
	stopTick func()
	due      time.Time
	ticks    int
}

// tickAtMost is the longest the panel waits, while shown, before it looks
// whether a colleague's time says another thing: a timer's wait does not
// count a machine's sleep, and a clock set anew moves every time.
const tickAtMost = time.Minute

// New makes an empty panel.
func New() *Panel {
	p := &Panel{now: time.Now, Do: fyne.Do}
	p.after = func(d time.Duration, f func()) func() {
		t := time.AfterFunc(d, func() { p.Do(f) })
		return func() { t.Stop() }
	}
	p.folder = widget.NewLabel("")
	p.folder.Wrapping = fyne.TextWrapWord
	p.err = status.New()
	p.err.OnTapped = func(msg string) {
		if p.OnReadWhole != nil {
			p.OnReadWhole(msg)
		}
	}
	p.err.Hide()
	p.last = widget.NewLabel("")
	p.last.Wrapping = fyne.TextWrapWord
	p.refused = widget.NewLabel("")
	p.refused.Wrapping = fyne.TextWrapWord
	p.none = widget.NewLabel(NoColleagues)
	p.none.Wrapping = fyne.TextWrapWord
	p.notes = widget.NewLabel("")
	p.notes.Wrapping = fyne.TextWrapWord
	p.notes.Hide()
	p.copies = widget.NewLabel("")
	p.copies.Wrapping = fyne.TextWrapWord
	p.copies.Hide()
	p.withheld = widget.NewLabel("")
	p.withheld.Wrapping = fyne.TextWrapWord
	p.withheld.Hide()
	p.unwritten = widget.NewLabel("")
	p.unwritten.Wrapping = fyne.TextWrapWord
	p.unwritten.Hide()
	p.left = widget.NewLabel("")
	p.left.Wrapping = fyne.TextWrapWord
	p.left.Hide()
	p.twins = container.NewVBox()
	p.taken = widget.NewLabel("")
	p.taken.Wrapping = fyne.TextWrapWord
	p.taken.Hide()
	p.choose = widget.NewButton("Team folder…", func() {
		if p.OnChooseFolder != nil {
			p.OnChooseFolder()
		}
	})
	p.rows = widget.NewList(
		func() int { return len(p.state.Colleagues) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.TextStyle = fyne.TextStyle{Bold: true}
			info := widget.NewLabel("")
			info.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, info)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.state.Colleagues) {
				return
			}
			c := p.state.Colleagues[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(c.Annotator)
			box.Objects[1].(*widget.Label).SetText(RowText(c, p.now()))
		},
	)
	p.ExtendBaseWidget(p)
	p.Set(State{})
	return p
}

// RowText is a colleague's second line: "3 articles · reviewed 2 articles ·
// 2 minutes ago · 1 file refused".
func RowText(c team.Colleague, now time.Time) string {
	if c.Last.IsZero() && c.Refused == 0 {
		// Connected, nothing written yet: the time is when they joined.
		if c.Joined.IsZero() {
			return "no work yet"
		}
		return "joined " + Ago(c.Joined, now) + ", no work yet"
	}
	parts := []string{annotate.Count(c.Articles, "article")}
	if c.Reviewed > 0 {
		parts = append(parts, "reviewed "+annotate.Count(c.Reviewed, "article"))
	}
	if !c.Last.IsZero() {
		parts = append(parts, Ago(c.Last, now))
	}
	if c.Machines > 1 {
		parts = append(parts, fmt.Sprintf("from %d machines", c.Machines))
	}
	if c.Refused > 0 {
		parts = append(parts, annotate.Count(c.Refused, "file")+" refused")
	}
	return strings.Join(parts, " · ")
}

// shownAt is the time c's row tells ("16 minutes ago"), zero for none:
// the last work's, else, with nothing refused, when they joined.
func shownAt(c team.Colleague) time.Time {
	if !c.Last.IsZero() || c.Refused > 0 {
		return c.Last
	}
	return c.Joined
}

// agoChanges is when Ago(t, …), said at now, next says another thing;
// zero where it never does (a day two or more days back).
func agoChanges(t, now time.Time) time.Time {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return t.Add(time.Minute)
	case d < time.Hour:
		return t.Add((d/time.Minute + 1) * time.Minute)
	case d < 48*time.Hour:
		return t.Add((d/time.Hour + 1) * time.Hour)
	}
	return time.Time{}
}

// Show shows the panel (the tabs show it when the Team tab is chosen)
// and keeps the colleagues' times true from then on. Shown, the panel is
// drawn anew, its rows too: they tell the times as they are now.
func (p *Panel) Show() {
	if p.Visible() {
		return // the tabs show the chosen tab's content at each layout
	}
	p.BaseWidget.Show()
	p.tick()
}

// Hide hides the panel (another tab chosen), and with it stops looking at
// the times: nothing on screen would change.
func (p *Panel) Hide() {
	p.stopTicking()
	p.BaseWidget.Hide()
}

// tick looks again, while the panel is shown, when the first colleague's
// time next says another thing (at most tickAtMost from now), and redraws
// the rows only where one does: "16 minutes ago" went stale beside a
// colleague, as nothing drew the row again. With no time that changes
// (none, or only days two or more back), or the panel hidden, no timer
// runs and the window is not woken.
func (p *Panel) tick() {
	p.stopTicking()
	if !p.Visible() {
		return
	}
	now := p.now()
	p.due = time.Time{}
	for _, c := range p.state.Colleagues {
		if t := shownAt(c); !t.IsZero() {
			if next := agoChanges(t, now); !next.IsZero() && (p.due.IsZero() || next.Before(p.due)) {
				p.due = next
			}
		}
	}
	if p.due.IsZero() {
		return
	}
	p.ticks++
	this := p.ticks
	p.stopTick = p.after(min(p.due.Sub(now), tickAtMost), func() {
		if this != p.ticks || p.stopTick == nil {
			return // stopped, or another set since
		}
		p.stopTick = nil
		if !p.now().Before(p.due) {
			p.rows.Refresh()
		}
		p.tick()
	})
}

// stopTicking stops the pending tick, if any.
func (p *Panel) stopTicking() {
	if p.stopTick != nil {
		p.stopTick()
		p.stopTick = nil
	}
}

// Ago says how long before now t was, as a person says it.
func Ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return annotate.Count(int(d/time.Minute), "minute") + " ago"
	case d < 48*time.Hour:
		return annotate.Count(int(d/time.Hour), "hour") + " ago"
	}
	return t.Local().Format("2 Jan 2006")
}

// Set shows s.
func (p *Panel) Set(s State) {
	if s.Err != p.state.Err {
		// The trouble's line, shown, hidden or of another height, has
		// its place above the top: the panel is laid out again. (A real
		// window's painter did so where the panel's least height changed,
		// but not for a new message of the same least height; Fyne's test
		// driver not at all, so the line stayed unlaid, 0 × 0.)
		defer p.Refresh()
	} else if bottomText(s) != bottomText(p.state) {
		// A list below the colleagues shown, hidden or changed: the
		// lists' scroll has its height from the panel's layout, which
		// the painter runs again only where the panel's least height
		// changed, and the lists never change it. Left unlaid, a list
		// shown was 0 × 0 (seen under Xvfb: a colleague gone from the
		// folder said on the status line, not on the tab).
		defer p.Refresh()
	}
	p.state = s
	switch {
	case s.Folder == "":
		p.folder.SetText("Not connected. A team shares one folder (Syncthing, a shared drive, git): choose it, and your colleagues' work arrives by itself.")
	case s.Err != "":
		p.folder.SetText(s.Folder)
	case s.Polled:
		p.folder.SetText(s.Folder + "\nThis folder does not report changes (a network drive?): read every second.")
	default:
		p.folder.SetText(s.Folder)
	}
	if s.Err != "" {
		p.err.SetWhole(s.Err)
		p.err.Show()
	} else {
		p.err.Hide()
	}
	// The trouble names the folder as a rule: the folder's line then goes,
	// so the panel is no taller with it.
	if s.Err != "" && (s.Folder == "" || strings.Contains(s.Err, s.Folder)) {
		p.folder.Hide()
	} else {
		p.folder.Show()
	}
	p.last.SetText(s.Last)
	if s.Folder != "" && s.Err == "" && len(s.Colleagues) == 0 {
		if len(s.Left) > 0 {
			p.none.SetText(NoColleaguesLeft(s.Kept))
		} else {
			p.none.SetText(NoColleagues)
		}
		p.none.Show()
	} else {
		p.none.Hide()
	}
	p.twins.Objects = nil
	for _, tw := range s.Twins {
		tw := tw
		who := tw.Machine
		if tw.Host != "" {
			who = tw.Host + " (" + tw.Machine + ")"
		}
		text := "Your layer is also written from " + who
		if what := tw.What(); what != "" {
			text += ", newer there on " + what
		}
		text += ". Both copies are kept."
		if tw.This {
			note := tw.ThisNote("the button below")
			text = frame.Capital(note) + "."
		}
		msg := widget.NewLabel(text)
		msg.Wrapping = fyne.TextWrapWord
		take := widget.NewButton("Read that copy in where newer", func() {
			if p.OnTake != nil {
				p.OnTake(tw.Machine)
			}
		})
		p.twins.Add(container.NewVBox(msg, take))
	}
	p.twins.Refresh()
	showList(p.taken, s.Taken != "", func() string { return TakenText(s.Taken) })
	showList(p.refused, len(s.Refused) > 0, func() string {
		return "Refused (read again when they change):\n" + strings.Join(s.Refused, "\n")
	})
	showList(p.unwritten, len(s.Unwritten) > 0, func() string { return UnwrittenText(s.Unwritten) })
	showList(p.left, len(s.Left) > 0, func() string { return LeftText(s.Left) })
	showList(p.notes, len(s.Notes) > 0, func() string {
		return "Read, with what this skein does not read left out:\n" + strings.Join(s.Notes, "\n")
	})
	showList(p.copies, len(s.Copies) > 0, func() string { return CopiesText(s.Copies) })
	showList(p.withheld, len(s.Withheld) > 0, func() string { return WithheldText(s.Withheld) })
	p.rows.Refresh()
	p.tick() // the colleagues' times told anew: the next change is theirs
}

// bottomText is what the lists below the colleagues say of s.
func bottomText(s State) string {
	var b strings.Builder
	for _, l := range [][]string{s.Unwritten, s.Left, {s.Taken}, s.Refused, s.Notes, s.Copies, s.Withheld} {
		b.WriteString(strings.Join(l, "\n"))
		b.WriteByte(0)
	}
	for _, tw := range s.Twins {
		fmt.Fprintf(&b, "%+v\n", tw)
	}
	return b.String()
}

// CopiesText is how the panel lists the conflicted copies sync engines
// left in the folder (team.Report.Copies).
func CopiesText(lines []string) string {
	return "Left in the folder by its sync engine, never read:\n" + strings.Join(lines, "\n")
}

// WithheldText is how the panel lists the colleagues whose deletion file
// does not arrive (team.Report.Withheld).
func WithheldText(lines []string) string {
	return "Deleted threads not arriving from a colleague's sync engine:\n" + strings.Join(lines, "\n")
}

// UnwrittenText is how the panel lists the user's own files held back
// from the folder (team.Report.Unwritten).
func UnwrittenText(lines []string) string {
	return "Your work not written to the team folder (colleagues would refuse it):\n" + strings.Join(lines, "\n")
}

// LeftText is how the panel lists the colleagues whose folders left the
// team folder (State.Left).
func LeftText(lines []string) string {
	return "Colleagues who left the team folder:\n" + strings.Join(lines, "\n")
}

// Departed is a colleague's departure (line, as team.Departure.Line says
// it) told at at, as the panel lists it: "Mon 7 Dec 09:14: bilal's folder
// is gone … from this store.".
func Departed(at time.Time, line string) string {
	return at.Local().Format("Mon 2 Jan 15:04") + ": " + Sentence(line)
}

// Sentence is line, which begins with a colleague's name (as they spell
// it: never capitalized), as a sentence: a full stop last.
func Sentence(line string) string { return line + "." }

// After says two messages in one, the status line's: first, which the
// user's own action said and which is to stand until they could read it,
// then what the team folder's pass said since (a trouble, the folder
// back), each a sentence.
func After(first, then string) string {
	return fullStop(frame.Capital(first)) + " After that: " + fullStop(frame.Capital(then))
}

// fullStop is s ending as a sentence does.
func fullStop(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// TakenText is how the panel says what the last take did (summary, as
// team.TakeResult.Summary says it), as a sentence: "Read in from machine
// 3f… where newer: ….".
func TakenText(summary string) string {
	if summary == "" {
		return ""
	}
	return frame.Capital(summary) + "."
}

// State is what the panel shows now.
func (p *Panel) State() State { return p.state }

// LeftList is the list of the colleagues gone from the team folder
// (State.Left).
func (p *Panel) LeftList() *widget.Label { return p.left }

// None is the line said while no colleague's work is in the folder
// (NoColleagues, NoColleaguesLeft).
func (p *Panel) None() *widget.Label { return p.none }

// ErrLine is the line that shows the folder's trouble (State.Err).
func (p *Panel) ErrLine() *status.Line { return p.err }

// CreateRenderer lays the panel out: folder and button on top, the
// colleagues filling the middle, twins and refusals below.
func (p *Panel) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewVBox(p.folder, p.choose, p.last, widget.NewSeparator(), p.none)
	bottom := container.NewVBox(p.unwritten, p.left, p.taken, p.twins, p.refused, p.notes, p.copies, p.withheld)
	return widget.NewSimpleRenderer(container.New(panelLayout{bottom, p.err}, p.err, top, p.rows, container.NewVScroll(bottom)))
}

// showList shows l with text() where on holds, and hides it where not.
func showList(l *widget.Label, on bool, text func() string) {
	if !on {
		l.Hide()
		return
	}
	l.SetText(text())
	l.Show()
}

// panelLayout lays the panel out: the top at its height, the lists below
// the colleagues (held-back files, copies on other machines, refusals,
// notes, conflicted copies) as tall as they need up to half of what is
// left, scrolled beyond it, and the colleagues between. The panel's least
// height does not grow with those lists: a folder with many refused files
// or conflicted copies made the window taller than the screen.
type panelLayout struct {
	bottom fyne.CanvasObject // the lists, inside the scroll
	// err, above the top, is one line high in the least height; where
	// the panel is higher it gets up to half of the room beyond that to
	// show its message whole.
	err *status.Line
}

// Layout lays out the folder's trouble, top, the colleagues and the
// scrolled lists, in that order.
func (l panelLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, mid, bot := objs[1], objs[2], objs[3]
	pad := theme.Padding()
	y := float32(0)
	if l.err.Visible() {
		one := l.err.MinSize().Height
		l.err.Move(fyne.NewPos(0, 0))
		// At one line's height first: the line learns its width, and so
		// how high its message wants to be there.
		l.err.Resize(fyne.NewSize(size.Width, one))
		spare := max(size.Height-l.MinSize(objs).Height, 0)
		l.err.Resize(fyne.NewSize(size.Width, min(max(l.err.Want(), one), one+spare/2)))
		y = l.err.Size().Height + pad
	}
	th := top.MinSize().Height
	top.Move(fyne.NewPos(0, y))
	top.Resize(fyne.NewSize(size.Width, th))
	th += y
	rest := max(size.Height-th-pad, 0)
	// The lists' height at this width: their labels wrap to it.
	l.bottom.Resize(fyne.NewSize(size.Width, l.bottom.Size().Height))
	if c, ok := l.bottom.(*fyne.Container); ok && c.Layout != nil {
		// Laid out at that width even where its size is as it was (a
		// Resize to the same size lays out nothing): a list just shown
		// had no width yet, its least height that of one unwrapped
		// line, and was given that, scrolled, where the tab had the
		// room for it whole (seen under Xvfb).
		c.Layout.Layout(c.Objects, c.Size())
	}
	bh := min(l.bottom.MinSize().Height, rest/2)
	gap := float32(0)
	if bh > 0 {
		gap = pad
	}
	mid.Move(fyne.NewPos(0, th+pad))
	mid.Resize(fyne.NewSize(size.Width, rest-bh-gap))
	bot.Move(fyne.NewPos(0, size.Height-bh))
	bot.Resize(fyne.NewSize(size.Width, bh))
}

// MinSize is the top's and the colleagues' least size, with one line of
// the folder's trouble: never the lists', nor more of the trouble.
func (l panelLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	top, mid, bot := objs[1].MinSize(), objs[2].MinSize(), objs[3].MinSize()
	h := top.Height + theme.Padding() + mid.Height
	if l.err.Visible() {
		h += l.err.MinSize().Height + theme.Padding()
	}
	return fyne.NewSize(max(top.Width, mid.Width, bot.Width), h)
}
