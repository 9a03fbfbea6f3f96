package annotate

import (
	"runtime"
	"testing"
)

func TestShellWord(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the POSIX quoting")
	}
	for _, tc := range []struct{ in, want string }{
		{"in/corpus/.git", "in/corpus/.git"},
		{"Zoë", "Zoë"},
		{"anna.lena@uni.edu", "anna.lena@uni.edu"},
		{"in/Ordner ü/.git", "'in/Ordner ü/.git'"},
		{"/Users/z/Library/Application Support/skein", "'/Users/z/Library/Application Support/skein'"},
		{"O'Brien's notes", `'O'\''Brien'\''s notes'`},
		{"$HOME", "'$HOME'"},
		{"", "''"},
	} {
		if got := ShellWord(tc.in); got != tc.want {
			t.Errorf("ShellWord(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
