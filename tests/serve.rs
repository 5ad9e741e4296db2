//! `khabar serve`: the JSON API and the page in-process, the binary over loopback, and the page in
//! headless Chromium.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use khabar::config::Config;
use khabar::server::router;
use khabar::Khabar;
use proptest::prelude::*;
use serde_json::Value;
use tower::ServiceExt;

use crate::util::*;

/// `GET uri` on the router over `index`: status, content type, CSP header and body.
fn get(index: &Path, uri: &str) -> (StatusCode, String, Option<String>, String) {
    let khabar = Khabar::open(index, &Config::built_in(), false).unwrap();
    let app = router(khabar);
    get_on(&app, uri)
}

fn get_on(app: &axum::Router, uri: &str) -> (StatusCode, String, Option<String>, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let request = Request::get(uri).body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        let kind = header("content-type").unwrap_or_default();
        let csp = header("content-security-policy");
        let body = axum::body::to_bytes(response.into_body(), 1 << 24)
            .await
            .unwrap();
        (status, kind, csp, String::from_utf8(body.to_vec()).unwrap())
    })
}

const LAVROV: &str = "سيرغي لافروف";

fn encoded(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[test]
fn the_api_and_the_page_find_the_lavrov_paragraph() {
    let indexed = Indexed::bundled();
    let q = encoded("وزير الخارجية");
    let (status, kind, csp, body) = get(&indexed.index(), &format!("/api/search?q={q}&country=RU"));
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("application/json"), "{kind}");
    assert!(csp.unwrap().contains("default-src 'none'"));
    let mut api: Value = serde_json::from_str(&body).unwrap();
    assert!(hits(&api)
        .iter()
        .any(|h| h["text"].as_str().unwrap().contains(LAVROV)));
    // Exactly the JSON of `khabar search --json`.
    let mut cli = indexed.search_json("وزير الخارجية", &["--country", "RU"]);
    for value in [&mut api, &mut cli] {
        value.as_object_mut().unwrap().shift_remove("took_ms");
    }
    assert_eq!(api, cli);

    // `facet_limit` is `--facet-limit`: the same shorter lists.
    let (status, _, _, body) = get(
        &indexed.index(),
        &format!("/api/search?q={q}&country=RU&facet_limit=2"),
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut short: Value = serde_json::from_str(&body).unwrap();
    let mut cli = indexed.search_json("وزير الخارجية", &["--country", "RU", "--facet-limit", "2"]);
    for value in [&mut short, &mut cli] {
        value.as_object_mut().unwrap().shift_remove("took_ms");
    }
    assert_eq!(short, cli);
    let persons = |v: &Value| v["facets"]["persons"].as_array().unwrap().len();
    assert_eq!(persons(&short), 2.min(persons(&api)));
    assert!(
        persons(&api) > 2,
        "the bundled corpus names more than two persons here"
    );

    let (status, kind, _, html) = get(&indexed.index(), &format!("/?q={q}&country=RU"));
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(html.contains(LAVROV), "{html}");
    // Matched words are marked whole.
    assert!(
        html.contains("<mark>وزير</mark> <mark>الخارجية</mark>"),
        "{html}"
    );
    // The active filter can be removed from the page.
    assert!(html.contains(r#"class="on""#), "{html}");

    // The empty state says so and offers the nearest spelling.
    let (status, _, _, html) = get(&indexed.index(), &format!("/?q={}", encoded("الفلسطنيين")));
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("لا توجد فقرات"), "{html}");
    assert!(html.contains("هل تقصد"), "{html}");
    assert!(
        html.contains(&format!("href=\"/?q={}\"", encoded("الفلسطينيين"))),
        "{html}"
    );
}

#[test]
fn html_in_a_query_or_a_paragraph_comes_back_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("news");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("x.txt"),
        "عنوان <b>خطير</b>\n\nقالت الشرطة إن المهاجم كتب <img src=x onerror=alert(1)> في صفحة الموقع.\n",
    )
    .unwrap();
    let index = dir.path().join("idx");
    assert_status(
        &run(
            dir.path(),
            &["index", "news", "--index", index.to_str().unwrap()],
        ),
        0,
    );
    let (status, _, _, html) = get(
        &index,
        &format!("/?q={}", encoded("<script>alert(1)</script>")),
    );
    assert!(status.is_success() || status.is_client_error(), "{status}");
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );

    let (status, _, _, html) = get(&index, &format!("/?q={}", encoded("المهاجم")));
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(!html.contains("<b>خطير"), "{html}");
    let (_, _, _, page) = get(&index, "/articles/x.txt?p=1");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(page.contains("&lt;img src=x"), "{page}");
}

