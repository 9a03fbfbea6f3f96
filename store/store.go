package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// Errors the store returns, wrapped with %w; test them with errors.Is.
var (
	// ErrNotFound: the document, span, thread or mark does not exist.
	ErrNotFound = errors.New("not found")
	// ErrLocked: another process has the store open.
	ErrLocked = errors.New("store is locked by another process")
	// ErrConflict: a change's before-image no longer matches what is stored
	// (someone or something changed the record since); nothing was written.
	ErrConflict = errors.New("stored record differs from the change's before-image")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store is closed")
	// ErrNothingToUndo: the user's undo (or redo) stack is empty.
	ErrNothingToUndo = errors.New("nothing to undo")
)

// LockedError is what Open returns when another process holds the store. It
// wraps ErrLocked.
type LockedError struct {
	Dir string
}

// Error is the message a person sees, naming the directory.
func (e *LockedError) Error() string {
	return "skein: store " + e.Dir + " is open in another skein process"
}

// Unwrap lets errors.Is(err, ErrLocked) match.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Options say how to open a store.
type Options struct {
	// InMemory keeps everything in memory, for tests that need no directory.
	InMemory bool
	// NoSync skips the fsync after interactive changes. Benchmarks only: a
	// crash of the machine may then lose the last changes.
	NoSync bool
	// ReadOnly opens an existing store without writing anything into its
	// folder (see readonly.go): for a store the user cannot write
	// (CannotWrite). Every write is refused with a *ReadOnlyError. A store
	// that was not closed cleanly is refused (ErrUnclean).
	ReadOnly bool
	// LeaveUnfinished, with ReadOnly, reads a store that holds a write a
	// kill left under way (one a writable Open could not finish:
	// *UnfinishedError) as it stands, without finishing it, rather than
	// refuse it; Store.LeftOut names what it leaves out.
	LeaveUnfinished bool
	// SetAside, when set, makes a writable Open that cannot finish a
	// write a kill left under way (*UnfinishedError) move that write's
	// record into a file in the store's folder (set-aside/TIME.json),
	// delete it from the store and go on, telling SetAside of each.
	SetAside func(SetAside)
}

// Store is an open skein store. Its methods are safe for concurrent use.
type Store struct {
	db  *badger.DB
	dir string
	opt Options

	// syncAfter says commits are followed by db.Sync (the database itself
	// does not sync each write).
	syncAfter bool
	schema    int
	names     interner // labels and annotator names
	// readOnly: the disk was full at Open, so Badger was opened read-only
	// (it writes nothing, not even its lock's pid file); every write is
	// refused with a *SpaceError. Options.ReadOnly sets it too, and its
	// writes are refused with a *ReadOnlyError.
	readOnly bool
	// leftOut: what Options.LeaveUnfinished left unfinished (LeftOut).
	leftOut string
	// copyOf: the store this is a private copy of (OpenPrivateCopy),
	// copySize its size; Close removes the copy's folder.
	copyOf   string
	copySize int64
	copyHeld *os.File // locked while the copy is open (holdCopy)

	// bulk serialises the calls that create or delete documents
	// (WriteBatch, PutDocument, DeleteDocument); see prepass.
	bulk sync.Mutex

	mu     sync.Mutex
	cond   *sync.Cond
	active int // calls in progress
	closed bool

	stopGC chan struct{}
	gcDone chan struct{}
	gcRuns atomic.Int64 // for tests
	gcLeft atomic.Int64 // runs left for a disk too full (for tests)

	upkeepAt upkeepCache // the room kept for Badger's own writes (upkeep)

	// Commit counters: committing counts commits in progress, committed
	// those finished. A reader that saw no commit in progress and then
	// sees the same committed count knows its snapshot is still current
	// (see prefetch.go).
	committing atomic.Int64
	committed  atomic.Uint64

	// gate orders commits: every commit holds it shared while Badger
	// gives the commit its timestamp, and a write that lost aloneAfter
	// races in a row takes it alone for its next attempt, from reading
	// to committing, so that no other commit can come between and it
	// cannot lose again. A key's write (updateFirst) takes it alone from
	// its first attempt. Without it a small write (a key in the window)
	// beside a bulk write's stream of commits that touch the same
	// records could lose every one of its maxRetries attempts and be
	// refused.
	gate sync.RWMutex
	// keyAt is when the user last pressed a key that writes (updateFirst,
	// in UnixNano): while typing, a bulk load yields (see typing).
	keyAt atomic.Int64
	// keysWriting counts the keys' writes under way (updateFirst).
	keysWriting atomic.Int32
	// lapses counts the times typing found the user's typing over after
	// a key: a test pressing keys without pause tells by it that the
	// machine held its keys off for typingFor.
	lapses atomic.Int64
	// batchWrites counts the batches with spans written under the bulk
	// lock (a Bulk's filter of span IDs is exact only while no one else
	// writes one; a batch without spans writes no span ID).
	batchWrites atomic.Uint64
	rewritten   atomic.Int64 // a pipeline's chunks written again after they lost a race (for tests)
	idLookups   atomic.Int64 // see SpanIDLookups
	spanAdds    spanAddLog   // the span IDs Apply, Undo and Redo write, for a Bulk beside them
	pending     pendingIndex // the filters of the bulk loads' pending records (pending.go)
	tops        stackTops    // the undo and redo stacks' tops as the last write left them (tops.go)
	batchSyncs  atomic.Int64 // DB.Syncs at the end of batches (see syncBatch)
	tooBig      atomic.Int64 // a pipeline's transactions Badger found too big (for tests)
	pre         prefetched
}

