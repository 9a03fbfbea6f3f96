package cli

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// bobsClaim is bob's claim on an article, as his export writes it: his
// layer with its time.
const bobsClaim = `{"id":"1f50a70ca5222e41","text":"Kakar said terrorist attacks had risen by 60% since the Taliban took Kabul.","spans":[{"id":"01a20127-8a53-7f0e-9d1c-3c6f0bb2b1e4","start":11,"end":45,"text":"terrorist attacks had risen by 60%","label":"claim","annotator":"bob","created":"2026-11-22T02:45:30.512Z"}],"layers":[{"annotator":"bob","modified":"2026-11-22T02:45:30.512Z"}]}` + "\n"

// TestImportKeepsColleaguesSpanUnderItsID: a file bringing a span whose ID
// the store holds in a colleague's layer (bob's) with another label, and no
// time for that layer — a line naming bob without layers[], a line naming
// no annotator read with -annotator bob, either with -map — replaced bob's
// stored claim, and the import said only "1 span". A file with no time for
// a layer is no newer copy of it: bob's claim is kept, and a note counts it,
// with both labels and how to replace it, as the same export imported
// again (its layer as old as the store's) says already. bob's newer export
// replaces his layer, and the summary says so. New spans of bob's in such
// a file are added; one whose ID is stored with another note is kept too,
// and said with what differs.
func TestImportKeepsColleaguesSpanUnderItsID(t *testing.T) {
	untimed := strings.Replace(strings.Replace(bobsClaim, `"claim"`, `"accusation"`, 1), `,"layers":[{"annotator":"bob","modified":"2026-11-22T02:45:30.512Z"}]`, "", 1)
	noAnnotator := strings.Replace(untimed, `,"annotator":"bob"`, "", 1)
	claimUntimed := strings.Replace(untimed, `"accusation"`, `"claim"`, 1)
	kept := func(file string) string {
		return "note: " + file + ":1: 1 span whose ID the store holds in bob's layer with another label keeps the stored one (span 01a20127-8a53-7f0e-9d1c-3c6f0bb2b1e4: claim in the store, accusation in the file), as the file gives no time for bob's layer on article 1f50a70ca5222e41, so it is no newer copy of that layer; nothing stored was changed: to replace a stored span, import a copy of its layer with a newer time (layers[].modified, as an export writes it)\n"
	}
	for _, c := range []struct {
		name, content string
		args          []string
		also          string // a further note
	}{
		{"bob named, no layer time", untimed, nil, ""},
		{"no annotator, -annotator bob", noAnnotator, []string{"-annotator", "bob"}, ""},
		{"-map", claimUntimed, []string{"-map", "claim=accusation"}, "note: -map read 1 span labelled claim as accusation, and imported 0 of them: 1 the store holds under its ID with another label, kept so (see the note of FILE:1)\n"},
		{"-map, no annotator, -annotator bob", strings.Replace(claimUntimed, `,"annotator":"bob"`, "", 1), []string{"-annotator", "bob", "-map", "claim=accusation"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := t.TempDir()
			store := filepath.Join(d, "s")
			importOK(t, store, writeFile(t, d, "bob.jsonl", bobsClaim))
			f := writeFile(t, d, "f.jsonl", c.content)
			out, stderr := importOK(t, store, append(c.args, f)...)
			if !strings.Contains(stderr, kept(f)) || !strings.Contains(out, " 0 spans") {
				t.Errorf("import said\n%s%s\nwant 0 spans and\n%s", out, stderr, kept(f))
			}
			if also := strings.ReplaceAll(c.also, "FILE", f); !strings.Contains(stderr, also) {
				t.Errorf("import said %q; want %q", stderr, also)
			}
			if got := spansOf(t, store); !slices.Equal(got, []string{"claim terrorist attacks had risen by 60%"}) {
				t.Errorf("spans %q; want bob's claim kept", got)
			}
		})
	}

	d := t.TempDir()
	store := filepath.Join(d, "s")
	importOK(t, store, writeFile(t, d, "bob.jsonl", bobsClaim))
	// A new span of bob's beside the kept one is added; one stored with
	// another note is kept, said by what differs.
	noted := strings.Replace(claimUntimed, `"created"`, `"note":"check the source","created"`, 1)
	more := strings.Replace(noted, `"spans":[`, `"spans":[{"id":"01a20127-8a53-7f0e-9d1c-3c6f0bb2b1e5","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bob"},`, 1)
	f := writeFile(t, d, "more.jsonl", more)
	out, stderr := importOK(t, store, f)
	if want := "note: " + f + ":1: 1 span whose ID the store holds in bob's layer with another note keeps the stored one (span 01a20127-8a53-7f0e-9d1c-3c6f0bb2b1e4), as the file gives no time"; !strings.Contains(stderr, want) || !strings.Contains(out, " 1 span,") {
		t.Errorf("import said\n%s%s\nwant 1 span and %q", out, stderr, want)
	}
	if got := spansOf(t, store); !slices.Equal(got, []string{"actor Kakar", "claim terrorist attacks had risen by 60%"}) {
		t.Errorf("spans %q; want bob's claim kept and his actor added", got)
	}
	// bob's newer export replaces his layer, and says so.
	store = filepath.Join(d, "s2")
	importOK(t, store, writeFile(t, d, "bob.jsonl", bobsClaim))
	newer := strings.Replace(strings.Replace(bobsClaim, `"claim"`, `"accusation"`, 1), `"modified":"2026-11-22T02:45:30.512Z"`, `"modified":"2026-11-23T02:45:30.512Z"`, 1)
	out, stderr = importOK(t, store, writeFile(t, d, "newer.jsonl", newer))
	if !strings.Contains(out, "; replaced 1 layer with newer bundles") || strings.Contains(stderr, "keeps the stored") {
		t.Errorf("bob's newer export said\n%s%s\nwant the layer said replaced", out, stderr)
	}
	if got := spansOf(t, store); !slices.Equal(got, []string{"accusation terrorist attacks had risen by 60%"}) {
		t.Errorf("spans %q; want bob's newer layer", got)
	}
}

