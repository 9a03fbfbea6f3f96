package transfer

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"

	"github.com/skein-news/skein/annotate/formats"
)

// WriteKeeping runs write, which writes out's data and replaces the file
// keep itself (hf's label list, beside the data), then commits out. keep's
// old content is kept beside it, announced first in a journal
// (formats.Keeper), as the command line's export keeps it: a failed
// export puts it back, and one killed between writing the list and
// committing the rows, which left a new list beside the old rows (their
// tags then named wrongly), has it put back by the next export to the
// folder. out is committed or aborted either way.
func WriteKeeping(out *OutFile, keep string, write func() ([]string, error)) ([]string, error) {
	dir := filepath.Dir(keep)
	formats.RemoveLeftExports(dir) // a killed export's list back before this one keeps it
	k, err := formats.NewKeeper(dir)
	if err != nil {
		out.Abort()
		return nil, fmt.Errorf("cannot write %s: keeping a copy of it to put back if the export fails: %w (nothing was written)", keep, err)
	}
	defer k.Close() // once what it kept is deleted or put back
	old, err := k.Keep(keep, "")
	if err == nil {
		err = k.Placing(out.path, out.tmp)
	}
	if err != nil {
		out.Abort()
		if old != "" {
			os.Remove(old)
		}
		return nil, fmt.Errorf("cannot write %s: keeping a copy of it to put back if the export fails: %w (nothing was written)", keep, err)
	}
	left, err := write()
	if err != nil {
		out.Abort()
	} else {
		err = out.Commit()
	}
	if err == nil {
		if old != "" {
			os.Remove(old)
		}
		return left, nil
	}
	return left, PutBack(err, keep, old)
}

// PutBack gives the file p, which a failed export (err) replaced, back
// the old content kept in old, or, where there was none (old ""), deletes
// it, and returns err, saying so where that failed: p is new, and its old
// content, if any, is left in old for the user.
func PutBack(err error, p, old string) error {
	var perr error
	if old != "" {
		perr = os.Rename(old, p)
	} else if perr = os.Remove(p); errors.Is(perr, iofs.ErrNotExist) {
		perr = nil
	}
	var le *os.LinkError
	var pe *iofs.PathError
	if errors.As(perr, &le) {
		perr = le.Err
	} else if errors.As(perr, &pe) {
		perr = pe.Err
	}
	switch {
	case perr == nil:
		return err
	case old != "":
		return fmt.Errorf("%w; %s is new (putting back its old content failed: %v; it is in %s)", err, p, perr, old)
	}
	return fmt.Errorf("%w; %s is new (there was none before; deleting it failed: %v)", err, p, perr)
}
