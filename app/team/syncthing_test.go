package team

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/syncthingtest"
)

// syncthing is one Syncthing instance of the test, on 127.0.0.1 only
// (annotate/syncthingtest, which the exports' sweep test shares).
type syncthing = syncthingtest.Instance

var (
	newSyncthing  = syncthingtest.New
	twoSyncthings = syncthingtest.Pair
	tail          = syncthingtest.Tail
)

// Two real Syncthing instances share one folder between two stores: a span
// added in store A is in store B's export within 10 s, and a thread made in
// B is in A's thread list.
func TestTwoSyncthings(t *testing.T) {
	_, sa, sb, failf := twoSyncthings(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, eb := open(t, a, sa.Folder, "alice"), open(t, b, sb.Folder, "bilal")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	addDoc(t, b, kakar, "Pakistan Blames Afghanistan") // both have the article
	opt := RunOptions{Rescan: time.Second}
	for _, e := range []*Engine{ea, eb} {
		go e.Run(ctx, opt, func(*Report, error) {})
	}

	// Give the two instances time to connect: the first exchange may wait
	// on it; the one measured is the second.
	warm := addSpan(t, a, d, "alice", "figure", 48, 51)
	ea.Changed()
	waitFor(t, 90*time.Second, func() bool { _, err := b.Span(warm.ID); return err == nil }, func() { failf("the two Syncthings never exchanged a span") })

	s := addSpan(t, a, d, "alice", "actor", 25, 43)
	start := time.Now()
	ea.Changed()
	waitFor(t, 10*time.Second, func() bool { return strings.Contains(export(t, b), s.ID) }, func() { failf("alice's span is not in bilal's export after 10 s") })
	t.Logf("a span from store A was in store B's export after %v", time.Since(start).Round(10*time.Millisecond))

	sbs := addSpan(t, b, d, "bilal", "claim", 48, 56)
	th := annotate.NewThread("bilal", "Kakar's 60%", sbs)
	if err := b.Apply(ctx, th); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	eb.Changed()
	waitFor(t, 10*time.Second, func() bool {
		found := false
		a.Threads(ctx, func(x *annotate.Thread) error {
			found = found || x.ID == th.Threads[0].After.ID
			return nil
		})
		return found
	}, func() { failf("bilal's thread is not in alice's thread list after 10 s") })
	t.Logf("a thread from store B was in store A's thread list after %v", time.Since(start).Round(10*time.Millisecond))
}

func waitFor(t *testing.T, d time.Duration, ok func() bool, fail func()) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			fail()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
