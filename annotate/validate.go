package annotate

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxDocumentBytes is the largest article skein imports.
const MaxDocumentBytes = 10 << 20

// Errors that validation wraps, so callers can tell kinds apart.
var (
	ErrEmpty     = errors.New("empty")
	ErrTooLarge  = errors.New("larger than 10 MB")
	ErrBinary    = errors.New("binary content")
	ErrNotUTF8   = errors.New("not UTF-8")
	ErrOffsets   = errors.New("offsets outside the text")
	ErrMismatch  = errors.New("text does not match offsets")
	ErrBadSpan   = errors.New("invalid span")
	ErrBadThread = errors.New("invalid thread")
)

// CheckNotUTF16Text is the problem of the bytes of a file that -encoding
// decodes (an article, a brat .ann), read without it, that begin with
// UTF-16's byte order mark, else nil: Notepad's "Unicode". Said as what it
// is, where the NUL bytes of its ASCII letters read as binary, and a text
// of Urdu or Chinese (no NUL) as a byte 0xff to try windows-1252 on.
func CheckNotUTF16Text(b []byte) error {
	if err := CheckNotUTF32(b); err != nil {
		return err
	}
	if enc := utf16BOM(b); enc != "" {
		return fmt.Errorf("%w: it is %s, as the byte order mark it begins with says (use -encoding utf-16)", ErrNotUTF8, strings.ToUpper(enc))
	}
	return nil
}

// CheckNotUTF32 is the problem of the bytes of a file that begin with
// UTF-32's byte order mark, which no -encoding reads, else nil: decoded as
// UTF-16 (-encoding utf-16 takes its mark for UTF-16LE's) it was said to
// look like UTF-16 without a mark.
func CheckNotUTF32(b []byte) error {
	if enc := utf16BOM(b); strings.HasPrefix(enc, "utf-32") {
		return fmt.Errorf("%w: it is %s, as the byte order mark it begins with says, which skein does not read: %s", ErrNotUTF8, strings.ToUpper(enc), iconvLine(enc))
	}
	return nil
}

// CheckEncoding is the problem of the bytes of a file read whole that
// are UTF-16 or UTF-32 where skein reads UTF-8: with a byte order mark
// (CheckNotUTF16Text), or UTF-16 without one (a NUL in every other byte of
// its ASCII letters); else nil. It is said of the whole file, at its line
// 1, where CheckText's other problems are said at a byte.
func CheckEncoding(b []byte) error {
	if err := CheckNotUTF16Text(b); err != nil {
		return err
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		if err := utf32NoMark(b); err != nil {
			return err
		}
		return utf16NoMark(b, i)
	}
	return nil
}

// utf32NoMark is the problem of b when it certainly is UTF-32 without a
// byte order mark (UTF32WithoutMark), else nil: it was "binary content:
// control byte 0x00 at byte 1".
func utf32NoMark(b []byte) error {
	if enc := UTF32WithoutMark(b); enc != "" {
		return fmt.Errorf("%w: it is %s without a byte order mark, which skein does not read: %s", ErrNotUTF8, enc, iconvLine(strings.ToLower(enc)))
	}
	return nil
}

// UTF32WithoutMark is "UTF-32LE" or "UTF-32BE" when b is certainly UTF-32
// text without a byte order mark, else "": a whole number of 4-byte units,
// each in that order a character of text (a code point of Unicode, no
// surrogate, no NUL, no control character but tab, line and page breaks
// and carriage return), and the units not all also so in the other order.
// Binary data is never all such units.
func UTF32WithoutMark(b []byte) string {
	if len(b) < 4 || len(b)%4 != 0 {
		return ""
	}
	le, be := true, true
	for i := 0; i+4 <= len(b) && (le || be); i += 4 {
		le = le && textUnit(rune(binary.LittleEndian.Uint32(b[i:])))
		be = be && textUnit(rune(binary.BigEndian.Uint32(b[i:])))
	}
	switch {
	case le && !be:
		return "UTF-32LE"
	case be && !le:
		return "UTF-32BE"
	}
	return ""
}

