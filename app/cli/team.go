package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/team"
)

// How teamEngine opens a folder args name.
const (
	joinFolder  = iota // skein team: connect it, made a team folder where it is not one
	syncFolder         // skein sync: only a team folder
	writeFolder        // skein assign: made a team folder where it is not one, not connected
)

// teamEngine opens the folder args name (at most one), or the one the
// store is connected to; how says what of a folder named (joinFolder
// remembers it as the store's).
func (g *globals) teamEngine(ctx context.Context, args []string, how int) (*team.Engine, error) {
	connect := how == joinFolder
	folder, err := optionalFolder(args)
	if err != nil {
		return nil, err
	}
	if err := g.open(ctx); err != nil {
		return nil, err
	}
	if folder != "" {
		folder = g.path(folder)
		abs, _ := filepath.Abs(folder)
		if was, _ := team.Folder(g.st); how == syncFolder && was != abs {
			if err := team.IsTeamFolder(abs); err != nil {
				return nil, err
			}
		}
	} else {
		connect = false
		dir, err := team.Folder(g.st)
		if err != nil {
			return nil, err
		}
		folder = dir
	}
	var e *team.Engine
	switch {
	case connect:
		e, err = team.Connect(g.st, folder, g.user)
	case g.shared:
		e, err = team.OpenBeside(g.st, folder, g.user) // the window's engine may be writing
	default:
		e, err = team.Open(g.st, folder, g.user)
	}
	if err != nil {
		return nil, err
	}
	if connect && g.userSet {
		// The name the store joins the folder under is its name from now
		// on, as the window's is: `skein sync` without -user (a git hook,
		// cron) then writes this layer, not one named after the operating
		// system's user, which the folder would take for a new colleague.
		if err := g.st.SetMeta(metaUser, g.user); err != nil {
			return nil, err
		}
	}
	if m := g.umask(); m >= 0 {
		e.SetUmask(m) // a served command writes as its caller would
	}
	return e, nil
}

// refuseServedSync refuses team and sync in a window serving the command
// line: the window runs the team folder itself, and a second engine beside
// it would write the same files (and take its writes in progress for a
// killed run's leftovers).
func (g *globals) refuseServedSync(cmd string) error {
	if g.env.Caller == nil {
		return nil
	}
	if err := g.refuseReadOnlyWindow("skein " + cmd + " again"); err != nil {
		return err
	}
	return fmt.Errorf("the window holding store %s syncs with the team folder itself, so the command line does not sync beside it: "+
		"its Team tab shows what arrived, and File ▸ Team ▸ Folder… connects a folder; or quit the window and run skein %s again", g.storeDir, cmd)
}

func optionalFolder(args []string) (string, error) {
	switch len(args) {
	case 0:
		return "", nil
	case 1:
		return args[0], nil
	}
	return "", usageError{fmt.Sprintf("unexpected argument %q (give one folder)", args[1])}
}

func runTeam(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("team", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := g.refuseServedSync("team"); err != nil {
		return err
	}
	e, err := g.teamEngine(ctx, fs.Args(), joinFolder)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.env.Stdout, "team folder %s (you: %s on machine %s)\n", e.Dir(), e.User(), e.Machine())
	rep, err := e.Sync(ctx)
	if err != nil {
		return err
	}
	g.printReport(rep, e.Dir())
	for _, c := range e.Colleagues() {
		var line string
		switch {
		case !c.Last.IsZero():
			line = fmt.Sprintf("  %-16s last work %s, %s", c.Annotator, c.Last.Local().Format(time.DateTime), annotate.Count(c.Articles, "article"))
		case !c.Joined.IsZero():
			line = fmt.Sprintf("  %-16s joined %s, no work yet", c.Annotator, c.Joined.Local().Format(time.DateTime))
		default:
			line = fmt.Sprintf("  %-16s no work yet", c.Annotator)
		}
		if c.Reviewed > 0 {
			line += ", reviewed " + annotate.Count(c.Reviewed, "article")
		}
		if c.Machines > 1 {
			line += fmt.Sprintf(", from %d machines", c.Machines)
		}
		if c.Refused > 0 {
			line += fmt.Sprintf(", %s refused", annotate.Count(c.Refused, "file"))
		}
		fmt.Fprintln(g.env.Stdout, line)
	}
	return nil
}