// syncWrites chooses how changes reach the disk. true opens Badger with
// SyncWrites, so each commit is fsynced by Badger's writer before Commit
// returns; false would commit without it and call DB.Sync after each
// interactive change. BenchmarkApply measures both: on the 2-core test
// machine an Apply costs 0.3-0.45 ms either way (the fsync; without it 0.05
// ms), and the import benchmark differs by about 4%. SyncWrites is the one
// chosen because it also covers the case DB.Sync does not: when another
// commit makes Badger switch to a new memtable between a change's commit
// and the Sync, the change sits in the old memtable's log, which DB.Sync
// leaves unsynced until that memtable is flushed.
var syncWrites = true

// gcFirst and gcInterval say when value-log garbage collection runs: once
// soon after Open, then periodically.
var (
	gcFirst    = time.Minute
	gcInterval = 10 * time.Minute
)

// memTableSize is the size of Badger's memtables, which sets how many
// entries a transaction holds (15 % of it, in 96-byte nodes: 6,553);
// tests of writes too large for one transaction lower it (smallTxns) so
// that they need a few hundred spans where the store needs thousands.
var memTableSize int64 = 4 << 20

// valueThreshold is the size from which values go to the value log.
const valueThreshold = 1 << 10

// maxValueBytes is the largest value the store writes, and the size of a
// value-log file: Badger refuses a value larger than its value-log file. A
// document record holds its text, and import accepts texts of up to
// annotate.MaxDocumentBytes (10 MB); the rest leaves room for the title,
// source and metadata. A document whose record is larger is refused whole
// (see checkDocSize).
const maxValueBytes = 16 << 20

// verifyReads turns on the checks of every read: Badger's block and value
// checksums and the article's text against its ID (verifyText).
// BenchmarkReadChecks turns it off to measure what the checks cost.
var verifyReads = true

// readChecks is Badger's checksum mode under verifyReads.
const readChecks = options.OnBlockRead

