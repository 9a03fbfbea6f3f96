package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// run runs skein with args on store dir and returns the exit status and output.
func run(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "SKEIN_STORE" {
			return dir
		}
		return ""
	}}
	code := Main(args, env)
	return code, out.String(), errb.String()
}

// TestVersion: skein -version prints the version, the commit and the build
// date on standard output, and opens no store.
func TestVersion(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	code, out, stderr := run(t, dir, "-version")
	if code != 0 || stderr != "" {
		t.Fatalf("skein -version = %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "skein ") || !strings.HasPrefix(lines[1], "commit ") || !strings.HasPrefix(lines[2], "built ") {
		t.Errorf("skein -version printed\n%s\nwant skein VERSION, commit …, built …, Go release", out)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("skein -version created the store %s", dir)
	}
}

// A file named to import whose kind skein cannot tell from its name is
// refused naming every extension skein reads, from the table it reads
// them by, as a folder holding none is: it named four of the eleven, so
// that a user with a .ndjson or .iob file was told skein does not read it.
// skein import -format brat d.jsonl said "not a file skein reads (… or
// name one with -format)" to a newcomer who had named one: now it says
// what -format brat reads, and to leave -format out.
func TestImportFormatBratOfAnotherFile(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "d.jsonl")
	if err := os.WriteFile(d, []byte(`{"text":"Kakar spoke.","label":[[0,5,"actor"]]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, filepath.Join(dir, "store"), "import", "-format", "brat", d)
	want := d + ": not a file skein reads as brat (a brat folder, or its .txt and .ann files); leave -format out, and skein tells this file's format from its name and content"
	if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "name one with -format") {
		t.Errorf("skein import -format brat d.jsonl = %d, stderr:\n%s\nwant 1 and %q", code, stderr, want)
	}
}

func TestImportUnknownKindNamesEveryExtension(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.md")
	if err := os.WriteFile(notes, []byte("Kakar spoke.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, filepath.Join(dir, "store"), "import", notes)
	if code != 1 {
		t.Errorf("skein import notes.md = %d, want 1", code)
	}
	for _, want := range []string{"notes.md: not a file skein reads", ".text", ".ndjson", ".ann (brat, beside its .txt)", ".iob", ".bioes", "-format"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
}

func TestUsageAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"help", []string{"-h"}, 0, "import"},
		{"help names the default store", []string{"-h"}, 0, "default store"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown global flag", []string{"-nope"}, 2, "flag provided but not defined: -nope"},
		{"unknown command flag", []string{"list", "-nope"}, 2, "flag provided but not defined"},
		{"command help", []string{"export", "-h"}, 0, "-annotator"},
		{"import without paths", []string{"import"}, 2, "name at least one file"},
		{"export bad format", []string{"export", "-format", "xml"}, 2, `unknown format "xml"`},
		{"export both", []string{"export", "-all", "-annotator", "x"}, 2, "not both"},
		{"export no annotator", []string{"export", "-annotator", ", ,"}, 2, `-annotator ", ," names no annotator`},
		{"brat needs a folder", []string{"export", "-format", "brat"}, 2, "-o DIR"},
		// -seed chooses a split's parts: alone it did nothing, exit 0.
		{"seed without split", []string{"export", "-seed", "5", "-o", "/nonexistent-skein-dir/x.jsonl"}, 2, "skein export: -seed chooses the parts of -split: give -split too (-split 80/10/10 -seed 5)"},
		// -threads is skein's: with another format it changed nothing, exit 0.
		{"threads with doccano", []string{"export", "-format", "doccano", "-threads"}, 2, "skein export: -threads adds skein's thread lines, which only -format skein writes; -format doccano holds no threads across articles (it writes the links inside an article without -threads, and says in a note what it cannot hold): leave -threads out, or export -format skein -threads or -format w3c, which carry threads across articles"},
		{"threads with conll", []string{"export", "-format", "conll", "-threads"}, 2, "-format conll holds no links or threads at all"},
		{"threads with w3c", []string{"export", "-format", "w3c", "-threads"}, 2, "-format w3c writes every thread without it (as linking annotations): leave -threads out"},
		{"agree one annotator", []string{"agree", "-a", "x"}, 2, "skein agree: name at least two annotators: -a A -b B, or -annotators A,B,C\n"},
		{"curate one annotator", []string{"curate", "-annotators", "x"}, 2, "skein curate: name at least two annotators: -annotators A,B[,C…]\n"},
		{"import bad format", []string{"import", "-format", "nope", "x.txt"}, 2, `skein import: unknown import format "nope"`},
		// -as-suggestions read none of import's other flags and said so of none:
		// -skip-invalid imported nothing all the same.
		{"suggestions skip invalid", []string{"import", "-as-suggestions", "ner", "-skip-invalid", "p.jsonl"}, 2, "skein import: -skip-invalid does not go with -as-suggestions: a model's predictions go in whole or not at all (skein agree -a model:NAME would measure what was left as the model): leave -skip-invalid out, fix the problems the import lists, then import again\n"},
		{"suggestions format", []string{"import", "-format", "prodigy", "-as-suggestions", "ner", "p.jsonl"}, 2, "skein import: -format does not go with -as-suggestions, which reads skein, Prodigy or spaCy JSONL in UTF-8, telling each line's shape itself, and keeps no layer: leave -format out"},
		{"suggestions own", []string{"import", "-own", "-as-suggestions", "ner", "p.jsonl"}, 2, "skein import: -own does not go with -as-suggestions"},
		{"import bad encoding", []string{"import", "-encoding", "klingon", "x.txt"}, 2, `skein import: unknown encoding "klingon"`},
		{"list takes no arguments", []string{"list", "extra"}, 2, `unexpected argument "extra"`},
		{"threads takes no arguments", []string{"threads", "x"}, 2, `unexpected argument "x"`},
		{"agree takes no arguments", []string{"agree", "-a", "a", "-b", "b", "z"}, 2, `unexpected argument "z"`},
		{"curate takes no arguments", []string{"curate", "-annotators", "a,b", "q"}, 2, `unexpected argument "q"`},
		{"no window in tests", []string{}, 2, "no window"},
		{"rm unknown", []string{"rm", "ffffffffffffffff"}, 1, "no document ffffffffffffffff: nothing deleted"},
		{"export into a missing folder", []string{"export", "-o", "/nonexistent-skein-dir/x.jsonl"}, 1, "cannot write /nonexistent-skein-dir/x.jsonl: there is no folder /nonexistent-skein-dir: make it first"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, dir, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("skein %v = %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.stderr)
			}
		})
	}
}

func TestSeedsListImportExportRemove(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := run(t, dir, "list")
	if code != 0 || strings.Count(out, "\n") != 5 || !strings.Contains(out, "Pakistan Blames Taliban’s Inaction") {
		t.Fatalf("list on a new store = %d %q %q; want the five seeds", code, out, stderr)
	}
	// Importing a file with a bad one beside it changes nothing and exits 1.
	files := t.TempDir()
	good := filepath.Join(files, "good.txt")
	os.WriteFile(good, []byte("Islamabad said the TTP is to blame.\n"), 0o644)
	bad := filepath.Join(files, "bad.txt")
	os.WriteFile(bad, []byte("caf\xe9"), 0o644)
	code, _, stderr = run(t, dir, "import", good, bad)
	if code != 1 || !strings.Contains(stderr, "bad.txt:1: not UTF-8: invalid byte 0xe9 at byte 3") ||
		!strings.Contains(stderr, "(fix it, or use -skip-invalid to import the rest)") {
		t.Errorf("import with a bad file = %d, %q", code, stderr)
	}
	// A lone bad file has no rest: the message does not send the
	// researcher to -skip-invalid, which would import nothing either.
	code, _, stderr = run(t, dir, "import", bad)
	if code != 1 || strings.Contains(stderr, "-skip-invalid") || !strings.Contains(stderr, "nothing imported: 1 problem (fix it, then import again):") {
		t.Errorf("import of a lone bad file = %d, %q; want no -skip-invalid offered", code, stderr)
	}
	if _, out, _ = run(t, dir, "list"); strings.Count(out, "\n") != 5 {
		t.Errorf("a refused import changed the store:\n%s", out)
	}
	code, out, stderr = run(t, dir, "import", "-skip-invalid", good, bad)
	if code != 1 || !strings.Contains(out, "imported 1 new document ") || !strings.Contains(stderr, "skipped 1") {
		t.Errorf("import -skip-invalid = %d, %q, %q", code, out, stderr)
	}
	// Export writes one line per document.
	exp := filepath.Join(t.TempDir(), "out.jsonl")
	if code, _, stderr = run(t, dir, "-user", "al", "export", "-o", exp); code != 0 {
		t.Fatalf("export = %d %q", code, stderr)
	}
	b, _ := os.ReadFile(exp)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 6 {
		t.Fatalf("export wrote %d lines, want 6", len(lines))
	}
	var first struct {
		ID, Title, Source, Date, Text string
		Spans                         []any
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || len(first.ID) != 16 || first.Text == "" || first.Spans == nil {
		t.Errorf("first line %q: %v", lines[0][:80], err)
	}
	// rm deletes, and the seed does not come back on the next start. An
	// ID named twice is deleted once: the second failed, exit 1, after
	// the deletion ("delete document …: not found").
	code, out, stderr = run(t, dir, "rm", first.ID, first.ID)
	if code != 0 || out != "deleted "+first.ID+"\n" || stderr != "" {
		t.Fatalf("rm ID ID = %d %q %q", code, out, stderr)
	}
	if _, out, _ = run(t, dir, "list"); strings.Contains(out, first.ID) || strings.Count(out, "\n") != 5 {
		t.Errorf("after rm the list is:\n%s", out)
	}
}

// TestLockedStoreMessage: a store held by a process that serves nothing (a
// long command, an older skein; a window would serve the command) is
// refused within a second, naming the folder.
func TestLockedStoreMessage(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	code, _, stderr := run(t, dir, "list")
	want := "skein: store " + dir + " is open in another skein process\n"
	if code != 1 || stderr != want {
		t.Errorf("list on a held store = %d %q; want 1 %q", code, stderr, want)
	}
}

func TestUserDefaultsToTheWindowsName(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetMeta("user", "maria"); err != nil { // as the window does (app.MetaUser)
		t.Fatal(err)
	}
	st.Close()
	file := filepath.Join(t.TempDir(), "m.jsonl")
	os.WriteFile(file, []byte(`{"title":"t","text":"Kakar spoke.","spans":[{"id":"m1","start":0,"end":5,"text":"Kakar","label":"actor"}]}`+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "import", file); code != 0 {
		t.Fatalf("import = %d %q", code, stderr)
	}
	code, out, _ := run(t, dir, "export")
	if code != 0 || !strings.Contains(out, `"annotator":"maria"`) {
		t.Errorf("export without -user did not write maria's layer: %q", out)
	}
	if _, out, _ = run(t, dir, "-user", "other", "export"); strings.Contains(out, `"id":"m1"`) {
		t.Errorf("-user other still exported maria's span")
	}
}

// A store that cannot be opened is one message with one prefix: "skein
// COMMAND: " for a command, "skein: " for the window; never "skein list:
// skein: cannot open store X: open store X: …".
func TestStoreThatCannotBeOpened(t *testing.T) {
	file := filepath.Join(t.TempDir(), "store")
	os.WriteFile(file, []byte("not a store\n"), 0o644)
	for _, cmd := range []string{"list", "import", "export", "rm"} {
		args := []string{cmd}
		if cmd == "import" || cmd == "rm" {
			args = append(args, "x")
		}
		code, _, stderr := run(t, file, args...)
		want := "skein " + cmd + ": cannot open store " + file + ": it is a file, not a folder\n"
		if code != 1 || stderr != want {
			t.Errorf("skein %v on a file = %d %q; want 1 %q", args, code, stderr, want)
		}
	}
	var errb bytes.Buffer
	opened := false
	env := Env{Stdout: &bytes.Buffer{}, Stderr: &errb, Getenv: func(string) string { return "" },
		Window: func(*store.Store, string, bool, string) error { opened = true; return nil }}
	code := Main([]string{"-store", file}, env)
	want := "skein: cannot open store " + file + ": it is a file, not a folder\n"
	if code != 1 || opened || errb.String() != want {
		t.Errorf("the window on a file = %d (opened %v) %q; want 1 %q", code, opened, errb.String(), want)
	}
}

// TestStoreDirPerSystem: the default store follows each system's per-user
// data folder, checked here for all three whatever system runs the test.
func TestStoreDirPerSystem(t *testing.T) {
	tests := []struct {
		name, goos, home string
		env              map[string]string
		want             string
	}{
		{"windows", "windows", `C:\Users\Ayesha Khan`, map[string]string{"LocalAppData": `C:\Users\Ayesha Khan\AppData\Local`, "USERPROFILE": `C:\Users\Ayesha Khan`}, `C:\Users\Ayesha Khan\AppData\Local\skein`},
		{"windows on another drive", "windows", `D:\home\ak`, map[string]string{"LocalAppData": `D:\profiles\ak\AppData\Local`}, `D:\profiles\ak\AppData\Local\skein`},
		{"windows without LocalAppData", "windows", `C:\Users\ak`, map[string]string{"USERPROFILE": `C:\Users\ak`}, `C:\Users\ak\AppData\Local\skein`},
		{"macos", "darwin", "/Users/ak", nil, "/Users/ak/Library/Application Support/skein"},
		{"linux", "linux", "/home/ak", nil, "/home/ak/.local/share/skein"},
		{"linux with XDG_DATA_HOME", "linux", "/home/ak", map[string]string{"XDG_DATA_HOME": "/data/ak"}, "/data/ak/skein"},
		{"linux ignores a relative XDG_DATA_HOME", "linux", "/home/ak", map[string]string{"XDG_DATA_HOME": "data"}, "/home/ak/.local/share/skein"},
		{"freebsd", "freebsd", "/home/ak", nil, "/home/ak/.local/share/skein"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.goos != "windows" && filepath.Separator != '/' {
				t.Skip("a Unix path rule, checked where / separates")
			}
			got := storeDirFor(tc.goos, func(k string) string { return tc.env[k] }, tc.home)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	if got := storeDirFor("windows", func(string) string { return "" }, ""); !strings.HasSuffix(got, "skein") || !filepath.IsAbs(got) {
		t.Errorf("without any home: %q, want an absolute folder named skein", got)
	}
}

// A name that cannot name a folder in a team folder is refused where it
// is given, -user or SKEIN_USER, before anything is done under it; a
// person's name with a space is taken. Before, "skein -user curated"
// labelled into the curated layer and "-user ../x" worked until the team
// folder refused it. skein import -annotator names a layer as -user does,
// and is refused the same way: it took "a/b", whose folder no team folder
// can hold.
func TestUserNameIsAnAnnotatorsName(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	txt := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(txt, []byte("An article.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, why string }{
		{"../x", "begins with a letter or a digit"},
		{"curated", "curated layer's name"},
		{"a/b", `'/' cannot be in a name`},
	} {
		code, _, stderr := run(t, dir, "-user", c.name, "list")
		if code != exitUsage || !strings.Contains(stderr, `-user "`+c.name+`" is not an annotator's name: `) || !strings.Contains(stderr, c.why) {
			t.Errorf("skein -user %q list = %d, %q; want exit %d naming why: %s", c.name, code, stderr, exitUsage, c.why)
		}
		code, _, stderr = run(t, dir, "import", "-annotator", c.name, txt)
		if code != exitUsage || !strings.Contains(stderr, `-annotator "`+c.name+`" is not an annotator's name: `) || !strings.Contains(stderr, c.why) {
			t.Errorf("skein import -annotator %q = %d, %q; want exit %d naming why: %s", c.name, code, stderr, exitUsage, c.why)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("a refused -user or -annotator created the store %s", dir)
	}
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		return map[string]string{"SKEIN_STORE": dir, "SKEIN_USER": "con"}[k]
	}}
	if code := Main([]string{"list"}, env); code != exitUsage || !strings.Contains(errb.String(), `SKEIN_USER "con" is not an annotator's name: Windows keeps it for a device`) {
		t.Errorf("SKEIN_USER=con skein list = %d, %q", code, errb.String())
	}
	if code, _, stderr := run(t, dir, "-user", "Bilal Khan", "list"); code != 0 {
		t.Errorf("skein -user 'Bilal Khan' list = %d, %q; want it taken", code, stderr)
	}
	// "Zoë" pasted from macOS's Finder is e and a combining diaeresis: the
	// window annotates as the one Zoë, composed, that she is everywhere
	// else (her team folder, her colleagues' stores).
	for _, from := range []string{"-user", "SKEIN_USER"} {
		var got string
		env := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
			m := map[string]string{"SKEIN_STORE": dir}
			if from == "SKEIN_USER" {
				m["SKEIN_USER"] = "Zoe\u0308"
			}
			return m[k]
		}, Window: func(_ *store.Store, user string, _ bool, _ string) error { got = user; return nil }}
		args := []string{}
		if from == "-user" {
			args = []string{"-user", "Zoe\u0308"}
		}
		if code := Main(args, env); code != 0 || got != "Zo\u00eb" {
			t.Errorf("%s Zoe+U+0308: exit %d, the window annotates as %q; want Zo\u00eb, composed", from, code, got)
		}
	}
}

