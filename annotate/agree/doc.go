// Package agree measures how far annotators agree, lines their layers up for
// review and settles what they agree on into the curated layer.
//
// The coefficients exist twice: on plain data (Cohen, Fleiss, Krippendorff,
// Unitized), where they are checked against the published test vectors, and
// on articles (Compute), which codes every token of annotate.Tokens and every
// code point, per document and over a corpus streamed one article at a time.
// A measure the data cannot define is a nil *float64: null in JSON,
// "undefined" in tables, never NaN.
//
// Compare and Curate serve review: Compare groups the overlapping spans of
// several layers into items of one span per annotator and says how they
// differ; Curate copies the agreed ones into annotate.CuratedLayer.
package agree
