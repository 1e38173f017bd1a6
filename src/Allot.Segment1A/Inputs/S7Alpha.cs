namespace Allot.Segment1A.Inputs;

/// <summary>
/// The Dirichlet α of every merchant, held as an index into the few distinct vectors the hyperparameters give (one
/// per declared key, one symmetric τ/m per m): 4 bytes per merchant where a flat α per (merchant, country) row takes
/// 8 per row (400 MB at 10^7 merchants).
/// </summary>
public sealed class S7Alpha
{
    private static readonly double[] Domestic = [0.0];
    private readonly int[] _vectorOf;
    private readonly List<double[]> _vectors = [Domestic];
    private readonly Dictionary<double[], int> _index = new(ReferenceEqualityComparer.Instance) { [Domestic] = 0 };

    internal S7Alpha(int merchants) => _vectorOf = new int[merchants];

    /// <summary>Distinct vectors in use (the domestic-only placeholder included).</summary>
    public int VectorCount => _vectors.Count;

    /// <summary>α of merchant <paramref name="k"/> in rank order (a single 0 for a domestic-only merchant).</summary>
    public ReadOnlySpan<double> Of(int k) => _vectors[_vectorOf[k]];

    internal void Set(int k, double[] vector)
    {
        if (!_index.TryGetValue(vector, out var i))
        {
            i = _vectors.Count;
            _vectors.Add(vector);
            _index.Add(vector, i);
        }

        _vectorOf[k] = i;
    }
}
