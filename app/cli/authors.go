package cli

import (
	"fmt"
	"slices"
	"strings"
)

// unknownAuthors returns the names, of those given, that have no span and no
// thread in the store (a typo, or a layer not yet imported), with the
// annotators that have some, sorted.
func (g *globals) unknownAuthors(names []string) (unknown, authors []string, err error) {
	authors, err = g.st.Authors()
	if err != nil {
		return nil, nil, err
	}
	for _, n := range names {
		if _, found := slices.BinarySearch(authors, n); !found {
			unknown = append(unknown, n)
		}
	}
	return unknown, authors, nil
}

// noWork says that name has no spans or threads, and who has.
func noWork(name string, authors []string) string {
	list := "none"
	if len(authors) > 0 {
		list = strings.Join(authors, ", ")
	}
	return fmt.Sprintf("no spans or threads by annotator %q; annotators in this store: %s", name, list)
}

// warnUnknownAuthors prints a warning for each name with no spans or
// threads. The command goes on: an empty layer can be legitimate.
func (g *globals) warnUnknownAuthors(names []string) error {
	unknown, authors, err := g.unknownAuthors(names)
	if err != nil {
		return err
	}
	for _, n := range unknown {
		fmt.Fprintln(g.env.Stderr, "skein:", noWork(n, authors))
	}
	return nil
}