#[test]
fn bad_parameters_are_a_400_with_a_json_error_and_the_server_keeps_serving() {
    let indexed = Indexed::bundled();
    let app = router(Khabar::open(&indexed.index(), &Config::built_in(), false).unwrap());
    for (uri, named) in [
        ("/api/search?q=x&limit=abc", "limit"),
        ("/api/search?q=x&facet_limit=many", "facet_limit"),
        ("/api/search?q=x&from=2024-02-30", "from"),
        ("/api/search?q=x&country=Atlantis", "Atlantis"),
        ("/api/search?q=x&limit=100000", "100000"),
        ("/api/search?q=x&offset=99999999", "99999999"),
        ("/api/search?q=x&colour=red", "colour"),
        ("/api/facets?field=city", "city"),
    ] {
        let (status, kind, _, body) = get_on(&app, uri);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(kind.starts_with("application/json"), "{uri}: {kind}");
        let error: Value = serde_json::from_str(&body).unwrap();
        assert!(
            error["error"].as_str().unwrap().contains(named),
            "{uri}: {body}"
        );
    }
    let (status, _, _, body) = get_on(&app, "/api/search?q=%D8%A7%D9%84%D8%B5%D9%8A%D9%86");
    assert_eq!(status, StatusCode::OK, "{body}");
    // The page says what is wrong in words.
    let (status, _, _, html) = get_on(&app, "/?q=x&page=abc");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("page: &#39;abc&#39; is not a whole number") || html.contains("page: 'abc'"),
        "{html}"
    );
}

#[test]
fn articles_facets_stats_and_the_openapi_description() {
    let indexed = Indexed::bundled();
    let app = router(Khabar::open(&indexed.index(), &Config::built_in(), false).unwrap());
    let (status, _, _, body) = get_on(&app, &format!("/api/articles/{SEED_ID}"));
    assert_eq!(status, StatusCode::OK, "{body}");
    let article: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(article["paragraphs"][1]["paragraph"], 2);
    // An id cannot reach outside the index: it is looked up, never opened.
    for uri in [
        "/api/articles/../../../etc/passwd",
        "/api/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/api/articles/nope",
    ] {
        let (status, kind, _, body) = get_on(&app, uri);
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
        assert!(kind.starts_with("application/json"), "{uri}");
        assert!(!body.contains("root:"), "{body}");
    }
    let (status, _, _, body) = get_on(&app, "/api/facets?field=country&limit=3");
    assert_eq!(status, StatusCode::OK);
    let facets: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(facets["countries"].as_array().unwrap().len(), 3);
    let (_, _, _, body) = get_on(&app, "/api/stats");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["articles"],
        106
    );
    let (status, _, _, body) = get_on(&app, "/api/openapi.json");
    assert_eq!(status, StatusCode::OK);
    let openapi: Value = serde_json::from_str(&body).unwrap();
    assert!(openapi["paths"]["/api/search"]["get"].is_object());
    let (status, _, _, html) = get_on(&app, &format!("/articles/{SEED_ID}?p=2"));
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"class="paragraph marked" id="p2""#),
        "{html}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    /// Whatever the query string, an answer: 200 or a 4xx, never a panic or a 5xx.
    #[test]
    fn no_query_string_breaks_the_server(
        raw in "[a-z_=&%0-9A-F\\-\u{0600}-\u{06FF}<>\"' ]{0,80}",
    ) {
        let app = bundled_app();
        for path in ["/api/search", "/", "/api/facets"] {
            let uri = format!("{path}?{}", raw.replace(' ', "+"));
            let Ok(uri) = uri.parse::<axum::http::Uri>() else { continue };
            let (status, _, _, _) = get_on(app, &uri.to_string());
            prop_assert!(status.is_success() || status.is_client_error(), "{uri}: {status}");
        }
    }
}

/// One router over the bundled corpus for the property test.
fn bundled_app() -> &'static axum::Router {
    static APP: std::sync::OnceLock<(tempfile::TempDir, axum::Router)> = std::sync::OnceLock::new();
    &APP.get_or_init(|| {
        let indexed = Indexed::bundled();
        let app = router(Khabar::open(&indexed.index(), &Config::built_in(), false).unwrap());
        (indexed.dir, app)
    })
    .1
}

/// `khabar serve` started on a free loopback port; killed when dropped.
pub struct Served {
    child: Child,
    url: String,
}

