package team

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// RunOptions tune Run; the zero value is what the window uses.
type RunOptions struct {
	// Debounce is how long Run waits after a change before writing, so a
	// burst of key presses is one write (default 400 ms).
	Debounce time.Duration
	// Settle is how long Run waits after the folder's last event before
	// reading, so a file arriving in pieces is read once (default 200 ms).
	Settle time.Duration
	// Rescan is how often the folder is read without an event, for file
	// systems that send none: by default 10 s while the folder is watched,
	// and every FastRescan where it cannot be watched, is on a network
	// file system (which tells nothing of what other machines write), or
	// once a rescan found work that no event announced — so work still
	// arrives within 2 s there too.
	Rescan time.Duration

	// deaf drops every event, as a network drive does for what other
	// machines write there, and slow replaces the 10 s of a watched
	// folder: what tests of the detection need.
	deaf bool
	slow time.Duration
}

// FastRescan is how often a folder that sends no events is read.
const FastRescan = time.Second

// Changed tells a running engine that the user's work changed on the
// documents docs (none: anywhere): it writes the own layer after the
// debounce, reading only those documents' layer files. It never blocks.
func (e *Engine) Changed(docs ...string) {
	e.hintMu.Lock()
	if len(docs) == 0 {
		e.hintAll = true
	}
	if e.hints == nil {
		e.hints = map[string]bool{}
	}
	for _, d := range docs {
		e.hints[d] = true
	}
	e.hintMu.Unlock()
	select {
	case e.dirty <- struct{}{}:
	default:
	}
}

