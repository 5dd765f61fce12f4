//! The satellite and fleet assumptions behind the power and compute totals.
//!
//! Every default has its source beside it; the same text is shown in the
//! viewer's tooltips, from [`Assumption::source`].

use serde::{Deserialize, Serialize};

/// One satellite of the orbital data centre: its array, its compute, its
/// battery and its radiators. All fields have defaults, so a file may set
/// only those it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SatelliteModel {
    /// Mass in orbit, kg.
    pub mass_kg: f64,
    /// Solar array area, m².
    pub array_area_m2: f64,
    /// Cell efficiency at beginning of life (AM0), 0..1.
    pub cell_efficiency: f64,
    /// Fraction of the array area covered by cells, 0..1.
    pub packing_factor: f64,
    /// Mean cosine loss of pointing the array at the Sun, 0..1.
    pub pointing_factor: f64,
    /// Loss of array output per year in orbit, 0..1.
    pub degradation_per_year: f64,
    /// Power for everything but compute (avionics, comms, thermal pumps), W.
    pub housekeeping_power_w: f64,
    /// Power drawn by the compute payload at full load, W.
    pub compute_power_w: f64,
    /// Compute per watt of compute power, FLOP/s per W.
    pub flops_per_watt: f64,
    /// Minutes the battery can run the compute payload in shadow; after
    /// that the payload idles until the Sun returns. 0 = compute only in sunlight.
    pub battery_minutes: f64,
    /// Radiator temperature, K.
    pub radiator_temperature_k: f64,
    /// Radiator emissivity, 0..1.
    pub radiator_emissivity: f64,
    /// Radiating faces per radiator panel (2 = both sides see space).
    pub radiator_faces: f64,
    /// Standard magnitude: the V magnitude of the satellite at 1,000 km
    /// range and 90° phase angle (used by the `sky` command's photometry).
    pub standard_magnitude: f64,
}

/// Fleet-wide assumptions: replacement, launch and the comparison on the ground.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FleetModel {
    /// Years a satellite works before it is replaced.
    pub satellite_life_years: f64,
    /// Mass one launch puts into the operating orbit, kg.
    pub launch_payload_kg: f64,
    /// Solar constant at 1 AU, W/m².
    pub solar_constant_w_m2: f64,
    /// Mean power drawn by all data centres on Earth, W.
    pub world_datacenter_power_w: f64,
}

/// Stefan–Boltzmann constant, W m⁻² K⁻⁴.
pub const STEFAN_BOLTZMANN: f64 = 5.670_374_419e-8;

impl Default for SatelliteModel {
    fn default() -> Self {
        Self {
            mass_kg: 1000.0,
            array_area_m2: 320.0,
            cell_efficiency: 0.30,
            packing_factor: 0.85,
            pointing_factor: 0.95,
            degradation_per_year: 0.02,
            housekeeping_power_w: 10_000.0,
            compute_power_w: 100_000.0,
            flops_per_watt: 1.0e12,
            battery_minutes: 0.0,
            radiator_temperature_k: 293.15,
            radiator_emissivity: 0.90,
            radiator_faces: 2.0,
            // Starlink V2 Mini in brightness-mitigation mode, 7.87 at 1,000 km
            // for 116 m² (Mallama et al. 2023), scaled to 320 m² of array and
            // 146 m² of radiator: 7.87 − 2.5·log10(466/116) = 6.36.
            standard_magnitude: 6.4,
        }
    }
}

impl Default for FleetModel {
    fn default() -> Self {
        Self {
            satellite_life_years: 5.0,
            launch_payload_kg: 200_000.0,
            solar_constant_w_m2: 1361.0,
            world_datacenter_power_w: 47.0e9,
        }
    }
}

/// One editable assumption: its key in the file, its label, unit, source and bounds.
#[derive(Debug, Clone, Copy)]
pub struct Assumption {
    /// Key in the constellation file (`[satellite]` or `[fleet]` table).
    pub key: &'static str,
    /// Label for the UI.
    pub label: &'static str,
    /// Unit shown beside the value.
    pub unit: &'static str,
    /// Where the default comes from.
    pub source: &'static str,
    /// Smallest sensible value.
    pub min: f64,
    /// Largest sensible value.
    pub max: f64,
}

