package cli

import (
	"os"
	"syscall"
)

// skein.exe is linked as a GUI program (-H=windowsgui, as fyne package does)
// so that Explorer opens no console window beside it. Such a program starts
// without standard output; started from a terminal, it attaches to the
// terminal's console so that the commands and -h print there, as Windows GUI
// programs with a command line do. Output a caller redirected (`skein list >
// docs.txt`, a pipe) arrives as valid handles and is kept. This runs before
// main reads os.Stdout.
func init() { attachParentConsole() }

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = uintptr(^uint32(0))

var procAttachConsole = syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")

func attachParentConsole() {
	out, errOut := hasStdHandle(syscall.STD_OUTPUT_HANDLE), hasStdHandle(syscall.STD_ERROR_HANDLE)
	if out && errOut {
		return // a console build, or both redirected
	}
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return // started from Explorer or a shortcut: no console to print to
	}
	con, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	if !out {
		os.Stdout = con
	}
	if !errOut {
		os.Stderr = con
	}
}

func hasStdHandle(which int) bool {
	h, err := syscall.GetStdHandle(which)
	return err == nil && h != 0 && h != syscall.InvalidHandle
}
