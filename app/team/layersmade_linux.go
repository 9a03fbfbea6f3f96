package team

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// madeAt is when the folder f is open on was made, where the file system
// says (statx's birth time: ext4, xfs, btrfs, tmpfs), to be added to its
// folderID: ext4 gives a folder deleted and made again in its place (a
// sync engine or a script clearing the team folder and fetching it anew)
// the inode of the one deleted, so device and inode alone took it for the
// same layers/. "" where the system does not say.
func madeAt(f *os.File) string {
	var st unix.Statx_t
	if unix.Statx(int(f.Fd()), "", unix.AT_EMPTY_PATH, unix.STATX_BTIME, &st) != nil || st.Mask&unix.STATX_BTIME == 0 {
		return ""
	}
	return fmt.Sprintf(" made:%d.%09d", st.Btime.Sec, st.Btime.Nsec)
}
