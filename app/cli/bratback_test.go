package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// storeLabels reads a store as skein's export writes it: each span as
// "article start–end label", each link as "article head → tail label"
// (kind too, for an equivalence set), sorted.
func storeLabels(t *testing.T, dir string) []string {
	t.Helper()
	code, out, stderr := run(t, dir, "export", "-all", "-threads")
	if code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	var got []string
	at := map[string]string{} // span ID → "start–end"
	var threads []json.RawMessage
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct {
			Type, ID, Kind string
			Spans          []struct {
				ID         string
				Start, End int
				Label      string
			}
			Members []struct{ Doc, Span, Link string }
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("export line %s: %v", l, err)
		}
		if rec.Type == "thread" {
			threads = append(threads, json.RawMessage(l))
			continue
		}
		for _, s := range rec.Spans {
			at[s.ID] = fmt.Sprintf("%d–%d", s.Start, s.End)
			got = append(got, fmt.Sprintf("%s %d–%d %+q", rec.ID, s.Start, s.End, s.Label))
		}
	}
	for _, raw := range threads {
		var th struct {
			Kind    string
			Members []struct{ Doc, Span, Link string }
		}
		json.Unmarshal(raw, &th)
		for i := 1; i < len(th.Members); i++ {
			m := th.Members[i]
			got = append(got, fmt.Sprintf("%s %s → %s %+q %s", m.Doc, at[th.Members[i-1].Span], at[m.Span], m.Link, th.Kind))
		}
	}
	slices.Sort(got)
	return got
}

// TestBratRoundTripKeepsLabels: skein's brat export writes each label as
// a name brat holds (café cafe, an Urdu label underscores, Person? and
// Person! Person_ and Person__2) and names the label in visual.conf, but
// skein's brat import read the names alone: exported and imported back,
// café was the label cafe, "cafe\u0301" cafe_2, the Urdu label ______, and
// the import said so as new labels. Now the import reads each name back as
// the label visual.conf gives, where skein's export marked it so: every
// span label and link label comes back as stored, and no note says one
// was renamed.
func TestBratRoundTripKeepsLabels(t *testing.T) {
	labels := []string{"café", "cafe\u0301", "اداکار", "a|b", "a¦b", "!x", "Person?", "Person!", "Person_", `"q"`, "claim"}
	text := "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 and more."
	var spans, members []string
	for i, l := range labels {
		w := fmt.Sprintf("w%d", i)
		start := strings.Index(text, w+" ")
		spans = append(spans, fmt.Sprintf(`{"id":"s%d","start":%d,"end":%d,"text":%q,"label":%q,"annotator":"al"}`, i, start, start+len(w), w, l))
		link := ""
		if i > 0 {
			link = fmt.Sprintf(`,"link":%q`, labels[len(labels)-i]) // the labels again, as link labels
		}
		members = append(members, fmt.Sprintf(`{"doc":"%%s","span":"s%d"%s}`, i, link))
	}
	doc := fmt.Sprintf(`{"text":%q,"spans":[%s]}`, text, strings.Join(spans, ","))
	in := filepath.Join(t.TempDir(), "labels.jsonl")
	id := annotate.DocID(text)
	chain := fmt.Sprintf(`{"type":"thread","id":"chain","annotator":"al","members":[%s]}`, fmt.Sprintf(strings.Join(members, ","), slices.Repeat([]any{id}, len(members))...))
	// An equivalence set labelled Equiv (brat's type for one) beside a
	// relation labelled Equiv: visual.conf tells them apart by the name
	// written (Equiv_2 | Equiv (Equiv_2)).
	equiv := fmt.Sprintf(`{"type":"thread","id":"eq","annotator":"al","kind":"equiv","members":[{"doc":%q,"span":"s0"},{"doc":%q,"span":"s2","link":"Equiv"}]}`, id, id)
	rel := fmt.Sprintf(`{"type":"thread","id":"rel","annotator":"al","members":[{"doc":%q,"span":"s1"},{"doc":%q,"span":"s3","link":"Equiv"}]}`, id, id)
	os.WriteFile(in, []byte(doc+"\n"+chain+"\n"+equiv+"\n"+rel+"\n"), 0o644)
	dir := t.TempDir()
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	want := storeLabels(t, dir)
	if len(want) != len(labels)+len(labels)-1+2 {
		t.Fatalf("the store holds\n%s\nwant %d spans, a chain of %d links, an equivalence set and a relation", strings.Join(want, "\n"), len(labels), len(labels)-1)
	}

	out := filepath.Join(t.TempDir(), "brat")
	code, _, stderr := run(t, dir, "export", "-all", "-format", "brat", "-o", out)
	if code != 0 || !strings.Contains(stderr, "names changed to fit brat") {
		t.Fatalf("export = %d %s; want names changed to fit brat", code, stderr)
	}
	back := t.TempDir()
	code, _, notes := run(t, back, "-user", "al", "import", "-format", "brat", out)
	if code != 0 {
		t.Fatalf("import of the export = %d %s", code, notes)
	}
	if got := storeLabels(t, back); !slices.Equal(got, want) {
		t.Errorf("exported to brat and imported back, the store holds\n%s\nwant as stored\n%s\n(import said:\n%s)", strings.Join(got, "\n"), strings.Join(want, "\n"), notes)
	}
	for _, l := range strings.Split(strings.TrimSpace(notes), "\n") {
		var from, to string
		if _, err := fmt.Sscanf(l, "note: brat type %s becomes user label %s", &from, &to); err == nil && from != to {
			t.Errorf("import said %q: a label renamed on the way back", l)
		}
		for _, bad := range []string{"names changed", "→", "cannot be read back", "link types become link labels: ______"} {
			if strings.Contains(l, bad) {
				t.Errorf("import said %q", l)
			}
		}
	}
	if !strings.Contains(notes, "read back as the skein labels they were written for") {
		t.Errorf("import said\n%s\nwant it to say the names were read back as their labels", notes)
	}
}

