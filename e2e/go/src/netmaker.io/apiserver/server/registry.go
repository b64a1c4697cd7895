package server

import (
	"context"
	"fmt"
	"reflect"

	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage/names"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// resource is one served collection: a generic etcd3 store (with the watch cache) of a k8s.io/api v1 type.
type resource struct {
	group, plural, singular string
	namespaced              bool
	newObj, newList         func() runtime.Object
	status                  bool // a status subresource: the main resource keeps status, /status keeps spec
}

var resources = []resource{
	{"", "pods", "pod", true, func() runtime.Object { return &corev1.Pod{} }, func() runtime.Object { return &corev1.PodList{} }, true},
	{"", "services", "service", true, func() runtime.Object { return &corev1.Service{} }, func() runtime.Object { return &corev1.ServiceList{} }, true},
	{"", "endpoints", "endpoints", true, func() runtime.Object { return &corev1.Endpoints{} }, func() runtime.Object { return &corev1.EndpointsList{} }, false},
	{"", "events", "event", true, func() runtime.Object { return &corev1.Event{} }, func() runtime.Object { return &corev1.EventList{} }, false},
	{"", "namespaces", "namespace", false, func() runtime.Object { return &corev1.Namespace{} }, func() runtime.Object { return &corev1.NamespaceList{} }, true},
	{"", "configmaps", "configmap", true, func() runtime.Object { return &corev1.ConfigMap{} }, func() runtime.Object { return &corev1.ConfigMapList{} }, false},
	{"", "secrets", "secret", true, func() runtime.Object { return &corev1.Secret{} }, func() runtime.Object { return &corev1.SecretList{} }, false},
	{"", "serviceaccounts", "serviceaccount", true, func() runtime.Object { return &corev1.ServiceAccount{} }, func() runtime.Object { return &corev1.ServiceAccountList{} }, false},
	{coordinationv1.GroupName, "leases", "lease", true, func() runtime.Object { return &coordinationv1.Lease{} }, func() runtime.Object { return &coordinationv1.LeaseList{} }, false},
	{discoveryv1.GroupName, "endpointslices", "endpointslice", true, func() runtime.Object { return &discoveryv1.EndpointSlice{} }, func() runtime.Object { return &discoveryv1.EndpointSliceList{} }, false},
	{rbacv1.GroupName, "roles", "role", true, func() runtime.Object { return &rbacv1.Role{} }, func() runtime.Object { return &rbacv1.RoleList{} }, false},
	{rbacv1.GroupName, "rolebindings", "rolebinding", true, func() runtime.Object { return &rbacv1.RoleBinding{} }, func() runtime.Object { return &rbacv1.RoleBindingList{} }, false},
	{rbacv1.GroupName, "clusterroles", "clusterrole", false, func() runtime.Object { return &rbacv1.ClusterRole{} }, func() runtime.Object { return &rbacv1.ClusterRoleList{} }, false},
	{rbacv1.GroupName, "clusterrolebindings", "clusterrolebinding", false, func() runtime.Object { return &rbacv1.ClusterRoleBinding{} }, func() runtime.Object { return &rbacv1.ClusterRoleBindingList{} }, false},
}

// strategy accepts every object as given (no defaulting, no validation: see e2e/go/README.md). keep names the
// top-level field an update through this store must not change ("Status" for the main resource of a type with a
// status subresource, "Spec" for its /status), copied from the stored object.
type strategy struct {
	runtime.ObjectTyper
	names.NameGenerator
	namespaced bool
	keep       string
}

func (s strategy) NamespaceScoped() bool                                     { return s.namespaced }
func (s strategy) PrepareForCreate(context.Context, runtime.Object)          {}
func (s strategy) Validate(context.Context, runtime.Object) field.ErrorList  { return nil }
func (s strategy) WarningsOnCreate(context.Context, runtime.Object) []string { return nil }
func (s strategy) Canonicalize(runtime.Object)                               {}
func (s strategy) AllowCreateOnUpdate() bool                                 { return false }
func (s strategy) AllowUnconditionalUpdate() bool                            { return true }
func (s strategy) ValidateUpdate(context.Context, runtime.Object, runtime.Object) field.ErrorList {
	return nil
}
func (s strategy) WarningsOnUpdate(context.Context, runtime.Object, runtime.Object) []string { return nil }
func (s strategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	if s.keep == "" {
		return nil
	}
	return map[fieldpath.APIVersion]*fieldpath.Set{"v1": fieldpath.NewSet(fieldpath.MakePathOrDie(lowerFirst(s.keep)))}
}
func (s strategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	if s.keep != "" {
		reflect.ValueOf(obj).Elem().FieldByName(s.keep).Set(reflect.ValueOf(old).Elem().FieldByName(s.keep))
	}
}

func lowerFirst(s string) string { return string(s[0]+'a'-'A') + s[1:] }

// statusREST serves {resource}/status: get, update and patch of the status only.
type statusREST struct{ store *genericregistry.Store }

func (r *statusREST) New() runtime.Object { return r.store.New() }
func (r *statusREST) Destroy()            {}
func (r *statusREST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	return r.store.Get(ctx, name, options)
}
func (r *statusREST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo,
	createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, _ bool,
	options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	return r.store.Update(ctx, name, objInfo, createValidation, updateValidation, false, options)
}
func (r *statusREST) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return r.store.GetResetFields()
}

