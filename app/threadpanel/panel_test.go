package threadpanel

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

func threads() []Summary {
	return []Summary{
		{ID: "t1", Title: "Kakar’s 60% rise", Members: 4, Articles: 4},
		{ID: "t2", Title: "Casualty figures", Members: 3, Articles: 3},
		{ID: "t3", Title: "TTP accused", Members: 1, Articles: 1},
		{ID: "l1", Members: 2, Articles: 1},
	}
}

func ids(s []Summary) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.ID)
	}
	return out
}

func TestPanelListsAndFilters(t *testing.T) {
	test.NewTempApp(t)
	p := NewPanel()
	w := show(t, p)
	p.SetThreads(threads())
	texts := labelTexts(w.Content())
	for _, want := range []string{"Kakar’s 60% rise", "4 members · 4 articles", "TTP accused", "1 member · 1 article", "(untitled link)", "4 threads"} {
		if !contains(texts, want) {
			t.Errorf("got labels %q, want one %q", texts, want)
		}
	}
	tests := []struct {
		filter string
		want   []string
		count  string
	}{
		{"", []string{"t1", "t2", "t3", "l1"}, "4 threads"},
		{"casualty", []string{"t2"}, "1 of 4 threads"},
		{"KAKAR rise", []string{"t1"}, "1 of 4 threads"},
		{"link", []string{"l1"}, "1 of 4 threads"},
		{"nothing like it", nil, "0 of 4 threads"},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			p.filter.SetText("")
			test.Type(p.filter, tt.filter)
			if got := ids(p.Shown()); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("filter %q: got %q, want %q", tt.filter, got, tt.want)
			}
			if p.count.Text != tt.count {
				t.Errorf("got count %q, want %q", p.count.Text, tt.count)
			}
		})
	}
}

func TestPanelSelect(t *testing.T) {
	test.NewTempApp(t)
	p := NewPanel()
	w := show(t, p)
	p.SetThreads(threads())
	var got []string
	p.OnSelect = func(id string) { got = append(got, id) }

	tapText(t, w, "Casualty figures")
	if !reflect.DeepEqual(got, []string{"t2"}) || p.Selected() != "t2" {
		t.Fatalf("after a tap got OnSelect %q selected %q, want t2", got, p.Selected())
	}

	p.Select("t3")
	if len(got) != 1 || p.Selected() != "t3" {
		t.Errorf("Select from code: got OnSelect %q selected %q, want no call and t3", got, p.Selected())
	}

	// The selection survives new counts and a filter that hides it.
	p.SetThreads(append(threads(), Summary{ID: "t4", Title: "New one", Members: 1, Articles: 1}))
	if p.Selected() != "t3" {
		t.Errorf("after SetThreads got selected %q, want t3", p.Selected())
	}
	p.SetFilter("casualty")
	p.SetFilter("")
	if p.Selected() != "t3" || len(got) != 1 {
		t.Errorf("after filtering got selected %q and OnSelect %q, want t3 and no call", p.Selected(), got)
	}
}

func TestPanelNew(t *testing.T) {
	test.NewTempApp(t)
	p := NewPanel()
	show(t, p)
	n := 0
	p.OnNew = func() { n++ }
	test.Tap(p.newBtn)
	p.SetNewEnabled(false)
	test.Tap(p.newBtn)
	p.SetNewEnabled(true)
	test.Tap(p.newBtn)
	if n != 2 {
		t.Errorf("got %d OnNew calls, want 2 (the disabled tap does nothing)", n)
	}
	if p.count.Text != "No threads yet" {
		t.Errorf("got count %q, want %q", p.count.Text, "No threads yet")
	}
}

func TestSummaryOf(t *testing.T) {
	th := &annotate.Thread{ID: "t", Title: "x", Members: []annotate.Member{{Doc: "a", Span: "1"}, {Doc: "b", Span: "2"}, {Doc: "a", Span: "3"}}}
	want := Summary{ID: "t", Title: "x", Members: 3, Articles: 2}
	if got := SummaryOf(th); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
