package annotate

import (
	"path"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

var (
	leadingDate = regexp.MustCompile(`^\s*date (\d{4}-\d{2}-\d{2})\b`)
	lastUpdated = regexp.MustCompile(`\(Last Updated On: ([A-Z][a-z]+ \d{1,2}, \d{4})\)`)
)

// DeriveMeta reads a title and a date from what an article carries, without
// changing its text: a leading " date 2023-11-10" gives the date, a
// "(Last Updated On: November 20, 2023)" line gives it too, and the first
// line that is a headline (short, no full stop at the end) gives the title.
// Otherwise the title is the article's opening words, and failing that the
// file name without its extension.
func DeriveMeta(name, text string) (title, date string) {
	// A byte order mark that a brat .txt keeps (its offsets count it, as
	// brat's do) is not part of the headline or of "date …".
	text = strings.TrimPrefix(text, "\ufeff")
	rest := text
	// The leading date's expression is run only where it can match: run
	// on a whole article it costs a little for every byte (its
	// backtracker's bitmap), and an import derives this for every file.
	// What \s* skips is the leading white space; "date" cannot start in it.
	if strings.HasPrefix(strings.TrimLeft(text, "\t\n\f\r "), "date ") {
		if m := leadingDate.FindStringSubmatchIndex(text); m != nil {
			date = text[m[2]:m[3]]
			rest = text[m[1]:]
		}
	}
	if date == "" {
		if m := lastUpdated.FindStringSubmatch(head(text, 4096)); m != nil {
			if t, err := time.Parse("January 2, 2006", m[1]); err == nil {
				date = t.Format("2006-01-02")
			}
		}
	}
	// Line by line without splitting the head into a slice first: an
	// import derives this for every file it reads.
	for s, more := head(rest, 4096), true; more; {
		var line string
		line, s, more = strings.Cut(s, "\n")
		line = strings.TrimSpace(line)
		if line == "" || lastUpdated.MatchString(line) {
			continue
		}
		if isHeadline(line) {
			return line, date
		}
		// The first line of prose: its opening sentence, clipped, is the title.
		return opening(line), date
	}
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	return strings.TrimSuffix(base, path.Ext(base)), date
}

// head returns at most the first n bytes of s, cut at a character boundary:
// metadata lines sit at the top, and scanning a whole 10 MB article for them
// would slow a large import for nothing.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isHeadline(line string) bool {
	n := utf8.RuneCountInString(line)
	return n <= 120 && !strings.HasSuffix(line, ".") && !strings.HasSuffix(line, ",")
}

// opening returns the first sentence of line, or its first words, at most
// about 80 characters and always cut at a word boundary.
func opening(line string) string {
	if i := strings.Index(line, ". "); i > 0 && utf8.RuneCountInString(line[:i]) <= 100 {
		return line[:i]
	}
	const max = 80
	if utf8.RuneCountInString(line) <= max {
		return line
	}
	r := []rune(line)[:max]
	s := string(r)
	if i := strings.LastIndex(s, " "); i > 40 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,;:—-") + "…"
}

// NoTitle begins the title shown for an article that has none (ShownTitle).
const NoTitle = "(no title)"

// ShownTitle is what the list, the window and the commands show as the
// title of an article titled title with text: title, or, when it has no
// character to see (a JSONL line without "title", as a script writes it),
// NoTitle and the article's opening words in quotes, so that a researcher
// can tell the article apart and tell it has no title. It is never stored:
// an export writes the title the article has, none.
//
// A title of its own that begins as the mark does ("(no title) reports")
// is shown in quotes, “(no title) reports”: as it was, it read as an
// article with none.
func ShownTitle(title, text string) string {
	if Titled(title) {
		if strings.HasPrefix(strings.TrimLeftFunc(title, unicode.IsSpace), NoTitle) {
			return "“" + title + "”"
		}
		return title
	}
	if opening, _ := DeriveMeta("", text); opening != "" {
		return NoTitle + " “" + opening + "”"
	}
	return NoTitle
}

// Listed is an article as a list shows it, for TellApart: its title as
// shown (ShownTitle), whether it has one of its own, and what else tells
// it from another.
type Listed struct {
	Title            string
	Untitled         bool
	ID, Source, Date string
}

// TellApart says in the shown titles of articles without one that read
// the same in one list (the same opening words) what tells them apart:
// their source file where it does, else their date ("undated"), else the
// start of their ID, which always does and is the same in every list. It
// goes in the mark, which a column cuts last: `(no title, dawn-12.txt)
// “Kakar spoke”`. Two such articles had looked the same in the article
// list, review's and the search results. Titled articles are left as they
// are.
func TellApart(docs []Listed) {
	groups := map[string][]int{}
	for i, d := range docs {
		if d.Untitled && strings.HasPrefix(d.Title, NoTitle) {
			groups[d.Title] = append(groups[d.Title], i)
		}
	}
	extra := map[int][]string{}
	for _, g := range groups {
		for _, by := range []func(d *Listed) string{
			func(d *Listed) string { return d.Source },
			func(d *Listed) string {
				if d.Date == "" {
					return "undated"
				}
				return d.Date
			},
			func(d *Listed) string { return "id " + d.ID[:min(8, len(d.ID))] },
		} {
			if len(g) < 2 {
				break
			}
			seen := map[string]bool{}
			for _, i := range g {
				seen[by(&docs[i])] = true
			}
			if len(seen) < 2 {
				continue // the same for all: tells nothing
			}
			for _, i := range g {
				if v := by(&docs[i]); v != "" {
					extra[i] = append(extra[i], v)
				}
			}
			g = alike(g, extra) // those still alike, for what comes next
		}
	}
	for i, ex := range extra {
		docs[i].Title = strings.TrimSuffix(NoTitle, ")") + ", " + strings.Join(ex, ", ") + ")" + strings.TrimPrefix(docs[i].Title, NoTitle)
	}
}

// alike is those of g whose extra words another of g shares.
func alike(g []int, extra map[int][]string) []int {
	n := map[string]int{}
	for _, i := range g {
		n[strings.Join(extra[i], "\x00")]++
	}
	var out []int
	for _, i := range g {
		if n[strings.Join(extra[i], "\x00")] > 1 {
			out = append(out, i)
		}
	}
	return out
}

// Titled reports whether title has a character to see: not only spaces,
// nor characters that show nothing (U+200B, the Hangul filler U+3164, a
// variation selector alone), a title a list showed as a blank row.
func Titled(title string) bool {
	for _, c := range title {
		if !unicode.IsSpace(c) && !showsNothing(c) {
			return true
		}
	}
	return false
}

// showsNothing is a character that, alone, draws nothing: a control or
// format character (zero-width space and joiners, a direction mark, a
// tag), a line or paragraph separator, a variation selector, the
// combining grapheme joiner, a Hangul filler or the blank braille
// pattern.
func showsNothing(c rune) bool {
	return unicode.In(c, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) ||
		c >= 0xFE00 && c <= 0xFE0F || c >= 0xE0100 && c <= 0xE01EF ||
		c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800
}
