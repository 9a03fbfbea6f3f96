package transfer

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/skein-news/skein/annotate"
)

// labelMap is skein import -map at work: the label each label it names is
// read as, and how many spans each turned, counted from the goroutines
// that parse skein files ahead.
type labelMap struct {
	to map[string]string
	n  map[string]*atomic.Int64
}

func newLabelMap(to map[string]string) *labelMap {
	if len(to) == 0 {
		return nil
	}
	m := &labelMap{to: to, n: make(map[string]*atomic.Int64, len(to))}
	for from := range to {
		m.n[from] = new(atomic.Int64)
	}
	return m
}

// read is the label a span labelled label is read as. label is matched
// composed, as the map's labels are (annotate.ParseLabelMap): skein's own
// files keep a label an older store kept decomposed as written, and
// -map café=claim did not reach their cafe + U+0301, nor could any -map.
func (m *labelMap) read(label string) string {
	from := label
	to, ok := m.to[from]
	if !ok {
		if from = annotate.NormalName(label); from == label {
			return label
		}
		if to, ok = m.to[from]; !ok {
			return label
		}
	}
	m.n[from].Add(1)
	return to
}

// fn is read for a reader's options, nil without a map.
func (m *labelMap) fn() func(string) string {
	if m == nil {
		return nil
	}
	return m.read
}

// notes says what the map did: the spans each pair turned, and each pair
// no span of the files bore, a label mistyped or in another case.
func (m *labelMap) notes() []string {
	if m == nil {
		return nil
	}
	froms := make([]string, 0, len(m.to))
	for from := range m.to {
		froms = append(froms, from)
	}
	sort.Strings(froms)
	var read []string
	var out []string
	for _, from := range froms {
		to := m.to[from]
		n := m.n[from].Load()
		if n == 0 {
			out = append(out, fmt.Sprintf("-map %s=%s: no span of these files is labelled %s (labels are told apart by case)", from, to, from))
			continue
		}
		read = append(read, fmt.Sprintf("%s labelled %s as %s", annotate.Count(int(n), "span"), from, to))
	}
	if len(read) > 0 {
		out = append([]string{"-map read " + strings.Join(read, ", ")}, out...)
	}
	return out
}
