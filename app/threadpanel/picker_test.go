package threadpanel

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestPicker(t *testing.T) {
	enter := &fyne.KeyEvent{Name: fyne.KeyReturn}
	tests := []struct {
		name    string
		typed   string
		matches []string
		chosen  []string // after Enter
	}{
		{"everything", "", []string{"t1", "t2", "t3", "l1"}, []string{"t1"}},
		{"one word", "casualty", []string{"t2"}, []string{"t2"}},
		{"any case, any order", "RISE kakar", []string{"t1"}, []string{"t1"}},
		{"several match: the first wins", "a", []string{"t1", "t2", "t3"}, []string{"t1"}},
		{"nothing matches", "zzz", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			p := NewPicker(threads())
			show(t, p)
			var chosen []string
			p.OnChoose = func(id string) { chosen = append(chosen, id) }
			test.Type(p.entry, tt.typed)
			if got := ids(p.Matches()); !reflect.DeepEqual(got, tt.matches) {
				t.Errorf("got matches %q, want %q", got, tt.matches)
			}
			if p.none.Visible() != (len(tt.matches) == 0) {
				t.Errorf("got “no match” shown %v, want %v", p.none.Visible(), len(tt.matches) == 0)
			}
			p.entry.TypedKey(enter)
			if !reflect.DeepEqual(chosen, tt.chosen) {
				t.Errorf("after Enter got %q, want %q", chosen, tt.chosen)
			}
		})
	}
}

func TestPickerTapAndCancel(t *testing.T) {
	test.NewTempApp(t)
	p := NewPicker(threads())
	w := show(t, p)
	var chosen []string
	cancelled := 0
	p.OnChoose = func(id string) { chosen = append(chosen, id) }
	p.OnCancel = func() { cancelled++ }
	if p.Entry() != p.entry {
		t.Errorf("Entry() is not the filter field")
	}
	test.Type(p.entry, "t")
	tapText(t, w, "TTP accused")
	tapText(t, w, "TTP accused") // a list keeps its selection; a second tap must still choose
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if want := []string{"t3", "t3"}; !reflect.DeepEqual(chosen, want) || cancelled != 1 {
		t.Errorf("got chosen %q and %d cancels, want %q and 1", chosen, cancelled, want)
	}
}
