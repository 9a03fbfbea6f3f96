package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

// errReported is a failure the command has already told the user about:
// exit 1 with nothing more said.
var errReported = errors.New("reported")

// damageHint is what follows any message that says the store is damaged.
func damageHint(dir string) string {
	return fmt.Sprintf("skein: the store %s is damaged. 'skein check' lists what is damaged; "+
		"'skein -store NEWDIR restore FILE' brings back a backup (the window keeps one a day in %s)",
		dir, filepath.Join(dir, "backups"))
}

func runCheck(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("check", "[-set-aside-unfinished | -put-back FILE | -repair-times | -export FOLDER]")
	setAside := fs.Bool("set-aside-unfinished", false, "move a write a kill left under way that cannot be finished into a file in the store's set-aside folder, and check the store without it")
	putBack := fs.String("put-back", "", "write the set-aside write in `FILE` back into the store, for the next open to finish, then check")
	repairTimes := fs.Bool("repair-times", false, "set each time of change stored far past the clock (an older skein took it in) to a sane one, then check")
	export := fs.String("export", "", "instead of the store, list what exports left in `FOLDER` (hidden, and what the next export there does with each), changing nothing")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *export != "" {
		if *setAside || *putBack != "" || *repairTimes {
			return usageError{"give -export FOLDER alone: it looks at the folder, not the store"}
		}
		return checkExportFolder(g.env.Stdout, g.path(*export), *export)
	}
	if *repairTimes && (*setAside || *putBack != "") {
		return usageError{"give -repair-times alone: check once with -set-aside-unfinished or -put-back first"}
	}
	if *repairTimes {
		st, err := g.openToCheck()
		if err != nil {
			return err
		}
		n, err := st.RepairTimes(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			fmt.Fprintln(g.env.Stderr, "skein check: the store holds no time of change far past the clock: nothing was repaired")
		} else {
			fmt.Fprintf(g.env.Stderr, "skein check: set the times of change far past the clock of %s to sane ones (now, a thread's created to its modified, or a span's created to its layer's time)\n", annotate.Count(n, "record"))
		}
		return checkReport(ctx, g, st)
	}
	if (*setAside || *putBack != "") && g.env.Caller != nil {
		if c := g.env.Caller; c.Store != nil && c.Store.ReadOnly() {
			if *setAside {
				return readOnlyWindowError(g.storeDir, "")
			}
			return fmt.Errorf("the window holding store %s has it open read-only, as it stands (a write a kill left under way could not be finished): "+
				"quit it first, then run skein -store %s check -put-back %s again", g.storeDir, annotate.ShellWord(g.storeDir), annotate.ShellWord(*putBack))
		}
		return fmt.Errorf("the window holding store %s has it open, so nothing in it is left unfinished: quit it first", g.storeDir)
	}
	if *putBack != "" {
		st, err := g.openStoreWith(store.Options{})
		if err != nil {
			return err
		}
		what, err := st.PutBack(g.path(*putBack))
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(g.env.Stderr, "skein check: put back %s: the next open tries to finish it\n", what)
		if st, err = g.openToCheck(); err != nil {
			return err
		}
		return checkReport(ctx, g, st)
	}
	if *setAside {
		asides := 0
		st, err := g.openStoreWith(store.Options{SetAside: func(a store.SetAside) {
			asides++
			fmt.Fprintf(g.env.Stderr, "skein check: set aside %s (finishing it failed: %s) into %s: the store opens without it, and can be changed again; "+
				"what the write had written before the kill stays (the check below says if that leaves anything amiss). "+
				"Send that file to skein's developers; skein -store %s check -put-back %s puts it back\n", a.What, a.Failed, a.File, annotate.ShellWord(g.storeDir), annotate.ShellWord(a.File))
		}})
		if err != nil {
			return err
		}
		if asides == 0 && !st.ReadOnly() {
			fmt.Fprintln(g.env.Stderr, "skein check: the store holds no write left unfinished: nothing was set aside")
		}
		g.st = st
		return checkReport(ctx, g, st)
	}
	st, err := g.openToCheck()
	if err != nil {
		return err
	}
	return checkReport(ctx, g, st)
}

// checkReport checks st and prints what it found.
func checkReport(ctx context.Context, g *globals, st *store.Store) error {
	rep, err := st.Check(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(g.env.Stdout, rep.Lines())
	if !g.shared { // beside the window, a record may be its import, running
		cut, err := transfer.CutShort(st)
		if err != nil {
			return err
		}
		for _, c := range cut {
			fmt.Fprintln(g.env.Stdout, "note:", c)
		}
	}
	if !rep.Sound() {
		return errReported
	}
	return nil
}

// openToCheck opens the store for check: not g.open, as a check reads,
// and loads no seeds into what it checks. A served check reads the
// window's open store.
func (g *globals) openToCheck() (*store.Store, error) {
	if c := g.env.Caller; c != nil {
		g.st, g.shared = c.Store, true
		g.noteReadOnlyWindow()
		return g.st, nil
	}
	if _, err := os.Stat(g.storeDir); err != nil {
		return nil, fmt.Errorf("no store at %s: %w", g.storeDir, err)
	}
	st, err := g.openStore()
	if err != nil {
		if !store.IsDamaged(err) {
			return nil, err
		}
		fmt.Fprintln(g.env.Stdout, err)
		fmt.Fprintln(g.env.Stdout, "store is damaged: it cannot be opened")
		return nil, errReported
	}
	g.st = st
	return st, nil
}

func runBackup(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("backup", "")
	out := fs.String("o", "", "write the backup to `FILE`")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"give the backup file with -o FILE"}
	}
	names := map[string]string{"": *out}
	targets, err := g.outPaths(names, false, outHint{folder: "name the backup file", special: "name the backup file"})
	if err != nil {
		return err
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	if err := g.outsideStore(names, targets); err != nil {
		return err
	}
	n, err := g.st.BackupFileUmask(ctx, targets[""], g.umask())
	if err != nil {
		return err
	}
	fmt.Fprintf(g.env.Stdout, "backed up store %s to %s (%s)\n", g.storeDir, *out, annotate.Size(n))
	return nil
}

func runRestore(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("restore", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"name one backup file to restore (skein backup -o FILE writes one)"}
	}
	rep, err := store.Restore(ctx, g.storeDir, fs.Arg(0))
	if err != nil {
		return err
	}
	if !rep.Sound() {
		fmt.Fprintln(g.env.Stdout, rep.Lines())
		return fmt.Errorf("restored %s into %s, but the backup holds damage (listed above)", fs.Arg(0), g.storeDir)
	}
	fmt.Fprintf(g.env.Stdout, "restored %s into %s: %s\n", fs.Arg(0), g.storeDir, rep)
	return nil
}
