package figures

import (
	"testing"
	"unicode/utf8"
)

// TestReadRegion reads figures as Urdu, Arabic, Persian and Hindi papers
// print them: in their own digits and with their own scale words.
func TestReadRegion(t *testing.T) {
	tests := []struct {
		in   string
		num  float64
		unit string
		text string
	}{
		{"۲۲۶۷", 2267, "", "۲۲۶۷"},                // Extended Arabic-Indic (Urdu, Persian)
		{"٢٢٦٧", 2267, "", "٢٢٦٧"},                // Arabic-Indic
		{"२२६७", 2267, "", "२२६७"},                // Devanagari
		{"٢٬٢٦٧ قتيلاً", 2267, "", "٢٬٢٦٧"},       // Arabic thousands separator
		{"۱٫۵ ملین", 1.5e6, "", "۱٫۵ ملین"},       // Arabic decimal separator
		{"۱۲۵ ارب روپے", 125e9, "", "۱۲۵ ارب"},    // Urdu arab: a billion
		{"۵ ہزار افراد", 5000, "", "۵ ہزار"},      // Urdu thousand
		{"10 لاکھ", 1e6, "", "10 لاکھ"},           // lakh with Latin digits
		{"۳ کروڑ", 3e7, "", "۳ کروڑ"},             // crore
		{"۶۰ فیصد", 60, Percent, "۶۰ فیصد"},       // Urdu percent
		{"٦٠٪", 60, Percent, "٦٠٪"},               // Arabic percent sign
		{"५ हज़ार लोग", 5000, "", "५ हज़ार"},      // Hindi thousand, nukta as a mark
		{"५ ह\u095Bार", 5000, "", "५ ह\u095Bार"},  // and precomposed
		{"१० लाख", 1e6, "", "१० लाख"},             // lakh
		{"२ करोड़ रुपये", 2e7, "", "२ करोड़"},     // crore
		{"२ करो\u095C", 2e7, "", "२ करो\u095C"},   // crore, precomposed ṛa
		{"४० प्रतिशत", 40, Percent, "४० प्रतिशत"}, // Hindi percent
		{"هزار", 0, "", ""},                       // a scale word alone is no figure
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, ok := Read(tt.in)
			if tt.text == "" {
				if ok {
					t.Errorf("Read(%q) = %+v, want no figure", tt.in, v)
				}
				return
			}
			if !ok {
				t.Fatalf("Read(%q): no figure", tt.in)
			}
			if v.Number != tt.num || v.Unit != tt.unit || v.Text != tt.text {
				t.Errorf("Read(%q) = %v %q %q, want %v %q %q", tt.in, v.Number, v.Unit, v.Text, tt.num, tt.unit, tt.text)
			}
		})
	}
}

// TestFindRegionOffsets: matches in an Urdu sentence are in code points,
// and the text between them is the figure as written.
func TestFindRegionOffsets(t *testing.T) {
	s := "حکومت کے مطابق ۱۲۵ ارب روپے خرچ ہوئے اور ۶۰ فیصد کام مکمل ہوا۔"
	ms := Find(s)
	if len(ms) != 2 {
		t.Fatalf("Find found %d figures %+v, want 2", len(ms), ms)
	}
	rs := []rune(s)
	for i, want := range []string{"۱۲۵ ارب", "۶۰ فیصد"} {
		if got := string(rs[ms[i].Start:ms[i].End]); got != want || utf8.RuneCountInString(got) != ms[i].End-ms[i].Start {
			t.Errorf("figure %d at %d–%d is %q, want %q", i, ms[i].Start, ms[i].End, got, want)
		}
	}
}
