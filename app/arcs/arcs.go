// Package arcs is the geometry of relation arcs: which links of an article
// are drawn, on which lines of the view, at what height above the text, and
// where their labels go. It knows nothing of Fyne or the store: the text
// view hands it the links of the open article and, each frame, where their
// ends stand on the visible lines, and draws what comes back.
//
// A link whose two ends are on one line is one arc over that line: up from
// the first span, along at its level, down to the second. A link whose ends
// are on different lines is drawn as brat draws it: from its first end along
// to the right edge of that line, and from the left edge of the last end's
// line to that end; the lines between carry nothing, so a long-range link
// does not bury the text between under horizontal strokes.
//
// Arcs on one line that overlap are stacked: each takes the lowest level
// free along its run (its label included), shorter ones first, so nested
// links nest; when every level is taken the arc shares the top one.
package arcs

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/skein-news/skein/annotate"
)

// Link is one link of the open article between two spans both in it: the
// link into member Index of thread Thread. Its ends are code point ranges,
// end exclusive.
type Link struct {
	Thread string
	Index  int
	From   annotate.Fragment // where the link starts: the member before
	To     annotate.Fragment // the member the link runs into
	Label  string            // the link's label as shown (annotate.LabelShown), "" when it has none
}

// Key names a link for selection: its thread and the member it runs into.
func (l Link) Key() string { return KeyOf(l.Thread, l.Index) }

// Is reports whether key is l's Key, without making the key.
func (l Link) Is(key string) bool {
	n := len(l.Thread)
	return len(key) > n+1 && key[:n] == l.Thread && key[n] == '#' && key[n+1:] == strconv.Itoa(l.Index)
}

// KeyOf is the Key of the link into member index of thread id.
func KeyOf(id string, index int) string {
	return id + "#" + strconv.Itoa(index)
}

// Lo is the first code point either end of l covers; Hi is past the last.
func (l Link) Lo() int { return min(l.From.Start, l.To.Start) }

// Hi is the code point after the last either end of l covers.
func (l Link) Hi() int { return max(l.From.End, l.To.End) }

// Sort orders links by their first code point, so Visible can stop early.
func Sort(links []Link) {
	slices.SortFunc(links, func(a, b Link) int {
		if c := cmp.Compare(a.Lo(), b.Lo()); c != 0 {
			return c
		}
		return cmp.Compare(a.Hi(), b.Hi())
	})
}

// Visible appends to out the indexes of the sorted links that touch code
// points [lo, hi): one end in it, or one end before it and the other after
// it, which crosses it.
func Visible(links []Link, lo, hi int, out []int) []int {
	for i := range links {
		l := &links[i]
		if l.Lo() >= hi {
			break
		}
		if l.Hi() > lo {
			out = append(out, i)
		}
	}
	return out
}

// End is where one end of an arc stands: the visible line it is on
// (counted from the first visible line; -1 when it is above the view, and
// the number of visible lines when it is below) and the x of its middle.
type End struct {
	Line int
	X    float32
}

// Arc is one link as the frame places it.
type Arc struct {
	From, To End
	LabelW   float32 // width of its label's box; 0 when it has none
	// ShortW is the width of its label's box shortened to an ellipsis,
	// drawn where the whole one has no room clear of the others (Spread).
	ShortW float32
}

// Seg is the part of an arc drawn over one line.
type Seg struct {
	Arc    int     // index into the arcs given to Place
	Line   int     // visible line
	X0, X1 float32 // the horizontal run, left to right
	Level  int     // 0 just above the text, up to levels-1
	// DropL and DropR say the run turns down to a span at X0 or X1; a run
	// without one goes on to the next or previous line at the edge.
	DropL, DropR bool
	// HeadL and HeadR say the arrowhead, at the link's To end, is at X0 or X1.
	HeadL, HeadR bool
	Label        bool    // the label is drawn on this run
	LabelX       float32 // the middle of the label
	// Short says the label is drawn shortened to an ellipsis, and Hidden
	// that it is not drawn: its line had no room for it clear of the
	// other labels (Spread). A click on the run names the whole label.
	Short, Hidden bool
}

