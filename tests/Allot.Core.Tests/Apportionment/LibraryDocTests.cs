using Allot.Core.Apportionment;
using Allot.Core.Errors;

namespace Allot.Core.Tests.Apportionment;

/// <summary>
/// Runs every snippet of docs/library.md (the same lines, then the results the comments promise), and checks that
/// every code line of the page appears in this file, so the page cannot drift from what is tested.
/// </summary>
public class LibraryDocTests
{
    [Fact]
    public void LibraryPageAndPackageReadme_EveryCodeLine_AppearsInThisTest()
    {
        var root = RepoRoot();
        var page = File.ReadAllLines(Path.Combine(root, "docs", "library.md")).Concat(File.ReadAllLines(Path.Combine(root, "src", "Allot.Core", "README.md")));
        var source = File.ReadAllText(Path.Combine(root, "tests", "Allot.Core.Tests", "Apportionment", "LibraryDocTests.cs"));
        var inCode = false;
        var checkedLines = 0;
        foreach (var raw in page)
        {
            if (raw.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            var comment = raw.IndexOf("//", StringComparison.Ordinal);
            var line = (comment >= 0 ? raw[..comment] : raw).Trim();
            if (inCode && line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal))
            {
                Assert.True(source.Contains(line, StringComparison.Ordinal), $"docs/library.md line not exercised by LibraryDocTests: {line}");
                checkedLines++;
            }
        }

        Assert.True(checkedLines >= 20, $"only {checkedLines} code lines found");
    }