impl Served {
    pub fn start(cwd: &Path, index: &Path) -> Served {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("khabar"))
            .current_dir(cwd)
            .env_remove("KHABAR_INDEX")
            .env_remove("KHABAR_CONFIG")
            .args([
                "serve",
                "--index",
                index.to_str().unwrap(),
                "--addr",
                "127.0.0.1:0",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .rsplit(" on ")
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            .filter(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Served { child, url }
    }

    /// `GET path` over loopback: status and body.
    pub fn get(&self, path: &str) -> (u16, String) {
        let addr = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response[9..12].parse().unwrap();
        let body = response
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_server_picks_up_a_new_index_run_and_stops_cleanly_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("news");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "وصل القطار إلى المحطة صباحا.\n").unwrap();
    let index = dir.path().join("idx");
    let index_run = || {
        assert_status(
            &run(
                dir.path(),
                &["index", "news", "--index", index.to_str().unwrap()],
            ),
            0,
        )
    };
    index_run();
    let mut served = Served::start(dir.path(), &index);
    let olives = format!("/api/search?q={}", encoded("الزيتون"));
    let total = |served: &Served| -> u64 {
        let (status, body) = served.get(&olives);
        assert_eq!(status, 200, "{body}");
        serde_json::from_str::<Value>(&body).unwrap()["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(total(&served), 0);
    std::fs::write(corpus.join("b.txt"), "حصاد الزيتون في الجليل.\n").unwrap();
    index_run();
    let started = Instant::now();
    while total(&served) == 0 && started.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(total(&served), 1, "the new run was not picked up");

    // Ctrl-C: a clean stop with status 0.
    let pid = served.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "it did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}

/// `chromedriver` on a free loopback port, with Chromium headless; killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    /// The driver, or `None` (the test says it is skipped) where Chromium is not installed;
    /// with `CI=true` a missing browser fails the test.
    fn start() -> Option<Driver> {
        let found = |name: &str| {
            Command::new("which")
                .arg(name)
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if !found("chromedriver") || !found("chromium") {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI needs chromium and chromedriver (Debian: chromium chromium-driver)");
            }
            let _ = writeln!(
                std::io::stderr(),
                "skipped (browser test): needs chromium and chromedriver (Debian: chromium chromium-driver)"
            );
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // A process group of its own, so that stopping it stops the browsers it started.
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The driver and every browser of its group.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits (up to 20 s) until the page shows an element matching `css`: a click only starts the
/// navigation it causes.
async fn settled(
    browser: &fantoccini::Client,
    css: &str,
) -> Result<(), fantoccini::error::CmdError> {
    browser
        .wait()
        .at_most(std::time::Duration::from_secs(20))
        .for_element(fantoccini::Locator::Css(css))
        .await
        .map(|_| ())
}

#[test]
fn in_a_real_browser_search_filter_open_an_article_and_page_on() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let indexed = Indexed::bundled();
    let served = Served::start(indexed.dir.path(), &indexed.index());
    let profile = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use fantoccini::{ClientBuilder, Locator};
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_string(),
            serde_json::json!({"args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                format!("--user-data-dir={}", profile.path().display()),
            ]}),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let browser = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .expect("a Chromium session");
        let result = async {
            // Type a query and see highlighted hits.
            browser.goto(&format!("{}/", served.url)).await?;
            let box_ = browser.find(Locator::Css(r#"input[name="q"]"#)).await?;
            box_.send_keys("وزير الخارجية").await?;
            browser
                .find(Locator::Css("form.search button"))
                .await?
                .click()
                .await?;
            // A click starts a navigation; read the page it leads to.
            settled(&browser, "li.hit mark").await?;
            let marks = browser.find_all(Locator::Css("li.hit mark")).await?;
            assert!(!marks.is_empty(), "no highlighted words");
            assert_eq!(marks[0].text().await?, "وزير");

            // Click the country facet: the filter is in the URL and the results.
            browser
                .find(Locator::Css(r#"a.facet[data-country="RU"]"#))
                .await?
                .click()
                .await?;
            settled(&browser, r#"a.facet.on[data-country="RU"]"#).await?;
            let url = browser.current_url().await?;
            assert!(url.query().unwrap_or("").contains("country=RU"), "{url}");
            let texts = browser.find_all(Locator::Css("li.hit p.snippet")).await?;
            let mut lavrov = false;
            for text in &texts {
                lavrov |= text.text().await?.contains(LAVROV);
            }
            assert!(lavrov, "the Lavrov paragraph is among the hits");

            // Open an article: the hit paragraph is marked.
            browser
                .find(Locator::Css("li.hit h2 a"))
                .await?
                .click()
                .await?;
            settled(&browser, "section.paragraph.marked").await?;
            let marked = browser
                .find(Locator::Css("section.paragraph.marked"))
                .await?;
            assert!(marked.text().await?.contains("وزير"));

            // Page on.
            browser
                .goto(&format!("{}/?q={}", served.url, encoded("الصين")))
                .await?;
            let first_page = browser
                .find(Locator::Css("li.hit"))
                .await?
                .attr("data-paragraph")
                .await?;
            browser
                .find(Locator::Css(r#"a[rel="next"]"#))
                .await?
                .click()
                .await?;
            settled(&browser, r#"a[rel="prev"], ol.hits[start="11"]"#).await?;
            let url = browser.current_url().await?;
            assert!(url.query().unwrap_or("").contains("page=2"), "{url}");
            let second = browser
                .find(Locator::Css("ol.hits"))
                .await?
                .attr("start")
                .await?;
            assert_eq!(second.as_deref(), Some("11"));
            let _ = first_page;
            Ok::<(), fantoccini::error::CmdError>(())
        }
        .await;
        let _ = browser.close().await;
        result.expect("the page behaves");
    });
}
