using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Allot.Segment1B;
using Allot.Segment1B.Allocation;

namespace Allot.Bench.Segment1B;

/// <summary>
/// <c>macro segment1b-reference ROOT SEED FINGERPRINT PARAMHASH [python]</c>: loads a fixture root, exports its
/// inputs as raw arrays, and times Allot's presorted allocation (1 worker) against the NumPy per-pair reference
/// (bench/reference/segment1b/s4_reference.py) on the same pairs; rows and checksum must agree.
/// </summary>
public static class Segment1BReferenceScenario
{
    public static int Run(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: macro segment1b-reference ROOT SEED FINGERPRINT PARAMHASH [python3]");
            return 2;
        }

        var layout = new Segment1BLayout(args[0], new Segment1BIdentity(args[1], args[2], args[3]));
        var python = args.Length > 4 ? args[4] : "/usr/bin/python3";
        var inputs = S4InputLoader.Load(layout);
        var export = Path.Combine(Path.GetTempPath(), "allot-s4-ref-" + Guid.NewGuid().ToString("N"));
        Export(inputs, export);
        try
        {
            var sw = Stopwatch.StartNew();
            long rows = 0, sites = 0;
            ulong checksum = 0;
            for (var p = 0; p < inputs.Pairs.Count; p++)
            {
                var (ids, counts, _) = PlanAllocator.AllocatePair(inputs.Countries[inputs.Pairs.CountryIsos[p]], inputs.Pairs.NSites[p], inputs.Denominator);
                rows += ids.Length;
                for (var i = 0; i < ids.Length; i++)
                {
                    sites += counts[i];
                    checksum = unchecked(checksum + (ids[i] * (ulong)counts[i]));
                }
            }

            var allot = sw.Elapsed.TotalSeconds;
            var script = Path.Combine(FindRepo(), "bench", "reference", "segment1b", "s4_reference.py");
            var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(export);
            using var proc = Process.Start(psi)!;
            var output = proc.StandardOutput.ReadToEnd();
            var err = proc.StandardError.ReadToEnd();
            proc.WaitForExit();
            if (proc.ExitCode != 0)
            {
                Console.Error.WriteLine($"reference failed ({proc.ExitCode}): {err}");
                return 1;
            }

            var reference = JsonNode.Parse(output)!;
            var refRows = reference["rows"]!.GetValue<long>();
            var refChecksum = ulong.Parse(reference["checksum"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            var refSeconds = reference["seconds"]!.GetValue<double>();
            var tiles = inputs.Countries.Values.Sum(c => (long)c.TileIds.Length);
            var same = refRows == rows && refChecksum == checksum && reference["sites"]!.GetValue<long>() == sites;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pairs={inputs.Pairs.Count} tiles={tiles} rows={rows} same_result={same} allot_s={allot:F3} numpy_per_pair_s={refSeconds:F3} ratio={refSeconds / allot:F1}x"));
            return same ? 0 : 1;
        }
        finally
        {
            Directory.Delete(export, true);
        }
    }

    private static void Export(S4Inputs inputs, string folder)
    {
        Directory.CreateDirectory(folder);
        var names = inputs.Countries.Keys.Order(StringComparer.Ordinal).ToArray();
        var index = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        using (var t = new BinaryWriter(File.Create(Path.Combine(folder, "tile_ids.u64"))))
        using (var w = new BinaryWriter(File.Create(Path.Combine(folder, "weights.u64"))))
        using (var o = new BinaryWriter(File.Create(Path.Combine(folder, "country_offsets.i64"))))
        {
            long offset = 0;
            o.Write(offset);
            foreach (var name in names)
            {
                var c = inputs.Countries[name];
                foreach (var id in c.TileIds)
                {
                    t.Write(id);
                }

                foreach (var wt in c.Weights)
                {
                    w.Write(wt);
                }

                offset += c.TileIds.Length;
                o.Write(offset);
            }
        }

        using (var pc = new BinaryWriter(File.Create(Path.Combine(folder, "pair_country.i32"))))
        using (var pn = new BinaryWriter(File.Create(Path.Combine(folder, "pair_nsites.i64"))))
        {
            for (var p = 0; p < inputs.Pairs.Count; p++)
            {
                pc.Write(index[inputs.Pairs.CountryIsos[p]]);
                pn.Write(inputs.Pairs.NSites[p]);
            }
        }

        File.WriteAllText(Path.Combine(folder, "meta.json"), $"{{\"denominator\": {inputs.Denominator}, \"dp\": {inputs.Dp}}}");
    }

    internal static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Allot.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