// textUnit reports whether r is a character a text holds: a code point
// of Unicode, not a surrogate, NUL or a control character other than tab,
// line and page breaks and carriage return.
func textUnit(r rune) bool {
	if r < 0x20 {
		return r != 0 && !IsControlByte(byte(r))
	}
	return r <= utf8.MaxRune && (r < 0xd800 || r > 0xdfff) && r != 0x7f
}

// TextAt is where in b, an article's bytes, CheckText's err is: its
// 1-based line, and err said against that line: "at byte 59" becomes "at
// byte 19 of the line, column 20 (byte 59 of the file)", the column
// counting the line's code points from 1, as an editor shows it; on line 1
// the column is said where it is not the byte's place (a letter of several
// bytes before it). A file in UTF-16 or UTF-32 is said at line 1; a
// problem of the whole file (empty, too large) at line 0, as it was.
func TextAt(b []byte, err error) (int, error) {
	if enc := CheckEncoding(b); enc != nil {
		return 1, enc
	}
	at := -1
	switch {
	case errors.Is(err, ErrBinary):
		if at = bytes.IndexByte(b, 0); at < 0 {
			_, at = countControls(b)
		}
	case errors.Is(err, ErrNotUTF8):
		at = BadUTF8(b)
	}
	if at < 0 {
		return 0, err
	}
	start := bytes.LastIndexByte(b[:at], '\n') + 1
	col := 1 + utf8.RuneCount(b[start:at])
	placed := fmt.Sprintf("at byte %d of the line, column %d (byte %d of the file)", at-start, col, at)
	if start == 0 {
		if col == at+1 {
			return 1, err
		}
		placed = fmt.Sprintf("at byte %d, column %d", at, col)
	}
	msg := strings.Replace(err.Error(), fmt.Sprintf("at byte %d", at), placed, 1)
	return 1 + bytes.Count(b[:at], []byte{'\n'}), &placedError{msg: msg, err: err}
}

// placedError is an error said anew where it was found, which still
// answers errors.Is for the one it stands for.
type placedError struct {
	msg string
	err error
}

func (e *placedError) Error() string { return e.msg }
func (e *placedError) Unwrap() error { return e.err }

// UTF16WithoutMark is "UTF-16LE" or "UTF-16BE" when b, a file read whole,
// reads as UTF-16 text without a byte order mark (a NUL in every other
// byte, as ASCII letters saved so have), else "". The zeros a copy lays
// out before it fills them in fall on both halves of each pair, and are
// not.
func UTF16WithoutMark(b []byte) string {
	if bytes.IndexByte(b, 0) < 0 {
		return ""
	}
	return strings.ToUpper(looksUTF16(b))
}

// utf16NoMark is the problem of b, whose first NUL is at byte i, when it
// reads as UTF-16 without a byte order mark (looksUTF16), else nil.
func utf16NoMark(b []byte, i int) error {
	if enc := looksUTF16(b); enc != "" {
		return fmt.Errorf("%w: control byte 0x00 at byte %d; it looks like %s without a byte order mark (use -encoding %s)", ErrBinary, i, strings.ToUpper(enc), enc)
	}
	return nil
}

