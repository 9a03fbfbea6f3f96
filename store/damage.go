package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/badger/v4/y"
	"github.com/dgraph-io/ristretto/v2/z"
	"github.com/skein-news/skein/annotate"
)

// ErrDamaged says the store's files no longer hold what was written: a
// checksum does not match, a record does not decode, an article's text no
// longer hashes to its ID, or a file Badger needs is missing or cut short.
// Nothing read from such a record is returned as if it were good.
var ErrDamaged = errors.New("the store is damaged")

// damagedWrite is a write a kill left under way whose record cannot be
// finished: IsDamaged is true of it, as of any record that does not hold
// what was written, but its message does not say the store is damaged,
// which the rest of it is not (UnfinishedError says the rest is read as
// it was).
type damagedWrite struct{ msg string }

func (e *damagedWrite) Error() string { return e.msg }

// Unwrap lets errors.Is match ErrDamaged.
func (e *damagedWrite) Unwrap() error { return ErrDamaged }

// IsDamaged reports whether err says the store is damaged: ErrDamaged, a
// record that does not decode, or a checksum Badger found wrong.
func IsDamaged(err error) bool {
	return errors.Is(err, ErrDamaged) || errors.Is(err, errCorrupt) || errors.Is(err, y.ErrChecksumMismatch)
}

// badgerDamage recognises the errors badger.Open gives for damaged files.
// Badger formats the errors it wraps into its messages (unless built in
// debug mode), so they are told apart by their words; an error of the
// system (no space, no permission) is not damage.
func badgerDamage(err error) bool {
	msg := strings.ToLower(err.Error())
	for _, w := range []string{"no space left", "permission denied", "read-only file system", "too many open files"} {
		if strings.Contains(msg, w) {
			return false
		}
	}
	for _, w := range []string{"checksum", "manifest", "encryption key mismatch", "corrupt", "invalid", "truncat",
		"magic", "unexpected eof", "does not exist for table", "recovered", "buffer length", "out of range",
		"sanity text", "key registry"} {
		if strings.Contains(msg, w) {
			return true
		}
	}
	return IsDamaged(err)
}

// damaged wraps err, which says what is wrong, as damage.
func damaged(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrDamaged)
}

