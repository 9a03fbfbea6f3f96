package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
)

type lsTask struct {
	ID          *json.Number     `json:"id"`
	Data        map[string]any   `json:"data"`
	Annotations []lsAnnotation   `json:"annotations"`
	Completions []lsAnnotation   `json:"completions"` // before Label Studio 1.0
	Predictions []map[string]any `json:"predictions"`
}

type lsAnnotation struct {
	CompletedBy  json.RawMessage `json:"completed_by"`
	WasCancelled bool            `json:"was_cancelled"`
	Result       []lsResult      `json:"result"`
}

type lsResult struct {
	ID        string          `json:"id"`
	Type      string          `json:"type"`
	ToName    string          `json:"to_name"`
	Value     json.RawMessage `json:"value"`
	FromID    string          `json:"from_id"`
	ToID      string          `json:"to_id"`
	Direction string          `json:"direction"`
	Labels    []string        `json:"labels"`
	Meta      *struct {
		Text []string `json:"text"`
	} `json:"meta"`
}

type lsLabels struct {
	Start  *number  `json:"start"`
	End    *number  `json:"end"`
	Text   *string  `json:"text"`
	Labels []string `json:"labels"`
}

// ReadLabelStudio reads a Label Studio JSON export: an array of tasks (or
// one task), each with data.text and annotations whose "labels" results are
// spans and "relation" results links. Each annotation is a layer named
// after completed_by ("labelstudio-<id>", or the email when completed_by is
// an object with one; Options.Annotator when it names nobody) and marks its
// document done in that layer. Offsets are code points when value.text
// matches them, else UTF-16 units when that matches; a region that matches
// neither is a problem. A region's meta.text and per-region text areas
// become the span's Note. Predictions, cancelled annotations and other
// result types are left out and reported. Errors name the line where the
// task begins; Source falls back to "<file>#<n>", the task's position.
func ReadLabelStudio(r io.Reader, file string, opt Options) (*Batch, []error) {
	b := newBuilder("Label Studio", "label", opt)
	data, err := io.ReadAll(io.LimitReader(r, MaxJSONBytes+1))
	if err != nil {
		return nil, []error{&annotate.LineError{File: file, Err: fmt.Errorf("cannot read: %w", err)}}
	}
	if len(data) > MaxJSONBytes {
		return nil, []error{&annotate.LineError{File: file, Err: fmt.Errorf("%w: more than the %s skein reads as a JSON file", ErrFileTooLarge, annotate.SizeName(MaxJSONBytes))}}
	}
	if err := annotate.CheckFileStart(data); err != nil {
		return nil, []error{&annotate.LineError{File: file, Line: 1, Err: err}}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := checkJSONFile(data, file); err != nil {
		return nil, []error{err}
	}
	var recs []*record
	var tasks []lsRaw // each task as read, for a second reading (lsUnits.reread)
	people := lsPeople{}
	units := &lsUnits{given: opt.Offsets}
	lines := lineCounter{data: data, line: 1}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fatal := func(off int64, err error) {
		b.errs = append(b.errs, &annotate.LineError{File: file, Line: lines.at(off), Err: err})
	}
	tok, err := dec.Token()
	switch {
	case err != nil:
		fatal(dec.InputOffset(), errorf(ErrSyntax, "not JSON: %s", annotate.JSONErrorText(err, "")))
	case tok == json.Delim('['):
		broken := false
		for n := 1; dec.More(); n++ {
			off := lines.skip(dec.InputOffset())
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				fatal(off, errorf(ErrSyntax, "task %d: not JSON: %s", n, annotate.JSONErrorText(err, "")))
				broken = true
				break
			}
			tasks = append(tasks, lsRaw{raw, lines.at(off), n})
			recs = append(recs, readLSTask(raw, file, lines.at(off), n, opt, b.now, people, units))
		}
		if end, err := dec.Token(); !broken && (err != nil || end != json.Delim(']')) {
			fatal(dec.InputOffset(), errorf(ErrSyntax, "the array of tasks does not end: is the file cut short?"))
		}
	case tok == json.Delim('{'):
		tasks = append(tasks, lsRaw{data, 1, 1})
		recs = append(recs, readLSTask(data, file, 1, 1, opt, b.now, people, units))
	default:
		fatal(0, errorf(ErrSyntax, "not a Label Studio export (want a JSON array of tasks)"))
	}
	units.reread(recs, tasks, file, opt, b.now, people)
	people.sameLayer(recs)
	for _, r := range recs {
		b.add(r)
	}
	return b.finish()
}