/// The satellite assumptions, in the order of [`SatelliteModel`]'s fields.
pub const SATELLITE_ASSUMPTIONS: [Assumption; 14] = [
    Assumption {
        key: "mass_kg",
        label: "Mass",
        unit: "kg",
        source: "1 t per satellite: the FCC filing's 100 kW of compute per tonne (SAT-LOA-20260108-00016)",
        min: 1.0,
        max: 1.0e6,
    },
    Assumption {
        key: "array_area_m2",
        label: "Array area",
        unit: "m²",
        source: "≈320 m² gives ≈110 kW at 1 AU with 30% cells and 85% packing (DESIGN.md)",
        min: 0.0,
        max: 1.0e5,
    },
    Assumption {
        key: "cell_efficiency",
        label: "Cell efficiency",
        unit: "",
        source: "Space triple-junction cells, ≈30% AM0 at beginning of life",
        min: 0.0,
        max: 1.0,
    },
    Assumption {
        key: "packing_factor",
        label: "Packing factor",
        unit: "",
        source: "Cells cover ≈85% of a space array's area",
        min: 0.0,
        max: 1.0,
    },
    Assumption {
        key: "pointing_factor",
        label: "Pointing factor",
        unit: "",
        source: "Mean cosine loss of a Sun-tracking array, ≈0.95",
        min: 0.0,
        max: 1.0,
    },
    Assumption {
        key: "degradation_per_year",
        label: "Array degradation",
        unit: "/yr",
        source: "≈2% a year for triple-junction cells in LEO radiation; applied at the fleet's mean age, half a satellite life",
        min: 0.0,
        max: 1.0,
    },
    Assumption {
        key: "housekeeping_power_w",
        label: "Housekeeping power",
        unit: "W",
        source: "≈10% of the bus for avionics, comms and thermal control",
        min: 0.0,
        max: 1.0e8,
    },
    Assumption {
        key: "compute_power_w",
        label: "Compute power",
        unit: "W",
        source: "100 kW per tonne of satellite (the FCC filing)",
        min: 0.0,
        max: 1.0e8,
    },
    Assumption {
        key: "flops_per_watt",
        label: "Compute per watt",
        unit: "FLOP/s/W",
        source: "1 PFLOP/s per kW: below a DGX B200 (≈1.26 PFLOP/s dense BF16 per kW) and an H100 SXM (989 TFLOP/s at 700 W)",
        min: 0.0,
        max: 1.0e15,
    },
    Assumption {
        key: "battery_minutes",
        label: "Compute on battery",
        unit: "min",
        source: "0: compute runs in sunlight only, the battery carries housekeeping (a 100 kW payload for a 35-minute eclipse needs ≈60 kWh, ≈300 kg of cells)",
        min: 0.0,
        max: 1440.0,
    },
    Assumption {
        key: "radiator_temperature_k",
        label: "Radiator temperature",
        unit: "K",
        source: "20 °C, a temperature at which electronics' coolant can reject heat (Starcloud's figures)",
        min: 1.0,
        max: 2000.0,
    },
    Assumption {
        key: "radiator_emissivity",
        label: "Radiator emissivity",
        unit: "",
        source: "≈0.9 for white-paint or OSR radiators",
        min: 0.0,
        max: 1.0,
    },
    Assumption {
        key: "radiator_faces",
        label: "Radiating faces",
        unit: "",
        source: "2: a panel radiating from both sides (Starcloud: 633 W/m² net two-sided at 20 °C)",
        min: 1.0,
        max: 2.0,
    },
    Assumption {
        key: "standard_magnitude",
        label: "Standard magnitude",
        unit: "mag",
        source: "V at 1,000 km and 90° phase, for the sky counts. Starlink V2 Mini in brightness-mitigation mode: 7.87 for 116 m² (Mallama et al. 2023, arXiv:2306.06657), the closest real satellite (flat bus, large arrays, the same operator's mitigations), scaled by reflecting area to 320 m² of array + 146 m² of radiator: 7.87 − 2.5·log10(466/116) ≈ 6.4. Unmitigated Minis are 2.7 mag brighter",
        min: -10.0,
        max: 25.0,
    },
];

