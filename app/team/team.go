// Package team keeps a store in step with a team folder: a folder that a
// sync engine the team already trusts (Syncthing, a shared drive, git)
// copies between machines. skein writes only its user's own files there and
// reads everyone else's, checked exactly as `skein import` checks a bundle.
//
// The folder's layout:
//
//	skein-team.json                       {"format":1}: a newer skein's folder is refused
//	articles/<id>.jsonl                   one document line, no spans; written once
//	layers/<annotator>/<machine>/owner.json   who writes this folder, from which host
//	layers/<annotator>/<machine>/<xx>.jsonl   the layer on the documents whose ID starts with xx,
//	                                          document lines without their text
//	layers/<annotator>/<machine>/threads.jsonl the annotator's threads
//	layers/<annotator>/<machine>/.threads-deleted.jsonl the threads they deleted, and when
//	layers/<annotator>/<machine>/curated-<xx>.jsonl   their curated layer, as curated:<annotator>
//	layers/<annotator>/<machine>/decisions-<xx>.jsonl their review decisions
//	assign.json                           who annotates which articles
//
// A layer has one author on one machine, so nothing is ever merged: a file is
// written only by its owner, atomically (write beside, rename), and only
// when its content changed.
package team

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/app/serve"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

// Format is the version of the folder layout this skein writes and reads.
const Format = 1

// Limits on what a colleague's machine may put in the folder.
const (
	maxLayerFile   = 256 << 20
	maxArticleFile = 64 << 20
	maxSmallFile   = 1 << 20
)

// Meta keys in the store.
const (
	metaFolder  = "team.folder"
	metaMachine = "team.machine"
	metaState   = "team.state"
)

var (
	machineRE = regexp.MustCompile(`^[0-9a-f]{16}$`)
	bucketRE  = regexp.MustCompile(`^[0-9a-f]{2}\.jsonl$`)
	curatedRE = regexp.MustCompile(`^curated-[0-9a-f]{2}\.jsonl$`)
	decideRE  = regexp.MustCompile(`^decisions-[0-9a-f]{2}\.jsonl$`)
	articleRE = regexp.MustCompile(`^([0-9a-f]{16})\.jsonl$`)
	hexRE     = regexp.MustCompile(`^[0-9a-f]{16}$`)
)

// ErrNoFolder: the store is connected to no team folder.
var ErrNoFolder = errors.New("no team folder: connect one with `skein team FOLDER` or File ▸ Team ▸ Folder…")

// Engine keeps one store in step with one folder. Sync and Publish may be
// called from several goroutines; they run one at a time.
type Engine struct {
	st      *store.Store
	dir     string
	user    string
	machine string
	// mask is the file-mode creation mask the files are written under: the
	// process's own or, for a command a window serves, its caller's (-1
	// none, as on Windows).
	mask int

	mu    sync.Mutex
	state *state
	// assignRead: assign.json was read by this engine, which reads it
	// again only when it changes.
	assignRead bool
	// later: opened (OpenLater) while its folder was not there; the rest
	// of the opening (the format's check, the layout, the stale
	// temporary files) is done by the first pass that finds it back.
	later bool
	// unsaved: state changed since it was last saved in the store; a pass
	// that found nothing new writes nothing.
	unsaved bool
	dirty   chan struct{}

	// hints are the documents changed since the last write, as Changed
	// reported them; hintAll means a change said nothing of where.
	hintMu  sync.Mutex
	hints   map[string]bool
	hintAll bool
	// hintHeld asks a write with no hints for the held-back files alone
	// (retryHeld).
	hintHeld bool
	// named are the articles whose files Run's watcher named since the
	// last read, by ID: looked at for damage by that read (healNamed).
	named map[string]bool
	// owned lists, by layer file, the documents the own layer covered at
	// the last write: a hinted write rebuilds only the files of the hinted
	// documents (nil until a whole write).
	owned map[string][]string
	// unwritten are the own files not written, by name, and why: a time
	// in them far past the clock (heldBack).
	unwritten map[string]string
	// lastHints are the hints the write under way took.
	lastHints map[string]bool

	// ownCopies are the conflicted copies of the user's own files in the
	// folders of this machine and of their other machines, by folder, told
	// of at every read (scanOwn), as each was listed at its time then.
	ownCopies map[string]ownCopies

	// twins are the copies of the user's layer on other machines that
	// hold something newer than the store, as the last read found them
	// (every report carries them).
	twins []Twin
	// kept are this machine's own files in the folder that hold work newer
	// than the store, not written over (keptNewer), and ownTwin says so;
	// every report carries it.
	kept    map[string]bool
	ownTwin *Twin
	// watched is the team folder Run's watches are on (watchTree), to
	// tell it from a copy put in its place; Run's goroutine alone.
	watched os.FileInfo
	// timesCache is what a layer folder's file says of each article's
	// time (fileTimes), by slash path, as long as it stays as it is: the
	// files of those copies, and of a colleague on several machines.
	timesCache map[string]fileTimes
	// machines are the colleagues' machines' folders the last read found,
	// by annotator: one who connected and has written nothing yet is
	// listed too.
	machines map[string]map[string]bool
	// listed are the names of every folder the last read found in
	// layers/, read or refused (leftFolders).
	listed map[string]bool
	// layersID is the layers/ folder the last read listed (folderID).
	layersID string
}

// state is what the store remembers of the folder between runs: which
// files were read (by size and time), and what the own layer files hold.
type state struct {
	Folder string `json:"folder"`
	// Files: colleagues' files by slash path, as last seen.
	Files map[string]fileState `json:"files"`
	// Own: the SHA-256 of each own file as last written, by file name.
	Own map[string]string `json:"own"`
	// Twins: the files of the user's copies on other machines found with
	// nothing newer than the store, as they were then: not weighed again,
	// and not told of, until they change.
	Twins map[string]fileState `json:"twins,omitempty"`
	// Left: the colleagues whose folders a read found gone from layers/,
	// by name, and when it first did (Unix ns): their work leaves the
	// store once a read decisionsGoneWait later finds them gone too
	// (left.go).
	Left map[string]int64 `json:"left,omitempty"`
	// LeftBoot: for each of Left, that first read on bootClock, which no
	// setting of the wall clock moves: the second read must be
	// decisionsGoneWait after it on that clock too, where the two compare.
	LeftBoot map[string]bootStamp `json:"left_boot,omitempty"`
	// Seen: the layers/ folder (folderID) in which a read last found each
	// colleague's folder, by name. Their folder is taken for gone only
	// from that one: a team folder replaced by a copy still arriving
	// (a fresh share or clone, their folder not there yet) is another.
	Seen map[string]string `json:"seen,omitempty"`
	// Leaving: the colleagues whose work is being taken out of the store,
	// by name, with what it held, saved before the removal: a kill after
	// the removal, before this state was saved again, leaves the next
	// pass nothing to remove, and it tells the departure from here. Their
	// files leave Files in the same save: their folder back as it was
	// after such a kill, its files are read in again (forgetLeaving);
	// what of their work those files brought is saved with it.
	Leaving map[string]leavingWork `json:"leaving,omitempty"`
	// Departed: the departures told in the last departedDays, oldest
	// first, which the Team tab lists (Report.Departed), so a window
	// opened the next day still says them.
	Departed []Departure `json:"departed,omitempty"`
}

type fileState struct {
	Size    int64 `json:"size"`
	ModNano int64 `json:"mod"`
	// File, for an article file, is which file it was (fileID: its
	// inode) when written or read good: a copier's replacement of the
	// same size and time is another (heal.go).
	File    uint64 `json:"file,omitempty"`
	Refused string `json:"refused,omitempty"`
	// Note says what of a file read was left out (fields this skein does
	// not read), said at every pass while the file is as it was.
	Note  string `json:"note,omitempty"`
	Lines int    `json:"lines,omitempty"`
	// Docs are the documents a decisions file held when last read: a
	// decision withdrawn since goes from them.
	Docs []string `json:"docs,omitempty"`
	// Carried are the articles a layer or curated layer file held when
	// last read whole (kept while a later copy is refused): what of the
	// colleague's work the team folder brought, which leaves the store
	// with their folder (left.go). Their IDs, sorted, a space between
	// (one string to save and load, not one per article: 20 colleagues'
	// layers of 20,000 articles are 400,000). Nil for a file read by a
	// skein before it was recorded: read again at the next pass while it
	// is there (fileState.uncarried).
	Carried *string `json:"carried,omitempty"`
	// Threads are the IDs of the threads a threads.jsonl held when last
	// read whole (kept while a later copy of it is refused): a thread
	// gone from it since, and listed in its folder's deletedFile, was
	// deleted by its author (dropGoneThreads). A thread gone from it but
	// not listed there is kept among them, awaiting its deletion line.
	Threads []string `json:"threads,omitempty"`
	// Awaiting, while some of Threads await their deletion line, is the
	// size and time of the folder's deletedFile when last read: a change
	// to it has the threads file read again.
	Awaiting string `json:"awaiting,omitempty"`
	// Lacking, while the folder has no deletedFile at all and some of
	// Threads await their deletion line, is what the fallback weighs
	// (unlisted.go).
	Lacking *lackState `json:"lacking,omitempty"`
	// GoneAt, for a decisions file read before, is when a read first
	// found it gone (Unix ns; 0: it was there at the last read).
	GoneAt int64 `json:"gone_at,omitempty"`
	// GoneBoot is that read on bootClock, which no setting of the wall
	// clock moves: the wait must be over on it too (waited).
	GoneBoot *bootStamp `json:"gone_boot,omitempty"`
	// Cut, for a decisions file whose last read lacked decisions it may
	// have been cut before (cutState), is that read.
	Cut *cutState `json:"cut,omitempty"`
}

// decisionsGoneWait is how long a colleague's decisions file must stay
// gone, at two reads that far apart, before its decisions are withdrawn
// from the store: a file gone for a moment (git's checkout unlinks then
// writes it; a sync engine copying in place) withdrew them all until it
// came back. Its owner's skein removes the file when they withdraw their
// last decision in its articles, so an absence that lasts is theirs. A
// variable for a test's sake, as is goneClock, the clock it is read on.
var (
	decisionsGoneWait = 2 * time.Second
	goneClock         = time.Now
)

// The kinds of file in a layer folder.
const (
	kindLayer     = "layer"     // <xx>.jsonl: the annotator's layer
	kindCurated   = "curated"   // curated-<xx>.jsonl: their curated layer
	kindDecisions = "decisions" // decisions-<xx>.jsonl: their review decisions
	kindThreads   = "threads"   // threads.jsonl
)

// deletedFile is the file of a layer folder that lists the threads its
// owner deleted on that machine (deletedLine), for their other machines'
// takes. Its name begins with a dot: a skein before it skips such a
// file, where it would refuse one of a name it does not know.
const deletedFile = ".threads-deleted.jsonl"

// deletedLine is a line of deletedFile: a thread's ID, whose it was, and
// when it was deleted (RFC 3339).
type deletedLine struct {
	ID        string `json:"id"`
	Annotator string `json:"annotator"`
	Deleted   string `json:"deleted"`
}

// fileKind is the kind of a layer folder's file named name, or "".
func fileKind(name string) string {
	switch {
	case bucketRE.MatchString(name):
		return kindLayer
	case curatedRE.MatchString(name):
		return kindCurated
	case decideRE.MatchString(name):
		return kindDecisions
	case name == "threads.jsonl":
		return kindThreads
	}
	return ""
}

// Folder is the team folder the store is connected to, or ErrNoFolder.
func Folder(st *store.Store) (string, error) {
	dir, ok, err := st.Meta(metaFolder)
	if err != nil {
		return "", err
	}
	if !ok || dir == "" {
		return "", ErrNoFolder
	}
	return dir, nil
}

// Connect remembers dir as the store's team folder and opens it.
func Connect(st *store.Store, dir, user string) (*Engine, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	e, err := openEngine(st, abs, user, true, true)
	if err != nil {
		return nil, err
	}
	if err := st.SetMeta(metaFolder, abs); err != nil {
		return nil, err
	}
	return e, nil
}

// Open prepares dir as a team folder for user's work in st: it creates the
// layout where missing and refuses a folder a newer skein wrote. It makes
// no team folder where there was none (madeOnlyByConnect): that is
// Connect's, the user naming the folder to join.
func Open(st *store.Store, dir, user string) (*Engine, error) {
	return openEngine(st, dir, user, true, false)
}

// OpenBeside is Open for a command run beside an engine already running on
// st (a window's, which serves the command line): it leaves this machine's
// temporary files in the folder alone, for they may be that engine's
// writes in progress, not a killed run's leftovers.
func OpenBeside(st *store.Store, dir, user string) (*Engine, error) {
	return openEngine(st, dir, user, false, false)
}

// OpenLater is Open for the window's start on the folder the store is
// connected to: where that folder is not there (its disk not plugged in
// yet, moved away for a while), it returns an engine all the same, whose
// passes say the folder is not there, write nothing in its place, and
// open the folder once it is back, as a running engine's do for a folder
// that went. An empty folder in its place (a disk's mount point) counts as
// not there: it is never made a team folder again by itself.
func OpenLater(st *store.Store, dir, user string) (*Engine, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if was, _ := Folder(st); was != abs || folderThere(abs) == nil {
		return Open(st, dir, user)
	}
	if err := annotate.ValidAnnotatorName(user); err != nil {
		return nil, fmt.Errorf("team folder: your name %q cannot name your folder in it: %v", user, err)
	}
	machine, err := machineID(st)
	if err != nil {
		return nil, err
	}
	e := &Engine{st: st, dir: abs, user: user, machine: machine, mask: serve.Umask(), dirty: make(chan struct{}, 1), later: true}
	if err := e.loadState(); err != nil {
		return nil, err
	}
	return e, nil
}

