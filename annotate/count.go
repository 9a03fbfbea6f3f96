package annotate

import (
	"fmt"
	"strconv"
)

// Count is n and the noun, plural (with an s) unless n is 1: "1 span",
// "3 spans" — how every report line a researcher reads counts things.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Size is a file's size n in bytes as a person reads it: "812 bytes",
// "19.5 KB", "3.2 MB". Below a megabyte it is in kilobytes, so that a first
// store's backup of some 20 KB does not read as "0.0 MB", a backup of nothing.
func Size(n int64) string {
	switch {
	case n < 1000:
		return Count(int(n), "byte")
	case n < 999_950: // would round to 1000.0 KB
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
