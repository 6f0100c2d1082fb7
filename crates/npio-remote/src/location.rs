//! URLs to stores: `s3://`, `gs://`, `az://`/`abfs://`, `http(s)://` and
//! `file://`, configured from the environment as `object_store` reads it.

use crate::error::{ErrorKind, Result};
use object_store::ObjectStore;
use object_store::path::Path;
use std::sync::Arc;

/// The environment variables handed to the store's builder: each cloud's
/// own (`AWS_ACCESS_KEY_ID`, `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`,
/// `GOOGLE_SERVICE_ACCOUNT`, `AZURE_STORAGE_ACCOUNT_NAME`, …), lowercased
/// as the builders' configuration keys are spelled.
const ENV_PREFIXES: [&str; 3] = ["AWS_", "GOOGLE_", "AZURE_"];

/// The store an object URL names, and the object's path in it.
///
/// Credentials and endpoints come from the environment only, never from
/// the URL's arguments, and appear in no message: a URL's user and
/// password are cut from errors.
///
/// # Example
///
/// ```
/// use object_store::ObjectStoreExt;
///
/// let dir = tempfile::tempdir()?;
/// let file = dir.path().join("x.npy");
/// npy_format::write_npy(&file, &ndarray::array![1.0f64, 2.0])?;
/// let url = format!("file://{}", file.display());
/// let (store, path) = npio_remote::open_url(&url)?;
/// let rt = tokio::runtime::Builder::new_current_thread().build()?;
/// let size = rt.block_on(store.head(&path))?.size;
/// assert_eq!(size, 144);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn open_url(url: &str) -> Result<(Arc<dyn ObjectStore>, Path)> {
    let secret = url::Url::parse(url)
        .ok()
        .and_then(|u| u.password().map(str::to_string));
    // The store's own messages may quote the URL: cut the password there
    // too.
    let refuse = |reason: String| {
        let mut reason = reason.replace(url, &redacted(url));
        if let Some(s) = &secret {
            reason = reason.replace(s.as_str(), "***");
        }
        ErrorKind::Url {
            url: redacted(url),
            reason,
        }
    };
    let parsed = url::Url::parse(url).map_err(|e| refuse(e.to_string()))?;
    let options = std::env::vars().filter_map(|(key, value)| {
        ENV_PREFIXES
            .iter()
            .any(|p| key.starts_with(p))
            .then(|| (key.to_ascii_lowercase(), value))
    });
    let (store, path) =
        object_store::parse_url_opts(&parsed, options).map_err(|e| refuse(e.to_string()))?;
    Ok((Arc::from(store), path))
}

/// `text` without the user and password of any URL in it: a store's
/// errors quote the URLs they requested.
pub(crate) fn scrubbed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let start = i + 3;
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let authority = rest
            .find(|c: char| c == '/' || c.is_whitespace())
            .unwrap_or(rest.len());
        if let Some(at) = rest[..authority].rfind('@') {
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// `url` without its user and password, for messages.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if !u.username().is_empty() || u.password().is_some() {
                let _ = u.set_username("");
                let _ = u.set_password(None);
            }
            u.to_string()
        }
        // Not a URL: cut anything that could be a user and password.
        Err(_) => match (url.find("://"), url.rfind('@')) {
            (Some(s), Some(at)) if at > s => format!("{}{}", &url[..s + 3], &url[at + 1..]),
            _ => url.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_never_show_a_password() {
        let err = open_url("ftp://user:secret@host/x.npy").unwrap_err();
        let text = err.to_string();
        assert!(!text.contains("secret") && !text.contains("user"), "{text}");
        assert!(text.contains("ftp://host/x.npy"), "{text}");
        assert_eq!(redacted("no url://a:b@c"), "no url://c");
        assert_eq!(
            scrubbed("GET https://me:secret@host/a@b failed"),
            "GET https://host/a@b failed"
        );
    }

    #[test]
    fn file_urls_open_the_local_filesystem() {
        let (store, path) = open_url("file:///tmp/a/b.npy").unwrap();
        assert_eq!(path.as_ref(), "tmp/a/b.npy");
        assert!(store.to_string().contains("LocalFileSystem"), "{store}");
    }
}
