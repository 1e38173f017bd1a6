using Allot.Apportion;
using Allot.Core.Apportionment;

namespace Allot.Apportion.Tests;

public sealed class ApportionJobTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-job-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_IsByteIdentical_AcrossRuns_IncludingAudit()
    {
        var input = Path.Combine(_dir, "in.csv");
        File.WriteAllText(input, "g,unit,weight,cap,total\nA,x,0.5,3,10\nA,y,0.25,3,10\nA,z,0.25,3,10\nB,p,1,1,2\nB,q,1,1,2\n");
        ApportionSummary Run(string name) => ApportionJob.Run(new ApportionOptions
        {
            InputPath = input,
            OutputPath = Path.Combine(_dir, name + ".csv"),
            AuditPath = Path.Combine(_dir, name + ".json"),
            GroupColumn = "g",
            MaxColumn = "cap",
            Method = ApportionmentMethod.Proportional,
            OnInfeasible = InfeasiblePolicy.RelaxCaps,
        });
        var a = Run("a");
        var b = Run("b");
        Assert.Equal(a with { Output = "", Audit = "" }, b with { Output = "", Audit = "" });
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a.csv")), File.ReadAllBytes(Path.Combine(_dir, "b.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a.json")), File.ReadAllBytes(Path.Combine(_dir, "b.json")));

        using (var audit = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "a.json"))))
        {
            Assert.Equal("relax", audit.RootElement.GetProperty("on_infeasible").GetString()); // as on the command line
        }

        // Group A: 10 units under caps 3+3+3 → relax 1 unit onto x (top weight).
        Assert.Equal(1, a.RelaxedUnits);
        Assert.Equal(12, a.Allocated);
        Assert.Equal(12, a.Total);
        // Every input column passes through (issue #12), then the allocation.
        Assert.StartsWith("g,unit,weight,cap,total,allocation\nA,x,0.5,3,10,4\n", File.ReadAllText(Path.Combine(_dir, "a.csv")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hamilton", "remainder desc, then unit key ascending (ordinal), then row")]
    [InlineData("proportional", "remainder desc, then unit key ascending (ordinal), then row")]
    [InlineData("dhondt", "seat priority desc, then unit key ascending (ordinal), then row")]
    [InlineData("quota", "seat priority desc, then unit key ascending (ordinal), then row")]
    public void AuditHeader_NamesTheMethodsTieOrder_AndThePolicyAsGiven(string method, string tieOrder)
    {
        // A divisor method ranks seats by priority (weight / divisor), not by remainder; the policy reads as on the
        // command line (it said "Fail").
        var input = Path.Combine(_dir, "in.csv");
        File.WriteAllText(input, "unit,weight,total\nx,2,5\ny,1,5\n");
        ApportionJob.Run(new ApportionOptions { InputPath = input, OutputPath = Path.Combine(_dir, "o.csv"), AuditPath = Path.Combine(_dir, "a.json"), Method = ApportionmentMethod.TryParse(method, out var m) ? m : throw new ArgumentException(method) });
        using var audit = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "a.json")));
        Assert.Equal(tieOrder, audit.RootElement.GetProperty("tie_order").GetString());
        Assert.Equal("fail", audit.RootElement.GetProperty("on_infeasible").GetString());
    }

    [Fact]
    public void Audit_IsWrittenIntoItsFileAsItIsRendered_NotHeldWhole()
    {
        // Tried on 1 M units with D'Hondt: the JSON audit (2.5 GB, with the seat lists) was rendered into memory and
        // crashed with an OutOfMemoryException past 2 GB; a 740 MB one held 4.4 GB. The audit now goes straight into
        // its staging file. Measured here by what the run allocates beyond the same run without an audit: the old
        // way allocated at least twice the file (a growing buffer, then its copy).
        var input = Path.Combine(_dir, "big.csv");
        using (var w = new StreamWriter(input))
        {
            w.Write("g,unit,weight,total\n");
            for (var i = 0; i < 20_000; i++)
            {
                w.Write($"G{i / 100:D4},u{i % 100:D3},{(i * 7919 % 1000) + 1},{500}\n");
            }
        }

        long Allocated(string name, string? audit)
        {
            var options = new ApportionOptions { InputPath = input, OutputPath = Path.Combine(_dir, name + ".csv"), AuditPath = audit is null ? null : Path.Combine(_dir, audit), GroupColumn = "g", Method = ApportionmentMethod.DHondt, Workers = 1 };
            ApportionJob.Run(options with { OutputPath = Path.Combine(_dir, name + "-warm.csv"), AuditPath = audit is null ? null : Path.Combine(_dir, "warm-" + audit) });
            var before = GC.GetTotalAllocatedBytes(precise: true);
            ApportionJob.Run(options);
            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        var plain = Allocated("plain", null);
        var withAudit = Allocated("audited", "audit.json");
        var size = new FileInfo(Path.Combine(_dir, "audit.json")).Length;
        Assert.True(size > 10_000_000, $"audit of {size} bytes: too small to tell");
        Assert.True(withAudit - plain < size, $"the audit cost {withAudit - plain} bytes of allocation for a {size}-byte file");
    }

    [Fact]
    public void Run_TotalsFile_SuppliesGroupTotals()
    {
        var input = Path.Combine(_dir, "in.csv");
        var totals = Path.Combine(_dir, "totals.csv");
        File.WriteAllText(input, "g,unit,weight\nA,x,1\nA,y,3\nB,p,1\n");
        File.WriteAllText(totals, "g,total\nA,8\nB,3\n");
        var s = ApportionJob.Run(new ApportionOptions { InputPath = input, OutputPath = Path.Combine(_dir, "o.csv"), GroupColumn = "g", TotalsPath = totals });
        Assert.Equal(11, s.Allocated);
        Assert.Equal(["g,unit,weight,allocation", "A,x,1,2", "A,y,3,6", "B,p,1,3"], File.ReadAllLines(Path.Combine(_dir, "o.csv")));
    }

    [Fact]
    public void Run_InputDash_ReadsStandardInput()
    {
        var stdout = new StringWriter();
        var s = ApportionJob.Run(new ApportionOptions
        {
            InputPath = "-",
            OutputPath = "-",
            Stdin = new StringReader("unit,weight\nx,1\ny,3\n"),
            Stdout = stdout,
            Total = 8,
        });
        Assert.Equal(8, s.Allocated);
        Assert.Equal("unit,weight,allocation\nx,1,2\ny,3,6\n", stdout.ToString());
    }

    [Fact]
    public void Run_InputDash_ReadsTheBytes_SoANonUtf8PipeIsRefusedLikeTheSameFile_NamingStandardInput()
    {
        // Found at the border: `--input -` decoded standard input as text first, so a latin-1 "München" became
        // "M\uFFFDnchen" in the output with exit 0, where the same file by path is E_CSV_ENCODING; and errors named the
        // deleted temporary copy (/tmp/allot-stdin-….csv) instead of standard input.
        var latin1 = "unit,weight,total\nM"u8.ToArray().Concat(new byte[] { 0xFC }).Concat("nchen,1,3\nb,2,3\n"u8.ToArray()).ToArray();
        var e = Assert.Throws<Allot.Core.Errors.AllotException>(() => ApportionJob.Run(new ApportionOptions
        {
            InputPath = "-",
            OutputPath = Path.Combine(_dir, "o.csv"),
            StdinBytes = new MemoryStream(latin1),
        }));
        Assert.Equal("E_CSV_ENCODING", e.Code);
        Assert.Equal("-", e.Error.File);
        Assert.Equal(1, e.Error.Row);
        Assert.False(File.Exists(Path.Combine(_dir, "o.csv")));

        var bad = Assert.Throws<Allot.Core.Errors.AllotException>(() => ApportionJob.Run(new ApportionOptions
        {
            InputPath = "-",
            OutputPath = Path.Combine(_dir, "o.csv"),
            StdinBytes = new MemoryStream("unit,weight,total\na,x,3\n"u8.ToArray()),
        }));
        Assert.Equal("E_BAD_NUMBER", bad.Code);
        Assert.Equal("-", bad.Error.File);

        // A BOM on the pipe is skipped as in a file.
        var s = ApportionJob.Run(new ApportionOptions
        {
            InputPath = "-",
            OutputPath = Path.Combine(_dir, "o.csv"),
            StdinBytes = new MemoryStream([0xEF, 0xBB, 0xBF, .. "unit,weight,total\na,1,3\nb,2,3\n"u8.ToArray()]),
        });
        Assert.Equal(3, s.Allocated);
        Assert.Equal("unit,weight,total,allocation\na,1,3,1\nb,2,3,2\n", File.ReadAllText(Path.Combine(_dir, "o.csv")));
    }
}
