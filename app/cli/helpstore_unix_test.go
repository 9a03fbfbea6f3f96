//go:build unix

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestHelpNamesTheStoreInUse runs `skein -h` as a program, as a researcher
// who set SKEIN_STORE in their shell runs it: the help's last lines name
// the store the commands will use and what named it. It said "The default
// store is ~/.local/share/skein" whatever SKEIN_STORE or -store said, above
// its own -store line giving the other folder as the default.
func TestHelpNamesTheStoreInUse(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	def := storeDirFor(runtime.GOOS, func(string) string { return "" }, home)
	env := []string{asSkein + "=1", "HOME=" + home, "XDG_DATA_HOME=", "SKEIN_USER="}
	for _, c := range []struct {
		name, store string
		args        []string
		want        string
	}{
		{"nothing named", "", []string{"-h"}, "The default store is " + def + "."},
		{"SKEIN_STORE", "/data/team-store", []string{"-h"},
			"The store is /data/team-store, as SKEIN_STORE says (the default store is " + def + ")."},
		{"-store", "/data/team-store", []string{"-store", "/data/mine", "-h"},
			"The store is /data/mine, as -store says (the default store is " + def + ")."},
		{"SKEIN_STORE naming the default", def, []string{"-h"}, "The default store is " + def + "."},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], c.args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), append(env, "SKEIN_STORE="+c.store)...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("skein %s: %v\n%s", strings.Join(c.args, " "), err, out)
			}
			if !strings.Contains(string(out), "\n"+c.want+"\n") {
				t.Errorf("skein %s with SKEIN_STORE=%q said\n%s\nwant the line %q", strings.Join(c.args, " "), c.store, out, c.want)
			}
		})
	}
}
