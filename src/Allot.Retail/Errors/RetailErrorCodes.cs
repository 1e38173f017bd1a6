using Allot.Core.Errors;

namespace Allot.Retail.Errors;

/// <summary>
/// The single catalogue of retail (Step 32) error codes. Codes are stable: they are documented in
/// <c>docs/retail-errors.md</c> and never reworded once published. Each code has a factory that fills the
/// error class so callers cannot pick an inconsistent exit code.
/// </summary>
public static class RetailErrorCodes
{
    /// <summary>A required column is absent from an input file.</summary>
    public const string MissingColumn = "E_RETAIL_MISSING_COLUMN";

    /// <summary>A group ΔQty is not integer-valued.</summary>
    public const string FractionalDelta = "E_RETAIL_FRACTIONAL_DELTA";

    /// <summary>A numeric cell cannot be read as a number (or is out of range).</summary>
    public const string BadNumber = "E_RETAIL_BAD_NUMBER";

    /// <summary>A store's Capacity_Utilization is negative.</summary>
    public const string NegativeUtilization = "E_RETAIL_NEGATIVE_UTILIZATION";

    /// <summary>An environment variable or flag has a malformed or out-of-range value.</summary>
    public const string BadParameter = "E_RETAIL_BAD_PARAMETER";

    /// <summary>An input file does not exist or cannot be read.</summary>
    public const string FileUnreadable = "E_RETAIL_FILE_UNREADABLE";

    /// <summary>Default discovery found no file for an input.</summary>
    public const string NoInputFile = "E_RETAIL_NO_INPUT_FILE";

    /// <summary>A recommendation row lists no stores (and <c>--allow-unallocatable</c> was not given).</summary>
    public const string EmptyGroup = "E_RETAIL_EMPTY_GROUP";

    /// <summary>The target period (<c>--target-yyyymm</c>, <c>--target-period</c>) is malformed.</summary>
    public const string BadPeriod = "E_RETAIL_BAD_PERIOD";

    /// <summary>The existing pipeline manifest is not a JSON object.</summary>
    public const string BadManifest = "E_RETAIL_BAD_MANIFEST";

    /// <summary>An input table lists one key twice (e.g. a store code in the store file); the message names both rows.</summary>
    public const string DuplicateKey = "E_RETAIL_DUPLICATE_KEY";

    /// <summary>
    /// An exclusion or inclusion list has a row that cannot be applied as meant: its period is not a half-month label,
    /// or its store code matches a store of the recommendations only but for leading zeros (file, row and code named).
    /// </summary>
    public const string BadStoreList = "E_RETAIL_BAD_STORE_LIST";

    /// <summary><c>allot retail fixtures</c>: the folder already holds a file of the fixture's names with other content (a pipeline's real inputs, or another fixture).</summary>
    public const string FixtureExists = "E_RETAIL_FIXTURE_EXISTS";

    /// <summary><c>allot retail validate</c> found a pick list that breaks an invariant or differs from a re-derivation.</summary>
    public const string ValidationFailed = "E_RETAIL_VALIDATION_FAILED";

    /// <summary>Builds an input error (exit code 3).</summary>
    public static AllotException Input(string code, string message, string? file = null, long? row = null, string? key = null) =>
        new(new AllotError(code, ErrorClass.Input, message, file, row, key));

    /// <summary>Builds a usage error (exit code 2).</summary>
    public static AllotException Usage(string code, string message, string? key = null) =>
        new(new AllotError(code, ErrorClass.Usage, message, Key: key));

    /// <summary>Builds a validation error (exit code 4).</summary>
    public static AllotException Validation(string message, string? file = null, long? row = null) =>
        new(new AllotError(ValidationFailed, ErrorClass.Validation, message, file, row));
}
