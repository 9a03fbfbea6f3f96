package app

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/assign"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/review"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/app/teampanel"
	"github.com/skein-news/skein/store"
)

// TeamFolder is what the window uses of a team folder (app/team's Engine):
// it runs off the UI goroutine, writes the user's layer after Changed and
// reports what arrived.
type TeamFolder interface {
	Dir() string
	Changed(docs ...string)
	Run(ctx context.Context, opt team.RunOptions, report func(*team.Report, error))
	Colleagues() []team.Colleague
	Take(ctx context.Context, machine string) (*team.TakeResult, error)
	Assign(ctx context.Context, annotators []string, perArticle int) (*team.Assignment, error)
}

// teamUI is the window's side of the team folder.
type teamUI struct {
	folder TeamFolder
	stop   context.CancelFunc
	panel  *teampanel.Panel
	// mine are the articles the folder's assignment gives the user, listed
	// first; nil without an assignment.
	mine map[string]bool
	// running counts the folders still running: closing the window waits
	// for them to write what is pending before the store closes.
	running sync.WaitGroup
	// assignForm is File ▸ Team ▸ Assign…'s form, once opened (for the
	// tests).
	assignForm *assign.Form
	// applying is set while the window passes on what arrived from the
	// folder, so it is not written back as the user's change.
	applying bool
	// connecting is the folder the user just chose (File ▸ Team ▸
	// Folder…): its first report goes on the status bar.
	connecting TeamFolder
	// passed is the folder whose first pass teamReport has shown (runTeam
	// sets the Team tab's folder before it, so the tab cannot tell).
	passed TeamFolder
	// told is the window's statusSaid once an action the user asked of
	// the folder (File ▸ Team ▸ Assign…, the Team tab's take) said what it
	// did, toldGone whether it said the folder is not there: while that is
	// the last message said, it stands until the user could read it
	// (something they do next says something else). A pass of the
	// folder's in the background does not replace it: one saying less
	// (the folder not there, without that the assignment was not
	// written; the assign.json it wrote read again) or only news (a
	// colleague's arrival, on the Team tab) is not said there; a trouble
	// (a full disk, the folder gone after a take) is said after it, in
	// the same message (passSays). The pass's "not there" and "bilal: 3
	// spans in …" took the status line from Assign's and the take's a
	// moment after the researcher pressed it.
	told     int
	toldGone bool
	// toldText is that action's own message: a pass's message is said
	// after it, in place of the pass before's (passSays), so that a
	// folder going away and back many times does not grow the status
	// line past the window's edge.
	toldText string
	// unassigned is the folder File ▸ Team ▸ Assign… found away, writing
	// nothing: the message that it is back says to assign again, which
	// "is back: wrote 1 file of your work" left out, though no sync
	// writes an assignment later.
	unassigned string
	// ownAssign is set while this window's Assign… writes assign.json,
	// until a pass reads it: the pass does not tell of it as a new
	// assignment arrived, Assign's own message said more.
	ownAssign bool
}

// assignArrived is the status line's word of a new assign.json a pass
// read, as skein sync's "a new assignment in the folder (assign.json)":
// the list reordered and review recounted without one.
const assignArrived = "A new assignment arrived in the team folder (assign.json): your list puts the articles it gives you first, and review and the agreement report count by it."

// initTeam adds the Team tab, follows the user's changes, and opens the
// folder the store is connected to.
func (w *Window) initTeam() {
	if w.opt.Team == nil || w.opt.ReadOnly { // colleagues' work arriving would be written into the store
		return
	}
	w.tm.panel = teampanel.New()
	w.tm.panel.Do = w.do
	w.tm.panel.OnChooseFolder = w.chooseTeamFolder
	w.tm.panel.OnTake = w.offerTake
	w.tm.panel.OnReadWhole = w.showStatusWhole
	w.th.Tabs().Append(container.NewTabItem("Team", w.tm.panel))
	w.onChanged(func(c Changed) {
		if c.Change != nil && !w.tm.applying {
			if st := w.tm.panel.State(); st.Taken != "" {
				// The user's change: the last take's summary no
				// longer tells what the store holds.
				st.Taken = ""
				w.tm.panel.Set(st)
			}
		}
		switch {
		case w.tm.folder == nil || w.tm.applying:
		case c.All:
			w.tm.folder.Changed() // anything may have changed
		case c.Change != nil:
			w.tm.folder.Changed(slices.Collect(maps.Keys(c.Docs))...)
		}
	})
	w.startTeam("")
}

