using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;

namespace Allot.Bench.Retail;

/// <summary>
/// The I/O reference for issue #11's "no slower than DuckDB": DuckDB (DuckDB.NET, in a child process, default
/// threads) reads the same four input CSVs, explodes the store lists, joins meta, tags and summed sales, computes
/// the weights (sales share subcategory → category → uniform, headroom, temperature × type suitability, composite of
/// powers), a capped floor + largest-remainder split, a rationale sentence and reason codes, and writes a pick list
/// with the same 25 columns (UTF-8 without BOM, as DuckDB writes). It does not do the sequential parts
/// (shared shelf budgets in priority order, one-unit passes, bounded relaxation), so its quantities differ; it is
/// a reference for reading, joining and writing the same volume, not a second implementation.
/// </summary>
public static class DuckDbPickListReference
{
    /// <summary><c>macro retail-duckdb-child INPUT_DIR OUT_CSV</c>: runs the SQL, prints JSON (seconds, lines, bytes).</summary>
    public static int Child(string[] args)
    {
        var sw = Stopwatch.StartNew();
        var input = args[0];
        var outCsv = args[1];
        var recs = Path.Combine(input, "output", "fast_fish_with_trends_business_enriched_202509A.csv");
        var meta = Path.Combine(input, "output", "store_level_plugin_output.csv");
        var tags = Path.Combine(input, "output", "store_tags_202509A.csv");
        var sales = Path.Combine(input, "data", "api_data", "complete_category_sales_202409A.csv");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Sql(recs, meta, tags, sales, outCsv);
        command.ExecuteNonQuery();
        var seconds = sw.Elapsed.TotalSeconds;
        var lines = File.ReadLines(outCsv).LongCount() - 1;
        var node = new JsonObject
        {
            ["seconds"] = seconds,
            ["lines"] = lines,
            ["bytes"] = new FileInfo(outCsv).Length,
            ["duckdb"] = connection.ServerVersion,
        };
        Console.WriteLine(node.ToJsonString());
        return 0;
    }

