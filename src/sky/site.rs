//! Observing sites: geodetic latitude, longitude and height on the WGS-84
//! ellipsoid, a built-in list of observatories and cities, and `--site`.
//!
//! Coordinates in the list are given to about 0.001° (100 m) for the
//! observatories and 0.01° (1 km) for cities: a kilometre moves a 550 km
//! satellite's elevation by about 0.1°, well inside what the counts need.

use crate::frames::{Geodetic, ecef_from_geodetic};
use crate::vec3::Vec3;

/// A place on the Earth to look at the sky from.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// The name shown in reports (the list's name, or the coordinates as typed).
    pub name: String,
    /// Geodetic latitude, degrees, north positive.
    pub latitude_deg: f64,
    /// Longitude, degrees, east positive, in (−180, 180].
    pub longitude_deg: f64,
    /// Height above the WGS-84 ellipsoid, metres.
    pub height_m: f64,
}

/// A site of the built-in list.
#[derive(Debug, Clone, Copy)]
pub struct KnownSite {
    /// Its name.
    pub name: &'static str,
    /// Other names it answers to.
    pub aliases: &'static [&'static str],
    /// Geodetic latitude, degrees, north positive.
    pub latitude_deg: f64,
    /// Longitude, degrees, east positive.
    pub longitude_deg: f64,
    /// Height, metres (above the ellipsoid for observatories; cities: ground level, approximate).
    pub height_m: f64,
    /// Where the coordinates come from.
    pub source: &'static str,
}

/// City-centre coordinates, rounded to 0.0001°, heights approximate.
const CITY: &str = "city centre (GeoNames), to about 0.01°; height approximate";

const fn city(
    name: &'static str,
    aliases: &'static [&'static str],
    latitude_deg: f64,
    longitude_deg: f64,
    height_m: f64,
) -> KnownSite {
    KnownSite {
        name,
        aliases,
        latitude_deg,
        longitude_deg,
        height_m,
        source: CITY,
    }
}

