//! The HTTP side of the OpenSearch backend: an index URL (`http(s)://[user:pass@]host:port/name`),
//! basic auth, TLS through rustls, JSON requests retried with backoff on 429 and 5xx.

use std::time::Duration;

use anyhow::{bail, Result};
use base64::Engine as _;
use serde_json::Value;

use crate::api::Unavailable;

/// The environment variables that give credentials when the URL has none.
pub const USER_ENV: &str = "KHABAR_OPENSEARCH_USER";
pub const PASSWORD_ENV: &str = "KHABAR_OPENSEARCH_PASSWORD";

/// Tries of one request before its error is returned (on 429, 5xx or a broken connection).
const TRIES: u32 = 5;

/// An index in a cluster, as a user names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `scheme://host:port`, without credentials.
    pub base: String,
    /// The index name.
    pub index: String,
    user: Option<(String, String)>,
}

impl Target {
    /// Reads `http(s)://[user:password@]host[:port]/name`.
    pub fn parse(url: &str) -> Result<Target> {
        let (scheme, rest) = url
            .split_once("://")
            .filter(|(s, _)| *s == "http" || *s == "https")
            .ok_or_else(|| {
                anyhow::anyhow!("{url}: an index URL starts with http:// or https://")
            })?;
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (user, host) = match authority.rsplit_once('@') {
            Some((user, host)) => {
                let (name, password) = user.split_once(':').unwrap_or((user, ""));
                let decode = |s: &str| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .into_owned()
                };
                (Some((decode(name), decode(password))), host)
            }
            None => (None, authority),
        };
        let index = path.trim_matches('/');
        if host.is_empty() {
            bail!("{url}: the URL names no host");
        }
        if index.is_empty() || index.contains('/') {
            bail!("{url}: name the index after the host, as in http://localhost:9200/news");
        }
        if index != index.to_lowercase() || index.starts_with(['_', '-', '+', '.']) {
            bail!(
                "{url}: an OpenSearch index name is lower case and starts with a letter or digit"
            );
        }
        let user = user.or_else(|| {
            let name = std::env::var(USER_ENV).ok().filter(|v| !v.is_empty())?;
            Some((name, std::env::var(PASSWORD_ENV).unwrap_or_default()))
        });
        Ok(Target {
            base: format!("{scheme}://{host}"),
            index: index.to_string(),
            user,
        })
    }

    /// The URL without credentials.
    pub fn shown(&self) -> String {
        format!("{}/{}", self.base, self.index)
    }
}

/// A connection to a cluster.
pub struct Client {
    agent: ureq::Agent,
    target: Target,
    auth: Option<String>,
}

/// An answer: the status and the JSON body (`Null` when there was none).
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    /// The body of a 2xx answer; otherwise an error with the cluster's reason.
    pub fn ok(self, what: &str) -> Result<Value> {
        if (200..300).contains(&self.status) {
            return Ok(self.body);
        }
        bail!(
            "{what}: OpenSearch answered {}: {}",
            self.status,
            reason(&self.body)
        )
    }
}

/// The reason an OpenSearch error body gives.
pub fn reason(body: &Value) -> String {
    let error = &body["error"];
    error["root_cause"][0]["reason"]
        .as_str()
        .or_else(|| error["reason"].as_str())
        .or_else(|| error.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| body.to_string().chars().take(300).collect())
}

