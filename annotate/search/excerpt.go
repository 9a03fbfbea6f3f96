package search

import (
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// ContextWidth is how many code points of text an excerpt shows on each
// side of a match.
const ContextWidth = 40

// Excerpt returns a match's text and the match in its context: up to width
// code points on each side, cut at a space where one is near, with line
// breaks and runs of spaces shown as one space.
func Excerpt(t *annotate.Text, m Match, width int) (text, context string) {
	text = t.Slice(m.Start, m.End)
	from := max(0, m.Start-width)
	to := min(t.Len(), m.End+width)
	left := t.Slice(from, m.Start)
	right := t.Slice(m.End, to)
	if from > 0 {
		if i := strings.IndexAny(left, " \n"); i >= 0 && i < len(left)/2 {
			left = left[i+1:]
		}
		left = "…" + left
	}
	if to < t.Len() {
		if i := strings.LastIndexAny(right, " \n"); i > len(right)/2 {
			right = right[:i]
		}
		right += "…"
	}
	return text, strings.Join(strings.Fields(left+text+right), " ")
}

// CountMatches is "1 match", "3 matches".
func CountMatches(n int) string {
	if n == 1 {
		return "1 match"
	}
	return strconv.Itoa(n) + " matches"
}
