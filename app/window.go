// Package app is skein's window: the document list, the article with its
// highlights, the spans of the article, the threads, review, the menus and
// the dialogs. It and its sub-packages are the only ones that import Fyne.
// Every action reaches the store before it reaches the screen: there is no
// Save button, and undo replays the history the store keeps. Work that may
// take long or touch the disk runs off the UI goroutine and comes back
// through fyne.Do.
//
// # Map
//
// Each feature of the window is a type of its own in a package under app/:
// it declares the small store interface it uses (its Store) and what it
// asks of the window (its Frame, built on frame.Host), registers with the
// one Changed notification, and never holds the *Window. Widget packages
// only show and report through callbacks. The app package itself is the
// frame: it builds the columns, opens an article and wires the features
// together (host.go is the window as the features see it).
//
//	window.go       Window: builds the columns, opens an article, the status bar
//	host.go         host: the one adapter that gives each feature its Frame
//	changed.go      changed: tells every feature what reached the store
//	keys.go         the table of single keys, which the menus read too; typedKey
//	spans.go        apply, undo, redo, and where a label key goes (labelKey)
//	labels.go       the label bar and the user's labels
//	review.go       the Review menu and Start/StopReview, wired to review/
//	search.go       Find in article, Search corpus, label-all, articles that report
//	                a span, type searchState (Window.srch) — widgets in searchpanel/,
//	                engine in annotate/search and annotate/suggest
//	suggest.go      suggestions in the open article, drawn dashed: accept, reject, the
//	                sources on and off (Window.sg) — the feature and its tab in
//	                suggestpanel/, the sources in annotate/suggest
//	agree.go        the agreement report; asking which annotators
//	team.go         the team folder, type teamUI (Window.tm): File ▸ Team ▸ Folder… and
//	                Assign…, the Team tab, colleagues' work arriving — widgets in
//	                teampanel/ and assign/ (the Assign… form), the engine (no Fyne) in team/
//	menu.go         the menus; import and export dialogs (the work is in transfer/)
//	calm.go         Fyne's widget animations off (a blinking cursor repainted the window)
//	quit.go         quitting: the work stopped and the process ended before Fyne's racy shutdown;
//	                SIGINT, SIGTERM and SIGHUP quit the same way (sigquit/ takes them from Fyne)
//	home.go         NewApp: the folders Fyne writes into made, or placed in the temporary folder
//	settings.go     the window's settings kept in skein-settings.json, which a kill cannot damage
//	                (settingsfile/), Fyne's preferences.json its fallback
//	frame/          what every feature shares: Changed, Host, Clip, Where, Thousands;
//	                frametest/ an in-memory Host for testing a feature without the window
//	doclist/        the document list, doclist.List (Window.docList): the filter over
//	                titles and text, the rows' counts and done marks read off the UI
//	                goroutine (Cache) and patched from a change, the row widget
//	spanlist/       the article's spans, spanlist.List (Window.spanList): highlights,
//	                rows, add, relabel, note, delete
//	threads/        threads and links, threads.UI (Window.th): the Threads and Figures
//	                tabs, T, L, ] and [ — widgets in threadpanel/
//	review/         review mode, review.UI (Window.rev) and review.Session while
//	                reviewing — widgets in reviewpanel/, rules in annotate/agree
//	textview/       the article widget: layout, selection, highlights
//	parts/          small widgets the features share: caption, chip, background
//	status/         the status line: a message that fits is not shaped for its ellipsis
//	about/          the Help menu: About skein; buildinfo/ says which build this is
//	maintenance/    Check store…, Back up…, Restore… and the automatic backup
//	fonts/          the typefaces embedded for the region's scripts (Urdu, Arabic, …)
//	transfer/       import, export and agreement, shared with the command line
//	cli/            the command line
//	e2e/            the end-to-end test of the real program under Xvfb
//
// # A key press, from the widget to the store
//
// Pressing 1 on a selection: textview.View.TypedKey hands the key and the
// held modifiers to View.OnKey, which is Window.typedKey (keys.go) — the one
// entry point, which the thread view's member list and the bare window call
// too. typedKey lets review mode take it first (reviewKey → review.Session),
// then Esc and Delete (spanlist.List.Delete), then a label's key
// (labels.ByKey → labelKey in spans.go → spanlist.List.Add, which builds
// annotate.AddSpan), then the bindings table (threads.UI, review.Session).
// List.Add calls Frame.Apply, which is Window.apply: it writes the change in
// one store transaction (store.Store.Apply, store/apply.go: the span, its
// indexes and the undo record) and then calls changed, and each feature's
// Changed follows in turn: review patches its decisions, the document list
// patches the row's counts (doclist.List.Changed), the span list patches
// its spans and redraws the highlights (textview.View.SetHighlights), the
// threads follow, the menus rename Undo. An import or a colleague's work
// arriving from the team folder (team.go) calls the same changed, with the
// documents it touched.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/doclist"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/maintenance"
	"github.com/skein-news/skein/app/review"
	"github.com/skein-news/skein/app/spanlist"
	"github.com/skein-news/skein/app/status"
	"github.com/skein-news/skein/app/textview"
	"github.com/skein-news/skein/app/threads"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"

	"github.com/skein-news/skein/app/fynelog"
	"github.com/skein-news/skein/app/glheap"
	"github.com/skein-news/skein/app/onepaint"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/phases"
	"github.com/skein-news/skein/app/preread"
	"github.com/skein-news/skein/app/settingsfile"
	"github.com/skein-news/skein/app/sigquit"
)

// Store is what the window needs from skein's store: what each feature
// declares it uses, beside the feature. *store.Store satisfies it; tests
// use an in-memory fake.
type Store interface {
	doclist.Store // the document list (doclist/)
	spansStore    // the article's spans (spanlist/), applying a change, undo and redo (spans.go)
	threads.Store // threads (threads/)
	review.Store  // review mode (review/)
	settingsStore // labels and the annotator's name (labels.go)
	searchStore   // corpus search and label-all (search.go)
	suggestStore  // suggestions (suggest.go, suggestpanel/)
}

// settingsStore keeps the window's settings in the store, where the command
// line reads them too.
type settingsStore interface {
	Meta(key string) (value string, ok bool, err error)
	SetMeta(key, value string) error
	Counts(docID, annotator string) (map[string]int, error)
}

