package parts

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// A truncating caption cut to the last of its shorter forms never ends
// inside a number: the article's header in review, too narrow for "128
// open", drew "12…" and "1…", read as 12 and 1 open. The number goes
// whole or not at all ("…").
func TestCaptionNeverCutsACount(t *testing.T) {
	test.NewTempApp(t)
	forms := []string{"2023-11-10  ·  Kakar links attacks  ·  0 of 128 disagreements resolved", "0 of 128 disagreements resolved", "0 of 128 resolved", "128 open"}
	c := NewCaption("", theme.ColorNameForeground, theme.SizeNameCaptionText)
	c.Truncate = true
	c.SetText(forms[0], forms[1:]...)
	w := test.NewTempWindow(t, c)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(600, 20))
	last := []rune(forms[3])
	cut := 0
	for width := float32(300); width >= 5; width-- {
		c.Resize(fyne.NewSize(width, 20))
		got := c.Shown()
		if got == "" || slices.Contains(forms, got) {
			continue
		}
		cut++
		kept := []rune(strings.TrimSuffix(got, "…"))
		if !strings.HasSuffix(got, "…") || !strings.HasPrefix(forms[3], string(kept)) {
			t.Errorf("at %v: the caption shows %q, want one of %q whole or the last cut", width, got, forms)
			continue
		}
		if n := len(kept); n > 0 && unicode.IsDigit(kept[n-1]) && unicode.IsDigit(last[n]) {
			t.Errorf("at %v: the caption shows %q, a count cut to read as another", width, got)
		}
	}
	if cut == 0 {
		t.Errorf("from 300 to 5 wide the caption never cut %q: too wide to tell", forms[3])
	}
}

// CutText keeps a number whole or leaves it out, whatever its form.
func TestCutTextKeepsNumbersWhole(t *testing.T) {
	for _, c := range []struct {
		text string
		lo   int
		want string
	}{
		{"128 open", 2, "…"},
		{"128 open", 3, "128…"},
		{"128 open", 5, "128 o…"},
		{"3 open", 1, "3…"},
		{"0 of 128 resolved", 6, "0 of…"},
		{"9.8k open", 3, "…"},
		{"9.8k open", 2, "…"},
		{"1,234 open", 3, "…"},
		{"2023-11-10  ·  3 open", 6, "2023-…"},
		{"۱۲۸ open", 2, "…"},
		{"open", 0, ""},
	} {
		if got := CutText([]rune(c.text), c.lo); got != c.want {
			t.Errorf("CutText(%q, %d) = %q, want %q", c.text, c.lo, got, c.want)
		}
	}
}
