package search

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/skein-news/skein/annotate"
)

// ContextWidth is how many code points of text an excerpt shows on each
// side of a match.
const ContextWidth = 40

// Excerpt returns a match's text and the match in its context: up to width
// code points on each side, cut at a space where one is near, with line
// breaks and runs of spaces shown as one space.
func Excerpt(t *annotate.Text, m Match, width int) (text, context string) {
	before, text, after := ExcerptParts(t, m, width, width)
	return text, before + text + after
}

// ExcerptParts returns the text before a match (up to left code points),
// the match and the text after it (up to right), each with line breaks and
// runs of spaces shown as one space, cut at a space where one is near and
// marked … where cut. The … stands against the word it cuts to, as a
// reader writes it ("…Anwar ul-Haq Kakar said…"): a cut at white space (a
// paragraph's break, two spaces) showed "… Anwar" and "said …". A cut that
// falls at a word's edge keeps that word whole.
func ExcerptParts(t *annotate.Text, m Match, left, right int) (before, text, after string) {
	from := max(0, m.Start-left)
	to := min(t.Len(), m.End+right)
	before = t.Slice(from, m.Start)
	after = t.Slice(m.End, to)
	if from > 0 {
		if !atWordEdge(t, from) {
			if i := strings.IndexFunc(before, unicode.IsSpace); i >= 0 && i < len(before)/2 {
				before = before[i:]
			}
		}
		before = "…" + strings.TrimLeftFunc(before, unicode.IsSpace)
	}
	if to < t.Len() {
		if !atWordEdge(t, to) {
			if i := strings.LastIndexFunc(after, unicode.IsSpace); i > len(after)/2 {
				after = after[:i]
			}
		}
		after = strings.TrimRightFunc(after, unicode.IsSpace) + "…"
	}
	return squeeze(before), squeeze(t.Slice(m.Start, m.End)), squeeze(after)
}

// atWordEdge reports whether a cut before code point i falls at a word's
// edge, white space on one side of it, not inside a word.
func atWordEdge(t *annotate.Text, i int) bool {
	if i <= 0 || i >= t.Len() {
		return true
	}
	pair := []rune(t.Slice(i-1, i+1))
	return len(pair) < 2 || unicode.IsSpace(pair[0]) || unicode.IsSpace(pair[1])
}

// squeeze shows each run of white space as one space, keeping one at
// either end where there was any.
func squeeze(s string) string {
	if s == "" {
		return s
	}
	out := strings.Join(strings.Fields(s), " ")
	if out == "" {
		return " "
	}
	if isSpaceByte(s[0]) {
		out = " " + out
	}
	if isSpaceByte(s[len(s)-1]) {
		out += " "
	}
	return out
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// CountMatches is "1 match", "3 matches".
func CountMatches(n int) string {
	if n == 1 {
		return "1 match"
	}
	return strconv.Itoa(n) + " matches"
}