// Run keeps the store and the folder in step until ctx ends: it writes
// after Changed, and reads when the folder's files change (fsnotify) or
// every Rescan. report gets the first pass and every later one that wrote,
// read or refused something, on Run's goroutine: the window hands it to the UI with fyne.Do.
func (e *Engine) Run(ctx context.Context, opt RunOptions, report func(*Report, error)) {
	if opt.Debounce <= 0 {
		opt.Debounce = 400 * time.Millisecond
	}
	if opt.Settle <= 0 {
		opt.Settle = 200 * time.Millisecond
	}
	w, err := fsnotify.NewWatcher()
	if err == nil {
		// A folder not there yet (OpenLater) is watched once it is back,
		// as one that went while the window ran.
		if err = e.watchTree(w); err != nil && !errors.Is(folderThere(e.dir), ErrFolderGone) {
			w.Close()
			w = nil
		}
	}
	if w != nil {
		defer w.Close()
	}
	auto := opt.Rescan <= 0
	if auto {
		opt.Rescan = 10 * time.Second
		if opt.slow > 0 {
			opt.Rescan = opt.slow
		}
		if w == nil || remoteFS(e.dir) {
			opt.Rescan, auto = FastRescan, false
		}
	}
	polled := !auto && opt.Rescan <= FastRescan
	// heard: an event came since the last read, so what the read finds
	// was announced.
	heard := false
	var events <-chan fsnotify.Event
	var errs <-chan error
	if w != nil && !opt.deaf {
		events, errs = w.Events, w.Errors
	}
	rescan := time.NewTicker(opt.Rescan)
	defer rescan.Stop()
	never := make(<-chan time.Time)
	publishAt, pullAt := never, never
	lastRefused := 0
	var lastCopies []string   // the conflicted copies told of last
	var lastWithheld []string // the missing deletion files told of last
	// lastTwins: the copies of the user's layer told of last; a pass that
	// finds the same is quiet about them.
	var lastTwins []Twin
	var lastHeld []string // the own files held back, told of last
	// failed is the trouble told of last, of writes ("write") and of
	// reads ("read"): the same again is not told at every read of the
	// folder (a folder whose disk is out said so every 10 s, or every
	// second), and the first pass of that kind without it is told, so the
	// window says the folder is fine again. unwrote: the last write
	// failed; it is tried again at each rescan, as no later change may
	// come to ask for it.
	failed := map[string]string{}
	// goneSaid: which of failed's errors were the folder not there.
	goneSaid := map[string]bool{}
	// stale: which of failed's are a "not there" a pass of the other kind
	// has since found untrue (the folder there).
	stale := map[string]bool{}
	unwrote := false
	// away is the nearest folder above the team folder that is there,
	// watched while the folder is not (moved away, its disk out), so that
	// the folder coming back, or a folder on the way to it, is read at
	// once rather than at the next rescan (10 s); "" while the folder is
	// there. Its other events are passed over unread: one folder's, and
	// no read for them.
	away := ""
	followAway := func(err error) {
		up := ""
		if w != nil && errors.Is(err, ErrFolderGone) {
			up = nearestAbove(e.dir)
		}
		if up == away {
			return
		}
		if away != "" {
			_ = w.Remove(away)
		}
		away = ""
		if up != "" && w.Add(up) == nil {
			away = up
			if nearestAbove(e.dir) != up {
				pullAt = time.After(opt.Settle) // came nearer while the watch was added
			}
		}
	}
	pass := func(kind string, rep *Report, err error) {
		rep.Polled = polled
		held := rep.Published && !slices.Equal(rep.Unwritten, lastHeld)
		if err != nil {
			// A write's and a read's may be the same. Told already, it
			// is reported again only with what the pass read in before
			// it (a read cut short by the folder moving away as it came
			// back): that is in the store, and the window shows it.
			rep.Again = err.Error() == failed["write"] && !stale["write"] || err.Error() == failed["read"] && !stale["read"]
			if !rep.Again || rep.readIn() {
				report(rep, err)
			}
			failed[kind], stale[kind] = err.Error(), false
			if errors.Is(err, ErrFolderGone) {
				goneSaid[err.Error()] = true
			}
			return
		}
		// A pass that did its work found the folder there: the other
		// kind's "not there" is no longer one told. Taken for one, the
		// folder going away again was not said (a write's pass said it
		// back, then it went away before the next read). failed itself
		// stays until that kind's own pass: a read's tells it that what
		// it finds came with the folder back, unannounced by any event.
		for k, v := range failed {
			if k != kind && goneSaid[v] {
				stale[k] = true
			}
		}
		stale[kind] = false
		if failed[kind] != "" {
			delete(failed, kind)
			report(rep, nil)
		} else if len(rep.Written) > 0 || len(rep.Arrived) > 0 || len(rep.Left) > 0 || rep.DocsAdded > 0 || rep.Articles > 0 || len(rep.Healed) > 0 || rep.Assignment || (rep.Pulled && (len(rep.Refused) != lastRefused || !slices.Equal(rep.Copies, lastCopies) || !slices.Equal(rep.Withheld, lastWithheld))) || !slices.Equal(rep.Twins, lastTwins) || held {
			report(rep, err)
		}
		if err == nil {
			lastTwins = rep.Twins
			if rep.Pulled {
				lastRefused, lastCopies, lastWithheld = len(rep.Refused), rep.Copies, rep.Withheld
			}
			if rep.Published {
				lastHeld = rep.Unwritten
			}
		}
	}
	// The first pass does both, work done while the window was closed, and
	// is always reported: the caller learns the folder's state.
	rep, err := e.Sync(ctx)
	rep.Polled = polled
	report(rep, err)
	if err == nil {
		lastRefused, lastTwins, lastHeld, lastCopies, lastWithheld = len(rep.Refused), rep.Twins, rep.Unwritten, rep.Copies, rep.Withheld
	} else {
		failed["write"], failed["read"], unwrote = err.Error(), err.Error(), true
		if errors.Is(err, ErrFolderGone) {
			goneSaid[err.Error()] = true
		}
	}
	if err == nil && e.awaitsGone() {
		pullAt = time.After(decisionsGoneWait) // as after a read, below
	}
	followAway(err)
	for {
		select {
		case <-ctx.Done():
			// Work done in the last moments is written before Run returns.
			if publishAt != never {
				rep, err := e.Publish(context.WithoutCancel(ctx))
				pass("write", rep, err)
			}
			return
		case <-e.dirty:
			publishAt = time.After(opt.Debounce)
		case <-publishAt:
			publishAt = never
			rep, err := e.Publish(ctx)
			unwrote = err != nil
			pass("write", rep, err)
			followAway(err)
		case ev := <-events:
			if ev.Name != e.dir && !strings.HasPrefix(ev.Name, e.dir+string(filepath.Separator)) {
				// In the folder watched above it while it is away: read
				// only when a folder on the way to it came.
				if strings.HasPrefix(e.dir, ev.Name+string(filepath.Separator)) {
					pullAt = time.After(opt.Settle)
				}
				continue
			}
			if e.ownEvent(ev.Name) {
				continue
			}
			e.noteArticle(ev.Name)
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					e.watchTree(w) // a new colleague or machine
				}
			}
			heard = true
			pullAt = time.After(opt.Settle)
		case <-errs:
			pullAt = time.After(opt.Settle) // events lost: read the folder
		case <-rescan.C:
			if pullAt == never {
				pullAt = time.After(0)
			}
			if publishAt == never && (unwrote || e.retryHeld()) {
				publishAt = time.After(0) // the write that failed, or the held-back files, repaired since?
			}
		case <-pullAt:
			pullAt = never
			// What a read finds once the folder is back is no sign that
			// it reports nothing.
			announced := heard || failed["read"] != "" || away != ""
			heard = false
			if w != nil && (failed["read"] != "" || away != "" || e.replaced()) {
				// The folder may be back, its watches gone with it: watch
				// it again before reading it, so that what a colleague
				// writes while it is read is heard (watched only after the
				// read, such a file waited for the next rescan and was
				// taken for work that arrived unannounced).
				e.watchTree(w)
			}
			rep, err := e.Pull(ctx)
			if auto && err == nil && !announced && (len(rep.Arrived) > 0 || rep.DocsAdded > 0) {
				// Work arrived that no event announced: this folder does
				// not report everything (a network drive where another
				// machine wrote). Read it often from now on.
				rescan.Reset(FastRescan)
				auto, polled = false, true
			}
			pass("read", rep, err)
			followAway(err)
			if err == nil && unwrote && publishAt == never {
				publishAt = time.After(0) // the folder back: what was done meanwhile
			}
			if err == nil && e.awaitsGone() {
				// A decisions file gone: read again once the wait is
				// over, not at the next rescan (10 s).
				pullAt = time.After(decisionsGoneWait)
			}
		}
	}
}

