//! The built-in gateways: data-centre and internet-exchange hubs on the six
//! inhabited continents, where a constellation's traffic would meet the
//! terrestrial internet.
//!
//! Coordinates are the city's (GeoNames, to about 0.01°, about 1 km): a
//! gateway a few kilometres from its exchange moves a 550 km satellite's
//! elevation by well under a degree. The hub named beside each is the
//! exchange or data-centre campus there, as PeeringDB lists it.

/// A gateway of the built-in list.
#[derive(Debug, Clone, Copy)]
pub struct KnownGateway {
    /// Its name (the city).
    pub name: &'static str,
    /// Other names it answers to.
    pub aliases: &'static [&'static str],
    /// Geodetic latitude, degrees, north positive.
    pub latitude_deg: f64,
    /// Longitude, degrees, east positive.
    pub longitude_deg: f64,
    /// The exchange or campus there.
    pub hub: &'static str,
}

/// Where the coordinates and hubs come from.
pub const GATEWAY_SOURCE: &str = "city coordinates from GeoNames (about 0.01°); hubs from PeeringDB's exchange and facility records";

const fn gw(
    name: &'static str,
    aliases: &'static [&'static str],
    latitude_deg: f64,
    longitude_deg: f64,
    hub: &'static str,
) -> KnownGateway {
    KnownGateway {
        name,
        aliases,
        latitude_deg,
        longitude_deg,
        hub,
    }
}

/// The built-in gateways, by continent.
pub const GATEWAYS: &[KnownGateway] = &[
    // North America
    gw(
        "Ashburn",
        &["Northern Virginia", "Washington"],
        39.0438,
        -77.4874,
        "Data Center Alley (Equinix DC, NOVA exchanges)",
    ),
    gw(
        "New York",
        &["NYC"],
        40.7128,
        -74.0060,
        "60 Hudson St and 111 8th Ave (NYIIX, DE-CIX New York)",
    ),
    gw(
        "Chicago",
        &[],
        41.8781,
        -87.6298,
        "350 E Cermak (Equinix CH, AMS-IX Chicago)",
    ),
    gw(
        "Dallas",
        &[],
        32.7767,
        -96.7970,
        "the Infomart (Equinix DA, DE-CIX Dallas)",
    ),
    gw(
        "Los Angeles",
        &["LA"],
        34.0522,
        -118.2437,
        "One Wilshire (Any2 Los Angeles)",
    ),
    gw(
        "San Jose",
        &["Silicon Valley", "Santa Clara"],
        37.3382,
        -121.8863,
        "Equinix SV campus (SFMIX)",
    ),
    gw(
        "Seattle",
        &[],
        47.6062,
        -122.3321,
        "the Westin Building (SIX)",
    ),
    gw("Miami", &[], 25.7617, -80.1918, "NAP of the Americas"),
    gw("Toronto", &[], 43.6532, -79.3832, "151 Front St W (TorIX)"),
    gw(
        "Mexico City",
        &["CDMX"],
        19.4326,
        -99.1332,
        "KIO and Equinix MX",
    ),
    gw(
        "Honolulu",
        &[],
        21.3069,
        -157.8583,
        "DRFortress (Hawaii IX)",
    ),
    // South America
    gw(
        "São Paulo",
        &["Sao Paulo"],
        -23.5505,
        -46.6333,
        "IX.br São Paulo",
    ),
    gw(
        "Rio de Janeiro",
        &["Rio"],
        -22.9068,
        -43.1729,
        "IX.br Rio de Janeiro",
    ),
    gw("Buenos Aires", &[], -34.6037, -58.3816, "CABASE"),
    gw("Santiago", &[], -33.4489, -70.6693, "PIT Chile"),
    gw("Bogotá", &["Bogota"], 4.7110, -74.0721, "NAP Colombia"),
    gw("Lima", &[], -12.0464, -77.0428, "Peru IX"),
    // Europe
    gw(
        "London",
        &[],
        51.5074,
        -0.1278,
        "LINX (Telehouse Docklands)",
    ),
    gw("Frankfurt", &[], 50.1109, 8.6821, "DE-CIX Frankfurt"),
    gw("Amsterdam", &[], 52.3676, 4.9041, "AMS-IX"),
    gw("Paris", &[], 48.8566, 2.3522, "France-IX"),
    gw("Dublin", &[], 53.3498, -6.2603, "INEX"),
    gw("Stockholm", &[], 59.3293, 18.0686, "Netnod"),
    gw("Madrid", &[], 40.4168, -3.7038, "ESpanix"),
    gw(
        "Marseille",
        &[],
        43.2965,
        5.3698,
        "France-IX Marseille (cable landings)",
    ),
    gw("Milan", &["Milano"], 45.4642, 9.1900, "MIX"),
    gw("Warsaw", &[], 52.2297, 21.0122, "PLIX"),
    gw("Istanbul", &[], 41.0082, 28.9784, "DE-CIX Istanbul"),
    // Africa
    gw(
        "Johannesburg",
        &[],
        -26.2041,
        28.0473,
        "NAPAfrica Johannesburg",
    ),
    gw("Cape Town", &[], -33.9249, 18.4241, "NAPAfrica Cape Town"),
    gw("Lagos", &[], 6.5244, 3.3792, "IXPN"),
    gw("Nairobi", &[], -1.2921, 36.8219, "KIXP"),
    gw("Cairo", &[], 30.0444, 31.2357, "CAIX"),
    gw(
        "Djibouti",
        &[],
        11.5721,
        43.1456,
        "Djibouti Data Center (cable landings)",
    ),
    // Asia
    gw("Dubai", &[], 25.2048, 55.2708, "UAE-IX"),
    gw(
        "Mumbai",
        &["Bombay"],
        19.0760,
        72.8777,
        "DE-CIX Mumbai, NIXI",
    ),
    gw(
        "Chennai",
        &[],
        13.0827,
        80.2707,
        "NIXI Chennai (cable landings)",
    ),
    gw("Singapore", &[], 1.3521, 103.8198, "SGIX, Equinix SG"),
    gw("Jakarta", &[], -6.2088, 106.8456, "IIX"),
    gw("Hong Kong", &[], 22.3193, 114.1694, "HKIX"),
    gw("Taipei", &[], 25.0330, 121.5654, "TWIX"),
    gw("Seoul", &[], 37.5665, 126.9780, "KINX"),
    gw("Tokyo", &[], 35.6762, 139.6503, "JPIX, JPNAP"),
    // Oceania
    gw(
        "Sydney",
        &[],
        -33.8688,
        151.2093,
        "Equinix SY (IX Australia)",
    ),
    gw(
        "Melbourne",
        &[],
        -37.8136,
        144.9631,
        "IX Australia Melbourne",
    ),
    gw("Perth", &[], -31.9505, 115.8605, "IX Australia Perth"),
    gw("Auckland", &[], -36.8485, 174.7633, "AKL-IX"),
];

