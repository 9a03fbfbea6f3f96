package app

import "fyne.io/fyne/v2"

// calmApp is the application as Fyne's widgets see it (fyne.CurrentApp):
// the same application, with their animations off (calmSettings). A
// focused entry's cursor fades in and out by repainting the window about
// twelve times a second for as long as it has the keyboard: where the
// window is drawn by software OpenGL (a virtual machine, a remote
// desktop) that took 20-40 % of a core while skein sat idle with the
// document filter or the user-name dialog focused (app/e2e
// TestIdleWithFocusedEntry). The cursor now stands still; buttons and
// tabs change without their tween. skein's own flash of a span jumped to
// (textview) is its own animation and stays.
type calmApp struct{ fyne.App }

// Settings is the application's settings, with ShowAnimations false.
func (a calmApp) Settings() fyne.Settings { return calmSettings{a.App.Settings()} }

type calmSettings struct{ fyne.Settings }

// ShowAnimations is false: see calmApp.
func (calmSettings) ShowAnimations() bool { return false }

// calm makes a the current application as calmApp: Fyne's widgets ask
// fyne.CurrentApp for their settings, and the driver keeps a itself.
func calm(a fyne.App) {
	fyne.SetCurrentApp(calmApp{a})
}
