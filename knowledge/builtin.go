package knowledge

import (
	"embed"
	"io/fs"
)

// builtinFiles holds the built-in KB. It is read-only, so sharing it is safe.
//
//go:embed builtin
var builtinFiles embed.FS

// Builtin returns the built-in knowledge base: the KB used when no --kb DIR
// or KB_DIR is given, and the one `advisor kb init` writes out. The file
// system is rooted at the KB itself (notes/*.md, institutions/*.csv,
// README.md), ready for Load(Builtin(), "built-in").
//
// Its notes are the project's policy notes, each citing its source. Its
// institutions are example rows only (示例 = 是, phones in a range no one
// owns) plus the real names of a few government bodies without phone
// numbers; no real plan data is shipped. It has no events.
func Builtin() fs.FS {
	sub, err := fs.Sub(builtinFiles, "builtin")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "builtin" is valid.
		panic("knowledge: built-in KB: " + err.Error())
	}
	return sub
}