/// Observatories, polar stations and large cities on every continent.
pub const SITES: &[KnownSite] = &[
    KnownSite {
        name: "Cerro Paranal",
        aliases: &["Paranal", "VLT", "ESO Paranal"],
        latitude_deg: -24.6272,
        longitude_deg: -70.4042,
        height_m: 2635.0,
        source: "ESO, Paranal Observatory: 24°37′38″ S, 70°24′15″ W, 2,635 m",
    },
    KnownSite {
        name: "Cerro Pachon",
        aliases: &["Rubin", "Rubin Observatory", "LSST", "Pachon"],
        latitude_deg: -30.2444,
        longitude_deg: -70.7494,
        height_m: 2650.0,
        source: "Vera C. Rubin Observatory on Cerro Pachón: 30.2444° S, 70.7494° W, 2,650 m (the LSST site of Rubin's simulation software)",
    },
    KnownSite {
        name: "Cerro Armazones",
        aliases: &["ELT", "Armazones"],
        latitude_deg: -24.5894,
        longitude_deg: -70.1922,
        height_m: 3046.0,
        source: "ESO, Extremely Large Telescope site: 24°35′22″ S, 70°11′32″ W, 3,046 m",
    },
    KnownSite {
        name: "La Silla",
        aliases: &["ESO La Silla"],
        latitude_deg: -29.2567,
        longitude_deg: -70.7300,
        height_m: 2400.0,
        source: "ESO, La Silla Observatory: 29°15′24″ S, 70°43′48″ W, 2,400 m",
    },
    KnownSite {
        name: "Cerro Tololo",
        aliases: &["CTIO", "Tololo"],
        latitude_deg: -30.1690,
        longitude_deg: -70.8063,
        height_m: 2207.0,
        source: "NOIRLab, Cerro Tololo Inter-American Observatory: 30.169° S, 70.806° W, 2,207 m",
    },
    KnownSite {
        name: "Chajnantor",
        aliases: &["ALMA", "Llano de Chajnantor"],
        latitude_deg: -23.0193,
        longitude_deg: -67.7532,
        height_m: 5058.0,
        source: "ALMA, array centre on the Llano de Chajnantor: 23.019° S, 67.753° W, 5,058 m",
    },
    KnownSite {
        name: "Mauna Kea",
        aliases: &["Maunakea", "Keck", "Subaru"],
        latitude_deg: 19.8207,
        longitude_deg: -155.4681,
        height_m: 4205.0,
        source: "Maunakea Observatories, summit: 19°49′14″ N, 155°28′05″ W, 4,205 m",
    },
    KnownSite {
        name: "La Palma ORM",
        aliases: &[
            "La Palma",
            "ORM",
            "Roque de los Muchachos",
            "GTC",
            "Observatorio del Roque de los Muchachos",
        ],
        latitude_deg: 28.7606,
        longitude_deg: -17.8816,
        height_m: 2396.0,
        source: "IAC, Observatorio del Roque de los Muchachos: 28°45′38″ N, 17°52′54″ W, 2,396 m",
    },
    KnownSite {
        name: "Kitt Peak",
        aliases: &["KPNO", "Kitt Peak National Observatory"],
        latitude_deg: 31.9583,
        longitude_deg: -111.5967,
        height_m: 2096.0,
        source: "NOIRLab, Kitt Peak National Observatory: 31°57′30″ N, 111°35′48″ W, 2,096 m",
    },
    KnownSite {
        name: "Siding Spring",
        aliases: &["SSO", "Siding Spring Observatory", "AAT"],
        latitude_deg: -31.2733,
        longitude_deg: 149.0617,
        height_m: 1165.0,
        source: "ANU, Siding Spring Observatory: 31°16′24″ S, 149°03′42″ E, 1,165 m",
    },
    KnownSite {
        name: "Calar Alto",
        aliases: &["CAHA", "Calar Alto Observatory"],
        latitude_deg: 37.2236,
        longitude_deg: -2.5463,
        height_m: 2168.0,
        source: "Centro Astronómico Hispano en Andalucía: 37°13′25″ N, 2°32′47″ W, 2,168 m",
    },
    KnownSite {
        name: "SKA-Low",
        aliases: &[
            "SKA Low",
            "Inyarrimanha Ilgari Bundara",
            "Murchison",
            "MRO",
            "Murchison Radio-astronomy Observatory",
        ],
        latitude_deg: -26.8247,
        longitude_deg: 116.7644,
        height_m: 377.0,
        source: "SKAO, SKA-Low central area at Inyarrimanha Ilgari Bundara (Murchison): 26°49′29″ S, 116°45′52″ E, ≈377 m",
    },
    KnownSite {
        name: "FAST",
        aliases: &[
            "Dawodang",
            "Five-hundred-meter Aperture Spherical Telescope",
        ],
        latitude_deg: 25.6529,
        longitude_deg: 106.8566,
        height_m: 1000.0,
        source: "NAOC, FAST in the Dawodang depression, Guizhou: 25°39′10″ N, 106°51′24″ E, ≈1,000 m",
    },
    KnownSite {
        name: "Greenwich",
        aliases: &["Royal Observatory Greenwich"],
        latitude_deg: 51.4769,
        longitude_deg: -0.0005,
        height_m: 46.0,
        source: "Royal Observatory Greenwich, the Airy transit circle: 51°28′38″ N, 0°00′02″ W",
    },
    KnownSite {
        name: "South Pole",
        aliases: &["Amundsen-Scott", "Amundsen-Scott South Pole Station"],
        latitude_deg: -89.99,
        longitude_deg: 0.0,
        height_m: 2835.0,
        source: "Amundsen–Scott South Pole Station, 2,835 m (USAP); put 0.01° off the pole so that azimuths are defined",
    },
    KnownSite {
        name: "McMurdo",
        aliases: &["McMurdo Station"],
        latitude_deg: -77.8463,
        longitude_deg: 166.6682,
        height_m: 10.0,
        source: "McMurdo Station, Ross Island, Antarctica (USAP): 77°50′47″ S, 166°40′06″ E",
    },
    KnownSite {
        name: "Longyearbyen",
        aliases: &["Svalbard"],
        latitude_deg: 78.2232,
        longitude_deg: 15.6267,
        height_m: 10.0,
        source: CITY,
    },
    city("Tromso", &["Tromsø"], 69.6492, 18.9553, 10.0),
    // Africa
    city("Cairo", &[], 30.0444, 31.2357, 23.0),
    city("Lagos", &[], 6.5244, 3.3792, 41.0),
    city("Kinshasa", &[], -4.4419, 15.2663, 240.0),
    city("Johannesburg", &[], -26.2041, 28.0473, 1753.0),
    city("Nairobi", &[], -1.2921, 36.8219, 1795.0),
    city("Casablanca", &[], 33.5731, -7.5898, 50.0),
    // Asia
    city("Tokyo", &[], 35.6762, 139.6503, 40.0),
    city("Delhi", &["New Delhi"], 28.6139, 77.2090, 216.0),
    city("Shanghai", &[], 31.2304, 121.4737, 4.0),
    city("Beijing", &[], 39.9042, 116.4074, 44.0),
    city("Mumbai", &[], 19.0760, 72.8777, 14.0),
    city("Dhaka", &[], 23.8103, 90.4125, 4.0),
    city("Karachi", &[], 24.8607, 67.0011, 10.0),
    city("Istanbul", &[], 41.0082, 28.9784, 39.0),
    city("Jakarta", &[], -6.2088, 106.8456, 8.0),
    city("Manila", &[], 14.5995, 120.9842, 13.0),
    city("Seoul", &[], 37.5665, 126.9780, 38.0),
    city("Bangkok", &[], 13.7563, 100.5018, 2.0),
    city("Tehran", &[], 35.6892, 51.3890, 1190.0),
    city("Singapore", &[], 1.3521, 103.8198, 15.0),
    // Europe
    city("Moscow", &[], 55.7558, 37.6173, 156.0),
    city("London", &[], 51.5074, -0.1278, 11.0),
    city("Paris", &[], 48.8566, 2.3522, 35.0),
    city("Berlin", &[], 52.5200, 13.4050, 34.0),
    city("Madrid", &[], 40.4168, -3.7038, 657.0),
    // North America
    city(
        "New York",
        &["NYC", "New York City"],
        40.7128,
        -74.0060,
        10.0,
    ),
    city(
        "Mexico City",
        &["Ciudad de Mexico", "CDMX"],
        19.4326,
        -99.1332,
        2240.0,
    ),
    city("Los Angeles", &["LA"], 34.0522, -118.2437, 71.0),
    city("Chicago", &[], 41.8781, -87.6298, 181.0),
    city("Toronto", &[], 43.6532, -79.3832, 76.0),
    // South America
    city("Sao Paulo", &["São Paulo"], -23.5505, -46.6333, 760.0),
    city("Buenos Aires", &[], -34.6037, -58.3816, 25.0),
    city("Lima", &[], -12.0464, -77.0428, 154.0),
    city("Bogota", &["Bogotá"], 4.7110, -74.0721, 2640.0),
    city("Rio de Janeiro", &["Rio"], -22.9068, -43.1729, 5.0),
    city(
        "Santiago",
        &["Santiago de Chile"],
        -33.4489,
        -70.6693,
        570.0,
    ),
    // Oceania
    city("Sydney", &[], -33.8688, 151.2093, 58.0),
    city("Melbourne", &[], -37.8136, 144.9631, 31.0),
    city("Auckland", &[], -36.8485, 174.7633, 20.0),
];

