package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// The tests below run this test binary again as a helper process (the
// os/exec pattern): with SKEIN_STORE_HELPER set, TestMain runs the helper
// instead of the tests. A helper prints "ok" once its work has returned and
// then, unless told to exit, sleeps until it is killed.

const helperEnv = "SKEIN_STORE_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(smallTxnsEnv) != "" {
		memTableSize = smallMemTable
	}
	if mode := os.Getenv(helperEnv); mode != "" {
		if err := runHelper(mode, os.Getenv("SKEIN_STORE_DIR")); err != nil {
			fmt.Fprintln(os.Stdout, "helper:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// smallTxnsEnv, set, has a helper process open its stores with the small
// transactions of smallTxns.
const smallTxnsEnv = "SKEIN_STORE_SMALL_TXNS"

// smallMemTable makes a transaction hold 819 entries, not 6,553.
const smallMemTable = 512 << 10

// smallTxns has the stores the test opens, and its helper processes, hold
// an eighth of the entries in a transaction, for the tests of writes too
// large for one: under -race their thousands of spans took minutes.
func smallTxns(t *testing.T) {
	t.Setenv(smallTxnsEnv, "1")
	old := memTableSize
	memTableSize = smallMemTable
	t.Cleanup(func() { memTableSize = old })
}

// The article and span the apply helper writes, known to both processes.
var (
	killDoc  = newDoc("killed", "2024-05-01", "Power cut or kill -9: the change must still be there.")
	killSpan = &annotate.Span{ID: "0190a3c4-1111-7000-8000-000000000001", Doc: killDoc.ID, Annotator: "ana", Label: "claim",
		Fragments: []annotate.Fragment{{Start: 0, End: 9}}, Created: 1714521600000}
)

const helperBatchDocs = 2000

func helperBatch() *Batch {
	docs, spans := genCorpus(11, helperBatchDocs, 1200, 5, "ana", "ben")
	return &Batch{Docs: docs, Spans: spans}
}

func runHelper(mode, dir string) error {
	s, err := Open(dir, Options{})
	if err != nil {
		return err
	}
	switch mode {
	case "hold":
	case "apply":
		if _, err := s.PutDocument(ctx, killDoc); err != nil {
			return err
		}
		if err := s.Apply(ctx, annotate.AddSpan("ana", killSpan)); err != nil {
			return err
		}
	case "batch":
		if _, err := s.WriteBatch(ctx, helperBatch()); err != nil {
			return err
		}
	case "split":
		// Killed once the split write's first transaction is durable:
		// some of the article's span index keys are in the store, the
		// article is not (see TestSplitWriteKilled).
		b := splitBatch(int(s.db.MaxBatchCount()))
		afterSplitFlush = func() {
			fmt.Println("written in part")
			select {}
		}
		if _, err := s.WriteBatch(ctx, b); err != nil {
			return err
		}
	case "repair-times":
		// Killed once the first of a repair's transactions is durable
		// (see TestRepairTimesKilled).
		return runRepairHelper(s)
	case "delete-split", "delete-article", "delete-thread", "delete-large-thread":
		// Killed part way through the deletion of an article too
		// large for one transaction (see TestDeleteKilled).
		if err := runDeleteHelper(s, mode); err != nil {
			return err
		}
	case "thread-split-1", "thread-split-2":
		// Killed once the first (the split key), or the second (some
		// of its members' keys, after its record), of the
		// transactions writing a thread too large for one is durable
		// (see TestThreadSplitKilled).
		b, th := bigThreadBatch(47, 2, int(s.db.MaxBatchCount())/2+100)
		if _, err := s.WriteBatch(ctx, b); err != nil {
			return err
		}
		flushes := 0
		afterSplitFlush = func() {
			if flushes++; mode == "thread-split-1" || flushes == 2 {
				fmt.Println("written in part")
				select {}
			}
		}
		if _, err := s.WriteBatch(ctx, &Batch{Threads: []*annotate.Thread{th}}); err != nil {
			return err
		}
	case "stream":
		// An import killed after its articles were written, before it
		// finished (see TestStreamKilled).
		w, err := s.StreamDocs()
		if err != nil {
			return err
		}
		docs := streamDocs(3000, "killed")
		for i := 0; i < len(docs); i += 500 {
			if err := w.Add(ctx, docs[i:i+500]); err != nil {
				return err
			}
		}
		w.p.wait()
	case "applysplit-delete-part", "applysplit-delete-record", "applysplit-undo-record":
		if err := runApplySplitHelper(s, strings.TrimPrefix(mode, "applysplit-")); err != nil {
			return err
		}
	case "leave":
		// Killed while it removes bilal's work (TestRemoveAnnotatorKilled).
		if err := runLeaveHelper(s); err != nil {
			return err
		}
	case "leave-journal":
		if err := runLeaveJournalHelper(s); err != nil {
			return err
		}
	case "close-full":
		return closeFullHelper(s)
	case "gc-full":
		return gcFullHelper(s)
	case "key-full":
		return keyFullHelper(s)
	case "upkeep-full":
		return upkeepFullHelper(s)
	case "edit":
		return editUntilKilled(s)
	case "edit-long":
		return editLongUntilKilled(s)
	case "bulkindex":
		// A bulk load killed while it merges its index (see
		// TestBulkIndexKilled).
		if err := runBulkIndexHelper(s); err != nil {
			return err
		}
	case "quiet":
		docs, spans := genCorpus(12, 300, 800, 4, "ana")
		if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
			return err
		}
		if err := s.Apply(ctx, annotate.AddSpan("ana", newSpan(docs[0], "ana", "claim", 0, 4))); err != nil {
			return err
		}
		if _, err := s.Undo(ctx, "ana"); err != nil {
			return err
		}
		if err := s.DeleteDocument(ctx, docs[1].ID); err != nil {
			return err
		}
		s.runGC()
		if _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
			return fmt.Errorf("second open: got %v, want ErrLocked", err)
		}
		if err := s.Close(); err != nil {
			return err
		}
		fmt.Println("ok")
		return nil
	default:
		if strings.HasPrefix(mode, "replace-") {
			// A layer replaced that drops a large thread's members,
			// killed at a step (see TestReplaceLayerKilled).
			return runReplaceHelper(s, mode)
		}
		return fmt.Errorf("unknown helper mode %q", mode)
	}
	fmt.Println("ok")
	time.Sleep(time.Minute)
	return errors.New("helper was not killed")
}

// splitBatch is one article with eight times as many spans as a
// transaction may hold entries, so that WriteBatch writes it the split way,
// in nine transactions: a kill has time to land between them.
func splitBatch(limit int) *Batch {
	docs, spans := genCorpus(31, 1, 400_000, 8*limit, "ana", "ben")
	return &Batch{Docs: docs, Spans: spans}
}

// startHelper runs the helper in mode on dir and waits for its "ok".
func startHelper(t *testing.T, mode, dir string) *exec.Cmd {
	t.Helper()
	return startHelperUntil(t, mode, dir, "ok")
}

// startHelperUntil runs the helper in mode on dir and waits for it to
// print the line want.
func startHelperUntil(t *testing.T, mode, dir, want string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "SKEIN_STORE_DIR="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != want {
		t.Fatalf("helper %s: got %q (%v), stderr %q", mode, line, err, stderr.String())
	}
	return cmd
}

func TestLockedStore(t *testing.T) {
	dir := t.TempDir()
	wantMsg := "skein: store " + dir + " is open in another skein process"
	check := func(t *testing.T) {
		done := make(chan error, 1)
		go func() {
			s, err := Open(dir, Options{})
			if err == nil {
				s.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrLocked) {
				t.Fatalf("got %v, want an error wrapping ErrLocked", err)
			}
			if err.Error() != wantMsg {
				t.Errorf("message: got %q, want %q", err.Error(), wantMsg)
			}
		case <-time.After(time.Second):
			t.Fatal("Open of a locked store did not return within 1 s")
		}
	}
	t.Run("other process", func(t *testing.T) {
		cmd := startHelper(t, "hold", dir)
		check(t)
		cmd.Process.Kill()
		cmd.Wait()
	})
	t.Run("same process", func(t *testing.T) {
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("open after the holder died: %v", err)
		}
		defer s.Close()
		check(t)
	})
}

