// Package cli is skein's command line: global flags, the store's location,
// and the commands import, export, list, threads, agree, curate, search, rm,
// check, backup, restore, team, sync and assign. With no command it opens
// the window through the function main gives it, so this package needs no
// window toolkit and its tests run in milliseconds.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/buildinfo"
	"github.com/skein-news/skein/app/serve"
	"github.com/skein-news/skein/seeds"
	"github.com/skein-news/skein/store"
)

// Env is what a run of skein sees of the world.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Window opens the workbench on an open store, on article doc ("" the
	// last one read). askUser is true when no -user flag or SKEIN_USER
	// named the annotator. In a window serving a command (Caller set) it
	// brings that window forward instead.
	Window func(st *store.Store, user string, askUser bool, doc string) error
	// Caller is set when this run is a command another skein process
	// handed to the window holding the store; nil for a command typed here.
	Caller *Caller
}

// Caller is what a served command needs of the process that typed it and
// of the window that runs it.
type Caller struct {
	// Store is the window's open store, used instead of opening one.
	Store *store.Store
	// Dir is the caller's working folder: relative paths on its command
	// line name files there, not in the window's working folder.
	Dir string
	// Umask is the caller's file-mode creation mask, given to the files the
	// command creates; -1 leaves the window's own.
	Umask int
	// Changed, if set, is called after a command that may have changed
	// the store, so the window shows what it did.
	Changed func()
	// User, if set, is the annotator the window shows and edits ("" not
	// yet known). A command that would act on the window for another user
	// is refused (see refuseOtherUser).
	User func() string
}

// served lists the commands a window holding the store runs for the
// command line: all that open the store. restore is not among them: it
// only writes into a new or empty folder, never one a window holds.
var served = map[string]bool{
	"import": true, "export": true, "list": true, "threads": true, "agree": true,
	"curate": true, "search": true, "rm": true, "check": true, "backup": true,
	"team": true, "sync": true, "assign": true, "open": true,
}

// readOnly lists the commands that change nothing in the store: after any
// other a served run calls Caller.Changed. They, and the window, open a
// store whose folder the user cannot write read-only (see openStore).
var readOnly = map[string]bool{
	"export": true, "list": true, "threads": true, "agree": true, "search": true,
	"backup": true, "open": true, "check": true,
}

// exitUsage is the status of a command line that could not be understood.
const exitUsage = 2

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, g *globals, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"import", "[-format F] [-skip-invalid] [-encoding NAME] [-offsets utf16|codepoints] [-annotator NAME] [-own] [-layers-from-folders] [-map FROM=TO[,…]] [-as-suggestions NAME] PATH…", "add articles and annotations from files and folders", runImport},
		{"export", "[-o FILE|DIR] [-annotator NAME[,NAME…] | -all] [-format F] [-threads] [-done] [-labels A,B] [-split 80/10/10 [-seed N]]", "write a dataset or a bundle for a colleague", runExport},
		{"list", "", "one line per article, by date (undated last, then title, Article 2 before Article 10): ID, date, span counts by label over every layer, title", runList},
		{"threads", "[-json] [-annotator NAME] [-links]", "list threads with their members", runThreads},
		{"agree", "-a A -b B | -annotators A,B,C [-json] [-all]", "inter-annotator agreement, overall, per label and per document", runAgree},
		{"curate", "-annotators A,B[,C…] [-adopt NAME]", "copy into the curated layer every span all of them agree on (and a colleague's review decisions)", runCurate},
		{"search", "[-json] [-limit N] QUERY…", "find words, phrases and regexes in every article, with filters on the annotations", runSearch},
		{"open", "[ID]", "open the window on article ID, or bring the open window forward on it", runOpen},
		{"rm", "ID…", "delete documents and their annotations", runRemove},
		{"check", "[-set-aside-unfinished | -put-back FILE | -repair-times | -export FOLDER]", "read the whole store and verify it; each problem on a line (exit 1), or \"store is sound\"; with -export, what exports left in FOLDER", runCheck},
		{"backup", "-o FILE", "write everything the store holds to one file", runBackup},
		{"restore", "FILE", "bring back a backup into a new or empty -store folder", runRestore},
		{"team", "[FOLDER]", "connect the store to a team folder and sync once; list the colleagues there", runTeam},
		{"sync", "[-take MACHINE] [FOLDER]", "write your work to the team folder and read your colleagues'", runSync},
		{"assign", "-annotators A,B[,C…] [-per-article N] [FOLDER]", "write who annotates which articles into the team folder", runAssign},
	}
}