/// A `--site` that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SiteError {
    /// A name not in the list.
    #[error(
        "`{name}` is not a site in the list; the closest names are {}; or give LAT,LON[,HEIGHT_M] in degrees and metres",
        closest.join(", ")
    )]
    Unknown {
        /// The name as given.
        name: String,
        /// The closest names in the list.
        closest: Vec<&'static str>,
    },
    /// Coordinates that are not numbers, or too many of them.
    #[error("`{0}` is not LAT,LON[,HEIGHT_M] (degrees north, degrees east, metres)")]
    NotCoordinates(String),
    /// Latitude beyond ±90°.
    #[error("latitude {0}° is beyond ±90°")]
    Latitude(f64),
    /// Longitude beyond −180..360°.
    #[error("longitude {0}° is outside −180° to 360°")]
    Longitude(f64),
    /// Height below the Dead Sea or above the air.
    #[error("height {0} m is outside −500 m to 100,000 m")]
    Height(f64),
}

impl Site {
    /// A site at the given coordinates, checked.
    pub fn new(
        name: impl Into<String>,
        latitude_deg: f64,
        longitude_deg: f64,
        height_m: f64,
    ) -> Result<Self, SiteError> {
        if !(-90.0..=90.0).contains(&latitude_deg) {
            return Err(SiteError::Latitude(latitude_deg));
        }
        if !(-180.0..=360.0).contains(&longitude_deg) {
            return Err(SiteError::Longitude(longitude_deg));
        }
        if !(-500.0..=100_000.0).contains(&height_m) {
            return Err(SiteError::Height(height_m));
        }
        // Longitude into (−180, 180].
        let lon = -((-longitude_deg + 180.0).rem_euclid(360.0) - 180.0);
        Ok(Self {
            name: name.into(),
            latitude_deg,
            longitude_deg: lon,
            height_m,
        })
    }

