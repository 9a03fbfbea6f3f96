package formats

import (
	"sort"
	"unicode"

	"github.com/skein-news/skein/annotate"
)

// textTok is a token of an exported text, in code points, end exclusive.
type textTok struct {
	start, end int
	ws         bool // Prodigy: one space follows, which is not a token
	space      bool // the token is white space
}

// textTokens returns the tokens of a text that are not the white space
// between words, in text order: the words of annotate.Tokens (UAX #29), and
// each character between two words that is not white space — a comma, a
// full stop, a quote, a bracket — as a token of its own. So every character
// that is not white space is in exactly one token, and a format that writes
// these tokens keeps the sentence as written. A word is cut at every offset
// in cuts that falls inside it (Prodigy cuts at span edges; cuts may be
// nil); a piece of a word that is white space alone is marked space.
//
// A word may begin with white space: UAX #29 joins a combining mark to the
// space before it (" ́").
func textTokens(runes []rune, words []annotate.Token, cuts []int) []textTok {
	sort.Ints(cuts)
	out := make([]textTok, 0, len(words)+len(words)/4)
	blank := func(start, end int) bool {
		for _, r := range runes[start:end] {
			if !unicode.IsSpace(r) {
				return false
			}
		}
		return true
	}
	addWord := func(start, end int) {
		i := sort.SearchInts(cuts, start+1)
		for ; i < len(cuts) && cuts[i] < end; i++ {
			if cuts[i] > start {
				out = append(out, textTok{start: start, end: cuts[i], space: blank(start, cuts[i])})
				start = cuts[i]
			}
		}
		out = append(out, textTok{start: start, end: end, space: blank(start, end)})
	}
	gap := func(from, to int) {
		for i := from; i < to; i++ {
			if !unicode.IsSpace(runes[i]) {
				out = append(out, textTok{start: i, end: i + 1})
			}
		}
	}
	pos := 0
	for _, w := range words {
		gap(pos, w.Start)
		addWord(w.Start, w.End)
		pos = w.End
	}
	gap(pos, len(runes))
	return out
}
