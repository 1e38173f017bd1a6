using System.Diagnostics;
using System.Globalization;
using System.Text;
using Allot.Segment1A.Dirichlet;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;

namespace Allot.Bench.Segment1A;

/// <summary>
/// Runs the Python reference (bench/reference/segment1a/s7_reference.py, /usr/bin/python3) and Allot on the same
/// first K merchants, reports the time ratio, and checks that both agree bit for bit on every merchant
/// (gammas, weights, quantised residuals, ranks, counts, draws, blocks).
/// </summary>
internal static class S7ReferenceComparison
{
    public static Dictionary<string, object> Compare(S7Inputs inputs, string dir, int sample)
    {
        var c = inputs.Countries;
        var k = Math.Min(sample, c.MerchantCount);
        var input = Path.Combine(dir, "reference-input.tsv");
        var output = Path.Combine(dir, "reference-output.tsv");
        using (var w = new StreamWriter(input, false, new UTF8Encoding(false)))
        {
            for (var i = 0; i < k; i++)
            {
                var isos = string.Join(",", c.Countries(i).ToArray().Select(IsoCode.Name));
                var alpha = string.Join(",", inputs.Alpha.Of(i).ToArray().Select(a => a.ToString("R", CultureInfo.InvariantCulture)));
                w.Write(string.Create(CultureInfo.InvariantCulture, $"{c.MerchantIds[i]}\t{inputs.Outlets[i]}\t{isos}\t{alpha}\n"));
            }
        }

        var script = Path.Combine(FindRepoRoot(), "bench", "reference", "segment1a", "s7_reference.py");
        var psi = new ProcessStartInfo("/usr/bin/python3", [script, input, output, "9248923", "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709"])
        {
            RedirectStandardOutput = true,
        };
        using var python = Process.Start(psi)!;
        var pyReport = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        var pySeconds = System.Text.Json.JsonDocument.Parse(pyReport).RootElement.GetProperty("seconds").GetDouble();

        var master = S7MacroScenario.Master;
        var max = Enumerable.Range(0, k).Max(c.CountryCount);
        var gamma = new double[max];
        var weights = new double[max];
        var floors = new long[max];
        var q = new long[max];
        var ranks = new int[max];
        var counts = new long[max];
        var best = double.MaxValue;
        for (var pass = 0; pass < 3; pass++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < k; i++)
            {
                MerchantAllocator.Allocate(master, c.MerchantIds[i], inputs.Outlets[i], c.Countries(i), inputs.Alpha.Of(i), gamma, weights, S7MacroScenario.Buffers(floors, q, ranks, counts));
            }

            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        var agree = 0;
        var mismatches = new List<string>();
        var lines = File.ReadAllLines(output);
        for (var i = 0; i < k; i++)
        {
            var m = c.CountryCount(i);
            var draw = MerchantAllocator.Allocate(master, c.MerchantIds[i], inputs.Outlets[i], c.Countries(i), inputs.Alpha.Of(i), gamma, weights, S7MacroScenario.Buffers(floors, q, ranks, counts));
            var ours = string.Join('\t', [
                c.MerchantIds[i].ToString(CultureInfo.InvariantCulture),
                draw.Draws.ToString(CultureInfo.InvariantCulture),
                draw.Blocks.ToString(CultureInfo.InvariantCulture),
                m == 1 ? string.Empty : Doubles(gamma.AsSpan(0, m)),
                Doubles(weights.AsSpan(0, m)),
                string.Join(",", q.Take(m)),
                string.Join(",", ranks.Take(m)),
                string.Join(",", counts.Take(m)),
            ]);
            if (Canonical(lines[i]) == ours)
            {
                agree++;
            }
            else if (mismatches.Count < 3)
            {
                mismatches.Add($"python: {lines[i]} | allot: {ours}");
            }
        }

        return new()
        {
            ["phase"] = "reference",
            ["merchants"] = k,
            ["python_seconds"] = Math.Round(pySeconds, 3),
            ["allot_seconds_single_thread"] = Math.Round(best, 4),
            ["speedup"] = Math.Round(pySeconds / best, 1),
            ["bit_identical_merchants"] = agree,
            ["mismatches"] = mismatches,
        };
    }

    // Python writes repr(); parse each double and re-render it with "R" so both sides compare as doubles, bit for bit.
    private static string Canonical(string line)
    {
        var cols = line.Split('\t');
        for (var col = 3; col <= 4; col++)
        {
            cols[col] = cols[col].Length == 0 ? string.Empty : string.Join(",", cols[col].Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)));
        }

        return string.Join('\t', cols);
    }

    private static string Doubles(ReadOnlySpan<double> values) =>
        string.Join(",", values.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Allot.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
