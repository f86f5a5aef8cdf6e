//! Bringing an index version up to date with its source: the source's
//! current id set (counted by an [`IdCensus`]) and the rows changed since the
//! last synchronisation give the next version. Deletions are worked out
//! here, from the rows the census did not see, under [`SyncRules`] that
//! refuse to empty an index because a source briefly returned too little.

use super::{Change, Index};
use crate::source::CompanyRecord;

/// The safety rules of a synchronisation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyncRules {
    /// Largest share of the live rows one synchronisation may delete; more
    /// is refused as [`SyncError::MassDelete`] (a truncated table, a wrong
    /// query or a replication lag looks exactly like this).
    pub max_delete_share: f64,
    /// Rows in the delta segment above which the next version is compacted
    /// into a new base.
    pub compact_rows: usize,
}

impl Default for SyncRules {
    fn default() -> Self {
        Self {
            max_delete_share: 0.5,
            compact_rows: 50_000,
        }
    }
}

/// Why a synchronisation was refused; the index in use stays as it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    /// The source no longer returns more of the rows than the rules allow
    /// to delete at once.
    #[error(
        "the source no longer returns {deletes} of the index's {rows} rows; deleting more than \
         {:.0} % at once is refused (kept the current index)",
        max_share * 100.0
    )]
    MassDelete {
        /// Rows that would be deleted.
        deletes: usize,
        /// Live rows of the current version.
        rows: usize,
        /// The rules' limit.
        max_share: f64,
    },
    /// The census was taken over another index version.
    #[error("the id census was taken over another index version")]
    ForeignCensus,
}

/// The ids a source returns now, counted against one index version: which
/// live rows are still there, and which ids the index does not hold.
#[derive(Debug, Clone)]
pub struct IdCensus {
    /// The version counted against (a cheap handle: its segments are shared).
    index: Index,
    seen: Vec<u64>,
    unknown: Vec<String>,
}

impl IdCensus {
    /// An empty census over `index`.
    #[must_use]
    pub fn new(index: &Index) -> Self {
        let rows = index.base.len() as usize + index.delta.len() as usize;
        Self {
            index: index.clone(),
            seen: vec![0; rows.div_ceil(64)],
            unknown: Vec::new(),
        }
    }

    /// Counts one id the source returns.
    pub fn see(&mut self, id: &str) {
        match self.index.find(id) {
            Some(row) => {
                if let Some(word) = self.seen.get_mut(row as usize / 64) {
                    *word |= 1 << (row % 64);
                }
            }
            None => self.unknown.push(id.to_owned()),
        }
    }

    /// Ids the source returns that the index does not hold (new rows not yet
    /// loaded, or rows that came back with an old `updated_at`).
    #[must_use]
    pub fn unknown(&self) -> &[String] {
        &self.unknown
    }

    fn has_seen(&self, row: u32) -> bool {
        self.seen
            .get(row as usize / 64)
            .is_some_and(|w| w & (1 << (row % 64)) != 0)
    }
}

/// The result of a synchronisation.
#[derive(Debug, Clone)]
pub struct Synced {
    /// The next version, or `None` when nothing changed.
    pub next: Option<Index>,
    /// Rows inserted or updated.
    pub upserts: usize,
    /// Rows deleted.
    pub deletes: usize,
    /// Whether the next version was compacted.
    pub compacted: bool,
}

impl Index {
    /// The latest `updated_at` of the live rows (the watermark a first
    /// synchronisation starts from); `None` when no row carries one.
    #[must_use]
    pub fn latest_updated_at(&self) -> Option<&str> {
        self.live_rows()
            .filter_map(|(_, row)| row.updated_at.map(str::trim).filter(|u| !u.is_empty()))
            .max()
    }