// teamMenu is File ▸ Team: the folder, and who annotates which articles.
func (w *Window) teamMenu() *fyne.MenuItem {
	m := fyne.NewMenuItem("Team", nil)
	m.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem("Folder…", w.chooseTeamFolder),
		fyne.NewMenuItem("Assign…", w.showAssign),
	)
	return m
}

// showAssign is File ▸ Team ▸ Assign…: the form is filled, off the UI
// goroutine, from the folder's current assignment or, without one, with
// the user and the colleagues whose work is in the folder.
func (w *Window) showAssign() {
	if w.refuseWrite() {
		return
	}
	f := w.tm.folder
	if f == nil {
		frame.ShowDialog(w.win, frame.NewInformation("Assign articles",
			"Connect a team folder first (File ▸ Team ▸ Folder…): the assignment is written there for everyone.", w.win))
		return
	}
	user, articles := w.user, len(w.docList.Docs())
	w.goBG(func(ctx context.Context) {
		d := assign.Defaults{Articles: articles}
		if away := team.Away(f.Dir()); away != nil {
			d.Away = team.AwayForAssign(away)
		}
		cur, err := team.ReadAssignment(f.Dir())
		switch {
		case d.Away != "":
			// Its assignment is not there to read either: that is said.
		case err != nil:
			d.Note = "The folder's assignment could not be read (" + err.Error() + "); Assign writes a new one."
		case cur != nil:
			d.Names, d.PerArticle, d.Replacing = cur.Annotators, cur.PerArticle, len(cur.Articles)
		}
		if d.Names == nil {
			d.Names = []string{user}
			for _, c := range f.Colleagues() {
				if c.Annotator != user && !strings.HasPrefix(c.Annotator, "curated:") {
					d.Names = append(d.Names, c.Annotator)
				}
			}
		}
		w.do(func() {
			w.tm.assignForm = assign.Show(w.win, d, func(names []string, per int) { w.assign(f, names, per) })
		})
	})
}

// assign writes the assignment into the folder, off the UI goroutine, and
// lists the user's articles first at once.
func (w *Window) assign(f TeamFolder, names []string, per int) {
	user := w.user
	w.tm.ownAssign = true // before the file is there for a pass to read
	w.goBG(func(ctx context.Context) {
		a, err := f.Assign(ctx, names, per)
		w.do(func() {
			defer w.userTold(err)
			if err != nil {
				w.tm.ownAssign = false
			}
			switch {
			case errors.Is(err, team.ErrFolderGone):
				w.tm.unassigned = f.Dir()
			case err == nil:
				w.tm.unassigned = ""
			}
			if err != nil {
				w.fail("assign the articles", err)
				return
			}
			if f == w.tm.folder {
				w.setAssigned(a.Of(user))
				// The open review follows it now, not when the folder's
				// watch hears of the file (a rescan later where it hears
				// nothing) or the next article opens.
				w.rev.AssignmentArrived()
			}
			parts := make([]string, len(a.Annotators))
			for i, n := range a.Annotators {
				parts[i] = fmt.Sprintf("%s %d", n, len(a.Of(n)))
			}
			w.setStatus(fmt.Sprintf("Assigned %s (%s) in %s.", annotate.Count(len(a.Articles), "article"), strings.Join(parts, ", "), f.Dir()))
		})
	})
}