// badgerOptions sizes Badger for a desktop: a new store is about 1 MB on
// disk when closed; while open its memtable files are sparse 8 MB and its
// value-log file a sparse 32 MB pre-allocation (tens of KB in use). 4 MB memtables keep the window's
// memory down and cost an import of 20,000 articles nothing measurable
// (BenchmarkImport20k in app/transfer).
//
// Values of 1 KB or more (article texts, the span lists of documents with
// more than about fifteen spans, large undo entries) go to the value log,
// the rest stay in the LSM tree. Texts are written once and never changed,
// so keeping them out of the tree makes an import about a third cheaper
// (BenchmarkWriteBatch: 0.35 s of CPU instead of 0.5 s for 36 MB). Span
// lists that are rewritten by edits leave garbage in the value log, which
// garbage collection reclaims once compaction has counted it; compacting
// level 0 on Close makes sure it is counted at least once per session.
//
// Level 0 is compacted into level 1 when it holds 8 tables, not Badger's
// usual 4 (writes wait at 16). Span-ID keys are random over their range,
// so every table flushed from the memtable overlaps all of level 1, and
// each compaction of level 0 rewrites level 1 whole: at 20 colleagues ×
// 20,000 articles × 10 spans a first sync wrote 1,913 MB to disk with 4,
// 1,486 MB with 8, for a store of ~505 MB (BenchmarkFirstSync
// disk-write-MB/op). A read then consults up to 8 tables' bloom filters
// in level 0 instead of 4: tens of nanoseconds a key.
//
// Every block and value read is checked against its checksum (see
// verifyReads and damage.go).
func badgerOptions(dir string, opt Options) badger.Options {
	chk := options.NoVerification
	if verifyReads {
		chk = readChecks
	}
	o := badger.DefaultOptions(dir).
		WithLogger(nil).
		WithMetricsEnabled(false).
		WithSyncWrites(syncWrites && !opt.NoSync).
		WithValueLogFileSize(maxValueBytes).
		WithMemTableSize(memTableSize).
		WithNumMemtables(3).
		WithNumLevelZeroTables(8).
		WithNumLevelZeroTablesStall(16).
		WithNumCompactors(2).
		WithBaseTableSize(4 << 20).
		WithBaseLevelSize(32 << 20).
		WithCompression(options.None).
		WithBlockCacheSize(0).
		WithIndexCacheSize(0).
		WithValueThreshold(valueThreshold).
		WithCompactL0OnClose(true).
		WithChecksumVerificationMode(chk).
		WithVerifyValueChecksum(verifyReads).
		WithInMemory(opt.InMemory)
	if opt.InMemory {
		o = o.WithDir("").WithValueDir("")
	}
	return o
}

// Open opens the store in dir, creating it if needed, and brings its schema
// up to date. When another process has it open, Open fails at once with a
// *LockedError wrapping ErrLocked. With opt.InMemory, dir is ignored.
func Open(dir string, opt Options) (*Store, error) {
	if opt.InMemory {
		dir = ""
	}
	readOnly := false
	switch {
	case opt.InMemory:
		opt.ReadOnly = false
	case opt.ReadOnly:
		if err := prepare(dir, true); err != nil {
			return nil, err
		}
		readOnly = true
	default:
		if err := prepare(dir, false); err != nil {
			return nil, err
		}
		var err error
		if readOnly, err = diskFullOpen(dir); err != nil {
			return nil, err
		}
	}
	db, err := openBadger(badgerOptions(dir, opt).WithReadOnly(readOnly))
	if err != nil {
		if isLockError(err) {
			return nil, &LockedError{Dir: dir}
		}
		if opt.ReadOnly {
			return nil, readOnlyOpenError(dir, err)
		}
		return nil, openError(dir, err)
	}
	s := &Store{db: db, dir: dir, opt: opt, readOnly: readOnly, syncAfter: !syncWrites && !opt.NoSync && !opt.InMemory}
	s.cond = sync.NewCond(&s.mu)
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot open store %s: %w", dir, err)
	}
	if readOnly {
		// What a kill left under way, which only a writable open
		// finishes: read now, it may be half a write.
		if err := s.unfinished(); err != nil {
			db.Close()
			return nil, err
		}
	}
	if !readOnly { // a split left half done is finished once the disk has room
		if err := s.finishAll(); err != nil {
			db.Close()
			var ue *UnfinishedError
			if errors.As(err, &ue) {
				ue.Dir = dir
				return nil, ue
			}
			return nil, fmt.Errorf("cannot open store %s: %w", dir, err)
		}
	}
	if !opt.InMemory && !readOnly {
		s.stopGC = make(chan struct{})
		s.gcDone = make(chan struct{})
		go s.gcLoop()
	}
	return s, nil
}

// finishAll finishes, before anything reads the store, what a kill left
// under way. A write it cannot finish is an *UnfinishedError, or, with
// Options.SetAside, is set aside, and the rest is finished.
func (s *Store) finishAll() error {
	for asides := 0; ; asides++ {
		err := s.finishEach()
		var ue *UnfinishedError
		if err == nil || s.opt.SetAside == nil || !errors.As(err, &ue) || asides == maxSetAside {
			return err
		}
		ue.Dir = s.dir
		done, serr := s.setAside(ue)
		if serr != nil {
			// Open returns ue itself: what failed goes in it, not
			// around it.
			ue.SetAsideErr = serr
			return ue
		}
		s.opt.SetAside(done)
	}
}

