package textview

// StyleSuggested draws a suggestion: a dashed outline in the label's
// colour, opaque, and no fill or underline, so it reads apart from every span of a
// layer; selected, its outline is solid.
const StyleSuggested = 3

// Dashes of a suggestion's outline, in pixels.
const (
	dashLen   = 4
	dashGap   = 3
	dashThick = 1.5
)

// suggested draws one rectangle of a suggestion, from x0 to x1 on the line
// at sy: dashes along its top and bottom and at both ends, painted by the
// line's layer (one object however many suggestions show).
func (r *viewRenderer) suggested(i int, x0, x1, sy float32, selected bool, col colours) {
	th := r.v.lay.m.textH
	c := nrgba(r.v.hls[i].Color)
	c.A = 0xff
	if selected {
		r.cur.outline(overOutlines, nrgba(col.fg), x0-1, sy-1, x1-x0+2, th+2, 2, 2)
		return
	}
	top, bottom := sy-1, sy+th-dashThick+1
	for x := x0; x < x1; x += dashLen + dashGap {
		w := min(dashLen, x1-x)
		r.cur.fill(overDashes, c, x, top, w, dashThick)
		r.cur.fill(overDashes, c, x, bottom, w, dashThick)
	}
	for y := top; y < bottom; y += dashLen + dashGap {
		h := min(dashLen, bottom-y)
		r.cur.fill(overDashes, c, x0-1, y, dashThick, h)
		r.cur.fill(overDashes, c, x1+1-dashThick, y, dashThick, h)
	}
}