// BoxW is the width of the label's box as drawn on sg, one of arcs: 0
// where it draws none.
func (sg *Seg) BoxW(arcs []Arc) float32 {
	switch {
	case !sg.Label || sg.Hidden:
		return 0
	case sg.Short:
		return arcs[sg.Arc].ShortW
	}
	return arcs[sg.Arc].LabelW
}

// Place lays out the arcs over lines visible lines whose text runs from
// left to right, with levels levels; a run that goes on to another line
// stops at left or right. gap is the room kept free between runs on one
// level.
func Place(arcs []Arc, lines int, left, right float32, levels int, gap float32) []Seg {
	return PlaceInto(nil, arcs, lines, left, right, levels, gap)
}

// PlaceInto is Place appending to segs[:0], so a frame reuses the last
// frame's slice.
func PlaceInto(segs []Seg, arcs []Arc, lines int, left, right float32, levels int, gap float32) []Seg {
	segs = segs[:0]
	for i, a := range arcs {
		first, last := a.From, a.To
		headFirst := false
		if last.Line < first.Line || (last.Line == first.Line && last.X < first.X) {
			first, last = last, first
			headFirst = true
		}
		if first.Line == last.Line {
			if first.Line < 0 || first.Line >= lines {
				continue
			}
			segs = append(segs, Seg{Arc: i, Line: first.Line, X0: first.X, X1: last.X,
				DropL: true, DropR: true, HeadL: headFirst, HeadR: !headFirst, Label: a.LabelW > 0})
			continue
		}
		// The label goes on the longer of the runs shown: a first end near
		// the right edge leaves its line a stub the label would cover.
		firstIn, lastIn := first.Line >= 0 && first.Line < lines, last.Line >= 0 && last.Line < lines
		labelFirst := firstIn && (!lastIn || max(right, first.X)-first.X >= last.X-min(left, last.X))
		if firstIn {
			segs = append(segs, Seg{Arc: i, Line: first.Line, X0: first.X, X1: max(right, first.X),
				DropL: true, HeadL: headFirst, Label: a.LabelW > 0 && labelFirst})
		}
		if lastIn {
			segs = append(segs, Seg{Arc: i, Line: last.Line, X0: min(left, last.X), X1: last.X,
				DropR: true, HeadR: !headFirst, Label: a.LabelW > 0 && !labelFirst})
		}
	}
	// Stack each line's runs, shortest first.
	slices.SortFunc(segs, func(a, b Seg) int {
		if c := cmp.Compare(a.Line, b.Line); c != 0 {
			return c
		}
		if c := cmp.Compare(a.X1-a.X0, b.X1-b.X0); c != 0 {
			return c
		}
		return cmp.Compare(a.X0, b.X0)
	})
	eachLine(segs, func(line []Seg) { stack(line, arcs, left, right, levels, gap) })
	return segs
}

// eachLine calls fn with the runs of each line of segs, which are sorted
// by line.
func eachLine(segs []Seg, fn func(line []Seg)) {
	for s := 0; s < len(segs); {
		e := s
		for e < len(segs) && segs[e].Line == segs[s].Line {
			e++
		}
		fn(segs[s:e])
		s = e
	}
}

// labelPad is the room kept between a label's box and a drop beside it:
// an arrowhead spreads 3.5 either side of its drop.
const labelPad = 6

// stack gives each run of one line its level and its label's place.
func stack(segs []Seg, arcs []Arc, left, right float32, levels int, gap float32) {
	for i := range segs {
		sg := &segs[i]
		lo, hi := sg.X0, sg.X1
		if sg.Label {
			w := arcs[sg.Arc].LabelW
			sg.LabelX = labelX(sg, w, left, right)
			lo, hi = min(lo, sg.LabelX-w/2), max(hi, sg.LabelX+w/2)
		}
		sg.Level = levels - 1
		for k := 0; k < levels; k++ {
			free := true
			for j := 0; j < i; j++ {
				o := &segs[j]
				if o.Level != k {
					continue
				}
				olo, ohi := o.X0, o.X1
				if o.Label {
					w := arcs[o.Arc].LabelW
					olo, ohi = min(olo, o.LabelX-w/2), max(ohi, o.LabelX+w/2)
				}
				if lo < ohi+gap && olo < hi+gap {
					free = false
					break
				}
			}
			if free {
				sg.Level = k
				break
			}
		}
	}
}

