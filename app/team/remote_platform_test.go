package team

import (
	"os"
	"os/exec"
	"testing"
)

// The network-drive checks of macOS, FreeBSD and Windows (remote_bsd.go,
// remote_windows.go) run on no machine of ours: each test run at least
// compiles and vets them, so they cannot rot unseen.
func TestRemoteFSBuildsForMacOSAndWindows(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiling: skipped with -short")
	}
	if raceOn {
		// go vet is the same with or without -race, and the run without
		// it (CI runs both) has vetted the three already: three more
		// cross-compiles beside the race detector's package run pushed
		// it towards go test's 10-minute limit on a loaded machine.
		t.Skip("cross-compiling: done by the run without -race")
	}
	for _, goos := range []string{"darwin", "windows", "freebsd"} {
		t.Run(goos, func(t *testing.T) {
			cmd := exec.Command("go", "vet", "-tags", "migrated_fynedo", ".")
			cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=0")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("GOOS=%s go vet ./app/team: %v\n%s", goos, err, out)
			}
		})
	}
}