#[cfg(test)]
mod tests {
    use super::GATEWAYS;

    #[test]
    fn at_least_thirty_gateways_on_six_continents_with_distinct_names() {
        assert!(GATEWAYS.len() >= 30);
        let mut names: Vec<&str> = GATEWAYS.iter().map(|g| g.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), GATEWAYS.len());
        // Continents by rough boxes: each holds at least two gateways.
        type Inside = fn(f64, f64) -> bool;
        let boxes: [(&str, Inside); 6] = [
            ("North America", |la, lo| la > 12.0 && lo < -50.0),
            ("South America", |la, lo| la < 12.0 && lo < -30.0),
            ("Europe", |la, lo| la > 36.0 && (-15.0..40.0).contains(&lo)),
            ("Africa", |la, lo| la < 32.0 && (-20.0..52.0).contains(&lo)),
            ("Asia", |la, lo| la > -10.0 && (52.0..150.0).contains(&lo)),
            ("Oceania", |la, lo| la < -10.0 && lo > 110.0),
        ];
        for (continent, inside) in boxes {
            let n = GATEWAYS
                .iter()
                .filter(|g| inside(g.latitude_deg, g.longitude_deg))
                .count();
            assert!(n >= 2, "{continent}: {n} gateways");
        }
        for g in GATEWAYS {
            assert!((-90.0..=90.0).contains(&g.latitude_deg), "{}", g.name);
            assert!((-180.0..=180.0).contains(&g.longitude_deg), "{}", g.name);
        }
    }
}