var _ Store = (*store.Store)(nil)

// Options configure the window.
type Options struct {
	// Store holds the corpus and every annotation.
	Store Store
	// User is the annotator's name; "" means the name remembered in the
	// preferences, or the operating system's user name.
	User string
	// AskUser is true when -user was not given: the window asks for the
	// annotator's name on the very first start only.
	AskUser bool
	// Import runs `skein import` on paths with opt's flags (opt.User is the
	// layer for spans that name none) and describes what it did. With
	// opt.SkipInvalid it imports what is good and lists what it left out;
	// without, bad input refuses the whole import with a *transfer.Refused.
	Import func(ctx context.Context, paths []string, opt transfer.ImportOptions) (summary string, err error)
	// ImportSuggestions runs `skein import -as-suggestions name` on paths
	// and says what it stored, then a line a note (File ▸ Import
	// suggestions…; nil leaves it out).
	ImportSuggestions func(ctx context.Context, name string, paths []string) (summary string, err error)
	// Export runs `skein export` with opt's flags, to w or, for brat, into
	// opt.Dir; it returns what the format could not hold.
	Export func(ctx context.Context, w io.Writer, opt transfer.ExportOptions) (leftOut []string, err error)
	// Formats are the export formats offered ("skein", "brat", "conll", …).
	Formats []string
	// README is the README the program was built with: Help ▸ Keyboard
	// shortcuts (F1) shows its table of keys; "" leaves the item out.
	README string
	// Agree measures agreement between annotators over the corpus, as
	// `skein agree` does; leftOut says, in its words, whom of them the
	// team folder's assign.json leaves out (no article counts for her).
	Agree func(ctx context.Context, annotators []string) (rep *agree.Report, leftOut []string, err error)
	// Assignment is the team folder's assignment (assign.json), which
	// review follows as Agree does; nil, or nil returned, means none. It
	// is asked off the UI goroutine, for each article review counts.
	Assignment func() (review.Assignment, error)
	// Team opens the team folder dir for user, remembering it as the
	// store's; dir "" opens the one remembered, and nil, nil means none.
	Team func(dir, user string) (TeamFolder, error)
	// Maintenance checks and backs up the store (Help ▸ Check store…,
	// File ▸ Back up…, the automatic backup on quit); nil leaves those out.
	Maintenance maintenance.Store
	// Restore restores a backup into a new folder (File ▸ Restore…).
	Restore maintenance.RestoreFunc
	// Open is the article to open first ("" the one last read): skein open ID.
	Open string
	// Serve starts serving the command line beside the window (run.go)
	// and returns what stops it; nil serves none.
	Serve func(ServeHooks) (stop func(), err error)
	// ReadOnly: the store was opened read-only, as the user cannot write
	// into its folder; the window shows it and changes nothing (readonly.go).
	ReadOnly bool
	// Exit ends the process once the window has quit, its work stopped
	// and Fyne's preferences saved, with what ending the window returned
	// (the automatic backup's error, if any); it does not return. nil
	// leaves through Fyne's own shutdown, as the test driver does (quit.go).
	Exit func(err error)
	// ReadOnlyWhy, when set, is why a ReadOnly store is read-only, where
	// it is not a folder the user cannot write (store.Store.ReadOnlyWhy):
	// the status line says it at the start and for every refused action.
	ReadOnlyWhy string
	// CutShort says which imports a kill cut short, and the command that
	// completes each (transfer.CutShort): the status line says it at the
	// start.
	CutShort []string
}

// defaultWindowSize is the window's first size: it fits a 1280×800
// screen with its title bar and a panel, so the status bar shows. On a
// smaller screen the window opens smaller, to fit it (Run).
var defaultWindowSize = fyne.NewSize(1200, 700)

// MetaUser is the store setting holding the name last used in the window,
// the command line's default -user.
const MetaUser = "user"

// Preference keys.
const (
	prefUser     = "user"
	prefTheme    = "theme"
	prefTextSize = "textsize"
	prefLastDoc  = "lastdoc" // read only: the store keeps it now (MetaLastDoc)
)

// statusOpening is the status while an article loads.
const statusOpening = "Opening…"

// defaultTextSize is the article's text size before the researcher changes it.
const defaultTextSize = 15

