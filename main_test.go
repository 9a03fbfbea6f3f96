package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// TestEndToEnd builds the real program, starts it under Xvfb on a new store,
// drags across a line of a seed article with xdotool, presses 1, quits with
// Ctrl+Q, and finds that claim in `skein export` with its text equal to whole
// words of the article. Set SKEIN_SCREENSHOT=path to keep a screenshot.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("end-to-end: %s is not installed (apt-get install xvfb xdotool); skipping the real-window test", tool)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "skein")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	storeDir := filepath.Join(dir, "store")

	display := startXvfb(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A home of its own, so the test never reads or writes the tester's
	// Fyne preferences.
	for _, d := range []string{".cache", ".config", "run"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "DISPLAY="+display, "FYNE_SCALE=1", "HOME="+dir,
		"XDG_CONFIG_HOME="+filepath.Join(dir, ".config"), "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"),
		"XDG_RUNTIME_DIR="+filepath.Join(dir, "run"))
	app := exec.CommandContext(ctx, bin, "-store", storeDir, "-user", "e2e")
	app.Env = env
	var appOut bytes.Buffer
	app.Stdout, app.Stderr = &appOut, &appOut
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	defer func() {
		if app.ProcessState == nil {
			app.Process.Kill()
		}
	}()

	xdo := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, "xdotool", args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("xdotool %v: %v\n%s\napp output:\n%s", args, err, out, appOut.String())
		}
		return strings.TrimSpace(string(out))
	}
	win := waitWindow(t, ctx, env, &appOut)
	geo := xdo("getwindowgeometry", "--shell", win)
	wx, wy, ww, wh := geometry(t, geo)
	t.Logf("window %s at %d,%d size %dx%d", win, wx, wy, ww, wh)
	time.Sleep(1500 * time.Millisecond) // let the first document paint

	// The article sits in the centre column; its first lines start a little
	// below the top bar. Drag across the middle of the third text line.
	x1, x2 := wx+ww*34/100, wx+ww*58/100
	y := wy + articleLineY(wh)
	xdo("mousemove", "--sync", strconv.Itoa(x1), strconv.Itoa(y))
	xdo("mousedown", "1")
	for i := 1; i <= 10; i++ {
		xdo("mousemove", "--sync", strconv.Itoa(x1+(x2-x1)*i/10), strconv.Itoa(y))
		time.Sleep(20 * time.Millisecond)
	}
	xdo("mouseup", "1")
	time.Sleep(300 * time.Millisecond)
	xdo("key", "1")
	time.Sleep(700 * time.Millisecond)
	if shot := os.Getenv("SKEIN_SCREENSHOT"); shot != "" {
		if _, err := exec.LookPath("import"); err == nil {
			cmd := exec.Command("import", "-window", "root", shot)
			cmd.Env = env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Logf("screenshot: %v %s", err, out)
			}
		}
	}
	xdo("key", "ctrl+q")
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("skein exited with %v\n%s", err, appOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("skein did not quit on Ctrl+Q\n%s", appOut.String())
	}

	// The claim is in the store: export it and check it against the article.
	exp := exec.Command(bin, "-store", storeDir, "-user", "e2e", "export")
	exp.Env = env
	out, err := exp.Output()
	if err != nil {
		t.Fatalf("skein export: %v", err)
	}
	claims := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var line struct {
			Text  string `json:"text"`
			Spans []struct {
				Start, End  int
				Text, Label string
				Annotator   string
			} `json:"spans"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("export line does not parse: %v", err)
		}
		runes := []rune(line.Text)
		for _, s := range line.Spans {
			if s.Label != "claim" || s.Annotator != "e2e" {
				continue
			}
			claims++
			if got := string(runes[s.Start:s.End]); got != s.Text {
				t.Errorf("claim text %q is not the article's [%d,%d) %q", s.Text, s.Start, s.End, got)
			}
			if s.End-s.Start < 2 || strings.TrimSpace(s.Text) != s.Text {
				t.Errorf("claim %q is not whole words", s.Text)
			}
			if s.Start > 0 && isWord(runes[s.Start-1]) || s.End < len(runes) && isWord(runes[s.End]) {
				t.Errorf("claim %q [%d,%d) cuts a word", s.Text, s.Start, s.End)
			}
			t.Logf("claim: %q [%d,%d)", s.Text, s.Start, s.End)
		}
	}
	if claims != 1 {
		t.Fatalf("found %d claims by e2e in the export, want 1\napp output:\n%s", claims, appOut.String())
	}
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// articleLineY is the height, from the window's top, of the article's third
// line of text: below the menu, the title, the metadata line and the label
// bar (measured on a screenshot at Fyne's scale 1).
func articleLineY(winHeight int) int { return 221 }

func startXvfb(t *testing.T) string {
	t.Helper()
	for n := 91; n < 120; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		d := fmt.Sprintf(":%d", n)
		x := exec.Command("Xvfb", d, "-screen", "0", "1400x900x24", "-nolisten", "tcp")
		if err := x.Start(); err != nil {
			t.Fatalf("Xvfb: %v", err)
		}
		t.Cleanup(func() { x.Process.Kill(); x.Wait() })
		for i := 0; i < 50; i++ {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				return d
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("Xvfb on %s did not start", d)
	}
	t.Fatal("no free X display")
	return ""
}

func waitWindow(t *testing.T, ctx context.Context, env []string, appOut *bytes.Buffer) string {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		cmd := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "skein")
		cmd.Env = env
		if out, err := cmd.Output(); err == nil {
			if ids := strings.Fields(string(out)); len(ids) > 0 {
				return ids[0]
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("no skein window appeared\napp output:\n%s", appOut.String())
	return ""
}

func geometry(t *testing.T, shell string) (x, y, w, h int) {
	t.Helper()
	v := map[string]int{}
	for _, line := range strings.Split(shell, "\n") {
		if k, val, ok := strings.Cut(line, "="); ok {
			n, _ := strconv.Atoi(val)
			v[k] = n
		}
	}
	return v["X"], v["Y"], v["WIDTH"], v["HEIGHT"]
}
