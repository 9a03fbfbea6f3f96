package fynelog

import (
	"bytes"
	"errors"
	"log"
	"testing"
)

// logError writes as fyne.LogError does: a line for the reason, one for
// the cause, one for where.
func logError(l *log.Logger, reason string, err error) {
	l.Println("Fyne error: ", reason)
	if err != nil {
		l.Println("  Cause:", err)
	}
	l.Printf("  At: %s:%d", "/go/pkg/mod/fyne.io/fyne/v2@v2.8.1/dialog/file.go", 400)
}

// Fyne's report of a favourite folder the computer does not define is left
// out; every other report, one about the favourites with another cause
// included, is written whole and in order.
func TestWriterLeavesOutOnlyTheUndefinedFavourite(t *testing.T) {
	for _, tc := range []struct {
		name   string
		reason string
		err    error
		shown  bool
	}{
		{"a favourite not defined", "Getting favorite locations", errors.New("this computer does not define a VIDEOS folder"), false},
		{"a favourite not listable", "Getting favorite locations", errors.New("uri is not listable"), true},
		{"another error", "Unable to read ListableURI file:///x", errors.New("permission denied"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, want bytes.Buffer
			l, plain := log.New(New(&out), "", 0), log.New(&want, "", 0)
			for _, lg := range []*log.Logger{l, plain} {
				lg.Println("before")
				logError(lg, tc.reason, tc.err)
				lg.Println("after")
			}
			if !tc.shown {
				want.Reset()
				want.WriteString("before\nafter\n")
			}
			if out.String() != want.String() {
				t.Errorf("got %q, want %q", out.String(), want.String())
			}
		})
	}
}