// TestImportBadDocumentID: a researcher's own JSONL with a made-up article
// id ("x", "kakar-1") is refused at its line, saying what the id must be
// and what to do: the text's own ID, or leave it out; an id-only line (spans
// for an article in the store) is pointed at skein list.
func TestImportBadDocumentID(t *testing.T) {
	dir := t.TempDir()
	files := t.TempDir()
	withText := filepath.Join(files, "mine.jsonl")
	os.WriteFile(withText, []byte(`{"id":"kakar-1","text":"hello world from Kakar","spans":[{"start":17,"end":22,"label":"actor"}]}`+"\n"), 0o644)
	code, _, stderr := run(t, dir, "import", withText)
	want := `mine.jsonl:1: document id kakar-1 is not 16 hex digits: this text's is ` + annotate.DocID("hello world from Kakar") + ` (the first 16 hex digits of its SHA-256); give that, or leave "id" out and skein sets it`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("import of a made-up id = %d %q; want %q", code, stderr, want)
	}
	idOnly := filepath.Join(files, "spans.jsonl")
	os.WriteFile(idOnly, []byte(`{"id":"kakar-1","spans":[{"start":0,"end":5,"label":"actor"}]}`+"\n"), 0o644)
	code, _, stderr = run(t, dir, "import", idOnly)
	want = `spans.jsonl:1: document id kakar-1 is not 16 hex digits: name an article of the store by its ID (skein list shows them)`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("import of spans for a made-up id = %d %q; want %q", code, stderr, want)
	}
}