// A store folder holds Badger's files. prepareDir looks at them before
// Badger does, for three kinds of damage Badger handles badly:
//
//   - no MANIFEST (the list of the tables) in a folder that holds other
//     store files: Badger would take it for a new store and delete every
//     table it does not list, which is all of them;
//   - a 0-byte memtable (.mem) or value-log (.vlog) file, which a kill
//     leaves when it comes between the file's creation and its sizing:
//     Badger's first open fails on it ("Create a new file"), and the file
//     holds nothing, so it is removed;
//   - a damaged entry in a write-ahead log (.mem, newest .vlog), after
//     which Badger would drop every later change (logscan.go);
//   - a table (.sst) cut short: Badger reads its footer without bounds
//     checks and panics in a goroutine of its own, which no recover
//     reaches, so the footer's lengths are checked here.
//
// Only the tables the MANIFEST lists are checked. A kill while Badger
// builds a table (a flush or a compaction) leaves a file the MANIFEST does
// not list yet, empty or half written; it holds nothing the store needs,
// and Badger deletes it on open (revertToManifest). If the MANIFEST cannot
// be read, every table is checked and Badger refuses the MANIFEST.
//
// Every table's blocks are checked against their checksums here too
// (verifyTable), for the same reason: Badger's own check on open
// (options.OnTableRead) dereferences a nil block when it finds one damaged,
// in its goroutine. Reads after Open check each block they read
// (options.OnBlockRead, see badgerOptions).
//
// dir must exist; the caller holds the folder's lock. readOnly (a store
// opened read-only, Options.ReadOnly) changes nothing in the folder: what
// a kill left for the next open to finish (a memtable's log, an empty
// file, a table the MANIFEST does not list) is refused as unclean instead,
// for Badger would have to write to finish it.
func prepareDir(dir string, readOnly bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("cannot open store %s: %w", dir, err)
	}
	hasManifest := false
	var others []string
	for _, e := range entries {
		switch name := e.Name(); {
		case name == "MANIFEST":
			hasManifest = true
		case name == "LOCK" || name == "MANIFEST-REWRITE":
			// Badger writes these before the first MANIFEST: a kill
			// while a new store was being made leaves them alone.
		default:
			others = append(others, name)
		}
	}
	if len(others) == 0 {
		if readOnly && !hasManifest {
			return fmt.Errorf("cannot open store %s: the folder holds no skein store", dir)
		}
		return nil
	}
	if !hasManifest {
		sort.Strings(others)
		shown := others
		if len(shown) > 3 {
			shown = append(shown[:3:3], "…")
		}
		return fmt.Errorf("store %s has no MANIFEST file (Badger's list of its tables) but holds %d other files (%s): %w; "+
			"skein will not start a new store over them. Restore a backup into a new folder: skein -store NEWDIR restore FILE",
			dir, len(others), strings.Join(shown, ", "), ErrDamaged)
	}
	if readOnly {
		// Close flushes the memtable and deletes its log: one left is
		// refused before the logs are read (8 MB each).
		for _, name := range others {
			if filepath.Ext(name) == ".mem" {
				return uncleanError(dir, name+", a log of changes not yet in its tables")
			}
		}
	}
	if err := checkLogs(dir, others); err != nil {
		return err
	}
	var tables []string
	for _, name := range others {
		path := filepath.Join(dir, name)
		switch filepath.Ext(name) {
		case ".mem", ".vlog":
			if st, err := os.Stat(path); err == nil && st.Size() == 0 {
				if readOnly {
					return uncleanError(dir, "the empty file "+name)
				}
				if err := os.Remove(path); err != nil {
					return fmt.Errorf("cannot open store %s: removing the empty file a kill left: %w", dir, err)
				}
			}
		case ".sst":
			tables = append(tables, name)
		}
	}
	listed := listedTables(dir, tables)
	if readOnly && len(listed) < len(tables) {
		// Badger deletes the tables its MANIFEST does not list.
		return uncleanError(dir, "a table the MANIFEST does not list")
	}
	return checkTables(dir, listed)
}

// listedTables returns the names among tables whose table the MANIFEST
// lists, or all of them when the MANIFEST cannot be read.
func listedTables(dir string, tables []string) []string {
	f, err := os.Open(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		return tables
	}
	defer f.Close()
	m, _, err := badger.ReplayManifestFile(f, 0, badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		return tables
	}
	listed := tables[:0:0]
	for _, name := range tables {
		id, ok := table.ParseFileID(name)
		if _, isListed := m.Tables[id]; !ok || isListed {
			listed = append(listed, name)
		}
	}
	return listed
}

// checkTables checks the tables, two at a time: reading them is most of
// the cost of opening a large store (BenchmarkOpen).
func checkTables(dir string, names []string) error {
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				path := filepath.Join(dir, names[i])
				err := checkTableFooter(path)
				if err == nil {
					err = verifyTable(path)
				}
				errs[i] = err
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("store %s: table %s: %v: %w", dir, names[i], err, ErrDamaged)
		}
	}
	return nil
}

// checkTableFooter checks that the lengths at the end of a table file fit
// in it. A table ends with its index, the index's length (4 bytes), a
// checksum of the index and the checksum's length (4 bytes), both lengths
// big-endian. Badger then verifies the index against its checksum.
func checkTableFooter(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	if size < 8 {
		return fmt.Errorf("the file is cut short (%d bytes)", size)
	}
	var b [4]byte
	if _, err := f.ReadAt(b[:], size-4); err != nil {
		return err
	}
	sumLen := int64(binary.BigEndian.Uint32(b[:]))
	if sumLen > size-8 {
		return errors.New("the file is cut short (its footer does not fit)")
	}
	if _, err := f.ReadAt(b[:], size-8-sumLen); err != nil && err != io.EOF {
		return err
	}
	if indexLen := int64(binary.BigEndian.Uint32(b[:])); indexLen > size-8-sumLen {
		return errors.New("the file is cut short (its index does not fit)")
	}
	return nil
}