// newStores builds every resource's store; the map key is "group/plural" and "group/plural/status".
func newStores(getter generic.RESTOptionsGetter, authz authorizer.Authorizer) (map[string]rest.Storage, map[string]*genericregistry.Store, error) {
	storages := map[string]rest.Storage{}
	stores := map[string]*genericregistry.Store{}
	for _, r := range resources {
		qualified := schema.GroupResource{Group: r.group, Resource: r.plural}
		base := strategy{ObjectTyper: Scheme, NameGenerator: names.SimpleNameGenerator, namespaced: r.namespaced}
		main := base
		if r.status {
			main.keep = "Status"
		}
		store := &genericregistry.Store{
			NewFunc:                   r.newObj,
			NewListFunc:               r.newList,
			DefaultQualifiedResource:  qualified,
			SingularQualifiedResource: schema.GroupResource{Group: r.group, Resource: r.singular},
			CreateStrategy:            main,
			UpdateStrategy:            main,
			DeleteStrategy:            main,
			ResetFieldsStrategy:       main,
			TableConvertor:            rest.NewDefaultTableConvertor(qualified),
		}
		if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: getter}); err != nil {
			return nil, nil, fmt.Errorf("store of %s: %w", qualified, err)
		}
		key := r.group + "/" + r.plural
		storages[key], stores[key] = store, store
		if r.status {
			status := *store
			keepSpec := base
			keepSpec.keep = "Spec"
			status.UpdateStrategy, status.ResetFieldsStrategy = keepSpec, keepSpec
			storages[key+"/status"] = &statusREST{store: &status}
		}
	}
	storages[authenticationv1.GroupName+"/selfsubjectreviews"] = selfSubjectReviewREST{}
	storages[authorizationv1.GroupName+"/selfsubjectaccessreviews"] = selfSubjectAccessReviewREST{authz}
	return storages, stores, nil
}

// selfSubjectReviewREST answers who the server thinks the caller is (authentication.k8s.io/v1 SelfSubjectReview).
type selfSubjectReviewREST struct{}

func (selfSubjectReviewREST) New() runtime.Object     { return &authenticationv1.SelfSubjectReview{} }
func (selfSubjectReviewREST) Destroy()                {}
func (selfSubjectReviewREST) NamespaceScoped() bool   { return false }
func (selfSubjectReviewREST) GetSingularName() string { return "selfsubjectreview" }
func (selfSubjectReviewREST) Create(ctx context.Context, _ runtime.Object, _ rest.ValidateObjectFunc,
	_ *metav1.CreateOptions) (runtime.Object, error) {
	u, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return nil, fmt.Errorf("no user in the request")
	}
	extra := map[string]authenticationv1.ExtraValue{}
	for k, v := range u.GetExtra() {
		extra[k] = v
	}
	return &authenticationv1.SelfSubjectReview{
		ObjectMeta: metav1.ObjectMeta{CreationTimestamp: metav1.Now()},
		Status: authenticationv1.SelfSubjectReviewStatus{UserInfo: authenticationv1.UserInfo{
			Username: u.GetName(), UID: u.GetUID(), Groups: u.GetGroups(), Extra: extra}},
	}, nil
}

// selfSubjectAccessReviewREST answers whether the caller may do something (authorization.k8s.io/v1
// SelfSubjectAccessReview), asking the server's authorizer (system:masters, then RBAC).
type selfSubjectAccessReviewREST struct{ authz authorizer.Authorizer }

func (selfSubjectAccessReviewREST) New() runtime.Object     { return &authorizationv1.SelfSubjectAccessReview{} }
func (selfSubjectAccessReviewREST) Destroy()                {}
func (selfSubjectAccessReviewREST) NamespaceScoped() bool   { return false }
func (selfSubjectAccessReviewREST) GetSingularName() string { return "selfsubjectaccessreview" }
func (r selfSubjectAccessReviewREST) Create(ctx context.Context, obj runtime.Object, _ rest.ValidateObjectFunc,
	_ *metav1.CreateOptions) (runtime.Object, error) {
	review, ok := obj.(*authorizationv1.SelfSubjectAccessReview)
	if !ok {
		return nil, fmt.Errorf("not a SelfSubjectAccessReview: %T", obj)
	}
	u, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return nil, fmt.Errorf("no user in the request")
	}
	attrs := authorizer.AttributesRecord{User: u}
	if ra := review.Spec.ResourceAttributes; ra != nil {
		attrs.Verb, attrs.APIGroup, attrs.APIVersion, attrs.Resource = ra.Verb, ra.Group, ra.Version, ra.Resource
		attrs.Subresource, attrs.Namespace, attrs.Name, attrs.ResourceRequest = ra.Subresource, ra.Namespace, ra.Name, true
	} else if nra := review.Spec.NonResourceAttributes; nra != nil {
		attrs.Verb, attrs.Path = nra.Verb, nra.Path
	} else {
		return nil, fmt.Errorf("spec needs resourceAttributes or nonResourceAttributes")
	}
	decision, reason, err := r.authz.Authorize(ctx, attrs)
	out := review.DeepCopy()
	out.CreationTimestamp = metav1.Now()
	out.Status = authorizationv1.SubjectAccessReviewStatus{Allowed: decision == authorizer.DecisionAllow,
		Denied: decision == authorizer.DecisionDeny, Reason: reason}
	if err != nil {
		out.Status.EvaluationError = err.Error()
	}
	return out, nil
}