// Window is skein's main window.
type Window struct {
	arcsItem *fyne.MenuItem // View ▸ Arcs: arclinks.go

	// userShared is user for the command line's goroutines (serve).
	userShared atomic.Pointer[string]

	// layoutPass lays out before each paint (nil on the test driver).
	layoutPass *onepaint.Pass
	// stopTicks ends the ticks' marks (phases.MarkTicks).
	stopTicks func()
	// stopCover ends the hover tip's hiding under dialogs (frame.OnCover).
	stopCover func()
	// stopServing stops serving the command line (serve); quitting is
	// set once the window has begun to quit (quit.go).
	stopServing func()
	quitting    bool

	// lastDocGen counts the opens (UI goroutine); lastDocKept, under
	// lastDocMu, is the latest open whose article the store keeps
	// (rememberOpen).
	lastDocGen  int
	lastDocMu   sync.Mutex
	lastDocKept int

	app    fyne.App
	win    fyne.Window
	st     Store
	opt    Options
	user   string
	others []string // other annotators' layers shown beside the user's own
	// teamLayers are the colleagues' layers in the store, shown beside the
	// user's while colleaguesOn (View ▸ Colleagues' work; shownLayers).
	teamLayers     []string
	colleaguesOn   bool
	colleaguesItem *fyne.MenuItem
	// ahead is the article read ahead of its open, changes counts what
	// reached the store (a read ahead from before one is not used), and
	// aheadUsed the opens that took a read ahead (ReadAhead).
	ahead     preread.Slot[aheadKey, *articleRead]
	changes   int
	aheadUsed int
	labels    *annotate.Labels
	// labelsKept is the user labels' order as the store keeps it
	// (MetaLabels); scanning is set while scanLabels looks for the labels
	// of the store's spans, and labelGen tells its latest run.
	labelsKept string
	scanning   bool
	labelGen   int

	// srch is the corpus search panel and the find bar (search.go).
	srch searchState
	// sg is the open article's suggestions and their tab (suggest.go).
	sg suggestUI

	// ctx ends when the window closes; bg counts the work still running off
	// the UI goroutine, so closing waits for it before the store is closed.
	ctx    context.Context
	cancel context.CancelFunc
	bg     sync.WaitGroup

	// docList is the document list and its filter (doclist/).
	docList *doclist.List

	// The open document.
	doc      *annotate.Document
	text     *annotate.Text
	openGen  int
	view     *textview.View
	title    *textview.Line
	meta     *parts.Caption
	labelBar *fyne.Container
	empty    fyne.CanvasObject
	article  fyne.CanvasObject
	spanList *spanlist.List // the article's spans (spanlist/)
	status   *status.Line
	who      *widget.Label
	textSize float32

	// addLabelBtn is the label bar's +, labelHintText its hint.
	addLabelBtn *widget.Button
	// moreLabels lists the labels the bar has no room for (labelsShown
	// are in view); labelBarBox holds the bar.
	moreLabels  *widget.Button
	labelsShown int
	// labelBarFilled: the label bar has had its first buttons, and a
	// button made from now on waits for the pointer (labelButton).
	labelBarFilled bool
	labelBarBox    *fyne.Container
	labelHintText  *parts.Caption

	mainMenu *fyne.MainMenu
	undoItem *fyne.MenuItem
	redoItem *fyne.MenuItem
	themes   map[string]*fyne.MenuItem

	// nameForm is the first-start prompt for the annotator's name, while shown.
	nameForm *nameDialog
	// th is the threads column and the current thread (threads/).
	th *threads.UI
	// rev is review mode (review/); revMenu its menu items (review.go).
	rev     *review.UI
	revMenu reviewMenuItems
	// agreeReport is the last agreement report shown (agree.go).
	agreeReport *reportView
	// listeners follow what reaches the store, early those that follow a
	// change from the change alone (changed.go).
	listeners []func(Changed)
	early     []func(Changed)
	// tm is the team folder (team.go).
	tm teamUI
	// highlightSets counts the article's highlights set (each draws the
	// article again), for the tests that hold an action to one.
	highlightSets int
	// statusHeld holds the status bar's messages (holdStatus), statusNext
	// the last of them when statusSet; statusShown counts the messages
	// shown, for the tests; statusWhole: statusNext is to be read whole
	// (setStatusWhole); statusSaid counts every message given, shown or
	// held, so a feature can tell whether its own is still the last.
	statusHeld, statusSet, statusWhole bool
	statusNext                         string
	statusShown, statusSaid            int
	// startNote is said on the status line at the start, and again once
	// the first article's "Opening…" is gone (settings.go).
	startNote string
	// kept keeps the settings in skein-settings.json (settings.go); nil on the
	// test driver.
	kept *settingsfile.File
}

// Run builds the window, shows it and returns when it is closed, after the
// work it started has stopped.
func Run(a fyne.App, opt Options) error {
	if err := checkDisplay(runtime.GOOS, os.Getenv); err != nil {
		return err
	}
	if err := phases.Start(); err != nil {
		return err
	}
	// The GL driver's frames reuse the C heap's pages rather than fault
	// them in again each frame (app/glheap); only speed depends on it.
	if err := glheap.Keep(); err != nil {
		fyne.LogError("", err)
	}
	calm(a)
	// Fyne's dialogs report favourite folders the desktop does not
	// define on the terminal, each time one opens (app/fynelog).
	fynelog.Quiet()
	// A signal while the window is built quits it once it runs (quit.go).
	sigs := sigquit.Catch()
	defer sigs.Stop()
	kept, note := keepSettings(a)
	w, err := NewWindow(a, opt)
	if err != nil {
		return err
	}
	w.settingsKept(kept, note)
	a.SetIcon(Icon)
	if path := os.Getenv("SKEIN_CPUPROFILE"); path != "" {
		stop, err := cpuProfile(path)
		if err != nil {
			return err
		}
		defer stop()
	}
	if path := os.Getenv("SKEIN_TRACE"); path != "" {
		stop, err := execTrace(path)
		if err != nil {
			return err
		}
		defer stop()
	}
	// A window's allocations are small and bursty: collecting at half the
	// default growth keeps a day-long session's footprint down for little CPU.
	debug.SetGCPercent(50)
	w.win.SetMaster()
	w.win.SetCloseIntercept(w.quit)
	w.stopServing = w.serve()
	sigs.Take()
	go w.quitOnSignals(sigs.C())
	// The first frame fits the screen (frame.FitScreenFirst), and the size
	// is put right once the window is shown, when the windowing library
	// knows the scale it draws at (frame.FitScreen).
	frame.FitScreenFirst(w.win, defaultWindowSize)
	w.win.Show()
	frame.FitScreen(w.win, defaultWindowSize)
	a.Run()
	// Fyne ended its loop itself (a signal in the instant its loop
	// started, sigquit), or there is no Exit: the work stops now, and the
	// settings' last save is waited for.
	w.stopWork()
	err = w.finish()
	w.saveSettings()
	return err
}

// finish stops serving the command line, waits for the background work
// stopWork stopped and makes the automatic backup; any goroutine.
func (w *Window) finish() error {
	if w.stopServing != nil {
		w.stopServing()
	}
	w.waitWork()
	if w.opt.Maintenance != nil && !w.opt.ReadOnly { // a read-only store's folder gets no backups folder
		if _, err := maintenance.AutoBackup(context.Background(), w.opt.Maintenance, time.Now()); err != nil {
			return err
		}
	}
	return nil
}

// execTrace writes a runtime/trace of the window's whole run to path, with
// the phases' marks (app/phases) as its logs: what the UI goroutine and the
// others did, and when, around an input (issue 18: whether the UI goroutine
// was idle until the tick that read the click, what ran before the
// handler). SKEIN_TRACE=path skein, then go tool trace path. It returns
// what stops and writes it.
func execTrace(path string) (stop func(), err error) {
	return recordRun("SKEIN_TRACE", path, trace.Start, trace.Stop)
}

// cpuProfile writes a CPU profile of the window's whole run to path, for
// finding what the UI goroutine does between an input and its frame (issue
// 18): SKEIN_CPUPROFILE=path skein, then go tool pprof path. It returns what
// stops and writes it.
func cpuProfile(path string) (stop func(), err error) {
	return recordRun("SKEIN_CPUPROFILE", path, pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// recordRun creates path and starts a recording into it (a profile, a
// trace), its errors naming env, the variable that asked for it; it
// returns what stops the recording and closes the file.
func recordRun(env, path string, start func(io.Writer) error, end func()) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", env, err)
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s %s: %w", env, path, err)
	}
	return func() {
		end()
		f.Close()
	}, nil
}

