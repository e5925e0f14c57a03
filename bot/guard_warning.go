package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// The warning about government bodies. warnMarker identifies it.
const (
	warnMarker = "不直接受理职业技能等级认定报名"
	warnFormat = "提醒：%s是政府单位，" + warnMarker + "；请联系当地认定计划中公布的授权机构%s。"
)

// ensureWarning puts the government warning on the first line, once.
func (g *guardRun) ensureWarning(t string) string {
	listed := len(g.listed(t)) > 0
	line := g.c.gov.warning(g.q, g.r, g.composed, listed)
	lines := strings.Split(t, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if !strings.Contains(l, warnMarker) {
			kept = append(kept, l)
		}
	}
	body := strings.TrimSpace(strings.Join(kept, "\n"))
	if body == "" {
		return line
	}
	return line + "\n\n" + body
}

// warning returns the warning line for the bodies the question and the
// answer text name: the follower's words as the understander found them
// (else as the generic words found in the question), and the specific
// bodies the answer names; each as its KB name where the KB has it.
func (gi govIndex) warning(q retrieval.Query, r retrieval.Result, text string, listed bool) string {
	typed := slices.Clone(q.Government)
	if owner, ok := gi.phoneOwner(q.Text); ok && owner != "" {
		typed = append(typed, owner)
	}
	if len(typed) == 0 {
		qt := normalizeText(q.Text)
		for _, sp := range gi.named(qt) {
			typed = append(typed, qt[sp.start:sp.end])
		}
	}
	var generic []string
	for _, sp := range gi.named(text) {
		if m := text[sp.start:sp.end]; !genericGovWord(m) {
			typed = append(typed, m)
		} else {
			generic = append(generic, m)
		}
	}
	if len(typed) == 0 {
		// Only the answer's generic words ("上当地人社局官网找", "到南京市人社
		// 部门官网"): name those, for the follower's place.
		typed = generic
		if len(typed) == 0 && govDeptRE.MatchString(text) {
			typed = []string{"人社部门"}
		}
	}
	var names []string
	for _, m := range typed {
		n := gi.resolve(strings.TrimSpace(m), q, r)
		if n != "" && !containsName(names, n) {
			names = dropContained(names, n)
			names = append(names, n)
		}
	}
	names = slices.DeleteFunc(names, func(n string) bool {
		return genericGovWord(n) && slices.ContainsFunc(names, func(o string) bool {
			return !genericGovWord(o) && govFamily(o) == govFamily(n)
		})
	})
	if len(names) > 3 {
		names = names[:3]
	}
	subject := strings.Join(names, "、")
	switch {
	case len(names) == 0:
		subject = "人社局和政府办的职业技能鉴定中心"
	case len(names) > 1:
		subject += "都"
	}
	tail := ""
	if listed {
		tail = "（见下方名单）"
	}
	return fmt.Sprintf(warnFormat, subject, tail)
}

// resolve names a mentioned body for the warning: as its KB row's name when
// the KB has it (金华市人社局 → 金华市人力资源和社会保障局; a bare 人社局 →
// the row of the follower's place), else prefixed with the follower's place
// when it names none, else as typed.
func (gi govIndex) resolve(m string, q retrieval.Query, r retrieval.Result) string {
	if m == "" {
		return ""
	}
	rows := append(slices.Clone(r.Government), gi.rows...)
	if !genericGovWord(m) {
		for _, row := range rows {
			if row.Name == m || sameGovBody(m, row) {
				return row.Name
			}
		}
		return m
	}
	for _, row := range rows {
		if q.Region.City != "" && row.City == q.Region.City && row.County == q.Region.County && govFamily(row.Name) == govFamily(m) {
			return row.Name
		}
	}
	place := q.Region.County
	if place == "" {
		place = q.Region.City
	}
	switch {
	case place == "" && m == "鉴定中心":
		return "政府办的鉴定中心"
	case place == "" && m == "人社部门":
		return "当地人社部门"
	}
	return place + m
}

// sameGovBody reports whether m, a place followed by a generic word
// (金华市人社局, 义乌人社局), names the government row.
func sameGovBody(m string, row knowledge.Institution) bool {
	place := row.City
	if row.County != "" {
		place = row.County
	}
	for _, p := range []string{place, strings.TrimRight(place, "市区县")} {
		if p == "" || !strings.HasPrefix(m, p) {
			continue
		}
		rest := strings.TrimPrefix(m, p)
		if genericGovWord(rest) && govFamily(rest) == govFamily(row.Name) {
			return true
		}
	}
	return false
}

// genericGovWord reports whether m names a kind of body rather than one
// body: it starts with the body's kind, not a place.
func genericGovWord(m string) bool {
	for _, p := range []string{"人社", "人力资源", "人力社保", "劳动", "职业技能鉴定", "技能鉴定", "鉴定"} {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return false
}

// govFamily tells bureaus from evaluation centres.
func govFamily(name string) string {
	if strings.Contains(name, "鉴定") {
		return "centre"
	}
	return "bureau"
}

func containsName(names []string, n string) bool {
	for _, x := range names {
		if strings.Contains(x, n) {
			return true
		}
	}
	return false
}

// dropContained removes the names that n contains.
func dropContained(names []string, n string) []string {
	out := names[:0]
	for _, x := range names {
		if !strings.Contains(n, x) {
			out = append(out, x)
		}
	}
	return out
}
