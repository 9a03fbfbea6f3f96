package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/skein-news/skein/annotate/formats"
	"google.golang.org/protobuf/proto"
)

// A backup file is the header line backupMagic, then Badger's backup
// stream of every key the store holds (the format of DB.Backup, which
// DB.Load reads back: articles, every layer,
// threads, marks, decisions, the undo and redo history, the settings such
// as the label order and the remembered user), then the SHA-256 of all
// that precedes it, so a backup that was cut short or changed is refused
// before anything is restored from it.
const backupMagic = "skein backup 1\n"

// ErrBadBackup: the file is not a skein backup, or it was changed or cut
// short since it was written.
var ErrBadBackup = errors.New("not a complete skein backup")

// Backup writes a backup of everything the store holds to w, from one
// snapshot, and returns the bytes written.
func (s *Store) Backup(ctx context.Context, w io.Writer) (int64, error) {
	if s.opt.InMemory {
		return 0, errors.New("back up: an in-memory store has nothing on disk to keep")
	}
	if err := s.begin(); err != nil {
		return 0, err
	}
	defer s.end()
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(w, h)}
	bw := bufio.NewWriterSize(cw, 1<<20)
	if _, err := bw.WriteString(backupMagic); err != nil {
		return cw.n, err
	}
	if err := s.writeKVLists(ctx, bw); err != nil {
		return cw.n, fmt.Errorf("back up store %s: %w", s.dir, err)
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	n, err := w.Write(h.Sum(nil))
	return cw.n + int64(n), err
}

// BackupFile writes a backup to path whole or not at all: to a file beside
// it, synced, then renamed into place. The file is 0600 less the umask: a
// backup holds every annotator's work.
func (s *Store) BackupFile(ctx context.Context, path string) (int64, error) {
	return s.BackupFileUmask(ctx, path, -1)
}

