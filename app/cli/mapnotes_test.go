package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// writeFile writes content to dir/name and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// importOK runs skein import with args and returns its notes, failing the
// test where it exits other than 0.
func importOK(t *testing.T, store string, args ...string) (out, stderr string) {
	t.Helper()
	code, out, stderr := run(t, store, append([]string{"import"}, args...)...)
	if code != 0 {
		t.Fatalf("import %q = %d %q", args, code, stderr)
	}
	return out, stderr
}

// TestImportMapAgainSaysWhatHappened: a skein export imported again with
// -map, its spans' IDs stored and its layers no newer than the store's,
// imports 0 spans; the note said "-map read 1 span labelled ACTOR as
// actor" as if it had. It now says none was imported and why, and the
// span whose ID comes back with another label, passed over in silence
// (with -map or relabelled by hand), is named with both labels, its file
// and line: the stored one is kept. Imported again where the store has the
// span as actor already, the note says that.
func TestImportMapAgainSaysWhatHappened(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s")
	a := writeFile(t, dir, "a.jsonl", labelled[1].files["a.jsonl"])
	importOK(t, store, a)
	e := filepath.Join(dir, "e.jsonl")
	if code, _, stderr := run(t, store, "export", "-all", "-o", e); code != 0 {
		t.Fatalf("export = %d %q", code, stderr)
	}
	b, err := os.ReadFile(e)
	if err != nil {
		t.Fatal(err)
	}
	line := 1 + slices.IndexFunc(strings.Split(string(b), "\n"), func(l string) bool { return strings.Contains(l, "Mujahid denied it.") })
	at := e + ":" + strconv.Itoa(line)
	out, stderr := importOK(t, store, "-map", "ACTOR=actor", e)
	kept := at + ": 1 span whose ID the store holds with another label keeps the stored label (span 01a20127-8a53-7f0e-9d1c-3c6f0bb2b1e4: ACTOR in the store, actor in the file), as al's layer on article 1f4abb62147938d8 is no newer in the file than in the store; nothing stored was changed: relabel a stored span in the window, or import a newer copy of its layer\n"
	mapped := "note: -map read 1 span labelled ACTOR as actor, and imported 0 of them: 1 the store holds under its ID with another label, kept so (see the note of " + at + ")\n"
	if !strings.Contains(out, " 0 spans") || !strings.Contains(stderr, "note: "+kept) || !strings.Contains(stderr, mapped) {
		t.Errorf("import -map again said\n%s%s\nwant 0 spans and the notes\n%s%s", out, stderr, kept, mapped)
	}
	if got := spansOf(t, store); !slices.Contains(got, "ACTOR Mujahid") {
		t.Errorf("spans %q; want the stored ACTOR kept", got)
	}
	// Relabelled by hand, without -map: said the same way.
	relabelled := writeFile(t, dir, "r.jsonl", strings.Replace(string(b), `"label":"ACTOR"`, `"label":"claim"`, 1))
	_, stderr = importOK(t, store, relabelled)
	if want := "ACTOR in the store, claim in the file"; !strings.Contains(stderr, want) {
		t.Errorf("import of a relabelled export said %q; want %q", stderr, want)
	}
	// A file without layer times is no newer copy of al's layer: the
	// stored span is kept (it replaced it, with nothing said but "1
	// span"; TestImportKeepsColleaguesSpanUnderItsID), and what the map
	// reads as the stored label is stored so already.
	_, stderr = importOK(t, store, "-map", "ACTOR=actor", a)
	if want := "note: -map read 1 span labelled ACTOR as actor, and imported 0 of them: 1 the store holds under its ID with another label, kept so (see the note of " + a + ":1)\n"; !strings.Contains(stderr, want) {
		t.Errorf("import -map of a file without layer times said %q; want %q", stderr, want)
	}
	x := writeFile(t, dir, "x.jsonl", strings.Replace(labelled[1].files["a.jsonl"], `"label":"ACTOR"`, `"label":"X"`, 1))
	_, stderr = importOK(t, store, "-map", "X=ACTOR", x)
	if want := "note: -map read 1 span labelled X as ACTOR, and imported 0 of them: 1 the store holds so already\n"; !strings.Contains(stderr, want) {
		t.Errorf("import -map of what is stored so said %q; want %q", stderr, want)
	}
}

