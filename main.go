// Command skein is a desktop workbench for annotating news. main only wires
// the command line to the window; everything else lives in app, store,
// annotate and seeds.
package main

import (
	_ "embed"
	"os"

	"github.com/skein-news/skein/app"
	"github.com/skein-news/skein/app/cli"
	"github.com/skein-news/skein/store"
)

// readme is shown in the window: Help ▸ Keyboard shortcuts is its table
// of keys.
//
//go:embed README.md
var readme string

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Window: window}))
}

func window(st *store.Store, user string, askUser bool, doc string) error {
	opt := app.StoreOptions(st, user, askUser)
	opt.Open = doc // skein open ID
	opt.README = readme
	return app.Run(app.NewApp(os.Stderr), opt)
}
