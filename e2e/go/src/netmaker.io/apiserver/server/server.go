// Package server is the suite's Kubernetes API server: k8s.io/apiserver's generic server with etcd3 storage and
// the watch cache, serving k8s.io/api v1 types, x509 client-certificate authentication, impersonation and RBAC.
package server

import (
	"context"
	"fmt"
	"net"
	"strconv"

	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/apiserver/pkg/authentication/group"
	"k8s.io/apiserver/pkg/authentication/request/x509"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	"k8s.io/apiserver/pkg/authorization/union"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/apiserver/pkg/util/compatibility"

	"netmaker.io/apiserver/openapi"
	"netmaker.io/apiserver/rbac"
)

// Options are the server's settings (flags of cmd/testapiserver).
type Options struct {
	EtcdServers []string
	Dir         string // certificates and <identity>.kubeconfig files are written here
	Namespace   string // the kubeconfigs' namespace
	Identities  []Identity
	RBAC        bool   // false: every authenticated user may do everything
	RBACLog     string // a file of the RBAC decisions on requests of users outside system:masters, "" = none
	Port        int    // loopback port, 0 = a free one
}

// Server is a configured, not yet running server.
type Server struct {
	generic *genericapiserver.GenericAPIServer
	URL     string
}

// New prepares the server on a free loopback port and writes the kubeconfigs.
func New(o Options) (*Server, error) {
	ca, err := loadOrCreateAuthority(o.Dir)
	if err != nil {
		return nil, err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(o.Port))
	if err != nil {
		return nil, err
	}
	port := listener.Addr().(*net.TCPAddr).Port
	url := "https://127.0.0.1:" + strconv.Itoa(port)
	serverCert, serverKey, err := ca.issue("testapiserver", nil, true)
	if err != nil {
		return nil, err
	}
	for _, id := range o.Identities {
		if err := ca.writeKubeconfig(o.Dir, url, o.Namespace, id); err != nil {
			return nil, fmt.Errorf("kubeconfig of %s: %w", id.Name, err)
		}
	}

	cfg := genericapiserver.NewConfig(Codecs)
	cfg.EffectiveVersion = compatibility.DefaultBuildEffectiveVersion()
	cfg.ExternalAddress = listener.Addr().String()
	cfg.EnableProfiling = false

	serving := genericoptions.NewSecureServingOptions().WithLoopback()
	serving.Listener = listener
	certKey, err := dynamiccertificates.NewStaticCertKeyContent("serving", serverCert, serverKey)
	if err != nil {
		return nil, err
	}
	if err := serving.ApplyTo(&cfg.SecureServing, &cfg.LoopbackClientConfig); err != nil {
		return nil, err
	}
	cfg.SecureServing.Cert = certKey
	clientCA, err := dynamiccertificates.NewStaticCAContent("client-ca", ca.pem)
	if err != nil {
		return nil, err
	}
	cfg.SecureServing.ClientCA = clientCA
	cfg.Authentication.Authenticator = group.NewAuthenticatedGroupAdder(
		x509.NewDynamic(clientCA.VerifyOptions, x509.CommonNameUserConversion))

	codec := Codecs.LegacyCodec(groupVersions...)
	etcd := genericoptions.NewEtcdOptions(storagebackend.NewDefaultConfig("/registry", codec))
	etcd.StorageConfig.Transport.ServerList = o.EtcdServers
	if err := etcd.ApplyTo(cfg); err != nil {
		return nil, err
	}

	namer := openapinamer.NewDefinitionNamer(Scheme)
	cfg.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(openapi.GetOpenAPIDefinitions, namer)
	cfg.OpenAPIConfig.Info.Title = "testapiserver"
	cfg.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(openapi.GetOpenAPIDefinitions, namer)
	cfg.OpenAPIV3Config.Info.Title = "testapiserver"

	// the RBAC authorizer reads the stores it authorizes requests to; reviews ask it without the decision log
	policy := &storePolicy{}
	masters := authorizerfactory.NewPrivilegedGroups(user.SystemPrivilegedGroup)
	var authz, reviews authorizer.Authorizer = authorizerfactory.NewAlwaysAllowAuthorizer(), nil
	reviews = authz
	if o.RBAC {
		var rbacAuthz authorizer.Authorizer = &rbac.Authorizer{Policy: policy, Bootstrap: rbac.BootstrapAuthenticated}
		reviews = union.New(masters, rbacAuthz)
		if o.RBACLog != "" {
			if rbacAuthz, err = newDecisionLog(o.RBACLog, rbacAuthz); err != nil {
				return nil, err
			}
		}
		authz = union.New(masters, rbacAuthz)
	}
	cfg.Authorization.Authorizer = authz
	storages, stores, err := newStores(cfg.RESTOptionsGetter, reviews)
	if err != nil {
		return nil, err
	}
	policy.stores = stores

	generic, err := cfg.Complete(nil).New("testapiserver", genericapiserver.NewEmptyDelegate())
	if err != nil {
		return nil, err
	}
	if err := install(generic, storages); err != nil {
		return nil, err
	}
	return &Server{generic: generic, URL: url}, nil
}