// maxSetAside bounds the writes one open sets aside (each takes at least
// one recovery key out, so the loop ends anyway).
const maxSetAside = 1000

// finishEach runs each finisher in turn.
func (s *Store) finishEach() error {
	for _, finish := range []func() error{
		s.finishSplits, s.finishThreadSplits, s.finishDeletions, s.finishStreams, s.finishWhole,
		// A bulk load killed before its Finish: lookups read its
		// pending records (or an older skein's run fragments) as they
		// are, but each costs a read of every one.
		func() error { return s.mergeRuns(context.Background()) },
		func() error {
			if err := s.mergePending(context.Background()); err != nil {
				return unfinishedWrite("a bulk load's span-ID records not yet merged into the index", err, []byte{pPend})
			}
			return nil
		},
	} {
		if err := finish(); err != nil {
			return err
		}
	}
	return nil
}

// prepare checks the folder of a store about to be opened: an absent one
// is made by Badger, an existing one is looked at by prepareDir under the
// folder's lock. Read-only (Options.ReadOnly), the folder must hold a
// store, and the lock is shared, as Badger's is then: readers go side by
// side. To write, a folder the user cannot write is refused before its
// lock is asked for (readers may hold it: it was said to be open in
// another skein process).
func prepare(dir string, readOnly bool) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if readOnly {
			return fmt.Errorf("cannot open store %s: there is no such folder", dir)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot open store %s: %w", dir, err)
	}
	if !st.IsDir() {
		// Badger's own words for this are about its lock file.
		return fmt.Errorf("cannot open store %s: it is a file, not a folder", dir)
	}
	if !readOnly {
		if err := writeDenied(dir); err != nil {
			return unwritableError(dir, err)
		}
	}
	unlock, err := lockDir(dir, readOnly)
	if err != nil {
		if isLockError(err) {
			return &LockedError{Dir: dir}
		}
		return fmt.Errorf("cannot open store %s: %w", dir, err)
	}
	defer unlock()
	if err := prepareDir(dir, readOnly); err != nil {
		return err
	}
	if free, ok := freeSpace(dir); !readOnly && ok && free < minFree {
		return cutLogs(dir) // to be opened read-only (diskFullOpen)
	}
	return nil
}

// openError is what Open says of Badger's failure err to open the store in
// dir: damage as damage; a folder the user cannot write into, or one on a
// read-only disk (Badger's words are of its pid file), as that, with what
// to do.
func openError(dir string, err error) error {
	if badgerDamage(err) {
		return fmt.Errorf("cannot open store %s: %v: %w", dir, err, ErrDamaged)
	}
	if msg := err.Error(); errors.Is(err, fs.ErrPermission) || strings.Contains(msg, "permission denied") || strings.Contains(msg, "read-only file system") {
		return unwritableError(dir, err)
	}
	return fmt.Errorf("cannot open store %s: %w", dir, err)
}

// unwritableError says that the store in dir cannot be opened to write, as
// the user cannot write into its folder (err says why), with what to do.
func unwritableError(dir string, err error) error {
	return fmt.Errorf("cannot open store %s: you cannot write into its folder, so nothing can be changed in it "+
		"(the commands that only read, and the window, open such a store read-only): "+
		"copy the folder somewhere you can write and give that to -store (%w)", dir, err)
}

// openBadger is badger.Open, with a panic in it (Badger panics on some
// damaged files rather than return an error) turned into an error.
func openBadger(o badger.Options) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, damaged("Badger gave up reading its files (%v)", firstLine(fmt.Sprint(r)))
		}
	}()
	return badger.Open(o)
}

// firstLine is s up to its first non-empty line, without Badger's debug
// dump.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "==") {
			return l
		}
	}
	return strings.TrimSpace(s)
}

// isLockError recognises Badger's failure to take the directory lock. Badger
// formats the flock error into its message rather than wrapping it (unless
// built in debug mode), so both are checked.
func isLockError(err error) bool {
	return errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EAGAIN) ||
		strings.Contains(err.Error(), "Another process is using this Badger database")
}