// TestImportMapTwoLabelsAsOne: -map PER=actor,PERSON=actor reads two
// labels of the files as one, which is not refused but was done without a
// word.
func TestImportMapTwoLabelsAsOne(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s")
	d := writeFile(t, dir, "d.jsonl", `{"text":"Kakar and Mujahid spoke.","entities":[{"label":"PER","start_offset":0,"end_offset":5},{"label":"PERSON","start_offset":10,"end_offset":17}]}`+"\n")
	_, stderr := importOK(t, store, "-map", "PER=actor,PERSON=actor", d)
	if want := "note: -map read PER and PERSON as one label, actor: their spans are no longer told apart (to keep them apart, give each a label of its own)\n"; !strings.Contains(stderr, want) {
		t.Errorf("import said %q; want %q", stderr, want)
	}
	if got := spansOf(t, store); !slices.Equal(got, []string{"actor Kakar", "actor Mujahid"}) {
		t.Errorf("spans %q; want both as actor", got)
	}
}

// TestImportMapReadsOnce: -map ACTOR=claim,claim=figure reads each span's
// label once, as the files write it (a table of pairs, so that A=B,B=A
// swaps two labels): ACTOR becomes claim, not figure, and the note says
// so, where it said nothing; a swap says nothing of it.
func TestImportMapReadsOnce(t *testing.T) {
	dir := t.TempDir()
	d := writeFile(t, dir, "d.jsonl", `{"text":"Kakar said it rose.","entities":[{"label":"ACTOR","start_offset":0,"end_offset":5},{"label":"claim","start_offset":6,"end_offset":18}]}`+"\n")
	store := filepath.Join(dir, "s")
	_, stderr := importOK(t, store, "-map", "ACTOR=claim,claim=figure", d)
	if want := "note: -map ACTOR=claim,claim=figure: each span's label is read once, as the files write it: spans labelled ACTOR are read as claim, not as figure (to read them as figure, give ACTOR=figure in place of ACTOR=claim)\n"; !strings.Contains(stderr, want) {
		t.Errorf("import said %q; want %q", stderr, want)
	}
	if got := spansOf(t, store); !slices.Equal(got, []string{"claim Kakar", "figure said it rose"}) {
		t.Errorf("spans %q; want Kakar a claim, the rest a figure", got)
	}
	swapped := filepath.Join(dir, "s2")
	_, stderr = importOK(t, swapped, "-map", "ACTOR=claim,claim=ACTOR", d)
	if strings.Contains(stderr, "read once") {
		t.Errorf("a swap said %q", stderr)
	}
	if got := spansOf(t, swapped); !slices.Equal(got, []string{"ACTOR said it rose", "claim Kakar"}) {
		t.Errorf("spans %q; want the two labels swapped", got)
	}
}

// TestImportMapCaseOfStoredLabel: a -map TO that differs only in case from
// a label the store holds (a user label, or one of skein's four) makes a
// label of its own beside it, which was done without a word.
func TestImportMapCaseOfStoredLabel(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s")
	importOK(t, store, writeFile(t, dir, "loc.jsonl", `{"text":"Kabul is far.","entities":[{"label":"Location","start_offset":0,"end_offset":5}]}`+"\n"))
	d := writeFile(t, dir, "d.jsonl", `{"text":"Quetta is near.","entities":[{"label":"LOC","start_offset":0,"end_offset":6}]}`+"\n")
	_, stderr := importOK(t, store, "-map", "LOC=location", d)
	if want := "note: -map LOC=location made location a label of its own beside the stored Location (labels are told apart by case); if you meant Location, import with -map LOC=Location\n"; !strings.Contains(stderr, want) {
		t.Errorf("import said %q; want %q", stderr, want)
	}
	_, stderr = importOK(t, store, "-map", "ACTOR=Claim", writeFile(t, dir, "a.jsonl", labelled[0].files["a.jsonl"]))
	if want := "note: -map ACTOR=Claim made Claim a label of its own beside the stored claim"; !strings.Contains(stderr, want) {
		t.Errorf("import said %q; want %q", stderr, want)
	}
	_, stderr = importOK(t, store, "-map", "LOC=Location", d)
	if strings.Contains(stderr, "label of its own") {
		t.Errorf("a -map to the stored label itself said %q", stderr)
	}
}

