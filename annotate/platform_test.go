package annotate

import "testing"

// TestTitleFromWindowsPath: an empty article imported on Windows is titled
// by its file name, whatever the drive letter and backslashes before it.
func TestTitleFromWindowsPath(t *testing.T) {
	for _, name := range []string{`C:\Users\ak\corpus\kakar-speech.txt`, `\\server\share\kakar-speech.txt`, `corpus\kakar-speech.txt`, "corpus/kakar-speech.txt"} {
		if title, _ := DeriveMeta(name, ""); title != "kakar-speech" {
			t.Errorf("DeriveMeta(%q) title %q, want kakar-speech", name, title)
		}
	}
}
