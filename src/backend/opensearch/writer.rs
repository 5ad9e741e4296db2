//! Writing to an OpenSearch index: the indexing [`Sink`] streaming paragraphs in `_bulk` batches
//! of bounded size, keeping the side index's article documents and configuration in step.

use std::collections::HashMap;

use anyhow::{bail, Result};
use serde_json::{json, Value};

use super::client::{reason, segment, Client, Target};
use super::schema::{self, name, side_index};
use crate::backend::Info;
use crate::config::Config;
use crate::corpus::Article;
use crate::indexing::{self, ArticleDocs, IndexOptions, Progress, Sink, Summary, WriteError};

/// What a cluster index is created with.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    pub shards: u32,
    pub replicas: u32,
    /// Delete the index and index the whole corpus again.
    pub rebuild: bool,
}

/// A `_bulk` request is sent when its body reaches this size.
const BULK_BYTES: usize = 4 << 20;

/// Builds or updates the cluster index `target` from `opts.corpus`.
pub fn index_cluster(
    target: Target,
    opts: &IndexOptions,
    cluster: &ClusterOptions,
    config: &Config,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary> {
    crate::corpus::list_files(&opts.corpus)?;
    let mut sink =
        ClusterWriter::open(target, cluster, config, &opts.corpus.display().to_string())?;
    indexing::run(opts, config, &mut sink, progress)
}

struct ClusterWriter<'a> {
    client: Client,
    side: String,
    config: &'a Config,
    info: Info,
    /// Paragraph counts of the articles stored, to delete the ones a shorter version drops.
    counts: HashMap<String, u64>,
    bulk: String,
    /// Something was written since the last commit (or the configuration must be stored).
    dirty: bool,
}

impl<'a> ClusterWriter<'a> {
    fn open(
        target: Target,
        opts: &ClusterOptions,
        config: &'a Config,
        corpus: &str,
    ) -> Result<ClusterWriter<'a>> {
        let shown = target.shown();
        let client = Client::new(target);
        let index = client.target().index.clone();
        let side = side_index(&index);
        let exists = client.send("HEAD", &index, None)?.status == 200;
        let mut fresh = !exists;
        if exists {
            // An index khabar did not make is never written to, nor deleted by a rebuild.
            let stored = client.send("GET", &format!("{side}/_doc/config"), None)?;
            if stored.status == 404 {
                bail!(
                    "the index {shown} exists but is not a khabar index; choose another name, or delete it yourself"
                );
            }
            let stored = stored.ok("reading the stored settings")?;
            if opts.rebuild {
                for name in [&index, &side] {
                    let answer = client.send("DELETE", name, None)?;
                    if answer.status != 404 {
                        answer.ok(&format!("deleting {name}"))?;
                    }
                }
                fresh = true;
            } else if stored["_source"]["info"]["config_hash"].as_str() != Some(config.index_hash())
            {
                return Err(WriteError::NeedsRebuild(format!(
                    "the configuration changed since the index {shown} was built"
                ))
                .into());
            }
        }
        if fresh {
            // A side index left without its index (deleted by hand) is khabar's own: start over.
            let orphan = client.send("DELETE", &side, None)?;
            if orphan.status != 404 {
                orphan.ok(&format!("deleting {side}"))?;
            }
            for (name, body) in [
                (&index, schema::paragraph_index(opts.shards, opts.replicas)),
                (&side, schema::side_index_body()),
            ] {
                let answer = client.send("PUT", name, Some(&body.to_string()))?;
                if !(200..300).contains(&answer.status) {
                    bail!(
                        "OpenSearch refused to create the index {name} ({}): {}",
                        answer.status,
                        reason(&answer.body)
                    );
                }
            }
        }
        let mut writer = ClusterWriter {
            client,
            side,
            config,
            info: Info {
                config_hash: config.index_hash().to_string(),
                built_at: String::new(),
                corpus: corpus.to_string(),
                khabar_version: env!("CARGO_PKG_VERSION").to_string(),
                format: 0,
            },
            counts: HashMap::new(),
            bulk: String::new(),
            dirty: fresh,
        };
        // A new index is sealed at once: a run killed before its first batch leaves an index
        // the next run recognises as khabar's and completes.
        writer.commit()?;
        Ok(writer)
    }

    fn index(&self) -> &str {
        &self.client.target().index
    }

    fn action(&mut self, action: &str, index: &str, id: &str, doc: Option<&Value>) -> Result<()> {
        let line = json!({action: {"_index": index, "_id": id}});
        self.bulk.push_str(&line.to_string());
        self.bulk.push('\n');
        if let Some(doc) = doc {
            self.bulk.push_str(&doc.to_string());
            self.bulk.push('\n');
        }
        if self.bulk.len() >= BULK_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Sends the pending `_bulk` body; items the cluster was too busy for are sent again.
    fn flush(&mut self) -> Result<()> {
        let mut body = std::mem::take(&mut self.bulk);
        let mut wait = std::time::Duration::from_millis(500);
        for attempt in 1..=5 {
            if body.is_empty() {
                return Ok(());
            }
            let answer = self
                .client
                .send("POST", "_bulk", Some(&body))?
                .ok("writing paragraphs")?;
            if answer["errors"].as_bool() != Some(true) {
                return Ok(());
            }
            let lines: Vec<&str> = body.lines().collect();
            let mut again = String::new();
            let mut line = 0;
            for item in answer["items"].as_array().into_iter().flatten() {
                let (action, result) = item
                    .as_object()
                    .and_then(|o| o.iter().next())
                    .ok_or_else(|| anyhow::anyhow!("an unreadable _bulk answer"))?;
                let width = if action == "delete" { 1 } else { 2 };
                let status = result["status"].as_u64().unwrap_or(0);
                if status == 429 && attempt < 5 {
                    for l in &lines[line..line + width] {
                        again.push_str(l);
                        again.push('\n');
                    }
                } else if status >= 300 && !(action == "delete" && status == 404) {
                    bail!(
                        "OpenSearch refused {action} of {}: {}",
                        result["_id"].as_str().unwrap_or("?"),
                        reason(result)
                    );
                }
                line += width;
            }
            body = again;
            std::thread::sleep(wait);
            wait *= 2;
        }
        if body.is_empty() {
            Ok(())
        } else {
            bail!("OpenSearch stayed too busy to take the paragraphs; try again later")
        }
    }

    fn refresh(&self) -> Result<()> {
        for name in [self.index(), self.side.as_str()] {
            self.client
                .send("POST", &format!("{name}/_refresh"), None)?
                .ok("refreshing")?;
        }
        Ok(())
    }
}

