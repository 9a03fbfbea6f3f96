//go:build !unix

package app

import (
	"os"
	"testing"
	"time"
)

// diskProbe is the unix one's stand-in: without O_DSYNC it writes and
// syncs the file, which also flushes its metadata.
type diskProbe struct{ f *os.File }

func newDiskProbe(t testing.TB, dir string) *diskProbe {
	f, err := os.Create(dir + "/probe")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return &diskProbe{f: f}
}

func (p *diskProbe) write(t testing.TB) time.Duration {
	t0 := time.Now()
	if _, err := p.f.WriteAt(make([]byte, 300), 0); err != nil {
		t.Fatal(err)
	}
	if err := p.f.Sync(); err != nil {
		t.Fatal(err)
	}
	return time.Since(t0)
}
