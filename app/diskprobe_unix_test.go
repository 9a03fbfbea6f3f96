//go:build unix

package app

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// diskProbe times the disk's own durable small write, skein left out: a
// 300-byte write, with O_DSYNC, into a file written whole before (so
// the write changes no block map), in the store's file system. Beside a
// key pressed during a first sync, it tells the part of the key's store
// write that is the disk's flush under the sync's writes, which no code
// of skein's can take away (issue 11).
type diskProbe struct {
	f   *os.File
	off int64
	rec []byte
}

const diskProbeSize = 4 << 20

func newDiskProbe(t testing.TB, dir string) *diskProbe {
	name := dir + "/probe"
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(make([]byte, diskProbeSize)); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if f, err = os.OpenFile(name, os.O_WRONLY|syscall.O_DSYNC, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	rec := make([]byte, 300)
	for i := range rec {
		rec[i] = byte(i)
	}
	return &diskProbe{f: f, rec: rec}
}

// write makes one durable write and returns its wall.
func (p *diskProbe) write(t testing.TB) time.Duration {
	t0 := time.Now()
	if _, err := p.f.WriteAt(p.rec, p.off); err != nil {
		t.Fatal(err)
	}
	p.off = (p.off + int64(len(p.rec))) % (diskProbeSize - int64(len(p.rec)))
	return time.Since(t0)
}
