package figures

import "strings"

// Hedged reports whether before, the text just before a number (lower
// case, as search folds it), ends in a qualifier the reader knows ("some",
// "more than", "nearly") or what opens a range ("between", "from", "-"),
// or after, the text just after it, goes on with a hedge ("or more", "-plus")
// or a range ("to", "-"): when neither does, the number is the figure
// exactly, which lets a search skip reading it as a figure when its
// value cannot agree.
func Hedged(before, after string) bool {
	b := strings.TrimRight(before, " \u00a0")
	for _, end := range []string{"-", "–", "—", "/", "between", "from", "to", "and"} {
		if strings.HasSuffix(b, end) {
			return true
		}
	}
	for q := range qualifiers {
		if strings.HasSuffix(b, q) {
			k := len(b) - len(q)
			if k == 0 || !isLetterByte(b[k-1]) {
				return true
			}
		}
	}
	a := strings.TrimLeft(after, " \u00a0")
	// A scale or a percent sign may come between: "2.3 million to 2.5
	// million", "60% to 70%".
	for w := range scales {
		if strings.HasPrefix(a, w) {
			a = strings.TrimLeft(a[len(w):], " \u00a0")
			break
		}
	}
	for _, p := range []string{"%", "percent", "per cent", "pc"} {
		if strings.HasPrefix(a, p) {
			a = strings.TrimLeft(a[len(p):], " \u00a0")
			break
		}
	}
	// "-plus", "or more", "or so" hedge after the number (qualifierAfter).
	for _, start := range []string{"-", "–", "—", "/", "to ", "and ", "or ", "+"} {
		if strings.HasPrefix(a, start) {
			return true
		}
	}
	return false
}

// isLetterByte: an ASCII letter, or a byte of a multi-byte character
// (which may be one), so a qualifier is matched only as a whole word.
func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }
