# %% [markdown]
# # The seed story, end to end
#
# A notebook-style walk-through (run it as a script, or open it in Jupyter/VS Code: the `# %%`
# markers are cells). It follows the spring-2020 report the project started from: coalition
# airstrikes in the Hamrin Mountains of Saladin, a police officer killed at a checkpoint in Hawija,
# attacks in Diyala and Kirkuk, and ISIS holdouts in Qarachogh near Makhmour.
#
#     python examples/walkthrough.py [OUTPUT_DIR]

# %%
import sys
from pathlib import Path

import geoincidents as gi
from geoincidents.data import example_path

out = Path(sys.argv[1] if len(sys.argv) > 1 else "walkthrough-out")
out.mkdir(parents=True, exist_ok=True)
here = Path(__file__).resolve().parent

# %% [markdown]
# ## 1. Every spelling of a place
# Reporters spell the same place many ways; the gazetteer answers with the feature, an honest
# geometry (a range is a line), its precision, a score and the record it came from.

# %%
gaz = gi.Gazetteer.default()
for query in ["Qarachogh", "Qarachokh", "Saladin", "Salahaddin", "Makhmour", "Makhmur",
              "Tooz Khormato", "طوز خورماتو", "Hamrin Mountains", "Hawija, western Kirkuk",
              "Road between Hawija town and Kirkuk town"]:
    r = gaz.resolve(query)
    print(f"{query!r:45} -> {r.status:10} {r.name!s:30} {r.feature_type!s:15} "
          f"{r.geometry.geom_type if r.geometry is not None else '-':12} {r.precision!s:8} {r.source}")

# %% [markdown]
# ## 2. The incidents, geocoded and attributed
# The example table has place names and no coordinates. Each row is geocoded through the
# gazetteer and attributed to governorate, district, sub-district, the disputed territories and
# the Kurdistan Region. Nothing is dropped: unresolved rows stay, marked why.

# %%
incidents = gi.read_incidents(example_path(), place="place_text", progress=False)
joined = gi.attribute(incidents)
print(joined[["id", "place_text", "location_precision", "adm1_name", "adm2_name",
              "disputed", "kri", "location_status"]].to_string())

# %% [markdown]
# ## 3. Counted per governorate and month (precision-aware)

# %%
per_gov = gi.aggregate(joined, by="adm1", period="M")
print(per_gov.drop(columns="geometry").to_string())

# %% [markdown]
# ## 4. The same facts found in prose
# `examples/seed_report.txt` tells the story in the project's own words; `geoparse` finds the
# places (with their roles) and the incidents (type, dates, casualties as ranges, actors).

# %%
doc = gi.geoparse((here / "seed_report.txt").read_text(encoding="utf-8"), published="2020-04-30")
for inc in doc.to_geodataframe().itertuples():
    print(inc.date_start, inc.event_type, inc.place_text, inc.location_precision,
          (inc.fatalities_low, inc.fatalities_best, inc.fatalities_high))

# %% [markdown]
# ## 5. Maps: interactive (self-contained, works offline) and static

# %%
m = gi.render_map(joined, offline=True, basemap="offline", title="Seed report incidents")
gi.save_map(m, out / "seed_map.html")
gi.render_static(joined, out / "seed_map.png", title="Seed report incidents")
print("wrote", out / "seed_map.html", "and", out / "seed_map.png")
