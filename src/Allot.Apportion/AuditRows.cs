using System.Globalization;
using System.Text;
using Allot.Core.Apportionment;
using Parquet;
using Parquet.Schema;

namespace Allot.Apportion;

/// <summary>
/// The audit as a table, one row per unit in input order, for <c>--audit</c> paths ending in <c>.csv</c> or
/// <c>.parquet</c>. Fractions are split into numerator and denominator columns (digit strings: they can exceed
/// 64 bits); an empty cell means "not applicable" (no audit value for the method, or no seat).
/// </summary>
internal sealed class AuditRows(string groupColumn, string unitColumn)
{
    private static readonly string[] Text = ["weight", "quota_numerator", "quota_denominator", "remainder_numerator", "remainder_denominator", "last_seat_priority_numerator", "last_seat_priority_denominator", "last_seat_priority_form", "binding_bound", "tie"];
    private static readonly string[] Integers = ["row", "floor", "remainder_rank", "relaxed_units", "allocation"];
    private static readonly string[] Flags = ["passed_threshold", "cap_hit"];

    private readonly List<string> _groups = [];
    private readonly List<string> _units = [];
    private readonly Dictionary<string, List<string?>> _text = Text.ToDictionary(c => c, _ => new List<string?>());
    private readonly Dictionary<string, List<long?>> _integers = Integers.ToDictionary(c => c, _ => new List<long?>());
    private readonly Dictionary<string, List<bool>> _flags = Flags.ToDictionary(c => c, _ => new List<bool>());

    public void Add(string group, string unit, long row, string weight, ExactFraction? quota, long? floor, ExactFraction? remainder, int? rank, SeatPriority? lastSeat, string? bound, string tie, bool passed, bool capHit, long relaxed, long allocation)
    {
        _groups.Add(group);
        _units.Add(unit);
        _text["weight"].Add(weight);
        _text["quota_numerator"].Add(Digits(quota?.Numerator));
        _text["quota_denominator"].Add(Digits(quota?.Denominator));
        _text["remainder_numerator"].Add(Digits(remainder?.Numerator));
        _text["remainder_denominator"].Add(Digits(remainder?.Denominator));
        var finite = lastSeat is { IsInfinite: false } p ? p : (SeatPriority?)null;
        _text["last_seat_priority_numerator"].Add(Digits(finite?.Value.Numerator));
        _text["last_seat_priority_denominator"].Add(Digits(finite?.Value.Denominator));
        _text["last_seat_priority_form"].Add(lastSeat is not { } s ? null : s.IsInfinite ? "infinite" : s.IsSquared ? "squared" : "plain");
        _text["binding_bound"].Add(bound);
        _text["tie"].Add(tie);
        _integers["row"].Add(row);
        _integers["floor"].Add(floor);
        _integers["remainder_rank"].Add(rank);
        _integers["relaxed_units"].Add(relaxed);
        _integers["allocation"].Add(allocation);
        _flags["passed_threshold"].Add(passed);
        _flags["cap_hit"].Add(capHit);
    }

    public byte[] ToCsv()
    {
        var sb = new StringBuilder();
        var header = new[] { groupColumn, unitColumn }.Concat(Integers.Take(1)).Concat(Text).Concat(Integers.Skip(1)).Concat(Flags);
        sb.AppendJoin(',', header.Select(ApportionOutput.Escape)).Append('\n');
        for (var r = 0; r < _units.Count; r++)
        {
            var cells = new List<string> { _groups[r], _units[r], Cell(_integers["row"][r]) };
            cells.AddRange(Text.Select(c => _text[c][r] ?? string.Empty));
            cells.AddRange(Integers.Skip(1).Select(c => Cell(_integers[c][r])));
            cells.AddRange(Flags.Select(c => _flags[c][r] ? "true" : "false"));
            sb.AppendJoin(',', cells.Select(ApportionOutput.Escape)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public byte[] ToParquet()
    {
        var groupField = new DataField<string>(groupColumn);
        var unitField = new DataField<string>(unitColumn);
        var textFields = Text.Select(c => new DataField<string>(c)).ToArray();
        var intFields = Integers.Select(c => new DataField<long?>(c)).ToArray();
        var flagFields = Flags.Select(c => new DataField<bool>(c)).ToArray();
        var schema = new ParquetSchema([groupField, unitField, .. textFields, .. intFields, .. flagFields]);
        using var ms = new MemoryStream();
        var writer = ParquetWriter.CreateAsync(schema, ms).GetAwaiter().GetResult();
        try
        {
            using var rg = writer.CreateRowGroup();
            rg.WriteAsync(groupField, _groups.Select(g => (string?)g).ToArray(), null).GetAwaiter().GetResult();
            rg.WriteAsync(unitField, _units.Select(u => (string?)u).ToArray(), null).GetAwaiter().GetResult();
            for (var c = 0; c < Text.Length; c++)
            {
                rg.WriteAsync(textFields[c], _text[Text[c]].ToArray(), null).GetAwaiter().GetResult();
            }

            for (var c = 0; c < Integers.Length; c++)
            {
                rg.WriteAsync<long>(intFields[c], _integers[Integers[c]].ToArray().AsMemory(), null, null, default).GetAwaiter().GetResult();
            }

            for (var c = 0; c < Flags.Length; c++)
            {
                rg.WriteAsync<bool>(flagFields[c], _flags[Flags[c]].ToArray().AsMemory(), null, null, default).GetAwaiter().GetResult();
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return ms.ToArray();
    }

    private static string? Digits(System.Numerics.BigInteger? n) => n?.ToString(CultureInfo.InvariantCulture);

    private static string Cell(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