// globals are the flags before the command.
type globals struct {
	env      Env
	storeDir string
	user     string
	userSet  bool
	st       *store.Store
	// shared: st is the window's (env.Caller), not closed by this run.
	shared bool
	// cmd is the command being run, "" for the window.
	cmd string
}

// DefaultStoreDir is the store's default place: a skein folder in the
// operating system's per-user data directory.
func DefaultStoreDir() string {
	home, _ := os.UserHomeDir()
	return storeDirFor(runtime.GOOS, os.Getenv, home)
}

// storeDirFor is DefaultStoreDir on operating system goos, so each system's
// rule is tested on any: %LocalAppData%\skein on Windows (its roaming
// sibling would copy a large store across the network at every log-on),
// ~/Library/Application Support/skein on macOS, $XDG_DATA_HOME/skein or
// ~/.local/share/skein elsewhere. The temporary folder is the last resort,
// for a user without a home.
func storeDirFor(goos string, getenv func(string) string, home string) string {
	join := filepath.Join
	if goos == "windows" && filepath.Separator != '\\' {
		join = func(el ...string) string { return strings.Join(el, `\`) } // testing Windows' rule elsewhere
	}
	var base string
	switch goos {
	case "windows":
		base = getenv("LocalAppData")
		if base == "" {
			if p := getenv("USERPROFILE"); p != "" {
				base = join(p, "AppData", "Local")
			}
		}
	case "darwin":
		if home != "" {
			base = join(home, "Library", "Application Support")
		}
	default:
		// The XDG spec: a relative $XDG_DATA_HOME is invalid and ignored.
		if x := getenv("XDG_DATA_HOME"); strings.HasPrefix(x, "/") {
			base = x
		} else if home != "" {
			base = join(home, ".local", "share")
		}
	}
	if base == "" {
		base = os.TempDir()
	}
	return join(base, "skein")
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		name := u.Username
		if i := strings.LastIndexAny(name, `\/`); i >= 0 { // DOMAIN\name on Windows
			name = name[i+1:]
		}
		return annotate.AnnotatorNameFrom(name)
	}
	return "annotator"
}

// Main runs skein with args (without the program name) and returns the exit
// status: 0 success, 1 failure, 2 a command line that could not be understood.
func Main(args []string, env Env) int {
	return MainContext(context.Background(), args, env)
}

// WindowStatus is the exit status of a window on the store in storeDir
// that ended with err: 0, or 1 with why on stderr. The window's own quit
// ends the process with it (app.StoreOptions).
func WindowStatus(stderr io.Writer, storeDir string, err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "skein:", err)
	if store.IsDamaged(err) {
		fmt.Fprintln(stderr, damageHint(storeDir))
	}
	return 1
}

// MainContext is Main with a context: a served command ends when the
// caller goes away or the window closes.
func MainContext(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	g := &globals{env: env}
	fs := flag.NewFlagSet("skein", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	defStore := env.Getenv("SKEIN_STORE")
	if defStore == "" {
		defStore = DefaultStoreDir()
	}
	defUser := env.Getenv("SKEIN_USER")
	fs.StringVar(&g.storeDir, "store", defStore, "the store `DIR` (env SKEIN_STORE)")
	fs.StringVar(&g.user, "user", defUser, "your annotator `NAME` (env SKEIN_USER; default the name last used in the window on this store or given to skein team with a folder, else the OS user name)")
	showVersion := fs.Bool("version", false, "print the version, the commit and the build date, and exit")
	fs.Usage = func() { usage(env.Stderr, fs, env.Getenv("SKEIN_STORE")) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if *showVersion {
		fmt.Fprintln(env.Stdout, buildinfo.Get())
		return 0
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "user" {
			g.userSet = true
		}
	})
	if defUser != "" {
		g.userSet = true
	}
	if g.userSet {
		// The name names the user's folder in a team folder; one that
		// cannot would be refused there only once work was done under it.
		if err := annotate.ValidAnnotatorName(g.user); err != nil {
			from := "-user"
			if g.user == defUser {
				from = "SKEIN_USER"
			}
			fmt.Fprintf(env.Stderr, "skein: %s %q is not an annotator's name: %v\n", from, g.user, err)
			return exitUsage
		}
		g.user = annotate.NormalName(g.user)
	}
	if g.user == "" {
		g.user = osUser()
	}
	rest := fs.Args()
	if env.Caller == nil && (len(rest) == 0 || served[rest[0]]) {
		if code, ok := g.handOver(args); ok {
			return code
		}
	}
	if len(rest) == 0 {
		if env.Window == nil {
			fmt.Fprintln(env.Stderr, "skein: this build has no window; give a command (skein -h)")
			return exitUsage
		}
		if err := g.refuseOtherUser(""); err != nil {
			fmt.Fprintln(env.Stderr, "skein:", err)
			return 1
		}
		if err := g.open(ctx); err != nil {
			if errors.Is(err, store.ErrLocked) {
				fmt.Fprintln(env.Stderr, err) // already "skein: store DIR is open in another skein process"
			} else {
				fmt.Fprintln(env.Stderr, "skein:", err)
			}
			if store.IsDamaged(err) {
				fmt.Fprintln(env.Stderr, damageHint(g.storeDir))
			}
			return 1
		}
		if !g.shared {
			defer g.st.Close()
		}
		return WindowStatus(env.Stderr, g.storeDir, env.Window(g.st, g.user, !g.userSet, ""))
	}
	for _, c := range commands {
		if c.name != rest[0] {
			continue
		}
		g.cmd = c.name
		err := c.run(ctx, g, rest[1:])
		if g.shared && !readOnly[c.name] && env.Caller.Changed != nil {
			env.Caller.Changed()
		}
		if g.st != nil && !g.shared {
			if beforeClose != nil {
				beforeClose()
			}
			if cerr := g.st.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			if ue.msg != "" {
				fmt.Fprintf(env.Stderr, "skein %s: %s\n", c.name, ue.msg)
			}
			return exitUsage
		case errors.Is(err, store.ErrLocked):
			fmt.Fprintln(env.Stderr, err) // already "skein: store DIR is open in another skein process"
			return 1
		case errors.Is(err, errReported):
			return 1
		default:
			fmt.Fprintf(env.Stderr, "skein %s: %v\n", c.name, err)
			if store.IsDamaged(err) && !errors.Is(err, store.ErrUnfinishedWrite) { // its message says the way out
				fmt.Fprintln(env.Stderr, damageHint(g.storeDir))
			}
			return 1
		}
	}
	fmt.Fprintf(env.Stderr, "skein: unknown command %q (skein -h lists the commands)\n", rest[0])
	return exitUsage
}

// beforeClose, set by tests, runs after a command's last write, before
// the store is closed.
var beforeClose func()

func usage(w io.Writer, fs *flag.FlagSet, envStore string) {
	fmt.Fprintf(w, `skein — a desktop workbench for annotating news

Usage:
  skein [-store DIR] [-user NAME]              open the window
  skein [-store DIR] [-user NAME] COMMAND …     run a command

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
		if c.args != "" {
			fmt.Fprintf(w, "           %s\n", c.args)
		}
	}
	fmt.Fprintf(w, "\nGlobal flags (before the command):\n")
	fs.PrintDefaults()
	fmt.Fprintf(w, "\n%s\n'skein COMMAND -h' explains a command's flags.\n", storeLine(fs, envStore))
}

// storeLine names the store a command would use and what named it. The
// help said only "The default store is …", which, where SKEIN_STORE or
// -store named another, read as the store in use.
func storeLine(fs *flag.FlagSet, envStore string) string {
	def := DefaultStoreDir()
	from := ""
	if envStore != "" {
		from = "SKEIN_STORE"
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "store" {
			from = "-store"
		}
	})
	dir := fs.Lookup("store").Value.String()
	if from == "" || dir == def {
		return fmt.Sprintf("The default store is %s.", def)
	}
	return fmt.Sprintf("The store is %s, as %s says (the default store is %s).", dir, from, def)
}

// usageError is a command line that could not be understood: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// handOver gives the command line to the window holding the store, if one
// serves it, and returns the command's exit status; ok is false when no
// window serves the store and this process runs the command itself.
func (g *globals) handOver(args []string) (code int, ok bool) {
	dir, err := os.Getwd()
	if err != nil {
		return 0, false // relative paths could not be given; the store's lock says the rest
	}
	req := serve.Request{
		Args:  args,
		Dir:   dir,
		Env:   map[string]string{"SKEIN_USER": g.env.Getenv("SKEIN_USER"), "SKEIN_STORE": g.storeDir},
		Umask: serve.Umask(),
	}
	code, err = serve.Call(g.storeDir, req, g.env.Stdout, g.env.Stderr)
	if errors.Is(err, serve.ErrNoWindow) {
		return 0, false
	}
	if err != nil {
		fmt.Fprintln(g.env.Stderr, "skein:", err)
		return 1, true
	}
	return code, true
}

// Serve runs a command line handed over by another skein process against
// the window's open store (env.Caller); req's environment stands in for
// this process's.
func Serve(ctx context.Context, req serve.Request, env Env) int {
	env.Getenv = func(k string) string { return req.Env[k] }
	return MainContext(ctx, req.Args, env)
}

// refuseOtherUser refuses to bring forward a window that annotates as
// another user than -user (or SKEIN_USER) names: it would show and edit
// that other user's layer. Commands that only read or write the store run
// for -user's name as on a closed store; bringing the window forward is
// the one thing a served command cannot do as another user.
func (g *globals) refuseOtherUser(id string) error {
	c := g.env.Caller
	if c == nil || c.User == nil || !g.userSet {
		return nil
	}
	wu := c.User()
	if wu == "" || wu == g.user {
		return nil
	}
	cmd := "skein -user " + g.user
	if id != "" {
		cmd += " open " + id
	}
	return fmt.Errorf("the window holding store %s annotates as %s, not %s, so it was not brought forward: quit it, then run %s to annotate as %s",
		g.storeDir, wu, g.user, cmd, g.user)
}

// path is p as the user meant it: a relative path on a served command line
// is relative to the caller's working folder.
func (g *globals) path(p string) string {
	if c := g.env.Caller; c != nil && c.Dir != "" && p != "" && !filepath.IsAbs(p) {
		return filepath.Join(c.Dir, p)
	}
	return p
}

// open opens the store and loads the seed articles into a new one; a
// served command uses the window's.
func (g *globals) open(ctx context.Context) error {
	if c := g.env.Caller; c != nil {
		if err := g.refuseReadOnlyWindow("skein " + g.cmd + " again"); err != nil {
			return err
		}
		g.st, g.shared = c.Store, true
		g.noteReadOnlyWindow()
		g.rememberedUser()
		return nil
	}
	// The caller puts "skein COMMAND: " before these messages; the store's
	// own already names its folder.
	st, err := g.openStore()
	if err != nil {
		return err
	}
	if !st.ReadOnly() { // a read-only store has had its seeds since it was made, and keeps its files as they are
		// Holding the store, no window serves it: a socket there is a
		// killed window's.
		if err := serve.RemoveStale(g.storeDir); err != nil {
			fmt.Fprintln(g.env.Stderr, "skein: note: removing the socket a closed window left:", err)
		}
		if _, err := seeds.Load(ctx, st); err != nil {
			st.Close()
			return fmt.Errorf("loading the seed articles into store %s: %w", g.storeDir, err)
		}
	}
	g.st = st
	g.rememberedUser()
	return nil
}

// openStore opens the store in -store's folder. The window and the
// commands that only read (readOnly) open a store whose folder the user
// cannot write (a read-only share or disk, a folder made chmod -w)
// read-only, and say so once; the others open it to write, and are
// refused with what to do.
//
// A store the user cannot write that a kill left unclean is read from a
// private copy (store.OpenPrivateCopy), saying so.
//
// A store holding a write a kill left under way that cannot be finished
// (store.ErrUnfinishedWrite) is refused to the commands that write, with
// the way out; those that read, and the window, read it read-only as it
// stands, saying so.
func (g *globals) openStore() (*store.Store, error) {
	return g.openStoreWith(store.Options{})
}

// openStoreWith is openStore with the options of a writable open.
func (g *globals) openStoreWith(opt store.Options) (*store.Store, error) {
	reads := g.cmd == "" || readOnly[g.cmd]
	if reads && store.CannotWrite(g.storeDir) {
		st, err := store.Open(g.storeDir, store.Options{ReadOnly: true})
		if errors.Is(err, store.ErrUnclean) {
			// Finishing what a kill left means writing: done in a
			// private copy, never in the folder.
			if st, err = store.OpenPrivateCopy(g.storeDir); err == nil {
				fmt.Fprintf(g.env.Stderr, "skein: note: %s\n", st.ReadOnlyWhy())
				return st, nil
			}
		}
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(g.env.Stderr, "skein: note: store %s is opened read-only, as you cannot write into its folder: nothing in it can be changed\n", g.storeDir)
		return st, nil
	}
	st, err := store.Open(g.storeDir, opt)
	if reads && errors.Is(err, store.ErrUnfinishedWrite) {
		ro, rerr := store.Open(g.storeDir, store.Options{ReadOnly: true, LeaveUnfinished: true})
		if rerr != nil {
			return nil, err
		}
		fmt.Fprintf(g.env.Stderr, "skein: note: %v\n", ro.ReadOnlyWhy())
		return ro, nil
	}
	return st, err
}

// metaUser is the store setting holding the name the store annotates
// under (app.MetaUser): the one last used in the window, or given to
// skein team with a folder.
const metaUser = "user"

// rememberedUser makes the name the window last used on this store, or
// skein team connected it under (metaUser), the default user.
func (g *globals) rememberedUser() {
	if !g.userSet {
		if name, ok, err := g.st.Meta(metaUser); err == nil && ok && name != "" {
			g.user = name
		}
	}
}

// flags makes a command's flag set that reports problems as usage errors.
func (g *globals) flags(name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet("skein "+name, flag.ContinueOnError)
	fs.SetOutput(g.env.Stderr)
	fs.Usage = func() {
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintf(fs.Output(), "skein %s — %s\n\nUsage: %s\n\n", name, c.summary, strings.TrimSpace("skein [global flags] "+name+" "+c.args))
			}
		}
		fs.PrintDefaults()
	}
	return fs
}