    [Fact]
    public void Snippet_ApportionADictionary_InThreeLines()
    {
        var votes = new Dictionary<string, long> { ["A"] = 100_000, ["B"] = 80_000, ["C"] = 30_000, ["D"] = 20_000 };
        var seats = Apportion.ByKey(8, votes, ApportionmentMethod.DHondt);
        var line = string.Join(", ", seats.Allocation.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal("A=4, B=3, C=1, D=0", line);
        Assert.Equal("dhondt, total 8: A=4, B=3, C=1, D=0", seats.ToString());

        var quotaOfA = seats.AuditOf("A").Quota;
        Assert.Equal("80/23", quotaOfA.ToString());
        var a = seats.AuditOf("A");
        Assert.Equal(new ExactFraction(80, 23), a.Quota);
        Assert.Equal(80, a.Quota.Numerator);
        Assert.Equal(3, a.Floor);
        Assert.Equal(4, a.Allocation);
        Assert.Equal("A", a.Key);
        Assert.Equal("25000", a.LastSeatPriority!.Value.ToString());
        Assert.Equal("20000", a.NextSeatPriority!.Value.ToString());
        var order = seats.Audit!.Seats!.Select(s => seats.Keys[s.Unit]);
        Assert.Equal(["A", "B", "A", "B", "A", "C", "B", "A"], order);

        var custom = ApportionmentMethod.Divisors(DivisorSequence.FromDecimals([1.4m, 3, 5, 7, 9, 11, 13, 15], "msl"));
        var same = Apportion.ByKey(8, votes, custom);
        Assert.Equal(Apportion.ByKey(8, votes, ApportionmentMethod.ModifiedSainteLague).Allocation, same.Allocation);
    }

    [Fact]
    public void Snippet_Ties_BreakRefuseOrDraw()
    {
        var tied = new Dictionary<string, long> { ["X"] = 11, ["Y"] = 11, ["Z"] = 11 };
        var byOrder = Apportion.ByKey(4, tied, ApportionmentMethod.SainteLague);
        Assert.Equal(2, byOrder["X"]);
        Assert.Equal(["X"], byOrder.TiedWinners);
        Assert.Equal(["Y", "Z"], byOrder.TiedLosers);
        Assert.Equal("sainte-lague, total 4: X=2, Y=1, Z=1; tie: X won over Y, Z", byOrder.ToString());

        var error = Assert.Throws<AllotException>(() => Apportion.ByKey(4, tied, ApportionmentMethod.SainteLague, new() { OnTie = TiePolicyKind.Fail }));
        Assert.Equal("E_TIE_REQUIRES_LOTS", error.Code);
        Assert.Equal("sainte-lague: units X, Y, Z tie at priority 22/3 for 1 unit(s) — drawing of lots required.", error.Error.Message);

        var drawn = Apportion.ByKey(4, tied, ApportionmentMethod.SainteLague, new() { DrawnOrder = ["Z", "X", "Y"] });
        Assert.Equal(2, drawn["Z"]);
    }

    [Fact]
    public void Snippet_DecimalWeightsCapsAndNoBound()
    {
        var shares = new Dictionary<string, decimal> { ["north"] = 0.42m, ["south"] = 0.33m, ["east"] = 0.25m };
        var capped = Apportion.ByKey(100, shares, ApportionmentMethod.Proportional, new() { Caps = new Dictionary<string, long> { ["north"] = 40 } });
        Assert.Equal([40L, 34L, 26L], capped.Allocation.Values);
        var byIndex = Apportion.Units(100, ExactWeights.FromDecimals([0.42m, 0.33m, 0.25m]), ApportionmentMethod.Proportional, new() { Caps = [40, Bound.None, Bound.None] });
        Assert.Equal([40, 34, 26], byIndex.Allocation);
    }

    [Fact]
    public void Snippet_ElectoralThreshold()
    {
        var parties = new Dictionary<string, long> { ["P"] = 60, ["Q"] = 25, ["R"] = 10, ["S"] = 4, ["T"] = 1 };
        var council = Apportion.ByKey(10, parties, ApportionmentMethod.DHondt, new() { Threshold = ElectoralThreshold.Share(0.05m) });
        Assert.Equal([7L, 2L, 1L, 0L, 0L], council.Allocation.Values);
    }

    [Fact]
    public void Snippet_AnyTotal()
    {
        var towns = Enumerable.Range(1, 100_000).Select(i => new KeyValuePair<int, long>(i, i)).ToArray();
        var huge = Apportion.ByKey(1_000_000_000, towns, ApportionmentMethod.HuntingtonHill, new() { WithAudit = false });
        Assert.Equal(1_000_000_000, huge.Allocation.Values.Sum());
    }

    [Fact]
    public void Snippet_DoublesAreExactBinaryFractions()
    {
        var fromDoubles = Apportion.Units(10, ExactWeights.FromDoubles([0.1, 0.2, 0.7]), ApportionmentMethod.Hamilton);
        Assert.Equal("36028797018963970/36028797018963967", fromDoubles.Audit!.Units[0].Quota.ToString());
        var fromDecimals = Apportion.Units(10, ExactWeights.FromDecimals([0.1m, 0.2m, 0.7m]), ApportionmentMethod.Hamilton);
        Assert.Equal(new ExactFraction(1, 1), fromDecimals.Audit!.Units[0].Quota);
    }

    [Fact]
    public void ByKey_RepeatedKey_IsDuplicateUnit_AndErrorsNameTheKey()
    {
        KeyValuePair<string, long>[] pairs = [new("a", 1), new("a", 2)];
        var e = Assert.Throws<AllotException>(() => Apportion.ByKey(3, pairs, ApportionmentMethod.Hamilton));
        Assert.Equal(ApportionmentErrors.DuplicateKey, e.Code);

        var bad = Assert.Throws<AllotException>(() => Apportion.ByKey(3, new Dictionary<string, long> { ["x"] = 1, ["y"] = 1 }, ApportionmentMethod.DHondt, new() { Minimums = new Dictionary<string, long> { ["y"] = 5 }, Caps = new Dictionary<string, long> { ["y"] = 2 } }));
        Assert.Equal(ApportionmentErrors.InvalidBounds, bad.Code);
        Assert.Equal("y", bad.Error.Key);

        var lots = Assert.Throws<AllotException>(() => Apportion.ByKey(3, new Dictionary<string, long> { ["x"] = 1 }, ApportionmentMethod.DHondt, new() { DrawnOrder = ["nobody"] }));
        Assert.Equal(ApportionmentErrors.InvalidLots, lots.Code);
    }

    [Fact]
    public void Audit_IsPresentInInfeasibleOutcomes_WhenRequested()
    {
        var flagged = DivisorApportionment.Apportion(DivisorMethod.DHondt, 10, ExactWeights.FromIntegers([1UL, 1]), upper: [3, 3], policy: InfeasiblePolicy.Flag, withAudit: true);
        Assert.Equal(4, flagged.Missing);
        Assert.NotNull(flagged.Audit);
        Assert.Equal(4, flagged.Audit!.Missing);
        Assert.Equal(new ExactFraction(5, 1), flagged.Audit.Units[0].Quota);

        var proportional = BoundedApportionment.Proportional(1, ExactWeights.FromIntegers([1UL, 1]), [1, 1], default, default, InfeasiblePolicy.Flag, withAudit: true);
        Assert.Equal(1, proportional.Audit!.Overflow);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Allot.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (Allot.slnx) not found");
    }
}
