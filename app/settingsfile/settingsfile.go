// Package settingsfile keeps the window's settings (the annotator's name,
// theme, text size, last folders, export format, …) in a file of skein's
// own, skein-settings.json, beside Fyne's preferences.json in Fyne's
// folder for the app (not Fyne's own settings.json, one folder up).
//
// Fyne saves preferences.json in place (os.Create, then write): a kill or
// a full disk during its save leaves it empty or cut short, and at the
// next start Fyne says "Preferences load error", starts from nothing and,
// at the next change, writes the one value changed over what was left —
// the name the user's layer goes by among them. skein-settings.json is
// written beside and renamed over (file and folder synced), so it is
// always one whole save or the one before. preferences.json stays Fyne's
// copy of the same values, saved on each change too: the fallback when
// skein-settings.json cannot be read, and where the settings are taken
// from once, the first time.
package settingsfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/app/transfer"
)

// Name is the settings file's name; Fyne's copy is FyneName.
const (
	Name     = "skein-settings.json"
	FyneName = "preferences.json"
)

// damagedExt ends the name a damaged file is kept under, for the user to
// repair, before a save would write over it: NAME.damaged, else, where
// that holds an earlier damaged copy, NAME.damaged.2 … NAME.damaged.9.
const damagedExt = ".damaged"

// maxDamaged is how many damaged copies of a file are kept at most: a
// file damaged at every start (a sync tool's copy) does not fill the disk.
const maxDamaged = 9

// MaxBytes is the largest settings file read: a few KB is usual; one
// larger (a name of megabytes, a link to a device) is refused unread.
const MaxBytes = 1 << 20

// Prefs are the app's preferences as Fyne keeps them in memory (Fyne's
// preferences and its test app's both have these).
type Prefs interface {
	ReadValues(func(map[string]any))
	WriteValues(func(map[string]any))
	AddChangeListener(func())
}

// File keeps a Prefs in dir's skein-settings.json.
type File struct {
	dir   string
	prefs Prefs
	// OnError is told, on the saver's goroutine, when a save fails (a
	// full disk): the settings hold in memory and the next change saves
	// them all.
	OnError func(error)
	// BeforeWrite, for tests, is called with what a save is about to
	// write, on the goroutine that writes it.
	BeforeWrite func([]byte)

	mu   sync.Mutex // held by a save, from reading the settings to the rename
	last []byte     // what skein-settings.json holds
	// held: skein-settings.json is damaged and could not be kept aside,
	// so it is never written over; Fyne's copy alone keeps the settings.
	held bool

	// A change asks the saver for a save (changed) and returns: a save
	// syncs the file and its folder, tens of milliseconds on a busy disk,
	// too long for the UI goroutine a change is made on. One saver at a
	// time (saving), which saves until no change came during its last
	// save; idle is closed when it stops.
	smu           sync.Mutex
	dirty, saving bool
	idle          chan struct{}
}

// Keep reads dir's skein-settings.json into prefs (else Fyne's
// preferences.json, which Fyne has read into prefs already; else nothing:
// the defaults), and from then on saves prefs there after each change, on
// a goroutine of its own (Flush waits for it). problem is what it
// could not read, to be said once ("" when all was well); a file that
// could not be read is kept as NAME.damaged, as the next save would write
// over it.
func Keep(prefs Prefs, dir string) (f *File, problem string) {
	f = &File{dir: dir, prefs: prefs}
	f.removeTemps()
	path := filepath.Join(dir, Name)
	values, b, err := read(path)
	switch {
	case err == nil:
		// Where Fyne's copy agrees, as it does but after a damage, prefs
		// are left as they are: a change would make Fyne save its copy.
		var same bool
		prefs.ReadValues(func(m map[string]any) { same = reflect.DeepEqual(m, values) })
		if !same {
			prefs.WriteValues(func(m map[string]any) {
				clear(m)
				maps.Copy(m, values)
			})
		}
		f.last = b
	case errors.Is(err, fs.ErrNotExist):
		// The first start with skein-settings.json: Fyne's copy, if
		// good, is in prefs already.
		if _, _, ferr := read(filepath.Join(dir, FyneName)); ferr != nil && !errors.Is(ferr, fs.ErrNotExist) {
			kept, _ := f.keepDamaged(FyneName)
			problem = ferr.Error() + "; " + kept + "the default settings are used"
		}
	default:
		kept, ok := f.keepDamaged(Name)
		problem = err.Error() + "; " + kept
		if f.held = !ok; f.held {
			problem += "it is left as it is, never written over, and the settings are saved in " + FyneName + " alone until it can be kept aside; "
		}
		if _, _, ferr := read(filepath.Join(dir, FyneName)); ferr == nil {
			problem += "the settings in " + FyneName + " (Fyne's copy, saved at each change too) are used"
		} else {
			if !errors.Is(ferr, fs.ErrNotExist) {
				kept, _ := f.keepDamaged(FyneName)
				problem += ferr.Error() + "; " + kept
			}
			problem += "the default settings are used"
			prefs.WriteValues(func(m map[string]any) { clear(m) })
		}
	}
	if f.last == nil {
		f.save() // taken from Fyne's copy once, or the defaults
	}
	prefs.AddChangeListener(f.changed)
	return f, problem
}

