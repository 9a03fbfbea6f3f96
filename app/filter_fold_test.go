package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestFilterArabicSpelling: the filter finds an Urdu article whether the
// query is typed with Arabic letter forms (ي, ك, ه) or with harakat, in its
// title and in its text.
func TestFilterArabicSpelling(t *testing.T) {
	urdu := newDoc("کراچی میں بارش", "2024-07-01", "محکمہ موسمیات کے مطابق شہر میں مزید بارش متوقع ہے۔")
	st := newFakeStore(append(testDocs(), urdu)...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	for _, q := range []string{"كراچي", "مُحکمہ", "محكمه", "بارش"} {
		w.filter.SetText("")
		test.Type(w.filter, q)
		settle(w)
		if len(w.shown) != 1 || w.shown[0].ID != urdu.ID {
			var got []string
			for _, d := range w.shown {
				got = append(got, d.Title)
			}
			t.Errorf("filter %q: got %q, want the Urdu article", q, got)
		}
	}
}
