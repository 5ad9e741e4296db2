//! The cluster backend: paragraphs in an OpenSearch (2.x) index, analysed by khabar itself.
//!
//! `client.rs` speaks HTTP (auth, TLS, retries); `schema.rs` is the mapping and the documents;
//! `query.rs` turns a plan into query DSL; `snapshot.rs` answers a request; `writer.rs` is the
//! indexing sink. Beside the index `NAME`, the side index `NAME.khabar` holds the configuration
//! the index was built with and one document per article (hash, path, source), which makes a
//! second run incremental.

mod client;
mod query;
mod schema;
mod snapshot;
mod writer;

use std::cell::RefCell;

use anyhow::Result;

use crate::api::Unavailable;
use crate::backend::Info;
use crate::backend::{Backend, Snapshot};
use crate::config;
use crate::stored_config::StoredConfig;

pub use client::{Target, PASSWORD_ENV, USER_ENV};
pub use writer::{index_cluster, ClusterOptions};

use client::Client;

/// An opened OpenSearch index.
pub struct OpenSearchIndex {
    client: Client,
    info: Info,
    config: StoredConfig,
}

impl OpenSearchIndex {
    /// Opens the index `target` names, with the configuration stored beside it.
    pub fn open(target: Target) -> Result<OpenSearchIndex, Unavailable> {
        let shown = target.shown();
        let client = Client::new(target);
        let unavailable = |err: anyhow::Error| match err.downcast::<crate::api::Error>() {
            Ok(crate::api::Error::Unavailable(why)) => why,
            Ok(other) => Unavailable::Damaged(shown.clone(), other.to_string()),
            Err(err) => Unavailable::Damaged(shown.clone(), format!("{err:#}")),
        };
        let side = schema::side_index(&client.target().index);
        let answer = client
            .send("GET", &format!("{side}/_doc/config"), None)
            .map_err(unavailable)?;
        if answer.status == 404 {
            let exists = client
                .send("HEAD", &client.target().index, None)
                .map_err(unavailable)?
                .status
                == 200;
            return Err(if exists {
                Unavailable::Damaged(shown, "it has no khabar settings beside it".to_string())
            } else {
                Unavailable::Missing(shown)
            });
        }
        let stored = answer
            .ok("reading the stored settings")
            .map_err(unavailable)?;
        let source = &stored["_source"];
        let info: Info = serde_json::from_value(source["info"].clone())
            .map_err(|e| Unavailable::Damaged(shown.clone(), format!("its settings: {e}")))?;
        let config = StoredConfig::new(
            config::stored_files(&snapshot::stored_files(source)),
            &info.config_hash,
        )
        .map_err(|e| Unavailable::Damaged(shown.clone(), format!("{e:#}")))?;
        Ok(OpenSearchIndex {
            client,
            info,
            config,
        })
    }
}

impl Backend for OpenSearchIndex {
    fn snapshot(&self) -> Result<Box<dyn Snapshot + '_>> {
        Ok(Box::new(snapshot::OpenSearchSnapshot {
            index: self,
            docs: RefCell::new(Vec::new()),
        }))
    }

    fn config(&self) -> &StoredConfig {
        &self.config
    }

    fn location(&self) -> String {
        self.client.target().shown()
    }

    fn reload(&self) -> Result<()> {
        // Reads see every refresh of the cluster.
        Ok(())
    }
}
