package cli

import (
	"os"
	"os/exec"
	"testing"
)

// TestBuildsForWindowsAndMacOS: everything below the window (the command
// line, the store, the domain, the seeds) builds for Windows and macOS, and
// vet passes on the Windows-only console code, so a platform mistake shows
// in a Linux test run within a minute. The whole program needs cgo for
// Fyne's OpenGL driver: CI builds it for Windows with .ci/release; macOS
// can only be built on a Mac (README, "Install").
func TestBuildsForWindowsAndMacOS(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiling: skipped with -short")
	}
	for _, goos := range []string{"windows", "darwin"} {
		t.Run(goos, func(t *testing.T) {
			env := append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=0")
			steps := [][]string{
				{"build", "-tags", "migrated_fynedo", "./...", "../../store/...", "../../annotate/...", "../../seeds/...", "../buildinfo", "../transfer", "../sigquit", "../settingsfile"},
				// vet reads the tests too: those using Unix calls (Mkfifo,
				// Getrusage, Kill) must stay in _unix files.
				{"vet", "-tags", "migrated_fynedo", ".", "../buildinfo", "../serve", "../transfer", "../team", "../e2e", "../../store", "../sigquit"},
			}
			for _, args := range steps {
				cmd := exec.Command("go", args...)
				cmd.Env = env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("GOOS=%s go %s: %v\n%s", goos, args[0], err, out)
				}
			}
		})
	}
}
