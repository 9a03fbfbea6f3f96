// Package maintenance is the window's care of the store: Help ▸ Check
// store… with its progress bar, File ▸ Back up… and Restore…, and the
// automatic backup when the window closes (at most one a day, the last 7,
// in the store's backups folder). The policy is plain functions, tested
// without a window; the dialogs only call them.
package maintenance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/savefile"
	"github.com/skein-news/skein/store"
)

// Store is what maintenance needs of the open store. *store.Store
// satisfies it.
type Store interface {
	Check(ctx context.Context, progress func(done, total int)) (*store.CheckReport, error)
	BackupFile(ctx context.Context, path string) (int64, error)
	Dir() string
}

var _ Store = (*store.Store)(nil)

// RestoreFunc restores the backup at path into a new store in dir
// (store.Restore).
type RestoreFunc func(ctx context.Context, dir, path string) (*store.CheckReport, error)

// Automatic backups: their folder inside the store's, how many are kept,
// and how their files are named (the day, so names sort by age).
const (
	BackupFolder = "backups"
	KeepBackups  = 7
	backupExt    = ".skein-backup"
	dayLayout    = "2006-01-02"
)

// BackupDir is where the automatic backups of the store in dir live.
func BackupDir(dir string) string { return filepath.Join(dir, BackupFolder) }

// backups lists the automatic backups in folder, oldest first.
func backups(folder string) ([]string, error) {
	entries, err := os.ReadDir(folder)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		day, ok := strings.CutSuffix(name, backupExt)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if _, err := time.Parse(dayLayout, day); err == nil {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// AutoBackup backs st up into its backups folder unless a backup was made
// there today, then deletes all but the newest KeepBackups. It returns the
// file written, or "" when none was due.
func AutoBackup(ctx context.Context, st Store, now time.Time) (string, error) {
	if st.Dir() == "" {
		return "", nil // in memory
	}
	folder := BackupDir(st.Dir())
	name := now.Format(dayLayout) + backupExt
	have, err := backups(folder)
	if err != nil {
		return "", fmt.Errorf("automatic backup: %w", err)
	}
	for _, h := range have {
		if h == name {
			return "", nil
		}
	}
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return "", fmt.Errorf("automatic backup: %w", err)
	}
	path := filepath.Join(folder, name)
	if _, err := st.BackupFile(ctx, path); err != nil {
		return "", fmt.Errorf("automatic backup: %w", err)
	}
	have = append(have, name)
	sort.Strings(have)
	for len(have) > KeepBackups {
		if err := os.Remove(filepath.Join(folder, have[0])); err != nil {
			return path, fmt.Errorf("automatic backup: removing the oldest: %w", err)
		}
		have = have[1:]
	}
	return path, nil
}

// Backup backs st up to path and says so, for a person.
func Backup(ctx context.Context, st Store, path string) (string, error) {
	n, err := st.BackupFile(ctx, path)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Backed up the store to %s (%s).", path, annotate.Size(n)), nil
}

// Restore restores the backup at path into the new or empty folder dir and
// says what came of it, for a person.
func Restore(ctx context.Context, restore RestoreFunc, dir, path string) (string, error) {
	rep, err := restore(ctx, dir, path)
	if err != nil {
		return "", err
	}
	msg := fmt.Sprintf("Restored %s into %s: %s.\n\nTo work on it, quit and start skein -store %s", filepath.Base(path), dir, rep, annotate.ShellWord(dir))
	if !rep.Sound() {
		msg = fmt.Sprintf("Restored %s into %s, but the backup holds damage:\n\n%s", filepath.Base(path), dir, rep.Lines())
	}
	return msg, nil
}

// CheckView is the Check store dialog's content: a progress bar while the
// check runs, then what it found.
type CheckView struct {
	Bar    *widget.ProgressBar
	Result *widget.Label
	// Done is closed when the check has finished and Result shows it.
	Done chan struct{}
	box  *fyne.Container
	st   Store
}

// NewCheckView makes the view of a check of st; Start starts it.
func NewCheckView(st Store) *CheckView {
	v := &CheckView{
		Bar:    widget.NewProgressBar(),
		Result: widget.NewLabel("Reading every record of the store…"),
		Done:   make(chan struct{}),
	}
	v.Result.Wrapping = fyne.TextWrapWord
	v.box = container.NewBorder(container.NewVBox(v.Bar), nil, nil, nil, container.NewVScroll(v.Result))
	v.st = st
	return v
}

// Runner runs the check as a window's background work: Go runs f off the
// UI goroutine, and the window waits for it before it closes the store; Do
// hands its results back to the UI goroutine unless the window has closed.
// frame.Host satisfies it.
type Runner interface {
	Go(f func(ctx context.Context))
	Do(f func())
}

// Start runs the check as h's background work, reporting through h.Do;
// ctx stops it, and so does the window's closing (the context h.Go gives).
func (v *CheckView) Start(ctx context.Context, h Runner) {
	st := v.st
	h.Go(func(wctx context.Context) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(wctx, cancel)()
		rep, err := st.Check(ctx, func(done, total int) {
			h.Do(func() {
				if total > 0 {
					v.Bar.SetValue(float64(done) / float64(total))
				}
			})
		})
		h.Do(func() {
			defer close(v.Done)
			switch {
			case err != nil:
				v.Result.SetText("The check could not run: " + err.Error())
			case rep.Sound():
				v.Bar.SetValue(1)
				v.Result.SetText(frame.Capital(rep.String()) + ".")
			case rep.OnlyTimes():
				v.Bar.SetValue(1)
				v.Result.SetText(frame.Capital(rep.String()) + ":\n\n" + strings.Join(rep.Times, "\n") +
					"\n\nThe command skein check -repair-times sets them to sane times; nothing else is damaged.")
			default:
				v.Bar.SetValue(1)
				v.Result.SetText(frame.Capital(rep.String()) + ":\n\n" + strings.Join(append(rep.Problems, rep.Times...), "\n") +
					"\n\nRestore a backup with File ▸ Restore… (automatic ones are in " + BackupDir(st.Dir()) + ").")
			}
		})
	})
}

