package server

import (
	"context"
	"encoding/json"
	"os"
	"sync"

	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// decisionLog writes each distinct RBAC decision once, as a JSON line: what the tests read to find the requests the
// shipped manifests refuse and the grants nobody used.
type decisionLog struct {
	next authorizer.Authorizer
	mu   sync.Mutex
	file *os.File
	seen map[decision]bool
}

type decision struct {
	Decision    string `json:"decision"` // allow or deny
	User        string `json:"user"`
	Verb        string `json:"verb"`
	APIGroup    string `json:"apiGroup,omitempty"`
	Resource    string `json:"resource,omitempty"`
	Subresource string `json:"subresource,omitempty"`
	Namespace   string `json:"namespace,omitempty"`
	Name        string `json:"name,omitempty"`
	Path        string `json:"path,omitempty"` // non-resource requests only
	By          string `json:"by"`             // the rule that allowed it, or why nothing did
}

func newDecisionLog(path string, next authorizer.Authorizer) (*decisionLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return &decisionLog{next: next, file: f, seen: map[decision]bool{}}, nil
}

func (l *decisionLog) Authorize(ctx context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
	d, reason, err := l.next.Authorize(ctx, a)
	if err != nil || a.GetUser() == nil {
		return d, reason, err
	}
	rec := decision{Decision: "deny", User: a.GetUser().GetName(), Verb: a.GetVerb(), By: reason}
	if d == authorizer.DecisionAllow {
		rec.Decision = "allow"
	}
	if a.IsResourceRequest() {
		rec.APIGroup, rec.Resource, rec.Subresource = a.GetAPIGroup(), a.GetResource(), a.GetSubresource()
		rec.Namespace, rec.Name = a.GetNamespace(), a.GetName()
	} else {
		rec.Path = a.GetPath()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.seen[rec] {
		l.seen[rec] = true
		line, _ := json.Marshal(rec)
		_, _ = l.file.Write(append(line, '\n'))
	}
	return d, reason, err
}