// BackupFileUmask is BackupFile for a process whose file-mode creation
// mask is umask (a command the window runs for the command line): the file
// is 0600 less that mask, as that process's own backup would be. A
// negative umask is this process's own.
func (s *Store) BackupFileUmask(ctx context.Context, path string, umask int) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, fmt.Errorf("back up to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if umask >= 0 {
		if err := tmp.Chmod(0o600 &^ os.FileMode(umask&0o777)); err != nil {
			tmp.Close()
			return 0, fmt.Errorf("back up to %s: %w", path, err)
		}
	}
	n, err := s.Backup(ctx, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		// The file written beside path is skein's own; the person asked
		// for path ("back up to b.skeinbackup: no space left on device").
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == tmp.Name() {
			err = pe.Err
		}
		return 0, fmt.Errorf("back up to %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return n, nil
}

// syncDir makes a rename in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// VerifyBackup checks that the file at path is a complete skein backup,
// reading it whole.
func VerifyBackup(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = verifyBackup(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// verifyBackup checks f's header and checksum and returns the length of
// Badger's stream inside it.
func verifyBackup(f *os.File) (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	body := st.Size() - sha256.Size - int64(len(backupMagic))
	if body < 0 {
		return 0, fmt.Errorf("%w (it has only %d bytes)", ErrBadBackup, st.Size())
	}
	head := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(f, head); err != nil {
		return 0, err
	}
	if string(head) != backupMagic {
		return 0, fmt.Errorf("%w (it does not begin as one does)", ErrBadBackup)
	}
	h := sha256.New()
	h.Write(head)
	br := bufio.NewReaderSize(io.TeeReader(io.LimitReader(f, body), h), 64<<10)
	framing := checkFrames(br, body)
	if _, err := io.Copy(io.Discard, br); err != nil { // what checkFrames left, into the checksum
		return 0, err
	}
	sum := make([]byte, sha256.Size)
	if _, err := io.ReadFull(f, sum); err != nil {
		return 0, err
	}
	if !bytes.Equal(sum, h.Sum(nil)) {
		return 0, fmt.Errorf("%w (its checksum does not match: it was changed or cut short)", ErrBadBackup)
	}
	if framing != nil {
		return 0, framing
	}
	return body, nil
}

// checkFrames walks the body of n bytes br holds as Badger's stream of
// length-prefixed records and says what is wrong with its framing, or nil.
// The checksum is no seal: anyone can write a file whose checksum is right.
// Badger's Load allocates each record's length before it reads a byte of
// it, so a length of 2^40 filled the memory and one of 2^64-1 panicked:
// every length must fit in what is left of the file. A read error is left
// for the caller's read of the rest to meet.
func checkFrames(br *bufio.Reader, n int64) error {
	var at int64 // the offset of the record in the file
	for at < n {
		if n-at < 8 {
			return fmt.Errorf("%w (it ends inside a record's length, at byte %d)", ErrBadBackup, int64(len(backupMagic))+at)
		}
		var l [8]byte
		if _, err := io.ReadFull(br, l[:]); err != nil {
			return nil
		}
		size := binary.LittleEndian.Uint64(l[:])
		if left := uint64(n - at - 8); size > left {
			return fmt.Errorf("%w (the record at byte %d claims %d bytes, more than the %d left in the file)", ErrBadBackup, int64(len(backupMagic))+at, size, left)
		}
		if _, err := br.Discard(int(size)); err != nil {
			return nil
		}
		at += 8 + int64(size)
	}
	return nil
}

// Restore puts the backup at path into a new store in dir, which must be
// absent or empty, and checks the result (Check). It is all or nothing:
// the backup is verified whole first, then loaded into a folder beside dir
// that is renamed into place once the load is complete.
func Restore(ctx context.Context, dir, path string) (*CheckReport, error) {
	// A named pipe would be opened and read for ever (waiting for a
	// writer), a device with no end: neither is a backup file. The file
	// is opened first, without blocking, and the open file looked at: a
	// look at the path and then an open let a file swapped for a pipe in
	// between be waited on.
	f, fi, err := formats.OpenFile(path, 0, "", false)
	switch {
	case fi != nil && !fi.Mode().IsRegular():
		return nil, fmt.Errorf("restore %s: %w (it is %s, not a file)", path, ErrBadBackup, formats.FileKind(fi.Mode()))
	case err != nil:
		return nil, fmt.Errorf("restore %s: %w", path, err)
	}
	defer f.Close()
	body, err := verifyBackup(f)
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", path, err)
	}
	exists := false
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("restore into %s: the folder holds %d files; restore into a new or empty folder (-store NEWDIR)", dir, len(entries))
	} else if err == nil {
		exists = true
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("restore into %s: %w", dir, err)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("restore into %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".restoring-*")
	if err != nil {
		return nil, fmt.Errorf("restore into %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; what a failure left otherwise
	if _, err := f.Seek(int64(len(backupMagic)), io.SeekStart); err != nil {
		return nil, err
	}
	db, err := openBadger(badgerOptions(tmp, Options{}))
	if err != nil {
		return nil, fmt.Errorf("restore into %s: %w", dir, err)
	}
	err = db.Load(&ctxReader{ctx: ctx, r: io.LimitReader(f, body)}, 256)
	if err != nil && ctx.Err() == nil && !systemError(err) {
		// Framed and sealed as a backup, but a record is not one: Badger's
		// decoder's words ("proto: cannot parse invalid wire-format data")
		// say nothing to the person restoring.
		err = fmt.Errorf("%w (a record inside cannot be read: %v; it was made by another program, or damaged before its checksum was written)", ErrBadBackup, err)
	}
	if err == nil {
		err = loadedSchema(db)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil && exists {
		err = os.Remove(dir)
	}
	if err == nil {
		err = os.Rename(tmp, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("restore %s into %s: %w", path, dir, err)
	}
	syncDir(parent)
	s, err := Open(dir, Options{})
	if err != nil {
		return nil, fmt.Errorf("restore into %s: %w", dir, err)
	}
	defer s.Close()
	return s.Check(ctx, nil)
}

// loadedSchema checks the store a backup was loaded into (db, not yet in
// its place) for a schema version this skein reads: one from a newer
// skein, or none (a file framed and sealed as a backup, of another
// program's records), was put in place and only then refused by Open,
// the folder left holding what this skein cannot read.
func loadedSchema(db *badger.DB) error {
	return db.View(func(txn *badger.Txn) error {
		v, err := get(txn, versionKey)
		switch {
		case errors.Is(err, ErrNotFound):
			return fmt.Errorf("%w (it holds no skein store: no schema version; it was made by another program; nothing was restored)", ErrBadBackup)
		case err != nil:
			return err
		case len(v) != 4:
			return fmt.Errorf("%w (its schema version is damaged; nothing was restored)", ErrBadBackup)
		}
		if have, want := int(binary.BigEndian.Uint32(v)), currentSchema(); have > want || have < 1 {
			if have < 1 {
				return fmt.Errorf("%w (its schema version %d is none skein wrote; nothing was restored)", ErrBadBackup, have)
			}
			return fmt.Errorf("it is the backup of a store a newer skein wrote (schema version %d; this skein reads up to %d): restore it with a newer skein; nothing was restored", have, want)
		}
		return nil
	})
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ctxReader stops a restore when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// writeKVLists writes every key of one snapshot in the format of Badger's
// DB.Backup: length-prefixed (uint64, little-endian) protobuf KVLists.
// Badger's own Stream.Backup writes the same, but it allocates and clears a
// 32 MB buffer for each key range it splits the tables into, which on a
// store of 20,000 articles made a backup run at about 40 MB/s of CPU; one
// iterator over a snapshot runs several times faster (BenchmarkBackup).
func (s *Store) writeKVLists(ctx context.Context, w io.Writer) error {
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	it := txn.NewIterator(badger.IteratorOptions{})
	defer it.Close()
	list := &pb.KVList{}
	size := 0
	var buf []byte
	flush := func() error {
		if len(list.Kv) == 0 {
			return nil
		}
		var err error
		buf, err = proto.MarshalOptions{}.MarshalAppend(binary.LittleEndian.AppendUint64(buf[:0], 0), list)
		if err != nil {
			return err
		}
		binary.LittleEndian.PutUint64(buf, uint64(len(buf)-8))
		list.Kv, size = list.Kv[:0], 0
		_, err = w.Write(buf)
		return err
	}
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		v, err := itemValueCopy(item)
		if err != nil {
			return fmt.Errorf("%s: %w", describeKey(item.Key()), err)
		}
		list.Kv = append(list.Kv, &pb.KV{Key: item.KeyCopy(nil), Value: v, UserMeta: []byte{item.UserMeta()}, Version: item.Version()})
		if size += len(v) + len(item.Key()); size >= 4<<20 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// systemError says whether err came from the system (a file that cannot be
// read, a full disk), not from what a file holds.
func systemError(err error) bool {
	var pe *fs.PathError
	var errno syscall.Errno
	return errors.As(err, &pe) || errors.As(err, &errno)
}
