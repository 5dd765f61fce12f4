"""Independent sky counts for tests/sky.rs: real Starlink TLEs seen from three sites.

Generates sky_reference.csv from starlink-2026-05-13.tle. Run once; the CSV
is committed:

    python3 -m venv /tmp/skyref && /tmp/skyref/bin/pip install astropy==8.0.2 sgp4==2.27 numpy
    /tmp/skyref/bin/python tests/data/make_sky_reference.py > tests/data/sky_reference.csv

Nothing here comes from the Rust code: python-sgp4 propagates (WGS-72,
improved mode, as Vallado's reference code does), astropy (ERFA) turns TEME
into ITRS with its own GMST, UT1 - UTC and polar motion from its bundled
IERS tables (no download), and into the site's AltAz with no refraction
(pressure 0: elevation against the WGS-84 normal, azimuth from north
through east). The Sun is astropy's get_sun (apparent, GCRS) in TEME. The
conical shadow (Montenbruck & Gill 3.4.2) and the magnitude formula of
README's "The night sky" are written out below in numpy.

Each row also counts the satellites whose classification the two
computations could honestly disagree on (the `amb_*` columns): within
0.01 deg of the horizon or of 30 deg (the frames differ by UT1 - UTC and
polar motion, a few thousandths of a degree), within 3e-4 rad of the umbra's
edge (the Rust Sun is the Almanac's low-precision formula, 0.01 deg), and
within 0.02 magnitudes of 6 or 7 (0.5 for a satellite in the penumbra,
whose lit fraction moves with the Sun's direction). The test allows each
count to differ by the ambiguous satellites that bear on it.
"""

import os
import warnings

import numpy as np
from astropy import units as u
from astropy.coordinates import (
    ITRS, TEME, AltAz, CartesianRepresentation, EarthLocation, get_sun)
from astropy.time import Time
from astropy.utils import iers
from sgp4.api import Satrec

iers.conf.auto_download = False
iers.conf.auto_max_age = None
warnings.simplefilter("ignore")

STANDARD_MAGNITUDE = 7.0  # V at 1,000 km and 90 deg phase (the test sets the same)
EXTINCTION = 0.2  # magnitudes per airmass
EARTH_RADIUS_KM = 6378.137
SUN_RADIUS_KM = 696000.0

SITES = [
    ("Cerro Paranal", -24.6272, -70.4042, 2635.0),
    ("La Palma ORM", 28.7606, -17.8816, 2396.0),
    ("Tokyo", 35.6762, 139.6503, 40.0),
]
INSTANTS = [f"2026-05-13T{h:02d}:{m:02d}:00" for h in range(0, 24, 3) for m in (0, 37)]

here = os.path.dirname(os.path.abspath(__file__))
lines = [l.rstrip() for l in open(os.path.join(here, "starlink-2026-05-13.tle")) if l.strip()]
sats = [Satrec.twoline2rv(lines[i + 1], lines[i + 2]) for i in range(0, len(lines), 3)]


def lambert(phase):
    return np.clip((np.pi - phase) * np.cos(phase) + np.sin(phase), 0.0, None)


def airmass(z_deg):
    # Kasten & Young (1989)
    return 1.0 / (np.cos(np.radians(z_deg)) + 0.50572 * (96.07995 - z_deg) ** -1.6364)


print("site,lat_deg,lon_deg,height_m,utc,sun_altitude_deg,above_horizon,above_30deg,"
      "sunlit_above_horizon,sunlit_above_30deg,brighter_than_mag6,brighter_than_mag7,"
      "brightest_magnitude,amb_horizon,amb_30deg,amb_shadow,amb_mag6,amb_mag7")
