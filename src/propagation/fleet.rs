//! The fleet: every satellite of a constellation in compact arrays.
//!
//! Shell satellites are two f64 each (node and mean anomaly at epoch; the
//! shell holds the rest). Catalog satellites keep the sgp4 crate's
//! `Constants`, since each has its own elements (and may be deep-space).

use super::short_period::{SHELL_GEOPOTENTIAL, TemeState};
use crate::catalog::Catalog;
use crate::constellation::{Constellation, ResolvedShell};
use crate::error::LoadError;
use crate::frames::{EcefFromTeme, EcefState};
use crate::time::minutes_between;
use chrono::{DateTime, Utc};
use std::ops::Range;

/// Satellites handled per parallel work item.
const CHUNK: usize = 8192;

/// A shell's place in the fleet.
#[derive(Debug, Clone)]
pub struct FleetShell {
    /// The shell and its orbit.
    pub shell: ResolvedShell,
    /// Its satellites' indices in the fleet.
    pub range: Range<usize>,
}

/// One imported element file's place in the fleet.
#[derive(Debug, Clone)]
pub struct FleetCatalog {
    /// Short name (the file's stem).
    pub name: String,
    /// Its satellites' indices in the fleet (after all shells).
    pub range: Range<usize>,
    /// Element sets SGP4 refused to initialise (left out of `range`).
    pub rejected: usize,
}

/// A real satellite with its own elements.
#[derive(Debug, Clone)]
pub struct CatalogSatellite {
    /// Object name, or the NORAD number if the file has none.
    pub name: String,
    /// NORAD catalog number.
    pub norad_id: u64,
    /// Epoch of its elements.
    pub epoch: DateTime<Utc>,
    /// The elements as read (for the GPU path and the inspector).
    pub elements: sgp4::Elements,
    /// SGP4's initialisation.
    pub constants: sgp4::Constants,
}

/// Which shell or catalog a satellite belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Index into [`Fleet::shells`].
    Shell(usize),
    /// Index into [`Fleet::catalogs`].
    Catalog(usize),
}

/// The outcome of propagating one satellite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fix {
    /// Position and velocity, TEME.
    Ok(TemeState),
    /// SGP4 put it below the Earth's surface.
    Decayed,
    /// SGP4 refused (eccentricity out of range, negative semi-latus rectum, …).
    Error,
}

impl Fix {
    /// The state, if there is one.
    pub fn state(&self) -> Option<&TemeState> {
        match self {
            Fix::Ok(s) => Some(s),
            _ => None,
        }
    }
}

/// Every satellite of a constellation, ready to propagate.
#[derive(Debug, Clone, Default)]
pub struct Fleet {
    /// Shells in file order.
    pub shells: Vec<FleetShell>,
    /// Node at epoch of each shell satellite, radians.
    node_rad: Vec<f64>,
    /// Mean anomaly at epoch of each shell satellite, radians.
    mean_anomaly_rad: Vec<f64>,
    /// Imported element files.
    pub catalogs: Vec<FleetCatalog>,
    /// Catalog satellites, in catalog order.
    pub catalog_satellites: Vec<CatalogSatellite>,
}

/// Bytes of state the fleet keeps per shell satellite.
pub const BYTES_PER_SHELL_SATELLITE: usize = 2 * std::mem::size_of::<f64>();

impl Fleet {
    /// Builds the fleet of a checked constellation.
    pub fn new(constellation: &Constellation) -> Result<Self, LoadError> {
        let shells = constellation.resolved_shells()?;
        let mut fleet = Self::from_shells(shells);
        for catalog in &constellation.catalogs {
            fleet.add_catalog(catalog);
        }
        Ok(fleet)
    }

    /// A fleet of resolved shells only.
    pub fn from_shells(shells: Vec<ResolvedShell>) -> Self {
        let total: usize = shells
            .iter()
            .map(|s| s.spec.satellite_count() as usize)
            .sum();
        let mut fleet = Fleet {
            node_rad: Vec::with_capacity(total),
            mean_anomaly_rad: Vec::with_capacity(total),
            ..Default::default()
        };
        for shell in shells {
            let first = fleet.node_rad.len();
            for plane in 0..shell.spec.planes {
                for slot in 0..shell.spec.sats_per_plane {
                    let (node, anomaly) = shell.phase(plane, slot);
                    fleet.node_rad.push(node);
                    fleet.mean_anomaly_rad.push(anomaly);
                }
            }
            let range = first..fleet.node_rad.len();
            fleet.shells.push(FleetShell { shell, range });
        }
        fleet
    }

