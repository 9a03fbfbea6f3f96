package store

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// After a change is acknowledged Badger goes on writing on its own, and
// every such write goes through a memory map of a file sized in advance
// (table/table.go:245–262 CreateTable: z.OpenMmapFile, then the table
// copied into the map), where a full disk is a SIGBUS, not an error. What
// it writes, in Badger v4.9.6 with the options of badgerOptions (lines of
// that version):
//
//   - A memtable flush (db.go:1117 handleMemTableFlush, 1097 buildL0Table):
//     each full memtable becomes one table of level 0, about what its log
//     (the .mem file) holds with the table's index and filter. A memtable
//     is full at MemTableSize (4 MB here) of entries or of log
//     (memtable.go:159 isFull); up to NumMemtables (3) wait for a flush.
//   - A compaction (levels.go:1469 runCompactDef): compactBuildTables
//     (1500) writes every new table before the manifest names them (1513)
//     and before the old ones are dropped (1535–1538), so for a while the
//     disk holds both: the new tables take what the old ones took, less
//     the versions dropped. Which tables a compaction takes:
//     level 0 into the base level (1239 fillTablesL0ToLbase): level 0's
//     tables that overlap, oldest first, and every table of the base level
//     they overlap. skein's span-ID keys are random over their range, so
//     that is all of both levels. It runs at NumLevelZeroTables (8) tables
//     of level 0 (597); writes stall at 16. Level 0 into itself (1171
//     fillTablesL0ToL0) takes only level 0's tables.
//     Level i into i+1 (1418 fillTables): one table of level i and the
//     tables of level i+1 whose keys overlap it; it runs once level i holds
//     its target (606).
//     The last level into itself (1334 fillMaxLevelTables): one table and
//     its neighbours up to the level's table size.
//     Levels (379 levelTargets): the base level is the deepest whose target
//     is within BaseLevelSize (32 MB here), each level below ten times the
//     one above; tables are BaseTableSize (4 MB) down to the base level,
//     twice as large a level further down.
//   - NumCompactors (2) compactions run at once.
//
// So on a store of tens of MB of keys, level 0 compacted into a base
// level near its 32 MB target writes some 64 MB (TestKeyOnALargeStoresFullDisk);
// on a store of 300 MB of keys, one table of the base level compacted
// into the level below writes ~58 MB, beside level 0's ~50 MB. The fixed
// 48 MB skein kept free (minFree) was not always enough.

// upkeepFresh is how long a reckoning of the store's upkeep (upkeepNeeds)
// stands: a key's check must stay cheap (reading the folder for the
// memtables' logs took ~0.1 ms on a loaded machine), and the levels change
// only with a flush or a compaction, a few MB at a time, which the flush
// it counts covers.
const upkeepFresh = 250 * time.Millisecond

// upkeepCache holds the last reckoning of upkeepNeeds.
type upkeepCache struct {
	mu   sync.Mutex
	at   time.Time
	need int64
}

// upkeep is the room kept free for what Badger writes on its own after a
// change (see above): never less than minFree, which covers a small
// store's and a new log file's first pages.
func (s *Store) upkeep() int64 {
	c := &s.upkeepAt
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := time.Now(); c.at.IsZero() || now.Sub(c.at) >= upkeepFresh {
		c.need, c.at = max(minFree, upkeepNeeds(s.db.Levels(), s.db.Tables(), memLogBytes(s.dir))), now
	}
	return c.need
}

// memLogBytes is the space the memtables' logs in dir take: what their
// flushes will write as tables, less the tables' indexes.
func memLogBytes(dir string) int64 {
	var n int64
	paths, _ := filepath.Glob(filepath.Join(dir, "*.mem"))
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			n += allocated(st)
		}
	}
	return n
}

