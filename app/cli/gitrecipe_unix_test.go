//go:build unix

package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// asSkein, set, makes this test binary the skein command: the README's
// recipes run it from a shell (TestREADMEGitRecipe).
const asSkein = "SKEIN_CLI_TEST_AS_SKEIN"

func TestMain(m *testing.M) {
	if os.Getenv(asSkein) != "" {
		os.Exit(Main(os.Args[1:], Env{Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	os.Exit(m.Run())
}

// gitRecipe is the README's "With git" recipe in parts, for one person:
// the set-up done once, and the exchange, cut after its `skein sync` (head)
// so that a colleague's push can fall before the rest (tail).
type gitRecipe struct{ setup, head, tail string }

func readGitRecipe(t *testing.T) gitRecipe {
	t.Helper()
	// Not readmeSection: the block's comment lines start with #.
	_, sec, _ := strings.Cut(readme(t), "\n### With git\n")
	_, sec, ok := strings.Cut(sec, "\n```\n")
	block, _, closed := strings.Cut(sec, "\n```")
	if !ok || !closed {
		t.Fatal("the README's With git has no block of commands")
	}
	setup, exchange, ok := strings.Cut(block, "\n# then")
	if !ok {
		t.Fatalf("the README's git recipe has no \"# then\" line between its set-up and its exchange:\n%s", block)
	}
	exchange = exchange[strings.Index(exchange, "\n")+1:]
	k := strings.Index(exchange, "skein sync")
	if k < 0 {
		t.Fatalf("the README's git exchange runs no skein sync:\n%s", exchange)
	}
	k += strings.Index(exchange[k:], "\n") + 1
	return gitRecipe{setup: setup, head: exchange[:k], tail: "cd ~/skein-team\n" + exchange[k:]}
}

// The README's git recipe, run as written, by alice and bilal from a shell
// on one origin: bilal's push loses a race to alice's, and his next
// exchange still brings him her work and takes his to her. With a plain
// `git pull`, git (2.27 on) refuses to pull into a branch that has a commit
// of its own ("Need to specify how to reconcile divergent branches"), and
// from then on neither saw the other's work again.
func TestREADMEGitRecipe(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	recipe := readGitRecipe(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	wrapper := "#!/bin/sh\n" + asSkein + "=1 exec '" + self + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "skein"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	origin := filepath.Join(root, "origin.git")
	if out, err := exec.Command("git", "init", "-q", "--bare", origin).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	type person struct{ name, home, store string }
	people := map[string]person{}
	for _, name := range []string{"alice", "bilal"} {
		p := person{name, filepath.Join(root, name), filepath.Join(root, name+"-store")}
		os.MkdirAll(p.home, 0o755)
		people[name] = p
	}
	// sh runs part of the recipe as p, in a shell of p's.
	sh := func(p person, part string) string {
		script := strings.NewReplacer("git@example.org:team/corpus-annotations.git", origin, "alice", p.name).Replace(part)
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = p.home
		cmd.Env = append(os.Environ(), "HOME="+p.home, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
			"SKEIN_STORE="+p.store, "SKEIN_USER=", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME="+p.name, "GIT_AUTHOR_EMAIL="+p.name+"@example.org", "GIT_COMMITTER_NAME="+p.name, "GIT_COMMITTER_EMAIL="+p.name+"@example.org")
		out, _ := cmd.CombinedOutput() // a line that fails goes on to the next, as in a terminal
		return string(out)
	}
	var log strings.Builder
	step := func(p person, what, part string) {
		log.WriteString("--- " + p.name + ": " + what + "\n" + sh(p, part))
	}
	// annotate is p's new article with one span of theirs, imported.
	annotate := func(p person, id string) {
		text := "Round " + id + ": Caretaker Prime Minister Anwar ul-Haq Kakar said 60% of attacks came from Afghanistan."
		line, _ := json.Marshal(map[string]any{"id": "", "title": id, "text": text,
			"spans": []map[string]any{{"id": id, "start": 0, "end": 5, "text": "Round", "label": "claim", "annotator": p.name}}})
		f := filepath.Join(p.home, id+".jsonl")
		if err := os.WriteFile(f, append(line, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := run(t, p.store, "-user", p.name, "import", f); code != 0 {
			t.Fatalf("%s's import: %s", p.name, stderr)
		}
	}
	alice, bilal := people["alice"], people["bilal"]
	// The first of them starts the repository; the other clones after.
	step(alice, "set-up", recipe.setup)
	annotate(alice, "s-alice-1")
	step(alice, "exchange", recipe.head+recipe.tail)
	step(bilal, "set-up", recipe.setup)
	annotate(bilal, "s-bilal-1")
	// bilal's exchange; alice's push lands between his sync and his push.
	step(bilal, "exchange, up to skein sync", recipe.head)
	annotate(alice, "s-alice-2")
	step(alice, "exchange", recipe.head+recipe.tail)
	step(bilal, "the rest of his exchange", recipe.tail)
	// Each exchanges once more.
	step(bilal, "exchange", recipe.head+recipe.tail)
	step(alice, "exchange", recipe.head+recipe.tail)

	for _, c := range []struct {
		p    person
		want []string
	}{{alice, []string{"s-alice-1", "s-alice-2", "s-bilal-1"}}, {bilal, []string{"s-alice-1", "s-alice-2", "s-bilal-1"}}} {
		_, exp, _ := run(t, c.p.store, "export", "-all")
		for _, id := range c.want {
			if !strings.Contains(exp, `"`+id+`"`) {
				t.Errorf("%s's store lacks span %s after the README's git recipe", c.p.name, id)
			}
		}
	}
	if t.Failed() {
		t.Logf("the recipe, as run:\n%s", log.String())
	}
}
