package annotate

import (
	"sort"
	"unicode/utf8"
)

// Text is an article's text with the tables that convert between code-point
// offsets (what people and files see), byte offsets (what Go strings index)
// and UTF-16 code units (what JavaScript tools such as Label Studio count).
// For pure ASCII text no table is built and every conversion is the identity.
type Text struct {
	s      string
	n      int     // length in code points
	byteAt []int32 // byteAt[i] is the byte offset of code point i; nil when ASCII
	astral []int32 // code-point offsets of characters outside the BMP (2 UTF-16 units)
}

// NewText indexes s. Invalid UTF-8 is counted byte by byte as U+FFFD would be,
// but callers validate first (see CheckUTF8).
func NewText(s string) *Text {
	t := &Text{s: s}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		t.n = len(s)
		return t
	}
	t.byteAt = make([]int32, 0, len(s)+1)
	for i, r := range s {
		t.byteAt = append(t.byteAt, int32(i))
		if r > 0xFFFF {
			t.astral = append(t.astral, int32(len(t.byteAt)-1))
		}
	}
	t.n = len(t.byteAt)
	t.byteAt = append(t.byteAt, int32(len(s)))
	return t
}

// String returns the whole text.
func (t *Text) String() string { return t.s }

// Len is the length in code points.
func (t *Text) Len() int { return t.n }

// Byte converts a code-point offset (0..Len) to a byte offset. Offsets out of
// range are clamped.
func (t *Text) Byte(cp int) int {
	if cp <= 0 {
		return 0
	}
	if cp >= t.n {
		return len(t.s)
	}
	if t.byteAt == nil {
		return cp
	}
	return int(t.byteAt[cp])
}

// CodePoint converts a byte offset to the code point that contains it.
func (t *Text) CodePoint(b int) int {
	if b <= 0 {
		return 0
	}
	if b >= len(t.s) {
		return t.n
	}
	if t.byteAt == nil {
		return b
	}
	// The first code point whose byte offset is > b, minus one.
	i := sort.Search(t.n+1, func(i int) bool { return int(t.byteAt[i]) > b })
	return i - 1
}

// Slice returns the text between two code-point offsets.
func (t *Text) Slice(start, end int) string {
	if end < start {
		return ""
	}
	return t.s[t.Byte(start):t.Byte(end)]
}

// UTF16 converts a code-point offset to a UTF-16 code-unit offset.
func (t *Text) UTF16(cp int) int {
	if cp < 0 {
		cp = 0
	}
	if cp > t.n {
		cp = t.n
	}
	return cp + sort.Search(len(t.astral), func(i int) bool { return int(t.astral[i]) >= cp })
}

// FromUTF16 converts a UTF-16 code-unit offset to a code-point offset. An
// offset that falls between the two halves of a surrogate pair is rounded
// down to the character that contains it; ok is false then.
func (t *Text) FromUTF16(u int) (cp int, ok bool) {
	if u <= 0 {
		return 0, u == 0
	}
	// cp + astral(<cp) = u; astral(<cp) grows with cp, so search cp.
	lo, hi := 0, t.n
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.UTF16(mid) <= u {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo, t.UTF16(lo) == u
}

// Fragments returns the text of each fragment, joined with one space as brat
// and skein's JSONL do for discontinuous spans.
func (t *Text) Fragments(frags []Fragment) string {
	if len(frags) == 1 {
		return t.Slice(frags[0].Start, frags[0].End)
	}
	var n int
	for _, f := range frags {
		n += t.Byte(f.End) - t.Byte(f.Start) + 1
	}
	b := make([]byte, 0, n)
	for i, f := range frags {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, t.s[t.Byte(f.Start):t.Byte(f.End)]...)
	}
	return string(b)
}

// CodePointLen counts the code points of s.
func CodePointLen(s string) int { return utf8.RuneCountInString(s) }
