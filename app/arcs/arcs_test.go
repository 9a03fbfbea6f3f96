package arcs

import (
	"testing"

	"github.com/skein-news/skein/annotate"
)

func TestPlaceOneLine(t *testing.T) {
	segs := Place([]Arc{{From: End{0, 100}, To: End{0, 20}, LabelW: 30}}, 3, 0, 500, 3, 4)
	if len(segs) != 1 {
		t.Fatalf("got %d runs, want 1", len(segs))
	}
	s := segs[0]
	if s.X0 != 20 || s.X1 != 100 || !s.DropL || !s.DropR {
		t.Errorf("got run %+v, want 20 to 100 with both drops", s)
	}
	if !s.HeadL || s.HeadR {
		t.Errorf("got heads L %v R %v, want the head on the left, at the To end", s.HeadL, s.HeadR)
	}
	if !s.Label || s.LabelX != 60 || s.Level != 0 {
		t.Errorf("got label %v at %v level %d, want it at 60 on level 0", s.Label, s.LabelX, s.Level)
	}
}

func TestPlaceAcrossLines(t *testing.T) {
	tests := []struct {
		name  string
		arc   Arc
		lines int
		want  []Seg
	}{
		{"both ends shown", Arc{From: End{0, 50}, To: End{2, 30}, LabelW: 10}, 4, []Seg{
			{Arc: 0, Line: 0, X0: 50, X1: 400, DropL: true, Label: true, LabelX: 225},
			{Arc: 0, Line: 2, X0: 0, X1: 30, DropR: true, HeadR: true},
		}},
		{"first end above the view", Arc{From: End{-1, 50}, To: End{1, 30}, LabelW: 10}, 4, []Seg{
			{Arc: 0, Line: 1, X0: 0, X1: 30, DropR: true, HeadR: true, Label: true, LabelX: 15},
		}},
		{"to end first", Arc{From: End{3, 50}, To: End{1, 30}}, 4, []Seg{
			{Arc: 0, Line: 1, X0: 30, X1: 400, DropL: true, HeadL: true},
			{Arc: 0, Line: 3, X0: 0, X1: 50, DropR: true},
		}},
		{"both below the view", Arc{From: End{4, 50}, To: End{4, 90}}, 4, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Place([]Arc{tc.arc}, tc.lines, 0, 400, 3, 4)
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("run %d: got %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestPlaceStacks(t *testing.T) {
	arcs := []Arc{
		{From: End{0, 0}, To: End{0, 300}},   // wide, over the others
		{From: End{0, 10}, To: End{0, 100}},  // short
		{From: End{0, 150}, To: End{0, 250}}, // short, beside the other short one
		{From: End{0, 20}, To: End{0, 200}},  // overlaps both short ones
		{From: End{0, 5}, To: End{0, 295}},   // no level left: shares the top
		{From: End{1, 10}, To: End{1, 100}},  // another line: its own stack
	}
	segs := Place(arcs, 2, 0, 400, 3, 4)
	level := map[int]int{}
	for _, s := range segs {
		level[s.Arc] = s.Level
	}
	want := map[int]int{1: 0, 2: 0, 3: 1, 0: 2, 4: 2, 5: 0}
	for a, l := range want {
		if level[a] != l {
			t.Errorf("arc %d: got level %d, want %d", a, level[a], l)
		}
	}
}

func TestPlaceLabelTakesRoom(t *testing.T) {
	// Two runs that do not touch, but the first one's label is wider than
	// it and reaches over the second.
	arcs := []Arc{{From: End{0, 100}, To: End{0, 110}, LabelW: 80}, {From: End{0, 130}, To: End{0, 180}}}
	segs := Place(arcs, 1, 0, 400, 3, 4)
	if segs[0].Level == segs[1].Level {
		t.Errorf("got both runs on level %d, want the label to push the other up", segs[0].Level)
	}
}

func TestHit(t *testing.T) {
	arcs := []Arc{{From: End{0, 20}, To: End{0, 120}, LabelW: 40}, {From: End{0, 200}, To: End{0, 300}}}
	segs := Place(arcs, 1, 0, 400, 3, 4)
	levelY := func(k int) float32 { return float32(8 + 10*k) }
	tests := []struct {
		name  string
		x, up float32
		want  int // arc, -1 none
	}{
		{"on the run", 50, 8, 0},
		{"on the label", 75, 12, 0},
		{"down the left drop", 20, 3, 0},
		{"on the second", 250, 9, 1},
		{"between", 160, 8, -1},
		{"above", 50, 30, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := -1
			if i := Hit(segs, arcs, 0, tc.x, tc.up, levelY, levelY, 12, 3); i >= 0 {
				got = segs[i].Arc
			}
			if got != tc.want {
				t.Errorf("got arc %d, want %d", got, tc.want)
			}
		})
	}
	if i := Hit(segs, arcs, 1, 50, 8, levelY, levelY, 12, 3); i != -1 {
		t.Errorf("hit on another line: got %d, want -1", i)
	}
}

func TestFromThreads(t *testing.T) {
	fr := func(s, e int) []annotate.Fragment { return []annotate.Fragment{{Start: s, End: e}} }
	spans := map[string]*annotate.Span{
		"a": {ID: "a", Doc: "d", Fragments: fr(50, 60)},
		"b": {ID: "b", Doc: "d", Fragments: fr(10, 20)},
		"c": {ID: "c", Doc: "d", Fragments: fr(30, 40)},
	}
	threads := []*annotate.Thread{
		{ID: "t1", Members: []annotate.Member{{Doc: "d", Span: "a"}, {Doc: "d", Span: "b", Link: "supports"}}},
		{ID: "t2", Members: []annotate.Member{{Doc: "e", Span: "x"}, {Doc: "d", Span: "c", Link: "repeats"}}},
		{ID: "t3", Title: "chain", Members: []annotate.Member{{Doc: "d", Span: "a"}, {Doc: "d", Span: "c"}}},
		{ID: "t4", Members: []annotate.Member{{Doc: "d", Span: "a"}, {Doc: "d", Span: "gone"}}},
	}
	links, marks := FromThreads(threads, "d", spans)
	if len(links) != 1 || links[0].Key() != "t1#1" || links[0].Label != "supports" || links[0].From.Start != 50 || links[0].To.Start != 10 {
		t.Errorf("got links %+v, want the one of t1, from a to b, “supports”", links)
	}
	if l := links[0]; !l.Is("t1#1") || l.Is("t1#2") || l.Is("t1") || l.Is("t11#1") {
		t.Errorf("Is disagrees with Key %q", l.Key())
	}
	if len(marks) != 1 || marks[0].Span != "c" || marks[0].Doc != "e" || marks[0].ToSpan != "x" || marks[0].Forward {
		t.Errorf("got markers %+v, want one on c, back to x in e", marks)
	}
}

func TestVisible(t *testing.T) {
	fr := func(s, e int) annotate.Fragment { return annotate.Fragment{Start: s, End: e} }
	links := []Link{
		{From: fr(0, 5), To: fr(10, 15)},       // before
		{From: fr(0, 5), To: fr(900, 905)},     // crosses
		{From: fr(120, 125), To: fr(130, 135)}, // inside
		{From: fr(500, 505), To: fr(510, 515)}, // after
	}
	Sort(links)
	got := Visible(links, 100, 200, nil)
	if len(got) != 2 || links[got[0]].To.Start != 900 || links[got[1]].From.Start != 120 {
		t.Errorf("got %v, want the crossing link and the one inside", got)
	}
}

// TestShortArcKeepsItsEndsClearOfItsLabel: two words side by side, linked,
// make a run shorter than its label; the label's box, as tall as the room
// above the text, must leave both drops (and their arrowheads) to be seen.
// A first end near a line's right edge leaves a stub there: the label goes
// on the longer run, the one on the last end's line.
func TestShortArcKeepsItsEndsClearOfItsLabel(t *testing.T) {
	clear := func(t *testing.T, sg Seg, w float32) {
		t.Helper()
		lo, hi := sg.LabelX-w/2, sg.LabelX+w/2
		for _, d := range []struct {
			on bool
			x  float32
		}{{sg.DropL, sg.X0}, {sg.DropR, sg.X1}} {
			if d.on && d.x+4 > lo && d.x-4 < hi {
				t.Errorf("the label's box %v to %v covers the drop at %v of run %+v", lo, hi, d.x, sg)
			}
		}
	}
	tests := []struct {
		name      string
		arc       Arc
		wantLine  int
		wantRight bool // the label right of the run
	}{
		{"two words side by side", Arc{From: End{0, 100}, To: End{0, 130}, LabelW: 60}, 0, true},
		{"at the right edge", Arc{From: End{0, 350}, To: End{0, 380}, LabelW: 60}, 0, false},
		{"a stub at the line's end", Arc{From: End{0, 380}, To: End{1, 40}, LabelW: 60}, 1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			segs := Place([]Arc{tc.arc}, 3, 0, 400, 2, 4)
			labelled := 0
			for _, sg := range segs {
				if !sg.Label {
					continue
				}
				labelled++
				clear(t, sg, tc.arc.LabelW)
				if sg.Line != tc.wantLine {
					t.Errorf("got the label on line %d, want it on line %d", sg.Line, tc.wantLine)
				}
				if right := sg.LabelX > sg.X1; right != tc.wantRight {
					t.Errorf("got the label at %v beside run %v to %v, want it right of the run %v", sg.LabelX, sg.X0, sg.X1, tc.wantRight)
				}
				if sg.LabelX+tc.arc.LabelW/2 > 400 || sg.LabelX-tc.arc.LabelW/2 < 0 {
					t.Errorf("got the label at %v, want it within the line's 0 to 400", sg.LabelX)
				}
			}
			if labelled != 1 {
				t.Errorf("got %d labels in %+v, want 1", labelled, segs)
			}
		})
	}
}

// TestArcLabelStaysInTheLine: in a column too narrow for a label on
// either side of its run (the least window), the label's box stays within
// the line, over the run if need be, and one wider than the line begins
// at its left edge. Put past the edge, "made-by" read "ade-by" and a long
// label four letters.
func TestArcLabelStaysInTheLine(t *testing.T) {
	const left, right = 20, 120
	for _, tc := range []struct {
		name string
		arc  Arc
	}{
		{"two words side by side", Arc{From: End{0, 50}, To: End{0, 80}, LabelW: 60}},
		{"two words at the right edge", Arc{From: End{0, 85}, To: End{0, 110}, LabelW: 60}},
		{"a first end near the line's start", Arc{From: End{0, 40}, To: End{1, 30}, LabelW: 70}},
		{"wider than the line", Arc{From: End{0, 50}, To: End{0, 80}, LabelW: 150}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.arc.LabelW
			for _, sg := range Place([]Arc{tc.arc}, 3, left, right, 2, 4) {
				if !sg.Label {
					continue
				}
				lo, hi := sg.LabelX-w/2, sg.LabelX+w/2
				switch {
				case w >= right-left && lo != left:
					t.Errorf("got the label from %v to %v, want it to begin at the line's left, %v", lo, hi, float32(left))
				case w < right-left && (lo < left || hi > right):
					t.Errorf("got the label from %v to %v beside run %v to %v, want it within the line's %v to %v", lo, hi, sg.X0, sg.X1, float32(left), float32(right))
				}
			}
		})
	}
}