// parse parses a command's flags; a bad flag is a usage error (exit 2).
// After "--" every word is an argument (a file, a query word), wherever the
// "--" stands: the flag package ends its flags at the first file and keeps
// a later "--" as one more file, so "skein import a.jsonl -- -annotator"
// went on to read a file named "--". That "--" is taken out here; a file
// named "--" is ./--.
func parse(fs *flag.FlagSet, args []string) error {
	// What the flag package says of a bad flag is held back until it is
	// known not to be a global flag given after the command.
	out, said := fs.Output(), &strings.Builder{}
	fs.SetOutput(said)
	err := fs.Parse(args)
	fs.SetOutput(out)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		if msg := globalAfterCommand(fs.Name(), err); msg != "" {
			return usageError{msg}
		}
	}
	io.WriteString(out, said.String())
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{}
	}
	if msg := flagAfterArgs(fs, args); msg != "" {
		return usageError{msg}
	}
	rest := fs.Args()
	if start := len(args) - len(rest); start > 0 && args[start-1] == "--" {
		return nil
	}
	if i := slices.Index(rest, "--"); i >= 0 {
		// Parsing "--" and the words alone sets no flag again; it leaves
		// fs.Args() the words without the "--".
		return fs.Parse(slices.Concat([]string{"--"}, rest[:i], rest[i+1:]))
	}
	return nil
}

