package frame

import (
	"os"
	"runtime"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// ScreenSize is the work area (the screen less its panels and docks) of
// the primary screen, in Fyne's units at parent's scale, with ok; ok is
// false where it cannot be known: the test driver, a window not shown, a
// screen unplugged. Fyne says nothing of the screen, and a window of its
// own sized in plain numbers ran off a small one (the agreement report's
// 1200×640 on a 1024×600 laptop). Call it on the UI goroutine, where the
// windowing library is called.
func ScreenSize(parent fyne.Window) (size fyne.Size, ok bool) {
	nw, native := parent.(driver.NativeWindow)
	if !native {
		return fyne.Size{}, false
	}
	nw.RunNative(func(context any) {
		if !madeNative(context) {
			return // no window made: the library may not be started
		}
		m := glfw.GetPrimaryMonitor()
		if m == nil {
			return
		}
		_, _, w, h := m.GetWorkarea()
		scale := parent.Canvas().Scale()
		if w <= 0 || h <= 0 || scale <= 0 {
			return
		}
		size, ok = fyne.NewSize(float32(w)/scale, float32(h)/scale), true
	})
	return size, ok
}

// titleBarRoom is what a window of skein's leaves of the screen's height
// for the title bar a window manager draws above it.
const titleBarRoom = 40

// ScreenRoom is the room the primary screen leaves a window of skein's,
// in Fyne's units at win's scale: its work area less a title bar, with ok
// as ScreenSize's. Call it on the UI goroutine.
func ScreenRoom(win fyne.Window) (room fyne.Size, ok bool) {
	room, ok = ScreenSize(win)
	if !ok {
		return fyne.Size{}, false
	}
	room.Height -= titleBarRoom
	return room, room.Width > 0 && room.Height > 0
}

// FitScreen gives win, shown, the size want, or less where the screen has
// less room (ScreenRoom); never less than its content's minimum, which
// Fyne keeps. A window of a plain size larger than the screen ran off it:
// the main window's 1200×700 on a 1024×600 laptop, the dialogs centred on
// it with their buttons below the screen's edge, out of reach. Where the
// screen cannot be known, win is given want. Call it on the UI goroutine,
// once win is shown: before, the windowing library has no window to say
// at what scale it draws.
func FitScreen(win fyne.Window, want fyne.Size) {
	size := want
	if room, ok := ScreenRoom(win); ok {
		size = fyne.NewSize(min(want.Width, room.Width), min(want.Height, room.Height))
	}
	if win.Canvas().Size() != size {
		win.Resize(size)
	}
}

// FitScreenFirst gives win, not yet shown, the size want or less where
// the primary screen has less room, so that its first frame fits the
// screen: a window sized only once shown (FitScreen) was drawn at want for
// a moment, off a small screen's edges, before it shrank. Fyne knows the
// scale it draws at only once the window is made, so the scale here is
// estimated as Fyne works it out (the user's scale times the screen's:
// its pixels per inch over 120 on Linux and the BSDs, its content scale on
// Windows, 1 on macOS, whose work area is in points); FitScreen, once win
// is shown, puts right what the estimate got wrong. Where the screen
// cannot be known (the test driver), win is given want. Call it on the
// main goroutine, before the app runs, or on the UI goroutine.
func FitScreenFirst(win fyne.Window, want fyne.Size) {
	size := want
	if nw, ok := win.(driver.NativeWindow); ok {
		nw.RunNative(func(any) {
			m := glfw.GetPrimaryMonitor()
			if m == nil {
				return
			}
			_, _, w, h := m.GetWorkarea()
			scale := estimateScale(m)
			if w <= 0 || h <= 0 || scale <= 0 {
				return
			}
			room := fyne.NewSize(float32(w)/scale, float32(h)/scale-titleBarRoom)
			size = fyne.NewSize(min(want.Width, room.Width), min(want.Height, room.Height))
		})
	}
	win.Resize(size)
}

// estimateScale is the scale Fyne will draw a window at on m.
func estimateScale(m *glfw.Monitor) float32 {
	user := float32(1) // FYNE_SCALE, else the app's setting, as Fyne reads them
	if env := os.Getenv("FYNE_SCALE"); env != "" && env != "auto" {
		if f, err := strconv.ParseFloat(env, 32); err == nil && f > 0 {
			user = float32(f)
		}
	} else if a := fyne.CurrentApp(); env != "auto" && a != nil && a.Settings().Scale() > 0 {
		user = a.Settings().Scale()
	}
	screen := float32(1)
	switch runtime.GOOS {
	case "darwin":
	case "windows":
		if x, _ := m.GetContentScale(); x > 0 {
			screen = x
		}
	default:
		wmm, _ := m.GetPhysicalSize()
		if mode := m.GetVideoMode(); mode != nil && wmm > 0 {
			if dpi := float32(mode.Width) / (float32(wmm) / 25.4); dpi >= 10 && dpi <= 1000 {
				screen = max(dpi/120, 1)
			}
		}
	}
	return user * screen
}

// madeNative says whether context, RunNative's, names a window the windowing
// library made.
func madeNative(context any) bool {
	switch c := context.(type) {
	case driver.X11WindowContext:
		return c.WindowHandle != 0
	case driver.WaylandWindowContext:
		return c.WaylandSurface != 0
	case driver.WindowsWindowContext:
		return c.HWND != 0
	case driver.MacWindowContext:
		return c.NSWindow != 0
	}
	return false
}
