// Package drawcount counts the canvas objects a window's paint draws, as
// Fyne's OpenGL painter decides it: every frame repaints the whole window,
// and on software GL (llvmpipe under Xvfb) each object drawn is a draw call
// rasterised on the CPU, so their number is most of a frame's cost (issue
// 18). Tests use it to hold the lists' rows to a number of objects.
package drawcount

import (
	"fmt"
	"image"
	"image/color"
	"reflect"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// Counts are the objects a paint draws.
type Counts struct {
	Total                         int
	Rects, Texts, Images, Rasters int
	Other                         int
	// ByOwner counts them by the outermost widget of skein's own that
	// holds them ("doclist.RowView", with its chips), or "fyne" for those
	// of Fyne's widgets outside any of skein's.
	ByOwner map[string]int
	// Owners counts, by type, the widgets of ByOwner that drew anything:
	// the rows on screen.
	Owners map[string]int
	// Area is the points drawn, each object's within its clip, summed:
	// software GL rasterises every one of them, an object over another
	// twice (the whole window is 1320×840 points at the benchmark's
	// size).
	Area float64
	// TextKeys are the texts drawn as the GL painter caches their
	// textures: one texture a text, colour, size and style, shared by the
	// objects that draw the same (NewTexts counts those a frame makes).
	TextKeys map[TextKey]bool
	// Stacked counts, by owner, the texts drawn over a raster the same
	// widget drew before them, over at least half the text's height: a
	// line's text over its line's layer, a texture and points drawn twice
	// where one raster could hold both.
	Stacked map[string]int
	// Freed counts, by owner, the textures drawn that a refresh of a
	// widget or container around them frees, made and uploaded again at
	// the next paint although nothing in them changed: Fyne's GL driver
	// frees the texture of every object inside a refreshed one (a list's
	// selection refreshes the whole list) but images', and keeps texts'
	// by their content, so these are the rasters' and gradients'.
	Freed   map[string]int
	seen    map[fyne.CanvasObject]bool
	rasters map[fyne.CanvasObject][]rect // drawn so far, by owning widget
}

// TextKey is what Fyne's GL painter keys a text's texture by
// (internal/cache FontCacheEntry, but for the canvas).
type TextKey struct {
	Text  string
	Size  float32
	Style fyne.TextStyle
	Color color.Color
}

// NewTexts counts the text textures a frame drawing now makes when the
// frame before drew was: the texts that frame did not draw. (Fyne keeps a
// text's texture a minute after it was last drawn: this is the count of a
// frame that follows the other, not of one that comes back to a text
// shown before.)
func NewTexts(was, now Counts) int {
	n := 0
	for k := range now.TextKeys {
		if !was.TextKeys[k] {
			n++
		}
	}
	return n
}

// String lists the counts, the owners with the most first.
func (c Counts) String() string {
	owners := make([]string, 0, len(c.ByOwner))
	for o := range c.ByOwner {
		owners = append(owners, o)
	}
	sort.Slice(owners, func(i, j int) bool {
		if c.ByOwner[owners[i]] != c.ByOwner[owners[j]] {
			return c.ByOwner[owners[i]] > c.ByOwner[owners[j]]
		}
		return owners[i] < owners[j]
	})
	var b strings.Builder
	freed := 0
	for _, k := range c.Freed {
		freed += k
	}
	fmt.Fprintf(&b, "%d objects (%d rectangles, %d texts in %d textures, %d images, %d rasters, %d other; %d textures a refresh around them frees), %.0f points drawn:", c.Total, c.Rects, c.Texts, len(c.TextKeys), c.Images, c.Rasters, c.Other, freed, c.Area)
	for _, o := range owners {
		if k := c.Owners[o]; k > 1 {
			fmt.Fprintf(&b, " %s %d (%d of them),", o, c.ByOwner[o], k)
		} else {
			fmt.Fprintf(&b, " %s %d,", o, c.ByOwner[o])
		}
	}
	return strings.TrimSuffix(b.String(), ",")
}

// Window counts what a paint of the canvas draws: its content and its
// overlays (pop-ups, dialogs), within the canvas's size.
func Window(c fyne.Canvas) Counts {
	n := newCounts()
	clip := rect{0, 0, c.Size().Width, c.Size().Height}
	n.walk(c.Content(), fyne.Position{}, clip, "fyne", nil)
	for _, o := range c.Overlays().List() {
		n.walk(o, fyne.Position{}, clip, "fyne", nil)
	}
	return n
}

// Object counts what a paint draws of o alone, as if it filled a window
// of its own size.
func Object(o fyne.CanvasObject) Counts {
	n := newCounts()
	n.walk(o, fyne.Position{}.Subtract(o.Position()), rect{0, 0, o.Size().Width, o.Size().Height}, "fyne", nil)
	return n
}

func newCounts() Counts {
	return Counts{ByOwner: map[string]int{}, Owners: map[string]int{}, TextKeys: map[TextKey]bool{}, Stacked: map[string]int{}, Freed: map[string]int{},
		seen: map[fyne.CanvasObject]bool{}, rasters: map[fyne.CanvasObject][]rect{}}
}

type rect struct{ x, y, w, h float32 }

func (r rect) intersect(o rect) rect {
	x0, y0 := max(r.x, o.x), max(r.y, o.y)
	x1, y1 := min(r.x+r.w, o.x+o.w), min(r.y+r.h, o.y+o.h)
	return rect{x0, y0, max(0, x1-x0), max(0, y1-y0)}
}

// walk follows Fyne's own walk of the tree (internal/driver's
// walkObjectTree): hidden objects are not followed, a scroller or a
// renderer that clips clips its children; and the painter's test of what
// it draws (internal/painter/gl Paint, drawOblong, drawText).
func (n *Counts) walk(o fyne.CanvasObject, offset fyne.Position, clip rect, owner string, ownerObj fyne.CanvasObject) {
	if o == nil || !o.Visible() {
		return
	}
	pos := o.Position().Add(offset)
	size := o.Size()
	var children []fyne.CanvasObject
	var r fyne.WidgetRenderer
	switch x := o.(type) {
	case *fyne.Container:
		children = x.Objects
	case fyne.Widget:
		r = test.WidgetRenderer(x)
		children = r.Objects()
		if t := reflect.TypeOf(x); owner == "fyne" && t.Kind() == reflect.Pointer && strings.HasPrefix(t.Elem().PkgPath(), "github.com/skein-news/") {
			owner, ownerObj = t.String()[1:], x
		}
	default:
		if n.drawn(o, pos, size, clip) {
			if _, ok := o.(gradient); ok {
				n.Freed[owner]++
			} else if _, ok := o.(*canvas.Raster); ok {
				n.Freed[owner]++
			}
			n.stack(o, pos, size, owner, ownerObj)
			n.Total++
			n.ByOwner[owner]++
			if ownerObj != nil && !n.seen[ownerObj] {
				n.seen[ownerObj] = true
				n.Owners[owner]++
			}
		}
		return
	}
	if _, ok := o.(fyne.Scrollable); ok {
		clip = clip.intersect(rect{pos.X, pos.Y, size.Width, size.Height})
	} else if _, ok := r.(interface{ IsClip() }); ok && r != nil {
		clip = clip.intersect(rect{pos.X, pos.Y, size.Width, size.Height})
	}
	for _, c := range children {
		n.walk(c, pos, clip, owner, ownerObj)
	}
}

// drawn reports whether the painter draws o at pos, and counts it by kind.
func (n *Counts) drawn(o fyne.CanvasObject, pos fyne.Position, size fyne.Size, clip rect) bool {
	if pos.Y > clip.y+clip.h || pos.Y+size.Height < clip.y || pos.X > clip.x+clip.w || pos.X+size.Width < clip.x {
		return false
	}
	switch x := o.(type) {
	case *canvas.Rectangle:
		if none(x.FillColor) && (none(x.StrokeColor) || x.StrokeWidth == 0) && !shadow(x.Shadow) {
			return false
		}
		n.Rects++
	case *canvas.Text:
		if x.Text == "" || x.Text == " " && !x.TextStyle.Underline && !x.TextStyle.Strikethrough {
			return false
		}
		n.Texts++
		n.TextKeys[TextKey{x.Text, x.TextSize, x.TextStyle, x.Color}] = true
	case *canvas.Image:
		n.Images++
	case *canvas.Raster:
		n.Rasters++
	default:
		n.Other++
	}
	if t, ok := o.(*canvas.Text); ok {
		// The painter draws a text's texture at the text's own size
		// (drawText), whatever the object's.
		size = size.Min(t.MinSize())
	}
	in := clip.intersect(rect{pos.X, pos.Y, size.Width, size.Height})
	n.Area += float64(in.w) * float64(in.h)
	return true
}

// stack notes a raster drawn, or counts a text drawn over one of the same
// widget's.
func (n *Counts) stack(o fyne.CanvasObject, pos fyne.Position, size fyne.Size, owner string, ownerObj fyne.CanvasObject) {
	if ownerObj == nil {
		return
	}
	box := rect{pos.X, pos.Y, size.Width, size.Height}
	switch x := o.(type) {
	case *canvas.Raster:
		n.rasters[ownerObj] = append(n.rasters[ownerObj], box)
	case *canvas.Text:
		box.w, box.h = min(box.w, x.MinSize().Width), min(box.h, x.MinSize().Height)
		for _, r := range n.rasters[ownerObj] {
			if in := r.intersect(box); in.w > 0 && in.h >= box.h/2 {
				n.Stacked[owner]++
				return
			}
		}
	}
}

// gradient is what canvas.LinearGradient and RadialGradient have in
// common: a texture the driver frees with a refresh around them.
type gradient interface{ Generate(w, h int) image.Image }

// none is the painter's test of a colour it skips: nil or
// color.Transparent itself (another colour with no alpha is still drawn).
func none(c color.Color) bool { return c == nil || c == color.Transparent }

// shadow is the painter's test of a shadow it draws (IsShadowVisible).
func shadow(s canvas.Shadow) bool {
	return !none(s.Color) && (!s.Offset.IsZero() || s.BlurRadius > 0 || s.Variant != canvas.DropShadow || s.Spread > 0)
}