// sharedInterop is ../shared/interop/sub above the working folder (real
// files of other tools, beside the project), or the test is skipped.
func sharedInterop(t *testing.T, sub string) string {
	t.Helper()
	dir, _ := os.Getwd()
	for ; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		if p := filepath.Join(dir, "shared", "interop", sub); dirExists(p) {
			return p
		}
	}
	t.Skipf("no shared/interop/%s above the working folder", sub)
	return ""
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// copyFolder copies the files of src (not below) to a new folder,
// leaving out those leave names.
func copyFolder(t *testing.T, src string, leave ...string) string {
	t.Helper()
	dst := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() || slices.Contains(leave, e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644)
	}
	return dst
}

// importBrat imports the brat folder in into a new store as al's and
// returns its spans and links (storeLabels) and what the import said,
// the folder's name made "IN".
func importBrat(t *testing.T, in string) ([]string, string) {
	t.Helper()
	back := t.TempDir()
	code, _, notes := run(t, back, "-user", "al", "import", "-format", "brat", in)
	if code != 0 {
		t.Fatalf("import %s = %d %s", in, code, notes)
	}
	return storeLabels(t, back), strings.ReplaceAll(notes, in, "IN")
}

// exportedBrat imports an article of text with spans (JSON objects, comma
// separated) as al's into a new store, exports it to brat and returns the
// export's folder.
func exportedBrat(t *testing.T, text, spans string) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "one.jsonl")
	os.WriteFile(in, []byte(fmt.Sprintf(`{"text":%q,"spans":[%s]}`, text, spans)+"\n"), 0o644)
	dir := t.TempDir()
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "brat")
	if code, _, stderr := run(t, dir, "export", "-all", "-format", "brat", "-o", out); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	return out
}