// Content is the view to put in a dialog.
func (v *CheckView) Content() fyne.CanvasObject { return v.box }

// ShowCheck shows Help ▸ Check store…; closing the dialog (Close, Escape;
// Enter only once the report is in) stops the check,
// and so does closing the window, which waits for it before it closes the
// store (the check is the window's background work, h.Go; its progress and
// report come back through h.Do).
func ShowCheck(st Store, h frame.Host) {
	win := h.Window()
	ctx, cancel := context.WithCancel(context.Background())
	v := NewCheckView(st)
	d := frame.NewCustom("Check store", "Close", v.Content(), win)
	d.SetOnClosed(cancel)
	// Enter closes the report, never the check under way: an Enter meant
	// for something else stopped it.
	d.KeepOnEnterWhile(func() bool {
		select {
		case <-v.Done:
			return false
		default:
			return true
		}
	})
	d.Resize(fyne.NewSize(560, 360))
	frame.ShowDialog(win, d)
	v.Start(ctx, h)
}

// ShowBackup shows File ▸ Back up…: a file to write (skein's save dialog,
// where a typed absolute path is honoured), then the backup, as the
// window's background work (h.Go): the window waits for it before it
// closes the store, which a backup still reading it would have had closed
// under it, and its report comes back through h.Do.
func ShowBackup(st Store, h frame.Host) {
	win := h.Window()
	savefile.Show(win, savefile.Options{ // opens on the home folder
		Title:   "Back up the store",
		Confirm: "Back up",
		Name:    time.Now().Format(dayLayout) + backupExt,
		Store:   st.Dir(),
	}, func(path string) {
		h.Go(func(context.Context) { // BackupFile writes beside path and renames over it
			// Not the window's context: a backup asked for is finished
			// (in seconds) even when the window is closed meanwhile.
			msg, err := Backup(context.Background(), st, path)
			h.Do(func() { report("Back up", msg, err, win) })
		})
	})
}

// ShowRestore shows File ▸ Restore…: a backup file, then a new or empty
// folder to restore it into (the open store is left as it is), then the
// restore as the window's background work (RestoreInto).
func ShowRestore(restore RestoreFunc, h frame.Host) {
	win := h.Window()
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if cancelled(err, r == nil, win) {
			return
		}
		path := r.URI().Path()
		r.Close()
		f := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if cancelled(err, dir == nil, win) {
				return
			}
			RestoreInto(h, restore, dir.Path(), path)
		}, win)
		f.SetTitleText("Restore into a new or empty folder")
		f.SetConfirmText("Restore here")
		frame.ShowDialog(win, f)
		f.Resize(dialogSize(win))
	}, win)
	// Fyne's "Choose File" said nothing of what to choose, nor that a
	// folder is asked for next.
	d.SetTitleText("Restore: choose a backup file (a folder to restore it into comes next)")
	d.SetConfirmText("Choose")
	frame.ShowDialog(win, d)
	d.Resize(dialogSize(win))
}

// RestoreInto restores the backup at path into dir as the window's
// background work (h.Go), its report handed back through h.Do: the window
// waits for it before it closes, so a restore asked for is finished (a
// restore cut short by the program's exit left its half-loaded folder
// beside dir) and its report is never drawn by its own goroutine.
func RestoreInto(h frame.Host, restore RestoreFunc, dir, path string) {
	win := h.Window()
	h.Go(func(context.Context) {
		// Not the window's context, as for a backup: seconds, and asked for.
		msg, err := Restore(context.Background(), restore, dir, path)
		h.Do(func() { report("Restore", msg, err, win) })
	})
}

// cancelled reports whether a file dialog ended without a choice (none,
// or an error, which it shows).
func cancelled(err error, none bool, win fyne.Window) bool {
	if err != nil {
		frame.ShowDialog(win, frame.NewError(err, win))
	}
	return err != nil || none
}

func report(title, msg string, err error, win fyne.Window) {
	if err != nil {
		frame.ShowDialog(win, frame.NewError(err, win))
		return
	}
	frame.ShowDialog(win, frame.NewInformation(title, msg, win))
}

func dialogSize(win fyne.Window) fyne.Size {
	s := win.Canvas().Size()
	return fyne.NewSize(max(s.Width*0.8, 640), max(s.Height*0.8, 480))
}
