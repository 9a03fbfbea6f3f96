package frame

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxShownLines and MaxShownBytes bound the text a dialog lays out. Fyne
// lays out a wrapped label's every line at once, in a time growing with
// the square of their number (50 lines 70 ms, 400 lines 1.5 s, 1,000 lines
// 34 s), the window frozen meanwhile: the refusal of a mailed file of
// 100,000 bad lines, listed whole, hung it for hours.
const (
	MaxShownLines = 60
	MaxShownBytes = 8 << 10
)

// Shown is text as a dialog shows it: whole where it is at most
// MaxShownLines lines and MaxShownBytes bytes, else its beginning and a
// last line saying how much more there was.
func Shown(text string) string {
	keep := text
	if len(keep) > MaxShownBytes {
		keep = keep[:MaxShownBytes]
		for len(keep) > 0 && !utf8.RuneStart(text[len(keep)]) {
			keep = keep[:len(keep)-1] // not inside a character
		}
	}
	for i, n := 0, 0; i < len(keep); i++ {
		if keep[i] == '\n' {
			if n++; n == MaxShownLines {
				keep = keep[:i]
				break
			}
		}
	}
	if len(keep) == len(text) {
		return text
	}
	if lines := strings.Count(text[len(keep):], "\n"); lines > 0 {
		return fmt.Sprintf("%s\n… and %d more lines, not shown", keep, lines)
	}
	return fmt.Sprintf("%s…\n(%d more bytes of this line, not shown)", keep, len(text)-len(keep))
}