/// The fleet assumptions, in the order of [`FleetModel`]'s fields.
pub const FLEET_ASSUMPTIONS: [Assumption; 4] = [
    Assumption {
        key: "satellite_life_years",
        label: "Satellite life",
        unit: "yr",
        source: "5 years, the replacement rate in the filing's critics' sums (≈200,000 satellites a year for 1M)",
        min: 0.1,
        max: 100.0,
    },
    Assumption {
        key: "launch_payload_kg",
        label: "Payload per launch",
        unit: "kg",
        source: "≈200 t per Starship V3 launch (SpaceX–xAI merger memo, 2026)",
        min: 1.0,
        max: 1.0e7,
    },
    Assumption {
        key: "solar_constant_w_m2",
        label: "Solar constant",
        unit: "W/m²",
        source: "1361 W/m² at 1 AU (Kopp & Lean 2011); scaled by the Sun's distance",
        min: 0.0,
        max: 1.0e5,
    },
    Assumption {
        key: "world_datacenter_power_w",
        label: "World data centres",
        unit: "W",
        source: "≈415 TWh in 2024, ≈47 GW mean (IEA, Energy and AI, 2025); ≈108 GW projected for 2030",
        min: 1.0,
        max: 1.0e15,
    },
];

impl SatelliteModel {
    /// The values in the order of [`SATELLITE_ASSUMPTIONS`].
    pub fn values_mut(&mut self) -> [&mut f64; 14] {
        [
            &mut self.mass_kg,
            &mut self.array_area_m2,
            &mut self.cell_efficiency,
            &mut self.packing_factor,
            &mut self.pointing_factor,
            &mut self.degradation_per_year,
            &mut self.housekeeping_power_w,
            &mut self.compute_power_w,
            &mut self.flops_per_watt,
            &mut self.battery_minutes,
            &mut self.radiator_temperature_k,
            &mut self.radiator_emissivity,
            &mut self.radiator_faces,
            &mut self.standard_magnitude,
        ]
    }

    /// Array output facing the Sun fully lit at 1 AU and `solar_constant_w_m2`,
    /// at the fleet's mean age (half of `life_years`), W.
    pub fn array_power_w(&self, solar_constant_w_m2: f64, life_years: f64) -> f64 {
        let mean_age_years = 0.5 * life_years;
        solar_constant_w_m2
            * self.array_area_m2
            * self.cell_efficiency
            * self.packing_factor
            * self.pointing_factor
            * (1.0 - self.degradation_per_year)
                .max(0.0)
                .powf(mean_age_years)
    }

    /// Radiator area to reject the payload's and the bus's power at the
    /// radiator temperature, ignoring the heat the Earth and Sun put back, m².
    pub fn radiator_area_m2(&self) -> f64 {
        let flux = self.radiator_faces
            * self.radiator_emissivity
            * STEFAN_BOLTZMANN
            * self.radiator_temperature_k.powi(4);
        (self.compute_power_w + self.housekeeping_power_w) / flux
    }

    /// Power given to compute by a satellite that sees `lit_fraction` of the
    /// Sun and has been in the shadow cylinder for `minutes_in_shadow`
    /// (`None` if it is not in it), W.
    pub fn compute_power_now_w(
        &self,
        array_power_w: f64,
        lit_fraction: f64,
        minutes_in_shadow: Option<f64>,
    ) -> f64 {
        let from_array = (lit_fraction * array_power_w - self.housekeeping_power_w)
            .clamp(0.0, self.compute_power_w);
        if lit_fraction < 1.0 {
            // Penumbra before the cylinder's edge counts as zero minutes in shadow.
            let minutes = minutes_in_shadow.unwrap_or(0.0);
            if minutes < self.battery_minutes {
                return self.compute_power_w;
            }
        }
        from_array
    }

    /// Checks every value against the bounds of [`SATELLITE_ASSUMPTIONS`];
    /// the error is the first one out of range.
    pub fn check(&self) -> Result<(), ModelError> {
        let mut copy = self.clone();
        check_values(&SATELLITE_ASSUMPTIONS, copy.values_mut().map(|v| *v))
    }
}

