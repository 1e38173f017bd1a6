using Allot.Core.Random;
using Allot.Segment1A.Dirichlet;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Validation;

/// <summary>Replays one merchant through the same code path as the run, into reusable buffers.</summary>
internal sealed class MerchantReplay
{
    public MerchantReplay(int maxCountries)
    {
        Gamma = new double[maxCountries];
        Weights = new double[maxCountries];
        Floors = new long[maxCountries];
        Quantised = new long[maxCountries];
        Ranks = new int[maxCountries];
        Counts = new long[maxCountries];
    }

    public long MerchantId { get; private set; }

    public long Total { get; private set; }

    public int M { get; private set; }

    public int Start { get; private set; }

    public MerchantDraw Draw { get; private set; }

    /// <summary>Index of the merchant replayed last.</summary>
    public int K { get; private set; }

    public double[] Gamma { get; }

    public double[] Weights { get; }

    public long[] Floors { get; }

    public long[] Quantised { get; }

    public int[] Ranks { get; }

    public long[] Counts { get; }

    public void Replay(S7Inputs inputs, MasterMaterial master, int k)
    {
        var countries = Select(inputs, k);
        Draw = MerchantAllocator.Allocate(
            master,
            MerchantId,
            Total,
            countries.IsoCodes.AsSpan(Start, M),
            inputs.Alpha.Of(k),
            Gamma,
            Weights,
            new IntegerisationBuffers(Floors, Quantised, Ranks, Counts));
    }

    /// <summary>Takes merchant <paramref name="k"/>'s replay from <paramref name="chunk"/>, which computed it with the same code.</summary>
    public void Load(S7Inputs inputs, S7Chunk chunk, int k)
    {
        Select(inputs, k);
        Draw = chunk.Draws[k - chunk.FirstMerchant];
        var local = Start - chunk.FirstRow;
        chunk.Gamma.AsSpan(local, M).CopyTo(Gamma);
        chunk.Weights.AsSpan(local, M).CopyTo(Weights);
        chunk.Floors.AsSpan(local, M).CopyTo(Floors);
        chunk.Quantised.AsSpan(local, M).CopyTo(Quantised);
        chunk.Ranks.AsSpan(local, M).CopyTo(Ranks);
        chunk.Counts.AsSpan(local, M).CopyTo(Counts);
    }

    /// <summary>Points this replay at merchant <paramref name="k"/> (its rows, id and total) before its draw is filled in.</summary>
    private CountrySets Select(S7Inputs inputs, int k)
    {
        var countries = inputs.Countries;
        K = k;
        Start = countries.Offsets[k];
        M = countries.CountryCount(k);
        MerchantId = countries.MerchantIds[k];
        Total = inputs.Outlets[k];
        return countries;
    }

    public double Residual(int i) => Quantised[i] / ResidualIntegeriser.QuantisationScale;
}
