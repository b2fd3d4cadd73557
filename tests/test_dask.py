"""attribute() on a dask-geopandas frame, on a real local multi-process cluster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

dask_geopandas = pytest.importorskip("dask_geopandas", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

import geopandas as gpd  # noqa: E402

from geoincidents.join import attribute  # noqa: E402

pytestmark = [pytest.mark.dask, pytest.mark.slow]


def test_attribute_partitionwise_matches_in_memory():
    rng = np.random.default_rng(3)
    n = 20_000
    x = rng.uniform(38.5, 48.8, n)
    y = rng.uniform(29.0, 37.5, n)
    prec = rng.choice(["exact", "adm2", "adm1"], n)
    gdf = gpd.GeoDataFrame({"id": [f"p{i}" for i in range(n)], "location_precision": prec},
                           geometry=gpd.points_from_xy(x, y), crs="EPSG:4326")
    expected = attribute(gdf, progress=False)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        ddf = dask_geopandas.from_geopandas(gdf, npartitions=4)
        result = attribute(ddf)
        assert isinstance(result, dask_geopandas.GeoDataFrame)
        got = result.compute()
    assert list(got.columns) == list(expected.columns)
    assert got["id"].tolist() == expected["id"].tolist()
    for col in expected.columns:
        if col == "geometry":
            continue
        pd.testing.assert_series_equal(
            got[col].astype(object).where(got[col].notna(), None),
            expected[col].astype(object).where(expected[col].notna(), None),
            check_names=False,
        )
