package app

import "errors"

// errNoDisplay is why the window cannot open on a Linux or BSD session that
// names no display (over ssh, on a console): Fyne's driver panicked there,
// a Go stack trace where the person needed to be told what to do.
var errNoDisplay = errors.New("no display to open the window on: neither DISPLAY nor WAYLAND_DISPLAY is set " +
	"(over ssh, or on a console without a desktop). Start skein on a desktop (ssh -X brings this machine's window to yours), " +
	"or give a command: skein -h lists them")

// checkDisplay reports errNoDisplay where the window would have no display
// to open on; macOS and Windows always have one.
func checkDisplay(goos string, getenv func(string) string) error {
	switch goos {
	case "darwin", "windows", "ios", "android":
		return nil
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return errNoDisplay
	}
	return nil
}
