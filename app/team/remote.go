package team

import "strings"

// The decisions of remoteFS, apart from the system calls that feed them, so
// that each platform's rule is tested on every platform: only Linux runs
// the tests here, while macOS and Windows builds are only compiled.

// remoteMagic are the statfs(2) magic numbers (Linux) of the file systems
// whose changes come from other machines: the kernel reports nothing of
// what those machines write.
var remoteMagic = map[int64]string{
	0x6969:     "nfs",
	0x517b:     "smb",
	0xff534d42: "cifs",
	0xfe534d42: "smb2",
	0x65735546: "fuse", // sshfs, rclone, s3fs and the like
	0x01021997: "9p",
	0x00c36400: "ceph",
	0x5346414f: "afs",
	0x564c:     "ncp",
	0x47504653: "gpfs",
	0x0bd00bd0: "lustre",
}

// remoteTypeNames are the file system type names statfs(2) gives in
// f_fstypename on macOS and FreeBSD for network and cloud mounts: SMB, NFS,
// AFP, WebDAV (Finder's "Connect to Server" with https://), FTP, and FUSE
// mounts (macFUSE, osxfuse; sshfs, rclone and s3fs through them).
var remoteTypeNames = map[string]bool{
	"smbfs": true, "cifs": true, "nfs": true, "afpfs": true, "webdav": true,
	"ftp": true, "macfuse": true, "osxfuse": true, "osxfusefs": true,
	"fusefs": true, "fuse": true, "sshfs": true,
}

// remoteTypeName says whether a file system type name from f_fstypename is
// one whose changes come from other machines. Subtypes ("fusefs.sshfs",
// FreeBSD's names for FUSE mounts) count by their kind.
func remoteTypeName(name string) bool {
	name = strings.ToLower(strings.TrimRight(name, "\x00"))
	if kind, _, ok := strings.Cut(name, "."); ok {
		name = kind
	}
	return remoteTypeNames[name]
}

// fstypename is f_fstypename as a string: the bytes before the first NUL.
func fstypename(b []byte) string {
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// driveRemote is Windows' GetDriveType for a network drive (winbase.h).
const driveRemote = 4

// remoteDrive says, for Windows, whether a folder is on a network drive:
// a UNC path (\\server\share\…) always is, a drive letter when
// GetDriveType (asked through driveType, given the drive's root "Z:\")
// says DRIVE_REMOTE. Paths of the local device namespace (\\?\C:\…,
// \\.\…) are read through to their drive.
func remoteDrive(abs string, driveType func(root string) uint32) bool {
	p := strings.ReplaceAll(abs, "/", `\`)
	switch {
	case strings.HasPrefix(p, `\\?\UNC\`):
		return true
	case strings.HasPrefix(p, `\\?\`), strings.HasPrefix(p, `\\.\`):
		p = p[4:]
	case strings.HasPrefix(p, `\\`):
		return true // \\server\share
	}
	if len(p) < 2 || p[1] != ':' {
		return false // no drive to ask about: a relative path is made absolute first
	}
	return driveType(strings.ToUpper(p[:1])+":\\") == driveRemote
}
