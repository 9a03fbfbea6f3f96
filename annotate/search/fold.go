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
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

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
	f.Text, f.Drops, f.ASCII, _ = appendFold(make([]byte, 0, len(text)), nil, bytesOf(text))
	return f
}

// appendFold appends text folded to b and the offsets of the runes it
// dropped to drops, and reports whether what it appended is ASCII and
// whether text is valid UTF-8. A run of eight ASCII bytes is lower-cased at
// once, in one 64-bit word.
func appendFold(b []byte, drops []int, text []byte) (_ []byte, _ []int, ascii, valid bool) {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	b = slices.Grow(b, len(text))
	ascii, valid = true, true
	cp := 0
	for i := 0; i < len(text); {
		for ; i+8 <= len(text); i, cp = i+8, cp+8 {
			x := binary.LittleEndian.Uint64(text[i:])
			if x&high != 0 {
				break
			}
			// Each byte is below 0x80, so these sums carry into no other
			// byte: their high bits say c >= 'A' and c > 'Z'.
			upper := (x + (0x80-'A')*ones) &^ (x + (0x80-'Z'-1)*ones) & high
			b = binary.LittleEndian.AppendUint64(b, x|upper>>2)
		}
		if i >= len(text) {
			break
		}
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
		r, n := utf8.DecodeRune(text[i:])
		if n == 1 {
			valid = false
		}
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
	return b, drops, ascii, valid
}

// bytesOf is s's own bytes, for appendFold, which only reads them.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

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
// is refused as damaged. Version 1 (schema 2) stored the folded text beside
// the article, about the article's size again, which doubled what an import
// wrote; version 2 is the article's own text, folded when it is read, so the
// store keeps no search record of its own and a search folds as it goes
// (appendFold, eight ASCII bytes at a time).
const recordVersion = 2

// ErrDamaged says a stored record cannot be read.
var ErrDamaged = errors.New("search record damaged")

// AppendRecord appends what a search reads of a document to b: a version
// byte, the date (for date: filters) and the text as it is. It is folded
// when it is decoded.
func AppendRecord[S ~string | ~[]byte](b []byte, date, text S) []byte {
	b = append(b, recordVersion)
	b = binary.AppendUvarint(b, uint64(len(date)))
	b = append(b, date...)
	return append(b, text...)
}

// RecordSize is how long AppendRecord makes the record of a document with
// this date and text.
func RecordSize(date, text string) int {
	return 1 + binary.PutUvarint(make([]byte, binary.MaxVarintLen64), uint64(len(date))) + len(date) + len(text)
}

// Record is a decoded record: the date and the text folded.
type Record struct {
	Date string
	Folded
}

// DecodeRecord reads a record written by AppendRecord and folds its text.
func DecodeRecord(b []byte) (*Record, error) {
	var d Decoder
	return d.Decode(b)
}

// A Decoder decodes records into buffers it keeps, so that a search of a
// corpus folds every article into the same memory: the Record it returns
// (and its Text and Drops) is valid until the next Decode.
type Decoder struct {
	rec  Record
	date []byte
}

// Decode reads a record written by AppendRecord and folds its text.
func (d *Decoder) Decode(b []byte) (*Record, error) {
	if len(b) < 2 || b[0] != recordVersion {
		return nil, ErrDamaged
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, ErrDamaged
	}
	date := b[k : k+int(n)]
	r := &d.rec
	if string(date) != r.Date {
		r.Date = string(date)
	}
	var valid bool
	r.Text, r.Drops, r.ASCII, valid = appendFold(r.Text[:0], r.Drops[:0], b[k+int(n):])
	if !valid {
		return nil, ErrDamaged
	}
	return r, nil
}
