package phases

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestMarks: unset, nothing is marked and Wrap leaves the content as it is;
// with SKEIN_PHASES set, each mark is a line "UNIXNANO NAME" and a frame of
// a wrapped window marks where its walk starts and ends.
func TestMarks(t *testing.T) {
	test.NewTempApp(t)
	content := widget.NewLabel("text")
	if got := Wrap(content); got != content || On() {
		t.Fatalf("without SKEIN_PHASES: Wrap gave %T, On %v; want the content itself and false", got, On())
	}
	Mark("unseen")
	path := filepath.Join(t.TempDir(), "phases.txt")
	t.Setenv("SKEIN_PHASES", path)
	if err := Start(); err != nil {
		t.Fatal(err)
	}
	Mark("key 1")
	w := test.NewWindow(Wrap(content))
	defer w.Close()
	w.Canvas().Capture()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		at, name, ok := strings.Cut(line, " ")
		if _, err := strconv.ParseInt(at, 10, 64); !ok || err != nil {
			t.Fatalf("line %q: want UNIXNANO NAME", line)
		}
		names = append(names, name)
	}
	got := strings.Join(names, ",")
	if !strings.HasPrefix(got, "key 1,") || !strings.Contains(got, "walk-start") || !strings.Contains(got, "walk-end") || strings.Contains(got, "unseen") {
		t.Errorf("marks %q: want key 1, then the walk's start and end, and nothing from before Start", got)
	}
}
