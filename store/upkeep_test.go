package store

import (
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// The room kept for Badger's own writes follows the store's levels: a
// small store keeps the 48 MB of old, a large one what its next flush and
// compactions write (the figures of upkeep.go's notes).
func TestUpkeepFollowsTheLevels(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		name     string
		base     int
		levels   [7]lv
		logs     int64
		min, max int64
	}{
		{"a new store", 6, [7]lv{}, 0, minFree, minFree},
		{"5 MB of keys", 6, [7]lv{0: {2, 4 * mb}, 6: {2, 5 * mb / 2}}, mb, minFree, minFree},
		{"31 MB of keys and level 0 a table short of its compaction", 6, [7]lv{0: {7, 4 * mb}, 6: {8, 4 * mb}}, 4 * mb, 70 * mb, 90 * mb},
		{"300 MB of keys", 5, [7]lv{0: {4, 4 * mb}, 5: {8, 4 * mb}, 6: {38, 8 * mb}}, 2 * mb, 100 * mb, 130 * mb},
	} {
		t.Run(tc.name, func(t *testing.T) {
			levels, tables := layout(tc.base, tc.levels)
			if got := max(minFree, upkeepNeeds(levels, tables, tc.logs)); got < tc.min || got > tc.max {
				t.Errorf("got %d MB, want %d–%d MB", got>>20, tc.min>>20, tc.max>>20)
			}
		})
	}
}

// lv is a level of n tables of size bytes each.
type lv struct {
	n    int
	size int64
}

// layout is what Badger's Levels and Tables say of a store whose levels
// are ls and whose base level is base: each level's tables spread evenly
// over the keys, targets and table sizes as Badger's levelTargets sets them
// with skein's options.
func layout(base int, ls [7]lv) ([]badger.LevelInfo, []badger.TableInfo) {
	var levels []badger.LevelInfo
	var tables []badger.TableInfo
	last := int64(ls[6].n) * ls[6].size
	target, fileSz := make([]int64, 7), int64(4<<20)
	for i := 6; i > 0; i-- {
		target[i] = max(32<<20, last)
		last /= 10
	}
	for i, l := range ls {
		if i > base {
			fileSz *= 2
		}
		for j := range l.n {
			tables = append(tables, badger.TableInfo{Level: i, OnDiskSize: uint32(l.size),
				Left: key(j * 10000 / l.n), Right: key((j+1)*10000/l.n - 1)})
		}
		levels = append(levels, badger.LevelInfo{Level: i, NumTables: l.n, Size: int64(l.n) * l.size,
			TargetSize: target[i], TargetFileSize: fileSz, IsBaseLevel: i == base})
	}
	return levels, tables
}

// key is the i-th of 10,000 keys, with Badger's 8-byte version.
func key(i int) []byte { return []byte{'s', byte(i >> 8), byte(i), 0, 0, 0, 0, 0, 0, 0, 0} }
