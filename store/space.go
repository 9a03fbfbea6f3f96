package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrDiskFull: the disk holding the store has too little free space for
// skein to write safely; nothing was written.
var ErrDiskFull = errors.New("disk full")

// Badger writes its logs and tables through memory maps of files it sizes
// in advance without allocating them; when the disk fills, a write into
// such a file kills the process (SIGBUS) rather than return an error. So
// skein keeps a margin: it refuses a write that would leave less than
// what Badger may write on its own after the last change is acknowledged
// (the memtables flushed to tables, the compactions that follow: see
// upkeep.go), and never less than minFree, which covers a small store's
// and a new log file's first pages.
const minFree = 48 << 20

// SpaceError is ErrDiskFull with the figures: how much is free, about how
// much the write itself needs, and the room kept for what the store writes
// on its own after it.
type SpaceError struct {
	Dir        string
	Free, Need int64
	Upkeep     int64
	What       string // "the import", "the change"
}

// Error says it with the figures: "disk full: 3 MB free, the import needs
// about 88 MB free: 40 MB for what it writes and 48 MB for (…)".
func (e *SpaceError) Error() string {
	itself := mb(e.Need)
	if e.Need < 1<<20 {
		itself = "under 1 MB"
	}
	return fmt.Sprintf("disk full: %s free, %s needs about %s free: %s for what it writes and %s for the tables the store writes and merges on its own after it, "+
		"on the disk of store %s; free some space and try again",
		mb(e.Free), e.What, mb(e.Need+e.Upkeep), itself, mb(e.Upkeep), e.Dir)
}

// Unwrap lets errors.Is(err, ErrDiskFull) match.
func (e *SpaceError) Unwrap() error { return ErrDiskFull }

func mb(n int64) string {
	if n < 0 {
		n = 0
	}
	return fmt.Sprintf("%d MB", (n+(1<<20)-1)>>20)
}

// checkSpace refuses a write of about need bytes when the disk would be
// left with less than the store's upkeep (at least minFree). A store
// opened read-only (its disk was full at Open) refuses every write; one
// opened with Options.ReadOnly refuses it with a *ReadOnlyError.
func (s *Store) checkSpace(need int64, what string) error {
	if s.opt.InMemory {
		return nil
	}
	if s.opt.ReadOnly {
		return &ReadOnlyError{Dir: s.dir}
	}
	free, ok := freeSpace(s.dir)
	if s.readOnly && !ok {
		free = 0
	}
	if s.readOnly {
		return &SpaceError{Dir: s.dir, Free: free, Need: need, Upkeep: minFree, What: what}
	}
	if !ok {
		return nil
	}
	if upkeep := s.upkeep(); free < need+upkeep {
		return &SpaceError{Dir: s.dir, Free: free, Need: need, Upkeep: upkeep, What: what}
	}
	return nil
}

// batchBytes estimates what a batch writes: its texts and records twice
// (the write-ahead log and the value log or tables), with indexes.
func batchBytes(b *Batch) int64 {
	var n int64
	for _, d := range b.Docs {
		n += int64(docRecordSize(d))
	}
	n += int64(len(b.Spans))*160 + int64(len(b.Threads))*200
	return 2 * n
}

// diskFullOpen says whether the store in dir must be opened read-only
// because its disk is full, so that reads still work; a new store is not
// made on a full disk.
func diskFullOpen(dir string) (bool, error) {
	probe := dir
	exists := false
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST")); err == nil {
		exists = true
	} else if _, err := os.Stat(dir); err != nil {
		probe = filepath.Dir(filepath.Clean(dir))
	}
	free, ok := freeSpace(probe)
	if !ok || free >= minFree {
		return false, nil
	}
	if !exists {
		return false, &SpaceError{Dir: dir, Free: free, Upkeep: minFree, What: "a new store"}
	}
	return true, nil
}

// roomForGC says whether the store's disk has room for a round of GC. A
// round writes the live entries of the value-log file it picks again, into
// the value log through its memory map, on Badger's writer goroutine: on a
// disk another program filled while the window sat idle, that write
// faulted and the process died of SIGBUS, beyond any recover. So a round
// runs only where it would still leave room for the flushes and
// compactions that follow, as a change's write does (checkSpace). The look
// and the round are not one step: a disk filled during the round still
// faults.
func (s *Store) roomForGC() bool {
	return s.checkSpace(s.gcNeeds(), "value-log GC") == nil
}

// gcNeeds is the most a round of GC writes: the largest value-log file
// written again whole (a round picks a file at least half garbage).
func (s *Store) gcNeeds() int64 {
	var need int64
	paths, _ := filepath.Glob(filepath.Join(s.dir, "*.vlog"))
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			need = max(need, allocated(st))
		}
	}
	return need
}
