// Package formats reads and writes the interchange formats researchers
// already use — brat standoff, doccano and Prodigy JSONL, Label Studio JSON,
// CoNLL (IOB2 and its kin) and Hugging Face token classification — and
// writes W3C Web Annotation, mapping each onto skein's model in package
// annotate.
//
// Readers return a Batch that the caller validates against the store and
// writes. Every problem they find is an *annotate.LineError naming the file,
// the line and what was wrong; without Options.SkipInvalid one problem means
// no Batch at all, so nothing half-imported ever reaches the store.
//
// Writers stream one document at a time (Exporter) and, when they finish,
// list what the target format could not hold.
//
// Decisions this package makes, in one place:
//
//   - Offsets are code points everywhere. Label Studio offsets are read as
//     code points when the region's text matches them, else as UTF-16 units
//     when that matches, else the region is refused.
//   - IDs that a format keeps local to a file (brat T1, doccano entity 0,
//     Label Studio regions) are replaced with annotate.NewID.
//   - A document's Source is its path below the import root for brat
//     ("sub/doc.txt"). For doccano, Prodigy and Label Studio it is the
//     record's own "source" (doccano top level or meta, Prodigy meta, Label
//     Studio data) when no other record in the file shares it, and otherwise
//     "<file>#<n>" with n the record's line (JSONL) or position in the array
//     (Label Studio). Prodigy's meta.source is usually a publisher name that
//     every record shares, so it falls back to the line.
//   - brat events become links from the trigger span to each argument (an
//     argument that is an event means that event's trigger), labelled with
//     the role. An event is its trigger span in skein, so attributes,
//     normalizations and notes on an event go to the trigger span; those on
//     relations other than notes are left out and reported.
//   - A Prodigy record's spans and answer go to the layer its _annotator_id
//     names (Prodigy's named sessions: "news-alice"), else to
//     Options.Annotator's; the Prodigy writer names the layer of a task
//     whose spans and answers are one layer's, so they come back to it.
//   - Spans of Prodigy records answered reject or ignore are left out (they
//     are negative or skipped examples, not annotations); the answer is kept
//     as an annotate.Mark.
//   - Prodigy tokens are annotate.Tokens' words, cut where a span's edge
//     falls inside one, plus the punctuation and white space between them,
//     so that the tokens spell the text as spaCy expects and every span
//     keeps its offsets.
//   - Identical spans (same document, layer, label, fragments, note,
//     attributes and normalizations) are imported once; links to the copy
//     go to the one kept.
//   - Writers without layers (brat, doccano, Prodigy, CoNLL, Hugging Face)
//     write identical spans from different layers once.
//   - Formats without discontinuous spans get one entity per fragment;
//     formats without links between documents leave those threads out;
//     chains of more than two spans become links between consecutive
//     members. Each such loss is counted in Close's leftOut.
package formats
