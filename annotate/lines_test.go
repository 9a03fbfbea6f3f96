package annotate

import (
	"bufio"
	"errors"
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
