package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestExecTrace: SKEIN_TRACE's trace is written whole when its stop runs
// (a runtime/trace file starts "go 1.") and a path that cannot be made is
// reported, naming the variable.
func TestExecTrace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trace.out")
	stop, err := execTrace(path)
	if err != nil {
		t.Fatal(err)
	}
	stop()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("go 1.")) {
		t.Errorf("the trace starts %q, want a runtime/trace's \"go 1.\"", data[:min(len(data), 16)])
	}
	if _, err := execTrace(filepath.Join(path, "no", "such")); err == nil || !bytes.Contains([]byte(err.Error()), []byte("SKEIN_TRACE")) {
		t.Errorf("a trace in a directory that cannot be made: %v, want an error naming SKEIN_TRACE", err)
	}
}
