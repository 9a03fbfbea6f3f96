package store

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// A small generator of English-like news text, so that tests and benchmarks
// store realistic articles: common words far more often than rare ones,
// sentences of varied length, capitals, commas, full stops, paragraphs.

var commonWords = strings.Fields(`the of and to a in that is was he for it with as his on be at by
had are but from or have an they which one you were her all she there would their we him been has
when who will more no if out so said what up its about into than them can only other new some could
time these two may then do first any my now such like our over man me even most made after also did
many before must through back years where much your way well down should because each just those
people how too little state good very make world still own see men work long get here between both
life being under never day same another know while last might us great old year off come since
against go came right used take three`)

var rareWords = strings.Fields(`minister government election council parliament president
spokesman police report officials percent million billion economy market company shares
investors budget spending taxes inflation growth unemployment strike protest opposition coalition
vote campaign candidate senator governor mayor court judge ruling appeal lawsuit investigation
evidence witness hospital patients doctors vaccine outbreak virus climate emissions energy oil gas
prices exports imports trade tariffs sanctions embassy diplomats summit treaty ceasefire troops
military border refugees migrants housing rents schools teachers students university research
scientists technology software network security breach hackers data privacy regulators banks
lenders mortgage interest rates central quarterly profits losses chief executive board merger deal
acquisition union workers wages pensions farmers harvest drought floods storm damage insurance
airline airport flights railway transport infrastructure bridge construction contract tender
corruption allegations accused denied claimed announced warned confirmed revealed estimated
according statement interview Tuesday Wednesday Thursday Friday Monday Saturday Sunday January
February March April June July August September October November December`)

var names = strings.Fields(`Smith Johnson Okafor Müller García Rossi Nowak Kowalski Tanaka Chen
Dubois Silva Jensen Novak Petrov Haddad Larsen Costa Fischer Moreau`)

// genText returns an article of about n bytes.
func genText(r *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(n + 200)
	for b.Len() < n {
		words := 8 + r.IntN(22)
		for w := 0; w < words; w++ {
			var word string
			switch x := r.IntN(100); {
			case x < 62:
				word = commonWords[int(float64(len(commonWords))*r.Float64()*r.Float64())]
			case x < 95:
				word = rareWords[r.IntN(len(rareWords))]
			case x < 98:
				word = names[r.IntN(len(names))]
			default:
				word = fmt.Sprintf("%d", r.IntN(10000))
			}
			if w == 0 {
				word = strings.ToUpper(word[:1]) + word[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(word)
			if w < words-1 && r.IntN(12) == 0 {
				b.WriteByte(',')
			}
		}
		b.WriteByte('.')
		if r.IntN(4) == 0 {
			b.WriteString("\n\n")
		} else {
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String())
}

var testLabels = []string{"claim", "actor", "figure", "accusation"}

// genCorpus makes n documents of about size bytes, each with spans spans by
// annotators in turn, deterministic for a seed.
func genCorpus(seed uint64, n, size, spans int, annotators ...string) ([]*annotate.Document, []*annotate.Span) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	if len(annotators) == 0 {
		annotators = []string{"ana"}
	}
	docs := make([]*annotate.Document, 0, n)
	var all []*annotate.Span
	for i := 0; i < n; i++ {
		text := genText(r, size)
		d := &annotate.Document{ID: annotate.DocID(text), Title: fmt.Sprintf("Article %05d", i), Source: fmt.Sprintf("wire/%05d.txt", i),
			Date: fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)), Text: text}
		docs = append(docs, d)
		length := len([]rune(text))
		for j := 0; j < spans; j++ {
			start := r.IntN(length - 20)
			sp := &annotate.Span{ID: uuidV7From(r, 1700000000000+int64(len(all))), Doc: d.ID, Label: testLabels[r.IntN(len(testLabels))],
				Annotator: annotators[j%len(annotators)], Fragments: []annotate.Fragment{{Start: start, End: start + 3 + r.IntN(17)}},
				Created: 1700000000000 + int64(r.IntN(1e9))}
			all = append(all, sp)
		}
	}
	return docs, all
}

// uuidV7From makes a version-7 UUID (the kind annotate.NewID makes: time
// first, so IDs made in a row sort together) for time ms with random bits
// from r, so a corpus is the same in every process.
func uuidV7From(r *rand.Rand, ms int64) string {
	var u [16]byte
	for i := 6; i < 16; i++ {
		u[i] = byte(r.Uint32())
	}
	for i := 0; i < 6; i++ {
		u[i] = byte(ms >> (8 * (5 - i)))
	}
	u[6] = u[6]&0x0f | 0x70
	u[8] = u[8]&0x3f | 0x80
	return string(appendUUIDText(nil, u[:]))
}
