using System.Reflection;
using System.Text.RegularExpressions;
using Allot.Apportion;
using Allot.Core.Apportionment;
using Allot.Core.Errors;
using Allot.Data.Csv;
using Allot.Data.Dictionary;
using Allot.Data.Publishing;
using Allot.Data.Tables;
using Allot.Retail.Errors;
using Allot.Segment1A;
using Allot.Segment1B;

namespace Allot.Cli.Tests.Errors;

/// <summary>The error catalogue is the one source of codes: constants, source literals and every doc table agree with it.</summary>
public sealed partial class ErrorCatalogueTests
{
    private const string Begin = "<!-- catalogue:begin -->";
    private const string End = "<!-- catalogue:end -->";

    private static readonly string[] DocFiles =
        ["docs/exit-codes.md", "docs/apportion.md", "docs/data-plane.md", "docs/segment1b-s4.md", "docs/segment1a-s7.md", "docs/retail.md", "docs/cluster.md"];

    [GeneratedRegex("^\\| `([A-Z0-9_]+)` \\| ([^|]+) \\|")]
    private static partial Regex TableRow();

    [GeneratedRegex("\"(E\\d*_[A-Z][A-Z0-9_]*)\"")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex("\\d+")]
    private static partial Regex Number();

    [GeneratedRegex("const string (\\w+) = \"([A-Z][A-Z0-9_]*)\"")]
    private static partial Regex CodeConstant();

    /// <summary>Rows of the error tables (tables whose header starts <c>| code | exit |</c>) of one doc.</summary>
    private static List<(string Code, string Exit, int Line)> ErrorTableRows(string doc)
    {
        var rows = new List<(string, string, int)>();
        var lines = File.ReadAllLines(Path.Combine(CliHarness.RepoRoot, doc));
        var inTable = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("| code | exit |", StringComparison.OrdinalIgnoreCase))
            {
                inTable = true;
                continue;
            }

            if (!lines[i].StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            var m = TableRow().Match(lines[i]);
            if (inTable && m.Success)
            {
                rows.Add((m.Groups[1].Value, m.Groups[2].Value.Trim(), i + 1));
            }
        }

