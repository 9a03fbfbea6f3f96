// Package parts holds the small widgets the window's features are built
// from: a caption that follows the theme and truncates, a coloured chip, a
// themed background (background.go), and the colours they are drawn in.
package parts

import (
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Caption is a line of secondary text in a theme colour; unlike a bare
// canvas.Text it follows a switch between light and dark themes.
type Caption struct {
	widget.BaseWidget
	// Style is the text's style.
	Style fyne.TextStyle
	// Truncate cuts the text with an ellipsis to the width it is given, and
	// asks for no width of its own; where SetText gave shorter forms, the
	// first of them that fits is drawn instead, and only the last is cut.
	Truncate bool

	text    string
	shorter []string
	shown   string // as last laid out
	color   fyne.ThemeColorName
	size    fyne.ThemeSizeName
}

// NewCaption makes a caption in theme colour c and size s.
func NewCaption(text string, c fyne.ThemeColorName, s fyne.ThemeSizeName) *Caption {
	t := &Caption{text: text, color: c, size: s}
	t.ExtendBaseWidget(t)
	return t
}

// Text returns the caption's text.
func (t *Caption) Text() string { return t.text }

// SetText changes the text, redrawing only when it changed; shorter are
// shorter forms of it, in order, that a truncating caption too narrow for
// it draws (the article's header in review, at the window's least size:
// what the review stands at, without the date and the source).
func (t *Caption) SetText(s string, shorter ...string) {
	if s == t.text && slices.Equal(shorter, t.shorter) {
		return
	}
	t.text, t.shorter = s, slices.Clone(shorter)
	t.Refresh()
}

// Shown is the text as last drawn: whole, a shorter form, or cut with an
// ellipsis.
func (t *Caption) Shown() string { return t.shown }

// CreateRenderer draws the text.
func (t *Caption) CreateRenderer() fyne.WidgetRenderer {
	r := &captionRenderer{t: t, txt: canvas.NewText(t.text, nil)}
	r.Refresh()
	return r
}

type captionRenderer struct {
	t   *Caption
	txt *canvas.Text
}

func (r *captionRenderer) Layout(s fyne.Size) {
	if r.t.Truncate {
		r.txt.Text = r.t.text
		for _, f := range r.t.shorter {
			if fyne.MeasureText(r.txt.Text, r.txt.TextSize, r.txt.TextStyle).Width <= s.Width || f == "" {
				break
			}
			r.txt.Text = f
		}
		r.txt.Text = fit(r.txt.Text, s.Width, r.txt.TextSize, r.txt.TextStyle)
	}
	r.t.shown = r.txt.Text
	m := r.txt.MinSize()
	r.txt.Resize(fyne.NewSize(s.Width, m.Height))
	r.txt.Move(fyne.NewPos(0, (s.Height-m.Height)/2))
}

func (r *captionRenderer) MinSize() fyne.Size {
	m := r.txt.MinSize()
	if r.t.Truncate {
		m.Width = 0
	}
	return m
}

// fit cuts s with an ellipsis so that it is at most width wide.
func fit(s string, width, size float32, style fyne.TextStyle) string {
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r) // the longest prefix that fits is r[:lo]
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(r[:mid])+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return CutText(r, lo)
}

// CutText is r cut with an ellipsis after its first lo runes (lo the most
// that fit before the "…"), "" for none. A number is kept whole or left
// out: cut inside, "128 open" read "12…" or "1…", another count (review's
// rows and header at the window's least size). A cut after a number's
// digits but before the rest of it (a "k", a decimal) is inside it.
func CutText(r []rune, lo int) string {
	if lo <= 0 {
		return ""
	}
	digit := unicode.IsDigit
	sep := func(i int) bool { return i >= 1 && strings.ContainsRune(".,", r[i]) && digit(r[i-1]) } // "9.8", "1,234"
	inside := lo < len(r) && (digit(r[lo-1]) && (digit(r[lo]) || unicode.IsLetter(r[lo]) || strings.ContainsRune(".,%", r[lo])) ||
		sep(lo-1) && digit(r[lo]))
	for inside && lo > 0 && (digit(r[lo-1]) || sep(lo-1)) {
		lo--
	}
	return strings.TrimRight(string(r[:lo]), " ·") + "…"
}

func (r *captionRenderer) Refresh() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.txt.Text = r.t.text
	r.txt.Color = th.Color(r.t.color, v)
	r.txt.TextSize = th.Size(r.t.size)
	r.txt.TextStyle = r.t.Style
	if r.t.Truncate {
		r.Layout(r.t.Size())
	}
	r.txt.Refresh()
}
func (r *captionRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.txt} }
func (r *captionRenderer) Destroy()                     {}
