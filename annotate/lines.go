package annotate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// MaxLineBytes is the longest JSONL line skein reads: an article at the
// 10 MB limit with many of its characters escaped, and its spans. A longer
// line (a 10 GB file of NULs, say) is refused before it fills the memory.
const MaxLineBytes = 100 << 20

// ErrLineTooLong is a line longer than MaxLineBytes; the rest of the file is
// not read.
var ErrLineTooLong = fmt.Errorf("line longer than %s: not a JSONL file, or damaged; the rest of the file was not read", SizeName(MaxLineBytes))

// ReadLine reads one line of at most max bytes from br, with its '\n', as
// bufio.Reader.ReadBytes does. A longer line is ErrLineTooLong, and a line
// holding a NUL byte (never in JSON, always in a file of zeros) is
// ErrBinary as soon as the NUL is read; after either the reader is left
// mid-line and should not be read further.
func ReadLine(br *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		if i := bytes.IndexByte(frag, 0); i >= 0 {
			if len(line) == 0 {
				return nil, errNUL(i, frag)
			}
			return nil, errNUL(len(line)+i, line)
		}
		if len(line)+len(frag) > max {
			return nil, ErrLineTooLong
		}
		if cap(line)-len(line) < len(frag) {
			// Double, rather than append's gentler growth for large
			// slices: a 10 MB line read 4 KB at a time otherwise copies
			// itself several times over into fresh pages.
			line = slices.Grow(line, len(line)+len(frag))
		}
		line = append(line, frag...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, err
		}
	}
}

// errNUL is a line with a NUL byte at byte at; line is the line, or as much
// of its start as was read. A line that begins with UTF-16's byte order
// mark (Windows PowerShell's `python x.py > out.jsonl` writes one) is a
// UTF16Error.
func errNUL(at int, line []byte) error {
	if err := CheckNotUTF16(line); err != nil {
		return err
	}
	return fmt.Errorf("%w: NUL byte at byte %d of the line, which no JSON has; the rest of the file was not read", ErrBinary, at)
}

// UTF16Error is a file in UTF-16, with its byte order mark, where skein
// reads UTF-8, or in UTF-32 with or without one (NoMark). It is ErrBinary
// to the readers, which stop at it.
type UTF16Error struct {
	Encoding string
	// NoMark is UTF-32 told by its bytes (UTF32WithoutMark), not a mark.
	NoMark bool
}

func (e UTF16Error) Error() string {
	if e.NoMark {
		// In the words a brat .txt or an article is refused in.
		return "the file is " + e.Encoding + " without a byte order mark, which skein does not read: " + iconvLine(e.Encoding) + "; the rest of the file was not read"
	}
	if strings.HasPrefix(e.Encoding, "UTF-32") {
		return "the file is " + e.Encoding + ", as the byte order mark it begins with says, and skein reads it as UTF-8: " + iconvLine(e.Encoding) + "; the rest of the file was not read"
	}
	return "the file is " + e.Encoding + ", as the byte order mark it begins with says, and skein reads it as UTF-8: save it as UTF-8; the rest of the file was not read"
}

func (e UTF16Error) Unwrap() error { return ErrBinary }

// CheckNotUTF16 is a UTF16Error when b, a file read whole, begins with
// UTF-16's byte order mark, else nil.
func CheckNotUTF16(b []byte) error {
	if enc := utf16BOM(b); enc != "" {
		return UTF16Error{Encoding: strings.ToUpper(enc)}
	}
	return nil
}

// CheckFileStart is CheckNotUTF16's problem of head, the start of a file
// or all of it, or, where head holds a NUL, a UTF16Error for UTF-32 without
// a byte order mark (UTF32WithoutMark of head's whole 4-byte units), else
// nil. Every unit of such a file is a character, so its start tells: read
// line by line, its NULs were "a NUL byte" at line 1, said as binary.
func CheckFileStart(head []byte) error {
	if err := CheckNotUTF16(head); err != nil {
		return err
	}
	if bytes.IndexByte(head, 0) < 0 {
		return nil
	}
	if enc := UTF32WithoutMark(head[:len(head)/4*4]); enc != "" {
		return UTF16Error{Encoding: enc, NoMark: true}
	}
	return nil
}

// PeekFileStart is CheckFileStart of the first bytes of br, a reader at
// the start of a file, which are left unread.
func PeekFileStart(br *bufio.Reader) error {
	head, _ := br.Peek(min(br.Size(), 4096))
	return CheckFileStart(head)
}

// Joined reads UTF-8's byte order mark at the start of a line of a file
// read line by line (skein's JSONL, doccano, Prodigy, Hugging Face rows,
// CoNLL, WebAnno TSV, a brat .ann, a model's predictions). At line 1 it is
// the file's, as an editor on Windows saves it. After line 1 it is never
// content either: it is where a second file, saved so, was joined on (cat
// a.jsonl b.jsonl > ab.jsonl), and it was read as text — a U+FEFF kept in
// a CoNLL token, "invalid character 'ï'" for JSONL. Every reader leaves it
// out, and Note says once where, for the file.
type Joined struct {
	File           string // as the notes name it
	first, last, n int
}

var utf8Mark = []byte("\xef\xbb\xbf")

// Trim returns line n (1-based) of the file without the byte order mark it
// begins with, counting the line when it is not the first. A nil *Joined
// trims and counts nothing.
func (j *Joined) Trim(raw []byte, n int) []byte {
	if !bytes.HasPrefix(raw, utf8Mark) {
		return raw
	}
	if n > 1 && j != nil {
		if j.n == 0 {
			j.first = n
		}
		j.n++
		j.last = n
	}
	return raw[len(utf8Mark):]
}

// Note says where lines after the first began with a byte order mark, or
// "" when none did.
func (j *Joined) Note() string {
	if j == nil || j.n == 0 {
		return ""
	}
	more := ""
	if j.n > 1 {
		more = fmt.Sprintf("; so do %d more lines, the last at line %d", j.n-1, j.last)
	}
	return fmt.Sprintf("%s:%d: this line begins with a byte order mark (U+FEFF), as a file saved on Windows does: read as the start of a file joined on (cat a b > c) and the mark left out%s; nothing to do", j.File, j.first, more)
}

// SizeName writes a byte count a person reads: "10 MB", "1 GB".
func SizeName(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