// Spread moves labels along their runs so that no two of one line whose
// levels are within reach of each other touch: a label's box is taller
// than a level, so the boxes of arcs stacked one above the other met
// ("targets" over "contradicts", several links among the spans of one
// line). segs are as PlaceInto gives them (by line, the shorter runs
// first, which keep their place); gap is the room kept between two boxes.
// A label stays on its run, clear of its drops, and within left and right.
// Where no such place is free, the label is shortened to an ellipsis
// (Short) where that has a place, else not drawn (Hidden): in a column too
// narrow to slide them, whole labels were drawn over each other, both
// unreadable. A click on the arc names its whole label.
func Spread(segs []Seg, arcs []Arc, reach int, gap, left, right float32) {
	if reach <= 0 {
		return
	}
	eachLine(segs, func(line []Seg) { spreadLine(line, arcs, reach, gap, left, right) })
}

// spreadLine is Spread for the runs of one line.
func spreadLine(segs []Seg, arcs []Arc, reach int, gap, left, right float32) {
	// clash reports whether a box w wide at x on run i meets the box of
	// a run before it.
	clash := func(i int, x, w float32) bool {
		for j := 0; j < i; j++ {
			o := &segs[j]
			ow := o.BoxW(arcs)
			if ow == 0 || o.Level-segs[i].Level > reach || segs[i].Level-o.Level > reach {
				continue
			}
			if x-w/2 < o.LabelX+ow/2+gap && o.LabelX-ow/2 < x+w/2+gap {
				return true
			}
		}
		return false
	}
	for i := range segs {
		sg := &segs[i]
		if !sg.Label || !clash(i, sg.LabelX, arcs[sg.Arc].LabelW) {
			continue
		}
		if x, ok := freePlace(segs, arcs, i, arcs[sg.Arc].LabelW, gap, left, right, clash); ok {
			sg.LabelX = x
			continue
		}
		sg.Short = true
		sg.LabelX = labelX(sg, arcs[sg.Arc].ShortW, left, right) // beside its drop, as a short run's
		if x, ok := freePlace(segs, arcs, i, arcs[sg.Arc].ShortW, gap, left, right, clash); ok && arcs[sg.Arc].ShortW > 0 {
			sg.LabelX = x
			continue
		}
		sg.Hidden = true
	}
}

// freePlace is the middle nearest to where it is of a place for run i's
// label as a box w wide that meets no box before it (clash): where it is,
// or just beside one of the boxes before it, on its run clear of its
// drops, within left and right; ok is false where there is none.
func freePlace(segs []Seg, arcs []Arc, i int, w, gap, left, right float32, clash func(i int, x, w float32) bool) (x float32, ok bool) {
	sg := &segs[i]
	if !clash(i, sg.LabelX, w) {
		return sg.LabelX, true
	}
	// Where the label may go: on its run, clear of its drops.
	lo, hi := sg.X0+labelPad+w/2, sg.X1-labelPad-w/2
	lo, hi = max(lo, left+w/2), min(hi, right-w/2)
	if lo > hi {
		return 0, false
	}
	best, bestD := float32(0), float32(-1)
	for j := 0; j < i; j++ {
		o := &segs[j]
		ow := o.BoxW(arcs)
		if ow == 0 {
			continue
		}
		for _, x := range [2]float32{o.LabelX - ow/2 - gap - w/2 - 0.5, o.LabelX + ow/2 + gap + w/2 + 0.5} {
			if x < lo || x > hi || clash(i, x, w) {
				continue
			}
			if d := abs(x - sg.LabelX); bestD < 0 || d < bestD {
				best, bestD = x, d
			}
		}
	}
	return best, bestD >= 0
}