// NewWindow builds the window without running the app: the document list is
// loaded and the last article is being opened.
func NewWindow(a fyne.App, opt Options) (*Window, error) {
	if opt.Store == nil {
		return nil, errors.New("app: no store")
	}
	w := &Window{
		app: a,
		st:  opt.Store,
		opt: opt,
	}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	w.ahead.Rest, w.ahead.Go = readAheadRest, w.goBG
	w.loadLabels()

	prefs := a.Preferences()
	mode := prefs.String(prefTheme)
	a.Settings().SetTheme(&skeinTheme{mode: mode})

	docs, err := doclist.Load(w.ctx, w.st)
	if err != nil {
		w.cancel()
		return nil, err
	}
	w.docList = doclist.New(w.st, host{w}, docs)

	w.win = a.NewWindow(w.windowTitle(""))
	w.spanList = spanlist.New(w.st, host{w})
	w.th = threads.New(w.st, host{w})
	w.rev = review.New(w.st, host{w})
	w.rev.RememberSkip(w.app.Preferences().Bool(prefReviewSkip))
	w.build()
	w.buildSearch(w.th.Tabs())
	w.buildSuggestions(w.th.Tabs())
	// Each feature follows what reaches the store, in this order: the
	// rows, the article's spans (and review's items), the threads, the menus.
	// Review's decisions and the spans follow a change from the change
	// itself, review's first: the span list draws its items in review.
	w.onChanging(w.rev.Changed)
	w.onChanged(w.docList.Changed)
	w.onChanged(func(c Changed) {
		// An import may bring a colleague's layer: shown once read, if
		// View ▸ Colleagues' work is on (a team folder's arrivals name
		// theirs, colleagueArrived).
		if c.All && w.colleaguesOn && !w.tm.applying {
			w.readColleagues()
		}
	})
	w.onChanging(w.spanList.Changing)
	w.onChanged(w.spanList.Changed)
	w.onChanged(w.th.Changed)
	w.onChanged(func(Changed) { w.updateMenu() })
	// A store that knows its annotator (a window on it before, or skein
	// -user NAME team FOLDER) opens as that one and asks nothing: asking
	// with the operating system's name filled in ran the team folder, and
	// wrote a layer folder there, under a name the store never used.
	stored := w.storeUser()
	remembered, badName := w.prefName()
	w.noteSettings(badName)
	if w.startNote != "" {
		w.setStatus(w.startNote)
	}
	w.setUser(w.startUser(stored))
	w.win.SetMainMenu(w.buildMenu(mode))
	w.initTeam()
	w.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { w.importURIs(uris) })
	w.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { w.typedKey(ev, 0) })
	frame.CloseDialogOnShortcut(w.win)                          // Ctrl+W closes a dialog as Esc does, as it closes the report's window
	w.stopCover = frame.OnCover(w.win.Canvas(), w.view.HideTip) // a dialog takes the span's hover tip away
	w.win.Resize(defaultWindowSize)
	w.docList.SetShown(docs, "")
	w.scanLabels()
	w.openFirst()
	if opt.User == "" && opt.AskUser && remembered == "" && stored == "" {
		w.askName()
	}
	return w, nil
}

// serve starts serving the command line, if the options say how, and
// returns what stops it. A window that cannot serve still works: the
// command line then finds the store locked, as before.
func (w *Window) serve() (stop func()) {
	if w.opt.Serve == nil {
		return func() {}
	}
	stop, err := w.opt.Serve(ServeHooks{
		Open: func(doc string) {
			w.do(func() {
				if doc != "" {
					w.OpenDocument(doc)
				}
				w.win.RequestFocus()
			})
		},
		Changed: func() { w.do(func() { w.changed(everything) }) },
		User: func() string {
			if p := w.userShared.Load(); p != nil {
				return *p
			}
			return ""
		},
	})
	if err != nil {
		w.setStatus("The command line cannot reach this window: " + err.Error())
		return func() {}
	}
	return stop
}

// Window returns the Fyne window.
func (w *Window) Window() fyne.Window { return w.win }

// User returns the annotator whose layer the window edits.
func (w *Window) User() string { return w.user }

// ShowLayers shows other annotators' spans beside the user's own, striped
// and read-only; none hides them again. It is the hook review mode builds on.
func (w *Window) ShowLayers(annotators ...string) {
	w.others = nil
	for _, a := range annotators {
		if a != w.user && a != "" {
			w.others = append(w.others, a)
		}
	}
	w.reloadSpans()
}

// shutdown stops the background work and waits for it, so the caller may
// close the store.
func (w *Window) shutdown() {
	w.stopWork()
	w.waitWork()
}

// stopWork tells the background work to stop, on the UI goroutine.
func (w *Window) stopWork() {
	w.cancel()
	w.layoutPass.Stop()
	if w.stopCover != nil {
		w.stopCover()
	}
	if w.stopTicks != nil {
		w.stopTicks()
	}
	w.docList.Stop()
}

// waitWork waits for the background work to end, the team folder's last
// write too; any goroutine.
func (w *Window) waitWork() {
	w.bg.Wait()
	w.tm.running.Wait()
}

// goBG runs f off the UI goroutine; its results must come back through fyne.Do.
func (w *Window) goBG(f func(ctx context.Context)) {
	w.bg.Add(1)
	go func() {
		defer w.bg.Done()
		f(w.ctx)
	}()
}

// uiDo hands work from a background goroutine to the UI goroutine. Tests
// replace it with a queue they drain on their own goroutine, because the
// test driver's fyne.Do would run the work on the background goroutine.
var uiDo = fyne.Do

// do runs f on the UI goroutine unless the window has closed meanwhile.
func (w *Window) do(f func()) {
	if w.ctx.Err() != nil {
		return
	}
	uiDo(func() {
		if w.ctx.Err() == nil {
			phases.Mark("do")
			f()
		}
	})
}

