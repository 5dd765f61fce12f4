//! Finding a satellite by what a user types: a shell's name, a satellite as
//! `shell/plane/slot` (1-based, as the inspector names it), a catalogue
//! object's name or its NORAD number. Shells are answered by arithmetic,
//! never by walking their satellites, so a million answer at once; only
//! the catalogue objects' names are scanned.

use crate::propagation::Fleet;
use crate::units::grouped;

/// Matches listed at most.
pub const MAX_MATCHES: usize = 12;

/// One match: the satellite to select and how the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Fleet index.
    pub index: usize,
    /// The line in the list.
    pub label: String,
}

/// A shell as the search knows it.
#[derive(Debug, Clone)]
struct ShellEntry {
    lower: String,
    name: String,
    first: usize,
    planes: u32,
    per_plane: u32,
}

/// A catalogue object as the search knows it.
#[derive(Debug, Clone)]
struct CatalogEntry {
    lower: String,
    name: String,
    norad: u64,
    index: usize,
}

/// What the search reads of a fleet, made once per constellation.
#[derive(Debug, Clone, Default)]
pub struct FindIndex {
    shells: Vec<ShellEntry>,
    catalog: Vec<CatalogEntry>,
}

impl FindIndex {
    /// The index of `fleet`'s shells and catalogue objects.
    pub fn new(fleet: &Fleet) -> Self {
        let shells = fleet
            .shells
            .iter()
            .map(|s| ShellEntry {
                lower: s.shell.spec.name.to_lowercase(),
                name: s.shell.spec.name.clone(),
                first: s.range.start,
                planes: s.shell.spec.planes,
                per_plane: s.shell.spec.sats_per_plane,
            })
            .collect();
        let first = fleet.shell_satellites();
        let catalog = fleet
            .catalog_satellites
            .iter()
            .enumerate()
            .map(|(k, c)| CatalogEntry {
                lower: c.name.to_lowercase(),
                name: c.name.clone(),
                norad: c.norad_id,
                index: first + k,
            })
            .collect();
        Self { shells, catalog }
    }

