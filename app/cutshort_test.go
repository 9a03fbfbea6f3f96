package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// A store holding the record of an import a kill cut short (its articles
// in, their threads not) opened in the window without a word; the status
// line now names the import and the command that completes it.
func TestCutShortImportSaidAtOpen(t *testing.T) {
	st := realStore(t)
	// As transfer.Import records it before its write (transfer/underway.go).
	if err := st.BeginImport("0123456789abcdef", "skein -user alice import /data/wire.jsonl\n2026-12-07 17:00 UTC"); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	settle(w)
	want := "An import begun 2026-12-07 17:00 UTC did not finish (skein was killed or the machine stopped while it wrote, or its write failed): " +
		"its articles may be in the store without their threads and links. Run it again to complete it (what is in already is not imported twice): " +
		"skein -user alice import /data/wire.jsonl."
	if got := w.status.Text; got != want {
		t.Errorf("the status line at the start says\n%q\nwant\n%q", got, want)
	}
}
