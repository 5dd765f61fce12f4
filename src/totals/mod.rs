//! Fleet totals at one instant: who is lit, in penumbra or in umbra, the
//! power collected, the compute it buys, and what the fleet weighs and
//! costs to keep up. Exact per satellite, in one parallel pass: shells
//! through the fused pass ([`fused`]), catalog satellites through the crate
//! and the scalar rule ([`Conditions::tally`]).

pub mod fused;
mod tally;

pub use tally::{Conditions, Tally};

use crate::model::{FleetModel, SatelliteModel};
use crate::propagation::{Fleet, Group};
use chrono::{DateTime, Utc};

/// Totals of one shell or catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTotals {
    /// The shell's or catalog's name.
    pub name: String,
    /// Shell or catalog.
    pub group: Group,
    /// Satellites in the group (catalog entries SGP4 refused included).
    pub satellites: u64,
    /// The counts and sums.
    pub tally: Tally,
}

/// The fleet at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetTotals {
    /// The instant.
    pub at: DateTime<Utc>,
    /// Unit vector to the Sun, TEME.
    pub sun_direction_in_teme: [f64; 3],
    /// Earth–Sun distance, AU.
    pub sun_distance_au: f64,
    /// GMST, radians.
    pub gmst_rad: f64,
    /// All groups together.
    pub tally: Tally,
    /// Per shell, then per catalog.
    pub groups: Vec<GroupTotals>,
    /// Satellites in the constellation, catalog entries SGP4 refused included.
    pub satellites: u64,
    /// Delivered compute, FLOP/s.
    pub compute_delivered_flops: f64,
    /// Installed compute of the satellites with a position, FLOP/s.
    pub compute_installed_flops: f64,
    /// Fleet mass, kg.
    pub mass_kg: f64,
    /// Fleet radiator area, m².
    pub radiator_area_m2: f64,
    /// Satellites to replace each year to keep the fleet.
    pub replacements_per_year: f64,
    /// Launches each year to carry them.
    pub launches_per_year: f64,
    /// The world's data-centre power used for comparison, W.
    pub world_datacenter_power_w: f64,
}

impl FleetTotals {
    /// Compute power beside the world's data centres (1 = as much).
    pub fn share_of_world_datacenter_power(&self) -> f64 {
        self.tally.compute_power_w / self.world_datacenter_power_w
    }
}

/// Totals for `fleet` at `at`.
pub fn fleet_totals(
    fleet: &Fleet,
    satellite: &SatelliteModel,
    fleet_model: &FleetModel,
    at: DateTime<Utc>,
) -> FleetTotals {
    let conditions = Conditions::new(at, satellite, fleet_model);
    let groups = group_list(fleet);
    let items = fleet.work_items();
    let per_group = crate::parallel::map_reduce(
        &items,
        || vec![Tally::default(); groups.len()],
        |(group, range)| {
            let mut tallies = vec![Tally::default(); groups.len()];
            let slot = group_slot(fleet, *group);
            tally_range(
                fleet,
                satellite,
                &conditions,
                *group,
                range.clone(),
                &mut tallies[slot],
            );
            tallies
        },
        |mut a, b| {
            for (x, y) in a.iter_mut().zip(&b) {
                x.add(y);
            }
            a
        },
    );
    assemble(
        fleet,
        satellite,
        fleet_model,
        &conditions,
        groups,
        per_group,
    )
}

/// Adds the satellites `range` of one group to `tally`: shells through the
/// batched kernel (propagation and shadow in one pass), catalog satellites
/// through the crate.
pub fn tally_range(
    fleet: &Fleet,
    satellite: &SatelliteModel,
    conditions: &Conditions,
    group: Group,
    range: std::ops::Range<usize>,
    tally: &mut Tally,
) {
    match group {
        Group::Shell(s) => {
            let shell = &fleet.shells[s].shell;
            let job = fused::TallyJob {
                at: shell
                    .orbit
                    .at(crate::time::minutes_between(shell.epoch, conditions.at)),
                conditions,
                satellite,
            };
            let (nodes, anomalies) = fleet.shell_phases();
            fused::tally_shell_run(&job, &nodes[range.clone()], &anomalies[range], tally);
        }
        Group::Catalog(_) => {
            for fix in fleet.propagate_range(group, range, conditions.at) {
                conditions.tally(satellite, &fix, tally);
            }
        }
    }
}

