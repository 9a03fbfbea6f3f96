// Package textview is the article widget: a selectable, highlightable,
// self-scrolling view of one article's text in the theme's proportional font.
//
// Only the lines inside the viewport own canvas objects, and those objects
// are pooled and reused, as Fyne's TextGrid does, so a 300 KB article with
// thousands of highlights draws as fast as a short one. A line's highlights
// (fills, stripes, underlines, suggestions' dashes, the selection, outlines
// and the jump's blink) are not objects of their own but painted into one
// raster bound to the line, beneath its text (paint.go), since a software GL
// driver pays for every object on every frame; a line's raster is made again
// only when what it paints changed, and lines scrolled away keep theirs for
// when they return. Each distinct word is measured once per text size; the
// paragraphs out of view are laid out roughly, without looking at their words,
// and wrapped exactly when they come into view, so opening a long article
// does as much layout as opening a short one.
//
// Offsets that enter or leave the widget are Unicode code points, end
// exclusive, as everywhere in skein.
package textview
