using Allot.Core.Errors;
using Allot.Core.Random;
using Allot.Segment1A.Dirichlet;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A;

/// <summary>
/// The results of a contiguous range of merchants, computed in parallel (each merchant is independent: its
/// streams are derived from its id) and then written in merchant order. Buffers are reused across chunks.
/// Chunk boundaries depend only on the merchant count, never on the worker count.
/// </summary>
internal sealed class S7Chunk
{
    /// <summary>Merchants per chunk (and per Parquet row group of the cache).</summary>
    public const int MerchantsPerChunk = 16_384;

    public S7Chunk(int rowCapacity)
    {
        Draws = new MerchantDraw[MerchantsPerChunk];
        Errors = new AllotException?[MerchantsPerChunk];
        Resize(rowCapacity);
    }

    public int FirstMerchant { get; private set; }

    public int MerchantCount { get; private set; }

    public int FirstRow { get; private set; }

    public int RowCount { get; private set; }

    public MerchantDraw[] Draws { get; }

    public AllotException?[] Errors { get; }

    public double[] Gamma { get; private set; } = [];

    public double[] Weights { get; private set; } = [];

    public long[] Floors { get; private set; } = [];

    public long[] Quantised { get; private set; } = [];

    public int[] Ranks { get; private set; } = [];

    public long[] Counts { get; private set; } = [];

    /// <summary>Computes merchants [first, first + count) with up to <paramref name="workers"/> threads; throws the first failure in merchant order.</summary>
    public void Compute(S7Inputs inputs, MasterMaterial master, int first, int count, int workers)
    {
        var countries = inputs.Countries;
        FirstMerchant = first;
        MerchantCount = count;
        FirstRow = countries.Offsets[first];
        RowCount = countries.Offsets[first + count] - FirstRow;
        if (RowCount > Gamma.Length)
        {
            Resize(RowCount);
        }

        Array.Clear(Errors, 0, count);
        var batch = Math.Max(256, count / (Math.Max(1, workers) * 8));
        var batches = (count + batch - 1) / batch;
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, b =>
        {
            var end = Math.Min(count, (b + 1) * batch);
            for (var j = b * batch; j < end; j++)
            {
                ComputeMerchant(inputs, master, j);
            }
        });

        for (var j = 0; j < count; j++)
        {
            if (Errors[j] is { } error)
            {
                throw error;
            }
        }
    }

    private void ComputeMerchant(S7Inputs inputs, MasterMaterial master, int j)
    {
        var countries = inputs.Countries;
        var k = FirstMerchant + j;
        var start = countries.Offsets[k];
        var m = countries.CountryCount(k);
        var local = start - FirstRow;
        try
        {
            Draws[j] = MerchantAllocator.Allocate(
                master,
                countries.MerchantIds[k],
                inputs.Outlets[k],
                countries.Countries(k),
                inputs.Alpha.Of(k),
                Gamma.AsSpan(local, m),
                Weights.AsSpan(local, m),
                new IntegerisationBuffers(Floors.AsSpan(local, m), Quantised.AsSpan(local, m), Ranks.AsSpan(local, m), Counts.AsSpan(local, m)));
        }
        catch (AllotException ex)
        {
            Errors[j] = ex;
        }
    }

    private void Resize(int rows)
    {
        Gamma = new double[rows];
        Weights = new double[rows];
        Floors = new long[rows];
        Quantised = new long[rows];
        Ranks = new int[rows];
        Counts = new long[rows];
    }
}
