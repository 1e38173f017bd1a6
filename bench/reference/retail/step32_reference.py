#!/usr/bin/env python3
"""pandas/NumPy reference of Allot's retail Step 32 plan (the way the pipeline's Python steps would write it).

Same inputs, same rules (sales share subcategory -> category -> uniform, headroom and rack capacity, suitability
table x store-type alignment, composite of powers, caps incl. shared category shelf budgets in priority order, the
seed's capped method with one-unit passes, bounded cap relaxation: one unit above cap for top-weight stores not excluded, the rest residual), default
parameters. Floating point throughout (Allot is exact), so rare ties may break differently; the bench reports the
agreement. Writes a pick list without the rationale sentence; prints JSON with timings and peak RSS.

usage: step32_reference.py INPUT_DIR PERIOD OUT_CSV
"""
import glob
import json
import math
import os
import re
import resource
import sys
import time
from decimal import Decimal, ROUND_HALF_EVEN, ROUND_FLOOR

import numpy as np
import pandas as pd

ALPHA, BETA, GAMMA = 0.6, 0.3, 0.1
MAX_PER_STORE, SCALE, MAX_UTIL = 10, Decimal(10), Decimal("0.9")
HIGH, MED, LOW = 1.0, 0.8, 0.7
TABLE = {("夏", "Hot"): HIGH, ("夏", "Moderate"): HIGH, ("四季", "Hot"): HIGH, ("四季", "Moderate"): HIGH,
         ("秋", "Moderate"): MED, ("秋", "Cool"): MED, ("春", "Moderate"): MED, ("春", "Cool"): MED,
         ("冬", "Cool"): HIGH, ("冬", "Moderate"): HIGH, ("冬", "Cold"): HIGH}
SEASONS = {"春": "春", "spring": "春", "夏": "夏", "summer": "夏", "秋": "秋", "autumn": "秋", "fall": "秋",
           "冬": "冬", "winter": "冬", "四季": "四季", "all season": "四季", "all seasons": "四季"}
MISSING = {"", "nan", "none", "null", "na", "n/a", "nat", "<na>"}
SPLIT = re.compile(r"[,;|\s，；]+")


def newest(root, pattern):
    files = [f for f in glob.glob(os.path.join(root, "**", pattern), recursive=True)]
    return max(files, key=lambda f: (os.path.getmtime(f), f)) if files else None


def num(series):
    s = series.astype(str).str.strip()
    return pd.to_numeric(s.where(~s.str.lower().isin(MISSING)), errors="coerce")


def climate(label):
    t = str(label).strip()
    if t.lower().endswith("climate"):
        t = t[: -len("climate")].strip()
    t = t.capitalize()
    return t if t in ("Hot", "Moderate", "Cool", "Cold") else None


