package annotate

import "strconv"

// Count is n and the noun, plural (with an s) unless n is 1: "1 span",
// "3 spans" — how every report line a researcher reads counts things.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