// CheckText says what is wrong with the raw bytes of an article, or nil: it
// must be non-empty, at most 10 MB, valid UTF-8 and not binary. Binary is a
// NUL byte, or control bytes (other than tab, line and page breaks) making
// more than one byte in ten; a stray escape or backspace, as old mail and
// news posts have, is a code point like any other and is kept.
func CheckText(b []byte) error {
	if len(b) == 0 {
		return ErrEmpty
	}
	if len(b) > MaxDocumentBytes {
		return fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(b))
	}
	if err := CheckNotUTF16Text(b); err != nil {
		return err
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		if err := utf32NoMark(b); err != nil {
			return err
		}
		if err := utf16NoMark(b, i); err != nil {
			return err
		}
		return fmt.Errorf("%w: control byte 0x00 at byte %d", ErrBinary, i)
	}
	n, first := countControls(b)
	if n > 0 && n*10 > len(b) {
		return fmt.Errorf("%w: %d control bytes in %d, the first 0x%02x at byte %d", ErrBinary, n, len(b), b[first], first)
	}
	if i := BadUTF8(b); i >= 0 {
		return fmt.Errorf("%w: invalid byte 0x%02x at byte %d (try -encoding windows-1252 or latin1)", ErrNotUTF8, b[i], i)
	}
	if len(trimSpace(b)) == 0 {
		return fmt.Errorf("%w: only white space", ErrEmpty)
	}
	return nil
}

// countControls counts the control bytes of b (IsControlByte) and finds
// the first (-1 when none). It reads eight bytes at a time and looks at
// them one by one only when one is below 0x20: an import checks every
// byte of every article it reads, and most words of text have none.
func countControls(b []byte) (n, first int) {
	first = -1
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// A byte below 0x20 borrows into its own top bit; bytes of 0x80
		// and above are masked out by ^x (Hacker's Delight, "hasless").
		if (x-0x2020202020202020)&^x&0x8080808080808080 == 0 {
			continue
		}
		for j := i; j < i+8; j++ {
			if IsControlByte(b[j]) {
				if first < 0 {
					first = j
				}
				n++
			}
		}
	}
	for ; i < len(b); i++ {
		if IsControlByte(b[i]) {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	return n, first
}

// IsControlByte reports whether c is a C0 control byte other than tab, line
// feed, vertical tab, form feed and carriage return.
func IsControlByte(c byte) bool {
	return c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v'
}

// utf16BOM is "utf-16le" or "utf-16be" when b begins with the byte order
// mark of UTF-16 (FF FE, FE FF: bytes UTF-8 never has), "utf-32le" or
// "utf-32be" when with UTF-32's (FF FE 00 00, 00 00 FE FF), else "". UTF-32LE's
// mark begins as UTF-16LE's does: it was named UTF-16LE, and told to read
// with -encoding utf-16, which garbled it; UTF-32BE's was "binary".
func utf16BOM(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe, 0, 0}):
		return "utf-32le"
	case bytes.HasPrefix(b, []byte{0, 0, 0xfe, 0xff}):
		return "utf-32be"
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return "utf-16le"
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return "utf-16be"
	}
	return ""
}

// iconvLine says how to make a file in enc ("utf-32le") UTF-8, which
// skein reads: the file is named by the message it ends.
func iconvLine(enc string) string {
	return fmt.Sprintf("convert it to UTF-8 and import that (iconv -f %s -t UTF-8 FILE > FILE.utf8; in Notepad: File ▸ Save as, Encoding UTF-8)", strings.ToUpper(enc))
}

// looksUTF16 is "utf-16le" or "utf-16be" when b reads as UTF-16 text
// without a byte order mark (mostly ASCII letters, so every other byte is
// NUL), else "".
func looksUTF16(b []byte) string {
	if len(b) < 4 {
		return ""
	}
	var zeros [2]int
	for i, c := range b {
		if c == 0 {
			zeros[i%2]++
		}
	}
	half := len(b) / 2
	switch {
	case zeros[1]*10 >= half*7 && zeros[0]*10 < half:
		return "utf-16le"
	case zeros[0]*10 >= half*7 && zeros[1]*10 < half:
		return "utf-16be"
	}
	return ""
}

// BadUTF8 is the offset of the first byte of b that is not UTF-8, or -1.
func BadUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// BadJSON is the offset in the raw bytes of a JSON text of the first thing
// encoding/json would quietly turn into U+FFFD, or -1: a byte that is not
// UTF-8, or the \u escape of a lone UTF-16 surrogate (a high half not
// followed by an escaped low half, or a low half alone). BadJSONError says
// what it is.
func BadJSON(b []byte) int {
	if i := BadUTF8(b); i >= 0 {
		return i
	}
	return loneSurrogate(b)
}