    /// The next version for a source whose current ids are `census` and
    /// whose rows changed since the last synchronisation are `changed`:
    /// rows the census did not see are deleted, changed rows are upserted,
    /// and the result is compacted when its delta grew past the rules'
    /// limit. This version is untouched; a refused synchronisation changes
    /// nothing.
    pub fn sync(
        &self,
        census: IdCensus,
        changed: Vec<CompanyRecord>,
        rules: &SyncRules,
    ) -> Result<Synced, SyncError> {
        let same = |a: &Index, b: &Index| {
            std::sync::Arc::ptr_eq(&a.base, &b.base)
                && std::sync::Arc::ptr_eq(&a.delta, &b.delta)
                && a.version == b.version
        };
        if !same(&census.index, self) {
            return Err(SyncError::ForeignCensus);
        }
        let mut changes: Vec<Change> = self
            .live_rows()
            .filter(|(row, _)| !census.has_seen(*row))
            .map(|(_, company)| Change::Delete(company.id.to_owned()))
            .collect();
        let deletes = changes.len();
        let rows = self.len();
        if deletes > 0 && deletes as f64 > rules.max_delete_share * rows as f64 {
            return Err(SyncError::MassDelete {
                deletes,
                rows,
                max_share: rules.max_delete_share,
            });
        }
        let upserts = changed.len();
        changes.extend(changed.into_iter().map(Change::Upsert));
        if changes.is_empty() {
            return Ok(Synced {
                next: None,
                upserts,
                deletes,
                compacted: false,
            });
        }
        let next = self.apply(&changes);
        let compacted = next.delta_len() > rules.compact_rows;
        let next = if compacted { next.compact() } else { next };
        Ok(Synced {
            next: Some(next),
            upserts,
            deletes,
            compacted,
        })
    }

    /// Every live row with its row number, base rows first.
    fn live_rows(&self) -> impl Iterator<Item = (u32, crate::source::CompanyRow<'_>)> {
        let base_len = self.base.len();
        (0..base_len + self.delta.len()).filter_map(move |row| self.company(row).map(|c| (row, c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::RetrievalConfig;

    fn record(id: &str, updated_at: &str) -> CompanyRecord {
        CompanyRecord {
            id: id.to_owned(),
            name: format!("株式会社テスト{id}"),
            updated_at: Some(updated_at.to_owned()),
            ..CompanyRecord::default()
        }
    }

    fn ids(index: &Index) -> Vec<String> {
        index.live_rows().map(|(_, c)| c.id.to_owned()).collect()
    }

    fn census(index: &Index, ids: &[&str]) -> IdCensus {
        let mut census = IdCensus::new(index);
        for id in ids {
            census.see(id);
        }
        census
    }

    #[test]
    fn unseen_rows_are_deleted_and_changed_rows_upserted() {
        let rows: Vec<_> = (1..=4)
            .map(|i| record(&i.to_string(), &format!("2026-0{i}-01")))
            .collect();
        let index = Index::from_records(&rows, RetrievalConfig::default());
        assert_eq!(index.latest_updated_at(), Some("2026-04-01"));
        let seen = census(&index, &["1", "3", "4", "5"]);
        assert_eq!(seen.unknown(), ["5"]);
        let synced = index
            .sync(seen, vec![record("5", "2026-05-01")], &SyncRules::default())
            .expect("one delete of four is allowed");
        assert_eq!((synced.upserts, synced.deletes), (1, 1));
        let next = synced.next.expect("a new version");
        assert_eq!(ids(&next), ["1", "3", "4", "5"]);
        assert_eq!(next.latest_updated_at(), Some("2026-05-01"));
        // Nothing changed: no new version.
        let again = next
            .sync(
                census(&next, &["1", "3", "4", "5"]),
                Vec::new(),
                &SyncRules::default(),
            )
            .expect("no change");
        assert!(again.next.is_none());
    }

    #[test]
    fn a_source_that_returns_nothing_does_not_empty_the_index() {
        let rows: Vec<_> = (1..=4)
            .map(|i| record(&i.to_string(), "2026-01-01"))
            .collect();
        let index = Index::from_records(&rows, RetrievalConfig::default());
        let refused = index.sync(census(&index, &[]), Vec::new(), &SyncRules::default());
        assert_eq!(
            refused.err(),
            Some(SyncError::MassDelete {
                deletes: 4,
                rows: 4,
                max_share: 0.5
            })
        );
        let other = Index::from_records(&rows, RetrievalConfig::default());
        assert_eq!(
            index
                .sync(census(&other, &["1"]), Vec::new(), &SyncRules::default())
                .err(),
            Some(SyncError::ForeignCensus)
        );
    }

    #[test]
    fn a_large_delta_is_compacted() {
        let rows: Vec<_> = (1..=4)
            .map(|i| record(&i.to_string(), "2026-01-01"))
            .collect();
        let index = Index::from_records(&rows, RetrievalConfig::default());
        let rules = SyncRules {
            compact_rows: 1,
            ..SyncRules::default()
        };
        let synced = index
            .sync(
                census(&index, &["1", "2", "3", "4"]),
                vec![record("2", "2026-02-01"), record("6", "2026-02-01")],
                &rules,
            )
            .expect("no deletes");
        let next = synced.next.expect("a new version");
        assert!(synced.compacted);
        assert_eq!(next.delta_len(), 0);
        assert_eq!(ids(&next), ["1", "3", "4", "2", "6"]);
    }
}
