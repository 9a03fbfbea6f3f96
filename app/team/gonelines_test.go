package team

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/skein-news/skein/store"
)

// A deletion file (.threads-deleted.jsonl) of the user's other machine,
// or of a twin forged in the folder, is refused whole, by file and line,
// where a line names no thread a store can hold: an ID of 70 KB failed
// the whole take with Badger's hex dump of the key (hundreds of KB of
// message) and wrote nothing of it; a line break in an ID or a name
// printed a line of the file's choosing in the refusal; and a file of
// more deletions than a store keeps (and so writes) had each written as
// a tombstone, pushing the real ones out. The thread the file's sound
// line deletes stays, and the take reads the rest.
func TestTakeRefusesDeletionLinesOfOddShape(t *testing.T) {
	for _, c := range []struct {
		name string
		line func(good string, id string) string
		want string
	}{
		{"an ID of 70 KB", func(good, id string) string { return strings.Replace(good, id, strings.Repeat("x", 70000), 1) },
			":2: field id: no ID or name skein keeps: it is 70000 bytes long (at most 4096"},
		{"a line break in an ID", func(good, id string) string {
			return strings.Replace(good, id, `evil\nskein: all your threads were deleted`, 1)
		}, ":2: field id: no ID or name skein keeps: it holds a control character"},
		{"a line break in a name", func(good, id string) string {
			return strings.Replace(strings.Replace(good, id, "other", 1), `"annotator":"alice"`, `"annotator":"alice\nskein: ok"`, 1)
		}, ":2: thread other is someone else's (a name holding a control character"},
		{"more deletions than a store keeps", func(good, id string) string {
			var b strings.Builder
			for i := range 10000 {
				b.WriteString(strings.Replace(good, id, fmt.Sprintf("forged-%d", i), 1) + "\n")
			}
			return strings.TrimSuffix(b.String(), "\n")
		}, ":10001: more than 10000 deletions: a store keeps no more"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			desktop, el, ed, id, file, b := deletedOnLaptop(t)
			good := strings.TrimSuffix(string(b), "\n")
			if err := os.WriteFile(file, []byte(good+"\n"+c.line(good, id)+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			syncOnce(t, ed)
			res, err := ed.Take(ctx, el.Machine())
			if err != nil {
				t.Fatalf("take: %.500v; want the deletion file refused and the rest read", err)
			}
			if len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Error(), deletedFile+c.want) {
				t.Fatalf("take refused %.500v; want %s%s", res.Refused, deletedFile, c.want)
			}
			if msg := res.Refused[0].Error(); strings.Contains(msg, "\n") || len(msg) > 1000 {
				t.Errorf("the refusal holds a line break, or is %d bytes long: %.300q", len(msg), msg)
			}
			if _, err := desktop.Thread(id); err != nil {
				t.Errorf("desktop's thread after a refused deletion file: %v, want it kept", err)
			}
			n := 0
			ed.st.DeletedThreads(ctx, "alice", func(store.GoneThread) error { n++; return nil })
			if n != 0 {
				t.Errorf("the desktop keeps %d deletions from the refused file", n)
			}
			checkSound(t, desktop, "after the refused deletion file")
		})
	}
}
