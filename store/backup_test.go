package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// TestBackupRestore: a restored store reads back the same, and the undo
// history, the marks and the settings came with it.
func TestBackupRestore(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(41, 30, 2000, 5, "ana", "ben")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	link, err := annotate.NewLink("ana", spans[0], spans[5], "supports")
	if err != nil {
		t.Fatal(err)
	}
	apply(t, s, link)
	added := newSpan(docs[4], "ana", "claim", 3, 11)
	apply(t, s, annotate.AddSpan("ana", added))
	apply(t, s, annotate.SetMark("ana", "mark done", nil, &annotate.Mark{Doc: docs[4].ID, Annotator: "ana", Done: true}))
	if err := s.SetMeta("user", "ana"); err != nil {
		t.Fatal(err)
	}
	want, err := dump(s)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "b.skein-backup")
	if _, err := s.BackupFile(ctx, file); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	rep, err := Restore(ctx, dir, file)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Sound() || rep.Articles != 30 || rep.Threads != 1 {
		t.Errorf("check after restore: %s", rep.Lines())
	}
	r, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := dump(r)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Error("the restored store reads back differently")
	}
	if u, ok, _ := r.Meta("user"); !ok || u != "ana" {
		t.Errorf("remembered user: got %q, %v", u, ok)
	}
	if m, err := r.Mark(docs[4].ID, "ana"); err != nil || !m.Done {
		t.Errorf("mark: got %+v, %v", m, err)
	}
	if desc, ok := r.UndoTop("ana"); !ok || desc != "mark done" {
		t.Fatalf("UndoTop after restore: got %q, %v", desc, ok)
	}
	for i := 0; i < 2; i++ {
		if _, err := r.Undo(ctx, "ana"); err != nil {
			t.Fatalf("undo %d after restore: %v", i, err)
		}
	}
	if _, err := r.Span(added.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the undone span: got %v, want ErrNotFound", err)
	}
	apply(t, r, annotate.AddSpan("ana", newSpan(docs[5], "ana", "actor", 1, 4)))
}

func TestRestoreRefuses(t *testing.T) {
	s := openTest(t)
	putDocs(t, s, newDoc("a", "2024-01-01", strings.Repeat("Some words. ", 200)))
	file := filepath.Join(t.TempDir(), "b")
	if _, err := s.BackupFile(ctx, file); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(file)
	t.Run("folder not empty", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "x"), nil, 0o644)
		if _, err := Restore(ctx, dir, file); err == nil || !strings.Contains(err.Error(), "new or empty folder") {
			t.Errorf("got %v", err)
		}
	})
	for name, spoil := range map[string]func([]byte) []byte{
		"cut short":   func(b []byte) []byte { return b[:len(b)/2] },
		"changed":     func(b []byte) []byte { c := append([]byte(nil), b...); c[len(c)/2] ^= 4; return c },
		"not one":     func(b []byte) []byte { return []byte("hello") },
		"no checksum": func(b []byte) []byte { return b[:len(b)-32] },
		// The checksum is no seal: a file made to look like a backup has a
		// right one, and a record's length that runs past the file's end
		// asked Badger's Load for that much memory before a byte was read
		// (2^64-1 panicked, 2^40 ran out of memory).
		"a length past the end, checksum right": func(b []byte) []byte { return forgeBackup(b, 1000) },
		"a length of 2^64-1, checksum right":    func(b []byte) []byte { return forgeBackup(b, math.MaxUint64) },
		// Framed and sealed right, but the record is not one of Badger's.
		"a record of junk, checksum right": func(b []byte) []byte {
			body := binary.LittleEndian.AppendUint64(nil, 16)
			return sealBackup(append(body, bytes.Repeat([]byte{0xff}, 16)...))
		},
		"ends inside a length, checksum right": func(b []byte) []byte {
			body := b[len(backupMagic) : len(b)-sha256.Size]
			return sealBackup(append(append([]byte(nil), body...), 1, 0, 0))
		},
	} {
		t.Run(name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "bad")
			os.WriteFile(bad, spoil(b), 0o644)
			dir := filepath.Join(t.TempDir(), "s")
			if _, err := Restore(ctx, dir, bad); !errors.Is(err, ErrBadBackup) {
				t.Errorf("got %v, want ErrBadBackup", err)
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the folder was made: %v", err)
			}
		})
	}
}

// forgeBackup is backup b with a record of the given length and 16 bytes
// after its own records, sealed with a right checksum.
func forgeBackup(b []byte, length uint64) []byte {
	body := append([]byte(nil), b[len(backupMagic):len(b)-sha256.Size]...)
	body = binary.LittleEndian.AppendUint64(body, length)
	return sealBackup(append(body, make([]byte, 16)...))
}

// sealBackup is a backup file of the given body: the header, the body and
// the checksum a backup ends with.
func sealBackup(body []byte) []byte {
	f := append([]byte(backupMagic), body...)
	sum := sha256.Sum256(f)
	return append(f, sum[:]...)
}

// BenchmarkBackup backs up a store of 20,000 articles with 10 spans each
// (the goal: at least 100 MB/s).
func BenchmarkBackup(b *testing.B) {
	s, _, _ := benchStore(b)
	n, err := s.Backup(ctx, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := s.BackupFile(ctx, filepath.Join(b.TempDir(), "b")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-c0).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkVerifyBackup reads a backup of 20,000 articles whole, as a
// restore does before it writes anything: its checksum and the length of
// every record.
func BenchmarkVerifyBackup(b *testing.B) {
	s, _, _ := benchStore(b)
	file := filepath.Join(b.TempDir(), "b")
	n, err := s.BackupFile(ctx, file)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := VerifyBackup(file); err != nil {
			b.Fatal(err)
		}
	}
}

// A backup whose store a newer skein wrote (its schema version above this
// skein's), or that holds no skein store (records framed and sealed as a
// backup, none of them a schema version), is refused before the folder
// is made, saying so: it was loaded and put in place, and only then
// refused by the open, the folder left holding what this skein cannot
// read (and a second restore refused, the folder no longer empty).
func TestRestoreRefusesWhatItCannotOpen(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(txn *badger.Txn) error
		want string
	}{
		{"a newer skein's", func(txn *badger.Txn) error { return txn.Set(versionKey, versionValue(currentSchema()+1)) },
			fmt.Sprintf("it is the backup of a store a newer skein wrote (schema version %d; this skein reads up to %d): restore it with a newer skein; nothing was restored", currentSchema()+1, currentSchema())},
		{"no schema version", func(txn *badger.Txn) error { return txn.Delete(versionKey) }, "it holds no skein store: no schema version"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t)
			putDocs(t, s, newDoc("a", "2024-01-01", "Some words."))
			if err := s.db.Update(c.edit); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "b")
			if _, err := s.BackupFile(ctx, file); err != nil {
				t.Fatal(err)
			}
			parent := t.TempDir()
			dir := filepath.Join(parent, "s")
			if _, err := Restore(ctx, dir, file); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("restore: %v, want %q", err, c.want)
			}
			if ents, _ := os.ReadDir(parent); len(ents) != 0 {
				t.Errorf("left after the refusal: %s…", ents[0].Name())
			}
		})
	}
}
