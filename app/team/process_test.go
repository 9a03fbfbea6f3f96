package team

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// TestMain lets the test binary play the second process: with
// SKEIN_TEAM_CHILD set it runs that role instead of the tests.
func TestMain(m *testing.M) {
	if role := os.Getenv("SKEIN_TEAM_CHILD"); role != "" {
		if err := child(role, os.Getenv("SKEIN_TEAM_STORE"), os.Getenv("SKEIN_TEAM_FOLDER"), os.Getenv("SKEIN_TEAM_USER"), os.Getenv("SKEIN_TEAM_ARG")); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func child(role, dir, folder, user, arg string) error {
	ctx := context.Background()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	e, err := Open(st, folder, user)
	if err != nil {
		return err
	}
	fmt.Println("open") // the kill loop kills after this: see TestKillDuringSync
	switch role {
	case "sync":
		_, err = e.Sync(ctx)
		return err
	case "take":
		_, err = e.Take(ctx, arg)
		return err
	case "sync-killed-deleting":
		// Killed just before (arg "before") or after ("after") the sync
		// writes a colleague's thread deletions.
		goneHook = func(when string) {
			if when == arg {
				if p, err := os.FindProcess(os.Getpid()); err == nil {
					p.Kill() // SIGKILL on Unix
				}
				select {}
			}
		}
		_, err = e.Sync(ctx)
		return err
	case "sync-killed-withdrawing":
		// Killed just after the sync replaced a colleague's decisions on
		// its first article.
		decisionsHook = func(string) {
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				p.Kill()
			}
			select {}
		}
		_, err = e.Sync(ctx)
		return err
	case "sync-killed-renaming":
		// Killed once it has renamed arg article files into place.
		k, _ := strconv.Atoi(arg)
		renameHook = func(renamed int) {
			if renamed == k {
				if p, err := os.FindProcess(os.Getpid()); err == nil {
					p.Kill()
				}
				select {}
			}
		}
		_, err = e.Sync(ctx)
		return err
	case "answer":
		// Wait for the span named arg, then put a span of our own next to it.
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := e.Sync(ctx); err != nil {
				return err
			}
			s, err := st.Span(arg)
			if err == nil {
				mine := &annotate.Span{ID: "answer-" + arg, Doc: s.Doc, Label: "claim", Annotator: user, Fragments: s.Fragments}
				if err := st.Apply(ctx, annotate.AddSpan(user, mine)); err != nil {
					return err
				}
				_, err = e.Sync(ctx)
				return err
			}
			time.Sleep(50 * time.Millisecond)
		}
		return fmt.Errorf("span %s never arrived", arg)
	}
	return fmt.Errorf("unknown role %q", role)
}

func startChild(t *testing.T, role, dir, folder, user, arg string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SKEIN_TEAM_CHILD="+role, "SKEIN_TEAM_STORE="+dir, "SKEIN_TEAM_FOLDER="+folder, "SKEIN_TEAM_USER="+user, "SKEIN_TEAM_ARG="+arg)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the child has its store open: a kill inside Badger's own
	// Open is the store's matter (see store/process_test.go), not a sync's.
	buf := make([]byte, 5)
	if _, err := io.ReadFull(out, buf); err != nil {
		cmd.Wait()
		t.Fatalf("child %s did not start: %v", role, err)
	}
	go io.Copy(io.Discard, out)
	return cmd
}

// Two processes, two stores, one folder: a span alice adds reaches bilal's
// process, whose answer comes back.
func TestTwoProcesses(t *testing.T) {
	folder, dirB := t.TempDir(), t.TempDir()
	a := openStore(t, t.TempDir())
	ea := open(t, a, folder, "alice")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	s := addSpan(t, a, d, "alice", "actor", 25, 43)
	cmd := startChild(t, "answer", dirB, folder, "bilal", s.ID)
	syncOnce(t, ea)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("bilal's process: %v", err)
	}
	syncOnce(t, ea)
	got, err := a.Span("answer-" + s.ID)
	if err != nil || got.Annotator != "bilal" {
		t.Fatalf("bilal's answer in alice's store: %v %v", got, err)
	}
}

// Kill the syncing process at random moments, again and again: the store
// and the folder stay consistent, and the next sync finishes the job.
func TestKillDuringSync(t *testing.T) {
	if testing.Short() {
		t.Skip("kill loop: -short")
	}
	folder, dirB := t.TempDir(), t.TempDir()
	a := openStore(t, t.TempDir())
	ea := open(t, a, folder, "alice")
	for i := 0; i < 400; i++ {
		d := addDocQuiet(t, a, fmt.Sprintf("Article %d. ", i)+kakar)
		for j := 0; j < 5; j++ {
			addSpan(t, a, d, "alice", "claim", j*5, j*5+4)
		}
	}
	syncOnce(t, ea)
	// bilal has work of his own to write while he is killed.
	b, err := store.Open(dirB, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		d := addDocQuiet(t, b, fmt.Sprintf("Bilal's article %d. ", i)+kakar)
		addSpan(t, b, d, "bilal", "actor", 0, 5)
	}
	b.Close()

	rng := rand.New(rand.NewPCG(3, 4))
	killed := 0
	for i := 0; i < 8; i++ {
		cmd := startChild(t, "sync", dirB, folder, "bilal", "")
		time.Sleep(time.Duration(rng.IntN(300)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed++ // not finished before the kill
		}
		// Every own file in the folder is whole at every moment.
		checkWhole(t, folder)
	}
	cmd := startChild(t, "sync", dirB, folder, "bilal", "")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the sync after the kills: %v", err)
	}
	checkWhole(t, folder)
	b = openStore(t, dirB)
	syncOnce(t, ea) // alice gets bilal's articles, so both exports list the same
	if got, want := export(t, b, "alice"), export(t, a, "alice"); got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range wl {
			if i < len(gl) && gl[i] != wl[i] {
				t.Logf("first difference at line %d:\n%.400s\nwant\n%.400s", i, gl[i], wl[i])
				break
			}
		}
		t.Fatalf("after %d kills and one whole sync, bilal's copy of alice's layer differs (%d vs %d bytes, %d vs %d lines)", killed, len(got), len(want), len(gl), len(wl))
	}
	if got, want := export(t, a, "bilal"), export(t, b, "bilal"); got != want {
		t.Fatalf("alice's copy of bilal's layer differs after the kills (%d vs %d bytes)", len(got), len(want))
	}
	if killed == 0 {
		t.Fatal("every sync finished before its kill: the loop tested nothing")
	}
	t.Logf("%d of 8 syncs killed before they finished", killed)
}

func addDocQuiet(t *testing.T, st *store.Store, text string) *annotate.Document {
	t.Helper()
	return addDoc(t, st, text, strings.SplitN(text, ".", 2)[0])
}

// checkWhole reads every layer and article file as a colleague would: each
// line parses; skein's unfinished files are the only ones that may not.
func checkWhole(t *testing.T, folder string) {
	t.Helper()
	filepath.Walk(folder, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || !strings.HasSuffix(p, ".jsonl") || strings.HasPrefix(fi.Name(), ".") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 || b[len(b)-1] != '\n' {
			t.Fatalf("%s: not whole (%d bytes, no final newline)", p, len(b))
		}
		return nil
	})
}
