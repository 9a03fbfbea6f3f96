// Command show prints buildinfo.Get(), so the test can build it with and
// without the release script's -ldflags.
package main

import (
	"fmt"

	"github.com/skein-news/skein/app/buildinfo"
)

func main() { fmt.Println(buildinfo.Get()) }
