// Package frame is what the window's frame offers the features that live
// in packages of their own under app/ (threads, review, the document list,
// the span list): the one notification of what reached the store, and the
// services every feature asks of the window — the annotator, the status
// bar, work off the UI goroutine, applying a change — and ShowDialog, which
// every dialog goes through so that Escape cancels it (dialogs.go), with
// the fields a dialog's Escape reaches from. Each feature declares
// the interface it uses, built from Host and the few things of its own it
// needs, so it never holds the *app.Window.
package frame

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/annotate"
)

// Host is what every feature asks of the window around it.
type Host interface {
	// User is the annotator whose layer the window edits.
	User() string
	// SetStatus shows a short message in the status bar; Status is the
	// message shown.
	SetStatus(msg string)
	Status() string
	// Fail reports an error that stopped an action in the status bar.
	Fail(what string, err error)
	// Go runs f off the UI goroutine; its results come back through Do,
	// which runs on the UI goroutine unless the window has closed.
	Go(f func(ctx context.Context))
	Do(f func())
	// GoWait runs load off the UI goroutine and waits a moment for it
	// (the time an article's open waits), then runs what load returns on
	// the UI goroutine: within the calling event when it came in time, so
	// it is painted in the same frame as the input's own feedback; through
	// Do otherwise, after slow (if not nil: it says the load is under way).
	GoWait(load func(ctx context.Context) func(), slow func())
	// Apply writes a change to the store and, when it reached it, tells
	// every feature (Changed); false means it did not, and the status bar
	// says why.
	Apply(ch *annotate.Change) bool
	// FocusView gives the keyboard to the article.
	FocusView()
	// Window is the Fyne window, for dialogs.
	Window() fyne.Window
}

// Changed tells the window's features what reached the store, whatever
// brought it: a change the user applied, undid or redid here, or records
// that arrived another way — an import, a colleague's work from a team
// folder. Each feature registers once with the window and brings what it
// shows up to date; none is called by hand from the code that wrote.
type Changed struct {
	// Change is what the user applied, undid or redid in this window; nil
	// when the records arrived another way.
	Change *annotate.Change
	// Undone: Change was taken back.
	Undone bool
	// Docs are the documents whose spans, marks or decisions changed.
	Docs map[string]bool
	// Threads are the IDs of the threads that changed.
	Threads map[string]bool
	// All: anything may have changed, the list of documents too, as after
	// an import; every feature reads again what it shows.
	All bool
}

// Touches reports whether document doc may have changed.
func (c Changed) Touches(doc string) bool { return c.All || c.Docs[doc] }

// Clip shortens s to about n characters at a word boundary.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	c := string(r[:n])
	// The space must fall in the second half of the n characters, counted
	// in characters: a byte index would run ahead in any script beyond ASCII.
	if i := strings.LastIndex(c, " "); i >= 0 && utf8.RuneCountInString(c[:i]) > n/2 {
		c = c[:i]
	}
	return c + "…"
}

// Where says where a span is, in code points: 12–30 + 41–52.
func Where(s *annotate.Span) string {
	parts := make([]string, len(s.Fragments))
	for i, f := range s.Fragments {
		parts[i] = fmt.Sprintf("%d–%d", f.Start, f.End)
	}
	return strings.Join(parts, " + ")
}

// CountThousands is n of noun, n with separators and noun plural but
// for one: "1 article", "0 articles", "12,345 articles".
func CountThousands(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Thousands(n) + " " + noun + "s"
}

// Thousands formats n with separators: 12,345.
func Thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
