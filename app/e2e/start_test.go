//go:build unix

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkColdStart measures the time from starting skein to its window
// being mapped on the X screen (xdotool finds it visible), under Xvfb:
// "first" on a new store and a new home, as a researcher's first start
// (the seed articles are loaded), "again" on that store. It runs the
// program $SKEIN_PACKAGE's archive installs when set (what a researcher
// downloads), else a go build of this tree. cpu-ms/op is the processor time
// the program used until then, which a loaded machine does not inflate.
func BenchmarkColdStart(b *testing.B) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skipf("%s is not installed", tool)
		}
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "skein")
	if archive := os.Getenv(packageEnv); archive != "" {
		if out, err := exec.Command("tar", "-xJf", archive, "-C", dir).CombinedOutput(); err != nil {
			b.Fatalf("tar: %v\n%s", err, out)
		}
		bin = filepath.Join(dir, "skein", "usr", "local", "bin", "skein")
		if _, err := os.Stat(bin); err != nil {
			bin = filepath.Join(dir, "skein", "usr", "bin", "skein")
		}
	} else if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, "../..").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	display := startXvfb(b)
	var cpu time.Duration
	start := func(b *testing.B, home, store string) {
		env := windowEnv(b, home, display)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		app := exec.CommandContext(ctx, bin, "-store", store, "-user", "bench")
		app.Env = env
		var out bytes.Buffer
		app.Stdout, app.Stderr = &out, &out
		b.StartTimer()
		if err := app.Start(); err != nil {
			b.Fatal(err)
		}
		win := ""
		for win == "" {
			cmd := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "^skein")
			cmd.Env = env
			if o, err := cmd.Output(); err == nil {
				win, _, _ = strings.Cut(strings.TrimSpace(string(o)), "\n")
			} else if ctx.Err() != nil {
				b.Fatalf("no skein window within a minute\n%s", out.String())
			} else {
				time.Sleep(5 * time.Millisecond)
			}
		}
		b.StopTimer()
		cpu += cpuTime(b, app.Process.Pid)
		if _, err := strconv.Atoi(win); err != nil {
			b.Fatalf("xdotool found window %q", win)
		}
		cmd := exec.CommandContext(ctx, "xdotool", "windowfocus", win, "key", "ctrl+q")
		cmd.Env = env
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("xdotool: %v %s", err, o)
		}
		if err := app.Wait(); err != nil {
			b.Fatalf("skein exited with %v\n%s", err, out.String())
		}
	}
	b.Run("first", func(b *testing.B) {
		b.StopTimer()
		cpu = 0
		for i := 0; i < b.N; i++ {
			run := filepath.Join(dir, "first"+strconv.Itoa(i))
			start(b, run, filepath.Join(run, "store"))
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
	b.Run("again", func(b *testing.B) {
		b.StopTimer()
		home := filepath.Join(dir, "again")
		start(b, home, filepath.Join(home, "store")) // make the store, untimed below
		b.ResetTimer()
		b.StopTimer()
		cpu = 0
		for i := 0; i < b.N; i++ {
			start(b, home, filepath.Join(home, "store"))
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
}

// cpuTime is the user and system time process pid has used, from
// /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux).
func cpuTime(b testing.TB, pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// The command name, in parentheses, may hold spaces: count after it.
	f := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	utime, err1 := strconv.Atoi(f[11])
	stime, err2 := strconv.Atoi(f[12])
	if err1 != nil || err2 != nil {
		b.Fatalf("/proc/%d/stat: %q", pid, raw)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
