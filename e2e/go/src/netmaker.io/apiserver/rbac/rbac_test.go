package rbac

import (
	"context"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	"k8s.io/apiserver/pkg/authorization/union"
)

// The examples of Kubernetes' RBAC documentation (reference/access-authn-authz/rbac), as stored objects.
type table struct {
	roles        []rbacv1.Role
	clusterRoles []rbacv1.ClusterRole
	rbs          []rbacv1.RoleBinding
	crbs         []rbacv1.ClusterRoleBinding
}

func (t table) ClusterRoleBindings() ([]rbacv1.ClusterRoleBinding, error) { return t.crbs, nil }
func (t table) RoleBindings(ns string) ([]rbacv1.RoleBinding, error) {
	var out []rbacv1.RoleBinding
	for _, b := range t.rbs {
		if b.Namespace == ns {
			out = append(out, b)
		}
	}
	return out, nil
}
func (t table) ClusterRole(name string) (*rbacv1.ClusterRole, error) {
	for i := range t.clusterRoles {
		if t.clusterRoles[i].Name == name {
			return &t.clusterRoles[i], nil
		}
	}
	return nil, nil
}
func (t table) Role(ns, name string) (*rbacv1.Role, error) {
	for i := range t.roles {
		if t.roles[i].Namespace == ns && t.roles[i].Name == name {
			return &t.roles[i], nil
		}
	}
	return nil, nil
}

func meta(ns, name string) metav1.ObjectMeta { return metav1.ObjectMeta{Namespace: ns, Name: name} }

var docs = table{
	roles: []rbacv1.Role{
		{ObjectMeta: meta("default", "pod-reader"), Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"get", "watch", "list"}}}},
		{ObjectMeta: meta("default", "pod-and-pod-logs-reader"), Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"pods", "pods/log"}, Verbs: []string{"get", "list"}}}},
		{ObjectMeta: meta("default", "configmap-updater"), Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"configmaps"}, ResourceNames: []string{"my-configmap"},
				Verbs: []string{"update", "get"}}}},
	},
	clusterRoles: []rbacv1.ClusterRole{
		{ObjectMeta: meta("", "secret-reader"), Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"get", "watch", "list"}}}},
		{ObjectMeta: meta("", "example.com-superuser"), Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{"example.com"}, Resources: []string{"*"}, Verbs: []string{"*"}}}},
		{ObjectMeta: meta("", "healthz-poster"), Rules: []rbacv1.PolicyRule{
			{NonResourceURLs: []string{"/healthz", "/healthz/*"}, Verbs: []string{"get", "post"}}}},
		{ObjectMeta: meta("", "scaler"), Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{"apps"}, Resources: []string{"*/scale"}, Verbs: []string{"update"}}}},
		{ObjectMeta: meta("", "impersonator"), Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"users"}, Verbs: []string{"impersonate"},
				ResourceNames: []string{"wireguard-peer"}}}},
	},
	rbs: []rbacv1.RoleBinding{
		// "read-pods": User jane may read pods in "default"
		{ObjectMeta: meta("default", "read-pods"), RoleRef: rbacv1.RoleRef{Kind: "Role", Name: "pod-reader"},
			Subjects: []rbacv1.Subject{{Kind: "User", Name: "jane"}}},
		// "read-secrets": a RoleBinding of a ClusterRole grants it in the binding's namespace only
		{ObjectMeta: meta("development", "read-secrets"), RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: "secret-reader"},
			Subjects: []rbacv1.Subject{{Kind: "User", Name: "dave"}}},
		// a ServiceAccount subject without a namespace is the binding's namespace's
		{ObjectMeta: meta("default", "sa-pods"), RoleRef: rbacv1.RoleRef{Kind: "Role", Name: "pod-and-pod-logs-reader"},
			Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "default"}}},
		{ObjectMeta: meta("default", "cm"), RoleRef: rbacv1.RoleRef{Kind: "Role", Name: "configmap-updater"},
			Subjects: []rbacv1.Subject{{Kind: "Group", Name: "system:serviceaccounts:qa"}}},
		// a binding whose Role does not exist grants nothing
		{ObjectMeta: meta("default", "dangling"), RoleRef: rbacv1.RoleRef{Kind: "Role", Name: "missing"},
			Subjects: []rbacv1.Subject{{Kind: "User", Name: "nobody"}}},
	},
	crbs: []rbacv1.ClusterRoleBinding{
		// "read-secrets-global": group manager may read secrets in every namespace
		{ObjectMeta: meta("", "read-secrets-global"), RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: "secret-reader"},
			Subjects: []rbacv1.Subject{{Kind: "Group", Name: "manager"}}},
		{ObjectMeta: meta("", "superuser"), RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: "example.com-superuser"},
			Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "myapp", Namespace: "kube-system"}}},
		{ObjectMeta: meta("", "healthz"), RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: "healthz-poster"},
			Subjects: []rbacv1.Subject{{Kind: "Group", Name: "system:serviceaccounts"}}},
		{ObjectMeta: meta("", "scaler"), RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: "scaler"},
			Subjects: []rbacv1.Subject{{Kind: "User", Name: "alice@example.com"}}},
		{ObjectMeta: meta("", "impersonator"), RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: "impersonator"},
			Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "op", Namespace: "netmaker"}}},
		// a ClusterRoleBinding may only refer to a ClusterRole
		{ObjectMeta: meta("", "bad-ref"), RoleRef: rbacv1.RoleRef{Kind: "Role", Name: "pod-reader"},
			Subjects: []rbacv1.Subject{{Kind: "User", Name: "erin"}}},
	},
}

