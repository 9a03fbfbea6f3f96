// Package keyhelp is Help ▸ Keyboard shortcuts (F1): the README's table of
// keys, shown in the window. The table is read from the README the program
// is built with, so the window and the README say the same thing and
// cannot drift apart.
package keyhelp

import (
	"fmt"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/frame"
)

// Row is one key of the table: the keys and what they do, as plain text.
type Row struct {
	Keys, What string
}

// heading is the README's section whose first table is the keys'.
const heading = "### Keys"

// Parse reads the keys' table from the README's markdown: the first table
// after the "### Keys" heading, its header and rule left out, with the
// markdown's code spans, bold and escapes made plain text. It says what is
// wrong when the section or its table is not there.
func Parse(readme string) ([]Row, error) {
	_, rest, ok := strings.Cut(readme, "\n"+heading+"\n")
	if !ok {
		return nil, fmt.Errorf("README: no %q section", heading)
	}
	var rows []Row
	started := false
	for _, line := range strings.Split(rest, "\n") {
		line = strings.TrimRight(line, "\r")
		if !strings.HasPrefix(line, "|") {
			if started || strings.HasPrefix(line, "#") {
				break
			}
			continue
		}
		if !started { // the header, then the rule
			started = true
			continue
		}
		if isRule(line) {
			continue
		}
		cells := splitRow(line)
		if len(cells) != 2 {
			return nil, fmt.Errorf("README: %s, row %q: %d cells, want 2 (keys, what they do)", heading, line, len(cells))
		}
		rows = append(rows, Row{Keys: plain(cells[0]), What: plain(cells[1])})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("README: %s has no table of keys", heading)
	}
	return rows, nil
}

func isRule(line string) bool {
	return strings.Trim(line, "|-: ") == ""
}

// splitRow splits a markdown table row at the pipes that are not escaped
// (\|) or inside a code span.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	var cells []string
	var b strings.Builder
	code := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line) && line[i+1] == '|':
			b.WriteByte('|')
			i++
			continue
		case c == '`':
			code = !code
		case c == '|' && !code:
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
			continue
		}
		b.WriteByte(c)
	}
	return append(cells, strings.TrimSpace(b.String()))
}

var (
	bold  = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	link  = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	codes = strings.NewReplacer("`", "")
)

// plain is a cell's markdown as the text a reader sees.
func plain(md string) string {
	md = link.ReplaceAllString(md, "$1")
	md = bold.ReplaceAllString(md, "$1")
	// Arrows as the README has them: app/fonts gives the font Fyne draws
	// them in the space after them, which it drew as a missing glyph.
	return codes.Replace(md)
}

// keyColumn is the width of the keys' column (the rest goes to what they
// do).
const keyColumn = 230

// Show opens the table over win, in a dialog Escape or Close dismisses.
func Show(win fyne.Window, rows []Row) {
	list := container.NewVBox()
	for _, r := range rows {
		k := widget.NewLabel(r.Keys)
		k.TextStyle.Bold = true
		k.Wrapping = fyne.TextWrapWord
		w := widget.NewLabel(r.What)
		w.Wrapping = fyne.TextWrapWord
		list.Add(container.New(&columns{left: keyColumn}, k, w))
		list.Add(widget.NewSeparator())
	}
	scroll := container.NewVScroll(list)
	d := frame.NewCustom("Keyboard shortcuts", "Close", scroll, win)
	size := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(860, size.Width*0.9), size.Height*0.85))
	frame.ShowDialog(win, d)
}

// columns lays out two objects side by side: the first left wide, the
// second the rest; as tall as the taller of them at those widths.
type columns struct{ left float32 }

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(c.left, size.Height))
	objs[1].Move(fyne.NewPos(c.left, 0))
	objs[1].Resize(fyne.NewSize(size.Width-c.left, size.Height))
}

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(c.left+objs[1].MinSize().Width, h)
}

var _ fyne.Layout = (*columns)(nil)