// Close flushes and closes the store. It waits for calls in progress; calls
// made after it return ErrClosed. Closing twice returns nil. Where the
// store's disk has no room for the flush, it leaves the store as a kill
// would and returns an *UnclosedError (closeroom.go).
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for s.active > 0 {
		s.cond.Wait()
	}
	s.mu.Unlock()
	if s.stopGC != nil {
		close(s.stopGC)
		<-s.gcDone
	}
	// Left open where its disk is short, as a kill leaves it (see
	// closeroom.go); a private copy's folder goes all the same.
	err := s.roomToClose()
	if err == nil {
		err = s.db.Close()
		if err != nil {
			err = fmt.Errorf("close store %s: %w", s.dir, err)
		}
	} else if s.copyOf != "" {
		err = nil // the copy of a store left as it was
	}
	if s.copyOf != "" {
		if rerr := os.RemoveAll(s.dir); err == nil && rerr != nil {
			err = fmt.Errorf("remove the private copy of store %s: %w", s.copyOf, rerr)
		}
		if s.copyHeld != nil {
			s.copyHeld.Close()
		}
	}
	return err
}

// Dir is the directory the store lives in ("" in memory).
func (s *Store) Dir() string { return s.dir }

// begin marks a call in progress; end must follow.
func (s *Store) begin() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.active++
	return nil
}

func (s *Store) end() {
	s.mu.Lock()
	s.active--
	if s.active == 0 {
		s.cond.Broadcast()
	}
	s.mu.Unlock()
}

func (s *Store) gcLoop() {
	defer close(s.gcDone)
	t := time.NewTimer(gcFirst)
	defer t.Stop()
	for {
		select {
		case <-s.stopGC:
			return
		case <-t.C:
			s.runGC()
			t.Reset(gcInterval)
		}
	}
}

// runGC drops the tombstones beyond the newest maxGone (pruneGone) and
// rewrites value-log files until none is worth rewriting. Its errors
// (ErrNoRewrite: nothing to do; ErrRejected: one already running) are not
// failures. Each round first looks at the room (roomForGC): where the disk
// is short, GC waits for its next run, unsaid, as nothing is lost by it.
func (s *Store) runGC() {
	s.gcRuns.Add(1)
	for i := 0; i < 16; i++ {
		select {
		case <-s.stopGC:
			return
		default:
		}
		if !s.roomForGC() {
			s.gcLeft.Add(1)
			return
		}
		if i == 0 {
			_ = s.pruneGone() // a conflict: pruned at the next run
		}
		if err := s.db.RunValueLogGC(0.5); err != nil {
			return
		}
	}
}

// maxRetries bounds the retries of a transaction that lost a race with
// another writer.
const maxRetries = 50

// update runs fn in a read-write transaction, retrying the whole of it when
// Badger reports a conflict with a concurrent transaction, and returns once
// the commit is durable.
func (s *Store) update(fn func(txn *badger.Txn) error) error {
	if err := s.updateNoSync(fn); err != nil {
		return err
	}
	return s.sync()
}

// updateFirst is update for a write the user waits for (a key in the
// window: Apply, Undo, Redo): it holds s.gate alone from its first
// attempt, from opening its transaction to its commit. Every commit takes
// s.gate shared to be stamped, and a sync's bulk load commits one
// transaction after another: a key that waited behind them lost races
// with the commits that landed between its read and its own (ErrConflict,
// read and written again) and then queued in Badger's writer behind
// those sent meanwhile (issue 11: keys of 100-650 ms during a first
// sync). Alone, it waits only for the commits stamped before it took the
// gate; none is stamped after until its own is durable, so it cannot
// lose a race, and the bulk load's next commits wait for it (an RWMutex
// lets no new reader in once a writer waits).
//
// committed, when not nil, is told each commit's result while s.gate is
// still held (stackTops keeps the stacks' tops with it).
func (s *Store) updateFirst(fn func(txn *badger.Txn) error, committed func(error)) error {
	s.keyAt.Store(time.Now().UnixNano())
	s.keysWriting.Add(1)
	defer func() {
		s.keyAt.Store(time.Now().UnixNano()) // before it counts as written: typing never lapses between
		s.keysWriting.Add(-1)
	}()
	var ph *KeyPhases
	if keyPhases := KeyPhasesHook.Load(); keyPhases != nil {
		ph = &KeyPhases{Inflight: s.committing.Load()}
		defer func() { (*keyPhases)(*ph) }()
	}
	if err := s.updateFrom(fn, 0, ph, committed); err != nil {
		return err
	}
	return s.sync()
}