    /// Adds an element file's satellites; those SGP4 refuses are counted in
    /// the catalog's `rejected`.
    pub fn add_catalog(&mut self, catalog: &Catalog) {
        let first = self.len();
        let mut rejected = 0;
        for elements in &catalog.elements {
            match catalog_constants(elements) {
                Ok(constants) => self.catalog_satellites.push(CatalogSatellite {
                    name: elements
                        .object_name
                        .clone()
                        .unwrap_or_else(|| elements.norad_id.to_string()),
                    norad_id: elements.norad_id,
                    epoch: elements.datetime.and_utc(),
                    elements: elements.clone(),
                    constants,
                }),
                Err(_) => rejected += 1,
            }
        }
        self.catalogs.push(FleetCatalog {
            name: catalog.name.clone(),
            range: first..self.len(),
            rejected,
        });
    }

    /// Satellites that can be propagated (shells and accepted catalog entries).
    pub fn len(&self) -> usize {
        self.node_rad.len() + self.catalog_satellites.len()
    }

    /// True if the fleet has no satellites.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Shell satellites (they come first in the fleet's indexing).
    pub fn shell_satellites(&self) -> usize {
        self.node_rad.len()
    }

    /// Catalog entries SGP4 refused at initialisation.
    pub fn rejected(&self) -> usize {
        self.catalogs.iter().map(|c| c.rejected).sum()
    }

    /// Node and mean anomaly at epoch (radians) of shell satellite `index`.
    pub fn shell_phase(&self, index: usize) -> (f64, f64) {
        (self.node_rad[index], self.mean_anomaly_rad[index])
    }

    /// The per-satellite node and mean-anomaly arrays of the shell satellites.
    pub fn shell_phases(&self) -> (&[f64], &[f64]) {
        (&self.node_rad, &self.mean_anomaly_rad)
    }

    /// The group of satellite `index`: a binary search, since shells and
    /// catalogs hold consecutive runs of indices in order.
    pub fn group_of(&self, index: usize) -> Option<Group> {
        if index < self.node_rad.len() {
            return Some(Group::Shell(
                self.shells.partition_point(|s| s.range.end <= index),
            ));
        }
        let c = self.catalogs.partition_point(|c| c.range.end <= index);
        self.catalogs
            .get(c)
            .filter(|c| c.range.contains(&index))
            .map(|_| Group::Catalog(c))
    }

    /// Plane and slot of a shell satellite, or the name and NORAD number of
    /// a catalog one, as the inspector and the reports name it: (group, place).
    pub fn describe(&self, index: usize) -> Option<(String, String)> {
        match self.group_of(index)? {
            Group::Shell(s) => {
                let shell = &self.shells[s];
                let local = index - shell.range.start;
                let per_plane = shell.shell.spec.sats_per_plane as usize;
                Some((
                    shell.shell.spec.name.clone(),
                    format!(
                        "plane {} of {}, slot {} of {}",
                        local / per_plane + 1,
                        shell.shell.spec.planes,
                        local % per_plane + 1,
                        per_plane
                    ),
                ))
            }
            Group::Catalog(c) => {
                let sat = self.catalog_satellite(index)?;
                Some((
                    self.catalogs[c].name.clone(),
                    format!("{} (NORAD {})", sat.name, sat.norad_id),
                ))
            }
        }
    }

    /// Propagates one satellite.
    pub fn propagate_one(&self, index: usize, at: DateTime<Utc>) -> Option<Fix> {
        match self.group_of(index)? {
            Group::Shell(s) => {
                let shell = &self.shells[s].shell;
                let t = minutes_between(shell.epoch, at);
                let (node, anomaly) = self.shell_phase(index);
                Some(checked(shell.orbit.at(t).propagate(node, anomaly)))
            }
            Group::Catalog(_) => {
                let sat = &self.catalog_satellites[index - self.node_rad.len()];
                Some(propagate_catalog(sat, at))
            }
        }
    }

    /// Propagates every satellite to `at` (TEME), in parallel on native.
    pub fn propagate(&self, at: DateTime<Utc>) -> Vec<Fix> {
        let parts = crate::parallel::map_collect(&self.work_items(), |(group, range)| {
            self.propagate_range(*group, range.clone(), at)
        });
        parts.concat()
    }