// build lays out the three columns and the status bar.
func (w *Window) build() {
	// The article list is never narrower than listMinWidth: at the
	// window's smallest size it had 68 px, and every title read "…".
	left := container.New(minWidth(listMinWidth), w.docList.Build())
	centre := w.buildArticle()
	// The tabs' column is never narrower than tabsMinWidth, which is wider
	// than the least width of each of their states (a thread of one's own,
	// a colleague's, the Threads list's Mine / Everyone): the column keeps
	// its width as they change (issue 12.9), the article under the pointer.
	// Review's list, shown in their place, shares it with the article
	// where the window is narrow (columns).
	cols := &columns{review: w.rev.Active}
	right := container.New(leastWidth(cols.right), w.rev.Build(w.th.Build(w.spanList.Build())))
	if w.opt.ReadOnly {
		w.spanList.SetReadOnly()
		w.th.SetReadOnly()
	}

	w.status = status.New()
	w.who = widget.NewLabel("")
	w.who.SizeName = theme.SizeNameCaptionText
	w.who.TextStyle = fyne.TextStyle{Bold: true}
	if w.opt.ReadOnlyWhy != "" {
		w.status.SetWhole(w.readOnlyStatus())
	} else if len(w.opt.CutShort) > 0 {
		w.status.SetWhole(frame.Capital(strings.Join(w.opt.CutShort, ". ")) + ".")
	}
	statusBar := container.NewStack(
		parts.NewBackground(theme.ColorNameHeaderBackground),
		container.NewBorder(nil, nil, nil, w.who, w.status),
	)

	// The article, the thing annotated, is never narrower than
	// articleMinWidth: at the window's smallest size it had 130 px, the
	// right-hand tabs the rest (320 px).
	inner := container.NewHSplit(container.New(leastWidth(cols.article), centre), right)
	inner.Offset = 0.72
	cols.inner = inner
	outer := container.NewHSplit(left, inner)
	outer.Offset = 0.24
	w.status.OnTapped = w.showStatusWhole
	// The status bar is one line high at the smallest window, and higher
	// where the window has the room for a message to be read whole.
	bar := container.NewBorder(widget.NewSeparator(), nil, nil, nil, statusBar)
	w.win.SetContent(phases.Wrap(status.NewContent(outer, bar, w.status)))
	// The ticks' marks first: the animation ticked first marks nearest
	// the tick's start.
	w.stopTicks = phases.MarkTicks()
	// One paint an action: the layout a change needs is done before the
	// paint, not within it (issue 18).
	w.layoutPass = onepaint.Start(w.win.Canvas())
}

// articleMinWidth and tabsMinWidth are the article's and the right-hand
// tabs' columns' least widths. 323 px shows four tabs (Spans, Threads,
// Figures, Search) where the split gives the tabs less, as at the default
// window size (1200×700): at 290, Search went under ⋯ there. The window's
// smallest width is 32 px more than before the article had a least width.
// listMinWidth shows about twelve characters of an article's title in the
// list, where 68 px showed "…"; the smallest window is 655×520 with it.
const (
	articleMinWidth = 164
	tabsMinWidth    = 323
	listMinWidth    = 150
)

// Review's share of the article's and the right-hand column's width,
// and its list's least width. In review the right-hand column holds
// review's list, not the four tabs, and the article the legend of
// review's highlights: at the window's least size (655×371) the article
// had 164 px, two words a line and the legend on six, beside a list of
// 323. There the list gives the article what it can spare; where the
// window is wide enough the columns are as outside review.
const (
	reviewShare    = 0.4
	reviewMinWidth = 240
)

// columns are the least widths of the article's and the right-hand
// column, inner the split that holds them. Together they are always
// articleMinWidth+tabsMinWidth, so the window's least width is the same in
// review as outside it, and does not depend on its width now; in review
// the right-hand column's is reviewShare of the two, within reviewMinWidth
// and tabsMinWidth, and the article has the rest.
type columns struct {
	inner  *container.Split
	review func() bool
}

// right is the right-hand column's least width.
func (c *columns) right() float32 {
	if c.inner == nil || !c.review() {
		return tabsMinWidth
	}
	return min(max(c.inner.Size().Width*reviewShare, reviewMinWidth), tabsMinWidth)
}

// article is the article's column's least width.
func (c *columns) article() float32 { return articleMinWidth + tabsMinWidth - c.right() }

// leastWidth lays its objects over one another, as a stack, at least as
// wide as it says.
type leastWidth func() float32

func (l leastWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := layout.NewStackLayout().MinSize(objs)
	return fyne.NewSize(max(s.Width, l()), s.Height)
}

func (l leastWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	layout.NewStackLayout().Layout(objs, size)
}

// minWidth lays its objects over one another, as a stack, at least as
// wide as itself.
type minWidth float32

func (m minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := layout.NewStackLayout().MinSize(objs)
	return fyne.NewSize(max(s.Width, float32(m)), s.Height)
}

func (m minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	layout.NewStackLayout().Layout(objs, size)
}

