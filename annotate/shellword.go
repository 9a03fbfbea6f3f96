package annotate

import (
	"runtime"
	"strings"
)

// ShellWord is s as one word of a command a message tells the user to
// run, quoted where a shell would split or read it: a path with a space
// ("in/Ordner ü/.git", macOS's "Application Support"), an annotator named
// "Bilal Khan". A message's command is copied into a terminal as it reads.
// Windows' shells take double quotes; the others single ones.
func ShellWord(s string) string {
	if s != "" && !strings.ContainsFunc(s, needsQuote) {
		return s
	}
	if runtime.GOOS == "windows" {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// needsQuote reports whether r, in a word, makes a POSIX shell (or cmd,
// or PowerShell) read the word otherwise than as it is written.
func needsQuote(r rune) bool {
	switch {
	case r <= ' ', r == 0x7f:
		return true
	case strings.ContainsRune("\"'`$&|;<>()[]{}*?!~#%^\\", r):
		return r != '\\' || runtime.GOOS != "windows"
	}
	return false
}