    /// Propagates the satellites `range` of one group to `at`.
    pub fn propagate_range(
        &self,
        group: Group,
        range: Range<usize>,
        at: DateTime<Utc>,
    ) -> Vec<Fix> {
        match group {
            Group::Shell(s) => {
                let shell = &self.shells[s].shell;
                let at_time = shell.orbit.at(minutes_between(shell.epoch, at));
                let mut states = Vec::with_capacity(range.len());
                super::kernel::propagate_shell_run(
                    &at_time,
                    &self.node_rad[range.clone()],
                    &self.mean_anomaly_rad[range],
                    &mut states,
                );
                states.into_iter().map(checked).collect()
            }
            Group::Catalog(_) => range
                .map(|i| propagate_catalog(&self.catalog_satellites[i - self.node_rad.len()], at))
                .collect(),
        }
    }

    /// Propagates every satellite to `at`, in the Earth-fixed frame
    /// (`None` for those that decayed or that SGP4 refused).
    pub fn propagate_ecef(&self, at: DateTime<Utc>) -> Vec<Option<EcefState>> {
        let rotation = EcefFromTeme::new(crate::time::gmst_rad(crate::time::julian_date(at)));
        self.propagate(at)
            .iter()
            .map(|fix| {
                fix.state()
                    .map(|s| rotation.state(s.pos_in_teme_km, s.vel_in_teme_km_s))
            })
            .collect()
    }

    /// Heap bytes the fleet keeps for its shell satellites' own state.
    pub fn shell_state_bytes(&self) -> usize {
        (self.node_rad.capacity() + self.mean_anomaly_rad.capacity()) * std::mem::size_of::<f64>()
    }

    /// Work items for a parallel sweep: (group, index range) of at most
    /// `CHUNK` satellites each, shells first.
    pub fn work_items(&self) -> Vec<(Group, Range<usize>)> {
        let mut items = Vec::new();
        let groups = self
            .shells
            .iter()
            .enumerate()
            .map(|(i, s)| (Group::Shell(i), s.range.clone()))
            .chain(
                self.catalogs
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (Group::Catalog(i), c.range.clone())),
            );
        for (group, range) in groups {
            let mut start = range.start;
            while start < range.end {
                let end = (start + CHUNK).min(range.end);
                items.push((group, start..end));
                start = end;
            }
        }
        items
    }

    /// The catalog satellite at fleet index `index` (which must be past the shells).
    pub fn catalog_satellite(&self, index: usize) -> Option<&CatalogSatellite> {
        index
            .checked_sub(self.node_rad.len())
            .and_then(|i| self.catalog_satellites.get(i))
    }
}

/// SGP4 initialisation for catalog elements as Vallado's reference code,
/// python-sgp4 and satellite.js do it: WGS-72, the elements' Kozai mean
/// motion, and AFSPC's epoch and sidereal-time expressions. Propagation then
/// uses the improved-mode Lyddane choice (`Constants::propagate`), the mode
/// `tcppver.out` was made in: all of Vallado's cases agree within 1e-6 km.
pub fn catalog_constants(
    elements: &sgp4::Elements,
) -> Result<sgp4::Constants, sgp4::ElementsError> {
    sgp4::Constants::from_elements_afspc_compatibility_mode(elements)
}

/// Propagates a catalog satellite through the crate.
pub fn propagate_catalog(sat: &CatalogSatellite, at: DateTime<Utc>) -> Fix {
    let t = minutes_between(sat.epoch, at);
    match sat.constants.propagate(sgp4::MinutesSinceEpoch(t)) {
        Ok(p) => checked(TemeState {
            pos_in_teme_km: p.position,
            vel_in_teme_km_s: p.velocity,
        }),
        Err(_) => Fix::Error,
    }
}

/// Flags a state below the Earth's surface (the crate reports no decay).
#[inline]
pub fn checked(state: TemeState) -> Fix {
    let [x, y, z] = state.pos_in_teme_km;
    let r2 = x * x + y * y + z * z;
    if r2 < SHELL_GEOPOTENTIAL.ae * SHELL_GEOPOTENTIAL.ae {
        Fix::Decayed
    } else if r2.is_finite() {
        Fix::Ok(state)
    } else {
        Fix::Error
    }
}
