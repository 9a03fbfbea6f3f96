package store

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
)

// keyKinds is what a store holds, by key prefix: a benchmark's breakdown of
// the bytes a load leaves (SKEIN_BULK_BREAKDOWN=1), read from the store
// itself, so that it says what was written, not what was meant.
type keyKinds map[byte]*kindSize

type kindSize struct {
	keys           int
	keyB, valB     int64
	inLog, logValB int64 // values in the value log: how many, their bytes
}

func storeKinds(s *Store) (keyKinds, error) {
	out := keyKinds{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			k := item.Key()
			ks := out[k[0]]
			if ks == nil {
				ks = &kindSize{}
				out[k[0]] = ks
			}
			n := item.ValueSize()
			ks.keys++
			ks.keyB += int64(len(k))
			ks.valB += n
			if n >= valueThreshold {
				ks.inLog++
				ks.logValB += n
			}
		}
		return nil
	})
	return out, err
}

func (kk keyKinds) String() string {
	var ps []int
	for p := range kk {
		ps = append(ps, int(p))
	}
	sort.Ints(ps)
	var b strings.Builder
	var tk, tv int64
	for _, p := range ps {
		k := kk[byte(p)]
		tk, tv = tk+k.keyB, tv+k.valB
		fmt.Fprintf(&b, "  %c: %9d keys %8.1f MB keys %8.1f MB values (%d in the value log, %.1f MB)\n",
			p, k.keys, float64(k.keyB)/(1<<20), float64(k.valB)/(1<<20), k.inLog, float64(k.logValB)/(1<<20))
	}
	fmt.Fprintf(&b, "  all: %.1f MB keys, %.1f MB values\n", float64(tk)/(1<<20), float64(tv)/(1<<20))
	return b.String()
}

// dirSizes is the bytes of a store's files by kind: value log, tables,
// memtable logs.
func dirSizes(dir string) string {
	var vlog, sst, mem int64
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		fi, err := e.Info()
		if err != nil {
			continue
		}
		switch filepath.Ext(e.Name()) {
		case ".vlog":
			vlog += fi.Size()
		case ".sst":
			sst += fi.Size()
		case ".mem":
			mem += fi.Size()
		}
	}
	return fmt.Sprintf("value log %.1f MB, tables %.1f MB, memtable logs %.1f MB", float64(vlog)/(1<<20), float64(sst)/(1<<20), float64(mem)/(1<<20))
}
