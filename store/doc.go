// Package store keeps skein's corpus, layers, threads and undo history in a
// Badger database in one directory. It is the only package that imports
// Badger: callers see annotate types and this package's sentinel errors.
//
// Nothing a user did may be lost: every call that changes the store has made
// the change durable (written and fsynced) when it returns, so a crash, a
// power cut or a kill -9 right after loses nothing that was shown.
//
// Interactive edits go through Apply, which checks each edit's before-image
// against what is stored, writes the after-images with every index key, and
// pushes the change on the user's undo stack, all in one transaction. The
// undo and redo stacks live in the store, so they survive a restart; each
// keeps the last UndoLimit changes per user. Imports go through WriteBatch,
// which writes large transactions without undo history.
//
// keys.go describes the key layout: a document's spans, of every layer, are
// one value kept in text order, so that opening or exporting an article
// reads one value; small index keys list spans by ID, annotator and label.
// Open runs the migrations from older schema versions (see migrations).
//
// A second process cannot open the same store: Open fails at once with a
// *LockedError. Within a process, a Store is safe for concurrent use.
package store