func runSync(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("sync", "")
	take := fs.String("take", "", "read your own layer as written from this other `MACHINE` into the store (where it is newer)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := g.refuseServedSync("sync"); err != nil {
		return err
	}
	e, err := g.teamEngine(ctx, fs.Args(), syncFolder)
	if err != nil && *take != "" {
		return team.TakeError(err, *take)
	}
	if err != nil {
		return err
	}
	if *take != "" {
		res, err := e.Take(ctx, *take)
		if err != nil {
			return err
		}
		for _, r := range res.Refused {
			fmt.Fprintln(g.env.Stderr, "refused:", r)
		}
		fmt.Fprintln(g.env.Stdout, res.Summary())
	}
	rep, err := e.Sync(ctx)
	if err != nil {
		return err
	}
	g.printReport(rep, e.Dir())
	return nil
}

func (g *globals) printReport(rep *team.Report, dir string) {
	for _, u := range rep.Unwritten {
		fmt.Fprintln(g.env.Stderr, "held back:", u)
	}
	for _, r := range rep.Refused {
		if strings.HasPrefix(r.Error(), "assign.json") {
			// A half copy is said as the window says it, with what
			// skein agree and skein curate do meanwhile: the bare
			// refusal said neither.
			if _, err := team.ReadAssignment(dir); errors.Is(err, team.ErrNotWhole) {
				fmt.Fprintln(g.env.Stderr, "refused:", team.AssignUnread(err.Error(), true))
				continue
			}
		}
		fmt.Fprintln(g.env.Stderr, "refused:", r)
	}
	for _, n := range rep.Notes {
		fmt.Fprintln(g.env.Stderr, "note:", n)
	}
	for _, h := range rep.Healed {
		fmt.Fprintln(g.env.Stderr, "note:", h)
	}
	for _, c := range rep.Copies {
		fmt.Fprintln(g.env.Stderr, "note:", c)
	}
	for _, w := range rep.Withheld {
		fmt.Fprintln(g.env.Stderr, "note:", w)
	}
	for _, tw := range rep.Twins {
		if tw.This {
			fmt.Fprintf(g.env.Stderr, "note: %s\n", tw.ThisNote("skein sync -take "+tw.Machine))
			continue
		}
		host := ""
		if tw.Host != "" {
			host = " (" + tw.Host + ")"
		}
		newer := ""
		if what := tw.What(); what != "" {
			newer = ", newer there on " + what
		}
		fmt.Fprintf(g.env.Stderr, "note: your layer is also written from machine %s%s in %s%s; both copies are kept. "+
			"To read that copy into this store where it is newer: skein sync -take %s\n", tw.Machine, host, tw.Dir, newer, tw.Machine)
	}
	fmt.Fprintln(g.env.Stdout, rep.Summary())
}

func runAssign(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("assign", "")
	names := fs.String("annotators", "", "the annotators, `A,B[,C…]`")
	per := fs.Int("per-article", 2, "how many of them (`N`) annotate each article")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *names == "" {
		return usageError{"name the annotators with -annotators A,B"}
	}
	e, err := g.teamEngine(ctx, fs.Args(), writeFolder)
	if err != nil {
		return team.AssignmentError(err)
	}
	a, err := team.Assign(ctx, g.st, splitList(*names), *per)
	if err != nil {
		return usageError{err.Error()}
	}
	if err := e.WriteAssignment(a); err != nil {
		return err
	}
	for _, n := range a.Annotators {
		fmt.Fprintf(g.env.Stdout, "%s: %s\n", n, annotate.Count(len(a.Of(n)), "article"))
	}
	return nil
}
