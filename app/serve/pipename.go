package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// pipePrefix begins every skein pipe's name.
const pipePrefix = `\\.\pipe\skein-`

// pipeNameFor is the Windows named pipe of the store at abs, an absolute
// Windows path. Windows' file names ignore letter case, so every spelling
// of the path gives the same name; the hash keeps the name short (a pipe
// name holds at most 256 characters) and says nothing of the path.
func pipeNameFor(abs string) string {
	abs = strings.TrimRight(abs, `\/`)
	if len(abs) == 2 && abs[1] == ':' {
		abs += `\` // a store at a drive's root: C:\, not C: (that drive's working folder)
	}
	sum := sha256.Sum256([]byte(strings.ToLower(abs)))
	return pipePrefix + hex.EncodeToString(sum[:16])
}