// there checks, before a pass, that the folder is there (folderThere),
// and opens it the first time it is, for an engine OpenLater made while
// it was not.
func (e *Engine) there() error {
	if err := folderThere(e.dir); err != nil {
		if len(e.state.Left) > 0 {
			// A colleague found gone before the folder went is awaited
			// afresh once it is back: the reads that count are of the
			// folder that came back.
			e.state.Left = nil
			e.unsaved = true
			if serr := e.saveState(); serr != nil {
				return errors.Join(err, serr)
			}
		}
		return err
	}
	if !e.later {
		return nil
	}
	if err := e.layout(true); err != nil {
		return err
	}
	e.later = false
	return nil
}

// openEngine opens dir; join: as a team folder where it is not one yet
// (Connect), else only where it is one, or may be made one
// (madeOnlyByConnect).
func openEngine(st *store.Store, dir, user string, clean, join bool) (*Engine, error) {
	if err := annotate.ValidAnnotatorName(user); err != nil {
		return nil, fmt.Errorf("team folder: your name %q cannot name your folder in it: %v", user, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		if was, _ := Folder(st); was == abs && errors.Is(err, fs.ErrNotExist) {
			// The store's folder, gone since: nothing runs on it to write
			// the work once it is back.
			const why = "it was moved or renamed, or its disk is not plugged in"
			return nil, &goneError{msg: goneSaid(abs, why, "nothing is written in its place, and your work stays in the store: "+
				"once the folder is back, skein sync (in the window, File ▸ Team ▸ Folder… or the next start) writes it"), dir: abs, why: why}
		}
		if errors.Is(err, fs.ErrNotExist) {
			// "not a folder" read as a folder of the wrong kind.
			return nil, fmt.Errorf("team folder %s does not exist: make it first, or name the folder your sync engine shares (Syncthing, Dropbox, a network drive, a git working tree)", abs)
		}
		if err == nil {
			return nil, fmt.Errorf("team folder %s is a file, not a folder: name the folder your team shares", abs)
		}
		return nil, fmt.Errorf("team folder %s: %w", abs, err)
	}
	if !join {
		if err := madeOnlyByConnect(st, abs); err != nil {
			return nil, err
		}
	}
	machine, err := machineID(st)
	if err != nil {
		return nil, err
	}
	e := &Engine{st: st, dir: abs, user: user, machine: machine, mask: serve.Umask(), dirty: make(chan struct{}, 1)}
	if err := e.layout(clean); err != nil {
		return nil, err
	}
	if err := e.loadState(); err != nil {
		return nil, err
	}
	return e, nil
}

// layout refuses a folder a newer skein wrote, makes the folder's layout
// where it is missing, and (clean) removes this machine's stale temporary
// files.
func (e *Engine) layout(clean bool) error {
	if err := checkFormat(e.dir); err != nil {
		return err
	}
	for _, d := range []string{"articles", "layers", filepath.Join("layers", e.user, e.machine)} {
		if err := mkdirAll(e.dir, filepath.Join(e.dir, d)); err != nil {
			return err
		}
	}
	if clean {
		e.removeStaleTemps()
	}
	return nil
}

// Dir is the folder.
func (e *Engine) Dir() string { return e.dir }

// SetUmask makes the engine write its files with the modes the
// file-mode creation mask m gives (0666 less m), as a command a window
// serves writes its files under its caller's mask, not the window's. An
// engine starts with the process's own mask.
func (e *Engine) SetUmask(m int) { e.mask = m }

// perm is the mode of the files the engine writes.
func (e *Engine) perm() os.FileMode { return filePerm(e.mask) }

// filePerm is the mode a file created with 0666 gets under the mask m
// (0666 for -1, no mask, as on Windows).
func filePerm(m int) os.FileMode { return os.FileMode(0o666 &^ max(m, 0)) }

// Machine is this store's name in the folder: layers/<user>/<machine>.
func (e *Engine) Machine() string { return e.machine }

// User is the annotator whose layer this engine writes.
func (e *Engine) User() string { return e.user }

func (e *Engine) ownDir() string { return filepath.Join(e.dir, "layers", e.user, e.machine) }

func checkFormat(dir string) error {
	p := filepath.Join(dir, transfer.TeamMarker)
	b, err := readLimited(p, maxSmallFile)
	if errors.Is(err, fs.ErrNotExist) {
		if err := writeAtomic(dir, p, []byte(fmt.Sprintf("{\"format\":%d}\n", Format)), "", true, filePerm(serve.Umask())); err != nil {
			return err
		}
		transfer.SyncDir(dir)
		return nil
	}
	if err != nil {
		return fmt.Errorf("team folder: %w", err)
	}
	var f struct {
		Format int `json:"format"`
	}
	if k, i := annotate.DupKey(b); i >= 0 {
		return fmt.Errorf("team folder %s: %w", p, annotate.DupKeyError(k, fmt.Sprintf("at byte %d", i)))
	}
	if c := annotate.FieldCase(b, &f); c.At >= 0 {
		return fmt.Errorf("team folder %s: %w", p, c.Error(fmt.Sprintf("at byte %d", c.At)))
	}
	if err := json.Unmarshal(b, &f); err != nil {
		if at, ok := annotate.TooDeepLine(b, err); ok {
			return fmt.Errorf("team folder %s:%d: not a skein team file: %s", p, at, annotate.JSONErrorText(err, ""))
		}
		return fmt.Errorf("team folder %s: not a skein team file: %v", p, err)
	}
	if f.Format > Format {
		return fmt.Errorf("team folder %s: written by a newer skein (format %d; this skein reads %d): update skein", p, f.Format, Format)
	}
	return nil
}

// machineID is the store's random name in team folders, made once: the
// same annotator working on two machines has two, so neither overwrites
// the other.
func machineID(st *store.Store) (string, error) {
	id, ok, err := st.Meta(metaMachine)
	if err != nil {
		return "", err
	}
	if ok && machineRE.MatchString(id) {
		return id, nil
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	id = hex.EncodeToString(b[:])
	return id, st.SetMeta(metaMachine, id)
}

func (e *Engine) loadState() error {
	raw, ok, err := e.st.Meta(metaState)
	if err != nil {
		return err
	}
	s := &state{}
	if ok {
		if err := json.Unmarshal([]byte(raw), s); err != nil {
			s = &state{} // a damaged state only costs a full re-read
		}
	}
	if s.Folder != e.dir || s.Files == nil || s.Own == nil {
		s = &state{Folder: e.dir, Files: map[string]fileState{}, Own: map[string]string{}}
		e.unsaved = true
	}
	if s.Twins == nil {
		s.Twins = map[string]fileState{}
	}
	if s.forgetLeaving() {
		e.unsaved = true
	}
	e.state = s
	return nil
}

func (e *Engine) saveState() error {
	if !e.unsaved {
		return nil
	}
	b, err := json.Marshal(e.state)
	if err != nil {
		return err
	}
	if err := e.st.SetMeta(metaState, string(b)); err != nil {
		return err
	}
	e.unsaved = false
	return nil
}

// tempPrefix names this machine's files being written, so a start after a
// kill removes its own leftovers and never a colleague's.
func (e *Engine) tempPrefix() string { return ".skein-tmp-" + e.machine + "-" }

func (e *Engine) removeStaleTemps() {
	for _, d := range []string{e.ownDir(), filepath.Join(e.dir, "articles"), e.dir} {
		ents, _ := os.ReadDir(d)
		for _, ent := range ents {
			if strings.HasPrefix(ent.Name(), e.tempPrefix()) {
				os.Remove(filepath.Join(d, ent.Name()))
			}
		}
	}
}

// readLimited reads a regular file of at most max bytes.
// A link is refused, and so is what is not a regular file: the file is
// opened first, without blocking and not following a link, and the open
// file looked at (formats.OpenFile), for a file a copier or a colleague
// swapped for a named pipe between a look at the path and its open was
// waited on for ever, stopping every later sync.
func readLimited(path string, max int64) ([]byte, error) {
	f, fi, err := formats.OpenFile(path, 0, "", true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	if fi.Size() > max {
		return nil, fmt.Errorf("%s: %d bytes, more than the %d a team file may hold", path, fi.Size(), max)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(b)) > max {
		return nil, fmt.Errorf("%s: more than the %d bytes a team file may hold", path, max)
	}
	return b, err
}

// AssignRefused is why the folder's assign.json was refused at this pass
// (it stays refused until it changes), "" where it was not.
func (r *Report) AssignRefused() string {
	for _, err := range r.Refused {
		if strings.HasPrefix(err.Error(), "assign.json") {
			return err.Error()
		}
	}
	return ""
}

// Report says what one sync did.
type Report struct {
	// Written lists the own files written (only those that changed).
	Written []string
	// Articles is how many articles this store added to the folder.
	Articles int
	// Arrived lists what came from colleagues, by annotator.
	Arrived []Arrival
	// Refused lists colleagues' files that were not read, each error naming
	// the file; they are read again when they change.
	Refused []error
	// Notes say, once a file, what of colleagues' files read was left out:
	// fields of skein's JSONL this skein does not read (a newer skein's).
	Notes []string
	// Copies say, a file a line, the conflicted copies sync engines left
	// beside skein's files (copyNote): never read, and what to do with
	// each.
	Copies []string
	// Withheld says, a colleague a line, whose folder lacks the deletion
	// file their skein writes though threads of theirs are gone from
	// their threads.jsonl (a sync engine leaving out hidden files), and
	// what to do (unlisted.go).
	Withheld []string
	// Twins lists copies of the user's own layer written from other
	// machines: kept, never read into the own layer unless chosen (Take).
	Twins []Twin
	// Healed says, a file a line, which article files were found damaged
	// in the folder and written again from this store (heal.go).
	Healed []string
	// Unwritten says, a file a line, which of the user's own files were
	// not written to the folder, and why (a time far past the clock that
	// every colleague's skein would refuse) and what to do: each is held
	// back until its work is written with sane times.
	Unwritten []string
	// DocsAdded counts articles that arrived from the folder.
	DocsAdded int
	// Assignment is set when assign.json changed since the last pass.
	Assignment bool
	// Polled: Run reads the folder every FastRescan, because it cannot be
	// watched, is on a network file system, or missed an arrival.
	Polled bool
	// Published: the user's work was written (where it changed); Current
	// is how many of the user's files the folder then held, written now
	// or before.
	Published bool
	Current   int
	// Pulled: the colleagues' files were read (where they changed);
	// Colleagues are the colleagues whose folders it found, by name.
	Pulled     bool
	Colleagues []string
	// Left are the colleagues whose folders left the team folder, and
	// what of theirs this pass removed from the store with them.
	Left []Departure
	// Departed, on a pass that read the folder (Pulled), are the
	// departures told in the last departedDays, this pass's too, oldest
	// first: the Team tab lists them.
	Departed []Departure
	// Again: the pass's error is the one Run reported last, reported
	// again only for what the pass read in before it (readIn), which
	// is to be shown; the error itself was said.
	Again bool
}

// readIn says whether the pass changed the store with what it read:
// colleagues' work, articles, departures, a new assignment.
func (r *Report) readIn() bool {
	return len(r.Arrived) > 0 || r.DocsAdded > 0 || len(r.Left) > 0 || r.Assignment
}

// Arrival is what one colleague's files brought.
type Arrival struct {
	Annotator string
	Spans     int // spans new or changed
	Curated   int // spans of their curated layer new or changed
	// Removed and CuratedRemoved are the spans of each that are gone.
	Removed        int
	CuratedRemoved int
	Decisions      int // review decisions new or changed
	Threads        int
	ThreadsRemoved int // their threads deleted: gone from their threads file
	Files          int
	// Docs are the articles where their layer changed.
	Docs []string
}

// Summary is one line a person can read: what of the user's work was
// written, or that the folder held it already, and what arrived, or that
// nothing new did.
func (r *Report) Summary() string {
	var parts []string
	switch {
	case !r.Published:
	case len(r.Written) > 0:
		parts = append(parts, fmt.Sprintf("wrote %s of your work", annotate.Count(len(r.Written), "file")))
	case slices.ContainsFunc(r.Twins, func(tw Twin) bool { return tw.This }):
		// Said below: the folder holds newer work of this machine.
	case r.Current > 0 && len(r.Unwritten) == 0:
		parts = append(parts, "the folder had your work already")
	default:
		parts = append(parts, "no work of yours to write yet")
	}
	if r.Articles > 0 {
		parts = append(parts, fmt.Sprintf("shared %s", annotate.Count(r.Articles, "new article")))
	}
	if r.DocsAdded > 0 {
		parts = append(parts, fmt.Sprintf("received %s", annotate.Count(r.DocsAdded, "new article")))
	}
	if n := len(r.Healed); n > 0 {
		parts = append(parts, fmt.Sprintf("wrote again %s found damaged in the folder", annotate.Count(n, "article file")))
	}
	for _, a := range r.Arrived {
		parts = append(parts, a.Line(""))
	}
	if r.Pulled && len(r.Arrived) == 0 && r.DocsAdded == 0 {
		switch n := len(r.Colleagues); {
		case n == 0:
			parts = append(parts, "no colleague's work in the folder yet")
		case n <= 3:
			parts = append(parts, "nothing new from "+andList(r.Colleagues))
		default:
			parts = append(parts, "nothing new from "+annotate.Count(n, "colleague"))
		}
	}
	if r.Assignment && r.AssignRefused() == "" {
		parts = append(parts, "a new assignment in the folder (assign.json)")
	}
	for _, d := range r.Left {
		parts = append(parts, d.Line())
	}
	if len(r.Unwritten) > 0 {
		parts = append(parts, fmt.Sprintf("held back %s of your work (times far past the clock: run skein check -repair-times)", annotate.Count(len(r.Unwritten), "file")))
	}
	if len(r.Refused) > 0 {
		parts = append(parts, fmt.Sprintf("refused %s", annotate.Count(len(r.Refused), "file")))
	}
	switch n := len(r.Copies); {
	case n == 1:
		parts = append(parts, "1 conflicted copy in the folder, not read")
	case n > 1:
		parts = append(parts, fmt.Sprintf("%d conflicted copies in the folder, not read", n))
	}
	if n := len(r.Withheld); n > 0 {
		parts = append(parts, fmt.Sprintf("no deletion file from %s (see the note)", annotate.Count(n, "colleague")))
	}
	others := slices.DeleteFunc(slices.Clone(r.Twins), func(tw Twin) bool { return tw.This })
	if len(others) < len(r.Twins) {
		parts = append(parts, "this machine's folder holds your work newer than this store, kept (see the note)")
	}
	if len(others) > 0 {
		parts = append(parts, fmt.Sprintf("your layer is also written from %s, with newer work there", annotate.Count(len(others), "other machine")))
	}
	return strings.Join(parts, "; ")
}

// andList is names as a person lists them: "alice", "alice and bilal",
// "alice, bilal and chen".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Line is the status bar's line for a: "bilal: 3 spans in “Pakistan
// Blames…”". title is the title of a.Doc, if known, as the window shows
// it (cut where the window cuts titles, frame.Clip).
func (a Arrival) Line(title string) string {
	var what []string
	for _, n := range []struct {
		n    int
		what string
		gone bool
	}{{a.Spans, "span", false}, {a.Removed, "span", true}, {a.Curated, "curated span", false}, {a.CuratedRemoved, "curated span", true},
		{a.Decisions, "review decision", false}, {a.Threads, "thread", false}, {a.ThreadsRemoved, "thread", true}} {
		if n.n > 0 {
			w := annotate.Count(n.n, n.what)
			if n.gone {
				w += " removed"
			}
			what = append(what, w)
		}
	}
	if len(what) == 0 {
		what = []string{annotate.Count(0, "span")} // a layer stamped anew, nothing in it changed
	}
	s := a.Annotator + ": " + strings.Join(what, ", ")
	if title != "" {
		s += " in “" + title + "”"
	}
	return s
}

// Sync writes the user's work to the folder and reads the colleagues'.
func (e *Engine) Sync(ctx context.Context) (*Report, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rep := &Report{}
	if err := e.publish(ctx, rep, false); err != nil {
		return rep, err
	}
	if err := e.pull(ctx, rep); err != nil {
		return rep, e.goneWhile(err)
	}
	e.withOwnTwin(rep)
	return rep, e.saveState()
}

// Publish writes the user's own work to the folder: new articles and the
// layer files whose content changed. After Changed named the documents
// that changed, it reads only the layer files they are in.
func (e *Engine) Publish(ctx context.Context) (*Report, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rep := &Report{}
	rep.Twins = slices.Clone(e.twins) // as the last read found them
	if err := e.publish(ctx, rep, true); err != nil {
		return rep, err
	}
	e.withOwnTwin(rep)
	return rep, e.saveState()
}

// Pull reads what colleagues wrote since the last time.
func (e *Engine) Pull(ctx context.Context) (*Report, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rep := &Report{}
	if err := e.pull(ctx, rep); err != nil {
		return rep, e.goneWhile(err)
	}
	e.withOwnTwin(rep)
	return rep, e.saveState()
}

// goneWhile is err, a read's trouble, said as the folder not there where
// it went during the read (moved, renamed, its disk unplugged): such a read
// said only "team folder: open …/articles: no such file or directory".
func (e *Engine) goneWhile(err error) error {
	if errors.Is(err, ErrFolderGone) {
		return err
	}
	if gone := wentAway(e.dir); gone != nil {
		return gone
	}
	return err
}

func (e *Engine) publish(ctx context.Context, rep *Report, hinted bool) (err error) {
	if err := e.there(); err != nil {
		return err // the hints stay for the write once it is back
	}
	defer func() {
		if err != nil {
			// Not all written: the next write builds every file and
			// writes what differs, though no later change names it.
			e.hintMu.Lock()
			e.hintAll = true
			e.hintMu.Unlock()
		}
	}()
	var only map[string]bool // the layer files to build; nil: all
	if hinted {
		only = e.takeHints()
	} else {
		e.takeHints()
	}
	for name := range e.unwritten {
		if only != nil {
			only[name] = true // tried again: repaired since, perhaps
		}
	}
	for name := range e.kept {
		if only != nil {
			only[name] = true // taken in since, or deleted from the folder?
		}
	}
	ownTwin := &Twin{Machine: e.machine, Dir: "layers/" + e.user + "/" + e.machine, This: true}
	defer func() {
		if err != nil {
			return
		}
		e.ownTwin = nil
		if len(e.kept) > 0 {
			e.ownTwin = ownTwin
		}
	}()
	if only == nil {
		if err := e.publishArticles(ctx, rep); err != nil {
			return err
		}
	}
	files, err := e.ownFiles(ctx, only)
	if err != nil {
		return err
	}
	own := e.ownDir()
	if err := mkdirAll(e.dir, own); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(own, "owner.json")); err != nil {
		host, _ := os.Hostname()
		b, _ := json.Marshal(map[string]any{"format": Format, "annotator": e.user, "machine": e.machine, "host": host})
		if err := writeAtomic(e.dir, filepath.Join(own, "owner.json"), append(b, '\n'), e.tempPrefix(), true, e.perm()); err != nil {
			return err
		}
	}
	for name := range files {
		delete(e.kept, name) // weighed again below where it is to be written
	}
	for name, b := range files {
		if len(b) == 0 {
			continue // no line left: removed below
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:])
		p := filepath.Join(own, name)
		if e.state.Own[name] == h {
			if fi, err := os.Stat(p); err == nil && fi.Size() == int64(len(b)) {
				continue
			}
		}
		if e.keptNewer(name, p, ownTwin) {
			continue
		}
		if err := writeAtomic(e.dir, p, b, e.tempPrefix(), true, e.perm()); err != nil {
			return err
		}
		e.state.Own[name] = h
		e.unsaved = true
		rep.Written = append(rep.Written, name)
	}
	// A file that no longer holds any line goes: one built empty, and after
	// a whole build every one not built.
	for name := range e.state.Own {
		if e.unwritten[name] != "" {
			continue // held back: the folder keeps its copy
		}
		if b, ok := files[name]; (ok && len(b) == 0) || (!ok && only == nil) {
			if e.keptNewer(name, filepath.Join(own, name), ownTwin) {
				continue
			}
			if err := os.Remove(filepath.Join(own, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return folderError(e.dir, filepath.Join(own, name), err)
			}
			delete(e.state.Own, name)
			e.unsaved = true
			rep.Written = append(rep.Written, name)
		}
	}
	if len(rep.Written) > 0 {
		// The renames and removals on the disk, once for them all: a
		// power loss after the user was told their work was written
		// leaves it under its name, not the file before.
		transfer.SyncDir(own)
	}
	sort.Strings(rep.Written)
	rep.Unwritten = slices.Sorted(maps.Values(e.unwritten))
	rep.Published, rep.Current = true, len(e.state.Own)
	return nil
}

// publishArticles writes every article of the store that the folder does
// not have yet, and again those whose files it finds damaged (heal.go).
// An article's file is named by its ID, so the same article from two
// machines is the same file. Each is on the disk before its
// rename and articles/ is synced after the renames, as the layer files
// are: a colleague's sync engine may take a file as soon as it is there,
// and a power loss must not then leave this machine with an empty one
// under its name (which nothing writes again: the folder has an article
// of that name). They go in batches of articleBatch, written beside their
// places, then made durable together (syncFS: one syncfs(2) on Linux,
// where a sync of each took 7.6–9.0 s for 20,000), then renamed.
func (e *Engine) publishArticles(ctx context.Context, rep *Report) error {
	have, err := e.articleNames()
	if err != nil {
		return err
	}
	var missing, there []string
	err = e.st.Documents(ctx, func(d store.DocInfo) error {
		if !have[d.ID] {
			missing = append(missing, d.ID)
		} else {
			there = append(there, d.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return e.putArticles(ctx, rep, missing, there)
}

// putArticles writes the articles missing, and those of there (whose files
// the folder has) that are damaged (heal.go), saying so of each of those.
func (e *Engine) putArticles(ctx context.Context, rep *Report, missing, there []string) error {
	dir := filepath.Join(e.dir, "articles")
	damaged, err := e.damagedArticles(ctx, there)
	if err != nil {
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(damaged)) {
		missing = append(missing, id)
	}
	if len(missing) == 0 {
		return nil
	}
	published := false
	defer func() {
		if published {
			transfer.SyncDir(dir) // the renames on the disk, once for them all
		}
	}()
	for len(missing) > 0 {
		n := min(len(missing), articleBatch)
		written, err := e.writeArticles(ctx, dir, missing[:n])
		if len(written) > 0 {
			published, e.unsaved = true, true
		}
		for _, w := range written {
			e.state.Files["articles/"+w.id+".jsonl"] = w.st.state() // read again only once it changes
			if why, ok := damaged[w.id]; ok {
				rep.Healed = append(rep.Healed, healedLine(w.id, why))
				continue
			}
			rep.Articles++
		}
		if err != nil {
			return err
		}
		missing = missing[n:]
	}
	return nil
}

// placed is an article file writeArticles renamed into place: its ID, and
// its stat as written.
type placed struct {
	id string
	st stamp
}

// writeArticles writes the articles ids into dir, each beside its place
// (articleWriters at once), then makes them durable (syncFS, or a sync of
// each where it cannot), then renames them into place. It returns the
// files renamed and the first error: a write that failed stops the batch,
// and what was written before it is still published; a file left
// unrenamed is removed.
func (e *Engine) writeArticles(ctx context.Context, dir string, ids []string) ([]placed, error) {
	type article struct {
		id string
		b  []byte
	}
	type staged struct {
		id, tmp string
		st      stamp
	}
	todo := make(chan article, articleWriters)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		ready  []staged
		failed error // the first write that failed, naming its file
	)
	fail := func(id string, err error) {
		mu.Lock()
		if failed == nil {
			failed = folderError(e.dir, filepath.Join(dir, id+".jsonl"), err)
		}
		mu.Unlock()
	}
	for range articleWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range todo {
				tmp, st, err := writeBeside(dir, a.b, e.tempPrefix(), e.perm())
				if err != nil {
					fail(a.id, err)
					continue
				}
				mu.Lock()
				ready = append(ready, staged{a.id, tmp, st})
				mu.Unlock()
			}
		}()
	}
	err := func() error {
		// One writer for the batch: each of its own allocated a 256 KB
		// buffer, 5.5 GB for 20,000 articles.
		var buf bytes.Buffer
		jw := annotate.NewJSONLWriter(&buf)
		for _, id := range ids {
			if err := ctx.Err(); err != nil {
				return err
			}
			mu.Lock()
			stop := failed != nil
			mu.Unlock()
			if stop {
				return nil
			}
			d, err := e.st.Document(id)
			if err != nil {
				return err
			}
			buf.Reset()
			if err := jw.Write(annotate.EncodeDocLine(d, nil, nil, nil)); err != nil {
				return err
			}
			if err := jw.Flush(); err != nil {
				return err
			}
			todo <- article{id, bytes.Clone(buf.Bytes())}
		}
		return nil
	}()
	close(todo)
	wg.Wait()
	if len(ready) > 0 && syncFS(dir) != nil {
		// Each file synced instead, articleWriters at once; one that fails
		// is not published.
		synced := make([]bool, len(ready))
		next := make(chan int)
		for range articleWriters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					if err := syncFile(ready[i].tmp); err != nil {
						fail(ready[i].id, err)
						continue
					}
					synced[i] = true
				}
			}()
		}
		for i := range ready {
			next <- i
		}
		close(next)
		wg.Wait()
		kept := ready[:0]
		for i, r := range ready {
			if synced[i] {
				kept = append(kept, r)
			} else {
				os.Remove(r.tmp)
			}
		}
		ready = kept
	}
	var written []placed
	for _, r := range ready {
		if renameHook != nil {
			renameHook(len(written))
		}
		if err := os.Rename(r.tmp, filepath.Join(dir, r.id+".jsonl")); err != nil {
			os.Remove(r.tmp)
			fail(r.id, err)
			continue
		}
		written = append(written, placed{r.id, r.st})
	}
	if err != nil {
		return written, err
	}
	return written, failed
}

