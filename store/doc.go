// Package store keeps skein's corpus, layers, threads and undo history in a
// Badger database in one directory. It is the only package that imports
// Badger: callers see annotate types and this package's sentinel errors.
//
// Nothing a user did may be lost: every call that changes the store has made
// the change durable (written and synced to disk) when it returns, so a
// crash, a power cut or a kill -9 right after loses nothing that was shown.
//
// Interactive edits go through Apply, which checks each edit's before-image
// against what is stored, writes the after-images with every index key, and
// pushes the change on the user's undo stack, all in one transaction. Imports
// go through WriteBatch, which writes large transactions without undo
// history and syncs once at the end.
package store
