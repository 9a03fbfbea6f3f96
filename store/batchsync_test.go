package store

import (
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestBatchSyncsOnlyWithoutSyncWrites: a batch ends with a DB.Sync only
// where Badger did not sync each commit (NoSync); with SyncWrites it had.
// TestKillDuringSync, TestSurvivesKill and TestKillLoop are what show that
// what a batch returned from survives a kill.
func TestBatchSyncsOnlyWithoutSyncWrites(t *testing.T) {
	for _, noSync := range []bool{false, true} {
		s, err := Open(t.TempDir(), Options{NoSync: noSync})
		if err != nil {
			t.Fatal(err)
		}
		d := newDoc("A", "", "an article to annotate")
		if _, err := s.WriteBatch(ctx, &Batch{Docs: []*annotate.Document{d}, Spans: []*annotate.Span{newSpan(d, "ana", "claim", 0, 2)}}); err != nil {
			t.Fatal(err)
		}
		want := int64(0)
		if noSync || !syncWrites {
			want = 1
		}
		if got := s.batchSyncs.Load(); got != want {
			t.Errorf("NoSync %v: %d syncs after one batch, want %d", noSync, got, want)
		}
		s.Close()
	}
}