// lsPeople is what a file's completed_by objects say of Label Studio's
// users: the emails given with each user number. One person's work is
// written as a number in one annotation and as an object of number and
// email in another (exports of different versions and API calls mixed),
// which made two layers of one person, "labelstudio-2" and their email.
type lsPeople map[string]map[string]bool

func (p lsPeople) saw(id, email string) {
	if p[id] == nil {
		p[id] = map[string]bool{}
	}
	p[id][email] = true
}

// sameLayer puts the work the file gives under a bare user number in the
// layer its email names, where the file's objects give that number one
// email (two would leave it unsaid who the number is).
func (p lsPeople) sameLayer(recs []*record) {
	to := map[string]string{}
	for id, emails := range p {
		if len(emails) == 1 {
			for e := range emails {
				to["labelstudio-"+id] = e
			}
		}
	}
	if len(to) == 0 {
		return
	}
	rename := func(who *string) {
		if e, ok := to[*who]; ok {
			*who = e
		}
	}
	for _, r := range recs {
		for _, s := range r.spans {
			rename(&s.Annotator)
		}
		for _, th := range r.threads {
			rename(&th.Annotator)
		}
		for _, m := range r.marks {
			rename(&m.Annotator)
		}
		for i := range r.worked {
			rename(&r.worked[i])
		}
	}
}

// lineCounter turns byte offsets, met in increasing order, into line numbers.
type lineCounter struct {
	data []byte
	off  int64
	line int
}

// skip moves past white space and commas to where the next value begins.
func (c *lineCounter) skip(off int64) int64 {
	for off < int64(len(c.data)) && strings.IndexByte(" \t\r\n,", c.data[off]) >= 0 {
		off++
	}
	return off
}