// labelX is the middle of the label of width w on run sg: the middle of
// the run where the run is long enough to show both its ends beside the
// label, else just past the run's end that turns down (to its right when
// the line has room there, to its left when not). The box is as tall as
// the room above the text: centred on a short run it hid the run and the
// drops down to both spans, and two words linked showed a label over
// nothing. Where neither side of the run has the room (a narrow column),
// the box is kept within the line, over the run if need be, and a label
// wider than the line begins at its left: put past the line's edge, at
// the least window "made-by" read "ade-by" and a long label four letters.
func labelX(sg *Seg, w, left, right float32) float32 {
	if sg.X1-sg.X0 >= w+2*labelPad {
		return (sg.X0 + sg.X1) / 2
	}
	after, before := sg.X1+labelPad+w/2, sg.X0-labelPad-w/2
	var x float32
	switch {
	case sg.DropR && after+w/2 <= right:
		return after
	case sg.DropL && before-w/2 >= left:
		return before
	case sg.DropR:
		x = before // past the right edge: left of the whole run
	default:
		x = after
	}
	if w >= right-left {
		return left + w/2
	}
	return min(max(x, left+w/2), right-w/2)
}

// Hit returns the index in segs of the run nearest to a point of line
// line, x across and up above the text's top, within tol; -1 when no run is
// that close. levelY gives the height above the text of each level, labelY
// that of the middle of a label's box on it (lower than its run where the
// box was moved down into the line's room), and labelH the height of a
// label's box.
func Hit(segs []Seg, arcs []Arc, line int, x, up float32, levelY, labelY func(level int) float32, labelH, tol float32) int {
	best, bestD := -1, tol
	for i := range segs {
		sg := &segs[i]
		if sg.Line != line {
			continue
		}
		y := levelY(sg.Level)
		d := tol + 1
		// Along the run.
		if x >= sg.X0-tol && x <= sg.X1+tol {
			d = abs(up - y)
		}
		// Down a drop, from the run to the text.
		if up <= y+tol && up >= -tol {
			if sg.DropL {
				d = min(d, abs(x-sg.X0))
			}
			if sg.DropR {
				d = min(d, abs(x-sg.X1))
			}
		}
		// On the label's box.
		if w := sg.BoxW(arcs); w > 0 {
			if abs(x-sg.LabelX) <= w/2 && abs(up-labelY(sg.Level)) <= labelH/2 {
				d = 0
			}
		}
		if d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// Marker is a span of the open article linked to a span in another one:
// the view marks it in the margin, and a click there opens the other end.
type Marker struct {
	At      int    // the span's first code point
	Span    string // the span in the open article
	Doc     string // the article at the other end
	ToSpan  string // the span there
	Label   string // the link's label as shown (annotate.LabelShown)
	Forward bool   // the link runs from this span to the other
}

// FromThreads finds the links among threads that the open article doc
// draws: each untitled thread's (a link's, or an imported set's)
// consecutive members both in doc, as arcs; one of them in doc and the
// other in another article, as markers. spans holds the shown spans of doc
// by ID; a member not among them (a layer not shown, a span gone) draws
// nothing. Titled threads are chains, outlined when current, not arcs.
// A label is drawn as lists show a span's: an older store's decomposed
// "cafe\u0301" escaped, not as the café beside it.
func FromThreads(threads []*annotate.Thread, doc string, spans map[string]*annotate.Span) ([]Link, []Marker) {
	var links []Link
	var marks []Marker
	for _, th := range threads {
		if th.Title != "" {
			continue
		}
		for i := 1; i < len(th.Members); i++ {
			a, b := th.Members[i-1], th.Members[i]
			sa, sb := spans[a.Span], spans[b.Span]
			switch {
			case a.Doc == doc && b.Doc == doc:
				if sa == nil || sb == nil || len(sa.Fragments) == 0 || len(sb.Fragments) == 0 {
					continue
				}
				links = append(links, Link{Thread: th.ID, Index: i, From: sa.Fragments[0], To: sb.Fragments[0], Label: annotate.LabelShown(b.Link)})
			case a.Doc == doc && sa != nil && len(sa.Fragments) > 0:
				marks = append(marks, Marker{At: sa.Fragments[0].Start, Span: sa.ID, Doc: b.Doc, ToSpan: b.Span, Label: annotate.LabelShown(b.Link), Forward: true})
			case b.Doc == doc && sb != nil && len(sb.Fragments) > 0:
				marks = append(marks, Marker{At: sb.Fragments[0].Start, Span: sb.ID, Doc: a.Doc, ToSpan: a.Span, Label: annotate.LabelShown(b.Link)})
			}
		}
	}
	Sort(links)
	slices.SortFunc(marks, func(a, b Marker) int { return cmp.Compare(a.At, b.At) })
	return links, marks
}
