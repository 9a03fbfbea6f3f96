package settingsfile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
)

const testID = "io.github.skein_news.skein.settingstest"

// configHome points Fyne at a new config folder and returns the app's
// folder in it, holding the files given. Not t.TempDir: Fyne's watcher of
// preferences.json makes its folder again once it is removed, which fails
// the test's clean-up; one parent folder, emptied as the test starts, is
// all the tests leave.
func configHome(t *testing.T, files map[string]string) string {
	t.Helper()
	parent := filepath.Join(os.TempDir(), "skein-settings-test-"+strconv.Itoa(os.Getuid()))
	if t.Name() == firstTest {
		os.RemoveAll(parent)
	}
	if err := os.MkdirAll(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	home, err := os.MkdirTemp(parent, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", home)
	dir := filepath.Join(home, "fyne", testID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// firstTest empties the tests' parent folder.
const firstTest = "TestFyneLosesDamagedPreferences"

// start starts the app as skein does: Fyne reads its preferences.json,
// then Keep reads settings.json.
func start(t *testing.T, dir string) (fyne.Preferences, *File, string) {
	t.Helper()
	a := fyneapp.NewWithID(testID)
	if got := a.Storage().RootURI().Path(); got != dir {
		t.Fatalf("Fyne's folder for the app is %s, want %s", got, dir)
	}
	p := a.Preferences()
	f, problem := Keep(p.(Prefs), dir)
	return p, f, problem
}

// jsonFile reads a settings file, failing where it does not parse.
func jsonFile(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s does not parse: %v\n%.200s", path, err, b)
	}
	return m
}

// TestFyneLosesDamagedPreferences is what Fyne v2.8.1 does by itself with
// a preferences.json its save left cut short: it says "Preferences load
// error", starts from nothing, and its next save writes the one value
// changed over the file, the annotator's name gone. With settings.json
// beside it, the name and the rest are kept, and preferences.json is
// whole again.
func TestFyneLosesDamagedPreferences(t *testing.T) {
	cut := `{"user":"amina","theme":"light","textsize":2`
	dir := configHome(t, map[string]string{FyneName: cut})
	p := fyneapp.NewWithID(testID).Preferences()
	if u := p.String("user"); u != "" {
		t.Fatalf("Fyne read the name %q from a cut preferences.json; this test describes Fyne v2.8.1, which reads nothing", u)
	}
	p.SetString("theme", "dark")
	if m := jsonFile(t, filepath.Join(dir, FyneName)); m["user"] != nil {
		t.Fatalf("Fyne's next save kept the name: %v", m)
	}

	dir = configHome(t, map[string]string{FyneName: cut, Name: `{"user":"amina","theme":"light","textsize":21}`})
	p, f, problem := start(t, dir)
	if problem != "" {
		t.Errorf("settings.json was whole, yet Keep says %q", problem)
	}
	if u, th, ts := p.String("user"), p.String("theme"), p.Float("textsize"); u != "amina" || th != "light" || ts != 21 {
		t.Errorf("with settings.json the settings are %q %q %g, want amina light 21", u, th, ts)
	}
	// Keep's reading settings.json in was a change Fyne saved at once.
	if m := jsonFile(t, filepath.Join(dir, FyneName)); m["user"] != "amina" {
		t.Errorf("preferences.json holds %v, want it whole again with the name amina", m)
	}
	p.SetString("theme", "dark")
	f.Flush()
	if m := jsonFile(t, filepath.Join(dir, Name)); m["user"] != "amina" || m["theme"] != "dark" {
		t.Errorf("after a change %s holds %v, want the name amina and the theme dark", Name, m)
	}
}

// TestDamagedAtStart: a settings.json cut short, empty or garbage (a disk
// error, a sync tool, an editor) is said once, naming the file and the
// line, and kept aside as settings.json.damaged; the settings come from
// Fyne's preferences.json where it is good, which is never written over
// with defaults, else they are the defaults. The next start reads the
// settings.json written then and says nothing.
func TestDamagedAtStart(t *testing.T) {
	good := `{"user":"amina","theme":"light","textsize":18}`
	for _, bad := range []struct{ name, body, says string }{
		{"cut", "{\n  \"user\": \"amina\",\n  \"theme\": \"li", "line 3: it ends before the settings do"},
		{"empty", "", "it is empty"},
		{"garbage", "{\n\x00\x00\x00\x00", "line 2: invalid character"},
		{"not an object", "[\"amina\"]\n", "line 1: not an object of settings"},
	} {
		for _, fyneCopy := range []struct{ name, body string }{{"good", good}, {"cut", good[:20]}, {"missing", ""}} {
			t.Run(bad.name+"/fyne copy "+fyneCopy.name, func(t *testing.T) {
				files := map[string]string{Name: bad.body}
				if fyneCopy.name != "missing" {
					files[FyneName] = fyneCopy.body
				}
				dir := configHome(t, files)
				p, _, problem := start(t, dir)
				path := filepath.Join(dir, Name)
				if !strings.Contains(problem, "settings in "+path+" cannot be read ("+bad.says) {
					t.Errorf("Keep says %q, want it to name %s and %q", problem, path, bad.says)
				}
				if b, err := os.ReadFile(path + damagedExt); err != nil || string(b) != bad.body {
					t.Errorf("the damaged file kept aside holds %q (%v), want %q", b, err, bad.body)
				}
				wantUser, wantSays := "", "the default settings are used"
				if fyneCopy.name == "good" {
					wantUser, wantSays = "amina", "the settings in preferences.json"
				}
				if !strings.Contains(problem, wantSays) {
					t.Errorf("Keep says %q, want %q", problem, wantSays)
				}
				if u := p.String("user"); u != wantUser {
					t.Errorf("the name is %q, want %q", u, wantUser)
				}
				if m := jsonFile(t, path); m["user"] != nilIfEmpty(wantUser) {
					t.Errorf("settings.json now holds %v, want the name %q", m, wantUser)
				}
				if fyneCopy.name == "good" {
					if m := jsonFile(t, filepath.Join(dir, FyneName)); m["user"] != "amina" {
						t.Errorf("Fyne's good copy was written over: %v", m)
					}
				}
				if _, _, again := start(t, dir); again != "" {
					t.Errorf("the next start says %q again", again)
				}
			})
		}
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// A damaged settings file where an earlier damaged copy is kept already
// (not yet repaired) is kept beside it as NAME.damaged.2, …, never over
// it; the same damage again adds no copy; where none can be kept (nine
// copies there), the damaged file is left as it is, never written over,
// and the settings go to Fyne's copy alone.
func TestDamagedCopiesKept(t *testing.T) {
	good := `{"user":"amina","theme":"light","textsize":18}`
	dir := configHome(t, map[string]string{FyneName: good, Name: "{\"user\":\"am", Name + damagedExt: "earlier"})
	path := filepath.Join(dir, Name)
	_, _, problem := start(t, dir)
	if !strings.Contains(problem, "it is kept as "+Name+damagedExt+".2") {
		t.Errorf("Keep says %q, want the copy kept as %s.2", problem, Name+damagedExt)
	}
	for name, want := range map[string]string{damagedExt: "earlier", damagedExt + ".2": "{\"user\":\"am"} {
		if b, err := os.ReadFile(path + name); err != nil || string(b) != want {
			t.Errorf("%s holds %q (%v), want %q", Name+name, b, err, want)
		}
	}
	// The same damage again: no third copy.
	os.WriteFile(path, []byte("{\"user\":\"am"), 0o600)
	if _, _, problem = start(t, dir); !strings.Contains(problem, "it is kept as "+Name+damagedExt+".2") {
		t.Errorf("the same damage again: Keep says %q, want the copy it kept", problem)
	}
	if _, err := os.Stat(path + damagedExt + ".3"); err == nil {
		t.Errorf("the same damage again made %s.3", Name+damagedExt)
	}
	// Nine copies kept: a tenth damage is left where it is.
	for i := 3; i <= 9; i++ {
		os.WriteFile(path+damagedExt+"."+strconv.Itoa(i), []byte("copy "+strconv.Itoa(i)), 0o600)
	}
	tenth := "{\"user\":\"amina\",\n"
	os.WriteFile(path, []byte(tenth), 0o600)
	p, f, problem := start(t, dir)
	if !strings.Contains(problem, "could not be kept aside") || !strings.Contains(problem, "never written over") {
		t.Errorf("a tenth damage: Keep says %q, want it not kept aside and not written over", problem)
	}
	p.SetString("theme", "dark")
	if err := f.Flush(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != tenth {
		t.Errorf("the damaged file not kept aside was written over: %q", b)
	}
	if m := jsonFile(t, filepath.Join(dir, FyneName)); m["theme"] != "dark" || m["user"] != "amina" {
		t.Errorf("Fyne's copy after a change holds %v, want amina and dark", m)
	}
}
