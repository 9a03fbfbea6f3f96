package annotate

import (
	"bufio"
	"errors"
	"math/rand"
	"strings"
	"testing"
)

func TestReadLineLimits(t *testing.T) {
	br := bufio.NewReaderSize(strings.NewReader("short\n"+strings.Repeat("x", 100)+"\nnever read\n"), 16)
	line, err := ReadLine(br, 50)
	if err != nil || string(line) != "short\n" {
		t.Fatalf("got %q, %v; want the first line", line, err)
	}
	if _, err := ReadLine(br, 50); !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("got %v for a 100-byte line with a 50-byte limit, want ErrLineTooLong", err)
	}
	br = bufio.NewReaderSize(strings.NewReader("{\"a\":1}\x00\x00\n"), 16)
	if _, err := ReadLine(br, 50); !errors.Is(err, ErrBinary) || !strings.Contains(err.Error(), "NUL byte at byte 7") {
		t.Fatalf("got %v for a line with a NUL, want ErrBinary at byte 7", err)
	}
}

func TestCheckTextKeepsStrayControls(t *testing.T) {
	for _, c := range []struct {
		name string
		text string
		want error
	}{
		{"escape in a post", "From: a@b\nSubject: \x1b[1mhi\x1b[0m\n\nA long enough body of a Usenet post, with text.\n", nil},
		{"backspace", "underlined_\bword in an old man page, and more words after it\n", nil},
		{"NUL", "text\x00more", ErrBinary},
		{"mostly controls", "\x01\x02\x03\x04ab", ErrBinary},
	} {
		if err := CheckText([]byte(c.text)); !errors.Is(err, c.want) && !(err == nil && c.want == nil) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
}

// countControls reads eight bytes at a time: it must count and find what
// a byte-by-byte loop does, at every length and alignment, with control
// bytes next to the bytes around its boundaries (0x20, 0x7f, 0x80, 0xff)
// and to line breaks and tabs, which are not control bytes.
func TestCountControlsAsByteByByte(t *testing.T) {
	slow := func(b []byte) (n, first int) {
		first = -1
		for i, c := range b {
			if IsControlByte(c) {
				if first < 0 {
					first = i
				}
				n++
			}
		}
		return n, first
	}
	alphabet := []byte{0x00, 0x01, 0x08, 0x1b, 0x1f, 0x20, 0x21, 'a', 0x7f, 0x80, 0x9f, 0xa0, 0xc3, 0xff, '\n', '\r', '\t', '\f', '\v'}
	r := rand.New(rand.NewSource(1))
	for trial := 0; trial < 20000; trial++ {
		b := make([]byte, r.Intn(40))
		for i := range b {
			if r.Intn(3) == 0 {
				b[i] = alphabet[r.Intn(len(alphabet))]
			} else {
				b[i] = byte(0x20 + r.Intn(0x60))
			}
		}
		for off := 0; off < len(b) && off < 8; off++ {
			n, first := countControls(b[off:])
			wn, wfirst := slow(b[off:])
			if n != wn || first != wfirst {
				t.Fatalf("%q: got %d control bytes, the first at %d; want %d at %d", b[off:], n, first, wn, wfirst)
			}
		}
	}
}

// BenchmarkCheckText checks a 1.9 KB article of prose with paragraph
// breaks, as an import does for every file it reads.
func BenchmarkCheckText(b *testing.B) {
	text := []byte(strings.Repeat("The minister said that attacks in the province rose sharply after the government announced — deportation.\n\n", 18))
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		if err := CheckText(text); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUTF32WithoutMark: UTF-32 text without a byte order mark is named so,
// and binary data never is: zeros, little numbers (control characters as
// UTF-32), code points past Unicode, surrogates, a length that is no whole
// number of units, or text that reads so in both orders.
func TestUTF32WithoutMark(t *testing.T) {
	le := func(rs ...rune) []byte {
		var b []byte
		for _, r := range rs {
			b = append(b, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
		}
		return b
	}
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"text LE", le([]rune("Kabul\n")...), "UTF-32LE"},
		{"text BE", []byte{0, 0, 0, 'K', 0, 0, 0x06, 0x29, 0, 0, 0, '\n'}, "UTF-32BE"},
		{"zeros", make([]byte, 64), ""},
		{"little numbers", le(1, 2, 3, 4), ""},
		{"past Unicode", le('K', 0x110000), ""},
		{"surrogate", le('K', 0xd800), ""},
		{"not whole units", le([]rune("Kabul")...)[:19], ""},
		{"both orders", []byte{'K', 0, 0, 'K'}, ""},
		{"a PNG's header", []byte{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'}, ""},
	} {
		if got := UTF32WithoutMark(tc.b); got != tc.want {
			t.Errorf("%s: UTF32WithoutMark = %q, want %q", tc.name, got, tc.want)
		}
	}
}
