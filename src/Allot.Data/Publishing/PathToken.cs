using System.Text.RegularExpressions;
using Allot.Core.Errors;

namespace Allot.Data.Publishing;

/// <summary>
/// Identity tokens (seed, parameter hash, manifest fingerprint, period…) become path segments, so they are
/// checked before any file is touched: no token can contain a separator, start with a dot, or escape the root.
/// </summary>
public static partial class PathToken
{
    /// <summary>Stable code for a token that is not a safe path segment.</summary>
    public const string InvalidCode = "E_TOKEN_INVALID";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeToken();

    /// <summary>True when <paramref name="value"/> matches <c>^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$</c> and is not a dot-dot form.</summary>
    public static bool IsValid(string? value) =>
        value is not null && SafeToken().IsMatch(value) && !value.Contains("..", StringComparison.Ordinal);

    /// <summary>Returns <paramref name="value"/> or throws <see cref="AllotException"/> naming the token.</summary>
    /// <param name="name">The token's name as the user knows it (e.g. <c>seed</c>).</param>
    /// <param name="value">The value to check.</param>
    /// <param name="code">The code to raise; callers with their own catalogue (e.g. S4) pass theirs.</param>
    public static string Require(string name, string? value, string code = InvalidCode)
    {
        if (!IsValid(value))
        {
            throw new AllotException(new AllotError(
                code,
                ErrorClass.Input,
                $"{name} '{value}' is not a safe path token: it must match ^[A-Za-z0-9][A-Za-z0-9._-]{{0,127}}$ and contain no '..'.",
                Key: name));
        }

        return value!;
    }
}
