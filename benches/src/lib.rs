//! Shared set-up of nayose's benchmarks.

use nayose::CompanyRecord;
use nayose::index::QueryText;
use nayose_datagen::{EvalSampler, Query, TableConfig, TableGenerator};

/// A generated table of `rows` companies and `queries` client rows of its
/// development evaluation set.
pub fn table_and_queries(
    rows: usize,
    seed: u64,
    queries: usize,
) -> (Vec<CompanyRecord>, Vec<Query>) {
    let config = TableConfig { rows, seed };
    let mut generator = TableGenerator::new(config);
    let mut sampler = EvalSampler::new(seed, queries);
    let records: Vec<CompanyRecord> = generator
        .by_ref()
        .map(|company| {
            sampler.observe(&company);
            company.record()
        })
        .collect();
    let queries = sampler
        .finish(&mut generator)
        .into_iter()
        .map(|(q, _)| q)
        .collect();
    (records, queries)
}

/// The query text of an evaluation row (empty fields are absent).
pub fn query_text(query: &Query) -> QueryText<'_> {
    let non_empty = |text: &'_ str| -> bool { !text.is_empty() };
    QueryText {
        name: &query.name,
        address: non_empty(&query.address).then_some(query.address.as_str()),
        phone: non_empty(&query.phone).then_some(query.phone.as_str()),
        url: non_empty(&query.url).then_some(query.url.as_str()),
        corporate_number: non_empty(&query.corporate_number)
            .then_some(query.corporate_number.as_str()),
        invoice_number: non_empty(&query.invoice_number).then_some(query.invoice_number.as_str()),
    }
}
