package store_test

import (
	"github.com/silenceper/wechat/v2/cache"

	"github.com/zhijian/advisor/bot/store"
)

// TokenCache must satisfy the WeChat SDK's cache interfaces; the package
// itself does not import the SDK, so this test checks it.
var _ cache.ContextCache = (*store.TokenCache)(nil)
