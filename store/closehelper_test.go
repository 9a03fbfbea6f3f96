package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// closeFullHelper, in a helper process (mode "close-full"), writes a
// batch, writes how many bytes its Close needs into the file
// SKEIN_STORE_READY, waits for the file SKEIN_STORE_GATE (the test fills
// the disk meanwhile, from its own process) and closes the store, saying
// "closed" or "unclosed: " and the message.
func closeFullHelper(s *Store) error {
	if _, err := s.WriteBatch(ctx, helperBatch()); err != nil {
		return err
	}
	need := strconv.FormatInt(s.closeNeeds(), 10)
	if err := os.WriteFile(os.Getenv("SKEIN_STORE_READY"), []byte(need), 0o644); err != nil {
		return err
	}
	for {
		if _, err := os.Stat(os.Getenv("SKEIN_STORE_GATE")); err == nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
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