impl Sink for ClusterWriter<'_> {
    fn existing(&mut self) -> Result<HashMap<String, (u64, String)>> {
        let mut out = HashMap::new();
        let mut after: Option<Value> = None;
        loop {
            let mut body = json!({
                "size": 1000,
                "query": {"term": {name::KIND: "article"}},
                "sort": [{name::ARTICLE_ID: "asc"}],
                "_source": [name::ARTICLE_ID, name::HASH, name::PATH, name::PARAGRAPHS],
            });
            if let Some(after) = &after {
                body["search_after"] = after.clone();
            }
            let answer = self.client.json(
                "POST",
                &format!("{}/_search", self.side),
                &body,
                "reading the articles stored",
            )?;
            let hits = answer["hits"]["hits"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let Some(last) = hits.last() else { break };
            after = Some(last["sort"].clone());
            for hit in &hits {
                let source = &hit["_source"];
                let id = source[name::ARTICLE_ID].as_str().unwrap_or("").to_string();
                let hash = source[name::HASH]
                    .as_str()
                    .and_then(|h| u64::from_str_radix(h, 16).ok())
                    .unwrap_or(0);
                let path = source[name::PATH].as_str().unwrap_or("").to_string();
                self.counts
                    .insert(id.clone(), source[name::PARAGRAPHS].as_u64().unwrap_or(0));
                out.insert(id, (hash, path));
            }
        }
        Ok(out)
    }

    fn put(
        &mut self,
        article: &Article,
        hash: u64,
        docs: ArticleDocs,
        replace: bool,
    ) -> Result<()> {
        let count = docs.paragraphs.len() as u64;
        let index = self.index().to_string();
        let title_terms = docs.title_terms.as_ref().map(schema::terms);
        for p in &docs.paragraphs {
            let doc = schema::paragraph_doc(article, &title_terms, p);
            let id = schema::paragraph_id(&article.id, p.paragraph);
            self.action("index", &index, &id, Some(&doc))?;
        }
        if replace {
            let old = self.counts.get(&article.id).copied().unwrap_or(0);
            for n in count + 1..=old {
                self.action(
                    "delete",
                    &index,
                    &schema::paragraph_id(&article.id, n),
                    None,
                )?;
            }
        }
        let side_doc = json!({
            name::KIND: "article",
            name::ARTICLE_ID: article.id,
            name::HASH: format!("{hash:016x}"),
            name::PATH: article.path,
            name::SOURCE: article.source,
            name::PARAGRAPHS: count,
        });
        let side = self.side.clone();
        self.action(
            "index",
            &side,
            &format!("a:{}", article.id),
            Some(&side_doc),
        )?;
        self.counts.insert(article.id.clone(), count);
        self.dirty = true;
        Ok(())
    }

    fn delete(&mut self, article_id: &str) -> Result<()> {
        let index = self.index().to_string();
        let old = self.counts.get(article_id).copied().unwrap_or(0);
        for n in 1..=old {
            self.action("delete", &index, &schema::paragraph_id(article_id, n), None)?;
        }
        let side = self.side.clone();
        self.action("delete", &side, &format!("a:{article_id}"), None)?;
        self.counts.remove(article_id);
        self.dirty = true;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        if !self.dirty {
            return Ok(());
        }
        self.flush()?;
        self.refresh()?;
        self.info.built_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let files: serde_json::Map<String, Value> = self
            .config
            .texts()
            .map(|(name, text)| (name.to_string(), Value::String(text.to_string())))
            .collect();
        let doc = json!({name::KIND: "config", "info": self.info, "files": files});
        let path = format!("{}/_doc/{}?refresh=true", self.side, segment("config"));
        self.client
            .json("PUT", &path, &doc, "storing the settings")?;
        self.dirty = false;
        Ok(())
    }
}
