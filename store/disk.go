package store

import (
	"fmt"
	"io/fs"
	"path/filepath"
)

// DiskSize is how many bytes the store's directory takes on disk. Badger
// maps its log files at their full size and fills them as it goes, so where
// the file system can say so, this counts the blocks actually allocated
// rather than the files' nominal length. It is 0 for an in-memory store.
func (s *Store) DiskSize() (int64, error) {
	if s.opt.InMemory {
		return 0, nil
	}
	var total int64
	err := filepath.WalkDir(s.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += allocated(info)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("size of store %s: %w", s.dir, err)
	}
	return total, nil
}
