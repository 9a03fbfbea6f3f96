//go:build unix

package settingsfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// A settings file that is no file of settings — a named pipe, a link to
// a device that reads without end, one of megabytes (a name of 2 MB) — is
// refused unread, by file and what it is, the window's settings taken
// from Fyne's copy: Keep waited on the pipe for ever (the window never
// opened) and read /dev/zero until memory ran out. The next save puts a
// file of settings in its place; the large one is kept aside, unread.
func TestHostileSettingsFile(t *testing.T) {
	good := `{"user":"amina","theme":"light","textsize":18}`
	huge := `{"user":"` + strings.Repeat("a", 2<<20) + `"}`
	for _, c := range []struct {
		name, says string
		make       func(path string) error
	}{
		{"named pipe", "not a regular file (a named pipe)", func(p string) error { return syscall.Mkfifo(p, 0o600) }},
		{"link to /dev/zero", "not a regular file (a character device)", func(p string) error { return os.Symlink("/dev/zero", p) }},
		{"2 MB", "more than the 1 MB skein reads as a file of settings", func(p string) error { return os.WriteFile(p, []byte(huge), 0o600) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := configHome(t, map[string]string{FyneName: good})
			path := filepath.Join(dir, Name)
			if err := c.make(path); err != nil {
				t.Fatal(err)
			}
			type kept struct {
				p       fyne.Preferences
				f       *File
				problem string
			}
			done := make(chan kept, 1)
			go func() {
				p, f, problem := start(t, dir)
				done <- kept{p, f, problem}
			}()
			var k kept
			select {
			case k = <-done:
			case <-time.After(time.Minute):
				t.Fatalf("Keep still reads %s (%s) after a minute", path, c.name)
			}
			if !strings.Contains(k.problem, "settings in "+path+" cannot be read (") || !strings.Contains(k.problem, c.says) {
				t.Errorf("Keep says %q, want it to name %s and %q", k.problem, path, c.says)
			}
			if u := k.p.String("user"); u != "amina" {
				t.Errorf("the name is %q, want amina from Fyne's copy", u)
			}
			k.p.SetString("theme", "dark")
			if err := k.f.Flush(); err != nil {
				t.Fatal(err)
			}
			if m := jsonFile(t, path); m["user"] != "amina" || m["theme"] != "dark" {
				t.Errorf("%s after a change holds %v, want amina and dark", Name, m)
			}
			if c.name == "2 MB" {
				if b, err := os.ReadFile(path + damagedExt); err != nil || string(b) != huge {
					t.Errorf("the large file kept aside: %d bytes (%v), want it whole", len(b), err)
				}
			}
		})
	}
}