// renameHook, when set (by a test), is called before writeArticles renames
// each file into place, with how many it renamed before.
var renameHook func(renamed int)

// writeBeside writes b into a new file in dir named with prefix, with mode
// perm, unsynced, and returns its path and its stat as articleStat gives
// it (a rename keeps it: what the sync state remembers of the file
// written, heal.go); on an error it leaves no file.
func writeBeside(dir string, b []byte, prefix string, perm os.FileMode) (string, stamp, error) {
	f, err := os.CreateTemp(dir, prefix+"*")
	if err != nil {
		return "", stamp{}, err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Chmod(perm)
	}
	var st stamp
	if err == nil {
		var fi os.FileInfo
		if fi, err = f.Stat(); err == nil {
			st = stampOf(fi)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", stamp{}, err
	}
	return f.Name(), st, nil
}

// syncFile syncs the file at path to the disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// errSyncFSNot is syncFS where syncfs(2) is not used: each file is synced.
var errSyncFSNot = errors.New("no syncfs here")

// articleWriters is how many article files writeArticles writes at once,
// and syncs at once where syncFS cannot (the file system commits those
// syncs together: one by one, a first publish of 2,000 articles took
// 1.6–2.0 s where it took 0.5–0.6 s unsynced).
const articleWriters = 16

// articleBatch is how many articles writeArticles writes before it makes
// them durable and renames them: the temporary files beside their places
// are at most this many, for a few seconds at most.
const articleBatch = 2000

func (e *Engine) articleNames() (map[string]bool, error) {
	ents, err := os.ReadDir(filepath.Join(e.dir, "articles"))
	if err != nil {
		return nil, fmt.Errorf("team folder: %w", err)
	}
	have := make(map[string]bool, len(ents))
	for _, ent := range ents {
		if m := articleRE.FindStringSubmatch(ent.Name()); m != nil {
			have[m[1]] = true
		}
	}
	return have, nil
}

// ownFiles builds the content of the user's layer files from the store:
// one file per first two hex digits of the document ID, and threads.jsonl.
func (e *Engine) ownFiles(ctx context.Context, only map[string]bool) (map[string][]byte, error) {
	var ids []string
	if only == nil {
		err := e.st.Documents(ctx, func(d store.DocInfo) error {
			ids = append(ids, d.ID)
			return nil
		})
		if err != nil {
			return nil, err
		}
	} else {
		seen := map[string]bool{}
		for name := range only {
			for _, id := range e.owned[name] {
				seen[id] = true
			}
		}
		for id := range e.hintDocs(only) {
			seen[id] = true
		}
		for id := range seen {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	owned := map[string][]string{}
	bufs := map[string]*bytes.Buffer{}
	// One writer for every file (each has a large buffer): a line is
	// encoded, then moved to its file's buffer.
	var scratch bytes.Buffer
	jw := annotate.NewJSONLWriter(&scratch)
	put := func(name, id string, line any) error {
		if n := len(owned[name]); n == 0 || owned[name][n-1] != id {
			owned[name] = append(owned[name], id)
		}
		if err := jw.Write(line); err != nil {
			return err
		}
		if err := jw.Flush(); err != nil {
			return err
		}
		if bufs[name] == nil {
			bufs[name] = &bytes.Buffer{}
		}
		bufs[name].Write(scratch.Bytes())
		scratch.Reset()
		return nil
	}
	who := []string{e.user, annotate.CuratedLayer}
	curatedAs := annotate.CuratedBy(e.user)
	held := heldBack{now: annotate.NowMillis()}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ls, err := e.st.Layers(id, who)
		if err != nil {
			return nil, err
		}
		decs, err := e.ownDecisions(id)
		if err != nil {
			return nil, err
		}
		worked := func(l annotate.LayerInfo) bool { return l.Modified != 0 || l.Done || l.Answer != "" }
		if len(ls) < 2 || (!worked(ls[0]) && !worked(ls[1]) && len(decs) == 0) {
			continue
		}
		d, err := e.st.Document(id)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted since
		}
		if err != nil {
			return nil, err
		}
		files := layerFiles(id)
		if worked(ls[0]) {
			spans, err := e.st.LayerSpans(id, e.user)
			if err != nil {
				return nil, err
			}
			held.layer(files.layer, d, "your layer", ls[0], spans)
			if err := put(files.layer, id, layerLine(d, spans, ls[0])); err != nil {
				return nil, err
			}
		}
		// The curated layer goes out as the user's: colleagues read it as
		// curated:<user>, beside their own curated layer.
		if worked(ls[1]) {
			spans, err := e.st.LayerSpans(id, annotate.CuratedLayer)
			if err != nil {
				return nil, err
			}
			as := make([]*annotate.Span, len(spans))
			for i, sp := range spans {
				c := *sp
				c.Annotator = curatedAs
				as[i] = &c
			}
			info := ls[1]
			info.Annotator = curatedAs
			held.layer(files.curated, d, "your curated layer", info, as)
			if err := put(files.curated, id, layerLine(d, as, info)); err != nil {
				return nil, err
			}
		}
		for _, dec := range decs {
			if held.far(dec.At) {
				held.hold(files.decisions, fmt.Sprintf("your review decision on span %s of %s", dec.Span, articleName(d)), "its time", dec.At)
			}
			if err := put(files.decisions, id, dec); err != nil {
				return nil, err
			}
		}
	}
	var tb bytes.Buffer
	tw := annotate.NewJSONLWriter(&tb)
	err := e.st.Threads(ctx, func(th *annotate.Thread) error {
		if th.Annotator != e.user {
			return nil
		}
		if held.far(th.Created) {
			held.hold("threads.jsonl", fmt.Sprintf("your thread %s (%q)", th.ID, th.Title), "its created time", th.Created)
		}
		if held.far(th.Modified) {
			held.hold("threads.jsonl", fmt.Sprintf("your thread %s (%q)", th.ID, th.Title), "its time of change", th.Modified)
		}
		return tw.Write(annotate.EncodeThreadLine(th))
	})
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for name := range only {
		out[name] = nil // built, and empty unless a line follows
	}
	for name, b := range bufs {
		out[name] = b.Bytes()
	}
	if err := tw.Flush(); err != nil {
		return nil, err
	}
	out["threads.jsonl"] = tb.Bytes()
	// Lines marshalled one by one: a JSONLWriter's 256 KB buffer cost
	// every write of the layer, most of them with no deletion to list.
	var gb bytes.Buffer
	err = e.st.DeletedThreads(ctx, e.user, func(g store.GoneThread) error {
		if held.far(g.At) {
			held.hold(deletedFile, "your deletion of thread "+g.ID, "its time", g.At)
		}
		line, err := json.Marshal(deletedLine{ID: g.ID, Annotator: e.user, Deleted: annotate.FormatMillis(g.At)})
		gb.Write(line)
		gb.WriteByte('\n')
		return err
	})
	if err != nil {
		return nil, err
	}
	out[deletedFile] = gb.Bytes()
	// A file holding a time far past the clock is held back, the folder's
	// copy of it left as it was: every colleague's skein would refuse it
	// whole, and the user's work in it would reach no one unsaid.
	if only == nil || e.unwritten == nil {
		e.unwritten = map[string]string{}
	}
	for name := range out {
		delete(e.unwritten, name)
	}
	for name, why := range held.why {
		delete(out, name)
		e.unwritten[name] = why
	}
	if only == nil {
		e.owned = owned
	} else {
		for name := range only {
			e.owned[name] = owned[name]
		}
	}
	return out, nil
}

// retryHeld asks the next Publish to build again the own files held back,
// and says whether there are any: a repair of their times (skein check
// -repair-times, which the window serves) changes no document the window
// is told of.
func (e *Engine) retryHeld() bool {
	e.mu.Lock()
	n := len(e.unwritten) + len(e.kept)
	e.mu.Unlock()
	if n == 0 {
		return false
	}
	e.hintMu.Lock()
	e.hintHeld = true
	e.hintMu.Unlock()
	return true
}

// heldBack are the own files not to be written, by name, each with why:
// the first time in it far past the clock (annotate.CheckMillis), which
// every colleague's skein refuses, with the file.
type heldBack struct {
	now int64 // the clock when the build began
	why map[string]string
}

// far says whether ms lies far past the clock (annotate.CheckMillis). A
// time no later than the clock when the build began is never far: the
// clock is read again only for the rare later one, not for each of a
// layer's spans, and no words are made for a time that is not far.
func (h *heldBack) far(ms int64) bool { return ms > h.now && annotate.CheckMillis(ms) != nil }

// hold holds back file name for ms, the field of what, far past the clock
// (far), unless it is held back already.
func (h *heldBack) hold(name, what, field string, ms int64) {
	if h.why[name] != "" {
		return
	}
	if h.why == nil {
		h.why = map[string]string{}
	}
	h.why[name] = fmt.Sprintf("%s was not written to the team folder: %s has %s %s, more than a day after this machine's clock (an older skein took it in), and every colleague's skein would refuse the file for it, so your work in it reaches no one. "+
		"Run skein check -repair-times, which sets such times to sane ones; the file is written at the next sync",
		name, what, field, time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05 UTC"))
}

// layer checks the layer line of d written into file name: the layer's
// time (info) and its spans' created times.
func (h *heldBack) layer(name string, d *annotate.Document, what string, info annotate.LayerInfo, spans []*annotate.Span) {
	if h.far(info.Modified) {
		h.hold(name, what+" on "+articleName(d), "its time of change", info.Modified)
	}
	for _, sp := range spans {
		if h.far(sp.Created) {
			h.hold(name, fmt.Sprintf("span %s of %s on %s", sp.ID, what, articleName(d)), "its created time", sp.Created)
		}
	}
}

// articleName names d as a person finds it: its ID and title, or for one
// without a title its opening words (annotate.ShownTitle), not ("").
func articleName(d *annotate.Document) string {
	if strings.TrimSpace(d.Title) == "" {
		return fmt.Sprintf("article %s %s", d.ID, annotate.ShownTitle(d.Title, d.Text))
	}
	return fmt.Sprintf("article %s (%q)", d.ID, d.Title)
}

// bucketFiles are the own files that hold a document's work: the layer,
// the curated layer and the review decisions of the documents whose ID
// starts with the same two hex digits.
type bucketFiles struct{ layer, curated, decisions string }

func layerFiles(id string) bucketFiles {
	return bucketFiles{id[:2] + ".jsonl", "curated-" + id[:2] + ".jsonl", "decisions-" + id[:2] + ".jsonl"}
}

// fileBucket is the bucket (two hex digits) of a layer or curated layer
// file named name.
func fileBucket(name string) string {
	name = strings.TrimPrefix(strings.TrimSuffix(name, ".jsonl"), "curated-")
	return name
}

// layerLine is a document line of a layer file: the spans and the layer's
// time, without the article (it is in articles/).
func layerLine(d *annotate.Document, spans []*annotate.Span, info annotate.LayerInfo) *annotate.DocLine {
	line := annotate.EncodeDocLine(d, spans, []annotate.LayerInfo{info}, nil)
	line.Text, line.Title, line.Source, line.Date, line.Meta = "", "", "", "", nil
	return line
}

// ownDecisions are the user's review decisions on document id.
func (e *Engine) ownDecisions(id string) ([]*annotate.Decision, error) {
	all, err := e.st.Decisions(id)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(d *annotate.Decision) bool { return d.Reviewer != e.user }), nil
}

// takeHints returns the layer files the hinted documents live in and
// forgets the hints; nil means everything must be built.
func (e *Engine) takeHints() map[string]bool {
	e.hintMu.Lock()
	defer e.hintMu.Unlock()
	hints, all, held := e.hints, e.hintAll, e.hintHeld
	e.hints, e.hintAll, e.hintHeld = nil, false, false
	if hints == nil && held && !all && e.owned != nil {
		e.lastHints = nil
		return map[string]bool{} // the held-back files alone (publish)
	}
	if all || hints == nil || e.owned == nil { // nothing named: build it all
		e.lastHints = nil
		return nil
	}
	only := map[string]bool{}
	for id := range hints {
		if len(id) >= 2 {
			f := layerFiles(id)
			only[f.layer], only[f.curated], only[f.decisions] = true, true, true
		}
	}
	e.lastHints = hints
	return only
}

// hintDocs are the hinted documents in the files of only.
func (e *Engine) hintDocs(only map[string]bool) map[string]bool {
	out := map[string]bool{}
	for id := range e.lastHints {
		if len(id) >= 2 && only[layerFiles(id).layer] {
			out[id] = true
		}
	}
	return out
}

// layerDir is one colleague's layer on one machine, as found in the folder.
type layerDir struct {
	annotator, machine string
	// folder is the annotator's folder's name as the file system gives
	// it, which may be annotator decomposed (annotate.NormalName).
	folder  string
	changed []string // slash paths below the folder, to read
	// seen are the files of changed found by scanDir, as it found them.
	seen map[string]fileState
}

func (e *Engine) pull(ctx context.Context, rep *Report) error {
	defer func() { // once each (a file read again in a retry says it again)
		slices.Sort(rep.Notes)
		rep.Notes = slices.Compact(rep.Notes)
	}()
	if err := e.there(); err != nil {
		return err
	}
	if pullHook != nil {
		pullHook()
	}
	defer func() { slices.Sort(rep.Copies) }()
	if err := e.scanTop(rep); err != nil {
		return err
	}
	if fi, err := os.Stat(filepath.Join(e.dir, "assign.json")); err == nil {
		cur := fileState{Size: fi.Size(), ModNano: fi.ModTime().UnixNano()}
		old := e.state.Files["assign.json"]
		changed := old.Size != cur.Size || old.ModNano != cur.ModNano
		if changed || !e.assignRead {
			// Read as agree and the window read it: one that cannot be
			// (git's conflict markers left in it, half copied) stays
			// refused, by name and what to do, until it changes, rather
			// than being told of as a new assignment while the window's
			// list silently lost its assigned articles. Read once an
			// engine unchanged too: a skein before this one noted it
			// without reading it.
			if a, err := ReadAssignment(e.dir); err != nil {
				cur.Refused = strings.TrimPrefix(err.Error(), e.dir+string(filepath.Separator))
			} else {
				e.keepAssignment(a)
			}
			e.assignRead = true
			if changed || cur.Refused != old.Refused {
				e.state.Files["assign.json"] = cur
				e.unsaved = true
			}
			if changed {
				rep.Assignment = true
			}
		}
	} else if errors.Is(err, fs.ErrNotExist) {
		e.keepAssignment(nil)
	}
	docs, seen, err := e.newArticles(rep)
	if err != nil {
		return err
	}
	if err := e.healNamed(ctx, rep); err != nil {
		return err
	}
	dirs, err := e.scanLayers(rep)
	if err != nil {
		return err
	}
	if err := e.leftFolders(ctx, e.listed, rep); err != nil {
		return err
	}
	rep.Pulled = true
	rep.Colleagues = slices.Sorted(maps.Keys(e.machines))
	for _, ld := range dirs {
		maps.Copy(seen, ld.seen)
	}
	if len(docs) == 0 && len(dirs) == 0 {
		e.stillRefused(rep)
		return nil
	}
	if collectLess {
		defer syncMemory()() // fewer collections while it reads (gcsync.go)
	}
	defer syncProcs()() // a processor to spare for the window's keys (procsync.go)
	resolve := e.resolver()
	// Articles in chunks: an import holds its articles' texts until it
	// writes them, so a first sync of 20,000 held them all at once. The
	// chunks are of sorted IDs, as the layer files' buckets are: a bucket
	// is read once the chunks holding its articles are in (newWork).
	slices.Sort(docs)
	chunks := articleChunks(docs)
	// Colleagues new to the store bucket by bucket (a first sync), with
	// the articles.
	bulk, imported, err := e.newWork(ctx, chunks, dirs, seen, resolve, rep)
	if err != nil {
		// What it read in before (the folder moved away amid it) is in
		// the store, its files recorded as read: reported, to be shown.
		mergeArrivals(rep, bulk)
		return err
	}
	imported = imported || len(bulk) > 0
	for _, ld := range dirs {
		if len(ld.changed) == 0 {
			continue
		}
		n, err := e.importLayer(ctx, ld, resolve, rep)
		if err != nil {
			mergeArrivals(rep, bulk)
			return err
		}
		imported = imported || n
	}
	mergeArrivals(rep, bulk)
	// A file refused because what it refers to had not arrived yet (an
	// article, a colleague's span a thread links) is tried again once
	// something else arrived: copiers deliver files in any order.
	// Files refused earlier or in this very pass are tried again, in two
	// rounds for what refers across colleagues, while the round before
	// brought something.
	for round := 0; round < 2 && imported; round++ {
		imported = false
		retry := e.refusedFiles()
		if len(retry) == 0 {
			break
		}
		for _, ld := range retry {
			n, err := e.importLayer(ctx, ld, resolve, rep)
			if err != nil {
				return err
			}
			imported = imported || n
		}
	}
	if err := cutOff(e.dir); err != nil {
		return err
	}
	e.stillRefused(rep)
	rep.Withheld = e.withheld()
	return nil
}

// stillRefused lists in rep what stays refused, once each, as the state now
// holds it: at every pass, one with nothing new to read too, which an
// assign.json alone refused is.
func (e *Engine) stillRefused(rep *Report) {
	rep.Refused = rep.Refused[:0]
	for rel, fsd := range e.state.Files {
		if fsd.Refused == "" {
			continue
		}
		if _, err := os.Lstat(filepath.Join(e.dir, filepath.FromSlash(rel))); errors.Is(err, fs.ErrNotExist) {
			if len(fsd.Docs) > 0 {
				// A decisions file: what its last good copy held is
				// withdrawn once it stays gone (readDecisions).
				fsd.Refused = ""
				e.state.Files[rel] = fsd
			} else {
				delete(e.state.Files, rel) // gone: nothing to refuse any more
			}
			e.unsaved = true
			continue
		}
		rep.Refused = append(rep.Refused, errors.New(fsd.Refused))
	}
	sort.Slice(rep.Refused, func(i, j int) bool { return rep.Refused[i].Error() < rep.Refused[j].Error() })
}

// articleChunk is how many article files one import reads (a variable for
// a test's sake).
var articleChunk = 2000

// articleChunks cuts docs (sorted) into the chunks of articles a pull
// imports: of articleChunk each, but the first an eighth of that. The
// first bucket of layers waits for the first chunk, with nothing else to
// read beside it: a first sync of 20,000 articles began its buckets
// after 2,000 articles were read and written, ~0.3 s of one core.
func articleChunks(docs []string) [][]string {
	var chunks [][]string
	size := max(1, articleChunk/8)
	for len(docs) > 0 {
		n := min(len(docs), size)
		chunks = append(chunks, docs[:n])
		docs = docs[n:]
		size = articleChunk
	}
	return chunks
}

// newArticles lists the articles in the folder that the store lacks and
// that were not refused as they are now, and each one's size and time as
// listed (for readImport).
func (e *Engine) newArticles(rep *Report) ([]string, map[string]fileState, error) {
	dir := filepath.Join(e.dir, "articles")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("team folder: %w", err)
	}
	var out []string
	seen := map[string]fileState{}
	for _, ent := range ents {
		name := ent.Name()
		rel := "articles/" + name
		if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") {
			continue // a copier's or editor's file in progress
		}
		fsd, known := e.state.Files[rel]
		if known && fsd.Refused == "" {
			continue // written once: read once
		}
		m := articleRE.FindStringSubmatch(name)
		if m == nil && e.litter(rep, rel, name, articleFileName, "articles/", "") {
			continue
		}
		if m == nil {
			e.refuse(rep, rel, fileState{}, "not a file a team folder holds (articles are named <16 hex digits>.jsonl)")
			continue
		}
		fi, err := ent.Info()
		if err != nil || !fi.Mode().IsRegular() {
			e.refuse(rep, rel, fileState{}, "not a regular file")
			continue
		}
		cur := articleStat(fi)
		if known && fsd.Size == cur.Size && fsd.ModNano == cur.ModNano {
			rep.Refused = append(rep.Refused, errors.New(fsd.Refused))
			continue // refused as it is: read again when it changes
		}
		if ok, _ := e.st.HasDocument(m[1]); ok {
			// Held here already, so not read: no stat remembered, and the
			// next full write reads it once for damage (heal.go).
			e.state.Files[rel] = fileState{}
			e.unsaved = true
			continue
		}
		if fi.Size() > maxArticleFile {
			e.refuse(rep, rel, cur, fmt.Sprintf("%d bytes, more than the %d an article file may hold", fi.Size(), maxArticleFile))
			continue
		}
		out = append(out, rel)
		seen[rel] = cur
	}
	return out, seen, nil
}

