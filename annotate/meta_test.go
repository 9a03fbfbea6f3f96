package annotate

import (
	"os"
	"path/filepath"
	"strings"
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

// The leading date is looked for only after a cheap test of the text's
// start: it must find what the expression finds on the whole text.
func TestDeriveMetaLeadingDate(t *testing.T) {
	for _, text := range []string{
		"date 2023-11-10 In the wake of it.",
		" \n\t\r\fdate 2024-01-02\nA Headline\n",
		"\vdate 2024-01-02\nA Headline\n", // \s is not \v: no date
		"date 2024-01-02x and more",       // no word boundary: no date
		"dated 2024-01-02\nA Headline\n",
		"Date 2024-01-02\nA Headline\n",
		"date 24-01-02\nA Headline\n",
		"A Headline\ndate 2024-01-02\n",
		"   ",
		"",
	} {
		want := ""
		if m := leadingDate.FindStringSubmatch(text); m != nil {
			want = m[1]
		}
		if _, date := DeriveMeta("a.txt", text); date != want {
			t.Errorf("%q: got date %q, want %q", text, date, want)
		}
	}
	if _, date := DeriveMeta("a.txt", "\n date 2024-01-02\nA Headline\n"); date != "2024-01-02" {
		t.Errorf("got date %q after blank lines, want 2024-01-02", date)
	}
}

// BenchmarkDeriveMeta derives the title and date of a 1.9 KB article
// without a date line, as an import does for every file it reads.
func BenchmarkDeriveMeta(b *testing.B) {
	text := "Article 7\n\n" + strings.Repeat("The minister said that attacks in the province rose sharply after the government announced — deportation. ", 17)
	for i := 0; i < b.N; i++ {
		if title, _ := DeriveMeta("a.txt", text); title != "Article 7" {
			b.Fatal(title)
		}
	}
}

// TestShownTitle: an article without a title is shown by its opening
// words, marked as having none; one with a title by its title.
func TestShownTitle(t *testing.T) {
	for _, tc := range []struct{ title, text, want string }{
		{"Kakar speaks", "Kakar spoke on Sunday.", "Kakar speaks"},
		{"", "The minister said hello. Then he left.", "(no title) “The minister said hello”"},
		{" \t", "\n\nKakar spoke", "(no title) “Kakar spoke”"},
		{"", "date 2024-03-02\nPakistan blames Kabul\nText.", "(no title) “Pakistan blames Kabul”"},
		{"", " \n ", "(no title)"},
		{"(no title) reports", "Kakar spoke.", "“(no title) reports”"},
	} {
		if got := ShownTitle(tc.title, tc.text); got != tc.want {
			t.Errorf("ShownTitle(%q, %q) = %q, want %q", tc.title, tc.text, got, tc.want)
		}
	}
}

// TestTellApart: articles without a title that read the same in a list
// are told apart by their file, else their date, else their ID, in the
// mark; others are left alone.
func TestTellApart(t *testing.T) {
	same := NoTitle + " “Kakar spoke”"
	for _, tc := range []struct {
		name string
		in   []Listed
		want []string
	}{
		{"by file", []Listed{
			{Title: same, Untitled: true, ID: "aaaa1111bbbb", Source: "a.txt", Date: "2024-01-01"},
			{Title: same, Untitled: true, ID: "cccc2222dddd", Source: "b.txt", Date: "2024-01-01"},
		}, []string{"(no title, a.txt) “Kakar spoke”", "(no title, b.txt) “Kakar spoke”"}},
		{"by date, one file", []Listed{
			{Title: same, Untitled: true, ID: "aaaa1111bbbb", Source: "a.jsonl", Date: "2024-01-01"},
			{Title: same, Untitled: true, ID: "cccc2222dddd", Source: "a.jsonl"},
		}, []string{"(no title, 2024-01-01) “Kakar spoke”", "(no title, undated) “Kakar spoke”"}},
		{"by ID, where file and date are the same", []Listed{
			{Title: same, Untitled: true, ID: "aaaa1111bbbb", Source: "a.jsonl", Date: "2024-01-01"},
			{Title: same, Untitled: true, ID: "cccc2222dddd", Source: "a.jsonl", Date: "2024-01-01"},
			{Title: same, Untitled: true, ID: "eeee3333ffff", Source: "b.jsonl", Date: "2024-01-01"},
		}, []string{"(no title, a.jsonl, id aaaa1111) “Kakar spoke”", "(no title, a.jsonl, id cccc2222) “Kakar spoke”", "(no title, b.jsonl) “Kakar spoke”"}},
		{"one alone, and a titled one alike", []Listed{
			{Title: same, Untitled: true, ID: "aaaa1111bbbb", Source: "a.txt"},
			{Title: same, ID: "cccc2222dddd", Source: "b.txt"},
			{Title: NoTitle + " “Other”", Untitled: true, ID: "eeee3333ffff", Source: "c.txt"},
		}, []string{same, same, NoTitle + " “Other”"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			TellApart(tc.in)
			for i, d := range tc.in {
				if d.Title != tc.want[i] {
					t.Errorf("article %d: got %q, want %q", i, d.Title, tc.want[i])
				}
			}
		})
	}
}
