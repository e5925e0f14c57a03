package wechat

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/url"

	"github.com/silenceper/wechat/v2/util"
)

// Signature returns the signature WeChat puts in every request's query:
// the hex SHA-1 of token, timestamp and nonce, sorted and concatenated.
func Signature(token, timestamp, nonce string) string {
	return util.Signature(token, timestamp, nonce)
}

// MsgSignature returns the signature of a safe-mode message: the hex SHA-1
// of token, timestamp, nonce and the base64 Encrypt field, sorted and
// concatenated. It signs requests (query msg_signature) and replies
// (<MsgSignature>).
func MsgSignature(token, timestamp, nonce, encrypt string) string {
	return util.Signature(token, timestamp, nonce, encrypt)
}

// VerifyURL reports whether query carries a valid signature for token. It
// is the check WeChat's URL verification (GET with echostr) relies on, and
// every request must pass it.
func VerifyURL(token string, query url.Values) bool {
	want := Signature(token, query.Get("timestamp"), query.Get("nonce"))
	return sigEqual(query.Get("signature"), want)
}

// ValidateAESKey checks that key is a usable EncodingAESKey: 43 base64
// characters that decode (with "=" appended) to 32 bytes. The error wraps
// ErrInvalidConfig.
func ValidateAESKey(key string) error {
	if len(key) != 43 {
		return fmt.Errorf("%w: EncodingAESKey has %d characters, want 43", ErrInvalidConfig, len(key))
	}
	raw, err := base64.StdEncoding.DecodeString(key + "=")
	if err != nil || len(raw) != 32 {
		return fmt.Errorf("%w: EncodingAESKey is not base64 of 32 bytes", ErrInvalidConfig)
	}
	return nil
}

// sigEqual compares two hex signatures in constant time.
func sigEqual(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// encrypt seals plain for appID as WeChat's safe mode does (AES-256-CBC,
// IV = key[:16], 16 fresh random bytes in front, PKCS#7 padding to 32
// bytes) and returns the base64 text of the Encrypt field.
func encrypt(aesKey, appID string, plain []byte) (string, error) {
	random := make([]byte, 16)
	rand.Read(random) // never returns an error (crypto/rand, Go 1.24+)
	enc, err := util.EncryptMsg(random, plain, appID, aesKey)
	if err != nil {
		return "", fmt.Errorf("encrypt: %w", err)
	}
	return string(enc), nil
}

// decrypt opens a base64 Encrypt field and checks that it was sealed for
// appID.
func decrypt(aesKey, appID, enc string) ([]byte, error) {
	_, plain, err := util.DecryptMsg(appID, enc, aesKey)
	if err != nil {
		return nil, fmt.Errorf("decrypt: %w", err)
	}
	return plain, nil
}