// refuse records that the file at rel, as it is now, was not read; why
// names the file unless it is one short reason.
func (e *Engine) refuse(rep *Report, rel string, cur fileState, why string) {
	if cur.Size > 0 {
		if g := gitConflict(e.dir, rel); g != "" {
			why = g // what a line-by-line refusal said of the markers helped no one
		}
	}
	// A file's name as anyone sharing the folder gave it: quoted where
	// it holds a line break or U+202E (annotate.FileName), which printed
	// a refusal or a note of that colleague's words.
	shown := annotate.FileName(rel)
	switch {
	case strings.HasPrefix(why, rel+":"):
		why = shown + strings.TrimPrefix(why, rel)
	case !strings.HasPrefix(why, shown+":"):
		why = shown + ": " + why
	}
	cur.Refused = why
	cur.Threads = e.state.Files[rel].Threads // what the last good copy held
	cur.Lacking = e.state.Files[rel].Lacking
	cur.Docs = e.state.Files[rel].Docs
	cur.Carried = e.state.Files[rel].Carried
	e.state.Files[rel] = cur
	e.unsaved = true
	rep.Refused = append(rep.Refused, errors.New(why))
}

// scanLayers finds the colleagues' files that changed since they were last
// read, and the user's own layer written from other machines.
func (e *Engine) scanLayers(rep *Report) ([]*layerDir, error) {
	decided := map[string][]string{}
	for rel, fsd := range e.state.Files {
		if len(fsd.Docs) > 0 || len(fsd.Threads) > 0 {
			decided[path.Dir(rel)] = append(decided[path.Dir(rel)], rel)
		}
	}
	root := filepath.Join(e.dir, "layers")
	anns, err := e.readLayers(root)
	if err != nil {
		return nil, fmt.Errorf("team folder: %w", err)
	}
	var out []*layerDir
	user := annotate.NormalName(e.user)
	found := map[string]map[string]bool{}
	e.listed = map[string]bool{}
	for _, a := range anns {
		folder := a.Name()
		name := annotate.NormalName(folder)
		e.listed[name] = true
		if strings.HasPrefix(name, ".") {
			continue
		}
		if !a.IsDir() && e.litter(rep, "layers/"+folder, folder, nil, "", "") {
			continue
		}
		if a.IsDir() && e.folderLitter(rep, "layers/"+folder, folder, func(n string) bool { return annotate.ValidAnnotatorName(n) == nil },
			"layers/", e.owner) {
			continue
		}
		if !a.IsDir() {
			e.refuse(rep, "layers/"+folder, fileState{}, "not an annotator's folder (a file)")
			continue
		}
		if err := annotate.ValidAnnotatorName(name); err != nil {
			e.refuse(rep, "layers/"+folder, fileState{}, "not an annotator's folder: "+err.Error())
			continue
		}
		machines, err := os.ReadDir(filepath.Join(root, folder))
		if err != nil {
			e.refuse(rep, "layers/"+folder, fileState{}, err.Error())
			continue
		}
		for _, m := range machines {
			mname := m.Name()
			rel := "layers/" + folder + "/" + mname
			if strings.HasPrefix(mname, ".") {
				continue
			}
			if !m.IsDir() && e.litter(rep, rel, mname, nil, "", "") {
				continue
			}
			if m.IsDir() && !machineRE.MatchString(mname) && e.folderLitter(rep, rel, mname, machineRE.MatchString, "layers/"+folder+"/", func(string) string { return e.owner(folder) }) {
				continue
			}
			if !m.IsDir() || !machineRE.MatchString(mname) {
				e.refuse(rep, rel, fileState{}, "not a machine's folder (16 hex digits)")
				continue
			}
			if name == user && mname == e.machine {
				e.scanOwn(rep, rel, mname)
			}
			if name == user {
				// Another machine's copy is told of only under an owner
				// file that says it is the user's on that machine, as a
				// colleague's folder is read only under theirs.
				if mname != e.machine && e.ownerOK(rel, name, mname, rep) {
					e.scanOwn(rep, rel, mname)
					if tw, ok := e.twinNews(folder, mname); ok {
						rep.Twins = append(rep.Twins, tw)
					}
				}
				continue // never read into the own layer unless chosen
			}
			if !e.ownerOK(rel, name, mname, rep) {
				continue // refused, its folder with it: read again when it changes
			}
			if found[name] == nil {
				found[name] = map[string]bool{}
			}
			found[name][folder+"/"+mname] = true
			ld := &layerDir{annotator: name, folder: folder, machine: mname}
			if err := e.scanDir(ld, decided, rep); err != nil {
				return nil, err
			}
			out = append(out, ld)
		}
	}
	e.twins = slices.Clone(rep.Twins)
	e.machines = found
	return out, nil
}

