package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
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

// TestAssignedRowFitsTheList: an article assigned to you said so after its
// date, cut at the column's edge: "2023-11-10  ·  assig…" in a window 1024
// px wide, "2023-11-…" at 800 (seen under Xvfb). The mark goes to a word
// before anything is cut, then the date gives way to it; where the column
// has the room, the row says it whole.
func TestAssignedRowFitsTheList(t *testing.T) {
	for _, width := range []float32{1400, 1024, 800} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			st, _, _, _ := firstAssigned(t)
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			w.win.Resize(fyne.NewSize(width, 560))
			until(t, w, "alice's articles first", func() bool { return strings.Contains(w.docList.CountText(), "2 assigned first") })
			settle(w)
			for _, d := range []*annotate.Document{docTaliban, docBorder} {
				got, ok := w.docList.RowLead(d.ID)
				if !ok {
					t.Fatalf("no row shows %s", d.Title)
				}
				if strings.Contains(got, "…") || !strings.Contains(got, "assigned") {
					t.Errorf("at %.0f px the row of %s says %q, want that it is assigned, nothing cut", width, d.Title, got)
				}
				if date := d.Date; width == 1400 && got != date+"  ·  assigned to you" {
					t.Errorf("at 1400 px the row of %s says %q, want %q", d.Title, got, date+"  ·  assigned to you")
				}
			}
		})
	}
}
