package annotate

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// MaxIDBytes is the longest ID or name skein takes from a file: a span's,
// a thread's or an article's ID, an annotator's name. A UUID is 36 bytes,
// a brat ID a few; a store's key holds an ID with its article's and its
// annotator's, and Badger refuses a key over 65,000 bytes with a hex dump
// of it hundreds of KB long.
const MaxIDBytes = 4096

// ErrBadID is what CheckID wraps.
var ErrBadID = errors.New("no ID or name skein keeps")

// CheckID says what is wrong with id, an ID or a name read from a file
// anyone could have written, or nil: it is at most MaxIDBytes bytes of
// UTF-8 with no control character (a line break, a tab, NUL, escape). The
// error never repeats id, which may be megabytes, or a line break that
// would print a line of the file's choosing in the message; it says its
// length. A caller names the file, the line and the field.
func CheckID(id string) error {
	switch {
	case len(id) > MaxIDBytes:
		return fmt.Errorf("%w: it is %d bytes long (at most %d, with no control character)", ErrBadID, len(id), MaxIDBytes)
	case hasControl(id):
		return fmt.Errorf("%w: it holds a control character (a line break, a tab, NUL, escape…), which no ID or name may (%d bytes)", ErrBadID, len(id))
	case !utf8.ValidString(id):
		return fmt.Errorf("%w: it is not UTF-8 (%d bytes)", ErrBadID, len(id))
	}
	return nil
}

// IDText is id as a message shows it: where CheckID refuses it, said what
// it is, never printed; else as it is, its first 60 characters and its
// length where it is longer than an ID a person reads.
func IDText(id string) string {
	switch {
	case len(id) > MaxIDBytes:
		return fmt.Sprintf("an ID of %d bytes", len(id))
	case hasControl(id) || !utf8.ValidString(id):
		return fmt.Sprintf("an ID of %d bytes holding a control character or a byte not UTF-8", len(id))
	case len(id) > 100:
		return fmt.Sprintf("%s… (%d bytes)", string([]rune(id)[:60]), len(id))
	}
	return id
}

// hasControl says whether s holds a control character (Unicode's Cc: C0,
// DEL and C1). It reads bytes: the IDs of every span of an import pass
// through it, and a C1 character is the only one above ASCII, 0xC2 then
// 0x80 to 0x9F in UTF-8.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == 0x7f:
			return true
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			return true
		}
	}
	return false
}