func (c *lineCounter) at(off int64) int {
	if off > int64(len(c.data)) {
		off = int64(len(c.data))
	}
	if off < c.off {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line
}

func readLSTask(raw []byte, file string, line, n int, opt Options, now int64, people lsPeople, units *lsUnits) *record {
	r := &record{file: file, line: line, fallback: lineSource(file, n)}
	if i := annotate.BadJSON(raw); i >= 0 {
		// Name the line the byte is on, which a task of many lines may not begin.
		col := i - bytes.LastIndexByte(raw[:i], '\n') - 1
		err := annotate.BadJSONError(raw, i, fmt.Sprintf("at byte %d of the line", col))
		r.fail("", line+bytes.Count(raw[:i], []byte("\n")), fmt.Errorf("task %d: %w", n, err))
		return r
	}
	if err := dupKeyIn(raw, line); err != nil {
		r.fail("", err.line, fmt.Errorf("task %d: %w", n, err.err))
		return r
	}
	var task lsTask
	if err := decodeObject(raw, &task); err != nil {
		r.fail("", 0, err)
		return r
	}
	anns := append(task.Annotations, task.Completions...)
	textKey := lsTextKey(task.Data, anns)
	text, ok := task.Data[textKey].(string)
	if !ok {
		for _, a := range anns {
			for _, res := range a.Result {
				if v, ok := task.Data[res.ToName]; ok && v != nil {
					// The regions point at something else: a dialogue's
					// paragraphs, an image's URL …
					r.fail("", 0, errorf(ErrSyntax, "task %d: its regions are in data.%s, which is %s, not a text (want data.text, labelled with Label Studio's Text labelling)", n, clip(res.ToName), valueKindOf(v)))
					return r
				}
			}
		}
		r.fail("", 0, errorf(ErrSyntax, "task %d: no text in \"data\" (want data.text)", n))
		return r
	}
	if err := r.setText(text); err != nil {
		r.fail("", 0, fmt.Errorf("task %d: %w", n, err))
		return r
	}
	meta := map[string]string{}
	if task.ID != nil {
		meta["labelstudio_id"] = task.ID.String()
	}
	r.ownTitle, _ = metaString(task.Data["title"])
	r.ownDate, _ = metaString(task.Data["date"])
	for _, k := range sortedKeys(task.Data) {
		if k == textKey || k == "doc" || k == "title" || k == "date" {
			continue
		}
		if s, ok := metaString(task.Data[k]); ok {
			if k == "source" {
				r.ownSource = s
				continue
			}
			meta[k] = s
		} else if !isEmpty(task.Data[k]) {
			r.unread("data." + k) // a list or an object: Meta holds strings
		}
	}
	lsUnread(r, raw)
	if len(meta) > 0 {
		r.doc.Meta = meta
	}
	for range task.Predictions {
		r.note("%d predictions left out (only annotations are imported)", "")
	}
	for i, a := range anns {
		what := fmt.Sprintf("task %d annotation %d", n, i+1)
		if a.WasCancelled {
			r.note("%d cancelled annotations left out", "")
			continue
		}
		who, err := lsAnnotator(a.CompletedBy, opt.Annotator, people)
		if err != nil {
			r.fail("", 0, fmt.Errorf("%s: %w", what, err))
			continue
		}
		readLSResults(r, what, a.Result, who, now, units)
		r.marks = append(r.marks, &annotate.Mark{Doc: r.doc.ID, Annotator: who, Done: true})
	}
	return r
}

// lsFields are the fields of a task, of an annotation, of a result and of
// a labels value that the reader reads or that say nothing more (a
// result's from_name, the name of the project's labelling control, is in
// every result Label Studio writes: it was noted as bookkeeping on every
// file), and lsBookkeeping those Label
// Studio keeps about its own database and work (IDs, times, counters,
// who changed what): left out with one note, since they describe the
// project, not the text or its annotations.
var (
	lsFields = map[string][]string{
		"":                             {"id", "data", "annotations", "completions", "predictions"},
		"annotations[]":                {"completed_by", "was_cancelled", "result"},
		"annotations[].result[]":       {"id", "type", "from_name", "to_name", "value", "from_id", "to_id", "direction", "labels", "meta"},
		"annotations[].result[].value": {"start", "end", "text", "labels"},
	}
	lsBookkeeping = map[string]bool{
		"id": true, "created_at": true, "updated_at": true, "inner_id": true, "total_annotations": true, "cancelled_annotations": true,
		"total_predictions": true, "comment_count": true, "unresolved_comment_count": true, "last_comment_updated_at": true,
		"project": true, "updated_by": true, "comment_authors": true, "file_upload": true, "annotators": true,
		"agreement": true, "is_labeled": true, "overlap": true, "draft_created_at": true, "lead_time": true,
		"prediction": true, "result_count": true, "unique_id": true, "import_id": true, "last_action": true,
		"bulk_created": true, "task": true, "parent_prediction": true, "parent_annotation": true, "last_created_by": true,
		"ground_truth": true, "created_username": true, "created_ago": true, "origin": true,
		"score": true, "readonly": true, "hidden": true, "item_index": true, "parentID": true,
	}
)

// lsUnread notes what of a task the reader does not read: Label Studio's
// bookkeeping in one note, any other field by its name.
func lsUnread(r *record, raw []byte) {
	var task map[string]json.RawMessage
	if json.Unmarshal(raw, &task) != nil {
		return
	}
	const valuePath = "annotations[].result[].value"
	each := func(path string, obj map[string]json.RawMessage) {
		for _, k := range sortedKeys(obj) {
			switch {
			case slices.Contains(lsFields[path], k) || isNull(obj[k]):
			case path == "" && k == "drafts":
				// Work saved but not submitted: annotations, not
				// bookkeeping, which a researcher may want to ask for.
				var drafts []json.RawMessage
				json.Unmarshal(obj[k], &drafts)
				for range drafts {
					r.note("%d drafts left out (work saved in Label Studio but not submitted: only submitted annotations are imported)", "")
				}
			case lsBookkeeping[k] && path != valuePath:
				r.note("%d values of Label Studio's own bookkeeping left out (IDs, times, counts: they describe its project, not the text)", k)
			case path == "":
				r.unread(k)
			default:
				r.unread(path + "." + k)
			}
		}
	}
	each("", task)
	for _, list := range []string{"annotations", "completions"} {
		var anns []map[string]json.RawMessage
		json.Unmarshal(task[list], &anns)
		for _, a := range anns {
			each("annotations[]", a)
			var results []map[string]json.RawMessage
			json.Unmarshal(a["result"], &results)
			for _, res := range results {
				each("annotations[].result[]", res)
				var typ string
				json.Unmarshal(res["type"], &typ)
				var v map[string]json.RawMessage
				if typ == "labels" && json.Unmarshal(res["value"], &v) == nil {
					each(valuePath, v)
				}
			}
		}
	}
}

// lsTextKey finds the data field that holds the text: the one the results
// point at, else "text", else the only string field.
func lsTextKey(data map[string]any, anns []lsAnnotation) string {
	for _, a := range anns {
		for _, res := range a.Result {
			if _, ok := data[res.ToName].(string); ok && res.ToName != "" {
				return res.ToName
			}
		}
	}
	if _, ok := data["text"]; ok {
		return "text"
	}
	key := ""
	for k, v := range data {
		if _, ok := v.(string); ok {
			if key != "" {
				return "text"
			}
			key = k
		}
	}
	return key
}

// lsAnnotator names the layer of an annotation's completed_by: a user
// number "labelstudio-<n>", an object by its email (told to people with
// its number, for sameLayer) or else its number, a string as it is.
func lsAnnotator(raw json.RawMessage, fallback string, people lsPeople) (string, error) {
	var v any
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return "", errorf(ErrSyntax, "completed_by: %s", annotate.JSONErrorText(err, ""))
		}
	}
	switch x := v.(type) {
	case json.Number:
		return "labelstudio-" + x.String(), nil
	case string:
		if x != "" {
			return lsName("completed_by", x)
		}
	case map[string]any:
		if e, ok := x["email"].(string); ok && e != "" {
			name, err := lsName("completed_by.email", e)
			if id, ok := x["id"].(json.Number); ok && err == nil {
				people.saw(id.String(), name)
			}
			return name, err
		}
		if id, ok := x["id"].(json.Number); ok {
			return "labelstudio-" + id.String(), nil
		}
	}
	if fallback == "" {
		return "", errorf(ErrNoAnnotator, "completed_by names nobody and no annotator was given")
	}
	return fallback, nil
}