// HealFyneCopy, before Fyne reads dir's preferences.json, writes
// skein-settings.json over it where that reads well and Fyne's copy does
// not (a kill during Fyne's save in place): Fyne would otherwise say
// "Preferences load error" on stderr, though nothing is lost. Where
// skein-settings.json does not read well either and Fyne's copy is no
// file (a named pipe, which Fyne's read would wait on for ever, the
// window never shown; a device, read without end), that is removed, and
// the error says so.
func HealFyneCopy(dir string) error {
	fyneCopy := filepath.Join(dir, FyneName)
	_, b, err := read(filepath.Join(dir, Name))
	if err != nil {
		if fi, serr := os.Stat(fyneCopy); serr == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
			if rerr := os.Remove(fyneCopy); rerr != nil {
				return fmt.Errorf("%s is %s, which Fyne would read without end, and could not be removed: %w", fyneCopy, formats.FileKind(fi.Mode()), rerr)
			}
			return fmt.Errorf("%s was %s, which Fyne would read without end: it is removed, and holds no settings", fyneCopy, formats.FileKind(fi.Mode()))
		}
		return nil
	}
	if _, _, err := read(fyneCopy); err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return writeAtomic(dir, FyneName, b)
}

// keepDamaged copies the damaged file name to name.damaged, or the first
// of name.damaged.2 … .9 that is free or holds the same (an earlier
// damaged copy is not written over), and says so; ok is false where it
// could not, and the file must then not be written over. A file that is
// not regular (a named pipe, a device) holds nothing to keep; one larger
// than MaxBytes is renamed aside, unread.
func (f *File) keepDamaged(name string) (said string, ok bool) {
	path := filepath.Join(f.dir, name)
	fi, err := os.Lstat(path)
	if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		fi, err = os.Stat(path)
	}
	switch {
	case err != nil:
		return "it could not be kept aside (" + err.Error() + "); ", false
	case !fi.Mode().IsRegular():
		return "it holds no settings to keep (" + formats.FileKind(fi.Mode()) + "); ", true
	}
	var b []byte
	if fi.Size() <= MaxBytes {
		if b, err = readFile(path); err != nil {
			return "it could not be kept aside (" + err.Error() + "); ", false
		}
	}
	for i := 1; i <= maxDamaged; i++ {
		kept := name + damagedExt
		if i > 1 {
			kept += "." + strconv.Itoa(i)
		}
		old, err := readFile(filepath.Join(f.dir, kept))
		switch {
		case err == nil && b != nil && bytes.Equal(old, b):
			return "it is kept as " + kept + "; ", true
		case errors.Is(err, fs.ErrNotExist):
		default:
			if _, lerr := os.Lstat(filepath.Join(f.dir, kept)); !errors.Is(lerr, fs.ErrNotExist) {
				continue // an earlier damaged copy, or something else: not written over
			}
		}
		if b == nil {
			err = os.Rename(path, filepath.Join(f.dir, kept))
		} else {
			err = writeAtomic(f.dir, kept, b)
		}
		if err != nil {
			return "it could not be kept aside (" + err.Error() + "); ", false
		}
		return "it is kept as " + kept + "; ", true
	}
	return fmt.Sprintf("it could not be kept aside (%s to %s.%d hold earlier damaged copies: remove those you no longer need); ", name+damagedExt, name+damagedExt, maxDamaged), false
}

// readFile reads path, a file of settings, without waiting on a named
// pipe or reading a device without end: a file that is not regular, or
// larger than MaxBytes, is refused unread (formats.OpenFile).
func readFile(path string) ([]byte, error) {
	fh, _, err := formats.OpenFile(path, MaxBytes, "a file of settings", false)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, MaxBytes+1))
	if err == nil && len(b) > MaxBytes {
		err = fmt.Errorf("%w: more than the %s skein reads as a file of settings", formats.ErrFileTooLarge, annotate.SizeName(MaxBytes))
	}
	return b, err
}

