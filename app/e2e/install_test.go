//go:build unix

package e2e

import (
	"bytes"
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// packageEnv names the Linux archive .ci/release made; .ci/run sets it.
const packageEnv = "SKEIN_PACKAGE"

// TestInstalledPackage unpacks the Linux archive .ci/release made (named by
// $SKEIN_PACKAGE), installs it with its Makefile into a temporary prefix as
// `sudo make install` would into /usr/local, and into a temporary home as
// `make user-install` would into ~/.local; checks the desktop entry and
// icon a desktop's menu reads; asks the installed program its version; and
// starts it under Xvfb until its window shows. Set SKEIN_INSTALL_SCREENSHOT
// to keep a screenshot of that window.
func TestInstalledPackage(t *testing.T) {
	archive := os.Getenv(packageEnv)
	if archive == "" {
		t.Skipf("installed package: set %s to the Linux archive .ci/release makes (.ci/run does)", packageEnv)
	}
	m := regexp.MustCompile(`skein-(\d+\.\d+\.\d+)-linux-amd64\.tar\.xz$`).FindStringSubmatch(archive)
	if m == nil {
		t.Fatalf("%s=%s: not a skein-VERSION-linux-amd64.tar.xz from .ci/release", packageEnv, archive)
	}
	version := m[1]
	dir := t.TempDir()
	run := func(name string, args ...string) string {
		t.Helper()
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("tar", "-xJf", archive, "-C", dir)
	unpacked := filepath.Join(dir, "skein")
	prefix := filepath.Join(dir, "prefix")
	home := filepath.Join(dir, "home")
	run("make", "-C", unpacked, "install", "PREFIX="+prefix)
	run("make", "-C", unpacked, "user-install", "HOME="+home)

	const id = "io.github.skein_news.skein" // FyneApp.toml's ID names the entry and the icon
	for _, inst := range []struct {
		name, bin, desktop, icon, exec string
	}{
		{"make install", filepath.Join(prefix, "bin", "skein"), filepath.Join(prefix, "share", "applications", id+".desktop"),
			filepath.Join(prefix, "share", "pixmaps", id+".png"), "skein"},
		{"make user-install", filepath.Join(home, ".local", "bin", "skein"), filepath.Join(home, ".local", "share", "applications", id+".desktop"),
			filepath.Join(home, ".local", "share", "icons", id+".png"), filepath.Join(home, ".local", "bin", "skein")},
	} {
		t.Run(inst.name, func(t *testing.T) {
			if fi, err := os.Stat(inst.bin); err != nil || fi.Mode()&0o111 == 0 {
				t.Errorf("no executable %s (%v)", inst.bin, err)
			}
			b, err := os.ReadFile(inst.desktop)
			if err != nil {
				t.Fatalf("no desktop entry: %v", err)
			}
			entry := string(b)
			for _, want := range []string{"[Desktop Entry]", "\nType=Application\n", "\nName=skein\n", "\nExec=" + inst.exec + "\n",
				"\nIcon=" + id + "\n", "\nCategories=Office;Education;Science;\n", "\nGenericName=News annotation workbench\n"} {
				if !strings.Contains(entry, want) {
					t.Errorf("desktop entry %s lacks %q:\n%s", inst.desktop, strings.TrimSpace(want), entry)
				}
			}
			icon, err := os.Open(inst.icon)
			if err != nil {
				t.Fatalf("no icon: %v", err)
			}
			defer icon.Close()
			if cfg, format, err := image.DecodeConfig(icon); err != nil || format != "png" || cfg.Width < 64 {
				t.Errorf("icon %s: %s %dx%d %v, want a PNG of at least 64 pixels", inst.icon, format, cfg.Width, cfg.Height, err)
			}
		})
	}

	bin := filepath.Join(prefix, "bin", "skein")
	out := run(bin, "-version")
	if !strings.HasPrefix(out, "skein "+version+"\ncommit ") || strings.Contains(out, "commit unknown") || strings.Contains(out, "built unknown") {
		t.Errorf("installed skein -version printed\n%s\nwant version %s, its commit and build date", out, version)
	}

	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (apt-get install xvfb xdotool): cannot start the installed program", tool)
		}
	}
	display := startXvfb(t)
	env := windowEnv(t, dir, display)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	app := exec.CommandContext(ctx, bin, "-store", filepath.Join(dir, "store"), "-user", "e2e")
	app.Env = env
	var appOut bytes.Buffer
	app.Stdout, app.Stderr = &appOut, &appOut
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if app.ProcessState == nil {
			app.Process.Kill()
			app.Wait()
		}
	}()
	win := waitWindow(t, ctx, env, &appOut)
	shot := os.Getenv("SKEIN_INSTALL_SCREENSHOT")
	if shot == "" {
		shot = filepath.Join(dir, "installed.png")
	}
	// Look until the first article is painted (seconds on a loaded machine).
	for deadline := time.Now().Add(30 * time.Second); ; {
		img, ok := screenshot(t, env, shot)
		if !ok {
			break
		}
		n := colours(img)
		if n >= 50 {
			t.Logf("the installed program's window shows %d colours (screenshot %s)", n, shot)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the installed program's window shows %d colours after 30 s: nothing drawn (screenshot %s)\n%s", n, shot, appOut.String())
		}
		time.Sleep(500 * time.Millisecond)
	}
	cmd := exec.CommandContext(ctx, "xdotool", "windowfocus", win, "key", "ctrl+q")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xdotool: %v %s", err, out)
	}
	if err := app.Wait(); err != nil {
		t.Errorf("the installed skein exited with %v\n%s", err, appOut.String())
	}
}

// colours counts the distinct colours on a screenshot, up to 1,000: a
// window with text and widgets drawn has hundreds, an empty screen one.
func colours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[[3]uint32{cr, cg, cb}] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}
