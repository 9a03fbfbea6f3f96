package reviewpanel

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/frame/frametest"
)

// Each kind in the legend reads whole beside its own sample, from the
// narrowest the legend allows (the smallest review window gives it that)
// to a wide window: what does not fit goes on to a further
// line, entries never overlap, and the space between one kind's word and
// the next kind's sample is at least twice that between a sample and its
// word. Spread on one line, at the smallest window each word ran into the
// next kind's sample, "agreement▨label conflict".
func TestLegendReadsWhole(t *testing.T) {
	test.NewTempApp(t)
	kinds := []agree.Kind{agree.Agreement, agree.LabelConflict, agree.BoundaryConflict, agree.Conflict, agree.OneSided}
	l := NewLegend(Keys)
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	d := fyne.CurrentApp().Driver()
	for _, width := range []float32{l.MinSize().Width, 490, 540, 900} {
		w.Resize(fyne.NewSize(width, 200))
		// As the window does when the legend's height changes with its
		// lines.
		w.Resize(fyne.NewSize(width, 200))
		words := map[string]*canvas.Text{}
		for _, tx := range frametest.Visible[*canvas.Text](l) {
			words[tx.Text] = tx
		}
		samples := frametest.Visible[*swatch](l)
		if len(samples) != len(kinds) {
			t.Fatalf("at %v wide %d samples shown, want %d", width, len(samples), len(kinds))
		}
		type entry struct{ x0, y0, x1, y1, inner float32 }
		var entries []entry
		for i, k := range kinds {
			tx, s := words[k.String()], samples[i]
			if tx == nil || s.kind != k {
				t.Fatalf("at %v wide the legend draws %q, sample %d of %v; want %q whole beside its sample", width, frametest.Drawn(l), i, s.kind, k)
			}
			sp, tp := d.AbsolutePositionForObject(s), d.AbsolutePositionForObject(tx)
			// The sample's outline is drawn a pixel and a half outside it.
			e := entry{sp.X - 2, min(sp.Y, tp.Y), tp.X + tx.MinSize().Width, max(sp.Y+s.Size().Height, tp.Y+tx.Size().Height), tp.X - (sp.X + s.Size().Width + 2)}
			if e.x0 < 0 || e.x1 > width {
				t.Errorf("at %v wide %s is drawn from %v to %v, outside the legend", width, k, e.x0, e.x1)
			}
			entries = append(entries, e)
		}
		for i, a := range entries {
			for j, b := range entries[:i] {
				if a.y0 >= b.y1 || b.y0 >= a.y1 {
					continue // lines apart
				}
				space := max(a.x0-b.x1, b.x0-a.x1)
				if space < 2*max(a.inner, b.inner) {
					t.Errorf("at %v wide %s and %s are %v apart, their samples %v and %v from their words; want the kinds at least twice as far apart", width, kinds[j], kinds[i], space, b.inner, a.inner)
				}
			}
		}
		// Every key reads whole, within the legend: cut to one line, at
		// the least window the keys read "N/P next/previous disagreement
		// · A accept…".
		var keys []string
		top := float32(-1)
		for _, tx := range frametest.Visible[*canvas.Text](l) {
			if slices.Contains(kinds, kindNamed(tx.Text)) {
				continue
			}
			keys = append(keys, tx.Text)
			p := d.AbsolutePositionForObject(tx)
			if p.X < 0 || p.X+tx.MinSize().Width > width {
				t.Errorf("at %v wide the keys %q are drawn from %v to %v, outside the legend", width, tx.Text, p.X, p.X+tx.MinSize().Width)
			}
			if top < 0 || p.Y < top {
				top = p.Y
			}
		}
		if got := strings.Join(keys, " "); got != Keys {
			t.Errorf("at %v wide the keys read %q, want %q whole", width, got, Keys)
		}
		for i, e := range entries {
			if e.y1 > top {
				t.Errorf("at %v wide %s reaches %v, over the keys' line at %v", width, kinds[i], e.y1, top)
			}
		}
	}
}

// kindNamed is the kind of item named name, -1 none.
func kindNamed(name string) agree.Kind {
	for _, k := range []agree.Kind{agree.Agreement, agree.LabelConflict, agree.BoundaryConflict, agree.Conflict, agree.OneSided} {
		if k.String() == name {
			return k
		}
	}
	return -1
}
