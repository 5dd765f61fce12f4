"""NRLMSISE-00 densities from pymsis (PyPI; NRL's Fortran, version=0), the
reference the lifetime module's atmosphere is checked against
(src/lifetime.rs, test `nrlmsise_densities_match_pymsis`).

    python3 -m venv v && v/bin/pip install pymsis==0.13.0
    v/bin/python tests/data/lifetime/pymsis_density.py > tests/data/lifetime/pymsis-nrlmsise00.csv

Columns: day of year, seconds of day (UT), altitude km, latitude and
longitude degrees, F10.7 (daily and 81-day alike), daily Ap, total mass
density kg/m^3 (gtd7d: anomalous oxygen included).
"""
import numpy as np
import pymsis

ALTITUDES = [150, 200, 300, 400, 500, 600, 700, 800, 1000, 1500, 2000]
LATITUDES = [-60.0, 0.0, 45.0]
LONGITUDES = [-90.0, 0.0, 120.0]
TIMES = [("2026-03-21", 80, 0), ("2026-03-21", 80, 43200), ("2026-06-21", 172, 29000)]
ACTIVITY = [(70.0, 4.0), (140.0, 15.0), (250.0, 45.0)]

print("day_of_year,seconds,altitude_km,latitude_deg,longitude_deg,f107,ap,density_kg_m3")
for day, doy, sec in TIMES:
    when = np.datetime64(day) + np.timedelta64(sec, "s")
    for f107, ap in ACTIVITY:
        out = pymsis.calculate(
            when, LONGITUDES, LATITUDES, ALTITUDES,
            f107s=[f107], f107as=[f107], aps=[[ap] * 7], version=0,
        )
        rho = np.squeeze(out[..., pymsis.Variable.MASS_DENSITY])  # lon, lat, alt
        for i, lon in enumerate(LONGITUDES):
            for j, lat in enumerate(LATITUDES):
                for k, alt in enumerate(ALTITUDES):
                    print(f"{doy},{sec},{alt},{lat},{lon},{f107},{ap},{rho[i, j, k]:.6e}")