func sa(ns, name string) *user.DefaultInfo {
	return &user.DefaultInfo{Name: "system:serviceaccount:" + ns + ":" + name,
		Groups: []string{"system:serviceaccounts", "system:serviceaccounts:" + ns, user.AllAuthenticated}}
}

func person(name string, groups ...string) *user.DefaultInfo {
	return &user.DefaultInfo{Name: name, Groups: append(groups, user.AllAuthenticated)}
}

func res(u user.Info, verb, group, resource, sub, ns, name string) authorizer.AttributesRecord {
	return authorizer.AttributesRecord{User: u, Verb: verb, APIGroup: group, APIVersion: "v1", Resource: resource,
		Subresource: sub, Namespace: ns, Name: name, ResourceRequest: true}
}

func path(u user.Info, verb, p string) authorizer.AttributesRecord {
	return authorizer.AttributesRecord{User: u, Verb: verb, Path: p}
}

func TestKubernetesDocsCases(t *testing.T) {
	authz := union.New(authorizerfactory.NewPrivilegedGroups(user.SystemPrivilegedGroup),
		&Authorizer{Policy: docs, Bootstrap: BootstrapAuthenticated})
	jane, dave, manager := person("jane"), person("dave"), person("bob", "manager")
	cases := []struct {
		name  string
		attrs authorizer.AttributesRecord
		allow bool
	}{
		{"Role grants a listed verb", res(jane, "get", "", "pods", "", "default", "p"), true},
		{"Role grants list", res(jane, "list", "", "pods", "", "default", ""), true},
		{"an unlisted verb is denied", res(jane, "delete", "", "pods", "", "default", "p"), false},
		{"a Role grants only in its namespace", res(jane, "get", "", "pods", "", "other", "p"), false},
		{"resources: pods does not grant pods/log", res(jane, "get", "", "pods", "log", "default", "p"), false},
		{"pods does not grant pods/status", res(jane, "get", "", "pods", "status", "default", "p"), false},
		{"another group's pods are not core pods", res(jane, "get", "metrics.k8s.io", "pods", "", "default", "p"), false},
		{"pods/log is granted when listed", res(sa("default", "default"), "get", "", "pods", "log", "default", "p"), true},
		{"a ServiceAccount subject without namespace is the binding's", res(sa("other", "default"), "get", "", "pods", "", "default", "p"), false},
		{"resourceNames: the named object", res(sa("qa", "x"), "update", "", "configmaps", "", "default", "my-configmap"), true},
		{"resourceNames: another object", res(sa("qa", "x"), "get", "", "configmaps", "", "default", "other"), false},
		{"resourceNames: list has no name", res(sa("qa", "x"), "list", "", "configmaps", "", "default", ""), false},
		{"resourceNames: create has no name", res(sa("qa", "x"), "create", "", "configmaps", "", "default", ""), false},
		{"RoleBinding of a ClusterRole: its namespace", res(dave, "get", "", "secrets", "", "development", "s"), true},
		{"RoleBinding of a ClusterRole: not elsewhere", res(dave, "get", "", "secrets", "", "default", "s"), false},
		{"RoleBinding of a ClusterRole: not cluster-wide", res(dave, "list", "", "secrets", "", "", ""), false},
		{"ClusterRoleBinding: any namespace", res(manager, "watch", "", "secrets", "", "kube-system", ""), true},
		{"ClusterRoleBinding: all namespaces", res(manager, "list", "", "secrets", "", "", ""), true},
		{"apiGroup with resources *", res(sa("kube-system", "myapp"), "delete", "example.com", "widgets", "", "x", "w"), true},
		{"resources * includes subresources", res(sa("kube-system", "myapp"), "patch", "example.com", "widgets", "status", "x", "w"), true},
		{"verbs * in another group", res(sa("kube-system", "myapp"), "get", "", "pods", "", "x", "p"), false},
		{"ServiceAccount subject in another namespace", res(sa("default", "myapp"), "get", "example.com", "widgets", "", "x", "w"), false},
		{"*/scale matches deployments/scale", res(person("alice@example.com"), "update", "apps", "deployments", "scale", "d", "x"), true},
		{"*/scale does not match deployments", res(person("alice@example.com"), "update", "apps", "deployments", "", "d", "x"), false},
		{"nonResourceURL exact", path(sa("a", "b"), "get", "/healthz"), true},
		{"nonResourceURL prefix *", path(sa("a", "b"), "post", "/healthz/etcd"), true},
		{"nonResourceURL prefix needs the slash", path(sa("a", "b"), "get", "/healthzz"), false},
		{"nonResourceURL verb", path(sa("a", "b"), "delete", "/healthz"), false},
		{"nonResourceURL rules grant no resources", res(sa("a", "b"), "get", "", "healthz", "", "a", ""), false},
		{"bootstrap: discovery for the authenticated", path(jane, "get", "/apis/coordination.k8s.io/v1"), true},
		{"bootstrap: SelfSubjectReview for the authenticated", res(jane, "create", "authentication.k8s.io", "selfsubjectreviews", "", "", ""), true},
		{"bootstrap: not for the unauthenticated", path(&user.DefaultInfo{Name: "system:anonymous", Groups: []string{"system:unauthenticated"}}, "get", "/api"), false},
		{"impersonate: the named user", res(sa("netmaker", "op"), "impersonate", "", "users", "", "", "wireguard-peer"), true},
		{"impersonate: another user", res(sa("netmaker", "op"), "impersonate", "", "users", "", "", "admin"), false},
		{"impersonate: groups not granted", res(sa("netmaker", "op"), "impersonate", "", "groups", "", "", "system:masters"), false},
		{"a dangling RoleBinding grants nothing", res(person("nobody"), "get", "", "pods", "", "default", "p"), false},
		{"a ClusterRoleBinding of a Role grants nothing", res(person("erin"), "get", "", "pods", "", "default", "p"), false},
		{"system:masters may do anything", res(person("root", user.SystemPrivilegedGroup), "delete", "x", "y", "z", "n", "o"), true},
		{"no binding, no access", res(person("mallory"), "get", "", "pods", "", "default", "p"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			decision, reason, err := authz.Authorize(context.Background(), c.attrs)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if got := decision == authorizer.DecisionAllow; got != c.allow {
				t.Errorf("allowed=%v, want %v (reason %q)", got, c.allow, reason)
			}
		})
	}
}
