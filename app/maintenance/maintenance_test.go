package maintenance

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

var ctx = context.Background()

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "s"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	text := "The minister denied the report on Tuesday, and the council met again."
	if _, err := st.PutDocument(ctx, &annotate.Document{ID: annotate.DocID(text), Title: "Denial", Text: text}); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestAutoBackup: one backup a day at most, the last seven kept, and each
// restores.
func TestAutoBackup(t *testing.T) {
	st := openStore(t)
	day := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	path, err := AutoBackup(ctx, st, day)
	if err != nil || path != filepath.Join(st.Dir(), "backups", "2026-12-01.skein-backup") {
		t.Fatalf("first: got %q, %v", path, err)
	}
	if path, err := AutoBackup(ctx, st, day.Add(3*time.Hour)); err != nil || path != "" {
		t.Errorf("second on the same day: got %q, %v; want none", path, err)
	}
	for i := 1; i <= 9; i++ {
		if _, err := AutoBackup(ctx, st, day.AddDate(0, 0, i)); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := backups(BackupDir(st.Dir()))
	var want []string
	for i := 3; i <= 9; i++ {
		want = append(want, day.AddDate(0, 0, i).Format(dayLayout)+backupExt)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	rep, err := store.Restore(ctx, filepath.Join(t.TempDir(), "r"), filepath.Join(BackupDir(st.Dir()), want[6]))
	if err != nil || rep.Articles != 1 || !rep.Sound() {
		t.Errorf("restore of the newest: %v, %v", rep, err)
	}
	// A file of the user's own in the folder is left alone.
	mine := filepath.Join(BackupDir(st.Dir()), "notes.txt")
	os.WriteFile(mine, []byte("x"), 0o644)
	AutoBackup(ctx, st, day.AddDate(0, 0, 11))
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("a file that is not a backup was removed: %v", err)
	}
}

func TestBackupAndRestoreMessages(t *testing.T) {
	st := openStore(t)
	file := filepath.Join(t.TempDir(), "team.skein-backup")
	msg, err := Backup(ctx, st, file)
	if err != nil || !strings.HasPrefix(msg, "Backed up the store to "+file) {
		t.Fatalf("Backup: %q, %v", msg, err)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	msg, err = Restore(ctx, store.Restore, dir, file)
	if err != nil || !strings.Contains(msg, "store is sound: 1 article, 0 spans, 0 threads") || !strings.Contains(msg, "skein -store "+dir) {
		t.Errorf("Restore: %q, %v", msg, err)
	}
	if _, err := Restore(ctx, store.Restore, dir, file); err == nil || !strings.Contains(err.Error(), "new or empty folder") {
		t.Errorf("Restore into a store: %v", err)
	}
}

// damagedStore reports progress and a damaged store.
type damagedStore struct{ dir string }

func (d damagedStore) Check(ctx context.Context, progress func(done, total int)) (*store.CheckReport, error) {
	for i := 0; i <= 4; i++ {
		progress(i, 4)
	}
	return &store.CheckReport{Problems: []string{"article 0123456789abcdef: its text no longer matches its ID"}}, nil
}
func (d damagedStore) BackupFile(context.Context, string) (int64, error) { return 0, nil }
func (d damagedStore) Dir() string                                       { return d.dir }

// inline is a Runner that runs the work and hands its results back on the
// test's own goroutine.
type inline struct{}

func (inline) Go(f func(context.Context)) { f(ctx) }
func (inline) Do(f func())                { f() }

func TestCheckView(t *testing.T) {
	test.NewTempApp(t)
	wait := func(v *CheckView) {
		t.Helper()
		select {
		case <-v.Done:
		case <-time.After(10 * time.Second):
			t.Fatal("the check did not finish")
		}
	}
	t.Run("sound", func(t *testing.T) {
		v := NewCheckView(openStore(t))
		test.NewTempWindow(t, v.Content())
		v.Start(ctx, inline{})
		wait(v)
		if got, want := v.Result.Text, "Store is sound: 1 article, 0 spans, 0 threads."; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if v.Bar.Value != 1 {
			t.Errorf("progress bar at %v, want 1", v.Bar.Value)
		}
	})
	t.Run("damaged", func(t *testing.T) {
		v := NewCheckView(damagedStore{dir: "/data/skein"})
		test.NewTempWindow(t, v.Content())
		v.Start(ctx, inline{})
		wait(v)
		for _, want := range []string{"Store is damaged: 1 problem:", "article 0123456789abcdef: its text no longer matches its ID", "File ▸ Restore…", "/data/skein/backups"} {
			if !strings.Contains(v.Result.Text, want) {
				t.Errorf("result %q does not say %q", v.Result.Text, want)
			}
		}
	})
}