var _ authenticator.Request = (*x509.Authenticator)(nil)
var _ authorizer.Authorizer = (*rbac.Authorizer)(nil)

func install(s *genericapiserver.GenericAPIServer, storages map[string]rest.Storage) error {
	byGroup := map[string]map[string]rest.Storage{}
	for key, storage := range storages {
		g, resource, _ := cut(key)
		if byGroup[g] == nil {
			byGroup[g] = map[string]rest.Storage{}
		}
		byGroup[g][resource] = storage
	}
	core := genericapiserver.NewDefaultAPIGroupInfo("", Scheme, metav1.ParameterCodec, Codecs)
	core.VersionedResourcesStorageMap["v1"] = byGroup[""]
	if err := s.InstallLegacyAPIGroup(genericapiserver.DefaultLegacyAPIPrefix, &core); err != nil {
		return err
	}
	for _, g := range []string{coordinationv1.GroupName, rbacv1.GroupName, authenticationv1.GroupName,
		authorizationv1.GroupName, discoveryv1.GroupName} {
		info := genericapiserver.NewDefaultAPIGroupInfo(g, Scheme, metav1.ParameterCodec, Codecs)
		info.VersionedResourcesStorageMap["v1"] = byGroup[g]
		if err := s.InstallAPIGroup(&info); err != nil {
			return err
		}
	}
	return nil
}

// cut splits "group/resource[/sub]" into the group and "resource[/sub]".
func cut(key string) (group, resource string, ok bool) {
	for i := 0; i < len(key); i++ {
		if key[i] == '/' {
			return key[:i], key[i+1:], true
		}
	}
	return "", key, false
}

// Run serves until ctx ends; started is called once the server listens.
func (s *Server) Run(ctx context.Context, started func()) error {
	s.generic.AddPostStartHookOrDie("testapiserver-started", func(genericapiserver.PostStartHookContext) error {
		started()
		return nil
	})
	return s.generic.PrepareRun().RunWithContext(ctx)
}

// storePolicy reads the RBAC objects from the server's own stores (through the watch cache).
type storePolicy struct{ stores map[string]*genericregistry.Store }

func (p *storePolicy) list(resource, namespace string) (runtime.Object, error) {
	ctx := genericapirequest.WithNamespace(context.Background(), namespace)
	return p.stores[rbacv1.GroupName+"/"+resource].List(ctx, &metainternalversion.ListOptions{ResourceVersion: "0"})
}

func (p *storePolicy) get(resource, namespace, name string) (runtime.Object, error) {
	ctx := genericapirequest.WithNamespace(context.Background(), namespace)
	obj, err := p.stores[rbacv1.GroupName+"/"+resource].Get(ctx, name, &metav1.GetOptions{ResourceVersion: "0"})
	if errors.IsNotFound(err) {
		return nil, nil
	}
	return obj, err
}

func (p *storePolicy) ClusterRoleBindings() ([]rbacv1.ClusterRoleBinding, error) {
	list, err := p.list("clusterrolebindings", "")
	if err != nil {
		return nil, err
	}
	return list.(*rbacv1.ClusterRoleBindingList).Items, nil
}

func (p *storePolicy) RoleBindings(namespace string) ([]rbacv1.RoleBinding, error) {
	list, err := p.list("rolebindings", namespace)
	if err != nil {
		return nil, err
	}
	return list.(*rbacv1.RoleBindingList).Items, nil
}

func (p *storePolicy) ClusterRole(name string) (*rbacv1.ClusterRole, error) {
	obj, err := p.get("clusterroles", "", name)
	if obj == nil || err != nil {
		return nil, err
	}
	return obj.(*rbacv1.ClusterRole), nil
}

func (p *storePolicy) Role(namespace, name string) (*rbacv1.Role, error) {
	obj, err := p.get("roles", namespace, name)
	if obj == nil || err != nil {
		return nil, err
	}
	return obj.(*rbacv1.Role), nil
}

var _ = corev1.SchemeGroupVersion
