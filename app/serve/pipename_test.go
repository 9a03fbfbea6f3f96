package serve

import (
	"strings"
	"testing"
)

// TestPipeName: every spelling of a store's Windows path names one pipe,
// and another store another pipe.
func TestPipeName(t *testing.T) {
	base := pipeNameFor(`C:\Users\Ayesha\AppData\Local\skein`)
	for _, same := range []string{`c:\users\ayesha\appdata\local\skein`, `C:\USERS\AYESHA\APPDATA\LOCAL\SKEIN\`} {
		if got := pipeNameFor(same); got != base {
			t.Errorf("pipeNameFor(%s) = %s, want %s as for C:\\Users\\Ayesha\\AppData\\Local\\skein", same, got, base)
		}
	}
	for _, other := range []string{`C:\Users\Bilal\AppData\Local\skein`, `D:\Users\Ayesha\AppData\Local\skein`, `C:\Users\Ayesha\AppData\Local\skein2`} {
		if got := pipeNameFor(other); got == base {
			t.Errorf("pipeNameFor(%s) = %s, the same as another store's", other, got)
		}
	}
	if a, b := pipeNameFor(`D:\`), pipeNameFor(`D:`); a != b {
		t.Errorf("a drive's root: %s and %s", a, b)
	}
	if !strings.HasPrefix(base, `\\.\pipe\skein-`) || len(base) > 256 || strings.ContainsAny(base[len(`\\.\pipe\`):], `\/`) {
		t.Errorf("pipe name %q: want \\\\.\\pipe\\skein-HEX, no more separators, at most 256 characters", base)
	}
}
