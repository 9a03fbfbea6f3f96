package formats

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// bratLabelsMark is the comment line by which skein's brat export says, in
// visual.conf, that its [labels] lines name the skein label each name
// written stands for. brat skips it, as any line beginning with #; skein's
// brat import reads the names back as those labels where it is there, and
// only there: a brat project's own [labels] are display names and
// abbreviations ("Organization | Org"), no labels.
const bratLabelsMark = "# skein labels: each line of [labels] is a name this export wrote and the skein label it stands for, as skein shows it (| as ¦, a leading ! quoted); skein's brat import reads each name back as its label."

// bratSpanLabels and bratLinkLabels head the [labels] lines of span
// labels (brat's entity types) and of link labels (relation and
// equivalence types): the two are named apart, so one name may stand for a
// span label and another link label.
const (
	bratSpanLabels = "# span labels (entity types)"
	bratLinkLabels = "# link labels (relation and equivalence types)"
)

// bratLabels is what a visual.conf skein's export wrote says each name
// stands for.
type bratLabels struct {
	file  string
	types map[string]string // entity type → span label
	links map[string]string // relation or equivalence type → link label
	// line is the line of visual.conf each label was read from, used the
	// labels an .ann read names by (kept as written, said by notes).
	line map[string]int
	used map[string]bool
	// asWritten are the labels read: the store held them so, and they are
	// imported as they are, not composed (record.asWritten).
	asWritten map[string]bool
	// renamed counts the names read back as another label.
	renamed map[[2]string]bool
	said    []string // the lines that could not be read back
}

var confSection = regexp.MustCompile(`^\s*\[(.*)\]\s*$`)

// readBratLabels reads visual.conf, named file in notes: nil where skein's
// mark is not in it.
func readBratLabels(conf, file string) *bratLabels {
	lines := strings.Split(conf, "\n")
	marked := false
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "# skein labels:") {
			marked = true
			break
		}
	}
	if !marked {
		return nil
	}
	bl := &bratLabels{file: file, types: map[string]string{}, links: map[string]string{}, line: map[string]int{},
		used: map[string]bool{}, asWritten: map[string]bool{}, renamed: map[[2]string]bool{}}
	type entry struct {
		kind, name, shown, raw string
		line                   int
		why                    string // why it cannot be read back; "" where it can
	}
	var entries []*entry
	section, kind := "", ""
	for i, l := range lines {
		l = strings.TrimSuffix(l, "\r")
		if m := confSection.FindStringSubmatch(l); m != nil {
			section = m[1]
			continue
		}
		t := strings.TrimSpace(l)
		if section != "labels" || t == "" {
			continue
		}
		switch {
		case t == bratSpanLabels:
			kind = "type"
			continue
		case t == bratLinkLabels:
			kind = "link"
			continue
		case strings.HasPrefix(t, "#"):
			continue
		}
		e := &entry{kind: kind, raw: l, line: i + 1}
		name, shown, ok := strings.Cut(l, " | ")
		e.name, e.shown = name, shown
		switch {
		case !ok || name == "" || strings.ContainsAny(name, " \t|"):
			e.why = "not NAME | LABEL"
		case kind == "":
			e.why = "under neither " + strconv.Quote(bratSpanLabels) + " nor " + strconv.Quote(bratLinkLabels)
		}
		entries = append(entries, e)
	}
	// Each line's label, undone; then the lines made again from the
	// labels as the export makes them: a line read back exactly is one
	// made again alike.
	pre := map[string]int{}
	for _, e := range entries {
		pre[strings.TrimSuffix(e.shown, " ("+e.name+")")]++
	}
	pairs := make([][2]string, len(entries))
	for i, e := range entries {
		shown := e.shown
		if trimmed := strings.TrimSuffix(shown, " ("+e.name+")"); trimmed != shown && pre[trimmed] > 1 {
			shown = trimmed
		}
		label, ok := unshowBrat(shown)
		switch {
		case e.why != "":
		case !ok:
			e.why = "its label is not quoted as skein quotes one"
		case annotate.ValidLabelName(label) != nil:
			e.why = annotate.ValidLabelName(label).Error()
		case !bratNameOf(e.name, label, map[string]string{"type": "type", "link": "relation"}[e.kind]):
			e.why = fmt.Sprintf("%s is no name skein's export writes for %s", e.name, annotate.LabelShown(label))
		}
		if e.why != "" {
			label = "\x00" + e.shown // made again unlike the line
		}
		pairs[i] = [2]string{e.name, label}
	}
	again := bratLabelLines(pairs)
	seen := map[[2]string]int{}
	for i, e := range entries {
		if e.why == "" && again[i] != e.raw {
			e.why = "written otherwise than skein's export writes it"
		}
		seen[[2]string{e.kind, e.name}]++
	}
	// A label is one name of a kind in skein's export: a span label one
	// entity type, a link label one relation type and at most one
	// equivalence type. Two names read as one label would make two types
	// of the file one label.
	names := map[[2]string]int{}
	for i, e := range entries {
		if e.why == "" && seen[[2]string{e.kind, e.name}] == 1 {
			names[[2]string{e.kind, pairs[i][1]}]++
		}
	}
	for i, e := range entries {
		switch {
		case e.why != "":
		case seen[[2]string{e.kind, e.name}] > 1:
			e.why = "its name is given more than once"
		case names[[2]string{e.kind, pairs[i][1]}] > map[string]int{"type": 1, "link": 2}[e.kind]:
			e.why = "its label is given to other names too"
		}
		what := map[string]string{"type": "type", "link": "relation type", "": "name"}[e.kind]
		if e.why != "" {
			bl.said = append(bl.said, fmt.Sprintf("brat: %s:%d: %q cannot be read back as a skein label (%s): the %s %s is imported as it is named", file, e.line, clip(e.raw), e.why, what, clip(e.name)))
			continue
		}
		label := pairs[i][1]
		if e.kind == "type" {
			bl.types[e.name] = label
		} else {
			bl.links[e.name] = label
		}
		bl.asWritten[label] = true
		if _, ok := bl.line[label]; !ok {
			bl.line[label] = e.line
		}
	}
	return bl
}