// chooseTeamFolder is File ▸ Team ▸ Folder….
func (w *Window) chooseTeamFolder() {
	if w.opt.Team == nil || w.refuseWrite() {
		return
	}
	d := dialog.NewFolderOpen(func(uri fyne.ListableURI, err error) {
		if err != nil || uri == nil {
			return
		}
		w.startTeam(uri.Path())
	}, w.win)
	d.SetTitleText("Team folder")
	d.SetConfirmText("Connect")
	frame.ShowDialog(w.win, d) // a file dialog is built by Show: Resize before it panics
	d.Resize(w.dialogSize())
}

// startTeam (re)opens the team folder dir for the current user ("" the one
// the store is connected to) and runs it until the window closes.
func (w *Window) startTeam(dir string) {
	w.stopTeam()
	user := w.user
	w.goBG(func(ctx context.Context) {
		f, err := w.opt.Team(dir, user)
		w.do(func() {
			if err != nil {
				w.fail("open the team folder", err)
				w.tm.panel.Set(teampanel.State{Folder: dir, Err: err.Error()})
				return
			}
			if f == nil {
				return // not connected
			}
			if dir != "" {
				w.tm.connecting = f // the user chose it: say what connecting did
			}
			w.runTeam(f)
		})
	})
}

func (w *Window) runTeam(f TeamFolder) {
	ctx, cancel := context.WithCancel(w.ctx)
	w.tm.folder, w.tm.stop = f, cancel
	user := w.user
	w.tm.panel.Set(teampanel.State{Folder: f.Dir()})
	// Run writes what is pending before it returns; shutdown waits for it.
	w.tm.running.Add(1)
	go func() {
		defer w.tm.running.Done()
		f.Run(ctx, team.RunOptions{}, func(rep *team.Report, err error) {
			// Off the UI goroutine: these wait for a sync and read files.
			colleagues := f.Colleagues()
			// An assign.json cut short (half synced, still being
			// copied) leaves the list as the last whole one ordered it,
			// as it leaves review counting by it; one damaged within or
			// whole but refused orders nothing, as review counts by none.
			// A folder away (moved, its disk unplugged) leaves the list as
			// the assignment read before ordered it, as review keeps to
			// that one (assignmentReader): its assign.json is out of
			// reach, not gone, and read as none it put no article first.
			away := team.Away(f.Dir()) != nil
			var mine map[string]bool
			a, aerr := team.ReadAssignment(f.Dir())
			if a != nil {
				mine = a.Of(user)
			}
			// A new assign.json half copied is said as review says it,
			// with what skein agree and skein curate do meanwhile. Review's
			// reader is asked at every pass, so that it holds the last
			// whole assignment, which the list keeps to, though no review
			// asked for it yet.
			unread := ""
			var keptMine map[string]bool // the user's in the assignment kept, the folder away
			if w.opt.Assignment != nil {
				kept, rerr := w.opt.Assignment()
				var readAt time.Time // when the assignment kept in the store was read
				switch ka := kept.(type) {
				case *team.Assignment:
					if away {
						keptMine = ka.Of(user)
					}
				case *keptRead:
					if away {
						keptMine, readAt = ka.Of(user), ka.read
					}
				}
				var u *review.Unread
				if rep != nil && rep.Assignment && rep.AssignRefused() != "" && errors.Is(aerr, team.ErrNotWhole) && errors.As(rerr, &u) {
					unread = team.AssignUnread(u.Err.Error(), kept != nil)
				}
				if away && kept != nil && errors.Is(err, team.ErrFolderGone) {
					err = keptAway{err, readAt}
				}
			}
			w.do(func() {
				w.teamReport(f, rep, err, colleagues, unread)
				switch {
				case away && w.tm.mine == nil:
					// A window started with the folder away: the list
					// keeps to the assignment kept in the store, as
					// review does (assignmentReader).
					w.setAssigned(keptMine)
				case !errors.Is(aerr, team.ErrNotWhole) && !away:
					w.setAssigned(mine)
				}
			})
		})
	}()
}

// keptAway is the team folder not there (team.ErrFolderGone) where review
// and the list keep to the assignment read before until it is back: said
// with it, once, as the pass says the folder away once. read is when that
// assignment was read, where it is the one kept in the store (a window
// started with the folder away), zero where this window read it.
type keptAway struct {
	error
	read time.Time
}

