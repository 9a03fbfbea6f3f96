package formats

import (
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestBratStemWindowsSources: a brat export lays documents out by their
// source path; a Windows source keeps its folders (backslashes become
// slashes) and one with a drive letter or a UNC share, which would leave
// the export folder, is named by its ID.
func TestBratStemWindowsSources(t *testing.T) {
	tests := []struct{ source, want string }{
		{`dawn\2023\kakar.txt`, "dawn/2023/kakar"},
		{`C:\Users\ak\corpus\kakar.txt`, "doc1"},
		{`c:kakar.txt`, "doc1"},
		{`\\server\share\kakar.txt`, "doc1"},
		{`..\kakar.txt`, "doc1"},
	}
	for _, tc := range tests {
		if got, _ := bratStem(&annotate.Document{ID: "doc1", Source: tc.source}); got != tc.want {
			t.Errorf("bratStem(source %q) = %q, want %q", tc.source, got, tc.want)
		}
	}
}