// verifyText checks, on every read of an article, that its text still
// hashes to its ID (annotate.DocID): a changed text is damage, never shown
// or exported as the article.
func verifyText(d *annotate.Document) error {
	if verifyReads && annotate.DocID(d.Text) != d.ID {
		return damaged("its text no longer matches its ID")
	}
	return nil
}

// verifyTable checks a table file's index and every block against their
// checksums, reading it with Badger's table package; Badger's panics on
// damage it does not expect become errors.
func verifyTable(path string) (err error) {
	mf, err := z.OpenMmapFile(path, os.O_RDONLY, 0)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Badger cannot read it (%v)", firstLine(fmt.Sprint(r)))
		}
		mf.Close(-1) // unmaps; Table.DecrRef would delete the file
	}()
	t, err := table.OpenTable(mf, table.Options{ReadOnly: true, ChkMode: options.OnTableRead, Compression: options.None})
	if err != nil {
		return err
	}
	_ = t
	return nil
}

// verifyAhead checks the articles' texts against their IDs for
// EachDocument in a goroutine of its own, which reads them through a second
// iterator of the same snapshot, so that on a machine with a second core
// the hashing (about 1 GB/s) costs an export no time (BenchmarkReadChecks).
// It sends one verdict per document, in key order; stop ends it early.
// With verifyReads off it returns a nil channel.
func verifyAhead(txn *badger.Txn) (verdicts <-chan error, stop func()) {
	if !verifyReads {
		return nil, func() {}
	}
	ch := make(chan error, 64)
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{pDoc}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			err := itemValue(it.Item(), func(v []byte) error {
				if len(k) != 9 {
					return errCorrupt
				}
				return verifyRecord(k[1:], v)
			})
			select {
			case ch <- err:
			case <-quit:
				return
			}
		}
	}()
	return ch, func() { close(quit); <-done }
}

// verifyRecord is verifyText on a document's record as stored, without
// decoding it: the text is the record's tail, after the title, source,
// date and metadata.
func verifyRecord(doc, v []byte) error {
	text, err := docText(v)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(text)
	if !bytes.Equal(sum[:8], doc) {
		return damaged("its text no longer matches its ID")
	}
	return nil
}

// docText is the text of a document's record (encodeDoc), in place.
func docText(v []byte) ([]byte, error) {
	r := reader{b: v}
	r.bytes()
	r.bytes()
	r.bytes()
	for n := r.count(2); n > 0 && r.err == nil; n-- {
		r.bytes()
		r.bytes()
	}
	return r.b, r.err
}

// runeCountBytes is runeCount of b, without copying it.
func runeCountBytes(b []byte) int {
	if !utf8.Valid(b) {
		return utf8.RuneCount(b)
	}
	n := len(b)
	for _, c := range b {
		if c&0xc0 == 0x80 {
			n--
		}
	}
	return n
}

// errValueLost is a value Badger could not read back from the value log.
// Badger logs the failure of such a read (a checksum that does not match,
// a file cut short) and hands back no value and no error: taken as it
// came, a span list read that way was an article without spans in an
// export, a team file and a backup, all said to be good.
var errValueLost = fmt.Errorf("a value in the value log cannot be read (its checksum does not match, or its file is cut short): %w", errCorrupt)

// itemValue is item.Value, but a value Badger could not read is
// errValueLost. Only a value of the value log can be lost that way, and
// every one of them is at least valueThreshold bytes long; a value in the
// tree is read with its block, whose checksum Badger checks, and an empty
// one there has no size.
func itemValue(item *badger.Item, fn func(v []byte) error) error {
	return item.Value(func(v []byte) error {
		if len(v) == 0 && item.ValueSize() > 0 {
			return errValueLost
		}
		return fn(v)
	})
}

// itemValueCopy is item.ValueCopy(nil), but a value Badger could not read
// is errValueLost (see itemValue).
func itemValueCopy(item *badger.Item) ([]byte, error) {
	v, err := item.ValueCopy(nil)
	if err == nil && len(v) == 0 && item.ValueSize() > 0 {
		return nil, errValueLost
	}
	return v, err
}