impl Client {
    /// A client for `target`.
    pub fn new(target: Target) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let auth = target.user.as_ref().map(|(name, password)| {
            let token =
                base64::engine::general_purpose::STANDARD.encode(format!("{name}:{password}"));
            format!("Basic {token}")
        });
        Client {
            agent,
            target,
            auth,
        }
    }

    pub fn target(&self) -> &Target {
        &self.target
    }

    /// `method path` with an optional body (JSON, or NDJSON for `_bulk`), retried with backoff
    /// on 429, 5xx and broken connections. A refused connection or bad credentials come back as
    /// [`Unavailable`].
    pub fn send(&self, method: &str, path: &str, body: Option<&str>) -> Result<Answer> {
        let url = format!("{}/{}", self.target.base, path.trim_start_matches('/'));
        let mut wait = Duration::from_millis(250);
        for attempt in 1..=TRIES {
            match self.once(method, &url, body) {
                Ok(answer) if (answer.status == 429 || answer.status >= 500) && attempt < TRIES => {
                }
                Ok(answer) if answer.status == 401 || answer.status == 403 => {
                    return Err(Unavailable::Unreachable(
                        self.target.shown(),
                        format!(
                            "wrong user or password (HTTP {}); give them in the URL or in {USER_ENV} and {PASSWORD_ENV}",
                            answer.status
                        ),
                    )
                    .into_anyhow());
                }
                Ok(answer) => return Ok(answer),
                Err(_) if attempt < TRIES => {}
                Err(err) => {
                    return Err(Unavailable::Unreachable(
                        self.target.shown(),
                        format!("{err}; is the cluster running at {}?", self.target.base),
                    )
                    .into_anyhow())
                }
            }
            std::thread::sleep(wait);
            wait *= 2;
        }
        unreachable!("the last try returns")
    }

    fn once(&self, method: &str, url: &str, body: Option<&str>) -> Result<Answer, ureq::Error> {
        let kind = if url.contains("/_bulk") {
            "application/x-ndjson"
        } else {
            "application/json"
        };
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(url)
            .header("Content-Type", kind);
        let request = match &self.auth {
            Some(auth) => request.header("Authorization", auth),
            None => request,
        };
        let request = request
            .body(body.unwrap_or("").to_string())
            .map_err(ureq::Error::Http)?;
        let mut response = self.agent.run(request)?;
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string()?;
        let body = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Ok(Answer { status, body })
    }

    /// `send` with a JSON body, expecting 2xx.
    pub fn json(&self, method: &str, path: &str, body: &Value, what: &str) -> Result<Value> {
        self.send(method, path, Some(&body.to_string()))?.ok(what)
    }
}

impl Unavailable {
    fn into_anyhow(self) -> anyhow::Error {
        anyhow::Error::new(crate::api::Error::Unavailable(self))
    }
}

/// A document id as a URL path segment.
pub fn segment(id: &str) -> String {
    percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    use super::*;

    /// A one-thread HTTP server on loopback answering each request with the next of `answers`
    /// (status, body); the address and how many requests it saw.
    fn scripted(answers: Vec<(u16, &'static str)>) -> (String, std::thread::JoinHandle<usize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let handle = std::thread::spawn(move || {
            let mut seen = 0;
            for (status, body) in answers {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream);
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if line == "\r\n" || line.is_empty() {
                        break;
                    }
                }
                let mut request_body = vec![0; length];
                reader.read_exact(&mut request_body).unwrap();
                seen += 1;
                let mut stream = reader.into_inner();
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
            seen
        });
        (addr, handle)
    }

    #[test]
    fn busy_and_failing_answers_are_tried_again_with_backoff() {
        let (addr, server) = scripted(vec![
            (429, r#"{"error":"busy"}"#),
            (503, r#"{"error":"starting"}"#),
            (200, r#"{"count":7}"#),
        ]);
        let client = Client::new(Target::parse(&format!("http://{addr}/news")).unwrap());
        let answer = client.send("POST", "news/_count", Some("{}")).unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body["count"], 7);
        assert_eq!(server.join().unwrap(), 3);
    }

    #[test]
    fn a_wrong_password_is_said_so_at_once() {
        let (addr, server) = scripted(vec![(401, r#"{"error":"unauthorized"}"#)]);
        let client = Client::new(Target::parse(&format!("http://u:p@{addr}/news")).unwrap());
        let err = client.send("GET", "news", None).err().unwrap().to_string();
        assert!(err.contains("wrong user or password"), "{err}");
        assert_eq!(server.join().unwrap(), 1, "not tried again");
    }

    #[test]
    fn index_urls_are_read_with_their_credentials() {
        let t = Target::parse("https://admin:s%40cret@search.example:9200/news").unwrap();
        assert_eq!(t.base, "https://search.example:9200");
        assert_eq!(t.index, "news");
        assert_eq!(t.user, Some(("admin".to_string(), "s@cret".to_string())));
        assert_eq!(t.shown(), "https://search.example:9200/news");
        for bad in [
            "ftp://x/news",
            "http://localhost:9200",
            "http://localhost:9200/News",
            "http://localhost:9200/a/b",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }
}