// KeyPhases is where one key's write (updateFirst: Apply, Undo, Redo)
// spent its time, for KeyPhasesHook. Each phase is the sum over the
// write's attempts.
type KeyPhases struct {
	Gate   time.Duration // waiting for Store.gate alone (commits being stamped)
	Begin  time.Duration // opening the transaction: Badger's read timestamp waits for every commit stamped before
	Fn     time.Duration // the write's own reads and writes in the transaction
	Commit time.Duration // Badger's commit: stamping, its writer's value-log write and sync, memtable and WAL sync
	// Inflight is how many commits were in progress when the write
	// began (a bulk load's chunk, mostly).
	Inflight int64
	// Beside is how many other commits ended during the write's commit.
	Beside   int64
	Attempts int
}

// KeyPhasesHook, when set (by a benchmark: app BenchmarkKeyDuringFirstSync),
// is called with the phases of every key's write once it ends. Unset, the
// write reads no clock for it.
var KeyPhasesHook atomic.Pointer[func(KeyPhases)]

// typingFor is how long after a key's write the user counts as typing: a
// bulk load (pipeline) then commits small transactions one at a time, so
// that the next key waits behind at most one small commit (issue 11).
const typingFor = 1500 * time.Millisecond

// typing says whether a key's write (updateFirst) is under way, or began
// or ended within typingFor: a write slow to be durable (a busy disk) is
// still the user typing.
func (s *Store) typing() bool {
	if s.keysWriting.Load() > 0 {
		return true
	}
	at := s.keyAt.Load()
	if at == 0 {
		return false
	}
	if time.Now().UnixNano()-at < int64(typingFor) {
		return true
	}
	s.lapses.Add(1)
	return false
}

// share is what part of its full size a bulk write's next transaction
// takes: 1/typingShare while the user types (see pipeline), else all.
func (s *Store) share() int64 {
	if s.typing() {
		return typingShare
	}
	return 1
}

// updateNoSync is update without the sync, for the batch path, which syncs
// once at the end. (With Badger's SyncWrites on, every commit is synced
// anyway.)
func (s *Store) updateNoSync(fn func(txn *badger.Txn) error) error {
	return s.updateFrom(fn, aloneAfter, nil, nil)
}

// updateFrom is updateNoSync taking s.gate alone from attempt alone on;
// ph, when not nil, is given the time of each phase, and committed, when
// not nil, each commit's result, before s.gate is let go (which aloneFrom
// 0 holds alone from the start).
func (s *Store) updateFrom(fn func(txn *badger.Txn) error, aloneFrom int, ph *KeyPhases, committed func(error)) error {
	if err := s.checkSpace(0, "the change"); err != nil {
		return err
	}
	var t time.Time
	var laps KeyPhases
	lap := func(d *time.Duration) {
		if ph != nil {
			now := time.Now()
			*d += now.Sub(t)
			t = now
		}
	}
	if ph != nil {
		defer func() { ph.Gate, ph.Begin, ph.Fn, ph.Commit = laps.Gate, laps.Begin, laps.Fn, laps.Commit }()
	}
	var err error
	for attempt := 0; attempt < maxRetries; attempt++ {
		if ph != nil {
			t = time.Now()
			ph.Attempts++
		}
		alone := attempt >= aloneFrom
		if alone {
			s.gate.Lock()
		}
		lap(&laps.Gate)
		txn := s.db.NewTransaction(true)
		lap(&laps.Begin)
		err = fn(txn)
		lap(&laps.Fn)
		if err == nil {
			if beforeUpdateCommit != nil {
				beforeUpdateCommit(txn, attempt)
			}
			c0 := s.committed.Load()
			err = s.commitGated(txn, !alone)
			lap(&laps.Commit)
			if ph != nil {
				ph.Beside += int64(s.committed.Load()-c0) - 1
			}
			if committed != nil {
				committed(err)
			}
		}
		txn.Discard()
		if alone {
			s.gate.Unlock()
		}
		if !errors.Is(err, badger.ErrConflict) {
			break
		}
	}
	if errors.Is(err, badger.ErrConflict) {
		return fmt.Errorf("gave up after %d concurrent writes: %w", maxRetries, ErrConflict)
	}
	return err
}

