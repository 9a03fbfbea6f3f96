package transfer

import (
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// A line of another bucket's article in a team folder's layer file names
// the file it is in and the file skein writes it in, in that file's own
// kind: a curated layer's file is curated-xx.jsonl, not xx.jsonl.
func TestInBucketNamesTheFilesKind(t *testing.T) {
	const id = "cd0123456789abcd"
	for _, c := range []struct{ path, here, there string }{
		{"layers/bilal/0000000000000001/ab.jsonl", "folder's ab.jsonl holds", "writes this article in cd.jsonl"},
		{"layers/bilal/0000000000000001/curated-ab.jsonl", "folder's curated-ab.jsonl holds", "writes this article in curated-cd.jsonl"},
	} {
		bucket, ok := bucketOf(c.path)
		if !ok || bucket != "ab" {
			t.Fatalf("bucketOf(%s) = %q, %v", c.path, bucket, ok)
		}
		r := &annotate.Record{Line: 3, Doc: &annotate.Document{ID: id}}
		err := inBucket(r, bucketKind(c.path), bucket, map[string]int{})
		if err == nil {
			t.Fatalf("%s: article %s taken in bucket ab", c.path, id)
		}
		if msg := err.Error(); !strings.Contains(msg, c.here) || !strings.Contains(msg, c.there) {
			t.Errorf("%s: %q, want it to say %q and %q", c.path, msg, c.here, c.there)
		}
	}
}
