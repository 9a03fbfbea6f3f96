// Package frametest is an in-memory frame.Host for the tests of the
// window's features: work "off the UI goroutine" runs at once, the status
// bar is a string, and an applied change is only recorded. A feature's fake
// frame embeds Host and adds what its own Frame asks; one that must store
// what it applies defines its own Apply.
package frametest

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
)

// Host is the window around a feature under test.
type Host struct {
	Name    string             // the annotator; "alice" when empty
	Said    string             // what the status bar says
	Win     fyne.Window        // for dialogs; nil when the test opens none
	Applied []*annotate.Change // the changes applied, in order
}

var _ frame.Host = (*Host)(nil)

// User is the annotator.
func (h *Host) User() string {
	if h.Name == "" {
		return "alice"
	}
	return h.Name
}

// SetStatus records the status message; Status returns it.
func (h *Host) SetStatus(msg string) { h.Said = msg }

// Status returns the status message.
func (h *Host) Status() string { return h.Said }

// Fail says what failed in the status bar, as the window does.
func (h *Host) Fail(what string, err error) { h.Said = what + ": " + err.Error() }

// Go runs f at once.
func (h *Host) Go(f func(ctx context.Context)) { f(context.Background()) }

// Do runs f at once.
func (h *Host) Do(f func()) { f() }

// GoWait runs the load and what it returns at once, as a load that came in
// time does.
func (h *Host) GoWait(load func(ctx context.Context) func(), slow func()) {
	load(context.Background())()
}

// Apply records the change.
func (h *Host) Apply(ch *annotate.Change) bool {
	h.Applied = append(h.Applied, ch)
	return true
}

// FocusView does nothing: there is no article to focus.
func (h *Host) FocusView() {}

// Window is the window for dialogs.
func (h *Host) Window() fyne.Window { return h.Win }

// As is o as a T. One of frame's widgets is also the widget of Fyne's it
// is made of (a frame.Button a *widget.Button, a frame.Text a
// *widget.Label), so that a test looking for Fyne's finds frame's too.
func As[T fyne.CanvasObject](o fyne.CanvasObject) (T, bool) {
	if v, ok := o.(T); ok {
		return v, true
	}
	var made any
	switch x := o.(type) {
	case *frame.Button:
		made = &x.Button
	case *frame.Text:
		made = &x.Label
	}
	v, ok := made.(T)
	return v, ok
}

// Visible returns the shown objects of type T under o, in tree order,
// walking the renderers the canvas really uses (test.LaidOutObjects builds
// new ones, whose objects are not on the canvas).
func Visible[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		if v, ok := As[T](o); ok {
			out = append(out, v)
		}
		switch c := o.(type) {
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(c).Objects() {
				walk(k)
			}
		case *fyne.Container:
			for _, k := range c.Objects {
				walk(k)
			}
		}
	}
	walk(o)
	return out
}

// Drawn returns the texts drawn under o that are shown, in tree order, as
// cut to their room: what a user reads, where a label's Text is what it
// was given.
func Drawn(o fyne.CanvasObject) []string {
	var out []string
	for _, t := range Visible[*canvas.Text](o) {
		out = append(out, t.Text)
	}
	return out
}

// Lines is Drawn without the empty texts: the lines a wrapped label or
// rich text shows, top to bottom.
func Lines(o fyne.CanvasObject) []string {
	var out []string
	for _, s := range Drawn(o) {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// CutWord is the first place where the lines showing msg cut one of its
// words in two although the line had a space to end at ("" none): "…this
// ske|in reads…". A word longer than a line (a path) may only be broken.
func CutWord(msg string, lines []string) string {
	for i := 0; i+1 < len(lines); i++ {
		a, b := lines[i], lines[i+1]
		last, _ := utf8.DecodeLastRuneInString(a)
		first, _ := utf8.DecodeRuneInString(b)
		if unicode.IsLetter(last) && unicode.IsLetter(first) && strings.Contains(msg, a+b) &&
			strings.ContainsRune(strings.TrimSpace(a), ' ') {
			return a + "|" + b
		}
	}
	return ""
}
