//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// skein import -as-suggestions of a named pipe refuses it at once, naming
// it: it was opened with os.Open, which waited for ever for a writer,
// holding the store. A writer here feeds the pipe a line, so that an
// import that waited on it reads that and says something else, not hang.
func TestSuggestionsFromANamedPipeRefused(t *testing.T) {
	dir := t.TempDir()
	st := filepath.Join(dir, "store")
	fifo := filepath.Join(dir, "preds.jsonl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	fed := make(chan struct{})
	go func() {
		defer close(fed)
		if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			w.WriteString(`{"text":"Kakar spoke.","spans":[{"start":0,"end":5,"label":"actor"}]}` + "\n")
			w.Close()
		}
	}()
	code, _, stderr := run(t, st, "import", "-as-suggestions", "model", fifo)
	// The writer waits for a reader: give it one that reads nothing.
	if r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
		<-fed
		r.Close()
	}
	if want := fifo + ": not a regular file (a named pipe)"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("import -as-suggestions of a named pipe = %d %q; want 1 and %q", code, stderr, want)
	}
}