// aloneAfter is how many attempts a transaction makes beside other
// writers before it takes s.gate alone.
const aloneAfter = 3

// beforeUpdateCommit, set by tests, runs between building an update's
// transaction txn and committing it; attempt counts from 0.
var beforeUpdateCommit func(txn *badger.Txn, attempt int)

// commit commits txn, keeping the commit counters.
func (s *Store) commit(txn *badger.Txn) error {
	return s.commitGated(txn, true)
}

// commitGated commits txn, holding s.gate shared when shared is set (the
// caller holds it alone otherwise).
func (s *Store) commitGated(txn *badger.Txn, shared bool) error {
	if err := s.checkSpace(0, "the change"); err != nil {
		return err
	}
	if shared {
		s.gate.RLock()
		defer s.gate.RUnlock()
	}
	s.committing.Add(1)
	err := txn.Commit()
	s.committed.Add(1)
	s.committing.Add(-1)
	return err
}

// sync makes committed writes durable when Badger does not do so itself.
func (s *Store) sync() error {
	if !s.syncAfter {
		return nil
	}
	if err := s.db.Sync(); err != nil {
		return fmt.Errorf("sync store %s: %w", s.dir, err)
	}
	return nil
}

// view runs fn in a read-only transaction.
func (s *Store) view(fn func(txn *badger.Txn) error) error {
	if err := s.begin(); err != nil {
		return err
	}
	defer s.end()
	return s.db.View(fn)
}