    private static string Q(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Sql(string recs, string meta, string tags, string sales, string outCsv) => string.Create(CultureInfo.InvariantCulture, $$"""
        COPY (
        WITH recs AS (
            SELECT row_number() OVER () AS source_row, * FROM read_csv({{Q(recs)}}, all_varchar = true, header = true)
        ),
        long AS (
            SELECT r.source_row, r.Store_Group_Name AS store_group, r.Category, r.Subcategory, r.Season, r.Gender, r.Location,
                   r.Target_Style_Tags, TRY_CAST(r."ΔQty" AS BIGINT) AS delta, r.trend_cluster_performance AS perf,
                   r.cluster_trend_score AS tscore, r.Confidence_Score AS conf, r.Expected_Benefit AS eb,
                   trim(c.code, '[](){}''" ') AS store_code
            FROM recs r, unnest(regexp_split_to_array(r.Store_Codes_In_Group, '[,;|\s]+')) AS c(code)
        ),
        meta AS (
            SELECT Store_Code, any_value(Store_Name) AS store_name, any_value(Store_Type) AS store_type,
                   any_value(CASE WHEN isfinite(TRY_CAST(Capacity_Utilization AS DOUBLE)) THEN TRY_CAST(Capacity_Utilization AS DOUBLE) END) AS util,
                   any_value(CASE WHEN isfinite(TRY_CAST(Estimated_Rack_Capacity AS DOUBLE)) THEN TRY_CAST(Estimated_Rack_Capacity AS DOUBLE) END) AS rack
            FROM read_csv({{Q(meta)}}, all_varchar = true, header = true) GROUP BY Store_Code
        ),
        tags AS (
            SELECT str_code, any_value(regexp_replace(climate_label_refined, '\s*Climate$', '')) AS climate, any_value(cluster_id) AS cluster_id
            FROM read_csv({{Q(tags)}}, all_varchar = true, header = true) GROUP BY str_code
        ),
        sales AS (
            SELECT str_code, cate_name, sub_cate_name, coalesce(CASE WHEN isfinite(TRY_CAST(sal_amt AS DOUBLE)) THEN TRY_CAST(sal_amt AS DOUBLE) END, CASE WHEN isfinite(TRY_CAST(estimated_quantity AS DOUBLE)) THEN TRY_CAST(estimated_quantity AS DOUBLE) END, 0) AS v
            FROM read_csv({{Q(sales)}}, all_varchar = true, header = true)
        ),
        by_sub AS (SELECT str_code, sub_cate_name, greatest(sum(v), 0) AS s FROM sales GROUP BY ALL),
        by_cat AS (SELECT str_code, cate_name, greatest(sum(v), 0) AS s FROM sales GROUP BY ALL),
        joined AS (
            SELECT l.*, m.store_name, m.store_type, m.util, m.rack, t.climate, t.cluster_id,
                   coalesce(bs.s, 0) AS s_sub, coalesce(bc.s, 0) AS s_cat,
                   greatest(0, 1 - coalesce(m.util, 0)) AS headroom,
                   CASE WHEN (l.Season IN ('夏', '四季') AND t.climate IN ('Hot', 'Moderate')) OR (l.Season = '冬' AND t.climate IN ('Cool', 'Moderate', 'Cold')) THEN 1.0
                        WHEN l.Season IN ('春', '秋') AND t.climate IN ('Moderate', 'Cool') THEN 0.8 ELSE 0.7 END AS w_temp,
                   CASE WHEN m.store_type IS NULL OR m.store_type = '' THEN 0.7 WHEN lower(m.store_type) IN ('balanced', 'hybrid', 'mixed') THEN 0.9 ELSE 1.0 END AS w_type
            FROM long l
            LEFT JOIN meta m ON m.Store_Code = l.store_code
            LEFT JOIN tags t ON t.str_code = l.store_code
            LEFT JOIN by_sub bs ON bs.str_code = l.store_code AND bs.sub_cate_name = l.Subcategory
            LEFT JOIN by_cat bc ON bc.str_code = l.store_code AND bc.cate_name = l.Category
            WHERE l.store_code <> ''
        ),
        weighted AS (
            SELECT *,
                   CASE WHEN sum(s_sub) OVER w > 0 THEN s_sub / sum(s_sub) OVER w
                        WHEN sum(s_cat) OVER w > 0 THEN s_cat / sum(s_cat) OVER w
                        ELSE 1.0 / count(*) OVER w END AS w_sales,
                   CASE WHEN sum(s_sub) OVER w > 0 THEN 'subcategory' WHEN sum(s_cat) OVER w > 0 THEN 'category' ELSE 'uniform' END AS basis,
                   least(10, CAST(round(headroom * 10) AS BIGINT)) AS cap
            FROM joined WINDOW w AS (PARTITION BY source_row)
        ),
        composite AS (
            SELECT *, pow(w_sales, 0.6) * pow(headroom, 0.3) * pow(w_temp * w_type, 0.1) AS w_raw FROM weighted
        ),
        shares AS (
            SELECT *, CASE WHEN sum(w_raw) OVER w > 0 THEN w_raw / sum(w_raw) OVER w ELSE 0 END AS w_share
            FROM composite WINDOW w AS (PARTITION BY source_row)
        ),
        floored AS (
            SELECT *, least(cap, CAST(floor(greatest(delta, 0) * w_share) AS BIGINT)) AS f,
                   greatest(delta, 0) * w_share - floor(greatest(delta, 0) * w_share) AS rem
            FROM shares
        ),
        ranked AS (
            SELECT *, greatest(delta, 0) - sum(f) OVER (PARTITION BY source_row) AS rest,
                   row_number() OVER (PARTITION BY source_row ORDER BY CASE WHEN f < cap THEN 0 ELSE 1 END, rem DESC, store_code) AS rk
            FROM floored
        ),
        picked AS (
            SELECT *, f + CASE WHEN rk <= rest AND f < cap THEN 1 ELSE 0 END AS q FROM ranked
        )
        SELECT store_code, store_name, store_group, cluster_id, Category, Subcategory, Season, Gender, Location, Target_Style_Tags,
               q AS Delta_Qty_Store, delta AS Delta_Qty_Group, w_sales AS weight_sales, headroom AS weight_capacity,
               w_temp * w_type AS weight_suitability, w_share AS weight_composite, cap AS cap_store,
               util AS capacity_utilization, rack AS estimated_rack_capacity, climate AS dominant_climate_in_group,
               CASE w_temp WHEN 1.0 THEN 'HIGH' WHEN 0.8 THEN 'MED' ELSE 'LOW' END AS temperature_suitability,
               CASE w_type WHEN 1.0 THEN 'Aligned' WHEN 0.9 THEN 'Mixed' ELSE 'Unknown' END AS store_type_alignment,
               concat_ws(';', 'SALES_' || upper(basis), 'TEMP_' || CASE w_temp WHEN 1.0 THEN 'HIGH' WHEN 0.8 THEN 'MED' ELSE 'LOW' END,
                         CASE WHEN q >= cap THEN 'CAP_HIT' END) AS reason_codes,
               format('{} of {} units (weight {:.1f}%, {} sales). Trend: performance {}, trend score {}. Confidence {}, expected benefit {}. Suitability {}: {} in a {} store. Cap {} (capacity headroom).',
                      q, delta, w_share * 100, basis, perf, tscore, conf, eb,
                      CASE w_temp WHEN 1.0 THEN 'HIGH' WHEN 0.8 THEN 'MED' ELSE 'LOW' END, Season, coalesce(climate, 'unknown'), cap) AS rationale,
               source_row
        FROM picked WHERE q <> 0 ORDER BY source_row, store_code
        ) TO {{Q(outCsv)}} (HEADER, DELIMITER ',');
        """);
}
