package app

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/cli"
	"github.com/skein-news/skein/app/serve"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"

	_ "embed"

	"fyne.io/fyne/v2"
)

// ID is skein's application ID, as in FyneApp.toml; Fyne keeps the
// preferences (the annotator's name, theme, text size) under it.
const ID = "io.github.skein_news.skein"

//go:embed icon.png
var iconPNG []byte

// Icon is skein's icon: a skein of thread in the four label colours.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

// ServeHooks are what a command line served by the window does to it.
type ServeHooks struct {
	// Open brings the window forward on article doc ("" as it is).
	Open func(doc string)
	// Changed tells every feature that the store changed (an import, a
	// curate, …), as the window's own import does.
	Changed func()
	// User is the annotator the window shows and edits ("" while it asks
	// for a name); callable from any goroutine.
	User func() string
}

// serveCLI serves `skein COMMAND` run beside the window (app/serve): the
// command runs as app/cli runs it, on the window's open store.
func serveCLI(st *store.Store, h ServeHooks) (stop func(), err error) {
	srv, err := serve.Listen(st.Dir(), func(ctx context.Context, req serve.Request, stdout, stderr io.Writer) int {
		return cli.Serve(ctx, req, cli.Env{
			Stdout: stdout,
			Stderr: stderr,
			Caller: &cli.Caller{Store: st, Dir: req.Dir, Umask: req.Umask, Changed: h.Changed, User: h.User},
			Window: func(_ *store.Store, _ string, _ bool, doc string) error {
				h.Open(doc)
				return nil
			},
		})
	})
	if err != nil {
		return nil, err
	}
	return func() { srv.Close() }, nil
}

// StoreOptions are the window's options on a real store: import and export
// go through the same code as `skein import` and `skein export`. user is ""
// when -user was not given, so the window uses the remembered name and asks
// for one on the very first start.
func StoreOptions(st *store.Store, user string, askUser bool) Options {
	if askUser {
		user = ""
	}
	opt := Options{
		Store:   st,
		User:    user,
		AskUser: askUser,
		Serve: func(h ServeHooks) (func(), error) {
			return serveCLI(st, h)
		},
		Formats:     transfer.ExportFormats,
		Maintenance: st,
		Restore:     store.Restore,
		Import: func(ctx context.Context, paths []string, opt transfer.ImportOptions) (string, error) {
			res, err := transfer.Import(ctx, st, paths, opt)
			if err != nil {
				return "", err
			}
			var b strings.Builder
			b.WriteString(res.Summary())
			for _, n := range res.Notes {
				b.WriteString("\n" + n)
			}
			if len(res.Skipped) > 0 {
				b.WriteString("\n\nLeft out:")
				for _, p := range res.Skipped {
					b.WriteString("\n  " + problemText(p, "import it again to choose an encoding", false))
				}
			}
			return b.String(), nil
		},
		ImportSuggestions: func(ctx context.Context, name string, paths []string) (string, error) {
			res, err := transfer.ImportSuggestions(ctx, st, name, paths)
			// Each note a line below, as File ▸ Import's report has them.
			return strings.Join(append([]string{res.Summary(name)}, res.Notes...), "\n"), err
		},
		Team: func(dir, user string) (TeamFolder, error) {
			if dir != "" {
				return team.Connect(st, dir, user)
			}
			dir, err := team.Folder(st)
			if errors.Is(err, team.ErrNoFolder) {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			return team.OpenLater(st, dir, user)
		},
		Assignment: assignmentReader(st),
		Agree: func(ctx context.Context, names []string) (*agree.Report, []string, error) {
			var assigned transfer.Assigned
			var leftOut []string
			a, note, err := team.StoreAssignment(st, "the agreement report")
			if err != nil {
				return nil, nil, err
			}
			if a != nil {
				assigned = a.Has // the team's assignment is the overlap
				leftOut = a.LeftOut(names)
			}
			if note != "" {
				// The folder away: said with whom it leaves out, at
				// the end of the status line and the caption.
				leftOut = append(leftOut, note)
			}
			rep, err := transfer.AgreeAssigned(ctx, st, names, assigned)
			return rep, leftOut, err
		},
		Export: func(ctx context.Context, w io.Writer, opt transfer.ExportOptions) ([]string, error) {
			return transfer.Export(ctx, st, w, opt)
		},
	}
	opt.Exit = func(err error) {
		// The store the user named, not a private copy's temporary folder
		// (store.OpenPrivateCopy), in a damage hint.
		dir := st.Dir()
		if c := st.CopyOf(); c != "" {
			dir = c
		}
		code := cli.WindowStatus(os.Stderr, dir, err)
		// Said after a failed backup too: on a full disk both fail, and
		// the close's message says that nothing is lost.
		if cerr := st.Close(); cerr != nil {
			code = max(code, cli.WindowStatus(os.Stderr, dir, cerr))
		}
		os.Exit(code)
	}
	// Where the records cannot be read, skein check says why.
	opt.CutShort, _ = transfer.CutShort(st)
	if st.ReadOnly() {
		opt.ReadOnly = true
		opt.ReadOnlyWhy = st.ReadOnlyWhy()
		if st.LeftOut() != "" && st.CopyOf() == "" {
			// The way out it names needs the store to itself: run beside
			// the window, it was refused.
			opt.ReadOnlyWhy += ". " + quitFirst
		}
		if st.CopyOf() != "" || store.CannotWrite(st.Dir()) {
			// The command line opens a read-only store beside the window
			// (both read, each from its own private copy of an unclean
			// one), and the window could not make its socket in the
			// store's folder.
			opt.Serve = nil
		}
		// A store read-only for a write that could not be finished is held
		// by the window as a writable one is, in a folder it can listen
		// in: it serves the command line, the commands that read as on
		// any store and those that write refused with the way out
		// (cli's refuseReadOnlyWindow); served nothing, they were refused
		// with "store DIR is open in another skein process".
	}
	return opt
}