// get returns a copy of the value at k, or ErrNotFound.
func get(txn *badger.Txn, k []byte) ([]byte, error) {
	it, err := txn.Get(k)
	if err != nil {
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return itemValueCopy(it)
}

// has reports whether k exists.
func has(txn *badger.Txn, k []byte) (bool, error) {
	_, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// checkCtx returns ctx's error, if any, without blocking.
func checkCtx(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}

// Meta returns the small string setting key and whether it is set.
func (s *Store) Meta(key string) (string, bool, error) {
	var v []byte
	err := s.view(func(txn *badger.Txn) error {
		var err error
		v, err = get(txn, metaKey(key))
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("meta %q: %w", key, err)
	}
	return string(v), true, nil
}

// SetMeta sets the small string setting key to value, durably.
func (s *Store) SetMeta(key, value string) error {
	if err := s.begin(); err != nil {
		return err
	}
	defer s.end()
	err := s.update(func(txn *badger.Txn) error {
		return txn.Set(metaKey(key), []byte(value))
	})
	if err != nil {
		return fmt.Errorf("set meta %q: %w", key, err)
	}
	return nil
}

func metaKey(k string) []byte { return append([]byte{pMeta}, k...) }

// SchemaVersion is the version of the key layout and record encodings the
// store holds (after Open's migrations, the version this code writes).
func (s *Store) SchemaVersion() int { return s.schema }

// migrations[i] upgrades a store from schema version i+1 to i+2. Each runs
// in Open, followed by a synced write of the new version, so a crash during
// a step reruns that step on the next Open: a step must be safe to rerun.
// Version 1 is the first layout (keys.go); version 2 added search records
// (F keys) beside the articles; version 3 searches the articles themselves
// and deletes those records (search.go). Going from 1 to 3 writes no
// search record, as none is read.
//
// Version 4 adds span-list tails (T keys, keys.go) and the packed span-ID
// index (x and j keys, idindex.go): a store of version 3 has neither, so
// the step writes nothing; the version is raised so that an older skein,
// which would read neither, refuses the store rather than show and
// rewrite lists without their tails or miss spans a first sync wrote.
//
// Version 5 keeps bits of the ID's hash in the packed index's entries,
// not the ID (idindex.go): the step rewrites the pages and fragments.
//
// Version 6 writes a span list entry's UUID in 16 bytes, not as its 36
// characters (appendEntryID, codec.go). This skein reads both forms, so
// the step rewrites nothing: lists of 5 are read as they are and take the
// short form as they are written again. The version is raised so that an
// older skein, which would misread an entry of the short form, refuses
// the store. The step is one synced write of the version: a kill before
// it leaves a store of 5 holding no short entry, which the next start
// raises as this one would have.
//
// Version 7 writes a bulk load's span IDs once, into the pages: its
// writes leave pending records (w keys, pending.go) where they wrote run
// fragments (z), which this skein still reads and merges. The step
// rewrites nothing (a store of 6 holds no pending record); the version is
// raised so that an older skein, which would not find the spans of a bulk
// load killed before its end, refuses the store.
//
// Version 8 keeps, after a thread's members, when it last changed
// (Thread.Modified, codec.go), where known. This skein reads records with
// and without it, so the step rewrites nothing; the version is raised so
// that an older skein, which would read such a record as damaged, refuses
// the store.
//
// Version 9 keeps a tombstone for each deleted thread (Z keys, gone.go),
// which a take reads so that a thread deleted here does not come back
// from an older copy. A store of 8 holds none, so the step writes
// nothing; the version is raised so that an older skein, whose check
// would call the tombstones damage and which would delete threads without
// them, refuses the store.
var migrations = []func(s *Store) error{
	func(s *Store) error { return nil },
	(*Store).dropSearchRecords,
	func(s *Store) error { return nil },
	(*Store).migrateSpanIndex,
	func(s *Store) error { return nil },
	func(s *Store) error { return nil },
	func(s *Store) error { return nil },
	func(s *Store) error { return nil },
}

// readOnlyMigrations[i] says migration i may be left undone on a store
// opened read-only (its disk full): what it deletes is never read, or (to
// 4, 6, 7, 8 and 9) it writes nothing. The step to 5 may be left undone only where
// the store holds no index of 4 (this skein cannot read one).
var readOnlyMigrations = []func(s *Store) bool{always, always, always, (*Store).noSchema4Index, always, always, always, always}

func always(*Store) bool { return true }

// currentSchema is the version this code writes.
func currentSchema() int { return 1 + len(migrations) }

var versionKey = []byte{pVersion}

func (s *Store) migrate() error {
	want := currentSchema()
	var v []byte
	var empty bool
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		v, err = get(txn, versionKey)
		if errors.Is(err, ErrNotFound) {
			it := txn.NewIterator(badger.IteratorOptions{})
			defer it.Close()
			it.Rewind()
			empty = !it.Valid()
			return nil
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v == nil {
		if s.opt.ReadOnly {
			return errors.New("the folder holds no skein store")
		}
		if !empty {
			return errors.New("the directory holds a database without a skein schema version")
		}
		s.schema = want
		return s.update(func(txn *badger.Txn) error { return txn.Set(versionKey, versionValue(want)) })
	}
	if len(v) != 4 {
		return fmt.Errorf("schema version: %w", errCorrupt)
	}
	have := int(binary.BigEndian.Uint32(v))
	if have > want {
		return fmt.Errorf("schema version %d is newer than this skein's (%d): use a newer skein", have, want)
	}
	if have < 1 {
		return fmt.Errorf("schema version %d: %w", have, errCorrupt)
	}
	// A step to 5 cut short (killed, the disk full) left the version at 5
	// and some of the index of 4: the step is finished now.
	unfinished := have >= 5 && !s.noSchema4Index()
	if s.readOnly {
		todo := "free some space on its disk"
		if s.opt.ReadOnly {
			todo = "open it once with this skein where it can be written, or copy the folder somewhere you can write and give that to -store"
		}
		for i := have - 1; i < want-1; i++ {
			if !readOnlyMigrations[i](s) {
				return fmt.Errorf("schema version %d needs a migration to %d, which a store opened read-only cannot write: %s", have, want, todo)
			}
		}
		if unfinished {
			return fmt.Errorf("schema version %d: its migration from 4 was cut short and a store opened read-only cannot finish it: %s", have, todo)
		}
		s.schema = have
		return nil
	}
	if unfinished {
		if err := s.migrateSpanIndex(); err != nil {
			return fmt.Errorf("finish the migration of schema 4 to 5: %w", err)
		}
	}
	for ; have < want; have++ {
		s.schema = have
		if err := migrations[have-1](s); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", have, have+1, err)
		}
		next := have + 1
		if err := s.update(func(txn *badger.Txn) error { return txn.Set(versionKey, versionValue(next)) }); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", have, next, err)
		}
	}
	s.schema = want
	return nil
}

func versionValue(v int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(v)) }
