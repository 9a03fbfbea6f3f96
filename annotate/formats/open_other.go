//go:build !unix

package formats

import "os"

// openFlags open a file for reading (Windows opens a named pipe without
// waiting on it).
const openFlags = os.O_RDONLY

// noFollowFlag is 0 where the system has no O_NOFOLLOW: OpenFile looks at
// the path after the open.
const noFollowFlag = 0

// isLinkRefused is false: no open refuses a link here.
func isLinkRefused(error) bool { return false }
