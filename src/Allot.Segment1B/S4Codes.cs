namespace Allot.Segment1B;

/// <summary>
/// Typed names for Segment 1B's S0/S4 codes of <see cref="Core.Errors.ErrorCatalogue"/>, which holds their classes and
/// meanings (see <c>docs/segment1b-s4.md</c>).
/// </summary>
public static class S4Codes
{
    /// <summary><c>s3_requirements</c> partition missing.</summary>
    public const string RequirementsMissing = "E401_REQUIREMENTS_MISSING";

    /// <summary>Weights partition missing, <c>dp</c> null/not unique/out of range, a requirement country without weights, or weights not summing to 10^dp.</summary>
    public const string WeightsMissing = "E402_WEIGHTS_MISSING";

    /// <summary>Allocations do not sum to <c>n_sites</c>, or an allocation no shortfall could produce.</summary>
    public const string ShortfallMismatch = "E403_SHORTFALL_MISMATCH";

    /// <summary>The +1 increments break the rule "remainder descending, then tile_id ascending".</summary>
    public const string TieBreak = "E404_TIE_BREAK";

    /// <summary>Column set, types or value domain wrong.</summary>
    public const string SchemaInvalid = "E405_SCHEMA_INVALID";

    /// <summary>Rows not sorted by (merchant_id, legal_country_iso, tile_id).</summary>
    public const string SortInvalid = "E406_SORT_INVALID";

    /// <summary>Duplicate primary key.</summary>
    public const string PkDuplicate = "E407_PK_DUPLICATE";

    /// <summary>ISO table or tile index missing, a weighted tile not in the index, a country not in the ISO table.</summary>
    public const string CoverageMissing = "E408_COVERAGE_MISSING";

    /// <summary>Run report missing/invalid/incomplete, or receipt or counters do not match.</summary>
    public const string Determinism = "E409_DETERMINISM";

    /// <summary>A path token disagrees with a value embedded in the data; or a token is not a safe path segment.</summary>
    public const string TokenMismatch = "E410_TOKEN_MISMATCH";

    /// <summary>The partition exists with different bytes.</summary>
    public const string ImmutableConflict = "E411_IMMUTABLE_CONFLICT";

    /// <summary>S0: the 1A validation bundle folder or its <c>_passed.flag</c> is missing.</summary>
    public const string NoPassFlag = "E301_NO_PASS_FLAG";

    /// <summary>S0: <c>index.json</c> is missing.</summary>
    public const string IndexMissing = "E_INDEX_MISSING";

    /// <summary>S0: <c>index.json</c> is not a valid index of the bundle.</summary>
    public const string IndexInvalid = "E_INDEX_INVALID";

    /// <summary>S0: <c>_passed.flag</c> is not one line <c>sha256_hex = &lt;64 lowercase hex&gt;</c>.</summary>
    public const string FlagFormatInvalid = "E_FLAG_FORMAT_INVALID";

    /// <summary>S0: the flag's hash differs from the hash of the indexed files.</summary>
    public const string FlagHashMismatch = "E_FLAG_HASH_MISMATCH";

    /// <summary>S0: a gate receipt already exists with different content (timestamp aside).</summary>
    public const string ReceiptConflict = "E_RECEIPT_CONFLICT";

    /// <summary>S4 with <c>--skip-s0</c>: no valid gate receipt for this fingerprint.</summary>
    public const string GateReceiptMissing = "E_GATE_RECEIPT_MISSING";
}