// readLayers lists root, layers/, as os.ReadDir does, and sets e.layersID
// to the folder it listed (folderID, madeAt): a colleague's folder is taken for
// gone only from the layers/ it was seen in (left.go).
func (e *Engine) readLayers(root string) ([]os.DirEntry, error) {
	f, err := os.Open(root)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	ents, err := f.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ents, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	e.layersID = folderID(fi)
	if e.layersID != "" {
		e.layersID += madeAt(f)
	}
	return ents, nil
}

// ownerOK checks the owner.json of the colleague's machine folder rel
// (layers/<annotator>/<machine>), when there is one yet (copiers deliver
// files in any order), and reports whether the folder's files are read.
// One from a newer skein is refused as a newer skein's folder is, and one
// naming another annotator or machine than its folder as a foreign file
// is; one half copied likewise: refused by name, the folder's files with
// it, and read again when it changes.
func (e *Engine) ownerOK(rel, annotator, machine string, rep *Report) bool {
	orel := rel + "/owner.json"
	p := filepath.Join(e.dir, filepath.FromSlash(orel))
	fi, err := os.Lstat(p)
	if err != nil {
		return true // none (yet): the files are checked as ever
	}
	cur := fileState{Size: fi.Size(), ModNano: fi.ModTime().UnixNano()}
	if old, known := e.state.Files[orel]; known && old.Size == cur.Size && old.ModNano == cur.ModNano {
		if old.Refused != "" {
			rep.Refused = append(rep.Refused, errors.New(old.Refused))
			return false
		}
		return true
	}
	if why := ownerProblem(p, fi, annotator, machine); why != "" {
		e.refuse(rep, orel, cur, why+"; the folder's files are not read")
		return false
	}
	e.state.Files[orel] = cur
	e.unsaved = true
	return true
}

