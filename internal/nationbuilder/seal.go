package nationbuilder

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Sealer encrypts tokens for storage with AES-256-GCM: a token read from
// the database without the key is useless.
type Sealer struct{ aead cipher.AEAD }

// ParseKey reads a 32-byte key written as 64 hex digits (openssl rand
// -hex 32) or in standard base64.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if k, err := hex.DecodeString(s); err == nil && len(k) == 32 {
		return k, nil
	}
	if k, err := base64.StdEncoding.DecodeString(s); err == nil && len(k) == 32 {
		return k, nil
	}
	return nil, errors.New("want 32 bytes as 64 hex digits (openssl rand -hex 32) or base64")
}

// NewSealer returns a sealer for a 32-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("token key: %d bytes, want 32", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("token key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("token key: %w", err)
	}
	return &Sealer{aead: aead}, nil
}

// aad binds a sealed value to its use, so a sealed token cannot be
// passed off as something else sealed with the same key.
var aad = []byte("debrief nationbuilder token v1")

// Seal encrypts t: base64 of a random nonce and the ciphertext.
func (s *Sealer) Seal(t Token) (string, error) {
	plain, err := json.Marshal(t)
	if err != nil {
		return "", fmt.Errorf("seal token: %w", err)
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal token: %w", err)
	}
	return base64.StdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, plain, aad)), nil
}

// Open decrypts what Seal wrote; a wrong key or a changed value fails.
func (s *Sealer) Open(sealed string) (Token, error) {
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return Token{}, errors.New("open token: not a sealed token")
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], aad)
	if err != nil {
		return Token{}, errors.New("open token: wrong NATIONBUILDER_TOKEN_KEY, or the stored token was changed")
	}
	var t Token
	if err := json.Unmarshal(plain, &t); err != nil {
		return Token{}, fmt.Errorf("open token: %w", err)
	}
	return t, nil
}
