package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Where the screen cannot be known (here, the test driver), the agreement
// report's window is no larger than the main window: a window of skein's
// own at a plain 1200×640 ran off a screen smaller than that. Where the
// main window has the room, it keeps its 1200×640 (app/e2e's
// TestAgreementReportFitsTheScreen sizes it to a real screen under Xvfb).
func TestAgreementReportNoLargerThanTheWindow(t *testing.T) {
	st, _ := reviewStore(t)
	for _, c := range []struct{ main, want fyne.Size }{
		{fyne.NewSize(1000, 560), fyne.NewSize(1000, 560)},
		{fyne.NewSize(1400, 900), fyne.NewSize(1200, 640)},
	} {
		w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
		w.win.Resize(c.main)
		w.ComputeReport([]string{"bob", "carol"})
		settle(w)
		if w.agreeReport == nil {
			t.Fatalf("no report shown; status %q", w.status.Text)
		}
		if got := w.agreeReport.win.Canvas().Size(); got.Width > c.want.Width || got.Height > c.want.Height || got.Width < c.want.Width-1 {
			t.Errorf("main window %v: the report's window is %v, want %v", c.main, got, c.want)
		}
		w.agreeReport.win.Close()
		w.shutdown()
	}
}
