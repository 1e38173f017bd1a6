using System.Diagnostics;
using Allot.Core.Random;
using Allot.Segment1A;
using Allot.Segment1A.Dirichlet;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;

namespace Allot.Bench.Segment1A;

/// <summary>
/// Where the compute time goes, single-threaded over every merchant of the inputs: substream derivation
/// (SHA-256), gamma sampling (Philox + maths), and integerisation (the rest of <see cref="MerchantAllocator"/>).
/// Best of five interleaved passes each.
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

        // The passes are interleaved and each keeps its best time, so a burst of load on a shared machine
        // penalises all three alike instead of one.
        double Time(Action pass)
        {
            var sw = Stopwatch.StartNew();
            pass();
            return sw.Elapsed.TotalMilliseconds;
        }

        Action derivePass = () =>
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
        };
        Action samplingPass = () =>
        {
            for (var k = 0; k < c.MerchantCount; k++)
            {
                var m = c.CountryCount(k);
                var s = SubstreamDerivation.Derive(master, S7Names.ResidualLabel, (ulong)c.MerchantIds[k]);
                if (m > 1)
                {
                    s = SubstreamDerivation.Derive(master, S7Names.GammaLabel, (ulong)c.MerchantIds[k]);
                    Dirichlet.Sample(ref s, inputs.Alpha.Of(k), gamma, weights);
                }

                blocks += s.Blocks;
            }
        };
        Action fullPass = () =>
        {
            for (var k = 0; k < c.MerchantCount; k++)
            {
                var m = c.CountryCount(k);
                MerchantAllocator.Allocate(master, c.MerchantIds[k], inputs.Outlets[k], c.Countries(k), inputs.Alpha.Of(k), gamma, weights, new IntegerisationBuffers(floors, q, ranks, counts));
            }
        };
        double derive = double.MaxValue, sampling = double.MaxValue, full = double.MaxValue;
        for (var rep = 0; rep < 5; rep++)
        {
            derive = Math.Min(derive, Time(derivePass));
            sampling = Math.Min(sampling, Time(samplingPass));
            full = Math.Min(full, Time(fullPass));
        }

        var philox = Time(() =>
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
