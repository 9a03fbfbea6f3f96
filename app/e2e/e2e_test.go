//go:build unix

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
)

// screenshot saves the X screen as a PNG with ImageMagick's import and reads
// it back; ok is false, with a log line, where import is missing.
func screenshot(t *testing.T, env []string, path string) (img image.Image, ok bool) {
	t.Helper()
	if _, err := exec.LookPath("import"); err != nil {
		t.Logf("end-to-end: ImageMagick's import is not installed; not looking at the screen")
		return nil, false
	}
	cmd := exec.Command("import", "-window", "root", path)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v %s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err = png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	return img, true
}

// claimPixels counts the pixels in r with the claim's warm yellow, as the
// claim label's colour (#f2c14e) blended over the light or dark background
// looks; the text is grey, the selection blue.
func claimPixels(img image.Image, r image.Rectangle) int {
	return countPixels(img, r, func(R, G, B int) bool { return R-B > 30 && G-B > 15 && R >= G })
}

// countPixels counts the pixels in r whose 8-bit red, green and blue is.
func countPixels(img image.Image, r image.Rectangle, is func(R, G, B int) bool) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if is(int(cr>>8), int(cg>>8), int(cb>>8)) {
				n++
			}
		}
	}
	return n
}

// session is the real program running under Xvfb on a store of its own.
type session struct {
	t      *testing.T
	ctx    context.Context
	dir    string
	bin    string
	store  string
	user   string // the window's -user: e2e unless the setup says otherwise
	env    []string
	appOut bytes.Buffer
	stderr *os.File // the window's stderr where set, else appOut
	exited chan error
	app    *exec.Cmd
	win    string
	x, y   int // window position
	w, h   int // window size
}

// startSession builds skein, imports files (if any) into a new store, and
// starts the window on it. It skips the test where Xvfb or xdotool is
// missing.
func startSession(t *testing.T, imports ...string) *session {
	t.Helper()
	return startSessionThen(t, nil, imports...)
}

// startSessionThen is startSession with setup run on the new store just
// before the window starts (the command line works on it then).
func startSessionThen(t *testing.T, setup func(*session), imports ...string) *session {
	t.Helper()
	return startSessionOn(t, nil, setup, imports...)
}

// startSessionOn is startSessionThen on an Xvfb started with xvfb's
// arguments too (a screen of another size: "-screen", "0", "1024x600x24").
func startSessionOn(t *testing.T, xvfb []string, setup func(*session), imports ...string) *session {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("end-to-end: %s is not installed (apt-get install xvfb xdotool); skipping the real-window test", tool)
		}
	}
	s := &session{t: t, dir: t.TempDir(), user: "e2e"}
	s.bin = filepath.Join(s.dir, "skein")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", s.bin, "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	s.store = filepath.Join(s.dir, "store")
	for _, f := range imports {
		if out, err := exec.Command(s.bin, "-store", s.store, "-user", "e2e", "import", f).CombinedOutput(); err != nil {
			t.Fatalf("import %s: %v\n%s", f, err, out)
		}
	}

	display := startXvfb(t, xvfb...)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	s.ctx = ctx
	s.env = windowEnv(t, s.dir, display)
	if setup != nil {
		setup(s)
	}
	t.Cleanup(func() {
		if s.app != nil && s.app.ProcessState == nil {
			s.app.Process.Kill()
		}
	})
	s.start()
	return s
}

// start starts the window on the session's store, the first time or
// again once it has quit, and waits for it to paint.
func (s *session) start() {
	s.t.Helper()
	args := []string{"-store", s.store}
	if s.user != "" { // else the window asks who is annotating
		args = append(args, "-user", s.user)
	}
	app := exec.CommandContext(s.ctx, s.bin, args...)
	app.Env = s.env
	app.Stdout, app.Stderr = &s.appOut, &s.appOut
	if s.stderr != nil {
		app.Stderr = s.stderr
	}
	if err := app.Start(); err != nil {
		s.t.Fatal(err)
	}
	exited := make(chan error, 1)
	s.app, s.exited = app, exited
	go func() { exited <- app.Wait() }()
	s.win = waitWindow(s.t, s.ctx, s.env, &s.appOut)
	s.x, s.y, s.w, s.h = geometry(s.t, s.xdo("getwindowgeometry", "--shell", s.win))
	s.t.Logf("window %s at %d,%d size %dx%d", s.win, s.x, s.y, s.w, s.h)
	time.Sleep(1500 * time.Millisecond) // let the first document paint
}

