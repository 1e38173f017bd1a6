namespace Allot.Cli.Tests;

/// <summary>
/// A value the parser cannot convert is reported in the option's own terms (found by hand: `--total 1e30` printed
/// "as expected type 'System.Nullable`1[System.Int64]'").
/// </summary>
public sealed class UsageMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-usage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Exit, string Err) Apportion(params string[] extra)
    {
        var input = Path.Combine(_dir, "in.csv");
        File.WriteAllText(input, "unit,weight\na,1\nb,2\n");
        var (exit, _, err) = CliHarness.Run(["apportion", "--input", input, "--output", Path.Combine(_dir, "o.csv"), .. extra]);
        return (exit, err);
    }

    [Theory]
    [InlineData("99999999999999999999999999", "--total: 99999999999999999999999999 is too large; the largest accepted value is 9223372036854775807.")]
    [InlineData("abc", "--total: 'abc' is not a whole number.")]
    [InlineData("1.5", "--total: '1.5' is not a whole number.")]
    public void Total_NotAnInt64_IsNamedInPlainWords(string value, string expected)
    {
        var (exit, err) = Apportion("--total", value);
        Assert.Equal(2, exit);
        Assert.Contains("error E_USAGE: " + expected, err, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "o.csv")));
    }

    [Fact]
    public void EnumValue_NotAmongTheChoices_ListsThem()
    {
        // Found by hand: "as expected type 'Allot.Segment1A.S7LogCompression'. Did you mean one of the following? None Zstd".
        var (exit, _, err) = CliHarness.Run("segment1a", "s7", "run", "--data-root", ".", "--seed", "1", "--parameter-hash", "p", "--manifest-fingerprint", new string('a', 64), "--log-compression", "lzma");
        Assert.Equal(2, exit);
        Assert.Contains("error E_USAGE: --log-compression: 'lzma' is not one of: none, zstd.", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Allot.Segment1A", err, StringComparison.Ordinal);
    }

    [Fact]
    public void RetailFixtureSeed_Negative_IsTooSmall()
    {
        var (exit, _, err) = CliHarness.Run("retail", "fixtures", "--output-dir", Path.Combine(_dir, "f"), "--seed", "-1");
        Assert.Equal(2, exit);
        Assert.Contains("--seed: -1 is too small; the smallest accepted value is 0.", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "f")));
    }

    [Theory]
    [InlineData("apportion", "--input", "in.csv", "--total", "5", "--output", "o.csv", "--workers", "-1")]
    [InlineData("retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--workers", "-3")]
    [InlineData("retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--threads", "0")]
    [InlineData("segment1b", "run", "--data-root", ".", "--seed", "1", "--manifest-fingerprint", "f", "--parameter-hash", "p", "--workers", "0")]
    public void WorkersBelowOne_IsAUsageError_ForEveryCommand(params string[] args)
    {
        // Found by hand: apportion and retail ran with --workers -1 / -3 as if given 1; S4 and S7 refused in words of
        // their own. One check now, at parse time.
        var (exit, _, err) = CliHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.Matches(@"error E_USAGE: --workers must be ≥ 1 \(got -?\d+\)\.", err);
    }

    [Theory]
    [InlineData("apportion", "--input", "in.csv", "--total", "5", "--output", "o.csv", "--workers", "abc")]
    [InlineData("retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--workers", "two")]
    [InlineData("segment1b", "run", "--data-root", ".", "--seed", "1", "--manifest-fingerprint", "f", "--parameter-hash", "p", "--workers", "1.5")]
    [InlineData("segment1a", "s7", "run", "--data-root", ".", "--seed", "1", "--parameter-hash", "p", "--manifest-fingerprint", "f", "--workers", "x")]
    public void WorkersNotAWholeNumber_IsAUsageError_NotAnUnhandledException(params string[] args)
    {
        // Found at the border: the "at least 1" check read the value it could not convert, so `--workers abc` ended the
        // process with an unhandled InvalidOperationException (exit 134) instead of a usage error.
        var (exit, _, err) = CliHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.Matches(@"error E_USAGE: --workers: '[^']+' is not a whole number\.", err);
    }

    [Theory]
    [InlineData("report", "--output", "-", "--retail-output-dir", "out", "--retail-period", "202509A")]
    [InlineData("retail", "diff", "a", "b", "--html", "-")]
    [InlineData("segment1b", "fixtures", "--data-root", "-")]
    public void Dash_ForAFileOption_IsAUsageError_NotAFileNamedDash(params string[] args)
    {
        // Found by hand: `retail diff A B --html -` and `report --output -` wrote a file named "-" here.
        var dash = Path.Combine(Directory.GetCurrentDirectory(), "-");
        var existed = File.Exists(dash) || Directory.Exists(dash);
        var (exit, _, err) = CliHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("error E_USAGE: --", err, StringComparison.Ordinal);
        Assert.Contains("this option names a file or folder", err, StringComparison.Ordinal);
        Assert.Equal(existed, File.Exists(dash) || Directory.Exists(dash));
    }

    [Theory]
    [InlineData("Cannot parse argument 'x' for option '--ratio' as expected type 'System.Double'.", "--ratio: 'x' is not a number (write it like 12 or 0.5, with a point).")]
    [InlineData("Cannot parse argument '3000000000' for option '--workers' as expected type 'System.Int32'.", "--workers: 3000000000 is too large; the largest accepted value is 2147483647.")]
    [InlineData("Cannot parse argument 'x' for option '--d' as expected type 'System.Nullable`1[System.Decimal]'.", "--d: 'x' is not a number (write it like 12 or 0.5, with a point).")]
    [InlineData("Cannot parse argument 'x' for option '--when' as expected type 'System.DateTime'.", "--when: 'x' is not a valid value.")]
    [InlineData("Unrecognized command or argument '--threads'.", "Unrecognized command or argument '--threads'.")]
    [InlineData("Cannot parse argument 'lzma' for option '--log-compression' as expected type 'Allot.Segment1A.S7LogCompression'. Did you mean one of the following?\nNone\nZstd", "--log-compression: 'lzma' is not one of: none, zstd.")]
    public void ParserMessages_AreRewrittenOnlyWhenTheyNameAType(string parser, string expected) =>
        Assert.Equal(expected, UsageMessages.Rewrite(parser));
}