// BadJSONError says what BadJSON found at b[i]; where places it ("at byte 30
// of the line"). The error wraps ErrNotUTF8: a lone surrogate has no UTF-8
// form either.
func BadJSONError(b []byte, i int, where string) error {
	if b[i] == '\\' {
		return fmt.Errorf("%w: \"%s\" %s is half of a UTF-16 surrogate pair, the other half is missing", ErrNotUTF8, b[i:i+6], where)
	}
	return fmt.Errorf("%w: invalid byte 0x%02x %s", ErrNotUTF8, b[i], where)
}

// loneSurrogate is the offset of the first \uXXXX escape in b of a
// surrogate that is not half of a pair, or -1. A backslash occurs in valid
// JSON only inside a string, so escapes are found without tracking strings;
// an escaped backslash ("\\ud800") is skipped whole.
func loneSurrogate(b []byte) int {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\\')
		if j < 0 {
			return -1
		}
		i += j
		r, ok := escapedUnit(b, i)
		switch {
		case !ok:
			i += 2 // \\, \" and the rest; a bad escape is the decoder's to report
		case r >= 0xd800 && r < 0xdc00:
			if low, ok := escapedUnit(b, i+6); ok && low >= 0xdc00 && low < 0xe000 {
				i += 12
				continue
			}
			return i
		case r >= 0xdc00 && r < 0xe000:
			return i
		default:
			i += 6
		}
		if i >= len(b) {
			return -1
		}
	}
}

// escapedUnit reads the UTF-16 unit of a \uXXXX escape at b[i:].
func escapedUnit(b []byte, i int) (rune, bool) {
	if i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range b[i+2 : i+6] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}

// CheckSpan says what is wrong with a span on a text of n code points, or
// nil. It checks shape only; CheckSpanText also compares the quoted text.
func CheckSpan(s *Span, n int) error {
	if s.ID == "" {
		return fmt.Errorf("%w: span has no id", ErrBadSpan)
	}
	if err := CheckID(s.ID); err != nil {
		return fmt.Errorf("%w: field id: %w", ErrBadSpan, err)
	}
	if err := CheckID(s.Annotator); err != nil {
		return fmt.Errorf("%w %s: field annotator: %w", ErrBadSpan, s.ID, err)
	}
	if err := ValidLabelName(s.Label); err != nil {
		return fmt.Errorf("%w %s: %v", ErrBadSpan, s.ID, err)
	}
	if s.Annotator == "" {
		return fmt.Errorf("%w %s: no annotator", ErrBadSpan, s.ID)
	}
	if err := CheckFragments(s.Fragments, n); err != nil {
		return fmt.Errorf("invalid span %s: %w", s.ID, err)
	}
	return nil
}

// fragmentError is CheckFragments' problem: its message is for a person,
// and it answers errors.Is for ErrOffsets or ErrBadSpan.
type fragmentError struct {
	msg string
	err error
}

func (e *fragmentError) Error() string { return e.msg }
func (e *fragmentError) Unwrap() error { return e.err }