func (e keptAway) Error() string {
	which := "the assignment read before"
	if !e.read.IsZero() {
		which = "the assignment read " + team.On(e.read, time.Now())
	}
	return e.error.Error() + ". Until it is back, review and your list go on with " + which
}

func (e keptAway) Unwrap() error { return e.error }

// stopTeam stops the running folder, after it has written what is pending.
func (w *Window) stopTeam() {
	if w.tm.stop == nil {
		return
	}
	w.tm.stop()
	w.tm.folder, w.tm.stop = nil, nil
}

// teamReport shows what a pass brought and tells every feature.
//
// unread is what review says of a new assign.json half copied
// (team.AssignUnread), "" where there is none.
func (w *Window) teamReport(f TeamFolder, rep *team.Report, err error, colleagues []team.Colleague, unread string) {
	if f != w.tm.folder {
		return // a folder since replaced
	}
	connecting := f == w.tm.connecting
	w.tm.connecting = nil
	st := w.tm.panel.State()
	// back: the folder's trouble, said on the status line, is over (Run
	// tells the same trouble once, and then the first pass without it).
	back := st.Err != "" && err == nil
	// first: this window's first pass of f. An assign.json it reads was
	// there before the window (or the folder) was opened: no news to say
	// over what the window says as it starts (the Agreement report's word
	// of whom the assignment leaves out).
	first := w.tm.passed != f
	w.tm.passed = f
	// An assign.json refused until now: its refusal said on the status
	// line gives way once it is read again.
	asgWas := slices.ContainsFunc(st.Refused, func(r string) bool { return strings.HasPrefix(r, "assign.json") })
	st.Folder, st.Colleagues, st.Err = f.Dir(), colleagues, ""
	// told: the message of an action the user asked stands (teamUI.told).
	told := w.tm.told != 0 && w.tm.told == w.statusSaid
	ownAssign := w.tm.ownAssign && rep != nil && rep.Assignment
	if ownAssign {
		w.tm.ownAssign = false
	}
	if err != nil {
		st.Err = err.Error()
		switch {
		case rep != nil && rep.Again:
			// Said already: the pass is here for what it read in.
			fyne.LogError("sync the team folder", err)
		case told && w.tm.toldGone && errors.Is(err, team.ErrFolderGone):
			fyne.LogError("sync the team folder", err) // the action said it, and more
		case told:
			fyne.LogError("sync the team folder", err)
			w.passSays("The team folder's sync failed: "+err.Error(), true)
		case errors.Is(err, team.ErrFolderGone):
			// Said as skein sync, the Team tab and a take say it: "sync
			// the team folder: team folder … is not there" read as a
			// stutter, in words the README did not quote.
			fyne.LogError("sync the team folder", err)
			w.setStatusWhole(frame.Capital(err.Error()))
		default:
			w.fail("sync the team folder", err)
		}
	}
	if rep != nil {
		st.Twins, st.Polled = rep.Twins, rep.Polled
		if rep.Pulled {
			// What the folder's colleagues' files are, as this read found
			// them: a write alone says nothing of them (it cleared them,
			// until the next read).
			st.Refused = st.Refused[:0]
			for _, r := range rep.Refused {
				st.Refused = append(st.Refused, r.Error())
			}
			st.Notes, st.Copies, st.Withheld = rep.Notes, rep.Copies, rep.Withheld
		}
		held := false // own files newly held back: said on the status line too
		if rep.Published {
			held = len(rep.Unwritten) > 0 && !slices.Equal(st.Unwritten, rep.Unwritten)
			st.Unwritten = rep.Unwritten
		}
		c := Changed{Docs: map[string]bool{}, Threads: map[string]bool{}}
		var who []string
		for _, a := range rep.Arrived {
			who = append(who, a.Annotator)
			title := ""
			if len(a.Docs) == 1 {
				// Cut at a word and quoted as the window's other lines
				// quote a title.
				title = frame.Clip(w.docTitle(a.Docs[0]), 24)
			}
			st.Last = a.Line(title)
			for _, d := range a.Docs {
				c.Docs[d] = true
			}
			if a.Threads > 0 || a.ThreadsRemoved > 0 {
				c.All = true // thread IDs are not reported: read them again
			}
		}
		if rep.DocsAdded > 0 {
			c.All = true
		}
		// Colleagues whose folders left the team folder, their work
		// removed from the store: said on the status line, and listed on
		// the Team tab for days after, a window opened later too
		// (team.Report.Departed).
		var left string
		for _, l := range rep.Left {
			left = teampanel.Sentence(l.Line())
			c.All = true
		}
		if rep.Pulled {
			st.Left, st.Kept = nil, nil
			for _, d := range rep.Departed {
				st.Left = append(st.Left, teampanel.Departed(time.Unix(0, d.At), d.Line()))
				if k := d.KeptLine(); k != "" {
					st.Kept = append(st.Kept, k)
				}
			}
		}
		switch {
		case connecting:
			w.setStatus("Connected to " + f.Dir() + ": " + rep.Summary() + ".")
		case back && w.tm.unassigned == f.Dir():
			w.tm.unassigned = ""
			w.passSays("The team folder "+f.Dir()+" is back: "+rep.Summary()+". The assignment made while it was away was not written: assign again (File ▸ Team ▸ Assign…).", true)
		case back:
			w.passSays("The team folder "+f.Dir()+" is back: "+rep.Summary()+".", false)
		case held:
			w.passSays(rep.Unwritten[0], true)
		case left != "":
			w.passSays(left, true)
		case rep.Assignment && unread != "":
			if w.statusText() != unread { // review said it first
				w.setStatusWhole(unread)
			}
		case rep.Assignment && rep.AssignRefused() != "":
			// A new assign.json that cannot be read (a git pull's
			// conflict markers): the list no longer puts the assigned
			// articles first, and this says why and what to do.
			w.passSays(teampanel.Sentence(rep.AssignRefused()), true)
		case asgWas && rep.Pulled && rep.AssignRefused() == "" && (!told || w.tm.toldGone):
			// (Where Assign wrote it, its own message said more.)
			w.setStatus(review.AssignReadAgain)
		case len(rep.Healed) > 0:
			// An article file found damaged in the folder and written
			// again from this store (team/heal.go).
			line := rep.Healed[0]
			if n := len(rep.Healed) - 1; n > 0 {
				line += fmt.Sprintf("; %s written again too", annotate.Count(n, "other damaged article file"))
			}
			w.passSays(teampanel.Sentence(line), true)
		case rep.Assignment && !ownAssign && !told && err == nil && !first:
			msg := assignArrived
			if st.Last != "" && len(rep.Arrived) > 0 {
				msg = st.Last + ". " + msg
			}
			w.setStatus(msg)
		case st.Last != "" && len(rep.Arrived) > 0 && !told && err == nil:
			// News, kept on the Team tab: not said over the message of
			// an action the user asked (teamUI.told), nor over this
			// pass's own trouble.
			w.setStatus(st.Last)
		}
		w.colleagueArrived(who)
		if rep.Assignment {
			w.rev.AssignmentArrived()
		}
		if c.All || len(c.Docs) > 0 {
			w.tm.applying = true
			w.changed(c)
			w.tm.applying = false
		}
	}
	sort.Strings(st.Refused)
	w.tm.panel.Set(st)
}

