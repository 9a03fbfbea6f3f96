package store

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Badger's write-ahead logs (the memtables' .mem files, and the newest
// .vlog file) are read on open up to the first entry whose checksum fails,
// and cut there: every change after a damaged entry would be dropped
// without a word. A kill leaves at most one entry cut short at the end, so
// the log is checked here first: when a bad entry is followed by a good one,
// the log is damaged, and Open refuses the store rather than lose the
// changes after it.

// logHeaderSize is the size of a log file's header (Badger's
// vlogHeaderSize: a key ID and an IV).
const logHeaderSize = 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checkLogs checks every .mem file and the newest .vlog file in dir.
func checkLogs(dir string, names []string) error {
	var logs, vlogs []string
	for _, n := range names {
		switch filepath.Ext(n) {
		case ".mem":
			logs = append(logs, n)
		case ".vlog":
			vlogs = append(vlogs, n)
		}
	}
	if len(vlogs) > 0 {
		sort.Slice(vlogs, func(i, j int) bool { return logID(vlogs[i]) < logID(vlogs[j]) })
		logs = append(logs, vlogs[len(vlogs)-1])
	}
	for _, n := range logs {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return fmt.Errorf("cannot open store %s: %w", dir, err)
		}
		if at, ok := damagedLog(b); !ok {
			return fmt.Errorf("store %s: log %s: %s at byte %d fails its checksum and later entries follow it: %w", dir, n, logEntryName(b, at), at, ErrDamaged)
		}
	}
	return nil
}

// logID is the number a log file is named by.
func logID(name string) int {
	var id int
	fmt.Sscan(strings.TrimSuffix(name, filepath.Ext(name)), &id)
	return id
}

// damagedLog walks the entries of log b. It returns ok when every entry is
// good up to the end of what was written, or when only the tail after the
// first bad entry fails (a write a kill cut short); otherwise it returns
// the offset of the bad entry that good entries follow.
func damagedLog(b []byte) (at int, ok bool) {
	end := len(b)
	for end > 0 && b[end-1] == 0 {
		end--
	}
	off := logHeaderSize
	for off < end {
		n, good := logEntry(b[:end], off)
		if n == 0 && good {
			return 0, true // zeros: the end of the log
		}
		if !good {
			for q := off + 1; q < end; q++ {
				if n, good := logEntry(b[:end], q); good && n > 0 {
					return off, false
				}
			}
			return 0, true
		}
		off += n
	}
	return 0, true
}

// logEntry parses the entry at off: its length and whether its checksum
// holds. A zero header is the end of the log (0, true).
func logEntry(b []byte, off int) (int, bool) {
	p := b[off:]
	if len(p) < 2 {
		return 0, false
	}
	i := 2
	klen, w := binary.Uvarint(p[i:])
	if w <= 0 {
		return 0, false
	}
	i += w
	vlen, w := binary.Uvarint(p[i:])
	if w <= 0 {
		return 0, false
	}
	i += w
	_, w = binary.Uvarint(p[i:])
	if w <= 0 {
		return 0, false
	}
	i += w
	if klen == 0 && vlen == 0 && p[0] == 0 && p[1] == 0 {
		return 0, true
	}
	// Keys carry an 8-byte version and are at most 64 KiB.
	if klen < 8 || klen > 1<<16 || vlen > uint64(len(p)) || uint64(i)+klen+vlen+4 > uint64(len(p)) {
		return 0, false
	}
	n := i + int(klen) + int(vlen)
	if crc32.Checksum(p[:n], castagnoli) != binary.BigEndian.Uint32(p[n:]) {
		return 0, false
	}
	return n + 4, true
}

// logEntryName names what the damaged entry at off held, when its header
// and key can still be read: "the record of article …"; else "the entry".
func logEntryName(b []byte, off int) string {
	p := b[off:]
	if len(p) < 2 {
		return "the entry"
	}
	i := 2
	klen, w := binary.Uvarint(p[i:])
	if w <= 0 {
		return "the entry"
	}
	i += w
	for j := 0; j < 2; j++ { // the value's length and the expiry
		_, w := binary.Uvarint(p[i:])
		if w <= 0 {
			return "the entry"
		}
		i += w
	}
	if klen < 9 || uint64(len(p)-i) < klen {
		return "the entry"
	}
	return "the record of " + describeKey(p[i:i+int(klen)-8])
}
