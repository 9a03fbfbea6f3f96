//go:build unix

package settingsfile

import (
	"bufio"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// TestKillDuringSave starts a process that changes the settings as fast
// as it can (the name, and a folder of changing length, so the saves
// differ in size) and SIGKILLs it at a random moment, again and again.
// After each kill skein-settings.json is whole and holds one of the names
// saved, never an empty or cut-short file; the next start removes what a
// save cut short left beside it.
func TestKillDuringSave(t *testing.T) {
	if dir := os.Getenv("SKEIN_SETTINGS_CHILD"); dir != "" {
		saveForever(dir)
		return
	}
	dir := configHome(t, nil)
	for i := 0; i < 25; i++ {
		child := exec.Command(os.Args[0], "-test.run=^TestKillDuringSave$")
		child.Env = append(os.Environ(), "SKEIN_SETTINGS_CHILD="+dir)
		out, err := child.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "saving\n" {
			child.Process.Kill()
			child.Wait()
			t.Fatalf("the saving process said %q, %v", line, err)
		}
		time.Sleep(time.Duration(rand.IntN(40000)) * time.Microsecond)
		child.Process.Signal(syscall.SIGKILL)
		child.Wait()
		m := jsonFile(t, filepath.Join(dir, Name))
		if u, _ := m["user"].(string); !strings.HasPrefix(u, "amina-") {
			t.Fatalf("after kill %d skein-settings.json holds the name %q, want one saved", i, u)
		}
	}
	p := test.NewTempApp(t).Preferences()
	if _, problem := Keep(p.(Prefs), dir); problem != "" {
		t.Errorf("the start after the kills says %q", problem)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, tempPrefix+"*")); len(left) > 0 {
		t.Errorf("the start after the kills left %v", left)
	}
}

// saveForever is the process TestKillDuringSave kills: skein's start on
// dir, then changes without end.
func saveForever(dir string) {
	os.Setenv("XDG_CONFIG_HOME", filepath.Dir(filepath.Dir(dir)))
	p := fyneapp.NewWithID(testID).Preferences()
	f, _ := Keep(p.(Prefs), dir)
	for i := 0; ; i++ {
		p.SetString("user", "amina-"+strconv.Itoa(i))
		p.SetString("exportdir", strings.Repeat("d", i%4000))
		if i == 0 {
			f.Flush()
			os.Stdout.WriteString("saving\n") // a name is saved
		}
	}
}

// TestFullDisk fills a small tmpfs holding the settings and changes one:
// the save fails, says so naming the file and the reason, and
// skein-settings.json holds the last save still; once there is room again
// the next change saves them all, the one that failed too.
func TestFullDisk(t *testing.T) {
	dir := tmpfstest.New(t, 64<<10)
	p := test.NewTempApp(t).Preferences()
	f, problem := Keep(p.(Prefs), dir)
	if problem != "" {
		t.Fatalf("a new folder: Keep says %q", problem)
	}
	var failed []error
	f.OnError = func(err error) { failed = append(failed, err) }
	p.SetString("user", "amina")
	if err := f.Flush(); err != nil {
		t.Fatal(err)
	}
	filler := tmpfstest.Fill(t, dir, 0)
	p.SetString("exportdir", strings.Repeat("d", 8000))
	f.Flush() // the saver's save, which fails, and the same again
	path := filepath.Join(dir, Name)
	if len(failed) != 1 || !strings.Contains(failed[0].Error(), path) || !strings.Contains(failed[0].Error(), "no space left") {
		t.Errorf("the save on a full disk said %v, want one error naming %s and the full disk", failed, path)
	}
	if m := jsonFile(t, path); m["user"] != "amina" || m["exportdir"] != nil {
		t.Errorf("after the failed save skein-settings.json holds %v, want the last save's, the name amina", m)
	}
	os.Remove(filler)
	p.SetString("theme", "dark")
	if err := f.Flush(); err != nil {
		t.Errorf("with room again the save says %v", err)
	}
	if m := jsonFile(t, path); m["user"] != "amina" || m["theme"] != "dark" || m["exportdir"] != strings.Repeat("d", 8000) {
		t.Errorf("with room again skein-settings.json holds %v, want the name, the theme and the folder whose save failed", m)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, tempPrefix+"*")); len(left) > 0 {
		t.Errorf("the failed save left %v", left)
	}
}
