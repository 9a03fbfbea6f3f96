package agree

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// columns are the table's measure columns, named as the JSON keys are.
var columns = []string{"cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "unitized_alpha", "f1_exact", "f1_overlap", "link_f1"}

func (m *Measures) cells() []*float64 {
	return []*float64{m.CohenKappa, m.FleissKappa, m.KrippendorffAlpha, m.UnitizedAlpha, m.F1Exact, m.F1Overlap, m.LinkF1}
}

// maxTitle is how many characters of a title the table shows.
const maxTitle = 40

// WriteTable writes the report as aligned plain text: the overall row, one
// row per label (the default labels in their usual order, then the others
// alphabetically) and one row per document, worst first. Values have three
// decimals; a measure the data do not define reads "undefined".
//
// Unless all is set, the rows that could only read "undefined" are left
// out and counted instead: a document fewer than two of the annotators
// worked on, and a label no measure is defined for (used only in such
// documents). A brat corpus of 300 articles of which one annotator did
// 200, imported with labels of its own, had printed a hundred rows and
// every one of its labels as lines of "undefined", hiding the rows that
// measure something.
func (r *Report) WriteTable(w io.Writer, all bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := func(first ...string) {
		fmt.Fprintln(tw, strings.Join(append(first, columns...), "\t"))
	}
	row := func(m *Measures, first ...string) {
		cells := first
		for _, v := range m.cells() {
			cells = append(cells, Format(v))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	fmt.Fprintf(tw, "annotators: %s\n\n", strings.Join(r.Annotators, ", "))
	header("")
	row(&r.Overall, "overall")
	fmt.Fprintln(tw)
	header("label")
	hiddenLabels := 0
	for _, name := range labelOrder(r.Labels) {
		m := r.Labels[name]
		if !all && m.Undefined() {
			hiddenLabels++
			continue
		}
		row(&m, clean(annotate.LabelShown(name)))
	}
	if hiddenLabels > 0 {
		fmt.Fprintf(tw, "(%s used only in articles fewer than two of them worked on left out, undefined: skein agree -all lists them)\n", annotate.Count(hiddenLabels, "label"))
	}
	fmt.Fprintln(tw)
	header("document", "title")
	hiddenDocs := 0
	for i := range r.Documents {
		d := &r.Documents[i]
		if !all && d.Worked < 2 {
			hiddenDocs++
			continue
		}
		row(&d.Measures, d.ID, clip(clean(d.ShownTitle()), maxTitle))
	}
	if hiddenDocs > 0 || r.Unworked > 0 {
		fmt.Fprintln(tw)
	}
	if hiddenDocs > 0 {
		fmt.Fprintf(tw, "(%s only one of them worked on left out, undefined: skein agree -all lists them)\n", annotate.Count(hiddenDocs, "article"))
	}
	if r.Unworked > 0 {
		fmt.Fprintf(tw, "(%s none of them worked on left out)\n", annotate.Count(r.Unworked, "article"))
	}
	return tw.Flush()
}

// Undefined tells whether no measure of the row is defined: a label used
// only in articles fewer than two of the annotators worked on.
func (m *Measures) Undefined() bool {
	for _, v := range m.cells() {
		if v != nil {
			return false
		}
	}
	return true
}

// Format writes a measure as the tables show it: three decimals, with no
// "-0.000" for a value that rounds to nothing, or "undefined".
func Format(v *float64) string {
	if v == nil {
		return "undefined"
	}
	s := fmt.Sprintf("%.3f", *v)
	if s == "-0.000" {
		s = "0.000"
	}
	return s
}

// labelOrder lists the default labels first, in key order, then the others
// alphabetically.
func labelOrder(labels map[string]Measures) []string {
	var out, rest []string
	for _, l := range annotate.DefaultLabels {
		if _, ok := labels[l.Name]; ok {
			out = append(out, l.Name)
		}
	}
	for name := range labels {
		if !annotate.IsDefaultLabel(name) {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// clean keeps tabs and newlines in a title from breaking the table.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