    /// The site's geodetic coordinates (radians, km).
    pub fn geodetic(&self) -> Geodetic {
        Geodetic {
            latitude_rad: self.latitude_deg.to_radians(),
            longitude_rad: self.longitude_deg.to_radians(),
            height_km: self.height_m / 1000.0,
        }
    }

    /// Position in the Earth-fixed frame, km.
    pub fn pos_in_ecef_km(&self) -> Vec3 {
        ecef_from_geodetic(self.geodetic())
    }

    /// East, north and up unit vectors in the Earth-fixed frame; up is the
    /// ellipsoid's normal (geodetic vertical).
    pub fn enu_in_ecef(&self) -> [Vec3; 3] {
        let (sl, cl) = self.latitude_deg.to_radians().sin_cos();
        let (so, co) = self.longitude_deg.to_radians().sin_cos();
        [
            [-so, co, 0.0],
            [-sl * co, -sl * so, cl],
            [cl * co, cl * so, sl],
        ]
    }
}

/// Folds a name for matching: lower case, common Latin accents dropped,
/// everything but letters and digits left out.
pub fn fold(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The site of the list called `name` (any case, accents, spaces or hyphens).
pub fn known_site(name: &str) -> Option<&'static KnownSite> {
    let key = fold(name);
    if key.is_empty() {
        return None;
    }
    SITES
        .iter()
        .find(|s| fold(s.name) == key || s.aliases.iter().any(|a| fold(a) == key))
}

/// Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// How far a name is from a folded key: 0 for a prefix ("kitt" for "Kitt
/// Peak"), else the edit distance of the folded name.
fn name_distance(key: &str, name: &str) -> usize {
    let n = fold(name);
    if !key.is_empty() && n.starts_with(key) {
        0
    } else {
        edit_distance(key, &n)
    }
}

