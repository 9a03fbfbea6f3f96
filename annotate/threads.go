package annotate

import (
	"errors"
	"fmt"
	"strings"
)

// Errors the thread operations wrap, so the window can tell a refused edit
// (show a message) from one that changes nothing (ignore it).
var (
	ErrAlreadyMember = errors.New("span is already in the thread")
	ErrNotMember     = errors.New("span is not in the thread")
	ErrMemberIndex   = errors.New("member index out of range")
	ErrUnchanged     = errors.New("nothing changes")
)

// UntitledThread is the title NewThread gives a thread made without one. A
// chain must have a title: two untitled members would read as a plain link,
// and a link goes away when either span does.
const UntitledThread = "Untitled thread"

// NewThread is the change that starts a thread in user's layer with first
// as its only member. An empty title becomes UntitledThread.
func NewThread(user, title string, first *Span) *Change {
	title = strings.TrimSpace(title)
	if title == "" {
		title = UntitledThread
	}
	th := &Thread{
		ID:        NewID(),
		Title:     title,
		Annotator: user,
		Members:   []Member{{Doc: first.Doc, Span: first.ID}},
		Created:   NowMillis(),
	}
	return PutThread(user, "new thread "+quoteTitle(title), nil, th)
}

// NewLink is the change that links from to to with label (empty: no label):
// an untitled thread of two members.
func NewLink(user string, from, to *Span, label string) (*Change, error) {
	if from.ID == to.ID {
		return nil, fmt.Errorf("link span %s to itself: %w", from.ID, ErrAlreadyMember)
	}
	if err := checkLinkLabel(label); err != nil {
		return nil, err
	}
	th := &Thread{
		ID:        NewID(),
		Annotator: user,
		Members:   []Member{{Doc: from.Doc, Span: from.ID}, {Doc: to.Doc, Span: to.ID, Link: label}},
		Created:   NowMillis(),
	}
	desc := "add link"
	if label != "" {
		desc = "add link “" + label + "”"
	}
	return PutThread(user, desc, nil, th), nil
}

// AddMember is the change that puts s into th at position at (0 ≤ at ≤
// number of members; -1 appends). link labels the link that joins s to the
// chain: from the member before it, or, when s becomes the first member, from
// s to the member that was first. A member pushed down keeps its own link
// label, which now names its link from s.
func AddMember(user string, th *Thread, s *Span, at int, link string) (*Change, error) {
	if th.Index(s.ID) >= 0 {
		return nil, fmt.Errorf("add span %s to thread %s: %w", s.ID, th.ID, ErrAlreadyMember)
	}
	if at == -1 {
		at = len(th.Members)
	}
	if at < 0 || at > len(th.Members) {
		return nil, fmt.Errorf("add span %s to thread %s at %d of %d members: %w", s.ID, th.ID, at, len(th.Members), ErrMemberIndex)
	}
	if err := checkLinkLabel(link); err != nil {
		return nil, err
	}
	after := th.Clone()
	m := Member{Doc: s.Doc, Span: s.ID, Link: link}
	after.Members = append(after.Members[:at], append([]Member{m}, th.Members[at:]...)...)
	if at == 0 {
		after.Members[0].Link = ""
		if len(after.Members) > 1 {
			after.Members[1].Link = link
		}
	}
	c := PutThread(user, "add to "+threadName(th), th, after)
	c.Doc = s.Doc // undo goes back to the article of the span added
	return c, nil
}

// RemoveMember is the change that takes span spanID out of th. As when a
// span is deleted (DeleteSpans), a link that loses a member goes with it, as
// does a thread left empty or an equivalence set left with one member; a
// chain keeps its other members, and the member after the removed one keeps
// its link label.
func RemoveMember(user string, th *Thread, spanID string) (*Change, error) {
	i := th.Index(spanID)
	if i < 0 {
		return nil, fmt.Errorf("remove span %s from thread %s: %w", spanID, th.ID, ErrNotMember)
	}
	after := th.Clone()
	after.Members = append(after.Members[:i], th.Members[i+1:]...)
	var c *Change
	if th.IsLink() || len(after.Members) == 0 || (th.Kind == KindEquiv && len(after.Members) < 2) {
		c = PutThread(user, "remove from "+threadName(th), th, nil)
	} else {
		after.Members[0].Link = ""
		c = PutThread(user, "remove from "+threadName(th), th, after)
	}
	c.Doc = th.Members[i].Doc // undo goes back to the article of the span removed
	return c, nil
}