// ownerProblem is what is wrong with the owner file at p (fi its Lstat)
// of the folder of annotator's layer on machine, "" when nothing is.
func ownerProblem(p string, fi fs.FileInfo, annotator, machine string) string {
	if !fi.Mode().IsRegular() {
		return "not a regular file"
	}
	if fi.Size() > maxSmallFile {
		return fmt.Sprintf("%d bytes, more than the %d an owner file may hold", fi.Size(), maxSmallFile)
	}
	b, err := readLimited(p, maxSmallFile)
	switch {
	case errors.Is(err, formats.ErrNotRegular):
		return "not a regular file"
	case err != nil:
		return fmt.Sprintf("cannot read: %v", strings.TrimPrefix(err.Error(), p+": cannot read: "))
	}
	var o struct {
		Format    int    `json:"format"`
		Annotator string `json:"annotator"`
		Machine   string `json:"machine"`
	}
	k, dup := annotate.DupKey(b)
	c := annotate.FieldCase(b, &o)
	switch err := json.Unmarshal(b, &o); {
	case dup >= 0:
		return annotate.DupKeyError(k, fmt.Sprintf("at byte %d", dup)).Error()
	case c.At >= 0:
		return c.Error(fmt.Sprintf("at byte %d", c.At)).Error()
	case err != nil:
		return fmt.Sprintf("not an owner file (half copied?): %s", annotate.JSONErrorPlain(err))
	case o.Format > Format:
		return fmt.Sprintf("written by a newer skein (format %d; this skein reads %d): update skein", o.Format, Format)
	case o.Format < 1:
		return fmt.Sprintf("not an owner file of skein's (format %d)", o.Format)
	case o.Annotator != annotator || o.Machine != machine:
		if !shown(o.Annotator) || !shown(o.Machine) {
			return fmt.Sprintf("names another annotator or machine than this folder's %s on %s, in words that are no name (%d and %d bytes, or holding control characters)",
				annotator, machine, len(o.Annotator), len(o.Machine))
		}
		return fmt.Sprintf("names %s's layer on machine %s, not this folder's %s on %s", o.Annotator, o.Machine, annotator, machine)
	}
	return ""
}

// hostOf is the host an owner file in dir names, as it is shown beside a
// machine's ID; "" where it names none a person can be shown (the file is
// anyone's to write: a host of a megabyte, or one holding a line break
// that would print a line of its own in skein sync's notes).
func hostOf(dir string) string {
	b, err := readLimited(filepath.Join(dir, "owner.json"), maxSmallFile)
	if err != nil {
		return ""
	}
	var o struct {
		Host string `json:"host"`
	}
	_ = json.Unmarshal(b, &o)
	if !shown(o.Host) {
		return ""
	}
	return o.Host
}

// shown says whether s, a name from a file anyone can write, can be shown
// in a line as it is: at most 255 bytes (a host name has 253), with no
// control character, nor one that turns the text's direction (U+202E
// showed the rest of skein sync's note of a twin backwards, the machine
// and the command to take its copy among it).
func shown(s string) bool {
	return len(s) <= 255 && !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) })
}

// scanDir lists the files of ld that changed; decided are the decisions
// files read before, by folder.
func (e *Engine) scanDir(ld *layerDir, decided map[string][]string, rep *Report) error {
	rel := "layers/" + ld.folder + "/" + ld.machine
	ents, err := os.ReadDir(filepath.Join(e.dir, filepath.FromSlash(rel)))
	if err != nil {
		e.refuse(rep, rel, fileState{}, err.Error())
		return nil
	}
	listed := map[string]bool{}
	for _, ent := range ents {
		name := ent.Name()
		frel := rel + "/" + name
		if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || name == "owner.json" {
			continue
		}
		if fileKind(name) == "" {
			if e.litter(rep, frel, name, layerFileName, rel+"/", ld.annotator+"'s") {
				continue
			}
			if _, seen := e.state.Files[frel]; !seen {
				e.refuse(rep, frel, fileState{}, "not a file a layer folder holds (<2 hex digits>.jsonl, curated-<2 hex digits>.jsonl, decisions-<2 hex digits>.jsonl or threads.jsonl)")
			}
			continue
		}
		listed[frel] = true
		fi, err := ent.Info()
		if err != nil {
			continue // gone since the listing: the next scan sees it
		}
		cur := fileState{Size: fi.Size(), ModNano: fi.ModTime().UnixNano()}
		old, known := e.state.Files[frel]
		if known && old.GoneAt != 0 {
			old.GoneAt, old.GoneBoot = 0, nil // back as it was: a later absence waits anew
			e.state.Files[frel] = old
			e.unsaved = true
		}
		// A layer file only a skein before what it carried was recorded
		// read is read again, once: its owner's folder gone later takes
		// what it brought, not its bucket (left.go).
		if known && old.Size == cur.Size && old.ModNano == cur.ModNano && (old.Awaiting == "" || old.Awaiting == e.deletedStamp(rel)) && old.Cut == nil && !old.uncarried(name) {
			if old.Refused != "" {
				rep.Refused = append(rep.Refused, errors.New(old.Refused))
			}
			if old.Note != "" {
				rep.Notes = append(rep.Notes, old.Note)
			}
			continue
		}
		if !fi.Mode().IsRegular() {
			e.refuse(rep, frel, cur, "not a regular file")
			continue
		}
		if fi.Size() > maxLayerFile {
			e.refuse(rep, frel, cur, fmt.Sprintf("%d bytes, more than the %d a layer file may hold", fi.Size(), maxLayerFile))
			continue
		}
		ld.changed = append(ld.changed, frel)
		if ld.seen == nil {
			ld.seen = map[string]fileState{}
		}
		ld.seen[frel] = cur
	}
	// A decisions file read before and gone now withdrew its decisions
	// (the colleague's last ones in those articles): read it as empty. So
	// does a threads file (its author deleted their last thread).
	for _, frel := range decided[rel] {
		if !listed[frel] {
			ld.changed = append(ld.changed, frel)
		}
	}
	sortByKind(ld.changed)
	return nil
}

// sortByKind orders a layer folder's files as they must be read: spans
// before the curated spans and threads that refer to them, decisions after
// the curated spans they name.
func sortByKind(rels []string) {
	rank := map[string]int{kindLayer: 0, kindCurated: 1, kindDecisions: 2, kindThreads: 3}
	sort.Slice(rels, func(i, j int) bool {
		ki, kj := rank[fileKind(path.Base(rels[i]))], rank[fileKind(path.Base(rels[j]))]
		if ki != kj {
			return ki < kj
		}
		return rels[i] < rels[j]
	})
}

// refusedFiles lists the layer files refused last time, by folder, to try
// again once something else arrived.
func (e *Engine) refusedFiles() []*layerDir {
	by := map[string]*layerDir{}
	var keys []string
	for rel, fsd := range e.state.Files {
		if fsd.Refused == "" || !strings.HasPrefix(rel, "layers/") {
			continue
		}
		parts := strings.Split(rel, "/")
		if len(parts) != 4 || fileKind(parts[3]) == "" {
			continue
		}
		// Only what the scan would read: a regular file of allowed size.
		if fi, err := os.Lstat(filepath.Join(e.dir, filepath.FromSlash(rel))); err != nil || !fi.Mode().IsRegular() || fi.Size() > maxLayerFile {
			continue
		}
		k := parts[1] + "/" + parts[2]
		if e.state.Files["layers/"+k+"/owner.json"].Refused != "" {
			continue // its folder is not read while its owner file is refused
		}
		if by[k] == nil {
			by[k] = &layerDir{annotator: annotate.NormalName(parts[1]), folder: parts[1], machine: parts[2]}
			keys = append(keys, k)
		}
		by[k].changed = append(by[k].changed, rel)
	}
	sort.Strings(keys)
	out := make([]*layerDir, 0, len(keys))
	for _, k := range keys {
		sortByKind(by[k].changed)
		out = append(out, by[k])
	}
	return out
}

func (e *Engine) importLayer(ctx context.Context, ld *layerDir, resolve func(string) (*annotate.Document, error), rep *Report) (bool, error) {
	by := map[string][]string{}
	for _, rel := range ld.changed {
		k := fileKind(path.Base(rel))
		if k == kindThreads {
			k = kindLayer // the annotator's own, read with their spans
		}
		by[k] = append(by[k], rel)
	}
	a := Arrival{Annotator: ld.annotator}
	imported := false
	docs := map[string]bool{}
	// What was read in is reported however the read ends: a move that
	// cuts it short (below) leaves it in the store, to be shown.
	defer func() {
		if a.Spans > 0 || a.Removed > 0 || a.Curated > 0 || a.CuratedRemoved > 0 || a.Threads > 0 || a.Decisions > 0 || a.ThreadsRemoved > 0 || len(docs) > 0 {
			for d := range docs {
				a.Docs = append(a.Docs, d)
			}
			sort.Strings(a.Docs)
			rep.Arrived = append(rep.Arrived, a)
		}
	}()
	held := map[string][]string{} // what each threads file held when last read
	lacked := map[string]*lackState{}
	for _, rel := range by[kindLayer] {
		if fileKind(path.Base(rel)) == kindThreads {
			held[rel], lacked[rel] = e.state.Files[rel].Threads, e.state.Files[rel].Lacking
		}
	}
	for _, part := range []struct {
		files   []string
		as      string
		n, gone *int
	}{{by[kindLayer], ld.annotator, &a.Spans, &a.Removed}, {by[kindCurated], annotate.CuratedBy(ld.annotator), &a.Curated, &a.CuratedRemoved}} {
		if len(part.files) == 0 {
			continue
		}
		res, changed, moved, err := e.importAs(ctx, part.files, part.as, resolve, rep)
		if err != nil {
			return imported, err
		}
		if res == nil {
			continue
		}
		imported = true
		*part.n += moved.changed
		*part.gone += moved.removed
		a.Threads += res.Threads
		a.Files += res.Files
		for _, d := range changed {
			docs[d] = true
		}
	}
	if err := cutOff(e.dir); err != nil {
		// A threads or decisions file not found now is out of reach with
		// the folder, not withdrawn by its author.
		return imported, err
	}
	n, err := e.dropGoneThreads(ctx, ld, held, lacked)
	if err != nil {
		return imported, err
	}
	imported = imported || n > 0
	a.ThreadsRemoved += n
	if len(by[kindDecisions]) > 0 {
		n, changed, err := e.readDecisions(ctx, ld.annotator, by[kindDecisions], rep)
		if err != nil {
			return imported, err
		}
		imported = imported || n > 0 || len(changed) > 0
		a.Decisions += n
		for _, d := range changed {
			docs[d] = true
		}
	}
	return imported, nil
}

// cutOff is the team folder dir not there (moved, renamed, its disk
// unplugged) after a read listed it, or nil. The files the read then
// found gone it passed over as gone (readImport) and recorded nothing of:
// the pass says the folder is not there rather than finish quietly as if
// it read everything, and the next pass, the folder back, reads them.
func cutOff(dir string) error { return wentAway(dir) }

// dropGoneThreads deletes from the store the threads of ld's annotator
// that a threads file of that folder held when last read (held, by path)
// and holds no longer, now that it was read whole or is gone: its author
// deleted them (a layer has one author, so their threads in this store are
// what their file says). It says how many it deleted. A file refused now
// (half copied, a bad line) deletes nothing, and neither does one never
// read whole before: only a thread this store read from that very file
// goes. A thread another machine's file of the same annotator still held
// when last read stays (theirs until gone from both), and so does another
// annotator's thread of that ID (a thread of the user's linking the
// colleague's spans is the user's). A thread goes only where the folder's
// deletion file names it or, where the folder has none at all, where the
// fallback of unlisted.go (lacked: what it kept before, by path) finds it
// deleted. The file's new list is recorded in
// the engine's state only by the pass that deletes: a kill before the
// deletion is written leaves the state as before, and the next pass
// deletes the same threads.
func (e *Engine) dropGoneThreads(ctx context.Context, ld *layerDir, held map[string][]string, lacked map[string]*lackState) (int, error) {
	var gone []store.GoneThread
	var removed []string
	var deleted map[string]int64 // ld's deletedFile, read at the first thread gone
	noFile := false              // ld's folder has no deletedFile at all
	awaiting := map[string][]string{}
	lacking := map[string]*lackState{}
	for rel, old := range held {
		_, err := os.Lstat(filepath.Join(e.dir, filepath.FromSlash(rel)))
		vanished := errors.Is(err, fs.ErrNotExist)
		now := e.state.Files[rel]
		if vanished {
			removed = append(removed, rel)
			now = fileState{}
		} else if now.Refused != "" || err != nil {
			continue
		}
		var unlisted []store.GoneThread
		for _, id := range old {
			if slices.Contains(now.Threads, id) || e.heldElsewhere(ld, id) {
				continue
			}
			t, err := e.st.Thread(id)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return 0, err
			}
			if t.Annotator != ld.annotator {
				continue
			}
			if deleted == nil {
				deleted, noFile = e.colleagueDeletions(ld)
			}
			// Dated after its last change, so that the store deletes it
			// though its author's clock ran a little ahead of this one.
			g := store.GoneThread{ID: id, Annotator: t.Annotator, At: max(annotate.NowMillis(), t.ChangedAt()+1)}
			if _, ok := deleted[id]; !ok {
				// Not deleted by its author: the file cut at the end of a
				// line or gone for a moment, as a sync tool copies it, or
				// its deletion line yet to arrive. Kept, and awaited,
				// unless the fallback below finds it deleted.
				unlisted = append(unlisted, g)
				continue
			}
			gone = append(gone, g)
		}
		if len(unlisted) == 0 {
			continue
		}
		var fallen []store.GoneThread
		if noFile {
			fallen, lacking[rel] = e.twiceLacking(rel, now, vanished, lacked[rel], unlisted)
			gone = append(gone, fallen...)
		}
		for _, g := range unlisted {
			if !slices.Contains(fallen, g) {
				awaiting[rel] = append(awaiting[rel], g.ID)
			}
		}
	}
	if len(gone) > 0 {
		if goneHook != nil {
			goneHook("before")
		}
		_, err := e.st.WriteBatch(ctx, &store.Batch{Gone: gone})
		if err == nil && goneHook != nil {
			goneHook("after")
		}
		if err != nil {
			// Not deleted: each file is read again at the next pass,
			// against what it held before.
			for rel, old := range held {
				f := e.state.Files[rel]
				f.Threads, f.Size, f.Lacking = old, -1, lacked[rel]
				e.state.Files[rel] = f
			}
			return 0, err
		}
	}
	for _, rel := range removed {
		if len(awaiting[rel]) == 0 {
			delete(e.state.Files, rel)
		} else { // looked for again at each pass while it is gone
			e.state.Files[rel] = fileState{Size: -1, Lacking: lacking[rel]}
		}
		e.unsaved = true
	}
	for rel := range held {
		f, ok := e.state.Files[rel]
		if !ok || f.Refused != "" {
			continue
		}
		f.Threads = append(f.Threads, awaiting[rel]...)
		f.Awaiting, f.Lacking = "", lacking[rel]
		if len(awaiting[rel]) > 0 {
			f.Awaiting = e.deletedStamp(path.Dir(rel))
		}
		e.state.Files[rel] = f
		e.unsaved = true
	}
	return len(gone), nil
}

