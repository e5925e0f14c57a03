package knowledge

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// requiredNoteIDs are the note ids that answers and tests cite; the built-in
// KB must keep every one of them.
var requiredNoteIDs = []string{
	"title-vs-skill-level",
	"reform-authorized-bodies",
	"government-bureau-is-not-the-contact",
	"find-city-plan",
	"five-levels",
	"subsidy-rule",
	"local-benefits",
	"one-plus-x",
	"check-certificate",
	"scams",
	"cooperation-models",
	"roles-chain",
	"how-to-sign-up",
	"booking-consultation",
}

// fakePhone is the range the example rows use: an area code, then 0000 and
// four digits, which no real subscriber number has.
var fakePhone = regexp.MustCompile(`^0\d{2,3}-0000\d{4}$`)

// markdownMarks are the markdown constructs that WeChat would show as
// literal characters.
var markdownMarks = []string{"**", "__", "```", "](", "|", "<br"}

func mustLoadBuiltin(tb testing.TB) *Base {
	tb.Helper()
	b, err := Load(Builtin(), "built-in")
	if err != nil {
		tb.Fatalf("Load(Builtin()) = %v, want no problems", err)
	}
	return b
}

func TestBuiltinLayout(t *testing.T) {
	fsys := Builtin()
	for _, name := range []string{"README.md", "notes", "institutions/examples.csv", "institutions/government.csv"} {
		if _, err := fs.Stat(fsys, name); err != nil {
			t.Errorf("built-in KB has no %s: %v", name, err)
		}
	}
	// Events are the consultant's real schedule: none are shipped.
	if _, err := fs.Stat(fsys, "events"); err == nil {
		t.Error("built-in KB has an events folder; it must ship no events")
	}
}

func TestBuiltinLoads(t *testing.T) {
	b := mustLoadBuiltin(t)
	if b.Source != "built-in" {
		t.Errorf("Source = %q, want %q", b.Source, "built-in")
	}
	if len(b.Events) != 0 {
		t.Errorf("built-in KB has %d events, want none", len(b.Events))
	}
	if len(b.Institutions) == 0 {
		t.Error("built-in KB has no institutions, want example and government rows")
	}
}

func TestBuiltinRequiredNotes(t *testing.T) {
	b := mustLoadBuiltin(t)
	byID := make(map[string]Note, len(b.Notes))
	for _, n := range b.Notes {
		byID[n.ID] = n
	}
	for _, id := range requiredNoteIDs {
		t.Run(id, func(t *testing.T) {
			if _, ok := byID[id]; !ok {
				t.Errorf("built-in KB has no note %q", id)
			}
		})
	}
}

func TestBuiltinNotes(t *testing.T) {
	b := mustLoadBuiltin(t)
	seen := make(map[string]string, len(b.Notes))
	for _, n := range b.Notes {
		t.Run(n.ID, func(t *testing.T) {
			if n.ID == "" {
				t.Fatalf("note in %s has no id", n.File)
			}
			if prev, dup := seen[n.ID]; dup {
				t.Errorf("id %q is used by %s and %s", n.ID, prev, n.File)
			}
			seen[n.ID] = n.File
			if strings.TrimSpace(n.Source) == "" {
				t.Error("note has no source")
			}
			if strings.TrimSpace(n.Title) == "" {
				t.Error("note has no title")
			}
			if n.Scope != "national" {
				t.Errorf("scope = %q, want national", n.Scope)
			}
			if n.Updated.IsZero() {
				t.Error("note has no updated date")
			}
			if len(n.Tags) == 0 {
				t.Error("note has no tags")
			}
			checkNoteBody(t, n.Body)
		})
	}
}

// checkNoteBody checks that a note body is plain text that fits WeChat:
// 150 to 500 characters (not counting spaces) and no markdown.
func checkNoteBody(t *testing.T, body string) {
	t.Helper()
	chars := utf8.RuneCountInString(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, body))
	if chars < 150 || chars > 500 {
		t.Errorf("body has %d characters, want 150 to 500", chars)
	}
	for _, m := range markdownMarks {
		if strings.Contains(body, m) {
			t.Errorf("body contains markdown %q", m)
		}
	}
	for line := range strings.Lines(body) {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "- ") || strings.HasPrefix(trimmed, "* ") || strings.HasPrefix(trimmed, ">") {
			t.Errorf("body line %q is markdown, want plain text", trimmed)
		}
	}
}

func TestBuiltinInstitutionsAreExamplesOrGovernment(t *testing.T) {
	b := mustLoadBuiltin(t)
	for _, inst := range b.Institutions {
		t.Run(inst.City+"/"+inst.Name, func(t *testing.T) {
			if inst.IsGovernment() {
				if len(inst.Phones) != 0 {
					t.Errorf("government body has phones %v; the built-in KB gives none", inst.Phones)
				}
				if inst.Example {
					t.Error("government body is marked as an example; its name is real")
				}
				return
			}
			if !inst.Example {
				t.Error("institution is not marked 示例; the built-in KB has no real plan data")
			}
			if !strings.HasPrefix(inst.Name, "示例") {
				t.Errorf("name %q does not start with 示例", inst.Name)
			}
			for _, p := range inst.Phones {
				if !fakePhone.MatchString(p) {
					t.Errorf("phone %q is outside the fake range 0xxx-0000xxxx", p)
				}
			}
			if len(inst.Authorizations) == 0 {
				t.Fatal("institution has no authorizations")
			}
			for _, a := range inst.Authorizations {
				if !strings.Contains(a.Plan, "示例") {
					t.Errorf("%s: plan %q does not say 示例", a.Occupation, a.Plan)
				}
			}
		})
	}
}