    /// Up to `limit` matches of `query`, the best first: a satellite named
    /// exactly (`shell/plane/slot`, a NORAD number, a whole name), then
    /// shells and catalogue objects whose names contain the text (a shell
    /// stands for its first satellite).
    pub fn find(&self, query: &str, limit: usize) -> Vec<Found> {
        let q = query.trim().to_lowercase();
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut out: Vec<Found> = Vec::new();
        if let Some(found) = self.by_place(&q) {
            out.push(found);
        }
        if let Ok(norad) = q.parse::<u64>() {
            out.extend(
                self.catalog
                    .iter()
                    .filter(|c| c.norad == norad)
                    .map(|c| self.catalog_found(c)),
            );
        }
        // Whole names, then names that start with the text, then the rest.
        for rank in 0..3 {
            for s in &self.shells {
                if name_rank(&s.lower, &q) == Some(rank) {
                    out.push(Found {
                        index: s.first,
                        label: format!(
                            "{} (shell: {} satellites)",
                            s.name,
                            grouped(u64::from(s.planes) * u64::from(s.per_plane))
                        ),
                    });
                }
            }
            for c in &self.catalog {
                if out.len() >= 4 * limit {
                    break;
                }
                if name_rank(&c.lower, &q) == Some(rank) {
                    out.push(self.catalog_found(c));
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|f| seen.insert(f.index));
        out.truncate(limit);
        out
    }

    /// The satellite `query` names exactly: `shell/plane/slot` (or
    /// `shell/plane`), a NORAD number, or a catalogue object's whole name
    /// (case aside).
    pub fn exact(&self, query: &str) -> Option<usize> {
        let q = query.trim().to_lowercase();
        if let Some(found) = self.by_place(&q) {
            return Some(found.index);
        }
        if let Ok(norad) = q.parse::<u64>()
            && let Some(c) = self.catalog.iter().find(|c| c.norad == norad)
        {
            return Some(c.index);
        }
        self.catalog.iter().find(|c| c.lower == q).map(|c| c.index)
    }

    /// `shell/plane/slot` or `shell/plane` (1-based), if it names one.
    fn by_place(&self, q: &str) -> Option<Found> {
        let mut parts = q.split('/').map(str::trim);
        let shell = parts.next()?;
        let plane: u32 = parts.next()?.parse().ok()?;
        let slot: u32 = match parts.next() {
            Some(p) => p.parse().ok()?,
            None => 1,
        };
        if parts.next().is_some() {
            return None;
        }
        let s = self.shells.iter().find(|s| s.lower == shell)?;
        if !(1..=s.planes).contains(&plane) || !(1..=s.per_plane).contains(&slot) {
            return None;
        }
        let index = s.first + ((plane - 1) * s.per_plane + (slot - 1)) as usize;
        Some(Found {
            index,
            label: format!(
                "{}/{plane}/{slot}: plane {plane} of {}, slot {slot} of {}",
                s.name, s.planes, s.per_plane
            ),
        })
    }

    fn catalog_found(&self, c: &CatalogEntry) -> Found {
        Found {
            index: c.index,
            label: format!("{} (NORAD {})", c.name, c.norad),
        }
    }
}

/// 0: the whole name, 1: its start, 2: inside it; none: not in it.
fn name_rank(name: &str, q: &str) -> Option<u8> {
    if name == q {
        Some(0)
    } else if name.starts_with(q) {
        Some(1)
    } else if name.contains(q) {
        Some(2)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::constellation::Constellation;
    use crate::error::Origin;

    fn fleet() -> Fleet {
        let mut c = Constellation::from_preset("starlink-gen1").expect("preset");
        let text = include_str!("../tests/data/starlink-2026-05-13.tle");
        let lines: Vec<&str> = text.lines().take(3 * 50).collect();
        c.catalogs.push(
            Catalog::parse(&lines.join("\n"), Origin("s.tle".into()), "starlink".into())
                .expect("TLEs"),
        );
        Fleet::new(&c).expect("fleet")
    }

    #[test]
    fn a_place_a_norad_number_and_a_partial_name_find_their_satellites() {
        let fleet = fleet();
        let index = FindIndex::new(&fleet);
        // shell/plane/slot, as the inspector names it.
        let shell = &fleet.shells[1];
        let name = shell.shell.spec.name.clone();
        let found = index.find(&format!("{}/3/7", name.to_uppercase()), 5);
        let want = shell.range.start + 2 * shell.shell.spec.sats_per_plane as usize + 6;
        assert_eq!(found[0].index, want, "{found:?}");
        let (_, place) = fleet.describe(want).expect("a satellite");
        assert!(
            place.starts_with("plane 3 of") && place.contains("slot 7 of"),
            "{place}"
        );
        // Out of range: no place.
        assert!(index.by_place(&format!("{name}/999/1")).is_none());
        assert!(index.by_place(&format!("{name}/0/1")).is_none());
        // A NORAD number of the loaded file: its object first.
        let sat = &fleet.catalog_satellites[17];
        let found = index.find(&sat.norad_id.to_string(), 5);
        assert_eq!(found[0].index, fleet.shell_satellites() + 17);
        assert!(found[0].label.contains(&sat.name));
        // A partial name lists the objects that contain it, starts first.
        let found = index.find("starlink-1", MAX_MATCHES);
        assert!(found.len() > 1, "{found:?}");
        assert!(
            found
                .iter()
                .all(|f| f.label.to_lowercase().contains("starlink-1"))
        );
        let found = index.find("gen1-5", MAX_MATCHES);
        assert_eq!(
            found.len(),
            fleet.shells.len(),
            "every gen1-5… shell: {found:?}"
        );
        assert!(index.find("   ", 5).is_empty());
        assert!(index.find("no such thing", 5).is_empty());
    }
}
