// Package fynelog keeps off the terminal the reports Fyne writes through
// Go's standard logger that tell a person nothing they could act on, and
// passes every other line through. Fyne's folder and file dialogs look up
// the desktop's favourite folders (Documents, Music, Videos …) with
// xdg-user-dir each time one opens; on a machine that does not define
// one of them (a server's desktop, a fresh account) every File ▸ Team ▸
// Folder… printed
//
//	Fyne error:  Getting favorite locations
//	  Cause: this computer does not define a VIDEOS folder
//	  At: …/fyne/v2/dialog/file.go:400
//
// and the dialog simply does without that favourite. Fyne has no way to
// open its dialogs without the look-up, so skein leaves the report out
// where it is printed.
package fynelog

import (
	"bytes"
	"io"
	"log"
	"sync"
)

// Writer is an io.Writer for the standard logger that leaves out Fyne's
// report of a favourite folder the computer does not define, and writes
// everything else to the writer under it. The standard logger writes
// each line with one Write.
type Writer struct {
	mu   sync.Mutex
	out  io.Writer
	held []byte // a report's first line, until the next says whether it is one to leave out
	skip bool   // the report's "At:" line is to be left out too
}

// The lines of the report left out, as fyne.LogError writes them.
var (
	reason = []byte("Fyne error:  Getting favorite locations")
	cause  = []byte("  Cause: this computer does not define a ")
	at     = []byte("  At: ")
)

// New makes a Writer that writes to out.
func New(out io.Writer) *Writer { return &Writer{out: out} }

// Quiet makes the standard logger, which Fyne's errors go to, write
// through a Writer to its writer of now.
func Quiet() { log.SetOutput(New(log.Writer())) }

// Write writes p, one line of the logger's, unless it belongs to the
// report left out.
func (q *Writer) Write(p []byte) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.skip {
		q.skip = false
		if bytes.Contains(p, at) {
			return len(p), nil
		}
	}
	if q.held != nil {
		held := q.held
		q.held = nil
		if bytes.Contains(p, cause) {
			q.skip = true
			return len(p), nil
		}
		if _, err := q.out.Write(held); err != nil {
			return 0, err
		}
	}
	if bytes.Contains(p, reason) {
		q.held = append([]byte(nil), p...)
		return len(p), nil
	}
	return q.out.Write(p)
}
