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
