package annotate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Label is a span category. The four defaults have keys 1–4; user labels get
// the next free key and a colour from the palette.
type Label struct {
	Name  string `json:"name"`
	Color string `json:"color"` // #rrggbb
	Key   string `json:"key,omitempty"`
}

// Default span labels.
const (
	Claim      = "claim"
	Actor      = "actor"
	Figure     = "figure"
	Accusation = "accusation"
)

// DefaultLabels are skein's four span labels, in key order.
var DefaultLabels = []Label{
	{Name: Claim, Color: "#f2c14e", Key: "1"},
	{Name: Actor, Color: "#5fa8d3", Key: "2"},
	{Name: Figure, Color: "#7bc47f", Key: "3"},
	{Name: Accusation, Color: "#e4572e", Key: "4"},
}

// DefaultLinkLabels are the labels offered for links between spans.
var DefaultLinkLabels = []string{"repeats", "supports", "contradicts", "made-by", "targets"}

// palette colours user-defined labels, in order of their first use.
var palette = []string{"#b388eb", "#f49cbb", "#8fd3c8", "#c9a227", "#9aa5b1", "#ff9f68", "#a3c4f3", "#d4a5a5"}

// Labels is an ordered set of span labels.
type Labels struct {
	list []Label
}

// NewLabels returns the defaults followed by the given user labels.
func NewLabels(user ...Label) *Labels {
	l := &Labels{list: append([]Label(nil), DefaultLabels...)}
	for _, u := range user {
		l.Add(u.Name)
	}
	return l
}

// All returns the labels in order.
func (l *Labels) All() []Label { return append([]Label(nil), l.list...) }

// Get returns the label called name.
func (l *Labels) Get(name string) (Label, bool) {
	for _, x := range l.list {
		if x.Name == name {
			return x, true
		}
	}
	return Label{}, false
}

// ByKey returns the label bound to a key such as "1".
func (l *Labels) ByKey(key string) (Label, bool) {
	for _, x := range l.list {
		if x.Key == key && key != "" {
			return x, true
		}
	}
	return Label{}, false
}

// Add makes sure a label called name exists and returns it, with a colour
// from the palette and the next free key 5–9 for a new one.
func (l *Labels) Add(name string) Label {
	if x, ok := l.Get(name); ok {
		return x
	}
	n := len(l.list) - len(DefaultLabels)
	x := Label{Name: name, Color: palette[n%len(palette)]}
	if k := len(l.list) + 1; k <= 9 {
		x.Key = fmt.Sprint(k)
	}
	l.list = append(l.list, x)
	return x
}

// IsDefaultLabel reports whether name is one of the four built-in labels.
func IsDefaultLabel(name string) bool {
	for _, x := range DefaultLabels {
		if x.Name == name {
			return true
		}
	}
	return false
}

// ValidLabelName says what is wrong with a label name, or nil.
func ValidLabelName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("label is empty")
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("label %q has leading or trailing space", name)
	case strings.ContainsAny(name, "\t\n\r"):
		return fmt.Errorf("label %q contains a tab or newline", name)
	case len(name) > 64:
		// Its first words, not all of it: a 500-byte label filled the line.
		head := []rune(name)
		if len(head) > 24 {
			head = append(head[:24], '…')
		}
		return fmt.Errorf("label %q is %d bytes long, longer than 64", string(head), len(name))
	}
	return nil
}

// ValidNewLabel says what is wrong with a label someone brings in now (a
// file imported, a name typed in the window or given on the command line),
// or nil: what ValidLabelName refuses, and a character that shows nothing
// or turns the text around it (a zero-width space, a right-to-left
// override, a control or line separator): "claim\u200b" showed as "claim"
// beside claim, counted apart in every export, and "\u202eclaim" as
// "mialc". Zero-width (non-)joiners, which emoji and Persian words hold,
// and tag characters (flags) are kept. Labels already stored are checked
// with ValidLabelName alone, so an older store holding one still opens.
func ValidNewLabel(label string) error {
	if err := ValidLabelName(label); err != nil {
		return err
	}
	if c, ok := unseen(label); ok {
		return fmt.Errorf("label %q holds U+%04X, which shows nothing or turns the text around it: it would look like another label and be counted apart", label, c)
	}
	return nil
}

