package threadpanel

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate/figures"
)

func fig(t *testing.T, doc, title, date, text string) figures.Item {
	t.Helper()
	v, ok := figures.Read(text)
	if !ok {
		t.Fatalf("Read(%q) found nothing", text)
	}
	return figures.Item{Doc: doc, Span: "s-" + doc + "-" + text, Title: title, Date: date, Value: v}
}

func TestFiguresViewDisagree(t *testing.T) {
	test.NewTempApp(t)
	v := NewFiguresView()
	w := show(t, v)
	w.Resize(fyne.NewSize(900, 1200)) // every row in view, to click the last
	var opened []string
	v.OnOpen = func(doc, span string) { opened = append(opened, doc+" "+span) }
	v.SetItems([]figures.Item{
		fig(t, "d1", "Kakar repeats call", "2023-11-12", "79%"),
		fig(t, "d0", "Kakar links surge", "2023-11-10", "60%"),
		fig(t, "d0", "Kakar links surge", "2023-11-10", "2,267"),
		fig(t, "d2", "Pakistan blames Taliban", "2023-11-08", "60 percent"),
		fig(t, "d1", "Kakar repeats call", "2023-11-12", "some 2,300"),
	})
	if v.status.Text != "The figures disagree" || v.status.Importance != widget.DangerImportance {
		t.Errorf("got status %q importance %v, want a disagreement in the danger colour", v.status.Text, v.status.Importance)
	}
	for _, want := range []string{"“79%” in Kakar repeats call (2023-11-12)", "“60%” in Kakar links surge (2023-11-10)"} {
		if !strings.Contains(v.detail.Text, want) {
			t.Errorf("got detail %q, want it to name %q", v.detail.Text, want)
		}
	}
	var dates, flags []string
	for _, r := range visible[*figureRow](w.Content()) {
		dates = append(dates, r.item.Date+" "+r.item.Value.String())
		if r.disputed {
			flags = append(flags, r.item.Value.Text+" vs "+strings.Join(r.against, ", "))
		}
	}
	// By unit in order of first appearance, then by date.
	wantDates := []string{"2023-11-08 60%", "2023-11-10 60%", "2023-11-12 79%", "2023-11-10 2,267", "2023-11-12 about 2,300"}
	if !reflect.DeepEqual(dates, wantDates) {
		t.Errorf("got rows %q, want %q", dates, wantDates)
	}
	wantFlags := []string{"60 percent vs Kakar repeats call", "60% vs Kakar repeats call", "79% vs Kakar links surge, Pakistan blames Taliban"}
	if !reflect.DeepEqual(flags, wantFlags) {
		t.Errorf("got flagged %q, want %q", flags, wantFlags)
	}
	texts := labelTexts(w.Content())
	for _, want := range []string{"Percentages", "Counts", "disagrees with Kakar links surge, Pakistan blames Taliban", "about 2,300", "about", "“some 2,300”"} {
		if !contains(texts, want) {
			t.Errorf("got labels %q, want one %q", texts, want)
		}
	}
	tapText(t, w, "“some 2,300”")
	if want := []string{"d1 s-d1-some 2,300"}; !reflect.DeepEqual(opened, want) {
		t.Errorf("got OnOpen %q, want %q", opened, want)
	}
}

func TestFiguresViewAgree(t *testing.T) {
	test.NewTempApp(t)
	v := NewFiguresView()
	w := show(t, v)
	v.SetItems([]figures.Item{
		fig(t, "d0", "Kakar links surge", "2023-11-10", "2,267"),
		fig(t, "d1", "Kakar repeats call", "2023-11-12", "some 2,300"),
		fig(t, "d2", "Pakistan blames Taliban", "2023-11-08", "over 2,200"),
		fig(t, "d2", "Pakistan blames Taliban", "2023-11-08", "60 percent"),
		fig(t, "d1", "Kakar repeats call", "2023-11-12", "at least 50%"),
	})
	if v.status.Text != "The figures agree" || v.status.Importance != widget.SuccessImportance {
		t.Errorf("got status %q importance %v, want agreement in the success colour", v.status.Text, v.status.Importance)
	}
	if want := "Counts: all fit 2,267\nPercentages: all fit 60"; v.detail.Text != want {
		t.Errorf("got detail %q, want %q", v.detail.Text, want)
	}
	for _, r := range visible[*figureRow](w.Content()) {
		if r.disputed {
			t.Errorf("row %q flagged, want none", r.item.Value.Text)
		}
	}

	v.SetItems([]figures.Item{fig(t, "d2", "x", "", "over 2,200"), fig(t, "d2", "x", "", "more than 2,000")})
	if want := "Counts: all fit anything above 2,200"; v.detail.Text != want {
		t.Errorf("got detail %q, want %q", v.detail.Text, want)
	}
	v.SetItems(nil)
	if v.status.Text != "No figures in this thread" || len(visible[*figureRow](w.Content())) != 0 {
		t.Errorf("with no figures got status %q and rows, want an empty view", v.status.Text)
	}
	// With no thread at all, it says so and how to get one, not "this
	// thread".
	v.SetNoThread()
	if v.status.Text != "No thread chosen" || !strings.Contains(v.detail.Text, "press T") || len(visible[*figureRow](w.Content())) != 0 {
		t.Errorf("with no thread got %q / %q", v.status.Text, v.detail.Text)
	}
	if NewFiguresView().status.Text != "No thread chosen" {
		t.Error("a new view names a thread there is none of")
	}
}
