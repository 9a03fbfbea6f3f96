package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/skein-news/skein/annotate"
)

// closeFullHelper, in a helper process (mode "close-full"), writes a
// batch, says how many bytes its Close needs and waits for the test to
// fill the disk (readyThenWait), then closes the store, saying "closed"
// or "unclosed: " and the message.
func closeFullHelper(s *Store) error {
	if _, err := s.WriteBatch(ctx, helperBatch()); err != nil {
		return err
	}
	if err := readyThenWait(s.closeNeeds()); err != nil {
		return err
	}
	return closeSaying(s)
}

// readyThenWait writes n into the file SKEIN_STORE_READY and waits for
// the file SKEIN_STORE_GATE: the test fills the disk meanwhile, from its
// own process, leaving about n bytes.
func readyThenWait(n int64) error {
	if err := os.WriteFile(os.Getenv("SKEIN_STORE_READY"), []byte(strconv.FormatInt(n, 10)), 0o644); err != nil {
		return err
	}
	for {
		if _, err := os.Stat(os.Getenv("SKEIN_STORE_GATE")); err == nil {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// closeSaying closes s and prints "closed", or "unclosed: " and the
// message where its disk was too full to close.
func closeSaying(s *Store) error {
	err := s.Close()
	var ue *UnclosedError
	switch {
	case err == nil:
		fmt.Println("closed")
	case errors.As(err, &ue) && errors.Is(err, ErrDiskFull):
		fmt.Println("unclosed: " + err.Error())
	default:
		return err
	}
	return nil
}

// gcFullHelper, in a helper process (mode "gc-full"), says how much room
// a round of value-log GC asks for and waits for the test to fill the disk
// (readyThenWait), then runs GC as the store's timer does, says whether it
// left it ("gc left") or ran ("gc ran"), and closes the store.
func gcFullHelper(s *Store) error {
	if err := readyThenWait(s.gcNeeds() + s.upkeep()); err != nil {
		return err
	}
	s.runGC()
	if s.gcLeft.Load() > 0 {
		fmt.Println("gc left")
	} else {
		fmt.Println("gc ran")
	}
	return closeSaying(s)
}

// keyFullHelper, in a helper process (mode "key-full"), stores a span as
// a key in the window does, waits for the test to fill the disk
// (readyThenWait), then tries the next key's span, says what the store
// answered ("refused: " and the message, or "stored") and closes the
// store.
func keyFullHelper(s *Store) error {
	if _, err := s.PutDocument(ctx, killDoc); err != nil {
		return err
	}
	if err := s.Apply(ctx, annotate.AddSpan("ana", killSpan)); err != nil {
		return err
	}
	if err := readyThenWait(0); err != nil {
		return err
	}
	if err := s.Apply(ctx, annotate.AddSpan("ana", nextKeySpan)); err != nil {
		fmt.Println("refused: " + err.Error())
	} else {
		fmt.Println("stored")
	}
	return closeSaying(s)
}

// nextKeySpan is the span keyFullHelper's second key adds, on a full disk.
var nextKeySpan = &annotate.Span{ID: "0190a3c4-1111-7000-8000-000000000002", Doc: killDoc.ID, Annotator: "ana", Label: "actor",
	Fragments: []annotate.Fragment{{Start: 10, End: 15}}, Created: 1714521600001}

// upkeepBatch is the i-th batch of articles the test of the store's
// upkeep writes: 1,000 articles whose records (about 800 bytes) stay in
// Badger's tree, about one memtable's worth, so each makes about one table.
func upkeepBatch(i, n int) *Batch {
	docs, _ := genCorpus(uint64(700+i), n, 600, 0, "ana")
	return &Batch{Docs: docs}
}

// upkeepFullHelper, in a helper process (mode "upkeep-full"), writes
// articles until level 0 holds one table short of its compaction
// (NumLevelZeroTables) and the memtable is nearly full, says the margin of
// old (minFree) with a few MB for the keys, waits for the test to fill
// the disk (readyThenWait), then stores spans as keys in the window do,
// one after another: the memtable's flush makes level 0's eighth table,
// and its compaction rewrites level 0 and the base level. It says
// "refused: " and the message, or "stored" once that compaction is done;
// then how many keys it stored and how many articles it wrote, and closes
// the store.
func upkeepFullHelper(s *Store) error {
	var docs []*annotate.Document
	write := func(b *Batch) error {
		docs = b.Docs
		_, err := s.WriteBatch(ctx, b)
		return err
	}
	written, i := 0, 100
	for ; s.db.Levels()[0].NumTables < 7; i++ {
		if err := write(upkeepBatch(i, 1000)); err != nil {
			return err
		}
		written += 1000
	}
	for ; memLogBytes(s.dir) < 7<<19; i++ { // 3.5 MB of the memtable's 4
		if err := write(upkeepBatch(i, 50)); err != nil {
			return err
		}
		written += 50
		if s.db.Levels()[0].NumTables >= 8 {
			return fmt.Errorf("level 0 reached 8 tables before the disk was filled")
		}
	}
	if err := readyThenWait(minFree + 12<<20); err != nil {
		return err
	}
	said, keys := "stored", 0
	for ; keys < 20000; keys++ {
		sp := newSpan(docs[keys%len(docs)], "ana", "claim", keys/len(docs), keys/len(docs)+5)
		if err := s.Apply(ctx, annotate.AddSpan("ana", sp)); err != nil {
			said = "refused: " + err.Error()
			break
		}
		if s.db.Levels()[0].NumTables == 0 {
			break // level 0 compacted
		}
	}
	// Whatever compaction the keys set off writes its tables before the
	// store is closed, or faults doing so.
	for start := time.Now(); !settled(s) && time.Since(start) < 30*time.Second; {
		time.Sleep(20 * time.Millisecond)
	}
	fmt.Println(said)
	fmt.Printf("keys %d\narticles %d\n", keys, written)
	return closeSaying(s)
}

// settled says Badger is writing no table: level 0 is short of its
// compaction and the folder holds the tables of the levels and no other
// (a compaction's new tables, or its old ones not yet deleted).
func settled(s *Store) bool {
	levels := s.db.Levels()
	n := 0
	for _, l := range levels {
		n += l.NumTables
	}
	files, _ := filepath.Glob(filepath.Join(s.dir, "*.sst"))
	return levels[0].NumTables < 8 && len(files) == n
}