// Only a visual.conf skein's export marked names labels: a real brat
// project's [labels] are display names and abbreviations ("Organization |
// Organization | Org"), and brat's tutorial corpus imports as it does
// without its visual.conf; a skein export whose mark is taken out imports
// its names, as before; and a line of a marked one that cannot be read
// back exactly keeps its name, the note naming visual.conf and the line.
func TestBratBackOnlyWhereSkeinMarked(t *testing.T) {
	t.Run("brat's own project", func(t *testing.T) {
		news := sharedInterop(t, "brat-news")
		got, gotNotes := importBrat(t, copyFolder(t, news))
		want, wantNotes := importBrat(t, copyFolder(t, news, "visual.conf"))
		if !slices.Equal(got, want) || gotNotes != wantNotes {
			t.Errorf("brat's tutorial imports otherwise with its visual.conf:\n%s\n%s\nwant as without:\n%s\n%s", strings.Join(got, "\n"), gotNotes, strings.Join(want, "\n"), wantNotes)
		}
		if !strings.Contains(gotNotes, "brat type Organization becomes user label Organization\n") || strings.Contains(gotNotes, "visual.conf") {
			t.Errorf("brat's tutorial: the import said\n%s\nwant Organization its label, not Org, and no word of visual.conf", gotNotes)
		}
	})

	text := "Minister said so in Kabul today."
	out := exportedBrat(t, text, `{"start":0,"end":8,"text":"Minister","label":"café","annotator":"al"},{"start":9,"end":13,"text":"said","label":"cafe\u0301","annotator":"al"},{"start":20,"end":25,"text":"Kabul","label":"Person?","annotator":"al"}`)
	vis, err := os.ReadFile(filepath.Join(out, "visual.conf"))
	if err != nil {
		t.Fatal(err)
	}
	id := annotate.DocID(text)
	span := func(start, end int, label string) string {
		return fmt.Sprintf("%s %d–%d %+q", id, start, end, label)
	}
	for _, c := range []struct {
		name       string
		edit       func(string) string
		want       []string
		notes      []string // said
		unsaid     []string
		lineOfNote string // the visual.conf line a note names
	}{
		{"without the mark", func(v string) string {
			var keep []string
			for _, l := range strings.Split(v, "\n") {
				if !strings.HasPrefix(l, "# skein labels:") {
					keep = append(keep, l)
				}
			}
			return strings.Join(keep, "\n")
		}, []string{span(0, 8, "cafe"), span(9, 13, "cafe_2"), span(20, 25, "Person_")},
			[]string{"brat type cafe becomes user label cafe\n", "brat type cafe_2 becomes user label cafe_2\n"}, []string{"visual.conf"}, ""},
		{"a line not as skein writes it", func(v string) string {
			v = strings.Replace(v, "cafe | café\n", "cafe | Organization\n", 1)
			return strings.Replace(v, `cafe_2 | "cafe\u0301"`+"\n", `cafe_2 | "cafe\u03`+"\n", 1)
		}, []string{span(0, 8, "cafe"), span(9, 13, "cafe_2"), span(20, 25, "Person?")},
			[]string{`brat: visual.conf:%d: "cafe | Organization" cannot be read back as a skein label (cafe is no name skein's export writes for Organization): the type cafe is imported as it is named`,
				`brat: visual.conf:%d: "cafe_2 | \"cafe\\u03" cannot be read back as a skein label (its label is not quoted as skein quotes one): the type cafe_2 is imported as it is named`,
				"brat type Person? becomes user label Person?\n"}, nil, "cafe | Organization"},
	} {
		t.Run(c.name, func(t *testing.T) {
			folder := copyFolder(t, out)
			edited := c.edit(string(vis))
			os.WriteFile(filepath.Join(folder, "visual.conf"), []byte(edited), 0o644)
			got, notes := importBrat(t, folder)
			slices.Sort(c.want)
			if !slices.Equal(got, c.want) {
				t.Errorf("imported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			for i, n := range c.notes {
				if strings.Contains(n, "%d") {
					lines := strings.Split(edited, "\n")
					at := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "cafe | ") })
					if i == 1 {
						at = slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "cafe_2 | ") })
					}
					n = fmt.Sprintf(n, at+1)
				}
				if !strings.Contains(notes, n) {
					t.Errorf("import said\n%s\nwant %s", notes, n)
				}
			}
			for _, n := range c.unsaid {
				if strings.Contains(notes, n) {
					t.Errorf("import said\n%s\nwant no word of %s", notes, n)
				}
			}
		})
	}
}

