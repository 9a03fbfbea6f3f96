package team

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A take of the user's layer from another machine (skein sync -take, the
// Team tab's button) with the team folder moved away said the raw "take:
// open …/layers/alice/3f…: no such file or directory". It says what a
// sync and Assign say, the folder not there, in their one sentence, with
// what the take did not do and what to do; nothing is read in, and once
// the folder is moved back the take reads the copy.
func TestTakeWithTheFolderAway(t *testing.T) {
	ctx := context.Background()
	lt := newLaptopThread(t)
	syncOnce(t, lt.el)
	aside := filepath.Join(t.TempDir(), "moved")
	if err := os.Rename(lt.folder, aside); err != nil {
		t.Fatal(err)
	}
	m := lt.el.Machine()
	_, err := lt.ed.Take(ctx, m)
	want := goneSaid(lt.folder, "it was moved or renamed, or its disk is not plugged in",
		"nothing was read in from machine "+m+"'s copy of your layer, which stays in the folder: read it in again once the folder is back")
	if err == nil || err.Error() != want || !errors.Is(err, ErrFolderGone) {
		t.Errorf("take with the team folder moved away: %v\nwant %s", err, want)
	}
	if spans, _ := lt.desktop.LayerSpans(lt.d.ID, "alice"); len(spans) != 0 {
		t.Errorf("the desktop's layer after a take with the folder away: %d spans, want none", len(spans))
	}
	if _, err := os.Stat(lt.folder); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the team folder's old place after the take: %v, want nothing made there", err)
	}
	if err := os.Rename(aside, lt.folder); err != nil {
		t.Fatal(err)
	}
	if _, err := lt.ed.Take(ctx, m); err != nil {
		t.Fatalf("take with the folder back: %v", err)
	}
	if spans, _ := lt.desktop.LayerSpans(lt.d.ID, "alice"); len(spans) != 1 {
		t.Errorf("the desktop's layer after the take with the folder back: %d spans, want the laptop's 1", len(spans))
	}
	if !strings.HasPrefix(want, "team folder "+lt.folder+" is not there: ") {
		t.Errorf("the sentence %q does not begin as a sync's does", want)
	}
}
