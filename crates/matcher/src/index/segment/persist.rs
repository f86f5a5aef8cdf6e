//! A segment written to a snapshot and read back, with every array checked
//! against the segment's row count so a faulty snapshot is refused rather
//! than read past its end at query time.

use super::Segment;
use crate::index::grams::GramIndex;
use crate::index::postings::KeyPostings;
use crate::index::snapshot::{
    DecodeError, Persist, Reader, Writer, check, read_range_map, write_range_map,
};
use crate::index::store::{Interner, Store};

impl Persist for Segment {
    fn write(&self, out: &mut Writer) {
        self.raw.write(out);
        self.keys.write(out);
        out.u32s(&self.order);
        self.places.write(out);
        out.u32s(&self.town);
        write_range_map(&self.prefecture_rows, out);
        write_range_map(&self.city_rows, out);
        self.exact.write(out);
        out.u32s(&self.core_counts);
        self.english_exact.write(out);
        out.u32s(&self.english_counts);
        self.towns.write(out);
        self.phones.write(out);
        self.domains.write(out);
        out.u64s(&self.ids.iter().map(|(hash, _)| *hash).collect::<Vec<_>>());
        out.u32s(&self.ids.iter().map(|(_, row)| *row).collect::<Vec<_>>());
        out.u32s(&self.tie_order);
        self.names.write(out);
        self.readings.write(out);
        self.english.write(out);
    }

    fn read(input: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let raw = Store::read(input)?;
        let keys = Store::read(input)?;
        let order = input.u32s()?;
        let places = Interner::read(input)?;
        let town = input.u32s()?;
        let prefecture_rows = read_range_map(input)?;
        let city_rows = read_range_map(input)?;
        let exact = KeyPostings::read(input)?;
        let core_counts = input.u32s()?;
        let english_exact = KeyPostings::read(input)?;
        let english_counts = input.u32s()?;
        let towns = KeyPostings::read(input)?;
        let phones = KeyPostings::read(input)?;
        let domains = KeyPostings::read(input)?;
        let id_hashes = input.u64s()?;
        let id_rows = input.u32s()?;
        let tie_order = input.u32s()?;
        let names = GramIndex::read(input)?;
        let readings = GramIndex::read(input)?;
        let english = GramIndex::read(input)?;

        let rows = raw.len();
        let per_row = [
            ("keys", keys.len() as usize),
            ("order", order.len()),
            ("town", town.len()),
            ("core_counts", core_counts.len()),
            ("english_counts", english_counts.len()),
            ("ids", id_hashes.len()),
            ("id rows", id_rows.len()),
            ("tie_order", tie_order.len()),
            ("names", names.rows() as usize),
            ("readings", readings.rows() as usize),
            ("english", english.rows() as usize),
        ];
        for (what, len) in per_row {
            check(len == rows as usize, || {
                format!("{what} holds {len} entries for {rows} rows")
            })?;
        }
        let mut seen = vec![false; rows as usize];
        for &physical in &order {
            let slot = seen.get_mut(physical as usize);
            check(slot.as_deref() == Some(&false), || {
                "the row order is not a permutation".to_owned()
            })?;
            if let Some(slot) = slot {
                *slot = true;
            }
        }
        let within = |row: &u32| *row < rows;
        check(
            id_rows.iter().all(within)
                && id_hashes.windows(2).all(|w| w[0] <= w[1])
                && [&exact, &english_exact, &towns, &phones, &domains]
                    .iter()
                    .all(|postings| postings.rows().iter().all(within))
                && prefecture_rows
                    .values()
                    .chain(city_rows.values())
                    .all(|&(start, end)| start <= end && end <= rows),
            || "a posting or range points past the last row".to_owned(),
        )?;
        Ok(Self {
            raw,
            keys,
            order,
            places,
            town,
            prefecture_rows,
            city_rows,
            exact,
            core_counts,
            english_exact,
            english_counts,
            towns,
            phones,
            domains,
            ids: id_hashes.into_iter().zip(id_rows).collect(),
            tie_order,
            names,
            readings,
            english,
        })
    }
}
