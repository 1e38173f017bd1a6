using System.Diagnostics;
using Allot.Core.Random;
using Allot.Engine.Segment1A;
using Allot.Engine.Segment1A.Dirichlet;
using Allot.Engine.Segment1A.Inputs;
using Allot.Engine.Segment1A.Integerisation;

namespace Allot.Bench.Segment1A;

/// <summary>
/// Where the compute time goes, single-threaded over every merchant of the inputs: substream derivation
/// (SHA-256), gamma sampling (Philox + maths), and integerisation (the rest of <see cref="MerchantAllocator"/>).
/// Best of three passes each.
/// </summary>
internal static class S7KernelSplit
{
    public static Dictionary<string, object> Measure(S7Inputs inputs)
    {
        var c = inputs.Countries;
        var master = S7MacroScenario.Master;
        var max = Enumerable.Range(0, c.MerchantCount).Max(c.CountryCount);
        var gamma = new double[max];
        var weights = new double[max];
        var floors = new long[max];
        var q = new long[max];
        var ranks = new int[max];
        var counts = new long[max];
        ulong blocks = 0;

        double Best(Action pass)
        {
            var best = double.MaxValue;
            for (var i = 0; i < 3; i++)
            {
                var sw = Stopwatch.StartNew();
                pass();
                best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
            }

            return best;
        }

        var derive = Best(() =>
        {
            for (var k = 0; k < c.MerchantCount; k++)
            {
                var s = SubstreamDerivation.Derive(master, S7Names.ResidualLabel, (ulong)c.MerchantIds[k]);
                if (c.CountryCount(k) > 1)
                {
                    s = SubstreamDerivation.Derive(master, S7Names.GammaLabel, (ulong)c.MerchantIds[k]);
                }

                blocks += s.Key & 1;
            }
        });
        var sampling = Best(() =>
        {
            for (var k = 0; k < c.MerchantCount; k++)
            {
                var m = c.CountryCount(k);
                var s = SubstreamDerivation.Derive(master, S7Names.ResidualLabel, (ulong)c.MerchantIds[k]);
                if (m > 1)
                {
                    s = SubstreamDerivation.Derive(master, S7Names.GammaLabel, (ulong)c.MerchantIds[k]);
                    Dirichlet.Sample(ref s, inputs.Alpha.AsSpan(c.Offsets[k], m), gamma, weights);
                }

                blocks += s.Blocks;
            }
        });
        var full = Best(() =>
        {
            for (var k = 0; k < c.MerchantCount; k++)
            {
                var m = c.CountryCount(k);
                MerchantAllocator.Allocate(master, c.MerchantIds[k], inputs.Outlets[k], c.Countries(k), inputs.Alpha.AsSpan(c.Offsets[k], m), gamma, weights, new IntegerisationBuffers(floors, q, ranks, counts));
            }
        });
        var philox = Best(() =>
        {
            var s = new PhiloxStream(1, default);
            for (var i = 0; i < 10_000_000; i++)
            {
                s.NextBlock(1);
            }

            blocks += s.Counter.Lo;
        });
        return new()
        {
            ["phase"] = "kernels",
            ["merchants"] = c.MerchantCount,
            ["derive_ms"] = Math.Round(derive, 1),
            ["gamma_sampling_ms"] = Math.Round(sampling - derive, 1),
            ["integerisation_ms"] = Math.Round(full - sampling, 1),
            ["sampling_plus_integerisation_ms"] = Math.Round(full, 1),
            ["merchants_per_s_single_thread"] = Math.Round(c.MerchantCount / (full / 1000.0)),
            ["philox_blocks_per_s"] = Math.Round(10_000_000 / (philox / 1000.0)),
            ["checksum"] = blocks,
        };
    }
}
