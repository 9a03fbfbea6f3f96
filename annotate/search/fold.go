// Package search finds words, phrases and regular expressions in a corpus,
// case- and accent-insensitively, with filters on the annotations, and turns
// the matches into one change that labels them all.
//
// Text is searched in its folded form (Fold): lower case, accents and other
// combining marks removed, Arabic-script letter variants made one. Each
// document's folded text is kept in the store beside the document (Record),
// written when the document is written, so a search reads one prepared value
// per article and never folds at query time.
package search

import (
	"encoding/binary"
	"errors"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldTable maps each rune of the Basic Multilingual Plane above ASCII to its
// folded form; -1 means the rune is dropped. It is built once, on the first
// text that is not ASCII.
var (
	foldOnce  sync.Once
	foldTable []rune
)

// Letters that are one to a reader searching. Arabic-script letters that one language writes one way and another the
// other: Urdu and Persian yeh, kaf and heh are the Arabic ones to a reader
// searching.
var arabicVariants = map[rune]rune{
	'ی': 'ي', // Farsi yeh
	'ى': 'ي', // alef maksura
	'ے': 'ي', // yeh barree
	'ک': 'ك', // keheh
	'ہ': 'ه', // heh goal
	'ھ': 'ه', // heh doachashmee
	'ۃ': 'ة', // teh marbuta goal
	// Typographic quotes are the typewriter ones: "Kakar’s" is "Kakar's".
	'‘': '\'',
	'’': '\'',
	'“': '"',
	'”': '"',
}

func buildFoldTable() {
	foldTable = make([]rune, 0x10000)
	var buf [utf8.UTFMax]byte
	for r := rune(0); r < 0x10000; r++ {
		foldTable[r] = foldSlow(r, buf[:])
	}
}

// foldSlow folds one rune: a combining mark, a format character or the
// Arabic tatweel is dropped; otherwise the rune's canonical decomposition
// keeps its base letter, which is then lower-cased.
func foldSlow(r rune, buf []byte) rune {
	if r < utf8.RuneSelf {
		return asciiLower(r)
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || r == 'ـ' {
		return -1
	}
	if 0xD800 <= r && r < 0xE000 {
		return r
	}
	n := utf8.EncodeRune(buf, r)
	if d := norm.NFD.Bytes(buf[:n]); len(d) > 0 {
		base, _ := utf8.DecodeRune(d)
		if base != utf8.RuneError && !unicode.In(base, unicode.Mn, unicode.Me) {
			r = base
		}
	}
	r = unicode.ToLower(r)
	if v, ok := arabicVariants[r]; ok {
		r = v
	}
	return r
}

func asciiLower(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// FoldRune returns r folded, or -1 when folding drops it.
func FoldRune(r rune) rune {
	if r < utf8.RuneSelf {
		return asciiLower(r)
	}
	if r < 0x10000 {
		foldOnce.Do(buildFoldTable)
		return foldTable[r]
	}
	var buf [utf8.UTFMax]byte
	return foldSlow(r, buf[:])
}

// Folded is a text in folded form with what it takes to map offsets in it
// back to the original text.
type Folded struct {
	// Text is the folded text, UTF-8.
	Text []byte
	// Drops are the code point offsets, in the original text, of the runes
	// folding dropped, ascending.
	Drops []int
	// ASCII is true when Text is ASCII, so byte offsets are code points.
	ASCII bool
}

// Fold folds text. Every rune becomes at most one rune, so an offset in the
// folded text maps back to exactly one in the original (Orig).
func Fold(text string) *Folded {
	f := &Folded{}
	f.Text, f.Drops, f.ASCII = appendFold(make([]byte, 0, len(text)), nil, text)
	return f
}

// appendFold appends text folded to b and the offsets of the runes it
// dropped to drops, and reports whether what it appended is ASCII.
func appendFold(b []byte, drops []int, text string) ([]byte, []int, bool) {
	ascii := true
	cp := 0
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			cp++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if fr := FoldRune(r); fr < 0 {
			drops = append(drops, cp)
		} else {
			b = utf8.AppendRune(b, fr)
			if fr >= utf8.RuneSelf {
				ascii = false
			}
		}
		cp++
	}
	return b, drops, ascii
}

// FoldString is the folded form of s as a string, for queries.
func FoldString(s string) string { return string(Fold(s).Text) }

// Orig maps a code point offset in the folded text to the original text.
// An end offset (end true) takes in the dropped runes that follow the last
// kept one, so an accent written as a combining mark stays with its letter.
func (f *Folded) Orig(cp int, end bool) int {
	if len(f.Drops) == 0 {
		return cp
	}
	if end && cp > 0 {
		o := f.Orig(cp-1, false) + 1
		for i := f.dropIndex(o); i < len(f.Drops) && f.Drops[i] == o; i++ {
			o++
		}
		return o
	}
	// The i-th drop lies before the kept rune at folded offset cp exactly
	// when Drops[i]-i <= cp.
	lo, hi := 0, len(f.Drops)
	for lo < hi {
		m := (lo + hi) / 2
		if f.Drops[m]-m <= cp {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return cp + lo
}

func (f *Folded) dropIndex(o int) int {
	lo, hi := 0, len(f.Drops)
	for lo < hi {
		m := (lo + hi) / 2
		if f.Drops[m] < o {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// recordVersion is the first byte of a Record; a record of another version
// is refused as damaged.
const recordVersion = 1

// ErrDamaged says a stored record cannot be read.
var ErrDamaged = errors.New("search record damaged")

// AppendRecord appends the stored form of a document's folded text and its
// date (for date: filters) to b: a version byte, flags (1: the text is
// ASCII), the date, the folded text, then the code point offsets of the
// runes folding dropped, as deltas. The text is folded straight into b.
func AppendRecord(b []byte, date, text string) []byte {
	b = append(b, recordVersion, 0)
	flags := len(b) - 1
	b = binary.AppendUvarint(b, uint64(len(date)))
	b = append(b, date...)
	// The folded text's length is written after it is folded, in a
	// uvarint padded to 5 bytes (up to 32 GB), kept free for it here.
	lenAt := len(b)
	b = append(b, 0x80, 0x80, 0x80, 0x80, 0)
	start := len(b)
	var drops []int
	var ascii bool
	b, drops, ascii = appendFold(b, nil, text)
	n := len(b) - start
	for k := 0; k < 5; k++ {
		v := byte(n>>(7*k)) & 0x7f
		if k < 4 {
			v |= 0x80
		}
		b[lenAt+k] = v
	}
	if ascii {
		b[flags] = 1
	}
	b = binary.AppendUvarint(b, uint64(len(drops)))
	prev := 0
	for _, d := range drops {
		b = binary.AppendUvarint(b, uint64(d-prev))
		prev = d
	}
	return b
}

// RecordSize is about how long AppendRecord makes the record of a document
// with this date and text; a record of a text that is not ASCII may be
// longer.
func RecordSize(date, text string) int { return 16 + len(date) + len(text) }

// Record is a decoded stored record; Text aliases the bytes it was decoded
// from.
type Record struct {
	Date string
	Folded
}

// DecodeRecord reads a record written by AppendRecord.
func DecodeRecord(b []byte) (*Record, error) {
	if len(b) < 2 || b[0] != recordVersion || b[1] > 1 {
		return nil, ErrDamaged
	}
	r := &Record{}
	r.ASCII = b[1] == 1
	b = b[2:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, ErrDamaged
	}
	r.Date = string(b[k : k+int(n)])
	b = b[k+int(n):]
	n, k = binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, ErrDamaged
	}
	r.Text = b[k : k+int(n)]
	b = b[k+int(n):]
	nd, k := binary.Uvarint(b)
	if k <= 0 || nd > uint64(len(b)) {
		return nil, ErrDamaged
	}
	b = b[k:]
	if nd > 0 {
		r.Drops = make([]int, nd)
		prev := 0
		for i := range r.Drops {
			d, k := binary.Uvarint(b)
			if k <= 0 || d > 1<<31 {
				return nil, ErrDamaged
			}
			prev += int(d)
			r.Drops[i] = prev
			b = b[k:]
		}
	}
	if len(b) != 0 || !utf8.Valid(r.Text) {
		return nil, ErrDamaged
	}
	return r, nil
}
