//! Links a few messy client records to a small in-memory company table with
//! the model the repository ships, and explains one decision.
//!
//! `cargo run -p nayose --example link_records`

use std::path::Path;
use std::sync::Arc;

use nayose::CompanyRecord;
use nayose::index::{Index, QueryText, RetrievalConfig};
use nayose::linker::Linker;
use nayose::policy::{CodeVersions, ModelArtifact};

fn company(id: &str, name: &str, address: &str, phone: &str) -> CompanyRecord {
    CompanyRecord {
        id: id.to_owned(),
        name: name.to_owned(),
        address: Some(address.to_owned()),
        phone: Some(phone.to_owned()),
        ..CompanyRecord::default()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let companies = [
        company(
            "6020001008662",
            "株式会社サカタのタネ",
            "神奈川県横浜市都筑区仲町台2-7-1",
            "045-945-8800",
        ),
        company(
            "1000000000001",
            "株式会社山田工務店",
            "東京都世田谷区太子堂1-2-3",
            "03-3411-1111",
        ),
        company(
            "1000000000002",
            "株式会社山田工務店",
            "大阪府堺市堺区中瓦町1-1-1",
            "072-222-2222",
        ),
        company(
            "1000000000003",
            "有限会社髙橋製作所",
            "愛知県名古屋市中区栄3-4-5",
            "052-261-3333",
        ),
    ];
    let index = Index::from_records(&companies, RetrievalConfig::default());
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../opt/ml/model");
    let policy = ModelArtifact::load(&model, CodeVersions::current())?.policy()?;
    let linker = Linker::new(Arc::new(index), policy).with_candidates(3);

    let records = [
        QueryText {
            name: "㈱サカタのタネ 横浜本社",
            ..Default::default()
        },
        QueryText {
            name: "山田工務店",
            phone: Some("072-222-2222"),
            ..Default::default()
        },
        QueryText {
            name: "高橋製作所(有)",
            address: Some("名古屋市中区栄3丁目4番5号"),
            ..Default::default()
        },
        QueryText {
            name: "丸山精密工業株式会社",
            ..Default::default()
        },
        QueryText {
            name: "",
            ..Default::default()
        },
    ];
    for (record, result) in records.iter().zip(linker.link_batch(&records)) {
        println!(
            "{:<28} → {:<9} {:<14} {:.3} {}",
            record.name,
            result.match_status.as_str(),
            result.match_id.as_deref().unwrap_or("-"),
            result.match_score,
            result.match_error.as_deref().unwrap_or(""),
        );
    }
    let explanation = linker.explain(&records[1]);
    println!("\nwhy: {}", serde_json::to_string_pretty(&explanation)?);
    Ok(())
}