// lsName is name, an annotator's name read from field, where
// annotate.CheckID takes it: it names the layer its spans go to.
func lsName(field, name string) (string, error) {
	if err := annotate.CheckID(name); err != nil {
		return "", errorf(ErrSyntax, "field %s: %v", field, err)
	}
	return name, nil
}

func readLSResults(r *record, what string, results []lsResult, who string, now int64, units *lsUnits) {
	regions := map[string][]*annotate.Span{}
	for i, res := range results {
		if res.Type != "labels" {
			continue
		}
		rw := fmt.Sprintf("%s region %s", what, regionName(res.ID, i))
		var v lsLabels
		if err := decodeObject(res.Value, &v); err != nil {
			var xpath struct{ Start, StartOffset any }
			if json.Unmarshal(res.Value, &xpath) == nil && xpath.StartOffset != nil {
				if s, ok := xpath.Start.(string); ok {
					// HyperText labelling: start and end name elements.
					err = errorf(ErrSyntax, "start %q is an XPath into HTML (Label Studio's HyperText labelling), not an offset in a text: skein reads regions of a Text labelling interface, whose start and end count characters", clip(s))
				}
			}
			r.fail("", 0, fmt.Errorf("%s: value: %w", rw, err))
			continue
		}
		if v.Start == nil || v.End == nil {
			r.fail("", 0, errorf(ErrSyntax, "%s: no start or end (XPath regions of HyperText are not read)", rw))
			continue
		}
		start, err1 := intOf(*v.Start, "start")
		end, err2 := intOf(*v.End, "end")
		if err := firstErr(err1, err2); err != nil {
			r.fail("", 0, fmt.Errorf("%s: %w", rw, err))
			continue
		}
		start, end, told, err := lsOffsets(r.text, start, end, v.Text, units.unit())
		units.saw(told, where(r))
		if err == nil && v.Text == nil && units.unit() != "" && r.text.UTF16(end) != end {
			r.note(units.how(), where(r))
		}
		if err != nil {
			r.fail("", 0, fmt.Errorf("%s: %w", rw, err))
			continue
		}
		if len(v.Labels) == 0 {
			r.fail("", 0, errorf(annotate.ErrBadSpan, "%s: no labels", rw))
			continue
		}
		var made []string
		for _, l := range v.Labels {
			s, err := r.addSpan(rw, l, []annotate.Fragment{{Start: start, End: end}}, who, now)
			if err != nil {
				r.fail("", 0, err)
				continue
			}
			if res.Meta != nil {
				s.Note = strings.Join(res.Meta.Text, "\n")
			}
			regions[res.ID] = append(regions[res.ID], s)
			made = append(made, s.ID)
		}
		if len(v.Labels) > 1 {
			r.noteOf("%d regions with several labels imported as one span per label", "", made...)
		}
	}
	for i, res := range results {
		switch res.Type {
		case "labels":
		case "relation":
			rw := fmt.Sprintf("%s relation %d", what, i+1)
			from, to := regions[res.FromID], regions[res.ToID]
			if len(from) == 0 || len(to) == 0 {
				missing := res.FromID
				if len(from) > 0 {
					missing = res.ToID
				}
				r.fail("", 0, errorf(ErrUnknownRef, "%s: names unknown region %q", rw, clip(missing)))
				continue
			}
			head, tail := from[0], to[0]
			if res.Direction == "left" {
				head, tail = tail, head
			}
			labels := res.Labels
			if len(labels) == 0 {
				labels = []string{""}
			}
			var made []string
			for _, l := range labels {
				th, err := r.addLink(rw, head, tail, l, now)
				if err != nil {
					r.fail("", 0, err)
					continue
				}
				made = append(made, th.ID)
			}
			if res.Direction == "bi" {
				r.noteOf("%d two-way relations imported as links from from_id to to_id", "", made...)
			}
		case "textarea":
			var v struct {
				Text []string `json:"text"`
			}
			if spans, ok := regions[res.ID]; ok && decodeObject(res.Value, &v) == nil {
				for _, s := range spans {
					s.Note = joinNote(s.Note, strings.Join(v.Text, "\n"))
				}
				continue
			}
			r.note("%d text areas about the whole task left out", "")
		default:
			if how, ok := lsRegionKinds[res.Type]; ok || strings.HasSuffix(res.Type, "labels") {
				// Regions skein cannot place in a text: leaving them out
				// would import the task's HTML or URL as an article
				// without any of its spans.
				if !ok {
					how = "not a region of a text"
				}
				r.fail("", 0, errorf(ErrSyntax, "%s result %d: a %s region (%s): skein reads the regions of Label Studio's Text labelling (type labels, offsets into data.text) only", what, i+1, clip(res.Type), how))
				continue
			}
			r.note("%d results of other types (choices, ratings …) left out", res.Type)
		}
	}
}

