package knowledge

// CONTRACT STUB: the KB-loading helper replaces the body; the signature is fixed.

// ParseLevels parses a level expression as plans print it ("五级至三级",
// "五级/初级工-三级/高级工", "四级、三级", "三级/高级工", "5-3级") and as followers
// type it ("中级", "高级工", "技师"), returning levels sorted from 5 to 1,
// without duplicates. An expression that names no valid level is an error.
func ParseLevels(s string) ([]Level, error) { return nil, nil }
