package search

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"time"

	"github.com/skein-news/skein/annotate"
)

// Query is a parsed search: the terms every matching article holds, and
// filters on articles and on the spans a match must lie in.
type Query struct {
	// Terms are words, phrases and regular expressions; an article matches
	// when it holds every one, and each occurrence of each is a match.
	Terms []*Term

	// Span filters: a match must lie within a span that passes all of
	// them. With no terms, the spans that pass are the matches.
	Labels     []string
	Annotators []string
	Notes      []string // folded; the span's note holds each
	InThread   bool

	// Article filters.
	Done     int    // 0 any, 1 done:yes, -1 done:no
	DateFrom string // inclusive prefix bounds on the article's date
	DateTo   string
	dateSet  bool // a date: filter was given (date:.. leaves both bounds open)

	// NotFilters are words written as a filter whose name is none
	// (lable:actor, labels:claim): searched as the words they are, they
	// find nothing, which a search that finds nothing should say.
	NotFilters []string
}

// Term is one thing to find.
type Term struct {
	// Src is how the query wrote it.
	Src string
	// Words are the folded words of a word or phrase, in order; nil for a
	// regular expression.
	Words [][]byte
	// Re is the regular expression, compiled to run on folded text.
	Re *regexp.Regexp
}

// SpanFilters reports whether the query filters on spans.
func (q *Query) SpanFilters() bool {
	return len(q.Labels)+len(q.Annotators)+len(q.Notes) > 0 || q.InThread
}