// upkeepNeeds is the most Badger may write on its own from a store whose
// levels and tables are these and whose memtables' logs hold logs bytes:
// the memtables flushed, then the two largest compactions the levels allow
// (two compactors), each all of its input written again, and closeSlack
// for the manifest and the discard statistics.
func upkeepNeeds(levels []badger.LevelInfo, tables []badger.TableInfo, logs int64) int64 {
	if len(levels) == 0 {
		return 0
	}
	flush := logs + logs/4 // a quarter more for the tables' indexes and filters
	byLevel := make([][]badger.TableInfo, len(levels))
	for _, t := range tables {
		if t.Level >= 0 && t.Level < len(levels) {
			byLevel[t.Level] = append(byLevel[t.Level], t)
		}
	}
	base := 1
	for _, l := range levels {
		if l.IsBaseLevel {
			base = l.Level
		}
	}
	compactions := []int64{levels[0].Size + flush + levels[base].Size}
	last := len(levels) - 1
	for i := base; i < last; i++ {
		compactions = append(compactions, levelCompaction(levels[i], levels[i+1], byLevel[i], byLevel[i+1]))
	}
	var largest int64
	for _, t := range byLevel[last] {
		largest = max(largest, int64(t.OnDiskSize))
	}
	compactions = append(compactions, largest+levels[last].TargetFileSize)
	slices.Sort(compactions)
	n := flush + closeSlack + compactions[len(compactions)-1]
	if len(compactions) > 1 {
		n += compactions[len(compactions)-2]
	}
	return n
}

// levelCompaction is the most one compaction of level l into the level
// below writes. Badger compacts a level only once it holds its target
// (pickCompactLevels: a score of 1), and each compaction of level 0 into
// the base level writes that level again whole, cut into tables of its
// table size in key order: so a level below its target, whose few tables
// may each span all the keys, is reckoned as it will be at its target,
// each table spanning its share of the keys and the level below's as
// much, with a table more at either end. A level at its target is also
// reckoned as its tables are (largestOverlap), in case its keys are not
// spread so evenly.
func levelCompaction(l, below badger.LevelInfo, tables, belowTables []badger.TableInfo) int64 {
	if l.NumTables == 0 && l.Size == 0 && l.TargetSize == 0 {
		return 0
	}
	size := max(l.Size, l.TargetSize, 1)
	even := l.TargetFileSize + below.Size*l.TargetFileSize/size + 2*below.TargetFileSize
	if l.Size < l.TargetSize {
		return even
	}
	return max(even, largestOverlap(tables, belowTables))
}

// largestOverlap is the most a compaction of one table of a level into
// the next writes: the table and the tables of the next level whose keys
// overlap its own (the tables of a level other than 0 do not overlap each
// other). Keys are compared without their versions, so a table that
// shares only another version of a key counts as overlapping: more is the
// safer error here.
func largestOverlap(upper, lower []badger.TableInfo) int64 {
	if len(upper) == 0 {
		return 0
	}
	slices.SortFunc(lower, func(a, b badger.TableInfo) int { return bytes.Compare(userKey(a.Left), userKey(b.Left)) })
	sum := make([]int64, len(lower)+1) // sum[j]: the sizes of lower[:j]
	for j, t := range lower {
		sum[j+1] = sum[j] + int64(t.OnDiskSize)
	}
	var most int64
	for _, t := range upper {
		left, right := userKey(t.Left), userKey(t.Right)
		// The first table of lower whose largest key is not below left,
		// and the first whose smallest key is above right.
		from, _ := slices.BinarySearchFunc(lower, left, func(l badger.TableInfo, k []byte) int {
			if bytes.Compare(userKey(l.Right), k) < 0 {
				return -1
			}
			return 1
		})
		to, _ := slices.BinarySearchFunc(lower, right, func(l badger.TableInfo, k []byte) int {
			if bytes.Compare(userKey(l.Left), k) <= 0 {
				return -1
			}
			return 1
		})
		most = max(most, int64(t.OnDiskSize)+sum[max(to, from)]-sum[from])
	}
	return most
}

// userKey is Badger's key k without the 8-byte version it ends with.
func userKey(k []byte) []byte {
	if len(k) < 8 {
		return k
	}
	return k[:len(k)-8]
}
