package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// Badger's Close writes what is still in memory into tables (each
// memtable flushed into a table of level 0) and then, with
// CompactL0OnClose, compacts level 0 into the level below. Both write new
// files through memory maps of files sized in advance without allocating
// them (z.OpenMmapFile truncates a new file to its size, and the table is
// copied into the map), on goroutines Badger starts itself: on a disk
// that another program filled after the last change, the copy faults and
// the process dies of SIGBUS with a Go stack, a fault no recover and no
// debug.SetPanicOnFault on the closing goroutine can catch. Every change
// is already in Badger's logs by then (SyncWrites), as after a kill. So
// Close first looks at the room: where it is short, the store is left as
// a kill leaves it, and the next open finishes the writing (opened on a
// disk still full, it is read-only: Badger reads the logs as they are).
// The look and Badger's writes are not one step: a disk filled in the
// milliseconds between them still faults, with every change kept all the
// same. Nothing in Badger v4 closes it without that writing, and
// CompactL0OnClose is fixed at Open.

// UnclosedError is what Close returns when the store's disk had too little
// room for Badger to write what it holds in memory into its tables: the
// store was left as it was, every change kept in its logs. It wraps
// ErrDiskFull.
type UnclosedError struct {
	Dir        string
	Free, Need int64
}

// Error says that nothing is lost and what the next open does.
func (e *UnclosedError) Error() string {
	return fmt.Sprintf("the disk of store %s is full (%s free; closing the store writes about %s, what it holds in memory, into its tables), "+
		"so skein left the store as it was instead of closing it: everything said to be stored is kept in its logs, "+
		"and the next time skein opens the store with room on that disk it finishes that writing "+
		"(until then skein opens it read-only). Make room on that disk",
		e.Dir, mb(e.Free), mb(e.Need))
}

// Unwrap lets errors.Is(err, ErrDiskFull) match.
func (e *UnclosedError) Unwrap() error { return ErrDiskFull }

// closeSlack covers what Close writes beside the tables: the MANIFEST's
// changes, the value log's discard statistics (a 1 MB map filled as
// compactions count) and the pages a table's copy rounds up to.
const closeSlack = 4 << 20

// closeNeeds is about how many bytes Badger's Close will write: each
// memtable's log (what the tables flushed from them hold, with a quarter
// more for the tables' indexes and filters), then level 0's compaction,
// which writes level 0's tables, those flushed and the base level's again
// before it removes the old ones (a span ID's keys are spread over all of
// their range, so every table of the base level overlaps).
func (s *Store) closeNeeds() int64 {
	logs := memLogBytes(s.dir)
	flush := logs + logs/4
	compact := flush
	for _, l := range s.db.Levels() {
		if l.Level == 0 || l.IsBaseLevel {
			compact += l.Size
		}
	}
	return flush + compact + closeSlack
}

// roomToClose is nil where the store's disk has room for what Close
// writes, and otherwise an *UnclosedError.
func (s *Store) roomToClose() error {
	if s.opt.InMemory || s.readOnly {
		return nil // Badger opened read-only writes nothing when it closes
	}
	free, ok := freeSpace(s.dir)
	if !ok {
		return nil
	}
	if need := s.closeNeeds(); free < need {
		return &UnclosedError{Dir: s.dir, Free: free, Need: need}
	}
	return nil
}

// Badger's log entries' meta bits (value.go): an entry of a transaction,
// and the entry that ends one.
const (
	logBitTxn    = 1 << 6
	logBitFinTxn = 1 << 7
)

// cutLogs cuts each memtable log in dir after its last whole transaction,
// as Badger's writable open does, for a store about to be opened read-only
// on a full disk that a kill, or a Close short of room, left with logs:
// Badger read-only refuses a log longer than its entries ("Log truncate
// required"), and on a tmpfs reading a log's unwritten tail through its
// memory map takes pages the full disk does not have (SIGBUS). Cutting
// allocates nothing. Called under the folder's lock.
func cutLogs(dir string) error {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.mem"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("cannot open store %s: %w", dir, err)
		}
		if end := logEnd(b); end < len(b) {
			if err := os.Truncate(p, int64(end)); err != nil {
				return fmt.Errorf("cannot open store %s on its full disk: cutting %s after its last change: %w", dir, filepath.Base(p), err)
			}
		}
	}
	return nil
}

// logEnd is where Badger's replay of log b ends: after its last whole
// transaction (or entry outside one), before the zeros or the entry a kill
// cut short.
func logEnd(b []byte) int {
	if len(b) < logHeaderSize {
		return len(b)
	}
	end, inTxn := logHeaderSize, false
	for off := logHeaderSize; off < len(b); {
		n, good := logEntry(b, off)
		if !good || n == 0 {
			break
		}
		off += n
		switch meta := b[off-n]; {
		case meta&logBitTxn != 0:
			inTxn = true
		case meta&logBitFinTxn != 0:
			inTxn, end = false, off
		case !inTxn:
			end = off
		}
	}
	return end
}
