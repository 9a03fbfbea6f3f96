//go:build linux

package store

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// closeFull runs closeFullHelper on a store in the tmpfs disk, fills the
// disk once the batch is written (leaving what the helper's Close needs,
// less short), and returns what the helper printed.
func closeFull(t *testing.T, disk string, short int64) string {
	t.Helper()
	return fullHelper(t, disk, "close-full", short)
}

// fullHelper runs the helper mode on the store "store" in the small disk,
// fills the disk once the helper is ready (leaving the bytes it asks for,
// less short) and returns what the helper printed; a helper that died
// fails the test.
func fullHelper(t *testing.T, disk, mode string, short int64) string {
	t.Helper()
	dir := filepath.Join(disk, "store")
	ready, gate := filepath.Join(t.TempDir(), "ready"), filepath.Join(t.TempDir(), "gate")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "SKEIN_STORE_DIR="+dir, "SKEIN_STORE_READY="+ready, "SKEIN_STORE_GATE="+gate)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var need int64
	for {
		b, err := os.ReadFile(ready)
		if n, perr := strconv.ParseInt(string(b), 10, 64); err == nil && perr == nil {
			need = n
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	tmpfstest.Fill(t, disk, max(need-short, 0)) // another program fills the disk
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the helper %s on the filled disk: %v\n%s", mode, err, firstLines(out.String(), 12))
	}
	return out.String()
}

// TestCloseOnAFullDisk: a store written to (an import's last write), its
// disk then filled by another program, died of SIGBUS in Close, where
// Badger flushes its memtable into a table through a memory map, the
// data in but a Go stack in the terminal. Close now says the disk is full
// and leaves the store as a kill would; opened on the still-full disk it
// reads (read-only) everything written, and with room it is whole.
func TestCloseOnAFullDisk(t *testing.T) {
	closeOnAFullDisk(t, tmpfstest.New(t, 96<<20))
}

// TestCloseOnAFullExt4 is TestCloseOnAFullDisk on an ext4 disk, as most
// desktops have, where a tmpfs is a disk in memory: there Badger's table
// written through its map faults the same (SIGBUS), and the read-only open
// of the logs left uncut is refused ("Log truncate required").
func TestCloseOnAFullExt4(t *testing.T) {
	closeOnAFullDisk(t, tmpfstest.NewExt4(t, 96<<20))
}

func closeOnAFullDisk(t *testing.T, disk string) {
	t.Helper()
	out := closeFull(t, disk, 1<<30)
	dir := filepath.Join(disk, "store")
	want := "unclosed: the disk of store " + dir + " is full (0 MB free; closing the store writes about "
	if !strings.HasPrefix(out, want) || !strings.Contains(out, "everything said to be stored is kept in its logs") {
		t.Fatalf("Close on the full disk said\n%s\nwant %q…", firstLines(out, 12), want)
	}
	b := helperBatch()
	read := func(s *Store) {
		t.Helper()
		if n, err := s.DocumentCount(); n != helperBatchDocs || err != nil {
			t.Errorf("DocumentCount: got %d, %v; want %d", n, err, helperBatchDocs)
		}
		for _, i := range []int{0, len(b.Spans) / 2, len(b.Spans) - 1} {
			if _, err := s.Span(b.Spans[i].ID); err != nil {
				t.Errorf("span %d of the batch: %v", i, err)
			}
		}
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("open on the still-full disk: %v", err)
	}
	if !s.readOnly {
		t.Error("the store on the full disk was opened to write")
	}
	read(s)
	if err := s.Close(); err != nil {
		t.Fatalf("close of the store opened read-only: %v", err)
	}
	os.Remove(filepath.Join(disk, tmpfstest.Filler))
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatalf("open with room: %v", err)
	}
	read(s)
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close with room: %v", err)
	}
}

// The room Close asks for is enough: with just that left free (and the
// pages the disk rounds the filler's size to), Badger's
// Close (its memtable's flush, level 0's compaction) writes into it
// without faulting.
func TestCloseNeedsEnough(t *testing.T) {
	disk := tmpfstest.New(t, 96<<20)
	if out := closeFull(t, disk, -64<<10); strings.TrimSpace(out) != "closed" {
		t.Fatalf("Close with the room it asks for said\n%s\nwant closed", firstLines(out, 12))
	}
	s, err := Open(filepath.Join(disk, "store"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.DocumentCount(); n != helperBatchDocs || err != nil {
		t.Errorf("DocumentCount: got %d, %v; want %d", n, err, helperBatchDocs)
	}
}

func firstLines(s string, n int) string {
	l := strings.SplitN(s, "\n", n+1)
	return strings.Join(l[:min(len(l), n)], "\n")
}
