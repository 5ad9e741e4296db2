//! `khabar serve`: the search service over HTTP, a page for people and a JSON API for programs.
//!
//! `params.rs` reads URL parameters into requests; `page.rs` renders the HTML (escaped by maud);
//! `assets/` holds the page's stylesheet, script and the OpenAPI description, built into the
//! binary so the page works offline. Handlers only call [`Khabar`]; no search logic lives here.
//! Every answer carries a Content-Security-Policy that allows nothing from elsewhere.

mod page;
pub mod params;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::api::{Error, ErrorBody, FacetField};
use crate::service::{Khabar, Limits};
use params::Params;

/// What one web request may ask for: less than a terminal may.
pub const WEB_LIMITS: Limits = Limits {
    query_chars: 1_000,
    limit: 100,
    offset: 10_000,
    scan: 20_000,
};

/// The policy sent with every answer: scripts, styles and images from this server only.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const CSS: &str = include_str!("assets/app.css");
const JS: &str = include_str!("assets/app.js");
const OPENAPI: &str = include_str!("assets/openapi.json");

type Shared = Arc<Khabar>;

/// The routes, over `khabar`.
pub fn router(khabar: Khabar) -> Router {
    let khabar: Shared = Arc::new(khabar.with_limits(WEB_LIMITS));
    Router::new()
        .route("/", get(search_page))
        .route("/articles/{*id}", get(article_page))
        .route(
            "/static/app.css",
            get(|| asset(CSS, "text/css; charset=utf-8")),
        )
        .route(
            "/static/app.js",
            get(|| asset(JS, "text/javascript; charset=utf-8")),
        )
        .route("/api/search", get(api_search))
        .route("/api/articles/{*id}", get(api_article))
        .route("/api/facets", get(api_facets))
        .route("/api/stats", get(api_stats))
        .route(
            "/api/openapi.json",
            get(|| asset(OPENAPI, "application/json")),
        )
        .fallback(|| async { api_error(StatusCode::NOT_FOUND, "no such page".to_string()) })
        .layer(axum::middleware::map_response(secure))
        .with_state(khabar)
}

/// Serves `khabar` on `addr` until Ctrl-C (or `stop` resolves); `ready` hears the address bound.
pub fn serve(
    khabar: Khabar,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        ready(listener.local_addr()?);
        let stop = async move {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = stop => {}
            }
        };
        axum::serve(listener, router(khabar))
            .with_graceful_shutdown(stop)
            .await?;
        Ok(())
    })
}

async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

async fn asset(body: &'static str, kind: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// The status of a service error.
fn status(err: &Error) -> StatusCode {
    match err {
        Error::BadRequest(_) | Error::Unknown(_) => StatusCode::BAD_REQUEST,
        Error::NotFound { .. } => StatusCode::NOT_FOUND,
        Error::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn api_error(status: StatusCode, error: String) -> Response {
    (status, Json(ErrorBody { error })).into_response()
}

/// Runs a blocking service call off the async threads.
async fn blocking<T: Send + 'static>(
    khabar: &Shared,
    call: impl FnOnce(&Khabar) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let khabar = khabar.clone();
    tokio::task::spawn_blocking(move || call(&khabar))
        .await
        .unwrap_or_else(|e| Err(Error::Internal(format!("the search failed: {e}"))))
}

fn json_or_error<T: serde::Serialize>(result: Result<T, Error>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(err) => api_error(status(&err), err.to_string()),
    }
}

async fn api_search(State(khabar): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let req = match params::api_request(&Params::parse(raw.as_deref())) {
        Ok(req) => req,
        Err(why) => return api_error(StatusCode::BAD_REQUEST, why),
    };
    json_or_error(blocking(&khabar, move |k| k.search(&req)).await)
}

async fn api_article(State(khabar): State<Shared>, Path(id): Path<String>) -> Response {
    json_or_error(blocking(&khabar, move |k| k.article(&id)).await)
}

async fn api_facets(State(khabar): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref());
    let field = match params.get("field") {
        None => None,
        Some("country") => Some(FacetField::Country),
        Some("person") => Some(FacetField::Person),
        Some(other) => {
            return api_error(
                StatusCode::BAD_REQUEST,
                format!("field: '{other}' is not country or person"),
            )
        }
    };
    let limit = match params.get("limit").map(str::parse::<usize>) {
        None => 20,
        Some(Ok(n)) => n.min(1_000),
        Some(Err(_)) => {
            return api_error(
                StatusCode::BAD_REQUEST,
                "limit: not a whole number".to_string(),
            )
        }
    };
    json_or_error(blocking(&khabar, move |k| k.facets(field, limit)).await)
}

async fn api_stats(State(khabar): State<Shared>) -> Response {
    json_or_error(blocking(&khabar, |k| k.stats()).await)
}

async fn search_page(State(khabar): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref());
    let (req, page) = match params::page_request(&params) {
        Ok(parsed) => parsed,
        Err(why) => {
            let html = page::search(&params, None, Some(&why), 1);
            return (StatusCode::BAD_REQUEST, html).into_response();
        }
    };
    if req.query.trim().is_empty() {
        return page::search(&params, None, None, 1).into_response();
    }
    match blocking(&khabar, move |k| k.search(&req)).await {
        Ok(response) => page::search(&params, Some(&response), None, page).into_response(),
        Err(err) => {
            let html = page::search(&params, None, Some(&err.to_string()), page);
            (status(&err), html).into_response()
        }
    }
}

async fn article_page(
    State(khabar): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw.as_deref());
    let marked: Option<u64> = params.get("p").and_then(|p| p.parse().ok());
    match blocking(&khabar, move |k| k.article(&id)).await {
        Ok(article) => page::article(&article, marked, &params).into_response(),
        Err(err) => (status(&err), page::error(&err.to_string())).into_response(),
    }
}
