package store

import (
	"errors"
	"fmt"
	"testing"
)

// TestLockMessageEverySystem: Badger words its lock failure differently on
// each system (flock on Linux and macOS, an exclusive lock file on
// Windows); each is recognised and becomes the same message naming the
// store's folder, a Windows one with its drive letter and backslashes. The
// Windows texts are Badger's (dir_windows.go, y.Wrapf without debug), as
// the real lock cannot be taken on Linux.
func TestLockMessageEverySystem(t *testing.T) {
	winDir := `C:\Users\Ayesha Khan\AppData\Local\skein`
	tests := []struct {
		name string
		err  error
		lock bool
	}{
		{"linux and macos", fmt.Errorf("Cannot acquire directory lock on %q.  Another process is using this Badger database. err: %v", "/home/ak/.local/share/skein", "resource temporarily unavailable"), true},
		{"windows", fmt.Errorf("Cannot create lock file %q.  Another process is using this Badger database err: %+v", winDir+`\LOCK`,
			errors.New("The process cannot access the file because it is being used by another process.")), true},
		{"not a lock", fmt.Errorf("While opening memtables error: %v", "open C:\\x\\00001.mem: Access is denied."), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := isLockError(tc.err); got != tc.lock {
				t.Errorf("isLockError(%q) = %v, want %v", tc.err, got, tc.lock)
			}
		})
	}
	err := error(&LockedError{Dir: winDir})
	if want := `skein: store C:\Users\Ayesha Khan\AppData\Local\skein is open in another skein process`; err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
	if !errors.Is(err, ErrLocked) {
		t.Error("a LockedError is not ErrLocked")
	}
}