// flagAfterArgs is what to say of one of the command's flags given after
// its files ("skein import carol.jsonl -annotator carol"), which the flag
// package reads as two more files to import: "-annotator: cannot read: no
// such file or directory" told nothing of the flag's place. "" when no
// argument after the first file and before a "--" is a flag of the
// command, or when "--" ended the flags on purpose. Each command line it
// gives runs as it is written (TestFlagAfterFilesSuggestionsRun): a flag
// that wants a value and has none after it gets no line of its own.
func flagAfterArgs(fs *flag.FlagSet, args []string) string {
	rest := fs.Args()
	start := len(args) - len(rest)
	if start > 0 && args[start-1] == "--" {
		return ""
	}
	// Words after a "--" are files, whatever they look like.
	var after []string
	if i := slices.Index(rest, "--"); i >= 0 {
		rest, after = rest[:i], rest[i+1:]
	}
	flags, files, misplaced, valueless := arrange(fs, rest, func(string) bool { return false })
	if misplaced == "" {
		return ""
	}
	before := make([]string, 0, start)
	for _, a := range args[:start] {
		before = append(before, annotate.ShellWord(a))
	}
	msg := fmt.Sprintf("%s comes after %s, where flags are not read", misplaced, annotate.ShellWord(rest[0]))
	if valueless != "" {
		f, _ := flagNamed(fs, valueless)
		what, _ := flag.UnquoteUsage(f)
		if what == "" {
			what = "value"
		}
		msg += fmt.Sprintf(", and %s has no %s after it: give each flag first, with its value (%s %s)", valueless, what, valueless, what)
	} else {
		msg += ": give them first: " + strings.Join(slices.Concat([]string{fs.Name()}, before, flags, filesWords(slices.Concat(files, after))), " ")
	}
	// A file named like the flag (a shell's * gave it): the line above
	// would read it as the flag. The line that reads it as a file is
	// given when every file it names is there.
	exists := func(a string) bool { _, err := os.Lstat(a); return err == nil }
	flags, files, _, valueless = arrange(fs, rest, exists)
	// Only a word before the "--": one after it is a file in the line above.
	named := slices.IndexFunc(files, func(a string) bool { f, _ := flagNamed(fs, a); return f != nil })
	files = slices.Concat(files, after)
	if named >= 0 && valueless == "" && !slices.ContainsFunc(files, func(f string) bool { return !exists(f) }) {
		msg += fmt.Sprintf("; or, if the file %s is meant, put -- before the files: %s", annotate.ShellWord(files[named]),
			strings.Join(slices.Concat([]string{fs.Name()}, before, flags, filesWords(files)), " "))
	}
	return msg
}