/// The three names of the list closest to `name` (by edit distance over
/// names and aliases, folded as for matching).
pub fn closest_sites(name: &str) -> Vec<&'static str> {
    let key = fold(name);
    let mut scored: Vec<(usize, &'static str)> = SITES
        .iter()
        .map(|s| {
            let best = std::iter::once(s.name)
                .chain(s.aliases.iter().copied())
                .map(|n| name_distance(&key, n))
                .min()
                .unwrap_or(usize::MAX);
            (best, s.name)
        })
        .collect();
    scored.sort_by_key(|&(d, n)| (d, n));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// The three of `names` closest to `name`, as [`closest_sites`] ranks them.
pub fn closest_names<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let key = fold(name);
    let mut scored: Vec<(usize, &'a str)> = names.map(|n| (name_distance(&key, n), n)).collect();
    scored.sort_by_key(|&(d, n)| (d, n));
    scored.dedup_by_key(|&mut (_, n)| n);
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// Parses `--site`: a name from [`SITES`] or `LAT,LON[,HEIGHT_M]`.
pub fn parse_site(text: &str) -> Result<Site, SiteError> {
    let trimmed = text.trim();
    let parts: Vec<&str> = trimmed.split(',').map(str::trim).collect();
    let numeric = parts.len() >= 2 && parts[0].parse::<f64>().is_ok();
    if numeric {
        let numbers: Vec<f64> = parts
            .iter()
            .map(|p| p.parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| SiteError::NotCoordinates(trimmed.to_owned()))?;
        if numbers.len() > 3 || numbers.iter().any(|x| !x.is_finite()) {
            return Err(SiteError::NotCoordinates(trimmed.to_owned()));
        }
        let height = numbers.get(2).copied().unwrap_or(0.0);
        return Site::new(trimmed, numbers[0], numbers[1], height);
    }
    match known_site(trimmed) {
        Some(s) => Site::new(s.name, s.latitude_deg, s.longitude_deg, s.height_m),
        None => Err(SiteError::Unknown {
            name: trimmed.to_owned(),
            closest: closest_sites(trimmed),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_in_any_case_and_spelling() {
        for (typed, name) in [
            ("cerro paranal", "Cerro Paranal"),
            ("PARANAL", "Cerro Paranal"),
            ("Cerro Pachón", "Cerro Pachon"),
            ("rubin", "Cerro Pachon"),
            ("mauna-kea", "Mauna Kea"),
            ("la palma", "La Palma ORM"),
            ("ska-low", "SKA-Low"),
            ("fast", "FAST"),
            ("São Paulo", "Sao Paulo"),
        ] {
            assert_eq!(
                parse_site(typed).map(|s| s.name),
                Ok(name.to_owned()),
                "{typed}"
            );
        }
    }

    #[test]
    fn the_list_is_sane() {
        assert!(SITES.iter().filter(|s| s.source == CITY).count() >= 30);
        for s in SITES {
            assert!(
                Site::new(s.name, s.latitude_deg, s.longitude_deg, s.height_m).is_ok(),
                "{}",
                s.name
            );
            // No two sites answer to the same name.
            for other in SITES {
                if std::ptr::eq(s, other) {
                    continue;
                }
                for n in std::iter::once(s.name).chain(s.aliases.iter().copied()) {
                    assert!(
                        fold(n) != fold(other.name)
                            && !other.aliases.iter().any(|a| fold(a) == fold(n)),
                        "{n} is ambiguous"
                    );
                }
            }
        }
    }

    #[test]
    fn coordinates_parse_and_are_checked() {
        let s = parse_site("-24.6,-70.4,2600").expect("coordinates");
        assert_eq!(
            (s.latitude_deg, s.longitude_deg, s.height_m),
            (-24.6, -70.4, 2600.0)
        );
        assert_eq!(parse_site("10, 350").map(|s| s.longitude_deg), Ok(-10.0));
        assert_eq!(parse_site("91,0"), Err(SiteError::Latitude(91.0)));
        assert_eq!(
            parse_site("1,2,3,4"),
            Err(SiteError::NotCoordinates("1,2,3,4".into()))
        );
        let err = parse_site("Paranall").unwrap_err().to_string();
        assert!(err.contains("Cerro Paranal"), "{err}");
        let err = parse_site("Kitt").unwrap_err().to_string();
        assert!(err.starts_with("`Kitt` is not a site"), "{err}");
        assert!(err.contains("Kitt Peak"), "{err}");
    }

    #[test]
    fn up_is_the_ellipsoid_normal() {
        // At 45° geodetic latitude the normal is not the radial direction:
        // they differ by about 0.19°.
        let s = Site::new("x", 45.0, 0.0, 0.0).expect("site");
        let [e, n, u] = s.enu_in_ecef();
        let r = crate::vec3::normalize(s.pos_in_ecef_km());
        let angle = crate::vec3::dot(r, u).acos().to_degrees();
        assert!((angle - 0.192).abs() < 0.002, "{angle}");
        assert!(crate::vec3::dot(e, n).abs() < 1e-15 && crate::vec3::dot(n, u).abs() < 1e-15);
    }
}
