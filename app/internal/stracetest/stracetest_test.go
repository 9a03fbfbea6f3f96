package stracetest

import "testing"

// Parse reads the lines strace -f -y -qq writes: a sync names its file by
// the path -y shows, a rename of any of the three calls its two paths, and
// a call another thread interrupted counts where it began, not where its
// result is logged.
func TestParse(t *testing.T) {
	log := `4711  fsync(3</tmp/d/.skein-export-1>) = 0
4712  fdatasync(5</tmp/d/layers/alice/m/.tmp-2> <unfinished ...>
4711  rename("/tmp/d/.skein-export-1", "/tmp/d/all.jsonl") = 0
4712  <... fdatasync resumed>)          = 0
4712  renameat(AT_FDCWD</tmp>, "/tmp/d/layers/alice/m/.tmp-2", AT_FDCWD</tmp>, "/tmp/d/layers/alice/m/0a.jsonl") = 0
4711  renameat2(AT_FDCWD</tmp>, "/tmp/d/.a", AT_FDCWD</tmp>, "/tmp/d/assign.json", RENAME_NOREPLACE) = 0
4711  fsync(3</tmp/d>) = 0
4711  +++ exited with 0 +++
`
	want := Log{
		{Synced: "/tmp/d/.skein-export-1"},
		{Synced: "/tmp/d/layers/alice/m/.tmp-2"},
		{From: "/tmp/d/.skein-export-1", To: "/tmp/d/all.jsonl"},
		{From: "/tmp/d/layers/alice/m/.tmp-2", To: "/tmp/d/layers/alice/m/0a.jsonl"},
		{From: "/tmp/d/.a", To: "/tmp/d/assign.json"},
		{Synced: "/tmp/d"},
	}
	got := Parse(log)
	if len(got) != len(want) {
		t.Fatalf("got %d calls, want %d:\n%s", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("call %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	for _, c := range []struct {
		log  Log
		path string
		want bool
	}{
		{got[:2], "/tmp/d/.skein-export-1", true},
		{got[:2], "/tmp/d", false},
		{got[3:], "/tmp/d", true},
		{got[3:], "/tmp/d/.skein-export-1", false},
	} {
		if c.log.Synced(c.path) != c.want {
			t.Errorf("%q synced in\n%s\ngot %v, want %v", c.path, c.log, !c.want, c.want)
		}
	}
	if s, want := got[1:3].String(), "sync /tmp/d/layers/alice/m/.tmp-2\nrename /tmp/d/.skein-export-1 /tmp/d/all.jsonl"; s != want {
		t.Errorf("String() = %q, want %q", s, want)
	}
}
