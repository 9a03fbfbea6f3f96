package main

// Temporary: keeps every dependency in go.mod while the packages that use
// them are written. Removed when main.go exists.
import (
	_ "fyne.io/fyne/v2/app"
	_ "fyne.io/fyne/v2/dialog"
	_ "fyne.io/fyne/v2/test"
	_ "fyne.io/fyne/v2/widget"
	_ "github.com/clipperhouse/uax29/v2/sentences"
	_ "github.com/clipperhouse/uax29/v2/words"
	_ "github.com/dgraph-io/badger/v4"
	_ "github.com/google/uuid"
	_ "golang.org/x/text/encoding/htmlindex"
	_ "golang.org/x/text/unicode/norm"
)

func main() {}
