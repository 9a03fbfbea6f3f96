//go:build unix

package e2e

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// skein sync -take with a machine that holds no copy of the user's layer
// (a colleague's machine, a mistyped ID) said the raw "skein sync: take:
// open …/layers/alice/3f…: no such file or directory". It says there is no
// such copy, whose layer that machine writes, and from which machines
// the user's is written; nothing is read in.
func TestTakeOfAMachineWithNoCopy(t *testing.T) {
	alice, dir, folder, _ := aliceOnTeam(t)
	machineRE := regexp.MustCompile(`\(you: (\w+) on machine ([0-9a-f]{16})\)`)
	machineOf := func(out string) string {
		t.Helper()
		m := machineRE.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("skein team printed %q, no machine", out)
		}
		return m[2]
	}
	mine := machineOf(alice.must("team"))
	bob := alice
	bob.store = filepath.Join(dir, "bob")
	bobs := machineOf(bob.must("-user", "bob", "team", folder))
	for _, c := range []struct{ machine, says string }{
		{bobs, "skein sync: take: the team folder holds no copy of your layer from machine " + bobs + " (no folder layers/alice/" + bobs + "); machine " + bobs + " writes bob's layer, not yours; your layer is written there from machine " + mine + " (this machine); nothing was read in\n"},
		{"0123456789abcdef", "skein sync: take: the team folder holds no copy of your layer from machine 0123456789abcdef (no folder layers/alice/0123456789abcdef); your layer is written there from machine " + mine + " (this machine); nothing was read in\n"},
	} {
		code, out, stderr := alice.run("sync", "-take", c.machine)
		if code != 1 || out != "" || stderr != c.says || strings.Contains(stderr, "no such file") {
			t.Errorf("sync -take %s = %d, %q, %q; want 1 and\n%s", c.machine, code, out, stderr, c.says)
		}
	}
}