// userTold marks the message just said as that of an action the user
// asked of the team folder, which err ended (nil: it did what it said):
// it stands over the folder's passes (teamUI.told).
func (w *Window) userTold(err error) {
	w.tm.told, w.tm.toldGone = w.statusSaid, errors.Is(err, team.ErrFolderGone)
	w.tm.toldText = w.statusText()
}

// passSays puts msg, a pass of the team folder's, on the status line
// (whole: to be read whole, as setStatusWhole). Over the message of an
// action the user asked, still standing (teamUI.told), it is said after
// it, in one message that stands in turn: the researcher reads what they
// did, and then what the folder did since (the last pass's message, in
// place of an earlier pass's).
func (w *Window) passSays(msg string, whole bool) {
	if w.tm.told == 0 || w.tm.told != w.statusSaid {
		w.showStatus(msg, whole)
		return
	}
	w.setStatusWhole(teampanel.After(w.tm.toldText, msg))
	w.tm.told = w.statusSaid
}

func (w *Window) docTitle(id string) string {
	for _, d := range w.docList.Docs() {
		if d.ID == id {
			return d.Title
		}
	}
	return ""
}

// offerTake reads in the user's layer as written from machine, the Team
// tab's button; where that is this machine's own folder (a store restored
// from an older backup), it first says what the take would replace, and
// reads it in only once the user agrees.
func (w *Window) offerTake(machine string) {
	for _, tw := range w.tm.panel.State().Twins {
		if !tw.This || tw.Machine != machine {
			continue
		}
		d := frame.NewConfirm("Read in this machine's newer work", frame.Capital(tw.Offer()), func(ok bool) {
			if ok {
				w.takeOwnCopy(machine)
			}
		}, w.win)
		d.SetConfirmText("Read it in")
		d.SetDismissText("Cancel")
		frame.ShowDialog(w.win, d)
		return
	}
	w.takeOwnCopy(machine)
}