// arrange sorts rest, the words after the first file, into the command's
// flags (as command-line words, each with its value) and the files, a word
// named like a flag a file when isFile says so. misplaced is the first
// flag, valueless the first flag that wants a value and has none after it.
func arrange(fs *flag.FlagSet, rest []string, isFile func(string) bool) (flags, files []string, misplaced, valueless string) {
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		f, hasValue := flagNamed(fs, a)
		if f == nil || isFile(a) {
			files = append(files, a)
			continue
		}
		if misplaced == "" {
			misplaced = a
		}
		flags = append(flags, annotate.ShellWord(a))
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !(ok && b.IsBoolFlag()) {
			if i+1 < len(rest) {
				i++
				flags = append(flags, annotate.ShellWord(rest[i]))
			} else if valueless == "" {
				valueless = a
			}
		}
	}
	return flags, files, misplaced, valueless
}

// filesWords is files as words of a command line, after a "--" when one
// of them begins with "-" and would be read as a flag.
func filesWords(files []string) []string {
	words := make([]string, 0, len(files)+1)
	if slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, "-") }) {
		words = append(words, "--")
	}
	for _, f := range files {
		words = append(words, annotate.ShellWord(f))
	}
	return words
}

// flagNamed is the flag of fs that a, an argument, names as the flag
// package reads one ("-name", "--name", either with "=value"), and whether
// a gives its value; nil when a names none: a file "---annotator" or
// "-=x" is no flag to the flag package (bad flag syntax), so none here.
func flagNamed(fs *flag.FlagSet, a string) (*flag.Flag, bool) {
	if len(a) < 2 || a[0] != '-' {
		return nil, false
	}
	name := a[1:]
	if name[0] == '-' {
		name = name[1:]
	}
	if name == "" || name[0] == '-' || name[0] == '=' {
		return nil, false
	}
	name, _, hasValue := strings.Cut(name, "=")
	return fs.Lookup(name), hasValue
}