// lsRegionKinds say what regions of Label Studio's other labelling
// interfaces are, for the refusal of a task that holds one.
var lsRegionKinds = map[string]string{
	"hypertextlabels": "HyperText labelling, whose start and end are XPaths into HTML",
	"paragraphlabels": "Paragraphs labelling, whose offsets count in one paragraph of a dialogue",
	"richtextlabels":  "HyperText labelling, whose start and end are XPaths into HTML",
}

func regionName(id string, i int) string {
	if id == "" {
		return strconv.Itoa(i + 1)
	}
	return strconv.Quote(clip(id))
}

// lsOffsets reads a region's offsets as code points when its text matches
// them, else as UTF-16 units when that matches; told is the one reading
// that matched where the two differ ("codepoints" or "utf16"), "" where
// they do not. A region without text, after a character beyond U+FFFF
// (where the two readings differ), is read as unit counts ("utf16" or
// "codepoints"), and refused with ErrOffsetsUnit where unit is "".
func lsOffsets(t *annotate.Text, start, end int, quoted *string, unit string) (s, e int, told string, err error) {
	n := t.Len()
	inRange := start >= 0 && end <= n && start < end
	if quoted == nil {
		if start < 0 || end > n {
			return 0, 0, "", errorf(annotate.ErrOffsets, "offsets %d–%d outside the text (%s)", start, end, annotate.Count(n, "character"))
		}
		if t.UTF16(end) == end || unit == "codepoints" {
			return start, end, "", nil
		}
		if unit == "utf16" {
			s, ok1 := t.FromUTF16(start)
			e, ok2 := t.FromUTF16(end)
			if !ok1 || !ok2 || s >= e {
				return 0, 0, "", errorf(annotate.ErrOffsets, "offsets %d–%d are not UTF-16 units of the text (%s, %d UTF-16 units): one falls inside a character or past the end", start, end, annotate.Count(n, "character"), t.UTF16(n))
			}
			return s, e, "", nil
		}
		return 0, 0, "", &problem{msg: fmt.Sprintf("no value.text to tell code points from UTF-16 units, and the text before offset %d holds characters beyond U+FFFF", end), err: ErrOffsetsUnit}
	}
	cp := inRange && t.Slice(start, end) == *quoted
	s, ok1 := t.FromUTF16(start)
	e, ok2 := t.FromUTF16(end)
	u16 := ok1 && ok2 && s < e && t.Slice(s, e) == *quoted
	switch {
	case cp:
		// Code points first, as before. Where the readings do not
		// differ both match; a region both match (the same words
		// twice) tells nothing either.
		if !u16 {
			told = "codepoints"
		}
		return start, end, told, nil
	case u16:
		return s, e, "utf16", nil
	}
	if start < 0 || end > n {
		return 0, 0, "", errorf(annotate.ErrOffsets, "offsets %d–%d outside the text (%s)", start, end, annotate.Count(n, "character"))
	}
	if start >= end {
		return 0, 0, "", errorf(annotate.ErrBadSpan, "range %d–%d is empty or reversed", start, end)
	}
	return 0, 0, "", errorf(annotate.ErrMismatch, "value.text %q matches neither code points nor UTF-16 units at %d–%d (the text there is %q)", clip(*quoted), start, end, clip(t.Slice(start, end)))
}

