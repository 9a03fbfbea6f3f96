// Package buildinfo says which skein this is: its version, the commit it was
// built from and when it was built, for `skein -version` and Help ▸ About.
//
// The release script (.ci/release) stamps all three with
//
//	-ldflags "-X github.com/skein-news/skein/app/buildinfo.version=V
//	          -X github.com/skein-news/skein/app/buildinfo.commit=HASH
//	          -X github.com/skein-news/skein/app/buildinfo.date=RFC3339"
//
// A build it did not stamp (`go build`, `go run .`) says so with a "-dev"
// version, and takes what Go recorded itself: the commit and whether the work
// tree had changes (when built with -buildvcs), and the time the program file
// was written as its build date. The package imports no window toolkit, so
// the command line uses it without one.
package buildinfo

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// Stamped by the linker; empty in a build the release script did not make.
var version, commit, date string

// baseVersion is FyneApp.toml's Version, the release being worked towards
// (a test keeps the two equal).
const baseVersion = "0.1.0"

// Info is what a build knows about itself.
type Info struct {
	// Version is the release's version, or baseVersion+"-dev" for a build
	// the release script did not stamp.
	Version string
	// Commit is the git commit, with "+changes" when the work tree it was
	// built from differed from it; "" when unknown.
	Commit string
	// Built is when the program was built; zero when unknown.
	Built time.Time
	// Go is the Go release and platform: "go1.26.8 windows/amd64".
	Go string
}

// Get returns this program's Info.
func Get() Info {
	in := Info{Version: version, Commit: commit, Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	if in.Version == "" {
		in.Version = baseVersion + "-dev"
	}
	if in.Commit == "" {
		in.Commit = vcsCommit()
	}
	if t, err := time.Parse(time.RFC3339, date); err == nil {
		in.Built = t
	} else if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			in.Built = fi.ModTime()
		}
	}
	return in
}

// vcsCommit is the commit Go recorded at build time (go build -buildvcs).
func vcsCommit() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev string
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" && modified {
		rev += "+changes"
	}
	return rev
}

// Lines is the Info as a person reads it, one fact a line:
//
//	skein 0.1.0
//	commit 9535d03ab1c2…
//	built 2026-12-04 00:30 UTC
//	go1.26.8 linux/amd64
func (in Info) Lines() []string {
	c := in.Commit
	if c == "" {
		c = "unknown (built without version control information)"
	}
	b := "unknown"
	if !in.Built.IsZero() {
		b = in.Built.UTC().Format("2006-01-02 15:04 UTC")
	}
	return []string{"skein " + in.Version, "commit " + c, "built " + b, in.Go}
}

// String is Lines joined by newlines.
func (in Info) String() string { return strings.Join(in.Lines(), "\n") }
