using System.Globalization;
using ParquetSharp;

namespace Allot.Data.Parquet;

/// <summary>
/// How a DATE, TIME, TIMESTAMP or UUID column is shown when a table is read as text (<see cref="ParquetFile.ReadValues"/>):
/// <c>2024-01-02</c>, <c>03:04:05.5</c>, <c>2024-01-02 03:04:05.123456</c> (a <c>Z</c> after a UTC-adjusted
/// timestamp), <c>0b7e…-…</c> — ISO 8601 as DuckDB prints them, fractions to the column's unit with trailing zeros
/// dropped. Typed readers still refuse these columns: only a column that is passed through is shown this way.
/// </summary>
/// <remarks>
/// Why: <c>allot apportion</c> echoes every input column, so a DuckDB table with a date or a timestamp beside the
/// weights was refused whole ("unsupported type INT32 (DATE)") although the column is only copied.
/// </remarks>
/// <param name="Form">What the column holds.</param>
/// <param name="UnitsPerSecond">For times and timestamps: 1,000, 1,000,000 or 1,000,000,000.</param>
/// <param name="Utc">A timestamp adjusted to UTC (DuckDB's TIMESTAMPTZ).</param>
internal readonly record struct ParquetTextForm(ParquetTextKind Form, long UnitsPerSecond, bool Utc)
{
    private const int EpochDayNumber = 719_162; // DateOnly.DayNumber of 1970-01-01
    private const long MinSeconds = -62_135_596_800; // 0001-01-01 00:00:00, seconds from the epoch
    private const long MaxSeconds = 253_402_300_799; // 9999-12-31 23:59:59

    /// <summary>The form of a column, or <see cref="ParquetTextKind.None"/>.</summary>
    public static ParquetTextForm Of(PhysicalType physical, LogicalType logical, int typeLength) => logical switch
    {
        DateLogicalType when physical == PhysicalType.Int32 => new(ParquetTextKind.Date, 0, false),
        TimestampLogicalType t when physical == PhysicalType.Int64 && PerSecond(t.TimeUnit) > 0 => new(ParquetTextKind.Timestamp, PerSecond(t.TimeUnit), t.IsAdjustedToUtc),
        TimeLogicalType t when physical is PhysicalType.Int32 or PhysicalType.Int64 && PerSecond(t.TimeUnit) > 0 => new(ParquetTextKind.Time, PerSecond(t.TimeUnit), t.IsAdjustedToUtc),
        UuidLogicalType when physical == PhysicalType.FixedLenByteArray && typeLength == 16 => new(ParquetTextKind.Uuid, 0, false),
        _ => default,
    };

    /// <summary>A DATE: days from 1970-01-01; null when outside years 1–9999.</summary>
    public static string? Date(int days)
    {
        var day = (long)EpochDayNumber + days;
        return day is < 0 or > 3_652_058 ? null : DateOnly.FromDayNumber((int)day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>A TIMESTAMP in this form's unit from the epoch; null when outside years 1–9999.</summary>
    public string? Timestamp(long value)
    {
        var seconds = Math.DivRem(value, UnitsPerSecond, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += UnitsPerSecond;
        }

        if (seconds is < MinSeconds or > MaxSeconds)
        {
            return null;
        }

        var at = DateTime.UnixEpoch.AddSeconds(seconds);
        return at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + Fraction(fraction) + (Utc ? "Z" : string.Empty);
    }

    /// <summary>A TIME in this form's unit from midnight; null when outside a day.</summary>
    public string? Time(long value)
    {
        if (value < 0 || value >= 86_400 * UnitsPerSecond)
        {
            return null;
        }

        var seconds = Math.DivRem(value, UnitsPerSecond, out var fraction);
        return TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) + Fraction(fraction) + (Utc ? "Z" : string.Empty);
    }

    /// <summary>A UUID's 16 bytes in the canonical lower-case 8-4-4-4-12 form (byte order as stored).</summary>
    public static string Uuid(ReadOnlySpan<byte> bytes)
    {
        var hex = Convert.ToHexStringLower(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}");
    }

    private string Fraction(long fraction)
    {
        if (fraction == 0)
        {
            return string.Empty;
        }

        var digits = UnitsPerSecond switch { 1_000 => 3, 1_000_000 => 6, _ => 9 };
        return "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }

    private static long PerSecond(TimeUnit unit) => unit switch
    {
        TimeUnit.Millis => 1_000,
        TimeUnit.Micros => 1_000_000,
        TimeUnit.Nanos => 1_000_000_000,
        _ => 0,
    };
}

/// <summary>What a <see cref="ParquetTextForm"/> column holds.</summary>
internal enum ParquetTextKind
{
    /// <summary>Not a date, time, timestamp or UUID (rendered by its value type, or refused).</summary>
    None,

    /// <summary>DATE (INT32 days from 1970-01-01).</summary>
    Date,

    /// <summary>TIMESTAMP (INT64 in ms, µs or ns from the epoch).</summary>
    Timestamp,

    /// <summary>TIME (INT32 ms or INT64 µs/ns from midnight).</summary>
    Time,

    /// <summary>UUID (FIXED_LEN_BYTE_ARRAY(16)).</summary>
    Uuid,
}