// CheckFragments says, for a person, what is wrong with fragments on a text
// of n code points, or nil, in the words every reader uses and the README
// quotes ("range 16–11 is empty or reversed", "offset 400 past the end of
// the text (45 characters)"): skein's own JSONL said "fragment [16,11)"
// and "[11,400) on a text of 45 characters" where the other formats and
// -as-suggestions said these. The error wraps ErrOffsets or ErrBadSpan.
func CheckFragments(frags []Fragment, n int) error {
	say := func(sentinel error, format string, args ...any) error {
		return &fragmentError{msg: fmt.Sprintf(format, args...), err: sentinel}
	}
	if len(frags) == 0 {
		return say(ErrBadSpan, "no offsets")
	}
	for i, f := range frags {
		for _, o := range []int{f.Start, f.End} {
			if o < 0 {
				return say(ErrOffsets, "offset %d is negative", o)
			}
			if o > n {
				return say(ErrOffsets, "offset %d past the end of the text (%s)", o, Count(n, "character"))
			}
		}
		if f.End <= f.Start {
			return say(ErrBadSpan, "range %d–%d is empty or reversed", f.Start, f.End)
		}
		if i > 0 && f.Start < frags[i-1].End {
			return say(ErrBadSpan, "fragments %d–%d and %d–%d overlap or are out of order", frags[i-1].Start, frags[i-1].End, f.Start, f.End)
		}
	}
	return nil
}

// CheckSpanText checks the span's shape and that quoted, if not empty, is the
// text its fragments cover.
func CheckSpanText(s *Span, t *Text, quoted string) error {
	if err := CheckSpan(s, t.Len()); err != nil {
		return err
	}
	if err := checkQuoted(s.Fragments, t, quoted); err != nil {
		return fmt.Errorf("invalid span %s: %w", s.ID, err)
	}
	return nil
}

// checkQuoted says, wrapping ErrMismatch, where quoted, if not empty, is
// not the text frags cover.
func checkQuoted(frags []Fragment, t *Text, quoted string) error {
	if quoted == "" {
		return nil
	}
	got := t.Fragments(frags)
	if got == quoted {
		return nil
	}
	at := make([]string, len(frags))
	for i, f := range frags {
		at[i] = fmt.Sprintf("%d–%d", f.Start, f.End)
	}
	return &fragmentError{msg: Mismatch(quoted, strings.Join(at, ";"), got), err: ErrMismatch}
}

// CheckThread says what is wrong with a thread, or nil.
func CheckThread(t *Thread) error {
	if t.ID == "" {
		return fmt.Errorf("%w: thread has no id", ErrBadThread)
	}
	if err := CheckThreadIDs(t); err != nil {
		return err
	}
	if t.Annotator == "" {
		return fmt.Errorf("%w %s: no annotator", ErrBadThread, t.ID)
	}
	seen := map[string]bool{}
	for i, m := range t.Members {
		if m.Doc == "" || m.Span == "" {
			return fmt.Errorf("%w %s: member %d names no document or span", ErrBadThread, t.ID, i+1)
		}
		if seen[m.Span] {
			return fmt.Errorf("%w %s: span %s appears twice", ErrBadThread, t.ID, m.Span)
		}
		seen[m.Span] = true
	}
	return nil
}

// CheckThreadIDs says which of a thread's IDs and names CheckID refuses
// (its own, its annotator's, each member's article and span), or nil,
// naming the field and never the ID.
func CheckThreadIDs(t *Thread) error {
	if err := CheckID(t.ID); err != nil {
		return fmt.Errorf("%w: field id: %w", ErrBadThread, err)
	}
	if err := CheckID(t.Annotator); err != nil {
		return fmt.Errorf("%w %s: field annotator: %w", ErrBadThread, t.ID, err)
	}
	for i, m := range t.Members {
		if err := CheckID(m.Doc); err != nil {
			return fmt.Errorf("%w %s: field members[%d].doc: %w", ErrBadThread, t.ID, i, err)
		}
		if err := CheckID(m.Span); err != nil {
			return fmt.Errorf("%w %s: field members[%d].span: %w", ErrBadThread, t.ID, i, err)
		}
	}
	return nil
}

// Mismatch says that a span's quoted text is not the text at its offsets
// at ("11–16", "0–5;15–18"), got: in these words for skein's JSONL,
// -as-suggestions files and Prodigy's alike.
func Mismatch(quoted, at, got string) string {
	return fmt.Sprintf("\"text\" is %q but the text at %s is %q (offsets count code points)", clip(quoted), at, clip(got))
}

func clip(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
