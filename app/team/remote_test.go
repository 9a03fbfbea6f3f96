package team

import (
	"os"
	"testing"
)

// The rules that make a folder on a network or cloud drive be read every
// second from the start, for each platform: the system calls feeding them
// run only where they are built (macOS, FreeBSD, Windows compile here but do
// not run), the decision runs here.
func TestRemoteTypeNames(t *testing.T) {
	for _, c := range []struct {
		name string
		want bool
	}{
		{"smbfs", true}, {"nfs", true}, {"afpfs", true}, {"webdav", true},
		{"macfuse", true}, {"osxfuse", true}, {"fusefs.sshfs", true}, {"cifs", true},
		{"ftp", true}, {"NFS", true},
		{"apfs", false}, {"hfs", false}, {"msdos", false}, {"exfat", false},
		{"ufs", false}, {"zfs", false}, {"devfs", false}, {"", false},
	} {
		if got := remoteTypeName(c.name); got != c.want {
			t.Errorf("remoteTypeName(%q): got %v, want %v", c.name, got, c.want)
		}
	}
	// f_fstypename is a NUL-padded array.
	var b [16]byte
	copy(b[:], "smbfs")
	if got := fstypename(b[:]); got != "smbfs" || !remoteTypeName(got) {
		t.Errorf("fstypename of a padded smbfs: got %q", got)
	}
	copy(b[:], "apfs\x00\x00")
	if got := fstypename(b[:]); got != "apfs" {
		t.Errorf("fstypename of apfs over smbfs's bytes: got %q", got)
	}
}

func TestRemoteDrive(t *testing.T) {
	// A machine with C: local and Z: mapped to a share.
	types := map[string]uint32{`C:\`: 3 /* DRIVE_FIXED */, `Z:\`: driveRemote, `E:\`: 2 /* DRIVE_REMOVABLE */}
	var asked []string
	driveType := func(root string) uint32 {
		asked = append(asked, root)
		return types[root]
	}
	for _, c := range []struct {
		path string
		want bool
	}{
		{`C:\Users\alice\skein-team`, false},
		{`Z:\team\skein`, true},
		{`z:/team/skein`, true}, // the root is asked as Z:\
		{`E:\skein`, false},
		{`\\nas\team\skein`, true},
		{`//nas/team/skein`, true},
		{`\\?\UNC\nas\team\skein`, true},
		{`\\?\Z:\team`, true},
		{`\\?\C:\team`, false},
		{`skein-team`, false},
	} {
		if got := remoteDrive(c.path, driveType); got != c.want {
			t.Errorf("remoteDrive(%q): got %v, want %v (asked %v)", c.path, got, c.want, asked)
		}
	}
}

// On Linux the test's own temporary folder is local: read every 10 s with
// events, not every second.
func TestRemoteFSLocalFolder(t *testing.T) {
	if remoteFS(t.TempDir()) {
		t.Skip("the temporary folder is on a network file system here")
	}
	if remoteFS(os.DevNull + "/nowhere") {
		t.Error("a folder that cannot be read is taken for a network drive")
	}
}
