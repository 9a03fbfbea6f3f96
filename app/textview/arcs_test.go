package textview

import (
	"math/rand"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
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

// textY returns where the text of the line holding cp starts, in the view.
func textY(v *View, cp int) float32 {
	l := v.lay
	pi := l.paraOf(cp)
	li := lineOf(&l.paras[pi], cp)
	return l.lineY(pi, li) + bandOf(&l.paras[pi], li) - v.off
}

func TestRoomOnlyAboveLinesWithArcs(t *testing.T) {
	plain, _ := newTestView(t, sample, fyne.NewSize(700, 400))
	test.TempWidgetRenderer(t, plain).Refresh()
	v, link := arcView(t)
	test.TempWidgetRenderer(t, v).Refresh()
	second := cpOf(t, sample, "report", 0)
	opp := cpOf(t, sample, "Opposition", 0)
	if lineOf(&v.lay.paras[0], second) == lineOf(&v.lay.paras[0], link.From.Start) {
		t.Fatal("the sample's first paragraph is one line at 700 px; the test needs two")
	}
	// The line carrying the arc makes room above its text; the line under
	// it is as tall as a line without arcs, and the next paragraph moves
	// down by that room only.
	room := textY(v, link.From.Start) - textY(plain, link.From.Start)
	if room <= 0 {
		t.Fatalf("got %v px above the arc's line, want room for the arc", room)
	}
	if got, want := textY(v, second)-textY(v, link.From.Start), textY(plain, second)-textY(plain, link.From.Start); got != want {
		t.Errorf("got the line under the arc %v px below it, want %v as without arcs", got, want)
	}
	if got := textY(v, opp) - textY(plain, opp); got != room {
		t.Errorf("got “Opposition” %v px lower than without arcs, want %v: only the arc's line grows", got, room)
	}
	// More arcs over the line stack higher, and take more room; a second
	// link on a line that had none grows that line only.
	ends := []int{cpOf(t, sample, "Tuesday", 0), cpOf(t, sample, "12%", 0), cpOf(t, sample, "leaders", 0), cpOf(t, sample, "data", 0)}
	f := func(i int) annotate.Fragment { return annotate.Fragment{Start: ends[i], End: ends[i] + 4} }
	before := textY(v, second)
	v.SetArcs([]arcs.Link{link, {Thread: "u", Index: 1, From: f(0), To: f(1)}, {Thread: "w", Index: 1, From: f(2), To: f(3)}}, v.arc.marks)
	test.TempWidgetRenderer(t, v).Refresh()
	if got := textY(v, link.From.Start) - textY(plain, link.From.Start); got <= room {
		t.Errorf("got %v px above a line with two arcs, want more than the %v of one", got, room)
	}
	if got := textY(v, second) - before; got != textY(v, link.From.Start)-textY(plain, link.From.Start)-room {
		t.Errorf("the line under the arcs moved %v px, want only what the line above grew", got)
	}
	if got := textY(v, opp+11) - textY(v, opp); got != 0 {
		t.Errorf("got “leaders” %v px from the line's start, want one line", got)
	}
	// Arcs off, or no links, give all the room back.
	v.SetArcsShown(false)
	test.TempWidgetRenderer(t, v).Refresh()
	for _, cp := range []int{link.From.Start, second, opp} {
		if got, want := textY(v, cp), textY(plain, cp); got != want {
			t.Errorf("arcs off: got the line of %d at %v, want %v as with no links", cp, got, want)
		}
	}
	if _, ok := v.ArcPoint(link.Key()); ok {
		t.Error("got an arc on screen with arcs off")
	}
	v.SetArcsShown(true)
	v.SetArcs(nil, nil)
	test.TempWidgetRenderer(t, v).Refresh()
	if got, want := textY(v, opp), textY(plain, opp); got != want {
		t.Errorf("no links: got “Opposition” at %v, want %v: no room kept for no arcs", got, want)
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

// TestRoomBelowKeepsTopLine: a link added further down grows only its own
// line; the line at the top of the view, a tall one with an arc scrolled
// part way through its text, stays where it is on screen.
func TestRoomBelowKeepsTopLine(t *testing.T) {
	text := strings.Repeat(sample+"\n\n", 20)
	v, _ := newTestView(t, text, fyne.NewSize(700, 200))
	nth := func(word string, n int) annotate.Fragment {
		b := 0
		for range n {
			b += strings.Index(text[b:], word) + 1
		}
		b += strings.Index(text[b:], word)
		s := len([]rune(text[:b]))
		return annotate.Fragment{Start: s, End: s + len([]rune(word))}
	}
	top := arcs.Link{Thread: "t", Index: 1, From: nth("minister", 5), To: nth("exports", 5)}
	v.SetArcs([]arcs.Link{top}, nil)
	test.TempWidgetRenderer(t, v).Refresh()
	l := v.lay
	pi := l.paraOf(top.From.Start)
	li := lineOf(&l.paras[pi], top.From.Start)
	if bandOf(&l.paras[pi], li) == 0 {
		t.Fatal("the arc's line makes no room")
	}
	// The view's top in the last pixels of that line's text.
	v.setOffset(l.lineY(pi, li) + bandOf(&l.paras[pi], li) + l.lineH - 3)
	test.TempWidgetRenderer(t, v).Refresh()
	before := textY(v, top.From.Start)
	below := arcs.Link{Thread: "u", Index: 1, From: nth("minister", 10), To: nth("exports", 10)}
	v.SetArcs([]arcs.Link{top, below}, nil)
	test.TempWidgetRenderer(t, v).Refresh()
	if got := textY(v, top.From.Start); got != before {
		t.Errorf("a link further down moved the top line's text from %v to %v", before, got)
	}
}

// TestManyOverlappingArcsStack: five links over one line, each overlapping
// the others, take five levels, one each, and the line makes room for all
// five; none shares the top level with another.
func TestManyOverlappingArcsStack(t *testing.T) {
	v, _ := newTestView(t, sample, fyne.NewSize(900, 400))
	words := []string{"minister", "said", "Tuesday", "exports", "rose", "12%"}
	var links []arcs.Link
	for i := range 5 {
		// Each from the first word to a later one: all overlap.
		links = append(links, arcs.Link{Thread: string(rune('a' + i)), Index: 1,
			From: frag(t, sample, words[0], 0), To: frag(t, sample, words[i+1], 0)})
	}
	for _, f := range []annotate.Fragment{links[0].From, links[4].To} {
		if lineOf(&v.lay.paras[0], f.Start) != 0 {
			t.Fatal("the test needs the six words on the first line")
		}
	}
	plain, _ := newTestView(t, sample, fyne.NewSize(900, 400))
	test.TempWidgetRenderer(t, plain).Refresh()
	v.SetArcs(links, nil)
	test.TempWidgetRenderer(t, v).Refresh()
	levels := map[int]string{}
	for _, sg := range v.arc.segs {
		key := v.arc.links[v.arc.idx[sg.Arc]].Key()
		if other, ok := levels[sg.Level]; ok {
			t.Errorf("arcs %s and %s share level %d", other, key, sg.Level)
		}
		levels[sg.Level] = key
	}
	if len(v.arc.segs) != 5 || len(levels) != 5 {
		t.Fatalf("got %d runs on %d levels, want 5 on 5", len(v.arc.segs), len(levels))
	}
	// Every level lies in the room above the line, under the line above.
	room := textY(v, links[0].From.Start) - textY(plain, links[0].From.Start)
	if want := arcBand(v.lay.m.size, 5); room != want {
		t.Errorf("got %v px of room above the line, want %v for five levels", room, want)
	}
	for k := range levels {
		if y := v.levelY(k); y <= 0 || y >= room {
			t.Errorf("level %d is %v px above the text, want it within the %v px of room", k, y, room)
		}
	}
	// A click on each arc selects that arc.
	for _, lk := range links {
		p, ok := v.ArcPoint(lk.Key())
		if !ok {
			t.Fatalf("arc %s not on screen", lk.Key())
		}
		if got := v.ArcAt(p); got != lk.Key() {
			t.Errorf("a click on arc %s's run at %v selects %q", lk.Key(), p, got)
		}
	}
}

// stackedPairs are seven links among the words of sample's first line,
// whose arcs stack several levels high.
var stackedPairs = []struct{ from, to, label string }{
	{"The", "exports", "supports"},
	{"minister", "rose", "contradicts"},
	{"said", "exports", "repeats"},
	{"The", "rose", "targets"},
	{"minister", "exports", "made-by"},
	{"said", "Tuesday", "supports"},
	{"Tuesday", "rose", "made-by"},
}

// stackedLinks are stackedPairs' links, one thread each.
func stackedLinks(t *testing.T) []arcs.Link {
	var links []arcs.Link
	for i, p := range stackedPairs {
		links = append(links, arcs.Link{Thread: string(rune('a' + i)), Index: 1,
			From: frag(t, sample, p.from, 0), To: frag(t, sample, p.to, 0), Label: p.label})
	}
	return links
}

// Labels of arcs stacked on one line keep a gap between their boxes, the
// boxes of neighbouring levels too (a box is taller than a level: the
// labels of links among the words of one line touched and hid each
// other's ends), and each box stays in the text area: under the top of its
// line's room for arcs (the top level's rose above it), within the line's
// width.
func TestStackedArcLabelsKeepApart(t *testing.T) {
	for _, width := range []float32{900, 700} {
		v, _ := newTestView(t, sample, fyne.NewSize(width, 400))
		pairs := stackedPairs
		links := stackedLinks(t)
		if lineOf(&v.lay.paras[0], frag(t, sample, "rose", 0).Start) != 0 {
			t.Fatal("the test needs its words on the first line")
		}
		plain, _ := newTestView(t, sample, fyne.NewSize(width, 400))
		test.TempWidgetRenderer(t, plain).Refresh()
		v.SetArcs(links, nil)
		r := test.TempWidgetRenderer(t, v)
		r.Refresh()
		room := textY(v, links[0].From.Start) - textY(plain, links[0].From.Start)
		bandTop := textY(v, links[0].From.Start) - room
		type box struct {
			label          string
			x0, y0, x1, y1 float32
		}
		var boxes []box
		for _, o := range r.Objects() {
			if tx, ok := o.(*canvas.Text); ok && strings.Contains("supports contradicts repeats targets made-by", tx.Text) && tx.Text != "" {
				p, s := tx.Position(), tx.Size()
				boxes = append(boxes, box{tx.Text, p.X - 3, p.Y, p.X + s.Width + 3, p.Y + s.Height})
			}
		}
		if len(boxes) != len(pairs) {
			t.Fatalf("%v wide: got %d labels drawn, want %d", width, len(boxes), len(pairs))
		}
		for i, a := range boxes {
			if a.y0 < bandTop-0.01 || a.x0 < 0 || a.x1 > width {
				t.Errorf("%v wide: %q's box %v–%v × %v–%v is out of the text area (its room's top at %v, the line %v wide)",
					width, a.label, a.x0, a.x1, a.y0, a.y1, bandTop, width)
			}
			for _, b := range boxes[:i] {
				if a.x0 < b.x1+2 && b.x0 < a.x1+2 && a.y0 < b.y1 && b.y0 < a.y1 {
					t.Errorf("%v wide: the boxes of %q (%v–%v × %v–%v) and %q (%v–%v × %v–%v) touch",
						width, a.label, a.x0, a.x1, a.y0, a.y1, b.label, b.x0, b.x1, b.y0, b.y1)
				}
			}
		}
	}
}

// TestArcLabelClickedWhereDrawn: a click anywhere on a link label's box,
// as drawn, selects that link (stackedLinks, whose top level's labels are
// moved down). The top level's box is drawn moved down
// into its line's room (labelInBand), 2–3 px below its arc, but its
// clickable area stayed around the arc: a click on the box's lower edge
// selected nothing, or the link of the arc below it.
func TestArcLabelClickedWhereDrawn(t *testing.T) {
	for _, width := range []float32{900, 700} {
		v, _ := newTestView(t, sample, fyne.NewSize(width, 400))
		links := stackedLinks(t)
		v.SetArcs(links, nil)
		r := test.TempWidgetRenderer(t, v)
		r.Refresh()
		n := 0
		for _, o := range r.Objects() {
			tx, ok := o.(*canvas.Text)
			if !ok || tx.Text == "" || !strings.Contains("supports contradicts repeats targets made-by", tx.Text) {
				continue
			}
			n++
			p, s := tx.Position(), tx.Size()
			for _, y := range []float32{p.Y + 1, p.Y + s.Height/2, p.Y + s.Height - 1} {
				at := fyne.NewPos(p.X+s.Width/2, y)
				key, got := v.ArcAt(at), ""
				for _, l := range links {
					if l.Key() == key {
						got = l.Label
					}
				}
				if got != tx.Text {
					t.Errorf("%v wide: a click at %v on the box of %q (%v–%v down) selects %q", width, at, tx.Text, p.Y, p.Y+s.Height, got)
				}
			}
		}
		if n != len(links) {
			t.Fatalf("%v wide: %d labels drawn, want %d", width, n, len(links))
		}
	}
}

// TestArcLabelsNeverOverlap draws many links among the words of sample's
// first lines, with labels long and short, in columns from 260 to 660 px
// wide: no two label boxes drawn overlap. In a column too narrow to slide
// them apart (Spread), the whole labels were drawn over one another, both
// unreadable; such a label is now an ellipsis ("…"), or not drawn where
// even that has no room, and a click on the ellipsis selects its link
// (whose whole label the status line then names).
func TestArcLabelsNeverOverlap(t *testing.T) {
	words := strings.Fields("The minister said on Tuesday that exports rose by")
	labels := []string{"supports", "contradicts", "repeats", "targets", "made-by", "accused-of-hiding-data"}
	isLabel := func(s string) bool { return s == shortLabel || s != "" && slices.Contains(labels, s) }
	rng := rand.New(rand.NewSource(1))
	shortened := 0
	for trial := range 60 {
		width := float32(260 + rng.Intn(400))
		v, _ := newTestView(t, sample, fyne.NewSize(width, 400))
		var links []arcs.Link
		for i := range 2 + rng.Intn(6) {
			a, b := rng.Intn(len(words)), rng.Intn(len(words))
			if a == b {
				continue
			}
			links = append(links, arcs.Link{Thread: string(rune('a' + i)), Index: 1,
				From: frag(t, sample, words[a], 0), To: frag(t, sample, words[b], 0), Label: labels[rng.Intn(len(labels))]})
		}
		v.SetArcs(links, nil)
		r := test.TempWidgetRenderer(t, v)
		r.Refresh()
		type box struct {
			label          string
			x0, y0, x1, y1 float32
		}
		var boxes []box
		for _, o := range r.Objects() {
			if tx, ok := o.(*canvas.Text); ok && tx.Visible() && isLabel(tx.Text) {
				p, s := tx.Position(), tx.Size()
				boxes = append(boxes, box{tx.Text, p.X - 3, p.Y, p.X + s.Width + 3, p.Y + s.Height})
			}
		}
		for i, a := range boxes {
			for _, b := range boxes[:i] {
				if a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 {
					t.Errorf("trial %d, %v wide: the boxes of %q (%v–%v × %v–%v) and %q (%v–%v × %v–%v) overlap",
						trial, width, a.label, a.x0, a.x1, a.y0, a.y1, b.label, b.x0, b.x1, b.y0, b.y1)
				}
			}
			if a.label != shortLabel {
				continue
			}
			shortened++
			key := v.ArcAt(fyne.NewPos((a.x0+a.x1)/2, (a.y0+a.y1)/2))
			short := false
			for _, sg := range v.arc.segs {
				if sg.Short && !sg.Hidden && v.arc.links[v.arc.idx[sg.Arc]].Key() == key {
					short = true
				}
			}
			if !short {
				t.Errorf("trial %d, %v wide: a click on an ellipsis at %v–%v selects %q, not the link it shortens", trial, width, a.x0, a.x1, key)
			}
		}
	}
	if shortened == 0 {
		t.Error("no label was shortened: the test does not reach a column too narrow to slide them")
	}
}