// A global flag given after the command (skein list -store DIR, skein
// export -o x -user bob), the first thing a newcomer types, got "flag
// provided but not defined: -store" and the command's own flags, none of
// which was the one meant. It now says where the flag goes, alone, exit 2.
func TestGlobalFlagAfterTheCommand(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "-store", dir}, "skein list: -store is a global flag, given before the command: skein -store DIR list …\n"},
		{[]string{"list", "-store=" + dir}, "skein list: -store is a global flag, given before the command: skein -store DIR list …\n"},
		{[]string{"export", "-o", "x.jsonl", "-user", "bob"}, "skein export: -user is a global flag, given before the command: skein -user NAME export …\n"},
		{[]string{"search", "--user", "bob", "Kakar"}, "skein search: -user is a global flag, given before the command: skein -user NAME search …\n"},
		{[]string{"list", "-version"}, "skein list: -version is a global flag, given before a command or alone: skein -version\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, stderr := run(t, filepath.Join(dir, "store"), tc.args...)
			if code != 2 || out != "" || stderr != tc.want {
				t.Errorf("skein %v = %d %q, stderr %q; want 2 and %q", tc.args, code, out, stderr, tc.want)
			}
		})
	}
	// Any other unknown flag is said as before, with the command's flags.
	code, _, stderr := run(t, filepath.Join(dir, "store"), "list", "-nope")
	if code != 2 || !strings.HasPrefix(stderr, "flag provided but not defined: -nope\nskein list — ") {
		t.Errorf("skein list -nope = %d, stderr %q; want 2, the flag named, then list's usage", code, stderr)
	}
}