// Parse reads a query: words, "a phrase", /a regex/, and the filters
// label:L annotator:A note:TEXT in:thread done:yes|no date:FROM..TO (each
// bound a prefix such as 2023-11, either may be left out). A filter value
// may be quoted. Words that hold punctuation ("Tehrik-e") are phrases of
// their words, as the text's words are found by the same rules.
func Parse(s string) (*Query, error) {
	q := &Query{}
	rs := []rune(s)
	i := 0
	for {
		for i < len(rs) && isSpace(rs[i]) {
			i++
		}
		if i >= len(rs) {
			break
		}
		start := i
		switch rs[i] {
		case '"':
			end := indexRune(rs, i+1, '"')
			if end < 0 {
				return nil, fmt.Errorf("query: the phrase at character %d has no closing quote", start+1)
			}
			if err := q.addWords(string(rs[i+1 : end])); err != nil {
				return nil, err
			}
			i = end + 1
			continue
		case '/':
			end := regexEnd(rs, i+1)
			if end < 0 {
				return nil, fmt.Errorf("query: the regular expression at character %d has no closing /", start+1)
			}
			if err := q.addRegex(string(rs[i+1 : end])); err != nil {
				return nil, err
			}
			i = end + 1
			continue
		}
		for i < len(rs) && !isSpace(rs[i]) {
			i++
		}
		word := string(rs[start:i])
		if k := strings.IndexByte(word, ':'); k > 0 {
			key, val := word[:k], word[k+1:]
			if isFilter(key) {
				if strings.HasPrefix(val, `"`) {
					// A quoted value runs to its closing quote.
					vs := start + k + 1
					end := indexRune(rs, vs+1, '"')
					if end < 0 {
						return nil, fmt.Errorf("query: the value of %s: at character %d has no closing quote", key, vs+1)
					}
					val = string(rs[vs+1 : end])
					i = end + 1
				}
				if err := q.addFilter(key, val); err != nil {
					return nil, err
				}
				continue
			}
			// Letters before the colon, as a filter's name (Label:actor
			// too); not a URL's scheme (http://…).
			if val != "" && !strings.HasPrefix(val, "/") && strings.IndexFunc(key, func(r rune) bool { return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') }) < 0 {
				q.NotFilters = append(q.NotFilters, word)
			}
		}
		if err := q.addWords(word); err != nil {
			return nil, err
		}
	}
	if len(q.Terms) == 0 && !q.SpanFilters() && q.Done == 0 && q.DateFrom == "" && q.DateTo == "" {
		return nil, fmt.Errorf("query: nothing to search for")
	}
	return q, nil
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000'
}

func indexRune(rs []rune, from int, r rune) int {
	for j := from; j < len(rs); j++ {
		if rs[j] == r {
			return j
		}
	}
	return -1
}

// regexEnd finds the / that closes a regular expression: one not escaped
// by a backslash.
func regexEnd(rs []rune, from int) int {
	for j := from; j < len(rs); j++ {
		switch rs[j] {
		case '\\':
			j++
		case '/':
			return j
		}
	}
	return -1
}

func isFilter(key string) bool {
	switch key {
	case "label", "annotator", "note", "in", "done", "date":
		return true
	}
	return false
}

func (q *Query) addFilter(key, val string) error {
	if val == "" {
		return fmt.Errorf("query: %s: needs a value", key)
	}
	switch key {
	case "label":
		q.Labels = append(q.Labels, val)
	case "annotator":
		q.Annotators = append(q.Annotators, val)
	case "note":
		q.Notes = append(q.Notes, FoldString(val))
	case "in":
		if val != "thread" {
			return fmt.Errorf("query: in:%s: the only value is in:thread", val)
		}
		q.InThread = true
	case "done":
		if q.Done != 0 {
			return fmt.Errorf("query: done:%s: done: is given twice; an article is done or not, so give it once", val)
		}
		switch val {
		case "yes":
			q.Done = 1
		case "no":
			q.Done = -1
		default:
			return fmt.Errorf("query: done:%s: use done:yes or done:no", val)
		}
	case "date":
		if q.dateSet {
			return fmt.Errorf("query: date:%s: date: is given twice; give one range, date:FROM..TO", val)
		}
		q.dateSet = true
		from, to, ok := strings.Cut(val, "..")
		if !ok {
			from, to = val, val
		}
		for _, d := range []string{from, to} {
			if !validDatePrefix(d) {
				return fmt.Errorf("query: date:%s: give dates as YYYY, YYYY-MM or YYYY-MM-DD, as a range FROM..TO", val)
			}
			if !realDate(d) {
				return fmt.Errorf("query: date:%s: %s is no date of the calendar (give dates as YYYY, YYYY-MM or YYYY-MM-DD)", val, d)
			}
		}
		if from != "" && to != "" && from > to {
			return fmt.Errorf("query: date:%s: the range ends before it starts", val)
		}
		q.DateFrom, q.DateTo = from, to
	}
	return nil
}

func validDatePrefix(d string) bool {
	if d == "" {
		return true
	}
	if len(d) != 4 && len(d) != 7 && len(d) != 10 {
		return false
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if i == 4 || i == 7 {
			if c != '-' {
				return false
			}
		} else if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// realDate says whether a date of validDatePrefix's shape is one the
// calendar has: a month or day it has not (2024-13, 2024-02-30) found
// nothing and said nothing, when it is a date mistyped.
func realDate(d string) bool {
	layout := map[int]string{7: "2006-01", 10: "2006-01-02"}[len(d)]
	if layout == "" {
		return true
	}
	_, err := time.Parse(layout, d)
	return err == nil
}

// DateIn reports whether an article's date lies in the query's range; an
// article without a date lies in no range.
func (q *Query) DateIn(date string) bool {
	if q.DateFrom == "" && q.DateTo == "" {
		return true
	}
	if date == "" {
		return false
	}
	if q.DateFrom != "" && date < q.DateFrom && !strings.HasPrefix(date, q.DateFrom) {
		return false
	}
	if q.DateTo != "" {
		p := date
		if len(p) > len(q.DateTo) {
			p = p[:len(q.DateTo)]
		}
		if p > q.DateTo {
			return false
		}
	}
	return true
}

// addWords adds the words of s, found as the text's words are, as one term.
func (q *Query) addWords(s string) error {
	f := Fold(s)
	ft := string(f.Text)
	t := annotate.NewText(ft)
	toks := annotate.Tokens(t)
	if len(toks) == 0 {
		return fmt.Errorf("query: %q holds no word to search for", s)
	}
	term := &Term{Src: s}
	for _, tok := range toks {
		term.Words = append(term.Words, []byte(t.Slice(tok.Start, tok.End)))
	}
	q.Terms = append(q.Terms, term)
	return nil
}

// addRegex compiles a regular expression to run on folded text: its
// literal letters are folded as the text is, and classes match either
// case.
func (q *Query) addRegex(src string) error {
	re, err := syntax.Parse(src, syntax.Perl|syntax.FoldCase)
	if err != nil {
		return fmt.Errorf("query: /%s/: %v", src, err)
	}
	foldLiterals(re)
	c, err := regexp.Compile(re.String())
	if err != nil {
		return fmt.Errorf("query: /%s/: %v", src, err)
	}
	if c.MatchString("") {
		return fmt.Errorf("query: /%s/ matches empty text; it would match everywhere", src)
	}
	q.Terms = append(q.Terms, &Term{Src: "/" + src + "/", Re: c})
	return nil
}

// foldLiterals folds the literal runes of re in place (dropping those
// folding drops) and makes them match exactly: the text they meet is
// already folded, and an exact literal lets Go's matcher skip ahead.
func foldLiterals(re *syntax.Regexp) {
	if re.Op == syntax.OpLiteral {
		out := re.Rune[:0]
		for _, r := range re.Rune {
			if fr := FoldRune(r); fr >= 0 {
				out = append(out, fr)
			}
		}
		re.Rune = out
		re.Flags &^= syntax.FoldCase
		if len(out) == 0 {
			re.Op = syntax.OpEmptyMatch
		}
	}
	for _, sub := range re.Sub {
		foldLiterals(sub)
	}
}
