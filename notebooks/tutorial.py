# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Tutorial: how the renewal rule and one exemption shape the Russia 2022 coalition
#
# This notebook loads the bundled Russia 2022 scenario, simulates it, reads the results
# as pandas tables and an xarray dataset, and compares four designs of the framework on
# common random numbers: the EU's unanimity renewal as written against a qualified
# majority, each with and without the temporary exemption for crude oil delivered by
# pipeline (Council Regulation (EU) 2022/879 of 3 June 2022). The simulator's
# parameters are assumptions, not estimates (see [the model](model.md)): the numbers
# below say what the model implies, not what will happen.

# %%
import matplotlib.pyplot as plt

import accord

RUNS, MONTHS, SEED = 200, 36, 1

# %% [markdown]
# ## Load and look
#
# `accord.load` takes a bundled scenario's name, a file or scenario text; the regime it
# returns is plain, validated data.

# %%
regime = accord.load("russia-2022")
print(regime.name, "from", regime.start, "-", len(regime.member_codes), "members")
print("measures:", ", ".join(regime.measure_ids))
print("renewal:", regime.safeguards.sunset)
print("exemptions:", [e.id for e in regime.exemptions])

# %% [markdown]
# ## Simulate and read the results as DataFrames

# %%
result = accord.simulate(regime, runs=RUNS, months=MONTHS, seed=SEED)
metrics = result.metrics()
metrics[metrics["member"].isna() & metrics["month"].isna()][
    ["metric", "defined", "mean", "p05", "p95"]
]

# %% [markdown]
# `per_run()` has one row per run; `trajectories()` one row per month, run, member and
# measure. Hungary's mean implementation of the oil embargo, every six months (the
# pipeline exemption carves most of it out):

# %%
runs = result.per_run()
print(runs[["time_to_fracture", "mean_cohesion", "total_lapses"]].describe().round(2))
paths = result.trajectories()
hungary = paths[(paths["member"] == "HUN") & (paths["measure"] == "oil_embargo")]
hungary.groupby("month")["level"].mean().iloc[::6].round(3)

# %% [markdown]
# The same numbers as labelled arrays over run, month, member and measure:

# %%
dataset = result.to_xarray()
dataset["cohesion"].quantile([0.05, 0.5, 0.95], dim="run").isel(month=slice(0, None, 6))

# %% [markdown]
# ## Four designs
#
# `with_changes` returns a new regime, validated as a whole; the loaded one is left as
# it is. The qualified majority is the EU's double majority, 55 % of the voters holding
# 65 % of the weight (Treaty on European Union, Article 16(4)); Accord counts the
# coalition's economic weight where the Treaty counts population.

# %%
majority = regime.with_changes(
    {
        "safeguards.sunset.renewal": "qualified_majority",
        "safeguards.sunset.threshold": 0.55,
        "safeguards.sunset.weight_threshold": 0.65,
    }
)
no_pipeline = [e for e in regime.exemptions if e.id != "pipeline_crude"]
designs = {
    "unanimity": regime,
    "majority": majority,
    "unanimity, no pipeline exemption": regime.with_changes({"exemptions": no_pipeline}),
    "majority, no pipeline exemption": majority.with_changes({"exemptions": no_pipeline}),
}

# %% [markdown]
# A change the domain forbids is refused with the field and what was expected there:

# %%
try:
    regime.with_changes({"safeguards.sunset.renewal": "qualified_majority"})
except accord.ScenarioError as error:
    print(error)

# %% [markdown]
# `compare` simulates every design on the same run blocks (run *i* of each design meets
# the same shocks), so each paired difference from the first design removes the luck
# they share; the interval is Student's t on the paired differences.

# %%
table = accord.compare(*designs.values(), labels=list(designs), runs=RUNS, months=MONTHS, seed=SEED)
shown = table[table["metric"].isin(["mean_cohesion", "total_lapses", "mean_target_pressure"])]
shown[shown["design"] != "unanimity"][
    ["design", "metric", "mean", "difference", "ci_low", "ci_high"]
].round(3)

# %% [markdown]
# ## Plot

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
bands = dataset["cohesion"].quantile([0.05, 0.5, 0.95], dim="run")
dates = dataset["date"].values
left.fill_between(dates, bands.sel(quantile=0.05), bands.sel(quantile=0.95), alpha=0.25)
left.plot(dates, bands.sel(quantile=0.5), lw=2)
left.axhline(regime.model.decision.fracture_threshold, color="grey", ls="--", lw=1)
left.set_title("Cohesion as written (median, 5-95 % of runs)")
cohesion = table[(table["metric"] == "mean_cohesion") & (table["design"] != "unanimity")]
y = range(len(cohesion))
right.errorbar(
    cohesion["difference"],
    y,
    xerr=[
        cohesion["difference"] - cohesion["ci_low"],
        cohesion["ci_high"] - cohesion["difference"],
    ],
    fmt="o",
    capsize=3,
)
right.axvline(0, color="grey", lw=0.8)
right.set_yticks(list(y), list(cohesion["design"]))
right.set_title("Mean cohesion: difference from unanimity (95 %)")
plt.show()

# %% [markdown]
# The HTML report of any simulation is one call away: `result.report("report.html")`.
