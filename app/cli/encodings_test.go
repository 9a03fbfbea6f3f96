package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// utf32 is s in UTF-32 with its byte order mark, little- or big-endian.
func utf32(s string, big bool) []byte {
	var b []byte
	for _, r := range append([]rune{0xfeff}, []rune(s)...) {
		u := uint32(r)
		if big {
			b = append(b, byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8), byte(u>>16), byte(u>>24))
		}
	}
	return b
}

// TestImportUTF32Named: a file saved as UTF-32 is refused at line 1 as
// what it is, in every format, saying how to make it UTF-8. UTF-32LE (FF
// FE 00 00) was named UTF-16LE and sent to -encoding utf-16, which garbled
// it; UTF-32BE was "binary content: control byte 0x00".
func TestImportUTF32Named(t *testing.T) {
	cases := append([]struct {
		format string
		files  map[string]string
	}{{"txt", map[string]string{"a.txt": "Mujahid denied it.\n"}}}, labelled...)
	for i, tc := range cases {
		for _, big := range []bool{false, true} {
			enc := "UTF-32LE"
			if big {
				enc = "UTF-32BE"
			}
			t.Run(fmt.Sprint(i, tc.format, " ", enc), func(t *testing.T) {
				dir := t.TempDir()
				marked := ""
				path := writeLabelled(t, dir, tc.files, func(name, content string) []byte {
					if strings.HasPrefix(name, "b/") && strings.HasSuffix(name, ".txt") {
						return []byte(content) // a brat .txt: its .ann is the one
					}
					marked = filepath.Base(name)
					return utf32(content, big)
				})
				store := filepath.Join(dir, "s")
				code, _, stderr := run(t, store, "import", "-format", tc.format, path)
				want := marked + ":1: "
				if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, " is "+enc+", as the byte order mark it begins with says") ||
					!strings.Contains(stderr, "iconv -f "+enc+" -t UTF-8") || strings.Contains(stderr, "UTF-16") || strings.Contains(stderr, "binary") {
					t.Errorf("import = %d %q; want %q naming %s and the iconv line", code, stderr, want, enc)
				}
				if got := spansOf(t, store); len(got) != 0 {
					t.Errorf("the refused import stored spans %q", got)
				}
			})
		}
	}
}
