package buildinfo

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestBaseVersionIsFyneApps: a development build names the version in
// FyneApp.toml, which fyne package writes into the Windows and macOS
// programs, so the two cannot drift apart.
func TestBaseVersionIsFyneApps(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version\s*=\s*"([^"]*)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version line")
	}
	if got := string(m[1]); got != baseVersion {
		t.Errorf("FyneApp.toml's Version is %q, buildinfo's baseVersion %q: change both", got, baseVersion)
	}
}

// build builds testdata/show with the extra go build arguments and returns
// the program's path and what it prints.
func build(t *testing.T, args ...string) (bin, out string) {
	t.Helper()
	bin = filepath.Join(t.TempDir(), "show")
	cmd := exec.Command("go", append(append([]string{"build", "-o", bin}, args...), "./testdata/show")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	b, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	return bin, string(b)
}

// TestStamped: the flags .ci/release passes make the program name that
// version, commit and date.
func TestStamped(t *testing.T) {
	const pkg = "github.com/skein-news/skein/app/buildinfo"
	_, got := build(t, "-ldflags", "-X "+pkg+".version=1.2.3 -X "+pkg+".commit=0123456789abcdef -X "+pkg+".date=2026-12-04T01:02:03Z")
	want := "skein 1.2.3\ncommit 0123456789abcdef\nbuilt 2026-12-04 01:02 UTC\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("stamped build prints\n%s\nwant it to start\n%s", got, want)
	}
}

// TestUnstamped: a plain go build says it is a development build, and gives
// the program file's time as its build date; without version control
// information it says the commit is unknown rather than print nothing.
func TestUnstamped(t *testing.T) {
	before := time.Now().UTC().Truncate(time.Minute)
	_, got := build(t, "-buildvcs=false")
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines, want 4:\n%s", len(lines), got)
	}
	if lines[0] != "skein "+baseVersion+"-dev" {
		t.Errorf("version line %q, want %q", lines[0], "skein "+baseVersion+"-dev")
	}
	if lines[1] != "commit unknown (built without version control information)" {
		t.Errorf("commit line %q", lines[1])
	}
	built, err := time.Parse("2006-01-02 15:04 MST", strings.TrimPrefix(lines[2], "built "))
	if err != nil {
		t.Fatalf("build date line %q: %v", lines[2], err)
	}
	if built.Before(before) || built.After(time.Now().Add(time.Minute)) {
		t.Errorf("build date %v, want about now (%v)", built, before)
	}
	if !strings.HasPrefix(lines[3], "go1.") {
		t.Errorf("last line %q, want the Go release", lines[3])
	}
}

// TestVCSCommit: built with -buildvcs inside a git clone, an unstamped
// build names the commit Go recorded in the program.
func TestVCSCommit(t *testing.T) {
	bin, got := build(t, "-buildvcs=true")
	meta, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*build\s+vcs\.revision=(\S+)`).FindSubmatch(meta)
	if m == nil {
		// Go 1.26 records nothing in a git worktree (.git is a file there);
		// a clone, as CI makes, has it.
		t.Skipf("go build -buildvcs=true recorded no commit here (not a git clone?):\n%s", meta)
	}
	if want := "commit " + string(m[1]); !strings.Contains(got, want) {
		t.Errorf("-buildvcs build prints\n%s\nwant a line starting %q", got, want)
	}
}

func TestLinesUnknown(t *testing.T) {
	got := Info{Version: "0.1.0", Go: "go1.26.8 windows/amd64"}.String()
	want := "skein 0.1.0\ncommit unknown (built without version control information)\nbuilt unknown\ngo1.26.8 windows/amd64"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
