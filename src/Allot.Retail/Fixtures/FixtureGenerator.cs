using System.Globalization;
using System.Text;
using Allot.Data.Csv;
using Allot.Data.Publishing;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Outputs;

namespace Allot.Retail.Fixtures;

/// <summary>
/// Writes realistic Step 32 inputs for the A and B periods of a month, laid out as the pipeline does so that
/// default discovery finds them (<c>--input-dir</c> = the fixture folder):
/// <list type="bullet">
/// <item><c>output/fast_fish_with_trends_business_enriched_{P}A.csv</c> (Step 18, with BOM) and
/// <c>output/enhanced_fast_fish_format_{P}B.csv</c> (Step 14 adds-only, no business columns);</item>
/// <item><c>output/store_level_plugin_output.csv</c> (BOM), <c>output/store_tags_{P}.csv</c> (A with BOM and
/// <c>cluster_id</c>, B without BOM and <c>Cluster</c>);</item>
/// <item><c>data/api_data/complete_category_sales_{yyyy-1}{mm}A.csv</c> and, for B, only the combined-quarter
/// fallback <c>complete_category_sales_{yyyy-1}Q{q}_combined.csv</c>.</item>
/// </list>
/// Leading-zero store codes, Chinese labels, English season names, missing values, over-capacity stores, store
/// lists in several notations with the odd duplicate, a store in no input file and a formula-like text cell.
/// </summary>
public static class FixtureGenerator
{
    /// <summary>
    /// Writes the fixture under <paramref name="folder"/> as one publication (all files or none); returns the files
    /// (relative paths, ordinal order). A file of the same name with other content is
    /// <see cref="RetailErrorCodes.FixtureExists"/> (exit 5) and nothing is written; identical files are left alone.
    /// </summary>
    public static IReadOnlyList<string> Write(string folder, FixtureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var a = TargetPeriod.Parse(spec.TargetYyyymm, "A");
        var b = TargetPeriod.Parse(spec.TargetYyyymm, "B");
        var rng = new FixtureRandom(spec.Seed);
        var stores = MakeStores(rng, spec);
        var files = new List<string>();
        var full = Path.GetFullPath(folder);
        var folders = new[] { full, Path.Combine(full, "output"), Path.Combine(full, "data"), Path.Combine(full, "data", "api_data") };
        var created = folders.Where(f => !Directory.Exists(f)).ToList();

        // One publication: every file is staged beside its target and the set is committed whole, so a failure leaves
        // nothing new behind; a file of the same name with other content (a pipeline's real input, another fixture)
        // is a conflict, never replaced; the same fixture again is left alone.
        using var tx = new PublishTransaction([full], RetailErrorCodes.FixtureExists, "the fixture was not written: choose an empty folder, or remove those files deliberately");
        try
        {
            // Through the data plane's CSV writer, verbatim: the fixture imitates the pipeline's own files,
            // formula-like cells included (Allot's outputs must neutralise them, so the inputs must carry them).
            void Put(string rel, (string Header, List<string[]> Rows) table, bool bom)
            {
                var staged = tx.StageFile(Path.Combine(full, rel), PublishMode.WriteOnce);
                using (var stream = new FileStream(staged, FileMode.CreateNew, FileAccess.Write))
                using (var csv = new CsvFileWriter(stream, table.Header.Split(','), bom))
                {
                    foreach (var row in table.Rows)
                    {
                        foreach (var cell in row)
                        {
                            csv.Verbatim(cell);
                        }

                        csv.EndRow();
                    }
                }

                files.Add(rel.Replace('\\', '/'));
            }

            Put("output/store_level_plugin_output.csv", Meta(rng, stores), bom: true);
            Put($"output/store_tags_{a.Token}.csv", Tags(stores, "cluster_id"), bom: true);
            Put($"output/store_tags_{b.Token}.csv", Tags(stores, "Cluster"), bom: false);
            Put($"data/api_data/complete_category_sales_{a.YearAgoToken}.csv", Sales(rng, stores), bom: false);
            var quarter = ((a.Month - 1) / 3) + 1;
            Put($"data/api_data/complete_category_sales_{a.Year - 1}Q{quarter}_combined.csv", Sales(rng, stores), bom: true);
            Put($"output/fast_fish_with_trends_business_enriched_{a.Token}.csv", Recommendations(rng, stores, spec, enriched: true), bom: true);
            Put($"output/enhanced_fast_fish_format_{b.Token}.csv", Recommendations(rng, stores, spec, enriched: false), bom: false);
            tx.Commit();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var failure = tx.Failure(ex);
            RemoveIfEmpty(created);
            throw failure;
        }
        catch
        {
            tx.Dispose();
            RemoveIfEmpty(created);
            throw;
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Removes the folders this run created (deepest first) that are still empty.</summary>
    private static void RemoveIfEmpty(List<string> created)
    {
        foreach (var f in created.OrderByDescending(f => f.Length))
        {
            try
            {
                if (Directory.Exists(f) && !Directory.EnumerateFileSystemEntries(f).Any())
                {
                    Directory.Delete(f);
                }
            }
            catch (IOException)
            {
                // Best effort: an empty folder left behind holds no output.
            }
        }
    }

    private static List<FixtureStore> MakeStores(FixtureRandom rng, FixtureSpec spec)
    {
        var clusters = Math.Max(2, spec.Stores / Math.Max(1, spec.StoresPerGroup));
        var list = new List<FixtureStore>(spec.Stores);
        for (var i = 0; i < spec.Stores; i++)
        {
            var code = (1000 + i).ToString(spec.Stores + 1000 > 99999 ? "D6" : "D5", CultureInfo.InvariantCulture);
            var cluster = i % clusters;
            var climate = FixtureCatalogue.Climates[(cluster + (rng.Chance(0.2) ? 1 : 0)) % 4];
            list.Add(new FixtureStore(code, cluster, climate, InMeta: !rng.Chance(0.02), HasSales: !rng.Chance(0.04)));
        }

        return list;
    }

    private static (string, List<string[]>) Meta(FixtureRandom rng, List<FixtureStore> stores)
    {
        var rows = new List<string[]>();
        foreach (var s in stores.Where(s => s.InMeta))
        {
            var type = rng.Uniform() switch { < 0.45 => "Fashion", < 0.80 => "Basic", < 0.95 => "Balanced", _ => string.Empty };
            var u = rng.Uniform();
            var util = u < 0.04 ? "NaN" : u < 0.07 ? string.Empty : u < 0.09 ? "0" : (0.3 + (rng.Uniform() * 0.75)).ToString("0.00", CultureInfo.InvariantCulture);
            var rack = rng.Chance(0.6) ? rng.Between(1500, 6000).ToString(CultureInfo.InvariantCulture) : rng.Chance(0.5) ? "nan" : string.Empty;
            rows.Add([s.Code, "店铺" + s.Code, type, util, rack]);
        }

        return ("Store_Code,Store_Name,Store_Type,Capacity_Utilization,Estimated_Rack_Capacity", rows);
    }

    private static (string, List<string[]>) Tags(List<FixtureStore> stores, string clusterColumn)
    {
        var rows = new List<string[]>();
        foreach (var s in stores.Where(s => s.InMeta || s.Cluster % 2 == 0))
        {
            var label = s.Code[^1] is '3' or '7' ? s.Climate + " Climate" : s.Climate;
            rows.Add([s.Code, label, "四季", s.Climate == "Hot" ? "25-32" : "10-24", s.Cluster.ToString(CultureInfo.InvariantCulture)]);
        }

        return ($"str_code,climate_label_refined,season_tag,temperature_band,{clusterColumn}", rows);
    }

    private static (string, List<string[]>) Sales(FixtureRandom rng, List<FixtureStore> stores)
    {
        var rows = new List<string[]>();
        foreach (var s in stores.Where(s => s.HasSales))
        {
            foreach (var (category, subs) in FixtureCatalogue.Categories)
            {
                foreach (var sub in subs)
                {
                    if (rng.Chance(0.25))
                    {
                        continue;
                    }

                    var amount = Math.Round(rng.Uniform() * 20000, 2);
                    var repeats = rng.Chance(0.05) ? 2 : 1;
                    for (var k = 0; k < repeats; k++)
                    {
                        var amt = rng.Chance(0.03) ? string.Empty : (amount / repeats).ToString("0.00", CultureInfo.InvariantCulture);
                        rows.Add([s.Code, category, sub, amt, ((int)(amount / 89)).ToString(CultureInfo.InvariantCulture)]);
                    }
                }
            }
        }

        return ("str_code,cate_name,sub_cate_name,sal_amt,estimated_quantity", rows);
    }

    private static (string, List<string[]>) Recommendations(FixtureRandom rng, List<FixtureStore> stores, FixtureSpec spec, bool enriched)
    {
        var header = "Store_Group_Name,Target_Style_Tags,Category,Subcategory,Season,Gender,Location,ΔQty,Store_Codes_In_Group,Store_Count_In_Group";
        if (enriched)
        {
            header += ",Expected_Benefit,Confidence_Score,trend_cluster_performance,cluster_trend_score,cluster_trend_confidence";
        }

        var clusters = stores.GroupBy(s => s.Cluster).OrderBy(g => g.Key).Select(g => g.Select(s => s.Code).ToList()).ToList();
        var rows = new List<string[]>(spec.Rows);
        for (var r = 0; r < spec.Rows; r++)
        {
            var c = rng.Between(0, clusters.Count - 1);
            var members = new List<string>(clusters[c]);
            if (r == 1)
            {
                members.Add("S99999");
            }

            if (rng.Chance(0.05))
            {
                members.Add(members[0]);
            }

            var (category, subs) = rng.Pick(FixtureCatalogue.Categories);
            var sub = rng.Pick(subs);
            var si = rng.Between(0, 4);
            var season = rng.Chance(0.15) ? FixtureCatalogue.EnglishSeasons[si] : FixtureCatalogue.Seasons[si];
            var gender = rng.Pick(FixtureCatalogue.Genders);
            var location = category is "鞋" or "配饰" ? "鞋配" : rng.Chance(0.7) ? "前台" : "后台";
            var tags = $"[{FixtureCatalogue.Seasons[si]}, {gender}, {location}, {category}, {sub}]";
            if (r % 97 == 5)
            {
                tags = "=HYPERLINK(\"http://example.invalid\")";
            }

            var u = rng.Uniform();
            var delta = !enriched ? rng.Between(1, members.Count * 3)
                : u < 0.03 ? 0
                : u < 0.10 ? -rng.Between(1, 40)
                : u < 0.14 ? rng.Between(members.Count * 8, members.Count * 12)
                : rng.Between(1, members.Count * 3);
            var row = new List<string>
            {
                $"Group_{c + 1:D2}", tags, category, sub, season, gender, location,
                rng.Chance(0.3) ? delta.ToString("0.0", CultureInfo.InvariantCulture) : delta.ToString(CultureInfo.InvariantCulture),
                StoreList(rng, members), members.Count.ToString(CultureInfo.InvariantCulture),
            };
            if (enriched)
            {
                row.Add(rng.Chance(0.1) ? string.Empty : Math.Round(100 + (rng.Uniform() * 50000), 2).ToString("0.00", CultureInfo.InvariantCulture));
                row.Add(rng.Chance(0.05) ? "nan" : (0.3 + (rng.Uniform() * 0.69)).ToString("0.00", CultureInfo.InvariantCulture));
                row.Add(rng.Pick(FixtureCatalogue.Performance));
                row.Add(rng.Between(20, 98).ToString(CultureInfo.InvariantCulture));
                row.Add((0.4 + (rng.Uniform() * 0.59)).ToString("0.00", CultureInfo.InvariantCulture));
            }

            rows.Add([.. row]);
        }

        return (header, rows);
    }

    private static string StoreList(FixtureRandom rng, List<string> codes) => rng.Between(0, 3) switch
    {
        0 => string.Join(", ", codes),
        1 => "[" + string.Join(", ", codes.Select(c => $"'{c}'")) + "]",
        2 => string.Join(";", codes),
        _ => "[" + string.Join(",", codes) + "]",
    };
}