// read reads the settings file path, its errors naming the file and the
// line where it stopped making sense.
func read(path string) (values map[string]any, b []byte, err error) {
	bad := func(what string) error {
		return fmt.Errorf("the window's settings in %s cannot be read (%s)", path, what)
	}
	b, err = readFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, err
	case err != nil:
		return nil, nil, bad(err.Error())
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil, bad("it is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&values); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return nil, nil, bad(fmt.Sprintf("line %d: %s", lineAt(b, syn.Offset), syn.Error()))
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, nil, bad(fmt.Sprintf("line %d: it ends before the settings do", lineAt(b, int64(len(b)))))
		case errors.As(err, &typ):
			return nil, nil, bad(fmt.Sprintf("line %d: not an object of settings", lineAt(b, typ.Offset)))
		}
		return nil, nil, bad(err.Error())
	}
	if values == nil { // null
		return nil, nil, bad("line 1: not an object of settings")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, bad(fmt.Sprintf("line %d: more follows the settings", lineAt(b, dec.InputOffset())))
	}
	convertLists(values)
	return values, b, nil
}

// lineAt is the line, from 1, of byte offset off in b.
func lineAt(b []byte, off int64) int {
	off = min(max(off, 0), int64(len(b)))
	return 1 + bytes.Count(b[:off], []byte("\n"))
}

// convertLists gives the lists JSON reads as []any the types Fyne's
// preferences keep them as, as Fyne's own load does.
func convertLists(values map[string]any) {
	for k, v := range values {
		items, ok := v.([]any)
		if !ok || len(items) == 0 {
			continue
		}
		switch items[0].(type) {
		case bool:
			values[k] = listOf[bool](items)
		case float64:
			values[k] = listOf[float64](items)
		case string:
			values[k] = listOf[string](items)
		}
	}
}

// listOf is items as a []T, or items as they are where one is not a T.
func listOf[T any](items []any) any {
	out := make([]T, len(items))
	for i, it := range items {
		v, ok := it.(T)
		if !ok {
			return items
		}
		out[i] = v
	}
	return out
}

// changed asks for a save of the settings and returns at once: the
// saver's goroutine saves them, the newest as it starts each save, so
// changes made during a save are saved together by the next one.
func (f *File) changed() {
	f.smu.Lock()
	defer f.smu.Unlock()
	f.dirty = true
	if f.saving {
		return
	}
	f.saving = true
	f.idle = make(chan struct{})
	go f.saver()
}

// saver saves until no change is left unsaved.
func (f *File) saver() {
	for {
		f.smu.Lock()
		if !f.dirty {
			f.saving = false
			close(f.idle)
			f.smu.Unlock()
			return
		}
		f.dirty = false
		f.smu.Unlock()
		f.save()
	}
}

// save writes the settings as they are in memory, if they changed since
// the last save, telling OnError what failed.
func (f *File) save() {
	if err := f.Save(); err != nil && f.OnError != nil {
		f.OnError(err)
	}
}

// Flush waits for the saver's saves, then saves what is left unsaved (a
// save that failed): as the window quits; any goroutine.
func (f *File) Flush() error {
	f.smu.Lock()
	idle := f.idle
	f.smu.Unlock()
	if idle != nil {
		<-idle
	}
	return f.Save()
}

// Save writes the settings as they are in memory into
// skein-settings.json, if they changed since the last save. On an error
// skein-settings.json holds the last save still. Saves run one at a time,
// each reading the settings as it starts: never one older after a newer.
func (f *File) Save() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var b []byte
	var err error
	f.prefs.ReadValues(func(m map[string]any) {
		b, err = json.MarshalIndent(m, "", "  ")
	})
	if err != nil {
		return fmt.Errorf("the window's settings: %w", err)
	}
	b = append(b, '\n')
	if bytes.Equal(b, f.last) || f.held {
		return nil
	}
	if f.BeforeWrite != nil {
		f.BeforeWrite(b)
	}
	if err := writeAtomic(f.dir, Name, b); err != nil {
		for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(err) {
			err = u // the system's reason: the path is named here
		}
		return fmt.Errorf("the window's settings could not be saved in %s: %w", f.Path(), err)
	}
	f.last = b
	return nil
}

// Path is the settings file's path.
func (f *File) Path() string { return filepath.Join(f.dir, Name) }

// tempPrefix starts the names of the files a save writes before renaming.
const tempPrefix = "." + Name + ".tmp-"

// writeAtomic writes b into dir/name beside it, synced and renamed over
// it (transfer.WriteAtomic), and syncs the folder, so that name holds all
// of b or what it held before, whenever the program or the machine stops.
func writeAtomic(dir, name string, b []byte) error {
	if err := transfer.WriteAtomic(filepath.Join(dir, name), b, tempPrefix, true, 0o600); err != nil {
		return err
	}
	transfer.SyncDir(dir) // the rename made durable
	return nil
}

// removeTemps removes what saves killed before their rename left.
func (f *File) removeTemps() {
	entries, _ := os.ReadDir(f.dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			os.Remove(filepath.Join(f.dir, e.Name()))
		}
	}
}