// A command a message tells the user to run is one to paste: the store's
// folder on macOS is ~/Library/Application Support/skein, and "skein
// -store /Users/z/Library/Application Support/skein check
// -set-aside-unfinished" split at the space into a store that does not
// exist and a stray argument.
func TestMessagesQuoteTheStoreInTheirCommand(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX quoting")
	}
	dir := "/Users/z/Library/Application Support/skein"
	err := readOnlyWindowError(dir, "")
	want := "Quit the window, then run skein -store '" + dir + "' check -set-aside-unfinished"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("the message says\n%s\nwant\n%s", err, want)
	}
}

// A corpus's README imported with its articles is noted, and the note said
// only "delete it from the store", which a newcomer could not do without
// finding the article's ID. The note now gives the command, and it works.
func TestImportNoteSaysHowToDeleteAReadme(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	os.MkdirAll(corpus, 0o755)
	os.WriteFile(filepath.Join(corpus, "a.txt"), []byte("Kakar spoke in Islamabad.\n"), 0o644)
	os.WriteFile(filepath.Join(corpus, "README"), []byte("These articles were collected in 2024.\n"), 0o644)
	store := filepath.Join(dir, "store")
	code, _, stderr := run(t, store, "import", corpus)
	_, cmd, ok := strings.Cut(stderr, "README became an article like the rest: if it is the corpus's notes, not an article, delete it: ")
	if code != 0 || !ok {
		t.Fatalf("import = %d, stderr %q; want the README noted with the command that deletes it", code, stderr)
	}
	args := strings.Fields(strings.TrimSpace(strings.SplitN(cmd, "\n", 2)[0]))
	if len(args) != 3 || args[0] != "skein" || args[1] != "rm" {
		t.Fatalf("the note's command is %q, want skein rm ID", args)
	}
	if code, _, stderr := run(t, store, args[1:]...); code != 0 {
		t.Fatalf("%v = %d %q", args, code, stderr)
	}
	if _, out, _ := run(t, store, "list"); strings.Contains(out, "These articles were collected") || !strings.Contains(out, "Kakar spoke") {
		t.Errorf("after the note's command the list is\n%s\nwant the article and not the README", out)
	}
}

