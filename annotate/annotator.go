package annotate

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxAnnotatorName is the longest name a person annotates under, in
// characters.
const maxAnnotatorName = 64

// windowsDevices are the names Windows keeps for devices: no file or folder
// can have one, with or without an extension, in any case.
var windowsDevices = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true,
	"com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true,
	"lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// ValidAnnotatorName says what is wrong with name as the name a person
// annotates under (the window's name question, -user, a team folder's
// layers/NAME/ and its assignment), or nil. The error does not repeat the
// name: "\"../bob\" is not an annotator's name: " + err.
//
// The name names the person's folder in a team folder that Syncthing,
// Dropbox, a Windows share or git carries to every colleague, so it must
// be a folder name on each of their systems: letters (any script, with
// their marks) and digits, with spaces and . _ @ + - between them, at most
// 64 characters, not ending in a space or a dot (Windows drops them), and
// not a name Windows keeps for a device (con, nul, com1 …). Nor may it be
// the curated layer's name: that layer is each reviewer's own, and a
// colleague called "curated" would have their spans read into it.
func ValidAnnotatorName(name string) error {
	if name == "" {
		return fmt.Errorf("a name is needed")
	}
	if n := utf8.RuneCountInString(name); n > maxAnnotatorName {
		return fmt.Errorf("it is %d characters long; a name has at most %d", n, maxAnnotatorName)
	}
	for i, r := range name {
		switch {
		case r == utf8.RuneError:
			return fmt.Errorf("it is not valid UTF-8")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case i == 0:
			return fmt.Errorf("a name begins with a letter or a digit")
		case unicode.IsMark(r) || strings.ContainsRune(" ._@+-", r):
		default:
			return fmt.Errorf("%q cannot be in a name (use letters, digits, spaces and . _ @ + -)", r)
		}
	}
	if last, _ := utf8.DecodeLastRuneInString(name); last == ' ' || last == '.' {
		return fmt.Errorf("it ends with a space or a dot, which Windows drops from a folder's name")
	}
	if strings.EqualFold(name, CuratedLayer) {
		return fmt.Errorf("it is the curated layer's name, not a person's")
	}
	base, _, _ := strings.Cut(name, ".")
	if windowsDevices[strings.ToLower(strings.TrimRight(base, " "))] {
		return fmt.Errorf("Windows keeps it for a device")
	}
	return nil
}

// AnnotatorNameFrom makes a name ValidAnnotatorName takes from s, the
// operating system's name for a user: what cannot be in a name becomes a
// "-", the ends are trimmed, and a name still not valid is "annotator".
func AnnotatorNameFrom(s string) string {
	var b strings.Builder
	for _, r := range NormalName(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune(" ._@+-", r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	name := strings.TrimRightFunc(strings.TrimLeftFunc(b.String(), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), func(r rune) bool { return r == ' ' || r == '.' })
	if utf8.RuneCountInString(name) > maxAnnotatorName {
		name = strings.TrimRight(string([]rune(name)[:maxAnnotatorName]), " .")
	}
	if ValidAnnotatorName(name) != nil {
		return "annotator"
	}
	return name
}

// NormalName is name in Unicode's composed form (NFC), the one form skein
// keeps a person's name in: "Zoë" typed is one ë, but macOS's HFS+ gives a
// folder's name back decomposed (e and a combining diaeresis) and a paste
// from its Finder may bring that form, and the two must name one person.
func NormalName(name string) string { return norm.NFC.String(name) }