// xdo runs xdotool on the session's display.
func (s *session) xdo(args ...string) string {
	s.t.Helper()
	cmd := exec.CommandContext(s.ctx, "xdotool", args...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("xdotool %v: %v\n%s\napp output:\n%s", args, err, out, s.appOut.String())
	}
	return strings.TrimSpace(string(out))
}

// drag presses the first button at (x1, y), moves to (x2, y) in steps and
// lets go.
func (s *session) drag(x1, x2, y int) {
	s.xdo("mousemove", "--sync", strconv.Itoa(x1), strconv.Itoa(y))
	s.xdo("mousedown", "1")
	for i := 1; i <= 10; i++ {
		s.xdo("mousemove", "--sync", strconv.Itoa(x1+(x2-x1)*i/10), strconv.Itoa(y))
		time.Sleep(20 * time.Millisecond)
	}
	s.xdo("mouseup", "1")
	time.Sleep(300 * time.Millisecond)
}

// cli runs skein's command line with the session's environment.
func (s *session) cli(args ...string) string {
	s.t.Helper()
	cmd := exec.Command(s.bin, args...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("skein %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// quit presses Ctrl+Q and waits for the program to end.
func (s *session) quit() {
	s.t.Helper()
	s.xdo("key", "ctrl+q")
	s.waitExit()
}

// waitExit waits for the program to end, quit by the test, with status 0.
func (s *session) waitExit() {
	s.t.Helper()
	select {
	case err := <-s.exited:
		if err != nil {
			s.t.Fatalf("skein exited with %v\n%s", err, s.appOut.String())
		}
	case <-time.After(20 * time.Second):
		// A window that hangs says where: Go's runtime prints every
		// goroutine's stack on SIGQUIT.
		s.app.Process.Signal(syscall.SIGQUIT)
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
		}
		s.t.Fatalf("skein did not quit on Ctrl+Q\n%s", s.appOut.String())
	}
}

// exportedSpan is one span of `skein export`, with its article's text.
type exportedSpan struct {
	Start, End  int
	Text, Label string
	Annotator   string
	article     []rune
}

// export runs `skein export` and returns the spans the test's user made.
func (s *session) export() []exportedSpan {
	s.t.Helper()
	exp := exec.Command(s.bin, "-store", s.store, "-user", "e2e", "export")
	exp.Env = s.env
	var stderr bytes.Buffer
	exp.Stderr = &stderr
	out, err := exp.Output()
	if err != nil {
		s.t.Fatalf("skein export: %v\n%s", err, stderr.String())
	}
	var spans []exportedSpan
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var line struct {
			Text  string         `json:"text"`
			Spans []exportedSpan `json:"spans"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			s.t.Fatalf("export line does not parse: %v", err)
		}
		runes := []rune(line.Text)
		for _, sp := range line.Spans {
			if sp.Annotator != "e2e" {
				continue
			}
			sp.article = runes
			if got := string(runes[sp.Start:sp.End]); got != sp.Text {
				s.t.Errorf("%s text %q is not the article's [%d,%d) %q", sp.Label, sp.Text, sp.Start, sp.End, got)
			}
			spans = append(spans, sp)
		}
	}
	return spans
}

// TestEndToEnd builds the real program, starts it under Xvfb on a new store,
// drags across a line of a seed article with xdotool, presses 1, quits with
// Ctrl+Q, and finds that claim in `skein export` with its text equal to whole
// words of the article. Set SKEIN_SCREENSHOT=path to keep a screenshot.
func TestEndToEnd(t *testing.T) {
	s := startSession(t)
	dir, env, wx, wy, ww, wh := s.dir, s.env, s.x, s.y, s.w, s.h

	// The article sits in the centre column; its first lines start a little
	// below the top bar. Drag across the middle of the third text line.
	x1, x2 := wx+ww*34/100, wx+ww*58/100
	y := wy + articleLineY(wh)
	s.drag(x1, x2, y)
	// Look at the screen: before the key, the dragged line holds no claim
	// colour (the seed article has no spans); after it, the claim is drawn.
	band := image.Rect(x1, y-8, x2, y+8)
	before, canLook := screenshot(t, env, filepath.Join(dir, "before.png"))
	s.xdo("key", "1")
	time.Sleep(700 * time.Millisecond)
	shot := os.Getenv("SKEIN_SCREENSHOT")
	if shot == "" {
		shot = filepath.Join(dir, "after.png")
	}
	after, _ := screenshot(t, env, shot)
	if canLook {
		b, a := claimPixels(before, band), claimPixels(after, band)
		t.Logf("claim-coloured pixels on the dragged line: %d before the key, %d after", b, a)
		if b > 20 || a < 300 {
			t.Errorf("the claim is not drawn: %d claim-coloured pixels on the dragged line before pressing 1, %d after (want none, then hundreds); screenshots in %s", b, a, dir)
		}
	}
	// With the window still open, `skein export` is served by it (issue
	// 12) and holds the claim just labelled.
	s.checkClaim(s.export(), "with the window open")
	// skein open ID, beside the window, opens the article in it.
	s.openBeside()
	s.quit()
	// The claim is in the store: export it and check it against the article.
	s.checkClaim(s.export(), "after quitting")
}

// openBeside runs `skein open ID` beside the open window, on the last
// article `skein list` (served by the window too) lists, and waits for the
// window's title to name it.
func (s *session) openBeside() {
	t := s.t
	t.Helper()
	lines := strings.Split(strings.TrimSpace(s.cli("-store", s.store, "list")), "\n")
	last := lines[len(lines)-1]
	id := strings.Fields(last)[0]
	title := last[strings.LastIndex(last, "  ")+2:]
	title = strings.TrimSuffix(title, "…")
	// Another user's open is refused: the window annotates as s.user, and
	// stays on the article it shows.
	before := s.xdo("getwindowname", s.win)
	other := exec.Command(s.bin, "-store", s.store, "-user", "someone-else", "open", id)
	other.Env = s.env
	out, err := other.CombinedOutput()
	if want := "annotates as " + s.user + ", not someone-else, so it was not brought forward"; err == nil || !strings.Contains(string(out), want) {
		t.Errorf("skein -user someone-else open %s beside %s's window: %v %q, want exit 1 and %q", id, s.user, err, out, want)
	}
	time.Sleep(500 * time.Millisecond)
	if name := s.xdo("getwindowname", s.win); name != before {
		t.Errorf("after another user's refused open the window went from %q to %q", before, name)
	}
	if out := s.cli("-store", s.store, "open", id); out != "" {
		t.Errorf("skein open %s printed %q", id, out)
	}
	deadline := time.Now().Add(10 * time.Second)
	var name string
	for time.Now().Before(deadline) {
		if name = s.xdo("getwindowname", s.win); strings.HasPrefix(name, "skein — "+title) {
			t.Logf("after skein open %s the window is titled %q", id, name)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("after skein open %s the window is titled %q, want it on %q", id, name, title)
}

// checkClaim finds, among the spans exported, the one claim the test made,
// made of whole words of its article.
func (s *session) checkClaim(spans []exportedSpan, when string) {
	t := s.t
	t.Helper()
	claims := 0
	for _, sp := range spans {
		if sp.Label != "claim" {
			continue
		}
		claims++
		runes := sp.article
		if sp.End-sp.Start < 2 || strings.TrimSpace(sp.Text) != sp.Text {
			t.Errorf("claim %q is not whole words", sp.Text)
		}
		if sp.Start > 0 && isWord(runes[sp.Start-1]) || sp.End < len(runes) && isWord(runes[sp.End]) {
			t.Errorf("claim %q [%d,%d) cuts a word", sp.Text, sp.Start, sp.End)
		}
		t.Logf("claim %s: %q [%d,%d)", when, sp.Text, sp.Start, sp.End)
	}
	if claims != 1 {
		t.Fatalf("found %d claims by e2e in the export %s, want 1\napp output:\n%s", claims, when, s.appOut.String())
	}
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// articleLineY is the height, from the window's top, of the article's third
// line of text: below the menu, the title, the metadata line and the label
// bar (measured on a screenshot at Fyne's scale 1).
func articleLineY(winHeight int) int { return 221 }

// windowEnv is the environment for a skein on display with a home of its
// own in dir, so a test never reads or writes the tester's Fyne preferences.
func windowEnv(t testing.TB, dir, display string) []string {
	t.Helper()
	for _, d := range []string{".cache", ".config", "run"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return append(os.Environ(), "DISPLAY="+display, "FYNE_SCALE=1", "HOME="+dir,
		"XDG_CONFIG_HOME="+filepath.Join(dir, ".config"), "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"),
		"XDG_RUNTIME_DIR="+filepath.Join(dir, "run"))
}

// startXvfb starts Xvfb, with extra arguments if any, on the first
// display from :91 (or from $SKEIN_XVFB_FROM, where several people test on
// one machine) that no live X server holds. A display whose lock names a
// process that is gone (a test killed before its clean-up) is free again:
// Xvfb replaces a stale lock and socket itself.
func startXvfb(t testing.TB, extra ...string) string {
	t.Helper()
	from := 91
	if n, err := strconv.Atoi(os.Getenv("SKEIN_XVFB_FROM")); err == nil && n > 0 {
		from = n
	}
	for n := from; n < from+29; n++ {
		if !displayFree(n) {
			continue
		}
		d := fmt.Sprintf(":%d", n)
		// -noreset: a program started just after another quit must not
		// meet a server resetting itself.
		x := exec.Command("Xvfb", append([]string{d, "-screen", "0", "1400x900x24", "-nolisten", "tcp", "-noreset"}, extra...)...)
		if err := x.Start(); err != nil {
			t.Fatalf("Xvfb: %v", err)
		}
		t.Cleanup(func() {
			// SIGTERM, so the server removes its lock and socket; a killed
			// one leaves them, and 29 such kills used up every display.
			x.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { x.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				x.Process.Kill()
				<-done
			}
		})
		for i := 0; i < 50; i++ {
			if c, err := net.Dial("unix", fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				c.Close()
				return d
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("Xvfb on %s did not start", d)
	}
	t.Fatal("no free X display")
	return ""
}

// displayFree reports whether X display n is free. A lock file whose server
// is no longer running (killed without cleaning up) is stale: it and the
// socket are removed, as an X server starting there would do itself.
func displayFree(n int) bool {
	lock, sock := fmt.Sprintf("/tmp/.X%d-lock", n), fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	b, err := os.ReadFile(lock)
	if err != nil {
		if !os.IsNotExist(err) {
			return false
		}
		if _, serr := os.Stat(sock); serr != nil {
			return true
		}
		// A socket with no lock: a server that left it behind. Nothing
		// answering on it means it is stale.
		c, derr := net.Dial("unix", sock)
		if derr == nil {
			c.Close()
			return false
		}
		return os.Remove(sock) == nil
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 || syscall.Kill(pid, 0) != syscall.ESRCH {
		return false // running, or not ours to judge
	}
	os.Remove(sock)
	return os.Remove(lock) == nil
}

func waitWindow(t testing.TB, ctx context.Context, env []string, appOut *bytes.Buffer) string {
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

// longArticle writes a skein JSONL file holding one article of about 50,000
// words (~300 KB, with curly quotes, dashes and emoji) carrying 5,000 spans.
func longArticle(t testing.TB, path string) {
	t.Helper()
	writeArticle(t, path, "Long article", 50000, 5000)
}

// writeArticle writes a skein JSONL file holding one article titled title
// of nwords words (~6 bytes a word) carrying nspans one-word spans.
func writeArticle(t testing.TB, path, title string, nwords, nspans int) {
	t.Helper()
	words := strings.Fields("the minister said that attacks in the province rose sharply after the government announced deportation of undocumented Afghan nationals while officials in Kabul denied that militants used Afghan soil Pakistan’s caretaker prime minister Kakar Taliban TTP Islamabad — 👍")
	var b strings.Builder
	n, seed := 0, uint32(1)
	next := func(k int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % k }
	for n < nwords {
		for s := 0; s < 3+next(5); s++ {
			for i := 0; i < 10+next(15); i++ {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(words[next(len(words))])
				n++
			}
			b.WriteString(". ")
		}
		b.WriteString("\n\n")
	}
	text := b.String()
	runes := []rune(text)
	var spans []map[string]any
	var starts []int
	for i := 0; i < len(runes); i++ {
		if (i == 0 || runes[i-1] == ' ' || runes[i-1] == '\n') && runes[i] != ' ' && runes[i] != '\n' {
			starts = append(starts, i)
		}
	}
	labels := []string{"claim", "actor", "figure", "accusation"}
	step := len(starts) / nspans
	for k := 0; k < nspans; k++ {
		s := starts[k*step]
		e := s
		for e < len(runes) && runes[e] != ' ' && runes[e] != '\n' {
			e++
		}
		spans = append(spans, map[string]any{"id": fmt.Sprintf("%s-%04d", strings.ReplaceAll(title, " ", "-"), k), "start": s, "end": e, "text": string(runes[s:e]), "label": labels[k%4], "annotator": "bench"})
	}
	line, err := json.Marshal(map[string]any{"title": title, "source": "long.txt", "date": "2000-01-01", "text": text, "spans": spans})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkWindowMemory starts the real program under Xvfb on a store
// holding the long article, lets it open that article, pages through it, and
// reports the process's resident memory: rss-MB in all, anon-MB of it private
// to skein (the rest is shared libraries: under Xvfb, Mesa's software GL
// driver alone maps about 90 MB that any OpenGL window maps too).
func BenchmarkWindowMemory(b *testing.B) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skipf("%s is not installed", tool)
		}
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "skein")
	if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, "../..").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	storeDir := filepath.Join(dir, "store")
	long := filepath.Join(dir, "long.jsonl")
	longArticle(b, long)
	if out, err := exec.Command(bin, "-store", storeDir, "-user", "bench", "import", long).CombinedOutput(); err != nil {
		b.Fatalf("import: %v\n%s", err, out)
	}
	display := startXvfb(b)
	env := windowEnv(b, dir, display)
	var rss, anon float64
	for i := 0; i < b.N; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		app := exec.CommandContext(ctx, bin, "-store", storeDir, "-user", "bench")
		app.Env = env
		var out bytes.Buffer
		app.Stdout, app.Stderr = &out, &out
		if err := app.Start(); err != nil {
			b.Fatal(err)
		}
		waitWindow(b, ctx, env, &out)
		time.Sleep(2 * time.Second) // the article opens off the UI goroutine
		for k := 0; k < 6; k++ {
			x := exec.Command("xdotool", "mousemove", "600", "400", "key", "Next")
			x.Env = env
			x.Run()
			time.Sleep(300 * time.Millisecond)
		}
		time.Sleep(time.Second)
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", app.Process.Pid))
		if err != nil {
			b.Fatal(err)
		}
		for _, line := range strings.Split(string(status), "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				switch f[0] {
				case "VmRSS:":
					rss = kb / 1024
				case "RssAnon:":
					anon = kb / 1024
				}
			}
		}
		app.Process.Kill()
		app.Wait()
		cancel()
	}
	b.ReportMetric(rss, "rss-MB")
	b.ReportMetric(anon, "anon-MB")
}
