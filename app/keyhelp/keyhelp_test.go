package keyhelp

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/frame/frametest"
)

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The README's own table reads whole: every row, in order, as plain text.
func TestParseTheREADME(t *testing.T) {
	md := readme(t)
	rows, err := Parse(md)
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(md, "\n### Keys\n")
	section, _, _ = strings.Cut(section, "\n#")
	want := strings.Count(section, "\n| ") - 1 // less the header
	if len(rows) != want || want < 20 {
		t.Fatalf("got %d rows, want the README's %d", len(rows), want)
	}
	if rows[0].Keys != "drag" || !strings.HasPrefix(rows[0].What, "select (snaps to whole words") {
		t.Errorf("first row %+v", rows[0])
	}
	for _, r := range rows {
		if r.Keys == "" || r.What == "" || strings.ContainsAny(r.Keys+r.What, "`*") {
			t.Errorf("row %+v is not plain text", r)
		}
	}
}

func TestParse(t *testing.T) {
	rows, err := Parse("# x\n\n### Keys\n\nSome words.\n\n| key | what |\n|---|---|\n| `a \\| b` | **bold** and [a link](#x) |\n| Alt+↑ / Alt+↓ | move |\n\nAfter.\n| not | this |\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{{"a | b", "bold and a link"}, {"Alt+↑ / Alt+↓", "move"}}
	if len(rows) != len(want) || rows[0] != want[0] || rows[1] != want[1] {
		t.Fatalf("got %+v, want %+v", rows, want)
	}
	for md, msg := range map[string]string{
		"# x\n": `no "### Keys" section`,
		"### Keys\n\nwords\n### Next\n| a | b |\n":        "has no table of keys",
		"### Keys\n| k | w |\n|---|---|\n| a | b | c |\n": `row "| a | b | c |": 3 cells`,
	} {
		if _, err := Parse("\n" + md); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("Parse(%q): got %v, want %q", md, err, msg)
		}
	}
}

// Show puts every row in a dialog over the window; Escape closes it.
func TestShow(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("skein")
	w.Resize(fyne.NewSize(1000, 700))
	rows, err := Parse(readme(t))
	if err != nil {
		t.Fatal(err)
	}
	Show(w, rows)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	var texts []string
	for _, l := range frametest.Visible[*widget.Label](top) {
		texts = append(texts, l.Text)
	}
	all := strings.Join(texts, "\n")
	for _, r := range rows {
		if !strings.Contains(all, r.Keys) || !strings.Contains(all, r.What) {
			t.Errorf("the dialog lacks the row %q", r.Keys)
		}
	}
}
