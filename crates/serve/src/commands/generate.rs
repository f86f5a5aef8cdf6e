//! `nayose gen`: the deterministic synthetic company table and its
//! development evaluation set.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use nayose::source::SourceLocation;
use nayose_datagen::{TableConfig, generate};

use nayose_progress::Progress;

/// Arguments of `nayose gen`.
#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// Number of company rows.
    #[arg(long, default_value_t = 1_400_000)]
    pub rows: usize,
    /// Seed: the same seed and row count always give the same table.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Where to write: a `.sqlite`/`.db` or `.csv` path, or a postgres:// or mysql:// URL
    /// (its `companies` table is replaced).
    #[arg(long)]
    pub out: String,
    /// Directory for the evaluation set (`queries.csv`, `truth.csv`); default:
    /// next to a file output, as `<stem>-eval/`, else `./eval`.
    #[arg(long)]
    pub eval_dir: Option<PathBuf>,
    /// Number of evaluation queries (0: no evaluation set).
    #[arg(long, default_value_t = 20_000)]
    pub eval_queries: usize,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `nayose gen`.
pub async fn run(args: &GenArgs) -> Result<()> {
    if args.rows == 0 {
        bail!("--rows must be at least 1");
    }
    let location = SourceLocation::parse(&args.out)?;
    let target_file = match &location {
        SourceLocation::Sqlite {
            path: Some(path), ..
        }
        | SourceLocation::Csv { path } => Some(path.clone()),
        _ => None,
    };
    // Files are written under a temporary name and renamed at the end, so an
    // interrupted run never leaves a half table under the final name.
    let (write_location, partial) = match &target_file {
        Some(path) => {
            let partial = partial_path(path);
            let _ = std::fs::remove_file(&partial);
            let text = match location {
                SourceLocation::Csv { .. } => partial.display().to_string(),
                _ => format!("sqlite://{}", partial.display()),
            };
            (SourceLocation::parse(&text)?, Some(partial))
        }
        None => (location.clone(), None),
    };
    let eval_dir = args.eval_dir.clone().unwrap_or_else(|| match &target_file {
        Some(path) => default_eval_dir(path),
        None => PathBuf::from("eval"),
    });
    let eval = (args.eval_queries > 0).then_some((eval_dir.as_path(), args.eval_queries));
    let config = TableConfig {
        rows: args.rows,
        seed: args.seed,
    };
    let mut progress = Progress::new("generating", args.rows as u64, "rows", args.quiet);
    let summary = generate(config, &write_location, eval, |done| progress.set(done))
        .await
        .with_context(|| format!("cannot generate the table into {location}"))?;
    progress.finish();
    if let (Some(partial), Some(path)) = (&partial, &target_file) {
        std::fs::rename(partial, path)
            .with_context(|| format!("cannot move {} to {}", partial.display(), path.display()))?;
    }
    let seconds = summary.table_time.as_secs_f64();
    println!(
        "wrote {} companies to {location} in {seconds:.1} s ({:.0} rows/s)",
        summary.rows,
        summary.rows as f64 / seconds.max(1e-9)
    );
    if let Some(dir) = &summary.eval_dir {
        let total: usize = summary.eval_counts.values().sum();
        println!("wrote {total} evaluation queries to {}:", dir.display());
        for (category, count) in &summary.eval_counts {
            println!("  {:<18} {count}", category.as_str());
        }
    }
    if let Some(dir) = &summary.real_eval_dir {
        let total: usize = summary.real_eval_counts.values().sum();
        println!(
            "wrote {total} real-anchored evaluation queries to {}:",
            dir.display()
        );
        for (category, count) in &summary.real_eval_counts {
            println!("  {:<18} {count}", category.as_str());
        }
    }
    Ok(())
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    path.with_file_name(name)
}

fn default_eval_dir(path: &Path) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!("{stem}-eval"))
}
