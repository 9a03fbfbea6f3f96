package annotate

import (
	"reflect"
	"testing"
)

// TestTokensRegion: words of the region's scripts are whole tokens — a
// Persian word with a zero-width non-joiner, Devanagari with its vowel
// signs and viramas, Urdu with its full stop left out — and numbers in
// their own digits are one token.
func TestTokensRegion(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"انتخابات برگزار می‌شود.", []string{"انتخابات", "برگزار", "می‌شود"}},
		{"وزیر خزانہ نے کہا۔", []string{"وزیر", "خزانہ", "نے", "کہا"}},
		{"۱۲۵ ارب روپے، ۶۰ فیصد", []string{"۱۲۵", "ارب", "روپے", "۶۰", "فیصد"}},
		{"क्षेत्र में स्थिति सामान्य है।", []string{"क्षेत्र", "में", "स्थिति", "सामान्य", "है"}},
		{"د ټولټاکنې به", []string{"د", "ټولټاکنې", "به"}},
		{"أعلنت الحكومة", []string{"أعلنت", "الحكومة"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			txt := NewText(tt.in)
			var got []string
			for _, tok := range Tokens(txt) {
				got = append(got, txt.Slice(tok.Start, tok.End))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFold: search finds a word however an Arabic-script article spelled
// it: Arabic or Persian yeh and kaf, heh forms, with or without harakat.
func TestFold(t *testing.T) {
	pairs := [][2]string{
		{"كتاب", "کتاب"},          // Arabic kaf, Urdu keheh
		{"علي", "علی"},            // Arabic yeh, Farsi yeh
		{"مدرسه", "مدرسہ"},        // heh, Urdu heh goal
		{"مُحَمَّد", "محمد"},      // harakat
		{"پاکـــستان", "پاکستان"}, // tatweel
		{"Shehbaz", "shehbaz"},    // Latin case
	}
	for _, p := range pairs {
		if a, b := Fold(p[0]), Fold(p[1]); a != b {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q; want equal", p[0], a, p[1], b)
		}
	}
	if Fold("کتاب") == Fold("کتب") {
		t.Error("Fold makes different words equal")
	}
}
