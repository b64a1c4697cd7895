package server

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/client-go/util/cert"
	"k8s.io/client-go/util/keyutil"
)

// Identity is one client certificate: CN the user name, O the groups (x509 authentication, as kube-apiserver's
// --client-ca-file). A ServiceAccount user (system:serviceaccount:<ns>:<name>) also gets the groups its token
// would: system:serviceaccounts and system:serviceaccounts:<ns>.
type Identity struct {
	Name   string // kubeconfig file <Name>.kubeconfig
	User   string
	Groups []string
}

// ParseIdentity reads NAME=USER[,GROUP...].
func ParseIdentity(s string) (Identity, error) {
	name, rest, ok := strings.Cut(s, "=")
	if !ok || name == "" || rest == "" {
		return Identity{}, fmt.Errorf("identity %q: want NAME=USER[,GROUP...]", s)
	}
	parts := strings.Split(rest, ",")
	id := Identity{Name: name, User: parts[0], Groups: parts[1:]}
	if sa, ok := strings.CutPrefix(id.User, "system:serviceaccount:"); ok {
		ns, _, _ := strings.Cut(sa, ":")
		id.Groups = append(id.Groups, "system:serviceaccounts", "system:serviceaccounts:"+ns)
	}
	return id, nil
}

type authority struct {
	cert  *x509.Certificate
	key   *rsa.PrivateKey
	pem   []byte
	until time.Time
}

// loadOrCreateAuthority reuses dir/ca.crt and dir/ca.key when both exist (a restarted server keeps its clients'
// certificates valid), else creates and saves them.
func loadOrCreateAuthority(dir string) (*authority, error) {
	certFile, keyFile := filepath.Join(dir, "ca.crt"), filepath.Join(dir, "ca.key")
	if certPEM, err := os.ReadFile(certFile); err == nil {
		keyPEM, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, err
		}
		certs, err := cert.ParseCertsPEM(certPEM)
		if err != nil {
			return nil, err
		}
		key, err := keyutil.ParsePrivateKeyPEM(keyPEM)
		if err != nil {
			return nil, err
		}
		rsaKey, ok := key.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("%s: not an RSA key", keyFile)
		}
		return &authority{cert: certs[0], key: rsaKey, pem: certPEM, until: certs[0].NotAfter}, nil
	}
	a, err := newAuthority()
	if err != nil {
		return nil, err
	}
	keyPEM, err := keyutil.MarshalPrivateKeyToPEM(a.key)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		return nil, err
	}
	return a, os.WriteFile(certFile, a.pem, 0o644)
}

func newAuthority() (*authority, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	ca, err := cert.NewSelfSignedCACert(cert.Config{CommonName: "testapiserver-ca"}, key)
	if err != nil {
		return nil, err
	}
	caPEM, err := cert.EncodeCertificates(ca)
	if err != nil {
		return nil, err
	}
	return &authority{cert: ca, key: key, pem: caPEM, until: ca.NotAfter}, nil
}

// issue signs a certificate; server certificates name 127.0.0.1 and localhost.
func (a *authority) issue(cn string, orgs []string, server bool) (certPEM, keyPEM []byte, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn, Organization: orgs},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     a.until,
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if server {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		tmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
		tmpl.DNSNames = []string{"localhost"}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, a.key)
	if err != nil {
		return nil, nil, err
	}
	keyPEM, err = keyutil.MarshalPrivateKeyToPEM(key)
	if err != nil {
		return nil, nil, err
	}
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	certPEM, err = cert.EncodeCertificates(parsed)
	return certPEM, keyPEM, err
}

// writeKubeconfig writes dir/<name>.kubeconfig: the server URL, the CA, the identity's certificate and key.
func (a *authority) writeKubeconfig(dir, url, namespace string, id Identity) error {
	certPEM, keyPEM, err := a.issue(id.User, id.Groups, false)
	if err != nil {
		return err
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["testapiserver"] = &clientcmdapi.Cluster{Server: url, CertificateAuthorityData: a.pem}
	cfg.AuthInfos[id.Name] = &clientcmdapi.AuthInfo{ClientCertificateData: certPEM, ClientKeyData: keyPEM}
	cfg.Contexts[id.Name] = &clientcmdapi.Context{Cluster: "testapiserver", AuthInfo: id.Name, Namespace: namespace}
	cfg.CurrentContext = id.Name
	path := filepath.Join(dir, id.Name+".kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path+".tmp"); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}
