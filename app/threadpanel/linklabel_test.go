package threadpanel

import (
	"slices"
	"testing"
)

// TestThreadViewShowsOlderLinkLabel: the link chip and the link menu
// showed a link an older store kept labelled cafe + U+0301 as "café",
// the same as one labelled café composed. They show it as span labels
// are shown ("cafe\u0301"), and the menu still sets the label as stored.
func TestThreadViewShowsOlderLinkLabel(t *testing.T) {
	const older, shown = "cafe\u0301", `"cafe\u0301"`
	v, w := newView(t)
	ms := members()
	ms[2].Link = older
	v.SetMembers(ms)
	if texts := labelTexts(w.Content()); !contains(texts, shown+" ▾") {
		t.Errorf("got labels %q, want the link chip %q", texts, shown+" ▾")
	}
	var got []string
	v.OnSetLink = func(i int, label string) { got = append(got, label) }
	v.linkLabels = append(slices.Clone(v.linkLabels), older)
	for _, it := range v.linkMenu(2, rows(t, w)[2].link).Items {
		if it.Label == shown {
			if !it.Checked {
				t.Errorf("the menu's %s is not checked on the link labelled so", shown)
			}
			it.Action()
		}
		if it.Label == "café" {
			t.Errorf("the menu offers the older label as café")
		}
	}
	if want := []string{older}; !slices.Equal(got, want) {
		t.Errorf("choosing %s set the link to %q, want %q", shown, got, want)
	}
}
