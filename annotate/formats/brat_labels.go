package formats

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
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

// bratUnlabelled begins the comment line of [labels] that names the
// relation type skein's export wrote its unlabelled links under (link,
// or link_2 beside a label link): a comment, so brat shows that name,
// and skein's import reads the links of that type back unlabelled, not
// labelled with the name.
const bratUnlabelled = "# unlabelled links (no label in skein): "

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
	// unlabelled are the names of unlabelled links read back so
	// (bratUnlabelled).
	unlabelled map[string]bool
	said       []string // the lines that could not be read back
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
		used: map[string]bool{}, asWritten: map[string]bool{}, renamed: map[[2]string]bool{}, unlabelled: map[string]bool{}}
	type entry struct {
		kind, name, shown, raw string
		line                   int
		why                    string // why it cannot be read back; "" where it can
	}
	var entries []*entry
	var unlabelled [][2]any // name, line
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
		case strings.HasPrefix(t, bratUnlabelled):
			name := strings.TrimPrefix(t, bratUnlabelled)
			if bratNameOf(name, unlabelledLink, "relation") {
				unlabelled = append(unlabelled, [2]any{name, i + 1})
			} else {
				bl.said = append(bl.said, fmt.Sprintf("brat: %s:%d: %q names no relation type skein's export writes for unlabelled links (link, link_2 …): its links are imported labelled as they are named", file, i+1, clip(l)))
			}
			continue
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
	for _, u := range unlabelled {
		name, line := u[0].(string), u[1].(int)
		if _, taken := bl.links[name]; taken || seen[[2]string{"link", name}] > 0 {
			bl.said = append(bl.said, fmt.Sprintf("brat: %s:%d: %s is given a label too: its links are imported as that line of [labels] says", file, line, name))
			continue
		}
		bl.links[name] = ""
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
	if label == "" {
		bl.unlabelled[name] = true
		return ""
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
	if bl == nil || len(bl.used) == 0 && len(bl.unlabelled) == 0 {
		return nil
	}
	var out []string
	for _, name := range sortedKeys(bl.unlabelled) {
		out = append(out, fmt.Sprintf("brat: %s, written by skein's export, says relation type %s is its unlabelled links: read back unlabelled", bl.file, name))
	}
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
	// root is the folder read (fsys's), on the disk: where it has no
	// visual.conf, the folders above it are looked in (above). "" for
	// none.
	root string
}

// find is the visual.conf that names the types of the .ann at p (a slash
// path in fsys), as brat finds it: in p's folder or the nearest above it,
// up to the folder read, and past it (above), as brat looks up its
// configuration up to its data's top: a subfolder of skein's brat export
// imported alone (nest/sub) is named by the export's visual.conf (nest).
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
			found = v.above(show)
			break
		}
	}
	for _, d := range tried {
		v.cache[d] = found
	}
	return found
}

// above is the visual.conf of the nearest folder above the one read that
// holds brat's configuration (visual.conf or annotation.conf: the top of a
// brat collection, as skein's export writes one), nil where that folder has
// no visual.conf, none has either, it has no skein mark, or the folder
// read holds an annotation.conf itself (it is a collection's top). find caches
// it as the folder read's.
func (v *bratVisuals) above(show func(string) string) *bratLabels {
	if v.root == "" {
		return nil
	}
	abs, err := filepath.Abs(v.root)
	if err != nil {
		return nil
	}
	if _, err := fs.Stat(dirFS(abs), "annotation.conf"); err == nil {
		return nil // the folder read is a collection's top itself
	}
	var found *bratLabels
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		fsys := dirFS(d)
		if _, err := fs.Stat(fsys, "visual.conf"); err == nil {
			if raw, err := readLimited(fsys, "visual.conf", MaxAnnBytes, "a brat visual.conf"); err == nil {
				// Named as the folder read was given: nest/visual.conf.
				name := filepath.Join(d, "visual.conf")
				if rel, err := filepath.Rel(abs, d); err == nil && !filepath.IsAbs(v.root) {
					name = filepath.Join(v.root, rel, "visual.conf")
				}
				if found = readBratLabels(string(raw), name); found != nil {
					v.read = append(v.read, found)
				}
			}
			break
		}
		if _, err := fs.Stat(fsys, "annotation.conf"); err == nil || filepath.Dir(d) == d {
			break
		}
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
