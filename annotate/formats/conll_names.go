package formats

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// conllNames names labels in a CoNLL export's tags. A CoNLL line's columns
// are separated by spaces and tabs, and its tag is the last: written as it
// is, a label with a space, "my label", gave the line "Kakar B-my label",
// which the import (skein's, and any CoNLL reader's) reads as the tag
// "label", and "my label" and "your label" came back as one label, label.
// Each space (any character a CoNLL reader takes for one between columns)
// is now written _, and a name that is already another label's gets a
// number (the label met first keeps it); the note lists each rename.
type conllNames struct {
	as      map[string]string // label → as written
	taken   map[string]bool   // names written
	renamed [][2]string       // label, as written, in the order met
	// shared is true for the names a split's parts share: their note is
	// said once for the whole export (SharedNotes), not in a part's.
	shared bool
}

func newCoNLLNames() *conllNames {
	return &conllNames{as: map[string]string{}, taken: map[string]bool{}}
}

// name is label as a tag writes it.
func (n *conllNames) name(label string) string {
	if out, ok := n.as[label]; ok {
		return out
	}
	base := strings.Map(func(r rune) rune {
		if r < 0x80 && isColumnSpace(byte(r)) {
			return '_'
		}
		return r
	}, label)
	out := base
	for i := 2; n.taken[out]; i++ {
		out = fmt.Sprintf("%s_%d", base, i)
	}
	n.as[label], n.taken[out] = out, true
	if out != label {
		n.renamed = append(n.renamed, [2]string{label, out})
	}
	return out
}

// note lists every label renamed, once each, in the order met; nil
// without one.
func (n *conllNames) note() []string {
	if len(n.renamed) == 0 {
		return nil
	}
	each := make([]string, len(n.renamed))
	for i, r := range n.renamed {
		shown := annotate.LabelShown(r[0])
		if shown == r[0] {
			shown = strconv.Quote(r[0])
		}
		each[i] = shown + " → " + r[1]
	}
	return []string{countLine("conll", "%d labels renamed to fit CoNLL (a space, which separates a line's columns, becomes _; a name another label has gets a number)", len(each)) + " (" + strings.Join(each, "; ") + ")"}
}