// unseen finds the first character of label that shows nothing or turns
// the text around it (ValidNewLabel).
func unseen(label string) (rune, bool) {
	prev := rune(-1)
	for _, c := range label {
		before := prev
		prev = c
		if c == 0x200C || c == 0x200D || c >= 0xE0020 && c <= 0xE007F {
			continue
		}
		// A variation selector chooses how an emoji, a digit (a keycap)
		// or a Han character is drawn; after a Latin, Greek or Cyrillic
		// letter (é as e: "café\ufe0f" showed as café beside café), a
		// combining mark, or first, it selects nothing and shows nothing:
		// "claim\ufe0f".
		vs := c >= 0xFE00 && c <= 0xFE0F || c >= 0xE0100 && c <= 0xE01EF
		// A combining grapheme joiner and the Hangul fillers are letters
		// and marks Unicode says to draw as nothing: "claim\u034f" and
		// "claim\u3164" showed as claim.
		if unicode.In(c, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 ||
			vs && (before < 0 || unicode.In(before, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Mn)) {
			return c, true
		}
	}
	return 0, false
}

// LabelReadBack says what the imports of formats other than skein's own
// make of a stored label written as it is stored, as they compose a label
// and then check it: "is refused: it holds U+200B" ("claim\u200b"),
// "becomes café" ("cafe\u0301", then one label with café), or "" where
// they read it as it is.
func LabelReadBack(label string) string {
	n := NormalName(label)
	if c, ok := unseen(n); ok && ValidLabelName(n) == nil {
		return fmt.Sprintf("is refused: it holds U+%04X", c)
	}
	if n != label {
		return "becomes " + LabelShown(n)
	}
	return ""
}

// LabelNote says why a label skein's own JSONL brings is one another
// format's import would not take as written, or "": a label holding a
// character ValidNewLabel refuses, or one written decomposed (NFC changes
// it). skein's own files keep it as the store that wrote them held it: an
// older store holding "claim\u200b", or "cafe\u0301" beside "café", must
// still import, each label apart, as it was.
func LabelNote(label string) string {
	if err := ValidNewLabel(label); err != nil {
		if ValidLabelName(label) != nil {
			return ""
		}
		return err.Error()
	}
	if c := NormalName(label); c != label {
		return fmt.Sprintf("label %s is written decomposed, a label apart from %q written composed, which the other formats' imports and + make of it", quoteMarks(label), c)
	}
	return ""
}

// LabelShown is label as a table or list shows it: as it is, or quoted
// with what shows nothing written as \u escapes where LabelNote has a word
// for it ("cafe\u0301" beside café, "claim\u200b" beside claim), which
// were each shown as the other. A label beginning with a quote is quoted
// too: one typed as "cafe\u0301", quotes and all, showed as the escaped
// decomposed one.
func LabelShown(label string) string {
	if plainASCII(label) {
		return label // the window asks for every span row it draws
	}
	if LabelNote(label) == "" && !strings.HasPrefix(label, `"`) {
		return label
	}
	return quoteMarks(label)
}

// plainASCII tells a label of printable ASCII that does not begin with a
// quote: shown as it is, with nothing to compose or escape.
func plainASCII(label string) bool {
	for i := 0; i < len(label); i++ {
		if c := label[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return !strings.HasPrefix(label, `"`)
}

// quoteMarks quotes s as %q does, with its combining marks and the Hangul
// fillers written as \u escapes too: "cafe\u0301", which %q prints as
// "café".
func quoteMarks(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case unicode.In(c, unicode.Mn, unicode.Me) || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0:
			fmt.Fprintf(&b, `\u%04x`, c)
		case c == '\'':
			b.WriteRune(c) // QuoteRune's \' is no escape in a "…"
		case c == '"':
			b.WriteString(`\"`)
		default:
			q := strconv.QuoteRune(c)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return `"` + b.String() + `"`
}

// UserNames returns the names of the labels that are not defaults, in order.
func (l *Labels) UserNames() []string {
	var out []string
	for _, x := range l.list {
		if !IsDefaultLabel(x.Name) {
			out = append(out, x.Name)
		}
	}
	return out
}

// emptyPair says where spec, split at its commas into pairs, has nothing
// as its pair i, or nil. A comma at the end is refused, not passed over:
// "-map ACTOR=actor, FIGURE=figure", a space after the comma, is split by
// the shell into a -map ending in a comma and a file to import named
// FIGURE=figure, the second pair lost.
func emptyPair(spec string, pairs []string, i int) error {
	if len(pairs) == 1 || strings.TrimSpace(pairs[i]) != "" {
		return nil // a -map of nothing at all is "want FROM=TO"
	}
	const space = "; a pair after a space is not read as one: join the pairs with commas alone (-map ACTOR=actor,FIGURE=figure)"
	switch {
	case i == len(pairs)-1:
		return fmt.Errorf("-map %q: nothing follows the last comma: leave it out (-map %s)%s", spec, strings.TrimRight(strings.TrimSpace(spec), ", "), space)
	case i == 0:
		return fmt.Errorf("-map %q: nothing comes before the first comma: leave it out", spec)
	}
	return fmt.Errorf("-map %q: nothing between two commas (pair %d): leave one out", spec, i+1)
}

// UserLabelOrder returns the user labels in a stable order: those in
// recorded first, in its order, then those in found that recorded lacks,
// by name. Defaults, repeats and invalid names are left out, so an order
// kept from an earlier session never moves a label it already placed.
func UserLabelOrder(recorded, found []string) []string {
	seen := map[string]bool{}
	var out []string
	take := func(names []string) {
		for _, n := range names {
			if seen[n] || IsDefaultLabel(n) || ValidLabelName(n) != nil {
				continue
			}
			seen[n] = true
			out = append(out, n)
		}
	}
	take(recorded)
	rest := slices.Clone(found)
	slices.Sort(rest)
	take(rest)
	return out
}

// ParseLabelMap reads the label map skein import -map gives, a spec a
// flag: FROM=TO, or several joined by commas (ACTOR=actor,FIGURE=figure),
// each label composed (NormalName). A span whose label is FROM is read as
// TO. TO must be a label skein keeps (ValidNewLabel) holding no "=", FROM
// may be named once; the error says which spec is wrong and how.
func ParseLabelMap(specs []string) (map[string]string, error) {
	m := map[string]string{}
	for _, spec := range specs {
		pairs := strings.Split(spec, ",")
		for i, pair := range pairs {
			if err := emptyPair(spec, pairs, i); err != nil {
				return nil, err
			}
			from, to, ok := strings.Cut(pair, "=")
			from, to = NormalName(strings.TrimSpace(from)), NormalName(strings.TrimSpace(to))
			switch {
			case !ok || from == "" || to == "":
				return nil, fmt.Errorf("-map %q: want FROM=TO, a label of the files and the label to read it as (-map ACTOR=actor; several as -map ACTOR=actor,FIGURE=figure)", pair)
			case strings.Contains(to, "="):
				return nil, fmt.Errorf("-map %q: one = a pair, FROM=TO; pairs are joined by commas (-map ACTOR=actor,FIGURE=figure)", pair)
			}
			if err := ValidNewLabel(to); err != nil {
				return nil, fmt.Errorf("-map %s: %s is no label skein can keep: %v", pair, to, err)
			}
			if old, twice := m[from]; twice && old != to {
				return nil, fmt.Errorf("-map: %s is read as %s and as %s: name it once", from, old, to)
			}
			m[from] = to
		}
	}
	return m, nil
}