// ErrOffsetsUnit is a Label Studio region without value.text whose
// offsets read differently as code points and as UTF-16 units, in a file
// that has not said which (Options.Offsets says it).
var ErrOffsetsUnit = fmt.Errorf("%w: code points or UTF-16 units", annotate.ErrMismatch)

// lsRaw is one task of the file as read, for a second reading.
type lsRaw struct {
	raw     []byte
	line, n int
}

// lsUnits is how a file's offsets count: given by -offsets, or shown by
// its regions with text where code points and UTF-16 units differ (Label
// Studio counts one way in a whole export, so one region with text decides
// for the regions without).
type lsUnits struct {
	given   string   // Options.Offsets
	decided string   // from the regions with text, after a first reading
	cp, u16 []string // where a region with text first showed each count
}

func (u *lsUnits) unit() string {
	if u.given != "" {
		return u.given
	}
	return u.decided
}

func (u *lsUnits) saw(told, at string) {
	switch told {
	case "codepoints":
		if len(u.cp) < 1 {
			u.cp = append(u.cp, at)
		}
	case "utf16":
		if len(u.u16) < 1 {
			u.u16 = append(u.u16, at)
		}
	}
}

// how is the note a region read in the file's count makes.
func (u *lsUnits) how() string {
	unit := map[string]string{"utf16": "UTF-16 units", "codepoints": "code points"}[u.unit()]
	if u.given != "" {
		return "%d regions without value.text read in " + unit + ", as asked"
	}
	return "%d regions without value.text read in " + unit + ", as the file's regions with text count"
}

