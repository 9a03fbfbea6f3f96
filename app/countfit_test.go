package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestCountLineFitsTheList: the line under the article list's filter read
// "3 articles  ·  counts: your spans  ·  2 assi…" in a window 1024 px
// wide, the count of articles assigned first cut. In windows 1024 and 800
// px wide it now says that count whole, giving up the legend ("counts:
// your spans") first; where the column has the room, the whole line.
func TestCountLineFitsTheList(t *testing.T) {
	for _, c := range []struct {
		width float32
		whole bool // the column has the room for the whole line
	}{{1400, true}, {1024, false}, {800, false}} {
		t.Run(fmt.Sprint(c.width), func(t *testing.T) {
			st, _, _, _ := firstAssigned(t)
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			w.win.Resize(fyne.NewSize(c.width, 560))
			until(t, w, "alice's articles first", func() bool { return strings.Contains(w.docList.CountText(), "2 assigned first") })
			settle(w)
			shown := w.docList.CountShown()
			if strings.Contains(shown, "…") || !strings.Contains(shown, "  ·  2 assigned first") || !strings.HasPrefix(shown, "3 articles") {
				t.Errorf("at %.0f px the line under the filter reads %q, want the articles and the 2 assigned first whole", c.width, shown)
			}
			if whole := shown == w.docList.CountText(); whole != c.whole {
				t.Errorf("at %.0f px the line reads %q, whole %v; want whole %v (%q)", c.width, shown, whole, c.whole, w.docList.CountText())
			}
		})
	}
}