func TestSurvivesKill(t *testing.T) {
	tests := []struct {
		mode  string
		check func(t *testing.T, s *Store)
	}{
		{"apply", func(t *testing.T, s *Store) {
			got, err := s.Span(killSpan.ID)
			if err != nil {
				t.Fatalf("span applied before the kill: %v", err)
			}
			if !sameSpans([]*annotate.Span{got}, []*annotate.Span{killSpan}) {
				t.Errorf("got %+v, want %+v", got, killSpan)
			}
			if desc, ok := s.UndoTop("ana"); !ok || desc != "add claim" {
				t.Errorf("UndoTop: got %q, %v; want \"add claim\"", desc, ok)
			}
		}},
		{"batch", func(t *testing.T, s *Store) {
			b := helperBatch()
			if n, err := s.DocumentCount(); n != helperBatchDocs || err != nil {
				t.Errorf("DocumentCount: got %d, %v; want %d", n, err, helperBatchDocs)
			}
			for _, i := range []int{0, len(b.Spans) / 2, len(b.Spans) - 1} {
				if _, err := s.Span(b.Spans[i].ID); err != nil {
					t.Errorf("span %d of the batch: %v", i, err)
				}
			}
			if err := checkKeys(s); err != nil {
				t.Error(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			dir := t.TempDir()
			cmd := startHelper(t, tc.mode, dir)
			if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
				t.Fatal(err)
			}
			cmd.Wait()
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			tc.check(t, s)
		})
	}
}

func TestNoStderr(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=quiet", "SKEIN_STORE_DIR="+t.TempDir())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("helper: %v; stdout %q", err, stdout.String())
	}
	if stdout.String() != "ok\n" {
		t.Errorf("stdout: got %q, want \"ok\\n\"", stdout.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr: got %q, want nothing", stderr.String())
	}
}

// TestSplitWriteKilled kills a child process while it writes one article
// too large for one transaction (its span index keys go first, over several
// transactions, and the article last): the child stops once the first of
// those transactions is durable and is killed there. The store must then
// hold nothing of the article once opened again, not index keys naming
// spans of an article that is not there; the same import then writes it
// whole. (It used to kill after a delay found by bisection, which under
// -race on a loaded machine could miss the half-way point 20 times.)
func TestSplitWriteKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process writing a large article")
	}
	dir := t.TempDir()
	killHelperAt(t, "split", dir, "written in part")
	docs, spanKeys := rawCounts(t, dir)
	if docs != 0 || spanKeys == 0 {
		t.Fatalf("killed half way: %d documents and %d span index keys, want none and some", docs, spanKeys)
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := checkKeys(s); err != nil {
		t.Errorf("after the kill: %v", err)
	}
	s.Close()
	if docs, spanKeys := rawCounts(t, dir); docs != 0 || spanKeys != 0 {
		t.Fatalf("after the kill: %d documents and %d span index keys, want nothing of the article", docs, spanKeys)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := splitBatch(int(s.db.MaxBatchCount()))
	res, err := s.WriteBatch(ctx, b)
	if err != nil {
		t.Fatalf("the same import again: %v", err)
	}
	if res.DocsAdded != 1 || res.SpansWritten != len(b.Spans) {
		t.Errorf("the same import again: got %+v, want 1 document and %d spans", res, len(b.Spans))
	}
	if err := checkKeys(s); err != nil {
		t.Errorf("after the import: %v", err)
	}
}

// killHelperAt runs the helper mode on the store in dir until it prints
// want, and kills it there.
func killHelperAt(t *testing.T, mode, dir, want string) {
	t.Helper()
	cmd := startHelperUntil(t, mode, dir, want)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
		t.Fatal(err)
	}
	cmd.Wait()
}

