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
		w.docList.Filter().SetText("")
		test.Type(w.docList.Filter(), q)
		settle(w)
		if len(w.docList.Shown()) != 1 || w.docList.Shown()[0].ID != urdu.ID {
			var got []string
			for _, d := range w.docList.Shown() {
				got = append(got, d.Title)
			}
			t.Errorf("filter %q: got %q, want the Urdu article", q, got)
		}
	}
}
