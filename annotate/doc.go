// Package annotate is skein's domain: documents, spans, labels, threads,
// offsets, the JSONL contract, validation and the changes that undo and redo
// replay. It imports neither the window toolkit nor the store, so everything
// here is tested in milliseconds.
//
// Every offset that leaves this package — in a struct field, a file or an
// error message — counts Unicode code points, 0-based, end exclusive.
// Conversions to bytes (Go strings) and UTF-16 units (JavaScript tools) live
// in offsets.go and happen only at the edges.
package annotate