        return rows;
    }

    [Fact]
    public void EveryCatalogueCode_IsInItsSystemsDocTable()
    {
        foreach (var e in ErrorCatalogue.All)
        {
            var doc = ErrorCatalogue.DocOf(e.System);
            Assert.True(ErrorTableRows(doc).Any(r => r.Code == e.Code), $"{e.Code} ({e.System}) is missing from the error table of {doc}");
        }
    }

    [Fact]
    public void EveryDocTableCode_IsCatalogued_WithTheSameExitCode()
    {
        foreach (var doc in DocFiles)
        {
            foreach (var (code, exit, line) in ErrorTableRows(doc))
            {
                Assert.True(ErrorCatalogue.Contains(code), $"{doc}:{line}: {code} is not in the error catalogue");
                var e = ErrorCatalogue.Get(code);
                var allowed = new[] { (int)e.Class, (int?)e.AlsoClass ?? (int)e.Class };
                var shown = Number().Matches(exit).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                Assert.True(shown.Contains((int)e.Class) && shown.All(allowed.Contains), $"{doc}:{line}: {code} shows exit '{exit}', the catalogue says {e.ExitText}");
            }
        }
    }

    [Fact]
    public void ExitCodesDoc_CodeTable_IsGeneratedFromTheCatalogue()
    {
        var path = Path.Combine(CliHarness.RepoRoot, "docs", "exit-codes.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var (b, e) = (text.IndexOf(Begin, StringComparison.Ordinal), text.IndexOf(End, StringComparison.Ordinal));
        Assert.True(b >= 0 && e > b, "exit-codes.md lost its catalogue markers");
        var expected = text[..(b + Begin.Length)] + "\n" + ErrorCatalogue.MarkdownTable() + text[e..];
        if (Environment.GetEnvironmentVariable("ALLOT_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(expected == text, "docs/exit-codes.md is out of date: run the Cli tests once with ALLOT_UPDATE_DOCS=1");
    }

    [Fact]
    public void EveryCodeLiteralInSource_IsCatalogued()
    {
        var src = Path.Combine(CliHarness.RepoRoot, "src");
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match m in CodeLiteral().Matches(File.ReadAllText(file)))
            {
                if (!ErrorCatalogue.Contains(m.Groups[1].Value))
                {
                    missing.Add($"{Path.GetRelativePath(src, file)}: {m.Groups[1].Value}");
                }
            }
        }

        Assert.True(missing.Count == 0, "codes used in src/ but not in the catalogue:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void EveryCatalogueCode_IsNamedByATest()
    {
        // "Test every code": each code appears in some test, as its literal or as a constant that holds it
        // (`ClusterErrors.BuildMismatch`). A test that names it is where the code is raised and checked.
        static IEnumerable<string> Sources(string folder) => Directory.EnumerateFiles(Path.Combine(CliHarness.RepoRoot, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var constants = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Sources("src"))
        {
            foreach (Match m in CodeConstant().Matches(File.ReadAllText(file)))
            {
                (constants.TryGetValue(m.Groups[2].Value, out var names) ? names : constants[m.Groups[2].Value] = []).Add(m.Groups[1].Value);
            }
        }

        var tests = string.Join('\n', Sources("tests").Select(File.ReadAllText));
        var unnamed = ErrorCatalogue.All
            .Where(e => !tests.Contains(e.Code, StringComparison.Ordinal)
                && !constants.GetValueOrDefault(e.Code, []).Any(name => Regex.IsMatch(tests, $"\\.{name}\\b")))
            .Select(e => e.Code)
            .ToList();
        Assert.True(unnamed.Count == 0, "catalogue codes no test names:\n" + string.Join("\n", unnamed));
    }

    public static TheoryData<Type, string> ConstantClasses => new()
    {
        { typeof(ApportionmentErrors), ErrorCatalogue.Systems.Core },
        { typeof(ApportionJobErrors), ErrorCatalogue.Systems.Apportion },
        { typeof(CsvCodes), ErrorCatalogue.Systems.Data },
        { typeof(PublishCodes), ErrorCatalogue.Systems.Data },
        { typeof(S4Codes), ErrorCatalogue.Systems.Segment1B },
        { typeof(S7Errors), ErrorCatalogue.Systems.Segment1A },
        { typeof(RetailErrorCodes), ErrorCatalogue.Systems.Retail },
    };

    [Theory]
    [MemberData(nameof(ConstantClasses))]
    public void SystemConstants_AreCatalogued_UnderTheirSystem(Type constants, string system)
    {
        var codes = constants.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.NotEmpty(codes);
        foreach (var code in codes)
        {
            Assert.True(ErrorCatalogue.Contains(code), $"{constants.Name}: {code} is not catalogued");
            Assert.Equal(system, ErrorCatalogue.Get(code).System);
        }
    }

    [Fact]
    public void DataPlaneCodeConstants_AreCatalogued()
    {
        foreach (var code in new[] { TableReader.UnreadableCode, TableReader.MissingColumnCode, DatasetDictionary.InvalidCode, PathToken.InvalidCode, CommandRunner.IoCode, CommandRunner.UsageCode })
        {
            Assert.True(ErrorCatalogue.Contains(code), code);
        }
    }

    [Fact]
    public void S7ClassOf_IsTheCatalogues()
    {
        foreach (var code in S7Errors.All)
        {
            Assert.Equal(ErrorCatalogue.ClassOf(code), S7Errors.ClassOf(code));
        }
    }

    [Fact]
    public void RetailFactories_RaiseTheCataloguedClass()
    {
        Assert.Equal(ErrorCatalogue.ClassOf(RetailErrorCodes.BadNumber), RetailErrorCodes.Input(RetailErrorCodes.BadNumber, "m").Error.Class);
        Assert.Equal(ErrorCatalogue.ClassOf(RetailErrorCodes.BadParameter), RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, "m").Error.Class);
        Assert.Equal(ErrorCatalogue.ClassOf(RetailErrorCodes.ValidationFailed), RetailErrorCodes.Validation("m").Error.Class);
    }

    [Fact]
    public void Codes_AreUnique_AndMeaningsAreOneLine()
    {
        Assert.Equal(ErrorCatalogue.All.Count, ErrorCatalogue.All.Select(e => e.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ErrorCatalogue.All, e => Assert.DoesNotContain('\n', e.Meaning));
    }

    [Fact]
    public void FailAs_KeepsTheCataloguedClass_UnlessTheRoleIsDeclared()
    {
        Assert.Equal(ErrorClass.Validation, ErrorCatalogue.FailAs(ErrorClass.Validation, S4Codes.SchemaInvalid, "m").Error.Class);
        Assert.Equal(ErrorClass.Input, ErrorCatalogue.FailAs(ErrorClass.Validation, S4Codes.RequirementsMissing, "m").Error.Class);
        Assert.Equal(ErrorClass.Internal, ErrorCatalogue.FailAs(ErrorClass.Internal, S4Codes.ShortfallMismatch, "m").Error.Class);
    }

    [Fact]
    public void StructuredLocation_IsKeptAndRendered()
    {
        var error = ErrorCatalogue.Fail(S4Codes.SchemaInvalid, "bad", new ErrorLocation("f.parquet", 2, 17, "n_sites", S4Keys.Pair(101, "GB"))).Error;
        Assert.Equal(2, error.Location.RowGroup);
        Assert.Equal("n_sites", error.Location.Column);
        Assert.Equal("101", error.Location.KeyField(S4Keys.MerchantId));
        Assert.Equal("E405_SCHEMA_INVALID: f.parquet row group 2 row 17 column n_sites: [merchant_id=101, legal_country_iso=GB] bad", error.ToString());
    }
}
