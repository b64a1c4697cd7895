// Package rbac authorizes requests with the Roles, ClusterRoles and bindings a Policy holds, by the matching rules of
// Kubernetes' RBAC authorizer (plugin/pkg/auth/authorizer/rbac): verbs, apiGroups, resources with subresources
// ("pods/status", "*/scale"), resourceNames, nonResourceURLs (exact or a trailing "*"), "*" wildcards, subjects of
// kind User, Group and ServiceAccount. A RoleBinding grants only in its own namespace. It only allows: a request no
// rule allows gets no opinion, which the server's union of authorizers turns into a denial.
package rbac

import (
	"context"
	"fmt"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// Policy is where the RBAC objects come from (the server's stores, or a table in a test).
type Policy interface {
	ClusterRoleBindings() ([]rbacv1.ClusterRoleBinding, error)
	RoleBindings(namespace string) ([]rbacv1.RoleBinding, error)
	ClusterRole(name string) (*rbacv1.ClusterRole, error) // nil, nil when absent
	Role(namespace, name string) (*rbacv1.Role, error)    // nil, nil when absent
}

// Authorizer grants what the Policy's bindings grant, plus Bootstrap to every authenticated user.
type Authorizer struct {
	Policy    Policy
	Bootstrap []rbacv1.PolicyRule
}

// BootstrapAuthenticated is what kube-apiserver's bootstrap policy grants group system:authenticated through the
// ClusterRoles system:discovery, system:basic-user and system:public-info-viewer.
var BootstrapAuthenticated = []rbacv1.PolicyRule{
	{Verbs: []string{"get"}, NonResourceURLs: []string{"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez",
		"/readyz", "/version", "/version/", "/openapi", "/openapi/*"}},
	{Verbs: []string{"create"}, APIGroups: []string{"authentication.k8s.io"}, Resources: []string{"selfsubjectreviews"}},
	{Verbs: []string{"create"}, APIGroups: []string{"authorization.k8s.io"},
		Resources: []string{"selfsubjectaccessreviews", "selfsubjectrulesreviews"}},
}

func (a *Authorizer) Authorize(_ context.Context, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	u := attrs.GetUser()
	if u == nil {
		return authorizer.DecisionNoOpinion, "no user", nil
	}
	if i := allowing(attrs, a.Bootstrap); i >= 0 && contains(u.GetGroups(), user.AllAuthenticated) {
		return authorizer.DecisionAllow, fmt.Sprintf("bootstrap policy of system:authenticated rule %d", i), nil
	}
	var errs []string
	crbs, err := a.Policy.ClusterRoleBindings()
	if err != nil {
		return authorizer.DecisionNoOpinion, "", err
	}
	for _, b := range crbs {
		if !AppliesTo(u, b.Subjects, "") || b.RoleRef.Kind != "ClusterRole" {
			continue
		}
		role, err := a.Policy.ClusterRole(b.RoleRef.Name)
		if err != nil {
			errs = append(errs, err.Error())
		} else if i := allowing(attrs, rules(role)); i >= 0 {
			return authorizer.DecisionAllow, fmt.Sprintf("ClusterRoleBinding %s of ClusterRole %s rule %d", b.Name,
				role.Name, i), nil
		}
	}
	if ns := attrs.GetNamespace(); ns != "" {
		rbs, err := a.Policy.RoleBindings(ns)
		if err != nil {
			return authorizer.DecisionNoOpinion, "", err
		}
		for _, b := range rbs {
			if !AppliesTo(u, b.Subjects, ns) {
				continue
			}
			var rules []rbacv1.PolicyRule
			switch b.RoleRef.Kind {
			case "Role":
				role, err := a.Policy.Role(ns, b.RoleRef.Name)
				if err != nil {
					errs = append(errs, err.Error())
				} else if role != nil {
					rules = role.Rules
				}
			case "ClusterRole":
				role, err := a.Policy.ClusterRole(b.RoleRef.Name)
				if err != nil {
					errs = append(errs, err.Error())
				} else if role != nil {
					rules = role.Rules
				}
			}
			if i := allowing(attrs, rules); i >= 0 {
				return authorizer.DecisionAllow, fmt.Sprintf("RoleBinding %s/%s of %s %s rule %d", ns, b.Name,
					b.RoleRef.Kind, b.RoleRef.Name, i), nil
			}
		}
	}
	if len(errs) > 0 {
		return authorizer.DecisionNoOpinion, "", fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return authorizer.DecisionNoOpinion, "no RBAC rule allows it", nil
}

// AppliesTo tells whether one of the subjects names the user; namespace is the binding's (a ServiceAccount subject
// without a namespace means the binding's namespace).
func AppliesTo(u user.Info, subjects []rbacv1.Subject, namespace string) bool {
	for _, s := range subjects {
		switch s.Kind {
		case rbacv1.UserKind:
			if u.GetName() == s.Name {
				return true
			}
		case rbacv1.GroupKind:
			if contains(u.GetGroups(), s.Name) {
				return true
			}
		case rbacv1.ServiceAccountKind:
			ns := namespace
			if s.Namespace != "" {
				ns = s.Namespace
			}
			if ns != "" && u.GetName() == "system:serviceaccount:"+ns+":"+s.Name {
				return true
			}
		}
	}
	return false
}

// allowing is the index of the first rule that allows the request, -1 if none does.
func allowing(attrs authorizer.Attributes, rules []rbacv1.PolicyRule) int {
	for i := range rules {
		if RuleAllows(attrs, &rules[i]) {
			return i
		}
	}
	return -1
}

func rules(role *rbacv1.ClusterRole) []rbacv1.PolicyRule {
	if role == nil {
		return nil
	}
	return role.Rules
}

// RuleAllows is Kubernetes' rbac.RuleAllows.
func RuleAllows(attrs authorizer.Attributes, rule *rbacv1.PolicyRule) bool {
	if !matches(rule.Verbs, attrs.GetVerb()) {
		return false
	}
	if !attrs.IsResourceRequest() {
		return nonResourceURLMatches(rule.NonResourceURLs, attrs.GetPath())
	}
	combined := attrs.GetResource()
	if attrs.GetSubresource() != "" {
		combined += "/" + attrs.GetSubresource()
	}
	return matches(rule.APIGroups, attrs.GetAPIGroup()) &&
		resourceMatches(rule.Resources, combined, attrs.GetSubresource()) &&
		(len(rule.ResourceNames) == 0 || contains(rule.ResourceNames, attrs.GetName()))
}

// matches: the value is listed, or "*" is.
func matches(list []string, value string) bool {
	return contains(list, "*") || contains(list, value)
}

func resourceMatches(ruleResources []string, combined, subresource string) bool {
	for _, r := range ruleResources {
		if r == "*" || r == combined {
			return true
		}
		// "*/status" matches the status subresource of every resource
		if subresource != "" && r == "*/"+subresource {
			return true
		}
	}
	return false
}

func nonResourceURLMatches(ruleURLs []string, path string) bool {
	for _, u := range ruleURLs {
		if u == "*" || u == path {
			return true
		}
		if strings.HasSuffix(u, "*") && strings.HasPrefix(path, strings.TrimRight(u, "*")) {
			return true
		}
	}
	return false
}

func contains(list []string, value string) bool {
	for _, v := range list {
		if v == value {
			return true
		}
	}
	return false
}