// MoveMember is the change that moves the member at index from to index to,
// shifting those between. A member carries its link label with it; whichever
// member ends up first has none. Swapping the first two members keeps the
// link between them, and its label, which the new second member now holds.
func MoveMember(user string, th *Thread, from, to int) (*Change, error) {
	n := len(th.Members)
	if from < 0 || from >= n || to < 0 || to >= n {
		return nil, fmt.Errorf("move member %d to %d in thread %s of %d members: %w", from, to, th.ID, n, ErrMemberIndex)
	}
	if from == to {
		return nil, fmt.Errorf("move member %d to %d in thread %s: %w", from, to, th.ID, ErrUnchanged)
	}
	after := th.Clone()
	m := after.Members[from]
	copy(after.Members[from:], after.Members[from+1:])
	after.Members = after.Members[:n-1]
	after.Members = append(after.Members[:to], append([]Member{m}, after.Members[to:]...)...)
	lost := after.Members[0].Link
	after.Members[0].Link = ""
	if from+to == 1 { // the first two swapped: the same pair, the same link
		after.Members[1].Link = lost
	}
	return PutThread(user, "move in "+threadName(th), th, after), nil
}

// RenameThread is the change that gives th a new title. A title is one line
// and cannot be empty: an untitled two-member thread would turn into a link.
func RenameThread(user string, th *Thread, title string) (*Change, error) {
	title = strings.TrimSpace(title)
	switch {
	case title == "":
		return nil, fmt.Errorf("rename thread %s: %w: the title is empty", th.ID, ErrBadThread)
	case strings.ContainsAny(title, "\n\r\t"):
		return nil, fmt.Errorf("rename thread %s: %w: the title %q has a tab or line break", th.ID, ErrBadThread, title)
	case title == th.Title:
		return nil, fmt.Errorf("rename thread %s to %q: %w", th.ID, title, ErrUnchanged)
	}
	after := th.Clone()
	after.Title = title
	return PutThread(user, "rename "+threadName(th), th, after), nil
}

// SetLink is the change that labels the link into member index (1 ≤ index <
// number of members; the first member has no link). An empty label clears it.
func SetLink(user string, th *Thread, index int, label string) (*Change, error) {
	if index < 1 || index >= len(th.Members) {
		return nil, fmt.Errorf("label link into member %d of thread %s (links run into members 1 to %d): %w", index, th.ID, len(th.Members)-1, ErrMemberIndex)
	}
	label = strings.TrimSpace(label)
	if err := checkLinkLabel(label); err != nil {
		return nil, err
	}
	if th.Members[index].Link == label {
		return nil, fmt.Errorf("label link into member %d of thread %s as %q: %w", index, th.ID, label, ErrUnchanged)
	}
	after := th.Clone()
	after.Members[index].Link = label
	desc := "clear link in " + threadName(th)
	if label != "" {
		desc = "label link “" + label + "” in " + threadName(th)
	}
	return PutThread(user, desc, th, after), nil
}

// DeleteThread is the change that removes th. Its spans stay.
func DeleteThread(user string, th *Thread) *Change {
	return PutThread(user, "delete "+threadName(th), th, nil)
}

// checkLinkLabel accepts an empty label (an unlabelled link) or any valid
// label name, default or the user's own.
func checkLinkLabel(label string) error {
	if label == "" {
		return nil
	}
	if err := ValidLabelName(label); err != nil {
		return fmt.Errorf("link %w", err)
	}
	return nil
}

// threadName names a thread for the Edit menu: thread “title”, or link.
func threadName(th *Thread) string {
	if th.Title == "" {
		if th.IsLink() {
			return "link"
		}
		return "thread"
	}
	return "thread " + quoteTitle(th.Title)
}

func quoteTitle(title string) string { return "“" + clip(title) + "”" }