for name, lat, lon, height in SITES:
    loc = EarthLocation.from_geodetic(lon * u.deg, lat * u.deg, height * u.m)
    for text in INSTANTS:
        t = Time(text, scale="utc")
        jd, fr = t.jd1, t.jd2
        r = []
        for s in sats:
            e, pos, _ = s.sgp4(jd, fr)
            r.append(pos if e == 0 else (np.nan, np.nan, np.nan))
        r = np.array(r)
        ok = np.all(np.isfinite(r), axis=1) & (np.linalg.norm(r, axis=1) > 6378.135)
        r = r[ok]
        teme = TEME(CartesianRepresentation(r.T * u.km), obstime=t)
        altaz = teme.transform_to(ITRS(obstime=t)).transform_to(
            AltAz(obstime=t, location=loc, pressure=0 * u.hPa))
        alt = altaz.alt.to_value(u.deg)
        # The site and the Sun in TEME.
        site = loc.get_itrs(obstime=t).transform_to(TEME(obstime=t)).cartesian.xyz.to_value(u.km)
        sun_teme = get_sun(t).transform_to(TEME(obstime=t))
        sun = sun_teme.cartesian.xyz.to_value(u.km)
        sun_alt = (get_sun(t).transform_to(ITRS(obstime=t))
                   .transform_to(AltAz(obstime=t, location=loc, pressure=0 * u.hPa))
                   .alt.to_value(u.deg))
        # Conical shadow: apparent radii of the Earth (b) and the Sun (a), separation c.
        rn = np.linalg.norm(r, axis=1)
        to_sun = sun[None, :] - r
        ds = np.linalg.norm(to_sun, axis=1)
        a = np.arcsin(SUN_RADIUS_KM / ds)
        b = np.arcsin(np.minimum(EARTH_RADIUS_KM / rn, 1.0))
        c = np.arccos(np.clip(-np.sum(r * to_sun, axis=1) / (rn * ds), -1, 1))
        x = (c * c + a * a - b * b) / (2 * c)
        y = np.sqrt(np.maximum(a * a - x * x, 0))
        overlap = (a * a * np.arccos(np.clip(x / a, -1, 1))
                   + b * b * np.arccos(np.clip((c - x) / b, -1, 1)) - c * y)
        f = np.where(c >= a + b, 1.0,
                     np.where(c <= b - a, 0.0, np.clip(1 - overlap / (np.pi * a * a), 0, 1)))
        day = np.sum(r * to_sun, axis=1) >= 0
        f = np.where(day, 1.0, f)
        lit = f > 0
        # Magnitudes of the sunlit satellites above the horizon.
        d = r - site[None, :]
        rho = np.linalg.norm(d, axis=1)
        cos_phase = np.sum(to_sun * (-d), axis=1) / (ds * rho)
        phase = np.arccos(np.clip(cos_phase, -1, 1))
        z = 90.0 - alt
        with np.errstate(divide="ignore", invalid="ignore"):
            m = (STANDARD_MAGNITUDE + 5 * np.log10(rho / 1000.0) - 2.5 * np.log10(lambert(phase) * f)
                 + EXTINCTION * airmass(z))
        up = alt > 0
        up30 = alt > 30
        seen = up & lit
        m_seen = m[seen]
        brightest = f"{m_seen.min():.6f}" if m_seen.size else ""
        penumbra = (f > 0) & (f < 1)
        near_edge = np.abs(c - (b - a)) < 3e-4
        tol6 = np.where(penumbra, 0.5, 0.02)
        print(",".join(str(v) for v in [
            name, lat, lon, height, text + "Z", f"{sun_alt:.6f}",
            up.sum(), up30.sum(), seen.sum(), (up30 & lit).sum(),
            (seen & (m < 6)).sum(), (seen & (m < 7)).sum(), brightest,
            (np.abs(alt) < 0.01).sum(), (np.abs(alt - 30) < 0.01).sum(),
            (near_edge & (alt > -0.01)).sum(),
            ((np.abs(m - 6) < tol6) & (alt > -0.01) & (f > 0)).sum(),
            ((np.abs(m - 7) < tol6) & (alt > -0.01) & (f > 0)).sum(),
        ]))
