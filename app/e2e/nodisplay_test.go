package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// skein with no command on a session that names no display (over ssh, on
// a console) says so and what to do, exit 1: Fyne's driver panicked there,
// a Go stack trace and exit 2.
func TestNoDisplaySaysSo(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("macOS and Windows always have a display")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "skein")
	if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, "../..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+dir)
	cmd := exec.Command(bin, "-store", filepath.Join(dir, "store"), "-user", "alice")
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := cmd.ProcessState.ExitCode()
	want := "skein: no display to open the window on: neither DISPLAY nor WAYLAND_DISPLAY is set"
	if code != 1 || !strings.HasPrefix(stderr.String(), want) || strings.Contains(stderr.String(), "panic") || !strings.Contains(stderr.String(), "skein -h lists them") {
		t.Errorf("skein without a display = %d (%v)\n%s\nwant 1 and %q, with what to do", code, err, stderr.String(), want)
	}
}
