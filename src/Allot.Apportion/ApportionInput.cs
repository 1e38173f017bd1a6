using System.Globalization;
using System.Numerics;
using Allot.Core.Apportionment;
using Allot.Core.Errors;
using Allot.Data.Tables;

namespace Allot.Apportion;

/// <summary>
/// The input table parsed once, row by row in input order, into per-row arrays: each row's group, its weight
/// (a 64-bit magnitude and decimal scale when it is a plain decimal of ≤ 19 digits — nearly always — else the
/// exact value kept aside), its bounds; plus the groups with their rows and totals. Nothing here is a string per
/// row: unit keys and weight texts stay in the table's column buffers.
/// </summary>
internal sealed class ApportionInput
{
    private const byte Exact = byte.MaxValue;

    private readonly ulong[] _magnitude;
    private readonly byte[] _scale;
    private readonly Dictionary<int, (BigInteger Numerator, BigInteger Denominator)> _exact = [];
    private readonly TextColumn _weights;

    private ApportionInput(TableReader table, TextColumn units, TextColumn weights, bool min, bool max)
    {
        Table = table;
        Units = units;
        _weights = weights;
        var n = table.RowCount;
        _magnitude = new ulong[n];
        _scale = new byte[n];
        Min = min ? new long[n] : null;
        Max = max ? new long[n] : null;
    }

    public TableReader Table { get; }

    public TextColumn Units { get; }

    /// <summary>Groups in order of first appearance.</summary>
    public List<ApportionGroup> Groups { get; } = [];

    /// <summary>Per-row minimums (null without a min column).</summary>
    public long[]? Min { get; }

    /// <summary>Per-row caps (null without a max column; <see cref="long.MaxValue"/> = no cap).</summary>
    public long[]? Max { get; }

    /// <summary>
    /// Reads and checks every row (the first bad row is the error, in input order; a repeated unit key above it
    /// comes first). Unit uniqueness itself is checked per group when the group is apportioned.
    /// </summary>
    public static ApportionInput Read(TableReader table, ApportionOptions o)
    {
        var groupCol = o.GroupColumn is null ? null : table.Column(o.GroupColumn);
        var unitCol = table.Column(o.UnitColumn);
        var weightCol = table.Column(o.WeightColumn);
        var minCol = o.MinColumn is null ? null : table.Column(o.MinColumn);
        var maxCol = o.MaxColumn is null ? null : table.Column(o.MaxColumn);
        var totalCol = o.Total is null && o.TotalsPath is null ? table.Column(o.TotalColumn) : null;

        var input = new ApportionInput(table, unitCol, weightCol, minCol is not null, maxCol is not null);
        var groups = input.Groups;
        var n = table.RowCount;
        var rowGroup = new int[n];
        var counts = new List<int>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = byKey.GetAlternateLookup<ReadOnlySpan<char>>();
        var current = -1;
        for (var r = 0; r < n; r++)
        {
            var gSpan = groupCol is null ? [] : groupCol.Span(r);

            // Rows of a group usually come together: compare with the previous row's key before hashing.
            if (current < 0 || !gSpan.SequenceEqual(groups[current].Key))
            {
                if (!lookup.TryGetValue(gSpan, out current))
                {
                    current = groups.Count;
                    var key = new string(gSpan);
                    byKey.Add(key, current);
                    groups.Add(new ApportionGroup(key, unitCol, weightCol));
                    counts.Add(0);
                }
            }

            rowGroup[r] = current;
            counts[current]++;
            try
            {
                input.ReadRow(r, groups[current], o, unitCol, minCol, maxCol, totalCol);
            }
            catch (AllotException) when (FirstRepeatBefore(groupCol, unitCol, r) is { } earlier)
            {
                throw Duplicate(table.Path, earlier, groupCol?[earlier] ?? string.Empty, unitCol[earlier] ?? string.Empty);
            }
        }

        // Each group's rows in input order (a counting sort by group).
        for (var i = 0; i < groups.Count; i++)
        {
            groups[i].Rows = new int[counts[i]];
            counts[i] = 0;
        }

        for (var r = 0; r < n; r++)
        {
            var gi = rowGroup[r];
            groups[gi].Rows[counts[gi]++] = r;
        }

        return input;
    }

