//! TLS for outbound HTTPS: rustls with the web PKI's roots, plus the CA
//! certificates a component's policy names (`network.ca_certs`), so a tool
//! can reach a private upstream whose certificate an internal CA signed
//! without trusting that CA for every other component.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tokio::net::TcpStream;
use wasmtime_wasi_http::Error;

/// The roots a component's HTTPS requests trust.
#[derive(Clone)]
pub struct TrustRoots {
    config: Arc<rustls::ClientConfig>,
    /// The extra CA files, as the policy named them (resolved paths).
    extra: Vec<PathBuf>,
}

impl TrustRoots {
    /// The web PKI's roots only (webpki-roots), shared by every component
    /// that names no CA of its own.
    pub fn web_pki() -> Self {
        static SHARED: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
        let config = SHARED.get_or_init(|| client_config(web_pki_roots()));
        Self {
            config: config.clone(),
            extra: Vec::new(),
        }
    }

    /// The web PKI's roots plus every certificate in the PEM files `paths`.
    /// A file that cannot be read, holds no certificate, or holds one rustls
    /// refuses as a root fails the policy, saying which.
    pub fn with_extra(paths: Vec<PathBuf>) -> Result<Self, String> {
        if paths.is_empty() {
            return Ok(Self::web_pki());
        }
        let mut roots = web_pki_roots();
        for path in &paths {
            let shown = path.display();
            let certificates = CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("cannot read {shown}: {e}"))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("{shown} is not a PEM certificate file: {e}"))?;
            if certificates.is_empty() {
                return Err(format!("{shown} holds no certificate"));
            }
            for certificate in certificates {
                roots
                    .add(certificate)
                    .map_err(|e| format!("{shown}: the certificate cannot be a root: {e}"))?;
            }
        }
        Ok(Self {
            config: client_config(roots),
            extra: paths,
        })
    }

    /// The CA files trusted beyond the web PKI.
    pub fn extra(&self) -> &[PathBuf] {
        &self.extra
    }
}

impl PartialEq for TrustRoots {
    fn eq(&self, other: &Self) -> bool {
        self.extra == other.extra
    }
}

impl Eq for TrustRoots {}

impl std::fmt::Debug for TrustRoots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustRoots")
            .field("extra", &self.extra)
            .finish()
    }
}

fn web_pki_roots() -> rustls::RootCertStore {
    rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.into(),
    }
}

fn client_config(roots: rustls::RootCertStore) -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
}

/// Paths in a policy are relative to the file they are written in.
pub fn resolve_paths(paths: &[PathBuf], base: &Path) -> Vec<PathBuf> {
    paths.iter().map(|p| base.join(p)).collect()
}

/// The TLS handshake with `host` over `stream`, within `timeout`.
pub async fn connect(
    roots: &TrustRoots,
    host: &str,
    stream: TcpStream,
    timeout: Duration,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, Error> {
    // The host name, not the address: certificates name hosts.
    let name = match host.parse::<IpAddr>() {
        Ok(ip) => rustls::pki_types::ServerName::from(ip),
        Err(_) => rustls::pki_types::ServerName::try_from(host.to_owned())
            .map_err(|_| Error::TlsProtocolError)?,
    };
    let connector = tokio_rustls::TlsConnector::from(roots.config.clone());
    tokio::time::timeout(timeout, connector.connect(name, stream))
        .await
        .map_err(|_| Error::ConnectionTimeout)?
        .map_err(|e| {
            if e.get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                .is_some_and(|e| matches!(e, rustls::Error::InvalidCertificate(_)))
            {
                Error::TlsCertificateError
            } else {
                Error::TlsProtocolError
            }
        })
}