// TestImportMapOwnLayerKeptSaid: your own layer, carried by a bundle of
// several layers (an export -all) no newer than yours, is kept as you
// have it; a span of it that -map relabels is said as a colleague's is.
func TestImportMapOwnLayerKeptSaid(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s")
	a := writeFile(t, dir, "a.jsonl", labelled[1].files["a.jsonl"]+
		`{"text":"Kakar spoke.","spans":[{"id":"01a20127-8a53-7f0e-9d1c-3c6f0bb2b1e5","start":0,"end":5,"text":"Kakar","label":"ACTOR","created":"2026-11-22T02:45:30.512Z"}]}`+"\n")
	importOK(t, store, a)
	e := filepath.Join(dir, "e.jsonl")
	if code, _, stderr := run(t, store, "export", "-all", "-o", e); code != 0 {
		t.Fatalf("export = %d %q", code, stderr)
	}
	_, stderr := importOK(t, store, "-map", "ACTOR=actor", e)
	if want := "2 spans whose IDs the store holds with other labels keep the stored labels"; !strings.Contains(stderr, want) || !strings.Contains(stderr, "imported 0 of them: 2 the store holds under their IDs with another label, kept so") {
		t.Errorf("import -map said %q; want %q and the -map note's", stderr, want)
	}
	if got := spansOf(t, store); !slices.Equal(got, []string{"ACTOR Kakar", "ACTOR Mujahid"}) {
		t.Errorf("spans %q; want both kept as ACTOR", got)
	}
}

// TestImportMapCopySaid: a span given twice in a doccano line is imported
// once; -map's note counts the copy as not imported, saying why, where it
// said "-map read 2 spans" beside "1 span" imported.
func TestImportMapCopySaid(t *testing.T) {
	dir := t.TempDir()
	d := writeFile(t, dir, "d.jsonl", `{"text":"Mujahid denied it.","entities":[{"label":"ACTOR","start_offset":0,"end_offset":7},{"label":"ACTOR","start_offset":0,"end_offset":7}]}`+"\n")
	_, stderr := importOK(t, filepath.Join(dir, "s"), "-map", "ACTOR=actor", d)
	if want := "note: -map read 2 spans labelled ACTOR as actor, and imported 1 of them: 1 not imported (a copy of a span imported once, or on a line skipped as a problem: see the notes and problems listed)\n"; !strings.Contains(stderr, want) || !strings.Contains(stderr, "identical span imported once") {
		t.Errorf("import said %q; want %q", stderr, want)
	}
}

// TestImportMapUnusedPairWithSkippedLine: with -skip-invalid, a line
// skipped as a problem is not read, and its spans labelled ACTOR with it;
// -map's note said "no span of these files is labelled ACTOR", which the
// file contradicts, and sent the researcher after a mistyped label or its
// case. It now says no span of what was read bears it, and that what was
// skipped was not read.
func TestImportMapUnusedPairWithSkippedLine(t *testing.T) {
	dir := t.TempDir()
	d := writeFile(t, dir, "d.jsonl", `{"text":"Mujahid denied it.","entities":[{"label":"ACTOR","start_offset":0,"end_offset":70}]}`+"\n"+
		`{"text":"Kakar spoke.","entities":[{"label":"claim","start_offset":0,"end_offset":5}]}`+"\n")
	code, _, stderr := run(t, filepath.Join(dir, "s"), "import", "-skip-invalid", "-map", "ACTOR=actor", d)
	if code == 0 || !strings.Contains(stderr, "d.jsonl:1:") {
		t.Fatalf("import -skip-invalid = %d %q; want line 1 skipped", code, stderr)
	}
	if strings.Contains(stderr, "no span of these files is labelled ACTOR") {
		t.Errorf("import said %q: line 1 of the file has a span labelled ACTOR", stderr)
	}
	if want := "note: -map ACTOR=actor: no span of what was read is labelled ACTOR (labels are told apart by case; what was skipped as a problem was not read: see the problems listed)\n"; !strings.Contains(stderr, want) {
		t.Errorf("import said %q; want %q", stderr, want)
	}
}
