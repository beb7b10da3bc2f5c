package nationbuilder

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

type tagAttrs struct {
	Name string `json:"name"`
}

type taggingAttrs struct {
	SignupID string `json:"signup_id"`
	TagID    string `json:"tag_id"`
}

// TagID returns the id of the tag named name, creating it if the nation
// has none; names are compared in any case, as NationBuilder does. Ids are
// cached for the client's life, so each tag is looked up once.
func (c *Client) TagID(ctx context.Context, name string) (string, error) {
	key := strings.ToLower(name)
	c.mu.Lock()
	id, ok := c.tags[key]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	id, err := c.findTag(ctx, name)
	if err == nil && id == "" {
		id, err = c.createTag(ctx, name)
		if statusOf(err) == http.StatusUnprocessableEntity {
			// Taken: another process created it meanwhile.
			id, err = c.findTag(ctx, name)
		}
	}
	if err != nil {
		return "", err
	}
	if id == "" {
		return "", fmt.Errorf("tag %q: neither found nor created", name)
	}
	c.mu.Lock()
	c.tags[key] = id
	c.mu.Unlock()
	return id, nil
}

func (c *Client) findTag(ctx context.Context, name string) (string, error) {
	q := url.Values{"filter[name]": {name}}
	for path := "/api/v2/signup_tags"; ; {
		var out page[tagAttrs]
		if _, err := c.call(ctx, http.MethodGet, path, q, nil, &out); err != nil {
			return "", fmt.Errorf("find tag %q: %w", name, err)
		}
		for _, t := range out.Data {
			if strings.EqualFold(t.Attributes.Name, name) {
				return t.ID, nil
			}
		}
		next, nq, ok := c.nextPage(out.Links.Next)
		if !ok {
			return "", nil
		}
		path, q = next, nq
	}
}

func (c *Client) createTag(ctx context.Context, name string) (string, error) {
	var out document[tagAttrs]
	if _, err := c.call(ctx, http.MethodPost, "/api/v2/signup_tags", nil,
		document[tagAttrs]{Data: resource[tagAttrs]{Type: "signup_tags", Attributes: tagAttrs{Name: name}}}, &out); err != nil {
		return "", fmt.Errorf("create tag %q: %w", name, err)
	}
	return out.Data.ID, nil
}

// Tag puts the tag tagID on the person signupID. A tag they have already
// (a 422 for a tagging that exists) is no error: tags are only added.
func (c *Client) Tag(ctx context.Context, signupID, tagID string) error {
	_, err := c.call(ctx, http.MethodPost, "/api/v2/signup_taggings", nil,
		document[taggingAttrs]{Data: resource[taggingAttrs]{Type: "signup_taggings",
			Attributes: taggingAttrs{SignupID: signupID, TagID: tagID}}}, nil)
	if err != nil && statusOf(err) != http.StatusUnprocessableEntity {
		return fmt.Errorf("tag signup %s with %s: %w", signupID, tagID, err)
	}
	return nil
}

// nextPage splits a links.next URL into a path on this nation and its
// query; ok is false at the last page, or for a link elsewhere.
func (c *Client) nextPage(next string) (string, url.Values, bool) {
	if next == "" {
		return "", nil, false
	}
	u, err := url.Parse(next)
	if err != nil || !strings.HasPrefix(u.Path, "/api/") {
		return "", nil, false
	}
	return u.Path, u.Query(), true
}