// TestBratTwoNamesOfOneLabelKeepTheirNames: skein's export writes a span
// label as one entity type, but a marked visual.conf whose lines each
// came out as the export writes them could give one label to two types
// ("Person_ | Person! (Person_)", "Person__2 | Person! (Person__2)", as the
// export writes a label shown alike twice): the import read the spans of
// both types as Person!, two labels of the file made one. Such lines now
// keep their names, and a note names each.
func TestBratTwoNamesOfOneLabelKeepTheirNames(t *testing.T) {
	text := "Alice met Bob in Kabul."
	folder := copyFolder(t, exportedBrat(t, text, `{"start":0,"end":5,"text":"Alice","label":"Person?","annotator":"al"},{"start":10,"end":13,"text":"Bob","label":"Person!","annotator":"al"}`))
	vis, err := os.ReadFile(filepath.Join(folder, "visual.conf"))
	if err != nil {
		t.Fatal(err)
	}
	v := string(vis)
	for _, l := range []string{"Person_ | Person!\n", "Person__2 | Person?\n"} {
		if !strings.Contains(v, l) {
			t.Fatalf("the export's visual.conf:\n%s\nwant the line %q", v, l)
		}
	}
	v = strings.Replace(v, "Person_ | Person!\n", "Person_ | Person! (Person_)\n", 1)
	v = strings.Replace(v, "Person__2 | Person?\n", "Person__2 | Person! (Person__2)\n", 1)
	os.WriteFile(filepath.Join(folder, "visual.conf"), []byte(v), 0o644)
	got, notes := importBrat(t, folder)
	id := annotate.DocID(text)
	want := []string{fmt.Sprintf("%s 0–5 %+q", id, "Person__2"), fmt.Sprintf("%s 10–13 %+q", id, "Person_")}
	if !slices.Equal(got, want) {
		t.Errorf("two types given one label in visual.conf imported as\n%s\nwant each type its own name\n%s\n(import said:\n%s)", strings.Join(got, "\n"), strings.Join(want, "\n"), notes)
	}
	lines := strings.Split(v, "\n")
	for _, name := range []string{"Person_", "Person__2"} {
		at := slices.Index(lines, name+" | Person! ("+name+")")
		note := fmt.Sprintf(`brat: visual.conf:%d: %q cannot be read back as a skein label (its label is given to other names too): the type %s is imported as it is named`, at+1, lines[at], name)
		if !strings.Contains(notes, note) {
			t.Errorf("import said\n%s\nwant %s", notes, note)
		}
	}
}

