//go:build unix

package e2e

import (
	"encoding/json"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestQuitWhileFyneCloses quits a skein built against a copy of Fyne
// v2.8.1 whose loop holds open the moment that killed quitting before: its
// loop, ending, queues the preferences' stopped hook for another goroutine
// to hand back, then closes the queue that goroutine sends on; the copy
// lets that goroutine check the queue first and send 1 s after it closed.
// Through Fyne's own shutdown the program then dies every time with "panic:
// send on closed channel" and status 2; skein's quit never gets there.
func TestQuitWhileFyneCloses(t *testing.T) {
	s := startSessionThen(t, func(s *session) {
		s.bin = buildWithWidenedQuit(t, s.dir)
	})
	s.quit()
	if out := s.appOut.String(); strings.Contains(out, "panic") {
		t.Errorf("quitting printed a panic:\n%s", out)
	}
}

// buildWithWidenedQuit builds skein into dir against a copy of the Fyne
// module whose glfw loop sleeps where the shutdown race lies, and returns
// the program's path.
func buildWithWidenedQuit(t *testing.T, dir string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	if err != nil {
		t.Fatalf("go list fyne: %v", err)
	}
	fyneCopy := filepath.Join(dir, "fyne")
	if out, err := exec.Command("cp", "-r", strings.TrimSpace(string(out)), fyneCopy).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	if out, err := exec.Command("chmod", "-R", "u+w", fyneCopy).CombinedOutput(); err != nil {
		t.Fatalf("chmod: %v %s", err, out)
	}
	loop := filepath.Join(fyneCopy, "internal", "driver", "glfw", "loop.go")
	src, err := os.ReadFile(loop)
	if err != nil {
		t.Fatal(err)
	}
	code := string(src)
	for _, e := range []struct{ old, new string }{
		{"running, drained atomic.Bool", "running, drained, widen atomic.Bool"},
		// The goroutine handing work back has found the queue open…
		{"\t\tf()\n\t\treturn\n\t}\n", "\t\tf()\n\t\treturn\n\t}\n\tif widen.Load() {\n\t\ttime.Sleep(time.Second)\n\t}\n"},
		// …while the loop, ending, lets it get there before closing it.
		{"\t\t\tif f := l.OnStopped(); f != nil {\n\t\t\t\tl.QueueEvent(f)\n\t\t\t}\n",
			"\t\t\twiden.Store(true)\n\t\t\tif f := l.OnStopped(); f != nil {\n\t\t\t\tl.QueueEvent(f)\n\t\t\t}\n\t\t\ttime.Sleep(300 * time.Millisecond)\n"},
	} {
		if strings.Count(code, e.old) != 1 {
			t.Fatalf("%s has no single %q: this test widens Fyne v2.8.1's loop", loop, e.old)
		}
		code = strings.Replace(code, e.old, e.new, 1)
	}
	if err := os.WriteFile(loop, []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	modfile := filepath.Join(dir, "widen.mod")
	if err := os.WriteFile(modfile, append(mod, []byte("\nreplace fyne.io/fyne/v2 => "+fyneCopy+"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join("..", "..", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "widen.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "skein-widened")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-modfile", modfile, "-o", bin, "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build against the widened Fyne: %v\n%s", err, out)
	}
	return bin
}

// TestPreferencesSetAsQuitting picks View ▸ Theme ▸ Light theme, then presses
// Ctrl+= twice and Ctrl+Q at once, in a window started after the day's
// backup was made (so quitting is quick). Fyne saves its preferences on a
// change but no more than every 0.1 s, so the text size waits for a later
// save: Fyne's own, 0.1 s on, while skein's quit lets Fyne's loop run, or
// the stopped hook, which skein's quit runs itself
// (TestRunStoppedSavesLastPreference). skein-settings.json is saved off
// the UI goroutine, and the quit waits for its last save. Both files keep
// both changes, and the next start is light.
func TestPreferencesSetAsQuitting(t *testing.T) {
	s := startSession(t)
	s.quit() // the day's automatic backup
	s.start()
	at := func(x, y int) []string {
		return []string{"mousemove", "--sync", strconv.Itoa(s.x + x), strconv.Itoa(s.y + y)}
	}
	s.xdo(append(at(120, 14), "click", "1")...) // View
	time.Sleep(500 * time.Millisecond)
	s.xdo(append(at(150, 45), "click", "1")...) // Theme ▸
	time.Sleep(500 * time.Millisecond)
	s.xdo(append(at(370, 45), "click", "1", "key", "ctrl+equal", "ctrl+equal", "ctrl+q")...) // Light theme
	s.waitExit()
	// Fyne's copy, and skein's, saved off the UI goroutine and waited for
	// as the window quits.
	for _, name := range []string{"preferences.json", "skein-settings.json"} {
		prefs := filepath.Join(s.dir, ".config", "fyne", "io.github.skein_news.skein", name)
		b, err := os.ReadFile(prefs)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Theme    string  `json:"theme"`
			TextSize float64 `json:"textsize"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%s: %v\n%s", prefs, err, b)
		}
		if got.Theme != "light" || got.TextSize != 17 {
			t.Errorf("%s kept theme %q, text size %g; want light, 17 (the menu, then Ctrl+= twice)\n%s", name, got.Theme, got.TextSize, b)
		}
	}

	s.start()
	if img, ok := screenshot(t, s.env, filepath.Join(s.dir, "again.png")); ok {
		// The document list's empty part, below its five seed articles.
		if l := meanLuma(img, image.Rect(s.x+20, s.y+420, s.x+260, s.y+600)); l < 160 {
			t.Errorf("the next start is dark (mean luma %.0f below the document list), want the light theme kept", l)
		}
	}
	s.quit()
}

// meanLuma is r's mean brightness, 0 to 255.
func meanLuma(img image.Image, r image.Rectangle) float64 {
	var sum float64
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			sum += (0.299*float64(cr) + 0.587*float64(cg) + 0.114*float64(cb)) / 257
			n++
		}
	}
	return sum / float64(n)
}