// globalFlagArgs are skein's global flags, with what each takes.
var globalFlagArgs = map[string]string{"store": " DIR", "user": " NAME", "version": ""}

// globalAfterCommand is what to say of err, a flag command (skein list)
// does not know, where the flag is a global one: "skein list -store DIR"
// got "flag provided but not defined: -store" and the command's own flags,
// none of which was the one meant; "" for any other error.
func globalAfterCommand(command string, err error) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return ""
	}
	arg, ok := globalFlagArgs[name]
	if !ok {
		return ""
	}
	if name == "version" {
		return "-version is a global flag, given before a command or alone: skein -version"
	}
	return fmt.Sprintf("-%s is a global flag, given before the command: %s", name, strings.Replace(command, "skein ", "skein -"+name+arg+" ", 1)+" …")
}

// parseFlagsOnly parses the flags of a command that takes no arguments: a
// stray word is a usage error, not something quietly ignored.
func parseFlagsOnly(fs *flag.FlagSet, args []string) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q (%s takes only flags)", fs.Arg(0), fs.Name())}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

// refuseReadOnlyWindow refuses a command that would write, served by a
// window holding its store read-only (a write a kill left under way that
// could not be finished: app's StoreOptions): nothing can be changed in the
// store until that write is set aside, which needs the window closed.
// then is what to run after the set-aside.
func (g *globals) refuseReadOnlyWindow(then string) error {
	c := g.env.Caller
	if c == nil || c.Store == nil || !c.Store.ReadOnly() || readOnly[g.cmd] {
		return nil
	}
	return readOnlyWindowError(g.storeDir, then)
}

// readOnlyWindowError says that the window holding the store in dir has it
// open read-only, and the way out: quit it, set the write aside, then run
// then ("" nothing more).
func readOnlyWindowError(dir, then string) error {
	msg := fmt.Sprintf("the window holding store %s has it open read-only, as it stands: it holds a write a kill left under way "+
		"that could not be finished, and nothing in the store can be changed until that write is set aside. "+
		"Quit the window, then run skein -store %s check -set-aside-unfinished (it moves the write into a file in the store's folder "+
		"and opens the store without it)", dir, annotate.ShellWord(dir))
	if then != "" {
		msg += ", then " + then
	}
	return errors.New(msg)
}

// noteReadOnlyWindow says, for a command served by a window holding its
// store read-only, what the command says on that store without a window:
// that it is read as it stands (openStore).
func (g *globals) noteReadOnlyWindow() {
	if why := g.st.ReadOnlyWhy(); g.shared && why != "" {
		fmt.Fprintf(g.env.Stderr, "skein: note: %s\n", why)
	}
}
