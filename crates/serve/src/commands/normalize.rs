//! `nayose normalize`: print the normalised form of company names or
//! addresses as JSON (CONTRACTS §4).

use anyhow::Context as _;
use nayose::normalize::{ParsedAddress, normalize_name, parse_address};
use serde_json::{Value, json};
use std::io::{BufRead as _, Write as _};

/// Arguments of `nayose normalize`.
#[derive(clap::Args, Debug)]
pub struct NormalizeArgs {
    /// The company name (or, with `--address`, the address) to normalise;
    /// `-` reads one input per line from standard input and prints one JSON
    /// object per line, in order.
    #[arg(value_name = "NAME|ADDR")]
    pub input: String,
    /// Parse an address instead of normalising a company name.
    #[arg(long)]
    pub address: bool,
}

/// The JSON object for one company name: `core`, `legal_form`,
/// `legal_form_position`, `branch`.
#[must_use]
pub fn name_json(input: &str) -> Value {
    let n = normalize_name(input);
    json!({
        "core": n.core,
        "legal_form": n.legal_form.map(|f| f.as_str()),
        "legal_form_position": n.legal_form_position.map(|p| p.as_str()),
        "branch": n.branch,
    })
}

/// The JSON object for one address: `prefecture`, `city`, `town`, `chome`,
/// `block`, `building`, `postal_code`, and also `floor` and `room`.
#[must_use]
pub fn address_json(input: &str) -> Value {
    let ParsedAddress {
        prefecture,
        city,
        town,
        chome,
        block,
        building,
        floor,
        room,
        postal_code,
    } = parse_address(input);
    json!({
        "prefecture": prefecture,
        "city": city,
        "town": town,
        "chome": chome,
        "block": block,
        "building": building,
        "floor": floor,
        "room": room,
        "postal_code": postal_code,
    })
}

/// Runs `nayose normalize`.
pub fn run(args: &NormalizeArgs) -> anyhow::Result<()> {
    let convert = |s: &str| {
        if args.address {
            address_json(s)
        } else {
            name_json(s)
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.input == "-" {
        let stdin = std::io::stdin();
        let mut reader = stdin.lock();
        let mut buf = Vec::new();
        let mut line_no = 0u64;
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .context("reading standard input")?;
            if n == 0 {
                break;
            }
            line_no += 1;
            // Invalid UTF-8 is replaced, never fatal: one line in, one line out.
            let line = String::from_utf8_lossy(&buf);
            let line = line.strip_suffix('\n').unwrap_or(&line);
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = if line_no == 1 {
                line.strip_prefix('\u{feff}').unwrap_or(line)
            } else {
                line
            };
            serde_json::to_writer(&mut out, &convert(line)).context("writing JSON")?;
            out.write_all(b"\n").context("writing standard output")?;
        }
    } else {
        serde_json::to_writer(&mut out, &convert(&args.input)).context("writing JSON")?;
        out.write_all(b"\n").context("writing standard output")?;
    }
    out.flush().context("writing standard output")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_fields() {
        let v = name_json("㈱サカタのタネ 横浜本社");
        assert_eq!(v["core"], "サカタノタネ");
        assert_eq!(v["legal_form"], "株式会社");
        assert_eq!(v["legal_form_position"], "prefix");
        assert_eq!(v["branch"], "横浜本社");
        let v = name_json("サカタのタネ");
        assert!(v["legal_form"].is_null());
        assert!(v["legal_form_position"].is_null());
        assert!(v["branch"].is_null());
    }

    #[test]
    fn address_fields() {
        let v = address_json("〒224-8520 神奈川県横浜市都筑区仲町台2-7-1");
        assert_eq!(v["prefecture"], "神奈川県");
        assert_eq!(v["city"], "横浜市都筑区");
        assert_eq!(v["town"], "仲町台");
        assert_eq!(v["chome"], 2);
        assert_eq!(v["block"], "7-1");
        assert!(v["building"].is_null());
        assert_eq!(v["postal_code"], "2248520");
    }
}
