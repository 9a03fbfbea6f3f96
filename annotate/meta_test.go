package annotate

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDeriveMetaSeeds(t *testing.T) {
	tests := []struct {
		file, title, date string
	}{
		{"000_a028c591ba1f5ed0.txt", "In the wake of escalating terrorist attacks, PM Kakar’s assertion linking the…", "2023-11-10"},
		{"001_f69399a660d41165.txt", "Pakistan’s Caretaker Prime Minister, Anwar ul Haq Kakar, has reiterated his…", ""},
		{"002_b575546220e49dce.txt", "Pakistan Blames Taliban’s Inaction For Deportation Of Afghan Nationals", ""},
		{"003_13c3e290747b6afd.txt", "In a strong message to the government in Kabul, Pakistan’s caretaker prime…", "2023-11-20"},
		{"004_6034f0928c20e128.txt", "WE ARE GOING IN WRONG DIRECTIONS WHEN IT COMES TO COOPERATION WITH THE AFGHAZI TALIBAN", "2024-05-28"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "seeds", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			title, date := DeriveMeta(tc.file, string(b))
			if title != tc.title || date != tc.date {
				t.Errorf("DeriveMeta = %q, %q; want %q, %q", title, date, tc.title, tc.date)
			}
		})
	}
}

func TestDeriveMetaFallbacks(t *testing.T) {
	title, date := DeriveMeta("dir/story.txt", "   \n\n")
	if title != "story" || date != "" {
		t.Errorf("got %q, %q; want story, empty", title, date)
	}
}

// TestDeriveMetaSkipsLines checks that blank lines and the "Last Updated"
// line before the headline are passed over, and that a text with no line
// break at all is its own first line.
func TestDeriveMetaSkipsLines(t *testing.T) {
	title, date := DeriveMeta("a.txt", "\n  \n(Last Updated On: November 20, 2023)\n\nA Headline Here\nBody text.\n")
	if title != "A Headline Here" || date != "2023-11-20" {
		t.Errorf("got %q, %q; want the headline and 2023-11-20", title, date)
	}
	if title, _ := DeriveMeta("b.txt", "One line only"); title != "One line only" {
		t.Errorf("got %q for a text of one line", title)
	}
}
