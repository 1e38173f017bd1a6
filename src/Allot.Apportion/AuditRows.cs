using System.Globalization;
using Allot.Core.Apportionment;
using Allot.Data.Csv;
using Allot.Data.Parquet;

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

    /// <summary>The audit rows through the data plane's CSV writer (keys neutralised like every CSV a person opens).</summary>
    public void WriteCsv(Stream destination)
    {
        var header = new[] { groupColumn, unitColumn }.Concat(Integers.Take(1)).Concat(Text).Concat(Integers.Skip(1)).Concat(Flags).ToList();
        using var csv = new CsvFileWriter(destination, header);
        for (var r = 0; r < _units.Count; r++)
        {
            csv.Text(_groups[r]).Text(_units[r]);
            Number(csv, _integers["row"][r]);
            foreach (var c in Text)
            {
                csv.Text(_text[c][r]);
            }

            foreach (var c in Integers.Skip(1))
            {
                Number(csv, _integers[c][r]);
            }

            foreach (var c in Flags)
            {
                csv.Text(_flags[c][r] ? "true" : "false");
            }

            csv.EndRow();
        }
    }

    /// <summary>The audit rows through the data plane's Parquet writer (text and integer cells nullable, flags not).</summary>
    public void WriteParquet(Stream destination)
    {
        var specs = new List<ParquetColumnSpec> { new(groupColumn, ParquetColumnKind.String), new(unitColumn, ParquetColumnKind.String) };
        specs.AddRange(Text.Select(c => new ParquetColumnSpec(c, ParquetColumnKind.String, Required: false)));
        specs.AddRange(Integers.Select(c => new ParquetColumnSpec(c, ParquetColumnKind.Int64, Required: false)));
        specs.AddRange(Flags.Select(c => new ParquetColumnSpec(c, ParquetColumnKind.Boolean)));
        var values = new List<Array> { _groups.ToArray(), _units.ToArray() };
        values.AddRange(Text.Select(c => _text[c].ToArray()));
        values.AddRange(Integers.Select(c => _integers[c].ToArray()));
        values.AddRange(Flags.Select(c => _flags[c].ToArray()));
        ParquetPartitionWriter.WriteFile(destination, specs, values, _units.Count);
    }

    private static string? Digits(System.Numerics.BigInteger? n) => n?.ToString(CultureInfo.InvariantCulture);

    private static void Number(CsvFileWriter csv, long? v) => _ = v is { } n ? csv.Integer(n) : csv.Empty();
}