// colleagueDeletions are the threads ld's deletedFile says its annotator
// deleted, by ID: none where it is missing or has a bad line (cut, as a
// sync tool copies it), until it is whole. none says the folder has no
// deletedFile at all (a sync engine leaving out hidden files).
func (e *Engine) colleagueDeletions(ld *layerDir) (times map[string]int64, none bool) {
	times = map[string]int64{}
	p := filepath.Join(e.dir, "layers", ld.folder, ld.machine, deletedFile)
	b, err := readLimited(p, maxLayerFile)
	if err != nil {
		_, serr := os.Lstat(p)
		return times, errors.Is(serr, fs.ErrNotExist)
	}
	for _, line := range bytes.Split(b, []byte{'\n'}) {
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		if deletionTime(line, times, ld.annotator) != nil {
			return map[string]int64{}, false
		}
	}
	return times, false
}

// deletedStamp is the size and time of the deletedFile in the layer
// folder rel (a slash path below the folder), "none" where there is none.
func (e *Engine) deletedStamp(rel string) string {
	fi, err := os.Lstat(filepath.Join(e.dir, filepath.FromSlash(rel), deletedFile))
	if err != nil {
		return "none"
	}
	return fmt.Sprintf("%d/%d", fi.Size(), fi.ModTime().UnixNano())
}

// importedHook, when set (by a test: OnImported), is called as
// readImport's import returns: a copier may put another version of a file
// in place then, or the folder be moved away.
var importedHook atomic.Pointer[func()]

// OnImported has f called on the reading goroutine as each import of a
// read of the team folder returns (a colleague's files read in, the next
// not yet), until the func it returns is called: for tests, the window's
// too (package app), that move the folder away amid a read. It may be set
// while an engine runs.
func OnImported(f func()) (unset func()) {
	importedHook.Store(&f)
	return func() { importedHook.Store(nil) }
}

// pullHook, when set (by a test), is called as a read begins, the folder
// found there.
var pullHook func()

// goneHook, when set (by a test), is called just before dropGoneThreads
// writes its deletions ("before") and just after ("after").
var goneHook func(when string)

// heldElsewhere says whether a threads file of ld's annotator on another
// machine held thread id when last read whole.
func (e *Engine) heldElsewhere(ld *layerDir, id string) bool {
	for rel, fsd := range e.state.Files {
		parts := strings.Split(rel, "/")
		if len(parts) != 4 || parts[0] != "layers" || parts[3] != "threads.jsonl" || parts[2] == ld.machine || annotate.NormalName(parts[1]) != ld.annotator {
			continue
		}
		if slices.Contains(fsd.Threads, id) {
			return true
		}
	}
	return false
}

// threadIDs are the IDs of the thread lines of b, a threads file read
// whole by an import.
func threadIDs(b []byte) []string {
	var ids []string
	for _, line := range bytes.Split(b, []byte{'\n'}) {
		var l struct {
			Type string `json:"type"`
			ID   string `json:"id"`
		}
		if json.Unmarshal(line, &l) == nil && l.Type == "thread" && l.ID != "" {
			ids = append(ids, l.ID)
		}
	}
	return ids
}

// spanMoves counts what an import did to a layer's spans: those new or
// changed, and those gone.
type spanMoves struct{ changed, removed int }

// importAs imports files holding only layer's work and says which
// articles' layer moved, and how many of its spans: a layer written anew
// (its time moved: by an older skein, a thread of theirs changed) rewrites every span of it
// in the store, but only those that differ are news to the user.
func (e *Engine) importAs(ctx context.Context, files []string, layer string, resolve func(string) (*annotate.Document, error), rep *Report) (*transfer.Result, []string, spanMoves, error) {
	// The layer's time and spans on each article the files name, before:
	// the articles where it moved are the ones that changed.
	// A layer the store has never seen (a first sync) changed wherever the
	// files name it, and every span it brings is new: no need to look.
	known, err := e.st.Annotators()
	if err != nil {
		return nil, nil, spanMoves{}, err
	}
	fresh := !slices.Contains(known, layer)
	before := map[string]int64{}
	had := map[string][]*annotate.Span{}
	var mu sync.Mutex // Import resolves on several goroutines
	watch := func(id string) (*annotate.Document, error) {
		mu.Lock()
		_, ok := before[id]
		mu.Unlock()
		if !ok {
			var ms int64
			var spans []*annotate.Span
			if !fresh {
				ms, _ = e.st.LayerModified(id, layer)
				if ms != 0 {
					spans, _ = e.st.LayerSpans(id, layer)
				}
			}
			mu.Lock()
			before[id] = ms
			had[id] = spans
			mu.Unlock()
		}
		return resolve(id)
	}
	res, err := e.importFiles(ctx, files, layer, watch, rep)
	if err != nil || res == nil {
		return nil, nil, spanMoves{}, err
	}
	var changed []string
	moved := spanMoves{changed: res.Spans}
	if res.Spans > 0 || res.Threads > 0 || res.Replaced > 0 {
		if !fresh {
			moved = spanMoves{}
		}
		for id, ms := range before {
			if fresh {
				changed = append(changed, id)
				continue
			}
			now, _ := e.st.LayerModified(id, layer)
			if now == ms {
				continue
			}
			changed = append(changed, id)
			after, err := e.st.LayerSpans(id, layer)
			if err != nil {
				continue // stored; only its count is not known
			}
			m := compareSpans(had[id], after)
			moved.changed += m.changed
			moved.removed += m.removed
		}
	}
	rep.DocsAdded += res.DocsAdded
	return res, changed, moved, nil
}

// compareSpans counts the spans of after that are new or differ from
// their copy in before, and those of before that after lacks.
func compareSpans(before, after []*annotate.Span) spanMoves {
	old := make(map[string]*annotate.Span, len(before))
	for _, s := range before {
		old[s.ID] = s
	}
	var m spanMoves
	for _, s := range after {
		if o, ok := old[s.ID]; !ok || !transfer.SameSpan(o, s) {
			m.changed++
		}
		delete(old, s.ID)
	}
	m.removed = len(old)
	return m
}

// readDecisions reads a colleague's review decisions: each file names the
// articles it holds, and their decisions there become exactly the file's
// (kept under their curated layer's name, annotate.CuratedBy). A file with
// a bad line is refused whole. It returns how many decisions are new or
// changed, and the articles where any changed.
func (e *Engine) readDecisions(ctx context.Context, annotator string, rels []string, rep *Report) (int, []string, error) {
	as := annotate.CuratedBy(annotator)
	n := 0
	var changed []string
	for _, rel := range rels {
		p := filepath.Join(e.dir, filepath.FromSlash(rel))
		old := e.state.Files[rel]
		var cur fileState
		var b []byte
		fi, err := os.Lstat(p)
		gone := errors.Is(err, fs.ErrNotExist) // withdrawn: read as empty
		switch {
		case gone:
			// Withdrawn only once gone at two reads decisionsGoneWait
			// apart (a later pass: the window reads the folder at least
			// every 10 s, every second where it cannot be watched).
			now, boot := goneClock().UnixNano(), bootClock()
			if old.GoneAt == 0 || !waited(decisionsGoneWait, old.GoneAt, old.GoneBoot, now, boot) {
				if old.GoneAt == 0 || now < old.GoneAt {
					old.GoneAt, old.GoneBoot = now, &boot
					e.state.Files[rel] = old
					e.unsaved = true
				}
				continue
			}
		case err != nil:
			continue // the next scan sees it
		default:
			cur = fileState{Size: fi.Size(), ModNano: fi.ModTime().UnixNano()}
			if b, err = readLimited(p, maxLayerFile); err != nil {
				e.refuse(rep, rel, cur, err.Error())
				continue
			}
		}
		if !gone && len(bytes.TrimSpace(b)) == 0 {
			// Its owner's skein removes a file it would leave empty:
			// one read empty is a copy under way (an in-place copy
			// starts at nothing), and withdrew every decision in it.
			e.refuse(rep, rel, cur, "empty: no review decision in it")
			continue
		}
		byDoc, err := e.parseDecisions(rel, b, annotator)
		if err != nil {
			e.refuse(rep, rel, cur, err.Error())
			continue
		}
		var cut *cutCheck
		if !gone {
			cut = &cutCheck{last: lastDecisionDoc(b), ends: lineEnds(b), prev: old.Cut, now: goneClock().UnixNano(), boot: bootClock()}
		}
		docs := slices.Clone(old.Docs)
		for d := range byDoc {
			if !slices.Contains(docs, d) {
				docs = append(docs, d)
			}
		}
		sort.Strings(docs)
		for _, d := range docs {
			had, err := e.st.Decisions(d)
			if err != nil {
				return n, changed, err
			}
			had = slices.DeleteFunc(had, func(x *annotate.Decision) bool { return x.Reviewer != as })
			now := cut.keep(d, had, byDoc[d])
			if len(now) > 0 {
				byDoc[d] = now
			}
			if sameDecisions(had, now) {
				continue
			}
			if err := e.st.ReplaceDecisions(ctx, d, as, now); errors.Is(err, store.ErrNotFound) && len(now) == 0 {
				continue // the article is gone: nothing to withdraw
			} else if err != nil {
				return n, changed, err
			}
			if decisionsHook != nil {
				decisionsHook(d)
			}
			for _, x := range now {
				if !slices.ContainsFunc(had, func(h *annotate.Decision) bool { return *h == *x }) {
					n++
				}
			}
			changed = append(changed, d)
		}
		cur.Docs = slices.Collect(maps.Keys(byDoc))
		sort.Strings(cur.Docs)
		cur.Lines = strings.Count(string(b), "\n")
		cur.Cut = cut.state()
		if gone {
			delete(e.state.Files, rel)
		} else {
			e.state.Files[rel] = cur
		}
		e.unsaved = true
	}
	return n, changed, nil
}

// decisionsHook, when set (by a test), is called just after readDecisions
// replaces a colleague's decisions on an article.
var decisionsHook func(doc string)

// parseDecisions reads a decisions file: one JSON decision a line, each the
// folder's annotator's, on an article the store holds.
func (e *Engine) parseDecisions(rel string, b []byte, annotator string) (map[string][]*annotate.Decision, error) {
	as := annotate.CuratedBy(annotator)
	out := map[string][]*annotate.Decision{}
	seen := map[[2]string]bool{}
	for i, line := range bytes.Split(b, []byte{'\n'}) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		at := fmt.Sprintf("%s:%d", rel, i+1)
		var d annotate.Decision
		if k, i := annotate.DupKey(line); i >= 0 {
			return nil, fmt.Errorf("%s: %w", at, annotate.DupKeyError(k, fmt.Sprintf("at byte %d of the line", i)))
		}
		if c := annotate.FieldCase(line, &d); c.At >= 0 {
			return nil, fmt.Errorf("%s: %w", at, c.Error(fmt.Sprintf("at byte %d of the line", c.At)))
		}
		if err := json.Unmarshal(line, &d); err != nil {
			return nil, fmt.Errorf("%s: not a review decision: %s", at, annotate.JSONErrorPlain(err))
		}
		switch {
		case d.Reviewer != annotator:
			return nil, fmt.Errorf("%s: a decision of %q, in a file that may hold only %s's", at, d.Reviewer, annotator)
		case d.Verdict != annotate.VerdictAccept && d.Verdict != annotate.VerdictReject && d.Verdict != annotate.VerdictEdit:
			return nil, fmt.Errorf("%s: verdict %q (want accept, reject or edit)", at, d.Verdict)
		case d.Span == "" || len(d.Span) > 64 || len(d.Curated) > 64:
			return nil, fmt.Errorf("%s: a decision names no span, or an ID longer than 64 bytes", at)
		case !hexRE.MatchString(d.Doc) || !strings.HasPrefix(path.Base(rel), "decisions-"+d.Doc[:2]):
			return nil, fmt.Errorf("%s: article %q does not belong in this file", at, d.Doc)
		case seen[[2]string{d.Doc, d.Span}]:
			return nil, fmt.Errorf("%s: a second decision on span %s", at, d.Span)
		}
		if err := annotate.CheckMillis(d.At); err != nil {
			// The latest decision's time decides whose review is newer.
			return nil, fmt.Errorf("%s: the decision on span %s: its time (at %d, %s) %v", at, d.Span, d.At, annotate.FormatMillis(d.At), err)
		}
		if ok, err := e.st.HasDocument(d.Doc); err != nil {
			return nil, err
		} else if !ok {
			return nil, fmt.Errorf("%s: article %s is not here yet", at, d.Doc)
		}
		seen[[2]string{d.Doc, d.Span}] = true
		d.Reviewer = as
		out[d.Doc] = append(out[d.Doc], &d)
	}
	return out, nil
}