// awaitsGone says whether a colleague's decisions file was found gone, or
// lacking decisions it may have been cut before, lately and awaits its
// second read (readDecisions). One found gone long
// ago (its whole folder gone or refused since, so that no read comes to
// it) has the folder read at the rescan, as before.
func (e *Engine) awaitsGone() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	now, boot := goneClock().UnixNano(), bootClock()
	for _, f := range e.state.Files {
		if f.GoneAt != 0 && !waited(2*decisionsGoneWait, f.GoneAt, f.GoneBoot, now, boot) {
			return true
		}
		if f.Cut != nil && !waited(2*decisionsGoneWait, f.Cut.At, f.Cut.Boot, now, boot) {
			return true // a read that may be cut (cutdecisions.go)
		}
	}
	return e.awaitsLeft(now) // a colleague's folder gone (left.go)
}

// nearestAbove is the nearest folder above dir that is there, where dir
// is not; "" where dir is there (watched as the team folder itself) or
// nothing above it is.
func nearestAbove(dir string) string {
	if _, err := os.Stat(dir); err == nil {
		return ""
	}
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return p
		}
		if filepath.Dir(p) == p {
			return ""
		}
	}
}

// replaced says whether the team folder there now is not the one watched:
// a copy put back in its place while the read after its going found it
// there again, or the folder swapped whole. Its watches stayed on the old
// one, and colleagues' work in it came only at the rescans.
func (e *Engine) replaced() bool {
	fi, err := os.Stat(e.dir)
	return err == nil && (e.watched == nil || !os.SameFile(fi, e.watched))
}

// ownEvent: what this engine writes itself needs no reading.
func (e *Engine) ownEvent(path string) bool {
	own := e.ownDir() + string(filepath.Separator)
	return strings.HasPrefix(path, own) || strings.HasPrefix(filepath.Base(path), e.tempPrefix())
}

// watchTree watches the folder, articles/, layers/ and every annotator's
// and machine's folder below it (fsnotify is not recursive).
func (e *Engine) watchTree(w *fsnotify.Watcher) error {
	fi, _ := os.Stat(e.dir)
	if e.watched != nil && (fi == nil || !os.SameFile(fi, e.watched)) {
		// Another folder in its place (a copy put back): the watches of
		// the one that was there are dropped, or the kernel kept them,
		// one set for each folder moved aside.
		for _, p := range w.WatchList() {
			if p == e.dir || strings.HasPrefix(p, e.dir+string(filepath.Separator)) {
				_ = w.Remove(p)
			}
		}
	}
	e.watched = fi
	// The folder itself must be watched; a subfolder that cannot be is
	// still read by the rescan.
	if err := w.Add(e.dir); err != nil {
		return err
	}
	add := func(p string) { _ = w.Add(p) }
	add(filepath.Join(e.dir, "articles"))
	root := filepath.Join(e.dir, "layers")
	add(root)
	anns, _ := os.ReadDir(root)
	for _, a := range anns {
		if !a.IsDir() || strings.HasPrefix(a.Name(), ".") {
			continue
		}
		add(filepath.Join(root, a.Name()))
		ms, _ := os.ReadDir(filepath.Join(root, a.Name()))
		for _, m := range ms {
			if m.IsDir() && !strings.HasPrefix(m.Name(), ".") {
				add(filepath.Join(root, a.Name(), m.Name()))
			}
		}
	}
	return nil
}
