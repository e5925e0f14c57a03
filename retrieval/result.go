package retrieval

import "github.com/zhijian/advisor/knowledge"

// Hit is an institution that matches a query, with the authorizations that
// matched (all of its authorizations when no occupation was asked).
type Hit struct {
	Institution knowledge.Institution
	Matched     []knowledge.Authorization
	// InCounty is true when the institution is in the county the follower named.
	InCounty bool
	// Score is kept for compatibility and is always 0: hits are ordered by
	// InCounty, occupation match, level coverage, then KB order.
	Score float64
}

// Result is what Search found for a query.
type Result struct {
	// Institutions that a follower may contact, best first: the county's
	// bodies first, then the rest of the city. Never a 政府部门 row.
	Institutions []Hit
	// Total is the number of matching institutions before the limit, so a
	// follow-up "还有别的吗" can continue the list.
	Total int
	// Government holds the 政府部门 rows of the region (and any the follower
	// named), so answers can warn about them. Never offered as contacts.
	Government []knowledge.Institution
	// Notes are the policy notes relevant to the question, best first.
	Notes []knowledge.Note
	// Covered reports whether the KB has any institution in the query's city.
	// False with a non-empty city means: say plainly the city is not covered.
	Covered bool
	// OccupationCovered reports, when an occupation was asked, whether the
	// region (every city when none was named) has a body authorized for it.
	// False with Covered true means: the city has bodies, none for this
	// occupation ("金华暂无该职业的授权机构"); Institutions is then empty.
	// True when no occupation was asked.
	OccupationCovered bool
	// Offset is the position in the whole ranked list of the first of
	// Institutions (the offset given to Search), so lists can number on.
	Offset int
	// Named is true when the question named one KB institution (or gave
	// its phone number): Institutions holds just that body.
	Named bool
}