    /// <summary>The exact weights of a group's units: 64-bit numerators over 10^scale when they fit, else big integers.</summary>
    public ExactWeights WeightsOf(ApportionGroup g)
    {
        if (_weights.IsBinary64)
        {
            // A double column: the exact binary value of each double (the text is its shortest round trip).
            return ExactWeights.FromDoubles(g.Rows.Select(r => double.Parse(_weights.Span(r), NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray());
        }

        var maxScale = 0;
        var fast = true;
        foreach (var r in g.Rows)
        {
            if (_scale[r] == Exact)
            {
                fast = false;
                break;
            }

            maxScale = Math.Max(maxScale, _scale[r]);
        }

        if (fast && maxScale <= 19)
        {
            var numerators = new ulong[g.Count];
            for (var i = 0; i < numerators.Length && fast; i++)
            {
                var r = g.Rows[i];
                var up = maxScale - _scale[r];
                var m = _magnitude[r];
                if (up == 0)
                {
                    numerators[i] = m;
                }
                else
                {
                    var f = Pow10[up];
                    var hi = Math.BigMul(m, f, out var lo);
                    fast = hi == 0;
                    numerators[i] = lo;
                }
            }

            if (fast)
            {
                return ExactWeights.FromNumerators(numerators, BigInteger.Pow(10, maxScale));
            }
        }

        // Rare: an exponent, more than 19 digits, or numerators beyond 64 bits at the common scale.
        var rationals = new (BigInteger, BigInteger)[g.Count];
        for (var i = 0; i < rationals.Length; i++)
        {
            var r = g.Rows[i];
            rationals[i] = _scale[r] == Exact ? _exact[r] : (_magnitude[r], BigInteger.Pow(10, _scale[r]));
        }

        return ExactWeights.FromRationals(rationals);
    }

    public static AllotException Duplicate(string file, int row, string group, string unit) =>
        ApportionJob.Fail(ApportionmentErrors.DuplicateKey, $"unit '{unit}' appears twice in group '{group}'; unit keys must be unique within a group.", file, row + 1L, ApportionJob.Key(group, unit));

    private static readonly ulong[] Pow10 = Enumerable.Range(0, 20).Select(k => (ulong)BigInteger.Pow(10, k)).ToArray();

    private void ReadRow(int r, ApportionGroup g, ApportionOptions o, TextColumn unitCol, TextColumn? minCol, TextColumn? maxCol, TextColumn? totalCol)
    {
        long row = r + 1;
        var file = Table.Path;
        // A Parquet '' is not null (the table keeps nulls and empty strings apart) but is no key either, as in a CSV.
        if (unitCol.IsNull(r) || unitCol.Span(r).IsEmpty)
        {
            throw ApportionJob.Fail(ApportionJobErrors.BadNumber, $"column '{o.UnitColumn}' is empty: every unit needs a key.", file, row, g.Key);
        }

        ReadWeight(r, g, file);
        if (minCol is not null)
        {
            Min![r] = minCol.IsNull(r) ? 0 : Bound(minCol.Span(r), o.MinColumn!, file, row, () => ApportionJob.Key(g.Key, unitCol[r]!));
        }

        if (maxCol is not null)
        {
            Max![r] = maxCol.IsNull(r) ? long.MaxValue : Bound(maxCol.Span(r), o.MaxColumn!, file, row, () => ApportionJob.Key(g.Key, unitCol[r]!));
        }

        if (totalCol is not null && !totalCol.IsNull(r))
        {
            var t = ApportionJob.ParseTotal(totalCol.Span(r), file, row, g.Key);
            if (g.Total is null)
            {
                g.Total = t;
                g.TotalRow = row;
            }
            else if (g.Total != t)
            {
                throw ApportionJob.Fail(ApportionJobErrors.TotalInconsistent, $"group '{g.Key}' has total {t} here but {g.Total} on row {g.TotalRow}.", file, row, g.Key);
            }
        }
    }

    private void ReadWeight(int r, ApportionGroup g, string file)
    {
        var text = _weights.Span(r);
        if (_weights.IsBinary64)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
            {
                throw BadWeight(r, g, file, text);
            }

            if (d < 0)
            {
                throw NegativeWeight(r, g, file, text);
            }

            return;
        }

        if (ExactNumber.TryParseSmall(text, out var magnitude, out var scale, out var negative) && scale < Exact)
        {
            if (negative && magnitude != 0)
            {
                throw NegativeWeight(r, g, file, text);
            }

            _magnitude[r] = magnitude;
            _scale[r] = (byte)scale;
            return;
        }

        if (!ExactNumber.TryParse(text, out var w))
        {
            throw BadWeight(r, g, file, text);
        }

        if (w.IsNegative)
        {
            throw NegativeWeight(r, g, file, text);
        }

        _scale[r] = Exact;
        _exact[r] = (w.Numerator, w.Denominator);
    }

    private AllotException BadWeight(int r, ApportionGroup g, string file, ReadOnlySpan<char> text) =>
        ApportionJob.Fail(
            ApportionJobErrors.BadNumber,
            text.IsWhiteSpace() ? "the weight is empty (a blank cell, or a null in Parquet); write 0 for a unit that should get nothing."
            : ExactNumber.ExponentBeyondLimit(text) != 0 ? $"weight '{text}' has an exponent beyond ±{ExactNumber.MaxExponent}, which is not read; only the ratios of a group's weights matter, so scale them to smaller exponents."
            : $"weight '{text}' is not a decimal number.",
            file,
            r + 1L,
            ApportionJob.Key(g.Key, Units[r]!));

    private AllotException NegativeWeight(int r, ApportionGroup g, string file, ReadOnlySpan<char> text) =>
        ApportionJob.Fail(ApportionmentErrors.NegativeWeight, $"weight {text} is negative; weights must be ≥ 0.", file, r + 1L, ApportionJob.Key(g.Key, Units[r]!));

    private static long Bound(ReadOnlySpan<char> text, string column, string file, long row, Func<string> key)
    {
        if (ExactNumber.TryParseSmall(text, out var m, out var scale, out var negative) && scale == 0 && !negative && m <= long.MaxValue)
        {
            return (long)m;
        }

        if (!ExactNumber.TryParse(text, out var n) || !n.TryToInt64(out var v) || v < 0)
        {
            // An empty cell already means "no cap" (or no minimum); spelled-out infinities are not numbers here.
            // A whole number past 2^63 − 1 is named as too large, not as "not an integer".
            var tooLarge = (ExactNumber.TryParse(text, out n) && n.IsInteger && !n.IsNegative) || (ExactNumber.ExponentBeyondLimit(text) > 0 && text.Trim()[0] != '-');
            throw ApportionJob.Fail(
                ApportionJobErrors.BadBound,
                tooLarge ? $"{column} '{text}' is above the largest bound, {long.MaxValue} (leave the cell empty for no bound)." : $"{column} '{text}' is not a non-negative integer (leave the cell empty for no bound).",
                file,
                row,
                key());
        }

        return v;
    }

    /// <summary>The first row before <paramref name="end"/> whose (group, unit) pair appeared on an earlier row (a cold path: only on an error).</summary>
    private static int? FirstRepeatBefore(TextColumn? groupCol, TextColumn unitCol, int end)
    {
        var seen = new HashSet<(string, string)>();
        for (var r = 0; r < end; r++)
        {
            if (!seen.Add((groupCol?[r] ?? string.Empty, unitCol[r] ?? string.Empty)))
            {
                return r;
            }
        }

        return null;
    }
}
