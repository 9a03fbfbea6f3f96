// Package textview is the article widget: a selectable, highlightable,
// self-scrolling view of one article's text in the theme's proportional font.
//
// Only the lines inside the viewport own canvas objects, and those objects
// are pooled and reused, as Fyne's TextGrid does, so a 300 KB article with
// thousands of highlights draws as fast as a short one. A line's highlights
// (fills, stripes, underlines, suggestions' dashes, the selection) are not
// objects of their own but painted into two rasters bound to the line, one
// beneath its text and one over it (paint.go), since a software GL driver
// pays for every object on every frame. Each distinct word is
// measured once per text size; paragraphs far from the viewport are wrapped
// with per-character estimates and re-wrapped exactly when they come into
// view, so opening a long article does not wait for every word to be shaped.
//
// Offsets that enter or leave the widget are Unicode code points, end
// exclusive, as everywhere in skein.
package textview