// takeOwnCopy reads the user's layer as written from another machine.
func (w *Window) takeOwnCopy(machine string) {
	f := w.tm.folder
	if f == nil {
		return
	}
	w.goBG(func(ctx context.Context) {
		res, err := f.Take(ctx, machine)
		colleagues := f.Colleagues()
		w.do(func() {
			defer w.userTold(err)
			if err != nil {
				w.failTake(machine, err)
				if st := w.tm.panel.State(); f == w.tm.folder && st.Taken != "" {
					st.Taken = "" // no longer the last take's
					w.tm.panel.Set(st)
				}
				return
			}
			w.setStatus(res.Summary())
			if f == w.tm.folder {
				// The copies still holding something newer, now: the one
				// read in is told of again only once that machine writes
				// something newer.
				st := w.tm.panel.State()
				st.Twins, st.Colleagues, st.Taken = res.Twins, colleagues, res.Summary()
				st.Refused = slices.Clone(st.Refused)
				for _, r := range res.Refused {
					if !slices.Contains(st.Refused, r.Error()) {
						st.Refused = append(st.Refused, r.Error())
					}
				}
				w.tm.panel.Set(st)
			}
			w.changed(everything)
		})
	})
}

// failTake says why the take of the user's layer from machine read
// nothing in. Where its error names the machine (the folder not there:
// "…; nothing was read in from machine 3f…'s copy of your layer"), it is
// said as it is: "read your layer from 3f…: " before it said the machine
// twice in one sentence.
func (w *Window) failTake(machine string, err error) {
	if readOnlyError(err) || !strings.Contains(err.Error(), machine) {
		w.fail("read your layer from "+machine, err)
		return
	}
	fyne.LogError("read your layer from "+machine, err)
	w.setStatusWhole(frame.Capital(err.Error()))
}

// setAssigned lists the user's assigned articles first, when they change.
func (w *Window) setAssigned(mine map[string]bool) {
	if maps.Equal(mine, w.tm.mine) {
		return
	}
	w.tm.mine = mine
	w.docList.Reload()
}

// assignedFirst puts the articles assigned to the user first, each part in
// the list's own order, and says how many those are.
func (w *Window) assignedFirst(docs []store.DocInfo) ([]store.DocInfo, int) {
	if len(w.tm.mine) == 0 {
		return docs, 0
	}
	out := make([]store.DocInfo, 0, len(docs))
	for _, d := range docs {
		if w.tm.mine[d.ID] {
			out = append(out, d)
		}
	}
	n := len(out)
	for _, d := range docs {
		if !w.tm.mine[d.ID] {
			out = append(out, d)
		}
	}
	return out, n
}