// reread reads again, in the count the file's regions with text showed,
// the tasks whose regions without text were refused for want of one; where
// the file shows none, or both, the refusal stays and names -offsets.
func (u *lsUnits) reread(recs []*record, tasks []lsRaw, file string, opt Options, now int64, people lsPeople) {
	if u.given != "" {
		return
	}
	if len(u.cp) > 0 != (len(u.u16) > 0) {
		u.decided = "codepoints"
		if len(u.u16) > 0 {
			u.decided = "utf16"
		}
	}
	for i, r := range recs {
		for _, err := range r.errs {
			if !errors.Is(err, ErrOffsetsUnit) {
				continue
			}
			if u.decided != "" {
				recs[i] = readLSTask(tasks[i].raw, file, tasks[i].line, tasks[i].n, opt, now, people, u)
				break
			}
			var why string
			if len(u.cp) > 0 {
				why = fmt.Sprintf(", and the file's regions with text count both ways (code points at %s, UTF-16 units at %s)", u.cp[0], u.u16[0])
			} else {
				why = ", and no region of the file with value.text shows which"
			}
			if le, ok := err.(*annotate.LineError); ok {
				le.Err = fmt.Errorf("%w%s: name the count with -offsets utf16 (Label Studio's JavaScript counts UTF-16 units) or -offsets codepoints", le.Err, why)
			}
		}
	}
}

// lsWriter writes a JSON array of Label Studio tasks, one annotation per
// layer, as it goes.
type lsWriter struct {
	out     *jsonOut
	tasks   int
	anns    int
	started bool
	lo      tally
}

type lsOutTask struct {
	ID          int               `json:"id"`
	Data        map[string]string `json:"data"`
	Annotations []lsOutAnnotation `json:"annotations"`
}

type lsOutAnnotation struct {
	ID          int   `json:"id"`
	CompletedBy any   `json:"completed_by"`
	Result      []any `json:"result"`
}

type lsOutRegion struct {
	ID       string     `json:"id"`
	FromName string     `json:"from_name"`
	ToName   string     `json:"to_name"`
	Type     string     `json:"type"`
	Value    lsOutValue `json:"value"`
	Meta     *lsOutMeta `json:"meta,omitempty"`
}

type lsOutValue struct {
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Text   string   `json:"text"`
	Labels []string `json:"labels"`
}

type lsOutMeta struct {
	Text []string `json:"text"`
}

type lsOutRelation struct {
	FromID    string   `json:"from_id"`
	ToID      string   `json:"to_id"`
	Type      string   `json:"type"`
	Direction string   `json:"direction"`
	Labels    []string `json:"labels"`
}

// lsCompletedBy writes a layer name back as Label Studio would: the user
// number of "labelstudio-<n>", else an object whose email is the name.
func lsCompletedBy(annotator string) any {
	if n, ok := strings.CutPrefix(annotator, "labelstudio-"); ok {
		if v, err := strconv.Atoi(n); err == nil && strconv.Itoa(v) == n {
			return v
		}
	}
	return map[string]string{"email": annotator}
}

