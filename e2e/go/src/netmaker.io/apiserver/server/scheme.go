package server

import (
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
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
)

var (
	// Scheme holds the served k8s.io/api v1 types, each also registered as its group's internal version: the
	// generic server converts to the internal version and back, which for one and the same Go type is a copy, so
	// no conversion code is needed.
	Scheme = runtime.NewScheme()
	Codecs = serializer.NewCodecFactory(Scheme)

	groupVersions = []schema.GroupVersion{corev1.SchemeGroupVersion, coordinationv1.SchemeGroupVersion,
		rbacv1.SchemeGroupVersion, authenticationv1.SchemeGroupVersion, authorizationv1.SchemeGroupVersion,
		discoveryv1.SchemeGroupVersion}
)

func init() {
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, coordinationv1.AddToScheme,
		rbacv1.AddToScheme, authenticationv1.AddToScheme, authorizationv1.AddToScheme, discoveryv1.AddToScheme} {
		utilruntime.Must(add(Scheme))
	}
	for _, gv := range groupVersions {
		internal := schema.GroupVersion{Group: gv.Group, Version: runtime.APIVersionInternal}
		for kind, t := range Scheme.KnownTypes(gv) {
			// only the API's own kinds (not the meta/v1 options every group version also lists)
			if t.PkgPath() == reflect.TypeOf(sampleOf(gv)).Elem().PkgPath() {
				Scheme.AddKnownTypeWithName(internal.WithKind(kind), reflect.New(t).Interface().(runtime.Object))
			}
		}
	}
	metav1.AddToGroupVersion(Scheme, schema.GroupVersion{Version: "v1"})
	unversioned := schema.GroupVersion{Group: "", Version: "v1"}
	Scheme.AddUnversionedTypes(unversioned, &metav1.Status{}, &metav1.APIVersions{}, &metav1.APIGroupList{},
		&metav1.APIGroup{}, &metav1.APIResourceList{})
}

// sampleOf is one type of the group version's Go package.
func sampleOf(gv schema.GroupVersion) runtime.Object {
	switch gv.Group {
	case "":
		return &corev1.Pod{}
	case coordinationv1.GroupName:
		return &coordinationv1.Lease{}
	case rbacv1.GroupName:
		return &rbacv1.Role{}
	case authenticationv1.GroupName:
		return &authenticationv1.SelfSubjectReview{}
	case authorizationv1.GroupName:
		return &authorizationv1.SelfSubjectAccessReview{}
	default:
		return &discoveryv1.EndpointSlice{}
	}
}