// reopenAfterKill runs the helper mode in a new store until it prints
// want, kills it there, and opens the store (closed at the test's end),
// which must then hold exactly the index keys its records imply.
func reopenAfterKill(t *testing.T, mode, want string) *Store {
	t.Helper()
	dir := t.TempDir()
	killHelperAt(t, mode, dir, want)
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := checkKeys(s); err != nil {
		t.Errorf("after the kill: %v", err)
	}
	return s
}

// TestDeleteKilled kills a child process while it deletes an article too
// large for one transaction, once the first of the transactions deleting
// its spans' index keys is durable. Opened again, the store holds the
// article whole, with every index key, its threads' members, its mark and
// its decision: the kill left the article without the keys deleted so
// far, which skein check lists as damage, and (its threads and marks
// taken first) without its thread memberships and marks. Deleting it
// again leaves nothing of it.
func TestDeleteKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process deleting a large article")
	}
	smallTxns(t)
	s := reopenAfterKill(t, "delete-split", "deleted in part")
	f := newDeleteFixture(int(s.db.MaxBatchCount()))
	f.checkWhole(t, s)
	if err := s.DeleteDocument(ctx, f.big.ID); err != nil {
		t.Fatalf("deleting it again: %v", err)
	}
	f.checkGone(t, s)
}

// TestThreadSplitKilled kills a child process while it writes a thread
// too large for one transaction: once its split key is durable, and once
// some of its members' keys are, after its record. Opened again, the store
// holds the thread as it was (none) or whole, with exactly its index keys;
// the same import then writes it, or finds it written.
func TestThreadSplitKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process writing a large thread")
	}
	for _, mode := range []string{"thread-split-1", "thread-split-2"} {
		t.Run(mode, func(t *testing.T) {
			s := reopenAfterKill(t, mode, "written in part")
			_, th := bigThreadBatch(47, 2, int(s.db.MaxBatchCount())/2+100)
			want := 1 // killed before its record: no thread
			if mode == "thread-split-1" {
				checkBigThread(t, s, th.ID, nil)
			} else {
				checkBigThread(t, s, th.ID, th) // after: the thread whole
				want = 0
			}
			res, err := s.WriteBatch(ctx, &Batch{Threads: []*annotate.Thread{th}})
			if err != nil || res.ThreadsWritten != want {
				t.Errorf("the same import again: %+v, %v; want %d thread written", res, err, want)
			}
			checkBigThread(t, s, th.ID, th)
		})
	}
}

// rawCounts opens the store's Badger database as it is, with nothing done
// on opening, and counts documents and span index keys.
func rawCounts(t *testing.T, dir string) (docs, spanKeys int) {
	t.Helper()
	db, err := badger.Open(badgerOptions(dir, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(p byte) int {
		n := 0
		db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				n++
			}
			return nil
		})
		return n
	}
	return count(pInfo), count(pSpanID)
}