impl FleetModel {
    /// The values in the order of [`FLEET_ASSUMPTIONS`].
    pub fn values_mut(&mut self) -> [&mut f64; 4] {
        [
            &mut self.satellite_life_years,
            &mut self.launch_payload_kg,
            &mut self.solar_constant_w_m2,
            &mut self.world_datacenter_power_w,
        ]
    }

    /// Checks every value against the bounds of [`FLEET_ASSUMPTIONS`].
    pub fn check(&self) -> Result<(), ModelError> {
        let mut copy = self.clone();
        check_values(&FLEET_ASSUMPTIONS, copy.values_mut().map(|v| *v))
    }
}

/// A model value outside the bounds of its [`Assumption`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "`{key}` is {value}; expected a number from {min} to {max}{}",
    unit_suffix(unit)
)]
pub struct ModelError {
    /// The key in the file (`[satellite]` or `[fleet]` table).
    pub key: &'static str,
    /// The value given.
    pub value: f64,
    /// Smallest value accepted.
    pub min: f64,
    /// Largest value accepted.
    pub max: f64,
    /// The unit, empty for a ratio.
    pub unit: &'static str,
}

/// " kg" after a number, nothing for a ratio.
fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

fn check_values<const N: usize>(
    table: &[Assumption; N],
    values: [f64; N],
) -> Result<(), ModelError> {
    for (a, v) in table.iter().zip(values) {
        if !v.is_finite() || v < a.min || v > a.max {
            return Err(ModelError {
                key: a.key,
                value: v,
                min: a.min,
                max: a.max,
                unit: a.unit,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_array_gives_about_100_kw() {
        let m = SatelliteModel::default();
        let f = FleetModel::default();
        // 1361 · 320 · 0.30 · 0.85 · 0.95 · 0.98^2.5 ≈ 100.4 kW
        let p = m.array_power_w(f.solar_constant_w_m2, f.satellite_life_years);
        assert!((p - 100_380.0).abs() < 100.0, "{p}");
    }

    #[test]
    fn radiator_flux_matches_design_figure() {
        // One face at 293 K, ε 0.9: ≈377 W/m² (DESIGN.md); two faces double it.
        let m = SatelliteModel {
            radiator_temperature_k: 293.0,
            radiator_faces: 1.0,
            compute_power_w: 377.0,
            housekeeping_power_w: 0.0,
            ..SatelliteModel::default()
        };
        assert!(
            (m.radiator_area_m2() - 1.0).abs() < 0.01,
            "{}",
            m.radiator_area_m2()
        );
    }

    #[test]
    fn battery_policy() {
        let m = SatelliteModel {
            battery_minutes: 10.0,
            ..SatelliteModel::default()
        };
        let array = 120_000.0;
        assert_eq!(m.compute_power_now_w(array, 1.0, None), 100_000.0);
        assert_eq!(m.compute_power_now_w(array, 0.0, Some(5.0)), 100_000.0);
        assert_eq!(m.compute_power_now_w(array, 0.0, Some(15.0)), 0.0);
        // Penumbra after the battery is spent: what the partial Sun gives.
        assert_eq!(m.compute_power_now_w(array, 0.5, Some(12.0)), 50_000.0);
        let no_battery = SatelliteModel::default();
        assert_eq!(no_battery.compute_power_now_w(array, 0.0, Some(0.1)), 0.0);
    }

    #[test]
    fn checks_reject_absurd_values() {
        let m = SatelliteModel {
            cell_efficiency: 1.5,
            ..SatelliteModel::default()
        };
        let e = m.check().unwrap_err();
        assert_eq!(e.key, "cell_efficiency");
        assert_eq!(
            e.to_string(),
            "`cell_efficiency` is 1.5; expected a number from 0 to 1"
        );
        assert!(SatelliteModel::default().check().is_ok());
        let f = FleetModel {
            satellite_life_years: f64::NAN,
            ..FleetModel::default()
        };
        assert_eq!(
            f.check().unwrap_err().to_string(),
            "`satellite_life_years` is NaN; expected a number from 0.1 to 100 yr"
        );
    }
}
