//go:build unix

package cli

import (
	"archive/zip"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bigProject writes an INCEpTION project export of n articles, alice's
// and bob's layers and the curation of each, as the folder dir/big and as
// dir/big.zip.
func bigProject(t *testing.T, dir string, n int) (folder, zipped string) {
	t.Helper()
	folder, zipped = filepath.Join(dir, "big"), filepath.Join(dir, "big.zip")
	files := map[string]string{}
	var src, ann strings.Builder
	for i := range n {
		name := fmt.Sprintf("a%04d.txt", i)
		sents := [][]string{{"Minister", fmt.Sprintf("%04d", i), "said", "taxes", "will", "fall", "."}, {"Critics", "accused", "him", "of", "lying", "."}}
		// labels[s][k]: the value on token k of sentence s, for alice
		// (and the curation) and bob.
		alice := [][]string{{"actor[1]", "actor[1]", "_", "claim[2]", "claim[2]", "claim[2]", "_"}, {"actor", "accusation[3]", "accusation[3]", "accusation[3]", "accusation[3]", "_"}}
		bob := [][]string{{"_", "actor", "_", "claim[1]", "claim[1]", "claim[1]", "_"}, {"actor", "_", "_", "_", "_", "_"}}
		tsv := func(vals [][]string) string {
			var b strings.Builder
			b.WriteString("#FORMAT=WebAnno TSV 3.3\n#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n\n")
			off := 0
			for s, toks := range sents {
				fmt.Fprintf(&b, "\n#Text=%s\n", strings.Join(toks, " "))
				for k, tok := range toks {
					v := vals[s][k]
					id := "_"
					if v != "_" {
						id = "*" + strings.TrimPrefix(v, strings.TrimRight(v, "[]0123456789"))
					}
					fmt.Fprintf(&b, "%d-%d\t%d-%d\t%s\t%s\t%s\t\n", s+1, k+1, off, off+len(tok), tok, id, v)
					off += len(tok) + 1
				}
			}
			return b.String()
		}
		files["annotation/"+name+"/alice.tsv"] = tsv(alice)
		files["annotation/"+name+"/bob.tsv"] = tsv(bob)
		files["curation/"+name+"/CURATION_USER.tsv"] = tsv(alice)
		files["source/"+name] = strings.Join(sents[0], " ") + "\n" + strings.Join(sents[1], " ")
		fmt.Fprintf(&src, `%s{"name":%q,"format":"text","state":"CURATION_FINISHED"}`, map[bool]string{true: "", false: ","}[i == 0], name)
		fmt.Fprintf(&ann, `%s{"name":%q,"user":"alice","state":"FINISHED"},{"name":%q,"user":"bob","state":"IN_PROGRESS"}`, map[bool]string{true: "", false: ","}[i == 0], name, name)
	}
	files["exportedproject-big.json"] = fmt.Sprintf(`{"name":"big","slug":"big","mode":"annotation","source_documents":[%s],"annotation_documents":[%s]}`, src.String(), ann.String())
	zf, err := os.Create(zipped)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	for name, data := range files {
		p := filepath.Join(folder, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	return folder, zipped
}

// storeTimes are what differs between two stores that imported the same
// files: the spans' IDs and the times of the imports.
var storeTimes = regexp.MustCompile(`"(id|created|modified)":"[^"]*"`)

// storeDump is the whole store as export -all -threads writes it, with its
// IDs and times left out, lines sorted.
func storeDump(t *testing.T, store string) string {
	t.Helper()
	code, out, stderr := run(t, store, "export", "-all", "-threads")
	if code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	// A span's place in its document's list follows its ID: sort the spans too.
	var lines []string
	for _, l := range strings.Split(storeTimes.ReplaceAllString(out, `"$1":""`), "\n") {
		if i := strings.Index(l, `"spans":[`); i >= 0 {
			j := strings.Index(l[i:], "]") + i
			spans := strings.Split(l[i+len(`"spans":[`):j], "},{")
			for k := range spans {
				spans[k] = strings.Trim(spans[k], "{}")
			}
			sort.Strings(spans)
			l = l[:i] + `"spans":[` + strings.Join(spans, "|") + l[j:]
		}
		lines = append(lines, l)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// An INCEpTION project import (the folder, then the zip) killed at random
// moments, again and again, leaves each article whole or not there, and
// run again to its end gives the store one uninterrupted import gives; an
// import repeated changes nothing.
func TestImportInceptionProjectKilled(t *testing.T) {
	if asChild(t, "SKEIN_TEST_INCEPTION_KILL") {
		return
	}
	dir := t.TempDir()
	folder, zipped := bigProject(t, dir, 300)
	for _, path := range []string{folder, zipped} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			clean := t.TempDir()
			importArgs := []string{"-user", "carol", "import", path}
			if code, out, stderr := run(t, clean, importArgs...); code != 0 || !strings.Contains(out, "imported 300 new documents") {
				t.Fatalf("import = %d %s %s", code, out, stderr)
			}
			want := storeDump(t, clean)
			if strings.Count(want, `"annotator":"curated"`) < 300 {
				t.Fatalf("the import holds no curated layer:\n%.2000s", want)
			}
			if code, _, stderr := run(t, clean, importArgs...); code != 0 {
				t.Fatalf("import again = %d %s", code, stderr)
			}
			if got := storeDump(t, clean); got != want {
				t.Fatalf("an import repeated changed the store:\n%.3000s\nwant\n%.3000s", got, want)
			}

			killedImports(t, "TestImportInceptionProjectKilled", "SKEIN_TEST_INCEPTION_KILL", importArgs, want, 12)
		})
	}
}

// killedImports runs skein importArgs on a new store, in the test named
// test again (asChild reads env), killed at random moments kills times:
// after each kill every article there must be as the whole import,
// whose store want dumps (storeDump), leaves it (whole articles written
// and the rest not, the README's word for an import that is not of plain
// text alone); then the import run to its end must give want. It returns
// the store.
func killedImports(t *testing.T, test, env string, importArgs []string, want string, kills int) string {
	t.Helper()
	store := t.TempDir()
	child := func() *exec.Cmd { return childRun(test, env, store, importArgs) }
	start := time.Now()
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("a whole import: %v\n%s", err, out)
	}
	took := time.Since(start)
	// A store made and seeded before the kills: a kill while the seed
	// articles are written is no import's.
	os.RemoveAll(store)
	storeDump(t, store)
	partial := 0
	for i := range kills {
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(took))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got := storeDump(t, store)
		if d := dumpDiff(got, want); !strings.HasPrefix(d, "0 lines not in") {
			t.Fatalf("after kill %d the store holds articles the import does not leave so: %s", i, d)
		}
		if got == want {
			os.RemoveAll(store) // done: kill the next one from the start
			storeDump(t, store)
		} else {
			partial++
		}
	}
	t.Logf("%d of %d kills left the import not done", partial, kills)
	if code, _, stderr := run(t, store, importArgs...); code != 0 {
		t.Fatalf("the import after the kills = %d %s", code, stderr)
	}
	if got := storeDump(t, store); got != want {
		t.Errorf("after the kills and a whole import the store differs from one import's: %s", dumpDiff(got, want))
	}
	return store
}

// dumpDiff says how many lines of got are not in want and the reverse,
// and the first of each.
func dumpDiff(got, want string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	g, w := in(got), in(want)
	var extra, missing []string
	for l := range g {
		if !w[l] {
			extra = append(extra, l)
		}
	}
	for l := range w {
		if !g[l] {
			missing = append(missing, l)
		}
	}
	sort.Strings(extra)
	sort.Strings(missing)
	first := func(s []string) string {
		if len(s) == 0 {
			return ""
		}
		return s[0]
	}
	return fmt.Sprintf("%d lines not in the import's store (first %.600q), %d of its lines missing (first %.600q)", len(extra), first(extra), len(missing), first(missing))
}
