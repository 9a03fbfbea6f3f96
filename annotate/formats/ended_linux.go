package formats

import (
	"bytes"
	"os"
	"strconv"
)

// ended tells whether process pid has ended though it is still in the
// process table: its state in /proc/PID/stat is Z (a zombie, not yet
// reaped) or X (being reaped). The state follows the command's name in
// parentheses, which may itself hold ") ", so it is read after the last
// one. Where the file cannot be read, the process is not taken for ended.
func ended(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return false
	}
	return b[i+2] == 'Z' || b[i+2] == 'X'
}
