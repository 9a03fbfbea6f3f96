//go:build unix

package formats

import (
	"errors"
	"os"
	"syscall"
)

// openFlags open a file for reading without blocking: a named pipe is
// opened at once (and then refused), not waited on for a writer.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// noFollowFlag makes the open itself refuse a symbolic link.
const noFollowFlag = syscall.O_NOFOLLOW

// isLinkRefused says whether err is an open's refusal of a symbolic link
// under noFollowFlag (ELOOP; EMLINK on FreeBSD and NetBSD).
func isLinkRefused(err error) bool {
	return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK)
}
