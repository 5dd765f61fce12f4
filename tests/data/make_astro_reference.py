"""Independent reference values for GMST and the Sun's direction in TEME.

Generates astro_reference.csv with astropy (ERFA underneath), used by
tests/astro_reference.rs. Run once; the CSV is committed:

    python3 -m venv /tmp/astro && /tmp/astro/bin/pip install astropy==8.0.2
    /tmp/astro/bin/python tests/data/make_astro_reference.py > tests/data/astro_reference.csv

Times are taken on the UT1 scale so that GMST compares the formula, not
UT1 - UTC (the app uses UTC for UT1). The Sun is astropy's `get_sun`
(apparent geocentric, GCRS) transformed to its TEME frame.
"""

import warnings

import numpy as np
from astropy import units as u
from astropy.coordinates import TEME, get_sun
from astropy.time import Time
from astropy.utils import iers

iers.conf.auto_download = False
iers.conf.iers_degraded_accuracy = "warn"
iers.conf.auto_max_age = None
warnings.simplefilter("ignore")

INSTANTS = [
    "1970-01-01T00:00:00", "1985-07-04T18:30:00", "1999-12-31T23:59:59",
    "2000-01-01T12:00:00", "2006-04-02T00:00:00", "2010-09-23T03:09:00",
    "2016-02-29T12:00:00", "2020-06-20T21:43:00", "2024-12-21T09:20:00",
    "2026-01-01T00:00:00", "2026-03-20T14:46:00", "2026-06-21T08:24:00",
    "2026-09-23T00:05:00", "2026-11-29T07:36:31", "2026-12-21T20:50:00",
    "2030-05-15T06:00:00", "2040-10-10T10:10:10", "2049-12-31T12:00:00",
]

print("utc,gmst82_deg,gmst06_deg,sun_x,sun_y,sun_z,sun_distance_au")
for text in INSTANTS:
    t = Time(text, scale="ut1")
    gmst82 = t.sidereal_time("mean", "greenwich", model="IAU1982").to_value(u.deg)
    gmst06 = t.sidereal_time("mean", "greenwich", model="IAU2006").to_value(u.deg)
    sun = get_sun(t).transform_to(TEME(obstime=t))
    xyz = sun.cartesian.xyz.to_value(u.au)
    dist = np.linalg.norm(xyz)
    x, y, z = xyz / dist
    print(f"{text}Z,{gmst82:.9f},{gmst06:.9f},{x:.12f},{y:.12f},{z:.12f},{dist:.9f}")