// sameDecisions: a and b hold the same decisions, in any order.
func sameDecisions(a, b []*annotate.Decision) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range b {
		if !slices.ContainsFunc(a, func(h *annotate.Decision) bool { return *h == *x }) {
			return false
		}
	}
	return true
}

// importFiles imports the files (slash paths below the folder) through
// `skein import`'s checks, all of them holding only the work of annotator.
// A file with a problem is refused whole and the rest imported; nil, nil
// means none was good.
func (e *Engine) importFiles(ctx context.Context, rels []string, annotator string, resolve func(string) (*annotate.Document, error), rep *Report) (*transfer.Result, error) {
	return e.importOwned(ctx, rels, annotator, nil, resolve, rep)
}

// importOwned is importFiles where owners, when set, names by slash path
// the annotator of each file (transfer.ImportOptions.Owners).
func (e *Engine) importOwned(ctx context.Context, rels []string, annotator string, owners map[string]string, resolve func(string) (*annotate.Document, error), rep *Report) (*transfer.Result, error) {
	return e.readImport(ctx, rels, annotator, owners, resolve, nil, nil).apply(e, rep)
}

// anImport is what readImport did: its result, and what it found of each
// file, for apply to record in the engine's state.
type anImport struct {
	res   *transfer.Result
	err   error
	files []fileNote
}

// fileNote is a file read (why empty) or refused (why).
type fileNote struct {
	rel string
	cur fileState
	why string
}

// readImport imports the files as importOwned does, touching nothing of
// the engine's state: several may run at once (newWork).
//
// bulk, when not nil, is the bulk load the import is part of (newWork).
// seen, when not nil, holds the files as the pass listed them (regular
// files, of sizes allowed): they are read without another look first,
// and recorded as listed (one that changed since is read again at the
// next pass). It is only read: several imports may share it.
func (e *Engine) readImport(ctx context.Context, rels []string, annotator string, owners map[string]string, resolve func(string) (*annotate.Document, error), bulk *store.Bulk, seen map[string]fileState) *anImport {
	out := &anImport{}
	stats := make(map[string]fileState, len(rels))
	for _, rel := range rels {
		if cur, ok := seen[rel]; ok {
			stats[rel] = cur
			continue
		}
		fi, err := os.Stat(filepath.Join(e.dir, filepath.FromSlash(rel)))
		if err != nil {
			continue // gone: nothing to read
		}
		stats[rel] = fileState{Size: fi.Size(), ModNano: fi.ModTime().UnixNano()}
	}
	// The articles the files name, as the import asks for them: what
	// each layer file carried.
	var mu sync.Mutex
	named := map[string]bool{}
	opt := transfer.ImportOptions{Format: "skein", User: e.user, Annotator: annotator, Only: annotator, Docs: func(id string) (*annotate.Document, error) {
		mu.Lock()
		named[id] = true
		mu.Unlock()
		return resolve(id)
	}, Root: e.dir, Bulk: bulk, Listed: true, Buckets: true}
	for _, st := range stats {
		opt.Spans += int(st.Size / bytesPerSpan)
	}
	if owners != nil {
		opt.Owners = make(map[string]string, len(rels))
		for _, rel := range rels {
			opt.Owners[filepath.Join(e.dir, filepath.FromSlash(rel))] = owners[rel]
		}
	}
	// The files still there, in the order given.
	left := slices.DeleteFunc(slices.Clone(rels), func(rel string) bool { _, ok := stats[rel]; return !ok })
	for len(left) > 0 {
		paths := make([]string, len(left))
		for i, rel := range left {
			paths[i] = filepath.Join(e.dir, filepath.FromSlash(rel))
		}
		res, err := transfer.Import(ctx, e.st, paths, opt)
		if f := importedHook.Load(); f != nil {
			(*f)()
		}
		var refused *transfer.Refused
		if errors.As(err, &refused) {
			bad := map[string][]string{}
			for _, p := range refused.Problems {
				var le *annotate.LineError
				if errors.As(p, &le) && slices.Contains(left, le.File) {
					bad[le.File] = append(bad[le.File], p.Error())
					continue
				}
				bad[""] = append(bad[""], p.Error())
			}
			if len(bad[""]) > 0 || len(bad) == 0 {
				// A problem no file owns: refuse them all, together.
				for _, rel := range left {
					out.files = append(out.files, fileNote{rel, stats[rel], "refused with the files read with it: " + strings.Join(bad[""], "; ")})
				}
				return out
			}
			var keep []string
			for _, rel := range left {
				if msgs, ok := bad[rel]; ok {
					if _, err := os.Lstat(filepath.Join(e.dir, filepath.FromSlash(rel))); errors.Is(err, fs.ErrNotExist) {
						// Gone since the pass listed it (the folder
						// moved away amid a first sync's buckets): passed
						// over as a file gone before is, nothing recorded,
						// and read at the next pass that finds it. It was
						// refused, "cannot read: no such file", and
						// never read again once the folder was back.
						continue
					}
					out.files = append(out.files, fileNote{rel, stats[rel], refusal(msgs)})
					continue
				}
				keep = append(keep, rel)
			}
			left = keep
			continue
		}
		if err != nil {
			out.err = err
			return out
		}
		unknown := map[string][]transfer.UnknownField{}
		for _, u := range res.Unknown {
			unknown[u.File] = append(unknown[u.File], u)
		}
		var byBucket map[string][]string       // named, by the bucket their files are
		var written map[string]map[string]bool // res.Layers' articles, by annotator
		for _, rel := range left {
			cur := stats[rel]
			cur.Note = unknownNote(rel, unknown[rel])
			path := filepath.Join(e.dir, filepath.FromSlash(rel))
			if n, ok := res.Newlines[path]; ok {
				cur.Lines = n // counted as the import read it
			}
			switch base := filepath.Base(path); fileKind(base) {
			case kindThreads:
				// As the import read it: a version the copier put in its
				// place since may hold threads the import never saw.
				cur.Threads = slices.Clone(res.ThreadIDs[path])
			case kindLayer, kindCurated:
				if byBucket == nil {
					byBucket = map[string][]string{}
					for id := range named {
						if len(id) >= 2 {
							byBucket[id[:2]] = append(byBucket[id[:2]], id)
						}
					}
				}
				ids := byBucket[fileBucket(base)]
				if owners != nil {
					// Several colleagues' files of one bucket read
					// together (a first sync): each carried those of
					// the articles its owner's layer was written on.
					if written == nil {
						written = map[string]map[string]bool{}
						for ann, l := range res.Layers {
							written[ann] = make(map[string]bool, len(l.Docs))
							for _, d := range l.Docs {
								written[ann][d] = true
							}
						}
					}
					w := written[owners[rel]]
					ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !w[id] })
				}
				slices.Sort(ids)
				carried := strings.Join(ids, " ")
				cur.Carried = &carried
			}
			out.files = append(out.files, fileNote{rel: rel, cur: cur})
		}
		out.res = res
		return out
	}
	return out
}

// bytesPerSpan is about how many bytes of a layer file carry one span
// (a generated layer's lines hold one in ~130): what sizes an import's
// tables (ImportOptions.Spans), a little larger than needed.
const bytesPerSpan = 100

// apply records in the engine's state the files the import read or
// refused, and gives its result: nil, nil when no file was good.
func (o *anImport) apply(e *Engine, rep *Report) (*transfer.Result, error) {
	for _, f := range o.files {
		if f.why != "" {
			e.refuse(rep, f.rel, f.cur, f.why)
			continue
		}
		e.state.Files[f.rel] = f.cur
		e.unsaved = true
		if f.cur.Note != "" {
			rep.Notes = append(rep.Notes, f.cur.Note)
		}
	}
	return o.res, o.err
}

// unknownNote says, in one line for the file rel, the fields of its lines
// this skein does not read and left out; "" when there were none. The
// folder's format (skein-team.json) marks what an older skein cannot read;
// a field added beside it is left out, as skein import leaves it, and said.
func unknownNote(rel string, fields []transfer.UnknownField) string {
	if len(fields) == 0 {
		return ""
	}
	var list []string
	first := fields[0].First
	for _, f := range fields {
		list = append(list, fmt.Sprintf("%s on %s", f.Field, annotate.Count(f.Lines, "line")))
		first = min(first, f.First)
	}
	what := "field"
	if len(fields) > 1 {
		what = "fields"
	}
	them := "it"
	if len(fields) > 1 {
		them = "them"
	}
	return fmt.Sprintf("%s: %s %s left out, the first at line %d: this skein does not read %s (written by a newer skein? update skein; the file is read again when it changes)", rel, what, strings.Join(list, ", "), first, them)
}

// refusal is why a file was refused: its first problems, each naming it.
func refusal(msgs []string) string {
	if len(msgs) > 3 {
		msgs = append(msgs[:3], fmt.Sprintf("and %d more", len(msgs)-3))
	}
	return strings.Join(msgs, "; ")
}

// resolver gives the document of a layer line: from the store, or from the
// folder's article file when it arrives in the same sync. Import calls it
// from several goroutines.
func (e *Engine) resolver() func(string) (*annotate.Document, error) {
	var mu sync.Mutex
	cache := map[string]*annotate.Document{}
	return func(id string) (*annotate.Document, error) {
		mu.Lock()
		d, ok := cache[id]
		mu.Unlock()
		if ok {
			return d, nil
		}
		d, err := e.st.Document(id)
		if err == nil {
			mu.Lock()
			cache[id] = d
			mu.Unlock()
			return d, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		p := filepath.Join(e.dir, "articles", id+".jsonl")
		b, err := readLimited(p, maxArticleFile)
		if err != nil {
			return nil, fmt.Errorf("no text here and no article articles/%s.jsonl in the team folder yet", id)
		}
		rec, err := annotate.ParseLine(bytes.TrimSpace(b), annotate.ReadOptions{})
		if err != nil || rec.Doc == nil || rec.Doc.ID != id {
			return nil, fmt.Errorf("article articles/%s.jsonl is not its document yet (half copied?)", id)
		}
		mu.Lock()
		cache[id] = rec.Doc
		mu.Unlock()
		return rec.Doc, nil
	}
}

// Colleague is one row of the Team panel.
type Colleague struct {
	Annotator string
	Machines  int
	// Last is when their newest file of work arrived (its time on disk);
	// zero while they have written none.
	Last time.Time
	// Joined is when they connected to the folder (the time on disk of
	// the first of their machines' owner files); zero where none was read.
	Joined time.Time
	// Articles is how many articles their layer covers.
	Articles int
	// Refused counts their files not read.
	Refused int
	// Reviewed is how many articles their review decisions cover (their
	// review arrives as curated:NAME).
	Reviewed int
}

// Colleagues lists everyone whose work is in the folder, or who connected
// to it and has written nothing yet (with no articles), by name. An
// article of a colleague on several machines is counted once.
func (e *Engine) Colleagues() []Colleague {
	e.mu.Lock()
	defer e.mu.Unlock()
	by := map[string]*Colleague{}
	machines := map[string]map[string]bool{}
	get := func(name string) *Colleague {
		c := by[name]
		if c == nil {
			c = &Colleague{Annotator: name}
			by[name] = c
			machines[name] = map[string]bool{}
		}
		return c
	}
	layers := map[string][]string{}          // their layer files read, by annotator
	reviewed := map[string]map[string]bool{} // the articles their decisions cover
	for rel, fsd := range e.state.Files {
		parts := strings.Split(rel, "/")
		if len(parts) != 4 || parts[0] != "layers" {
			continue
		}
		name := annotate.NormalName(parts[1])
		c := get(name)
		machines[name][parts[1]+"/"+parts[2]] = true
		t := time.Unix(0, fsd.ModNano)
		switch {
		case parts[3] == "owner.json":
			// Written once, when they connected: when they joined, not
			// when their work last arrived.
			if c.Joined.IsZero() || t.Before(c.Joined) {
				c.Joined = t
			}
		case t.After(c.Last):
			c.Last = t
		}
		if fsd.Refused != "" {
			c.Refused++
		} else if bucketRE.MatchString(parts[3]) {
			c.Articles += fsd.Lines
			layers[name] = append(layers[name], rel)
		} else if decideRE.MatchString(parts[3]) {
			if reviewed[name] == nil {
				reviewed[name] = map[string]bool{}
			}
			for _, d := range fsd.Docs {
				reviewed[name][d] = true
			}
		}
	}
	for name, ms := range e.machines {
		get(name)
		for m := range ms {
			machines[name][m] = true
		}
	}
	out := make([]Colleague, 0, len(by))
	for name, c := range by {
		c.Machines = len(machines[name])
		c.Reviewed = len(reviewed[name])
		if c.Machines > 1 {
			c.Articles = e.articlesIn(layers[name], c.Articles)
		}
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Annotator < out[j].Annotator })
	return out
}

// articlesIn counts the articles the layer files rels (of one colleague,
// on several machines) hold, each once; lines, what they hold together,
// where one cannot be read.
func (e *Engine) articlesIn(rels []string, lines int) int {
	seen := map[string]bool{}
	for _, rel := range rels {
		ft := e.fileTimes(rel, e.state.Files[rel])
		if ft.err != nil {
			return lines
		}
		for d := range ft.times {
			seen[d] = true
		}
	}
	return len(seen)
}
