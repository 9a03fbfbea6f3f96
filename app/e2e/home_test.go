//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoFyneErrorsWithoutHome starts the real program with a home that
// has no ~/.cache or ~/.config yet, and with one it cannot write in (a
// file): Fyne wrote "Fyne error: Failed to create fyne cache space" (and,
// in the second, eight more such lines) on stderr. Now the first says
// nothing, and the second says once, in skein's words, where the window's
// settings are kept instead.
func TestNoFyneErrorsWithoutHome(t *testing.T) {
	for _, tc := range []struct {
		name  string
		home  func(dir string) string
		wants string
	}{
		{"empty", func(dir string) string {
			home := filepath.Join(dir, "empty-home")
			if err := os.Mkdir(home, 0o700); err != nil {
				t.Fatal(err)
			}
			return home
		}, ""},
		{"a file", func(dir string) string {
			home := filepath.Join(dir, "home-file")
			if err := os.WriteFile(home, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			return home
		}, "skein: the window's settings (theme, text size, last folders) cannot be kept in your home folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startSessionThen(t, func(s *session) {
				tmp := filepath.Join(s.dir, "tmp")
				if err := os.Mkdir(tmp, 0o700); err != nil {
					t.Fatal(err)
				}
				var env []string
				for _, e := range s.env {
					if !strings.HasPrefix(e, "HOME=") && !strings.HasPrefix(e, "XDG_CONFIG_HOME=") &&
						!strings.HasPrefix(e, "XDG_CACHE_HOME=") && !strings.HasPrefix(e, "TMPDIR=") {
						env = append(env, e)
					}
				}
				s.env = append(env, "HOME="+tc.home(s.dir), "TMPDIR="+tmp)
			})
			s.quit()
			out := s.appOut.String()
			if strings.Contains(out, "Fyne error") {
				t.Errorf("stderr has Fyne's errors:\n%s", out)
			}
			if tc.wants != "" && strings.Count(out, tc.wants) != 1 {
				t.Errorf("stderr does not say once %q:\n%s", tc.wants, out)
			}
			if tc.wants == "" && out != "" {
				t.Errorf("stderr is not empty:\n%s", out)
			}
		})
	}
}