// TestFlagAfterFiles: a researcher types the flag after the file, as many
// tools allow. The flag package took "-annotator" and "carol" for two more
// files, and the import failed with "-annotator: cannot read: no such file
// or directory". The command now says where the flag belongs, with the
// command line to run, exit 2, and imports nothing.
func TestFlagAfterFiles(t *testing.T) {
	dir := t.TempDir()
	text := "Mujahid denied that 300 families had left Quetta.\n"
	file := filepath.Join(t.TempDir(), "carol's.jsonl")
	line := fmt.Sprintf(`{"text":%q,"entities":[{"id":1,"label":"actor","start_offset":0,"end_offset":7}]}`, text)
	if err := os.WriteFile(file, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, dir, "import", "-format", "doccano", file, "-annotator", "carol", "-skip-invalid")
	want := fmt.Sprintf("skein import: -annotator comes after %s, where flags are not read: give them first: skein import -format doccano -annotator carol -skip-invalid %s\n",
		annotate.ShellWord(file), annotate.ShellWord(file))
	if code != 2 || out != "" || stderr != want {
		t.Errorf("import FILE -annotator carol = %d %q %q, want 2 and %q", code, out, stderr, want)
	}
	if _, out, _ := run(t, dir, "list"); strings.Contains(out, annotate.DocID(text)) {
		t.Errorf("the refused import imported the article:\n%s", out)
	}
	// Flags first, the same file goes into carol's layer.
	if code, out, stderr := run(t, dir, "import", "-format", "doccano", "-annotator", "carol", file); code != 0 {
		t.Fatalf("import -annotator carol FILE = %d %q %q", code, out, stderr)
	}
	if code, out, stderr := run(t, dir, "export", "-annotator", "carol"); code != 0 || !strings.Contains(out, `"annotator":"carol"`) {
		t.Errorf("export -annotator carol = %d %q %q, want carol's span", code, out, stderr)
	}
	// After "--" every argument is a file, one named like a flag too.
	code, _, stderr = run(t, dir, "import", "--", file, "-annotator")
	if code != 1 || !strings.Contains(stderr, "-annotator: cannot read") {
		t.Errorf("import -- FILE -annotator = %d %q, want -annotator read as a file", code, stderr)
	}
}

