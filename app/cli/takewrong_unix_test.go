//go:build unix

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSyncTakeOfNoCopyOfYours runs skein as a program, as a researcher
// does who gives -take a colleague's machine (skein team lists it beside
// their name) or mistypes one: each is refused, exit 1, nothing read in,
// with what the machine is and which machines hold a copy of their layer.
// Both said only the raw "skein sync: take: open …/layers/alice/…: no such
// file or directory".
func TestSyncTakeOfNoCopyOfYours(t *testing.T) {
	folder := t.TempDir()
	desktop, laptop, bobs := t.TempDir(), t.TempDir(), t.TempDir()
	skein := func(store string, args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(os.Args[0], args...)
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), asSkein+"=1", "SKEIN_STORE="+store, "SKEIN_USER=")
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatalf("skein %s: %v", strings.Join(args, " "), err)
		}
		return cmd.ProcessState.ExitCode(), out.String(), errb.String()
	}
	machineRE := regexp.MustCompile(`on machine ([0-9a-f]{16})\)`)
	machine := func(store, user string) string {
		t.Helper()
		code, out, stderr := skein(store, "-user", user, "team", folder)
		m := machineRE.FindStringSubmatch(out)
		if code != 0 || m == nil {
			t.Fatalf("skein -user %s team: %d, names no machine:\n%s%s", user, code, out, stderr)
		}
		return m[1]
	}
	desk := machine(desktop, "alice")
	lap := machine(laptop, "alice")
	// Listed in the folder's order (by name), the desktop's said as this
	// machine.
	mine := []string{desk + " (this machine)", lap}
	if lap < desk {
		mine[0], mine[1] = mine[1], mine[0]
	}
	from := "; your layer is written there from machines " + strings.Join(mine, ", ") + "; nothing was read in\n"
	bob := machine(bobs, "bob")
	before, err := os.ReadDir(filepath.Join(folder, "layers", "alice"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ machine, want string }{
		{bob, "skein sync: take: the team folder holds no copy of your layer from machine " + bob + " (no folder layers/alice/" + bob + "); machine " + bob + " writes bob's layer, not yours" + from},
		{"0123456789abcdef", "skein sync: take: the team folder holds no copy of your layer from machine 0123456789abcdef (no folder layers/alice/0123456789abcdef)" + from},
	} {
		code, out, stderr := skein(desktop, "sync", "-take", c.machine)
		if code != 1 || stderr != c.want {
			t.Errorf("skein sync -take %s = %d\n%s%s\nwant 1 and %q", c.machine, code, out, stderr, c.want)
		}
	}
	after, err := os.ReadDir(filepath.Join(folder, "layers", "alice"))
	if err != nil || len(after) != len(before) {
		t.Errorf("alice's folders in the team folder after the refused takes: %d (%v), want the %d before", len(after), err, len(before))
	}
	if code, out, stderr := skein(desktop, "sync", "-take", lap); code != 0 {
		t.Errorf("skein sync -take of alice's laptop = %d\n%s%s", code, out, stderr)
	}
}