// TestImportKeepsColleaguesThreadUnderItsID: a thread line of bob's whose
// ID the store holds with another title, and a modified no newer than the
// stored one's (or none), replaced bob's thread with nothing said but "1
// thread", as a span's label was (TestImportKeepsColleaguesSpanUnderItsID).
// The stored thread is kept and a note counts it; a newer copy replaces it.
func TestImportKeepsColleaguesThreadUnderItsID(t *testing.T) {
	d := t.TempDir()
	store := filepath.Join(d, "s")
	thread := `{"type":"thread","id":"th-1","title":"Kakar's claims","annotator":"bob","created":"2026-11-22T02:45:30.512Z","modified":"2026-11-22T02:45:30.512Z","members":[{"doc":"1f50a70ca5222e41","span":"01a20127-8a53-7f0e-9d1c-3c6f0bb2b1e4"}]}` + "\n"
	importOK(t, store, writeFile(t, d, "bob.jsonl", bobsClaim), writeFile(t, d, "th.jsonl", thread))
	renamed := strings.Replace(thread, "Kakar's claims", "Renamed", 1)
	title := func() string {
		code, out, stderr := run(t, store, "threads")
		if code != 0 {
			t.Fatalf("threads = %d %q", code, stderr)
		}
		return out
	}
	for _, c := range []struct{ name, content string }{
		{"same time", renamed},
		{"no time", strings.Replace(renamed, `,"modified":"2026-11-22T02:45:30.512Z"`, "", 1)},
	} {
		f := writeFile(t, d, "renamed.jsonl", c.content)
		out, stderr := importOK(t, store, f)
		want := "note: " + f + ":1: 1 thread whose ID the store holds in bob's layer with other content keeps the stored one (thread th-1), as it is no newer in the file than in the store; nothing stored was changed: to replace a stored thread, import a newer copy of it (its modified, as an export writes it)\n"
		if !strings.Contains(out, " 0 threads") || !strings.Contains(stderr, want) {
			t.Errorf("%s: import said\n%s%s\nwant 0 threads and\n%s", c.name, out, stderr, want)
		}
		if got := title(); !strings.Contains(got, "Kakar's claims") {
			t.Errorf("%s: threads %q; want bob's title kept", c.name, got)
		}
	}
	newer := strings.Replace(renamed, `"modified":"2026-11-22T02:45:30.512Z"`, `"modified":"2026-11-23T02:45:30.512Z"`, 1)
	out, stderr := importOK(t, store, writeFile(t, d, "newer.jsonl", newer))
	if !strings.Contains(out, " 1 thread ") || strings.Contains(stderr, "keeps the stored") {
		t.Errorf("bob's newer thread said\n%s%s\nwant it imported", out, stderr)
	}
	if got := title(); !strings.Contains(got, "Renamed") {
		t.Errorf("threads %q; want bob's newer title", got)
	}
}
