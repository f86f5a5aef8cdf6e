//! Measures the structures that make linking hard (shared street addresses,
//! name stems, namesakes, names inside names, and how the ids are built as
//! 法人番号) in the real EDINET list and, when a company source is given, in
//! that table too, and prints them as Markdown side by side (the figures of
//! `docs/real-data-structure.md`).
//!
//! ```sh
//! cargo run --release -p nayose-datagen --example real_structure -- [SOURCE]
//! ```

use std::process::ExitCode;

use nayose::CompanySource;
use nayose_datagen::number_structure::{NumberStructure, measure_numbers};
use nayose_datagen::reference::edinet_companies;
use nayose_datagen::structure::{Structure, StructureInput, measure};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let edinet: Vec<(String, String)> = edinet_companies()
        .iter()
        .map(|c| (c.name.to_owned(), format!("{}{}", c.prefecture, c.address)))
        .collect();
    let edinet_ids: Vec<&str> = edinet_companies()
        .iter()
        .map(|c| c.corporate_number)
        .collect();
    let mut numbers: Vec<NumberStructure> = vec![measure_numbers(&edinet_ids)];
    let mut columns = vec![("EDINET list (real)".to_owned(), measure_pairs(&edinet))];
    if let Some(location) = std::env::args().nth(1) {
        let source = CompanySource::parse(&location)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let mut rows = Vec::new();
        let mut ids = Vec::new();
        runtime.block_on(source.load(|row| {
            rows.push((
                row.name.to_owned(),
                row.address.unwrap_or_default().to_owned(),
            ));
            ids.push(row.id.to_owned());
        }))?;
        columns.push((format!("`{location}`"), measure_pairs(&rows)));
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        numbers.push(measure_numbers(&ids));
    }
    print!("| figure |");
    for (title, _) in &columns {
        print!(" {title} |");
    }
    print!("\n|---|");
    for _ in &columns {
        print!("---:|");
    }
    println!();
    let rows: Vec<Vec<(String, String)>> = columns
        .iter()
        .zip(&numbers)
        .map(|((_, s), n)| s.rows().into_iter().chain(n.rows()).collect())
        .collect();
    for (i, (figure, _)) in rows[0].iter().enumerate() {
        print!("| {figure} |");
        for column in &rows {
            print!(" {} |", column.get(i).map_or("", |(_, v)| v.as_str()));
        }
        println!();
    }
    for (title, structure) in &columns {
        println!("\n### Examples: {title}\n");
        print!("{}", structure.examples_markdown());
    }
    Ok(())
}

fn measure_pairs(rows: &[(String, String)]) -> Structure {
    let inputs: Vec<StructureInput<'_>> = rows
        .iter()
        .map(|(name, address)| StructureInput { name, address })
        .collect();
    measure(&inputs)
}
