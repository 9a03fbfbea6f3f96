package team

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skein-news/skein/app/internal/stracetest"
)

// An article published into the team folder is on the disk before the
// rename that shows it (a colleague's sync engine may take it at once, and
// a power loss must not leave an empty file under its name, which nothing
// writes again), and articles/ is synced after. The articles of a publish
// are made durable together by one syncfs, which covers every file written
// before it on that file system; where it fails (ENOSYS in a sandbox,
// EPERM under seccomp: the second article's, injected by strace), each
// file is synced. Watched as the system sees it, in a child under strace,
// which logs each write and fsync with its file's path and each syncfs
// with its folder's.
func TestArticlesOnDiskBeforeRename(t *testing.T) {
	if folder := os.Getenv("SKEIN_TEST_TEAM_SYNCFS"); folder != "" {
		st := openStore(t, t.TempDir())
		e := open(t, st, folder, "alice")
		var ids []string
		for _, text := range []string{kakar, "Kabul denied the claim.\n"} {
			ids = append(ids, addDoc(t, st, text, "").ID)
			syncOnce(t, e)
		}
		os.WriteFile(filepath.Join(folder, "articles.txt"), []byte(strings.Join(ids, " ")), 0o644)
		return
	}
	stracetest.Need(t)
	folder := stracetest.Dir(t) // strace names files by their real path
	log := filepath.Join(t.TempDir(), "strace")
	cmd := exec.Command("strace", "-f", "-y", "-qq", "-o", log,
		"-e", "trace=write,fsync,fdatasync,syncfs,rename,renameat,renameat2", "-e", "inject=syncfs:error=ENOSYS:when=2",
		os.Args[0], "-test.run=^TestArticlesOnDiskBeforeRename$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SKEIN_TEST_TEAM_SYNCFS="+folder)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("under strace: %v\n%s", err, b)
	}
	ids, err := os.ReadFile(filepath.Join(folder, "articles.txt"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	// "write PATH", "sync PATH" (fsync, fdatasync), "syncfs FOLDER" (one
	// that returned 0, when it returned: strace may log its end apart),
	// "rename FROM TO".
	var calls []string
	call := regexp.MustCompile(`(write|fsync|fdatasync|syncfs)\(\d+<([^>]*)>|rename(?:at2?)?\((?:[^,]*, )?"([^"]*)", (?:[^,]*, )?"([^"]*)"`)
	syncfs := map[string]string{} // a thread's syncfs not returned yet: its folder
	for _, line := range strings.Split(string(data), "\n") {
		pid, _, _ := strings.Cut(line, " ")
		m := call.FindStringSubmatch(line)
		switch {
		case strings.Contains(line, "<... syncfs resumed>"):
			if strings.HasSuffix(line, " = 0") && syncfs[pid] != "" {
				calls = append(calls, "syncfs "+syncfs[pid])
			}
			delete(syncfs, pid)
		case m == nil:
		case m[1] == "syncfs" && strings.HasSuffix(line, "<unfinished ...>"):
			syncfs[pid] = m[2]
		case m[1] == "syncfs" && strings.HasSuffix(line, " = 0"):
			calls = append(calls, "syncfs "+m[2])
		case m[1] == "syncfs": // failed: covers nothing
		case m[1] == "write":
			calls = append(calls, "write "+m[2])
		case m[1] != "":
			calls = append(calls, "sync "+m[2])
		default:
			calls = append(calls, "rename "+m[3]+" "+m[4])
		}
	}
	dir := filepath.Join(folder, "articles")
	first, second, _ := strings.Cut(string(ids), " ")
	for _, c := range []struct{ what, id string }{
		{"the article", first},
		{"the article after a syncfs that failed", second},
	} {
		renamed, from := -1, ""
		for i, l := range calls {
			if f, ok := strings.CutSuffix(l, " "+filepath.Join(dir, c.id+".jsonl")); ok && strings.HasPrefix(f, "rename ") {
				renamed, from = i, strings.TrimPrefix(f, "rename ")
			}
		}
		if renamed < 0 {
			t.Errorf("%s: no rename into %s:\n%s", c.what, dir, strings.Join(calls, "\n"))
			continue
		}
		written := -1 // its last write before the rename
		for i, l := range calls[:renamed] {
			if l == "write "+from {
				written = i
			}
		}
		durable := false
		for _, l := range calls[written+1 : renamed] {
			d, fs := strings.CutPrefix(l, "syncfs ")
			durable = durable || l == "sync "+from || fs && strings.HasPrefix(from, d+"/")
		}
		if written < 0 || !durable {
			t.Errorf("%s: %s not synced between its last write and its rename:\n%s", c.what, from, strings.Join(calls[written+1:renamed+1], "\n"))
		}
		synced := false
		for _, l := range calls[renamed+1:] {
			synced = synced || l == "sync "+dir
		}
		if !synced {
			t.Errorf("%s: %s not synced after its rename (%s)", c.what, dir, calls[renamed])
		}
	}
}
