package team

import "syscall"

// Magic numbers of the file systems whose changes come from other machines
// (statfs(2)): the kernel reports nothing of what those machines write.
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

// remoteFS says whether dir is on a network file system, where fsnotify
// hears only what this machine writes.
func remoteFS(dir string) bool {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return false
	}
	_, ok := remoteMagic[int64(st.Type)]
	return ok
}