def main(input_dir, period, out_csv):
    t0 = time.perf_counter()
    yyyy, mm, half = int(period[:4]), period[4:6], period[6]
    recs_path = newest(input_dir, f"*with_trends_business_enriched*{period}*.csv") or newest(input_dir, f"*fast_fish_format*{period}*.csv")
    sales_path = newest(input_dir, f"complete_category_sales_{yyyy - 1}{mm}{half}.csv") or newest(input_dir, "complete_category_sales_*Q*_combined.csv")
    recs = pd.read_csv(recs_path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    meta = pd.read_csv(newest(input_dir, "store_level_plugin_output.csv"), dtype=str, encoding="utf-8-sig", keep_default_na=False)
    tags = pd.read_csv(newest(input_dir, f"store_tags_{period}.csv"), dtype=str, encoding="utf-8-sig", keep_default_na=False)
    sales = pd.read_csv(sales_path, dtype=str, encoding="utf-8-sig", keep_default_na=False)

    delta_col = "ΔQty" if "ΔQty" in recs.columns else "Delta_Qty"
    recs["delta"] = num(recs[delta_col]).astype("int64")
    recs["source_row"] = np.arange(1, len(recs) + 1)
    recs["season_c"] = recs["Season"].str.strip().str.lower().map(lambda s: SEASONS.get(s))
    eb = num(recs["Expected_Benefit"]).fillna(0) if "Expected_Benefit" in recs else 0.0
    conf = num(recs["Confidence_Score"]).fillna(1) if "Confidence_Score" in recs else 1.0
    recs["priority"] = eb * conf

    codes = recs["Store_Codes_In_Group"].map(lambda s: list(dict.fromkeys(
        c for c in (p.strip("[](){}'\" \t") for p in SPLIT.split(s)) if c)))
    long = recs[["source_row", "Category", "Subcategory", "season_c"]].assign(store=codes).explode("store").dropna(subset=["store"])

    meta = meta.drop_duplicates("Store_Code").set_index("Store_Code")
    util_dec = {k: (Decimal(v) if v.strip().lower() not in MISSING else None) for k, v in meta["Capacity_Utilization"].items()}
    meta["util"] = num(meta["Capacity_Utilization"])
    meta["rack"] = num(meta["Estimated_Rack_Capacity"]).replace(0, np.nan) if "Estimated_Rack_Capacity" in meta else np.nan
    meta["type"] = meta["Store_Type"].str.strip()
    cluster_col = "cluster_id" if "cluster_id" in tags.columns else "Cluster"
    tags = tags.drop_duplicates("str_code").set_index("str_code")
    tags["climate"] = tags["climate_label_refined"].map(climate)

    amt = num(sales["sal_amt"]) if "sal_amt" in sales else pd.Series(np.nan, index=sales.index)
    qty = num(sales["estimated_quantity"]) if "estimated_quantity" in sales else pd.Series(np.nan, index=sales.index)
    sales["v"] = amt.fillna(qty).fillna(0)
    by_sub = sales.groupby(["str_code", "sub_cate_name"])["v"].sum().clip(lower=0).rename("s_sub")
    by_cat = sales.groupby(["str_code", "cate_name"])["v"].sum().clip(lower=0).rename("s_cat")
    by_store = sales.groupby("str_code")["v"].sum().clip(lower=0).rename("s_tot")

    long = long.join(meta[["util", "rack", "type"]], on="store").join(tags[["climate", cluster_col]], on="store")
    long = long.join(by_sub, on=["store", "Subcategory"]).join(by_cat, on=["store", "Category"]).join(by_store, on="store")
    long[["s_sub", "s_cat", "s_tot"]] = long[["s_sub", "s_cat", "s_tot"]].fillna(0)
    long = long.sort_values(["source_row", "store"], kind="stable").reset_index(drop=True)

    g = long.groupby("source_row", sort=False)
    sub_sum, cat_sum, n = g["s_sub"].transform("sum"), g["s_cat"].transform("sum"), g["store"].transform("size")
    long["w_sales"] = np.where(sub_sum > 0, long["s_sub"] / sub_sum.where(sub_sum > 0, 1),
                               np.where(cat_sum > 0, long["s_cat"] / cat_sum.where(cat_sum > 0, 1), 1.0 / n))
    long["headroom"] = (1 - long["util"]).clip(lower=0).fillna(1.0)
    cap_norm = long["rack"].where(long["rack"] > 0).groupby(long["source_row"]).transform("median")
    long["w_cap"] = np.where(long["rack"].notna() & (cap_norm > 0), long["headroom"] * np.minimum(1, long["rack"] / cap_norm), long["headroom"])
    long["w_temp"] = [TABLE.get((s, c), LOW) for s, c in zip(long["season_c"], long["climate"])]
    typed = long[long["type"].notna() & (long["type"] != "")]
    dom = typed.groupby(["source_row", "type"]).size().reset_index(name="k").sort_values(["source_row", "k", "type"], ascending=[True, False, True]).drop_duplicates("source_row").set_index("source_row")["type"]
    long["dominant"] = long["source_row"].map(dom)
    blended = long["type"].fillna("").str.lower().str.contains("balanced|hybrid|mixed")
    long["w_type"] = np.where(long["type"].fillna("") == "", 0.7, np.where(blended | (long["type"] != long["dominant"]), 0.9, 1.0))
    long["w_fit"] = long["w_temp"] * long["w_type"]
    long["w"] = long["w_sales"] ** ALPHA * long["w_cap"] ** BETA * long["w_fit"] ** GAMMA
    wsum = long.groupby("source_row")["w"].transform("sum")
    long.loc[wsum <= 0, "w"] = 1.0
    long["w_share"] = long["w"] / long.groupby("source_row")["w"].transform("sum")

    def headroom_cap(store):
        u = util_dec.get(store)
        h = max(Decimal(0), Decimal(1) - u) if u is not None else Decimal(1)
        return min(MAX_PER_STORE, int((h * SCALE).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)))

    def shelf(store, cat, rack, util, total, cat_sales):
        u = util_dec.get(store)
        h = max(Decimal(0), Decimal(1) - u) if u is not None else Decimal(1)
        return int((Decimal(str(rack)) * Decimal(str(cat_sales)) * h / Decimal(str(total))).to_integral_value(rounding=ROUND_FLOOR))

    stores = long["store"].to_numpy()
    w = long["w"].to_numpy()
    util = long["util"].to_numpy()
    rack = long["rack"].to_numpy()
    s_tot, s_cat = long["s_tot"].to_numpy(), long["s_cat"].to_numpy()
    starts = np.r_[0, np.flatnonzero(np.diff(long["source_row"].to_numpy())) + 1]
    bounds = dict(zip(long["source_row"].to_numpy()[starts], zip(starts, np.r_[starts[1:], len(long)])))
    q = np.zeros(len(long), dtype=np.int64)
    caps = np.zeros(len(long), dtype=np.int64)
    order = recs.sort_values(["Category", "priority", "source_row"], ascending=[True, False, True], kind="stable")
    hcap = {}
    ledger = {}
    for src, cat, delta in zip(order["source_row"], order["Category"], order["delta"]):
        if delta <= 0 or src not in bounds:
            continue
        lo, hi = bounds[src]
        excluded = np.zeros(hi - lo, dtype=bool)
        for i in range(lo, hi):
            st = stores[i]
            if not math.isnan(util[i]) and util_dec[st] > MAX_UTIL:
                caps[i] = 0
                excluded[i - lo] = True
            elif not math.isnan(rack[i]) and rack[i] > 0 and s_tot[i] > 0:
                key = (cat, st)
                if key not in ledger:
                    ledger[key] = shelf(st, cat, rack[i], util[i], s_tot[i], s_cat[i])
                caps[i] = min(MAX_PER_STORE, ledger[key])
            else:
                if st not in hcap:
                    hcap[st] = headroom_cap(st)
                caps[i] = hcap[st]
        ww, cc = w[lo:hi], caps[lo:hi]
        pos = ww > 0
        a = delta * ww / ww.sum()
        f = np.where(pos, np.minimum(cc, np.floor(a)), 0).astype(np.int64)
        if cc[pos].sum() < delta:
            # Bounded relaxation (the default): at most one unit above its cap for each store that is not excluded
            # for utilisation, top weights first; what is still left is the row's residual (unallocatable units).
            f = np.where(pos, cc, 0)
            missing = delta - f.sum()
            idx = sorted((i for i in np.flatnonzero(pos) if not excluded[i]), key=lambda i: (-ww[i], stores[lo + i]))
            for i in idx[:missing]:
                f[i] += 1
        else:
            rest = delta - f.sum()
            cand = sorted((i for i in np.flatnonzero(pos) if f[i] < cc[i]), key=lambda i: (-(a[i] - f[i]), stores[lo + i]))
            while rest > 0:
                for i in cand:
                    if rest == 0:
                        break
                    if f[i] < cc[i]:
                        f[i] += 1
                        rest -= 1
        q[lo:hi] = f
        for i in range(lo, hi):
            key = (cat, stores[i])
            if key in ledger:
                ledger[key] = max(0, ledger[key] - q[i])
    long["Delta_Qty_Store"] = q
    long["cap_store"] = caps
    t_alloc = time.perf_counter()

    out = long[long["Delta_Qty_Store"] != 0].merge(recs[["source_row", "Store_Group_Name", "Season", "Gender", "Location", "Target_Style_Tags", "delta"]], on="source_row")
    out = out.rename(columns={"store": "store_code", "Store_Group_Name": "store_group", cluster_col: "cluster_id", "delta": "Delta_Qty_Group", "util": "capacity_utilization", "rack": "estimated_rack_capacity"})
    cols = ["store_code", "store_group", "cluster_id", "Category", "Subcategory", "Season", "Gender", "Location", "Target_Style_Tags", "Delta_Qty_Store", "Delta_Qty_Group",
            "w_sales", "w_cap", "w_fit", "w_share", "cap_store", "capacity_utilization", "estimated_rack_capacity", "source_row"]
    out[cols].to_csv(out_csv, index=False)
    t1 = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss_mb = usage.ru_maxrss / 1024.0
    print(json.dumps({"seconds": t1 - t0, "allocate_seconds": t_alloc - t0, "store_rows": int(len(long)), "lines": int(len(out)),
                      "units": int(q.sum()), "peak_rss_mb": rss_mb, "cpu_seconds": usage.ru_utime + usage.ru_stime, "pandas": pd.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
