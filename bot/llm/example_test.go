package llm_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/llm/llmtest"
)

// The usual use: one Client for the process, one Complete per answer, with
// a deadline below WeChat's five seconds and an offline answer on any
// error.
func Example() {
	// A stand-in for the provider. In production the three values come
	// from OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_MODEL via package
	// config.
	srv := llmtest.Start(llmtest.Model("deepseek-chat"), llmtest.APIKey("sk-example"),
		llmtest.Reply("保育员现在叫保育师。金华市能认定四级的评价机构，以金华市公布的认定计划为准。"))
	defer srv.Close()

	client, err := llm.New(llm.Config{BaseURL: srv.URL(), APIKey: "sk-example", Model: "deepseek-chat"})
	if err != nil {
		fmt.Println(err)
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	answer, err := client.Complete(ctx, []llm.Message{
		{Role: llm.RoleSystem, Content: "你是职业技能等级认定咨询助手，只根据给出的资料回答。"},
		{Role: llm.RoleUser, Content: "保育员证金华去哪里考"},
	})
	if err != nil {
		answer = "（离线回答）"
	}
	fmt.Println(answer)
	// Output: 保育员现在叫保育师。金华市能认定四级的评价机构，以金华市公布的认定计划为准。
}

// A provider that keeps failing costs one retry, then the caller falls back.
// errors.Is and errors.As tell the reasons apart.
func ExampleClient_Complete_fallback() {
	srv := llmtest.Start(llmtest.Status(503, ""))
	defer srv.Close()
	client, err := llm.New(llm.Config{BaseURL: srv.URL(), Model: llmtest.DefaultModel, RetryBackoff: 10 * time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	_, err = client.Complete(ctx, []llm.Message{{Role: llm.RoleUser, Content: "电工证怎么考"}})
	if se, ok := errors.AsType[*llm.StatusError](err); ok {
		fmt.Println("provider status:", se.Code)
	}
	switch {
	case errors.Is(err, llm.ErrBusy):
		fmt.Println("too busy: answer offline")
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Println("too slow: answer offline")
	case err != nil:
		fmt.Println("failed: answer offline")
	}
	fmt.Println("requests sent:", srv.Calls())
	// Output:
	// provider status: 503
	// failed: answer offline
	// requests sent: 2
}
