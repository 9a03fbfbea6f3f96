package team

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// leftTeam is aliceReviews with a thread of alice's, and chen, whose span
// bilal's store holds too: bilal's store then holds alice's layer (3
// spans), her curated layer (1), her thread and her 2 review decisions.
func leftTeam(t *testing.T) (a, b *store.Store, ea, eb *Engine, d *annotate.Document) {
	t.Helper()
	a, b, ea, eb, d, _, _ = aliceReviews(t)
	hers, err := a.LayerSpans(d.ID, "alice")
	if err != nil || len(hers) == 0 {
		t.Fatalf("alice's layer: %v %v", hers, err)
	}
	aliceThread(t, a, "Kakar", hers[0])
	syncOnce(t, ea)
	c := openStore(t, t.TempDir())
	ec := open(t, c, ea.Dir(), "chen")
	syncOnce(t, ec)
	addSpan(t, c, d, "chen", "claim", 0, 9)
	syncOnce(t, ec)
	syncOnce(t, eb)
	if got := aliceIn(t, b); got != [4]int{3, 1, 1, 2} {
		t.Fatalf("alice's work in bilal's store: %v, want 3 spans, 1 curated, 1 thread, 2 decisions", got)
	}
	return a, b, ea, eb, d
}

// aliceIn is what st holds of alice's: spans, curated spans, threads and
// review decisions.
func aliceIn(t *testing.T, st *store.Store) (n [4]int) {
	t.Helper()
	ctx := context.Background()
	for i, name := range []string{"alice", "curated:alice"} {
		if err := st.SpansByAnnotator(ctx, name, func(*annotate.Span) error { n[i]++; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Threads(ctx, func(th *annotate.Thread) error {
		if th.Annotator == "alice" {
			n[2]++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.Documents(ctx, func(di store.DocInfo) error {
		decs, err := st.Decisions(di.ID)
		for _, x := range decs {
			if x.Reviewer == "curated:alice" {
				n[3]++
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// alice's folder deleted from the team folder (she left the team) takes
// her layer, curated layer, thread and review decisions out of bilal's
// store once two of his reads decisionsGoneWait apart find it gone, and
// says so in skein sync's line; his own work and chen's stay as they
// were, and alice is no longer among his colleagues. Her folder written
// again (her skein syncs) brings her work back as any colleague's.
func TestColleagueFolderGoneLeavesTheStore(t *testing.T) {
	later := laterClock(t)
	a, b, ea, eb, _ := leftTeam(t)
	others := export(t, b, "bilal", "chen", "curated")
	if err := os.RemoveAll(filepath.Join(ea.Dir(), "layers", "alice")); err != nil {
		t.Fatal(err)
	}
	for i, wait := range []time.Duration{0, decisionsGoneWait - time.Millisecond} {
		later(wait)
		if rep := syncOnce(t, eb); len(rep.Left) > 0 || aliceIn(t, b) != [4]int{3, 1, 1, 2} {
			t.Fatalf("read %d after her folder went (%v on): removed %+v, alice's work now %v; want it kept until a read %v after the first", i+1, wait, rep.Left, aliceIn(t, b), decisionsGoneWait)
		}
	}
	later(time.Millisecond)
	rep := syncOnce(t, eb)
	want := "alice's folder is gone from the team folder: their 4 spans in 1 article, 1 thread and 2 review decisions were removed from this store"
	if len(rep.Left) != 1 || rep.Left[0].Line() != want || !strings.Contains(rep.Summary(), want) {
		t.Errorf("the read that found her folder gone the wait later: left %+v, summary %q; want %q", rep.Left, rep.Summary(), want)
	}
	if got := aliceIn(t, b); got != [4]int{} {
		t.Errorf("alice's work in bilal's store after her folder went: %v, want none", got)
	}
	if got := export(t, b, "bilal", "chen", "curated"); got != others {
		t.Errorf("bilal's and chen's work changed with alice's going:\n%s\nwant\n%s", got, others)
	}
	names, err := b.Annotators()
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(names, "alice") || slices.Contains(names, "curated:alice") {
		t.Errorf("bilal's store's annotators after alice's folder went: %v", names)
	}
	if slices.ContainsFunc(eb.Colleagues(), func(c Colleague) bool { return c.Annotator == "alice" }) {
		t.Errorf("alice still among bilal's colleagues: %+v", eb.Colleagues())
	}
	later(time.Hour)
	if rep := syncOnce(t, eb); len(rep.Left) > 0 {
		t.Errorf("the next sync: left %+v again", rep.Left)
	}

	// Her skein writes her folder again: her work is read in again.
	syncOnce(t, ea)
	syncOnce(t, eb)
	if got := aliceIn(t, b); got != [4]int{3, 1, 1, 2} {
		t.Errorf("alice's work in bilal's store once her folder is back: %v, want 3 spans, 1 curated, 1 thread, 2 decisions", got)
	}
	if got, want := export(t, b, "alice"), export(t, a, "alice"); got != want {
		t.Errorf("bilal's copy of alice's layer once her folder is back:\n%s\nwant\n%s", got, want)
	}
}

// A colleague's folder gone for a moment (a copier, git's checkout
// removing and writing it again) removes nothing: back at the second read,
// the wait starts over.
func TestColleagueFolderGoneForAMoment(t *testing.T) {
	later := laterClock(t)
	_, b, ea, eb, _ := leftTeam(t)
	alice := filepath.Join(ea.Dir(), "layers", "alice")
	aside := filepath.Join(t.TempDir(), "alice")
	if err := os.Rename(alice, aside); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	if err := os.Rename(aside, alice); err != nil {
		t.Fatal(err)
	}
	later(decisionsGoneWait)
	syncOnce(t, eb)
	if err := os.Rename(alice, aside); err != nil {
		t.Fatal(err)
	}
	later(decisionsGoneWait)
	if rep := syncOnce(t, eb); len(rep.Left) > 0 || aliceIn(t, b) != [4]int{3, 1, 1, 2} {
		t.Errorf("alice's folder gone, back, gone again: removed %+v, her work %v; want it kept (the wait starts over)", rep.Left, aliceIn(t, b))
	}
}

// The wall clock set forward (by the user, or NTP after a suspend) between
// two reads a moment apart that find a colleague's folder gone is not the
// wait: their work stays until the reads are decisionsGoneWait apart by a
// clock no setting moves (bootClock) too. It removed her work at once.
func TestColleagueFolderGoneClockSetForward(t *testing.T) {
	wall, boot := wallClock(t)
	_, b, ea, eb, _ := leftTeam(t)
	if err := os.RemoveAll(filepath.Join(ea.Dir(), "layers", "alice")); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	wall(time.Hour)
	boot(time.Millisecond)
	if rep := syncOnce(t, eb); len(rep.Left) > 0 || aliceIn(t, b) != [4]int{3, 1, 1, 2} {
		t.Fatalf("a read a moment after the first, the wall clock set an hour on: removed %+v, alice's work now %v; want it kept", rep.Left, aliceIn(t, b))
	}
	if !eb.awaitsLeft(goneClock().UnixNano()) {
		t.Errorf("the engine does not await a second read of alice's folder")
	}
	boot(decisionsGoneWait)
	if rep := syncOnce(t, eb); len(rep.Left) != 1 || aliceIn(t, b) != [4]int{} {
		t.Errorf("a read the wait after the first by both clocks: removed %+v, alice's work now %v; want it removed", rep.Left, aliceIn(t, b))
	}
}

// A running engine (the window's) that finds a colleague's folder gone
// reads the folder again once the wait is over, not at its rescan, and
// reports what it removed.
func TestRunRemovesALeftColleagueAfterTheWait(t *testing.T) {
	defer func(w time.Duration) { decisionsGoneWait = w }(decisionsGoneWait)
	decisionsGoneWait = 200 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	_, b, ea, eb, _ := leftTeam(t)
	left := make(chan []Departure, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		eb.Run(ctx, RunOptions{Rescan: time.Hour}, func(rep *Report, err error) {
			if rep != nil && len(rep.Left) > 0 {
				left <- rep.Left
			}
		})
	}()
	defer func() { cancel(); <-done }()
	time.Sleep(300 * time.Millisecond) // the first pass, and the watches
	if err := os.RemoveAll(filepath.Join(ea.Dir(), "layers", "alice")); err != nil {
		t.Fatal(err)
	}
	select {
	case l := <-left:
		if len(l) != 1 || l[0].Annotator != "alice" || l[0].Spans != 4 {
			t.Errorf("the engine reported %+v; want alice's 4 spans removed", l)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("alice's folder gone for 20 s: her work still in bilal's store (%v), nothing reported", aliceIn(t, b))
	}
	if got := aliceIn(t, b); got != [4]int{} {
		t.Errorf("alice's work in bilal's store once reported removed: %v", got)
	}
}

// aliceGoneAWhile is leftTeam with alice's folder taken out of the team
// folder, found gone by bilal's first read and the wait since passed: his
// next read removes her work. back puts her folder back as it was (it was
// moved away for a while).
func aliceGoneAWhile(t *testing.T) (later func(time.Duration), b *store.Store, ea, eb *Engine, back func()) {
	t.Helper()
	later = laterClock(t)
	_, b, ea, eb, _ = leftTeam(t)
	alice := filepath.Join(ea.Dir(), "layers", "alice")
	aside := filepath.Join(t.TempDir(), "alice")
	if err := os.Rename(alice, aside); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	later(decisionsGoneWait)
	return later, b, ea, eb, func() {
		t.Helper()
		if err := os.Rename(aside, alice); err != nil {
			t.Fatal(err)
		}
	}
}

// A kill right before or right after alice's work leaves bilal's store,
// before his engine saved its state again, loses nothing. Her folder still
// gone, the engine opened after it (the next start) removes her work and
// tells the departure at its next pass, with what was removed, and once
// only. Her folder back as it was before that pass (moved away for a
// while, then back), her work is in his store again: her files were read
// as before, and a kill after the removal had the state list them as read
// while the store no longer held them, so they were never read in again.
// So too for the same engine's next pass (a failure there, not a kill),
// and for a state a skein before this one saved (listing them).
func TestColleagueFolderGoneKilledAtTheRemoval(t *testing.T) {
	for _, tc := range []struct {
		removed, back, oldState, sameEngine bool
	}{
		{removed: false}, {removed: true}, {removed: false, back: true}, {removed: true, back: true},
		{removed: false, back: true, sameEngine: true}, {removed: true, back: true, sameEngine: true},
		{removed: true, back: true, oldState: true},
	} {
		_, b, ea, eb, back := aliceGoneAWhile(t)
		read := maps.Clone(eb.state.Files)
		killed := errors.New("killed")
		atRemoval = func(removed bool) error {
			if removed == tc.removed {
				return killed
			}
			return nil
		}
		_, err := eb.Sync(context.Background())
		atRemoval = func(bool) error { return nil }
		if !errors.Is(err, killed) {
			t.Fatalf("%+v: the sync killed at the removal: %v, want it killed there", tc, err)
		}
		if got, want := aliceIn(t, b), map[bool][4]int{false: {3, 1, 1, 2}, true: {}}[tc.removed]; got != want {
			t.Fatalf("%+v: alice's work in bilal's store after the kill: %v, want %v", tc, got, want)
		}
		if tc.oldState {
			var s state
			raw, _, err := b.Meta(metaState)
			if err == nil {
				err = json.Unmarshal([]byte(raw), &s)
			}
			if err != nil {
				t.Fatal(err)
			}
			for rel, f := range read {
				if strings.HasPrefix(rel, "layers/alice/") {
					s.Files[rel] = f
				}
			}
			raw2, _ := json.Marshal(s)
			if err := b.SetMeta(metaState, string(raw2)); err != nil {
				t.Fatal(err)
			}
		}
		if tc.back {
			back()
		}
		restarted := eb
		if !tc.sameEngine {
			restarted = open(t, b, ea.Dir(), "bilal")
		}
		rep := syncOnce(t, restarted)
		if tc.back {
			if got := aliceIn(t, b); len(rep.Left) > 0 || got != [4]int{3, 1, 1, 2} {
				t.Errorf("%+v: her folder back as it was after the kill: left %+v, her work in bilal's store %v; want none left, 3 spans, 1 curated, 1 thread, 2 decisions", tc, rep.Left, got)
			}
			continue
		}
		want := "alice's folder is gone from the team folder: their 4 spans in 1 article, 1 thread and 2 review decisions were removed from this store"
		if len(rep.Left) != 1 || rep.Left[0].Line() != want || !strings.Contains(rep.Summary(), want) {
			t.Errorf("%+v: the pass after the kill: left %+v, summary %q; want %q", tc, rep.Left, rep.Summary(), want)
		}
		if got := aliceIn(t, b); got != [4]int{} {
			t.Errorf("%+v: alice's work in bilal's store after the pass: %v, want none", tc, got)
		}
		if rep := syncOnce(t, restarted); len(rep.Left) > 0 {
			t.Errorf("%+v: the pass after: left %+v again", tc, rep.Left)
		}
	}
}

// A departure stays in the engine's report of the departures (the Team
// tab's list) for departedDays after it was told, across a restart (the
// window opened the next day), and then leaves it.
func TestColleagueDepartureListedForDays(t *testing.T) {
	later, b, ea, eb, _ := aliceGoneAWhile(t)
	if rep := syncOnce(t, eb); len(rep.Left) != 1 || len(rep.Departed) != 1 {
		t.Fatalf("the pass that removed alice's work: left %+v, departed %+v; want her in both", rep.Left, rep.Departed)
	}
	later(24 * time.Hour)
	rep := syncOnce(t, open(t, b, ea.Dir(), "bilal"))
	if len(rep.Left) != 0 || len(rep.Departed) != 1 || rep.Departed[0].Annotator != "alice" || rep.Departed[0].Spans != 4 {
		t.Errorf("a day later, after a restart: left %+v, departed %+v; want alice's departure listed, not told again", rep.Left, rep.Departed)
	}
	later(departedDays * 24 * time.Hour)
	if rep := syncOnce(t, eb); len(rep.Departed) != 0 {
		t.Errorf("%d days later: departed %+v, want none", departedDays+1, rep.Departed)
	}
}

// A first sync reads two colleagues' layer files of one bucket together
// (bulk.go): each file carried the articles its own owner's layer is on,
// not those the other's file named. bilal's folder gone, the span the user
// imported under his name by hand on an article only chen's file carried
// stays. It was taken, bilal's file counted as carrying chen's article.
func TestFirstSyncBucketOfTwoKeepsByHand(t *testing.T) {
	later := laterClock(t)
	dir := t.TempDir()
	bs, cs, ms := openStore(t, t.TempDir()), openStore(t, t.TempDir()), openStore(t, t.TempDir())
	hisText, hersText := bucketOfTwo()
	his, hers := addDoc(t, bs, hisText, "His"), addDoc(t, bs, hersText, "Hers")
	addDoc(t, cs, hers.Text, "Hers")
	addSpan(t, bs, his, "bilal", "actor", 4, 12)
	addSpan(t, cs, hers, "chen", "actor", 4, 12)
	eb := open(t, bs, dir, "bilal")
	syncOnce(t, eb)
	syncOnce(t, open(t, cs, dir, "chen"))
	em := open(t, ms, dir, "me")
	if rep := syncOnce(t, em); len(rep.Arrived) != 2 {
		t.Fatalf("my first sync: arrived %+v, want bilal's and chen's", rep.Arrived)
	}
	// His layer changed since, read alone (importLayer): what it carried
	// is recorded there too.
	addSpan(t, bs, his, "bilal", "claim", 0, 6)
	syncOnce(t, eb)
	if rep := syncOnce(t, em); len(rep.Arrived) != 1 {
		t.Fatalf("my sync after bilal's change: arrived %+v, want bilal's", rep.Arrived)
	}
	addSpan(t, ms, hers, "bilal", "claim", 0, 6) // imported by hand under his name
	if err := os.RemoveAll(filepath.Join(dir, "layers", "bilal")); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, em)
	later(decisionsGoneWait)
	rep := syncOnce(t, em)
	if len(rep.Left) != 1 || rep.Left[0].Spans != 2 || rep.Left[0].Kept != 1 {
		t.Errorf("bilal's folder gone: %+v, want his 2 spans removed and 1 article kept", rep.Left)
	}
	if spans, err := ms.LayerSpans(hers.ID, "bilal"); err != nil || len(spans) != 1 {
		t.Errorf("bilal's span imported by hand on chen's article: %v, %v; want it kept", spans, err)
	}
	if spans, err := ms.LayerSpans(his.ID, "bilal"); err != nil || len(spans) != 0 {
		t.Errorf("bilal's spans his folder brought: %v, %v; want them removed", spans, err)
	}
}

// bucketOfTwo is the texts of two articles of one bucket (their IDs'
// first two hex digits).
func bucketOfTwo() (string, string) {
	byBucket := map[string]string{}
	for i := 0; ; i++ {
		text := fmt.Sprintf("Report %d: the minister said 12 people were hurt.", i)
		id := annotate.DocID(text)
		if other, ok := byBucket[id[:2]]; ok {
			return other, text
		}
		byBucket[id[:2]] = text
	}
}
