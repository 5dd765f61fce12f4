"""Expected satellites above the horizon and above 30 deg from a site, for
shells whose satellites are spread evenly in node and in argument of
latitude: the analytic density of Bassa, Hainaut & Galadi-Enriquez (2022,
A&A 657, A75, sect. 2) in its exact form,

    n(phi) = N / (2 pi^2 sqrt(sin^2 i - sin^2 phi))   satellites per steradian

of the shell's sphere (|phi| < i, phi the geocentric latitude), integrated
over the part of the sphere a site sees above an elevation (a spherical
Earth of 6378.137 km with the site on it, its up the radial direction:
the ellipsoid's flattening is left out, which moves counts at 40-60 deg of
latitude by one or two per cent).
This is the long-run mean that `megaconstellation sky` counts at single
instants should average to: tests/sky.rs holds a day's mean to it, and
README's side-by-side quotes it. Run once; the CSV is committed:

    /tmp/skyref/bin/python tests/data/sky/analytic_counts.py > tests/data/sky/analytic_counts.csv

(numpy only; Python 3.11 or newer for tomllib).
"""

import os
import tomllib

import numpy as np

R = 6378.137
WGS72_R = 6378.135


def shells(path):
    spec = tomllib.load(open(path, "rb"))
    for s in spec["shell"]:
        yield s["altitude_km"], s["inclination_deg"], s["planes"] * s["sats_per_plane"]


def expected(path, lat_deg, min_elevation_deg, n=2000):
    """Mean satellites above `min_elevation_deg` from a site at `lat_deg`.

    The density n(phi) is integrated in the variables it comes from, the
    node and the argument of latitude, each on an even grid of n points
    (their midpoints), which keeps the integrable singularity at |phi| = i
    out of the sum: the mean count is N times the share of (node, argument
    of latitude) pairs that put a satellite above the elevation.
    """
    lat = np.radians(lat_deg)
    site = R * np.array([np.cos(lat), 0.0, np.sin(lat)])
    up = np.array([np.cos(lat), 0.0, np.sin(lat)])
    grid = (np.arange(n) + 0.5) / n * 2 * np.pi
    node, u = np.meshgrid(grid, grid, indexing="ij")
    sin_min = np.sin(np.radians(min_elevation_deg))
    total = 0.0
    for alt, inc, count in shells(path):
        r = WGS72_R + alt
        ci, si = np.cos(np.radians(inc)), np.sin(np.radians(inc))
        x = r * (np.cos(node) * np.cos(u) - np.sin(node) * ci * np.sin(u)) - site[0]
        y = r * (np.sin(node) * np.cos(u) + np.cos(node) * ci * np.sin(u)) - site[1]
        z = r * si * np.sin(u) - site[2]
        sin_el = (x * up[0] + y * up[1] + z * up[2]) / np.sqrt(x * x + y * y + z * z)
        total += count * np.mean(sin_el > sin_min)
    return total


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    print("constellation,lat_deg,above_horizon,above_30deg")
    for name in ["starlink-2020", "starlink-gen1-bassa2022"]:
        path = os.path.join(here, name + ".toml")
        for lat in [0, 20, 30, 40, 50, 60]:
            h = expected(path, lat, 0.0)
            t = expected(path, lat, 30.0)
            print(f"{name},{lat},{h:.2f},{t:.2f}")
