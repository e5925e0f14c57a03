package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/config"
	"github.com/zhijian/advisor/knowledge"
)

// askJSON is the `advisor ask --json` contract (architecture.md). Unknown
// fields are empty strings or empty lists, never missing.
type askJSON struct {
	Intent            string           `json:"intent"`
	Region            askRegion        `json:"region"`
	Occupation        string           `json:"occupation"`
	GovernmentWarning bool             `json:"government_warning"`
	Institutions      []askInstitution `json:"institutions"`
	Citations         []string         `json:"citations"`
	Answer            string           `json:"answer"`
	Rules             []string         `json:"rules"`
	Source            string           `json:"source"`
}

type askRegion struct {
	Province string `json:"province"`
	City     string `json:"city"`
	County   string `json:"county"`
}

type askInstitution struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Kind        string   `json:"kind"`
	City        string   `json:"city"`
	County      string   `json:"county"`
	Phone       string   `json:"phone"`
	Occupations []string `json:"occupations"`
	Levels      []string `json:"levels"`
	Example     bool     `json:"example"`
}

func runAsk(ctx context.Context, e env, args []string) error {
	fs := newFlags("ask")
	asJSON := fs.Bool("json", false, "print the JSON contract instead of the answer text")
	kbFlag := fs.String("kb", "", "knowledge base directory")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if question == "" {
		return usageError{"ask: give the question, e.g. advisor ask \"义乌哪里能考电工证\""}
	}
	cfg, err := config.Load(e.getenv)
	if err != nil {
		return err
	}
	log := newLogger(e.stderr, cfg.LogLevel, cfg.LogFormat)
	a, err := newApp(ctx, cfg, log, kbDir(*kbFlag, e.getenv), e.stderr, nil)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	res := a.bot.Ask(ctx, "", question)
	if !*asJSON {
		fmt.Fprintln(e.stdout, res.Answer.Text)
		for _, part := range res.Answer.More {
			fmt.Fprintln(e.stdout, "\n"+part)
		}
		return nil
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(toAskJSON(res))
}

// toAskJSON maps a pipeline result onto the JSON contract.
func toAskJSON(r bot.AskResult) askJSON {
	out := askJSON{
		Intent:            string(r.Query.Intent),
		Region:            askRegion(r.Query.Region),
		Occupation:        r.Query.Occupation,
		GovernmentWarning: r.Answer.HasRule(bot.RuleGovWarning),
		Institutions:      []askInstitution{},
		Citations:         []string{},
		Answer:            strings.Join(append([]string{r.Answer.Text}, r.Answer.More...), "\n\n"),
		Rules:             []string{},
		Source:            r.Answer.Source,
	}
	if out.Intent == "" {
		out.Intent = "other"
	}
	for _, h := range r.Result.Institutions {
		in := h.Institution
		// Only what the follower is shown: never a government body, and
		// nothing the answer did not list.
		if in.IsGovernment() || !strings.Contains(out.Answer, in.Name) {
			continue
		}
		ai := askInstitution{ID: in.ID, Name: in.Name, Kind: string(in.Kind), City: in.City, County: in.County,
			Phone: strings.Join(in.Phones, "、"), Occupations: []string{}, Levels: []string{}, Example: in.Example}
		seenOcc, seenLvl := map[string]bool{}, map[knowledge.Level]bool{}
		for _, au := range h.Matched {
			if !seenOcc[au.Occupation] {
				seenOcc[au.Occupation] = true
				ai.Occupations = append(ai.Occupations, au.Occupation)
			}
			for _, l := range au.Levels {
				if !seenLvl[l] {
					seenLvl[l] = true
					ai.Levels = append(ai.Levels, l.String())
				}
			}
		}
		out.Institutions = append(out.Institutions, ai)
	}
	for _, n := range r.Result.Notes {
		out.Citations = append(out.Citations, n.ID)
	}
	for _, rule := range r.Answer.Rules {
		out.Rules = append(out.Rules, string(rule))
	}
	return out
}
