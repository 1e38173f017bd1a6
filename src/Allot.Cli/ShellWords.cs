namespace Allot.Cli;

/// <summary>
/// Command lines the CLI prints for a person to paste (the fixtures' "next" step): each word quoted for a POSIX shell
/// when it needs it, so a data root with a space or a quote in its name still pastes as one argument.
/// </summary>
internal static class ShellWords
{
    /// <summary>The words joined by spaces, each quoted only when it holds something a shell would split or expand.</summary>
    public static string Join(params string[] words) => string.Join(' ', words.Select(Quote));

    /// <summary>One word, single-quoted unless every character is plainly safe (a quote inside becomes <c>'\''</c>).</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or '=' or '@' or '%' or '+' or ',')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
