package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

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
	fs := g.flags("check", "")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	st, err := g.openToCheck()
	if err != nil {
		return err
	}
	rep, err := st.Check(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(g.env.Stdout, rep.Lines())
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
	fmt.Fprintf(g.env.Stdout, "backed up store %s to %s (%s)\n", g.storeDir, *out, megabytes(n))
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

// megabytes formats a size for a person: "3.2 MB".
func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
