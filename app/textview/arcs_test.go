package textview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/arcs"
)

// arcView shows sample with a link from “minister” to “exports”, labelled
// “supports”, and a marker on “Opposition” linked to another article.
func arcView(t *testing.T) (*View, arcs.Link) {
	t.Helper()
	v, _ := newTestView(t, sample, fyne.NewSize(700, 400))
	from, to := frag(t, sample, "minister", 0), frag(t, sample, "exports", 0)
	opp := frag(t, sample, "Opposition", 0)
	v.SetHighlights([]Highlight{
		{ID: "a", Fragments: frags(from), Color: claimColor, Label: "claim"},
		{ID: "b", Fragments: frags(to), Color: actorColor, Label: "actor"},
		{ID: "c", Fragments: frags(opp), Color: actorColor, Label: "actor"},
	})
	link := arcs.Link{Thread: "t", Index: 1, From: from, To: to, Label: "supports"}
	v.SetArcs([]arcs.Link{link}, []arcs.Marker{{At: opp.Start, Span: "c", Doc: "other", ToSpan: "x"}})
	return v, link
}

func TestArcDrawnAboveText(t *testing.T) {
	v, link := arcView(t)
	test.TempWidgetRenderer(t, v).Refresh()
	p, ok := v.ArcPoint(link.Key())
	if !ok {
		t.Fatal("the link has no arc on screen")
	}
	words := at(t, v, link.From.Start)
	if p.Y >= words.Y-v.lay.m.textH/2 {
		t.Errorf("got the arc at y %v, want it above the text's top at %v", p.Y, words.Y-v.lay.m.textH/2)
	}
	if v.charAt(p) != -1 {
		t.Errorf("got a character under the arc, want the band above the line free of text")
	}
	// The label is drawn, in a box, on the arc.
	found := false
	for _, o := range test.TempWidgetRenderer(t, v).Objects() {
		if tx, ok := o.(*canvas.Text); ok && tx.Text == "supports" {
			found = true
		}
	}
	if !found {
		t.Error("no “supports” label among the view's objects")
	}
}

func TestArcClickSelectsAndClears(t *testing.T) {
	v, link := arcView(t)
	test.TempWidgetRenderer(t, v).Refresh()
	var got []string
	v.OnArcSelected = func(key string) { got = append(got, key) }
	spanCalls := 0
	v.OnSpanSelected = func(string) { spanCalls++ }
	v.SelectSpan("a")
	p, _ := v.ArcPoint(link.Key())
	test.TapAt(v, p)
	if v.SelectedArc() != link.Key() || len(got) != 1 || got[0] != link.Key() {
		t.Fatalf("after a click on the arc: selected %q, calls %v, want %q once", v.SelectedArc(), got, link.Key())
	}
	if v.SelectedSpan() != "" || spanCalls != 1 {
		t.Errorf("got span %q selected (%d calls), want the span unselected and reported once", v.SelectedSpan(), spanCalls)
	}
	// A click on text elsewhere unselects the link.
	test.TapAt(v, at(t, v, cpOf(t, sample, "record", 0)))
	if v.SelectedArc() != "" || len(got) != 2 || got[1] != "" {
		t.Errorf("after a click elsewhere: selected %q, calls %v, want none and a call with \"\"", v.SelectedArc(), got)
	}
}

func TestArcsOffGiveBackTheRoom(t *testing.T) {
	v, link := arcView(t)
	with := v.lay.lineH
	v.SetArcsShown(false)
	test.TempWidgetRenderer(t, v).Refresh()
	if v.lay.lineH >= with {
		t.Errorf("got line height %v with arcs off, want less than %v", v.lay.lineH, with)
	}
	if _, ok := v.ArcPoint(link.Key()); ok {
		t.Error("got an arc on screen with arcs off")
	}
	v.SetArcsShown(true)
	v.SetArcs(nil, nil)
	if v.lay.lineH >= with {
		t.Errorf("got line height %v with no links, want less than %v: no room kept for no arcs", v.lay.lineH, with)
	}
}

func TestMarkerClickReports(t *testing.T) {
	v, _ := arcView(t)
	test.TempWidgetRenderer(t, v).Refresh()
	var got *arcs.Marker
	v.OnMarker = func(m arcs.Marker) { got = &m }
	p := at(t, v, cpOf(t, sample, "Opposition", 0))
	test.TapAt(v, fyne.NewPos(v.lay.marginX/2, p.Y))
	if got == nil || got.Span != "c" || got.Doc != "other" {
		t.Errorf("got marker %+v, want the one on “Opposition”", got)
	}
}

func TestArcsAcrossLines(t *testing.T) {
	// A narrow view: “minister” and “data” are lines apart; the arc is drawn
	// as two runs, one on each end's line.
	v, _ := newTestView(t, sample, fyne.NewSize(260, 600))
	from, to := frag(t, sample, "minister", 0), frag(t, sample, "data", 0)
	link := arcs.Link{Thread: "t", Index: 1, From: from, To: to}
	v.SetArcs([]arcs.Link{link}, nil)
	test.TempWidgetRenderer(t, v).Refresh()
	lines := map[int]bool{}
	for _, sg := range v.arc.segs {
		lines[sg.Line] = true
	}
	if len(v.arc.segs) != 2 || len(lines) != 2 {
		t.Errorf("got runs %+v, want two, on two lines", v.arc.segs)
	}
}

func TestSelectingTextLetsTheArcGo(t *testing.T) {
	v, link := arcView(t)
	test.TempWidgetRenderer(t, v).Refresh()
	p, _ := v.ArcPoint(link.Key())
	test.TapAt(v, p)
	if v.SelectedArc() != link.Key() {
		t.Fatalf("got arc %q selected, want %q", v.SelectedArc(), link.Key())
	}
	from, to := at(t, v, cpOf(t, sample, "record", 0)), at(t, v, cpOf(t, sample, "record", 0)+4)
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: from}, Dragged: fyne.NewDelta(0, 0)})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, 0)})
	v.DragEnd()
	if v.Selection() == nil {
		t.Fatal("the drag selected nothing")
	}
	if v.SelectedArc() != "" {
		t.Errorf("got arc %q still selected with text selected, want none: a label key must label the text", v.SelectedArc())
	}
}
