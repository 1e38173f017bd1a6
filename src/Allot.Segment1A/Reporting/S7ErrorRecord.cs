using System.Globalization;
using Allot.Core.Errors;
using Allot.Data.Json;

namespace Allot.Segment1A.Reporting;

/// <summary>
/// The one-line JSON error record S7 commands print on stderr before the human sentence, like S4's:
/// <c>{"event":"S7_ERROR","code":…,"class":…,"at":…,"seed":…,"parameter_hash":…,"manifest_fingerprint":…,"merchant_id"?,"file"?,"row"?,"row_group"?,"column"?,"message":…}</c>
/// (<c>S7_VALIDATION_ERROR</c> for <c>validate-s7</c> and <c>replay-s7</c>). <c>at</c> is the UTC time (RFC 3339, microseconds).
/// </summary>
public sealed record S7ErrorRecord
{
    /// <summary>S7_ERROR or S7_VALIDATION_ERROR.</summary>
    public required string Event { get; init; }

    /// <summary>The error code.</summary>
    public required string Code { get; init; }

    /// <summary>The error class (usage, input, validation, conflict, internal, io).</summary>
    public required string Class { get; init; }

    /// <summary>When the failure happened.</summary>
    public required string At { get; init; }

    /// <summary>The seed token as given (null when not given).</summary>
    public string? Seed { get; init; }

    /// <summary>The parameter hash token as given.</summary>
    public string? ParameterHash { get; init; }

    /// <summary>The manifest fingerprint token as given.</summary>
    public string? ManifestFingerprint { get; init; }

    /// <summary>The merchant involved, when known.</summary>
    public long? MerchantId { get; init; }

    /// <summary>The file involved, when known.</summary>
    public string? File { get; init; }

    /// <summary>1-based row or line, when known.</summary>
    public long? Row { get; init; }

    /// <summary>Parquet row group, when known.</summary>
    public int? RowGroup { get; init; }

    /// <summary>The column, when known.</summary>
    public string? Column { get; init; }

    /// <summary>The human sentence.</summary>
    public required string Message { get; init; }

    /// <summary>The record line for <paramref name="error"/>.</summary>
    public static string ToLine(AllotError error, string? seed, string? parameterHash, string? fingerprint, DateTimeOffset at, string eventName = "S7_ERROR")
    {
        ArgumentNullException.ThrowIfNull(error);
        return AllotJson.ToLine(new S7ErrorRecord
        {
            Event = eventName,
            Code = error.Code,
            Class = ErrorCatalogue.ClassName(error.Class),
            At = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            Seed = seed,
            ParameterHash = parameterHash,
            ManifestFingerprint = fingerprint,
            MerchantId = MerchantOf(error),
            File = error.File,
            Row = error.Row,
            RowGroup = error.RowGroup,
            Column = error.Column,
            Message = error.Message,
        });
    }

    // Structured key fields first; S7 call sites that still pass "merchant_id=…" as Key are read as a fallback.
    private static long? MerchantOf(AllotError error)
    {
        var text = error.Location.KeyField("merchant_id")
            ?? (error.Key is { } k && k.StartsWith("merchant_id=", StringComparison.Ordinal) ? k["merchant_id=".Length..] : null);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : null;
    }
}
