using Allot.Data.Tables;

namespace Allot.Apportion;

/// <summary>
/// One group of rows read from the input, validated and ready for the kernel. Its units are rows of the table
/// (<see cref="Rows"/>, in input order); keys and weights are read from the table's columns, so a group holds
/// indices, not strings.
/// </summary>
internal sealed class ApportionGroup(string key, TextColumn unitColumn, TextColumn weightColumn)
{
    private string[]? _units;

    public string Key { get; } = key;

    public long? Total { get; set; }

    public long TotalRow { get; set; }

    /// <summary>0-based table rows of the group's units, ascending.</summary>
    public int[] Rows { get; set; } = [];

    public int Count => Rows.Length;

    /// <summary>Unit keys as strings (made on first use: audits, ties, lots and errors need them, the plain run does not).</summary>
    public IReadOnlyList<string> Units => _units ??= Rows.Select(r => new string(unitColumn.Span(r))).ToArray();

    public long[] Allocation { get; set; } = [];

    public Core.Apportionment.ApportionmentOutcome? Outcome { get; set; }

    public Core.Apportionment.ApportionmentAudit? Audit { get; set; }

    /// <summary>1-based data row (header excluded) of unit <paramref name="i"/>, as error messages and audits name it.</summary>
    public long Row(int i) => Rows[i] + 1L;

    public ReadOnlySpan<char> UnitSpan(int i) => unitColumn.Span(Rows[i]);

    /// <summary>The weight of unit <paramref name="i"/> as written (trimmed of spaces).</summary>
    public string WeightText(int i) => new(weightColumn.Span(Rows[i]).Trim());
}
