package store

import (
	"errors"
	"fmt"
	"os"
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
	if err := readyThenWait(s.gcNeeds() + minFree); err != nil {
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