// TestBratNamesApartAcrossKindsAndFromBrats: brat looks a type's labels
// and drawing up by its name alone, whatever its kind, so a span label and
// a link label of one name (Person) shared visual.conf's lines; a label
// SPAN_DEFAULT or ARC_DEFAULT, written as a type's [drawing] line, set the
// style of every span or arc; and an unlabelled link was written "link",
// the name of a link labelled link, so the two came back as one label.
// Every name is now apart: a link label a span label has is numbered past
// it (Person_2), brat's own names are numbered (SPAN_DEFAULT_2), and an
// unlabelled link is numbered past a link labelled link (beside a span
// label link: link_2 for the labelled, link_3 for the unlabelled); the
// round trip still gives back each label (the unlabelled link, which brat
// cannot write without a type, comes back as link_3, apart from link).
func TestBratNamesApartAcrossKindsAndFromBrats(t *testing.T) {
	text := "w0 w1 w2 w3 w4 w5 and more."
	spanLabels := []string{"Person", "SPAN_DEFAULT", "ARC_DEFAULT", "ENTITY_DEFAULT", "link", "claim"}
	var spans []string
	for i, l := range spanLabels {
		w := fmt.Sprintf("w%d", i)
		start := strings.Index(text, w+" ")
		spans = append(spans, fmt.Sprintf(`{"id":"s%d","start":%d,"end":%d,"text":%q,"label":%q,"annotator":"al"}`, i, start, start+len(w), w, l))
	}
	id := annotate.DocID(text)
	lines := []string{fmt.Sprintf(`{"text":%q,"spans":[%s]}`, text, strings.Join(spans, ","))}
	for i, link := range []string{"Person", "ARC_DEFAULT", "RELATION_DEFAULT", "-", ""} {
		if link == "-" {
			continue
		}
		lines = append(lines, fmt.Sprintf(`{"type":"thread","id":"th%d","annotator":"al","members":[{"doc":%q,"span":"s%d"},{"doc":%q,"span":"s%d","link":%q}]}`, i, id, i, id, i+1, link))
	}
	// A link labelled link beside the unlabelled one.
	lines = append(lines, fmt.Sprintf(`{"type":"thread","id":"thl","annotator":"al","members":[{"doc":%q,"span":"s4"},{"doc":%q,"span":"s5","link":"link"}]}`, id, id))
	in := filepath.Join(t.TempDir(), "kinds.jsonl")
	os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	dir := t.TempDir()
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "brat")
	code, _, stderr := run(t, dir, "export", "-all", "-format", "brat", "-o", out)
	if code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	if !strings.Contains(stderr, "note: brat: 1 unlabelled link written as relation type link_3") {
		t.Errorf("export said\n%s\nwant the unlabelled link's name, link_3", stderr)
	}
	conf, _ := os.ReadFile(filepath.Join(out, "annotation.conf"))
	seen := map[string]int{}
	for _, l := range strings.Split(string(conf), "\n") {
		if name, _, _ := strings.Cut(l, "\t"); name != "" && !strings.HasPrefix(name, "#") && !strings.HasPrefix(name, "[") && !strings.HasPrefix(name, "<") {
			seen[name]++
		}
	}
	for _, want := range []string{"Person", "Person_2", "SPAN_DEFAULT_2", "ARC_DEFAULT_2", "ARC_DEFAULT_3", "ENTITY_DEFAULT_2", "RELATION_DEFAULT_2", "link", "link_2", "link_3", "claim"} {
		if seen[want] != 1 {
			t.Errorf("annotation.conf names %s %d times, want once:\n%s", want, seen[want], conf)
		}
	}
	for name, n := range seen {
		if n > 1 || strings.HasSuffix(name, "_DEFAULT") {
			t.Errorf("annotation.conf names %s %d times:\n%s", name, n, conf)
		}
	}
	vis, _ := os.ReadFile(filepath.Join(out, "visual.conf"))
	if n := strings.Count(string(vis), "\nSPAN_DEFAULT\t"); n != 1 || strings.Count(string(vis), "\nARC_DEFAULT\t") != 1 {
		t.Errorf("visual.conf has %d SPAN_DEFAULT lines, want skein's alone:\n%s", n, vis)
	}
	ann, _ := os.ReadFile(filepath.Join(out, id+".ann"))
	if !strings.Contains(string(ann), "\tPerson_2 Arg1:") || !strings.Contains(string(ann), "\tlink_2 Arg1:") || !strings.Contains(string(ann), "\tlink_3 Arg1:") {
		t.Errorf("the .ann holds\n%s\nwant the link labelled Person written Person_2, the link labelled link link_2 (a span label is link) and the unlabelled link_3", ann)
	}

	want := storeLabels(t, dir) // the unlabelled link back unlabelled, as visual.conf says link_3 is
	slices.Sort(want)
	got, notes := importBrat(t, out)
	if !slices.Equal(got, want) {
		t.Errorf("exported to brat and imported back, the store holds\n%s\nwant\n%s\n(import said:\n%s)", strings.Join(got, "\n"), strings.Join(want, "\n"), notes)
	}
	if strings.Contains(notes, "cannot be read back") {
		t.Errorf("import said\n%s", notes)
	}
}