// unshowBrat is the label bratShown shows as s: its ¦ made | again, and a
// quoted one unquoted (a ¦ the label holds is quoted as \u00a6).
func unshowBrat(s string) (string, bool) {
	s = strings.ReplaceAll(s, "¦", "|")
	if !strings.HasPrefix(s, `"`) {
		return s, true
	}
	u, err := strconv.Unquote(s)
	return u, err == nil
}

// bratNameOf tells a name skein's export may write for label, as what:
// the label itself, its fitted form, or that form numbered (_2, _3 …).
func bratNameOf(name, label, what string) bool {
	base := fitBrat(label, what)
	if name == label || name == base {
		return true
	}
	n, ok := strings.CutPrefix(name, base+"_")
	if !ok || n == "" || n[0] == '0' {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return n != "1"
}

// label is the label a name of kind ("type", "link") stands for: the one
// visual.conf gives, or the name where it gives none (or bl is nil).
func (bl *bratLabels) label(kind, name string) string {
	label, ok := bl.of(kind, name)
	if !ok {
		return name
	}
	bl.used[label] = true
	if label != name {
		bl.renamed[[2]string{kind, name}] = true
	}
	return label
}

// of is the label visual.conf gives a name of kind, if it gives one.
func (bl *bratLabels) of(kind, name string) (string, bool) {
	if bl == nil {
		return "", false
	}
	m := bl.types
	if kind == "link" {
		m = bl.links
	}
	label, ok := m[name]
	return label, ok
}

// notes says what the visual.conf did: the names read back as labels, and
// each label used that is kept as written where another import composes
// or refuses it (as skein's own files keep it).
func (bl *bratLabels) notes() []string {
	if bl == nil || len(bl.used) == 0 {
		return nil
	}
	var out []string
	if n := len(bl.renamed); n > 0 {
		out = append(out, fmt.Sprintf("brat: %s, written by skein's export, names the label each name stands for: %s read back as the skein labels they were written for", bl.file, annotate.Count(n, "name")))
	}
	for _, label := range sortedKeys(bl.used) {
		if note := annotate.LabelNote(label); note != "" {
			out = append(out, fmt.Sprintf("%s:%d: kept as written, as skein's own files keep labels: %s", bl.file, bl.line[label], note))
		}
	}
	return out
}

// bratVisuals are the visual.conf files a brat import read, each once.
type bratVisuals struct {
	cache map[string]*bratLabels // folder → its visual.conf's, nil for none or one without skein's mark
	read  []*bratLabels          // in the order read
}

// find is the visual.conf that names the types of the .ann at p (a slash
// path in fsys), as brat finds it: in p's folder or the nearest above it,
// up to the folder read.
func (v *bratVisuals) find(fsys fs.FS, p string, show func(string) string) *bratLabels {
	if v.cache == nil {
		v.cache = map[string]*bratLabels{}
	}
	var tried []string
	var found *bratLabels
	for d := path.Dir(p); ; d = path.Dir(d) {
		if bl, ok := v.cache[d]; ok {
			found = bl
			break
		}
		tried = append(tried, d)
		conf := path.Join(d, "visual.conf")
		if _, err := fs.Stat(fsys, conf); err == nil {
			if raw, err := readLimited(fsys, conf, MaxAnnBytes, "a brat visual.conf"); err == nil {
				if found = readBratLabels(string(raw), show(conf)); found != nil {
					v.read = append(v.read, found)
				}
			}
			break
		}
		if d == "." {
			break
		}
	}
	for _, d := range tried {
		v.cache[d] = found
	}
	return found
}

// notes are the notes of every visual.conf read.
func (v *bratVisuals) notes() []string {
	var out []string
	for _, bl := range v.read {
		out = append(append(out, bl.said...), bl.notes()...)
	}
	return out
}