// TestFileNamedLikeAFlag: a file a shell's * gives after another, named
// like a flag, is still one a user can import. "---annotator" is no flag
// to the flag package: it is read as the file it is, as before flags
// after files were refused (the refusal printed a line, skein import
// ---annotator a.jsonl, that the flag package refuses in its turn). A file
// named exactly "-annotator" is refused as the misplaced flag, and the
// message gives the line with -- that imports it.
func TestFileNamedLikeAFlag(t *testing.T) {
	dir := t.TempDir()
	work := t.TempDir()
	t.Chdir(work)
	text := "Mujahid denied that 300 families had left Quetta."
	line := fmt.Sprintf(`{"text":%q,"entities":[{"id":1,"label":"actor","start_offset":0,"end_offset":7}]}`, text)
	for _, name := range []string{"a.jsonl", "---annotator", "-annotator"} {
		if err := os.WriteFile(filepath.Join(work, name), []byte(line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := run(t, dir, "import", "-format", "doccano", "a.jsonl", "---annotator")
	if code != 0 || !strings.Contains(out, "from 2 files") {
		t.Errorf("import a.jsonl ---annotator = %d %q %q, want both files read", code, out, stderr)
	}
	code, out, stderr = run(t, dir, "import", "-format", "doccano", "a.jsonl", "-annotator")
	want := "skein import: -annotator comes after a.jsonl, where flags are not read, and -annotator has no NAME after it: give each flag first, with its value (-annotator NAME); or, if the file -annotator is meant, put -- before the files: skein import -format doccano -- a.jsonl -annotator\n"
	if code != 2 || out != "" || stderr != want {
		t.Errorf("import a.jsonl -annotator = %d %q %q, want 2 and %q", code, out, stderr, want)
	}
	code, out, stderr = run(t, dir, "import", "-format", "doccano", "--", "a.jsonl", "-annotator")
	if code != 0 || !strings.Contains(out, "from 2 files") {
		t.Errorf("the line given, import -format doccano -- a.jsonl -annotator = %d %q %q, want both files read", code, out, stderr)
	}
}

// TestFlagAfterFilesSuggestionsRun: every command line skein import
// suggests for a flag after the files runs as it is written, and after
// "--" every word is a file. "skein import a.jsonl -- -annotator" was
// refused with "put -- before the files: skein import -- a.jsonl --
// -annotator", which read a file named "--"; "skein import a.jsonl
// -annotator" was told "skein import -annotator a.jsonl", an import of no
// file into a layer named a.jsonl.
func TestFlagAfterFilesSuggestionsRun(t *testing.T) {
	work := t.TempDir()
	t.Chdir(work)
	for i, name := range []string{"a.jsonl", "-annotator", "-b.jsonl"} {
		text := fmt.Sprintf("Mujahid denied that %d families had left Quetta.", 300+i)
		line := fmt.Sprintf(`{"text":%q,"entities":[{"id":1,"label":"actor","start_offset":0,"end_offset":7}]}`, text)
		if err := os.WriteFile(filepath.Join(work, name), []byte(line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		args        []string
		code, lines int // exit status, command lines suggested
	}{
		{[]string{"import", "-format", "doccano", "a.jsonl", "--", "-annotator"}, 0, 0},
		{[]string{"import", "-format", "doccano", "a.jsonl", "-annotator", "carol", "--", "-b.jsonl"}, 2, 1},
		{[]string{"import", "-format", "doccano", "a.jsonl", "-annotator"}, 2, 1},
		{[]string{"import", "-format", "doccano", "a.jsonl", "-skip-invalid", "-annotator"}, 2, 1},
		// -annotator after the "--" is a file in the line given: the same
		// line was offered again "if the file -annotator is meant".
		{[]string{"import", "-format", "doccano", "a.jsonl", "-skip-invalid", "--", "-annotator"}, 2, 1},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, stderr := run(t, t.TempDir(), tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d %q %q, want %d", code, out, stderr, tc.code)
			}
			var lines []string
			for _, lead := range []string{"give them first: ", "put -- before the files: "} {
				if _, after, ok := strings.Cut(stderr, lead); ok {
					lines = append(lines, strings.TrimSpace(strings.SplitN(after, ";", 2)[0]))
				}
			}
			if len(lines) != tc.lines {
				t.Fatalf("%q suggests %d command lines %q, want %d", stderr, len(lines), lines, tc.lines)
			}
			for _, l := range lines {
				words := strings.Fields(l)
				if words[0] != "skein" {
					t.Fatalf("suggested %q, want a skein command", l)
				}
				if code, out, stderr := run(t, t.TempDir(), words[1:]...); code != 0 || !strings.Contains(out, "imported 2 new documents") {
					t.Errorf("the suggested %q = %d %q %q, want both files imported", l, code, out, stderr)
				}
			}
		})
	}
}