/// The totals of `fleet` at `at` the slow way: every satellite through the
/// scalar path and the scalar shadow model (the reference the kernel is tested against).
pub fn fleet_totals_scalar(
    fleet: &Fleet,
    satellite: &SatelliteModel,
    fleet_model: &FleetModel,
    at: DateTime<Utc>,
) -> FleetTotals {
    let conditions = Conditions::new(at, satellite, fleet_model);
    let groups = group_list(fleet);
    let mut per_group = vec![Tally::default(); groups.len()];
    for i in 0..fleet.len() {
        if let (Some(fix), Some(group)) = (fleet.propagate_one(i, at), fleet.group_of(i)) {
            conditions.tally(satellite, &fix, &mut per_group[group_slot(fleet, group)]);
        }
    }
    assemble(
        fleet,
        satellite,
        fleet_model,
        &conditions,
        groups,
        per_group,
    )
}

/// The (name, group, satellites) of each shell and catalog, in order.
pub fn group_list(fleet: &Fleet) -> Vec<(String, Group, u64)> {
    let shells = fleet.shells.iter().enumerate().map(|(i, s)| {
        (
            s.shell.spec.name.clone(),
            Group::Shell(i),
            s.range.len() as u64,
        )
    });
    let catalogs = fleet.catalogs.iter().enumerate().map(|(i, c)| {
        (
            c.name.clone(),
            Group::Catalog(i),
            (c.range.len() + c.rejected) as u64,
        )
    });
    shells.chain(catalogs).collect()
}

/// Index of a group in [`group_list`]'s order.
pub fn group_slot(fleet: &Fleet, group: Group) -> usize {
    match group {
        Group::Shell(i) => i,
        Group::Catalog(i) => fleet.shells.len() + i,
    }
}

/// Builds the totals from per-group tallies (shared with the batched kernel).
pub fn assemble(
    fleet: &Fleet,
    satellite: &SatelliteModel,
    fleet_model: &FleetModel,
    conditions: &Conditions,
    groups: Vec<(String, Group, u64)>,
    mut per_group: Vec<Tally>,
) -> FleetTotals {
    // Catalog entries SGP4 refused at initialisation count as errors.
    for (i, c) in fleet.catalogs.iter().enumerate() {
        per_group[fleet.shells.len() + i].errors += c.rejected as u64;
    }
    let mut tally = Tally::default();
    for t in &per_group {
        tally.add(t);
    }
    let satellites: u64 = groups.iter().map(|g| g.2).sum();
    let working = tally.propagated() as f64;
    let life = fleet_model.satellite_life_years;
    let replacements_per_year = working / life;
    FleetTotals {
        at: conditions.at,
        sun_direction_in_teme: conditions.sun.direction_in_teme,
        sun_distance_au: conditions.sun.distance_au(),
        gmst_rad: conditions.gmst_rad,
        tally,
        groups: groups
            .into_iter()
            .zip(per_group)
            .map(|((name, group, satellites), tally)| GroupTotals {
                name,
                group,
                satellites,
                tally,
            })
            .collect(),
        satellites,
        compute_delivered_flops: tally.compute_power_w * satellite.flops_per_watt,
        compute_installed_flops: working * satellite.compute_power_w * satellite.flops_per_watt,
        mass_kg: working * satellite.mass_kg,
        radiator_area_m2: working * satellite.radiator_area_m2(),
        replacements_per_year,
        launches_per_year: replacements_per_year * satellite.mass_kg
            / fleet_model.launch_payload_kg,
        world_datacenter_power_w: fleet_model.world_datacenter_power_w,
    }
}