// WriteDoc writes one task.
func (lw *lsWriter) WriteDoc(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread) error {
	return lw.WriteDocWorked(d, spans, links, nil)
}

// WriteDocWorked writes one task, with an annotation of no result for each
// annotator in worked who has no span in it: Label Studio's own record of
// a task submitted with nothing labelled, which skein's import reads as
// worked on (and done). Without it, an article a named annotator worked on
// and found empty read back as one never opened, and left agreement.
func (lw *lsWriter) WriteDocWorked(d *annotate.Document, spans []*annotate.Span, links []*annotate.Thread, worked []string) error {
	t := annotate.NewText(d.Text)
	lw.tasks++
	task := lsOutTask{ID: lw.tasks, Data: docMeta(d), Annotations: []lsOutAnnotation{}}
	task.Data["text"] = d.Text
	byLayer := map[string]*lsOutAnnotation{}
	region := map[string]string{} // span ID → its first region
	layerOf := map[string]string{}
	sorted := append([]*annotate.Span(nil), spans...)
	annotate.SortSpans(sorted)
	for _, s := range sorted {
		a := byLayer[s.Annotator]
		if a == nil {
			a = &lsOutAnnotation{CompletedBy: lsCompletedBy(s.Annotator), Result: []any{}}
			byLayer[s.Annotator] = a
		}
		countLost(s, &lw.lo, holds{note: true})
		if s.Discontinuous() {
			lw.lo.add("%d discontinuous spans written as one region per fragment", 1, "")
		}
		for i, f := range s.Fragments {
			id := s.ID
			if i > 0 {
				id = fmt.Sprintf("%s-%d", s.ID, i+1)
			}
			reg := lsOutRegion{ID: id, FromName: "label", ToName: "text", Type: "labels",
				Value: lsOutValue{Start: f.Start, End: f.End, Text: t.Slice(f.Start, f.End), Labels: []string{s.Label}}}
			if s.Note != "" {
				reg.Meta = &lsOutMeta{Text: []string{s.Note}}
			}
			a.Result = append(a.Result, reg)
		}
		region[s.ID] = s.ID
		layerOf[s.ID] = s.Annotator
	}
	known := func(id string) bool { _, ok := region[id]; return ok }
	for _, lp := range pairs(links, known, &lw.lo, false) {
		if layerOf[lp.head] != layerOf[lp.tail] {
			lw.lo.add("%d links between spans of different layers left out (a Label Studio relation stays inside one annotation)", 1, "")
			continue
		}
		labels := []string{}
		if lp.label != "" {
			labels = []string{lp.label}
		}
		a := byLayer[layerOf[lp.head]]
		a.Result = append(a.Result, lsOutRelation{FromID: region[lp.head], ToID: region[lp.tail], Type: "relation", Direction: "right", Labels: labels})
	}
	for _, who := range worked {
		if byLayer[who] == nil {
			byLayer[who] = &lsOutAnnotation{CompletedBy: lsCompletedBy(who), Result: []any{}}
		}
	}
	for _, who := range sortedKeys(byLayer) {
		lw.anns++
		a := byLayer[who]
		a.ID = lw.anns
		task.Annotations = append(task.Annotations, *a)
	}
	sep := ",\n"
	if !lw.started {
		sep, lw.started = "[\n", true
	}
	if _, err := lw.out.w.WriteString(sep); err != nil {
		return err
	}
	return lw.out.value(task)
}

// WriteThread leaves out a thread across documents.
func (lw *lsWriter) WriteThread(th *annotate.Thread, spans map[string]*annotate.Span) error {
	lw.lo.add("%d threads across documents left out (Label Studio relations stay inside a task)", 1, "")
	return nil
}

// Close ends the array and flushes it.
func (lw *lsWriter) Close() ([]string, error) {
	end := "\n]\n"
	if !lw.started {
		end = "[]\n"
	}
	if _, err := lw.out.w.WriteString(end); err != nil {
		return nil, err
	}
	return lw.lo.lines("labelstudio"), lw.out.w.Flush()
}
