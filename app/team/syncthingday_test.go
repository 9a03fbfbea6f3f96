package team

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// runner is a window's engine on one store, as the window runs it, with
// every report it gave.
type runner struct {
	e      *Engine
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	bad    []string // reports with an error, a refusal or a conflicted copy
}

func startRunner(t *testing.T, st *store.Store, dir, user string) *runner {
	t.Helper()
	r := &runner{e: open(t, st, dir, user), done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() {
		defer close(r.done)
		r.e.Run(ctx, RunOptions{}, func(rep *Report, err error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			switch {
			case err != nil:
				r.bad = append(r.bad, "error: "+err.Error())
			case len(rep.Refused) > 0:
				r.bad = append(r.bad, "refused: "+rep.Refused[0].Error())
			case len(rep.Copies) > 0:
				r.bad = append(r.bad, "copy: "+rep.Copies[0])
			}
		})
	}()
	return r
}

// quit stops the engine as closing the window does: what is pending is
// written first.
func (r *runner) quit() { r.cancel(); <-r.done }

func (r *runner) trouble() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.bad...)
}

// A day of two researchers on two machines, two real Syncthings between
// them, each engine run as the window runs it: both annotate the same
// article at once, alice makes, renames and deletes threads, bilal threads
// her spans, both quit and reopen. Everything arrives; nothing is refused,
// no pass fails, and Syncthing makes no conflicted copy (both stores write
// the same article's file and skein-team.json). How long each arrival
// took is logged, not asserted.
func TestSyncthingDay(t *testing.T) {
	_, sa, sb, failf := twoSyncthings(t)
	ctx := context.Background()
	arrives := func(what string, ok func() bool) {
		t.Helper()
		start := time.Now()
		waitFor(t, 30*time.Second, ok, func() { failf("%s: not there after 30 s", what) })
		t.Logf("%s: after %v", what, time.Since(start).Round(10*time.Millisecond))
	}
	has := func(st *store.Store, id string) func() bool {
		return func() bool { _, err := st.Span(id); return err == nil }
	}
	thread := func(st *store.Store, id string) *annotate.Thread {
		th, err := st.Thread(id)
		if err != nil {
			return nil
		}
		return th
	}

	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	addDoc(t, b, kakar, "Pakistan Blames Afghanistan") // both have the article
	ra, rb := startRunner(t, a, sa.Folder, "alice"), startRunner(t, b, sb.Folder, "bilal")

	// Warm up: the two instances connect.
	warm := addSpan(t, a, d, "alice", "figure", 48, 51)
	ra.e.Changed(d.ID)
	waitFor(t, 90*time.Second, has(b, warm.ID), func() { failf("the two Syncthings never exchanged a span") })

	// Both annotate the article at once.
	a1 := addSpan(t, a, d, "alice", "actor", 25, 47)
	b1 := addSpan(t, b, d, "bilal", "actor", 25, 47)
	ra.e.Changed(d.ID)
	rb.e.Changed(d.ID)
	arrives("alice's span in bilal's store", has(b, a1.ID))
	arrives("bilal's span in alice's store", has(a, b1.ID))

	// alice threads her span twice, renames one and deletes the other.
	keep := annotate.NewThread("alice", "Kakar's claim", a1)
	drop := annotate.NewThread("alice", "A draft", a1)
	for _, c := range []*annotate.Change{keep, drop} {
		if err := a.Apply(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	keepID, dropID := keep.Threads[0].After.ID, drop.Threads[0].After.ID
	ra.e.Changed()
	arrives("alice's two threads in bilal's store", func() bool { return thread(b, keepID) != nil && thread(b, dropID) != nil })
	ren, err := annotate.RenameThread("alice", thread(a, keepID), "Kakar blames Kabul")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Apply(ctx, ren); err != nil {
		t.Fatal(err)
	}
	if err := a.Apply(ctx, annotate.DeleteThread("alice", thread(a, dropID))); err != nil {
		t.Fatal(err)
	}
	ra.e.Changed()
	// Meanwhile bilal threads alice's span with his.
	link := annotate.NewThread("bilal", "Who says 60%", b1)
	if err := b.Apply(ctx, link); err != nil {
		t.Fatal(err)
	}
	linkID := link.Threads[0].After.ID
	add, err := annotate.AddMember("bilal", thread(b, linkID), a1, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Apply(ctx, add); err != nil {
		t.Fatal(err)
	}
	rb.e.Changed()
	arrives("alice's rename in bilal's store", func() bool { th := thread(b, keepID); return th != nil && th.Title == "Kakar blames Kabul" })
	arrives("alice's deletion in bilal's store", func() bool { return thread(b, dropID) == nil })
	arrives("bilal's thread of alice's span in alice's store", func() bool { th := thread(a, linkID); return th != nil && len(th.Members) == 2 })

	// The last moments before both quit: a span each, written as the
	// window closes.
	a2 := addSpan(t, a, d, "alice", "claim", 48, 56)
	b2 := addSpan(t, b, d, "bilal", "claim", 48, 56)
	ra.e.Changed(d.ID)
	rb.e.Changed(d.ID)
	ra.quit()
	rb.quit()
	for _, r := range []*runner{ra, rb} {
		if bad := r.trouble(); len(bad) > 0 {
			t.Errorf("%s's passes: %q", r.e.User(), bad)
		}
	}

	// Both reopen.
	ra, rb = startRunner(t, a, sa.Folder, "alice"), startRunner(t, b, sb.Folder, "bilal")
	defer ra.quit()
	defer rb.quit()
	arrives("alice's last span in bilal's store after both reopened", has(b, a2.ID))
	arrives("bilal's last span in alice's store after both reopened", has(a, b2.ID))
	if th := thread(b, keepID); th == nil || th.Title != "Kakar blames Kabul" || thread(b, dropID) != nil {
		t.Errorf("alice's threads in bilal's store after reopening: %+v, deleted one there: %v", th, thread(b, dropID) != nil)
	}
	if th := thread(a, linkID); th == nil || len(th.Members) != 2 || th.Members[1].Span != a1.ID {
		t.Errorf("bilal's thread in alice's store after reopening: %+v", th)
	}
	time.Sleep(3 * time.Second) // a last exchange: any conflict would show now
	for _, r := range []*runner{ra, rb} {
		if bad := r.trouble(); len(bad) > 0 {
			t.Errorf("%s's passes after reopening: %q", r.e.User(), bad)
		}
	}
	for _, dir := range []string{sa.Folder, sb.Folder} {
		filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err == nil && strings.Contains(filepath.Base(p), ".sync-conflict-") {
				t.Errorf("Syncthing made a conflicted copy: %s", p)
			}
			return nil
		})
	}
}