// buildArticle makes the centre column: title, metadata, the label bar and
// the article itself.
func (w *Window) buildArticle() fyne.CanvasObject {
	w.view = textview.New()
	w.view.OnKey = w.typedKey
	w.view.OnSpanSelected = w.spanSelectedInText
	w.view.OnSelectionChanged = w.selectionChanged
	w.view.OnArcSelected = w.arcSelected // arclinks.go
	w.view.OnMarker = w.markerClicked
	size := w.app.Preferences().FloatWithFallback(prefTextSize, defaultTextSize)
	if size < minTextSize || size > maxTextSize {
		// An edited skein-settings.json: 100000 drew no article at all.
		w.noteSettings(fmt.Sprintf("The text size the window's settings remember (%s, field %q) is %g, not one from %d to %d: %d is used.", settingsfile.Name, prefTextSize, size, minTextSize, maxTextSize, defaultTextSize))
		size = defaultTextSize
	}
	w.textSize = float32(size)
	w.view.SetTextSize(w.textSize)

	w.title = textview.NewLine("")
	w.title.TextStyle = fyne.TextStyle{Bold: true}
	w.title.SizeName = theme.SizeNameSubHeadingText
	w.meta = parts.NewCaption("", theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	// Cut to the column, as the title is: an article's date, source and
	// length do not change the window's minimum size (which costs a paint).
	w.meta.Truncate = true

	head := container.NewVBox(
		w.title,
		container.New(layout.NewCustomPaddedLayout(0, 0, theme.Padding()*2, 0), w.meta),
		container.New(layout.NewCustomPaddedLayout(theme.Padding(), 0, theme.Padding(), 0), w.buildLabelBar()),
		w.rev.Legend(),
		widget.NewSeparator(),
	)
	w.article = container.NewBorder(head, w.findBarBox(), nil, nil,
		container.New(layout.NewCustomPaddedLayout(0, 0, theme.Padding()*2, theme.Padding()), w.view))

	msg := widget.NewLabel("No articles yet.\n\nFile ▸ Import files… or Import folder…,\nor drop files on this window.")
	msg.Alignment = fyne.TextAlignCenter
	w.empty = container.NewCenter(msg)
	w.article.Hide()
	return container.NewStack(w.empty, w.article)
}

// setUser makes name the annotator whose layer is shown and edited.
func (w *Window) setUser(name string) {
	if name == w.user {
		return
	}
	w.user = name
	w.userShared.Store(&name)
	// The store remembers who annotates in it, so `skein export` and the
	// other commands default to the same layer the window shows.
	if w.opt.ReadOnly {
		// Nothing to remember: nothing is written under the name.
	} else if err := w.st.SetMeta(MetaUser, name); err != nil {
		w.fail("remember the annotator", err)
	}
	w.who.SetText(w.whoText())
	// A layer shown beside the old user's (a colleague's thread, review) is
	// now the user's own: show it once, as theirs.
	w.others = slices.DeleteFunc(w.others, func(a string) bool { return a == name })
	w.docList.UserBecame()
	w.reloadSpans()
	w.th.UserBecame(name)
	w.updateMenu()
	if w.tm.folder != nil {
		w.startTeam("") // the folder's layer is the new user's
	}
}

// showStatusWhole shows the whole of a status message that the window
// had not the room for (a click on the status bar), in a dialog.
func (w *Window) showStatusWhole(msg string) {
	// As wide as a message dialog's text (600) where the window has the
	// room, else narrower: a dialog wider than the window grows it. The
	// text can be selected and copied (a command it names).
	width := min(600, w.win.Canvas().Size().Width*0.7)
	t := frame.NewText(frame.Shown(msg))
	t.Wrapping = fyne.TextWrapWord
	t.Resize(fyne.NewSize(width, 0))
	body := container.NewGridWrap(fyne.NewSize(width, t.MinSize().Height), t)
	frame.ShowDialog(w.win, frame.NewCustom("Status", "OK", body, w.win))
}

// setStatus shows a short message in the status bar.
func (w *Window) setStatus(msg string) { w.showStatus(msg, false) }

// setStatusWhole shows a message in the status bar that is to be read
// whole — a refusal, a failure, what to do next — on more lines, each
// ending at a word, where one line has not the room; at the window's
// smallest height, on one line cut short that a click shows whole.
func (w *Window) setStatusWhole(msg string) { w.showStatus(msg, true) }

func (w *Window) showStatus(msg string, whole bool) {
	w.statusSaid++
	if w.statusHeld {
		w.statusNext, w.statusSet, w.statusWhole = msg, true, whole
		return
	}
	w.drawStatus(msg, whole)
}

// drawStatus puts a message given on the status line.
func (w *Window) drawStatus(msg string, whole bool) {
	switch {
	case msg == w.status.Text && (whole == w.status.Whole() || !whole):
		// The same message again draws nothing; shown whole, it stays
		// so: review and the team pass say a half-copied assign.json in
		// one sentence, review's after, which cut it to one line.
	case whole:
		w.status.SetWhole(msg)
		w.statusShown++
	default:
		w.status.SetText(msg)
		w.statusShown++
	}
}

// statusText is what the status bar says, or will say once the messages
// held (holdStatus) are shown.
func (w *Window) statusText() string {
	if w.statusHeld && w.statusSet {
		return w.statusNext
	}
	return w.status.Text
}

// holdStatus holds the status bar's messages until the function it returns
// is called, which shows the last of them. A label key says two things in
// its frame when the articles that report the selection were found before
// it (the span added, then those articles): Fyne shapes the status line's
// whole text to cut it with an ellipsis, and did so twice (issue 18: 0.3
// ms of the UI goroutine's each time).
func (w *Window) holdStatus() (show func()) {
	if w.statusHeld {
		return func() {}
	}
	w.statusHeld, w.statusSet = true, false
	return func() {
		w.statusHeld = false
		if w.statusSet {
			w.drawStatus(w.statusNext, w.statusWhole)
		}
	}
}

// fail reports an error that stopped an action, in the status bar: the
// researcher keeps working, and the store still holds everything that
// reached the screen.
func (w *Window) fail(what string, err error) {
	// A full disk is said as the store says it, without the store's own
	// wrapping: 'could not add claim: apply "add claim": disk full: …'
	// named the action twice, the second time in the store's words.
	var full *store.SpaceError
	if errors.As(err, &full) {
		err = full
	}
	fyne.LogError(what, err)
	if readOnlyError(err) {
		w.setStatusWhole(w.readOnlyStatus())
		return
	}
	w.setStatusWhole(what + ": " + err.Error())
}

// openFirst opens the document `skein open ID` named, at the start, else
// the one the researcher last had open, or the first. An article open now
// (one just deleted) is closed first, so it stays closed when none is left.
func (w *Window) openFirst() {
	if w.doc != nil {
		w.closeDocument()
	}
	if id := w.opt.Open; id != "" {
		w.opt.Open = ""
		if _, ok := w.docList.RowOf(id); ok {
			w.OpenDocument(id)
			return
		}
	}
	last := w.lastDocID()
	if _, ok := w.docList.RowOf(last); ok {
		w.OpenDocument(last)
		return
	}
	if docs := w.docList.Docs(); len(docs) > 0 {
		w.OpenDocument(docs[0].ID)
	}
}

// openWait is how long opening an article waits on the UI goroutine for it
// to load. One that loads within it is shown in the click's own event, so
// the row's highlight and the article reach the screen in one frame;
// handing every load back through fyne.Do painted the window once with
// "Opening…" in the status bar and then again with the article (issue 18,
// measured by app/e2e BenchmarkLatency). 100 ms, the open's own goal: 50
// was too short for the 300 KB article on a loaded machine. A slower load
// (a cold disk) still comes back through fyne.Do and shows "Opening…"
// meanwhile.
const openWait = 100 * time.Millisecond

// OpenDocument loads a document off the UI goroutine and shows it with the
// spans of the shown layers, waiting up to openWait for it. What was read
// ahead of it (ReadAhead) is taken instead of reading it again, unless
// anything reached the store since.
func (w *Window) OpenDocument(id string) {
	w.openGen++
	gen := w.openGen
	user, others, rev := w.user, w.shownLayers(), w.rev.Session()
	ahead, _ := w.ahead.Take(w.aheadKey(id))
	if ahead != nil {
		w.aheadUsed++
	}
	sugg, suggAhead := w.gatherSuggestions(rev)
	w.goWait(func(ctx context.Context) func() {
		return w.loadDocument(ctx, id, user, others, rev, gen, sugg, suggAhead, ahead)
	}, func() { w.setStatus(statusOpening) })
}

// readAheadRest is how long the pointer rests on (or the keyboard
// highlights) an article's row before the article is read ahead of its
// open: a pointer sweeping over the list reads nothing. A hand takes
// longer than that from coming to rest on a row to releasing its click.
const readAheadRest = 60 * time.Millisecond

// aheadKey is what a read ahead of article id depends on: the user, the
// layers shown and the changes that reached the store so far.
type aheadKey struct {
	doc, user, others string
	changes           int
}

func (w *Window) aheadKey(id string) aheadKey {
	return aheadKey{id, w.user, strings.Join(w.shownLayers(), "\x00"), w.changes}
}

// ReadAhead reads article id from the store, off the UI goroutine, once
// the pointer has rested on its row, so that its open finds it read
// (issue 18). The article open already is not read again.
func (w *Window) ReadAhead(id string) {
	if w.doc != nil && w.doc.ID == id {
		return
	}
	user, others := w.user, w.shownLayers()
	sugg := w.gatherAhead()
	w.ahead.Ahead(w.aheadKey(id), func(ctx context.Context) *articleRead {
		a := readArticle(w.st, id, user, others, nil)
		if sugg != nil && a.err == nil && a.spErr == nil {
			a.sugg = sugg(ctx, a.d, a.spans)
		}
		return a
	})
}

// articleRead is what opening an article reads from the store: the
// article, its text and words, its spans in the shown layers and its
// threads.
type articleRead struct {
	d     *annotate.Document
	err   error // reading d
	t     *annotate.Text
	words *annotate.Words
	spans []*annotate.Span
	spErr error // reading the spans
	ths   []*annotate.Thread
	thErr error
	sugg  *suggestionsAhead // its suggestions, gathered with a read ahead
}

// readArticle reads article id for user, with the other layers; read is
// called with the article as soon as it is read, before its spans.
func readArticle(st Store, id, user string, others []string, read func(*annotate.Document)) *articleRead {
	a := &articleRead{}
	if a.d, a.err = st.Document(id); a.err != nil {
		return a
	}
	if read != nil {
		read(a.d)
	}
	a.t = annotate.NewText(a.d.Text)
	a.words = annotate.NewWords(a.t)
	a.spans, a.spErr = spanlist.Read(st, id, user, others)
	// The links, so that the first frame draws their arcs (arclinks.go),
	// given to the threads so that they do not read them again; a failure
	// is the threads' own read's to report (nothing given, they read).
	a.ths, a.thErr = st.ThreadsOfDoc(id)
	return a
}

// goWait runs load off the UI goroutine and waits up to openWait for it,
// then runs what it returns on the UI goroutine: within the calling event
// if it came in time, so what it shows reaches the screen in the same frame
// as the input's own feedback; through fyne.Do otherwise, after slow has
// run (it says the load is under way).
func (w *Window) goWait(load func(context.Context) func(), slow func()) {
	var (
		mu     sync.Mutex
		late   bool                   // the UI goroutine stopped waiting
		loaded = make(chan func(), 1) // the showing, if it did not
	)
	w.goBG(func(ctx context.Context) {
		show := load(ctx)
		phases.Mark("loaded")
		mu.Lock()
		defer mu.Unlock()
		if late {
			w.do(show)
			return
		}
		loaded <- show
	})
	timer := time.NewTimer(openWait)
	defer timer.Stop()
	select {
	case show := <-loaded:
		show()
		return
	case <-timer.C:
	}
	mu.Lock()
	defer mu.Unlock()
	select {
	case show := <-loaded: // it came as the wait ended
		show()
	default:
		late = true
		if slow != nil {
			slow()
		}
	}
}

// loadDocument reads document id with its spans (and, in review, its
// decisions) and gathers its suggestions (sugg), off the UI goroutine,
// and returns what shows them all at once, to run on the UI goroutine:
// nothing if another article was opened meanwhile.
func (w *Window) loadDocument(ctx context.Context, id, user string, others []string, rev *review.Session, gen int,
	sugg func(context.Context, *annotate.Document) func([]*annotate.Span) func() bool,
	suggAhead func(*annotate.Document, *suggestionsAhead) func() bool, ahead func() *articleRead) func() {
	gathered := make(chan func([]*annotate.Span) func() bool, 1) // on the other core meanwhile
	gather := func(d *annotate.Document) { go func() { gathered <- sugg(ctx, d) }() }
	var a *articleRead
	var put func() bool // the suggestions gathered with the read ahead
	if ahead != nil {
		if a = ahead(); a.err == nil {
			if put = suggAhead(a.d, a.sugg); put == nil {
				gather(a.d)
			}
		}
	} else {
		a = readArticle(w.st, id, user, others, gather)
	}
	phases.Mark("open: read")
	if a.err != nil {
		err := a.err
		return func() { w.fail("open "+id, err) }
	}
	d, t, words, spans, err := a.d, a.t, a.words, a.spans, a.spErr
	var pre *review.Prepared
	if err == nil {
		pre, err = rev.LineUp(id, spans)
	}
	ths, thDoc := a.ths, id
	if a.thErr != nil {
		thDoc = ""
	}
	// The user's spans, as showDocument's ownSpans will give them, for
	// the suggestions to be filtered here rather than before the frame.
	var own []*annotate.Span
	if err == nil {
		own = ownOf(spans, user)
	}
	// Filtered on the other core while the UI goroutine shows the article;
	// showDocument joins it before the spans and suggestions are drawn,
	// within the same event (one screen change). Those gathered with the
	// read ahead are ready.
	putReady := make(chan func() bool, 1)
	if put != nil {
		putReady <- put
	} else {
		go func() {
			put := (<-gathered)(own)
			phases.Mark("open: suggestions filtered")
			putReady <- put
		}()
	}
	putSugg := func() bool { return (<-putReady)() }
	return func() {
		phases.Mark("open: show")
		if gen != w.openGen {
			return // the researcher opened another one meanwhile
		}
		if err != nil {
			w.fail("read spans of "+annotate.ShownTitle(d.Title, d.Text), err)
		}
		w.rev.Keep(rev, pre)
		w.th.SetDocThreads(thDoc, ths)
		w.th.SetDocEnds(d.ID, t, spans)
		phases.Mark("open: threads given")
		w.showDocument(d, t, words, spans, putSugg)
		phases.Mark("open: shown")
	}
}

// showDocument puts a loaded document on screen with its suggestions
// (putSugg puts them in place).
//
// The article's lines are laid out once, at the end (textview Hold): the
// new text, its highlights, and the span a thread member opened selected
// in it (th.DocShown) each laid out the lines in view again, three times
// for a next member's handler and twice for an open (issue 18).
func (w *Window) showDocument(d *annotate.Document, t *annotate.Text, words *annotate.Words, spans []*annotate.Span, putSugg func() bool) {
	defer w.view.Hold()()
	w.doc, w.text = d, t
	w.spanList.Set(spans)
	phases.Mark("open: span list set")
	// The suggestions, still being filtered on the other core, are put in
	// place when they are first drawn (refreshSpans, through
	// suggestionHighlights' join); the text is laid out meanwhile.
	w.sg.putLater(putSugg)
	w.view.SetDocument(t, words)
	phases.Mark("open: text set")
	w.empty.Hide()
	w.article.Show()
	if title := annotate.ShownTitle(d.Title, d.Text); w.title.Text != title {
		w.title.SetText(title) // laid out again only when it changed
		w.win.SetTitle(w.windowTitle(title))
	}
	w.rememberOpen(d.ID)
	w.refreshHead()
	w.refreshSpans()
	w.sg.join() // in review the spans draw no suggestions: put in place all the same
	phases.Mark("open: spans refreshed")
	w.docList.SelectOpen()
	phases.Mark("open: list row selected")
	w.focusView()
	w.th.DocShown() // after focusView: a member opened from the thread view takes the keyboard back
	phases.Mark("open: threads shown")
	w.searchDocShown()
	if w.statusText() == statusOpening {
		w.setStatus(w.startNote) // an undo's message stays
	}
	w.startNote = ""
}

// MetaLastDoc is the store setting holding the article opened last, the
// one the window opens at its next start. Each store keeps its own.
const MetaLastDoc = "lastdoc"

// rememberOpen keeps article id as the one to open at the next start. It is
// a store setting, written off the UI goroutine: one small commit, synced
// with the store's log like any change. Fyne's preferences file, which kept
// it before, is rewritten whole and fsynced within SetString: in the open's
// handler that fsync came before the frame, and written later on the UI
// goroutine it blocked a key pressed meanwhile and held up the store's own
// sync behind the file system's journal (issue 18: a label key's write took
// 30–36 ms instead of 2–5 in BenchmarkLatency). Writes that overtake each
// other are dropped: the one of the latest open wins.
func (w *Window) rememberOpen(id string) {
	if w.opt.ReadOnly {
		return // the next start opens the first article, or the one last read where it was written
	}
	w.lastDocGen++
	gen := w.lastDocGen
	w.goBG(func(context.Context) {
		w.lastDocMu.Lock()
		defer w.lastDocMu.Unlock()
		if gen <= w.lastDocKept {
			return
		}
		if err := w.st.SetMeta(MetaLastDoc, id); err != nil {
			fyne.LogError("keep the article opened last", err)
			return
		}
		w.lastDocKept = gen
	})
}

// lastDocID is the article the window opened last in this store, or, for a
// store that never kept one, the one Fyne's preferences kept (skein before
// the setting).
func (w *Window) lastDocID() string {
	if id, ok, err := w.st.Meta(MetaLastDoc); err == nil && ok {
		return id
	}
	return w.app.Preferences().String(prefLastDoc)
}

// closeDocument takes the open document off the screen, as when it was
// deleted: nothing can be labelled in an article that is gone.
func (w *Window) closeDocument() {
	w.openGen++ // a load still running is not shown
	w.doc, w.text = nil, nil
	w.spanList.Set(nil)
	w.article.Hide()
	w.empty.Show()
	w.title.SetText("") // hidden; an article opened again sets both titles
	w.win.SetTitle(w.windowTitle(""))
}

// refreshHead rewrites the line under the title.
func (w *Window) refreshHead() {
	if w.doc == nil {
		return
	}
	var parts []string
	if w.doc.Date != "" {
		parts = append(parts, w.doc.Date)
	}
	if w.doc.Source != "" {
		parts = append(parts, w.doc.Source)
	}
	parts = append(parts, frame.CountThousands(w.text.Len(), "character"))
	// In review, where the column cannot hold the line, what the review
	// stands at is drawn whole, or as the rows say it, the rest left out:
	// at the window's least size the line was cut before it.
	var shorter []string
	if p := w.rev.Head(); p != "" {
		parts = append(parts, p)
		long, short := w.rev.RowProgress(w.doc.ID)
		shorter = []string{p, long, short}
	}
	if w.docList.State(w.doc.ID).Done {
		parts = append(parts, "✓ done")
	}
	w.meta.SetText(strings.Join(parts, "  ·  "), shorter...)
}

// focusView gives the keyboard to the article, so the label keys, Delete
// and Esc act.
func (w *Window) focusView() {
	f, ok := any(w.view).(fyne.Focusable)
	if !ok || !w.article.Visible() {
		return
	}
	// Already focused (a ] jump, an open from the article), Focus would
	// change nothing, but first walk the window's tree to find the view
	// in it, asking every widget for its objects: a fifth of a ] jump's
	// handler in BenchmarkThreadNextMember's profile, twice a jump.
	if w.win.Canvas().Focused() == f {
		return
	}
	w.win.Canvas().Focus(f)
}
